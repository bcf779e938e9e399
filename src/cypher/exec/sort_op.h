// ORDER BY: a full stable sort, or top-k (partial sort) when a LIMIT bounds the rows needed.
#pragma once

#include <vector>

#include "cypher/exec/basic_ops.h"

namespace nexus::cypher::exec {

struct SortKey {
    ExprPtr expr;
    bool descending = false;
};

class SortOp : public UnaryOp {
  public:
    // `top`: when set, only the first `top` (+ `skip`) rows are needed (evaluated at open).
    SortOp(OpPtr input, std::vector<SortKey> keys, ExprPtr skip, ExprPtr top)
        : UnaryOp(std::move(input)),
          keys_(std::move(keys)),
          skip_(std::move(skip)),
          top_(std::move(top)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return top_ ? "Top" : "Sort"; }
    std::string Detail() const override;

  private:
    std::vector<SortKey> keys_;
    ExprPtr skip_, top_;
};

}  // namespace nexus::cypher::exec
