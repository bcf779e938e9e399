// Fault injection and power-loss simulation over any Env (see fault_env.h for the model).
#include "io/fault_env.h"

#include <algorithm>

namespace nexus::io {

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status PowerOff(const std::string& path) {
    return Status(StatusCode::kIOError, "simulated power loss: " + path + " is gone");
}

}  // namespace

class FaultFile : public File {
  public:
    FaultFile(FaultEnv* env, std::unique_ptr<File> base) : env_(env), base_(std::move(base)) {}

    Result<size_t> ReadAt(uint64_t offset, void* buf, size_t n) override {
        return base_->ReadAt(offset, buf, n);
    }
    Status WriteAt(uint64_t offset, const void* buf, size_t n) override {
        std::lock_guard<std::mutex> l(env_->mu_);
        return env_->Write(base_.get(), base_->path(), offset, buf, n);
    }
    Status Sync() override {
        std::lock_guard<std::mutex> l(env_->mu_);
        return env_->Sync(base_.get(), base_->path());
    }
    Status Truncate(uint64_t size) override {
        std::lock_guard<std::mutex> l(env_->mu_);
        return env_->Truncate(base_.get(), base_->path(), size);
    }
    Result<uint64_t> Size() override { return base_->Size(); }
    Status Preallocate(uint64_t size) override { return Status::Ok(); }
    const std::string& path() const override { return base_->path(); }

  private:
    FaultEnv* env_;
    std::unique_ptr<File> base_;
};

void FaultEnv::InjectFault(FaultKind kind, uint64_t nth, const std::string& path_suffix) {
    std::lock_guard<std::mutex> l(mu_);
    // Counters below count only matching operations, so arm relative to a per-fault count.
    armed_.push_back(Armed{kind, nth, path_suffix});
}

void FaultEnv::ClearFaults() {
    std::lock_guard<std::mutex> l(mu_);
    armed_.clear();
    disk_full_ = false;
}

uint64_t FaultEnv::writes() const {
    std::lock_guard<std::mutex> l(mu_);
    return writes_;
}

uint64_t FaultEnv::syncs() const {
    std::lock_guard<std::mutex> l(mu_);
    return syncs_;
}

bool FaultEnv::powered_off() const {
    std::lock_guard<std::mutex> l(mu_);
    return powered_off_;
}

// Counts this operation against every armed fault of its kind; returns the one that fires.
const FaultEnv::Armed* FaultEnv::Match(bool is_sync, const std::string& path) {
    const Armed* fired = nullptr;
    for (Armed& a : armed_) {
        bool sync_fault = a.kind == FaultKind::kFailSync;
        if (sync_fault != is_sync || !EndsWith(path, a.suffix) || a.at == 0) continue;
        if (--a.at == 0 && fired == nullptr) fired = &a;
    }
    return fired;
}

Status FaultEnv::RecordUndo(File* base, const std::string& path, uint64_t offset, size_t n) {
    auto [it, inserted] = logs_.try_emplace(path);
    if (inserted) {
        ASSIGN_OR_RETURN(it->second.synced_size, base->Size());
    }
    ASSIGN_OR_RETURN(uint64_t size, base->Size());
    Undo undo{offset, {}, n, ++order_};
    if (offset < size) {
        undo.old_bytes.resize(std::min<uint64_t>(n, size - offset));
        RETURN_IF_ERROR(ReadExact(base, offset, undo.old_bytes.data(), undo.old_bytes.size()));
    }
    it->second.undo.push_back(std::move(undo));
    return Status::Ok();
}

Status FaultEnv::Write(File* base, const std::string& path, uint64_t offset, const void* buf,
                       size_t n) {
    if (powered_off_) return PowerOff(path);
    ++writes_;
    std::string where = path + " at offset " + std::to_string(offset);
    if (disk_full_) {
        return Status(StatusCode::kDiskFull, "write " + where + ": no space left on device");
    }
    const Armed* fault = Match(false, path);
    RETURN_IF_ERROR(RecordUndo(base, path, offset, n));
    if (fault == nullptr) return base->WriteAt(offset, buf, n);
    switch (fault->kind) {
        case FaultKind::kFailWrite:
            logs_[path].undo.pop_back();
            return Status(StatusCode::kIOError, "write " + where + ": injected I/O error");
        case FaultKind::kDiskFull:
            logs_[path].undo.pop_back();
            disk_full_ = true;
            return Status(StatusCode::kDiskFull, "write " + where + ": no space left on device");
        case FaultKind::kShortWrite:
            RETURN_IF_ERROR(base->WriteAt(offset, buf, n / 2));
            return Status(StatusCode::kIOError, "write " + where + ": injected short write");
        case FaultKind::kTornWrite:
            RETURN_IF_ERROR(base->WriteAt(offset, buf, n / 2));
            powered_off_ = true;
            return Status::Ok();
        case FaultKind::kFailSync:
            break;
    }
    return base->WriteAt(offset, buf, n);
}

Status FaultEnv::Sync(File* base, const std::string& path) {
    if (powered_off_) return PowerOff(path);
    ++syncs_;
    const Armed* fault = Match(true, path);
    if (fault != nullptr) {
        return Status(StatusCode::kIOError, "fsync " + path + ": injected I/O error");
    }
    RETURN_IF_ERROR(base->Sync());
    FileLog& log = logs_[path];
    log.undo.clear();
    ASSIGN_OR_RETURN(log.synced_size, base->Size());
    return Status::Ok();
}

Status FaultEnv::Truncate(File* base, const std::string& path, uint64_t size) {
    if (powered_off_) return PowerOff(path);
    ASSIGN_OR_RETURN(uint64_t old_size, base->Size());
    if (size < old_size) RETURN_IF_ERROR(RecordUndo(base, path, size, old_size - size));
    return base->Truncate(size);
}

Status FaultEnv::RestoreFile(const std::string& path, FileLog& log, bool keep_all,
                             const Undo* torn) {
    OpenOptions options;
    auto file = base_->OpenFile(path, options);
    if (!file.ok()) return file.status();  // deleted since: nothing to restore
    File* f = file->get();
    if (keep_all) {
        if (torn != nullptr && torn->length > 1) {
            // The second half of the torn write never reached the platter.
            uint64_t half = torn->length / 2;
            std::vector<uint8_t> old(torn->length - half, 0);
            for (uint64_t i = half; i < torn->old_bytes.size(); ++i) {
                old[i - half] = torn->old_bytes[i];
            }
            RETURN_IF_ERROR(f->WriteAt(torn->offset + half, old.data(), old.size()));
        }
    } else {
        for (auto it = log.undo.rbegin(); it != log.undo.rend(); ++it) {
            if (!it->old_bytes.empty()) {
                RETURN_IF_ERROR(f->WriteAt(it->offset, it->old_bytes.data(), it->old_bytes.size()));
            }
        }
        RETURN_IF_ERROR(f->Truncate(log.synced_size));
    }
    log.undo.clear();
    ASSIGN_OR_RETURN(log.synced_size, f->Size());
    return Status::Ok();
}

Status FaultEnv::SimulateCrash(bool tear_last_write) {
    std::lock_guard<std::mutex> l(mu_);
    const Undo* torn = nullptr;
    std::string torn_path;
    if (tear_last_write) {
        for (auto& [path, log] : logs_) {
            for (const Undo& u : log.undo) {
                if (u.length >= 1024 && (torn == nullptr || u.order > torn->order)) {
                    torn = &u;
                    torn_path = path;
                }
            }
        }
    }
    Status result;
    for (auto& [path, log] : logs_) {
        Status st = RestoreFile(path, log, tear_last_write, path == torn_path ? torn : nullptr);
        if (!st.ok() && st.code() != StatusCode::kNotFound && result.ok()) result = st;
    }
    armed_.clear();
    disk_full_ = false;
    powered_off_ = false;
    return result;
}

Result<std::unique_ptr<File>> FaultEnv::OpenFile(const std::string& path,
                                                 const OpenOptions& options) {
    ASSIGN_OR_RETURN(auto file, base_->OpenFile(path, options));
    std::lock_guard<std::mutex> l(mu_);
    auto [it, inserted] = logs_.try_emplace(path);
    if (inserted) {
        ASSIGN_OR_RETURN(it->second.synced_size, file->Size());
    }
    return std::unique_ptr<File>(new FaultFile(this, std::move(file)));
}

Status FaultEnv::DeleteFile(const std::string& path) {
    std::lock_guard<std::mutex> l(mu_);
    if (powered_off_) return PowerOff(path);
    logs_.erase(path);
    return base_->DeleteFile(path);
}

Status FaultEnv::RenameFile(const std::string& from, const std::string& to) {
    std::lock_guard<std::mutex> l(mu_);
    if (powered_off_) return PowerOff(from);
    RETURN_IF_ERROR(base_->RenameFile(from, to));
    auto node = logs_.extract(from);
    logs_.erase(to);
    if (!node.empty()) {
        node.key() = to;
        logs_.insert(std::move(node));
    }
    return Status::Ok();
}

Status FaultEnv::SyncDir(const std::string& dir) {
    std::lock_guard<std::mutex> l(mu_);
    if (powered_off_) return PowerOff(dir);
    return base_->SyncDir(dir);
}

}  // namespace nexus::io
