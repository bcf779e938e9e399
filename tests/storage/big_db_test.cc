// A database many times larger than the buffer pool: ~2 MiB of cache over 100+ MiB of pages
// (20 MiB with NEXUS_TEST_QUICK). Every page must read back intact through eviction, from the
// WAL and from the main file, before and after reopening.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include "pager_test_util.h"
#include "storage/pager.h"

namespace nexus::storage {
namespace {

TEST(BigDatabaseTest, SmallPoolOverLargeFile) {
    bool quick = std::getenv("NEXUS_TEST_QUICK") != nullptr;
    const PageId pages = quick ? 2560 : 13000;  // 20 MiB or 106 MiB
    const size_t pool_bytes = size_t{2} << 20;
    auto dir = std::filesystem::temp_directory_path() / ("nexus_big_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::string path = (dir / "big.nexus").string();
    PagerOptions options;
    options.sync_mode = SyncMode::kOff;
    options.cache_bytes = pool_bytes;
    options.wal_checkpoint_bytes = uint64_t{16} << 20;
    {
        auto pager = Pager::Open(path, options);
        ASSERT_TRUE(pager.ok()) << pager.status().ToString();
        for (PageId done = 0; done < pages;) {
            auto w = (*pager)->BeginWrite();
            ASSERT_TRUE(w.ok());
            for (int i = 0; i < 200 && done < pages; ++i, ++done) {
                auto id = (*w)->Allocate();
                ASSERT_TRUE(id.ok());
                ASSERT_TRUE(testing::WriteStamp(w->get(), *id, *id * 7).ok());
            }
            ASSERT_TRUE((*w)->Commit().ok());
        }
        // Rewrite a scattered tenth so some reads resolve to WAL frames, others to the file.
        std::mt19937 rng(7);
        auto w = (*pager)->BeginWrite();
        for (PageId i = 0; i < pages / 10; ++i) {
            PageId id = 1 + rng() % pages;
            ASSERT_TRUE(testing::WriteStamp(w->get(), id, id * 7 + 1).ok());
        }
        ASSERT_TRUE((*w)->Commit().ok());
    }
    auto pager = Pager::Open(path, options);
    ASSERT_TRUE(pager.ok());
    std::mt19937 rng(11);
    auto r = (*pager)->BeginRead();
    ASSERT_EQ((*r)->page_count(), pages + 1);
    for (int pass = 0; pass < 2; ++pass) {
        for (PageId i = 0; i < pages; ++i) {
            PageId id = 1 + rng() % pages;
            uint64_t stamp = testing::ReadStamp(r->get(), id);
            ASSERT_TRUE(stamp == id * 7 || stamp == id * 7 + 1) << "page " << id;
        }
    }
    PagerStats stats = (*pager)->Stats();
    EXPECT_GT(stats.cache_evictions, static_cast<uint64_t>(pages) / 2);
    EXPECT_GT(stats.cache_misses, stats.cache_hits);  // the pool really is small
    r->reset();
    pager->reset();
    EXPECT_GE(std::filesystem::file_size(path), uint64_t{pages} * kPageSize);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nexus::storage
