// Backups of a database file: BackupWriter builds the copy ("<dest>.backup-tmp", fsync,
// rename), BackupFromFiles reads one committed snapshot from the main file and the WAL without
// the owner's help (another process may be writing), and the backup lock keeps the owner's
// checkpoints from changing those files meanwhile. Design: docs/storage.md ("Backup lock").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "io/env.h"
#include "storage/page_store.h"

namespace nexus::storage {

// The byte of the database file that a backup process holds shared while it reads and a
// checkpoint takes exclusive. It lies far past any page (page ids are 32-bit), so no I/O
// touches it, and it is an open-file-description lock, so it is independent of the whole-file
// flock a Pager holds and of any other descriptor of the file being closed.
constexpr uint64_t kBackupLockByte = uint64_t{1} << 62;

// Taken by a checkpoint for its whole run. kBusy, naming the file, while a backup process
// reads. A file system without byte-range locks gives a null lock (no backup can hold one
// there either, so there is nothing to exclude).
Result<std::unique_ptr<io::FileLock>> LockOutBackups(io::Env* env, const std::string& db_path);
// Taken by a backup for as long as it reads; waits for a running checkpoint to finish.
Result<std::unique_ptr<io::FileLock>> LockForBackup(io::Env* env, const std::string& db_path);

// Reads page `id` of the snapshot being copied into `out` (kPageSize bytes, checksummed).
using PageSource = std::function<Status(PageId id, uint8_t* out)>;

// Writes a backup into "<dest>.backup-tmp" and installs it over `dest` whole: a reader of
// `dest` sees either the old file or the complete new one. Destroying it before Install()
// removes the temporary file. One thread at a time.
class BackupWriter {
  public:
    static Result<std::unique_ptr<BackupWriter>> Create(io::Env* env, const std::string& dest);
    ~BackupWriter();
    BackupWriter(const BackupWriter&) = delete;
    BackupWriter& operator=(const BackupWriter&) = delete;

    // Copies pages [0, page_count) from `source`. Page 0 is resealed at `seq`, the snapshot's
    // commit: a database opened on the copy starts its fresh WAL after it.
    Status CopyPages(PageId page_count, uint64_t seq, const PageSource& source);
    // fsyncs the copy, removes a stale "<dest>-wal" (it would be replayed onto the copy),
    // renames the copy over `dest` and syncs the directory.
    Status Install();

  private:
    BackupWriter(io::Env* env, std::string dest, std::unique_ptr<io::File> out)
        : env_(env), dest_(std::move(dest)), out_(std::move(out)) {}
    std::string TmpPath() const { return dest_ + ".backup-tmp"; }

    io::Env* env_;
    std::string dest_;
    std::unique_ptr<io::File> out_;  // null once installed
};

struct BackupResult {
    uint64_t pages = 0;         // pages in the copy (the snapshot's page count)
    uint64_t bytes = 0;         // size of the copy
    uint64_t snapshot_seq = 0;  // the commit the copy holds: every commit up to it, none after
    uint64_t wal_pages = 0;     // pages taken from WAL frames (the rest from the main file)
    uint64_t wal_commits = 0;   // complete commits found in the WAL
};

// The cross-process backup of `db_path` into `dest`, in the SQLite style. Holding the backup
// lock, it scans the WAL's valid frames up to the last complete commit and copies each page
// from its newest frame at or before that commit, else from the main file. Frames appended
// meanwhile are past the snapshot; a frame still being written fails its checksum and ends the
// scan, as in recovery. A frame that fails its checksum while a later frame of the same
// generation is valid is kCorruption naming the WAL and both offsets, never a shorter copy.
Result<BackupResult> BackupFromFiles(io::Env* env, const std::string& db_path,
                                     const std::string& dest);

// Pages, bytes and snapshot commit of a finished backup at `path`, from its page 0.
Result<BackupResult> DescribeBackupFile(io::Env* env, const std::string& path);

}  // namespace nexus::storage
