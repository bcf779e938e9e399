// The seam between the protocol front ends (Bolt, HTTP) and whatever runs queries: a small
// interface so the protocol layers are unit-tested against a fake, and DbBackend
// (db_backend.h) implements it on nexus::Database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nexus/database.h"
#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::server {

struct TxOptions {
    AccessMode mode = AccessMode::kWrite;
    int64_t timeout_ms = 0;  // 0: the server default
    // Polled while a query runs (RESET, a client that hung up); true stops it.
    std::function<bool()> interrupted;
};

// One running query's rows. Owned by one connection; not thread-safe.
class Cursor {
  public:
    virtual ~Cursor() = default;
    virtual const std::vector<std::string>& columns() const = 0;
    // Fills *row and returns true, false at the end; an error ends the query (and, for an
    // auto-commit query, rolls it back).
    virtual Result<bool> Next(std::vector<Value>* row) = 0;
    // Final once Next() returned false.
    virtual const QueryStats& stats() const = 0;
};

// The outcome of an auto-commit query handed to another thread (see QueueAutoCommit).
using RunDone = std::function<void(Result<std::unique_ptr<Cursor>>)>;

// A client's conversation: at most one explicit transaction at a time. Owned by one
// connection; its methods are called from one thread at a time.
class BackendSession {
  public:
    virtual ~BackendSession() = default;
    // Runs outside any explicit transaction; the query commits once its cursor is exhausted.
    virtual Result<std::unique_ptr<Cursor>> RunAutoCommit(std::string_view query,
                                                          const ParamMap& params,
                                                          const TxOptions& options) = 0;
    // An auto-commit query that would wait for the single writer is handed to a writer lane
    // instead of blocking the caller: returns true and calls `done` once, later, from another
    // thread (after the commit is durable, with the rows materialized). False: the caller runs
    // it with RunAutoCommit (a read, a query that does not prepare, or no lane).
    virtual bool QueueAutoCommit(std::string_view /*query*/, const ParamMap& /*params*/,
                                 const TxOptions& /*options*/, RunDone /*done*/) {
        return false;
    }
    // True when `query` certainly only reads (false when unsure): a request made only of reads
    // can run on a snapshot instead of waiting for the write lock.
    virtual bool ReadOnly(std::string_view /*query*/) { return false; }
    virtual Status Begin(const TxOptions& options) = 0;
    // Runs inside the open transaction; the previous cursor of this transaction must be
    // finished or destroyed first.
    virtual Result<std::unique_ptr<Cursor>> RunInTransaction(std::string_view query,
                                                             const ParamMap& params) = 0;
    virtual Status Commit() = 0;
    virtual Status Rollback() = 0;
    virtual bool in_transaction() const = 0;
};

// Shared by every connection; thread-safe.
class Backend {
  public:
    virtual ~Backend() = default;
    virtual std::unique_ptr<BackendSession> NewSession() = 0;
    // Counters for /metrics; zeros when there is no database behind the backend.
    virtual DatabaseStats Stats() const { return {}; }
};

}  // namespace nexus::server
