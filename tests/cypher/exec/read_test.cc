// Engine tests for reading queries: MATCH, WHERE, WITH, UNWIND, ORDER BY, SKIP/LIMIT,
// aggregation, OPTIONAL MATCH, variable-length and shortest paths, UNION, subqueries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;

class ReadTest : public ::testing::Test, public EngineFixture {
  protected:
    void SetUp() override {
        auto r = Exec(
            "CREATE (a:Person {name: 'Alice', age: 30}), (b:Person {name: 'Bob', age: 25}), "
            "(c:Person {name: 'Carol', age: 35}), (d:City {name: 'Paris'}), "
            "(a)-[:KNOWS {since: 2010}]->(b), (b)-[:KNOWS {since: 2015}]->(c), "
            "(a)-[:LIVES_IN]->(d), (c)-[:LIVES_IN]->(d)");
        ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
};

TEST_F(ReadTest, LabelScanWithFilterAndProjection) {
    auto rows = Exec("MATCH (n:Person) WHERE n.age > 26 RETURN n.name AS name ORDER BY name");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("'Alice'", "'Carol'"));
    EXPECT_THAT(last_columns, ElementsAre("name"));
}

TEST_F(ReadTest, ExpandWithTypeAndDirection) {
    EXPECT_THAT(Sorted("MATCH (a:Person)-[:KNOWS]->(b) RETURN a.name, b.name"),
                ElementsAre("'Alice' | 'Bob'", "'Bob' | 'Carol'"));
    EXPECT_THAT(Sorted("MATCH (a {name: 'Bob'})<-[r]-(b) RETURN b.name, type(r), r.since"),
                ElementsAre("'Alice' | 'KNOWS' | 2010"));
    EXPECT_THAT(Sorted("MATCH ({name: 'Bob'})-[:KNOWS]-(x) RETURN x.name"),
                ElementsAre("'Alice'", "'Carol'"));
}

TEST_F(ReadTest, AggregationGroupsByNonAggregateItems) {
    EXPECT_THAT(Sorted("MATCH (p:Person)-[:LIVES_IN]->(c) RETURN c.name, count(*), "
                       "collect(p.name)"),
                ElementsAre("'Paris' | 2 | ['Alice', 'Carol']"));
    EXPECT_THAT(
        Sorted("MATCH (p:Person) RETURN sum(p.age), avg(p.age) = 30.0, min(p.age), max(p.age)"),
        ElementsAre("90 | true | 25 | 35"));
    EXPECT_THAT(Sorted("MATCH (p:Nope) RETURN count(p), sum(p.x), collect(p)"),
                ElementsAre("0 | 0 | []"));
    EXPECT_THAT(Sorted("UNWIND [1, 2, 2, null] AS x RETURN count(DISTINCT x), count(x)"),
                ElementsAre("2 | 3"));
}

TEST_F(ReadTest, WithOrderSkipLimit) {
    auto rows = Exec(
        "MATCH (p:Person) WITH p ORDER BY p.age DESC SKIP 1 LIMIT 1 "
        "RETURN p.name");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("'Alice'"));
}

TEST_F(ReadTest, UnwindAndListFunctions) {
    EXPECT_THAT(Sorted("UNWIND [3, 1, 2] AS x RETURN x * 10"), ElementsAre("10", "20", "30"));
    EXPECT_THAT(Sorted("RETURN [x IN range(1, 5) WHERE x % 2 = 1 | x * x] AS l"),
                ElementsAre("[1, 9, 25]"));
    EXPECT_THAT(Sorted("RETURN reduce(acc = 0, x IN [1, 2, 3] | acc + x) AS s"), ElementsAre("6"));
    EXPECT_THAT(Sorted("RETURN all(x IN [1, 2] WHERE x > 0), any(x IN [1, 2] WHERE x > 1), "
                       "none(x IN [1] WHERE x > 1), single(x IN [1, 2] WHERE x > 1)"),
                ElementsAre("true | true | true | true"));
}

TEST_F(ReadTest, OptionalMatchFillsNulls) {
    EXPECT_THAT(Sorted("MATCH (p:Person) OPTIONAL MATCH (p)-[:LIVES_IN]->(c) "
                       "RETURN p.name, c.name"),
                ElementsAre("'Alice' | 'Paris'", "'Bob' | null", "'Carol' | 'Paris'"));
}

TEST_F(ReadTest, VarLengthAndShortestPath) {
    EXPECT_THAT(Sorted("MATCH (a {name: 'Alice'})-[:KNOWS*1..2]->(x) RETURN x.name"),
                ElementsAre("'Bob'", "'Carol'"));
    EXPECT_THAT(Sorted("MATCH p = (a {name: 'Alice'})-[:KNOWS*]->(x {name: 'Carol'}) "
                       "RETURN length(p), [n IN nodes(p) | n.name]"),
                ElementsAre("2 | ['Alice', 'Bob', 'Carol']"));
    EXPECT_THAT(Sorted("MATCH (a {name: 'Alice'}), (c {name: 'Carol'}), "
                       "p = shortestPath((a)-[*]-(c)) RETURN length(p)"),
                ElementsAre("2"));
}

TEST_F(ReadTest, UnionAndDistinct) {
    EXPECT_THAT(Sorted("RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x"),
                ElementsAre("1", "2"));
    EXPECT_THAT(Sorted("RETURN 1 AS x UNION ALL RETURN 1 AS x"), ElementsAre("1", "1"));
    EXPECT_THAT(Sorted("UNWIND [1, 1, 2] AS x RETURN DISTINCT x"), ElementsAre("1", "2"));
}

TEST_F(ReadTest, PatternPredicatesAndSubqueries) {
    EXPECT_THAT(Sorted("MATCH (p:Person) WHERE (p)-[:LIVES_IN]->() RETURN p.name"),
                ElementsAre("'Alice'", "'Carol'"));
    EXPECT_THAT(Sorted("MATCH (p:Person) WHERE NOT EXISTS { (p)-[:LIVES_IN]->() } "
                       "RETURN p.name"),
                ElementsAre("'Bob'"));
    EXPECT_THAT(Sorted("MATCH (p:Person {name: 'Alice'}) RETURN [(p)-->(x) | x.name] AS xs"),
                ElementsAre("['Bob', 'Paris']"));
    EXPECT_THAT(Sorted("MATCH (p:Person) CALL { WITH p MATCH (p)-[:KNOWS]->(q) "
                       "RETURN q.name AS q } RETURN p.name, q"),
                ElementsAre("'Alice' | 'Bob'", "'Bob' | 'Carol'"));
}

TEST_F(ReadTest, GraphFunctions) {
    EXPECT_THAT(Sorted("MATCH (a {name: 'Alice'})-[r:KNOWS]->(b) "
                       "RETURN labels(a), keys(a), properties(r), startNode(r) = a"),
                ElementsAre("['Person'] | ['age', 'name'] | {since: 2010} | true"));
}

TEST_F(ReadTest, ParametersAreValues) {
    EXPECT_THAT(
        Sorted("MATCH (n:Person) WHERE n.name = $name RETURN n.age", {{"name", Value("Bob")}}),
        ElementsAre("25"));
    EXPECT_EQ(Error("RETURN $missing").code(), StatusCode::kParameterMissing);
}

TEST_F(ReadTest, ThreeValuedLogic) {
    EXPECT_THAT(Sorted("RETURN null AND false, null OR true, null = null, 1 IN [null, 1], "
                       "2 IN [null, 1]"),
                ElementsAre("false | true | null | true | null"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
