// Bulk mode (PagerOptions::bulk_load): pages go straight to the main file, page 0 last. A
// finished load reads back and reopens like any database; an unfinished one (crash or close
// before the final checkpoint) is refused, never opened half-loaded.
#include <gtest/gtest.h>

#include "io/fault_env.h"
#include "io/mem_env.h"
#include "pager_test_util.h"
#include "storage/pager.h"

namespace nexus::storage {
namespace {

using testing::ReadStamp;
using testing::WriteStamp;

PagerOptions Options(io::Env* env, bool bulk, SyncMode mode = SyncMode::kFull) {
    PagerOptions options;
    options.env = env;
    options.sync_mode = mode;
    options.bulk_load = bulk;
    return options;
}

// Three commits: 40 pages stamped 1, then even pages restamped 2 and page 5 freed.
void LoadSome(Pager* pager) {
    {
        auto w = pager->BeginWrite();
        ASSERT_TRUE(w.ok());
        for (int i = 0; i < 40; ++i) {
            auto id = (*w)->Allocate();
            ASSERT_TRUE(id.ok());
            ASSERT_TRUE(WriteStamp(w->get(), *id, 1).ok());
        }
        ASSERT_TRUE((*w)->Commit().ok());
    }
    {
        auto w = pager->BeginWrite();
        ASSERT_TRUE(w.ok());
        for (PageId id = 2; id <= 40; id += 2) ASSERT_TRUE(WriteStamp(w->get(), id, 2).ok());
        ASSERT_TRUE((*w)->Commit().ok());
    }
    {
        auto w = pager->BeginWrite();
        ASSERT_TRUE(w.ok());
        EXPECT_EQ(ReadStamp(w->get(), 4), 2u);  // the writer reads the previous bulk commit
        EXPECT_EQ(ReadStamp(w->get(), 5), 1u);
        ASSERT_TRUE((*w)->Free(5).ok());
        ASSERT_TRUE((*w)->Commit().ok());
    }
}

void ExpectLoaded(PageReader* r) {
    EXPECT_EQ(r->page_count(), 41u);
    for (PageId id = 1; id <= 40; ++id) {
        if (id == 5) continue;
        EXPECT_EQ(ReadStamp(r, id), id % 2 == 0 ? 2u : 1u) << "page " << id;
    }
}

TEST(BulkLoadTest, FinishedLoadReadsBackAndReopens) {
    io::MemEnv env;
    {
        auto pager = Pager::Open("/db", Options(&env, true));
        ASSERT_TRUE(pager.ok());
        LoadSome(pager->get());
        EXPECT_EQ((*pager)->Stats().wal_bytes, 0u);  // nothing went through the log
        EXPECT_EQ((*pager)->BeginRead().status().code(), StatusCode::kInvalidArgument);
        ASSERT_TRUE((*pager)->Checkpoint().ok());
        auto r = (*pager)->BeginRead();
        ASSERT_TRUE(r.ok());
        ExpectLoaded(r->get());
        r->reset();
        EXPECT_TRUE((*pager)->CheckIntegrity().ok());
        // Back in normal mode: the next commit goes through the WAL.
        auto w = (*pager)->BeginWrite();
        ASSERT_TRUE(w.ok());
        ASSERT_TRUE(WriteStamp(w->get(), 1, 3).ok());
        ASSERT_TRUE((*w)->Commit().ok());
        EXPECT_GT((*pager)->Stats().wal_bytes, 0u);
    }
    auto pager = Pager::Open("/db", Options(&env, false));
    ASSERT_TRUE(pager.ok()) << pager.status().ToString();
    EXPECT_TRUE((*pager)->CheckIntegrity().ok());
    auto r = (*pager)->BeginRead();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(ReadStamp(r->get(), 1), 3u);
    EXPECT_EQ(ReadStamp(r->get(), 2), 2u);
    EXPECT_EQ(ReadStamp(r->get(), 39), 1u);
    // Page 5 is on the free list: the next allocation reuses it.
    r->reset();
    auto w = (*pager)->BeginWrite();
    ASSERT_TRUE(w.ok());
    auto id = (*w)->Allocate();
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(*id, 5u);
}

TEST(BulkLoadTest, CloseWithoutFinishLeavesARefusedFile) {
    io::MemEnv env;
    {
        auto pager = Pager::Open("/db", Options(&env, true));
        ASSERT_TRUE(pager.ok());
        LoadSome(pager->get());
    }  // closing does not finish a bulk load
    auto pager = Pager::Open("/db", Options(&env, false));
    ASSERT_FALSE(pager.ok());
    EXPECT_EQ(pager.status().code(), StatusCode::kCorruption);
    EXPECT_NE(pager.status().message().find("unfinished bulk load"), std::string::npos)
        << pager.status().ToString();
}

TEST(BulkLoadTest, PowerLossBeforeFinishIsRefusedAndAfterItKeepsEverything) {
    for (bool finish : {false, true}) {
        io::MemEnv mem;
        io::FaultEnv env(&mem);
        {
            auto pager = Pager::Open("/db", Options(&env, true));
            ASSERT_TRUE(pager.ok());
            LoadSome(pager->get());
            if (finish) ASSERT_TRUE((*pager)->Checkpoint().ok());
            // Unsynced pages as an ordered write-back would leave them, the last one torn.
            ASSERT_TRUE(env.SimulateCrash(/*tear_last_write=*/true).ok());
        }
        auto pager = Pager::Open("/db", Options(&env, false));
        if (!finish) {
            // The file may be empty (nothing synced), which opens as a new database, or hold
            // pages without page 0, which is refused. Never the loaded pages.
            if (pager.ok()) {
                EXPECT_TRUE((*pager)->is_new());
                EXPECT_EQ((*pager)->Stats().file_pages, 1u);
            } else {
                EXPECT_EQ(pager.status().code(), StatusCode::kCorruption);
            }
            continue;
        }
        ASSERT_TRUE(pager.ok()) << pager.status().ToString();
        EXPECT_TRUE((*pager)->CheckIntegrity().ok());
        auto r = (*pager)->BeginRead();
        ASSERT_TRUE(r.ok());
        ExpectLoaded(r->get());
    }
}

TEST(BulkLoadTest, FailedWriteTurnsTheLoadSticky) {
    io::MemEnv mem;
    io::FaultEnv env(&mem);
    auto pager = Pager::Open("/db", Options(&env, true));
    ASSERT_TRUE(pager.ok());
    env.InjectFault(io::FaultKind::kFailWrite, 1, "/db");
    auto w = (*pager)->BeginWrite();
    ASSERT_TRUE(w.ok());
    auto id = (*w)->Allocate();
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(WriteStamp(w->get(), *id, 1).ok());
    EXPECT_EQ((*w)->Commit().code(), StatusCode::kIOError);
    EXPECT_FALSE((*pager)->BeginWrite().ok());
    EXPECT_FALSE((*pager)->Checkpoint().ok());  // never writes page 0 over a failed load
}

TEST(BulkLoadTest, ExistingDatabaseIgnoresBulkMode) {
    io::MemEnv env;
    {
        auto pager = Pager::Open("/db", Options(&env, false));
        ASSERT_TRUE(pager.ok());
    }
    auto pager = Pager::Open("/db", Options(&env, true));
    ASSERT_TRUE(pager.ok());
    auto w = (*pager)->BeginWrite();
    ASSERT_TRUE(w.ok());
    auto id = (*w)->Allocate();
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(WriteStamp(w->get(), *id, 7).ok());
    ASSERT_TRUE((*w)->Commit().ok());
    EXPECT_GT((*pager)->Stats().wal_bytes, 0u);  // logged as usual
    auto r = (*pager)->BeginRead();              // and readers are welcome
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(ReadStamp(r->get(), *id), 7u);
}

}  // namespace
}  // namespace nexus::storage
