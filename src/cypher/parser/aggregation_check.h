// The grouping rule for projections that aggregate, checked on the AST before planning: the
// parts of an aggregating item outside its aggregates may only use grouping keys that are
// variables or property accesses, never a larger grouping expression written again
// (`RETURN a.x + b.y, a.x + b.y + count(*)` is AmbiguousAggregationExpression, as in Neo4j).
#pragma once

#include <string_view>

#include "cypher/parser/ast.h"
#include "nexus/status.h"

namespace nexus::cypher {

// True for count, sum, avg, min, max, collect, stdev(p), percentileCont/Disc (any case).
bool IsAggregateFunctionName(std::string_view name);

// True when `e` calls an aggregate outside any nested scope of its own.
bool ContainsAggregateCall(const ast::Expression& e);

// Checks the items and ORDER BY of one RETURN / WITH body.
Status CheckAggregationGrouping(const ast::ProjectionBody& body);

}  // namespace nexus::cypher
