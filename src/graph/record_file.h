// RecordFile: fixed-size records (nodes, relationships) addressed by a dense id. Record
// pages are found through a two-level directory of page ids whose top page is named in the
// root page; the id -> page mapping is cached per transaction view.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/format.h"
#include "storage/page_store.h"

namespace nexus::graph {

class RecordFile {
  public:
    static constexpr uint32_t kHeader = 8;
    static constexpr uint32_t kDirEntries = (kPageUsable - 8) / 4;

    // `top` is the root page field holding the directory's top page (0 before the first
    // record); the writer updates it in place. `writer` is null for read-only views.
    RecordFile(storage::PageReader* reader, storage::PageWriter* writer, PageType type,
               uint32_t record_size, PageId* top)
        : reader_(reader),
          writer_(writer),
          type_(type),
          record_size_(record_size),
          per_page_((kPageUsable - kHeader) / record_size),
          top_(top) {}

    uint32_t per_page() const { return per_page_; }
    uint64_t max_ids() const { return uint64_t{kDirEntries} * kDirEntries * per_page_; }

    // The record's bytes; `pin` keeps the page alive. Corruption when the page is missing.
    Result<const uint8_t*> Read(uint64_t id, storage::PageRef* pin);
    // A writable record, creating its page (and directory pages) on first use.
    Result<uint8_t*> Write(uint64_t id);

  private:
    Result<PageId> PageFor(uint64_t page_index, bool create);
    Result<PageId> DirEntry(PageId dir, uint32_t slot, bool create, uint8_t child_level);

    storage::PageReader* reader_;
    storage::PageWriter* writer_;
    PageType type_;
    uint32_t record_size_;
    uint32_t per_page_;
    PageId* top_;
    std::vector<PageId> cache_;  // page index -> page id, 0 when not looked up yet
    uint64_t sparse_index_ = 0;  // the last lookup the dense cache does not reach
    PageId sparse_page_ = 0;
};

}  // namespace nexus::graph
