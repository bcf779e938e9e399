// LabelIndex (which nodes carry a label) and NodeIdCursor, the node-id cursor that label and
// property index scans return. Both are thin layers over one BTree whose keys end in a
// big-endian node id, so ids come out in ascending order within a label or an index key.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "index/btree.h"

namespace nexus::index {

enum class ScanOrder : uint8_t { kAscending, kDescending };

// Node ids from a key range [lower, upper) of a BTree whose keys end in 8 big-endian id
// bytes, in key order or its reverse. Bound to its PageReader (a snapshot); not thread-safe.
class NodeIdCursor {
  public:
    // An empty cursor (a range that can match nothing).
    NodeIdCursor() : cursor_(nullptr, 0) {}

    bool Valid() const { return valid_; }
    uint64_t node() const { return node_; }
    Status Next();
    // Copies up to `max` ids into `out` and advances; 0 at the end.
    Result<size_t> NextBatch(uint64_t* out, size_t max);

  private:
    friend class LabelIndex;
    friend class PropertyIndex;
    NodeIdCursor(storage::PageReader* r, PageId root) : cursor_(r, root) {}
    // Visits keys in [lower, upper) (empty upper: no bound) in `order`.
    Status Start(std::string_view lower, std::string_view upper, ScanOrder order);
    Status Load();

    BTree::Cursor cursor_;
    bool descending_ = false;
    bool valid_ = false;
    uint64_t node_ = 0;
};

// Set of (label, node). Keys: label (4 bytes BE) + node id (8 bytes BE); values empty.
// A value type holding only the root page id; the owner keeps that id.
class LabelIndex {
  public:
    static Result<LabelIndex> Create(storage::PageWriter* w);
    // The B+tree key of one entry, for bulk loads (BTree::Builder) in key order.
    static std::string EntryKey(uint32_t label, uint64_t node);
    explicit LabelIndex(PageId root) : root_(root) {}
    // Fills this (empty) index from (label, node) pairs in any order; duplicates are dropped.
    // The importer's path; `entries` is consumed.
    Status BulkLoad(storage::PageWriter* w,
                    std::vector<std::pair<uint32_t, uint64_t>> entries) const;
    PageId root() const { return root_; }

    // Streams (label, node) pairs in ascending (label, node) order into an empty index; a
    // repeated pair is dropped. The importer's path for entries that do not fit in memory.
    class Loader {
      public:
        Loader(storage::PageWriter* w, const LabelIndex& index) : builder_(w, index.root_) {}
        Status Add(uint32_t label, uint64_t node);
        Status Finish() { return builder_.Finish(); }
        // Frees what was written, after a failed Add() or Finish().
        Status Abandon() { return builder_.Abandon(); }

      private:
        BTree::Builder builder_;
        bool any_ = false;
        std::pair<uint32_t, uint64_t> last_{0, 0};
    };

    Status Add(storage::PageWriter* w, uint32_t label, uint64_t node) const;
    // False when the pair was not indexed.
    Result<bool> Remove(storage::PageWriter* w, uint32_t label, uint64_t node) const;
    Result<bool> Contains(storage::PageReader* r, uint32_t label, uint64_t node) const;
    // Nodes with `label`, by id.
    Result<NodeIdCursor> Scan(storage::PageReader* r, uint32_t label,
                              ScanOrder order = ScanOrder::kAscending) const;
    // Exact count by scanning the label's entries.
    Result<uint64_t> Count(storage::PageReader* r, uint32_t label) const;
    Status Destroy(storage::PageWriter* w) const { return BTree::Destroy(w, root_); }

  private:
    PageId root_;
};

}  // namespace nexus::index
