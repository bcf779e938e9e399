// Server-side counters (queries by outcome, latency histogram, sessions, transactions) and
// their rendering, together with the database's own counters, as Prometheus text.
// Thread-safe: every counter is atomic.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "nexus/database.h"

namespace nexus::server {

class Metrics {
  public:
    // Upper bounds (seconds) of the latency histogram buckets; +Inf is implied.
    static constexpr std::array<double, 12> kLatencyBuckets = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};

    void QuerySucceeded(double seconds);
    void QueryFailed(double seconds);
    void SessionOpened() {
        active_sessions_.fetch_add(1);
        sessions_total_.fetch_add(1);
    }
    void SessionClosed() { active_sessions_.fetch_sub(1); }
    void TransactionOpened() { active_transactions_.fetch_add(1); }
    void TransactionClosed() { active_transactions_.fetch_sub(1); }
    void Committed() { commits_.fetch_add(1); }
    void RolledBack() { rollbacks_.fetch_add(1); }
    void AuthFailed() { auth_failures_.fetch_add(1); }
    void ProtocolError() { protocol_errors_.fetch_add(1); }
    void HttpRequest() { http_requests_.fetch_add(1); }

    int64_t active_sessions() const { return active_sessions_.load(); }
    int64_t active_transactions() const { return active_transactions_.load(); }
    uint64_t queries_succeeded() const { return queries_ok_.load(); }
    uint64_t queries_failed() const { return queries_failed_.load(); }

    // Prometheus text exposition format (version 0.0.4).
    std::string Render(const DatabaseStats& db) const;

  private:
    void Observe(double seconds);

    std::atomic<uint64_t> queries_ok_{0};
    std::atomic<uint64_t> queries_failed_{0};
    std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> latency_buckets_{};
    std::atomic<uint64_t> latency_micros_sum_{0};
    std::atomic<int64_t> active_sessions_{0};
    std::atomic<uint64_t> sessions_total_{0};
    std::atomic<int64_t> active_transactions_{0};
    std::atomic<uint64_t> commits_{0};
    std::atomic<uint64_t> rollbacks_{0};
    std::atomic<uint64_t> auth_failures_{0};
    std::atomic<uint64_t> protocol_errors_{0};
    std::atomic<uint64_t> http_requests_{0};
};

}  // namespace nexus::server
