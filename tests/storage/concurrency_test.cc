// Concurrency: a writer plus readers under stress (snapshots stay consistent and monotonic
// while commits, evictions and checkpoints run), and many committers sharing group commit.
// Labelled "concurrency" so `make test-tsan` runs it.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "io/mem_env.h"
#include "pager_test_util.h"
#include "storage/pager.h"

namespace nexus::storage {
namespace {

constexpr PageId kPages = 8;

bool Quick() {
    return std::getenv("NEXUS_TEST_QUICK") != nullptr;
}

PagerOptions StressOptions(io::Env* env, SyncMode mode) {
    PagerOptions options;
    options.env = env;
    options.sync_mode = mode;
    options.cache_bytes = 16 * kPageSize;            // constant eviction
    options.wal_checkpoint_bytes = 64 * kFrameSize;  // frequent checkpoints
    options.normal_sync_commits = 8;
    options.normal_sync_interval_ms = 1;
    return options;
}

void ReaderLoop(Pager* pager, std::atomic<bool>* stop, std::atomic<int>* errors) {
    uint64_t last = 0;
    while (!stop->load()) {
        auto r = pager->BeginRead();
        if (!r.ok()) {
            ++*errors;
            return;
        }
        if ((*r)->page_count() <= kPages) continue;  // before the first commit
        uint64_t first = testing::StampOf((*(*r)->Read(1)).data(), 1);
        for (PageId id = 2; id <= kPages; ++id) {
            auto ref = (*r)->Read(id);
            // Every page of a snapshot carries the same commit: no torn transaction is seen.
            if (!ref.ok() || testing::StampOf(ref->data(), id) != first) ++*errors;
        }
        if (first < last) ++*errors;  // a later snapshot never goes back in time
        last = first;
    }
}

class ConcurrencyTest : public ::testing::TestWithParam<SyncMode> {};

TEST_P(ConcurrencyTest, WriterAndReaders) {
    io::MemEnv env;
    auto pager = Pager::Open("/db", StressOptions(&env, GetParam()));
    ASSERT_TRUE(pager.ok());
    std::atomic<bool> stop{false};
    std::atomic<int> errors{0};
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) readers.emplace_back(ReaderLoop, pager->get(), &stop, &errors);
    int commits = Quick() ? 200 : 1000;
    for (int i = 1; i <= commits; ++i) {
        auto w = (*pager)->BeginWrite();
        ASSERT_TRUE(w.ok());
        while ((*w)->page_count() <= kPages) ASSERT_TRUE((*w)->Allocate().ok());
        for (PageId id = 1; id <= kPages; ++id) {
            ASSERT_TRUE(testing::WriteStamp(w->get(), id, i).ok());
        }
        ASSERT_TRUE((*w)->Commit().ok());
    }
    stop = true;
    for (auto& t : readers) t.join();
    EXPECT_EQ(errors.load(), 0);
    PagerStats stats = (*pager)->Stats();
    EXPECT_GT(stats.checkpoints, 0u);
    EXPECT_GT(stats.cache_evictions, 0u);
    auto r = (*pager)->BeginRead();
    EXPECT_EQ(testing::ReadStamp(r->get(), kPages), static_cast<uint64_t>(commits));
}

// Each committer increments a counter: lost updates would show if a writer did not build on
// the previous writer's (possibly not yet durable) commit.
void CommitterRun(Pager* pager, int commits, std::atomic<int>* errors) {
    for (int i = 0; i < commits; ++i) {
        auto w = pager->BeginWrite();
        if (!w.ok()) {
            ++*errors;
            return;
        }
        auto page = (*w)->Write(1);
        if (!page.ok()) {
            ++*errors;
            return;
        }
        Put64(*page, Get64(*page) + 1);
        if (!(*w)->Commit().ok()) ++*errors;
    }
}

void RunCommitters(io::Env* env, const std::string& path, SyncMode mode, int threads,
                   int per_thread) {
    PagerOptions options = StressOptions(env, mode);
    auto pager = Pager::Open(path, options);
    ASSERT_TRUE(pager.ok());
    {
        auto w = (*pager)->BeginWrite();
        ASSERT_TRUE((*w)->Allocate().ok());
        ASSERT_TRUE((*w)->Commit().ok());
    }
    std::atomic<int> errors{0};
    std::vector<std::thread> committers;
    for (int i = 0; i < threads; ++i) {
        committers.emplace_back(CommitterRun, pager->get(), per_thread, &errors);
    }
    std::thread checkpointer([&] {
        for (int i = 0; i < 20; ++i) EXPECT_TRUE((*pager)->Checkpoint().ok());
    });
    for (auto& t : committers) t.join();
    checkpointer.join();
    EXPECT_EQ(errors.load(), 0);
    uint64_t total = static_cast<uint64_t>(threads) * per_thread;
    auto check = [&](Pager* p) {
        auto r = p->BeginRead();
        EXPECT_EQ(Get64((*(*r)->Read(1)).data()), total);
    };
    check(pager->get());
    EXPECT_LE((*pager)->Stats().wal_fsyncs, (*pager)->Stats().commits + 40);
    pager->reset();
    auto reopened = Pager::Open(path, options);
    ASSERT_TRUE(reopened.ok());
    check(reopened->get());
}

TEST_P(ConcurrencyTest, CommittersBuildOnEachOther) {
    io::MemEnv env;
    RunCommitters(&env, "/db", GetParam(), 8, Quick() ? 25 : 100);
}

INSTANTIATE_TEST_SUITE_P(Modes, ConcurrencyTest,
                         ::testing::Values(SyncMode::kFull, SyncMode::kNormal, SyncMode::kOff),
                         [](const auto& info) {
                             switch (info.param) {
                                 case SyncMode::kFull:
                                     return "Full";
                                 case SyncMode::kNormal:
                                     return "Normal";
                                 default:
                                     return "Off";
                             }
                         });

// The same on the real file system, where fsync takes time and commits do group.
TEST(ConcurrencyPosixTest, GroupCommitOnDisk) {
    auto dir = std::filesystem::temp_directory_path() /
               ("nexus_concurrency_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    RunCommitters(io::Env::Default(), (dir / "db.nexus").string(), SyncMode::kFull, 8,
                  Quick() ? 10 : 25);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nexus::storage
