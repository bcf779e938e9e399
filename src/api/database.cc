// Database: opening (Config -> PagerOptions), transactions, auto-commit Cypher, stats.
#include <vector>

#include "api/api_internal.h"
#include "common/rows_source.h"

namespace nexus {
namespace {

storage::PagerOptions ToPagerOptions(const Config& c) {
    storage::PagerOptions o;
    o.sync_mode = c.sync_mode;
    o.normal_sync_commits = c.normal_sync_commits;
    o.normal_sync_interval_ms = c.normal_sync_interval_ms;
    o.cache_bytes = c.page_cache_bytes;
    o.wal_checkpoint_bytes = c.wal_checkpoint_bytes;
    o.create_if_missing = c.create_if_missing;
    o.read_only = c.read_only;
    o.env = c.env;
    return o;
}

}  // namespace

void Database::Impl::TxnStarted() {
    std::lock_guard lock(mu_);
    ++live_;
}

void Database::Impl::TxnEnded() {
    std::lock_guard lock(mu_);
    if (--live_ == 0) cv_.notify_all();
}

void Database::Impl::WaitForTransactions() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return live_ == 0; });
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Database::~Database() {
    if (!impl_) return;
    impl_->WaitForTransactions();
    impl_->tm.reset();  // the pager checkpoints and closes
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, const Config& config) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->config = config;
    ASSIGN_OR_RETURN(impl->tm, txn::TransactionManager::Open(path, ToPagerOptions(config)));
    return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Result<std::unique_ptr<Transaction>> Database::begin(AccessMode mode) {
    if (mode == AccessMode::kRead) {
        ASSIGN_OR_RETURN(auto read, impl_->tm->BeginRead());
        return std::make_unique<Transaction>(
            std::make_unique<Transaction::Impl>(impl_.get(), std::move(read)));
    }
    if (impl_->config.read_only) {
        return Status(StatusCode::kTransactionError, "the database is open read-only");
    }
    ASSIGN_OR_RETURN(auto write, impl_->tm->BeginWrite());
    return std::make_unique<Transaction>(
        std::make_unique<Transaction::Impl>(impl_.get(), std::move(write)));
}

Result<QueryResult> Database::execute(std::string_view query, const ParamMap& params) {
    return execute(query, params, QueryOptions{});
}

Result<QueryResult> Database::execute(std::string_view query, const ParamMap& params,
                                      const QueryOptions& limits) {
#if NEXUS_HAVE_CYPHER_ENGINE
    ASSIGN_OR_RETURN(std::shared_ptr<const cypher::PreparedQuery> prepared,
                     impl_->engine->Prepare(query));
    cypher::ExecOptions options;
    options.memory_limit_bytes = impl_->config.query_memory_limit_bytes;
    options.timeout_ms = limits.timeout_ms;
    options.interrupted = limits.interrupted;
    if (prepared->read_only()) {
        // One allocation for the transaction and its shared count (begin() would add one).
        ASSIGN_OR_RETURN(auto read, impl_->tm->BeginRead());
        auto keep = std::make_shared<Transaction>(
            std::make_unique<Transaction::Impl>(impl_.get(), std::move(read)));
        ASSIGN_OR_RETURN(graph::GraphStore * g, keep->impl()->Graph());
        ASSIGN_OR_RETURN(QueryResult result, prepared->Execute(g, nullptr, params, options));
        result.keep_alive_ = keep;  // the snapshot lives as long as the rows stream
        return result;
    }
    ASSIGN_OR_RETURN(auto txn, begin(AccessMode::kWrite));
    ASSIGN_OR_RETURN(graph::GraphStore * g, txn->impl()->Graph());
    ASSIGN_OR_RETURN(QueryResult result, prepared->Execute(g, g, params, options));
    ASSIGN_OR_RETURN(auto rows, result.rows());
    QueryStats stats = result.stats();
    std::vector<std::string> columns = result.columns();
    std::string plan = result.plan();
    result = QueryResult();  // the source reads through the transaction: drop it first
    RETURN_IF_ERROR(txn->commit());
    return QueryResult(std::move(columns), std::make_unique<RowsSource>(std::move(rows), stats),
                       std::move(plan));
#else
    return Status(StatusCode::kNotSupported, "Cypher engine not built");
#endif
}

Result<Database::QueryKind> Database::classify(std::string_view query) {
#if NEXUS_HAVE_CYPHER_ENGINE
    ASSIGN_OR_RETURN(std::shared_ptr<const cypher::PreparedQuery> prepared,
                     impl_->engine->Prepare(query));
    if (prepared->is_schema_command()) return QueryKind::kSchema;
    return prepared->read_only() ? QueryKind::kRead : QueryKind::kWrite;
#else
    (void)query;
    return Status(StatusCode::kNotSupported, "Cypher engine not built");
#endif
}

Status Database::checkpoint() {
    return impl_->tm->Checkpoint();
}

DatabaseStats Database::stats() const {
    storage::PagerStats p = impl_->tm->Stats();
    DatabaseStats s;
    s.commits = p.commits;
    s.rollbacks = p.rollbacks;
    s.wal_bytes = p.wal_bytes;
    s.wal_fsyncs = p.wal_fsyncs;
    s.wal_size_bytes = p.wal_size_bytes;
    s.page_cache_hits = p.cache_hits;
    s.page_cache_misses = p.cache_misses;
    s.page_cache_evictions = p.cache_evictions;
    s.page_cache_bytes = impl_->config.page_cache_bytes;
    s.checkpoints = p.checkpoints;
    s.checkpoint_micros = p.checkpoint_micros;
    s.file_pages = p.file_pages;
    return s;
}

const std::string& Database::path() const {
    return impl_->path;
}
const Config& Database::config() const {
    return impl_->config;
}

}  // namespace nexus
