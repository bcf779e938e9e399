// Prometheus rendering of the server and database counters.
#include "server/metrics.h"

#include <fmt/format.h>

namespace nexus::server {

void Metrics::Observe(double seconds) {
    size_t i = 0;
    while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i]) ++i;
    latency_buckets_[i].fetch_add(1);
    latency_micros_sum_.fetch_add(static_cast<uint64_t>(seconds * 1e6));
}

void Metrics::QuerySucceeded(double seconds) {
    queries_ok_.fetch_add(1);
    Observe(seconds);
}

void Metrics::QueryFailed(double seconds) {
    queries_failed_.fetch_add(1);
    Observe(seconds);
}

namespace {

void Counter(std::string* out, const char* name, const char* help, uint64_t v) {
    *out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, v);
}

void Gauge(std::string* out, const char* name, const char* help, int64_t v) {
    *out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, v);
}

}  // namespace

std::string Metrics::Render(const DatabaseStats& db) const {
    std::string out;
    out += "# HELP nexus_queries_total Queries run, by outcome.\n";
    out += "# TYPE nexus_queries_total counter\n";
    out += fmt::format("nexus_queries_total{{outcome=\"success\"}} {}\n", queries_ok_.load());
    out += fmt::format("nexus_queries_total{{outcome=\"failure\"}} {}\n", queries_failed_.load());

    out += "# HELP nexus_query_duration_seconds Time from RUN to the last row.\n";
    out += "# TYPE nexus_query_duration_seconds histogram\n";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += latency_buckets_[i].load();
        out += fmt::format("nexus_query_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                           kLatencyBuckets[i], cumulative);
    }
    cumulative += latency_buckets_[kLatencyBuckets.size()].load();
    out += fmt::format("nexus_query_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
    out += fmt::format("nexus_query_duration_seconds_sum {:.6f}\n",
                       static_cast<double>(latency_micros_sum_.load()) / 1e6);
    out += fmt::format("nexus_query_duration_seconds_count {}\n", cumulative);

    Gauge(&out, "nexus_active_sessions", "Open Bolt connections.", active_sessions_.load());
    Counter(&out, "nexus_sessions_total", "Bolt connections accepted.", sessions_total_.load());
    Gauge(&out, "nexus_active_transactions", "Open explicit transactions.",
          active_transactions_.load());
    Counter(&out, "nexus_server_commits_total", "Transactions committed through the server.",
            commits_.load());
    Counter(&out, "nexus_server_rollbacks_total", "Transactions rolled back through the server.",
            rollbacks_.load());
    Counter(&out, "nexus_auth_failures_total", "Rejected credentials.", auth_failures_.load());
    Counter(&out, "nexus_protocol_errors_total", "Connections closed for protocol violations.",
            protocol_errors_.load());
    Counter(&out, "nexus_http_requests_total", "HTTP requests served.", http_requests_.load());

    Counter(&out, "nexus_commits_total", "Transactions committed by the database.", db.commits);
    Counter(&out, "nexus_rollbacks_total", "Transactions rolled back by the database.",
            db.rollbacks);
    Counter(&out, "nexus_wal_fsyncs_total", "WAL fsync calls.", db.wal_fsyncs);
    Counter(&out, "nexus_wal_bytes_total", "Bytes appended to the WAL.", db.wal_bytes);
    Gauge(&out, "nexus_wal_size_bytes", "Current WAL file size.",
          static_cast<int64_t>(db.wal_size_bytes));
    Counter(&out, "nexus_page_cache_hits_total", "Page cache hits.", db.page_cache_hits);
    Counter(&out, "nexus_page_cache_misses_total", "Page cache misses.", db.page_cache_misses);
    Counter(&out, "nexus_page_cache_evictions_total", "Page cache evictions.",
            db.page_cache_evictions);
    Gauge(&out, "nexus_page_cache_bytes", "Configured page cache bound.",
          static_cast<int64_t>(db.page_cache_bytes));
    Counter(&out, "nexus_checkpoints_total", "Checkpoints completed.", db.checkpoints);
    Counter(&out, "nexus_checkpoint_micros_total", "Time spent checkpointing.",
            db.checkpoint_micros);
    Gauge(&out, "nexus_file_pages", "Pages in the main database file.",
          static_cast<int64_t>(db.file_pages));
    return out;
}

}  // namespace nexus::server
