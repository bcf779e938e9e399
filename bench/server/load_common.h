// Shared pieces of the server load generator (bench/server): the three workloads, a latency
// recorder per client, and the summary line every run prints (one JSON object) so run.py can
// take medians across repetitions and put Bolt and embedded figures side by side.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "nexus/value.h"

namespace nexus::bench {

using Clock = std::chrono::steady_clock;

enum class Workload : uint8_t { kPoint, kHop, kWrite, kStream };

inline bool ParseWorkload(const std::string& s, Workload* w) {
    if (s == "point")
        *w = Workload::kPoint;
    else if (s == "hop")
        *w = Workload::kHop;
    else if (s == "write")
        *w = Workload::kWrite;
    else if (s == "stream")
        *w = Workload::kStream;
    else
        return false;
    return true;
}

inline const char* QueryText(Workload w) {
    switch (w) {
        case Workload::kPoint:
            return "MATCH (p:Person {id: $id}) RETURN p.name";
        case Workload::kHop:
            return "MATCH (:Person {id: $id})-[:KNOWS]->(f:Person) RETURN f.name";
        case Workload::kWrite:
            return "CREATE (:Item {id: $id})";
        case Workload::kStream:
            // From stored data, not range(): a range() list is built whole before it streams.
            return "MATCH (p:Person)-[:KNOWS]->(f) RETURN p.id, f.id LIMIT $id";
    }
    return "";
}

// Parameters for one query of client `client`: random people for the reads, ids that never
// repeat across clients for the writes.
class ParamSource {
  public:
    ParamSource(Workload w, int client, int64_t people, int64_t stream_rows)
        : w_(w), client_(client), people_(people), stream_rows_(stream_rows), rng_(client + 1) {}
    int64_t NextId() {
        switch (w_) {
            case Workload::kWrite:
                return (int64_t{client_ + 1} << 40) + seq_++;
            case Workload::kStream:
                return stream_rows_;
            default:
                return std::uniform_int_distribution<int64_t>(0, people_ - 1)(rng_);
        }
    }

  private:
    Workload w_;
    int client_;
    int64_t people_;
    int64_t stream_rows_;
    int64_t seq_ = 0;
    std::mt19937_64 rng_;
};

// Per-client results; merged after the run.
struct ClientStats {
    uint64_t queries = 0;
    uint64_t rows = 0;
    uint64_t errors = 0;
    std::vector<uint32_t> latency_us;
    std::string first_error;

    void Record(Clock::time_point start, Clock::time_point end, uint64_t rows_seen) {
        ++queries;
        rows += rows_seen;
        auto us = std::chrono::duration_cast<std::chrono::microseconds>(end - start).count();
        latency_us.push_back(static_cast<uint32_t>(std::min<int64_t>(us, UINT32_MAX)));
    }
};

inline double Percentile(std::vector<uint32_t>& sorted, double p) {
    if (sorted.empty()) return 0;
    size_t i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}

inline double ProcessCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Prints one JSON line: mode, workload, clients, throughput, latency percentiles, the load
// generator's own CPU time (to show it is not the bottleneck) and any error.
inline void PrintSummary(const char* mode, const std::string& workload, int clients, double seconds,
                         double cpu_seconds, std::vector<ClientStats>& all,
                         const std::string& extra_json = "") {
    ClientStats total;
    for (ClientStats& c : all) {
        total.queries += c.queries;
        total.rows += c.rows;
        total.errors += c.errors;
        if (total.first_error.empty()) total.first_error = c.first_error;
        total.latency_us.insert(total.latency_us.end(), c.latency_us.begin(), c.latency_us.end());
    }
    std::sort(total.latency_us.begin(), total.latency_us.end());
    std::string err;
    for (char ch : total.first_error) {
        if (ch == '"' || ch == '\\') err.push_back('\\');
        if (static_cast<unsigned char>(ch) >= 0x20) err.push_back(ch);
    }
    std::printf(
        "{\"mode\":\"%s\",\"workload\":\"%s\",\"clients\":%d,\"seconds\":%.3f,\"queries\":%llu,"
        "\"rows\":%llu,\"qps\":%.1f,\"p50_us\":%.0f,\"p99_us\":%.0f,\"max_us\":%.0f,"
        "\"load_cpu_s\":%.3f,\"errors\":%llu,\"first_error\":\"%s\"%s}\n",
        mode, workload.c_str(), clients, seconds, static_cast<unsigned long long>(total.queries),
        static_cast<unsigned long long>(total.rows), static_cast<double>(total.queries) / seconds,
        Percentile(total.latency_us, 0.50), Percentile(total.latency_us, 0.99),
        total.latency_us.empty() ? 0.0 : static_cast<double>(total.latency_us.back()), cpu_seconds,
        static_cast<unsigned long long>(total.errors), err.c_str(), extra_json.c_str());
    std::fflush(stdout);
}

}  // namespace nexus::bench
