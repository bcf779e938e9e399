// Record-layer benchmarks on the real Pager (OFF sync mode, a file under /tmp): creation per
// transaction and batched, point reads, one-hop expands, a full adjacency scan, and the
// on-disk size of a relationship. Run: build-graph/bench/graph/graph_bench
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <filesystem>
#include <random>

#include "nexus/database.h"
#include "txn/transaction_manager.h"

namespace nexus::graph {
namespace {

std::filesystem::path TempDir() {
    return std::filesystem::temp_directory_path() /
           ("nexus_graph_bench_" + std::to_string(::getpid()));
}

std::string TempPath(const std::string& name) {
    auto dir = TempDir();
    std::filesystem::create_directories(dir);
    std::filesystem::remove(dir / name);
    std::filesystem::remove(dir / (name + "-wal"));
    return (dir / name).string();
}

storage::PagerOptions OffOptions() {
    storage::PagerOptions o;
    o.sync_mode = SyncMode::kOff;
    o.cache_bytes = size_t{1} << 30;
    o.wal_checkpoint_bytes = uint64_t{1} << 30;
    return o;
}

template <typename T>
T Take(Result<T> r) {
    if (!r.ok()) {
        fprintf(stderr, "fatal: %s\n", r.status().ToString().c_str());
        std::abort();
    }
    return std::move(r).value();
}

void Check(const Status& st) {
    if (!st.ok()) {
        fprintf(stderr, "fatal: %s\n", st.ToString().c_str());
        std::abort();
    }
}

// A random graph shared by the read benchmarks: kNodes nodes, kDegree outgoing
// relationships per node over 4 types.
constexpr uint64_t kNodes = 200000;
constexpr uint64_t kDegree = 10;

struct Dataset {
    std::unique_ptr<txn::TransactionManager> tm;
    std::vector<TokenId> types;
    TokenId key = 0;
    uint64_t rels = 0;
    uint64_t bytes_nodes_only = 0;
    uint64_t bytes_total = 0;
};

Dataset& Shared() {
    static Dataset* d = [] {
        auto* ds = new Dataset();
        ds->tm = Take(txn::TransactionManager::Open(TempPath("shared.nexus"), OffOptions()));
        std::mt19937_64 rng(7);
        auto w = Take(ds->tm->BeginWrite());
        GraphStore* g = w->graph();
        TokenId label = Take(g->GetOrCreateToken(TokenKind::kLabel, "Node"));
        ds->key = Take(g->GetOrCreateToken(TokenKind::kPropertyKey, "id"));
        for (int t = 0; t < 4; ++t) {
            ds->types.push_back(
                Take(g->GetOrCreateToken(TokenKind::kRelType, "T" + std::to_string(t))));
        }
        for (uint64_t i = 0; i < kNodes; ++i) {
            Take(g->CreateNode(std::span<const TokenId>(&label, 1),
                               {{ds->key, Value(static_cast<int64_t>(i))}}));
        }
        Check(w->Commit());
        ds->bytes_nodes_only = uint64_t{ds->tm->Stats().file_pages} * storage::kPageSize;
        w = Take(ds->tm->BeginWrite());
        g = w->graph();
        for (uint64_t i = 0; i < kNodes; ++i) {
            for (uint64_t j = 0; j < kDegree; ++j) {
                NodeId to = rng() % kNodes;
                Take(g->CreateRel(i, to, ds->types[rng() % 4], {}));
                ++ds->rels;
            }
        }
        Check(w->Commit());
        Check(ds->tm->Checkpoint());
        ds->bytes_total = uint64_t{ds->tm->Stats().file_pages} * storage::kPageSize;
        return ds;
    }();
    return *d;
}

void BM_CreateNodePerTransaction(benchmark::State& state) {
    auto db = Take(Database::open(TempPath("per_txn_nodes.nexus"), Config::benchmark()));
    for (auto _ : state) {
        auto tx = Take(db->begin());
        benchmark::DoNotOptimize(Take(tx->create_node({"Person"}, {{"name", Value("x")}})));
        Check(tx->commit());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CreateNodePerTransaction);

void BM_CreateRelationshipPerTransaction(benchmark::State& state) {
    auto db = Take(Database::open(TempPath("per_txn_rels.nexus"), Config::benchmark()));
    std::vector<int64_t> ids;
    {
        auto tx = Take(db->begin());
        for (int i = 0; i < 1000; ++i) ids.push_back(Take(tx->create_node({"N"}, {})));
        Check(tx->commit());
    }
    std::mt19937 rng(1);
    for (auto _ : state) {
        auto tx = Take(db->begin());
        benchmark::DoNotOptimize(
            Take(tx->create_relationship(ids[rng() % 1000], ids[rng() % 1000], "KNOWS", {})));
        Check(tx->commit());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CreateRelationshipPerTransaction);

// WAL frames (dirty pages) one small transaction writes: a node with a label and a
// property, and a relationship between existing nodes. Fewer pages = fewer bytes to hash,
// write and fsync. Measured through the transaction layer, as the API commits.
void BM_PagesPerSmallCommit(benchmark::State& state) {
    auto tm = Take(txn::TransactionManager::Open(TempPath("pages_per_commit.nexus"), OffOptions()));
    TokenId label, key, type;
    {
        auto w = Take(tm->BeginWrite());
        label = Take(w->graph()->GetOrCreateToken(TokenKind::kLabel, "Person"));
        key = Take(w->graph()->GetOrCreateToken(TokenKind::kPropertyKey, "name"));
        type = Take(w->graph()->GetOrCreateToken(TokenKind::kRelType, "KNOWS"));
        for (int i = 0; i < 1000; ++i) Take(w->graph()->CreateNode({}, {}));
        Check(w->Commit());
    }
    std::mt19937 rng(1);
    uint64_t node_frames = 0, rel_frames = 0, n = 0;
    for (auto _ : state) {
        uint64_t before = tm->Stats().wal_bytes;
        auto w = Take(tm->BeginWrite());
        Take(w->graph()->CreateNode(std::span<const TokenId>(&label, 1), {{key, Value("x")}}));
        Check(w->Commit());
        uint64_t mid = tm->Stats().wal_bytes;
        w = Take(tm->BeginWrite());
        Take(w->graph()->CreateRel(rng() % 1000, rng() % 1000, type, {}));
        Check(w->Commit());
        node_frames += (mid - before) / storage::kFrameSize;
        rel_frames += (tm->Stats().wal_bytes - mid) / storage::kFrameSize;
        ++n;
    }
    state.counters["node_txn_pages"] = static_cast<double>(node_frames) / static_cast<double>(n);
    state.counters["rel_txn_pages"] = static_cast<double>(rel_frames) / static_cast<double>(n);
}
BENCHMARK(BM_PagesPerSmallCommit)->Iterations(5000);

// Nodes with one label and one property, 100k per transaction.
void BM_BatchedCreateNodes(benchmark::State& state) {
    auto tm = Take(txn::TransactionManager::Open(TempPath("batched.nexus"), OffOptions()));
    const int64_t batch = state.range(0);
    for (auto _ : state) {
        auto w = Take(tm->BeginWrite());
        GraphStore* g = w->graph();
        TokenId label = Take(g->GetOrCreateToken(TokenKind::kLabel, "Person"));
        TokenId key = Take(g->GetOrCreateToken(TokenKind::kPropertyKey, "age"));
        for (int64_t i = 0; i < batch; ++i) {
            benchmark::DoNotOptimize(
                Take(g->CreateNode(std::span<const TokenId>(&label, 1), {{key, Value(i)}})));
        }
        Check(w->Commit());
    }
    state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_BatchedCreateNodes)->Arg(100000)->Unit(benchmark::kMillisecond);

// Relationships between existing nodes, 100k per transaction.
void BM_BatchedCreateRelationships(benchmark::State& state) {
    auto tm = Take(txn::TransactionManager::Open(TempPath("batched_rels.nexus"), OffOptions()));
    constexpr uint64_t kN = 100000;
    TokenId type;
    {
        auto w = Take(tm->BeginWrite());
        type = Take(w->graph()->GetOrCreateToken(TokenKind::kRelType, "R"));
        for (uint64_t i = 0; i < kN; ++i) Take(w->graph()->CreateNode({}, {}));
        Check(w->Commit());
    }
    std::mt19937_64 rng(3);
    for (auto _ : state) {
        auto w = Take(tm->BeginWrite());
        for (uint64_t i = 0; i < kN; ++i) {
            benchmark::DoNotOptimize(Take(w->graph()->CreateRel(i, rng() % kN, type, {})));
        }
        Check(w->Commit());
    }
    state.SetItemsProcessed(state.iterations() * kN);
}
BENCHMARK(BM_BatchedCreateRelationships)->Unit(benchmark::kMillisecond);

void BM_PointRead(benchmark::State& state) {
    Dataset& ds = Shared();
    auto r = Take(ds.tm->BeginRead());
    std::mt19937_64 rng(5);
    for (auto _ : state) {
        NodeId n = rng() % kNodes;
        benchmark::DoNotOptimize(Take(r->graph()->NodeProperty(n, ds.key)));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PointRead);

void BM_ExpandOneHop(benchmark::State& state) {
    Dataset& ds = Shared();
    auto r = Take(ds.tm->BeginRead());
    std::mt19937_64 rng(5);
    std::vector<AdjEntry> out;
    uint64_t edges = 0;
    for (auto _ : state) {
        out.clear();
        NodeId n = rng() % kNodes;
        TokenId t = ds.types[rng() % 4];
        Check(r->graph()->Expand(n, Direction::kOutgoing, std::span<const TokenId>(&t, 1), &out));
        edges += out.size();
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["edges"] =
        benchmark::Counter(static_cast<double>(edges), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExpandOneHop);

// Every node, both directions, every type: edges/s over the whole graph.
void BM_FullAdjacencyScan(benchmark::State& state) {
    Dataset& ds = Shared();
    auto r = Take(ds.tm->BeginRead());
    std::vector<AdjEntry> out;
    uint64_t edges = 0;
    for (auto _ : state) {
        for (NodeId n = 0; n < kNodes; ++n) {
            out.clear();
            Check(r->graph()->Expand(n, Direction::kBoth, {}, &out));
            edges += out.size();
        }
    }
    state.counters["edges_per_s"] =
        benchmark::Counter(static_cast<double>(edges), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FullAdjacencyScan)->Unit(benchmark::kMillisecond);

// The same walk through ScanAdjacency: record pages in order, entries decoded into batches.
void BM_FullAdjacencyScanBatched(benchmark::State& state) {
    Dataset& ds = Shared();
    auto r = Take(ds.tm->BeginRead());
    struct Counter : AdjacencyVisitor {
        uint64_t edges = 0;
        uint64_t checksum = 0;  // touches every entry so the decode cannot be skipped
        bool Visit(std::span<const AdjScanEntry> batch) override {
            edges += batch.size();
            for (const AdjScanEntry& e : batch) checksum += e.neighbor ^ e.rel;
            return true;
        }
    } counter;
    for (auto _ : state) {
        Check(r->graph()->ScanAdjacency(Direction::kBoth, {}, &counter));
    }
    benchmark::DoNotOptimize(counter.checksum);
    state.counters["edges_per_s"] =
        benchmark::Counter(static_cast<double>(counter.edges), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FullAdjacencyScanBatched)->Unit(benchmark::kMillisecond);

void BM_BytesPerRelationship(benchmark::State& state) {
    Dataset& ds = Shared();
    for (auto _ : state) benchmark::DoNotOptimize(ds.bytes_total);
    double per_rel =
        static_cast<double>(ds.bytes_total - ds.bytes_nodes_only) / static_cast<double>(ds.rels);
    state.counters["bytes_per_rel"] = per_rel;
    state.counters["rels"] = static_cast<double>(ds.rels);
    state.counters["file_MB"] = static_cast<double>(ds.bytes_total) / 1e6;
}
BENCHMARK(BM_BytesPerRelationship)->Iterations(1);

}  // namespace
}  // namespace nexus::graph

// The databases (up to ~1 GB) go when the run ends; they were left in /tmp before.
int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::error_code ec;
    std::filesystem::remove_all(nexus::graph::TempDir(), ec);
    return 0;
}
