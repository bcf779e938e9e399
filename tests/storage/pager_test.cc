// Pager unit tests on the in-memory Env: durability across reopen, snapshots, rollback,
// free-list reuse, checkpoints with readers, and corruption detection.
#include "storage/pager.h"

#include <random>

#include <gtest/gtest.h>

#include "io/mem_env.h"
#include "pager_test_util.h"

namespace nexus::storage {
namespace {

using testing::ReadStamp;
using testing::WriteStamp;

class PagerTest : public ::testing::Test {
  protected:
    std::unique_ptr<Pager> Open(const std::string& path = "/db.nexus") {
        PagerOptions options;
        options.env = &env_;
        options.cache_bytes = 1 << 20;
        options.wal_checkpoint_bytes = checkpoint_bytes_;
        auto pager = Pager::Open(path, options);
        EXPECT_TRUE(pager.ok()) << pager.status().ToString();
        return pager.ok() ? std::move(pager).value() : nullptr;
    }
    // Commits `value` into pages 1..n (allocating them on first use).
    void CommitValue(Pager* pager, uint64_t value, PageId n = 3) {
        auto w = pager->BeginWrite();
        ASSERT_TRUE(w.ok());
        while ((*w)->page_count() <= n) ASSERT_TRUE((*w)->Allocate().ok());
        for (PageId id = 1; id <= n; ++id) ASSERT_TRUE(WriteStamp(w->get(), id, value).ok());
        Status st = (*w)->Commit();
        ASSERT_TRUE(st.ok()) << st.ToString();
    }

    io::MemEnv env_;
    uint64_t checkpoint_bytes_ = uint64_t{64} << 20;
};

TEST_F(PagerTest, NewDatabaseIsFormattedAndReopens) {
    {
        auto pager = Open();
        ASSERT_TRUE(pager);
        EXPECT_TRUE(pager->is_new());
        auto w = pager->BeginWrite();
        ASSERT_TRUE(w.ok());
        auto id = (*w)->Allocate();
        ASSERT_TRUE(id.ok());
        EXPECT_EQ(*id, kFirstDataPage);
        ASSERT_TRUE(WriteStamp(w->get(), *id, 42).ok());
        ASSERT_TRUE((*w)->Commit().ok());
    }
    auto pager = Open();
    ASSERT_TRUE(pager);
    EXPECT_FALSE(pager->is_new());
    auto r = pager->BeginRead();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)->page_count(), 2u);
    EXPECT_EQ(ReadStamp(r->get(), 1), 42u);
    EXPECT_EQ((*r)->Read(2).status().code(), StatusCode::kNotFound);
    EXPECT_EQ((*r)->Read(kHeaderPage).status().code(), StatusCode::kNotFound);
}

TEST_F(PagerTest, OpenMissingWithoutCreateFails) {
    PagerOptions options;
    options.env = &env_;
    options.create_if_missing = false;
    auto pager = Pager::Open("/nope", options);
    EXPECT_EQ(pager.status().code(), StatusCode::kNotFound);
}

TEST_F(PagerTest, ReaderKeepsItsSnapshot) {
    auto pager = Open();
    CommitValue(pager.get(), 1);
    auto old_view = pager->BeginRead();
    ASSERT_TRUE(old_view.ok());
    CommitValue(pager.get(), 2, 5);
    EXPECT_EQ(ReadStamp(old_view->get(), 1), 1u);
    EXPECT_EQ((*old_view)->page_count(), 4u);
    EXPECT_EQ((*old_view)->Read(5).status().code(), StatusCode::kNotFound);
    auto new_view = pager->BeginRead();
    EXPECT_EQ(ReadStamp(new_view->get(), 1), 2u);
    EXPECT_EQ(ReadStamp(new_view->get(), 5), 2u);
}

TEST_F(PagerTest, WriterSeesItsOwnWrites) {
    auto pager = Open();
    CommitValue(pager.get(), 1);
    auto w = pager->BeginWrite();
    ASSERT_TRUE(WriteStamp(w->get(), 2, 9).ok());
    EXPECT_EQ(ReadStamp(w->get(), 2), 9u);
    EXPECT_EQ(ReadStamp(w->get(), 1), 1u);
}

TEST_F(PagerTest, RollbackLeavesNoTrace) {
    auto pager = Open();
    CommitValue(pager.get(), 1);
    {
        auto w = pager->BeginWrite();
        ASSERT_TRUE(WriteStamp(w->get(), 1, 99).ok());
        ASSERT_TRUE((*w)->Allocate().ok());
        ASSERT_TRUE((*w)->Free(2).ok());
        (*w)->Rollback();
    }
    {
        auto w = pager->BeginWrite();  // destroyed without Commit: rolled back too
        ASSERT_TRUE(WriteStamp(w->get(), 3, 77).ok());
    }
    EXPECT_EQ(pager->Stats().rollbacks, 2u);
    auto check = [](Pager* p) {
        auto r = p->BeginRead();
        EXPECT_EQ((*r)->page_count(), 4u);
        for (PageId id = 1; id <= 3; ++id) EXPECT_EQ(ReadStamp(r->get(), id), 1u);
    };
    check(pager.get());
    pager.reset();
    pager = Open();
    check(pager.get());
}

TEST_F(PagerTest, FreedPagesAreReused) {
    auto pager = Open();
    CommitValue(pager.get(), 1, 1);
    for (int round = 0; round < 50; ++round) {
        std::vector<PageId> ids;
        {
            auto w = pager->BeginWrite();
            for (int i = 0; i < 20; ++i) {
                auto id = (*w)->Allocate();
                ASSERT_TRUE(id.ok());
                ASSERT_TRUE(WriteStamp(w->get(), *id, round).ok());
                ids.push_back(*id);
            }
            ASSERT_TRUE((*w)->Commit().ok());
        }
        auto w = pager->BeginWrite();
        for (PageId id : ids) ASSERT_TRUE((*w)->Free(id).ok());
        ASSERT_TRUE((*w)->Commit().ok());
    }
    // 1 header + 1 kept page + 20 recycled ones, however many rounds ran.
    EXPECT_EQ(pager->Stats().file_pages, 22u);
    auto w = pager->BeginWrite();
    EXPECT_EQ((*w)->Free(1).ok(), true);
    EXPECT_EQ((*w)->Free(1).code(), StatusCode::kInvalidArgument);
}

TEST_F(PagerTest, AllocatedPagesAreZeroed) {
    auto pager = Open();
    CommitValue(pager.get(), 5, 2);
    {
        auto w = pager->BeginWrite();
        ASSERT_TRUE((*w)->Free(2).ok());
        ASSERT_TRUE((*w)->Commit().ok());
    }
    auto w = pager->BeginWrite();
    auto id = (*w)->Allocate();
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(*id, 2u);
    auto ref = (*w)->Read(*id);
    for (uint32_t i = 0; i < kPageUsable; ++i) ASSERT_EQ(ref->data()[i], 0) << i;
}

TEST_F(PagerTest, CheckpointWaitsForReadersBeforeRestartingTheWal) {
    auto pager = Open();
    CommitValue(pager.get(), 1);
    auto reader = pager->BeginRead();
    CommitValue(pager.get(), 2);
    ASSERT_TRUE(pager->Checkpoint().ok());
    EXPECT_GT(pager->Stats().wal_size_bytes, kWalHeaderSize);  // the reader still needs it
    EXPECT_EQ(ReadStamp(reader->get(), 1), 1u);
    reader->reset();
    CommitValue(pager.get(), 3);
    ASSERT_TRUE(pager->Checkpoint().ok());
    EXPECT_EQ(pager->Stats().wal_size_bytes, kWalHeaderSize);
    EXPECT_GE(pager->Stats().checkpoints, 2u);
    auto r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 2), 3u);
    r->reset();
    CommitValue(pager.get(), 4);  // the first commit of the new WAL generation
    pager.reset();
    pager = Open();
    r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 3), 4u);
}

// A clean close checkpoints and cuts the WAL file back to its header, so a database that
// is not open takes no more disk than its main file; the data is all there on reopen.
TEST_F(PagerTest, CleanCloseShrinksTheWalFile) {
    auto pager = Open();
    for (int i = 1; i <= 20; ++i) CommitValue(pager.get(), i);
    ASSERT_GT(*env_.FileSize("/db.nexus-wal"), 20 * kFrameSize);
    pager.reset();
    EXPECT_EQ(*env_.FileSize("/db.nexus-wal"), kWalHeaderSize);
    pager = Open();
    auto r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 3), 20u);
    r->reset();
    CommitValue(pager.get(), 21);
    pager.reset();
    pager = Open();
    r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 1), 21u);
}

TEST_F(PagerTest, AutoCheckpointBoundsTheWal) {
    checkpoint_bytes_ = 256 << 10;
    auto pager = Open();
    for (int i = 1; i <= 200; ++i) CommitValue(pager.get(), i);
    PagerStats stats = pager->Stats();
    EXPECT_GT(stats.checkpoints, 0u);
    EXPECT_LT(stats.wal_size_bytes, (256u << 10) + 4 * kFrameSize);
    pager.reset();
    pager = Open();
    auto r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 3), 200u);
}

TEST_F(PagerTest, CorruptMainPageNamesThePage) {
    {
        auto pager = Open();
        CommitValue(pager.get(), 1, 4);
    }  // closing checkpoints everything into the main file
    testing::FlipByte(&env_, "/db.nexus", 3 * kPageSize + 100);
    auto pager = Open();
    ASSERT_TRUE(pager);
    auto r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 2), 1u);
    auto bad = (*r)->Read(3);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
    EXPECT_NE(bad.status().message().find("page 3"), std::string::npos) << bad.status().message();
}

TEST_F(PagerTest, CorruptHeaderPageFailsOpen) {
    { auto pager = Open(); }
    testing::FlipByte(&env_, "/db.nexus", 20);
    PagerOptions options;
    options.env = &env_;
    auto pager = Pager::Open("/db.nexus", options);
    ASSERT_FALSE(pager.ok());
    EXPECT_EQ(pager.status().code(), StatusCode::kCorruption);
    EXPECT_NE(pager.status().message().find("page 0"), std::string::npos);
}

class WalCorruptionTest : public PagerTest {
  protected:
    // Five commits left in the WAL, as a kill -9 would leave them: copies of both files.
    void SetUp() override {
        auto pager = Open();
        for (int i = 1; i <= 5; ++i) CommitValue(pager.get(), i, 2);
        testing::CopyFile(&env_, "/db.nexus", "/copy.nexus");
        testing::CopyFile(&env_, "/db.nexus-wal", "/copy.nexus-wal");
    }
    // Frame 0 allocates pages 1 and 2 and writes the header: 3 frames; later commits 2 frames.
    uint64_t FrameOffset(int n) { return kWalHeaderSize + uint64_t{kFrameSize} * n; }
};

TEST_F(WalCorruptionTest, IntactWalReplays) {
    auto pager = Open("/copy.nexus");
    ASSERT_TRUE(pager);
    auto r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 2), 5u);
}

TEST_F(WalCorruptionTest, BadFrameInTheMiddleFailsOpenWithItsOffset) {
    testing::FlipByte(&env_, "/copy.nexus-wal", FrameOffset(4) + 500);
    PagerOptions options;
    options.env = &env_;
    auto pager = Pager::Open("/copy.nexus", options);
    ASSERT_FALSE(pager.ok());
    EXPECT_EQ(pager.status().code(), StatusCode::kCorruption);
    EXPECT_NE(pager.status().message().find("offset " + std::to_string(FrameOffset(4))),
              std::string::npos)
        << pager.status().message();
}

TEST_F(WalCorruptionTest, TornTailDropsOnlyTheLastCommit) {
    // Commit 5 is the last two frames; tearing its commit frame drops it, and only it.
    testing::FlipByte(&env_, "/copy.nexus-wal", FrameOffset(10) + 5000);
    auto pager = Open("/copy.nexus");
    ASSERT_TRUE(pager);
    auto r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 1), 4u);
    EXPECT_EQ(ReadStamp(r->get(), 2), 4u);
}

TEST_F(PagerTest, StatsCountCacheTraffic) {
    auto pager = Open();
    CommitValue(pager.get(), 1, 3);
    auto r = pager->BeginRead();
    for (int i = 0; i < 3; ++i) ReadStamp(r->get(), 1);
    PagerStats s = pager->Stats();
    EXPECT_GE(s.cache_hits, 3u);
    EXPECT_EQ(s.commits, 1u);
    EXPECT_EQ(s.file_pages, 4u);
    EXPECT_EQ(s.wal_bytes, 4u * kFrameSize);
}

}  // namespace
}  // namespace nexus::storage

namespace nexus::storage {
namespace {

TEST_F(WalCorruptionTest, OneDamagedHeaderCopyIsTolerated) {
    testing::FlipByte(&env_, "/copy.nexus-wal", 10);
    auto pager = Open("/copy.nexus");
    ASSERT_TRUE(pager);
    auto r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 2), 5u);
}

TEST_F(WalCorruptionTest, BothHeaderCopiesDamagedFailsOpen) {
    testing::FlipByte(&env_, "/copy.nexus-wal", 10);
    testing::FlipByte(&env_, "/copy.nexus-wal", kWalHeaderCopySize + 10);
    PagerOptions options;
    options.env = &env_;
    auto pager = Pager::Open("/copy.nexus", options);
    ASSERT_FALSE(pager.ok());
    EXPECT_EQ(pager.status().code(), StatusCode::kCorruption);
    EXPECT_NE(pager.status().message().find("header"), std::string::npos);
}

}  // namespace
}  // namespace nexus::storage

namespace nexus::storage {
namespace {

TEST_F(PagerTest, SecondWriterOnTheSameFileIsBusy) {
    auto pager = Open();
    PagerOptions options;
    options.env = &env_;
    auto second = Pager::Open("/db.nexus", options);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.status().code(), StatusCode::kBusy);
    pager.reset();
    EXPECT_TRUE(Pager::Open("/db.nexus", options).ok());
}

TEST_F(PagerTest, ReadOnlyOpenSeesDataAndRefusesWrites) {
    {
        auto pager = Open();
        CommitValue(pager.get(), 6);
    }
    PagerOptions options;
    options.env = &env_;
    options.read_only = true;
    auto a = Pager::Open("/db.nexus", options);
    auto b = Pager::Open("/db.nexus", options);  // shared lock: readers coexist
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(b.ok());
    auto r = (*a)->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 3), 6u);
    EXPECT_FALSE((*a)->BeginWrite().ok());
}

}  // namespace
}  // namespace nexus::storage

namespace nexus::storage {
namespace {

TEST_F(PagerTest, ForeignFileIsRejectedWithoutTouchingIt) {
    {
        io::OpenOptions create;
        create.create = true;
        auto f = env_.OpenFile("/notes.txt", create);
        std::string text(3 * kPageSize, 'x');
        ASSERT_TRUE((*f)->WriteAt(0, text.data(), text.size()).ok());
    }
    PagerOptions options;
    options.env = &env_;
    auto pager = Pager::Open("/notes.txt", options);
    ASSERT_FALSE(pager.ok());
    EXPECT_EQ(pager.status().code(), StatusCode::kCorruption);
    EXPECT_NE(pager.status().message().find("not a Nexus database"), std::string::npos);
    EXPECT_FALSE(env_.FileExists("/notes.txt-wal"));
}

}  // namespace
}  // namespace nexus::storage

namespace nexus::storage {
namespace {

TEST_F(PagerTest, IntegrityCheckPassesAndFindsDamage) {
    {
        auto pager = Open();
        CommitValue(pager.get(), 1, 6);
        auto w = pager->BeginWrite();
        ASSERT_TRUE((*w)->Free(4).ok());
        ASSERT_TRUE((*w)->Free(5).ok());
        ASSERT_TRUE((*w)->Commit().ok());
        EXPECT_TRUE(pager->CheckIntegrity().ok());
    }
    testing::FlipByte(&env_, "/db.nexus", 6 * kPageSize + 9);
    auto pager = Open();
    Status st = pager->CheckIntegrity();
    EXPECT_EQ(st.code(), StatusCode::kCorruption);
    EXPECT_NE(st.message().find("page 6"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace nexus::storage

namespace nexus::storage {
namespace {

// Random damage to a WAL (a flipped byte or a cut) either fails open with kCorruption or
// recovers a prefix of the commits, never a mix, never a crash.
TEST_F(WalCorruptionTest, RandomDamageIsDetectedOrDropsATail) {
    uint64_t wal_size = *env_.FileSize("/copy.nexus-wal");
    std::mt19937 rng(2024);
    int detected = 0;
    int recovered = 0;
    for (int round = 0; round < 200; ++round) {
        testing::CopyFile(&env_, "/copy.nexus", "/r.nexus");
        testing::CopyFile(&env_, "/copy.nexus-wal", "/r.nexus-wal");
        if (round % 4 == 0) {
            auto f = env_.OpenFile("/r.nexus-wal", io::OpenOptions{});
            ASSERT_TRUE((*f)->Truncate(rng() % wal_size).ok());
        } else {
            testing::FlipByte(&env_, "/r.nexus-wal", rng() % wal_size);
        }
        PagerOptions options;
        options.env = &env_;
        auto pager = Pager::Open("/r.nexus", options);
        if (!pager.ok()) {
            EXPECT_EQ(pager.status().code(), StatusCode::kCorruption) << pager.status().ToString();
            ++detected;
            continue;
        }
        ++recovered;
        ASSERT_TRUE((*pager)->CheckIntegrity().ok()) << "round " << round;
        auto r = (*pager)->BeginRead();
        if ((*r)->page_count() < 3) continue;  // even the first commit was cut
        uint64_t v1 = ReadStamp(r->get(), 1);
        EXPECT_EQ(ReadStamp(r->get(), 2), v1) << "round " << round;
        EXPECT_GE(v1, 1u);
        EXPECT_LE(v1, 5u);
    }
    EXPECT_GT(detected, 0);
    EXPECT_GT(recovered, 0);
}

}  // namespace
}  // namespace nexus::storage

namespace nexus::storage {
namespace {

// A power cut may lose unsynced frames while later ones survive (write-back order is not
// guaranteed). Damage to frames that were never synced is a crash, not corruption.
TEST_F(PagerTest, LostUnsyncedFramesBeforeSurvivingOnesAreATail) {
    PagerOptions options;
    options.env = &env_;
    options.sync_mode = SyncMode::kNormal;
    options.normal_sync_commits = 3;
    options.normal_sync_interval_ms = 100000000;
    {
        auto pager = Pager::Open("/n.nexus", options);
        ASSERT_TRUE(pager.ok());
        for (int i = 1; i <= 5; ++i) CommitValue(pager->get(), i, 2);  // 1-3 synced, 4-5 not
        testing::CopyFile(&env_, "/n.nexus", "/m.nexus");
        testing::CopyFile(&env_, "/n.nexus-wal", "/m.nexus-wal");
    }
    // Commit 4 is frames 7-8; commit 5 (frames 9-10) survives intact.
    testing::FlipByte(&env_, "/m.nexus-wal", kWalHeaderSize + 7 * uint64_t{kFrameSize} + 100);
    auto pager = Pager::Open("/m.nexus", options);
    ASSERT_TRUE(pager.ok()) << pager.status().ToString();
    auto r = (*pager)->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 1), 3u);
    EXPECT_EQ(ReadStamp(r->get(), 2), 3u);
}

}  // namespace
}  // namespace nexus::storage

namespace nexus::storage {
namespace {

// The checkpoint safety rule: a reader whose snapshot predates a frame reads the page from the
// main file, so that frame must not be copied there while the reader lives.
TEST_F(PagerTest, CheckpointNeverOverwritesAPageAnOlderReaderReadsFromTheFile) {
    auto pager = Open();
    CommitValue(pager.get(), 1);
    ASSERT_TRUE(pager->Checkpoint().ok());
    ASSERT_EQ(pager->Stats().wal_size_bytes, kWalHeaderSize);  // v1 lives only in the file
    auto reader = pager->BeginRead();
    CommitValue(pager.get(), 2);
    ASSERT_TRUE(pager->Checkpoint().ok());
    EXPECT_EQ(ReadStamp(reader->get(), 1), 1u);
    EXPECT_EQ(ReadStamp(reader->get(), 3), 1u);
    auto fresh = pager->BeginRead();
    EXPECT_EQ(ReadStamp(fresh->get(), 1), 2u);
    reader->reset();
    fresh->reset();
    ASSERT_TRUE(pager->Checkpoint().ok());  // now v2 may go to the file, and the WAL restart
    EXPECT_EQ(pager->Stats().wal_size_bytes, kWalHeaderSize);
    auto last = pager->BeginRead();
    EXPECT_EQ(ReadStamp(last->get(), 1), 2u);  // read from the file, past the stale cache entry
}

}  // namespace
}  // namespace nexus::storage
