// MemEnv: an Env whose files live in memory, for fast storage tests. Sync is a no-op (all
// writes are "durable"); wrap it in a FaultEnv to model power loss. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "io/env.h"

namespace nexus::io {

class MemEnv : public Env {
  public:
    MemEnv() = default;

    Result<std::unique_ptr<File>> OpenFile(const std::string& path,
                                           const OpenOptions& options) override;
    Status DeleteFile(const std::string& path) override;
    Status RenameFile(const std::string& from, const std::string& to) override;
    bool FileExists(const std::string& path) override;
    Result<uint64_t> FileSize(const std::string& path) override;
    Status SyncDir(const std::string& dir) override { return Status::Ok(); }
    Result<std::unique_ptr<FileLock>> LockFile(const std::string& path, bool shared) override;

    struct Data;  // one file's bytes, shared by its open handles

  private:
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<Data>> files_;
    std::map<std::string, int> locks_;  // holders; -1 = exclusive
};

}  // namespace nexus::io
