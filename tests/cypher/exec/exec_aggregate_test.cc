// Hash aggregation through the flat key tables: integer, float, node, string, null and
// multi-column keys group by Cypher equivalence; DISTINCT aggregates over each kind; a
// grouping key or DISTINCT argument that is a node property (remembered per node) gives
// the same answer as reading it per row; collect() and the memory limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;

class ExecAggregateTest : public ::testing::Test, public EngineFixture {};

TEST_F(ExecAggregateTest, IntegerAndEqualFloatKeysAreOneGroup) {
    auto rows = Sorted("UNWIND [1, 1.0, 2, 2.5, 2.5, -3, -3.0, 1] AS k RETURN k, count(*) AS c");
    EXPECT_THAT(rows, ElementsAre("-3 | 2", "1 | 3", "2 | 1", "2.5 | 2"));
    // The group's key is the first value seen.
    rows = Sorted("UNWIND [1.0, 1] AS k RETURN k, count(*) AS c");
    EXPECT_THAT(rows, ElementsAre("1.0 | 2"));
}

TEST_F(ExecAggregateTest, StringNullAndMixedKeys) {
    auto rows = Sorted(
        "UNWIND ['a', 'b', null, 'a', 1, '1', null, [1], [1.0]] AS k "
        "RETURN k, count(*) AS c");
    EXPECT_THAT(rows, ElementsAre("'1' | 1", "'a' | 2", "'b' | 1", "1 | 1", "[1] | 2", "null | 2"));
}

TEST_F(ExecAggregateTest, MultiColumnKeys) {
    auto rows = Sorted(
        "UNWIND range(0, 29) AS i RETURN i % 2 AS a, toString(i % 3) AS b, count(*) AS c, "
        "sum(i) AS s");
    EXPECT_THAT(rows, ElementsAre("0 | '0' | 5 | 60", "0 | '1' | 5 | 80", "0 | '2' | 5 | 70",
                                  "1 | '0' | 5 | 75", "1 | '1' | 5 | 65", "1 | '2' | 5 | 85"));
}

TEST_F(ExecAggregateTest, CountDistinctOverEachKind) {
    EXPECT_THAT(*Exec("UNWIND [1, 2, 2, 1.0, 3.5, 3.5, null] AS x RETURN count(DISTINCT x)"),
                ElementsAre("3"));
    EXPECT_THAT(*Exec("UNWIND ['x', 'y', 'x', null] AS x RETURN count(DISTINCT x)"),
                ElementsAre("2"));
    EXPECT_THAT(*Exec("UNWIND [[1], [1], [2], {a: 1}, {a: 1.0}] AS x RETURN count(DISTINCT x)"),
                ElementsAre("3"));
    ASSERT_TRUE(Exec("UNWIND range(1, 4) AS i CREATE (:D {v: i % 2})").ok());
    EXPECT_THAT(*Exec("MATCH (a:D), (b:D) RETURN count(DISTINCT a), count(DISTINCT b.v)"),
                ElementsAre("4 | 2"));
    // Negative integers and the largest ones are ordinary members of the flat set.
    EXPECT_THAT(*Exec("UNWIND [-1, -1, 9223372036854775807, -9223372036854775808, 0, -1] AS x "
                      "RETURN count(DISTINCT x), sum(DISTINCT x % 2)"),
                ElementsAre("4 | 0"));
}

TEST_F(ExecAggregateTest, NodePropertyKeysMatchPerRowEvaluation) {
    // Two nodes share id 1: they group together although their node ids differ; each node
    // appears in many rows.
    ASSERT_TRUE(Exec("CREATE (:P {id: 1}), (:P {id: 1}), (:P {id: 2}), (:P)").ok());
    ASSERT_TRUE(Exec("MATCH (p:P) UNWIND range(1, 3) AS k CREATE (:C {k: k})-[:BY]->(p)").ok());
    auto rows =
        Exec("MATCH (:C)-[:BY]->(p:P) RETURN p.id AS id, count(*) AS n ORDER BY n DESC, id");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("1 | 6", "2 | 3", "null | 3"));
    rows = Exec(
        "MATCH (c:C)-[:BY]->(p:P) RETURN count(DISTINCT p.id) AS n, "
        "collect(DISTINCT p.id) AS ids, count(DISTINCT c.k) AS ks");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_TRUE((*rows)[0] == "2 | [1, 2] | 3" || (*rows)[0] == "2 | [2, 1] | 3") << (*rows)[0];
}

TEST_F(ExecAggregateTest, PropertyReadsSeeTheQuerysOwnWrites) {
    // q.v is read (and cached) before the SET; reads after it see the new value.
    ASSERT_TRUE(Exec("CREATE (:Q {v: 0})").ok());
    auto rows = Exec(
        "MATCH (q:Q) WITH q, q.v AS before UNWIND range(1, 3) AS i SET q.v = i "
        "RETURN before, q.v AS v, count(*) AS c");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("0 | 3 | 3"));
    rows = Exec("MATCH (q:Q) WITH q, q:Q AS had REMOVE q:Q RETURN had, q:Q AS has");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("true | false"));
}

TEST_F(ExecAggregateTest, CollectAndOtherAggregatesPerGroup) {
    auto rows = Exec(
        "UNWIND range(1, 10) AS i WITH i % 3 AS g, i RETURN g, collect(i) AS l, min(i) AS lo, "
        "max(i) AS hi, avg(i) AS a, count(DISTINCT i % 2) AS par ORDER BY g");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("0 | [3, 6, 9] | 3 | 9 | 6.0 | 2",
                                   "1 | [1, 4, 7, 10] | 1 | 10 | 5.5 | 2",
                                   "2 | [2, 5, 8] | 2 | 8 | 5.0 | 2"));
    EXPECT_THAT(*Exec("UNWIND [] AS x RETURN count(*), collect(x), sum(x)"),
                ElementsAre("0 | [] | 0"));
}

TEST_F(ExecAggregateTest, GroupsAndDistinctSetsHitTheMemoryLimit) {
    memory_limit = 4 << 20;
    const std::string rows =
        "UNWIND range(1, 600) AS a UNWIND range(1, 1000) AS b WITH a * 1000 + b AS v ";
    EXPECT_EQ(Error(rows + "RETURN v, count(*)").code(), StatusCode::kMemoryLimit);
    EXPECT_EQ(Error(rows + "RETURN count(DISTINCT v)").code(), StatusCode::kMemoryLimit);
    EXPECT_EQ(Error(rows + "RETURN count(DISTINCT toString(v))").code(), StatusCode::kMemoryLimit);
    auto ok = Exec(rows + "RETURN v % 7 AS m, count(DISTINCT v % 100) AS n ORDER BY m LIMIT 1");
    ASSERT_TRUE(ok.ok()) << ok.status().ToString();
    EXPECT_THAT(*ok, ElementsAre("0 | 100"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
