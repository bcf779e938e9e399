// DbBackend: QueryResult-backed cursors and Transaction-backed sessions.
#include "server/db_backend.h"

#include <functional>

namespace nexus::server {
namespace {

// A streaming QueryResult may read the parameters it was given until its last row, so the
// cursor owns them (declared first: destroyed after the result).
class ResultCursor : public Cursor {
  public:
    explicit ResultCursor(std::unique_ptr<ParamMap> params) : params_(std::move(params)) {}
    const ParamMap& params() const { return *params_; }
    void set_result(QueryResult result) { result_ = std::move(result); }
    const std::vector<std::string>& columns() const override { return result_.columns(); }
    Result<bool> Next(std::vector<Value>* row) override {
        if (result_.next()) {
            *row = result_.row();
            return true;
        }
        if (!result_.status().ok()) return result_.status();
        return false;
    }
    const QueryStats& stats() const override { return result_.stats(); }

  private:
    std::unique_ptr<ParamMap> params_;
    QueryResult result_;
};

Result<std::unique_ptr<Cursor>> MakeCursor(
    const ParamMap& params, const std::function<Result<QueryResult>(const ParamMap&)>& run) {
    auto cursor = std::make_unique<ResultCursor>(std::make_unique<ParamMap>(params));
    ASSIGN_OR_RETURN(QueryResult result, run(cursor->params()));
    cursor->set_result(std::move(result));
    return std::unique_ptr<Cursor>(std::move(cursor));
}

class DbSession : public BackendSession {
  public:
    DbSession(Database* db, WriterLane* lane) : db_(db), lane_(lane) {}
    ~DbSession() override {
        if (tx_) tx_->rollback().IgnoreError();
    }

    Result<std::unique_ptr<Cursor>> RunAutoCommit(std::string_view query, const ParamMap& params,
                                                  const TxOptions& options) override {
        QueryOptions limits{options.timeout_ms, options.interrupted};
        return MakeCursor(params,
                          [&](const ParamMap& p) { return db_->execute(query, p, limits); });
    }

    bool QueueAutoCommit(std::string_view query, const ParamMap& params, const TxOptions& options,
                         RunDone done) override {
        if (lane_ == nullptr) return false;
        // A client usually repeats one query text: remember its kind rather than ask the
        // plan cache (a shared lock) on every RUN. The kind depends on the text alone.
        if (query != last_query_) {
            // A query that does not prepare fails the same way through RunAutoCommit.
            Result<Database::QueryKind> kind = db_->classify(query);
            if (!kind.ok()) return false;
            last_query_.assign(query);
            last_kind_ = *kind;
        }
        if (last_kind_ == Database::QueryKind::kRead) return false;
        lane_->Submit(WriterLane::Job{last_query_, params, options, std::move(done), last_kind_});
        return true;
    }

    bool ReadOnly(std::string_view query) override {
        Result<Database::QueryKind> kind = db_->classify(query);
        return kind.ok() && *kind == Database::QueryKind::kRead;
    }

    Status Begin(const TxOptions& options) override {
        if (tx_) return Status(StatusCode::kTransactionError, "a transaction is already open");
        ASSIGN_OR_RETURN(tx_, db_->begin(options.mode));
        tx_limits_ = QueryOptions{options.timeout_ms, options.interrupted};
        return Status::Ok();
    }

    Result<std::unique_ptr<Cursor>> RunInTransaction(std::string_view query,
                                                     const ParamMap& params) override {
        if (!tx_) return Status(StatusCode::kTransactionError, "no open transaction");
        return MakeCursor(params,
                          [&](const ParamMap& p) { return tx_->execute(query, p, tx_limits_); });
    }

    Status Commit() override {
        if (!tx_) return Status(StatusCode::kTransactionError, "no open transaction");
        std::unique_ptr<Transaction> tx = std::move(tx_);
        return tx->commit();
    }

    Status Rollback() override {
        if (!tx_) return Status::Ok();
        std::unique_ptr<Transaction> tx = std::move(tx_);
        return tx->rollback();
    }

    bool in_transaction() const override { return tx_ != nullptr; }

  private:
    Database* db_;
    WriterLane* lane_;  // null: writes run in the caller
    std::string last_query_;
    Database::QueryKind last_kind_ = Database::QueryKind::kRead;
    std::unique_ptr<Transaction> tx_;
    QueryOptions tx_limits_;  // from BEGIN, for every query of the transaction
};

}  // namespace

DbBackend::DbBackend(Database* db, int lane_threads) : db_(db) {
    if (lane_threads > 0) lane_ = std::make_unique<WriterLane>(db, lane_threads);
}

DbBackend::~DbBackend() = default;

std::unique_ptr<BackendSession> DbBackend::NewSession() {
    return std::make_unique<DbSession>(db_, lane_.get());
}

}  // namespace nexus::server
