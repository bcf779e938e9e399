// Grouping-key checks for aggregating projections. The planner's own check accepts any
// grouping expression written again inside an aggregating item; Neo4j accepts only simple
// keys (variables and property accesses), so this stricter walk runs first.
#include "cypher/parser/aggregation_check.h"

#include <strings.h>

#include <cstring>
#include <functional>
#include <set>
#include <string>

#include "cypher/parser/ast_printer.h"

namespace nexus::cypher {
namespace {

using namespace ast;  // NOLINT: a .cc file that walks expression types

using Visit = std::function<void(const Expression&)>;

// The operands of `e` that are evaluated in the same scope and row as `e`; aggregate calls
// and constructs with scopes of their own (comprehensions, subqueries, ...) have none here.
void ForEachOperand(const Expression& e, const Visit& visit) {
    auto one = [&](const ExprPtr& x) {
        if (x != nullptr) visit(*x);
    };
    switch (e.kind) {
        case ExprKind::kProperty:
            return one(e.As<PropertyAccess>().object);
        case ExprKind::kSubscript:
            one(e.As<Subscript>().object);
            return one(e.As<Subscript>().index);
        case ExprKind::kUnary:
            return one(e.As<Unary>().operand);
        case ExprKind::kBinary:
            one(e.As<Binary>().left);
            return one(e.As<Binary>().right);
        case ExprKind::kIsNull:
            return one(e.As<IsNull>().operand);
        case ExprKind::kFunctionCall:
            if (IsAggregateFunctionName(e.As<FunctionCall>().name)) return;
            for (const auto& a : e.As<FunctionCall>().args) one(a);
            return;
        case ExprKind::kCase: {
            const auto& c = e.As<Case>();
            one(c.test);
            for (const auto& alt : c.alternatives) {
                one(alt.when);
                one(alt.then);
            }
            return one(c.otherwise);
        }
        case ExprKind::kList:
            for (const auto& x : e.As<ListLiteral>().elements) one(x);
            return;
        case ExprKind::kMap:
            for (const auto& x : e.As<MapLiteral>().entries) one(x.value);
            return;
        default:
            return;
    }
}

// A grouping key the non-aggregated part of an aggregating item may read.
bool IsSimpleKey(const Expression& e) {
    if (e.kind == ExprKind::kVariable) return true;
    return e.kind == ExprKind::kProperty && IsSimpleKey(*e.As<PropertyAccess>().object);
}

class GroupingWalk {
  public:
    GroupingWalk(std::set<std::string> key_texts, std::set<std::string> complex_texts,
                 std::set<std::string> names)
        : key_texts_(std::move(key_texts)),
          complex_texts_(std::move(complex_texts)),
          names_(std::move(names)) {}

    // True when the part of `e` outside its aggregates writes a complex grouping key again
    // whose variables are not simple grouping keys themselves. Other ungrounded reads get
    // the planner's error (UndefinedVariable in ORDER BY, for one).
    bool ReusesComplexKey(const Expression& e) const {
        if (complex_texts_.count(PrintExpression(e))) return !Grounded(e);
        bool found = false;
        ForEachOperand(e, [&](const Expression& x) { found = found || ReusesComplexKey(x); });
        return found;
    }

  private:
    // False when `e` reads a variable outside every simple grouping key. Scoped constructs
    // count as grounded: the planner checks them.
    bool Grounded(const Expression& e) const {
        if (IsSimpleKey(e) && key_texts_.count(PrintExpression(e))) return true;
        if (e.kind == ExprKind::kVariable) return names_.count(e.As<Variable>().name) > 0;
        bool grounded = true;
        ForEachOperand(e, [&](const Expression& x) { grounded = grounded && Grounded(x); });
        return grounded;
    }

    std::set<std::string> key_texts_;      // printed simple grouping keys
    std::set<std::string> complex_texts_;  // printed other grouping keys
    std::set<std::string> names_;          // variables the item may read as a whole
};

}  // namespace

bool IsAggregateFunctionName(std::string_view name) {
    static constexpr const char* kNames[] = {
        "count",          "sum",           "avg", "min", "max", "collect", "stdev", "stdevp",
        "percentilecont", "percentiledisc"};
    for (const char* n : kNames) {
        if (name.size() == strlen(n) && strncasecmp(name.data(), n, name.size()) == 0) {
            return true;
        }
    }
    return false;
}

bool ContainsAggregateCall(const Expression& e) {
    if (e.kind == ExprKind::kFunctionCall && IsAggregateFunctionName(e.As<FunctionCall>().name)) {
        return true;
    }
    bool found = false;
    ForEachOperand(e, [&](const Expression& x) { found = found || ContainsAggregateCall(x); });
    return found;
}

Status CheckAggregationGrouping(const ProjectionBody& body) {
    // With `*` the grouping keys depend on the scope, which only the planner knows.
    if (body.star) return Status::Ok();
    std::set<std::string> key_texts, complex_texts, key_vars, aliases;
    bool aggregating = false;
    for (const auto& item : body.items) {
        if (!item.alias.empty()) aliases.insert(item.alias);
        if (ContainsAggregateCall(*item.expression)) {
            aggregating = true;
        } else if (IsSimpleKey(*item.expression)) {
            key_texts.insert(PrintExpression(*item.expression));
            if (item.expression->kind == ExprKind::kVariable) {
                key_vars.insert(item.expression->As<Variable>().name);
            }
        } else {
            complex_texts.insert(PrintExpression(*item.expression));
        }
    }
    if (!aggregating || complex_texts.empty()) return Status::Ok();
    auto ambiguous = [](SourcePosition pos) {
        return MakeError(StatusCode::kSyntaxError, ErrorDetail::kAmbiguousAggregationExpression,
                         "Aggregation column contains implicit grouping expressions; only "
                         "variables and property accesses that are grouping keys may be used "
                         "next to an aggregate",
                         pos);
    };
    GroupingWalk items(key_texts, complex_texts, key_vars);
    for (const auto& item : body.items) {
        if (ContainsAggregateCall(*item.expression) && items.ReusesComplexKey(*item.expression)) {
            return ambiguous(item.pos);
        }
    }
    // ORDER BY also reads the projection's aliases.
    aliases.insert(key_vars.begin(), key_vars.end());
    GroupingWalk order(key_texts, complex_texts, aliases);
    for (const auto& s : body.order_by) {
        if (ContainsAggregateCall(*s.expression) && order.ReusesComplexKey(*s.expression)) {
            return ambiguous(s.expression->pos);
        }
    }
    return Status::Ok();
}

}  // namespace nexus::cypher
