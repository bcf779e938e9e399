// The AST printer: expressions with precedence-aware parentheses, patterns, clauses and
// statements (see ast_printer.h).
#include "cypher/parser/ast_printer.h"

#include <cmath>
#include <cstdio>
#include <string_view>

#include "cypher/parser/ast_printer_impl.h"

namespace nexus::cypher {

using namespace ast;  // NOLINT: a .cc file that touches every AST type

namespace printer_internal {
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
            const Value& v = e.As<Literal>().value;
            bool negative =
                (v.is_int() && v.as_int() < 0) || (v.is_float() && std::signbit(v.as_float()));
            return negative ? kPrecUnary : kPrecPostfix;
        }
        default:
            return kPrecPostfix;
    }
}

bool IsReserved(std::string_view name) {
    static constexpr std::string_view kWords[] = {
        "ALL",      "AND",     "AS",      "ASC",          "ASCENDING",
        "BY",       "CALL",    "CASE",    "CONTAINS",     "COUNT",
        "CREATE",   "DELETE",  "DESC",    "DESCENDING",   "DETACH",
        "DISTINCT", "ELSE",    "END",     "ENDS",         "EXISTS",
        "FALSE",    "FOREACH", "IN",      "IS",           "LIMIT",
        "MATCH",    "MERGE",   "NOT",     "NULL",         "ON",
        "OPTIONAL", "OR",      "ORDER",   "REMOVE",       "RETURN",
        "SET",      "SKIP",    "STARTS",  "THEN",         "TRUE",
        "UNION",    "UNWIND",  "WHEN",    "WHERE",        "WITH",
        "XOR",      "YIELD",   "COLLECT", "OFFSET",       "ANY",
        "NONE",     "SINGLE",  "REDUCE",  "SHORTESTPATH", "ALLSHORTESTPATHS"};
    std::string upper(name);
    for (char& c : upper) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    for (std::string_view w : kWords) {
        if (upper == w) return true;
    }
    return false;
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

std::string FormatFloat(double d) {
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%.17g", d);
    std::string s = buf;
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
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
        case ExprKind::kLiteral: {
            const Value& v = e.As<Literal>().value;
            if (v.is_null()) {
                out += "NULL";
            } else if (v.is_bool()) {
                out += v.as_bool() ? "TRUE" : "FALSE";
            } else if (v.is_int()) {
                out += std::to_string(v.as_int());
            } else if (v.is_float()) {
                out += FormatFloat(v.as_float());
            } else {
                out += QuoteString(v.as_string());
            }
            return;
        }
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
        case ExprKind::kUnary: {
            const auto& u = e.As<Unary>();
            if (u.op == UnaryOp::kNot) {
                out += "NOT ";
                Expr(*u.operand, kPrecNot);
            } else {
                out += u.op == UnaryOp::kNegate ? "-" : "+";
                // Keeps "- -1" from reading as a comment-free "--1" pattern arrow.
                if (out.size() >= 2 && (out[out.size() - 2] == '-' || out[out.size() - 2] == '+')) {
                    out.insert(out.size() - 1, " ");
                }
                Expr(*u.operand, kPrecUnary);
            }
            return;
        }
        case ExprKind::kBinary: {
            const auto& b = e.As<Binary>();
            int prec = BinaryPrec(b.op);
            bool comparison = prec == kPrecComparison;
            Expr(*b.left, comparison ? prec + 1 : prec);
            out += " ";
            out += BinaryOpText(b.op);
            out += " ";
            Expr(*b.right, prec + 1);
            return;
        }
        case ExprKind::kIsNull: {
            const auto& n = e.As<IsNull>();
            Expr(*n.operand, kPrecPredicate);
            out += n.negated ? " IS NOT NULL" : " IS NULL";
            return;
        }
        case ExprKind::kLabelCheck: {
            const auto& l = e.As<LabelCheck>();
            Expr(*l.operand, kPrecPostfix);
            if (l.any) {
                for (size_t i = 0; i < l.labels.size(); ++i) {
                    out += (i ? "|" : ":") + QuoteName(l.labels[i]);
                }
            } else {
                Labels(l.labels);
            }
            return;
        }
        case ExprKind::kFunctionCall: {
            const auto& f = e.As<FunctionCall>();
            out += f.name + "(";
            if (f.star) out += "*";
            if (f.distinct) out += "DISTINCT ";
            ExprList(f.args);
            out += ")";
            return;
        }
        case ExprKind::kCase: {
            const auto& c = e.As<Case>();
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
            return;
        }
        case ExprKind::kList:
            out += "[";
            ExprList(e.As<ListLiteral>().elements);
            out += "]";
            return;
        case ExprKind::kMap: {
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
        case ExprKind::kMapProjection: {
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
            return;
        }
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
        case ExprKind::kReduce: {
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
        case ExprKind::kSubquery: {
            const auto& s = e.As<SubqueryExpr>();
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
            return;
        }
        case ExprKind::kPatternPredicate:
            Part(e.As<PatternPredicate>().pattern);
            return;
    }
}

void Printer::Pattern(const ast::Pattern& p) {
    for (size_t i = 0; i < p.parts.size(); ++i) {
        if (i) out += ", ";
        Part(p.parts[i]);
    }
}

void Printer::Part(const PatternPart& p) {
    if (!p.path_variable.empty()) out += QuoteName(p.path_variable) + " = ";
    if (p.function != PathFunction::kNone) {
        out += p.function == PathFunction::kShortestPath ? "shortestPath(" : "allShortestPaths(";
    }
    for (size_t i = 0; i < p.nodes.size(); ++i) {
        if (i) Rel(p.relationships[i - 1]);
        Node(p.nodes[i]);
    }
    if (p.function != PathFunction::kNone) out += ")";
}

void Printer::Node(const NodePattern& n) {
    out += "(";
    if (!n.variable.empty()) out += QuoteName(n.variable);
    Labels(n.labels);
    if (n.properties) {
        if (!n.variable.empty() || !n.labels.empty()) out += " ";
        Expr(*n.properties);
    }
    if (n.where) {
        out += " WHERE ";
        Expr(*n.where);
    }
    out += ")";
}

void Printer::Rel(const RelationshipPattern& r) {
    out += r.direction == Direction::kRightToLeft ? "<-" : "-";
    bool detail =
        !r.variable.empty() || !r.types.empty() || r.variable_length || r.properties || r.where;
    if (detail) {
        out += "[";
        if (!r.variable.empty()) out += QuoteName(r.variable);
        for (size_t i = 0; i < r.types.size(); ++i) out += (i ? "|" : ":") + QuoteName(r.types[i]);
        if (r.variable_length) {
            out += "*";
            if (r.min_hops && r.max_hops && *r.min_hops == *r.max_hops) {
                out += std::to_string(*r.min_hops);
            } else if (r.min_hops || r.max_hops) {
                if (r.min_hops) out += std::to_string(*r.min_hops);
                out += "..";
                if (r.max_hops) out += std::to_string(*r.max_hops);
            }
        }
        if (r.properties) {
            out += " ";
            Expr(*r.properties);
        }
        if (r.where) {
            out += " WHERE ";
            Expr(*r.where);
        }
        out += "]";
    }
    out += r.direction == Direction::kLeftToRight ? "->" : "-";
}

void Printer::Query(const ast::Query& q) {
    for (size_t i = 0; i < q.parts.size(); ++i) {
        if (i) out += q.union_all[i - 1] ? " UNION ALL " : " UNION ";
        const auto& clauses = q.parts[i].clauses;
        for (size_t j = 0; j < clauses.size(); ++j) {
            if (j) out += " ";
            Clause(*clauses[j]);
        }
    }
}

void Printer::Projection(const ProjectionBody& body) {
    if (body.distinct) out += "DISTINCT ";
    if (body.star) out += "*";
    for (size_t i = 0; i < body.items.size(); ++i) {
        if (i || body.star) out += ", ";
        Expr(*body.items[i].expression);
        if (!body.items[i].alias.empty()) out += " AS " + QuoteName(body.items[i].alias);
    }
    OrderSkipLimit(body.order_by, body.skip, body.limit);
}

void Printer::OrderSkipLimit(const std::vector<SortItem>& order, const ExprPtr& skip,
                             const ExprPtr& limit) {
    for (size_t i = 0; i < order.size(); ++i) {
        out += i ? ", " : " ORDER BY ";
        Expr(*order[i].expression);
        if (order[i].descending) out += " DESC";
    }
    if (skip) {
        out += " SKIP ";
        Expr(*skip);
    }
    if (limit) {
        out += " LIMIT ";
        Expr(*limit);
    }
}

void Printer::SetItems(const std::vector<SetItem>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        const SetItem& item = items[i];
        Expr(*item.target, kPrecPostfix);
        switch (item.kind) {
            case SetItemKind::kLabels:
                Labels(item.labels);
                continue;
            case SetItemKind::kMergeMap:
                out += " += ";
                break;
            default:
                out += " = ";
                break;
        }
        Expr(*item.value);
    }
}

void Printer::Yields(bool star, const std::vector<YieldItem>& yields) {
    out += " YIELD ";
    if (star) out += "*";
    for (size_t i = 0; i < yields.size(); ++i) {
        if (i) out += ", ";
        out += QuoteName(yields[i].field);
        if (!yields[i].alias.empty()) out += " AS " + QuoteName(yields[i].alias);
    }
}

}  // namespace printer_internal

using printer_internal::IsReserved;
using printer_internal::Printer;

std::string QuoteName(const std::string& name) {
    bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9') && !IsReserved(name);
    for (char c : name) {
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        plain = plain && ok;
    }
    if (plain) return name;
    std::string out = "`";
    for (char c : name) {
        out += c;
        if (c == '`') out += '`';
    }
    return out + "`";
}

std::string PrintExpression(const Expression& expr) {
    Printer p;
    p.Expr(expr);
    return std::move(p.out);
}

std::string PrintPatternPart(const PatternPart& part) {
    Printer p;
    p.Part(part);
    return std::move(p.out);
}

std::string PrintQuery(const ast::Query& query) {
    Printer p;
    p.Query(query);
    return std::move(p.out);
}

std::string PrintClause(const ast::Clause& clause) {
    Printer p;
    p.Clause(clause);
    return std::move(p.out);
}

std::string PrintStatement(const ast::Statement& statement) {
    Printer p;
    p.Statement(statement);
    return std::move(p.out);
}

}  // namespace nexus::cypher
