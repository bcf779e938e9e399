// Recycled read views (txn/read_view_pool.h): a reader gets a view of exactly its snapshot's
// version, whether recycled or new; commits of counts, tokens and indexes never leak into an
// older reader nor an older view into a newer reader; small pools recycle nothing.
#include "txn/read_view_pool.h"

#include <gtest/gtest.h>

#include "io/mem_env.h"
#include "txn/transaction_manager.h"

namespace nexus::txn {
namespace {

using graph::TokenId;
using graph::TokenKind;

template <typename T>
T Take(Result<T> r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
}

storage::PagerOptions Options(io::Env* env) {
    storage::PagerOptions o;
    o.env = env;
    o.sync_mode = SyncMode::kOff;
    return o;
}

// Commits `n` nodes labelled `label` with property k = 1..n, and an index on (label, k) when
// `index` is set.
void AddNodes(TransactionManager* tm, const std::string& label, int n, bool index) {
    auto w = Take(tm->BeginWrite());
    graph::GraphStore* g = w->graph();
    TokenId l = *g->GetOrCreateToken(TokenKind::kLabel, label);
    TokenId k = *g->GetOrCreateToken(TokenKind::kPropertyKey, "k");
    for (int i = 1; i <= n; ++i) {
        ASSERT_TRUE(g->CreateNode(std::span<const TokenId>(&l, 1), {{k, Value(int64_t{i})}}).ok());
    }
    if (index) {
        ASSERT_TRUE(g->CreateIndex("", l, {k}, false).ok());
    }
    ASSERT_TRUE(w->Commit().ok());
}

TEST(ReadViewPoolTest, ReadersOfOneVersionShareAView) {
    io::MemEnv env;
    auto tm = Take(TransactionManager::Open("/db", Options(&env)));
    AddNodes(tm.get(), "A", 3, true);
    uint64_t before = tm->ReadViewsReused();
    for (int i = 0; i < 5; ++i) {
        auto r = Take(tm->BeginRead());
        graph::GraphStore* g = r->graph();
        TokenId a = g->FindToken(TokenKind::kLabel, "A");
        EXPECT_EQ(g->CountNodes(a), 3u);
        ASSERT_EQ(g->Indexes().size(), 1u);
        Value key(int64_t{2});
        auto cursor = g->IndexSeek(g->Indexes()[0].id, std::span<const Value>(&key, 1));
        graph::NodeId ids[4];
        EXPECT_EQ(cursor->Next(ids, 4), 1u);
    }
    // The first reader after the commit decodes; the four after it recycle its view.
    EXPECT_EQ(tm->ReadViewsReused() - before, 4u);
}

TEST(ReadViewPoolTest, CommitsNeverLeakBetweenVersions) {
    io::MemEnv env;
    auto tm = Take(TransactionManager::Open("/db", Options(&env)));
    AddNodes(tm.get(), "A", 2, false);
    { auto warm = Take(tm->BeginRead()); }  // leaves an idle view of this version
    auto old_reader = Take(tm->BeginRead());
    AddNodes(tm.get(), "B", 4, true);

    // The old reader keeps its version: no B token, no index, the old counts.
    graph::GraphStore* old_g = old_reader->graph();
    EXPECT_EQ(old_g->FindToken(TokenKind::kLabel, "B"), graph::kNoToken);
    EXPECT_TRUE(old_g->Indexes().empty());
    EXPECT_EQ(old_g->CountNodes(), 2u);

    // A new reader sees the commit, although an idle view of the old version existed.
    for (int i = 0; i < 3; ++i) {
        auto r = Take(tm->BeginRead());
        graph::GraphStore* g = r->graph();
        TokenId b = g->FindToken(TokenKind::kLabel, "B");
        ASSERT_NE(b, graph::kNoToken);
        EXPECT_EQ(g->CountNodes(b), 4u);
        EXPECT_EQ(g->CountNodes(), 6u);
        EXPECT_EQ(g->Indexes().size(), 1u);
    }
    // Ending the old reader must not put its view where the newer readers look.
    old_reader.reset();
    auto r = Take(tm->BeginRead());
    EXPECT_EQ(r->graph()->CountNodes(), 6u);
    EXPECT_EQ(r->graph()->Indexes().size(), 1u);
}

TEST(ReadViewPoolTest, RolledBackWriteKeepsTheVersionsView) {
    io::MemEnv env;
    auto tm = Take(TransactionManager::Open("/db", Options(&env)));
    AddNodes(tm.get(), "A", 2, false);
    { auto warm = Take(tm->BeginRead()); }
    {
        auto w = Take(tm->BeginWrite());
        TokenId gone = *w->graph()->GetOrCreateToken(TokenKind::kLabel, "Gone");
        ASSERT_TRUE(w->graph()->CreateNode(std::span<const TokenId>(&gone, 1), {}).ok());
        w->Rollback();
    }
    uint64_t before = tm->ReadViewsReused();
    auto r = Take(tm->BeginRead());
    EXPECT_EQ(tm->ReadViewsReused() - before, 1u);  // same version: recycled
    EXPECT_EQ(r->graph()->CountNodes(), 2u);
    EXPECT_EQ(r->graph()->FindToken(TokenKind::kLabel, "Gone"), graph::kNoToken);
}

TEST(ReadViewPoolTest, ConcurrentReadersOfOneVersionGetTheirOwnViews) {
    io::MemEnv env;
    auto tm = Take(TransactionManager::Open("/db", Options(&env)));
    AddNodes(tm.get(), "A", 2, false);
    auto r1 = Take(tm->BeginRead());
    auto r2 = Take(tm->BeginRead());
    EXPECT_NE(r1->graph(), r2->graph());
    EXPECT_EQ(r1->graph()->CountNodes(), 2u);
    EXPECT_EQ(r2->graph()->CountNodes(), 2u);
}

TEST(ReadViewPoolTest, SmallPoolRecyclesNothing) {
    io::MemEnv env;
    storage::PagerOptions o = Options(&env);
    o.cache_bytes = 32 * storage::kPageSize;  // idle views would pin most of it
    auto tm = Take(TransactionManager::Open("/db", o));
    AddNodes(tm.get(), "A", 2, false);
    for (int i = 0; i < 3; ++i) {
        auto r = Take(tm->BeginRead());
        EXPECT_EQ(r->graph()->CountNodes(), 2u);
    }
    EXPECT_EQ(tm->ReadViewsReused(), 0u);
}

TEST(ReadViewPoolTest, IdleViewRefusesReads) {
    SnapshotPages pages;
    auto ref = pages.Read(storage::kFirstDataPage);
    EXPECT_EQ(ref.status().code(), StatusCode::kInternal);
    EXPECT_EQ(pages.page_count(), 0u);
}

}  // namespace
}  // namespace nexus::txn
