// Tests of FaultEnv: each injected fault does what it says, and a simulated crash keeps
// exactly the synced bytes (or a torn last write).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/fault_env.h"
#include "io/mem_env.h"

namespace nexus::io {
namespace {

class FaultEnvTest : public ::testing::Test {
  protected:
    std::unique_ptr<File> Open(const std::string& path) {
        OpenOptions create;
        create.create = true;
        auto file = env_.OpenFile(path, create);
        EXPECT_TRUE(file.ok());
        return std::move(file).value();
    }
    std::string Contents(const std::string& path) {
        auto file = mem_.OpenFile(path, OpenOptions{});
        if (!file.ok()) return "<missing>";
        std::string s(*(*file)->Size(), '\0');
        EXPECT_TRUE(ReadExact(file->get(), 0, s.data(), s.size()).ok());
        return s;
    }

    MemEnv mem_;
    FaultEnv env_{&mem_};
};

TEST_F(FaultEnvTest, CrashDropsUnsyncedWrites) {
    auto f = Open("/db");
    ASSERT_TRUE(f->WriteAt(0, "aaaa", 4).ok());
    ASSERT_TRUE(f->Sync().ok());
    ASSERT_TRUE(f->WriteAt(2, "bbbb", 4).ok());
    ASSERT_TRUE(f->WriteAt(0, "c", 1).ok());
    EXPECT_EQ(Contents("/db"), "cabbbb");
    ASSERT_TRUE(env_.SimulateCrash().ok());
    EXPECT_EQ(Contents("/db"), "aaaa");
}

TEST_F(FaultEnvTest, CrashUndoesTruncate) {
    auto f = Open("/db");
    ASSERT_TRUE(f->WriteAt(0, "abcdef", 6).ok());
    ASSERT_TRUE(f->Sync().ok());
    ASSERT_TRUE(f->Truncate(2).ok());
    ASSERT_TRUE(env_.SimulateCrash().ok());
    EXPECT_EQ(Contents("/db"), "abcdef");
}

TEST_F(FaultEnvTest, FailNthWriteOnMatchingFileOnly) {
    auto wal = Open("/db-wal");
    auto db = Open("/db");
    env_.InjectFault(FaultKind::kFailWrite, 2, "-wal");
    EXPECT_TRUE(db->WriteAt(0, "x", 1).ok());   // not counted: other file
    EXPECT_TRUE(wal->WriteAt(0, "1", 1).ok());  // first matching write
    Status st = wal->WriteAt(1, "2", 1);
    EXPECT_EQ(st.code(), StatusCode::kIOError);
    EXPECT_NE(st.message().find("/db-wal at offset 1"), std::string::npos);
    EXPECT_TRUE(wal->WriteAt(1, "3", 1).ok());  // one-shot
    EXPECT_EQ(Contents("/db-wal"), "13");
}

TEST_F(FaultEnvTest, DiskFullIsSticky) {
    auto f = Open("/db");
    env_.InjectFault(FaultKind::kDiskFull, 1);
    EXPECT_EQ(f->WriteAt(0, "x", 1).code(), StatusCode::kDiskFull);
    EXPECT_EQ(f->WriteAt(0, "x", 1).code(), StatusCode::kDiskFull);
    env_.ClearFaults();
    EXPECT_TRUE(f->WriteAt(0, "x", 1).ok());
}

TEST_F(FaultEnvTest, FailedSyncMakesNothingDurable) {
    auto f = Open("/db");
    ASSERT_TRUE(f->WriteAt(0, "abc", 3).ok());
    env_.InjectFault(FaultKind::kFailSync, 1);
    EXPECT_EQ(f->Sync().code(), StatusCode::kIOError);
    ASSERT_TRUE(env_.SimulateCrash().ok());
    EXPECT_EQ(Contents("/db"), "");
}

TEST_F(FaultEnvTest, ShortWriteWritesHalf) {
    auto f = Open("/db");
    env_.InjectFault(FaultKind::kShortWrite, 1);
    EXPECT_EQ(f->WriteAt(0, "abcd", 4).code(), StatusCode::kIOError);
    EXPECT_EQ(Contents("/db"), "ab");
}

TEST_F(FaultEnvTest, TornWritePowersOff) {
    auto f = Open("/db");
    env_.InjectFault(FaultKind::kTornWrite, 1);
    EXPECT_TRUE(f->WriteAt(0, "abcd", 4).ok());
    EXPECT_TRUE(env_.powered_off());
    EXPECT_FALSE(f->Sync().ok());
    EXPECT_FALSE(f->WriteAt(4, "e", 1).ok());
    ASSERT_TRUE(env_.SimulateCrash().ok());
    EXPECT_FALSE(env_.powered_off());
    EXPECT_TRUE(f->WriteAt(0, "z", 1).ok());
}

TEST_F(FaultEnvTest, CrashCanTearTheLastLargeWrite) {
    auto f = Open("/db");
    std::string a(4096, 'a');
    std::string b(4096, 'b');
    ASSERT_TRUE(f->WriteAt(0, a.data(), a.size()).ok());
    ASSERT_TRUE(f->Sync().ok());
    ASSERT_TRUE(f->WriteAt(0, b.data(), b.size()).ok());
    ASSERT_TRUE(f->WriteAt(4096, b.data(), b.size()).ok());
    ASSERT_TRUE(env_.SimulateCrash(/*tear_last_write=*/true).ok());
    std::string got = Contents("/db");
    ASSERT_EQ(got.size(), 8192u);
    EXPECT_EQ(got.substr(0, 4096), b);                          // earlier unsynced write kept
    EXPECT_EQ(got.substr(4096, 2048), std::string(2048, 'b'));  // first half of the torn one
    EXPECT_EQ(got.substr(6144), std::string(2048, '\0'));       // second half never landed
}

}  // namespace
}  // namespace nexus::io
