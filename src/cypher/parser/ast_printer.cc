// The AST printer's entry points, name quoting, patterns and the projection pieces shared by
// clauses (expressions: ast_printer_expr.cc; clauses and statements: ast_printer_clause.cc).
#include "cypher/parser/ast_printer.h"

#include <string_view>

#include "cypher/parser/ast_printer_impl.h"

namespace nexus::cypher {

using namespace ast;  // NOLINT: a .cc file that touches every AST type

namespace printer_internal {
namespace {

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

}  // namespace

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
            if (out.back() != '[') out += " ";
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
