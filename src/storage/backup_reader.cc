// The backup lock, BackupWriter, and the cross-process backup: a read-only scan of the WAL
// (docs/format/wal.md) that finds the last complete commit and the newest frame of each page
// at or before it, then a copy of every page of that snapshot (see backup_reader.h).
#include "storage/backup_reader.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <vector>

#include "storage/format.h"

namespace nexus::storage {

Result<std::unique_ptr<io::FileLock>> LockOutBackups(io::Env* env, const std::string& db_path) {
    Result<std::unique_ptr<io::FileLock>> lock =
        env->LockByte(db_path, kBackupLockByte, /*shared=*/false, /*wait=*/false);
    if (lock.ok()) return lock;
    if (lock.status().code() == StatusCode::kBusy) {
        return Status(StatusCode::kBusy, "checkpoint of " + db_path +
                                             " deferred: a backup process is reading it "
                                             "(the WAL keeps growing; retry once it finishes)");
    }
    // No byte-range locks here: a backup cannot take its lock either, so none is reading.
    return std::unique_ptr<io::FileLock>();
}

Result<std::unique_ptr<io::FileLock>> LockForBackup(io::Env* env, const std::string& db_path) {
    return env->LockByte(db_path, kBackupLockByte, /*shared=*/true, /*wait=*/true);
}

Result<std::unique_ptr<BackupWriter>> BackupWriter::Create(io::Env* env, const std::string& dest) {
    if (dest.empty()) {
        return Status(StatusCode::kInvalidArgument, "backup destination must be a file name");
    }
    io::OpenOptions oo;
    oo.create = true;
    ASSIGN_OR_RETURN(std::unique_ptr<io::File> out, env->OpenFile(dest + ".backup-tmp", oo));
    return std::unique_ptr<BackupWriter>(new BackupWriter(env, dest, std::move(out)));
}

BackupWriter::~BackupWriter() {
    if (!out_) return;
    out_.reset();
    env_->DeleteFile(TmpPath()).IgnoreError();
}

Status BackupWriter::CopyPages(PageId page_count, uint64_t seq, const PageSource& source) {
    constexpr PageId kBatch = 32;  // pages per write
    std::vector<uint8_t> buf(size_t{kBatch} * kPageSize);
    RETURN_IF_ERROR(out_->Truncate(0));
    for (PageId first = 0; first < page_count; first += kBatch) {
        PageId n = std::min(kBatch, page_count - first);
        for (PageId i = 0; i < n; ++i) {
            uint8_t* page = buf.data() + size_t{i} * kPageSize;
            RETURN_IF_ERROR(source(first + i, page));
            if (first + i == kHeaderPage) {
                // Its other pages may carry either format's checksum, which version 2 allows.
                SetFileHeaderVersion(page);
                SealPage(kHeaderPage, seq, page);
            }
        }
        RETURN_IF_ERROR(
            out_->WriteAt(uint64_t{first} * kPageSize, buf.data(), size_t{n} * kPageSize));
    }
    return Status::Ok();
}

Status BackupWriter::Install() {
    RETURN_IF_ERROR(out_->Sync());
    out_.reset();
    Status st = Status::Ok();
    if (env_->FileExists(dest_ + "-wal")) st = env_->DeleteFile(dest_ + "-wal");
    if (st.ok()) st = env_->RenameFile(TmpPath(), dest_);
    if (!st.ok()) {
        env_->DeleteFile(TmpPath()).IgnoreError();
        return st;
    }
    return env_->SyncDir(io::DirName(dest_));
}

namespace {

constexpr size_t kScanFrames = 64;  // frames read per I/O while scanning

std::string At(uint64_t offset) {
    return "offset " + std::to_string(offset);
}

// The WAL as one backup sees it: the committed frames of its generation, up to the last
// complete commit found when the scan ran.
class WalSnapshot {
  public:
    // No WAL file, or one too short to hold a frame, is an empty snapshot at `main_lsn`.
    Status Scan(io::Env* env, const std::string& path, uint64_t main_lsn);
    // The newest committed frame of `id`, if any, read and checked again: a frame that no
    // longer matches what the scan saw means the file changed under the backup.
    bool Has(PageId id) const { return latest_.count(id) != 0; }
    Status ReadPage(PageId id, uint8_t* out) const;

    uint64_t last_seq() const { return last_seq_; }
    uint32_t db_size() const { return db_size_; }  // 0: no commit in the WAL
    uint64_t commits() const { return commits_; }

  private:
    struct Frame {
        uint64_t seq;
        uint64_t offset;
    };
    Status ScanFrames(uint64_t size);
    // After a bad frame at `bad`: kCorruption when a later frame validates, unless the bad
    // frame validates now (it was being written). Sets *resume when it does.
    Status CheckBadFrame(uint64_t bad, uint64_t size, bool* resume);

    std::string path_;
    std::unique_ptr<io::File> file_;
    WalHeader header_;
    uint64_t last_seq_ = 0;
    uint32_t db_size_ = 0;
    uint64_t commits_ = 0;
    std::vector<std::pair<PageId, Frame>> pending_;  // frames of a transaction not yet committed
    std::unordered_map<PageId, Frame> latest_;
};

Status WalSnapshot::Scan(io::Env* env, const std::string& path, uint64_t main_lsn) {
    path_ = path;
    last_seq_ = main_lsn;
    if (!env->FileExists(path)) return Status::Ok();
    io::OpenOptions ro;
    ro.read_only = true;
    ASSIGN_OR_RETURN(file_, env->OpenFile(path, ro));
    // Frames appended after this are past the snapshot.
    ASSIGN_OR_RETURN(uint64_t size, file_->Size());
    if (size < kWalHeaderSize) return Status::Ok();
    uint8_t raw[kWalHeaderSize];
    RETURN_IF_ERROR(io::ReadExact(file_.get(), 0, raw, kWalHeaderSize));
    // The header only changes in a checkpoint, which the backup lock keeps out.
    if (!DecodeWalHeader(raw, &header_) && !DecodeWalHeader(raw + kWalHeaderCopySize, &header_)) {
        if (size <= kWalHeaderSize) return Status::Ok();
        return Status(StatusCode::kCorruption,
                      "WAL " + path + ": both header copies (offset 0 and " +
                          std::to_string(kWalHeaderCopySize) + ") fail their checksum");
    }
    last_seq_ = header_.base_seq;
    return ScanFrames(size);
}

Status WalSnapshot::ScanFrames(uint64_t size) {
    std::vector<uint8_t> buf(kScanFrames * kFrameSize);
    uint64_t offset = kWalHeaderSize;
    while (offset + kFrameSize <= size) {
        size_t frames = std::min<uint64_t>(kScanFrames, (size - offset) / kFrameSize);
        RETURN_IF_ERROR(io::ReadExact(file_.get(), offset, buf.data(), frames * kFrameSize));
        for (size_t i = 0; i < frames; ++i, offset += kFrameSize) {
            FrameHeader h;
            if (!DecodeFrame(buf.data() + i * kFrameSize, header_.generation, &h)) {
                bool resume = false;
                RETURN_IF_ERROR(CheckBadFrame(offset, size, &resume));
                if (!resume) return Status::Ok();  // a torn or unwritten tail: not committed yet
                break;                             // re-read from this frame, now complete
            }
            uint64_t txn_seq = pending_.empty() ? h.seq : pending_.front().second.seq;
            if (h.seq <= last_seq_ || h.seq != txn_seq) {
                return Status(StatusCode::kCorruption,
                              "WAL " + path_ + ": frame at " + At(offset) + " is out of sequence");
            }
            pending_.push_back({h.page, Frame{h.seq, offset}});
            if (h.flags & kFrameCommit) {
                for (const auto& [page, frame] : pending_) latest_[page] = frame;
                pending_.clear();
                last_seq_ = h.seq;
                db_size_ = h.db_size;
                ++commits_;
            }
        }
    }
    return Status::Ok();
}

// Stricter than recovery (which trusts a later frame only when it says the bad one was already
// durable): the owner is alive, so a bad frame with valid frames after it is damage, or a power
// cut the owner has not recovered from yet; either way a silently shorter copy would be wrong.
Status WalSnapshot::CheckBadFrame(uint64_t bad, uint64_t size, bool* resume) {
    // Restarts do not shorten the file: after a long deferral the stale tail can be large.
    std::vector<uint8_t> buf(kScanFrames * kFrameSize);
    for (uint64_t off = bad + kFrameSize; off + kFrameSize <= size;) {
        size_t frames = std::min<uint64_t>(kScanFrames, (size - off) / kFrameSize);
        RETURN_IF_ERROR(io::ReadExact(file_.get(), off, buf.data(), frames * kFrameSize));
        for (size_t i = 0; i < frames; ++i, off += kFrameSize) {
            FrameHeader h;
            if (!DecodeFrame(buf.data() + i * kFrameSize, header_.generation, &h) ||
                h.seq <= last_seq_) {
                continue;
            }
            // A frame is written in one call, in order: once a later one is complete, a bad
            // frame that was merely in flight when first read is complete too.
            std::vector<uint8_t> frame(kFrameSize);
            RETURN_IF_ERROR(io::ReadExact(file_.get(), bad, frame.data(), kFrameSize));
            if (DecodeFrame(frame.data(), header_.generation, &h)) {
                *resume = true;
                return Status::Ok();
            }
            return Status(StatusCode::kCorruption,
                          "WAL " + path_ + ": frame at " + At(bad) +
                              " fails its checksum but a valid frame follows at " + At(off) +
                              " (if the machine lost power since the database was last open, "
                              "open it once to recover, then back it up)");
        }
    }
    return Status::Ok();
}

Status WalSnapshot::ReadPage(PageId id, uint8_t* out) const {
    const Frame& f = latest_.at(id);
    std::vector<uint8_t> frame(kFrameSize);
    RETURN_IF_ERROR(io::ReadExact(file_.get(), f.offset, frame.data(), kFrameSize));
    FrameHeader h;
    if (!DecodeFrame(frame.data(), header_.generation, &h) || h.page != id || h.seq != f.seq) {
        // Only a restart of the owner (its recovery truncates an uncommitted tail) or damage
        // rewrites a committed frame while the backup lock is held.
        return Status(StatusCode::kCorruption, "WAL " + path_ + ": frame at " + At(f.offset) +
                                                   " (page " + std::to_string(id) +
                                                   ") changed while the backup read it");
    }
    std::copy(frame.begin() + kFrameHeaderSize, frame.end(), out);
    if (!PageChecksumOk(id, out) || PageLsn(out) != f.seq) {
        return Status(StatusCode::kCorruption, "page " + std::to_string(id) + " in " + path_ +
                                                   " (frame at " + At(f.offset) +
                                                   ") fails its checksum");
    }
    return Status::Ok();
}

Status ReadMainPage(io::File* main, PageId id, uint8_t* out) {
    uint64_t offset = uint64_t{id} * kPageSize;
    ASSIGN_OR_RETURN(size_t got, main->ReadAt(offset, out, kPageSize));
    if (got != kPageSize) {
        return Status(StatusCode::kCorruption,
                      "page " + std::to_string(id) + " is past the end of " + main->path());
    }
    if (!PageChecksumOk(id, out)) {
        return Status(StatusCode::kCorruption, "page " + std::to_string(id) + " of " +
                                                   main->path() + " fails its checksum (" +
                                                   At(offset) + ")");
    }
    return Status::Ok();
}

bool SameFile(const std::string& a, const std::string& b) {
    std::error_code ec;
    return std::filesystem::equivalent(a, b, ec) && !ec;
}

}  // namespace

Result<BackupResult> DescribeBackupFile(io::Env* env, const std::string& path) {
    io::OpenOptions ro;
    ro.read_only = true;
    ASSIGN_OR_RETURN(std::unique_ptr<io::File> file, env->OpenFile(path, ro));
    std::vector<uint8_t> page(kPageSize);
    RETURN_IF_ERROR(ReadMainPage(file.get(), kHeaderPage, page.data()));
    FileHeader header;
    RETURN_IF_ERROR(DecodeFileHeader(page.data(), path, &header));
    BackupResult result;
    result.pages = header.page_count;
    result.bytes = uint64_t{header.page_count} * kPageSize;
    result.snapshot_seq = PageLsn(page.data());
    return result;
}

Result<BackupResult> BackupFromFiles(io::Env* env, const std::string& db_path,
                                     const std::string& dest) {
    const std::string wal_path = db_path + "-wal";
    if (dest.empty() || dest == db_path || SameFile(db_path, dest) || SameFile(wal_path, dest)) {
        return Status(StatusCode::kInvalidArgument, "backup destination must be another file");
    }
    io::OpenOptions ro;
    ro.read_only = true;
    ASSIGN_OR_RETURN(std::unique_ptr<io::File> main, env->OpenFile(db_path, ro));
    ASSIGN_OR_RETURN(std::unique_ptr<io::FileLock> lock, LockForBackup(env, db_path));
    std::vector<uint8_t> header_page(kPageSize);
    Status main_header = ReadMainPage(main.get(), kHeaderPage, header_page.data());
    // A checkpoint torn by a crash may leave page 0 damaged while the WAL holds a newer image.
    if (!main_header.ok() && main_header.code() != StatusCode::kCorruption) return main_header;
    WalSnapshot wal;
    RETURN_IF_ERROR(wal.Scan(env, wal_path, main_header.ok() ? PageLsn(header_page.data()) : 0));
    if (wal.Has(kHeaderPage)) {
        RETURN_IF_ERROR(wal.ReadPage(kHeaderPage, header_page.data()));
    } else if (!main_header.ok()) {
        return main_header;
    }
    FileHeader header;
    RETURN_IF_ERROR(DecodeFileHeader(header_page.data(), db_path, &header));
    if (wal.db_size() != 0 && wal.db_size() != header.page_count) {
        return Status(StatusCode::kCorruption, db_path + ": page count " +
                                                   std::to_string(header.page_count) +
                                                   " disagrees with the last WAL commit (" +
                                                   std::to_string(wal.db_size()) + ")");
    }
    BackupResult result;
    result.pages = header.page_count;
    result.bytes = uint64_t{header.page_count} * kPageSize;
    result.snapshot_seq = wal.last_seq();
    result.wal_commits = wal.commits();
    ASSIGN_OR_RETURN(std::unique_ptr<BackupWriter> writer, BackupWriter::Create(env, dest));
    RETURN_IF_ERROR(
        writer->CopyPages(header.page_count, wal.last_seq(), [&](PageId id, uint8_t* out) {
            if (!wal.Has(id)) return ReadMainPage(main.get(), id, out);
            ++result.wal_pages;
            return wal.ReadPage(id, out);
        }));
    lock.reset();  // every page is read: the owner may checkpoint again
    RETURN_IF_ERROR(writer->Install());
    return result;
}

}  // namespace nexus::storage
