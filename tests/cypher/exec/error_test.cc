// Engine tests for compile-time (semantic) and run-time errors: each carries the Neo4j
// status and the TCK detail name as the first word of its message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

class ErrorTest : public ::testing::Test, public EngineFixture {
  protected:
    // Asserts that `query` fails with `code` and a message starting with "<detail>:".
    void ExpectError(const std::string& query, StatusCode code, const std::string& detail) {
        Status st = Error(query);
        EXPECT_EQ(st.code(), code) << query << " -> " << st.ToString();
        EXPECT_EQ(st.message().rfind(detail + ":", 0), 0u) << query << " -> " << st.ToString();
    }
};

TEST_F(ErrorTest, UndefinedVariable) {
    ExpectError("MATCH (a) RETURN b", StatusCode::kSyntaxError, "UndefinedVariable");
    ExpectError("MATCH (n) WHERE (n)-->(x) RETURN n", StatusCode::kSyntaxError,
                "UndefinedVariable");
    ExpectError("WITH 1 AS a RETURN a, b", StatusCode::kSyntaxError, "UndefinedVariable");
}

TEST_F(ErrorTest, VariableBindingConflicts) {
    ExpectError("MATCH (a) CREATE (a:L)", StatusCode::kSyntaxError, "VariableAlreadyBound");
    ExpectError("MATCH (a) MERGE (a)", StatusCode::kSyntaxError, "VariableAlreadyBound");
    ExpectError("WITH 1 AS n MATCH (n) RETURN n", StatusCode::kSyntaxError, "VariableTypeConflict");
    ExpectError("MATCH (a)-[r]->(b) MATCH (r) RETURN r", StatusCode::kSyntaxError,
                "VariableTypeConflict");
}

TEST_F(ErrorTest, StaticTypeChecks) {
    ExpectError("RETURN 123 AND true", StatusCode::kSyntaxError, "InvalidArgumentType");
    ExpectError("RETURN NOT 'x'", StatusCode::kSyntaxError, "InvalidArgumentType");
    ExpectError("RETURN 1 IN 2", StatusCode::kSyntaxError, "InvalidArgumentType");
    ExpectError("MATCH (n) RETURN type(n)", StatusCode::kSyntaxError, "InvalidArgumentType");
}

TEST_F(ErrorTest, AggregationRules) {
    ExpectError("MATCH (n) WHERE count(n) > 1 RETURN n", StatusCode::kSyntaxError,
                "InvalidAggregation");
    ExpectError("RETURN count(count(1))", StatusCode::kSyntaxError, "NestedAggregation");
    ExpectError("MATCH (n) RETURN n.x + count(*)", StatusCode::kSyntaxError,
                "AmbiguousAggregationExpression");
}

TEST_F(ErrorTest, FunctionsAndClauses) {
    ExpectError("RETURN nosuchfn(1)", StatusCode::kSyntaxError, "UnknownFunction");
    ExpectError("RETURN abs(1, 2)", StatusCode::kSyntaxError, "InvalidNumberOfArguments");
    ExpectError("RETURN 1 AS a UNION RETURN 2 AS b", StatusCode::kSyntaxError,
                "DifferentColumnsInUnion");
    ExpectError("CREATE (a)-[:R]-(b)", StatusCode::kSyntaxError, "RequiresDirectedRelationship");
    ExpectError("CREATE (a)-[:R|S]->(b)", StatusCode::kSyntaxError, "NoSingleRelationshipType");
    ExpectError("MATCH (n) RETURN n LIMIT -1", StatusCode::kSyntaxError, "NegativeIntegerArgument");
    ExpectError("MATCH (n) RETURN n SKIP n.x", StatusCode::kSyntaxError, "NonConstantExpression");
}

TEST_F(ErrorTest, RuntimeErrors) {
    Status st = Error("RETURN 1 / 0");
    EXPECT_EQ(st.code(), StatusCode::kArithmeticError) << st.ToString();
    st = Error("RETURN 9223372036854775807 + 1");
    EXPECT_EQ(st.code(), StatusCode::kArithmeticError) << st.ToString();
    st = Error("WITH [1] AS l RETURN labels(l[0])");
    EXPECT_EQ(st.code(), StatusCode::kTypeError) << st.ToString();
    ASSERT_TRUE(Exec("CREATE (a)-[:R]->(b)").ok());
    st = Error("MATCH (a)-->() DELETE a");
    EXPECT_EQ(st.code(), StatusCode::kDeleteConnected) << st.ToString();
}

TEST_F(ErrorTest, MemoryLimitStopsRunawayQueries) {
    memory_limit = 64 * 1024;
    Status st = Error("UNWIND range(1, 100000) AS x RETURN x ORDER BY x DESC");
    EXPECT_EQ(st.code(), StatusCode::kMemoryLimit) << st.ToString();
}

}  // namespace
}  // namespace nexus::cypher::testutil
