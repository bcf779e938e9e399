// The AST printer for expressions: literals, operators with precedence-aware parentheses,
// and the compound forms (CASE, comprehensions, quantifiers, map projections, subqueries).
#include <cmath>
#include <cstdio>

#include "cypher/parser/ast_printer_impl.h"

namespace nexus::cypher::printer_internal {

using namespace ast;  // NOLINT: a .cc file that touches every AST type

namespace {

int BinaryPrec(BinaryOp op) {
    switch (op) {
        case BinaryOp::kOr:
            return kPrecOr;
        case BinaryOp::kXor:
            return kPrecXor;
        case BinaryOp::kAnd:
            return kPrecAnd;
        case BinaryOp::kEq:
        case BinaryOp::kNe:
        case BinaryOp::kLt:
        case BinaryOp::kLe:
        case BinaryOp::kGt:
        case BinaryOp::kGe:
            return kPrecComparison;
        case BinaryOp::kRegexMatch:
        case BinaryOp::kStartsWith:
        case BinaryOp::kEndsWith:
        case BinaryOp::kContains:
        case BinaryOp::kIn:
            return kPrecPredicate;
        case BinaryOp::kAdd:
        case BinaryOp::kSub:
            return kPrecAdd;
        case BinaryOp::kMul:
        case BinaryOp::kDiv:
        case BinaryOp::kMod:
            return kPrecMul;
        case BinaryOp::kPow:
            return kPrecPow;
    }
    return kPrecOr;
}

int PrecOf(const Expression& e) {
    switch (e.kind) {
        case ExprKind::kBinary:
            return BinaryPrec(e.As<Binary>().op);
        case ExprKind::kUnary:
            return e.As<Unary>().op == UnaryOp::kNot ? kPrecNot : kPrecUnary;
        case ExprKind::kIsNull:
            return kPrecPredicate;
        case ExprKind::kLiteral: {
            // A negative number prints with its sign, so it binds like a unary minus.
            const Value& v = e.As<Literal>().value;
            bool negative =
                (v.is_int() && v.as_int() < 0) || (v.is_float() && std::signbit(v.as_float()));
            return negative ? kPrecUnary : kPrecPostfix;
        }
        default:
            return kPrecPostfix;
    }
}

std::string QuoteString(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\'':
                out += "\\'";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                out += c;
        }
    }
    return out + "'";
}

// Shortest text that reads back as the same double, always with a '.' or an exponent so it
// stays a float.
std::string FormatFloat(double d) {
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%.17g", d);
    std::string s = buf;
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

}  // namespace

void Printer::Expr(const Expression& e, int min_prec) {
    bool wrap = PrecOf(e) < min_prec;
    if (wrap) out += '(';
    ExprBody(e);
    if (wrap) out += ')';
}

void Printer::ExprBody(const Expression& e) {
    switch (e.kind) {
        case ExprKind::kLiteral:
            return LiteralExpr(e.As<ast::Literal>().value);
        case ExprKind::kParameter: {
            const std::string& name = e.As<Parameter>().name;
            bool digits =
                !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
            out += "$" + (digits ? name : QuoteName(name));
            return;
        }
        case ExprKind::kVariable:
            out += QuoteName(e.As<Variable>().name);
            return;
        case ExprKind::kProperty:
        case ExprKind::kSubscript:
        case ExprKind::kSlice:
        case ExprKind::kLabelCheck:
            return Postfix(e);
        case ExprKind::kUnary:
        case ExprKind::kBinary:
        case ExprKind::kIsNull:
            return Operator(e);
        case ExprKind::kFunctionCall: {
            const auto& f = e.As<FunctionCall>();
            out += f.name + "(";
            if (f.star) out += "*";
            if (f.distinct) out += "DISTINCT ";
            ExprList(f.args);
            out += ")";
            return;
        }
        case ExprKind::kCase:
            return CaseExpr(e.As<ast::Case>());
        case ExprKind::kList:
            out += "[";
            ExprList(e.As<ListLiteral>().elements);
            out += "]";
            return;
        case ExprKind::kMap:
        case ExprKind::kMapProjection:
            return MapExpr(e);
        case ExprKind::kListComprehension:
        case ExprKind::kPatternComprehension:
        case ExprKind::kQuantifier:
        case ExprKind::kReduce:
            return Comprehension(e);
        case ExprKind::kSubquery:
            return Subquery(e.As<SubqueryExpr>());
        case ExprKind::kPatternPredicate:
            Part(e.As<PatternPredicate>().pattern);
            return;
    }
}

void Printer::LiteralExpr(const Value& v) {
    if (v.is_null()) {
        out += "NULL";
    } else if (v.is_bool()) {
        out += v.as_bool() ? "TRUE" : "FALSE";
    } else if (v.is_int()) {
        out += std::to_string(v.as_int());
    } else if (v.is_float()) {
        out += FormatFloat(v.as_float());
    } else if (v.is_string()) {
        out += QuoteString(v.as_string());
    } else {
        out += "NULL";  // the parser makes no other literal kinds
    }
}

void Printer::Postfix(const Expression& e) {
    switch (e.kind) {
        case ExprKind::kProperty: {
            const auto& p = e.As<PropertyAccess>();
            Expr(*p.object, kPrecPostfix);
            out += "." + QuoteName(p.key);
            return;
        }
        case ExprKind::kSubscript: {
            const auto& s = e.As<Subscript>();
            Expr(*s.object, kPrecPostfix);
            out += "[";
            Expr(*s.index);
            out += "]";
            return;
        }
        case ExprKind::kSlice: {
            const auto& s = e.As<Slice>();
            Expr(*s.object, kPrecPostfix);
            out += "[";
            if (s.from) Expr(*s.from);
            out += "..";
            if (s.to) Expr(*s.to);
            out += "]";
            return;
        }
        default: {
            // n:A|B is parenthesized so that it cannot end a comprehension's WHERE.
            const auto& l = e.As<LabelCheck>();
            if (l.any) out += "(";
            Expr(*l.operand, kPrecPostfix);
            for (size_t i = 0; i < l.labels.size(); ++i) {
                out += (i && l.any ? "|" : ":") + QuoteName(l.labels[i]);
            }
            if (l.any) out += ")";
            return;
        }
    }
}

void Printer::Operator(const Expression& e) {
    if (e.Is<IsNull>()) {
        const auto& n = e.As<IsNull>();
        Expr(*n.operand, kPrecPredicate);
        out += n.negated ? " IS NOT NULL" : " IS NULL";
        return;
    }
    if (e.Is<Unary>()) {
        const auto& u = e.As<Unary>();
        if (u.op == UnaryOp::kNot) {
            out += "NOT ";
            Expr(*u.operand, kPrecNot);
            return;
        }
        // A space keeps "- -a" from lexing as two minus tokens glued into an arrow-like "--a".
        if (!out.empty() && (out.back() == '-' || out.back() == '+')) out += ' ';
        out += u.op == UnaryOp::kNegate ? "-" : "+";
        Expr(*u.operand, kPrecUnary);
        return;
    }
    const auto& b = e.As<Binary>();
    int prec = BinaryPrec(b.op);
    // Comparisons do not chain (a < b < c is sugar), so both sides need a tighter level.
    Expr(*b.left, prec == kPrecComparison ? prec + 1 : prec);
    out += " ";
    out += BinaryOpText(b.op);
    out += " ";
    Expr(*b.right, prec + 1);
}

void Printer::CaseExpr(const ast::Case& c) {
    out += "CASE";
    if (c.test) {
        out += " ";
        Expr(*c.test);
    }
    for (const auto& alt : c.alternatives) {
        out += " WHEN ";
        Expr(*alt.when);
        out += " THEN ";
        Expr(*alt.then);
    }
    if (c.otherwise) {
        out += " ELSE ";
        Expr(*c.otherwise);
    }
    out += " END";
}

void Printer::MapExpr(const Expression& e) {
    if (e.Is<MapLiteral>()) {
        out += "{";
        const auto& entries = e.As<MapLiteral>().entries;
        for (size_t i = 0; i < entries.size(); ++i) {
            if (i) out += ", ";
            out += QuoteName(entries[i].key) + ": ";
            Expr(*entries[i].value);
        }
        out += "}";
        return;
    }
    const auto& m = e.As<MapProjection>();
    out += QuoteName(m.variable) + " {";
    for (size_t i = 0; i < m.items.size(); ++i) {
        if (i) out += ", ";
        const auto& item = m.items[i];
        switch (item.kind) {
            case MapProjectionItemKind::kProperty:
                out += "." + QuoteName(item.key);
                break;
            case MapProjectionItemKind::kAllProperties:
                out += ".*";
                break;
            case MapProjectionItemKind::kVariable:
                out += QuoteName(item.key);
                break;
            case MapProjectionItemKind::kLiteral:
                out += QuoteName(item.key) + ": ";
                Expr(*item.value);
                break;
        }
    }
    out += "}";
}

void Printer::Comprehension(const Expression& e) {
    switch (e.kind) {
        case ExprKind::kListComprehension: {
            const auto& c = e.As<ListComprehension>();
            out += "[";
            InClause(c.variable, c.list, c.where);
            if (c.projection) {
                out += " | ";
                Expr(*c.projection);
            }
            out += "]";
            return;
        }
        case ExprKind::kPatternComprehension: {
            const auto& c = e.As<PatternComprehension>();
            out += "[";
            Part(c.pattern);
            if (c.where) {
                out += " WHERE ";
                Expr(*c.where);
            }
            out += " | ";
            Expr(*c.projection);
            out += "]";
            return;
        }
        case ExprKind::kQuantifier: {
            const auto& q = e.As<Quantifier>();
            static constexpr const char* kNames[] = {"all", "any", "none", "single"};
            out += kNames[static_cast<int>(q.quantifier)];
            out += "(";
            InClause(q.variable, q.list, q.where);
            out += ")";
            return;
        }
        default: {
            const auto& r = e.As<Reduce>();
            out += "reduce(" + QuoteName(r.accumulator) + " = ";
            Expr(*r.init);
            out += ", ";
            InClause(r.variable, r.list, nullptr);
            out += " | ";
            Expr(*r.expression);
            out += ")";
            return;
        }
    }
}

void Printer::Subquery(const SubqueryExpr& s) {
    static constexpr const char* kNames[] = {"EXISTS", "COUNT", "COLLECT"};
    out += kNames[static_cast<int>(s.subquery)];
    out += " { ";
    if (s.query) {
        Query(*s.query);
    } else if (s.pattern) {
        Pattern(*s.pattern);
        if (s.where) {
            out += " WHERE ";
            Expr(*s.where);
        }
    }
    out += " }";
}

}  // namespace nexus::cypher::printer_internal
