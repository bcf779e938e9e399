// AdjSorter: collects the adjacency entries of every imported relationship and hands them
// back grouped by node in AdjItemLess order. While they fit the budget, relationships are
// kept as 12-byte edges indexed by relationship id and grouped by node at the end with a
// counting sort; past it, entries go to a buffer that is sorted (on two threads) and spilled
// as a run file beside the database, and the runs are merged at the end. Run files are
// removed when the sorter is destroyed.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "import/bulk_writer.h"

namespace nexus::import {

class AdjSorter {
  public:
    // Runs are named `spill_prefix` + ".run<N>"; `budget_bytes` bounds the in-memory buffer.
    AdjSorter(std::string spill_prefix, uint64_t budget_bytes);
    ~AdjSorter();
    AdjSorter(const AdjSorter&) = delete;
    AdjSorter& operator=(const AdjSorter&) = delete;

    // One relationship: an out entry at `start` and an in entry at `end`, or one loop entry.
    Status AddRel(graph::NodeId start, graph::NodeId end, graph::RelId rel, graph::TokenId type);
    // One entry (relationships given this way are never kept as edges).
    Status Add(const AdjItem& item) {
        if (compact_) RETURN_IF_ERROR(LeaveCompact());
        return AddItem(item);
    }

    using NodeFn = std::function<Status(graph::NodeId, std::span<const AdjItem>)>;
    // Calls `fn` once per node that has entries, in node order. Call once, after every Add.
    Status ForEachNode(const NodeFn& fn);

    size_t runs() const { return runs_.size(); }
    uint64_t items() const { return items_; }
    // True while relationships are kept as edges (they fit the budget so far).
    bool compact() const { return compact_; }

  private:
    struct Run {
        std::string path;
        std::FILE* file = nullptr;
    };
    // A relationship whose id is its index; node ids and type fit 32 bits.
    struct Edge {
        uint32_t start, end, type;
    };
    static constexpr size_t kEdgeBlockBits = 16;  // edges are kept in blocks of 64K
    const Edge& EdgeAt(uint64_t rel) const {
        return edge_blocks_[rel >> kEdgeBlockBits][rel & ((size_t{1} << kEdgeBlockBits) - 1)];
    }
    // Bytes the edges take, with what grouping them will take, after `rels` relationships.
    uint64_t CompactBytes(uint64_t rels, uint64_t max_node) const;
    // Turns the edges into entries of the buffer (spilling as it fills) and stays there.
    Status LeaveCompact();
    Status ForEachNodeCompact(const NodeFn& fn);
    Status AddItem(const AdjItem& item) {
        buf_.push_back(item);
        if (buf_.size() >= capacity_) return Spill();
        return Status::Ok();
    }
    void SortBuffer();
    Status Spill();
    Status MergeRuns(const NodeFn& fn);

    std::string prefix_;
    uint64_t budget_;
    size_t capacity_;
    bool compact_ = true;
    std::vector<std::unique_ptr<Edge[]>> edge_blocks_;
    uint64_t edges_ = 0;
    uint64_t max_node_ = 0;
    std::vector<AdjItem> buf_;
    std::vector<Run> runs_;
    uint64_t items_ = 0;  // spilled so far
};

}  // namespace nexus::import
