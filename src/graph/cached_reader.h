// CachedReader: a PageReader over a read snapshot that keeps the last few pages it returned
// pinned, so scans that touch the same record or heap page again skip the pager's lookup.
// Only for read-only views: a snapshot's pages never change, a writer's may.
#pragma once

#include <array>
#include <memory>

#include "storage/page_store.h"

namespace nexus::graph {

class CachedReader final : public storage::PageReader {
  public:
    explicit CachedReader(storage::PageReader* base) : base_(base) {}

    Result<storage::PageRef> Read(storage::PageId id) override {
        Slot& s = slots_[id % kSlots];
        if (s.id == id && s.ref) return s.ref;
        Result<storage::PageRef> ref = base_->Read(id);
        if (ref.ok()) {
            s.id = id;
            s.ref = *ref;
        }
        return ref;
    }
    storage::PageId page_count() const override { return base_->page_count(); }

  private:
    static constexpr size_t kSlots = 256;
    struct Slot {
        storage::PageId id = 0;
        storage::PageRef ref;
    };
    storage::PageReader* base_;
    std::array<Slot, kSlots> slots_;
};

}  // namespace nexus::graph
