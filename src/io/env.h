// io::Env and io::File: the file-system seam under the storage engine. Env::Default() is
// POSIX; MemEnv (mem_env.h) keeps files in memory and FaultEnv (fault_env.h) wraps any Env to
// inject write/fsync failures and simulate power loss in tests.
// Thread-safety: Env and File methods may be called from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "nexus/status.h"

namespace nexus::io {

struct OpenOptions {
    bool create = false;     // create the file when it does not exist
    bool read_only = false;  // open without write access
};

// An open file with positional I/O. Errors name the file and the offset.
class File {
  public:
    virtual ~File() = default;
    // Reads up to n bytes at offset; returns how many were read (fewer only at end of file).
    virtual Result<size_t> ReadAt(uint64_t offset, void* buf, size_t n) = 0;
    // Writes all n bytes at offset, growing the file if needed. ENOSPC -> kDiskFull.
    virtual Status WriteAt(uint64_t offset, const void* buf, size_t n) = 0;
    // Makes every completed write durable (fdatasync).
    virtual Status Sync() = 0;
    virtual Status Truncate(uint64_t size) = 0;
    virtual Result<uint64_t> Size() = 0;
    // Reserves space so later writes up to `size` bytes cannot fail with ENOSPC.
    virtual Status Preallocate(uint64_t size) = 0;
    virtual const std::string& path() const = 0;
};

// An advisory lock on a file, released when destroyed (or when the process dies).
class FileLock {
  public:
    virtual ~FileLock() = default;
};

class Env {
  public:
    virtual ~Env() = default;
    // The process-wide POSIX Env (never deleted).
    static Env* Default();

    virtual Result<std::unique_ptr<File>> OpenFile(const std::string& path,
                                                   const OpenOptions& options) = 0;
    virtual Status DeleteFile(const std::string& path) = 0;
    virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
    virtual bool FileExists(const std::string& path) = 0;
    virtual Result<uint64_t> FileSize(const std::string& path) = 0;
    // Makes creations, deletions and renames inside `dir` durable.
    virtual Status SyncDir(const std::string& dir) = 0;
    // Locks `path` (which must exist) for this process: exclusive, or shared when `shared`.
    // kBusy when another holder conflicts.
    virtual Result<std::unique_ptr<FileLock>> LockFile(const std::string& path, bool shared) = 0;
    // Locks the one byte at `offset` of `path` (which must exist; the byte may lie past its
    // end), shared or exclusive, as a lock of this handle alone: other locks of the same
    // process conflict with it, and closing other descriptors of the file never drops it
    // (Linux open-file-description locks). Independent of LockFile. `wait` blocks until
    // granted; otherwise a conflict is kBusy. An Env that no other process can see (MemEnv)
    // has no one to exclude: the default grants every request.
    virtual Result<std::unique_ptr<FileLock>> LockByte(const std::string& path, uint64_t offset,
                                                       bool shared, bool wait);
};

// Reads exactly n bytes at offset; a short read is kCorruption ("unexpected end of file").
Status ReadExact(File* file, uint64_t offset, void* buf, size_t n);

// The directory part of a path ("." when it has none).
std::string DirName(const std::string& path);

}  // namespace nexus::io
