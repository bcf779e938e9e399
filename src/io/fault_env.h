// FaultEnv: wraps another Env to inject I/O faults and simulate power loss, for crash tests.
// It records an undo image for every write not yet made durable by File::Sync, so
// SimulateCrash() can put each file back to what a disk would hold after losing power.
// Thread-safe (one mutex; it is a test tool, not a fast path).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "io/env.h"

namespace nexus::io {

enum class FaultKind : uint8_t {
    kFailWrite,   // the write returns kIOError and changes nothing
    kShortWrite,  // the first half is written, then kIOError
    kTornWrite,   // the first half is written, OK is returned, then the power "goes out":
                  // every later write/sync fails until SimulateCrash()
    kDiskFull,    // this write and every later one fail with kDiskFull
    kFailSync,    // the sync returns kIOError and nothing becomes durable
};

class FaultEnv : public Env {
  public:
    explicit FaultEnv(Env* base) : base_(base) {}

    // Arms a fault for the nth write (nth sync for kFailSync) counted from now, on files whose
    // path ends with `path_suffix` ("" = every file). Several faults may be armed at once.
    void InjectFault(FaultKind kind, uint64_t nth, const std::string& path_suffix = "");
    void ClearFaults();

    // Power loss. Every write not yet synced is undone and files shrink back to their synced
    // size. With tear_last_write, unsynced writes are instead kept (ordered write-back) except
    // that the newest write of at least 1 KiB keeps only its first half: a torn page.
    // Afterwards the env works again and armed faults are cleared.
    Status SimulateCrash(bool tear_last_write = false);

    uint64_t writes() const;
    uint64_t syncs() const;
    bool powered_off() const;

    Result<std::unique_ptr<File>> OpenFile(const std::string& path,
                                           const OpenOptions& options) override;
    Status DeleteFile(const std::string& path) override;
    Status RenameFile(const std::string& from, const std::string& to) override;
    bool FileExists(const std::string& path) override { return base_->FileExists(path); }
    Result<uint64_t> FileSize(const std::string& path) override { return base_->FileSize(path); }
    Status SyncDir(const std::string& dir) override;
    Result<std::unique_ptr<FileLock>> LockFile(const std::string& path, bool shared) override {
        return base_->LockFile(path, shared);
    }
    Result<std::unique_ptr<FileLock>> LockByte(const std::string& path, uint64_t offset,
                                               bool shared, bool wait) override {
        return base_->LockByte(path, offset, shared, wait);
    }

  private:
    friend class FaultFile;
    struct Undo {
        uint64_t offset;
        std::vector<uint8_t> old_bytes;  // the bytes the write replaced (within the old size)
        uint64_t length;                 // bytes the write covered
        uint64_t order;                  // global write order, for tear_last_write
    };
    struct FileLog {
        uint64_t synced_size = 0;
        std::vector<Undo> undo;
    };
    struct Armed {
        FaultKind kind;
        uint64_t at;  // value of the matching counter that triggers it
        std::string suffix;
    };

    // Called by FaultFile under mu_.
    Status Write(File* base, const std::string& path, uint64_t offset, const void* buf, size_t n);
    Status Sync(File* base, const std::string& path);
    Status Truncate(File* base, const std::string& path, uint64_t size);
    Status RecordUndo(File* base, const std::string& path, uint64_t offset, size_t n);
    const Armed* Match(bool is_sync, const std::string& path);
    Status RestoreFile(const std::string& path, FileLog& log, bool keep_all, const Undo* torn);

    Env* base_;
    mutable std::mutex mu_;
    std::map<std::string, FileLog> logs_;
    std::vector<Armed> armed_;
    uint64_t writes_ = 0;
    uint64_t syncs_ = 0;
    uint64_t order_ = 0;
    bool disk_full_ = false;
    bool powered_off_ = false;
};

}  // namespace nexus::io
