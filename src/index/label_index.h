// LabelIndex (which nodes carry a label) and NodeIdCursor, the node-id cursor that label and
// property index scans return. The label index keeps one B+tree entry per (label, 4096-id
// chunk) whose value is that chunk's bitmap (label_chunk.h); property index keys end in a
// big-endian node id. Either way ids come out in ascending order within a label or key.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "index/btree.h"
#include "index/label_chunk.h"

namespace nexus::index {

enum class ScanOrder : uint8_t { kAscending, kDescending };

// Node ids from a key range [lower, upper) of a BTree whose keys end in a big-endian id, or of the
// label index's chunk entries, in key order or its reverse. Bound to its PageReader (a snapshot);
// not thread-safe.
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
    // Label index: decodes the current entry's chunk into ids_ (in scan order).
    Status LoadChunk();

    BTree::Cursor cursor_;
    bool descending_ = false;
    bool valid_ = false;
    bool chunked_ = false;
    uint8_t id_bytes_ = 8;  // width of the big-endian id ending each key (not chunked)
    uint64_t node_ = 0;
    std::vector<uint64_t> ids_;
    size_t pos_ = 0;
};

// Set of (label, node). Keys: label (4 bytes BE) + node id >> 12 (6 bytes BE); values: the
// chunk's ids (label_chunk.h). Ids must be below 2^60. A value type holding only the root page
// id; the owner keeps that id.
class LabelIndex {
  public:
    static constexpr uint64_t kMaxNode = (uint64_t{1} << 60) - 1;
    static constexpr size_t kKeySize = 10;

    static Result<LabelIndex> Create(storage::PageWriter* w);
    // 12 bytes that sort as (label, node) do: lets `nexus check` compare expected and stored
    // pairs as strings. Not a B+tree key.
    static std::string PairKey(uint32_t label, uint64_t node);
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
        Status Finish();
        // Frees what was written, after a failed Add() or Finish().
        Status Abandon() { return builder_.Abandon(); }

      private:
        Status Flush();

        BTree::Builder builder_;
        bool any_ = false;
        std::pair<uint32_t, uint64_t> last_{0, 0};
        label_chunk::Bits bits_{};
        std::string value_;
    };

    Status Add(storage::PageWriter* w, uint32_t label, uint64_t node) const;
    // False when the pair was not indexed.
    Result<bool> Remove(storage::PageWriter* w, uint32_t label, uint64_t node) const;
    Result<bool> Contains(storage::PageReader* r, uint32_t label, uint64_t node) const;
    // Nodes with `label`, by id.
    Result<NodeIdCursor> Scan(storage::PageReader* r, uint32_t label,
                              ScanOrder order = ScanOrder::kAscending) const;
    // Exact count from the label's chunks.
    Result<uint64_t> Count(storage::PageReader* r, uint32_t label) const;
    // Every (label, node) pair in (label, node) order, each chunk validated; for `nexus check`.
    // kCorruption names the first bad entry.
    Status ForEach(storage::PageReader* r,
                   const std::function<void(uint32_t label, uint64_t node)>& fn) const;
    Status Destroy(storage::PageWriter* w) const { return BTree::Destroy(w, root_); }

  private:
    PageId root_;
};

}  // namespace nexus::index
