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

#include "graph/format.h"
#include "graph/graph.h"
#include "graph/record_heap.h"

namespace nexus::graph {

enum class AdjDir : uint8_t { kOut = 0, kIn = 1, kLoop = 2 };

// One group as parsed from a record; inline bytes point into the record (or `owned`).
struct AdjGroup {
    TokenId type = 0;
    AdjDir dir = AdjDir::kOut;
    uint64_t count = 0;
    bool dense = false;
    const uint8_t* data = nullptr;  // inline entries
    size_t size = 0;
    PageId head = 0, tail = 0;  // dense chunk chain
    std::string owned;          // inline bytes rewritten by this transaction
};

class Adjacency {
  public:
    // Groups grow inline up to this many bytes, then move to chunk pages.
    static constexpr size_t kInlineGroupMax = 1024;
    static constexpr size_t kInlineRecordMax = 1800;

    Adjacency(storage::PageReader* reader, storage::PageWriter* writer, RecordHeap* heap)
        : reader_(reader), writer_(writer), heap_(heap) {}

    static Status Parse(const uint8_t* data, size_t size, PageId page, std::vector<AdjGroup>* out);
    static void Serialize(const std::vector<AdjGroup>& groups, std::string* out);

    // Appends the entries of `dir`/`types` from the record at `addr` (see GraphReader::Expand).
    Status Expand(RecordAddr addr, Direction dir, std::span<const TokenId> types,
                  std::vector<AdjEntry>* out);
    Result<uint64_t> Degree(RecordAddr addr, Direction dir, std::span<const TokenId> types);

    // Adds or removes one entry; returns the record's new address (kNoRecord once empty).
    Result<RecordAddr> Add(RecordAddr addr, TokenId type, AdjDir dir, NodeId neighbor, RelId rel);
    Result<RecordAddr> Remove(RecordAddr addr, TokenId type, AdjDir dir, RelId rel);

  private:
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
