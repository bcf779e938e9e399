// Database-level commit benchmark (issue #6, W4): auto-commit `CREATE (:Bench {id: $i})` from
// 1 or 8 threads on one Database, FULL and OFF, with the peer harness's index on Bench(id).
// Reports per case the wall time per commit, commits/s, commits per fsync and process CPU time
// per commit (CPU is the limit on 2 cores once fsyncs are shared).
// Usage: storage_commit_bench [DIR] [ROUNDS] [CASE] [FSYNC_US]  (DIR on the disk under test,
// default "."; CASE runs only the cases whose name contains it; FSYNC_US > 0 adds that many
// microseconds of sleep to every sync, for a repeatable "disk" on tmpfs: /dev/shm)
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "io/env.h"
#include "nexus/database.h"

namespace {

// Delegates to the real file system, sleeping a fixed time in every file sync.
class SlowSyncEnv : public nexus::io::Env {
  public:
    SlowSyncEnv(nexus::io::Env* base, std::chrono::microseconds delay)
        : base_(base), delay_(delay) {}
    nexus::Result<std::unique_ptr<nexus::io::File>> OpenFile(
        const std::string& path, const nexus::io::OpenOptions& options) override;
    nexus::Status DeleteFile(const std::string& path) override { return base_->DeleteFile(path); }
    nexus::Status RenameFile(const std::string& from, const std::string& to) override {
        return base_->RenameFile(from, to);
    }
    bool FileExists(const std::string& path) override { return base_->FileExists(path); }
    nexus::Result<uint64_t> FileSize(const std::string& path) override {
        return base_->FileSize(path);
    }
    nexus::Status SyncDir(const std::string& dir) override { return base_->SyncDir(dir); }
    nexus::Result<std::unique_ptr<nexus::io::FileLock>> LockFile(const std::string& path,
                                                                 bool shared) override {
        return base_->LockFile(path, shared);
    }
    nexus::Result<std::unique_ptr<nexus::io::FileLock>> LockByte(const std::string& path,
                                                                 uint64_t offset, bool shared,
                                                                 bool wait) override {
        return base_->LockByte(path, offset, shared, wait);
    }

  private:
    class SlowFile : public nexus::io::File {
      public:
        SlowFile(std::unique_ptr<nexus::io::File> base, std::chrono::microseconds delay)
            : base_(std::move(base)), delay_(delay) {}
        nexus::Result<size_t> ReadAt(uint64_t offset, void* buf, size_t n) override {
            return base_->ReadAt(offset, buf, n);
        }
        nexus::Status WriteAt(uint64_t offset, const void* buf, size_t n) override {
            return base_->WriteAt(offset, buf, n);
        }
        nexus::Status Sync() override {
            std::this_thread::sleep_for(delay_);
            return base_->Sync();
        }
        nexus::Status Truncate(uint64_t size) override { return base_->Truncate(size); }
        nexus::Result<uint64_t> Size() override { return base_->Size(); }
        nexus::Status Preallocate(uint64_t size) override { return base_->Preallocate(size); }
        const std::string& path() const override { return base_->path(); }

      private:
        std::unique_ptr<nexus::io::File> base_;
        std::chrono::microseconds delay_;
    };
    nexus::io::Env* base_;
    std::chrono::microseconds delay_;
};

nexus::Result<std::unique_ptr<nexus::io::File>> SlowSyncEnv::OpenFile(
    const std::string& path, const nexus::io::OpenOptions& options) {
    ASSIGN_OR_RETURN(std::unique_ptr<nexus::io::File> file, base_->OpenFile(path, options));
    return std::unique_ptr<nexus::io::File>(new SlowFile(std::move(file), delay_));
}

nexus::io::Env* g_env = nullptr;  // null: the real file system

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

struct Cpu {
    double user = 0;
    double sys = 0;
};

Cpu CpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return {double(u.ru_utime.tv_sec) + double(u.ru_utime.tv_usec) * 1e-6,
            double(u.ru_stime.tv_sec) + double(u.ru_stime.tv_usec) * 1e-6};
}

// Median latency of pwrite(8 KiB) + fdatasync over one file, in microseconds.
double FsyncMicros(const std::string& dir) {
    std::string path = dir + "/fsync_probe.tmp";
    int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (fd < 0) return -1;
    std::vector<char> page(8192, 'x');
    std::vector<double> times;
    for (int n = 0; n < 200; ++n) {
        auto start = Clock::now();
        if (::pwrite(fd, page.data(), page.size(), (n % 64) * page.size()) < 0) break;
        if (::fdatasync(fd) != 0) break;
        times.push_back(Seconds(Clock::now() - start) * 1e6);
    }
    ::close(fd);
    ::unlink(path.c_str());
    if (times.empty()) return -1;
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    return times[times.size() / 2];
}

struct Case {
    const char* name;
    nexus::SyncMode mode;
    int threads;
    int ops_per_thread;  // per burst, as the peer harness's W4 (8 x 25) runs it
    int bursts;
};

struct Figures {
    double us_per_commit = 0;      // wall time of the bursts / commits
    double cpu_us_per_commit = 0;  // user + system
    double sys_us_per_commit = 0;
    double commits_per_fsync = 0;
    double wal_kib_per_commit = 0;
};

// Opens a fresh database, creates the index, then runs `bursts` bursts: each starts `threads`
// threads that run `ops_per_thread` auto-commit statements, and joins them.
bool RunCase(const std::string& dir, const Case& c, Figures* out) {
    std::string path = dir + "/commit_bench.nexus";
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    nexus::Config config = nexus::Config::production();
    config.sync_mode = c.mode;
    config.env = g_env;
    auto db = nexus::Database::open(path, config);
    if (!db.ok()) {
        std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
        return false;
    }
    const std::string text = "CREATE (:Bench {id: $i})";
    if (!(*db)->execute("CREATE INDEX IF NOT EXISTS FOR (n:Bench) ON (n.id)").ok()) return false;
    std::atomic<int64_t> counter{0};
    std::atomic<bool> failed{false};
    auto burst = [&] {
        std::vector<std::thread> workers;
        for (int t = 0; t < c.threads; ++t) {
            workers.emplace_back([&] {
                nexus::ParamMap params;
                for (int k = 0; k < c.ops_per_thread; ++k) {
                    params["i"] = nexus::Value(counter.fetch_add(1));
                    auto r = (*db)->execute(text, params);
                    if (!r.ok()) {
                        std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
                        failed = true;
                        return;
                    }
                }
            });
        }
        for (std::thread& w : workers) w.join();
    };
    burst();  // warm-up: plan cache, first pages
    nexus::DatabaseStats before = (*db)->stats();
    Cpu cpu_before = CpuSeconds();
    auto start = Clock::now();
    for (int b = 0; b < c.bursts; ++b) burst();
    double wall = Seconds(Clock::now() - start);
    Cpu cpu_after = CpuSeconds();
    nexus::DatabaseStats after = (*db)->stats();
    double commits = double(c.threads) * c.ops_per_thread * c.bursts;
    out->us_per_commit = wall * 1e6 / commits;
    double user = cpu_after.user - cpu_before.user, sys = cpu_after.sys - cpu_before.sys;
    out->cpu_us_per_commit = (user + sys) * 1e6 / commits;
    out->sys_us_per_commit = sys * 1e6 / commits;
    uint64_t fsyncs = after.wal_fsyncs - before.wal_fsyncs;
    out->commits_per_fsync = fsyncs == 0 ? 0 : commits / double(fsyncs);
    out->wal_kib_per_commit = double(after.wal_bytes - before.wal_bytes) / 1024.0 / commits;
    return !failed;
}

double Median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = argc > 1 ? argv[1] : ".";
    int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    std::string only = argc > 3 ? argv[3] : "";
    int fake_fsync_us = argc > 4 ? std::atoi(argv[4]) : 0;
    SlowSyncEnv slow(nexus::io::Env::Default(), std::chrono::microseconds(fake_fsync_us));
    if (fake_fsync_us > 0) {
        g_env = &slow;
        std::printf("every sync sleeps %d us first\n", fake_fsync_us);
    }
    std::filesystem::create_directories(dir);
    const Case cases[] = {
        {"FULL 1 writer", nexus::SyncMode::kFull, 1, 200, 5},
        {"FULL 8 writers (8x25)", nexus::SyncMode::kFull, 8, 25, 10},
        {"FULL 8 writers (8x250)", nexus::SyncMode::kFull, 8, 250, 2},
        {"OFF 1 writer", nexus::SyncMode::kOff, 1, 2000, 2},
        {"OFF 8 writers (8x250)", nexus::SyncMode::kOff, 8, 250, 2},
    };
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) < 0) load[0] = -1;
    std::printf("fsync (8 KiB pwrite + fdatasync, median of 200): %.0f us; load %.2f\n",
                FsyncMicros(dir), load[0]);
    std::printf("%-24s %10s %10s %11s %11s %14s %12s\n", "case (median of rounds)", "us/commit",
                "commits/s", "cpu us/cmt", "sys us/cmt", "commits/fsync", "WAL KiB/cmt");
    for (const Case& c : cases) {
        if (std::string(c.name).find(only) == std::string::npos) continue;
        std::vector<double> us, cpu, sys, per_fsync, kib;
        for (int r = 0; r < rounds; ++r) {
            Figures f;
            if (!RunCase(dir, c, &f)) return 1;
            us.push_back(f.us_per_commit);
            cpu.push_back(f.cpu_us_per_commit);
            sys.push_back(f.sys_us_per_commit);
            per_fsync.push_back(f.commits_per_fsync);
            kib.push_back(f.wal_kib_per_commit);
        }
        double m = Median(us);
        std::printf("%-24s %10.1f %10.0f %11.1f %11.1f %14.2f %12.1f\n", c.name, m, 1e6 / m,
                    Median(cpu), Median(sys), Median(per_fsync), Median(kib));
    }
    if (getloadavg(load, 3) < 0) load[0] = -1;
    std::printf("fsync after: %.0f us; load %.2f\n", FsyncMicros(dir), load[0]);
    std::filesystem::remove(dir + "/commit_bench.nexus");
    std::filesystem::remove(dir + "/commit_bench.nexus-wal");
    return 0;
}
