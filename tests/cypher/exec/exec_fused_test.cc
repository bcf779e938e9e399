// Expand feeding an aggregation, sort or top-k through Filters and Projections runs fused
// (one reused row per match, row_stream.h). PROFILE turns the fusion off, so every query here
// is checked against its PROFILE twin as well as against answers computed from the graph's
// construction: relationship uniqueness, label checks, bound far ends, grouping keys that keep
// the group's first row, and top-k ties must all come out as the operator-by-operator plan.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;

constexpr int kNodes = 30;

// Out-neighbours of node i by construction: two relationships each, plus a loop on 0 and a
// parallel relationship 1 -> f1(1).
int F1(int i) {
    return (i * 7 + 3) % kNodes;
}
int F2(int i) {
    return (i * 11 + 5) % kNodes;
}

class ExecFusedTest : public ::testing::Test, public EngineFixture {
  protected:
    void SetUp() override {
        ASSERT_TRUE(Exec("UNWIND range(0, 29) AS i CREATE (:P {id: i, v: i % 5})").ok());
        // Every third node is also a Q.
        ASSERT_TRUE(Exec("MATCH (n:P) WHERE n.id % 3 = 0 SET n:Q").ok());
        ASSERT_TRUE(Exec("MATCH (a:P), (b:P) WHERE b.id = (a.id * 7 + 3) % 30 "
                         "CREATE (a)-[:K {w: a.id}]->(b)")
                        .ok());
        ASSERT_TRUE(Exec("MATCH (a:P), (b:P) WHERE b.id = (a.id * 11 + 5) % 30 "
                         "CREATE (a)-[:K {w: 100 + a.id}]->(b)")
                        .ok());
        ASSERT_TRUE(Exec("MATCH (a:P {id: 0}) CREATE (a)-[:K {w: 200}]->(a)").ok());
        ASSERT_TRUE(Exec("MATCH (a:P {id: 1}), (b:P {id: 10}) CREATE (a)-[:K {w: 201}]->(b)").ok());
    }

    // Out-relationships as (from, to) pairs, with multiplicity.
    static std::vector<std::pair<int, int>> Rels() {
        std::vector<std::pair<int, int>> out;
        for (int i = 0; i < kNodes; ++i) {
            out.emplace_back(i, F1(i));
            out.emplace_back(i, F2(i));
        }
        out.emplace_back(0, 0);
        out.emplace_back(1, 10);
        return out;
    }

    // The query's sorted rows, after checking that PROFILE (no fusion) gives the same.
    std::vector<std::string> Both(const std::string& query) {
        std::vector<std::string> fused = Sorted(query);
        EXPECT_EQ(fused, Sorted("PROFILE " + query)) << query;
        return fused;
    }
};

TEST_F(ExecFusedTest, CountOfOneHopMatchesConstruction) {
    EXPECT_THAT(Both("MATCH (a:P)-[:K]->(b:P) RETURN count(*) AS n"),
                ElementsAre(std::to_string(Rels().size())));
    // The far end's label is checked on every match: only Q ends count.
    size_t q_ends = 0;
    for (auto [a, b] : Rels()) q_ends += b % 3 == 0 ? 1 : 0;
    EXPECT_THAT(Both("MATCH (a:P)-[:K]->(b:Q) RETURN count(*) AS n"),
                ElementsAre(std::to_string(q_ends)));
}

TEST_F(ExecFusedTest, TwoHopDistinctWithRelationshipUniqueness) {
    // Undirected two-hop trails from node 0: no relationship twice, so the loop on 0 and the
    // parallel 1 -> 10 pair are the only ways back to a node along a different relationship.
    std::vector<std::pair<int, int>> rels = Rels();
    std::set<int> ends;
    for (size_t r1 = 0; r1 < rels.size(); ++r1) {
        auto [a1, b1] = rels[r1];
        if (a1 != 0 && b1 != 0) continue;
        std::vector<int> mids;
        if (a1 == 0) mids.push_back(b1);
        if (b1 == 0 && a1 != b1) mids.push_back(a1);
        for (int mid : mids) {
            for (size_t r2 = 0; r2 < rels.size(); ++r2) {
                if (r2 == r1) continue;
                auto [a2, b2] = rels[r2];
                if (a2 == mid) ends.insert(b2);
                if (b2 == mid && a2 != b2) ends.insert(a2);
            }
        }
    }
    EXPECT_THAT(Both("MATCH (s:P {id: 0})-[:K]-(:P)-[:K]-(f:P) RETURN count(DISTINCT f.id) AS n"),
                ElementsAre(std::to_string(ends.size())));
}

TEST_F(ExecFusedTest, GroupedAggregateKeepsTheGroupsFirstRow) {
    // Group by the start node, aggregate over the far ends; expressions above the
    // aggregation read the grouping node, whose row the fused stream must copy, not move.
    std::map<int, std::pair<int, int>> per_node;  // id -> (count, sum of far ids)
    for (auto [a, b] : Rels()) {
        per_node[a].first += 1;
        per_node[a].second += b;
    }
    std::vector<std::string> want;
    for (auto [id, cs] : per_node) {
        want.push_back(std::to_string(id) + " | " + std::to_string(cs.first) + " | " +
                       std::to_string(cs.second));
    }
    std::sort(want.begin(), want.end());
    EXPECT_EQ(Both("MATCH (a:P)-[:K]->(b) WITH a, count(*) AS c, sum(b.id) AS s "
                   "RETURN a.id, c, s"),
              want);
}

TEST_F(ExecFusedTest, TopKOverProjectionWithTies) {
    // Five far-end values, many ties: the stable order is the expansion order, which the
    // unfused plan must reproduce exactly, so the rows are compared unsorted.
    const std::string q =
        "MATCH (a:P)-[r:K]->(b:P) WITH a, r.w AS w, b.v AS v WHERE v > 0 "
        "RETURN a.id, w, v ORDER BY v DESC LIMIT 7";
    auto fused = Exec(q);
    auto plain = Exec("PROFILE " + q);
    ASSERT_TRUE(fused.ok() && plain.ok());
    EXPECT_EQ(*fused, *plain);
    ASSERT_EQ(fused->size(), 7u);
    for (const std::string& row : *fused) EXPECT_THAT(row, ::testing::EndsWith(" | 4"));
}

TEST_F(ExecFusedTest, FullSortAndRelationshipValues) {
    auto rows = Both("MATCH (a:P {id: 1})-[r:K]->(b) RETURN type(r), r.w, b.id ORDER BY r.w");
    EXPECT_THAT(rows, ElementsAre("'K' | 1 | 10", "'K' | 101 | 16", "'K' | 201 | 10"));
}

TEST_F(ExecFusedTest, ExpandIntoAndFiltersOnEarlierSlots) {
    // A bound far end (the parallel pair 1 -> 10) and a filter comparing the new node with
    // a node bound before the expansion.
    EXPECT_THAT(Both("MATCH (a:P {id: 1}), (b:P {id: 10}) MATCH (a)-[r:K]->(b) "
                     "RETURN count(r) AS n"),
                ElementsAre("2"));
    size_t smaller = 0;
    for (auto [a, b] : Rels()) smaller += b < a ? 1 : 0;
    EXPECT_THAT(Both("MATCH (a:P)-[:K]->(b:P) WHERE b.id < a.id RETURN count(*) AS n"),
                ElementsAre(std::to_string(smaller)));
}

TEST_F(ExecFusedTest, CollectAndDistinctOverExpandedNodes) {
    std::map<int, std::set<int>> by_v;  // far v -> distinct start ids
    for (auto [a, b] : Rels()) by_v[b % 5].insert(a);
    std::vector<std::string> want;
    for (const auto& [v, starts] : by_v) {
        want.push_back(std::to_string(v) + " | " + std::to_string(starts.size()));
    }
    EXPECT_EQ(Both("MATCH (a:P)-[:K]->(b:P) RETURN b.v AS v, count(DISTINCT a) AS n"), want);
}

TEST_F(ExecFusedTest, UnfusedExpandMovesOnlyTheLastRow) {
    // Expand straight to the result (not fused): every match of a start node keeps the start
    // node's other slots, including the ones after the input row is moved into the last match.
    std::vector<std::string> want;
    for (auto [a, b] : Rels()) {
        if (a < 3)
            want.push_back(std::to_string(a) + " | " + std::to_string(a % 5) + " | " +
                           std::to_string(b));
    }
    std::sort(want.begin(), want.end());
    EXPECT_EQ(Sorted("MATCH (a:P) WHERE a.id < 3 WITH a, a.v AS av "
                     "MATCH (a)-[:K]->(b) RETURN a.id, av, b.id"),
              want);
}

}  // namespace
}  // namespace nexus::cypher::testutil
