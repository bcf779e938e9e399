// Top-k reads a row's first sort key before the rest: the projections under it leave their
// property reads for later and run them only for rows whose first key can still enter the
// top k. Answers are checked against the construction and against PROFILE (which runs every
// operator on its own, reading everything); read counts show the reads were skipped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;

// Counts node property reads per key name.
class CountingGraph : public MemGraph {
  public:
    Result<Value> NodeProperty(NodeId node, TokenId key) override {
        Result<std::string> name = TokenName(graph::TokenKind::kPropertyKey, key);
        if (name.ok()) ++reads[*name];
        return MemGraph::NodeProperty(node, key);
    }
    std::map<std::string, int> reads;
};

constexpr int kMessages = 200;

class ExecTopKDeferTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(Run("CREATE (:P {id: -1})", true).ok());
        ASSERT_TRUE(Run("MATCH (p:P) UNWIND range(0, " + std::to_string(kMessages - 1) +
                            ") AS i CREATE (p)-[:W]->(:M {id: i, ts: i % 50})",
                        true)
                        .ok());
    }

    // Runs `query` (read-only unless `write`) and returns its rows in order; the reads it
    // made go to `counted`.
    Result<std::vector<std::string>> Run(const std::string& query, bool write = false) {
        ASSIGN_OR_RETURN(auto prepared, engine.Prepare(query));
        graph.reads.clear();
        ASSIGN_OR_RETURN(QueryResult result,
                         prepared->Execute(&graph, write ? &graph : nullptr, {}, {}));
        std::vector<std::string> rows;
        while (result.next()) {
            std::string line;
            for (size_t i = 0; i < result.row().size(); ++i) {
                line += (i ? " | " : "") + std::to_string(result.row()[i].as_int());
            }
            rows.push_back(std::move(line));
        }
        if (!result.status().ok()) return result.status();
        counted = graph.reads;
        return rows;
    }

    // The query's rows, after checking that PROFILE gives the same rows in the same order.
    std::vector<std::string> Both(const std::string& query) {
        auto plain = Run("PROFILE " + query);
        auto fast = Run(query);
        if (!plain.ok() || !fast.ok()) return {"ERROR"};
        EXPECT_EQ(*fast, *plain) << query;
        return *fast;
    }

    Engine engine;
    CountingGraph graph;
    std::map<std::string, int> counted;
};

TEST_F(ExecTopKDeferTest, TieBreakerIsReadOnlyForRowsThatCanEnter) {
    // ts = id % 50: the best ts (49) ties four times, broken by the id.
    EXPECT_THAT(Both("MATCH (p:P)-[:W]->(m:M) RETURN m.ts AS ts, m.id AS id "
                     "ORDER BY ts DESC, id ASC LIMIT 5"),
                ElementsAre("49 | 49", "49 | 99", "49 | 149", "49 | 199", "48 | 48"));
    EXPECT_EQ(counted["ts"], kMessages);
    // Without deferral every message's id is read; with it only rows whose ts does not lose
    // to the worst row kept (a first pass of 50 rising values, then a handful per pass).
    EXPECT_LT(counted["id"], kMessages / 2);
    EXPECT_GE(counted["id"], 5);
}

TEST_F(ExecTopKDeferTest, DescendingTieBreakerAndSkip) {
    EXPECT_THAT(Both("MATCH (p:P)-[:W]->(m:M) WHERE m.id % 3 = 0 "
                     "RETURN m.ts AS ts, m.id AS id ORDER BY ts DESC, id DESC SKIP 1 LIMIT 3"),
                ElementsAre("48 | 198", "48 | 48", "47 | 147"));
}

TEST_F(ExecTopKDeferTest, ItemThatTheFirstKeyNeedsIsNotDeferred) {
    // The first key is computed from both properties: neither read may wait.
    std::vector<std::tuple<int, int>> want;
    for (int i = 0; i < kMessages; ++i) want.emplace_back(-((i % 50) * 1000 + i), i);
    std::sort(want.begin(), want.end());
    std::vector<std::string> expected;
    for (int k = 0; k < 3; ++k) {
        expected.push_back(std::to_string(-std::get<0>(want[k])) + " | " +
                           std::to_string(std::get<1>(want[k])));
    }
    EXPECT_EQ(Both("MATCH (p:P)-[:W]->(m:M) WITH m.ts AS ts, m.id AS id "
                   "WITH ts * 1000 + id AS k, id RETURN k, id ORDER BY k DESC LIMIT 3"),
              expected);
    EXPECT_EQ(counted["id"], kMessages);
}

TEST_F(ExecTopKDeferTest, ProjectionOverAnAggregation) {
    // Groups by ts (50 groups of 4); the tie-breaking id of a group is read only for groups
    // whose count does not lose (all counts tie here, so the ids decide every entry).
    EXPECT_THAT(Both("MATCH (p:P)-[:W]->(m:M) WITH m.ts AS ts, count(*) AS c, max(m.id) AS top "
                     "RETURN c, top ORDER BY c DESC, top ASC LIMIT 2"),
                ElementsAre("4 | 150", "4 | 151"));
    // A group per message, counts 1 or 2: ids are read only for the groups counting 2.
    EXPECT_THAT(Both("MATCH (p:P)-[:W]->(m:M) WITH m, CASE WHEN m.ts < 10 THEN 2 ELSE 1 END AS c "
                     "RETURN c, m.id AS id ORDER BY c DESC, id ASC LIMIT 3"),
                ElementsAre("2 | 0", "2 | 1", "2 | 2"));
    EXPECT_LE(counted["id"], 45);  // 40 messages count 2
}

TEST_F(ExecTopKDeferTest, FullSortReadsEverything) {
    auto rows = Both(
        "MATCH (p:P)-[:W]->(m:M) WHERE m.id < 4 RETURN m.ts AS ts, m.id AS id "
        "ORDER BY ts DESC, id");
    EXPECT_THAT(rows, ElementsAre("3 | 3", "2 | 2", "1 | 1", "0 | 0"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
