// Config: everything a caller can tune when opening a database.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nexus {

namespace io {
class Env;  // internal: the file-system seam (tests pass a fault-injecting one)
}

enum class SyncMode : uint8_t {
    kFull = 0,    // a commit returns once its WAL bytes are durable (group commit shares fsyncs)
    kNormal = 1,  // fsync every `normal_sync_commits` commits or `normal_sync_interval_ms`
    kOff = 2,     // never fsync: for bulk loads and tests
};

struct Config {
    SyncMode sync_mode = SyncMode::kFull;
    uint32_t normal_sync_commits = 1000;
    uint32_t normal_sync_interval_ms = 100;

    size_t page_cache_bytes = size_t{256} << 20;         // hard bound on cached pages
    uint64_t wal_checkpoint_bytes = uint64_t{64} << 20;  // auto-checkpoint past this WAL size
    size_t query_memory_limit_bytes = size_t{2} << 30;   // per query; 0 = unlimited

    bool create_if_missing = true;
    bool read_only = false;

    io::Env* env = nullptr;  // null: the real file system

    // Durable: FULL sync, generous cache.
    static Config production();
    // Bounded loss on power failure (NORMAL sync), never corruption.
    static Config balanced();
    // No fsync: fastest, for loading and benchmarks.
    static Config benchmark();
};

}  // namespace nexus
