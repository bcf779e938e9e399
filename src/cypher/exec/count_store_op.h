// CountFromStore: answers `MATCH (n[:L]) RETURN count(*)` and `MATCH ()-[r[:T]]->() RETURN
// count(r)` from the graph's count metadata instead of scanning. The planner swaps it in for a
// scan (+ expand) + keyless count aggregation of exactly that shape (planner/count_shortcut.cc).
#pragma once

#include <string>
#include <vector>

#include "cypher/exec/basic_ops.h"

namespace nexus::cypher::exec {

struct StoreCount {
    int slot = -1;  // receives the count
    bool rels = false;
    std::vector<std::string> names;  // the label (nodes, at most one) or the types (rels)
    graph::Direction dir = graph::Direction::kOutgoing;
};

// For each input row, sets every item's slot to its count as seen by the transaction (so a
// writer sees its own creations and deletions).
class CountFromStoreOp : public UnaryOp {
  public:
    CountFromStoreOp(OpPtr input, std::vector<StoreCount> counts)
        : UnaryOp(std::move(input)), counts_(std::move(counts)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override;
    std::string Detail() const override;

  private:
    std::vector<StoreCount> counts_;
};

// The count one item stands for, read from the graph's metadata.
Result<int64_t> CountFromStore(const StoreCount& c, ExecContext& ctx);

}  // namespace nexus::cypher::exec
