// In-memory files: a byte vector per path behind a mutex. Open handles keep the bytes alive
// after DeleteFile, as POSIX does.
#include "io/mem_env.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace nexus::io {

struct MemEnv::Data {
    std::mutex mu;
    std::vector<uint8_t> bytes;
};

namespace {

class MemFile : public File {
  public:
    MemFile(std::shared_ptr<MemEnv::Data> data, std::string path, bool read_only)
        : data_(std::move(data)), path_(std::move(path)), read_only_(read_only) {}

    Result<size_t> ReadAt(uint64_t offset, void* buf, size_t n) override {
        std::lock_guard<std::mutex> l(data_->mu);
        if (offset >= data_->bytes.size()) return size_t{0};
        size_t got = std::min<uint64_t>(n, data_->bytes.size() - offset);
        std::memcpy(buf, data_->bytes.data() + offset, got);
        return got;
    }

    Status WriteAt(uint64_t offset, const void* buf, size_t n) override {
        if (read_only_) return Status(StatusCode::kIOError, "write " + path_ + ": read-only");
        std::lock_guard<std::mutex> l(data_->mu);
        if (offset + n > data_->bytes.size()) data_->bytes.resize(offset + n);
        std::memcpy(data_->bytes.data() + offset, buf, n);
        return Status::Ok();
    }

    Status Sync() override { return Status::Ok(); }

    Status Truncate(uint64_t size) override {
        std::lock_guard<std::mutex> l(data_->mu);
        data_->bytes.resize(size);
        return Status::Ok();
    }

    Result<uint64_t> Size() override {
        std::lock_guard<std::mutex> l(data_->mu);
        return static_cast<uint64_t>(data_->bytes.size());
    }

    Status Preallocate(uint64_t size) override { return Status::Ok(); }
    const std::string& path() const override { return path_; }

  private:
    std::shared_ptr<MemEnv::Data> data_;
    std::string path_;
    bool read_only_;
};

}  // namespace

Result<std::unique_ptr<File>> MemEnv::OpenFile(const std::string& path,
                                               const OpenOptions& options) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = files_.find(path);
    if (it == files_.end()) {
        if (!options.create || options.read_only) {
            return Status(StatusCode::kNotFound, "open " + path + ": no such file");
        }
        it = files_.emplace(path, std::make_shared<Data>()).first;
    }
    return std::unique_ptr<File>(new MemFile(it->second, path, options.read_only));
}

Status MemEnv::DeleteFile(const std::string& path) {
    std::lock_guard<std::mutex> l(mu_);
    if (files_.erase(path) == 0) {
        return Status(StatusCode::kNotFound, "delete " + path + ": no such file");
    }
    return Status::Ok();
}

Status MemEnv::RenameFile(const std::string& from, const std::string& to) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = files_.find(from);
    if (it == files_.end()) {
        return Status(StatusCode::kNotFound, "rename " + from + ": no such file");
    }
    auto data = it->second;
    files_.erase(it);
    files_[to] = std::move(data);
    return Status::Ok();
}

bool MemEnv::FileExists(const std::string& path) {
    std::lock_guard<std::mutex> l(mu_);
    return files_.count(path) != 0;
}

Result<uint64_t> MemEnv::FileSize(const std::string& path) {
    std::shared_ptr<Data> data;
    {
        std::lock_guard<std::mutex> l(mu_);
        auto it = files_.find(path);
        if (it == files_.end()) {
            return Status(StatusCode::kNotFound, "stat " + path + ": no such file");
        }
        data = it->second;
    }
    std::lock_guard<std::mutex> l(data->mu);
    return static_cast<uint64_t>(data->bytes.size());
}

Result<std::unique_ptr<FileLock>> MemEnv::LockFile(const std::string& path, bool shared) {
    class MemLock : public FileLock {
      public:
        MemLock(MemEnv* env, std::string path) : env_(env), path_(std::move(path)) {}
        ~MemLock() override {
            std::lock_guard<std::mutex> l(env_->mu_);
            int& holders = env_->locks_[path_];
            holders = holders > 0 ? holders - 1 : 0;
            if (holders == 0) env_->locks_.erase(path_);
        }

      private:
        MemEnv* env_;
        std::string path_;
    };
    std::lock_guard<std::mutex> l(mu_);
    if (files_.count(path) == 0) {
        return Status(StatusCode::kNotFound, "lock " + path + ": no such file");
    }
    int& holders = locks_[path];
    if (holders < 0 || (holders > 0 && !shared)) {
        return Status(StatusCode::kBusy, path + " is in use by another process");
    }
    holders = shared ? holders + 1 : -1;
    return std::unique_ptr<FileLock>(new MemLock(this, path));
}

}  // namespace nexus::io
