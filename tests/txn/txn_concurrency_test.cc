// Concurrency through the transaction layer: one writer builds a graph (nodes with labels,
// relationships, deletes) while readers check that every snapshot is internally consistent
// (counts match scans, ScanAdjacency agrees with Expand and with the relationship records) and
// that snapshots only move forward, with a small pool and frequent checkpoints so eviction
// and WAL restarts run concurrently. Labelled "concurrency" so `make test-tsan` runs it.
#include <atomic>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "io/mem_env.h"
#include "txn/transaction_manager.h"

namespace nexus::txn {
namespace {

using graph::AdjScanEntry;
using graph::Direction;
using graph::NodeId;
using graph::TokenId;
using graph::TokenKind;

bool Quick() {
    return std::getenv("NEXUS_TEST_QUICK") != nullptr;
}

storage::PagerOptions StressOptions(io::Env* env, SyncMode mode) {
    storage::PagerOptions o;
    o.env = env;
    o.sync_mode = mode;
    o.cache_bytes = 32 * storage::kPageSize;                       // constant eviction
    o.wal_checkpoint_bytes = 256 * uint64_t{storage::kFrameSize};  // frequent checkpoints
    o.normal_sync_commits = 4;
    o.normal_sync_interval_ms = 1;
    return o;
}

struct CountEdges : graph::AdjacencyVisitor {
    uint64_t out = 0, in = 0;
    bool Visit(std::span<const AdjScanEntry> batch) override {
        for (const AdjScanEntry& e : batch) (e.dir == Direction::kOutgoing ? out : in) += 1;
        return true;
    }
};

// Checks one snapshot; returns a description of the first inconsistency, or "".
std::string CheckSnapshot(ReadTransaction* r) {
    graph::GraphStore* g = r->graph();
    uint64_t nodes = 0;
    auto cursor = g->ScanNodes();
    NodeId ids[128];
    uint64_t out_by_expand = 0;
    std::vector<graph::AdjEntry> adj;
    for (size_t n; (n = cursor->Next(ids, 128)) > 0;) {
        nodes += n;
        for (size_t i = 0; i < n; ++i) {
            adj.clear();
            if (!g->Expand(ids[i], Direction::kOutgoing, {}, &adj).ok()) return "expand failed";
            out_by_expand += adj.size();
            for (const auto& e : adj) {
                auto rel = g->Rel(e.rel);
                if (!rel.ok() || rel->start != ids[i] || rel->end != e.neighbor) {
                    return "adjacency names a relationship its record disagrees with";
                }
            }
        }
    }
    if (!cursor->status().ok()) return cursor->status().ToString();
    if (nodes != g->CountNodes()) return "node count differs from the scan";
    CountEdges edges;
    Status st = g->ScanAdjacency(Direction::kBoth, {}, &edges);
    if (!st.ok()) return st.ToString();
    if (edges.out != g->CountRels() || edges.in != g->CountRels() || out_by_expand != edges.out) {
        return "relationship count differs from the adjacency scan";
    }
    return "";
}

void RunStress(SyncMode mode) {
    io::MemEnv env;
    auto tm = TransactionManager::Open("/db", StressOptions(&env, mode));
    ASSERT_TRUE(tm.ok()) << tm.status().ToString();
    const int kCommits = Quick() ? 60 : 300;
    std::atomic<bool> stop{false};
    std::atomic<int> checks{0};
    std::vector<std::string> failures(3);
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&, t] {
            uint64_t last_seq = 0;
            while (!stop.load()) {
                auto r = (*tm)->BeginRead();
                if (!r.ok()) {
                    failures[t] = r.status().ToString();
                    return;
                }
                if ((*r)->snapshot_seq() < last_seq) {
                    failures[t] = "snapshot went backwards";
                    return;
                }
                last_seq = (*r)->snapshot_seq();
                std::string bad = CheckSnapshot(r->get());
                if (!bad.empty()) {
                    failures[t] = bad;
                    return;
                }
                ++checks;
            }
        });
    }
    std::mt19937 rng(9);
    std::vector<NodeId> live;
    std::vector<graph::RelId> rels;
    for (int c = 0; c < kCommits; ++c) {
        auto w = (*tm)->BeginWrite();
        ASSERT_TRUE(w.ok()) << w.status().ToString();
        std::vector<NodeId> live_before = live;
        std::vector<graph::RelId> rels_before = rels;
        graph::GraphStore* g = (*w)->graph();
        TokenId label = *g->GetOrCreateToken(TokenKind::kLabel, "L" + std::to_string(c % 3));
        TokenId type = *g->GetOrCreateToken(TokenKind::kRelType, "T" + std::to_string(c % 4));
        for (int i = 0; i < 5; ++i) {
            live.push_back(*g->CreateNode(std::span<const TokenId>(&label, 1), {}));
        }
        for (int i = 0; i < 8; ++i) {
            NodeId a = live[rng() % live.size()], b = live[rng() % live.size()];
            if (a == b) continue;  // keeps out-count == in-count == relationship count
            rels.push_back(*g->CreateRel(a, b, type, {}));
        }
        if (c % 5 == 4 && !rels.empty()) {
            size_t i = rng() % rels.size();
            ASSERT_TRUE(g->DeleteRel(rels[i]).ok());
            rels.erase(rels.begin() + static_cast<ptrdiff_t>(i));
        }
        if (c % 7 == 6) {
            (*w)->Rollback();
            live = std::move(live_before);  // what it created or deleted never happened
            rels = std::move(rels_before);
            continue;
        }
        Status st = (*w)->Commit();
        ASSERT_TRUE(st.ok()) << st.ToString();
        if (c % 50 == 49) {
            ASSERT_TRUE((*tm)->Checkpoint().ok());
        }
    }
    // Let the readers see the final state at least once.
    int seen = checks.load();
    while (checks.load() < seen + 3 && failures[0].empty() && failures[1].empty() &&
           failures[2].empty()) {
        std::this_thread::yield();
    }
    stop = true;
    for (auto& t : readers) t.join();
    for (const auto& f : failures) EXPECT_EQ(f, "");
    EXPECT_GT(checks.load(), 3);
}

TEST(TxnConcurrencyTest, ReadersSeeConsistentGraphsWhileWriterCommitsOff) {
    RunStress(SyncMode::kOff);
}

TEST(TxnConcurrencyTest, ReadersSeeConsistentGraphsWhileWriterCommitsNormal) {
    RunStress(SyncMode::kNormal);
}

}  // namespace
}  // namespace nexus::txn
