// Checkpoints: copy committed WAL frames back into the main file and restart the WAL.
// Safety rule: a frame is copied only when its sequence is <= every live reader's snapshot,
// because a reader whose snapshot predates the frame reads the main-file image of that page.
// The WAL restarts only when everything is copied and no reader could still use a frame.
// The bulk copy runs while writers keep committing; only the final catch-up and the restart
// hold the writer slot.
#include <algorithm>
#include <chrono>

#include "storage/backup_reader.h"
#include "storage/pager.h"

namespace nexus::storage {

Status Pager::Checkpoint() {
    if (options_.read_only) return Status::Ok();
    std::lock_guard<std::mutex> one_checkpointer(ckpt_mu_);
    if (bulk_.load()) return FinishBulk();
    return CheckpointLocked();
}

void Pager::MaybeAutoCheckpoint() {
    if (wal_->size() < options_.wal_checkpoint_bytes) return;
    std::unique_lock<std::mutex> one_checkpointer(ckpt_mu_, std::try_to_lock);
    if (!one_checkpointer.owns_lock()) return;  // another committer is already on it
    {
        std::lock_guard<std::mutex> l(mu_);
        uint64_t upto = appended_seq_;
        if (!readers_.empty()) upto = std::min(upto, *readers_.begin());
        bool can_copy = upto > ckpt_seq_;
        bool can_reset = ckpt_seq_ == appended_seq_ && upto == appended_seq_;
        // Readers pin an old snapshot: the WAL keeps growing until they end.
        if (!can_copy && !can_reset) return;
    }
    CheckpointLocked().IgnoreError();  // the commit already succeeded; a failure is sticky
}

Status Pager::CheckpointLocked() {
    auto start = std::chrono::steady_clock::now();
    {
        std::lock_guard<std::mutex> l(mu_);
        if (!sticky_.ok()) return sticky_;
    }
    // A backup process reads the main file and the WAL as they are: a checkpoint would change
    // both under it. An automatic checkpoint is retried by a later commit.
    ASSIGN_OR_RETURN(std::unique_ptr<io::FileLock> no_backup, LockOutBackups(env_, path_));
    bool copied = false;
    RETURN_IF_ERROR(CopyFrames(&copied));
    RETURN_IF_ERROR(AcquireWriter());
    // With appends stopped, copy what arrived during the bulk copy so the WAL can restart.
    Status st = CopyFrames(&copied);
    bool reset = false;
    if (st.ok()) {
        std::lock_guard<std::mutex> l(mu_);
        uint64_t oldest = readers_.empty() ? appended_seq_ : *readers_.begin();
        reset = ckpt_seq_ == appended_seq_ && oldest >= appended_seq_ && !wal_->empty();
    }
    if (reset) {
        std::unique_lock<std::shared_mutex> guard(reset_mu_);
        st = wal_->Reset(appended_seq_, options_.sync_mode != SyncMode::kOff);
        if (!st.ok()) st = SetSticky(Status(st.code(), "checkpoint: " + st.message()));
    }
    ReleaseWriter();
    if (st.ok() && (copied || reset)) {
        checkpoints_.fetch_add(1, std::memory_order_relaxed);
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - start);
        checkpoint_micros_.fetch_add(static_cast<uint64_t>(micros.count()),
                                     std::memory_order_relaxed);
    }
    return st;
}

Status Pager::CopyFrames(bool* copied) {
    bool do_sync = options_.sync_mode != SyncMode::kOff;
    uint64_t appended;
    {
        std::lock_guard<std::mutex> l(mu_);
        appended = appended_seq_;
    }
    // Only durable frames may reach the main file, or a crash could leave pages there from a
    // transaction the WAL no longer has.
    if (do_sync) RETURN_IF_ERROR(SyncThrough(appended));
    uint64_t upto;
    uint64_t after;
    {
        std::lock_guard<std::mutex> l(mu_);
        upto = appended;
        if (!readers_.empty()) upto = std::min(upto, *readers_.begin());
        after = ckpt_seq_;
    }
    if (upto <= after) return Status::Ok();
    auto pages = wal_->CheckpointList(after, upto);
    PageBuf buf;
    for (const auto& [id, offset] : pages) {
        Status st = wal_->ReadPage(offset, buf.data());
        if (st.ok() && !PageChecksumOk(id, buf.data())) {
            st = Status(StatusCode::kCorruption,
                        "page " + std::to_string(id) + " in " + wal_->path() +
                            " (frame at offset " + std::to_string(offset) + ") fails its checksum");
        }
        if (st.ok()) st = main_->WriteAt(uint64_t{id} * kPageSize, buf.data(), kPageSize);
        if (!st.ok()) return SetSticky(Status(st.code(), "checkpoint: " + st.message()));
    }
    if (do_sync) {
        Status st = main_->Sync();
        if (!st.ok()) return SetSticky(Status(st.code(), "checkpoint: " + st.message()));
    }
    // Cached main-file images of these pages are stale now. No reader can be loading one:
    // every live snapshot is >= upto, so it resolves these pages to their WAL frames.
    for (const auto& [id, offset] : pages) pool_.Erase(id, 0);
    std::lock_guard<std::mutex> l(mu_);
    ckpt_seq_ = upto;
    *copied = true;
    return Status::Ok();
}

}  // namespace nexus::storage
