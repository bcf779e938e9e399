// The POSIX Env: pread/pwrite/fdatasync on file descriptors. Maps errno to Status codes
// (ENOSPC/EDQUOT -> kDiskFull, ENOENT -> kNotFound) with the file and offset in the message.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/env.h"

namespace nexus::io {
namespace {

Status ErrnoStatus(int err, const std::string& what) {
    StatusCode code = StatusCode::kIOError;
    if (err == ENOSPC || err == EDQUOT) code = StatusCode::kDiskFull;
    if (err == ENOENT) code = StatusCode::kNotFound;
    return Status(code, what + ": " + std::strerror(err));
}

std::string At(const std::string& op, const std::string& path, uint64_t offset) {
    return op + " " + path + " at offset " + std::to_string(offset);
}

class PosixFile : public File {
  public:
    PosixFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    ~PosixFile() override { ::close(fd_); }

    Result<size_t> ReadAt(uint64_t offset, void* buf, size_t n) override {
        size_t done = 0;
        auto* p = static_cast<uint8_t*>(buf);
        while (done < n) {
            ssize_t r = ::pread(fd_, p + done, n - done, static_cast<off_t>(offset + done));
            if (r < 0) {
                if (errno == EINTR) continue;
                return ErrnoStatus(errno, At("read", path_, offset + done));
            }
            if (r == 0) break;
            done += static_cast<size_t>(r);
        }
        return done;
    }

    Status WriteAt(uint64_t offset, const void* buf, size_t n) override {
        size_t done = 0;
        const auto* p = static_cast<const uint8_t*>(buf);
        while (done < n) {
            ssize_t r = ::pwrite(fd_, p + done, n - done, static_cast<off_t>(offset + done));
            if (r < 0) {
                if (errno == EINTR) continue;
                return ErrnoStatus(errno, At("write", path_, offset + done));
            }
            done += static_cast<size_t>(r);
        }
        return Status::Ok();
    }

    Status Sync() override {
        if (::fdatasync(fd_) != 0) return ErrnoStatus(errno, "fsync " + path_);
        return Status::Ok();
    }

    Status Truncate(uint64_t size) override {
        if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
            return ErrnoStatus(errno, At("truncate", path_, size));
        }
        return Status::Ok();
    }

    Result<uint64_t> Size() override {
        struct stat st;
        if (::fstat(fd_, &st) != 0) return ErrnoStatus(errno, "stat " + path_);
        return static_cast<uint64_t>(st.st_size);
    }

    Status Preallocate(uint64_t size) override {
        int err = ::posix_fallocate(fd_, 0, static_cast<off_t>(size));
        if (err != 0) return ErrnoStatus(err, At("preallocate", path_, size));
        return Status::Ok();
    }

    const std::string& path() const override { return path_; }

  private:
    int fd_;
    std::string path_;
};

class PosixFileLock : public FileLock {
  public:
    explicit PosixFileLock(int fd) : fd_(fd) {}
    ~PosixFileLock() override { ::close(fd_); }  // closing the descriptor drops the flock

  private:
    int fd_;
};

class PosixEnv : public Env {
  public:
    Result<std::unique_ptr<File>> OpenFile(const std::string& path,
                                           const OpenOptions& options) override {
        int flags = O_CLOEXEC | (options.read_only ? O_RDONLY : O_RDWR);
        if (options.create && !options.read_only) flags |= O_CREAT;
        int fd = ::open(path.c_str(), flags, 0644);
        if (fd < 0) return ErrnoStatus(errno, "open " + path);
        return std::unique_ptr<File>(new PosixFile(fd, path));
    }

    Status DeleteFile(const std::string& path) override {
        if (::unlink(path.c_str()) != 0) return ErrnoStatus(errno, "delete " + path);
        return Status::Ok();
    }

    Status RenameFile(const std::string& from, const std::string& to) override {
        if (::rename(from.c_str(), to.c_str()) != 0) {
            return ErrnoStatus(errno, "rename " + from + " to " + to);
        }
        return Status::Ok();
    }

    bool FileExists(const std::string& path) override { return ::access(path.c_str(), F_OK) == 0; }

    Result<uint64_t> FileSize(const std::string& path) override {
        struct stat st;
        if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, "stat " + path);
        return static_cast<uint64_t>(st.st_size);
    }

    Result<std::unique_ptr<FileLock>> LockFile(const std::string& path, bool shared) override {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return ErrnoStatus(errno, "lock " + path);
        if (::flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
            int err = errno;
            ::close(fd);
            if (err == EWOULDBLOCK) {
                return Status(StatusCode::kBusy, path + " is in use by another process");
            }
            return ErrnoStatus(err, "lock " + path);
        }
        return std::unique_ptr<FileLock>(new PosixFileLock(fd));
    }

    Result<std::unique_ptr<FileLock>> LockByte(const std::string& path, uint64_t offset,
                                               bool shared, bool wait) override {
        // A write lock needs a descriptor open for writing.
        int fd = ::open(path.c_str(), (shared ? O_RDONLY : O_RDWR) | O_CLOEXEC);
        if (fd < 0) return ErrnoStatus(errno, "lock " + path);
        struct flock fl = {};
        fl.l_type = shared ? F_RDLCK : F_WRLCK;
        fl.l_whence = SEEK_SET;
        fl.l_start = static_cast<off_t>(offset);
        fl.l_len = 1;
        int rc;
        do {
            rc = ::fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) {
            int err = errno;
            ::close(fd);
            if (err == EAGAIN || err == EACCES) {
                return Status(StatusCode::kBusy, path + " byte " + std::to_string(offset) +
                                                     " is locked by another holder");
            }
            return ErrnoStatus(err, "lock " + path + " byte " + std::to_string(offset));
        }
        return std::unique_ptr<FileLock>(new PosixFileLock(fd));  // closing it releases the lock
    }

    Status SyncDir(const std::string& dir) override {
        int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return ErrnoStatus(errno, "open directory " + dir);
        int rc = ::fsync(fd);
        int err = errno;
        ::close(fd);
        if (rc != 0) return ErrnoStatus(err, "fsync directory " + dir);
        return Status::Ok();
    }
};

}  // namespace

Result<std::unique_ptr<FileLock>> Env::LockByte(const std::string&, uint64_t, bool, bool) {
    return std::make_unique<FileLock>();
}

Env* Env::Default() {
    static Env* env = new PosixEnv();
    return env;
}

Status ReadExact(File* file, uint64_t offset, void* buf, size_t n) {
    ASSIGN_OR_RETURN(size_t got, file->ReadAt(offset, buf, n));
    if (got != n) {
        return Status(StatusCode::kCorruption, "unexpected end of file in " + file->path() +
                                                   " at offset " + std::to_string(offset + got));
    }
    return Status::Ok();
}

std::string DirName(const std::string& path) {
    size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

}  // namespace nexus::io
