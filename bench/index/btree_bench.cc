// B+tree micro-benchmarks on MemPageStore (and lookups on the real pager): point lookups,
// inserts, scans and bulk load on a 1M-key tree (12-byte keys, as the label index stores, and
// empty values).
// Run: build-index/bench/index/index_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "index/btree.h"
#include "index/key_encoding.h"
#include "index/property_index.h"
#include "storage/mem_page_store.h"
#include "storage/pager.h"

namespace nexus::index {
namespace {

constexpr uint64_t kKeys = 1'000'000;

// Unique, scattered 12-byte keys: label 1, node id i * odd constant.
std::string Key(uint64_t i) {
    std::string k;
    AppendBigEndian32(&k, 1);
    AppendBigEndian64(&k, i * 0x9E3779B97F4A7C15ull);
    return k;
}

struct Tree {
    storage::MemPageStore store;
    PageId root = 0;
};

// One 1M-key tree built by random-order inserts, shared by the read benchmarks.
Tree& SharedTree() {
    static Tree* tree = [] {
        auto* t = new Tree;
        storage::PageWriter* w = t->store.BeginWrite();
        t->root = *BTree::Create(w);
        for (uint64_t i = 0; i < kKeys; ++i) BTree::Insert(w, t->root, Key(i), "").IgnoreError();
        t->store.Commit();
        return t;
    }();
    return *tree;
}

void BM_PointLookup(benchmark::State& state) {
    Tree& t = SharedTree();
    auto r = t.store.BeginRead();
    std::mt19937_64 rng(1);
    std::vector<std::string> keys;
    for (int i = 0; i < 4096; ++i) keys.push_back(Key(rng() % kKeys));
    size_t i = 0, found = 0;
    for (auto _ : state) {
        auto v = BTree::Get(r.get(), t.root, keys[i++ & 4095]);
        found += v.ok() && v->has_value();
    }
    if (found != static_cast<size_t>(state.iterations())) state.SkipWithError("lookup missed");
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PointLookup);

void BM_CursorSeek(benchmark::State& state) {
    Tree& t = SharedTree();
    auto r = t.store.BeginRead();
    std::mt19937_64 rng(2);
    std::vector<std::string> keys;
    for (int i = 0; i < 4096; ++i) keys.push_back(Key(rng() % kKeys));
    BTree::Cursor c(r.get(), t.root);
    size_t i = 0;
    for (auto _ : state) {
        c.Seek(keys[i++ & 4095]).IgnoreError();
        benchmark::DoNotOptimize(c.key());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CursorSeek);

void BM_FullScan(benchmark::State& state) {
    Tree& t = SharedTree();
    auto r = t.store.BeginRead();
    for (auto _ : state) {
        BTree::Cursor c(r.get(), t.root);
        uint64_t n = 0;
        for (c.SeekToFirst().IgnoreError(); c.Valid(); c.Next().IgnoreError()) ++n;
        if (n != kKeys) state.SkipWithError("scan count");
    }
    state.SetItemsProcessed(state.iterations() * kKeys);
}
BENCHMARK(BM_FullScan)->Unit(benchmark::kMillisecond);

// Inserts new random keys into a tree that starts at 1M keys, committing every 10000.
void BM_InsertRandom(benchmark::State& state) {
    Tree t;
    storage::PageWriter* w = t.store.BeginWrite();
    t.root = *BTree::Create(w);
    for (uint64_t i = 0; i < kKeys; ++i) BTree::Insert(w, t.root, Key(i), "").IgnoreError();
    t.store.Commit();
    w = t.store.BeginWrite();
    uint64_t next = kKeys;
    for (auto _ : state) {
        BTree::Insert(w, t.root, Key(next++), "").IgnoreError();
        if (next % 10000 == 0) {
            t.store.Commit();
            w = t.store.BeginWrite();
        }
    }
    t.store.Commit();
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InsertRandom);

// Ascending keys (new node ids under one label), committing every 10000.
void BM_InsertAscending(benchmark::State& state) {
    Tree t;
    storage::PageWriter* w = t.store.BeginWrite();
    t.root = *BTree::Create(w);
    uint64_t next = 0;
    for (auto _ : state) {
        std::string k;
        AppendBigEndian32(&k, 1);
        AppendBigEndian64(&k, next++);
        BTree::Insert(w, t.root, k, "").IgnoreError();
        if (next % 10000 == 0) {
            t.store.Commit();
            w = t.store.BeginWrite();
        }
    }
    t.store.Commit();
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InsertAscending);

// The same lookups through the real pager (file in /tmp, tree fully cached after warm-up).
struct PagerTree {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("nexus_index_bench_" + std::to_string(::getpid()));
    std::unique_ptr<storage::Pager> pager;
    PageId root = 0;
    ~PagerTree() {
        pager.reset();
        std::filesystem::remove_all(dir);
    }
};

void BM_PointLookupPager(benchmark::State& state) {
    static PagerTree t;
    if (t.pager == nullptr) {
        std::filesystem::remove_all(t.dir);
        std::filesystem::create_directories(t.dir);
        storage::PagerOptions options;
        options.sync_mode = SyncMode::kOff;
        auto opened = storage::Pager::Open((t.dir / "bench.nexus").string(), options);
        if (!opened.ok()) return state.SkipWithError(opened.status().ToString().c_str());
        t.pager = std::move(*opened);
        std::vector<std::pair<std::string, std::string>> pairs;
        for (uint64_t i = 0; i < kKeys; ++i) pairs.emplace_back(Key(i), "");
        std::sort(pairs.begin(), pairs.end());
        auto w = t.pager->BeginWrite().value();
        t.root = *BTree::Create(w.get());
        BTree::BulkLoad(w.get(), t.root, pairs).IgnoreError();
        w->Commit().IgnoreError();
    }
    storage::Pager* pager = t.pager.get();
    PageId root = t.root;
    auto r = pager->BeginRead().value();
    std::mt19937_64 rng(1);
    std::vector<std::string> keys;
    for (int i = 0; i < 4096; ++i) keys.push_back(Key(rng() % kKeys));
    size_t i = 0, found = 0;
    for (auto _ : state) {
        auto v = BTree::Get(r.get(), root, keys[i++ & 4095]);
        found += v.ok() && v->has_value();
    }
    if (found != static_cast<size_t>(state.iterations())) state.SkipWithError("lookup missed");
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PointLookupPager);

// What a graph write costs the indexes: a label entry and a unique string property entry per
// new node (ascending ids, random values), committing every 10000.
void BM_NodeIndexWrites(benchmark::State& state) {
    storage::MemPageStore store;
    storage::PageWriter* w = store.BeginWrite();
    LabelIndex labels = *LabelIndex::Create(w);
    PropertyIndex emails = *PropertyIndex::Create(w, true);
    std::mt19937_64 rng(3);
    uint64_t node = 0;
    for (auto _ : state) {
        Value email("user" + std::to_string(rng()) + "@example.com");
        labels.Add(w, 1, node).IgnoreError();
        emails.Add(w, {&email, 1}, node).IgnoreError();
        if (++node % 10000 == 0) {
            store.Commit();
            w = store.BeginWrite();
        }
    }
    store.Commit();
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NodeIndexWrites);

void BM_BulkLoad1M(benchmark::State& state) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (uint64_t i = 0; i < kKeys; ++i) pairs.emplace_back(Key(i), "");
    std::sort(pairs.begin(), pairs.end());
    for (auto _ : state) {
        storage::MemPageStore store;
        storage::PageWriter* w = store.BeginWrite();
        PageId root = *BTree::Create(w);
        if (!BTree::BulkLoad(w, root, pairs).ok()) state.SkipWithError("bulk load failed");
        store.Commit();
    }
    state.SetItemsProcessed(state.iterations() * kKeys);
}
BENCHMARK(BM_BulkLoad1M)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nexus::index

BENCHMARK_MAIN();
