// Variable-length expansions whose rows are only seen deduplicated by end node run
// breadth-first (EXPLAIN: "distinct ends"). On random small multigraphs with loops and
// parallel edges, every form must give the answers of the trail enumeration, which a query
// that reads the relationship list still uses.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class DistinctEndsTest : public ::testing::Test, public EngineFixture {
  protected:
    // Nodes 0..n-1 (property i) and `rels` random relationships of type A or B, including
    // loops and parallel edges.
    void MakeGraph(uint64_t seed, int n, int rels) {
        std::string q = "UNWIND range(0, " + std::to_string(n - 1) + ") AS i CREATE (:N {i: i})";
        ASSERT_TRUE(Exec(q).ok());
        uint64_t x = seed;
        auto next = [&](int mod) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            return static_cast<int>((x >> 33) % static_cast<uint64_t>(mod));
        };
        for (int r = 0; r < rels; ++r) {
            int a = next(n), b = next(5) == 0 ? a : next(n);
            std::string type = next(3) == 0 ? "B" : "A";
            auto st =
                Exec("MATCH (a:N {i: " + std::to_string(a) + "}), (b:N {i: " + std::to_string(b) +
                     "}) CREATE (a)-[:" + type + " {w: " + std::to_string(next(2)) + "}]->(b)");
            ASSERT_TRUE(st.ok()) << st.status().ToString();
        }
    }

    std::string Plan(const std::string& query) {
        auto r = Exec("EXPLAIN " + query);
        return r.ok() ? last_plan : "ERROR: " + r.status().ToString();
    }
};

TEST_F(DistinctEndsTest, MatchesTrailEnumerationOnRandomGraphs) {
    const char* hops[] = {"*1..1", "*1..2", "*1..3", "*0..2", "*", "*..4", "*0..3"};
    const char* shapes[] = {"-[:A%s]-", "-[%s]->", "<-[:A|B%s]-", "-[:B%s]-", "-[%s {w: 1}]-"};
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        ASSERT_TRUE(Exec("MATCH (n) DETACH DELETE n").ok());
        MakeGraph(seed, 7, 12);
        for (const char* shape : shapes) {
            for (const char* hop : hops) {
                char rel[64];
                std::snprintf(rel, sizeof(rel), shape, hop);
                std::string fast =
                    std::string("MATCH (p:N)") + rel + "(f) WITH DISTINCT p, f RETURN p.i, f.i";
                // The oracle names the list and reads it, so the rewrite cannot apply.
                std::string named = std::string(rel);
                named.insert(named.find('[') + 1, "e");
                std::string slow = std::string("MATCH (p:N)") + named +
                                   "(f) WITH p, f, e WITH DISTINCT p, f RETURN p.i, f.i";
                ASSERT_THAT(Plan(fast), HasSubstr("distinct ends")) << fast;
                ASSERT_THAT(Plan(slow), Not(HasSubstr("distinct ends"))) << slow;
                ASSERT_EQ(Sorted(fast), Sorted(slow)) << "seed " << seed << ": " << fast;

                std::string dist = std::string("MATCH (p:N)") + named +
                                   "(f) RETURN p.i, f.i, min(size(e)) AS d, count(DISTINCT f)";
                std::string dist_slow = std::string("MATCH (p:N)") + named +
                                        "(f) WITH p, f, e RETURN p.i, f.i, min(size(e)) AS d, "
                                        "count(DISTINCT f)";
                ASSERT_THAT(Plan(dist), HasSubstr("distinct ends")) << dist;
                ASSERT_EQ(Sorted(dist), Sorted(dist_slow)) << "seed " << seed << ": " << dist;
            }
        }
    }
}

TEST_F(DistinctEndsTest, StartIsAnEndOnlyAlongAClosedTrail) {
    // a-b-c-a is a triangle; d hangs off a; e has a loop; f and g share two parallel edges.
    ASSERT_TRUE(Exec("CREATE (a {n: 'a'})-[:R]->(b {n: 'b'})-[:R]->(c {n: 'c'})-[:R]->(a), "
                     "(a)-[:R]->(d {n: 'd'}), (e {n: 'e'})-[:R]->(e), "
                     "(f {n: 'f'})-[:R]->(g {n: 'g'}), (f)-[:R]->(g)")
                    .ok());
    auto ends = [&](const std::string& from, const std::string& rel) {
        return Sorted("MATCH ({n: '" + from + "'})" + rel +
                      "(x) WITH x, min(size(e)) AS d RETURN x.n, d");
    };
    EXPECT_THAT(ends("a", "-[e:R*1..2]-"), ElementsAre("'b' | 1", "'c' | 1", "'d' | 1"));
    EXPECT_THAT(ends("a", "-[e:R*1..3]-"), ElementsAre("'a' | 3", "'b' | 1", "'c' | 1", "'d' | 1"));
    EXPECT_THAT(ends("a", "-[e:R*1..3]->"),
                ElementsAre("'a' | 3", "'b' | 1", "'c' | 2", "'d' | 1"));
    EXPECT_THAT(ends("d", "-[e:R*1..5]-"), ElementsAre("'a' | 1", "'b' | 2", "'c' | 2"));
    EXPECT_THAT(ends("e", "-[e:R*1..2]-"), ElementsAre("'e' | 1"));
    EXPECT_THAT(ends("e", "-[e:R*0..2]-"), ElementsAre("'e' | 0"));
    EXPECT_THAT(ends("f", "-[e:R*1..2]-"), ElementsAre("'f' | 2", "'g' | 1"));
    EXPECT_THAT(ends("f", "-[e:R*1..1]-"), ElementsAre("'g' | 1"));
    EXPECT_THAT(Plan("MATCH (a)-[e:R*1..3]-(x) WITH x, min(size(e)) AS d RETURN x, d"),
                HasSubstr("distinct ends"));
}

TEST_F(DistinctEndsTest, ObservablePathsKeepTheTrailEnumeration) {
    ASSERT_TRUE(Exec("CREATE (a:P)-[:R]->(b:P)-[:R]->(c:P)").ok());
    // A row per path is observable: counted, returned, read through the list or a path.
    EXPECT_THAT(Plan("MATCH (a)-[e:R*1..2]-(x) RETURN x, count(*)"),
                Not(HasSubstr("distinct ends")));
    EXPECT_THAT(Plan("MATCH (a)-[e:R*1..2]-(x) WITH DISTINCT x, e RETURN x"),
                Not(HasSubstr("distinct ends")));
    EXPECT_THAT(Plan("MATCH p = (a)-[:R*1..2]-(x) WITH DISTINCT x RETURN x"),
                Not(HasSubstr("distinct ends")));
    EXPECT_THAT(Plan("MATCH (a)-[e:R*1..2]-(x) WITH DISTINCT x WHERE size(e) > 1 RETURN x"),
                Not(HasSubstr("distinct ends")));
    EXPECT_THAT(Plan("MATCH (a)-[e:R*1..2]-(x) RETURN x, max(size(e))"),
                Not(HasSubstr("distinct ends")));
    EXPECT_THAT(Plan("MATCH (a)-[:R*2..3]-(x) RETURN DISTINCT x"), Not(HasSubstr("distinct ends")));
    EXPECT_THAT(Sorted("MATCH (a)-[e:R*1..2]-(x) RETURN count(*)"), ElementsAre("6"));
}

TEST_F(DistinctEndsTest, MemoryLimitStopsARunawaySearch) {
    ASSERT_TRUE(Exec("UNWIND range(1, 300) AS i CREATE (:C {i: i})").ok());
    ASSERT_TRUE(Exec("MATCH (a:C), (b:C) WHERE b.i = a.i + 1 CREATE (a)-[:N]->(b)").ok());
    memory_limit = 4096;
    Status st = Error("MATCH (a:C {i: 1})-[:N*]->(x) RETURN DISTINCT x.i");
    EXPECT_EQ(st.code(), StatusCode::kMemoryLimit) << st.ToString();
    memory_limit = 0;
    EXPECT_THAT(Sorted("MATCH (a:C {i: 1})-[:N*]->(x) RETURN count(DISTINCT x)"),
                ElementsAre("299"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
