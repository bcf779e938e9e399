// Pager open/recovery, the snapshot read path, commit with group fsync, and NORMAL-mode
// flushing. Checkpoints live in checkpoint.cc, the transactions in pager_txn.cc.
#include "storage/pager.h"

#include <algorithm>

namespace nexus::storage {

Pager::Pager(io::Env* env, std::string path, const PagerOptions& options)
    : env_(env), path_(std::move(path)), options_(options), pool_(options.cache_bytes) {}

Result<std::unique_ptr<Pager>> Pager::Open(const std::string& path, const PagerOptions& options) {
    io::Env* env = options.env != nullptr ? options.env : io::Env::Default();
    std::unique_ptr<Pager> pager(new Pager(env, path, options));
    RETURN_IF_ERROR(pager->OpenFiles());
    pager->opened_ = true;
    if (options.sync_mode == SyncMode::kNormal && !options.read_only) {
        pager->flusher_ = std::thread([p = pager.get()] { p->FlusherLoop(); });
    }
    return pager;
}

Pager::~Pager() {
    {
        std::lock_guard<std::mutex> l(mu_);
        stop_ = true;
    }
    flusher_cv_.notify_all();
    if (flusher_.joinable()) flusher_.join();
    bool healthy;
    {
        std::lock_guard<std::mutex> l(mu_);
        healthy = sticky_.ok();
    }
    // An unfinished bulk load stays unfinished: only an explicit Checkpoint() writes page 0.
    if (healthy && opened_ && !options_.read_only && !bulk_.load() && Checkpoint().ok()) {
        wal_->ShrinkToHeader(options_.sync_mode != SyncMode::kOff).IgnoreError();
    }
}

// A new database: page 0 only, made durable before anything refers to it. In bulk mode the
// file starts empty; page 0 is written last (FinishBulk).
Status Pager::CreateFile(bool bulk) {
    std::string wal_path = path_ + "-wal";
    if (env_->FileExists(wal_path)) {
        // A log without its database belongs to some earlier file: never replay it here.
        RETURN_IF_ERROR(env_->DeleteFile(wal_path));
    }
    io::OpenOptions create;
    create.create = true;
    ASSIGN_OR_RETURN(main_, env_->OpenFile(path_, create));
    is_new_ = true;
    if (bulk) return Status::Ok();
    PageBuf page{};
    EncodeFileHeader(FileHeader{}, page.data());
    SealPage(kHeaderPage, 0, page.data());
    RETURN_IF_ERROR(main_->WriteAt(0, page.data(), kPageSize));
    RETURN_IF_ERROR(main_->Sync());
    RETURN_IF_ERROR(env_->SyncDir(io::DirName(path_)));
    return Status::Ok();
}

Status Pager::OpenFiles() {
    bool exists = env_->FileExists(path_);
    uint64_t size = 0;
    if (exists) {
        ASSIGN_OR_RETURN(size, env_->FileSize(path_));
    }
    if (!exists || size == 0) {
        // size 0: a crash while creating it; nothing was ever committed to it.
        if (options_.read_only || !options_.create_if_missing) {
            return Status(StatusCode::kNotFound, "database " + path_ + " does not exist");
        }
        bool bulk = options_.bulk_load && !options_.read_only;
        RETURN_IF_ERROR(CreateFile(bulk));
        if (bulk) {
            ASSIGN_OR_RETURN(lock_, env_->LockFile(path_, false));
            ASSIGN_OR_RETURN(wal_, Wal::Open(env_, path_ + "-wal", false, 0));
            bulk_header_ = std::make_shared<PageBuf>();
            EncodeFileHeader(appended_header_, bulk_header_->data());
            SealPage(kHeaderPage, 0, bulk_header_->data());
            bulk_.store(true);
            return Status::Ok();
        }
    } else {
        io::OpenOptions open;
        open.read_only = options_.read_only;
        ASSIGN_OR_RETURN(main_, env_->OpenFile(path_, open));
    }
    ASSIGN_OR_RETURN(lock_, env_->LockFile(path_, options_.read_only));
    // A checkpoint torn by a crash can leave page 0 of the main file damaged; the WAL still
    // holds its frame then, so judge the header only after replay (ReadPage below).
    PageBuf header_page;
    Status main_header = LoadMainPage(kHeaderPage, header_page.data());
    if (!main_header.ok() && main_header.code() != StatusCode::kCorruption) return main_header;
    if (!main_header.ok() &&
        std::all_of(header_page.begin(), header_page.end(), [](uint8_t b) { return b == 0; })) {
        // Bulk mode writes page 0 last: a blank one means the load never finished.
        return Status(StatusCode::kCorruption,
                      path_ +
                          " is not a Nexus database (bad magic: page 0 is blank, as an "
                          "unfinished bulk load leaves it)");
    }
    if (!main_header.ok() && std::memcmp(header_page.data(), kFileMagic, sizeof(kFileMagic)) != 0) {
        // A torn header keeps its first bytes; a different magic is some other kind of file.
        return Status(StatusCode::kCorruption, path_ + " is not a Nexus database (bad magic)");
    }
    uint64_t main_lsn = main_header.ok() ? PageLsn(header_page.data()) : 0;
    bool wal_existed = env_->FileExists(path_ + "-wal");
    ASSIGN_OR_RETURN(wal_, Wal::Open(env_, path_ + "-wal", options_.read_only, main_lsn));
    if (options_.sync_mode != SyncMode::kOff) wal_->set_grow_step(options_.wal_grow_bytes);
    if (!wal_existed && !options_.read_only) {
        RETURN_IF_ERROR(env_->SyncDir(io::DirName(path_)));
    }
    uint64_t last = wal_->recovered_seq();
    appended_seq_ = visible_seq_ = durable_seq_ = last;
    durable_published_.store(last, std::memory_order_release);
    written_seq_.store(last, std::memory_order_release);
    ckpt_seq_ = wal_->base_seq();
    last_sync_ = std::chrono::steady_clock::now();
    ASSIGN_OR_RETURN(PageRef ref, ReadPage(kHeaderPage, last));
    RETURN_IF_ERROR(DecodeFileHeader(ref.data(), path_, &appended_header_));
    if (wal_->recovered_db_size() != 0 &&
        wal_->recovered_db_size() != appended_header_.page_count) {
        return Status(StatusCode::kCorruption, path_ + ": page count " +
                                                   std::to_string(appended_header_.page_count) +
                                                   " disagrees with the last WAL commit (" +
                                                   std::to_string(wal_->recovered_db_size()) + ")");
    }
    visible_page_count_ = appended_header_.page_count;
    return Status::Ok();
}

Status Pager::LoadMainPage(PageId id, uint8_t* out) {
    uint64_t offset = uint64_t{id} * kPageSize;
    ASSIGN_OR_RETURN(size_t got, main_->ReadAt(offset, out, kPageSize));
    if (got != kPageSize) {
        return Status(StatusCode::kCorruption,
                      "page " + std::to_string(id) + " is past the end of " + path_);
    }
    if (!PageChecksumOk(id, out)) {
        return Status(StatusCode::kCorruption, "page " + std::to_string(id) + " of " + path_ +
                                                   " fails its checksum (offset " +
                                                   std::to_string(offset) + ")");
    }
    return Status::Ok();
}

Status Pager::LoadWalPage(PageId id, uint64_t seq, uint64_t offset, uint8_t* out) {
    RETURN_IF_ERROR(wal_->ReadPage(offset, out));
    if (!PageChecksumOk(id, out) || PageLsn(out) != seq) {
        return Status(StatusCode::kCorruption, "page " + std::to_string(id) + " in " +
                                                   wal_->path() + " (frame at offset " +
                                                   std::to_string(offset) + ") fails its checksum");
    }
    return Status::Ok();
}

Result<PageRef> Pager::ReadPage(PageId id, uint64_t snapshot) {
    if (id == kHeaderPage && bulk_.load(std::memory_order_relaxed)) {
        return PageRef(bulk_header_->data(), bulk_header_);
    }
    if (snapshot > written_seq_.load(std::memory_order_acquire)) {
        // Only the writer reads past the log: its base commit may still wait for the leader.
        std::lock_guard<std::mutex> l(pending_mu_);
        auto it = pending_pages_.find(id);
        if (it != pending_pages_.end() && it->second.seq <= snapshot) {
            return PageRef(it->second.buf->data(), it->second.buf);
        }
    }
    std::shared_lock<std::shared_mutex> reset_guard(reset_mu_);
    uint64_t seq = 0;
    uint64_t offset = 0;
    if (wal_->Lookup(id, snapshot, &seq, &offset)) {
        return pool_.Get(id, seq, [&](uint8_t* out) { return LoadWalPage(id, seq, offset, out); });
    }
    return pool_.Get(id, 0, [&](uint8_t* out) { return LoadMainPage(id, out); });
}

Result<std::unique_ptr<ReadTxn>> Pager::BeginRead() {
    std::lock_guard<std::mutex> l(mu_);
    if (bulk_.load(std::memory_order_relaxed)) {
        // Bulk commits overwrite pages in place: there are no snapshots to give out.
        return Status(StatusCode::kInvalidArgument,
                      "database " + path_ + " is being bulk loaded (no readers until it ends)");
    }
    readers_.insert(visible_seq_);
    return std::unique_ptr<ReadTxn>(new ReadTxn(this, visible_seq_, visible_page_count_));
}

void Pager::EndRead(uint64_t seq) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = readers_.find(seq);
    if (it != readers_.end()) readers_.erase(it);
}

Status Pager::AcquireWriter() {
    std::unique_lock<std::mutex> l(mu_);
    writer_cv_.wait(l, [&] { return !writer_active_; });
    if (!sticky_.ok()) {
        writer_cv_.notify_one();  // not taking the slot: pass the single wake-up on
        return sticky_;
    }
    writer_active_ = true;
    return Status::Ok();
}

// Wakes one slot waiter only: waking all of them (7 with 8 writers) to let one win cost more
// CPU per commit on 2 cores than the statement itself (docs/storage.md, session 4).
void Pager::ReleaseWriter() {
    {
        std::lock_guard<std::mutex> l(mu_);
        writer_active_ = false;
    }
    writer_cv_.notify_one();
}

Result<std::unique_ptr<WriteTxn>> Pager::BeginWrite() {
    if (options_.read_only) {
        return Status(StatusCode::kInvalidArgument, "database " + path_ + " is open read-only");
    }
    RETURN_IF_ERROR(AcquireWriter());
    std::lock_guard<std::mutex> l(mu_);
    return std::unique_ptr<WriteTxn>(new WriteTxn(this, appended_seq_, appended_header_));
}

Status Pager::SetSticky(const Status& st) {
    std::lock_guard<std::mutex> l(mu_);
    return SetStickyLocked(st);
}

Status Pager::SetStickyLocked(const Status& st) {
    if (sticky_.ok()) {
        sticky_ = Status(st.code(),
                         st.message() + " (database " + path_ + " refuses writes until reopened)");
    }
    sync_epoch_.fetch_add(1, std::memory_order_release);
    sync_epoch_.notify_all();
    sync_cv_.notify_all();
    append_cv_.notify_all();
    return sticky_;
}

Status Pager::CommitTxn(uint64_t base_seq, const FileHeader& header,
                        std::map<PageId, std::shared_ptr<PageBuf>>& dirty) {
    if (dirty.empty()) {  // nothing changed: nothing to log
        ReleaseWriter();
        commits_.fetch_add(1, std::memory_order_relaxed);
        return Status::Ok();
    }
    {
        // An fsync that failed after this transaction began leaves the WAL's state uncertain.
        std::unique_lock<std::mutex> l(mu_);
        if (!sticky_.ok()) {
            Status sticky = sticky_;
            l.unlock();
            ReleaseWriter();
            return sticky;
        }
    }
    uint64_t seq = base_seq + 1;
    if (bulk_.load(std::memory_order_relaxed)) return CommitBulk(seq, header, dirty);
    // FULL: the pages wait in pending_pages_ for the sync leader, who logs a whole group at
    // once (SyncThrough). NORMAL and OFF make the commit visible now, so it is logged now.
    const bool deferred = options_.sync_mode == SyncMode::kFull;
    if (!deferred) {
        std::vector<std::pair<PageId, const uint8_t*>> pages;
        pages.reserve(dirty.size());
        for (auto& [id, buf] : dirty) {
            SealPage(id, seq, buf->data());
            pages.push_back({id, buf->data()});
        }
        Status st =
            wal_->Append(pages, seq, header.page_count, options_.sync_mode == SyncMode::kOff);
        if (!st.ok()) {
            Status sticky = SetSticky(st);
            ReleaseWriter();
            return sticky;
        }
        wal_bytes_.fetch_add(pages.size() * uint64_t{kFrameSize}, std::memory_order_relaxed);
    }
    DropSuperseded(base_seq, dirty);
    if (!deferred) {
        for (auto& [id, buf] : dirty) pool_.Put(id, seq, std::move(buf));
    }
    bool sync_now = false;
    bool wake_leader = false;
    {
        std::lock_guard<std::mutex> l(mu_);
        if (deferred) {
            std::lock_guard<std::mutex> p(pending_mu_);
            for (auto& [id, buf] : dirty) pending_pages_[id] = PendingPage{seq, std::move(buf)};
        } else {
            written_seq_.store(seq, std::memory_order_release);
        }
        appended_seq_ = seq;
        wake_leader = gather_until_ != 0 && seq >= gather_until_;
        appended_header_ = header;
        ++unsynced_commits_;
        if (options_.sync_mode == SyncMode::kFull) {
            pending_visible_.push_back({seq, header.page_count});
            sync_now = true;
        } else {
            visible_seq_ = seq;
            visible_page_count_ = header.page_count;
            sync_now = options_.sync_mode == SyncMode::kNormal &&
                       (unsynced_commits_ >= options_.normal_sync_commits ||
                        std::chrono::steady_clock::now() - last_sync_ >=
                            std::chrono::milliseconds(options_.normal_sync_interval_ms));
        }
        // Released before the fsync so the next writer can append while this one waits.
        writer_active_ = false;
    }
    writer_cv_.notify_one();
    if (wake_leader) append_cv_.notify_one();
    if (sync_now) RETURN_IF_ERROR(SyncThrough(seq, options_.sync_mode == SyncMode::kFull));
    commits_.fetch_add(1, std::memory_order_relaxed);
    MaybeAutoCheckpoint();
    return Status::Ok();
}

// The images this commit replaces serve only snapshots older than it. When no live reader
// has such a snapshot, drop them from the pool now, while they are still warm from the
// writer's copy: otherwise every commit ends up evicting (and freeing) some cold page, which
// showed as 9% of a single-node commit. Readers that start later and still want an old image
// reload it from the WAL or the main file, so this only changes what stays cached.
void Pager::DropSuperseded(uint64_t base_seq,
                           const std::map<PageId, std::shared_ptr<PageBuf>>& dirty) {
    uint64_t newest_reader = 0;
    bool any_reader = false;
    PageId old_count = 0;
    {
        std::lock_guard<std::mutex> l(mu_);
        any_reader = !readers_.empty();
        if (any_reader) newest_reader = *readers_.rbegin();
        old_count = appended_header_.page_count;
    }
    for (const auto& [id, buf] : dirty) {
        uint64_t old_seq = 0, offset = 0;
        if (!wal_->Lookup(id, base_seq, &old_seq, &offset) && id >= old_count) continue;
        if (any_reader && newest_reader >= old_seq) continue;
        pool_.Erase(id, old_seq);
    }
}

void Pager::RollbackTxn() {
    rollbacks_.fetch_add(1, std::memory_order_relaxed);
    ReleaseWriter();
}

// Group commit: one committer at a time (the leader) logs what FULL commits left pending
// (LogGroup) and runs fsync for everything appended so far; the others wait and find their
// commit durable when it returns. With `gather`, when the previous fsync
// covered several commits the leader first waits (for at most one fsync time, capped at
// kMaxGather) until as many commits are appended again. Without that, committers woken by
// one fsync alternate between a group of one (the first to append) and a group of the rest.
Status Pager::SyncThrough(uint64_t seq, bool gather) {
    constexpr auto kMaxGather = std::chrono::milliseconds(2);
    std::unique_lock<std::mutex> l(mu_);
    while (durable_seq_ < seq) {
        if (!sticky_.ok()) return sticky_;
        if (syncing_ && sync_target_ >= seq) {
            // The running fsync covers this commit: wait for its end without the mutex, so
            // the covered committers wake once each instead of queueing for mu_ in turn.
            uint32_t epoch = sync_epoch_.load(std::memory_order_acquire);
            l.unlock();
            sync_epoch_.wait(epoch, std::memory_order_acquire);
            if (durable_published_.load(std::memory_order_acquire) >= seq) return Status::Ok();
            l.lock();  // the fsync failed: the loop returns the sticky error
            continue;
        }
        if (syncing_) {
            sync_cv_.wait(l);
            continue;
        }
        syncing_ = true;
        // Whoever waits from now until the target is chosen has appended already: covered.
        sync_target_ = UINT64_MAX;
        if (gather && last_group_ > 1) {
            auto deadline = std::chrono::steady_clock::now() +
                            std::min<std::chrono::nanoseconds>(fsync_time_, kMaxGather);
            // The committer whose append reaches gather_until_ wakes this leader (only it).
            gather_until_ = durable_seq_ + last_group_;
            while (appended_seq_ < gather_until_ && sticky_.ok()) {
                if (append_cv_.wait_until(l, deadline) == std::cv_status::timeout) break;
            }
            gather_until_ = 0;
        }
        uint64_t target = appended_seq_;
        last_group_ = target - durable_seq_;
        sync_target_ = target;
        std::vector<std::pair<PageId, std::shared_ptr<PageBuf>>> group;
        {
            std::lock_guard<std::mutex> p(pending_mu_);
            group.reserve(pending_pages_.size());
            for (const auto& [id, pending] : pending_pages_) group.push_back({id, pending.buf});
        }
        PageId group_page_count = appended_header_.page_count;
        l.unlock();
        Status st = group.empty() ? Status::Ok() : LogGroup(target, group_page_count, group);
        auto sync_start = std::chrono::steady_clock::now();
        if (st.ok()) {
            st = wal_->Sync();
            wal_fsyncs_.fetch_add(1, std::memory_order_relaxed);
        }
        auto took = std::chrono::steady_clock::now() - sync_start;
        l.lock();
        fsync_time_ =
            (fsync_time_ * 7 + std::chrono::duration_cast<std::chrono::nanoseconds>(took)) / 8;
        syncing_ = false;
        if (!st.ok()) {
            // Sticky before mu_ is released: no committer may fsync (and succeed) after this
            // failure, as the failed pages need not be on disk.
            return SetStickyLocked(Status(st.code(), "commit failed: " + st.message()));
        }
        durable_seq_ = std::max(durable_seq_, target);
        durable_published_.store(durable_seq_, std::memory_order_release);
        if (target == appended_seq_) unsynced_commits_ = 0;
        last_sync_ = std::chrono::steady_clock::now();
        while (!pending_visible_.empty() && pending_visible_.front().first <= durable_seq_) {
            visible_seq_ = pending_visible_.front().first;
            visible_page_count_ = pending_visible_.front().second;
            pending_visible_.pop_front();
        }
        sync_epoch_.fetch_add(1, std::memory_order_release);
        sync_cv_.notify_all();
        l.unlock();
        sync_epoch_.notify_all();
        l.lock();
    }
    return Status::Ok();
}

// FULL mode: logs the newest image of every page the pending commits through `target`
// changed, as one WAL transaction with sequence `target` (the commits before it in the group
// have no frames of their own: none of them has returned, and no reader can see them before
// target is durable). The frames are sealed copies, as concurrent writers may be reading the
// pending images; the copies also serve later reads from the pool.
Status Pager::LogGroup(uint64_t target, PageId page_count,
                       const std::vector<std::pair<PageId, std::shared_ptr<PageBuf>>>& group) {
    std::vector<std::shared_ptr<PageBuf>> sealed;
    std::vector<std::pair<PageId, const uint8_t*>> pages;
    sealed.reserve(group.size());
    pages.reserve(group.size());
    for (const auto& [id, buf] : group) {
        sealed.push_back(std::make_shared<PageBuf>(*buf));
        SealPage(id, target, sealed.back()->data());
        pages.push_back({id, sealed.back()->data()});
    }
    RETURN_IF_ERROR(wal_->Append(pages, target, page_count, /*assume_ordered=*/false));
    wal_bytes_.fetch_add(pages.size() * uint64_t{kFrameSize}, std::memory_order_relaxed);
    for (size_t i = 0; i < group.size(); ++i) pool_.Put(group[i].first, target, sealed[i]);
    // The log index serves these pages now; a newer commit's pending image stays.
    std::lock_guard<std::mutex> l(pending_mu_);
    for (const auto& [id, buf] : group) {
        auto it = pending_pages_.find(id);
        if (it != pending_pages_.end() && it->second.seq <= target) pending_pages_.erase(it);
    }
    written_seq_.store(target, std::memory_order_release);
    return Status::Ok();
}

void Pager::FlusherLoop() {
    auto interval =
        std::chrono::milliseconds(std::max<uint32_t>(1, options_.normal_sync_interval_ms));
    std::unique_lock<std::mutex> l(mu_);
    while (!stop_) {
        flusher_cv_.wait_for(l, interval, [&] { return stop_; });
        if (stop_ || !sticky_.ok() || durable_seq_ >= appended_seq_) continue;
        uint64_t target = appended_seq_;
        l.unlock();
        SyncThrough(target).IgnoreError();  // a failure is sticky; the next commit reports it
        l.lock();
    }
}

PagerStats Pager::Stats() const {
    PagerStats s;
    s.commits = commits_.load(std::memory_order_relaxed);
    s.rollbacks = rollbacks_.load(std::memory_order_relaxed);
    s.wal_bytes = wal_bytes_.load(std::memory_order_relaxed);
    s.wal_fsyncs = wal_fsyncs_.load(std::memory_order_relaxed);
    s.wal_size_bytes = wal_->size();
    s.cache_hits = pool_.hits();
    s.cache_misses = pool_.misses();
    s.cache_evictions = pool_.evictions();
    s.checkpoints = checkpoints_.load(std::memory_order_relaxed);
    s.checkpoint_micros = checkpoint_micros_.load(std::memory_order_relaxed);
    std::lock_guard<std::mutex> l(mu_);
    s.file_pages = appended_header_.page_count;
    return s;
}

}  // namespace nexus::storage
