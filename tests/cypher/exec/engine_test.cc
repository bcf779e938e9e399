// Engine-level tests: plan cache, EXPLAIN / PROFILE, index seeks, schema commands and
// procedures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class EngineTest : public ::testing::Test, public EngineFixture {};

TEST_F(EngineTest, PlansAreCachedByText) {
    auto a = engine.Prepare("MATCH (n) RETURN n");
    auto b = engine.Prepare("MATCH (n) RETURN n");
    auto c = engine.Prepare("MATCH (m) RETURN m");
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_EQ(a->get(), b->get());
    EXPECT_NE(a->get(), c->get());
    EXPECT_TRUE((*a)->read_only());
}

TEST_F(EngineTest, CacheEvictsLeastRecentlyUsed) {
    Engine small(2);
    auto a = small.Prepare("RETURN 1");
    ASSERT_TRUE(small.Prepare("RETURN 2").ok());
    ASSERT_TRUE(small.Prepare("RETURN 3").ok());
    auto again = small.Prepare("RETURN 1");
    ASSERT_TRUE(a.ok() && again.ok());
    EXPECT_NE(a->get(), again->get());
}

// A streaming result keeps its plan and its parameters: here the plan is evicted from the
// cache and the caller's parameter map is gone before the rows are pulled (run under ASan in
// make test-asan, a dangling plan or map is a use-after-free).
TEST_F(EngineTest, StreamingResultOwnsItsPlanAndParameters) {
    Engine small(1);
    std::optional<QueryResult> result;
    {
        auto prepared = small.Prepare("UNWIND range(1, $n) AS i RETURN i * $k AS v");
        ASSERT_TRUE(prepared.ok());
        ParamMap params{{"n", Value(int64_t{3})}, {"k", Value(int64_t{10})}};
        auto r = (*prepared)->Execute(&graph, nullptr, params, ExecOptions{});
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        result.emplace(std::move(*r));
        params[std::string("k")] = Value(int64_t{-1});  // later changes must not leak in
    }
    ASSERT_TRUE(small.Prepare("RETURN 2").ok());  // evicts the first plan
    std::vector<int64_t> got;
    while (result->next()) got.push_back(result->row()[0].as_int());
    ASSERT_TRUE(result->status().ok()) << result->status().ToString();
    EXPECT_THAT(got, ElementsAre(10, 20, 30));
}

// A timeout or an interruption stops a query while an aggregation is still consuming its
// input, before any row exists; without them the same query runs to the end.
TEST_F(EngineTest, TimeoutAndInterruptionStopAQueryBeforeItsFirstRow) {
    const std::string q = "UNWIND range(1, 2000) AS a UNWIND range(1, 2000) AS b RETURN count(*)";
    auto prepared = engine.Prepare(q);
    ASSERT_TRUE(prepared.ok());
    auto drain = [&](const ExecOptions& options) -> Status {
        auto r = (*prepared)->Execute(&graph, nullptr, ParamMap{}, options);
        if (!r.ok()) return r.status();
        while (r->next()) {
        }
        return r->status();
    };
    int polls = 0;
    ExecOptions interrupted;
    interrupted.interrupted = [&polls] { return ++polls > 3; };
    Status st = drain(interrupted);
    EXPECT_EQ(st.code(), StatusCode::kCancelled) << st.ToString();
    EXPECT_EQ(polls, 4);  // stopped at the first poll that said so, not at the end

    ExecOptions timed;
    timed.timeout_ms = 1;
    timed.interrupted = [] {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // each chunk is "slow"
        return false;
    };
    st = drain(timed);
    EXPECT_EQ(st.code(), StatusCode::kTimeout) << st.ToString();

    EXPECT_THAT(Sorted(q), ElementsAre("4000000"));
}

TEST_F(EngineTest, ExplainDoesNotExecute) {
    auto rows = Exec("EXPLAIN CREATE (n:X) RETURN n");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_TRUE(rows->empty());
    EXPECT_THAT(last_plan, HasSubstr("Create"));
    EXPECT_EQ(graph.CountNodes(), 0u);
}

TEST_F(EngineTest, ProfileCountsRowsPerOperator) {
    ASSERT_TRUE(Exec("UNWIND range(1, 10) AS i CREATE (:P {i: i})").ok());
    auto rows = Exec("PROFILE MATCH (p:P) WHERE p.i > 5 RETURN p.i");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ(rows->size(), 5u);
    EXPECT_THAT(last_plan, HasSubstr("Filter"));
    EXPECT_THAT(last_plan, HasSubstr("rows=10"));
    EXPECT_THAT(last_plan, HasSubstr("rows=5"));
}

TEST_F(EngineTest, IndexSeekWhenAnIndexMatches) {
    ASSERT_TRUE(Exec("UNWIND range(1, 20) AS i CREATE (:U {k: i})").ok());
    ASSERT_TRUE(Exec("CREATE INDEX u_k FOR (n:U) ON (n.k)").ok());
    EXPECT_EQ(last_stats.indexes_added, 1);
    int before = graph.index_seeks();
    EXPECT_THAT(Sorted("MATCH (n:U {k: 7}) RETURN n.k"), ElementsAre("7"));
    EXPECT_EQ(graph.index_seeks(), before + 1);
    before = graph.index_seeks();
    EXPECT_THAT(Sorted("MATCH (n:U) WHERE n.k = $k AND n.k > 0 RETURN n.k", {{"k", Value(9)}}),
                ElementsAre("9"));
    EXPECT_EQ(graph.index_seeks(), before + 1);
    EXPECT_THAT(Sorted("SHOW INDEXES YIELD name RETURN name"), ElementsAre("'u_k'"));
    ASSERT_TRUE(Exec("DROP INDEX u_k").ok());
    EXPECT_EQ(last_stats.indexes_removed, 1);
}

TEST_F(EngineTest, UniqueConstraint) {
    ASSERT_TRUE(Exec("CREATE CONSTRAINT c FOR (n:K) REQUIRE n.id IS UNIQUE").ok());
    EXPECT_EQ(last_stats.constraints_added, 1);
    ASSERT_TRUE(Exec("CREATE (:K {id: 1})").ok());
    EXPECT_EQ(Error("CREATE (:K {id: 1})").code(), StatusCode::kConstraintViolation);
    ASSERT_TRUE(Exec("DROP CONSTRAINT c").ok());
    EXPECT_EQ(last_stats.constraints_removed, 1);
}

TEST_F(EngineTest, Procedures) {
    ASSERT_TRUE(Exec("CREATE (:B {p: 1})-[:T]->(:A)").ok());
    EXPECT_THAT(Sorted("CALL db.labels()"), ElementsAre("'A'", "'B'"));
    EXPECT_THAT(Sorted("CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t"),
                ElementsAre("'T'"));
    EXPECT_THAT(Sorted("CALL db.propertyKeys()"), ElementsAre("'p'"));
    EXPECT_EQ(Error("CALL db.nope()").code(), StatusCode::kProcedureNotFound);
}

TEST_F(EngineTest, ResultsMaterializeEntities) {
    ASSERT_TRUE(Exec("CREATE (:L {name: 'x'})-[:R {w: 1}]->()").ok());
    auto prepared = engine.Prepare("MATCH p = (a:L)-[r]->(b) RETURN a, r, p");
    ASSERT_TRUE(prepared.ok());
    auto result = (*prepared)->Execute(&graph, &graph, {}, {});
    ASSERT_TRUE(result.ok());
    ASSERT_TRUE(result->next());
    const auto& row = result->row();
    ASSERT_TRUE(row[0].is_node());
    EXPECT_THAT(row[0].as_node().labels, ElementsAre("L"));
    ASSERT_TRUE(row[0].as_node().properties);
    EXPECT_EQ(row[0].as_node().properties->at("name").as_string(), "x");
    ASSERT_TRUE(row[1].is_relationship());
    EXPECT_EQ(row[1].as_relationship().type, "R");
    ASSERT_TRUE(row[2].is_path());
    EXPECT_EQ(row[2].as_path().nodes.size(), 2u);
    EXPECT_FALSE(result->next());
}

}  // namespace
}  // namespace nexus::cypher::testutil
