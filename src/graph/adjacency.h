// Adjacency lists: one heap record per node holding its groups, one group per (relationship
// type, direction) with direction out, in or loop (a self-loop is stored once). A group's
// entries (neighbour, relationship) are delta + zigzag-varint encoded, inline in the record
// while small and in a chain of chunk pages once the group is dense, so appends stay O(1)
// and expanding one group costs O(its degree). Layout: docs/format/records.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "graph/cached_reader.h"
#include "graph/format.h"
#include "graph/graph.h"
#include "graph/record_heap.h"

namespace nexus::graph {

// Gathers ScanAdjacency entries in a fixed buffer and hands them to the visitor a batch at a
// time, so a scan allocates nothing per node or per entry.
class AdjScanBatch {
  public:
    static constexpr size_t kSize = 1024;
    explicit AdjScanBatch(AdjacencyVisitor* visitor) : visitor_(visitor) {}

    // Free room for *room >= 1 entries, flushing first when full; null once the visitor
    // stopped. Report how many were filled with Filled().
    AdjScanEntry* Room(size_t* room) {
        if (n_ == kSize && !Flush()) return nullptr;
        *room = kSize - n_;
        return buf_ + n_;
    }
    void Filled(size_t n) { n_ += n; }
    // Hands the buffered entries over; false once the visitor asked to stop.
    bool Flush() {
        if (n_ > 0 && !stopped_)
            stopped_ = !visitor_->Visit(std::span<const AdjScanEntry>(buf_, n_));
        n_ = 0;
        return !stopped_;
    }
    bool stopped() const { return stopped_; }

  private:
    AdjacencyVisitor* visitor_;
    AdjScanEntry buf_[kSize];
    size_t n_ = 0;
    bool stopped_ = false;
};

enum class AdjDir : uint8_t { kOut = 0, kIn = 1, kLoop = 2 };

// One group as parsed from a record; inline bytes point into the record (or `owned`).
struct AdjGroup {
    TokenId type = 0;
    AdjDir dir = AdjDir::kOut;
    uint64_t count = 0;
    bool dense = false;
    bool run = false;               // data in the run form (only between NextGroup and Parse)
    const uint8_t* data = nullptr;  // inline entries
    size_t size = 0;
    PageId head = 0, tail = 0;  // dense chunk chain
    std::string owned;          // inline bytes rewritten by this transaction
};

class Adjacency {
  public:
    // Groups grow inline up to this many bytes, then move to chunk pages, as does the largest
    // inline group of a record past kInlineRecordMax. A chunk page holds one group, so a
    // group moved out at 1 KiB left most of its page empty: on LDBC SF0.1, 633 chunk pages
    // held 1.03 MB at limits 1024 / 1800, and 504 remain at 2000 / 2000 (130 at 4000 / 4000).
    // An inline append rewrites the record, so the limits also bound the bytes copied per
    // added relationship. Both stay below RecordHeap::kMaxInline: a record never overflows.
    static constexpr size_t kInlineGroupMax = 2000;
    static constexpr size_t kInlineRecordMax = 2000;

    Adjacency(storage::PageReader* reader, storage::PageWriter* writer, RecordHeap* heap)
        : reader_(reader), writer_(writer), heap_(heap) {}

    static Status Parse(const uint8_t* data, size_t size, PageId page, std::vector<AdjGroup>* out);
    static void Serialize(const std::vector<AdjGroup>& groups, std::string* out);
    // Points each group's `data` back at its `owned` bytes after the vector moved its groups
    // (a short string's bytes move with it).
    static void Repoint(std::vector<AdjGroup>* groups);

    // Appends the entries of `dir`/`types` from the record at `addr` (see GraphReader::Expand).
    Status Expand(RecordAddr addr, Direction dir, std::span<const TokenId> types,
                  std::vector<AdjEntry>* out);
    Result<uint64_t> Degree(RecordAddr addr, Direction dir, std::span<const TokenId> types);
    // Streams the entries of `node`'s adjacency record (its bytes `data`, on heap page
    // `page`; memory up to `limit` is readable) that Expand would return to `out`; dense
    // chunks are read through `pages`.
    Status ScanRecord(NodeId node, const uint8_t* data, size_t size, const uint8_t* limit,
                      PageId page, Direction dir, std::span<const TokenId> types,
                      PinnedPages* pages, AdjScanBatch* out);

    // Adds or removes one entry; returns the record's new address (kNoRecord once empty).
    Result<RecordAddr> Add(RecordAddr addr, TokenId type, AdjDir dir, NodeId neighbor, RelId rel);
    Result<RecordAddr> Remove(RecordAddr addr, TokenId type, AdjDir dir, RelId rel);

  private:
    Status ScanDense(PageId head, uint64_t count, NodeId node, TokenId type, Direction d,
                     PinnedPages* pages, AdjScanBatch* out);
    Status ScanRecordFast(NodeId node, const uint8_t* data, size_t size, PageId page, Direction dir,
                          std::span<const TokenId> types, PinnedPages* pages, AdjScanBatch* out);
    Status DecodeGroup(const AdjGroup& g, Direction requested, std::vector<AdjEntry>* out);
    Status AppendDense(AdjGroup* g, NodeId neighbor, RelId rel);
    Status MakeDense(AdjGroup* g);
    Status RemoveDense(AdjGroup* g, RelId rel, bool* found);
    Result<RecordAddr> Store(RecordAddr addr, const std::vector<AdjGroup>& groups);

    storage::PageReader* reader_;
    storage::PageWriter* writer_;
    RecordHeap* heap_;
};

}  // namespace nexus::graph
