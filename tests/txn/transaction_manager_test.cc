// TransactionManager on the real Pager (in-memory Env): formatting, commit, rollback,
// snapshots, reopen.
#include "txn/transaction_manager.h"

#include <gtest/gtest.h>

#include "io/mem_env.h"

namespace nexus::txn {
namespace {

using graph::Direction;
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

TEST(TransactionManagerTest, FormatsCommitsAndReopens) {
    io::MemEnv env;
    graph::NodeId a, b;
    {
        auto tm = TransactionManager::Open("/db", Options(&env));
        ASSERT_TRUE(tm.ok()) << tm.status().ToString();
        auto w = (*tm)->BeginWrite();
        ASSERT_TRUE(w.ok());
        graph::GraphStore* g = (*w)->graph();
        auto l = g->GetOrCreateToken(TokenKind::kLabel, "Person");
        auto t = g->GetOrCreateToken(TokenKind::kRelType, "KNOWS");
        auto k = g->GetOrCreateToken(TokenKind::kPropertyKey, "name");
        a = *g->CreateNode(std::vector<graph::TokenId>{*l}, {{*k, Value("Ada")}});
        b = *g->CreateNode(std::vector<graph::TokenId>{*l}, {{*k, Value(std::string(20000, 'b'))}});
        ASSERT_TRUE(g->CreateRel(a, b, *t, {}).ok());
        ASSERT_TRUE((*w)->Commit().ok());
    }
    auto tm = TransactionManager::Open("/db", Options(&env));
    ASSERT_TRUE(tm.ok()) << tm.status().ToString();
    auto r = (*tm)->BeginRead();
    ASSERT_TRUE(r.ok());
    graph::GraphStore* g = (*r)->graph();
    graph::TokenId l = g->FindToken(TokenKind::kLabel, "Person");
    graph::TokenId k = g->FindToken(TokenKind::kPropertyKey, "name");
    ASSERT_NE(l, graph::kNoToken);
    EXPECT_EQ(g->CountNodes(l), 2u);
    EXPECT_EQ(g->CountRels(), 1u);
    EXPECT_EQ(g->NodeProperty(a, k)->as_string(), "Ada");
    EXPECT_EQ(g->NodeProperty(b, k)->as_string().size(), 20000u);
    std::vector<graph::AdjEntry> out;
    ASSERT_TRUE(g->Expand(b, Direction::kIncoming, {}, &out).ok());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].neighbor, a);
}

TEST(TransactionManagerTest, RollbackLeavesNoTraceAndSnapshotsHold) {
    io::MemEnv env;
    auto tm = TransactionManager::Open("/db", Options(&env));
    ASSERT_TRUE(tm.ok()) << tm.status().ToString();
    {
        auto w = Take((*tm)->BeginWrite());
        ASSERT_TRUE(w->graph()->CreateNode({}, {}).ok());
        ASSERT_TRUE(w->Commit().ok());
    }
    auto before = Take((*tm)->BeginRead());
    {
        auto w = Take((*tm)->BeginWrite());
        auto l = w->graph()->GetOrCreateToken(TokenKind::kLabel, "Gone");
        for (int i = 0; i < 50; ++i) ASSERT_TRUE(w->graph()->CreateNode(std::vector{*l}, {}).ok());
        w->Rollback();
    }
    {
        auto w = Take((*tm)->BeginWrite());
        ASSERT_TRUE(w->graph()->CreateNode({}, {}).ok());
        ASSERT_TRUE(w->Commit().ok());
        EXPECT_FALSE(w->open());
        EXPECT_EQ(w->Commit().code(), StatusCode::kTransactionError);
    }
    EXPECT_EQ(before->graph()->CountNodes(), 1u);
    auto after = Take((*tm)->BeginRead());
    EXPECT_EQ(after->graph()->CountNodes(), 2u);
    EXPECT_EQ(after->graph()->FindToken(TokenKind::kLabel, "Gone"), graph::kNoToken);
}

}  // namespace
}  // namespace nexus::txn
