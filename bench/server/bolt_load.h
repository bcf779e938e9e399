// Entry points of the server load generator's modes (bench/server/main.cc dispatches to
// them): the Bolt client load, the same workload embedded, graph generation and an fsync probe.
#pragma once

#include <string>

#include "load_common.h"

namespace nexus::bench {

struct BoltLoadOptions {
    std::string address = "127.0.0.1:7687";
    std::string password;  // empty: scheme "none" (server started with --no-auth)
    Workload workload = Workload::kPoint;
    std::string workload_name = "point";
    int clients = 1;
    double seconds = 5;
    int64_t people = 100000;
    int64_t stream_rows = 1000000;
    int fetch_size = 1000;  // PULL n, as the drivers' default
    int server_pid = 0;     // >0: sample its RSS during the run
};

int RunBoltLoad(const BoltLoadOptions& o);

// The same workload through nexus::Database::execute on `clients` threads.
int RunEmbeddedLoad(const std::string& db_path, const BoltLoadOptions& o);

// 100k people (by default) with a property index on :Person(id) and `degree` random KNOWS
// relationships each, written through the embedded API with sync off, then checkpointed.
int GenerateGraph(const std::string& db_path, int64_t people, int degree);

// Median and p99 of `count` 4 KiB append + fdatasync pairs in `dir` (what one WAL commit
// costs on this disk), printed as one JSON line.
int ProbeFsync(const std::string& dir, int count);

}  // namespace nexus::bench
