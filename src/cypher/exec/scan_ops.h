// Node-producing operators: NodeScan (all nodes, by label, by index seek when an index on the
// label matches an equality predicate of the pattern, or by index range / IN-list seek for a
// pushed-down range) and Expand (one hop with the relationship type and direction pushed into
// the graph's adjacency lookup; ExpandInto walks the smaller side of a bound pair).
#pragma once

#include <string>
#include <vector>

#include "cypher/exec/basic_ops.h"

namespace nexus::cypher::exec {

// A predicate on a property of the scanned node that an index range (or IN-list seek) can
// answer. The scan may return a superset: the MATCH's WHERE filter still runs above it.
enum class RangeOp : uint8_t { kLt, kLe, kGt, kGe, kStartsWith, kIn };
struct RangePredicate {
    std::string key;
    RangeOp op = RangeOp::kLt;
    ExprPtr value;
};

// For each input row, adds every node (with all `labels`, and with properties equal to
// `props`) in `slot`. The seek index is chosen when the scan opens, from the live schema.
class NodeScanOp : public UnaryOp {
  public:
    NodeScanOp(OpPtr input, int slot, std::vector<std::string> labels,
               std::vector<std::pair<std::string, ExprPtr>> props)
        : UnaryOp(std::move(input)),
          slot_(slot),
          labels_(std::move(labels)),
          props_(std::move(props)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override;
    std::string Detail() const override;

    int slot() const { return slot_; }
    const std::vector<std::string>& labels() const { return labels_; }
    const std::vector<std::pair<std::string, ExprPtr>>& props() const { return props_; }
    const std::vector<RangePredicate>& ranges() const { return ranges_; }
    // Used only when no index answers the equality properties.
    void set_ranges(std::vector<RangePredicate> ranges) { ranges_ = std::move(ranges); }

  private:
    int slot_;
    std::vector<std::string> labels_;
    std::vector<std::pair<std::string, ExprPtr>> props_;
    std::vector<RangePredicate> ranges_;
};

struct ExpandSpec {
    int from = -1;
    int rel = -1;
    int to = -1;
    bool to_bound = false;   // expand-into: `to` already holds a node
    bool rel_bound = false;  // the relationship variable is already bound: check it
    graph::Direction dir = graph::Direction::kOutgoing;
    std::vector<std::string> types;
    // Relationship slots bound earlier in the same MATCH: a relationship is used once.
    std::vector<int> distinct_from;
    std::vector<int> distinct_from_lists;
    // `rel` receives only the relationship id (an integer): the relationship is anonymous
    // and read by nothing but uniqueness checks.
    bool rel_id_only = false;
    // Expand-into: compare both ends' degrees at run time and walk the smaller side. The
    // planner turns it off when statistics say the from side is already about one.
    bool into_smaller_side = true;
};

// Resolves relationship type names to tokens; false when one never existed (then only the
// known ones can match, and none when all are unknown).
std::vector<graph::TokenId> ResolveTypes(ExecContext& ctx, const std::vector<std::string>& types,
                                         bool* any_known);

// True when `rel` equals the relationship (or is in the list) held in one of the slots; a
// slot may hold a bare id (ExpandSpec::rel_id_only).
bool RelUsed(const Row& row, graph::RelId rel, const std::vector<int>& slots,
             const std::vector<int>& list_slots);

class ExpandOp : public UnaryOp {
  public:
    ExpandOp(OpPtr input, ExpandSpec spec) : UnaryOp(std::move(input)), spec_(std::move(spec)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return spec_.to_bound ? "ExpandInto" : "Expand"; }
    std::string Detail() const override;
    const ExpandSpec& spec() const { return spec_; }

  private:
    ExpandSpec spec_;
};

}  // namespace nexus::cypher::exec
