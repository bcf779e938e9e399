// AST expression -> executable expression: variables resolved to slots, functions looked
// up (unknown names and wrong arity are compile-time errors), aggregates lifted out.
#include <algorithm>

#include "cypher/exec/expr.h"
#include "cypher/functions/functions.h"
#include "cypher/parser/ast_printer.h"
#include "cypher/planner/planner.h"
#include "cypher/semantic/static_types.h"

namespace nexus::cypher::planner {

using ast::ErrorDetail;
using exec::ExprKind;
using exec::ExprPtr;
using exec::MakeExpr;
using semantic::CompileError;

namespace {

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool IsGraphFunction(const std::string& f) {
    return f == "id" || f == "elementid" || f == "labels" || f == "type" || f == "keys" ||
           f == "properties" || f == "startnode" || f == "endnode" || f == "nodes" ||
           f == "relationships" || f == "length" || f == "exists";
}

ExprPtr Binary(ExprKind kind, ExprPtr a, ExprPtr b, std::string op = {}) {
    std::vector<ExprPtr> kids;
    kids.push_back(std::move(a));
    kids.push_back(std::move(b));
    return MakeExpr(kind, std::move(kids), std::move(op));
}

ExprPtr BinaryFromAst(ast::BinaryOp op, ExprPtr a, ExprPtr b) {
    using B = ast::BinaryOp;
    switch (op) {
        case B::kOr:
            return Binary(ExprKind::kOr, std::move(a), std::move(b));
        case B::kXor:
            return Binary(ExprKind::kXor, std::move(a), std::move(b));
        case B::kAnd:
            return Binary(ExprKind::kAnd, std::move(a), std::move(b));
        case B::kEq:
            return Binary(ExprKind::kCompare, std::move(a), std::move(b), "=");
        case B::kNe:
            return Binary(ExprKind::kCompare, std::move(a), std::move(b), "<>");
        case B::kLt:
            return Binary(ExprKind::kCompare, std::move(a), std::move(b), "<");
        case B::kLe:
            return Binary(ExprKind::kCompare, std::move(a), std::move(b), "<=");
        case B::kGt:
            return Binary(ExprKind::kCompare, std::move(a), std::move(b), ">");
        case B::kGe:
            return Binary(ExprKind::kCompare, std::move(a), std::move(b), ">=");
        case B::kRegexMatch:
            return Binary(ExprKind::kRegex, std::move(a), std::move(b));
        case B::kStartsWith:
            return Binary(ExprKind::kStartsWith, std::move(a), std::move(b));
        case B::kEndsWith:
            return Binary(ExprKind::kEndsWith, std::move(a), std::move(b));
        case B::kContains:
            return Binary(ExprKind::kContains, std::move(a), std::move(b));
        case B::kIn:
            return Binary(ExprKind::kIn, std::move(a), std::move(b));
        case B::kAdd:
            return Binary(ExprKind::kArith, std::move(a), std::move(b), "+");
        case B::kSub:
            return Binary(ExprKind::kArith, std::move(a), std::move(b), "-");
        case B::kMul:
            return Binary(ExprKind::kArith, std::move(a), std::move(b), "*");
        case B::kDiv:
            return Binary(ExprKind::kArith, std::move(a), std::move(b), "/");
        case B::kMod:
            return Binary(ExprKind::kArith, std::move(a), std::move(b), "%");
        case B::kPow:
            return Binary(ExprKind::kArith, std::move(a), std::move(b), "^");
    }
    return nullptr;
}

}  // namespace

bool ContainsAggregate(const ast::Expression& e) {
    using K = ast::ExprKind;
    switch (e.kind) {
        case K::kFunctionCall: {
            const auto& f = e.As<ast::FunctionCall>();
            if (exec::IsAggregateFunction(Lower(f.name))) return true;
            for (const auto& a : f.args) {
                if (ContainsAggregate(*a)) return true;
            }
            return false;
        }
        case K::kProperty:
            return ContainsAggregate(*e.As<ast::PropertyAccess>().object);
        case K::kSubscript:
            return ContainsAggregate(*e.As<ast::Subscript>().object) ||
                   ContainsAggregate(*e.As<ast::Subscript>().index);
        case K::kUnary:
            return ContainsAggregate(*e.As<ast::Unary>().operand);
        case K::kBinary:
            return ContainsAggregate(*e.As<ast::Binary>().left) ||
                   ContainsAggregate(*e.As<ast::Binary>().right);
        case K::kIsNull:
            return ContainsAggregate(*e.As<ast::IsNull>().operand);
        case K::kList:
            for (const auto& x : e.As<ast::ListLiteral>().elements) {
                if (ContainsAggregate(*x)) return true;
            }
            return false;
        case K::kMap:
            for (const auto& x : e.As<ast::MapLiteral>().entries) {
                if (ContainsAggregate(*x.value)) return true;
            }
            return false;
        case K::kCase: {
            const auto& c = e.As<ast::Case>();
            if (c.test && ContainsAggregate(*c.test)) return true;
            if (c.otherwise && ContainsAggregate(*c.otherwise)) return true;
            for (const auto& a : c.alternatives) {
                if (ContainsAggregate(*a.when) || ContainsAggregate(*a.then)) return true;
            }
            return false;
        }
        case K::kSlice: {
            const auto& s = e.As<ast::Slice>();
            return ContainsAggregate(*s.object) || (s.from && ContainsAggregate(*s.from)) ||
                   (s.to && ContainsAggregate(*s.to));
        }
        case K::kMapProjection:
            for (const auto& i : e.As<ast::MapProjection>().items) {
                if (i.value && ContainsAggregate(*i.value)) return true;
            }
            return false;
        case K::kListComprehension:
            return ContainsAggregate(*e.As<ast::ListComprehension>().list);
        case K::kQuantifier:
            return ContainsAggregate(*e.As<ast::Quantifier>().list);
        case K::kReduce:
            return ContainsAggregate(*e.As<ast::Reduce>().init) ||
                   ContainsAggregate(*e.As<ast::Reduce>().list);
        default:
            return false;
    }
}

void CollectVariables(const ast::Expression& e, std::vector<std::string>* out) {
    using K = ast::ExprKind;
    switch (e.kind) {
        case K::kVariable:
            out->push_back(e.As<ast::Variable>().name);
            return;
        case K::kFunctionCall: {
            const auto& f = e.As<ast::FunctionCall>();
            if (exec::IsAggregateFunction(Lower(f.name))) return;
            for (const auto& a : f.args) CollectVariables(*a, out);
            return;
        }
        case K::kProperty:
            CollectVariables(*e.As<ast::PropertyAccess>().object, out);
            return;
        case K::kSubscript:
            CollectVariables(*e.As<ast::Subscript>().object, out);
            CollectVariables(*e.As<ast::Subscript>().index, out);
            return;
        case K::kUnary:
            CollectVariables(*e.As<ast::Unary>().operand, out);
            return;
        case K::kBinary:
            CollectVariables(*e.As<ast::Binary>().left, out);
            CollectVariables(*e.As<ast::Binary>().right, out);
            return;
        case K::kIsNull:
            CollectVariables(*e.As<ast::IsNull>().operand, out);
            return;
        case K::kList:
            for (const auto& x : e.As<ast::ListLiteral>().elements) CollectVariables(*x, out);
            return;
        case K::kMap:
            for (const auto& x : e.As<ast::MapLiteral>().entries) CollectVariables(*x.value, out);
            return;
        case K::kMapProjection:
            out->push_back(e.As<ast::MapProjection>().variable);
            return;
        default:
            return;
    }
}

Result<ExprPtr> Planner::Compile(const ast::Expression& e, std::vector<exec::AggregateSpec>* aggs) {
    using K = ast::ExprKind;
    if (!subst_.empty() && e.kind != K::kLiteral) {
        auto it = subst_.find(PrintExpression(e));
        if (it != subst_.end()) return exec::MakeSlot(it->second, it->first);
    }
    if (e.kind == K::kUnary || e.kind == K::kBinary || e.kind == K::kFunctionCall) {
        RETURN_IF_ERROR(semantic::CheckOperandTypes(e, scope_));
    }
    switch (e.kind) {
        case K::kLiteral:
            return exec::MakeLiteral(e.As<ast::Literal>().value);
        case K::kParameter: {
            auto p = MakeExpr(ExprKind::kParam, {}, e.As<ast::Parameter>().name);
            return p;
        }
        case K::kVariable: {
            const auto& name = e.As<ast::Variable>().name;
            const VarInfo* v = scope_.Find(name);
            if (v == nullptr) {
                return CompileError(ErrorDetail::kUndefinedVariable,
                                    "Variable `" + name + "` not defined", e.pos);
            }
            return exec::MakeSlot(v->slot, name);
        }
        case K::kProperty: {
            const auto& p = e.As<ast::PropertyAccess>();
            ASSIGN_OR_RETURN(ExprPtr obj, Compile(*p.object, aggs));
            std::vector<ExprPtr> kids;
            kids.push_back(std::move(obj));
            return MakeExpr(ExprKind::kProperty, std::move(kids), p.key);
        }
        case K::kSubscript: {
            const auto& s = e.As<ast::Subscript>();
            ASSIGN_OR_RETURN(ExprPtr obj, Compile(*s.object, aggs));
            ASSIGN_OR_RETURN(ExprPtr idx, Compile(*s.index, aggs));
            return Binary(ExprKind::kIndex, std::move(obj), std::move(idx));
        }
        case K::kSlice: {
            const auto& s = e.As<ast::Slice>();
            std::vector<ExprPtr> kids(3);
            ASSIGN_OR_RETURN(kids[0], Compile(*s.object, aggs));
            if (s.from) {
                ASSIGN_OR_RETURN(kids[1], Compile(*s.from, aggs));
            }
            if (s.to) {
                ASSIGN_OR_RETURN(kids[2], Compile(*s.to, aggs));
            }
            return MakeExpr(ExprKind::kSlice, std::move(kids));
        }
        case K::kUnary: {
            const auto& u = e.As<ast::Unary>();
            ASSIGN_OR_RETURN(ExprPtr x, Compile(*u.operand, aggs));
            if (u.op == ast::UnaryOp::kPlus) return x;
            std::vector<ExprPtr> kids;
            kids.push_back(std::move(x));
            return MakeExpr(u.op == ast::UnaryOp::kNot ? ExprKind::kNot : ExprKind::kNegate,
                            std::move(kids));
        }
        case K::kBinary: {
            const auto& b = e.As<ast::Binary>();
            ASSIGN_OR_RETURN(ExprPtr l, Compile(*b.left, aggs));
            ASSIGN_OR_RETURN(ExprPtr r, Compile(*b.right, aggs));
            return BinaryFromAst(b.op, std::move(l), std::move(r));
        }
        case K::kIsNull: {
            const auto& n = e.As<ast::IsNull>();
            ASSIGN_OR_RETURN(ExprPtr x, Compile(*n.operand, aggs));
            std::vector<ExprPtr> kids;
            kids.push_back(std::move(x));
            return MakeExpr(n.negated ? ExprKind::kIsNotNull : ExprKind::kIsNull, std::move(kids));
        }
        case K::kLabelCheck: {
            const auto& l = e.As<ast::LabelCheck>();
            ASSIGN_OR_RETURN(ExprPtr x, Compile(*l.operand, aggs));
            if (!l.any) {
                std::vector<ExprPtr> kids;
                kids.push_back(std::move(x));
                auto out = MakeExpr(ExprKind::kHasLabels, std::move(kids));
                out->names = l.labels;
                return out;
            }
            ExprPtr result;
            for (const auto& label : l.labels) {
                ASSIGN_OR_RETURN(ExprPtr operand, Compile(*l.operand, aggs));
                std::vector<ExprPtr> kids;
                kids.push_back(std::move(operand));
                auto one = MakeExpr(ExprKind::kHasLabels, std::move(kids));
                one->names = {label};
                result = result ? Binary(ExprKind::kOr, std::move(result), std::move(one))
                                : std::move(one);
            }
            return result;
        }
        case K::kFunctionCall:
            return CompileFunction(e.As<ast::FunctionCall>(), aggs);
        case K::kCase: {
            const auto& c = e.As<ast::Case>();
            std::vector<ExprPtr> kids;
            if (c.test) {
                ASSIGN_OR_RETURN(ExprPtr t, Compile(*c.test, aggs));
                kids.push_back(std::move(t));
            }
            for (const auto& alt : c.alternatives) {
                ASSIGN_OR_RETURN(ExprPtr w, Compile(*alt.when, aggs));
                ASSIGN_OR_RETURN(ExprPtr t, Compile(*alt.then, aggs));
                kids.push_back(std::move(w));
                kids.push_back(std::move(t));
            }
            if (c.otherwise) {
                ASSIGN_OR_RETURN(ExprPtr o, Compile(*c.otherwise, aggs));
                kids.push_back(std::move(o));
            }
            auto out = MakeExpr(ExprKind::kCase, std::move(kids));
            out->flag = c.test != nullptr;
            return out;
        }
        case K::kList: {
            std::vector<ExprPtr> kids;
            for (const auto& x : e.As<ast::ListLiteral>().elements) {
                ASSIGN_OR_RETURN(ExprPtr c, Compile(*x, aggs));
                kids.push_back(std::move(c));
            }
            return MakeExpr(ExprKind::kList, std::move(kids));
        }
        case K::kMap: {
            std::vector<ExprPtr> kids;
            std::vector<std::string> names;
            for (const auto& x : e.As<ast::MapLiteral>().entries) {
                ASSIGN_OR_RETURN(ExprPtr c, Compile(*x.value, aggs));
                kids.push_back(std::move(c));
                names.push_back(x.key);
            }
            auto out = MakeExpr(ExprKind::kMap, std::move(kids));
            out->names = std::move(names);
            return out;
        }
        case K::kMapProjection: {
            const auto& m = e.As<ast::MapProjection>();
            const VarInfo* v = scope_.Find(m.variable);
            if (v == nullptr) {
                return CompileError(ErrorDetail::kUndefinedVariable,
                                    "Variable `" + m.variable + "` not defined", e.pos);
            }
            std::vector<ExprPtr> kids;
            kids.push_back(exec::MakeSlot(v->slot, m.variable));
            auto out = MakeExpr(ExprKind::kMapProjection, std::move(kids));
            for (const auto& item : m.items) {
                exec::MapProjectionItem it;
                it.key = item.key;
                switch (item.kind) {
                    case ast::MapProjectionItemKind::kProperty:
                        it.kind = exec::MapProjectionItem::Kind::kProperty;
                        break;
                    case ast::MapProjectionItemKind::kAllProperties:
                        it.kind = exec::MapProjectionItem::Kind::kAllProperties;
                        break;
                    case ast::MapProjectionItemKind::kLiteral: {
                        it.kind = exec::MapProjectionItem::Kind::kLiteral;
                        ASSIGN_OR_RETURN(it.value, Compile(*item.value, aggs));
                        break;
                    }
                    case ast::MapProjectionItemKind::kVariable: {
                        it.kind = exec::MapProjectionItem::Kind::kVariable;
                        ast::Variable var(item.key, item.pos);
                        ASSIGN_OR_RETURN(it.value, Compile(var, aggs));
                        break;
                    }
                }
                out->items.push_back(std::move(it));
            }
            return out;
        }
        case K::kListComprehension: {
            const auto& c = e.As<ast::ListComprehension>();
            ASSIGN_OR_RETURN(ExprPtr list, Compile(*c.list, aggs));
            int slot = NewSlot();
            Scope saved = scope_;
            scope_.Bind(c.variable,
                        {slot, VarType::kAny,
                         static_cast<uint8_t>(semantic::ElementTypeOf(*c.list, saved))});
            std::vector<ExprPtr> kids(3);
            kids[0] = std::move(list);
            Status st;
            if (c.where) {
                auto r = Compile(*c.where, nullptr);
                if (!r.ok())
                    st = r.status();
                else
                    kids[1] = std::move(*r);
            }
            if (st.ok() && c.projection) {
                auto r = Compile(*c.projection, aggs);
                if (!r.ok())
                    st = r.status();
                else
                    kids[2] = std::move(*r);
            }
            scope_ = std::move(saved);
            RETURN_IF_ERROR(st);
            auto out = MakeExpr(ExprKind::kListComp, std::move(kids));
            out->slot = slot;
            return out;
        }
        case K::kQuantifier: {
            const auto& q = e.As<ast::Quantifier>();
            ASSIGN_OR_RETURN(ExprPtr list, Compile(*q.list, aggs));
            int slot = NewSlot();
            Scope saved = scope_;
            scope_.Bind(q.variable,
                        {slot, VarType::kAny,
                         static_cast<uint8_t>(semantic::ElementTypeOf(*q.list, saved))});
            std::vector<ExprPtr> kids(2);
            kids[0] = std::move(list);
            Status st;
            if (q.where) {
                auto r = Compile(*q.where, nullptr);
                if (!r.ok())
                    st = r.status();
                else
                    kids[1] = std::move(*r);
            }
            scope_ = std::move(saved);
            RETURN_IF_ERROR(st);
            static const char* kNames[] = {"all", "any", "none", "single"};
            auto out = MakeExpr(ExprKind::kQuantifier, std::move(kids),
                                kNames[static_cast<int>(q.quantifier)]);
            out->slot = slot;
            return out;
        }
        case K::kReduce: {
            const auto& r = e.As<ast::Reduce>();
            std::vector<ExprPtr> kids(3);
            ASSIGN_OR_RETURN(kids[0], Compile(*r.init, aggs));
            ASSIGN_OR_RETURN(kids[1], Compile(*r.list, aggs));
            int acc = NewSlot(), var = NewSlot();
            Scope saved = scope_;
            scope_.Bind(r.accumulator, {acc, VarType::kAny});
            scope_.Bind(r.variable, {var, VarType::kAny});
            auto body = Compile(*r.expression, nullptr);
            scope_ = std::move(saved);
            if (!body.ok()) return body.status();
            kids[2] = std::move(*body);
            auto out = MakeExpr(ExprKind::kReduce, std::move(kids));
            out->slot = acc;
            out->slot2 = var;
            return out;
        }
        case K::kPatternComprehension:
            return CompilePatternComprehension(e.As<ast::PatternComprehension>());
        case K::kSubquery:
            return CompileSubquery(e.As<ast::SubqueryExpr>());
        case K::kPatternPredicate:
            return CompilePatternPredicate(e.As<ast::PatternPredicate>().pattern);
    }
    return Status(StatusCode::kInternal, "unknown expression kind");
}

Result<ExprPtr> Planner::CompileFunction(const ast::FunctionCall& f,
                                         std::vector<exec::AggregateSpec>* aggs) {
    std::string name = Lower(f.name);
    if (exec::IsAggregateFunction(name)) {
        if (aggs == nullptr) {
            for (const auto& a : f.args) RETURN_IF_ERROR(Compile(*a).status());
            return CompileError(
                ErrorDetail::kInvalidAggregation,
                "Invalid use of aggregating function " + f.name + "(...) in this context", f.pos);
        }
        if (in_aggregate_) {
            return CompileError(ErrorDetail::kNestedAggregation,
                                "Can't use aggregate functions inside of aggregate functions.",
                                f.pos);
        }
        size_t want = (name == "percentilecont" || name == "percentiledisc") ? 2 : 1;
        if (!(f.star && name == "count") && f.args.size() != want) {
            return CompileError(ErrorDetail::kInvalidNumberOfArguments,
                                "Insufficient parameters for function '" + f.name + "'", f.pos);
        }
        for (const auto& a : f.args) {
            if (a->kind == ast::ExprKind::kFunctionCall &&
                Lower(a->As<ast::FunctionCall>().name) == "rand") {
                return CompileError(ErrorDetail::kNonConstantExpression,
                                    "Can't use non-deterministic (random) functions inside of "
                                    "aggregate functions.",
                                    a->pos);
            }
        }
        exec::AggregateSpec spec;
        spec.function = name;
        spec.distinct = f.distinct;
        in_aggregate_ = true;
        for (const auto& a : f.args) {
            auto c = Compile(*a, aggs);
            if (!c.ok()) {
                in_aggregate_ = false;
                return c.status();
            }
            spec.args.push_back(std::move(*c));
        }
        in_aggregate_ = false;
        spec.slot = NewSlot();
        int slot = spec.slot;
        aggs->push_back(std::move(spec));
        return exec::MakeSlot(slot, f.name + "(...)");
    }
    if (name == "exists" && f.args.size() == 1 &&
        f.args[0]->kind == ast::ExprKind::kPatternPredicate) {
        return CompilePatternPredicate(f.args[0]->As<ast::PatternPredicate>().pattern);
    }
    std::vector<ExprPtr> kids;
    for (const auto& a : f.args) {
        ASSIGN_OR_RETURN(ExprPtr c, Compile(*a, aggs));
        kids.push_back(std::move(c));
    }
    if (IsGraphFunction(name)) {
        if (kids.size() != 1) {
            return CompileError(ErrorDetail::kInvalidNumberOfArguments,
                                "Function " + f.name + "() takes exactly one argument", f.pos);
        }
        if (name == "exists" && f.args[0]->kind != ast::ExprKind::kProperty &&
            f.args[0]->kind != ast::ExprKind::kSubscript) {
            return CompileError(ErrorDetail::kInvalidArgumentType,
                                "Argument to exists(...) is not a property or pattern", f.pos);
        }
        return MakeExpr(ExprKind::kGraphFunction, std::move(kids), name);
    }
    const FunctionInfo* info = FindFunction(name);
    if (info == nullptr) {
        return CompileError(ErrorDetail::kUnknownFunction, "Unknown function '" + f.name + "'",
                            f.pos);
    }
    int n = static_cast<int>(kids.size());
    if (n < info->min_args || (info->max_args >= 0 && n > info->max_args)) {
        return CompileError(ErrorDetail::kInvalidNumberOfArguments,
                            "Wrong number of arguments for function '" + f.name + "'", f.pos);
    }
    auto out = MakeExpr(ExprKind::kFunction, std::move(kids), name);
    out->fn = info;
    return out;
}

}  // namespace nexus::cypher::planner
