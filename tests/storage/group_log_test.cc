// FULL-mode group logging: commits that arrive while a WAL fsync runs wait in memory, the next
// sync leader logs them as one WAL transaction holding the newest image of each page, the next
// writer reads their pages before they reach the log, and readers never see them early.
// A gate in the file layer holds the WAL fsync so that the interleaving is deterministic.
// Labelled "concurrency" so `make test-tsan` runs it.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "io/fault_env.h"
#include "io/mem_env.h"
#include "pager_test_util.h"
#include "storage/pager.h"

namespace nexus::storage {
namespace {

using testing::ReadStamp;
using testing::WriteStamp;

// Wraps an Env; while closed, a Sync of a file whose path ends in "-wal" blocks until Open().
class GateEnv : public io::Env {
  public:
    explicit GateEnv(io::Env* base) : base_(base) {}

    void Close() {
        std::lock_guard<std::mutex> l(mu_);
        closed_ = true;
    }
    void Open() {
        {
            std::lock_guard<std::mutex> l(mu_);
            closed_ = false;
        }
        cv_.notify_all();
    }
    // Waits until `n` WAL syncs are held at the gate.
    void AwaitHeld(int n) {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [&] { return held_ >= n; });
    }
    void Pass(const std::string& path) {
        if (path.size() < 4 || path.compare(path.size() - 4, 4, "-wal") != 0) return;
        std::unique_lock<std::mutex> l(mu_);
        ++held_;
        cv_.notify_all();
        cv_.wait(l, [&] { return !closed_; });
        --held_;
    }

    Result<std::unique_ptr<io::File>> OpenFile(const std::string& path,
                                               const io::OpenOptions& options) override;
    Status DeleteFile(const std::string& path) override { return base_->DeleteFile(path); }
    Status RenameFile(const std::string& from, const std::string& to) override {
        return base_->RenameFile(from, to);
    }
    bool FileExists(const std::string& path) override { return base_->FileExists(path); }
    Result<uint64_t> FileSize(const std::string& path) override { return base_->FileSize(path); }
    Status SyncDir(const std::string& dir) override { return base_->SyncDir(dir); }
    Result<std::unique_ptr<io::FileLock>> LockFile(const std::string& path, bool shared) override {
        return base_->LockFile(path, shared);
    }

  private:
    io::Env* base_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool closed_ = false;
    int held_ = 0;
};

class GateFile : public io::File {
  public:
    GateFile(GateEnv* env, std::unique_ptr<io::File> base) : env_(env), base_(std::move(base)) {}
    Result<size_t> ReadAt(uint64_t offset, void* buf, size_t n) override {
        return base_->ReadAt(offset, buf, n);
    }
    Status WriteAt(uint64_t offset, const void* buf, size_t n) override {
        return base_->WriteAt(offset, buf, n);
    }
    Status Sync() override {
        env_->Pass(base_->path());
        return base_->Sync();
    }
    Status Truncate(uint64_t size) override { return base_->Truncate(size); }
    Result<uint64_t> Size() override { return base_->Size(); }
    Status Preallocate(uint64_t size) override { return base_->Preallocate(size); }
    const std::string& path() const override { return base_->path(); }

  private:
    GateEnv* env_;
    std::unique_ptr<io::File> base_;
};

Result<std::unique_ptr<io::File>> GateEnv::OpenFile(const std::string& path,
                                                    const io::OpenOptions& options) {
    ASSIGN_OR_RETURN(std::unique_ptr<io::File> file, base_->OpenFile(path, options));
    return std::unique_ptr<io::File>(new GateFile(this, std::move(file)));
}

std::unique_ptr<Pager> OpenFull(io::Env* env) {
    PagerOptions options;
    options.env = env;
    options.sync_mode = SyncMode::kFull;
    auto pager = Pager::Open("/db", options);
    EXPECT_TRUE(pager.ok()) << pager.status().ToString();
    return pager.ok() ? std::move(pager).value() : nullptr;
}

// Commits stamp `value` on each page of `pages` (one transaction).
Status CommitStamps(Pager* pager, std::initializer_list<PageId> pages, uint64_t value) {
    ASSIGN_OR_RETURN(auto w, pager->BeginWrite());
    for (PageId id : pages) RETURN_IF_ERROR(WriteStamp(w.get(), id, value));
    return w->Commit();
}

// Returns once a writer sees `value` on `page`: the commit that wrote it has appended.
void AwaitAppended(Pager* pager, PageId page, uint64_t value) {
    for (;;) {
        auto w = pager->BeginWrite();
        ASSERT_TRUE(w.ok());
        uint64_t seen = ReadStamp(w->get(), page);
        (*w)->Rollback();
        if (seen == value) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

// Pages 1 and 2 stamped 1, durable.
void StampTwoPages(Pager* pager) {
    auto w = pager->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Allocate().ok());
    ASSERT_TRUE((*w)->Allocate().ok());
    ASSERT_TRUE(WriteStamp(w->get(), 1, 1).ok());
    ASSERT_TRUE(WriteStamp(w->get(), 2, 1).ok());
    ASSERT_TRUE((*w)->Commit().ok());
}

TEST(GroupLogTest, CommitsWaitingForAnFsyncAreLoggedAsOneGroup) {
    io::MemEnv mem;
    GateEnv env(&mem);
    auto pager = OpenFull(&env);
    ASSERT_NE(pager, nullptr);
    StampTwoPages(pager.get());

    env.Close();
    Status a, b, c;
    std::thread ta([&] { a = CommitStamps(pager.get(), {1}, 2); });
    env.AwaitHeld(1);  // A logged its commit and is in fsync
    uint64_t wal_before = pager->Stats().wal_bytes;
    std::thread tb([&] { b = CommitStamps(pager.get(), {1, 2}, 3); });
    AwaitAppended(pager.get(), 1, 3);
    std::thread tc([&] { c = CommitStamps(pager.get(), {1}, 4); });
    AwaitAppended(pager.get(), 1, 4);
    {
        auto w = pager->BeginWrite();
        ASSERT_TRUE(w.ok());
        // The writer builds on C although neither B nor C is in the log yet.
        EXPECT_EQ(ReadStamp(w->get(), 1), 4u);
        EXPECT_EQ(ReadStamp(w->get(), 2), 3u);
        (*w)->Rollback();
        // Readers see the last durable commit only.
        auto r = pager->BeginRead();
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(ReadStamp(r->get(), 1), 1u);
        EXPECT_EQ(ReadStamp(r->get(), 2), 1u);
    }
    EXPECT_EQ(pager->Stats().wal_bytes, wal_before);  // nothing of B or C logged yet
    env.Open();
    ta.join();
    tb.join();
    tc.join();
    EXPECT_TRUE(a.ok()) << a.ToString();
    EXPECT_TRUE(b.ok()) << b.ToString();
    EXPECT_TRUE(c.ok()) << c.ToString();
    // B and C changed pages 1 and 2 three times: one frame each (the newest image).
    EXPECT_EQ(pager->Stats().wal_bytes - wal_before, 2u * kFrameSize);
    {
        auto r = pager->BeginRead();
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(ReadStamp(r->get(), 1), 4u);
        EXPECT_EQ(ReadStamp(r->get(), 2), 3u);
    }
    pager.reset();
    auto reopened = OpenFull(&mem);
    ASSERT_NE(reopened, nullptr);
    auto r = reopened->BeginRead();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(ReadStamp(r->get(), 1), 4u);
    EXPECT_EQ(ReadStamp(r->get(), 2), 3u);
    EXPECT_TRUE(reopened->CheckIntegrity().ok());
}

// Power fails while a group waits for the fsync before it: only what was durable survives,
// and what the log holds is a whole group or nothing.
TEST(GroupLogTest, CrashBeforeTheGroupIsDurableLosesOnlyUnreturnedCommits) {
    io::MemEnv mem;
    io::FaultEnv fault(&mem);
    GateEnv env(&fault);
    auto pager = OpenFull(&env);
    ASSERT_NE(pager, nullptr);
    StampTwoPages(pager.get());

    env.Close();
    std::thread ta([&] { CommitStamps(pager.get(), {1}, 2).IgnoreError(); });
    env.AwaitHeld(1);
    std::thread tb([&] { CommitStamps(pager.get(), {1, 2}, 3).IgnoreError(); });
    AwaitAppended(pager.get(), 1, 3);
    // The power goes out while A's fsync is held: A's frames were never synced.
    ASSERT_TRUE(fault.SimulateCrash().ok());
    fault.InjectFault(io::FaultKind::kFailWrite, 1);  // the torn-down process writes nothing
    fault.InjectFault(io::FaultKind::kFailSync, 1);
    env.Open();
    ta.join();
    tb.join();
    pager.reset();
    fault.ClearFaults();
    ASSERT_TRUE(fault.SimulateCrash().ok());
    auto reopened = OpenFull(&mem);
    ASSERT_NE(reopened, nullptr);
    auto r = reopened->BeginRead();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(ReadStamp(r->get(), 1), 1u);
    EXPECT_EQ(ReadStamp(r->get(), 2), 1u);
    EXPECT_TRUE(reopened->CheckIntegrity().ok());
}

}  // namespace
}  // namespace nexus::storage
