// Engine tests for updating queries and side-effect statistics: CREATE, MERGE, SET, REMOVE,
// DELETE, FOREACH, CALL subqueries with writes, and the Eager barrier semantics.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;

class WriteTest : public ::testing::Test, public EngineFixture {};

TEST_F(WriteTest, CreateCountsSideEffects) {
    ASSERT_TRUE(Exec("CREATE (a:A:B {x: 1, y: 'two'})-[:R {w: 3}]->(b:A)").ok());
    EXPECT_EQ(last_stats.nodes_created, 2);
    EXPECT_EQ(last_stats.relationships_created, 1);
    EXPECT_EQ(last_stats.labels_added, 3);
    EXPECT_EQ(last_stats.properties_set, 3);
    EXPECT_THAT(Sorted("MATCH (a:B)-[r:R]->(b) RETURN a.x, a.y, r.w, labels(b)"),
                ElementsAre("1 | 'two' | 3 | ['A']"));
}

TEST_F(WriteTest, MatchCreateDoesNotSeeItsOwnCreations) {
    ASSERT_TRUE(Exec("CREATE (:N), (:N)").ok());
    ASSERT_TRUE(Exec("MATCH (n:N) CREATE (:N)").ok());
    EXPECT_EQ(last_stats.nodes_created, 2);
    EXPECT_THAT(Sorted("MATCH (n:N) RETURN count(n)"), ElementsAre("4"));
}

TEST_F(WriteTest, MergeMatchesOrCreates) {
    ASSERT_TRUE(Exec("UNWIND [1, 1, 2] AS x MERGE (n:M {v: x}) "
                     "ON CREATE SET n.created = true ON MATCH SET n.matched = true")
                    .ok());
    EXPECT_EQ(last_stats.nodes_created, 2);
    EXPECT_THAT(Sorted("MATCH (n:M) RETURN n.v, n.created, n.matched"),
                ElementsAre("1 | true | true", "2 | true | null"));
    ASSERT_TRUE(Exec("MATCH (a:M {v: 1}), (b:M {v: 2}) MERGE (a)-[:T]->(b)").ok());
    ASSERT_TRUE(Exec("MATCH (a:M {v: 1}), (b:M {v: 2}) MERGE (a)-[:T]->(b)").ok());
    EXPECT_THAT(Sorted("MATCH ()-[r:T]->() RETURN count(r)"), ElementsAre("1"));
    EXPECT_EQ(Error("MERGE (n:M {v: null})").code(), StatusCode::kSemanticError);
}

TEST_F(WriteTest, SetAndRemove) {
    ASSERT_TRUE(Exec("CREATE (:P {a: 1, b: 2})").ok());
    ASSERT_TRUE(Exec("MATCH (n:P) SET n.c = n.a + n.b, n:Q REMOVE n.a").ok());
    EXPECT_THAT(Sorted("MATCH (n:P:Q) RETURN properties(n)"), ElementsAre("{b: 2, c: 3}"));
    ASSERT_TRUE(Exec("MATCH (n:P) SET n = {z: 9}").ok());
    EXPECT_THAT(Sorted("MATCH (n:P) RETURN properties(n)"), ElementsAre("{z: 9}"));
    ASSERT_TRUE(Exec("MATCH (n:P) SET n += {y: 8} REMOVE n:Q").ok());
    EXPECT_EQ(last_stats.labels_removed, 1);
    EXPECT_THAT(Sorted("MATCH (n:P) RETURN n.y, n.z, labels(n)"), ElementsAre("8 | 9 | ['P']"));
}

TEST_F(WriteTest, DeleteAndDetachDelete) {
    ASSERT_TRUE(Exec("CREATE (a:D)-[:R]->(b:D), (a)-[:R]->(c:D)").ok());
    EXPECT_EQ(Error("MATCH (a:D)-->() DELETE a").code(), StatusCode::kDeleteConnected);
    ASSERT_TRUE(Exec("MATCH (a:D)-[r]->(b) DELETE r, b").ok());
    EXPECT_EQ(last_stats.relationships_deleted, 2);
    EXPECT_EQ(last_stats.nodes_deleted, 2);
    ASSERT_TRUE(Exec("CREATE (a:E)-[:R]->(:E)").ok());
    ASSERT_TRUE(Exec("MATCH (a:E) DETACH DELETE a").ok());
    EXPECT_EQ(last_stats.nodes_deleted, 2);
    EXPECT_EQ(last_stats.relationships_deleted, 1);
    EXPECT_THAT(Sorted("MATCH (n) RETURN count(n)"), ElementsAre("1"));
}

TEST_F(WriteTest, ForeachAndCallSubqueryWrites) {
    ASSERT_TRUE(Exec("FOREACH (x IN range(1, 3) | CREATE (:F {x: x}))").ok());
    EXPECT_EQ(last_stats.nodes_created, 3);
    ASSERT_TRUE(Exec("UNWIND [1, 2] AS i CALL { WITH i CREATE (:G {i: i}) }").ok());
    EXPECT_THAT(Sorted("MATCH (g:G) RETURN g.i"), ElementsAre("1", "2"));
}

TEST_F(WriteTest, LimitZeroStillRunsUpdates) {
    ASSERT_TRUE(Exec("CREATE (:H), (:H)").ok());
    auto rows = Exec("MATCH (n:H) SET n.x = 1 RETURN n LIMIT 0");
    ASSERT_TRUE(rows.ok());
    EXPECT_TRUE(rows->empty());
    EXPECT_EQ(last_stats.properties_set, 2);
}

TEST_F(WriteTest, ReadOnlyTransactionRejectsWrites) {
    auto prepared = engine.Prepare("CREATE ()");
    ASSERT_TRUE(prepared.ok());
    EXPECT_FALSE((*prepared)->read_only());
    auto result = (*prepared)->Execute(&graph, nullptr, {}, {});
    EXPECT_FALSE(result.ok());
}

}  // namespace
}  // namespace nexus::cypher::testutil
