// Fault injection: for every N, fail the Nth write (or fsync) of a workload in every way the
// FaultEnv knows, then lose power, reopen, and check that the database holds exactly the
// state of a commit that returned OK (FULL: the last one; NORMAL: some recent one).
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "io/fault_env.h"
#include "io/mem_env.h"
#include "pager_test_util.h"
#include "storage/pager.h"

namespace nexus::storage {
namespace {

using Model = std::map<PageId, uint64_t>;  // page -> stamp
constexpr int kTxns = 30;

struct WorkloadRun {
    std::vector<Model> models;  // models[i]: the state after commit i (models[0]: empty db)
    int last_ok = 0;            // last commit that returned OK
    Status first_error;
};

PagerOptions Options(io::Env* env, SyncMode mode, uint64_t grow_bytes = 0) {
    PagerOptions options;
    options.wal_grow_bytes = grow_bytes;
    options.env = env;
    options.sync_mode = mode;
    options.normal_sync_commits = 4;
    options.normal_sync_interval_ms = 1000000;  // only the commit count triggers a sync
    options.cache_bytes = 64 * kPageSize;
    options.wal_checkpoint_bytes = 12 * kFrameSize;  // checkpoints happen mid-workload
    return options;
}

// Commit i stamps pages 1..3 with i, allocates a page every 3rd commit and frees one every 5th.
Status RunTxn(Pager* pager, int i, Model& model) {
    ASSIGN_OR_RETURN(auto w, pager->BeginWrite());
    while (w->page_count() <= 3) {
        ASSIGN_OR_RETURN(PageId id, w->Allocate());
        model[id] = 0;
        RETURN_IF_ERROR(testing::WriteStamp(w.get(), id, 0));
    }
    for (PageId id = 1; id <= 3; ++id) {
        RETURN_IF_ERROR(testing::WriteStamp(w.get(), id, i));
        model[id] = i;
    }
    if (i % 3 == 0) {
        ASSIGN_OR_RETURN(PageId id, w->Allocate());
        RETURN_IF_ERROR(testing::WriteStamp(w.get(), id, i));
        model[id] = i;
    }
    if (i % 5 == 0 && model.size() > 4) {
        PageId victim = std::prev(model.end())->first;
        RETURN_IF_ERROR(w->Free(victim));
        model.erase(victim);
    }
    return w->Commit();
}

WorkloadRun Workload(Pager* pager) {
    WorkloadRun run;
    run.models.push_back(Model{});
    for (int i = 1; i <= kTxns; ++i) {
        Model next = run.models.back();
        Status st = RunTxn(pager, i, next);
        if (!st.ok()) {
            run.first_error = st;
            break;
        }
        run.models.push_back(std::move(next));
        run.last_ok = i;
    }
    return run;
}

// The database's pages and their stamps (free pages excluded by the caller's model).
bool Matches(Pager* pager, const Model& model) {
    auto r = pager->BeginRead();
    if (!r.ok()) return false;
    for (const auto& [id, stamp] : model) {
        auto ref = (*r)->Read(id);
        if (!ref.ok() || testing::StampOf(ref->data(), id) != stamp) return false;
    }
    return true;
}

struct Case {
    io::FaultKind kind;
    SyncMode mode;
    bool tear;
    uint64_t grow_bytes = 0;  // WAL growth step: zero tails behind the frames, and their writes
};

// Runs the workload with the fault armed at `nth`; returns false once N is past the workload.
bool RunCase(const Case& c, uint64_t nth) {
    io::MemEnv mem;
    io::FaultEnv env(&mem);
    auto pager = Pager::Open("/db", Options(&env, c.mode, c.grow_bytes));
    EXPECT_TRUE(pager.ok());
    env.InjectFault(c.kind, nth);
    WorkloadRun run = Workload(pager->get());
    bool fired = !run.first_error.ok() || env.powered_off();
    if (!run.first_error.ok()) {
        // Sticky: nothing more may be written until the database is reopened.
        auto again = (*pager)->BeginWrite();
        EXPECT_FALSE(again.ok());
    }
    pager->reset();  // closing checkpoints when healthy; a fault may strike there too
    EXPECT_TRUE(env.SimulateCrash(c.tear).ok());
    auto reopened = Pager::Open("/db", Options(&env, c.mode, c.grow_bytes));
    EXPECT_TRUE(reopened.ok()) << "N=" << nth << ": " << reopened.status().ToString();
    if (!reopened.ok()) return false;
    Status integrity = (*reopened)->CheckIntegrity();
    EXPECT_TRUE(integrity.ok()) << "N=" << nth << ": " << integrity.ToString();
    int matched = run.last_ok;
    if (c.mode == SyncMode::kFull) {
        EXPECT_TRUE(Matches(reopened->get(), run.models[run.last_ok]))
            << "N=" << nth << " last_ok=" << run.last_ok << " error=" << run.first_error.ToString();
    } else {
        // NORMAL may lose the unsynced tail of commits, but never mixes or corrupts them.
        while (matched >= 0 && !Matches(reopened->get(), run.models[matched])) --matched;
        EXPECT_GE(matched, 0) << "N=" << nth << ": state matches no commit";
        if (matched < 0) return false;
    }
    // The reopened database takes new commits.
    Model model = run.models[matched];
    EXPECT_TRUE(RunTxn(reopened->get(), 100, model).ok());
    return fired;
}

class FaultTest : public ::testing::TestWithParam<Case> {};

TEST_P(FaultTest, EveryNthOperationFails) {
    int fired = 0;
    uint64_t n = 1;
    for (; n <= 400; ++n) {
        if (!RunCase(GetParam(), n)) break;
        ++fired;
        if (HasFailure()) break;
    }
    EXPECT_GT(fired, 10);  // the workload really was hit at many points
    EXPECT_LT(n, 400u);    // and eventually ran past the armed fault
}

INSTANTIATE_TEST_SUITE_P(
    Faults, FaultTest,
    ::testing::Values(Case{io::FaultKind::kFailWrite, SyncMode::kFull, false},
                      Case{io::FaultKind::kShortWrite, SyncMode::kFull, false},
                      Case{io::FaultKind::kTornWrite, SyncMode::kFull, true},
                      Case{io::FaultKind::kDiskFull, SyncMode::kFull, false},
                      Case{io::FaultKind::kFailSync, SyncMode::kFull, false},
                      Case{io::FaultKind::kFailWrite, SyncMode::kNormal, false},
                      Case{io::FaultKind::kTornWrite, SyncMode::kNormal, true},
                      Case{io::FaultKind::kFailSync, SyncMode::kNormal, false},
                      Case{io::FaultKind::kFailWrite, SyncMode::kFull, false, 3 * kFrameSize},
                      Case{io::FaultKind::kTornWrite, SyncMode::kFull, true, 3 * kFrameSize},
                      Case{io::FaultKind::kDiskFull, SyncMode::kFull, false, 3 * kFrameSize},
                      Case{io::FaultKind::kTornWrite, SyncMode::kNormal, true, 3 * kFrameSize}));

TEST(FaultErrorTest, DiskFullFailsTheCommitClearlyAndIsSticky) {
    io::MemEnv mem;
    io::FaultEnv env(&mem);
    auto pager = Pager::Open("/db", Options(&env, SyncMode::kFull));
    ASSERT_TRUE(pager.ok());
    Model model;
    ASSERT_TRUE(RunTxn(pager->get(), 1, model).ok());
    env.InjectFault(io::FaultKind::kDiskFull, 1);
    Model next = model;
    Status st = RunTxn(pager->get(), 2, next);
    EXPECT_EQ(st.code(), StatusCode::kDiskFull);
    EXPECT_NE(st.message().find("/db-wal"), std::string::npos) << st.message();
    env.ClearFaults();
    auto w = (*pager)->BeginWrite();
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.status().code(), StatusCode::kDiskFull);
    EXPECT_TRUE(Matches(pager->get(), model));  // readers keep working
}

TEST(FaultErrorTest, CrashWithoutFaultsKeepsEveryFullCommit) {
    io::MemEnv mem;
    io::FaultEnv env(&mem);
    WorkloadRun run;
    {
        auto pager = Pager::Open("/db", Options(&env, SyncMode::kFull));
        ASSERT_TRUE(pager.ok());
        run = Workload(pager->get());
        ASSERT_EQ(run.last_ok, kTxns);
        ASSERT_TRUE(env.SimulateCrash().ok());  // power lost while still open
    }
    auto pager = Pager::Open("/db", Options(&env, SyncMode::kFull));
    ASSERT_TRUE(pager.ok());
    EXPECT_TRUE(Matches(pager->get(), run.models[kTxns]));
}

}  // namespace
}  // namespace nexus::storage
