// The cached plan's statistics check and GraphReader::StatsVersion: a run whose reader shows
// the version the plan was made or last checked at reads no count at all; a new version makes
// one full check (and a re-plan only past 2x); readers without versions compare counts always.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A MemGraph that reports a settable statistics version and counts the count reads.
class VersionedGraph : public MemGraph {
  public:
    uint64_t StatsVersion() override { return version; }
    uint64_t CountNodes(graph::TokenId label) override {
        ++count_reads;
        return MemGraph::CountNodes(label);
    }
    uint64_t CountRels(graph::TokenId type) override {
        ++count_reads;
        return MemGraph::CountRels(type);
    }
    uint64_t version = 0;
    int count_reads = 0;
};

class StatsVersionTest : public ::testing::Test {
  protected:
    Result<std::vector<std::string>> Run(const std::string& query) {
        ASSIGN_OR_RETURN(auto prepared, engine.Prepare(query));
        ASSIGN_OR_RETURN(QueryResult result, prepared->Execute(&graph, &graph, {}, {}));
        std::vector<std::string> rows;
        while (result.next()) rows.push_back(result.row()[0].ToString());
        RETURN_IF_ERROR(result.status());
        plan = result.plan();
        return rows;
    }
    // Reads made by one run of `query`.
    int ReadsOf(const std::string& query) {
        graph.count_reads = 0;
        auto rows = Run(query);
        EXPECT_TRUE(rows.ok()) << rows.status().ToString();
        return graph.count_reads;
    }
    void Load() {
        ASSERT_TRUE(Run("UNWIND range(1, 20) AS i CREATE (:A {i: i})").ok());
        ASSERT_TRUE(Run("UNWIND range(1, 4) AS i CREATE (:B {i: i})").ok());
        ASSERT_TRUE(Run("MATCH (a:A {i: 1}), (b:B {i: 1}) CREATE (a)-[:R]->(b)").ok());
    }

    Engine engine;
    VersionedGraph graph;
    std::string plan;
    const std::string query_ = "MATCH (a:A)-[:R]->(b:B) RETURN a.i";
};

TEST_F(StatsVersionTest, SameVersionReadsNoCount) {
    Load();
    graph.version = 7;
    EXPECT_GT(ReadsOf(query_), 0);  // first run: planned from statistics
    EXPECT_EQ(ReadsOf(query_), 0);
    EXPECT_EQ(ReadsOf(query_), 0);
    EXPECT_THAT(*Run(query_), ElementsAre("1"));
}

TEST_F(StatsVersionTest, NewVersionChecksOnceThenTrustsIt) {
    Load();
    graph.version = 7;
    ReadsOf(query_);
    // A small change under a new version: one check, no re-plan, then nothing again.
    ASSERT_TRUE(Run("CREATE (:B {i: 5})").ok());
    graph.version = 8;
    EXPECT_GT(ReadsOf(query_), 0);
    EXPECT_EQ(ReadsOf(query_), 0);
    // Back at a version the plan was never checked at: checked again.
    graph.version = 7;
    EXPECT_GT(ReadsOf(query_), 0);
    EXPECT_EQ(ReadsOf(query_), 0);
}

TEST_F(StatsVersionTest, NewVersionPastTwiceReplans) {
    Load();
    graph.version = 7;
    ASSERT_TRUE(Run("EXPLAIN " + query_).ok());
    ReadsOf(query_);
    ASSERT_TRUE(Run("PROFILE " + query_).ok());
    EXPECT_THAT(plan, HasSubstr("NodeByLabelScan slot 0:B"));
    // B grows past A: the plan must change, and does once the version moves.
    ASSERT_TRUE(Run("UNWIND range(6, 100) AS i CREATE (:B {i: i})").ok());
    graph.version = 9;
    EXPECT_THAT(*Run(query_), ElementsAre("1"));
    ASSERT_TRUE(Run("PROFILE " + query_).ok());
    EXPECT_THAT(plan, HasSubstr("NodeByLabelScan slot 0:A"));
}

TEST_F(StatsVersionTest, UnversionedReaderComparesCountsEveryRun) {
    Load();
    graph.version = 0;
    ReadsOf(query_);
    EXPECT_GT(ReadsOf(query_), 0);
    EXPECT_GT(ReadsOf(query_), 0);
    // And still re-plans past 2x without a version to tell it.
    ASSERT_TRUE(Run("UNWIND range(6, 100) AS i CREATE (:B {i: i})").ok());
    EXPECT_THAT(*Run(query_), ElementsAre("1"));
    ASSERT_TRUE(Run("PROFILE " + query_).ok());
    EXPECT_THAT(plan, HasSubstr("NodeByLabelScan slot 0:A"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
