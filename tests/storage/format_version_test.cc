// Format versions and the bytes recovery must never replay: a zero-filled WAL growth tail,
// frames of a previous generation behind a restart, version 1 logs and files written by older
// builds (still read, appended to and upgraded), and versions from a newer build (refused by
// name).
#include <gtest/gtest.h>

#include "io/mem_env.h"
#include "pager_test_util.h"

namespace nexus::storage {
namespace {

using testing::ReadStamp;
using testing::WriteStamp;

class WalFormatTest : public ::testing::Test {
  protected:
    std::unique_ptr<Pager> Open(const std::string& path = "/db.nexus") {
        PagerOptions options;
        options.env = &env_;
        options.cache_bytes = 1 << 20;
        options.wal_grow_bytes = grow_bytes_;
        auto pager = Pager::Open(path, options);
        EXPECT_TRUE(pager.ok()) << pager.status().ToString();
        return pager.ok() ? std::move(pager).value() : nullptr;
    }
    Status OpenStatus(const std::string& path) {
        PagerOptions options;
        options.env = &env_;
        return Pager::Open(path, options).status();
    }
    void CommitValue(Pager* pager, uint64_t value, PageId n) {
        auto w = pager->BeginWrite();
        ASSERT_TRUE(w.ok());
        while ((*w)->page_count() <= n) ASSERT_TRUE((*w)->Allocate().ok());
        for (PageId id = 1; id <= n; ++id) ASSERT_TRUE(WriteStamp(w->get(), id, value).ok());
        Status st = (*w)->Commit();
        ASSERT_TRUE(st.ok()) << st.ToString();
    }
    // The database's files as a kill -9 would leave them, under /copy.nexus.
    void CrashCopy() {
        testing::CopyFile(&env_, "/db.nexus", "/copy.nexus");
        testing::CopyFile(&env_, "/db.nexus-wal", "/copy.nexus-wal");
    }
    uint64_t WalFileSize(const std::string& path) {
        auto file = env_.OpenFile(path, io::OpenOptions{});
        EXPECT_TRUE(file.ok());
        return file.ok() ? *(*file)->Size() : 0;
    }
    // Rewrites a copied log as a version 1 build would have written it: same generation,
    // each frame's checksum over its header and whole page.
    void DowngradeToVersion1(const std::string& path, int frames) {
        auto file = env_.OpenFile(path, io::OpenOptions{});
        ASSERT_TRUE(file.ok());
        uint8_t raw[kWalHeaderCopySize];
        ASSERT_TRUE(io::ReadExact(file->get(), 0, raw, sizeof(raw)).ok());
        WalHeader header;
        ASSERT_TRUE(DecodeWalHeader(raw, &header));
        EXPECT_EQ(header.version, kWalFormatVersion);
        header.version = 1;
        EncodeWalHeader(header, raw);
        ASSERT_TRUE((*file)->WriteAt(0, raw, sizeof(raw)).ok());
        ASSERT_TRUE((*file)->WriteAt(kWalHeaderCopySize, raw, sizeof(raw)).ok());
        std::vector<uint8_t> frame(kFrameSize);
        for (int i = 0; i < frames; ++i) {
            uint64_t at = kWalHeaderSize + uint64_t{kFrameSize} * i;
            ASSERT_TRUE(io::ReadExact(file->get(), at, frame.data(), kFrameSize).ok());
            FrameHeader h;
            ASSERT_TRUE(DecodeFrame(frame.data(), header.generation, &h));
            EncodeFrameHeader(h, frame.data() + kFrameHeaderSize, header.generation, frame.data(),
                              1);
            ASSERT_TRUE((*file)->WriteAt(at, frame.data(), kFrameSize).ok());
        }
    }

    io::MemEnv env_;
    uint64_t grow_bytes_ = uint64_t{1} << 20;
};

TEST_F(WalFormatTest, ZeroFilledGrowthTailIsNeverReplayed) {
    auto pager = Open();
    ASSERT_TRUE(pager);
    for (int i = 1; i <= 4; ++i) CommitValue(pager.get(), i, 2);
    // The first append grew the file by 1 MiB of zeros; 4 commits (9 frames) used ~74 KiB.
    EXPECT_GE(WalFileSize("/db.nexus-wal"), (1u << 20));
    EXPECT_GT(WalFileSize("/db.nexus-wal"), pager->Stats().wal_size_bytes + (1u << 19));
    CrashCopy();
    {
        auto copy = Open("/copy.nexus");
        ASSERT_TRUE(copy);
        auto r = copy->BeginRead();
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(ReadStamp(r->get(), 1), 4u);
        EXPECT_EQ(ReadStamp(r->get(), 2), 4u);
        // Recovery cut the zeros away with the rest of the tail; a commit grows it again.
        CommitValue(copy.get(), 5, 2);
        EXPECT_TRUE(copy->CheckIntegrity().ok());
    }
    auto again = Open("/copy.nexus");
    ASSERT_TRUE(again);
    auto r = again->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 2), 5u);
}

TEST_F(WalFormatTest, WithoutAGrowthStepTheFileEndsAtTheLastFrame) {
    grow_bytes_ = 0;
    auto pager = Open();
    ASSERT_TRUE(pager);
    CommitValue(pager.get(), 1, 2);
    EXPECT_EQ(WalFileSize("/db.nexus-wal"), pager->Stats().wal_size_bytes);
}

TEST_F(WalFormatTest, FramesOfAPreviousGenerationAreNeverReplayed) {
    auto pager = Open();
    ASSERT_TRUE(pager);
    // Ten commits of pages 1..3, then a restart: their frames stay in the file behind it.
    for (int i = 1; i <= 10; ++i) CommitValue(pager.get(), 100 + i, 3);
    ASSERT_TRUE(pager->Checkpoint().ok());
    ASSERT_EQ(pager->Stats().wal_size_bytes, kWalHeaderSize);
    // One shorter commit overwrites only the first frames of the old generation.
    CommitValue(pager.get(), 7, 1);
    CrashCopy();
    auto copy = Open("/copy.nexus");
    ASSERT_TRUE(copy);
    auto r = copy->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 1), 7u);
    EXPECT_EQ(ReadStamp(r->get(), 2), 110u);  // from the main file, not from a stale frame
    EXPECT_EQ(ReadStamp(r->get(), 3), 110u);
    EXPECT_EQ(copy->Stats().wal_size_bytes, kWalHeaderSize + kFrameSize);
}

TEST_F(WalFormatTest, Version1LogIsReplayedAppendedToAndUpgradedAtItsRestart) {
    {
        auto pager = Open();
        ASSERT_TRUE(pager);
        CommitValue(pager.get(), 1, 2);  // 3 frames: pages 0, 1, 2
        CommitValue(pager.get(), 2, 2);  // 2 frames
        CrashCopy();
    }
    DowngradeToVersion1("/copy.nexus-wal", 5);
    {
        auto copy = Open("/copy.nexus");
        ASSERT_TRUE(copy);
        auto r = copy->BeginRead();
        EXPECT_EQ(ReadStamp(r->get(), 2), 2u);
        r->reset();
        CommitValue(copy.get(), 3, 2);  // appended as version 1 frames
    }
    // The close checkpointed and restarted the log: now a version 2 header.
    uint8_t raw[kWalHeaderCopySize];
    auto file = env_.OpenFile("/copy.nexus-wal", io::OpenOptions{});
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE(io::ReadExact(file->get(), 0, raw, sizeof(raw)).ok());
    WalHeader header;
    ASSERT_TRUE(DecodeWalHeader(raw, &header));
    EXPECT_EQ(header.version, kWalFormatVersion);
    auto again = Open("/copy.nexus");
    ASSERT_TRUE(again);
    auto r = again->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 1), 3u);
}

TEST_F(WalFormatTest, Version1FramesAppendedAfterRecoveryReplay) {
    {
        auto pager = Open();
        ASSERT_TRUE(pager);
        CommitValue(pager.get(), 1, 2);
        CrashCopy();
    }
    DowngradeToVersion1("/copy.nexus-wal", 3);
    {
        auto copy = Open("/copy.nexus");
        ASSERT_TRUE(copy);
        CommitValue(copy.get(), 2, 2);
        // Killed before closing: the log holds version 1 frames from both runs.
        testing::CopyFile(&env_, "/copy.nexus", "/copy2.nexus");
        testing::CopyFile(&env_, "/copy.nexus-wal", "/copy2.nexus-wal");
    }
    auto file = env_.OpenFile("/copy2.nexus-wal", io::OpenOptions{});
    ASSERT_TRUE(file.ok());
    uint8_t raw[kWalHeaderCopySize];
    ASSERT_TRUE(io::ReadExact(file->get(), 0, raw, sizeof(raw)).ok());
    WalHeader header;
    ASSERT_TRUE(DecodeWalHeader(raw, &header));
    EXPECT_EQ(header.version, 1u);
    auto copy = Open("/copy2.nexus");
    ASSERT_TRUE(copy);
    auto r = copy->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 2), 2u);
}

TEST_F(WalFormatTest, NewerVersionIsRefusedByName) {
    {
        auto pager = Open();
        ASSERT_TRUE(pager);
        CommitValue(pager.get(), 1, 2);
        CrashCopy();
    }
    auto file = env_.OpenFile("/copy.nexus-wal", io::OpenOptions{});
    ASSERT_TRUE(file.ok());
    WalHeader header;
    uint8_t raw[kWalHeaderCopySize];
    ASSERT_TRUE(io::ReadExact(file->get(), 0, raw, sizeof(raw)).ok());
    ASSERT_TRUE(DecodeWalHeader(raw, &header));
    header.version = kWalFormatVersion + 1;
    EncodeWalHeader(header, raw);
    ASSERT_TRUE((*file)->WriteAt(0, raw, sizeof(raw)).ok());
    ASSERT_TRUE((*file)->WriteAt(kWalHeaderCopySize, raw, sizeof(raw)).ok());
    Status st = OpenStatus("/copy.nexus");
    EXPECT_EQ(st.code(), StatusCode::kCorruption);
    EXPECT_NE(st.message().find("format version " + std::to_string(kWalFormatVersion + 1)),
              std::string::npos)
        << st.message();
}

TEST_F(WalFormatTest, FrameWithAnIntactTrailerButATornBodyFails) {
    PageBuf page{};
    testing::Stamp(page.data(), 5, 9);
    SealPage(5, 42, page.data());
    std::vector<uint8_t> frame(kFrameSize);
    std::memcpy(frame.data() + kFrameHeaderSize, page.data(), kPageSize);
    FrameHeader h{5, kFrameCommit, 42, 6, 0};
    EncodeFrameHeader(h, frame.data() + kFrameHeaderSize, 77, frame.data());
    FrameHeader out;
    ASSERT_TRUE(DecodeFrame(frame.data(), 77, &out));
    EXPECT_EQ(out.page, 5u);
    EXPECT_EQ(out.seq, 42u);
    EXPECT_FALSE(DecodeFrame(frame.data(), 78, &out));  // another generation
    frame[kFrameHeaderSize + 4000] ^= 1;                // the middle sector is stale
    EXPECT_FALSE(DecodeFrame(frame.data(), 77, &out));
}

// A closed database rewritten as file format 1 would have left it: xxh64 page checksums and
// version 1 in the header.
void DowngradeFileToVersion1(io::Env* env, const std::string& path) {
    auto file = env->OpenFile(path, io::OpenOptions{});
    ASSERT_TRUE(file.ok());
    uint64_t pages = *(*file)->Size() / kPageSize;
    PageBuf page;
    for (PageId id = 0; id < pages; ++id) {
        ASSERT_TRUE(
            io::ReadExact(file->get(), uint64_t{id} * kPageSize, page.data(), kPageSize).ok());
        ASSERT_TRUE(PageChecksumOk(id, page.data()));
        if (id == kHeaderPage) Put32(page.data() + 8, 1);
        SealPageVersion1(id, PageLsn(page.data()), page.data());
        ASSERT_TRUE((*file)->WriteAt(uint64_t{id} * kPageSize, page.data(), kPageSize).ok());
    }
}

uint32_t MainFileVersion(io::Env* env, const std::string& path) {
    auto file = env->OpenFile(path, io::OpenOptions{});
    EXPECT_TRUE(file.ok());
    uint8_t raw[12];
    EXPECT_TRUE(io::ReadExact(file->get(), 0, raw, sizeof(raw)).ok());
    return Get32(raw + 8);
}

TEST_F(WalFormatTest, Version1FileOpensAndItsFirstCommitUpgradesTheHeader) {
    {
        auto pager = Open();
        ASSERT_TRUE(pager);
        CommitValue(pager.get(), 1, 3);
    }  // closed: checkpointed into the main file
    DowngradeFileToVersion1(&env_, "/db.nexus");
    ASSERT_EQ(MainFileVersion(&env_, "/db.nexus"), 1u);
    {
        auto pager = Open();
        ASSERT_TRUE(pager);
        EXPECT_TRUE(pager->CheckIntegrity().ok());
        auto r = pager->BeginRead();
        EXPECT_EQ(ReadStamp(r->get(), 3), 1u);
        r->reset();
        CommitValue(pager.get(), 2, 1);  // only page 1 changes, yet page 0 is rewritten
    }
    EXPECT_EQ(MainFileVersion(&env_, "/db.nexus"), kFileFormatVersion);
    auto pager = Open();
    ASSERT_TRUE(pager);
    EXPECT_TRUE(pager->CheckIntegrity().ok());  // pages 2, 3 still carry xxh64
    auto r = pager->BeginRead();
    EXPECT_EQ(ReadStamp(r->get(), 1), 2u);
    EXPECT_EQ(ReadStamp(r->get(), 3), 1u);
}

TEST_F(WalFormatTest, NewerFileVersionIsRefusedByName) {
    {
        auto pager = Open();
        ASSERT_TRUE(pager);
        CommitValue(pager.get(), 1, 1);
    }
    auto file = env_.OpenFile("/db.nexus", io::OpenOptions{});
    ASSERT_TRUE(file.ok());
    PageBuf page;
    ASSERT_TRUE(io::ReadExact(file->get(), 0, page.data(), kPageSize).ok());
    Put32(page.data() + 8, kFileFormatVersion + 1);
    SealPage(kHeaderPage, PageLsn(page.data()), page.data());
    ASSERT_TRUE((*file)->WriteAt(0, page.data(), kPageSize).ok());
    Status st = OpenStatus("/db.nexus");
    EXPECT_EQ(st.code(), StatusCode::kCorruption);
    EXPECT_NE(st.message().find("file format version " + std::to_string(kFileFormatVersion + 1)),
              std::string::npos)
        << st.message();
}

TEST_F(WalFormatTest, EitherPageHashVerifiesAndNeitherAcceptsADamagedPage) {
    PageBuf page{};
    testing::Stamp(page.data(), 9, 4);
    SealPage(9, 3, page.data());
    EXPECT_TRUE(PageChecksumOk(9, page.data()));
    EXPECT_FALSE(PageChecksumOk(10, page.data()));  // seeded by the page id
    SealPageVersion1(9, 3, page.data());
    EXPECT_TRUE(PageChecksumOk(9, page.data()));
    page[100] ^= 2;
    EXPECT_FALSE(PageChecksumOk(9, page.data()));
    SealPage(9, 3, page.data());
    page[kPageUsable - 1] ^= 2;
    EXPECT_FALSE(PageChecksumOk(9, page.data()));
}

}  // namespace
}  // namespace nexus::storage
