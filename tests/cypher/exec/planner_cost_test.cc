// The cost-based planner: statistics pick the start node, expand direction and part order;
// a cached plan re-plans when a count it used moves past 2x; expand-into walks the smaller
// side. Each test checks the answers and the EXPLAIN shape.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The first line of the plan text naming `op` (operators print leaf-last, so the last match
// is the one nearest the leaf).
std::string LastLine(const std::string& plan, const std::string& op) {
    std::string found;
    size_t pos = 0;
    while ((pos = plan.find(op, pos)) != std::string::npos) {
        size_t start = plan.rfind('\n', pos);
        size_t end = plan.find('\n', pos);
        found = plan.substr(start == std::string::npos ? 0 : start + 1,
                            end == std::string::npos ? std::string::npos : end - start - 1);
        pos = end == std::string::npos ? plan.size() : end;
    }
    return found;
}

class PlannerCostTest : public ::testing::Test, public EngineFixture {
  protected:
    std::string Plan(const std::string& query) {
        auto r = Exec("EXPLAIN " + query);
        EXPECT_TRUE(r.ok()) << r.status().ToString();
        return last_plan;
    }
};

TEST_F(PlannerCostTest, StartsFromTheSmallerLabel) {
    // 200 :Many nodes, 3 :Few, each Few pointing at one Many.
    ASSERT_TRUE(Exec("UNWIND range(1, 200) AS i CREATE (:Many {i: i})").ok());
    ASSERT_TRUE(Exec("UNWIND range(1, 3) AS i MATCH (m:Many {i: i * 10}) "
                     "CREATE (:Few {i: i})-[:R]->(m)")
                    .ok());
    const std::string q = "MATCH (m:Many)<-[:R]-(f:Few) RETURN f.i, m.i";
    std::string plan = Plan(q);
    // Without statistics the rule starts from the first labelled node, m.
    EXPECT_THAT(LastLine(plan, "NodeByLabelScan"), HasSubstr(":Few"));
    EXPECT_THAT(plan, HasSubstr("Expand (0)->[id:R](1)"));  // from f (slot 0) to m
    EXPECT_THAT(Sorted(q), ElementsAre("1 | 10", "2 | 20", "3 | 30"));
}

TEST_F(PlannerCostTest, CachedPlanReplansWhenACountMovesPastTwice) {
    ASSERT_TRUE(Exec("UNWIND range(1, 20) AS i CREATE (:A {i: i})").ok());
    ASSERT_TRUE(Exec("UNWIND range(1, 4) AS i CREATE (:B {i: i})").ok());
    ASSERT_TRUE(Exec("MATCH (a:A {i: 1}), (b:B {i: 1}) CREATE (a)-[:R]->(b)").ok());
    const std::string q = "MATCH (a:A)-[:R]->(b:B) RETURN a.i, b.i";
    EXPECT_THAT(LastLine(Plan(q), "NodeByLabelScan"), HasSubstr(":B"));
    // 1.5x more B: same plan.
    ASSERT_TRUE(Exec("UNWIND range(5, 6) AS i CREATE (:B {i: i})").ok());
    EXPECT_THAT(LastLine(Plan(q), "NodeByLabelScan"), HasSubstr(":B"));
    // B grows past A and past 2x what the plan used: the cached text re-plans from A.
    ASSERT_TRUE(Exec("UNWIND range(7, 100) AS i CREATE (:B {i: i})").ok());
    EXPECT_THAT(LastLine(Plan(q), "NodeByLabelScan"), HasSubstr(":A"));
    EXPECT_THAT(*Exec(q), ElementsAre("1 | 1"));
    // Parameters never re-plan: the answer follows the value, the plan stays.
    const std::string pq = "MATCH (a:A)-[:R]->(b:B) WHERE a.i = $i RETURN b.i";
    std::string before = Plan(pq);
    EXPECT_THAT(*Exec(pq, {{"i", Value(1)}}), ElementsAre("1"));
    EXPECT_THAT(*Exec(pq, {{"i", Value(2)}}), ElementsAre());
    EXPECT_EQ(Plan(pq), before);
}

TEST_F(PlannerCostTest, BothEndsBoundStartsFromTheLowerDegreeEnd) {
    // IC5's shape: a person with many posts, forums with few; the OPTIONAL MATCH between a
    // bound person and a bound forum should walk the forum's posts.
    ASSERT_TRUE(Exec("CREATE (:Person {id: 1}), (:Person {id: 2})").ok());
    ASSERT_TRUE(Exec("UNWIND range(1, 10) AS f CREATE (:Forum {id: f})").ok());
    ASSERT_TRUE(Exec("MATCH (p:Person), (f:Forum) UNWIND range(1, 6) AS k "
                     "CREATE (p)<-[:HAS_CREATOR]-(:Post {k: k})<-[:CONTAINER_OF]-(f)")
                    .ok());
    ASSERT_TRUE(Exec("MATCH (p:Person {id: 1}), (f:Forum) WHERE f.id <= 3 "
                     "CREATE (p)<-[:HAS_MEMBER]-(f)")
                    .ok());
    const std::string q =
        "MATCH (p:Person {id: 1})<-[:HAS_MEMBER]-(forum:Forum) "
        "OPTIONAL MATCH (p)<-[:HAS_CREATOR]-(post:Post)<-[:CONTAINER_OF]-(forum) "
        "RETURN forum.id, count(post) ORDER BY forum.id";
    // The OPTIONAL MATCH becomes a hash join built once per person (slot 0), probed on forum.
    EXPECT_THAT(Plan(q), HasSubstr("OptionalHashJoin (1)=(5) per (0)"));
    // A plain MATCH between the same bound ends (an inline WHERE keeps it off the hash join)
    // starts at forum (slot 1), going out along CONTAINER_OF, and checks the creator (p,
    // slot 0) with an expand-into.
    const std::string plain =
        "MATCH (p:Person {id: 1})<-[:HAS_MEMBER]-(forum:Forum) "
        "MATCH (p)<-[:HAS_CREATOR]-(post:Post WHERE post.k > 0)<-[:CONTAINER_OF]-(forum) "
        "RETURN forum.id, count(post) ORDER BY forum.id";
    std::string plan = Plan(plain);
    EXPECT_THAT(plan, HasSubstr("Expand (1)->[id:CONTAINER_OF](3)"));
    EXPECT_THAT(plan, HasSubstr("ExpandInto (3)->[id:HAS_CREATOR](0)"));
    EXPECT_THAT(*Exec(plain), ElementsAre("1 | 6", "2 | 6", "3 | 6"));
    EXPECT_THAT(*Exec(q), ElementsAre("1 | 6", "2 | 6", "3 | 6"));
    // Same answers when the forum end is the one with more relationships.
    EXPECT_THAT(*Exec("MATCH (p:Person {id: 2}), (forum:Forum {id: 4}) "
                      "OPTIONAL MATCH (p)<-[:HAS_CREATOR]-(post:Post)<-[:CONTAINER_OF]-(forum) "
                      "RETURN count(post)"),
                ElementsAre("6"));
}

TEST_F(PlannerCostTest, ExpandIntoWalksTheSmallerSide) {
    ASSERT_TRUE(Exec("CREATE (hub:H {n: 'hub'}), (leaf:L {n: 'leaf'}) "
                     "WITH hub, leaf UNWIND range(1, 50) AS i "
                     "CREATE (hub)-[:T {i: i}]->(:X)")
                    .ok());
    ASSERT_TRUE(Exec("MATCH (h:H), (l:L) CREATE (h)-[:T {i: 0}]->(l), (h)-[:T {i: -1}]->(l)").ok());
    const std::string q = "MATCH (h:H), (l:L) MATCH (h)-[r:T]->(l) RETURN r.i ORDER BY r.i";
    EXPECT_THAT(Plan(q), HasSubstr("ExpandInto"));
    EXPECT_THAT(*Exec(q), ElementsAre("-1", "0"));
    EXPECT_THAT(
        *Exec("MATCH (h:H), (l:L) MATCH (l)<-[r:T]-(h) RETURN startNode(r).n, endNode(r).n"),
        ElementsAre("'hub' | 'leaf'", "'hub' | 'leaf'"));
    // Undirected and relationship uniqueness across the two hops still hold.
    EXPECT_THAT(*Exec("MATCH (h:H), (l:L) MATCH (h)-[r1:T]-(l)-[r2:T]-(h) RETURN r1.i, r2.i "
                      "ORDER BY r1.i"),
                ElementsAre("-1 | 0", "0 | -1"));
}

TEST_F(PlannerCostTest, SelectivePartPlannedFirst) {
    ASSERT_TRUE(Exec("UNWIND range(1, 100) AS i CREATE (:Big {i: i})").ok());
    ASSERT_TRUE(Exec("CREATE (:Small {i: 1}), (:Small {i: 2})").ok());
    const std::string q = "MATCH (b:Big), (s:Small) WHERE b.i = s.i RETURN b.i, s.i";
    std::string plan = Plan(q);
    // The leaf scan (printed last) is the small label.
    EXPECT_THAT(LastLine(plan, "Scan"), HasSubstr(":Small"));
    EXPECT_THAT(Sorted(q), ElementsAre("1 | 1", "2 | 2"));
}

TEST_F(PlannerCostTest, PathsAndVarLengthKeepTheirShapeFromEitherStart) {
    ASSERT_TRUE(Exec("UNWIND range(1, 30) AS i CREATE (:N {i: i})").ok());
    ASSERT_TRUE(Exec("CREATE (:S {i: 0})").ok());
    ASSERT_TRUE(Exec("MATCH (s:S), (n:N) WHERE n.i <= 2 CREATE (n)-[:E]->(s)").ok());
    ASSERT_TRUE(Exec("MATCH (a:N {i: 1}), (b:N {i: 2}) CREATE (a)-[:E]->(b)").ok());
    // Starts from :S (one node), yet the path still reads left to right.
    const std::string q =
        "MATCH p = (n:N)-[:E*1..2]->(s:S) RETURN n.i, length(p), "
        "[x IN nodes(p) | x.i]";
    EXPECT_THAT(LastLine(Plan(q), "NodeByLabelScan"), HasSubstr(":S"));
    EXPECT_THAT(Sorted(q), ElementsAre("1 | 1 | [1, 0]", "1 | 2 | [1, 2, 0]", "2 | 1 | [2, 0]"));
    EXPECT_THAT(Sorted("MATCH (n:N)-[:E]->(m)-[:E]->(s:S) RETURN n.i, m.i"), ElementsAre("1 | 2"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
