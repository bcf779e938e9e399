// The B+tree on the real pager (storage/pager.h) rather than MemPageStore: a buffer pool far
// smaller than the tree, many commits, snapshots, rollback, and reopening the file.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "index/btree.h"
#include "storage/pager.h"

namespace nexus::index {
namespace {

using Model = std::map<std::string, std::string>;

class BTreePagerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("nexus_index_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        options_.sync_mode = SyncMode::kOff;
        options_.cache_bytes = size_t{1} << 20;  // 128 pages: the tree does not fit
        Reopen();
    }
    void TearDown() override {
        pager_.reset();
        std::filesystem::remove_all(dir_);
    }
    void Reopen() {
        pager_.reset();
        auto pager = storage::Pager::Open((dir_ / "db.nexus").string(), options_);
        ASSERT_TRUE(pager.ok()) << pager.status().ToString();
        pager_ = std::move(*pager);
    }
    std::unique_ptr<storage::WriteTxn> Write() {
        auto w = pager_->BeginWrite();
        EXPECT_TRUE(w.ok()) << w.status().ToString();
        return w.ok() ? std::move(*w) : nullptr;
    }
    std::unique_ptr<storage::ReadTxn> Read() {
        auto r = pager_->BeginRead();
        EXPECT_TRUE(r.ok()) << r.status().ToString();
        return r.ok() ? std::move(*r) : nullptr;
    }
    void ExpectTree(storage::PageReader* r, PageId root, const Model& model) {
        auto stats = BTree::Check(r, root);
        ASSERT_TRUE(stats.ok()) << stats.status().ToString();
        ASSERT_EQ(stats->entries, model.size());
        BTree::Cursor c(r, root);
        ASSERT_TRUE(c.SeekToFirst().ok());
        for (const auto& [k, v] : model) {
            ASSERT_TRUE(c.Valid());
            ASSERT_EQ(c.key(), k);
            ASSERT_EQ(c.value(), v);
            ASSERT_TRUE(c.Next().ok());
        }
        EXPECT_FALSE(c.Valid());
    }

    std::filesystem::path dir_;
    storage::PagerOptions options_;
    std::unique_ptr<storage::Pager> pager_;
};

std::string Key(std::mt19937_64& rng) {
    return "k" + std::to_string(rng() % 1000000);
}

TEST_F(BTreePagerTest, ManyCommitsSnapshotsAndReopen) {
    PageId root;
    {
        auto w = Write();
        auto created = BTree::Create(w.get());
        ASSERT_TRUE(created.ok());
        root = *created;
        ASSERT_TRUE(w->Commit().ok());
    }
    Model model, first_commit;
    std::unique_ptr<storage::ReadTxn> early;
    std::mt19937_64 rng(21);
    for (int txn = 0; txn < 20; ++txn) {
        auto w = Write();
        for (int i = 0; i < 3000; ++i) {
            std::string key = Key(rng);
            if (rng() % 4 == 0) {
                auto erased = BTree::Erase(w.get(), root, key);
                ASSERT_TRUE(erased.ok()) << erased.status().ToString();
                ASSERT_EQ(*erased, model.erase(key) == 1);
            } else {
                std::string value(rng() % 64, static_cast<char>('a' + txn));
                ASSERT_TRUE(BTree::Insert(w.get(), root, key, value).ok());
                model[key] = value;
            }
        }
        ASSERT_TRUE(w->Commit().ok());
        if (txn == 0) {
            early = Read();
            first_commit = model;
        }
    }
    ExpectTree(early.get(), root, first_commit);  // the snapshot kept its view
    early.reset();
    auto r = Read();
    ExpectTree(r.get(), root, model);
    r.reset();

    Reopen();
    r = Read();
    ExpectTree(r.get(), root, model);
    r.reset();

    // Erase everything: the tree is back to its root page.
    {
        auto w = Write();
        for (const auto& [k, v] : model) ASSERT_TRUE(*BTree::Erase(w.get(), root, k));
        ASSERT_TRUE(w->Commit().ok());
    }
    Reopen();
    r = Read();
    auto stats = BTree::Check(r.get(), root);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->entries, 0u);
    EXPECT_EQ(stats->leaf_pages + stats->internal_pages, 1u);
}

TEST_F(BTreePagerTest, RollbackLeavesNoTrace) {
    PageId root;
    Model model;
    {
        auto w = Write();
        root = *BTree::Create(w.get());
        for (int i = 0; i < 5000; ++i) {
            std::string key = "base" + std::to_string(i);
            ASSERT_TRUE(BTree::Insert(w.get(), root, key, "v").ok());
            model[key] = "v";
        }
        ASSERT_TRUE(w->Commit().ok());
    }
    {
        auto w = Write();
        for (int i = 0; i < 20000; ++i) {
            ASSERT_TRUE(BTree::Insert(w.get(), root, "new" + std::to_string(i), "x").ok());
        }
        for (int i = 0; i < 5000; i += 2) {
            ASSERT_TRUE(*BTree::Erase(w.get(), root, "base" + std::to_string(i)));
        }
        w->Rollback();
    }
    auto r = Read();
    ExpectTree(r.get(), root, model);
}

TEST_F(BTreePagerTest, BulkLoadLargerThanTheCache) {
    PageId root;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int i = 0; i < 200000; ++i) {
        char buf[24];
        snprintf(buf, sizeof(buf), "key%09d", i);
        pairs.emplace_back(buf, "value");
    }
    {
        auto w = Write();
        root = *BTree::Create(w.get());
        ASSERT_TRUE(BTree::BulkLoad(w.get(), root, pairs).ok());
        ASSERT_TRUE(w->Commit().ok());
    }
    Reopen();
    auto r = Read();
    auto stats = BTree::Check(r.get(), root);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->entries, pairs.size());
    auto got = BTree::Get(r.get(), root, "key000123456");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, "value");
}

// Readers on their own threads take snapshots while the writer commits versions: every
// snapshot must show exactly one committed version (all values equal, the right key count).
TEST_F(BTreePagerTest, ConcurrentReadersSeeWholeCommits) {
    PageId root;
    {
        auto w = Write();
        root = *BTree::Create(w.get());
        ASSERT_TRUE(w->Commit().ok());
    }
    constexpr int kVersions = 30;
    std::atomic<bool> done{false};
    std::atomic<int> snapshots{0};
    std::atomic<int> failures{0};
    auto reader = [&] {
        while (!done.load()) {
            auto r = pager_->BeginRead();
            if (!r.ok()) {
                ++failures;
                return;
            }
            BTree::Cursor c(r->get(), root);
            if (!c.SeekToFirst().ok()) ++failures;
            std::string version;
            int count = 0;
            for (; c.Valid(); ++count) {
                if (count == 0) version = std::string(c.value());
                if (c.value() != version) ++failures;  // a torn snapshot
                if (!c.Next().ok()) ++failures;
            }
            // Version v holds keys 0 .. 1000 + 100 v - 1.
            if (count > 0 && count != 1000 + 100 * std::stoi(version)) ++failures;
            ++snapshots;
        }
    };
    std::thread t1(reader), t2(reader);
    for (int v = 0; v < kVersions; ++v) {
        auto w = Write();
        std::string value = std::to_string(v);
        for (int k = 0; k < 1000 + 100 * v; ++k) {
            ASSERT_TRUE(BTree::Insert(w.get(), root, "key" + std::to_string(k), value).ok());
        }
        ASSERT_TRUE(w->Commit().ok());
    }
    while (snapshots.load() < 10) std::this_thread::yield();
    done = true;
    t1.join();
    t2.join();
    EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace nexus::index
