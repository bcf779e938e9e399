// Transactions over the Pager and the record layer.
#include "txn/transaction_manager.h"

#include <algorithm>

namespace nexus::txn {
namespace {

// Idle views keep the pages they read pinned (up to CachedReader's 256 each), which the
// buffer pool cannot evict: keep only as many as fit in a sixteenth of the pool, so a small
// pool still caches what the running transactions need.
constexpr size_t kMaxIdleViews = 8;
constexpr size_t kPinnedPagesPerView = 256;

size_t MaxIdleViews(const storage::PagerOptions& options) {
    size_t pool_pages = options.cache_bytes / storage::kPageSize;
    return std::min(kMaxIdleViews, pool_pages / (16 * kPinnedPagesPerView));
}

}  // namespace

ReadTransaction::~ReadTransaction() {
    if (view_) pool_->Release(std::move(view_));
}

WriteTransaction::~WriteTransaction() {
    Rollback();
}

Status WriteTransaction::Commit() {
    if (!pages_) return Status(StatusCode::kTransactionError, "transaction already ended");
    Status st = graph_->Flush();
    if (!st.ok()) {
        Rollback();
        return st;
    }
    st = pages_->Commit();
    if (st.ok()) graph_->OnCommitted();
    graph_.reset();
    pages_.reset();
    return st;
}

void WriteTransaction::Rollback() {
    graph_.reset();
    if (pages_) {
        pages_->Rollback();
        pages_.reset();
    }
}

TransactionManager::~TransactionManager() = default;

Result<std::unique_ptr<TransactionManager>> TransactionManager::Open(
    const std::string& path, const storage::PagerOptions& options) {
    std::unique_ptr<TransactionManager> tm(new TransactionManager());
    ASSIGN_OR_RETURN(tm->pager_, storage::Pager::Open(path, options));
    tm->views_ = std::make_unique<ReadViewPool>(MaxIdleViews(options), tm->tokens_);
    RETURN_IF_ERROR(tm->FormatIfNeeded(options.read_only));
    // Loads the token dictionary into the shared cache and checks the root page once.
    ASSIGN_OR_RETURN(auto probe, tm->BeginRead());
    return tm;
}

Status TransactionManager::FormatIfNeeded(bool read_only) {
    // A file whose creation crashed before the first commit has no root page either.
    ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTxn> snapshot, pager_->BeginRead());
    if (snapshot->page_count() > storage::kFirstDataPage) return Status::Ok();
    snapshot.reset();
    if (read_only) return Status(StatusCode::kNotFound, "database is empty and read-only");
    ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTxn> w, pager_->BeginWrite());
    Status st = graph::GraphStore::Format(w.get());
    if (!st.ok()) {
        w->Rollback();
        return st;
    }
    return w->Commit();
}

Result<std::unique_ptr<ReadTransaction>> TransactionManager::BeginRead() {
    std::unique_ptr<ReadTransaction> txn(new ReadTransaction());
    txn->pool_ = views_.get();
    ASSIGN_OR_RETURN(txn->pages_, pager_->BeginRead());
    ASSIGN_OR_RETURN(txn->view_, views_->Acquire(txn->pages_.get()));
    return txn;
}

Result<std::unique_ptr<WriteTransaction>> TransactionManager::BeginWrite() {
    std::unique_ptr<WriteTransaction> txn(new WriteTransaction());
    ASSIGN_OR_RETURN(txn->pages_, pager_->BeginWrite());
    auto graph = graph::GraphStore::OpenWriter(txn->pages_.get(), tokens_);
    if (!graph.ok()) {
        txn->Rollback();
        return graph.status();
    }
    txn->graph_ = std::move(*graph);
    return txn;
}

}  // namespace nexus::txn
