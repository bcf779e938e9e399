// The embedded API: open a database file, run Cypher, or work with nodes and relationships
// directly inside explicit transactions.
//
//   auto db = nexus::Database::open("movies.nexus", nexus::Config::production());
//   auto result = (*db)->execute("MATCH (p:Person) RETURN p.name AS name");
//   while (result->next()) std::cout << result->row()[0].ToString() << "\n";
//
// Thread-safety: one Database may be shared by any number of threads. A Transaction and a
// QueryResult belong to one thread at a time. Any number of read transactions run at once on
// their own snapshots; write transactions run one at a time (begin() waits for the writer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nexus/config.h"
#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus {

// Side effects of one query, as Neo4j reports them.
struct QueryStats {
    int64_t nodes_created = 0;
    int64_t nodes_deleted = 0;
    int64_t relationships_created = 0;
    int64_t relationships_deleted = 0;
    int64_t properties_set = 0;
    int64_t labels_added = 0;
    int64_t labels_removed = 0;
    int64_t indexes_added = 0;
    int64_t indexes_removed = 0;
    int64_t constraints_added = 0;
    int64_t constraints_removed = 0;
    bool contains_updates() const;
};

// Counters since the database was opened.
struct DatabaseStats {
    uint64_t commits = 0;
    uint64_t rollbacks = 0;
    uint64_t wal_bytes = 0;  // bytes appended to the WAL
    uint64_t wal_fsyncs = 0;
    uint64_t wal_size_bytes = 0;  // current WAL file size
    uint64_t page_cache_hits = 0;
    uint64_t page_cache_misses = 0;
    uint64_t page_cache_evictions = 0;
    uint64_t page_cache_bytes = 0;  // configured bound
    uint64_t checkpoints = 0;
    uint64_t checkpoint_micros = 0;  // total time spent checkpointing
    uint64_t file_pages = 0;         // pages in the main file
};

// A stream of rows. Rows are produced on demand: next() pulls the next one.
class QueryResult {
  public:
    // Where rows come from (the query engine implements it).
    class Source {
      public:
        virtual ~Source() = default;
        // Fills `row` and returns true, or returns false at the end.
        virtual Result<bool> Next(std::vector<Value>* row) = 0;
        // Final once Next() returned false.
        virtual const QueryStats& stats() const = 0;
    };

    QueryResult() = default;
    QueryResult(std::vector<std::string> columns, std::unique_ptr<Source> source,
                std::string plan = {});
    QueryResult(QueryResult&&) noexcept;
    QueryResult& operator=(QueryResult&&) noexcept;
    ~QueryResult();

    const std::vector<std::string>& columns() const { return columns_; }
    // Advances to the next row; false at the end or on error (then status() is not OK).
    bool next();
    const std::vector<Value>& row() const { return row_; }
    const Status& status() const { return status_; }
    const QueryStats& stats() const;
    // The plan for EXPLAIN and PROFILE (with rows and time per operator); empty otherwise.
    const std::string& plan() const { return plan_; }
    // Reads every remaining row; the error, if one stops it.
    Result<std::vector<std::vector<Value>>> rows();

  private:
    std::vector<std::string> columns_;
    std::unique_ptr<Source> source_;
    std::string plan_;
    std::vector<Value> row_;
    Status status_;
    QueryStats empty_stats_;
    std::shared_ptr<void> keep_alive_;  // the auto-commit transaction a streaming read uses
    friend class Database;
};

enum class AccessMode : uint8_t { kRead = 0, kWrite = 1 };

// Limits of one query on top of the database's Config (a server passes its clients' timeout
// and its RESET / hang-up signal here). Both are checked while the query runs, also before
// its first row, so a long sort or aggregation stops too.
struct QueryOptions {
    int64_t timeout_ms = 0;  // kTimeout once the query has run this long; 0: no limit
    // Polled while the query runs (from the thread running it); true stops it with kCancelled.
    std::function<bool()> interrupted;
};
enum class Direction : uint8_t { kOutgoing = 0, kIncoming = 1, kBoth = 2 };

// One neighbour of a node reached through a relationship.
struct Neighbor {
    int64_t relationship = -1;
    int64_t node = -1;
    std::string type;
    Direction direction = Direction::kOutgoing;  // relative to the expanded node
};

class Transaction {
  public:
    class Impl;
    explicit Transaction(std::unique_ptr<Impl> impl);
    ~Transaction();  // rolls back unless committed

    Status commit();
    Status rollback();
    bool read_only() const;

    // Runs Cypher inside this transaction. The result must be consumed before the next call.
    Result<QueryResult> execute(std::string_view query, const ParamMap& params = {});
    Result<QueryResult> execute(std::string_view query, const ParamMap& params,
                                const QueryOptions& options);

    Result<int64_t> create_node(const std::vector<std::string>& labels, const Map& props = {});
    Result<int64_t> create_relationship(int64_t start, int64_t end, const std::string& type,
                                        const Map& props = {});
    Result<Node> get_node(int64_t id);  // labels and properties filled in
    Result<Relationship> get_relationship(int64_t id);
    // kDeleteConnected if the node has relationships, unless `detach`.
    Status delete_node(int64_t id, bool detach = false);
    Status delete_relationship(int64_t id);
    Status set_node_property(int64_t id, const std::string& key, const Value& value);
    Status remove_node_property(int64_t id, const std::string& key);
    Status set_relationship_property(int64_t id, const std::string& key, const Value& value);
    Status remove_relationship_property(int64_t id, const std::string& key);
    Status add_label(int64_t id, const std::string& label);
    Status remove_label(int64_t id, const std::string& label);

    Result<std::vector<int64_t>> nodes_with_label(const std::string& label);
    // Neighbours through relationships of `type` (every type when empty).
    Result<std::vector<Neighbor>> expand(int64_t node, Direction direction,
                                         const std::string& type = {});
    // Exact counts; an empty label/type counts everything.
    Result<int64_t> count_nodes(const std::string& label = {});
    Result<int64_t> count_relationships(const std::string& type = {});

    Impl* impl() { return impl_.get(); }

  private:
    std::unique_ptr<Impl> impl_;
};

class Database {
  public:
    class Impl;
    // Opens (or, with create_if_missing, creates) the database at `path`, replaying its WAL.
    static Result<std::unique_ptr<Database>> open(const std::string& path,
                                                  const Config& config = Config());
    ~Database();  // waits for running transactions to end, checkpoints, closes

    // Read transactions see a snapshot as of their start; write transactions run one at a time.
    Result<std::unique_ptr<Transaction>> begin(AccessMode mode = AccessMode::kWrite);

    // Runs one statement in its own transaction (committed when it succeeds).
    Result<QueryResult> execute(std::string_view query, const ParamMap& params = {});
    Result<QueryResult> execute(std::string_view query, const ParamMap& params,
                                const QueryOptions& options);

    // What `query` would do as an auto-commit statement, without running it: a server sends
    // writes to a lane of its own so they never hold the threads that serve reads. Prepares
    // the query (cached, so the execute() that follows does not parse it again).
    enum class QueryKind : uint8_t { kRead, kWrite, kSchema };
    Result<QueryKind> classify(std::string_view query);

    Status checkpoint();
    // Online backup: copies every page of one read snapshot into a fresh database at `dest`
    // (empty WAL), fsyncs it and renames it into place, so `dest` is never half-written.
    // Writers keep committing meanwhile; the copy holds exactly the commits the snapshot saw.
    Status backup(const std::string& dest);
    DatabaseStats stats() const;
    const std::string& path() const;
    const Config& config() const;

    Impl* impl() { return impl_.get(); }

  private:
    explicit Database(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace nexus
