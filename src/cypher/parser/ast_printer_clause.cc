// The AST printer for clauses, queries and statements (schema commands included).
#include "cypher/parser/ast_printer_impl.h"

namespace nexus::cypher::printer_internal {

using namespace ast;  // NOLINT: a .cc file that touches every AST type

void Printer::Clause(const ast::Clause& c) {
    switch (c.kind) {
        case ClauseKind::kMatch: {
            const auto& m = c.As<Match>();
            out += m.optional ? "OPTIONAL MATCH " : "MATCH ";
            Pattern(m.pattern);
            for (const auto& hint : m.hints) HintText(hint);
            if (m.where) {
                out += " WHERE ";
                Expr(*m.where);
            }
            return;
        }
        case ClauseKind::kUnwind: {
            const auto& u = c.As<Unwind>();
            out += "UNWIND ";
            Expr(*u.list);
            out += " AS " + QuoteName(u.variable);
            return;
        }
        case ClauseKind::kWith: {
            const auto& w = c.As<With>();
            out += "WITH ";
            Projection(w.body);
            if (w.where) {
                out += " WHERE ";
                Expr(*w.where);
            }
            return;
        }
        case ClauseKind::kReturn:
            out += "RETURN ";
            Projection(c.As<Return>().body);
            return;
        case ClauseKind::kCreate:
            out += "CREATE ";
            Pattern(c.As<Create>().pattern);
            return;
        case ClauseKind::kMerge:
        case ClauseKind::kSet:
        case ClauseKind::kRemove:
        case ClauseKind::kDelete:
        case ClauseKind::kForeach:
            return UpdatingClause(c);
        case ClauseKind::kCallSubquery:
        case ClauseKind::kCallProcedure:
            return CallClause(c);
    }
}

void Printer::HintText(const Hint& hint) {
    if (hint.kind == HintKind::kJoin) {
        out += " USING JOIN ON ";
        for (size_t i = 0; i < hint.join_variables.size(); ++i) {
            out += (i ? ", " : "") + QuoteName(hint.join_variables[i]);
        }
        return;
    }
    out += hint.kind == HintKind::kScan        ? " USING SCAN "
           : hint.kind == HintKind::kIndexSeek ? " USING INDEX SEEK "
                                               : " USING INDEX ";
    out += QuoteName(hint.variable) + ":" + QuoteName(hint.label);
    if (hint.kind == HintKind::kScan) return;
    out += "(";
    for (size_t i = 0; i < hint.properties.size(); ++i) {
        out += (i ? ", " : "") + QuoteName(hint.properties[i]);
    }
    out += ")";
}

void Printer::UpdatingClause(const ast::Clause& c) {
    switch (c.kind) {
        case ClauseKind::kMerge: {
            const auto& m = c.As<Merge>();
            out += "MERGE ";
            Part(m.pattern);
            if (!m.on_create.empty()) {
                out += " ON CREATE SET ";
                SetItems(m.on_create);
            }
            if (!m.on_match.empty()) {
                out += " ON MATCH SET ";
                SetItems(m.on_match);
            }
            return;
        }
        case ClauseKind::kSet:
            out += "SET ";
            SetItems(c.As<Set>().items);
            return;
        case ClauseKind::kRemove: {
            out += "REMOVE ";
            const auto& items = c.As<Remove>().items;
            for (size_t i = 0; i < items.size(); ++i) {
                if (i) out += ", ";
                Expr(*items[i].target, kPrecPostfix);
                if (items[i].kind == RemoveItemKind::kLabels) Labels(items[i].labels);
            }
            return;
        }
        case ClauseKind::kDelete: {
            const auto& d = c.As<Delete>();
            out += d.detach ? "DETACH DELETE " : "DELETE ";
            ExprList(d.targets);
            return;
        }
        case ClauseKind::kForeach: {
            const auto& f = c.As<Foreach>();
            out += "FOREACH (" + QuoteName(f.variable) + " IN ";
            Expr(*f.list);
            out += " |";
            for (const auto& inner : f.clauses) {
                out += " ";
                Clause(*inner);
            }
            out += ")";
            return;
        }
        default:
            return;
    }
}

void Printer::CallClause(const ast::Clause& c) {
    switch (c.kind) {
        case ClauseKind::kCallSubquery: {
            const auto& s = c.As<CallSubquery>();
            out += "CALL ";
            if (s.import_variables) {
                out += "(";
                if (s.import_all) out += "*";
                for (size_t i = 0; i < s.import_variables->size(); ++i) {
                    if (i) out += ", ";
                    out += QuoteName((*s.import_variables)[i]);
                }
                out += ") ";
            }
            out += "{ ";
            Query(*s.query);
            out += " }";
            if (s.in_transactions) {
                out += " IN TRANSACTIONS";
                if (s.rows_per_transaction) {
                    out += " OF ";
                    Expr(*s.rows_per_transaction);
                    out += " ROWS";
                }
            }
            return;
        }
        case ClauseKind::kCallProcedure: {
            const auto& p = c.As<CallProcedure>();
            out += "CALL " + p.name;
            if (p.explicit_args) {
                out += "(";
                ExprList(p.args);
                out += ")";
            }
            if (p.has_yield) Yields(p.yield_star, p.yields);
            if (p.where) {
                out += " WHERE ";
                Expr(*p.where);
            }
            return;
        }
        default:
            return;
    }
}

void Printer::Target(const SchemaTarget& t, const char* keyword_between) {
    if (t.relationship) {
        out += "()-[" + QuoteName(t.variable) + ":" + QuoteName(t.label) + "]-()";
    } else {
        out += "(" + QuoteName(t.variable);
        if (!t.label.empty()) out += ":" + QuoteName(t.label);
        out += ")";
    }
    out += keyword_between;
    out += "(";
    for (size_t i = 0; i < t.properties.size(); ++i) {
        if (i) out += ", ";
        out += QuoteName(t.variable) + "." + QuoteName(t.properties[i]);
    }
    out += ")";
}

void Printer::CreateIndexStatement(const CreateIndex& c) {
    static constexpr const char* kTypes[] = {"RANGE",  "TEXT",     "POINT",
                                             "LOOKUP", "FULLTEXT", "VECTOR"};
    out += "CREATE ";
    out += kTypes[static_cast<int>(c.type)];
    out += " INDEX ";
    if (!c.name.empty()) out += QuoteName(c.name) + " ";
    if (c.if_not_exists) out += "IF NOT EXISTS ";
    if (c.target.variable.empty()) {  // old-style ON :L(a)
        out += "ON :" + QuoteName(c.target.label) + "(";
        for (size_t i = 0; i < c.target.properties.size(); ++i) {
            out += (i ? ", " : "") + QuoteName(c.target.properties[i]);
        }
        out += ")";
    } else {
        out += "FOR ";
        Target(c.target, " ON ");
    }
    if (c.options) {
        out += " OPTIONS ";
        Expr(*c.options);
    }
}

void Printer::CreateConstraintStatement(const CreateConstraint& c) {
    out += "CREATE CONSTRAINT ";
    if (!c.name.empty()) out += QuoteName(c.name) + " ";
    if (c.if_not_exists) out += "IF NOT EXISTS ";
    out += "FOR ";
    Target(c.target, " REQUIRE ");
    switch (c.constraint) {
        case ConstraintKind::kUnique:
            out += " IS UNIQUE";
            break;
        case ConstraintKind::kNotNull:
            out += " IS NOT NULL";
            break;
        case ConstraintKind::kNodeKey:
            out += " IS NODE KEY";
            break;
        case ConstraintKind::kPropertyType:
            out += " IS :: " + c.property_type;
            break;
    }
    if (c.options) {
        out += " OPTIONS ";
        Expr(*c.options);
    }
}

void Printer::ShowStatement(const ShowSchema& show) {
    out += "SHOW ";
    if (!show.filter.empty()) out += show.filter + " ";
    out += show.kind == StatementKind::kShowIndexes ? "INDEXES" : "CONSTRAINTS";
    if (show.has_yield) {
        Yields(show.yield_star, show.yields);
        OrderSkipLimit(show.order_by, show.skip, show.limit);
    }
    if (show.where) {
        out += " WHERE ";
        Expr(*show.where);
    }
    if (show.ret) {
        out += " ";
        Clause(*show.ret);
    }
}

void Printer::Statement(const ast::Statement& s) {
    if (s.explain == ExplainMode::kExplain) out += "EXPLAIN ";
    if (s.explain == ExplainMode::kProfile) out += "PROFILE ";
    switch (s.kind) {
        case StatementKind::kQuery:
            Query(s.As<QueryStatement>().query);
            return;
        case StatementKind::kCreateIndex:
            return CreateIndexStatement(s.As<CreateIndex>());
        case StatementKind::kDropIndex: {
            const auto& d = s.As<DropIndex>();
            out += "DROP INDEX ";
            if (d.target) {
                out += "ON :" + QuoteName(d.target->label) + "(";
                for (size_t i = 0; i < d.target->properties.size(); ++i) {
                    out += (i ? ", " : "") + QuoteName(d.target->properties[i]);
                }
                out += ")";
                return;
            }
            out += QuoteName(d.name);
            if (d.if_exists) out += " IF EXISTS";
            return;
        }
        case StatementKind::kCreateConstraint:
            return CreateConstraintStatement(s.As<CreateConstraint>());
        case StatementKind::kDropConstraint: {
            const auto& d = s.As<DropConstraint>();
            out += "DROP CONSTRAINT " + QuoteName(d.name);
            if (d.if_exists) out += " IF EXISTS";
            return;
        }
        case StatementKind::kShowIndexes:
        case StatementKind::kShowConstraints:
            return ShowStatement(s.As<ShowSchema>());
    }
}

}  // namespace nexus::cypher::printer_internal
