// CachedReader: a PageReader over a read snapshot that keeps the last few pages it returned
// pinned, so scans that touch the same record or heap page again skip the pager's lookup.
// Only for read-only views: a snapshot's pages never change, a writer's may.
// PinnedPages: the same idea for one bulk operation, handing out raw page pointers.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "graph/format.h"
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

// A direct-mapped set of pinned, type-checked pages for one scan: a hit costs a compare, not
// a pager lookup and a reference-count round trip. A pointer stays valid until the next Get
// that maps to the same slot, so callers keep at most one page per kind in use at a time
// (record page, heap page, chunk page) and those never collide by construction: see Get.
// Valid only while the pages cannot change (a snapshot, or a writer that is not writing).
class PinnedPages {
  public:
    explicit PinnedPages(storage::PageReader* reader) : reader_(reader), slots_(kSlots) {}

    enum Lane : uint32_t { kRecords = 0, kHeap = 1, kChunks = 2 };

    // The page's bytes, or null with *st set. Lanes split the slots by use so that fetching
    // a chunk page never evicts the heap page whose record is being decoded.
    const uint8_t* Get(PageId id, PageType type, Lane lane, Status* st) {
        Slot& s = slots_[kLaneBase[lane] + (id & kLaneMask[lane])];
        if (s.id == id && s.data != nullptr && s.type == type) return s.data;
        Result<storage::PageRef> ref = ReadTyped(reader_, id, type);
        if (!ref.ok()) {
            *st = ref.status();
            return nullptr;
        }
        s.ref = std::move(*ref);
        s.id = id;
        s.type = type;
        s.data = s.ref.data();
        return s.data;
    }

  private:
    // Chunk pages get most slots: a dense group's chain is revisited for each direction
    // and type filter. At most kSlots pages (about 3 MB) stay pinned during one scan.
    static constexpr uint32_t kLaneMask[3] = {15, 63, 255};
    static constexpr uint32_t kLaneBase[3] = {0, 16, 16 + 64};
    static constexpr uint32_t kSlots = 16 + 64 + 256;
    struct Slot {
        PageId id = 0;
        PageType type = PageType::kRoot;
        const uint8_t* data = nullptr;
        storage::PageRef ref;
    };
    storage::PageReader* reader_;
    std::vector<Slot> slots_;
};

}  // namespace nexus::graph
