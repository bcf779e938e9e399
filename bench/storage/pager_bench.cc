// Storage benchmark: this machine's fsync latency, then single-writer commits/s in each sync
// mode, FULL with 8 concurrent committers (group commit), and OFF small commits.
// Usage: storage_pager_bench [DIR] [SECONDS_PER_CASE]  (DIR defaults to the current directory;
// use the disk the database will live on).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "storage/pager.h"

namespace nexus::storage {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

// Mean latency of write(8 KiB) + fdatasync on the same file, in seconds.
double FsyncLatency(const std::string& dir, double budget) {
    std::string path = dir + "/fsync_probe.tmp";
    int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (fd < 0) return -1;
    std::vector<char> page(kPageSize, 'x');
    int n = 0;
    auto start = Clock::now();
    while (Seconds(Clock::now() - start) < budget || n < 20) {
        if (::pwrite(fd, page.data(), page.size(), (n % 64) * kPageSize) < 0) break;
        if (::fdatasync(fd) != 0) break;
        ++n;
    }
    double per = Seconds(Clock::now() - start) / n;
    ::close(fd);
    ::unlink(path.c_str());
    return per;
}

struct Result {
    uint64_t commits = 0;
    double seconds = 0;
    uint64_t fsyncs = 0;
};

// `threads` committers each commit one-page transactions until the budget is spent.
Result Commits(const std::string& dir, SyncMode mode, int threads, double budget) {
    std::string path = dir + "/bench.nexus";
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    PagerOptions options;
    options.sync_mode = mode;
    auto pager = Pager::Open(path, options);
    if (!pager.ok()) {
        std::fprintf(stderr, "open: %s\n", pager.status().ToString().c_str());
        return {};
    }
    {
        auto w = (*pager)->BeginWrite();
        for (int i = 0; i < threads; ++i) (*w)->Allocate().status().IgnoreError();
        (*w)->Commit().IgnoreError();
    }
    uint64_t fsyncs_before = (*pager)->Stats().wal_fsyncs;
    std::atomic<uint64_t> commits{0};
    auto start = Clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            while (Seconds(Clock::now() - start) < budget) {
                auto w = (*pager)->BeginWrite();
                if (!w.ok()) return;
                auto page = (*w)->Write(static_cast<PageId>(1 + t));
                if (!page.ok()) return;
                Put64(*page, Get64(*page) + 1);
                if (!(*w)->Commit().ok()) return;
                commits.fetch_add(1, std::memory_order_relaxed);
            }
        });
    }
    for (auto& w : workers) w.join();
    Result r{commits.load(), Seconds(Clock::now() - start),
             (*pager)->Stats().wal_fsyncs - fsyncs_before};
    pager->reset();
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    return r;
}

// Random page reads/s from `threads` readers over 4096 pages (32 MiB) with a pool of
// `pool_pages`: all cached, or mostly misses served by the OS page cache.
double Reads(const std::string& dir, int threads, size_t pool_pages, double budget) {
    constexpr PageId kPages = 4096;
    std::string path = dir + "/bench_read.nexus";
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    PagerOptions options;
    options.sync_mode = SyncMode::kOff;
    options.cache_bytes = pool_pages * kPageSize;
    auto pager = Pager::Open(path, options);
    if (!pager.ok()) return 0;
    {
        auto w = (*pager)->BeginWrite();
        for (PageId i = 0; i < kPages; ++i) (*w)->Allocate().status().IgnoreError();
        (*w)->Commit().IgnoreError();
    }
    (*pager)->Checkpoint().IgnoreError();
    std::atomic<uint64_t> reads{0};
    auto start = Clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            auto r = (*pager)->BeginRead();
            if (!r.ok()) return;
            uint64_t x = 88172645463325252ULL + t;
            uint64_t n = 0;
            while ((n & 1023) != 0 || Seconds(Clock::now() - start) < budget) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if (!(*r)->Read(1 + static_cast<PageId>(x % kPages)).ok()) return;
                ++n;
            }
            reads.fetch_add(n);
        });
    }
    for (auto& w : workers) w.join();
    double rate = reads.load() / Seconds(Clock::now() - start);
    pager->reset();
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    return rate;
}

// One FULL writer against the fsync probe in alternating slices of `slice` seconds, so both
// see the same disk (its latency drifts from second to second here). Prints the median over
// the pairs of (commits/s) / (1/fsync latency). The database stays open across slices, so
// the WAL goes through growth, checkpoints and restarts as in a long run.
void InterleavedFull(const std::string& dir, int pairs, double slice, uint64_t grow_bytes) {
    std::string path = dir + "/bench_il.nexus";
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    PagerOptions options;
    options.sync_mode = SyncMode::kFull;
    options.wal_grow_bytes = grow_bytes;
    auto pager = Pager::Open(path, options);
    if (!pager.ok()) return;
    {
        auto w = (*pager)->BeginWrite();
        (*w)->Allocate().status().IgnoreError();
        (*w)->Commit().IgnoreError();
    }
    std::vector<double> ratios;
    uint64_t total = 0;
    for (int p = 0; p < pairs; ++p) {
        double fsync = FsyncLatency(dir, slice);
        uint64_t n = 0;
        auto start = Clock::now();
        while (Seconds(Clock::now() - start) < slice) {
            auto w = (*pager)->BeginWrite();
            if (!w.ok()) return;
            auto page = (*w)->Write(1);
            if (!page.ok()) return;
            Put64(*page, Get64(*page) + 1);
            if (!(*w)->Commit().ok()) return;
            ++n;
        }
        double rate = n / Seconds(Clock::now() - start);
        total += n;
        if (fsync > 0) ratios.push_back(rate * fsync);
    }
    std::sort(ratios.begin(), ratios.end());
    if (!ratios.empty()) {
        std::printf(
            "FULL, 1 writer, interleaved, WAL growth step %llu KiB: %zu pairs of %.2f s, %llu "
            "commits: median %.2fx of 1/fsync (min %.2f, max %.2f)\n",
            static_cast<unsigned long long>(grow_bytes >> 10), ratios.size(), slice,
            static_cast<unsigned long long>(total), ratios[ratios.size() / 2], ratios.front(),
            ratios.back());
    }
    pager->reset();
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
}

void Print(const char* name, const Result& r, double fsync_rate) {
    double rate = r.commits / r.seconds;
    std::printf("%-28s %10.0f commits/s  %8llu commits  %7llu fsyncs", name, rate,
                static_cast<unsigned long long>(r.commits),
                static_cast<unsigned long long>(r.fsyncs));
    if (r.fsyncs > 0 && fsync_rate > 0) {
        std::printf("  %.2f commits/fsync  %.2fx of 1/fsync", double(r.commits) / r.fsyncs,
                    rate / fsync_rate);
    }
    std::printf("\n");
}

}  // namespace
}  // namespace nexus::storage

int main(int argc, char** argv) {
    using namespace nexus::storage;
    std::string dir = argc > 1 ? argv[1] : ".";
    double budget = argc > 2 ? std::stod(argv[2]) : 2.0;
    std::printf("directory %s, %.1f s per case\n", dir.c_str(), budget);
    // The disk is shared and its latency drifts, so each FULL case is compared with an fsync
    // measurement taken right before it.
    auto fsync_now = [&] {
        double fsync = FsyncLatency(dir, budget / 2);
        std::printf("%-28s %10.1f us  (%.0f fsyncs/s)\n", "fsync latency (8 KiB write)",
                    fsync * 1e6, 1.0 / fsync);
        return fsync > 0 ? 1.0 / fsync : 0;
    };
    double rate = fsync_now();
    Print("FULL, 1 writer", Commits(dir, nexus::SyncMode::kFull, 1, budget), rate);
    InterleavedFull(dir, 31, budget / 15, 0);
    InterleavedFull(dir, 31, budget / 15, uint64_t{1} << 20);
    rate = fsync_now();
    Print("FULL, 8 committers", Commits(dir, nexus::SyncMode::kFull, 8, budget), rate);
    Print("NORMAL, 1 writer", Commits(dir, nexus::SyncMode::kNormal, 1, budget), rate);
    Print("OFF, 1 writer (small txns)", Commits(dir, nexus::SyncMode::kOff, 1, budget), rate);
    for (int threads : {1, 2}) {
        std::printf("random reads, %d thread(s), pool 32 MiB (all hits) %10.0f reads/s\n", threads,
                    Reads(dir, threads, 4096 + 16, budget / 2));
        std::printf("random reads, %d thread(s), pool 2 MiB (~94%% misses) %8.0f reads/s\n",
                    threads, Reads(dir, threads, 256, budget / 2));
    }
    return 0;
}
