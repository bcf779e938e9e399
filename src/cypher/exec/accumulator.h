// One aggregate's running state for one group: count, sum, avg, min, max, collect, stDev,
// stDevP, percentileCont, percentileDisc, each optionally DISTINCT. The function name is
// resolved once per accumulator, not per row.
#pragma once

#include <memory>

#include "cypher/exec/group_index.h"

namespace nexus::cypher::exec {

struct AggregateSpec;

enum class AggFn : uint8_t {
    kCount,
    kSum,
    kAvg,
    kMin,
    kMax,
    kCollect,
    kStDev,
    kStDevP,
    kPercentileCont,
    kPercentileDisc,
};

AggFn ParseAggFn(const std::string& lower_name);

class Accumulator {
  public:
    explicit Accumulator(const AggregateSpec& spec, AggFn fn);

    // For DISTINCT over a property of the node in `slot` while nothing writes: a node seen
    // before gives the value seen before, so its rows are skipped without reading it again.
    void SkipRepeatedNodes(int slot) { node_slot_ = slot; }

    Status Add(const Row& row, ExecContext& ctx);
    // The aggregate's value; moves the collected list out, so call it once.
    Result<Value> Finish();

  private:
    Status Accept(Value v, ExecContext& ctx);
    Result<Value> Percentile();

    const AggregateSpec& spec_;
    AggFn fn_;
    int64_t count_ = 0;
    Value sum_;
    double fsum_ = 0, mean_ = 0, m2_ = 0;
    Value best_;
    Value param_;
    List list_;
    std::unique_ptr<DistinctSet> seen_;  // DISTINCT only
    int node_slot_ = -1;
    FlatU64Set seen_nodes_;
    MemoGate gate_;
};

}  // namespace nexus::cypher::exec
