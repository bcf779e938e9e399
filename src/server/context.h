// What every connection shares: the query backend, authentication, metrics and the settings
// that shape responses (database name, advertised address, default timeout).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "server/auth.h"
#include "server/backend.h"
#include "server/metrics.h"

namespace nexus::server {

struct ServerContext {
    Backend* backend = nullptr;
    Authenticator* auth = nullptr;
    Metrics* metrics = nullptr;
    std::string database_name = "neo4j";
    std::string advertised_bolt = "127.0.0.1:7687";  // named in ROUTE answers
    int64_t default_timeout_ms = 0;                  // per query; 0: none
    std::atomic<uint64_t> bookmark_seq{0};
    std::atomic<uint64_t> connection_seq{0};
    std::atomic<int> dedicated_jobs{0};  // connection jobs running outside the worker pool
    // Connections parked while the writer lane runs their auto-commit write: Stop waits for
    // them before joining the pool their continuation runs on.
    std::atomic<int> deferred_runs{0};
    // Workers write a response straight to the socket when nothing is queued for it (false:
    // every response goes through the I/O thread, for before/after measurements).
    bool direct_writes = true;

    // Bookmarks are opaque to drivers; this single-server database makes every commit visible
    // to later transactions at once, so a sequence number suffices.
    std::string NextBookmark() { return "nexus:" + std::to_string(bookmark_seq.fetch_add(1) + 1); }
    bool KnowsDatabase(const std::string& name) const {
        return name.empty() || name == database_name || name == "neo4j";
    }
};

}  // namespace nexus::server
