// RecordFile: fixed-size records (nodes, relationships) addressed by a dense id. Record
// pages are found through a two-level directory of page ids whose top page is named in the
// root page; the id -> page mapping is cached per transaction view. Relationship record
// pages may name a side page of per-slot property addresses. Also the record codecs.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/format.h"
#include "graph/graph.h"
#include "storage/page_store.h"

namespace nexus::graph {

// Fixed-size node record, decoded.
struct NodeRec {
    static constexpr uint8_t kOverflow = 0xff;
    uint8_t nlabels = 0;  // kOverflow: labels live in the heap record `label_overflow`
    TokenId labels[kNodeInlineLabels] = {};
    RecordAddr label_overflow = kNoRecord;
    RecordAddr props = kNoRecord;
    RecordAddr adj = kNoRecord;
};

struct RelRec {
    TokenId type = 0;
    NodeId start = 0;
    NodeId end = 0;
    RecordAddr props = kNoRecord;  // lives in the side page, not in the record
};

// Encodes an in-use node record into kNodeRecordSize bytes.
void EncodeNodeRecord(const NodeRec& rec, uint8_t* p);
// False when the record is not in use; corruption for a bad label count.
Result<bool> DecodeNodeRecord(const uint8_t* p, NodeRec* rec);
// Encodes an in-use relationship record; the has-properties bit follows rec.props.
void EncodeRelRecord(const RelRec& rec, uint8_t* p);
// False when not in use. Leaves rec->props alone; *has_props says whether the side page
// holds an address for it.
bool DecodeRelRecord(const uint8_t* p, RelRec* rec, bool* has_props);

class RecordFile {
  public:
    static constexpr uint32_t kHeader = 8;  // of directory pages and node record pages
    static constexpr uint32_t kDirEntries = (kPageUsable - 8) / 4;

    // `top` is the root page field holding the directory's top page (0 before the first
    // record); the writer updates it in place. `writer` is null for read-only views.
    // Relationship record pages have a longer header (the side page id).
    RecordFile(storage::PageReader* reader, storage::PageWriter* writer, PageType type,
               uint32_t record_size, PageId* top)
        : reader_(reader),
          writer_(writer),
          type_(type),
          record_size_(record_size),
          header_(type == PageType::kRelRecords ? kRelRecordsHeader : kHeader),
          per_page_((kPageUsable - header_) / record_size),
          top_(top) {}

    // Records per page and the header before them, for a record page of `type`.
    static uint32_t HeaderOf(PageType type) {
        return type == PageType::kRelRecords ? kRelRecordsHeader : kHeader;
    }

    uint32_t per_page() const { return per_page_; }
    uint64_t max_ids() const { return uint64_t{kDirEntries} * kDirEntries * per_page_; }

    // The record's bytes; `pin` keeps the page alive. Corruption when the page is missing.
    Result<const uint8_t*> Read(uint64_t id, storage::PageRef* pin);
    // A writable record, creating its page (and directory pages) on first use.
    Result<uint8_t*> Write(uint64_t id);

    // The side address of `id` (relationship property addresses); corruption when the
    // record's page has no side page or names one that is not its own.
    Result<RecordAddr> ReadSide(uint64_t id);
    // Sets it, creating the side page on the first non-zero address of a record page.
    Status WriteSide(uint64_t id, RecordAddr addr);

  private:
    Result<PageId> PageFor(uint64_t page_index, bool create);
    Result<PageId> DirEntry(PageId dir, uint32_t slot, bool create, uint8_t child_level);

    storage::PageReader* reader_;
    storage::PageWriter* writer_;
    PageType type_;
    uint32_t record_size_;
    uint32_t header_;
    uint32_t per_page_;
    PageId* top_;
    std::vector<PageId> cache_;  // page index -> page id, 0 when not looked up yet
    uint64_t sparse_index_ = 0;  // the last lookup the dense cache does not reach
    PageId sparse_page_ = 0;
};

}  // namespace nexus::graph
