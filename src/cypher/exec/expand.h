// Expander: one input row's single-hop expansion -- the adjacency entries of the from node
// that fit the pattern (type, direction, the bound far end, relationship uniqueness) and
// writing one of them into an output row. Shared by the Expand cursor, which copies the
// input row per match, and the fused pipelines of row_stream.h, which reuse one row.
#pragma once

#include <vector>

#include "cypher/exec/scan_ops.h"

namespace nexus::cypher::exec {

class Expander {
  public:
    Expander(const ExpandSpec& spec, ExecContext& ctx) : spec_(spec), ctx_(ctx) {}

    // Gathers the matches of `row` (none when the from node is null or deleted, or when no
    // type of the pattern exists). The row is read only here.
    Status Begin(const Row& row);
    size_t size() const { return adj_.size(); }
    // Writes match `i`'s relationship (when the pattern names one) and far node into `out`.
    Status Fill(size_t i, Row& out);

  private:
    Result<bool> ToSideSmaller(graph::NodeId from, graph::NodeId to,
                               std::span<const graph::TokenId> types);
    // Drops entries that the bound far end, the bound relationship or uniqueness exclude.
    void KeepMatches(const Row& row);

    const ExpandSpec& spec_;
    ExecContext& ctx_;
    std::vector<graph::AdjEntry> adj_;
    std::vector<graph::TokenId> types_;
    std::vector<graph::RelId> used_;  // relationships the row already holds
    graph::NodeId expanded_ = 0;      // the node whose relationships adj_ holds
    graph::NodeId target_ = 0;        // expand-into: the node at the other end
    bool types_resolved_ = false;
    bool any_type_known_ = false;
};

}  // namespace nexus::cypher::exec
