// The grouping rule for aggregating projections (parser/aggregation_check.h): a complex
// grouping key written again next to an aggregate is AmbiguousAggregationExpression, while
// simple keys, aliases in ORDER BY and reads the planner judges pass through.
#include <gtest/gtest.h>

#include "cypher/parser/aggregation_check.h"
#include "cypher/parser/parser.h"

namespace nexus::cypher {
namespace {

Status ParseStatus(const std::string& text) {
    auto r = Parse(text);
    return r.ok() ? Status::Ok() : r.status();
}

TEST(AggregationCheckTest, ComplexKeyReusedNextToAnAggregateIsAmbiguous) {
    const char* bad[] = {
        "MATCH (a)--(b) RETURN a.x + b.x, a.x + b.x + count(*)",
        "MATCH (a)--(b) WITH a.x + b.x AS g, a.x + b.x + count(*) AS c RETURN *",
        "MATCH (a)--(b) WITH a.x + b.x, count(*) AS c ORDER BY a.x + b.x + count(*) RETURN *",
        "MATCH (a)--(b) RETURN toString(a.x + b.x), size(toString(a.x + b.x)) + sum(a.y)",
    };
    for (const char* q : bad) {
        Status st = ParseStatus(q);
        EXPECT_EQ(st.code(), StatusCode::kSyntaxError) << q;
        EXPECT_EQ(st.message().rfind("AmbiguousAggregationExpression:", 0), 0u)
            << q << ": " << st.message();
        EXPECT_TRUE(st.position().has_value()) << q;
    }
}

TEST(AggregationCheckTest, SimpleKeysAndOtherReadsPass) {
    const char* good[] = {
        "MATCH (a)--(b) RETURN a.x, a.x + count(*)",
        "MATCH (a)--(b) RETURN a, a.y + count(*)",
        // The complex key's variables are simple keys themselves.
        "MATCH (a)--(b) RETURN a.x, b.x, a.x + b.x, a.x + b.x + count(*)",
        "MATCH (a)--(b) RETURN a.x + b.x AS s, count(*) AS c ORDER BY c",
        // Left to the planner (UndefinedVariable there), not this check.
        "MATCH (a)--(b) WITH count(b) AS c ORDER BY a.x + count(b) RETURN c",
        "MATCH (a) RETURN *, count(*) + a.x",
        "RETURN [x IN [1, 2] | x + 1], count(*)",
    };
    for (const char* q : good)
        EXPECT_TRUE(ParseStatus(q).ok()) << q << ": " << ParseStatus(q).message();
}

TEST(AggregationCheckTest, AggregateNames) {
    EXPECT_TRUE(IsAggregateFunctionName("count"));
    EXPECT_TRUE(IsAggregateFunctionName("percentileDisc"));
    EXPECT_TRUE(IsAggregateFunctionName("COLLECT"));
    EXPECT_FALSE(IsAggregateFunctionName("coalesce"));
    EXPECT_FALSE(IsAggregateFunctionName("counts"));
}

}  // namespace
}  // namespace nexus::cypher
