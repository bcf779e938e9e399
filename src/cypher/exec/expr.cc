// The expression evaluator: operators, literals, CASE, indexing and scalar functions.
// Graph functions, list forms, subqueries and paths are in expr_graph.cc / expr_list.cc.
#include "cypher/exec/expr.h"

#include <optional>
#include <regex>

#include "cypher/exec/entity.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

const Value kNullValue;

// The value a slot expression reads, by reference (null past the row's end); nullptr for
// any other expression.
const Value* SlotOrNull(const Expr& e, const Row& row) {
    if (e.kind != ExprKind::kSlot) return nullptr;
    return static_cast<size_t>(e.slot) < row.size() ? &row[e.slot] : &kNullValue;
}

Status TypeMismatch(const std::string& what, const Value& v) {
    return Status(StatusCode::kTypeError,
                  "Type mismatch: expected " + what + " but was " + ValueKindName(v.kind()));
}

Result<Tri> EvalTri(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value v, e.Eval(row, ctx));
    if (v.is_null()) return Tri::kNull;
    if (!v.is_bool()) return TypeMismatch("Boolean", v);
    return ToTri(v.as_bool());
}

Result<Value> EvalLogic(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Tri a, EvalTri(*e.kids[0], row, ctx));
    if (e.kind == ExprKind::kNot) return FromTri(TriNot(a));
    ASSIGN_OR_RETURN(Tri b, EvalTri(*e.kids[1], row, ctx));
    switch (e.kind) {
        case ExprKind::kAnd:
            return FromTri(TriAnd(a, b));
        case ExprKind::kOr:
            return FromTri(TriOr(a, b));
        default:
            return FromTri(TriXor(a, b));
    }
}

Result<Value> EvalCompare(const std::string& op, const Value& a, const Value& b) {
    if (op == "=") return FromTri(Equals(a, b));
    if (op == "<>") return FromTri(TriNot(Equals(a, b)));
    std::optional<int> c = Compare(a, b);
    if (!c) {
        // NaN is comparable to numbers: every ordering comparison with it is false.
        if (a.is_number() && b.is_number()) return Value(false);
        return Value();
    }
    if (op == "<") return Value(*c < 0);
    if (op == "<=") return Value(*c <= 0);
    if (op == ">") return Value(*c > 0);
    return Value(*c >= 0);
}

Result<Value> EvalArith(const std::string& op, const Value& a, const Value& b) {
    switch (op[0]) {
        case '+':
            return Add(a, b);
        case '-':
            return Subtract(a, b);
        case '*':
            return Multiply(a, b);
        case '/':
            return Divide(a, b);
        case '%':
            return Modulo(a, b);
        default:
            return Power(a, b);
    }
}

Result<Value> EvalIn(const Value& x, const Value& list) {
    if (list.is_null()) return Value();
    if (!list.is_list()) return TypeMismatch("List", list);
    bool saw_null = false;
    for (const Value& e : list.as_list()) {
        Tri t = Equals(x, e);
        if (t == Tri::kTrue) return Value(true);
        if (t == Tri::kNull) saw_null = true;
    }
    return saw_null ? Value() : Value(false);
}

// Cypher regexes are Java regexes. std::regex (ECMAScript) has no inline flags, so the
// leading group Neo4j users write most, (?i) (?s) (?m) and combinations such as (?is), becomes
// syntax options; (?s) (dot matches newlines) rewrites each unescaped '.' outside a class.
Result<std::regex> CompileCypherRegex(const std::string& pattern) {
    auto flags = std::regex::ECMAScript;
    std::string_view body = pattern;
    bool dotall = false;
    if (body.size() > 3 && body.substr(0, 2) == "(?") {
        size_t close = body.find(')');
        std::string_view letters =
            close == std::string_view::npos ? std::string_view() : body.substr(2, close - 2);
        bool ok = !letters.empty();
        for (char c : letters) ok = ok && (c == 'i' || c == 's' || c == 'm' || c == 'u');
        if (ok) {
            for (char c : letters) {
                if (c == 'i') flags |= std::regex::icase;
                if (c == 'm') flags |= std::regex::multiline;
                if (c == 's') dotall = true;
            }
            body.remove_prefix(close + 1);
        }
    }
    std::string text;
    if (dotall) {
        bool escaped = false, in_class = false;
        for (char c : body) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (in_class) {
                in_class = c != ']';
            } else if (c == '[') {
                in_class = true;
            } else if (c == '.') {
                text += "[\\s\\S]";
                continue;
            }
            text += c;
        }
    } else {
        text = std::string(body);
    }
    try {
        return std::regex(text, flags);
    } catch (const std::regex_error&) {
        return Status(StatusCode::kArgumentError, "Invalid Regex: " + pattern);
    }
}

Result<Value> EvalStringOp(ExprKind kind, const Value& a, const Value& b) {
    if (!a.is_string() || !b.is_string()) return Value();
    const std::string& s = a.as_string();
    const std::string& t = b.as_string();
    switch (kind) {
        case ExprKind::kStartsWith:
            return Value(s.compare(0, t.size(), t) == 0);
        case ExprKind::kEndsWith:
            return Value(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
        case ExprKind::kContains:
            return Value(s.find(t) != std::string::npos);
        default:
            break;
    }
    // Compiling a regex costs far more than matching one; a query almost always applies the
    // same pattern to every row.
    thread_local std::string cached_pattern;
    thread_local std::optional<std::regex> cached;
    if (!cached || cached_pattern != t) {
        cached.reset();
        ASSIGN_OR_RETURN(std::regex re, CompileCypherRegex(t));
        cached = std::move(re);
        cached_pattern = t;
    }
    return Value(std::regex_match(s, *cached));
}

Result<Value> IndexValue(const Value& c, const Value& i, ExecContext& ctx) {
    if (c.is_null() || i.is_null()) return Value();
    if (c.is_list()) {
        if (!i.is_int()) return TypeMismatch("Integer", i);
        int64_t n = static_cast<int64_t>(c.as_list().size());
        int64_t k = i.as_int() < 0 ? i.as_int() + n : i.as_int();
        if (k < 0 || k >= n) return Value();
        return c.as_list()[static_cast<size_t>(k)];
    }
    if (c.is_map() || c.is_node() || c.is_relationship()) {
        if (!i.is_string()) return TypeMismatch("String", i);
        return GetProperty(c, i.as_string(), ctx);
    }
    return TypeMismatch("List or Map", c);
}

Result<Value> SliceValue(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value c, e.kids[0]->Eval(row, ctx));
    int64_t bounds[2] = {0, 0};
    if (c.is_null()) return Value();
    if (!c.is_list()) return TypeMismatch("List", c);
    int64_t n = static_cast<int64_t>(c.as_list().size());
    bounds[1] = n;
    for (int b = 0; b < 2; ++b) {
        if (!e.kids[b + 1]) continue;
        ASSIGN_OR_RETURN(Value v, e.kids[b + 1]->Eval(row, ctx));
        if (v.is_null()) return Value();
        if (!v.is_int()) return TypeMismatch("Integer", v);
        int64_t k = v.as_int() < 0 ? v.as_int() + n : v.as_int();
        bounds[b] = std::clamp<int64_t>(k, 0, n);
    }
    List out;
    for (int64_t k = bounds[0]; k < bounds[1]; ++k) out.push_back(c.as_list()[k]);
    return Value(std::move(out));
}

Result<Value> EvalCase(const Expr& e, const Row& row, ExecContext& ctx) {
    size_t i = 0;
    Value subject;
    if (e.flag) {
        ASSIGN_OR_RETURN(subject, e.kids[0]->Eval(row, ctx));
        i = 1;
    }
    for (; i + 1 < e.kids.size(); i += 2) {
        ASSIGN_OR_RETURN(Value w, e.kids[i]->Eval(row, ctx));
        bool hit = e.flag ? Equals(subject, w) == Tri::kTrue : (w.is_bool() && w.as_bool());
        if (hit) return e.kids[i + 1]->Eval(row, ctx);
    }
    if (i < e.kids.size()) return e.kids[i]->Eval(row, ctx);
    return Value();
}

const FunctionInfo* RangeFunction() {
    static const FunctionInfo* const range = FindFunction("range");
    return range;
}

// range() builds its whole list at once: fail with the memory-limit error before a list
// larger than what the query has left is built (the list is not charged afterwards; it is
// usually consumed by UNWIND right away).
Status CheckRangeFits(const std::vector<Value>& args, ExecContext& ctx) {
    for (const Value& v : args) {
        if (!v.is_int()) return Status::Ok();  // range() reports null and type errors itself
    }
    const int64_t step = args.size() > 2 ? args[2].as_int() : 1;
    if (step == 0) return Status::Ok();
    const __int128 count = (static_cast<__int128>(args[1].as_int()) - args[0].as_int()) / step + 1;
    if (count <= 0) return Status::Ok();
    // Past the function's own element cap it reports its own error.
    if (count > 100'000'000) return Status::Ok();
    const size_t bytes = static_cast<size_t>(count) * sizeof(Value) + sizeof(List);
    Status st = ctx.Charge(bytes);
    ctx.Release(bytes);
    return st;
}

Result<Value> EvalFunction(const Expr& e, const Row& row, ExecContext& ctx) {
    std::vector<Value> args;
    args.reserve(e.kids.size());
    for (const auto& k : e.kids) {
        ASSIGN_OR_RETURN(Value v, k->Eval(row, ctx));
        args.push_back(std::move(v));
    }
    if (e.fn == RangeFunction()) RETURN_IF_ERROR(CheckRangeFits(args, ctx));
    return e.fn->fn(args, ctx.function_context());
}

Result<Value> EvalBinary(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value a, e.kids[0]->Eval(row, ctx));
    ASSIGN_OR_RETURN(Value b, e.kids[1]->Eval(row, ctx));
    switch (e.kind) {
        case ExprKind::kCompare:
            return EvalCompare(e.name, a, b);
        case ExprKind::kArith:
            return EvalArith(e.name, a, b);
        case ExprKind::kIn:
            return EvalIn(a, b);
        case ExprKind::kIndex:
            return IndexValue(a, b, ctx);
        case ExprKind::kDynProperty:
            return IndexValue(a, b, ctx);
        default:
            return EvalStringOp(e.kind, a, b);
    }
}

Result<Tri> HasLabelsTri(const Expr& e, const Row& row, ExecContext& ctx) {
    Value computed;
    const Value* v = SlotOrNull(*e.kids[0], row);
    if (v == nullptr) {
        ASSIGN_OR_RETURN(computed, e.kids[0]->Eval(row, ctx));
        v = &computed;
    }
    if (v->is_null()) return Tri::kNull;
    if (!v->is_node()) return TypeMismatch("Node", *v);
    for (const std::string& label : e.names) {
        graph::TokenId tok = ctx.Token(graph::TokenKind::kLabel, label);
        if (tok == graph::kNoToken) return Tri::kFalse;
        ASSIGN_OR_RETURN(bool has,
                         ctx.NodeHasLabel(static_cast<graph::NodeId>(v->as_node().id), tok));
        if (!has) return Tri::kFalse;
    }
    return Tri::kTrue;
}

Result<Value> EvalHasLabels(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Tri t, HasLabelsTri(e, row, ctx));
    return FromTri(t);
}

// An operand read where it already is (a slot, a parameter, a literal), or null.
const Value* InPlace(const Expr& e, const Row& row, ExecContext& ctx) {
    switch (e.kind) {
        case ExprKind::kSlot:
            return SlotOrNull(e, row);
        case ExprKind::kLiteral:
            return &e.literal;
        case ExprKind::kParam:
            return ctx.Param(e.name);  // null when missing: Eval reports it
        default:
            return nullptr;
    }
}

Result<Tri> CompareTri(const Expr& e, const Row& row, ExecContext& ctx) {
    Value a_value, b_value;
    const Value* a = InPlace(*e.kids[0], row, ctx);
    if (a == nullptr) {
        ASSIGN_OR_RETURN(a_value, e.kids[0]->Eval(row, ctx));
        a = &a_value;
    }
    const Value* b = InPlace(*e.kids[1], row, ctx);
    if (b == nullptr) {
        ASSIGN_OR_RETURN(b_value, e.kids[1]->Eval(row, ctx));
        b = &b_value;
    }
    ASSIGN_OR_RETURN(Value v, EvalCompare(e.name, *a, *b));
    return v.is_null() ? Tri::kNull : ToTri(v.as_bool());
}

// A predicate's truth without building a Value per node of the expression where the shape
// allows: label checks, comparisons and the logic over them. Other shapes evaluate.
Result<Tri> PredicateTri(const Expr& e, const Row& row, ExecContext& ctx) {
    switch (e.kind) {
        case ExprKind::kHasLabels:
            return HasLabelsTri(e, row, ctx);
        case ExprKind::kCompare:
            return CompareTri(e, row, ctx);
        case ExprKind::kNot: {
            ASSIGN_OR_RETURN(Tri a, PredicateTri(*e.kids[0], row, ctx));
            return TriNot(a);
        }
        case ExprKind::kAnd:
        case ExprKind::kOr:
        case ExprKind::kXor: {
            ASSIGN_OR_RETURN(Tri a, PredicateTri(*e.kids[0], row, ctx));
            ASSIGN_OR_RETURN(Tri b, PredicateTri(*e.kids[1], row, ctx));
            if (e.kind == ExprKind::kAnd) return TriAnd(a, b);
            return e.kind == ExprKind::kOr ? TriOr(a, b) : TriXor(a, b);
        }
        default: {
            ASSIGN_OR_RETURN(Value v, e.Eval(row, ctx));
            if (v.is_null()) return Tri::kNull;
            if (!v.is_bool()) return TypeMismatch("Boolean", v);
            return ToTri(v.as_bool());
        }
    }
}

}  // namespace

Result<Value> Expr::Eval(const Row& row, ExecContext& ctx) const {
    switch (kind) {
        case ExprKind::kLiteral:
            return literal;
        case ExprKind::kParam: {
            const Value* v = ctx.Param(name);
            if (v == nullptr) {
                return Status(StatusCode::kParameterMissing,
                              "ParameterMissing: Expected parameter(s): " + name);
            }
            return *v;
        }
        case ExprKind::kSlot:
            return static_cast<size_t>(slot) < row.size() ? row[slot] : Value();
        case ExprKind::kProperty: {
            // `n.key` reads n in place instead of copying it out of the row.
            if (const Value* v = SlotOrNull(*kids[0], row)) return GetProperty(*v, name, ctx);
            ASSIGN_OR_RETURN(Value v, kids[0]->Eval(row, ctx));
            return GetProperty(v, name, ctx);
        }
        case ExprKind::kHasLabels:
            return EvalHasLabels(*this, row, ctx);
        case ExprKind::kAnd:
        case ExprKind::kOr:
        case ExprKind::kXor:
        case ExprKind::kNot:
            return EvalLogic(*this, row, ctx);
        case ExprKind::kNegate: {
            ASSIGN_OR_RETURN(Value v, kids[0]->Eval(row, ctx));
            return Negate(v);
        }
        case ExprKind::kIsNull:
        case ExprKind::kIsNotNull: {
            ASSIGN_OR_RETURN(Value v, kids[0]->Eval(row, ctx));
            return Value(v.is_null() == (kind == ExprKind::kIsNull));
        }
        case ExprKind::kList: {
            List out;
            out.reserve(kids.size());
            for (const auto& k : kids) {
                ASSIGN_OR_RETURN(Value v, k->Eval(row, ctx));
                out.push_back(std::move(v));
            }
            return Value(std::move(out));
        }
        case ExprKind::kMap: {
            Map out;
            for (size_t i = 0; i < kids.size(); ++i) {
                ASSIGN_OR_RETURN(Value v, kids[i]->Eval(row, ctx));
                out[names[i]] = std::move(v);
            }
            return Value(std::move(out));
        }
        case ExprKind::kSlice:
            return SliceValue(*this, row, ctx);
        case ExprKind::kCase:
            return EvalCase(*this, row, ctx);
        case ExprKind::kFunction:
            return EvalFunction(*this, row, ctx);
        case ExprKind::kGraphFunction:
            return EvalGraphFunction(*this, row, ctx);
        case ExprKind::kListComp:
        case ExprKind::kQuantifier:
        case ExprKind::kReduce:
            return EvalListExpr(*this, row, ctx);
        case ExprKind::kMapProjection:
            return EvalMapProjection(*this, row, ctx);
        case ExprKind::kSubquery:
            return EvalSubquery(*this, row, ctx);
        case ExprKind::kPath:
            return EvalPath(*this, row, ctx);
        default:
            return EvalBinary(*this, row, ctx);
    }
}

Result<bool> EvalPredicate(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Tri t, PredicateTri(e, row, ctx));
    return t == Tri::kTrue;
}

ExprPtr MakeLiteral(Value v) {
    auto e = std::make_unique<Expr>();
    e->literal = std::move(v);
    return e;
}

ExprPtr MakeSlot(int slot, std::string name) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kSlot;
    e->slot = slot;
    e->name = std::move(name);
    return e;
}

ExprPtr MakeExpr(ExprKind kind, std::vector<ExprPtr> kids, std::string name) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->kids = std::move(kids);
    e->name = std::move(name);
    return e;
}

std::string Expr::ToString() const {
    auto kid = [&](size_t i) { return i < kids.size() && kids[i] ? kids[i]->ToString() : ""; };
    switch (kind) {
        case ExprKind::kLiteral:
            return literal.ToString();
        case ExprKind::kParam:
            return "$" + name;
        case ExprKind::kSlot:
            return name;
        case ExprKind::kProperty:
            return kid(0) + "." + name;
        case ExprKind::kAnd:
            return "(" + kid(0) + " AND " + kid(1) + ")";
        case ExprKind::kOr:
            return "(" + kid(0) + " OR " + kid(1) + ")";
        case ExprKind::kXor:
            return "(" + kid(0) + " XOR " + kid(1) + ")";
        case ExprKind::kNot:
            return "NOT " + kid(0);
        case ExprKind::kCompare:
        case ExprKind::kArith:
            return "(" + kid(0) + " " + name + " " + kid(1) + ")";
        case ExprKind::kIsNull:
            return kid(0) + " IS NULL";
        case ExprKind::kIsNotNull:
            return kid(0) + " IS NOT NULL";
        case ExprKind::kIn:
            return kid(0) + " IN " + kid(1);
        case ExprKind::kHasLabels: {
            std::string s = kid(0);
            for (const auto& l : names) s += ":" + l;
            return s;
        }
        case ExprKind::kFunction:
        case ExprKind::kGraphFunction: {
            std::string s = name + "(";
            for (size_t i = 0; i < kids.size(); ++i) s += (i ? ", " : "") + kid(i);
            return s + ")";
        }
        case ExprKind::kSubquery:
            return name + " { ... }";
        default:
            return "<expr>";
    }
}

}  // namespace nexus::cypher::exec
