// ReadViewPool: GraphStore read views kept between read transactions of the same committed
// version, so a short read does not re-decode the root page, counts and index catalog (nor
// rebuild the view's page and record caches) that the previous read of that version decoded.
// A view is keyed by the pager's snapshot sequence number, which names one committed state:
// it is handed out only to a snapshot with exactly that number, never to an older or newer one.
//
// Thread-safety: the pool is shared by all threads; an acquired view belongs to one
// transaction (one thread at a time) until it is released.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "graph/graph_store.h"
#include "graph/tokens.h"
#include "storage/pager.h"

namespace nexus::txn {

// The page reader a pooled view reads through: it forwards to the snapshot of the
// transaction currently using the view, and refuses reads while the view is idle.
class SnapshotPages final : public storage::PageReader {
  public:
    Result<storage::PageRef> Read(storage::PageId id) override;
    storage::PageId page_count() const override;
    void Bind(storage::ReadTxn* snapshot) { snapshot_ = snapshot; }

  private:
    storage::ReadTxn* snapshot_ = nullptr;
};

// One read view and the version it shows. Created and recycled only by ReadViewPool.
struct ReadView {
    uint64_t seq = 0;
    SnapshotPages pages;  // before graph: the view reads through it
    std::unique_ptr<graph::GraphStore> graph;
};

class ReadViewPool {
  public:
    // At most `max_idle` views wait between transactions (0: every view is used once).
    ReadViewPool(size_t max_idle, std::shared_ptr<graph::TokenCache> tokens)
        : max_idle_(max_idle), tokens_(std::move(tokens)) {}
    ~ReadViewPool();

    // A view of `snapshot`'s version bound to it: an idle one of that version, else a new one.
    Result<std::unique_ptr<ReadView>> Acquire(storage::ReadTxn* snapshot);
    // Call before the view's snapshot ends. Keeps the view for the next reader of the same
    // version when that is still the newest version seen, else destroys it.
    void Release(std::unique_ptr<ReadView> view);
    // How many acquisitions were served by a recycled view.
    uint64_t reused() const;

  private:
    const size_t max_idle_;
    std::shared_ptr<graph::TokenCache> tokens_;
    mutable std::mutex mu_;
    std::vector<std::unique_ptr<ReadView>> idle_;  // guarded by mu_; all of version newest_
    uint64_t newest_ = 0;                          // guarded by mu_
    uint64_t reused_ = 0;                          // guarded by mu_
};

}  // namespace nexus::txn
