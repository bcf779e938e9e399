// Count shortcuts: plain counts over a whole-label scan or one directed relationship type
// are answered from count metadata (EXPLAIN shows CountFromCountStore), with the same answer
// the scan gives, including inside a writing query and for unknown labels and types.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class CountStoreTest : public ::testing::Test, public EngineFixture {
  protected:
    void SetUp() override {
        auto r = Exec(
            "CREATE (a:Person {name: 'A'}), (b:Person {name: 'B'}), (c:City), (d), "
            "(a)-[:KNOWS]->(b), (b)-[:KNOWS]->(a), (a)-[:KNOWS]->(a), (a)-[:LIVES_IN]->(c)");
        ASSERT_TRUE(r.ok()) << r.status().ToString();
    }

    std::string Plan(const std::string& query) {
        auto r = Exec("EXPLAIN " + query);
        return r.ok() ? last_plan : "ERROR: " + r.status().ToString();
    }
};

TEST_F(CountStoreTest, NodeCountsComeFromTheStore) {
    EXPECT_THAT(Plan("MATCH (n) RETURN count(*)"), HasSubstr("NodeCountFromCountStore"));
    EXPECT_THAT(Plan("MATCH (n:Person) RETURN count(n)"), HasSubstr("NodeCountFromCountStore"));
    EXPECT_THAT(*Exec("MATCH (n) RETURN count(*)"), ElementsAre("4"));
    EXPECT_THAT(*Exec("MATCH (n:Person) RETURN count(n) AS c, count(*) AS d"),
                ElementsAre("2 | 2"));
    EXPECT_THAT(*Exec("MATCH (n:Nope) RETURN count(n)"), ElementsAre("0"));
}

TEST_F(CountStoreTest, RelationshipCountsComeFromTheStore) {
    EXPECT_THAT(Plan("MATCH ()-[r:KNOWS]->() RETURN count(r)"),
                HasSubstr("RelationshipCountFromCountStore"));
    EXPECT_THAT(*Exec("MATCH ()-[r:KNOWS]->() RETURN count(r)"), ElementsAre("3"));
    EXPECT_THAT(*Exec("MATCH (a)<-[r:KNOWS]-(b) RETURN count(*)"), ElementsAre("3"));
    EXPECT_THAT(*Exec("MATCH ()-[r]->() RETURN count(r)"), ElementsAre("4"));
    EXPECT_THAT(*Exec("MATCH ()-[r:KNOWS|LIVES_IN|KNOWS]->() RETURN count(r)"), ElementsAre("4"));
    EXPECT_THAT(*Exec("MATCH ()-[r:NOPE]->() RETURN count(r)"), ElementsAre("0"));
}

TEST_F(CountStoreTest, OtherShapesStillScan) {
    // Labelled endpoints, WHERE, DISTINCT, grouping keys and undirected patterns (a loop
    // matches once, which metadata cannot see) keep the ordinary plan and its answers.
    EXPECT_THAT(Plan("MATCH (:Person)-[r:KNOWS]->() RETURN count(r)"),
                Not(HasSubstr("CountStore")));
    EXPECT_THAT(Plan("MATCH (n:Person) WHERE n.name = 'A' RETURN count(n)"),
                Not(HasSubstr("CountStore")));
    EXPECT_THAT(Plan("MATCH (n:Person) RETURN count(DISTINCT n)"), Not(HasSubstr("CountStore")));
    EXPECT_THAT(Plan("MATCH (n:Person) RETURN n.name, count(*)"), Not(HasSubstr("CountStore")));
    EXPECT_THAT(Plan("MATCH ()-[r:KNOWS]-() RETURN count(r)"), Not(HasSubstr("CountStore")));
    EXPECT_THAT(*Exec("MATCH ()-[r:KNOWS]-() RETURN count(r)"), ElementsAre("5"));
    EXPECT_THAT(*Exec("MATCH (n:Person {name: 'A'}) RETURN count(n)"), ElementsAre("1"));
    EXPECT_THAT(*Exec("MATCH (n), (m) RETURN count(*)"), ElementsAre("16"));
}

TEST_F(CountStoreTest, ExactInsideAWritingQuery) {
    EXPECT_THAT(*Exec("CREATE (:Person) WITH 1 AS one MATCH (n:Person) RETURN count(n)"),
                ElementsAre("3"));
    EXPECT_THAT(*Exec("MATCH (n:Person) RETURN count(n)"), ElementsAre("3"));
    EXPECT_THAT(*Exec("MATCH (a:Person {name: 'A'})-[r:KNOWS]->(b:Person {name: 'B'}) DELETE r "
                      "WITH count(*) AS deleted CALL { MATCH ()-[k:KNOWS]->() "
                      "RETURN count(k) AS left } RETURN deleted, left"),
                ElementsAre("1 | 2"));
    EXPECT_THAT(Plan("CALL { MATCH ()-[k:KNOWS]->() RETURN count(k) AS left } RETURN left"),
                HasSubstr("RelationshipCountFromCountStore"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
