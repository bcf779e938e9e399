// Query-engine micro-benchmarks: parse + plan time, plan-cache hits, and execution of
// typical shapes (label scan + filter + aggregate, one-hop expand, sort with LIMIT) on an
// in-memory graph, so the engine's own cost is measured apart from storage.
#include <benchmark/benchmark.h>

#include "cypher/engine.h"
#include "mem_graph.h"

namespace nexus::cypher {
namespace {

constexpr const char* kQuery =
    "MATCH (p:Person)-[:KNOWS]->(f:Person) WHERE p.age > 30 AND f.name STARTS WITH 'A' "
    "WITH p, count(f) AS friends ORDER BY friends DESC LIMIT 10 RETURN p.name, friends";

void BM_PrepareUncached(benchmark::State& state) {
    Engine engine(0);
    for (auto _ : state) {
        auto prepared = engine.Prepare(kQuery);
        benchmark::DoNotOptimize(prepared);
    }
}
BENCHMARK(BM_PrepareUncached);

void BM_PrepareCached(benchmark::State& state) {
    Engine engine;
    if (!engine.Prepare(kQuery).ok()) state.SkipWithError("prepare failed");
    for (auto _ : state) {
        auto prepared = engine.Prepare(kQuery);
        benchmark::DoNotOptimize(prepared);
    }
}
BENCHMARK(BM_PrepareCached);

// A graph of `n` people, each knowing the next five (built through the graph seam).
std::unique_ptr<testutil::MemGraph> MakeGraph(int n) {
    auto g = std::make_unique<testutil::MemGraph>();
    graph::TokenId person = *g->GetOrCreateToken(graph::TokenKind::kLabel, "Person");
    graph::TokenId knows = *g->GetOrCreateToken(graph::TokenKind::kRelType, "KNOWS");
    graph::TokenId id = *g->GetOrCreateToken(graph::TokenKind::kPropertyKey, "id");
    graph::TokenId age = *g->GetOrCreateToken(graph::TokenKind::kPropertyKey, "age");
    graph::TokenId name = *g->GetOrCreateToken(graph::TokenKind::kPropertyKey, "name");
    std::vector<graph::NodeId> ids;
    for (int i = 0; i < n; ++i) {
        graph::PropertyList props{{id, Value(int64_t{i})},
                                  {age, Value(int64_t{i % 80})},
                                  {name, Value(i % 3 == 0 ? "Ann" : "Bob")}};
        graph::TokenId labels[] = {person};
        ids.push_back(*g->CreateNode(labels, props));
    }
    for (int i = 0; i < n; ++i) {
        for (int k = 1; k <= 5; ++k) {
            g->CreateRel(ids[i], ids[(i + k) % n], knows, {}).status().IgnoreError();
        }
    }
    return g;
}

void RunQuery(benchmark::State& state, const char* query) {
    auto graph = MakeGraph(static_cast<int>(state.range(0)));
    Engine engine;
    auto prepared = engine.Prepare(query);
    if (!prepared.ok()) {
        state.SkipWithError(prepared.status().ToString().c_str());
        return;
    }
    int64_t rows = 0;
    for (auto _ : state) {
        auto result = (*prepared)->Execute(graph.get(), nullptr, {}, {});
        if (!result.ok()) {
            state.SkipWithError(result.status().ToString().c_str());
            return;
        }
        while (result->next()) ++rows;
    }
    state.counters["rows"] =
        benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}

void BM_ScanFilterAggregate(benchmark::State& state) {
    RunQuery(state, "MATCH (p:Person) WHERE p.age > 40 RETURN p.age % 10 AS k, count(*)");
}
BENCHMARK(BM_ScanFilterAggregate)->Arg(10000);

void BM_ExpandOneHop(benchmark::State& state) {
    RunQuery(state, "MATCH (p:Person)-[:KNOWS]->(f) RETURN count(f)");
}
BENCHMARK(BM_ExpandOneHop)->Arg(10000);

void BM_TopK(benchmark::State& state) {
    RunQuery(state, kQuery);
}
BENCHMARK(BM_TopK)->Arg(10000);

}  // namespace
}  // namespace nexus::cypher
