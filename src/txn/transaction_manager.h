// TransactionManager: owns the Pager and hands out transactions that pair a pager snapshot
// (or the write transaction) with a GraphStore view of it. Formats the database on first
// open. Readers never block the writer nor the writer readers; writers run one at a time.
// Read transactions of one committed version share recycled graph views (read_view_pool.h).
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
#include "txn/read_view_pool.h"

namespace nexus::txn {

class ReadTransaction {
  public:
    ~ReadTransaction();
    graph::GraphStore* graph() { return view_->graph.get(); }
    uint64_t snapshot_seq() const { return pages_->snapshot_seq(); }
    // The page snapshot under the graph view (online backup copies it page by page).
    storage::ReadTxn* pages() { return pages_.get(); }

  private:
    friend class TransactionManager;
    ReadViewPool* pool_ = nullptr;
    std::unique_ptr<storage::ReadTxn> pages_;
    std::unique_ptr<ReadView> view_;  // reads through pages_; back to pool_ before it ends
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
    // Read transactions that got a recycled graph view instead of decoding a new one.
    uint64_t ReadViewsReused() const { return views_->reused(); }

  private:
    TransactionManager() = default;
    Status FormatIfNeeded(bool read_only);

    std::unique_ptr<storage::Pager> pager_;
    std::shared_ptr<graph::TokenCache> tokens_ = std::make_shared<graph::TokenCache>();
    // Declared after pager_: idle views pin pages, so they go before the pager closes.
    std::unique_ptr<ReadViewPool> views_;
};

}  // namespace nexus::txn
