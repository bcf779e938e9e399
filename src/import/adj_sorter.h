// AdjSorter: collects the adjacency entries of every imported relationship and hands them
// back grouped by node in AdjItemLess order. Memory is bounded: when the buffer reaches its
// budget it is sorted (on two threads) and spilled as a run file beside the database; the
// runs are merged at the end. Run files are removed when the sorter is destroyed.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
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

    Status Add(const AdjItem& item) {
        buf_.push_back(item);
        if (buf_.size() >= capacity_) return Spill();
        return Status::Ok();
    }

    using NodeFn = std::function<Status(graph::NodeId, std::span<const AdjItem>)>;
    // Calls `fn` once per node that has entries, in node order. Call once, after every Add.
    Status ForEachNode(const NodeFn& fn);

    size_t runs() const { return runs_.size(); }
    uint64_t items() const { return items_; }

  private:
    struct Run {
        std::string path;
        std::FILE* file = nullptr;
    };
    void SortBuffer();
    Status Spill();
    Status MergeRuns(const NodeFn& fn);

    std::string prefix_;
    size_t capacity_;
    std::vector<AdjItem> buf_;
    std::vector<Run> runs_;
    uint64_t items_ = 0;  // spilled so far
};

}  // namespace nexus::import
