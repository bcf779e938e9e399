// Hash aggregation: rows grouped by key expressions, with count, sum, avg, min, max,
// collect, stDev, stDevP, percentileCont, percentileDisc (each optionally DISTINCT). The
// output row of a group is the group's first input row with key and aggregate slots set,
// so expressions over grouping variables can still be evaluated above it.
#pragma once

#include <string>
#include <vector>

#include "cypher/exec/basic_ops.h"

namespace nexus::cypher::exec {

struct AggregateSpec {
    std::string function;  // lower case; "count" with no args is count(*)
    bool distinct = false;
    std::vector<ExprPtr> args;
    int slot = -1;
};

// True for the names the aggregation operator implements.
bool IsAggregateFunction(const std::string& lower_name);

class AggregateOp : public UnaryOp {
  public:
    AggregateOp(OpPtr input, std::vector<ExprPtr> keys, std::vector<int> key_slots,
                std::vector<AggregateSpec> aggs)
        : UnaryOp(std::move(input)),
          keys_(std::move(keys)),
          key_slots_(std::move(key_slots)),
          aggs_(std::move(aggs)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return keys_.empty() ? "Aggregate" : "HashAggregate"; }
    std::string Detail() const override;
    const std::vector<ExprPtr>& keys() const { return keys_; }
    const std::vector<int>& key_slots() const { return key_slots_; }
    const std::vector<AggregateSpec>& aggs() const { return aggs_; }

  private:
    std::vector<ExprPtr> keys_;
    std::vector<int> key_slots_;
    std::vector<AggregateSpec> aggs_;
};

}  // namespace nexus::cypher::exec
