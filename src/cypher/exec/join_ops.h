// HashJoin: joins its input (the probe side) with the rows of a build plan on node-valued key
// slots. The build plan is opened with the probe row as its argument and rebuilt only when
// the probe row's partition slots change, so a pattern bound at both ends (IC5's
// (friend)<-[]-(post)<-[]-(forum) with friend and forum bound) walks each friend's posts
// once instead of once per (friend, forum) row.
#pragma once

#include <string>
#include <vector>

#include "cypher/exec/basic_ops.h"

namespace nexus::cypher::exec {

struct HashJoinSpec {
    // Probe-row slots the build plan reads; consecutive probe rows equal on them share one
    // build. Empty: built once per Open.
    std::vector<int> partition_slots;
    std::vector<int> probe_keys;  // node slots of the probe row
    std::vector<int> build_keys;  // node slots of the build rows, pairwise equal to probe_keys
    std::vector<int> copy_slots;  // slots the build plan sets, copied into each joined row
    // OPTIONAL MATCH: a probe row without a match is kept once with copy_slots null.
    bool optional = false;
};

class HashJoinOp : public UnaryOp {
  public:
    HashJoinOp(OpPtr input, OpPtr build, HashJoinSpec spec)
        : UnaryOp(std::move(input)), build_(std::move(build)), spec_(std::move(spec)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return spec_.optional ? "OptionalHashJoin" : "HashJoin"; }
    std::string Detail() const override;
    std::vector<const Operator*> Children() const override { return {input_.get(), build_.get()}; }
    const HashJoinSpec& spec() const { return spec_; }
    const Operator& build() const { return *build_; }

  private:
    OpPtr build_;
    HashJoinSpec spec_;
};

}  // namespace nexus::cypher::exec
