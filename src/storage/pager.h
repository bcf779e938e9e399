// Pager: the storage engine behind the page seam. One database file of checksummed pages plus
// a SQLite-style WAL (path + "-wal"); snapshots for readers, one writer at a time with group
// commit, a bounded buffer pool, checkpoints and crash recovery. Design: docs/storage.md.
//
// Thread-safety: one Pager is shared by all threads. Each ReadTxn/WriteTxn is used by one
// thread at a time and must be destroyed before the Pager.
//
// Pager state machine (sticky error, as in SQLite):
//     OPEN --(write or fsync fails)--> ERROR: BeginWrite/Commit/Checkpoint return the first
//     error until the database is reopened; readers keep working on what was visible.
//
// Write transaction:  BeginWrite --> OPEN --Commit--> appended --log+fsync--> durable+visible
//                                      \--Rollback/destroy--> gone (no trace)
// In FULL mode a commit becomes visible to new readers only once durable; the next writer
// builds on it as soon as it is appended. FULL appends to memory (pending_pages_): the sync
// leader logs every commit appended since the last fsync as one WAL transaction, holding the
// newest image of each page, then fsyncs. NORMAL and OFF log each commit when it appends.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/env.h"
#include "nexus/config.h"
#include "storage/buffer_pool.h"
#include "storage/format.h"
#include "storage/page_store.h"
#include "storage/wal.h"

namespace nexus::storage {

struct PagerOptions {  // filled from nexus::Config by the txn layer
    SyncMode sync_mode = SyncMode::kFull;
    uint32_t normal_sync_commits = 1000;
    uint32_t normal_sync_interval_ms = 100;
    size_t cache_bytes = size_t{256} << 20;              // hard bound on cached clean pages
    uint64_t wal_checkpoint_bytes = uint64_t{64} << 20;  // auto-checkpoint threshold
    // FULL and NORMAL: the WAL file grows in zero-filled steps of this size, so a commit's
    // fsync need not journal a size change (Wal::set_grow_step; OFF never syncs: no step).
    uint64_t wal_grow_bytes = uint64_t{1} << 20;
    bool create_if_missing = true;
    bool read_only = false;
    // Only when this open creates the database: commits write their pages straight into the
    // main file (no WAL copy, no checkpoint copy) and page 0 is written by the first
    // Checkpoint(), after every other page is synced (unless OFF); that ends bulk mode.
    // Until then readers are refused, and a crash or a close without that checkpoint leaves a
    // file whose page 0 is blank, which Open refuses. For building a database nobody else
    // sees yet (the importer).
    bool bulk_load = false;
    io::Env* env = nullptr;  // null = io::Env::Default()
};

struct PagerStats {
    uint64_t commits = 0;  // commits that returned OK (read-only ones included)
    uint64_t rollbacks = 0;
    uint64_t wal_bytes = 0;  // frame bytes appended since open
    uint64_t wal_fsyncs = 0;
    uint64_t wal_size_bytes = 0;  // current logical WAL size
    uint64_t cache_hits = 0;
    uint64_t cache_misses = 0;
    uint64_t cache_evictions = 0;
    uint64_t checkpoints = 0;
    uint64_t checkpoint_micros = 0;
    uint64_t file_pages = 0;  // page count of the newest commit
};

class Pager;

// A snapshot: sees every commit visible when it began, and nothing later.
class ReadTxn : public PageReader {
  public:
    ~ReadTxn() override;
    Result<PageRef> Read(PageId id) override;
    PageId page_count() const override { return page_count_; }
    uint64_t snapshot_seq() const { return seq_; }
    // Page 0 (the pager's file header) as of this snapshot, which Read() does not serve:
    // for the consistency checker's free-list walk and online backup.
    Result<PageRef> ReadHeader();

  private:
    friend class Pager;
    ReadTxn(Pager* pager, uint64_t seq, PageId page_count)
        : pager_(pager), seq_(seq), page_count_(page_count) {}
    Pager* pager_;
    uint64_t seq_;
    PageId page_count_;
};

// The single write transaction. Its dirty pages live outside the pool's bound until commit.
// Destroying it without Commit() rolls it back.
class WriteTxn : public PageWriter {
  public:
    ~WriteTxn() override;
    Result<PageRef> Read(PageId id) override;
    PageId page_count() const override { return header_.page_count; }
    Result<uint8_t*> Write(PageId id) override;
    Result<PageId> Allocate() override;
    Status Free(PageId id) override;
    // Appends the transaction to the WAL and, in FULL mode, returns once it is durable. The
    // transaction has ended either way.
    Status Commit();
    void Rollback();
    size_t dirty_pages() const { return dirty_.size(); }

  private:
    friend class Pager;
    // The header is always written back at kFileFormatVersion, so the first commit to an
    // older file rewrites page 0 and marks the file as one older builds must not open.
    WriteTxn(Pager* pager, uint64_t base_seq, FileHeader header)
        : pager_(pager), base_seq_(base_seq), header_(header), start_header_(header) {
        header_.version = kFileFormatVersion;
    }
    Status CheckId(PageId id) const;
    uint8_t* NewDirty(PageId id);

    Pager* pager_;
    uint64_t base_seq_;  // reads see this commit (the newest appended one)
    FileHeader header_;
    FileHeader start_header_;
    std::map<PageId, std::shared_ptr<PageBuf>> dirty_;
    std::vector<PageId> pending_free_;
    bool open_ = true;
};

class Pager {
  public:
    static Result<std::unique_ptr<Pager>> Open(const std::string& path,
                                               const PagerOptions& options);
    // Checkpoints (when writable and healthy) and closes the files.
    ~Pager();
    Pager(const Pager&) = delete;
    Pager& operator=(const Pager&) = delete;

    Result<std::unique_ptr<ReadTxn>> BeginRead();    // never blocks on the writer
    Result<std::unique_ptr<WriteTxn>> BeginWrite();  // blocks until the previous writer ends
    // Copies committed frames no live reader still needs into the main file; restarts the
    // WAL once no reader uses it. Writers keep committing during the copy; the final
    // catch-up waits for the writer slot, so never call it while holding a WriteTxn.
    Status Checkpoint();
    PagerStats Stats() const;
    // Reads every page of the newest snapshot (checksums) and walks the free list (no cycle,
    // no page out of range, length matching the header). kCorruption names what is wrong.
    Status CheckIntegrity();
    bool is_new() const { return is_new_; }
    const std::string& path() const { return path_; }

  private:
    friend class ReadTxn;
    friend class WriteTxn;
    Pager(io::Env* env, std::string path, const PagerOptions& options);

    Status OpenFiles();
    Status CreateFile(bool bulk);
    Status CommitBulk(uint64_t seq, const FileHeader& header,
                      std::map<PageId, std::shared_ptr<PageBuf>>& dirty);
    Status WriteBulkPages(uint64_t seq, std::map<PageId, std::shared_ptr<PageBuf>>& dirty);
    Status FinishBulk();
    Result<PageRef> ReadPage(PageId id, uint64_t snapshot);
    Status LoadMainPage(PageId id, uint8_t* out);
    Status LoadWalPage(PageId id, uint64_t seq, uint64_t offset, uint8_t* out);
    void EndRead(uint64_t seq);

    Status AcquireWriter();
    void ReleaseWriter();
    Status CommitTxn(uint64_t base_seq, const FileHeader& header,
                     std::map<PageId, std::shared_ptr<PageBuf>>& dirty);
    void RollbackTxn();
    void DropSuperseded(uint64_t base_seq, const std::map<PageId, std::shared_ptr<PageBuf>>& dirty);
    Status SyncThrough(uint64_t seq, bool gather = false);
    Status LogGroup(uint64_t target, PageId page_count,
                    const std::vector<std::pair<PageId, std::shared_ptr<PageBuf>>>& group);
    Status SetSticky(const Status& st);
    Status SetStickyLocked(const Status& st);  // holds mu_
    Status CheckpointLocked();                 // holds ckpt_mu_
    Status CopyFrames(bool* copied);
    void MaybeAutoCheckpoint();
    void FlusherLoop();

    io::Env* env_;
    const std::string path_;
    const PagerOptions options_;
    std::unique_ptr<io::FileLock> lock_;  // one Pager per database file (shared when read-only)
    std::unique_ptr<io::File> main_;
    std::unique_ptr<Wal> wal_;
    bool opened_ = false;  // Open completed: only then may the destructor checkpoint
    BufferPool pool_;
    bool is_new_ = false;
    // Bulk mode (PagerOptions::bulk_load): set by Open, cleared by FinishBulk holding the
    // writer slot. The header page lives here, not in the file, until FinishBulk.
    std::atomic<bool> bulk_{false};
    std::shared_ptr<PageBuf> bulk_header_;  // the writer's only
    std::vector<uint8_t> bulk_run_;         // staging for runs of consecutive pages

    std::mutex ckpt_mu_;  // one checkpoint at a time
    // Held shared while a reader resolves and loads a page, exclusive while the WAL restarts.
    std::shared_mutex reset_mu_;

    mutable std::mutex mu_;              // guards everything below
    std::condition_variable writer_cv_;  // writer slot waiters (one woken per release)
    std::condition_variable sync_cv_;
    std::condition_variable append_cv_;  // a gathering sync leader waits here
    std::condition_variable flusher_cv_;
    bool writer_active_ = false;
    uint64_t last_group_ = 0;                 // commits the last WAL fsync covered
    uint64_t gather_until_ = 0;               // a leader gathers until this commit (0: none)
    std::chrono::nanoseconds fsync_time_{0};  // moving average of WAL fsync latency
    uint64_t appended_seq_ = 0;               // newest commit in the WAL (the next writer's base)
    FileHeader appended_header_;
    uint64_t visible_seq_ = 0;  // newest commit new readers see
    PageId visible_page_count_ = 1;
    std::deque<std::pair<uint64_t, PageId>> pending_visible_;  // FULL: appended, not durable
    // FULL: the newest image of each page changed by commits not yet in the log (the next
    // sync leader logs them as one group). Writers read them; readers never need them.
    struct PendingPage {
        uint64_t seq;
        std::shared_ptr<PageBuf> buf;
    };
    std::mutex pending_mu_;  // guards pending_pages_; taken alone or inside mu_
    std::map<PageId, PendingPage> pending_pages_;
    std::atomic<uint64_t> written_seq_{0};  // newest commit whose pages are in the log
    uint64_t durable_seq_ = 0;
    bool syncing_ = false;      // a group-commit leader is in fsync
    uint64_t sync_target_ = 0;  // the newest commit the running fsync covers
    // Bumped (under mu_) when an fsync ends or the pager turns sticky; covered committers
    // wait on it without mu_. durable_published_ mirrors durable_seq_ for them.
    std::atomic<uint32_t> sync_epoch_{0};
    std::atomic<uint64_t> durable_published_{0};
    uint64_t unsynced_commits_ = 0;
    std::chrono::steady_clock::time_point last_sync_;
    std::multiset<uint64_t> readers_;  // snapshots of live readers
    uint64_t ckpt_seq_ = 0;            // frames <= this are in the main file
    Status sticky_;
    bool stop_ = false;
    std::thread flusher_;  // NORMAL mode: bounds the time a commit stays unsynced

    std::atomic<uint64_t> commits_{0};
    std::atomic<uint64_t> rollbacks_{0};
    std::atomic<uint64_t> wal_bytes_{0};
    std::atomic<uint64_t> wal_fsyncs_{0};
    std::atomic<uint64_t> checkpoints_{0};
    std::atomic<uint64_t> checkpoint_micros_{0};
};

inline Result<PageRef> ReadTxn::ReadHeader() {
    return pager_->ReadPage(kHeaderPage, seq_);
}

}  // namespace nexus::storage
