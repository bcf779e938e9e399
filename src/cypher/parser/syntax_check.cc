// A walk over the AST that carries one bit of context: whether the current expression sits
// where a predicate is expected (a WHERE, possibly under AND / OR / XOR / NOT, or exists()).
#include "cypher/parser/syntax_check.h"

#include <strings.h>

#include <set>
#include <string>

#include "cypher/parser/aggregation_check.h"

namespace nexus::cypher {
namespace {

using namespace ast;  // NOLINT: a .cc file that walks every AST type

class Checker {
  public:
    Status Query(const ast::Query& q) {
        for (const auto& part : q.parts) {
            for (const auto& clause : part.clauses) {
                if (clause->Is<CallProcedure>() && clause->As<CallProcedure>().yield_star &&
                    part.clauses.size() > 1) {
                    return Fail(clause->pos, "YIELD * is only allowed in a standalone CALL");
                }
                RETURN_IF_ERROR(Clause(*clause));
            }
        }
        return Status::Ok();
    }

    Status Expr(const ExprPtr& e, bool predicate) { return e ? Expr(*e, predicate) : Status::Ok(); }
    Status Expr(const Expression& e, bool predicate);
    Status Compound(const Expression& e);
    Status Pattern(const ast::Pattern& p) {
        for (const auto& part : p.parts) RETURN_IF_ERROR(Part(part));
        return Status::Ok();
    }
    Status Part(const PatternPart& p) {
        for (const auto& n : p.nodes) {
            RETURN_IF_ERROR(Expr(n.properties, false));
            RETURN_IF_ERROR(Expr(n.where, true));
        }
        for (const auto& r : p.relationships) {
            RETURN_IF_ERROR(Expr(r.properties, false));
            RETURN_IF_ERROR(Expr(r.where, true));
        }
        return Status::Ok();
    }
    Status Clause(const ast::Clause& c);
    Status Projection(const ProjectionBody& body) {
        RETURN_IF_ERROR(CheckAggregationGrouping(body));
        for (const auto& item : body.items) RETURN_IF_ERROR(Expr(item.expression, false));
        for (const auto& item : body.order_by) RETURN_IF_ERROR(Expr(item.expression, false));
        RETURN_IF_ERROR(Expr(body.skip, false));
        return Expr(body.limit, false);
    }
    Status SetItems(const std::vector<SetItem>& items) {
        for (const auto& item : items) {
            RETURN_IF_ERROR(Expr(item.target, false));
            RETURN_IF_ERROR(Expr(item.value, false));
        }
        return Status::Ok();
    }

  private:
    // One MATCH may not name a relationship twice: it could never match (relationships are
    // unique within a pattern), so Neo4j rejects it.
    static Status UniqueRelationshipVariables(const ast::Pattern& p) {
        std::set<std::string> seen;
        for (const auto& part : p.parts) {
            for (const auto& r : part.relationships) {
                if (r.variable.empty() || seen.insert(r.variable).second) continue;
                return MakeError(StatusCode::kSyntaxError,
                                 ErrorDetail::kRelationshipUniquenessViolation,
                                 "Cannot use the same relationship variable '" + r.variable +
                                     "' for multiple relationships",
                                 r.pos);
            }
        }
        return Status::Ok();
    }

    static Status Fail(SourcePosition pos, std::string_view message) {
        return MakeError(StatusCode::kSyntaxError, ErrorDetail::kUnexpectedSyntax, message, pos);
    }
};

Status Checker::Expr(const Expression& e, bool predicate) {
    switch (e.kind) {
        case ExprKind::kLiteral:
        case ExprKind::kParameter:
        case ExprKind::kVariable:
            return Status::Ok();
        case ExprKind::kProperty:
            return Expr(e.As<PropertyAccess>().object, false);
        case ExprKind::kSubscript:
            RETURN_IF_ERROR(Expr(e.As<Subscript>().object, false));
            return Expr(e.As<Subscript>().index, false);
        case ExprKind::kSlice: {
            const auto& s = e.As<Slice>();
            RETURN_IF_ERROR(Expr(s.object, false));
            RETURN_IF_ERROR(Expr(s.from, false));
            return Expr(s.to, false);
        }
        case ExprKind::kUnary: {
            const auto& u = e.As<Unary>();
            return Expr(u.operand, predicate && u.op == UnaryOp::kNot);
        }
        case ExprKind::kBinary: {
            const auto& b = e.As<Binary>();
            bool boolean =
                b.op == BinaryOp::kAnd || b.op == BinaryOp::kOr || b.op == BinaryOp::kXor;
            RETURN_IF_ERROR(Expr(b.left, predicate && boolean));
            return Expr(b.right, predicate && boolean);
        }
        case ExprKind::kIsNull:
            return Expr(e.As<IsNull>().operand, false);
        case ExprKind::kLabelCheck:
            return Expr(e.As<LabelCheck>().operand, false);
        case ExprKind::kFunctionCall: {
            const auto& f = e.As<FunctionCall>();
            bool exists = strcasecmp(f.name.c_str(), "exists") == 0;
            for (const auto& arg : f.args) RETURN_IF_ERROR(Expr(arg, exists));
            return Status::Ok();
        }
        case ExprKind::kCase:
        case ExprKind::kList:
        case ExprKind::kMap:
        case ExprKind::kMapProjection:
        case ExprKind::kListComprehension:
        case ExprKind::kPatternComprehension:
        case ExprKind::kQuantifier:
        case ExprKind::kReduce:
        case ExprKind::kSubquery:
            return Compound(e);
        case ExprKind::kPatternPredicate: {
            const auto& p = e.As<PatternPredicate>();
            if (!predicate && p.pattern.function == PathFunction::kNone) {
                return Fail(e.pos,
                            "a pattern expression is only allowed where a predicate is "
                            "expected; use EXISTS { ... }, COUNT { ... } or a pattern "
                            "comprehension");
            }
            return Part(p.pattern);
        }
    }
    return Status::Ok();
}

// Expressions that contain others: only WHERE parts and generic CASE conditions are
// predicate positions.
Status Checker::Compound(const Expression& e) {
    switch (e.kind) {
        case ExprKind::kCase: {
            const auto& c = e.As<Case>();
            RETURN_IF_ERROR(Expr(c.test, false));
            for (const auto& alt : c.alternatives) {
                RETURN_IF_ERROR(Expr(alt.when, !c.test));
                RETURN_IF_ERROR(Expr(alt.then, false));
            }
            return Expr(c.otherwise, false);
        }
        case ExprKind::kList:
            for (const auto& el : e.As<ListLiteral>().elements) RETURN_IF_ERROR(Expr(el, false));
            return Status::Ok();
        case ExprKind::kMap:
            for (const auto& entry : e.As<MapLiteral>().entries) {
                RETURN_IF_ERROR(Expr(entry.value, false));
            }
            return Status::Ok();
        case ExprKind::kMapProjection:
            for (const auto& item : e.As<MapProjection>().items) {
                RETURN_IF_ERROR(Expr(item.value, false));
            }
            return Status::Ok();
        case ExprKind::kListComprehension: {
            const auto& c = e.As<ListComprehension>();
            RETURN_IF_ERROR(Expr(c.list, false));
            RETURN_IF_ERROR(Expr(c.where, true));
            return Expr(c.projection, false);
        }
        case ExprKind::kPatternComprehension: {
            const auto& c = e.As<PatternComprehension>();
            RETURN_IF_ERROR(Part(c.pattern));
            RETURN_IF_ERROR(Expr(c.where, true));
            return Expr(c.projection, false);
        }
        case ExprKind::kQuantifier: {
            const auto& q = e.As<Quantifier>();
            RETURN_IF_ERROR(Expr(q.list, false));
            return Expr(q.where, true);
        }
        case ExprKind::kReduce: {
            const auto& r = e.As<Reduce>();
            RETURN_IF_ERROR(Expr(r.init, false));
            RETURN_IF_ERROR(Expr(r.list, false));
            return Expr(r.expression, false);
        }
        case ExprKind::kSubquery: {
            const auto& s = e.As<SubqueryExpr>();
            if (s.query) return Query(*s.query);
            if (s.pattern) RETURN_IF_ERROR(Pattern(*s.pattern));
            return Expr(s.where, true);
        }
        default:
            return Status::Ok();
    }
}

Status Checker::Clause(const ast::Clause& c) {
    switch (c.kind) {
        case ClauseKind::kMatch:
            RETURN_IF_ERROR(UniqueRelationshipVariables(c.As<Match>().pattern));
            RETURN_IF_ERROR(Pattern(c.As<Match>().pattern));
            return Expr(c.As<Match>().where, true);
        case ClauseKind::kUnwind:
            return Expr(c.As<Unwind>().list, false);
        case ClauseKind::kWith:
            RETURN_IF_ERROR(Projection(c.As<With>().body));
            return Expr(c.As<With>().where, true);
        case ClauseKind::kReturn:
            return Projection(c.As<Return>().body);
        case ClauseKind::kCreate:
            return Pattern(c.As<Create>().pattern);
        case ClauseKind::kMerge: {
            const auto& m = c.As<Merge>();
            RETURN_IF_ERROR(Part(m.pattern));
            RETURN_IF_ERROR(SetItems(m.on_create));
            return SetItems(m.on_match);
        }
        case ClauseKind::kSet:
            return SetItems(c.As<Set>().items);
        case ClauseKind::kRemove:
            for (const auto& item : c.As<Remove>().items) RETURN_IF_ERROR(Expr(item.target, false));
            return Status::Ok();
        case ClauseKind::kDelete:
            for (const auto& t : c.As<Delete>().targets) RETURN_IF_ERROR(Expr(t, false));
            return Status::Ok();
        case ClauseKind::kForeach: {
            const auto& f = c.As<Foreach>();
            RETURN_IF_ERROR(Expr(f.list, false));
            for (const auto& inner : f.clauses) {
                // Only updating clauses may run per element (Neo4j rejects the rest).
                if (inner->kind < ClauseKind::kCreate || inner->kind > ClauseKind::kForeach) {
                    return Fail(inner->pos,
                                "Invalid use of a reading or projecting clause inside FOREACH: "
                                "only CREATE, MERGE, SET, REMOVE, DELETE and FOREACH are allowed");
                }
                RETURN_IF_ERROR(Clause(*inner));
            }
            return Status::Ok();
        }
        case ClauseKind::kCallSubquery: {
            const auto& s = c.As<CallSubquery>();
            RETURN_IF_ERROR(Query(*s.query));
            return Expr(s.rows_per_transaction, false);
        }
        case ClauseKind::kCallProcedure: {
            const auto& p = c.As<CallProcedure>();
            for (const auto& arg : p.args) RETURN_IF_ERROR(Expr(arg, false));
            return Expr(p.where, true);
        }
    }
    return Status::Ok();
}

}  // namespace

Status CheckSyntax(const ast::Statement& statement) {
    Checker checker;
    switch (statement.kind) {
        case StatementKind::kQuery:
            return checker.Query(statement.As<QueryStatement>().query);
        case StatementKind::kShowIndexes:
        case StatementKind::kShowConstraints: {
            const auto& show = statement.As<ShowSchema>();
            RETURN_IF_ERROR(checker.Expr(show.where, true));
            if (show.ret) RETURN_IF_ERROR(checker.Clause(*show.ret));
            return Status::Ok();
        }
        default:
            return Status::Ok();
    }
}

}  // namespace nexus::cypher
