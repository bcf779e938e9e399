// Bulk mode of the pager (PagerOptions::bulk_load): commits to a database this open created
// go straight into the main file, in runs of consecutive pages, with no WAL copy and no
// checkpoint copy; FinishBulk syncs them and only then writes page 0, so a crash before it
// leaves a file Open refuses (blank page 0), never a half-loaded one that opens.
#include "storage/pager.h"

namespace nexus::storage {

namespace {
constexpr size_t kBulkRunPages = 32;  // 256 KiB per pwrite: few syscalls, staging stays cached
}  // namespace

// Seals every page and writes all but page 0 (kept in memory until FinishBulk). Consecutive
// pages are staged into one buffer and written together.
Status Pager::WriteBulkPages(uint64_t seq, std::map<PageId, std::shared_ptr<PageBuf>>& dirty) {
    bulk_run_.resize(kBulkRunPages * kPageSize);
    PageId run_start = 0;
    size_t run_pages = 0;
    auto flush = [&]() -> Status {
        if (run_pages == 0) return Status::Ok();
        Status st = main_->WriteAt(uint64_t{run_start} * kPageSize, bulk_run_.data(),
                                   run_pages * kPageSize);
        run_pages = 0;
        return st;
    };
    for (auto& [id, buf] : dirty) {
        SealPage(id, seq, buf->data());
        if (id == kHeaderPage) continue;
        if (run_pages == kBulkRunPages || (run_pages != 0 && id != run_start + run_pages)) {
            RETURN_IF_ERROR(flush());
        }
        if (run_pages == 0) run_start = id;
        std::memcpy(bulk_run_.data() + run_pages * kPageSize, buf->data(), kPageSize);
        ++run_pages;
    }
    return flush();
}

Status Pager::CommitBulk(uint64_t seq, const FileHeader& header,
                         std::map<PageId, std::shared_ptr<PageBuf>>& dirty) {
    Status st = WriteBulkPages(seq, dirty);
    if (!st.ok()) {
        Status sticky = SetSticky(Status(st.code(), "bulk load: " + st.message()));
        ReleaseWriter();
        return sticky;
    }
    for (auto& [id, buf] : dirty) {
        if (id == kHeaderPage) {
            bulk_header_ = std::move(buf);
            continue;
        }
        // The file now holds this image: replace the cached main-file one (Put keeps an
        // existing entry).
        pool_.Erase(id, 0);
        pool_.Put(id, 0, std::move(buf));
    }
    {
        std::lock_guard<std::mutex> l(mu_);
        appended_seq_ = visible_seq_ = durable_seq_ = seq;
        appended_header_ = header;
        visible_page_count_ = header.page_count;
        durable_published_.store(seq, std::memory_order_release);
        written_seq_.store(seq, std::memory_order_release);
        writer_active_ = false;
    }
    writer_cv_.notify_one();
    commits_.fetch_add(1, std::memory_order_relaxed);
    return Status::Ok();
}

// Page 0 goes last and only after the rest is durable (unless OFF, which never syncs), so it
// never names pages the disk may not have. The WAL restarts at the final sequence, as after
// a checkpoint, and the pager carries on in its normal mode.
Status Pager::FinishBulk() {
    RETURN_IF_ERROR(AcquireWriter());
    const bool sync = options_.sync_mode != SyncMode::kOff;
    uint64_t seq;
    FileHeader header;
    {
        std::lock_guard<std::mutex> l(mu_);
        seq = appended_seq_;
        header = appended_header_;
    }
    PageBuf page{};
    EncodeFileHeader(header, page.data());
    SealPage(kHeaderPage, seq, page.data());
    Status st = sync ? main_->Sync() : Status::Ok();
    if (st.ok()) st = main_->WriteAt(0, page.data(), kPageSize);
    if (st.ok() && sync) st = main_->Sync();
    if (st.ok() && sync) st = env_->SyncDir(io::DirName(path_));
    if (st.ok()) {
        std::unique_lock<std::shared_mutex> guard(reset_mu_);
        st = wal_->Reset(seq, sync);
    }
    if (st.ok()) {
        std::lock_guard<std::mutex> l(mu_);
        ckpt_seq_ = seq;
        bulk_.store(false);
        bulk_header_.reset();
        std::vector<uint8_t>().swap(bulk_run_);
    } else {
        st = SetSticky(Status(st.code(), "finishing bulk load: " + st.message()));
    }
    ReleaseWriter();
    if (st.ok()) checkpoints_.fetch_add(1, std::memory_order_relaxed);
    return st;
}

}  // namespace nexus::storage
