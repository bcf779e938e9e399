// The implementation classes behind the embedded API's pimpls (include/nexus/database.h):
// Database::Impl owns the TransactionManager and the Cypher engine; Transaction::Impl owns
// one read or write transaction and counts itself live so that ~Database can wait for it.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "nexus/database.h"
#include "txn/transaction_manager.h"

#if NEXUS_HAVE_CYPHER_ENGINE
#include "cypher/engine.h"
#endif

namespace nexus {

class Database::Impl {
  public:
    std::string path;
    Config config;
    std::unique_ptr<txn::TransactionManager> tm;
#if NEXUS_HAVE_CYPHER_ENGINE
    std::unique_ptr<cypher::Engine> engine = std::make_unique<cypher::Engine>();
#endif

    void TxnStarted();
    void TxnEnded();
    void WaitForTransactions();

  private:
    std::mutex mu_;
    std::condition_variable cv_;
    int live_ = 0;
};

class Transaction::Impl {
  public:
    Impl(Database::Impl* db, std::unique_ptr<txn::ReadTransaction> read);
    Impl(Database::Impl* db, std::unique_ptr<txn::WriteTransaction> write);
    ~Impl();

    // The graph view, or kTransactionError once the transaction ended.
    Result<graph::GraphStore*> Graph();
    graph::GraphStore* writer() { return write_ ? write_->graph() : nullptr; }
    bool read_only() const { return write_ == nullptr && !was_write_; }
    Status Commit();
    Status Rollback();
    Result<QueryResult> Execute(std::string_view query, const ParamMap& params,
                                const QueryOptions& limits);

  private:
    Database::Impl* db_;
    std::unique_ptr<txn::ReadTransaction> read_;
    std::unique_ptr<txn::WriteTransaction> write_;
    bool was_write_ = false;
    bool ended_ = false;
};

}  // namespace nexus
