// Session and database opening for the nexus subcommands.
#include "session.h"

#include <CLI/CLI.hpp>

#include <chrono>

namespace nexus::tools {

void OpenOptions::AddFlags(CLI::App* app) {
    app->add_option("--sync", sync, "Commit durability: full, normal or off")
        ->capture_default_str();
    app->add_option("--page-cache", page_cache, "Page cache size, e.g. 256MiB or 2GiB")
        ->capture_default_str();
}

Result<std::unique_ptr<Database>> OpenDatabase(const OpenOptions& options) {
    Config config = Config::production();
    ASSIGN_OR_RETURN(config.sync_mode, ParseSyncMode(options.sync));
    ASSIGN_OR_RETURN(uint64_t cache, ParseSize(options.page_cache));
    if (cache < (uint64_t{1} << 20)) {
        return Status(StatusCode::kInvalidArgument,
                      "page cache '" + options.page_cache + "' is too small (at least 1MiB)");
    }
    config.page_cache_bytes = static_cast<size_t>(cache);
    return Database::open(options.path, config);
}

Session::~Session() {
    if (tx_) tx_->rollback().IgnoreError();
}

Status Session::Begin() {
    if (tx_) {
        return Status(StatusCode::kTransactionError, "a transaction is already open");
    }
    ASSIGN_OR_RETURN(tx_, db_->begin(AccessMode::kWrite));
    return Status::Ok();
}

Status Session::Commit() {
    if (!tx_) return Status(StatusCode::kTransactionError, "no open transaction to commit");
    std::unique_ptr<Transaction> tx = std::move(tx_);
    return tx->commit();
}

Status Session::Rollback() {
    if (!tx_) return Status(StatusCode::kTransactionError, "no open transaction to roll back");
    std::unique_ptr<Transaction> tx = std::move(tx_);
    return tx->rollback();
}

Result<StatementResult> Session::Run(const std::string& statement) {
    StatementResult out;
    auto start = std::chrono::steady_clock::now();
    auto finish = [&]() {
        out.millis =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
    };
    switch (ClassifyTxControl(statement)) {
        case TxControl::kBegin:
            RETURN_IF_ERROR(Begin());
            out.message = "transaction started";
            finish();
            return out;
        case TxControl::kCommit:
            RETURN_IF_ERROR(Commit());
            out.message = "transaction committed";
            finish();
            return out;
        case TxControl::kRollback:
            RETURN_IF_ERROR(Rollback());
            out.message = "transaction rolled back";
            finish();
            return out;
        case TxControl::kNone:
            break;
    }
    Status failed;
    {
        Result<QueryResult> r =
            tx_ ? tx_->execute(statement, params_) : db_->execute(statement, params_);
        if (r.ok()) {
            out.table.columns = r->columns();
            Result<std::vector<std::vector<Value>>> rows = r->rows();
            if (rows.ok()) {
                out.table.rows = std::move(*rows);
                out.stats = r->stats();
                out.plan = r->plan();
            } else {
                failed = rows.status();
            }
        } else {
            failed = r.status();
        }
    }  // the result (and an auto-commit transaction it holds) ends here
    if (!failed.ok()) {
        if (tx_) {
            tx_.reset();  // rolls back
            return Status(failed.code(), failed.message() + " [transaction rolled back]",
                          failed.position().value_or(SourcePosition{}));
        }
        return failed;
    }
    finish();
    return out;
}

std::string FormatError(const Status& status, const Statement* statement) {
    std::string out = "error: ";
    out += status.neo4j_code();
    out += ": " + status.message();
    if (status.position() && status.position()->line > 0) {
        SourcePosition p =
            statement ? ScriptPosition(*statement, *status.position()) : *status.position();
        out += " (line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ")";
    } else if (statement != nullptr) {
        out += " (statement at line " + std::to_string(statement->line) + ")";
    }
    return out;
}

}  // namespace nexus::tools
