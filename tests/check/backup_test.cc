// Database::backup: the copy opens and checks clean, holds what was committed, replaces an
// older DEST (and its WAL) whole, and, taken while a writer thread keeps committing, holds a
// prefix of the commits: every counter value up to some commit, none after it.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "check/check.h"
#include "nexus/database.h"

namespace nexus {
namespace {

namespace fs = std::filesystem;

class BackupTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/nexus_backup_testXXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }

    static Config Fast() {
        Config c;
        c.sync_mode = SyncMode::kNormal;
        return c;
    }
    std::unique_ptr<Database> Open(const std::string& name) {
        auto db = Database::open(dir_ + "/" + name, Fast());
        EXPECT_TRUE(db.ok()) << db.status().ToString();
        return db.ok() ? std::move(*db) : nullptr;
    }
    void ExpectChecksClean(const std::string& path) {
        auto r = check::CheckDatabase(path);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        EXPECT_TRUE(r->clean()) << r->ToString(true);
    }

    std::string dir_;
};

TEST_F(BackupTest, CopyOpensAndChecksClean) {
    auto db = Open("src.nexus");
    {
        auto tx = db->begin();
        ASSERT_TRUE(tx.ok());
        int64_t prev = -1;
        for (int i = 0; i < 500; ++i) {
            auto n = (*tx)->create_node({"Item"}, {{"i", Value(int64_t{i})}});
            ASSERT_TRUE(n.ok());
            if (prev >= 0) {
                ASSERT_TRUE((*tx)->create_relationship(prev, *n, "NEXT").ok());
            }
            prev = *n;
        }
        ASSERT_TRUE((*tx)->commit().ok());
    }
    const std::string dest = dir_ + "/copy.nexus";
    ASSERT_TRUE(db->backup(dest).ok());
    EXPECT_FALSE(fs::exists(dest + ".backup-tmp"));
    EXPECT_FALSE(fs::exists(dest + "-wal"));
    ExpectChecksClean(dest);
    auto copy = Database::open(dest, Fast());
    ASSERT_TRUE(copy.ok()) << copy.status().ToString();
    auto tx = (*copy)->begin(AccessMode::kRead);
    ASSERT_TRUE(tx.ok());
    EXPECT_EQ(*(*tx)->count_nodes("Item"), 500);
    EXPECT_EQ(*(*tx)->count_relationships("NEXT"), 499);
    tx->reset();
    // The copy takes writes of its own.
    auto w = (*copy)->begin();
    ASSERT_TRUE((*w)->create_node({"Item"}).ok());
    ASSERT_TRUE((*w)->commit().ok());
}

TEST_F(BackupTest, ReplacesAnOlderBackupAndItsWal) {
    auto db = Open("src.nexus");
    const std::string dest = dir_ + "/copy.nexus";
    {
        auto tx = db->begin();
        ASSERT_TRUE((*tx)->create_node({"A"}).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    }
    ASSERT_TRUE(db->backup(dest).ok());
    {
        // Write to the old backup so it has a WAL of its own with a newer commit.
        Config c = Fast();
        auto old = Database::open(dest, c);
        ASSERT_TRUE(old.ok());
        auto tx = (*old)->begin();
        for (int i = 0; i < 10; ++i) ASSERT_TRUE((*tx)->create_node({"Stale"}).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    }
    {
        auto tx = db->begin();
        ASSERT_TRUE((*tx)->create_node({"B"}).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    }
    ASSERT_TRUE(db->backup(dest).ok());
    ExpectChecksClean(dest);
    auto copy = Database::open(dest, Fast());
    ASSERT_TRUE(copy.ok());
    auto tx = (*copy)->begin(AccessMode::kRead);
    EXPECT_EQ(*(*tx)->count_nodes("Stale"), 0);
    EXPECT_EQ(*(*tx)->count_nodes("B"), 1);
    EXPECT_EQ(*(*tx)->count_nodes(), 2);
}

TEST_F(BackupTest, RejectsItsOwnPath) {
    auto db = Open("src.nexus");
    EXPECT_EQ(db->backup(dir_ + "/src.nexus").code(), StatusCode::kInvalidArgument);
}

// Each commit adds one node with seq = k (k = 0, 1, ...): a consistent copy holds seq 0..m-1
// for some m and nothing else.
TEST_F(BackupTest, BackupDuringWritesHoldsAPrefixOfCommits) {
    auto db = Open("src.nexus");
    std::atomic<bool> stop{false};
    std::atomic<int64_t> committed{0};
    std::thread writer([&] {
        for (int64_t k = 0; !stop.load(); ++k) {
            auto tx = db->begin();
            if (!tx.ok()) return;
            auto a = (*tx)->create_node({"Step"}, {{"seq", Value(k)}});
            if (!a.ok() || !(*tx)->create_relationship(*a, *a, "SELF").ok()) return;
            if (!(*tx)->commit().ok()) return;
            committed.store(k + 1);
        }
    });
    while (committed.load() < 20) std::this_thread::yield();
    std::vector<std::string> dests;
    for (int b = 0; b < 3; ++b) {
        dests.push_back(dir_ + "/copy" + std::to_string(b) + ".nexus");
        ASSERT_TRUE(db->backup(dests.back()).ok());
    }
    stop.store(true);
    writer.join();
    ASSERT_GT(committed.load(), 20);
    for (const std::string& dest : dests) {
        ExpectChecksClean(dest);
        auto copy = Database::open(dest, Fast());
        ASSERT_TRUE(copy.ok()) << copy.status().ToString();
        auto tx = (*copy)->begin(AccessMode::kRead);
        ASSERT_TRUE(tx.ok());
        int64_t m = *(*tx)->count_nodes("Step");
        EXPECT_GE(m, 20);
        EXPECT_LE(m, committed.load());
        EXPECT_EQ(*(*tx)->count_relationships("SELF"), m);
        auto ids = (*tx)->nodes_with_label("Step");
        ASSERT_TRUE(ids.ok());
        std::vector<bool> seen(m, false);
        for (int64_t id : *ids) {
            auto n = (*tx)->get_node(id);
            ASSERT_TRUE(n.ok());
            ASSERT_TRUE(n->properties);
            int64_t seq = n->properties->at("seq").as_int();
            ASSERT_GE(seq, 0);
            ASSERT_LT(seq, m) << "a commit after a missing one";
            EXPECT_FALSE(seen[seq]);
            seen[seq] = true;
        }
    }
}

}  // namespace
}  // namespace nexus
