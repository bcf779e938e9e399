// Anonymous relationships travel as bare ids (EXPLAIN: "[id"), which must keep relationship
// uniqueness within a MATCH and leave named relationships and paths whole.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class ExpandIdTest : public ::testing::Test, public EngineFixture {
  protected:
    void SetUp() override {
        ASSERT_TRUE(Exec("CREATE (a:P {n: 1})-[:R]->(b:P {n: 2}), (b)-[:R]->(c:P {n: 3})").ok());
    }
};

TEST_F(ExpandIdTest, AnonymousRelationshipsStayUnique) {
    auto plan = Exec("EXPLAIN MATCH (a)-[:R]-(b)-[:R]-(c) RETURN a.n, c.n");
    ASSERT_TRUE(plan.ok());
    EXPECT_THAT(last_plan, HasSubstr("[id:R]"));
    // b's one relationship to a cannot be walked back: a and c always differ.
    EXPECT_THAT(Sorted("MATCH (a)-[:R]-(b)-[:R]-(c) RETURN a.n, c.n"),
                ElementsAre("1 | 3", "3 | 1"));
    EXPECT_THAT(Sorted("MATCH (a)-[:R]-(b)-[r:R]-(c) RETURN a.n, type(r), c.n"),
                ElementsAre("1 | 'R' | 3", "3 | 'R' | 1"));
    EXPECT_THAT(Sorted("MATCH (a)-[:R]-(b), (b)-[:R*1..2]-(c) RETURN a.n, c.n"),
                ElementsAre("1 | 3", "3 | 1"));
}

TEST_F(ExpandIdTest, NamedRelationshipsAndPathsStayWhole) {
    auto plan = Exec("EXPLAIN MATCH p = (a)-[:R]->(b) RETURN p");
    ASSERT_TRUE(plan.ok());
    EXPECT_THAT(last_plan, Not(HasSubstr("[id")));
    EXPECT_THAT(Sorted("MATCH p = (a {n: 1})-[:R]->(b) RETURN [r IN relationships(p) | type(r)]"),
                ElementsAre("['R']"));
    EXPECT_THAT(Sorted("MATCH (a {n: 1})-[r]->(b) RETURN type(r), b.n"), ElementsAre("'R' | 2"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
