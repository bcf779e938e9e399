// CREATE INDEX over nodes that already exist (GraphStore::CreateIndex): the entries are
// bulk-loaded into full leaves, seeks find every node, a unique index refuses duplicates
// found among the sorted keys and leaves no pages behind, and later writes maintain the tree.
// Page counts come from the space census of nexus check.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "check/check.h"
#include "check/checker.h"
#include "graph/graph_store.h"
#include "storage/pager.h"
#include "txn/transaction_manager.h"

namespace nexus::graph {
namespace {

namespace fs = std::filesystem;

constexpr int kItems = 3000;

class CreateIndexTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/nexus_create_index_testXXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        path_ = dir_ + "/g.nexus";
        storage::PagerOptions po;
        po.sync_mode = SyncMode::kOff;
        auto tm = txn::TransactionManager::Open(path_, po);
        ASSERT_TRUE(tm.ok()) << tm.status().ToString();
        tm_ = std::move(*tm);
    }
    void TearDown() override {
        tm_.reset();
        fs::remove_all(dir_);
    }

    // kItems :Item nodes whose `id` is a permutation of 0..kItems-1 (so keys arrive out of
    // order), `dup` repeated once when asked, plus unlabelled and id-less nodes.
    void Populate(GraphStore* g, bool dup) {
        item_ = *g->GetOrCreateToken(TokenKind::kLabel, "Item");
        id_ = *g->GetOrCreateToken(TokenKind::kPropertyKey, "id");
        std::vector<int64_t> values(kItems);
        std::iota(values.begin(), values.end(), 0);
        std::shuffle(values.begin(), values.end(), std::mt19937(7));
        TokenId labels[] = {item_};
        for (int64_t v : values) {
            auto n = g->CreateNode(labels, {{id_, Value(v)}});
            ASSERT_TRUE(n.ok());
            node_of_[v] = *n;
        }
        ASSERT_TRUE(g->CreateNode({}, {{id_, Value(int64_t{5})}}).ok());
        ASSERT_TRUE(g->CreateNode(labels, {}).ok());
        if (dup) {
            ASSERT_TRUE(g->CreateNode(labels, {{id_, Value(int64_t{42})}}).ok());
        }
    }

    static std::vector<NodeId> Seek(GraphStore* g, IndexId index, int64_t v) {
        Value key[] = {Value(v)};
        auto cursor = g->IndexSeek(index, key);
        std::vector<NodeId> out;
        NodeId batch[16];
        while (size_t n = cursor->Next(batch, 16)) out.insert(out.end(), batch, batch + n);
        EXPECT_TRUE(cursor->status().ok()) << cursor->status().ToString();
        return out;
    }

    check::Report Check() {
        auto r = tm_->BeginRead();
        EXPECT_TRUE(r.ok());
        check::Report report;
        check::CheckSnapshot(r->get()->pages(), &report);
        return report;
    }

    std::string dir_, path_;
    std::unique_ptr<txn::TransactionManager> tm_;
    TokenId item_ = 0, id_ = 0;
    std::map<int64_t, NodeId> node_of_;
};

TEST_F(CreateIndexTest, BulkLoadsFullLeavesAndSeeks) {
    auto w = tm_->BeginWrite();
    ASSERT_TRUE(w.ok());
    GraphStore* g = (*w)->graph();
    Populate(g, false);
    auto index = g->CreateIndex("item_id", item_, {id_}, false);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{1499}, int64_t{kItems - 1}}) {
        EXPECT_EQ(Seek(g, *index, v), std::vector<NodeId>{node_of_[v]}) << v;
    }
    EXPECT_TRUE(Seek(g, *index, kItems).empty());
    ASSERT_TRUE((*w)->Commit().ok());

    check::Report r = Check();
    EXPECT_TRUE(r.clean()) << r.ToString(true);
    const check::CensusRow& tree = r.census["b+tree index item_id"];
    EXPECT_EQ(tree.items, uint64_t{kItems});
    // 26 bytes per entry (20-byte key, 4-byte cell header, 2-byte slot) in 8160-byte leaves:
    // full leaves need 10 and a root; entries inserted one by one in shuffled order left
    // leaves about two thirds full (15 or more).
    EXPECT_LE(tree.pages, 11u) << r.CensusString();
}

TEST_F(CreateIndexTest, LaterWritesMaintainTheBulkLoadedTree) {
    auto w = tm_->BeginWrite();
    ASSERT_TRUE(w.ok());
    GraphStore* g = (*w)->graph();
    Populate(g, false);
    auto index = g->CreateIndex("item_id", item_, {id_}, true);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    TokenId labels[] = {item_};
    auto dup = g->CreateNode(labels, {{id_, Value(int64_t{42})}});
    EXPECT_EQ(dup.status().code(), StatusCode::kConstraintViolation);
    auto fresh = g->CreateNode(labels, {{id_, Value(int64_t{kItems + 10})}});
    ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
    ASSERT_TRUE(g->DeleteNode(node_of_[7]).ok());
    EXPECT_EQ(Seek(g, *index, kItems + 10), std::vector<NodeId>{*fresh});
    EXPECT_TRUE(Seek(g, *index, 7).empty());
    ASSERT_TRUE((*w)->Commit().ok());
    check::Report r = Check();
    EXPECT_TRUE(r.clean()) << r.ToString(true);
    EXPECT_EQ(r.census["b+tree index item_id"].items, uint64_t{kItems});
}

TEST_F(CreateIndexTest, UniqueIndexOverDuplicatesFailsAndFreesItsPages) {
    auto w = tm_->BeginWrite();
    ASSERT_TRUE(w.ok());
    GraphStore* g = (*w)->graph();
    Populate(g, true);
    auto index = g->CreateIndex("item_id", item_, {id_}, true);
    ASSERT_EQ(index.status().code(), StatusCode::kConstraintViolation);
    EXPECT_NE(index.status().message().find("item_id"), std::string::npos)
        << index.status().message();
    EXPECT_TRUE(g->Indexes().empty());
    // The same keys are fine for a non-unique index.
    ASSERT_TRUE(g->CreateIndex("item_id_any", item_, {id_}, false).ok());
    ASSERT_TRUE((*w)->Commit().ok());
    check::Report r = Check();
    EXPECT_TRUE(r.clean()) << r.ToString(true);
    EXPECT_EQ(r.census.count("b+tree index item_id"), 0u);
    EXPECT_EQ(r.census["b+tree index item_id_any"].items, uint64_t{kItems + 1});
    // The failed tree's pages went back to the free list rather than being lost.
    EXPECT_EQ(r.census.count("pages: b+tree leaves not reached from a root"), 0u)
        << r.CensusString();
}

}  // namespace
}  // namespace nexus::graph
