// WAL append, recovery scan and index (see wal.h and docs/format/wal.md).
#include "storage/wal.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <random>

namespace nexus::storage {

namespace {

constexpr size_t kScanFrames = 64;  // frames read per I/O during recovery

uint64_t NewGeneration(uint64_t previous) {
    std::random_device rd;
    uint64_t r = (uint64_t{rd()} << 32) ^ rd() ^
                 static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    return r == previous ? r + 1 : r;
}

std::string Offset(uint64_t offset) {
    return "offset " + std::to_string(offset);
}

}  // namespace

Result<std::unique_ptr<Wal>> Wal::Open(io::Env* env, const std::string& path, bool read_only,
                                       uint64_t base_seq) {
    if (!env->FileExists(path) && read_only) {
        auto wal = std::unique_ptr<Wal>(new Wal(nullptr, path));
        wal->header_.base_seq = wal->recovered_seq_ = base_seq;
        return wal;
    }
    io::OpenOptions options;
    options.create = !read_only;
    options.read_only = read_only;
    ASSIGN_OR_RETURN(auto file, env->OpenFile(path, options));
    auto wal = std::unique_ptr<Wal>(new Wal(std::move(file), path));
    ASSIGN_OR_RETURN(uint64_t size, wal->file_->Size());
    uint8_t raw[kWalHeaderSize] = {};
    if (size >= kWalHeaderSize) {
        RETURN_IF_ERROR(io::ReadExact(wal->file_.get(), 0, raw, kWalHeaderSize));
        // Copy A is written first, so when it is intact it is the newer one.
        if (DecodeWalHeader(raw, &wal->header_) ||
            DecodeWalHeader(raw + kWalHeaderCopySize, &wal->header_)) {
            RETURN_IF_ERROR(wal->Recover(size, read_only));
            return wal;
        }
    }
    uint32_t version = 0;
    if (size >= kWalHeaderSize &&
        (WalHeaderVersionUnsupported(raw, &version) ||
         WalHeaderVersionUnsupported(raw + kWalHeaderCopySize, &version))) {
        // Never reset a newer build's log: it may hold commits that are not in the main file.
        return Status(StatusCode::kCorruption,
                      "WAL " + path + " has format version " + std::to_string(version) +
                          "; this build reads versions " +
                          std::to_string(kWalOldestReadableVersion) + " to " +
                          std::to_string(kWalFormatVersion) + " (open it with a newer Nexus)");
    }
    if (size > kWalHeaderSize) {
        return Status(StatusCode::kCorruption,
                      "WAL " + path + ": both header copies (offset 0 and " +
                          std::to_string(kWalHeaderCopySize) + ") fail their checksum");
    }
    // Headers are synced before any frame is written, so a log this short holds no frame.
    wal->header_.base_seq = wal->recovered_seq_ = base_seq;
    wal->file_end_ = std::max<uint64_t>(size, kWalHeaderSize);
    if (!read_only) RETURN_IF_ERROR(wal->WriteHeader(base_seq, true));
    return wal;
}

Status Wal::WriteHeader(uint64_t base_seq, bool sync) {
    header_.generation = NewGeneration(header_.generation);
    header_.base_seq = base_seq;
    header_.version = kWalFormatVersion;  // an older log is upgraded at its restart
    uint8_t raw[kWalHeaderCopySize];
    EncodeWalHeader(header_, raw);
    for (uint32_t copy = 0; copy < 2; ++copy) {
        RETURN_IF_ERROR(file_->WriteAt(copy * kWalHeaderCopySize, raw, kWalHeaderCopySize));
        if (sync) RETURN_IF_ERROR(file_->Sync());
    }
    end_.store(kWalHeaderSize, std::memory_order_release);
    synced_end_.store(kWalHeaderSize, std::memory_order_release);
    return Status::Ok();
}

Status Wal::Recover(uint64_t file_size, bool read_only) {
    uint64_t last_seq = header_.base_seq;
    uint32_t db_size = 0;
    uint64_t valid_end = kWalHeaderSize;
    uint64_t bad_at = 0;  // 0: the scan ended at a clean frame boundary
    std::vector<std::pair<PageId, Entry>> pending;
    std::vector<uint8_t> buf(kScanFrames * kFrameSize);
    uint64_t offset = kWalHeaderSize;
    while (bad_at == 0 && offset + kFrameSize <= file_size) {
        size_t frames = std::min<uint64_t>(kScanFrames, (file_size - offset) / kFrameSize);
        RETURN_IF_ERROR(io::ReadExact(file_.get(), offset, buf.data(), frames * kFrameSize));
        for (size_t i = 0; i < frames; ++i, offset += kFrameSize) {
            FrameHeader h;
            if (!DecodeFrame(buf.data() + i * kFrameSize, header_.generation, &h)) {
                bad_at = offset;
                break;
            }
            uint64_t txn_seq = pending.empty() ? h.seq : pending.front().second.seq;
            if (h.seq <= last_seq || h.seq != txn_seq) {
                return Status(StatusCode::kCorruption, "WAL " + path_ + ": frame at " +
                                                           Offset(offset) + " is out of sequence");
            }
            pending.push_back({h.page, Entry{h.seq, offset}});
            if (h.flags & kFrameCommit) {
                for (auto& [page, entry] : pending) index_[page].push_back(entry);
                pending.clear();
                last_seq = h.seq;
                db_size = h.db_size;
                valid_end = offset + kFrameSize;
            }
        }
    }
    if (bad_at != 0) RETURN_IF_ERROR(CheckNoValidFrameAfter(bad_at, file_size, last_seq));
    recovered_seq_ = last_seq;
    recovered_db_size_ = db_size;
    end_.store(valid_end, std::memory_order_release);
    synced_end_.store(valid_end, std::memory_order_release);  // synced below, or already on disk
    file_end_ = file_size;
    if (!read_only && file_size > valid_end) {
        // Drop the torn or uncommitted tail now, so it can never be mistaken for a frame later
        // (it has this generation's salt; a zero-filled tail goes too, it is cheap to redo).
        RETURN_IF_ERROR(file_->Truncate(valid_end));
        RETURN_IF_ERROR(file_->Sync());
        file_end_ = valid_end;
    }
    return Status::Ok();
}

// A crash only damages frames that were not yet durable. A later valid frame of this generation
// written when the bad frame was already durable proves that synced bytes changed: report it
// instead of silently dropping commits. (Frames written after the bad one but before it was
// synced may survive a power cut that lost it, as write-back order is not guaranteed.)
Status Wal::CheckNoValidFrameAfter(uint64_t bad_offset, uint64_t file_size, uint64_t last_seq) {
    uint64_t bad_index = (bad_offset - kWalHeaderSize) / kFrameSize;
    std::vector<uint8_t> frame(kFrameSize);
    for (uint64_t off = bad_offset + kFrameSize; off + kFrameSize <= file_size; off += kFrameSize) {
        RETURN_IF_ERROR(io::ReadExact(file_.get(), off, frame.data(), kFrameSize));
        FrameHeader h;
        if (DecodeFrame(frame.data(), header_.generation, &h) && h.seq > last_seq &&
            h.durable_frames > bad_index) {
            return Status(StatusCode::kCorruption,
                          "WAL " + path_ + ": frame at " + Offset(bad_offset) +
                              " fails its checksum but a valid frame follows at " + Offset(off));
        }
    }
    return Status::Ok();
}

Status Wal::Append(const std::vector<std::pair<PageId, const uint8_t*>>& pages, uint64_t seq,
                   uint32_t db_size, bool assume_ordered) {
    if (!file_) return Status(StatusCode::kInvalidArgument, "WAL " + path_ + " is read-only");
    constexpr size_t kBatch = 128;  // frames per write
    // Reused across commits: allocating and zeroing it each time showed in the profile.
    std::vector<uint8_t>& buf = frame_buf_;
    if (buf.size() < std::min(pages.size(), kBatch) * kFrameSize) {
        buf.resize(std::min(pages.size(), kBatch) * kFrameSize);
    }
    uint64_t start = end_.load(std::memory_order_acquire);
    RETURN_IF_ERROR(GrowFor(start + pages.size() * uint64_t{kFrameSize}));
    uint64_t offset = start;
    uint64_t synced = synced_end_.load(std::memory_order_acquire);
    for (size_t i = 0; i < pages.size(); i += kBatch) {
        size_t n = std::min(kBatch, pages.size() - i);
        for (size_t j = 0; j < n; ++j) {
            uint8_t* frame = buf.data() + j * kFrameSize;
            const auto& [id, data] = pages[i + j];
            uint64_t at = offset + j * kFrameSize;
            FrameHeader h{id, 0, seq, 0};
            h.durable_frames = static_cast<uint32_t>(
                ((assume_ordered ? at : synced) - kWalHeaderSize) / kFrameSize);
            if (i + j + 1 == pages.size()) {
                h.flags = kFrameCommit;
                h.db_size = db_size;
            }
            std::memcpy(frame + kFrameHeaderSize, data, kPageSize);
            EncodeFrameHeader(h, frame + kFrameHeaderSize, header_.generation, frame,
                              header_.version);
        }
        RETURN_IF_ERROR(file_->WriteAt(offset, buf.data(), n * kFrameSize));
        offset += n * kFrameSize;
    }
    {
        std::unique_lock<std::shared_mutex> l(index_mu_);
        uint64_t at = start;
        for (const auto& [id, data] : pages) {
            index_[id].push_back(Entry{seq, at});
            at += kFrameSize;
        }
    }
    end_.store(offset, std::memory_order_release);
    return Status::Ok();
}

// Before an append that ends at `end` past the written part of the file: zero-fills
// [end, end + step) (the append itself writes up to `end`). The zeros become durable with
// the fsync of the commit that needed them; the following appends overwrite written blocks.
Status Wal::GrowFor(uint64_t end) {
    if (end <= file_end_) return Status::Ok();
    if (grow_step_ == 0) {
        file_end_ = end;
        return Status::Ok();
    }
    static const std::vector<uint8_t> zeros(size_t{1} << 20);
    uint64_t target = end + grow_step_;
    for (uint64_t at = end; at < target;) {
        uint64_t n = std::min<uint64_t>(zeros.size(), target - at);
        RETURN_IF_ERROR(file_->WriteAt(at, zeros.data(), n));
        at += n;
    }
    file_end_ = target;
    return Status::Ok();
}

Status Wal::Sync() {
    if (!file_) return Status::Ok();
    uint64_t generation = resets_.load(std::memory_order_acquire);
    uint64_t end = end_.load(std::memory_order_acquire);  // appends after this may be unsynced
    RETURN_IF_ERROR(file_->Sync());
    // A restart during (odd count) or since the read made `end` meaningless now.
    if (generation % 2 != 0 || resets_.load(std::memory_order_acquire) != generation) {
        return Status::Ok();
    }
    uint64_t prev = synced_end_.load(std::memory_order_acquire);
    while (prev < end && !synced_end_.compare_exchange_weak(prev, end)) {
    }
    return Status::Ok();
}

Status Wal::Reset(uint64_t base_seq, bool sync) {
    std::unique_lock<std::shared_mutex> l(index_mu_);
    index_.clear();
    resets_.fetch_add(1, std::memory_order_acq_rel);  // odd while restarting
    Status st = WriteHeader(base_seq, sync);
    resets_.fetch_add(1, std::memory_order_acq_rel);
    return st;
}

Status Wal::ShrinkToHeader(bool sync) {
    if (!empty()) return Status::Ok();
    RETURN_IF_ERROR(file_->Truncate(kWalHeaderSize));
    file_end_ = kWalHeaderSize;
    return sync ? file_->Sync() : Status::Ok();
}

bool Wal::Lookup(PageId id, uint64_t snapshot, uint64_t* seq, uint64_t* offset) const {
    std::shared_lock<std::shared_mutex> l(index_mu_);
    auto it = index_.find(id);
    if (it == index_.end()) return false;
    const auto& entries = it->second;
    auto pos = std::upper_bound(entries.begin(), entries.end(), snapshot,
                                [](uint64_t s, const Entry& e) { return s < e.seq; });
    if (pos == entries.begin()) return false;
    --pos;
    *seq = pos->seq;
    *offset = pos->offset;
    return true;
}

Status Wal::ReadPage(uint64_t offset, uint8_t* out) const {
    return io::ReadExact(file_.get(), offset + kFrameHeaderSize, out, kPageSize);
}

std::vector<std::pair<PageId, uint64_t>> Wal::CheckpointList(uint64_t after, uint64_t upto) const {
    std::vector<std::pair<PageId, uint64_t>> out;
    std::shared_lock<std::shared_mutex> l(index_mu_);
    for (const auto& [id, entries] : index_) {
        auto pos = std::upper_bound(entries.begin(), entries.end(), upto,
                                    [](uint64_t s, const Entry& e) { return s < e.seq; });
        if (pos == entries.begin()) continue;
        --pos;
        if (pos->seq > after) out.push_back({id, pos->offset});
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace nexus::storage
