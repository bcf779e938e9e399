// GraphStore::StatsVersion on the real store: equal for views of equal counts and indexes,
// different after any label/type count, total or index-list change (committed or in the
// writer's own view), unchanged by property writes and rollbacks; and a cached plan still
// re-plans across transactions once counts move past 2x.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "graph/graph_store.h"
#include "nexus/database.h"
#include "txn/transaction_manager.h"

namespace nexus {
namespace {

class StatsVersionStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("nexus_stats_version_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / "t.nexus").string();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::unique_ptr<txn::TransactionManager> OpenTm() {
        storage::PagerOptions o;
        o.sync_mode = SyncMode::kOff;
        o.create_if_missing = true;
        auto tm = txn::TransactionManager::Open(path_, o);
        EXPECT_TRUE(tm.ok()) << tm.status().ToString();
        return tm.ok() ? std::move(*tm) : nullptr;
    }
    static uint64_t ReadVersion(txn::TransactionManager* tm) {
        auto r = tm->BeginRead();
        EXPECT_TRUE(r.ok());
        return r.ok() ? (*r)->graph()->StatsVersion() : 0;
    }
    // Runs `change` in a write transaction and commits it (or rolls it back).
    template <typename F>
    static void Write(txn::TransactionManager* tm, F change, bool commit = true) {
        auto w = tm->BeginWrite();
        ASSERT_TRUE(w.ok());
        change((*w)->graph());
        if (commit) {
            ASSERT_TRUE((*w)->Commit().ok());
        } else {
            (*w)->Rollback();
        }
    }

    std::filesystem::path dir_;
    std::string path_;
};

TEST_F(StatsVersionStoreTest, FollowsCountsAndIndexes) {
    auto tm = OpenTm();
    ASSERT_NE(tm, nullptr);
    graph::TokenId person = 0, knows = 0, name = 0;
    graph::NodeId a = 0, b = 0;
    Write(tm.get(), [&](graph::GraphStore* g) {
        person = *g->GetOrCreateToken(graph::TokenKind::kLabel, "Person");
        knows = *g->GetOrCreateToken(graph::TokenKind::kRelType, "KNOWS");
        name = *g->GetOrCreateToken(graph::TokenKind::kPropertyKey, "name");
        a = *g->CreateNode(std::vector<graph::TokenId>{person}, {});
        b = *g->CreateNode(std::vector<graph::TokenId>{person}, {});
    });
    uint64_t v1 = ReadVersion(tm.get());
    EXPECT_NE(v1, 0u);
    EXPECT_EQ(ReadVersion(tm.get()), v1);  // another view, same counts

    // A property write changes no count; a rolled-back node leaves no trace.
    Write(tm.get(), [&](graph::GraphStore* g) {
        ASSERT_TRUE(g->SetNodeProperty(a, name, Value(std::string("x"))).ok());
    });
    EXPECT_EQ(ReadVersion(tm.get()), v1);
    Write(
        tm.get(),
        [&](graph::GraphStore* g) {
            ASSERT_TRUE(g->CreateNode(std::vector<graph::TokenId>{person}, {}).ok());
        },
        /*commit=*/false);
    EXPECT_EQ(ReadVersion(tm.get()), v1);

    // A relationship (type count), a label-less node (total only), a label: each moves it,
    // and the writer sees its own change before it commits.
    uint64_t v2 = 0;
    Write(tm.get(), [&](graph::GraphStore* g) {
        ASSERT_TRUE(g->CreateRel(a, b, knows, {}).ok());
        v2 = g->StatsVersion();
        EXPECT_NE(v2, v1);
    });
    EXPECT_EQ(ReadVersion(tm.get()), v2);
    Write(tm.get(), [&](graph::GraphStore* g) { ASSERT_TRUE(g->CreateNode({}, {}).ok()); });
    uint64_t v3 = ReadVersion(tm.get());
    EXPECT_NE(v3, v2);
    Write(tm.get(), [&](graph::GraphStore* g) { ASSERT_TRUE(g->RemoveLabel(b, person).ok()); });
    uint64_t v4 = ReadVersion(tm.get());
    EXPECT_NE(v4, v3);

    // Index create and drop each move it (the counts stay).
    graph::IndexId index = 0;
    Write(tm.get(), [&](graph::GraphStore* g) {
        auto id = g->CreateIndex("by_name", person, {name}, false);
        ASSERT_TRUE(id.ok());
        index = *id;
    });
    uint64_t v5 = ReadVersion(tm.get());
    EXPECT_NE(v5, v4);
    Write(tm.get(), [&](graph::GraphStore* g) { ASSERT_TRUE(g->DropIndex(index).ok()); });
    uint64_t v6 = ReadVersion(tm.get());
    EXPECT_NE(v6, v5);
    EXPECT_NE(v6, v4);  // next index id moved on

    // Reopened: the same counts give the same version.
    tm.reset();
    tm = OpenTm();
    ASSERT_NE(tm, nullptr);
    EXPECT_EQ(ReadVersion(tm.get()), v6);
}

std::string ProfileOf(Database* db, const std::string& query) {
    auto r = db->execute("PROFILE " + query);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return "";
    EXPECT_TRUE(r->rows().ok());
    return r->plan();
}

TEST_F(StatsVersionStoreTest, CachedPlanReplansAcrossTransactions) {
    auto db = Database::open(path_, Config::benchmark());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    Database* d = db->get();
    ASSERT_TRUE(d->execute("UNWIND range(1, 20) AS i CREATE (:A {i: i})").ok());
    ASSERT_TRUE(d->execute("UNWIND range(1, 4) AS i CREATE (:B {i: i})").ok());
    ASSERT_TRUE(d->execute("MATCH (a:A {i: 1}), (b:B {i: 1}) CREATE (a)-[:R]->(b)").ok());
    const std::string q = "MATCH (a:A)-[:R]->(b:B) RETURN a.i";
    EXPECT_NE(ProfileOf(d, q).find(":B"), std::string::npos);
    // Runs at an unchanged version keep the plan; a small change keeps it too.
    EXPECT_NE(ProfileOf(d, q).find("NodeByLabelScan slot 0:B"), std::string::npos);
    ASSERT_TRUE(d->execute("CREATE (:B {i: 5})").ok());
    EXPECT_NE(ProfileOf(d, q).find("NodeByLabelScan slot 0:B"), std::string::npos);
    // B past A and past 2x: the next transaction's run re-plans from A.
    ASSERT_TRUE(d->execute("UNWIND range(6, 100) AS i CREATE (:B {i: i})").ok());
    std::string plan = ProfileOf(d, q);
    EXPECT_NE(plan.find("NodeByLabelScan slot 0:A"), std::string::npos) << plan;
    auto rows = d->execute(q);
    ASSERT_TRUE(rows.ok());
    auto all = rows->rows();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ((*all)[0][0].ToString(), "1");
}

}  // namespace
}  // namespace nexus
