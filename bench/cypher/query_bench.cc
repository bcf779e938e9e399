// End-to-end Cypher benchmarks through the embedded API (Database / Transaction::execute,
// plans cached by query text, values passed as parameters), on file-backed databases built
// once per process in a temporary directory:
//   - point lookup through a property index on 1M :Item nodes (issue target <= 20 us),
//   - 2-hop counts on a generated social graph (100k :Person, ~20 KNOWS each, skewed
//     towards low ids so in-degrees are power-law-ish),
//   - grouped aggregation over 1M rows, from UNWIND and from the stored :Item nodes,
//   - ORDER BY ... LIMIT 10 (top-k) and count(DISTINCT) over 1M rows.
// NEXUS_BENCH_SCALE=<f> scales both graphs (0.1 for a quick run).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "nexus/database.h"

namespace nexus {
namespace {

namespace fs = std::filesystem;

double Scale() {
    const char* s = std::getenv("NEXUS_BENCH_SCALE");
    return s ? std::atof(s) : 1.0;
}

std::string TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "nexus-query-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return {};
    return tmpl;
}

// Drains a result; the number of rows, or -1 on error.
int64_t Drain(Result<QueryResult> r) {
    if (!r.ok()) return -1;
    int64_t n = 0;
    while (r->next()) ++n;
    return r->status().ok() ? n : -1;
}

// A database that benchmarks share; removed with its directory when the process exits.
struct BenchDb {
    std::string dir;
    std::unique_ptr<Database> db;
    bool ok = false;
    ~BenchDb() {
        db.reset();
        std::error_code ec;
        if (!dir.empty()) fs::remove_all(dir, ec);
    }
};

Config BenchConfig() {
    Config c = Config::benchmark();
    c.page_cache_bytes = size_t{1} << 30;  // both graphs stay cached: measure the engine
    return c;
}

// 1M (:Item {id, name, grp}) with a RANGE index on :Item(id).
BenchDb& Items() {
    static BenchDb* b = [] {
        static BenchDb db_holder;
        BenchDb* out = &db_holder;
        out->dir = TempDir();
        auto db = Database::open(out->dir + "/items.nexus", BenchConfig());
        if (!db.ok()) return out;
        out->db = std::move(*db);
        int64_t n = static_cast<int64_t>(1000000 * Scale());
        const int64_t kBatch = 100000;
        for (int64_t lo = 0; lo < n; lo += kBatch) {
            ParamMap p{{"lo", Value(lo)}, {"hi", Value(std::min(n, lo + kBatch) - 1)}};
            if (Drain(out->db->execute("UNWIND range($lo, $hi) AS i CREATE (:Item {id: i, name: "
                                       "'item' + toString(i), grp: i % 100})",
                                       p)) < 0) {
                return out;
            }
        }
        if (Drain(out->db->execute("CREATE INDEX item_id FOR (i:Item) ON (i.id)")) < 0) return out;
        out->ok = out->db->checkpoint().ok();
        return out;
    }();
    return *b;
}

// 100k :Person, each with ~20 outgoing KNOWS to targets drawn as floor(n * u^3): low ids
// collect most of the in-edges.
BenchDb& Social() {
    static BenchDb* b = [] {
        static BenchDb db_holder;
        BenchDb* out = &db_holder;
        out->dir = TempDir();
        auto db = Database::open(out->dir + "/social.nexus", BenchConfig());
        if (!db.ok()) return out;
        out->db = std::move(*db);
        int64_t n = static_cast<int64_t>(100000 * Scale());
        if (Drain(out->db->execute("UNWIND range(0, $n - 1) AS i CREATE (:Person {id: i})",
                                   {{"n", Value(n)}})) < 0) {
            return out;
        }
        if (Drain(out->db->execute("CREATE INDEX person_id FOR (p:Person) ON (p.id)")) < 0) {
            return out;
        }
        auto txn = out->db->begin(AccessMode::kWrite);
        if (!txn.ok()) return out;
        auto ids = (*txn)->nodes_with_label("Person");
        if (!ids.ok()) return out;
        std::mt19937_64 rng(42);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (int64_t from : *ids) {
            for (int k = 0; k < 20; ++k) {
                double x = u(rng);
                auto to = (*ids)[static_cast<size_t>(x * x * x * static_cast<double>(ids->size()))];
                if (to == from) continue;
                if (!(*txn)->create_relationship(from, to, "KNOWS").ok()) return out;
            }
        }
        if (!(*txn)->commit().ok()) return out;
        out->ok = out->db->checkpoint().ok();
        return out;
    }();
    return *b;
}

// Index seek + property read, one auto-commit read per lookup.
void BM_PointLookupIndexed(benchmark::State& state) {
    BenchDb& b = Items();
    if (!b.ok) return state.SkipWithError("building the item graph failed");
    int64_t n = static_cast<int64_t>(1000000 * Scale());
    std::mt19937_64 rng(7);
    const std::string q = "MATCH (i:Item {id: $id}) RETURN i.name";
    for (auto _ : state) {
        ParamMap p{{"id", Value(static_cast<int64_t>(rng() % static_cast<uint64_t>(n)))}};
        if (Drain(b.db->execute(q, p)) != 1) return state.SkipWithError("lookup failed");
    }
}
BENCHMARK(BM_PointLookupIndexed)->Unit(benchmark::kMicrosecond);

// The same inside one open read transaction (no begin/commit per lookup).
void BM_PointLookupIndexedInTxn(benchmark::State& state) {
    BenchDb& b = Items();
    if (!b.ok) return state.SkipWithError("building the item graph failed");
    int64_t n = static_cast<int64_t>(1000000 * Scale());
    auto txn = b.db->begin(AccessMode::kRead);
    if (!txn.ok()) return state.SkipWithError("begin failed");
    std::mt19937_64 rng(7);
    const std::string q = "MATCH (i:Item {id: $id}) RETURN i.name";
    for (auto _ : state) {
        ParamMap p{{"id", Value(static_cast<int64_t>(rng() % static_cast<uint64_t>(n)))}};
        if (Drain((*txn)->execute(q, p)) != 1) return state.SkipWithError("lookup failed");
    }
}
BENCHMARK(BM_PointLookupIndexedInTxn)->Unit(benchmark::kMicrosecond);

// Friends-of-friends count from one random person (found through the index).
void BM_TwoHopCountFromOne(benchmark::State& state) {
    BenchDb& b = Social();
    if (!b.ok) return state.SkipWithError("building the social graph failed");
    int64_t n = static_cast<int64_t>(100000 * Scale());
    std::mt19937_64 rng(9);
    const std::string q =
        "MATCH (p:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(f) RETURN count(f) AS c";
    for (auto _ : state) {
        ParamMap p{{"id", Value(static_cast<int64_t>(rng() % static_cast<uint64_t>(n)))}};
        if (Drain(b.db->execute(q, p)) != 1) return state.SkipWithError("query failed");
    }
}
BENCHMARK(BM_TwoHopCountFromOne)->Unit(benchmark::kMicrosecond);

// Every 2-hop path of the graph (~40M at full scale).
void BM_TwoHopCountAll(benchmark::State& state) {
    BenchDb& b = Social();
    if (!b.ok) return state.SkipWithError("building the social graph failed");
    int64_t paths = 0;
    for (auto _ : state) {
        auto r = b.db->execute("MATCH (:Person)-[:KNOWS]->()-[:KNOWS]->() RETURN count(*)");
        if (!r.ok() || !r->next()) return state.SkipWithError("query failed");
        paths = r->row()[0].as_int();
    }
    state.counters["paths"] = static_cast<double>(paths);
    state.counters["paths_per_s"] =
        benchmark::Counter(static_cast<double>(paths) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TwoHopCountAll)->Unit(benchmark::kMillisecond)->Iterations(3);

void GroupedAggregate(benchmark::State& state, const std::string& query, int64_t rows) {
    for (auto _ : state) {
        if (Drain(Items().db->execute(query)) != 100) return state.SkipWithError("query failed");
    }
    state.counters["rows_per_s"] =
        benchmark::Counter(static_cast<double>(rows) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
}

void BM_GroupedAggregateUnwind(benchmark::State& state) {
    if (!Items().ok) return state.SkipWithError("building the item graph failed");
    GroupedAggregate(state, "UNWIND range(1, 1000000) AS i RETURN i % 100 AS k, count(*), sum(i)",
                     1000000);
}
BENCHMARK(BM_GroupedAggregateUnwind)->Unit(benchmark::kMillisecond);

void BM_GroupedAggregateNodes(benchmark::State& state) {
    if (!Items().ok) return state.SkipWithError("building the item graph failed");
    GroupedAggregate(state, "MATCH (i:Item) RETURN i.grp AS k, count(*), sum(i.id)",
                     static_cast<int64_t>(1000000 * Scale()));
}
BENCHMARK(BM_GroupedAggregateNodes)->Unit(benchmark::kMillisecond);

// ORDER BY ... LIMIT over 1M rows: a bounded top-k holds 10 rows, not a million.
void BM_TopKUnwind(benchmark::State& state) {
    if (!Items().ok) return state.SkipWithError("building the item graph failed");
    const std::string q =
        "UNWIND range(1, 1000000) AS i RETURN i ORDER BY i % 1000 DESC, i LIMIT 10";
    for (auto _ : state) {
        if (Drain(Items().db->execute(q)) != 10) return state.SkipWithError("query failed");
    }
}
BENCHMARK(BM_TopKUnwind)->Unit(benchmark::kMillisecond);

void BM_TopKNodes(benchmark::State& state) {
    if (!Items().ok) return state.SkipWithError("building the item graph failed");
    const std::string q = "MATCH (i:Item) RETURN i.id, i.name ORDER BY i.grp DESC, i.id LIMIT 10";
    for (auto _ : state) {
        if (Drain(Items().db->execute(q)) != 10) return state.SkipWithError("query failed");
    }
}
BENCHMARK(BM_TopKNodes)->Unit(benchmark::kMillisecond);

// count(DISTINCT) over a million integers (a flat set) and over node ids.
void BM_CountDistinctUnwind(benchmark::State& state) {
    if (!Items().ok) return state.SkipWithError("building the item graph failed");
    const std::string q = "UNWIND range(1, 1000000) AS i RETURN count(DISTINCT i % 500000)";
    for (auto _ : state) {
        if (Drain(Items().db->execute(q)) != 1) return state.SkipWithError("query failed");
    }
}
BENCHMARK(BM_CountDistinctUnwind)->Unit(benchmark::kMillisecond);

void BM_TwoHopCountDistinctFromOne(benchmark::State& state) {
    BenchDb& b = Social();
    if (!b.ok) return state.SkipWithError("building the social graph failed");
    int64_t n = static_cast<int64_t>(100000 * Scale());
    std::mt19937_64 rng(9);
    const std::string q =
        "MATCH (p:Person {id: $id})-[:KNOWS]-()-[:KNOWS]-(f) RETURN count(DISTINCT f.id) AS c";
    for (auto _ : state) {
        ParamMap p{{"id", Value(static_cast<int64_t>(rng() % static_cast<uint64_t>(n)))}};
        if (Drain(b.db->execute(q, p)) != 1) return state.SkipWithError("query failed");
    }
}
BENCHMARK(BM_TwoHopCountDistinctFromOne)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace nexus
