// OptionalHashJoin: an OPTIONAL MATCH bound at two nodes is built once per value of the
// earlier-bound node and probed on the other; answers must equal the nested plan's (same
// query with a WHERE that keeps the old plan), including nulls and the memory limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class PlannerJoinTest : public ::testing::Test, public EngineFixture {
  protected:
    void SetUp() override {
        // Persons 1..3 write posts in forums 1..4: person p writes p*f posts in forum f when
        // (p + f) is odd; person 3 writes nothing; forum 4 has members but no posts.
        ASSERT_TRUE(Exec("UNWIND range(1, 3) AS p CREATE (:Person {id: p})").ok());
        ASSERT_TRUE(Exec("UNWIND range(1, 4) AS f CREATE (:Forum {id: f})").ok());
        ASSERT_TRUE(Exec("MATCH (p:Person), (f:Forum) WHERE p.id < 3 AND (p.id + f.id) % 2 = 1 "
                         "AND f.id < 4 UNWIND range(1, p.id * f.id) AS k "
                         "CREATE (p)<-[:CREATOR]-(:Post {k: k})<-[:CONTAINS]-(f)")
                        .ok());
        ASSERT_TRUE(Exec("MATCH (p:Person), (f:Forum) CREATE (p)<-[:MEMBER]-(f)").ok());
        // Many posts per person make the join cheaper than walking them per forum.
        ASSERT_TRUE(Exec("MATCH (p:Person {id: 1}), (f:Forum {id: 2}) UNWIND range(1, 40) AS k "
                         "CREATE (p)<-[:CREATOR]-(:Post {k: k})<-[:CONTAINS]-(f)")
                        .ok());
    }
    static constexpr const char* kJoined =
        "MATCH (p:Person)<-[:MEMBER]-(forum:Forum) "
        "OPTIONAL MATCH (p)<-[:CREATOR]-(post:Post)<-[:CONTAINS]-(forum) "
        "RETURN p.id, forum.id, count(post) ORDER BY p.id, forum.id";
    // A WHERE on the OPTIONAL MATCH keeps the per-row plan: the reference answer.
    static constexpr const char* kNested =
        "MATCH (p:Person)<-[:MEMBER]-(forum:Forum) "
        "OPTIONAL MATCH (p)<-[:CREATOR]-(post:Post)<-[:CONTAINS]-(forum) WHERE true "
        "RETURN p.id, forum.id, count(post) ORDER BY p.id, forum.id";
};

TEST_F(PlannerJoinTest, SameAnswersAsTheNestedPlan) {
    ASSERT_TRUE(Exec(std::string("EXPLAIN ") + kJoined).ok());
    EXPECT_THAT(last_plan, HasSubstr("OptionalHashJoin"));
    ASSERT_TRUE(Exec(std::string("EXPLAIN ") + kNested).ok());
    EXPECT_THAT(last_plan, Not(HasSubstr("HashJoin")));
    auto joined = Exec(kJoined);
    ASSERT_TRUE(joined.ok()) << joined.status().ToString();
    EXPECT_EQ(*joined, *Exec(kNested));
    EXPECT_THAT(*joined, ElementsAre("1 | 1 | 0", "1 | 2 | 42", "1 | 3 | 0", "1 | 4 | 0",
                                     "2 | 1 | 2", "2 | 2 | 0", "2 | 3 | 6", "2 | 4 | 0",
                                     "3 | 1 | 0", "3 | 2 | 0", "3 | 3 | 0", "3 | 4 | 0"));
}

TEST_F(PlannerJoinTest, RowsAndNullsCarryThroughTheJoin) {
    const std::string q =
        "MATCH (p:Person {id: 2})<-[:MEMBER]-(forum:Forum) "
        "OPTIONAL MATCH (p)<-[c:CREATOR]-(post:Post)<-[:CONTAINS]-(forum) "
        "RETURN forum.id, post.k, type(c) ORDER BY forum.id, post.k";
    auto rows = Exec(q);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("1 | 1 | 'CREATOR'", "1 | 2 | 'CREATOR'", "2 | null | null",
                                   "3 | 1 | 'CREATOR'", "3 | 2 | 'CREATOR'", "3 | 3 | 'CREATOR'",
                                   "3 | 4 | 'CREATOR'", "3 | 5 | 'CREATOR'", "3 | 6 | 'CREATOR'",
                                   "4 | null | null"));
    // A null end (from an earlier OPTIONAL MATCH) joins nothing and keeps its row.
    EXPECT_THAT(*Exec("MATCH (p:Person {id: 1}) OPTIONAL MATCH (p)-[:NOPE]->(forum:Forum) "
                      "MATCH (q:Person {id: 1}) "
                      "OPTIONAL MATCH (q)<-[:CREATOR]-(post:Post)<-[:CONTAINS]-(forum) "
                      "RETURN forum, post"),
                ElementsAre("null | null"));
}

TEST_F(PlannerJoinTest, BuildIsChargedToTheMemoryLimit) {
    // Without a sort or aggregation only the join's table is charged: the nested plan fits.
    const std::string joined =
        "MATCH (p:Person)<-[:MEMBER]-(forum:Forum) "
        "OPTIONAL MATCH (p)<-[:CREATOR]-(post:Post)<-[:CONTAINS]-(forum) RETURN post.k";
    const std::string nested =
        "MATCH (p:Person)<-[:MEMBER]-(forum:Forum) "
        "OPTIONAL MATCH (p)<-[:CREATOR]-(post:Post)<-[:CONTAINS]-(forum) WHERE true "
        "RETURN post.k";
    memory_limit = 2000;
    EXPECT_TRUE(Exec(nested).ok());
    Status st = Error(joined);
    EXPECT_EQ(st.code(), StatusCode::kMemoryLimit) << st.ToString();
    memory_limit = 0;
    EXPECT_EQ(Exec(joined)->size(), Exec(nested)->size());
}

// IC6's shape: a MATCH bound at one node (each friend) whose part is cheap from its other end
// (one tag) is built once with the friend unbound and joined on it.
TEST_F(PlannerJoinTest, OneBoundNodeBuiltOnceAndJoined) {
    ASSERT_TRUE(Exec("CREATE INDEX forum_id FOR (f:Forum) ON (f.id)").ok());
    const std::string joined =
        "MATCH (p:Person) WITH DISTINCT p "
        "MATCH (p)<-[:CREATOR]-(post:Post)<-[:CONTAINS]-(:Forum {id: 3}) "
        "RETURN p.id, count(post) ORDER BY p.id";
    const std::string nested =
        "MATCH (p:Person) WITH DISTINCT p "
        "MATCH (p)<-[:CREATOR]-(post:Post WHERE true)<-[:CONTAINS]-(:Forum {id: 3}) "
        "RETURN p.id, count(post) ORDER BY p.id";
    ASSERT_TRUE(Exec("EXPLAIN " + joined).ok());
    EXPECT_THAT(last_plan, HasSubstr("HashJoin"));
    EXPECT_THAT(last_plan, Not(HasSubstr("OptionalHashJoin")));
    ASSERT_TRUE(Exec("EXPLAIN " + nested).ok());
    EXPECT_THAT(last_plan, Not(HasSubstr("HashJoin")));
    EXPECT_THAT(*Exec(joined), ElementsAre("2 | 6"));
    EXPECT_EQ(*Exec(joined), *Exec(nested));
}

// IC12's shape: a long chain whose tail (tag -> class -> superclasses -> the named class)
// reads nothing bound elsewhere is built once and joined on its first node.
TEST(PlannerSplitTest, ChainTailBuiltOnceMatchesTheSingleChain) {
    EngineFixture f;
    // Classes: root <- mid <- leaf_i (i < 4); 40 tags, tag i of leaf (i % 4) or of 'other';
    // 600 posts tagged by two tags each, written by persons 1..30.
    ASSERT_TRUE(f.Exec("CREATE (r:TC {name: 'root'}), (m:TC {name: 'mid'})-[:SUB]->(r), "
                       "(:TC {name: 'other'}) WITH m UNWIND range(0, 3) AS i "
                       "CREATE (:TC {name: 'leaf' + toString(i)})-[:SUB]->(m)")
                    .ok());
    ASSERT_TRUE(f.Exec("UNWIND range(0, 39) AS i MATCH (c:TC) WHERE c.name = "
                       "CASE WHEN i % 5 = 4 THEN 'other' ELSE 'leaf' + toString(i % 4) END "
                       "CREATE (:Tag {i: i})-[:TYPE]->(c)")
                    .ok());
    ASSERT_TRUE(f.Exec("UNWIND range(1, 30) AS p CREATE (:Person {id: p})").ok());
    ASSERT_TRUE(f.Exec("CREATE INDEX person_id FOR (p:Person) ON (p.id)").ok());
    ASSERT_TRUE(f.Exec("UNWIND range(0, 599) AS k MATCH (p:Person {id: 1 + k % 30}), "
                       "(a:Tag {i: k % 40}), (b:Tag {i: (k * 7) % 40}) "
                       "CREATE (p)<-[:BY]-(post:Post {k: k})-[:HAS]->(a), (post)-[:HAS]->(b)")
                    .ok());
    const std::string split =
        "MATCH (p:Person {id: $id})<-[:BY]-(post:Post)-[:HAS]->(t:Tag)-[:TYPE]->(:TC)"
        "-[:SUB*0..3]->(:TC {name: 'root'}) "
        "RETURN p.id, count(DISTINCT t), count(*) ORDER BY p.id";
    // A named relationship keeps the single chain: the reference answer.
    const std::string chain =
        "MATCH (p:Person {id: $id})<-[:BY]-(post:Post)-[:HAS]->(t:Tag)-[ty:TYPE]->(:TC)"
        "-[:SUB*0..3]->(:TC {name: 'root'}) "
        "RETURN p.id, count(DISTINCT t), count(*) ORDER BY p.id";
    ASSERT_TRUE(f.Exec("EXPLAIN " + split).ok());
    EXPECT_THAT(f.last_plan, HasSubstr("HashJoin"));
    ASSERT_TRUE(f.Exec("EXPLAIN " + chain).ok());
    EXPECT_THAT(f.last_plan, Not(HasSubstr("HashJoin")));
    for (int id = 1; id <= 3; ++id) {
        ParamMap params{{"id", Value(id)}};
        auto rows = f.Exec(split, params);
        ASSERT_TRUE(rows.ok()) << rows.status().ToString();
        EXPECT_EQ(rows->size(), 1u);
        EXPECT_EQ(*rows, *f.Exec(chain, params));
        EXPECT_EQ(f.Sorted(split.substr(0, split.find(" RETURN")) + " RETURN post.k, t.i", params),
                  f.Sorted(chain.substr(0, chain.find(" RETURN")) + " RETURN post.k, t.i", params));
    }
}

}  // namespace
}  // namespace nexus::cypher::testutil
