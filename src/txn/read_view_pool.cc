// ReadViewPool: acquiring and recycling GraphStore read views by committed version.
#include "txn/read_view_pool.h"

namespace nexus::txn {

Result<storage::PageRef> SnapshotPages::Read(storage::PageId id) {
    if (snapshot_ == nullptr) {
        return Status(StatusCode::kInternal, "read view used outside its transaction");
    }
    return snapshot_->Read(id);
}

storage::PageId SnapshotPages::page_count() const {
    return snapshot_ == nullptr ? 0 : snapshot_->page_count();
}

ReadViewPool::~ReadViewPool() = default;

Result<std::unique_ptr<ReadView>> ReadViewPool::Acquire(storage::ReadTxn* snapshot) {
    const uint64_t seq = snapshot->snapshot_seq();
    std::unique_ptr<ReadView> view;
    // Views of older versions can never be handed out again (snapshots only move forward);
    // they are destroyed after the lock is released, since that unpins their pages.
    std::vector<std::unique_ptr<ReadView>> stale;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (seq > newest_) {
            newest_ = seq;
            stale.swap(idle_);
        } else if (seq == newest_ && !idle_.empty()) {
            view = std::move(idle_.back());
            idle_.pop_back();
            ++reused_;
        }
    }
    if (view) {
        view->pages.Bind(snapshot);
        return view;
    }
    view = std::make_unique<ReadView>();
    view->seq = seq;
    view->pages.Bind(snapshot);
    ASSIGN_OR_RETURN(view->graph, graph::GraphStore::OpenReader(&view->pages, tokens_));
    return view;
}

void ReadViewPool::Release(std::unique_ptr<ReadView> view) {
    view->pages.Bind(nullptr);
    if (max_idle_ == 0 || !view->graph->IsCleanReadView()) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (view->seq == newest_ && idle_.size() < max_idle_) idle_.push_back(std::move(view));
    // Otherwise the view is destroyed when this returns, after the lock is released.
}

uint64_t ReadViewPool::reused() const {
    std::lock_guard<std::mutex> lock(mu_);
    return reused_;
}

}  // namespace nexus::txn
