// TransactionManager: owns the Pager and hands out transactions that pair a pager snapshot
// (or the write transaction) with a GraphStore view of it. Formats the database on first
// open. Readers never block the writer nor the writer readers; writers run one at a time.
//
// Write transaction states:
//     open --Commit: GraphStore::Flush, pager commit, publish tokens--> committed
//       \--Rollback / destroy / failed Commit--> rolled back (no trace)
//
// Thread-safety: the manager is shared by all threads; each transaction object belongs to
// one thread at a time and must be destroyed before the manager.
#pragma once

#include <memory>
#include <string>

#include "graph/graph_store.h"
#include "graph/tokens.h"
#include "storage/pager.h"

namespace nexus::txn {

class ReadTransaction {
  public:
    graph::GraphStore* graph() { return graph_.get(); }
    uint64_t snapshot_seq() const { return pages_->snapshot_seq(); }
    // The page snapshot under the graph view (online backup copies it page by page).
    storage::ReadTxn* pages() { return pages_.get(); }

  private:
    friend class TransactionManager;
    std::unique_ptr<storage::ReadTxn> pages_;
    std::unique_ptr<graph::GraphStore> graph_;  // reads through pages_
};

class WriteTransaction {
  public:
    ~WriteTransaction();
    graph::GraphStore* graph() { return graph_.get(); }
    // Ends the transaction: it is committed when this returns OK, rolled back otherwise.
    Status Commit();
    void Rollback();
    bool open() const { return pages_ != nullptr; }

  private:
    friend class TransactionManager;
    std::unique_ptr<storage::WriteTxn> pages_;
    std::unique_ptr<graph::GraphStore> graph_;
};

class TransactionManager {
  public:
    static Result<std::unique_ptr<TransactionManager>> Open(const std::string& path,
                                                            const storage::PagerOptions& options);
    ~TransactionManager();

    Result<std::unique_ptr<ReadTransaction>> BeginRead();
    // Blocks while another write transaction is open.
    Result<std::unique_ptr<WriteTransaction>> BeginWrite();
    Status Checkpoint() { return pager_->Checkpoint(); }
    storage::PagerStats Stats() const { return pager_->Stats(); }

  private:
    TransactionManager() = default;
    Status FormatIfNeeded(bool read_only);

    std::unique_ptr<storage::Pager> pager_;
    std::shared_ptr<graph::TokenCache> tokens_ = std::make_shared<graph::TokenCache>();
};

}  // namespace nexus::txn
