// The query engine's entry point: text -> prepared (parsed, checked, planned) query, cached
// by text; a prepared query runs against one transaction's graph view and streams rows.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "nexus/database.h"
#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::cypher {

struct ExecOptions {
    size_t memory_limit_bytes = 0;  // 0: unlimited
    int64_t timeout_ms = 0;         // kTimeout once the query ran this long; 0: no limit
    // Polled between operators while the query runs; true stops it with kCancelled.
    std::function<bool()> interrupted;
};

// Immutable and shareable between threads; each Execute() makes its own state.
class PreparedQuery {
  public:
    virtual ~PreparedQuery() = default;
    // True when the query neither writes data nor changes the schema.
    virtual bool read_only() const = 0;
    // True for schema commands (CREATE INDEX ...), which run in a transaction of their own.
    virtual bool is_schema_command() const = 0;
    virtual const std::vector<std::string>& columns() const = 0;
    // EXPLAIN text of the plan.
    virtual std::string Explain() const = 0;

    // Runs on `reader`; `writer` is the same transaction's writable view, or null for a read
    // transaction (then a writing query fails with a clear error). Rows stream from the
    // returned source, which must not outlive the transaction.
    virtual Result<QueryResult> Execute(graph::GraphReader* reader, graph::GraphWriter* writer,
                                        const ParamMap& params,
                                        const ExecOptions& options) const = 0;
};

class Engine {
  public:
    explicit Engine(size_t plan_cache_entries = 1024);
    ~Engine();
    // Syntax and semantic errors carry the Neo4j code and the line/column.
    Result<std::shared_ptr<const PreparedQuery>> Prepare(std::string_view text);

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace nexus::cypher
