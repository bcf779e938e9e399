// Recycled read views under concurrency: a writer commits nodes and, every tenth commit, a
// new index, with frequent checkpoints, while readers (whose views are recycled between
// transactions of one version) check that each snapshot's counts, tokens and index catalog
// belong to one and the same commit: the one their page snapshot shows. Labelled "concurrency" so
// `make test-tsan` runs it.
#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "io/mem_env.h"
#include "txn/transaction_manager.h"

namespace nexus::txn {
namespace {

using graph::TokenId;
using graph::TokenKind;

bool Quick() {
    return std::getenv("NEXUS_TEST_QUICK") != nullptr;
}

// Commit c (from 1) adds one N node; commits 10, 20, ... also add property key p<c> and an
// index on (N, p<c>). So a snapshot with n N-nodes has n / 10 indexes and keys.
std::string CheckSnapshot(ReadTransaction* r) {
    graph::GraphStore* g = r->graph();
    TokenId n_label = g->FindToken(TokenKind::kLabel, "N");
    uint64_t n = n_label == graph::kNoToken ? 0 : g->CountNodes(n_label);
    if (n != g->CountNodes()) return "label count differs from the total";
    uint64_t scanned = 0;
    if (n_label != graph::kNoToken) {
        auto cursor = g->ScanLabel(n_label);
        graph::NodeId ids[64];
        while (size_t k = cursor->Next(ids, 64)) scanned += k;
        if (!cursor->status().ok()) return cursor->status().ToString();
    }
    if (scanned != n) return "label scan differs from the count";
    // A view decoded afresh from this transaction's own snapshot must agree with the one it
    // was given (which may have been recycled).
    auto fresh = graph::GraphStore::OpenReader(r->pages(), nullptr);
    if (!fresh.ok()) return fresh.status().ToString();
    if ((*fresh)->CountNodes() != n || (*fresh)->root().next_node != g->root().next_node ||
        (*fresh)->Indexes().size() != g->Indexes().size()) {
        return "the view is not of the transaction's snapshot";
    }
    std::vector<graph::IndexDef> indexes = g->Indexes();
    if (indexes.size() != n / 10) {
        return "snapshot of " + std::to_string(n) + " nodes has " + std::to_string(indexes.size()) +
               " indexes";
    }
    // The newest index's key is a token of this snapshot; the next one's is not yet.
    std::string next_key = "p" + std::to_string((n / 10 + 1) * 10);
    if (g->FindToken(TokenKind::kPropertyKey, next_key) != graph::kNoToken) {
        return "a later commit's property key is visible";
    }
    if (!indexes.empty()) {
        std::string key = "p" + std::to_string(n / 10 * 10);
        if (g->FindToken(TokenKind::kPropertyKey, key) != indexes.back().properties[0]) {
            return "the newest index names a key this snapshot does not have";
        }
    }
    return "";
}

void Commit(TransactionManager* tm, int c) {
    auto w = tm->BeginWrite();
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    graph::GraphStore* g = (*w)->graph();
    TokenId label = *g->GetOrCreateToken(TokenKind::kLabel, "N");
    ASSERT_TRUE(g->CreateNode(std::span<const TokenId>(&label, 1), {}).ok());
    if (c % 10 == 0) {
        TokenId key = *g->GetOrCreateToken(TokenKind::kPropertyKey, "p" + std::to_string(c));
        ASSERT_TRUE(g->CreateIndex("", label, {key}, false).ok());
    }
    Status st = (*w)->Commit();
    ASSERT_TRUE(st.ok()) << st.ToString();
}

void RunStress(SyncMode mode) {
    io::MemEnv env;
    storage::PagerOptions o;
    o.env = &env;
    o.sync_mode = mode;
    o.wal_checkpoint_bytes = 64 * uint64_t{storage::kFrameSize};  // frequent checkpoints
    o.normal_sync_commits = 4;
    o.normal_sync_interval_ms = 1;
    auto tm = TransactionManager::Open("/db", o);
    ASSERT_TRUE(tm.ok()) << tm.status().ToString();
    const int kCommits = Quick() ? 100 : 400;
    std::atomic<bool> stop{false};
    std::vector<std::string> failures(3);
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&, t] {
            while (!stop.load() && failures[t].empty()) {
                auto r = (*tm)->BeginRead();
                if (!r.ok()) {
                    failures[t] = r.status().ToString();
                    return;
                }
                failures[t] = CheckSnapshot(r->get());
            }
        });
    }
    for (int c = 1; c <= kCommits; ++c) {
        Commit(tm->get(), c);
        if (c % 50 == 0) {
            ASSERT_TRUE((*tm)->Checkpoint().ok());
        }
    }
    stop = true;
    for (auto& t : readers) t.join();
    for (const auto& f : failures) EXPECT_EQ(f, "");
    // Quiet now: readers of the final version recycle one view and see every commit.
    uint64_t before = (*tm)->ReadViewsReused();
    for (int i = 0; i < 3; ++i) {
        auto r = (*tm)->BeginRead();
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(CheckSnapshot(r->get()), "");
        EXPECT_EQ((*r)->graph()->CountNodes(), static_cast<uint64_t>(kCommits));
    }
    EXPECT_GE((*tm)->ReadViewsReused() - before, 2u);
}

TEST(ReadViewConcurrencyTest, SnapshotsStayWholeWhileWriterCommitsOff) {
    RunStress(SyncMode::kOff);
}

TEST(ReadViewConcurrencyTest, SnapshotsStayWholeWhileWriterCommitsFull) {
    RunStress(SyncMode::kFull);
}

}  // namespace
}  // namespace nexus::txn
