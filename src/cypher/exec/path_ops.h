// Multi-hop operators: VarExpand (every trail of min..max hops, relationships unique within
// the pattern) and ShortestPath (BFS between two bound nodes; one or all shortest paths).
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cypher/exec/scan_ops.h"

namespace nexus::cypher::exec {

struct VarExpandSpec {
    ExpandSpec hop;  // hop.rel is the slot that receives the list of relationships
    int64_t min_hops = 1;
    int64_t max_hops = -1;  // -1: unbounded
    // The pattern was written right-to-left of the expansion: reverse the list so it reads
    // in pattern order.
    bool reverse = false;
    std::vector<std::pair<std::string, ExprPtr>> rel_props;  // every hop must match
    // Set by the planner when only the distinct end nodes are observable (rows are
    // deduplicated by end node above, the relationship list is never read): one row per
    // reachable end node, found breadth-first; `depth_slot`, when set, receives the length
    // of the shortest trail to it. Needs min_hops <= 1, an unbound end and list.
    bool distinct_ends = false;
    int depth_slot = -1;
};

class VarExpandOp : public UnaryOp {
  public:
    VarExpandOp(OpPtr input, VarExpandSpec spec)
        : UnaryOp(std::move(input)), spec_(std::move(spec)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "VarLengthExpand"; }
    std::string Detail() const override;
    const VarExpandSpec& spec() const { return spec_; }
    VarExpandSpec* mutable_spec() { return &spec_; }  // for planner rewrites only

  private:
    VarExpandSpec spec_;
};

// The distinct-ends search (var_expand_ends.cc): appends to `out` one row per node that ends
// a trail of min_hops..max_hops from `start`, as `row` extended with the end node (and the
// shortest trail length in spec.depth_slot).
Status ExpandDistinctEnds(const VarExpandSpec& spec, ExecContext& ctx, const Row& row,
                          std::span<const graph::TokenId> types, graph::NodeId start,
                          std::vector<Row>* out);

struct ShortestPathSpec {
    ExpandSpec hop;  // from and to are both bound; hop.rel unused
    int path_slot = -1;
    int rels_slot = -1;  // the relationship variable (a list), or -1
    int64_t min_hops = 1;
    int64_t max_hops = -1;
    bool all = false;      // allShortestPaths
    bool reverse = false;  // the path was written from `to` to `from`
};

class ShortestPathOp : public UnaryOp {
  public:
    ShortestPathOp(OpPtr input, ShortestPathSpec spec)
        : UnaryOp(std::move(input)), spec_(std::move(spec)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return spec_.all ? "AllShortestPaths" : "ShortestPath"; }
    const ShortestPathSpec& spec() const { return spec_; }

  private:
    ShortestPathSpec spec_;
};

}  // namespace nexus::cypher::exec
