// RecordHeap: variable-size records (property lists, adjacency lists, overflow labels,
// counts, catalogs) in slotted pages, with overflow page chains for records too large to
// share a page. Space freed by deletes is reused: pages are compacted in place, pages with
// room are remembered in HeapState, and empty pages go back to the pager.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/format.h"
#include "storage/page_store.h"

namespace nexus::graph {

// Kept in the root page (see docs/format/records.md).
struct HeapState {
    static constexpr size_t kMaxCandidates = 32;
    PageId current = 0;              // the page new records go to first
    std::vector<PageId> candidates;  // other pages known to have room
};

// A record's bytes: points into a pinned page, or into `owned` for overflow records.
struct RecordView {
    storage::PageRef pin;
    std::string owned;
    const uint8_t* data = nullptr;
    size_t size = 0;
};

class RecordHeap {
  public:
    // Records at most this long live inside a slotted page; longer ones overflow.
    // Two fit a page exactly (with their slots), and adjacency records of up to
    // Adjacency::kInlineRecordMax bytes never overflow.
    static constexpr size_t kMaxInline = (kPageUsable - 8) / 2 - 4;

    // `writer` is null for a read-only view. Not thread-safe: one per transaction.
    RecordHeap(storage::PageReader* reader, storage::PageWriter* writer, HeapState* state)
        : reader_(reader), writer_(writer), state_(state) {}

    Status Read(RecordAddr addr, RecordView* out) const;
    // The record at `addr` on its heap page image `p` (read and type-checked by the caller),
    // without pinning anything: its bytes, or *overflow = true when it lives in overflow
    // pages (use Read then).
    static Status ReadOnPage(RecordAddr addr, const uint8_t* p, const uint8_t** data, size_t* size,
                             bool* overflow);
    // The bytes must not point into a heap page (callers pass their own buffers).
    Result<RecordAddr> Insert(const uint8_t* data, size_t size);
    // Rewrites a record, in place when it fits, else elsewhere: use the returned address.
    Result<RecordAddr> Update(RecordAddr addr, const uint8_t* data, size_t size);
    Status Delete(RecordAddr addr);

    Result<RecordAddr> Insert(const std::string& s) {
        return Insert(reinterpret_cast<const uint8_t*>(s.data()), s.size());
    }
    Result<RecordAddr> Update(RecordAddr addr, const std::string& s) {
        return Update(addr, reinterpret_cast<const uint8_t*>(s.data()), s.size());
    }

  private:
    // The stored body: a kind byte, then the bytes (inline) or an overflow stub.
    Result<std::string> MakeBody(const uint8_t* data, size_t size);
    Status FreeBody(PageId page, const uint8_t* body, size_t len);
    Result<std::string> WriteOverflow(const uint8_t* data, size_t size);
    Status ReadOverflow(PageId page, const uint8_t* stub, size_t len, std::string* out) const;
    Result<RecordAddr> Place(const std::string& body);
    // Places `body` in `page` if it has room; kNoRecord when it does not.
    Result<RecordAddr> TryPlace(PageId page, const std::string& body, int reuse_slot);
    static Result<const uint8_t*> SlotBody(PageId page, const uint8_t* p, uint16_t slot,
                                           uint16_t* len);
    Status AfterRemove(PageId page, uint8_t* p);

    storage::PageReader* reader_;
    storage::PageWriter* writer_;
    HeapState* state_;
};

}  // namespace nexus::graph
