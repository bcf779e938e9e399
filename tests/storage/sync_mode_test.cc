// Sync modes: how many fsyncs each mode issues, and that in FULL mode a commit is never
// visible before it is durable.
#include <gtest/gtest.h>

#include "io/fault_env.h"
#include "io/mem_env.h"
#include "pager_test_util.h"
#include "storage/pager.h"

namespace nexus::storage {
namespace {

std::unique_ptr<Pager> OpenWith(io::Env* env, SyncMode mode) {
    PagerOptions options;
    options.env = env;
    options.sync_mode = mode;
    options.normal_sync_commits = 10;
    options.normal_sync_interval_ms = 100000000;  // only the commit count triggers syncs
    auto pager = Pager::Open("/db", options);
    EXPECT_TRUE(pager.ok()) << pager.status().ToString();
    return pager.ok() ? std::move(pager).value() : nullptr;
}

uint64_t FsyncsFor(SyncMode mode, int commits) {
    io::MemEnv env;
    auto pager = OpenWith(&env, mode);
    for (int i = 1; i <= commits; ++i) {
        auto w = pager->BeginWrite();
        if ((*w)->page_count() < 2) {
            EXPECT_TRUE((*w)->Allocate().ok());
        }
        EXPECT_TRUE(testing::WriteStamp(w->get(), 1, i).ok());
        EXPECT_TRUE((*w)->Commit().ok());
    }
    return pager->Stats().wal_fsyncs;
}

TEST(SyncModeTest, FsyncCounts) {
    EXPECT_EQ(FsyncsFor(SyncMode::kFull, 50), 50u);     // one per commit with a single writer
    EXPECT_EQ(FsyncsFor(SyncMode::kNormal, 100), 10u);  // one per normal_sync_commits
    EXPECT_EQ(FsyncsFor(SyncMode::kOff, 100), 0u);
}

TEST(SyncModeTest, FullCommitIsInvisibleUntilDurable) {
    io::MemEnv mem;
    io::FaultEnv env(&mem);
    auto pager = OpenWith(&env, SyncMode::kFull);
    {
        auto w = pager->BeginWrite();
        ASSERT_TRUE((*w)->Allocate().ok());
        ASSERT_TRUE(testing::WriteStamp(w->get(), 1, 1).ok());
        ASSERT_TRUE((*w)->Commit().ok());
    }
    env.InjectFault(io::FaultKind::kFailSync, 1);
    auto w = pager->BeginWrite();
    ASSERT_TRUE(testing::WriteStamp(w->get(), 1, 2).ok());
    Status st = (*w)->Commit();
    EXPECT_EQ(st.code(), StatusCode::kIOError);
    EXPECT_NE(st.message().find("fsync /db-wal"), std::string::npos) << st.message();
    auto r = pager->BeginRead();
    EXPECT_EQ(testing::ReadStamp(r->get(), 1), 1u);  // the appended, undurable commit is hidden
}

TEST(SyncModeTest, NormalCommitIsVisibleAtOnce) {
    io::MemEnv env;
    auto pager = OpenWith(&env, SyncMode::kNormal);
    auto w = pager->BeginWrite();
    ASSERT_TRUE((*w)->Allocate().ok());
    ASSERT_TRUE(testing::WriteStamp(w->get(), 1, 3).ok());
    ASSERT_TRUE((*w)->Commit().ok());
    EXPECT_EQ(pager->Stats().wal_fsyncs, 0u);
    auto r = pager->BeginRead();
    EXPECT_EQ(testing::ReadStamp(r->get(), 1), 3u);
}

}  // namespace
}  // namespace nexus::storage
