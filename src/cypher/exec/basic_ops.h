// Row-shaping operators: Argument (the leaf), Filter, Project, Unwind, Skip/Limit, Distinct,
// Eager (a materializing barrier between reads and writes) and Empty.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cypher/exec/expr.h"
#include "cypher/exec/operator.h"

namespace nexus::cypher::exec {

// Yields the argument row once: the leaf of every plan.
class ArgumentOp : public Operator {
  public:
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Argument"; }
};

// Base for operators with one input.
class UnaryOp : public Operator {
  public:
    explicit UnaryOp(OpPtr input) : input_(std::move(input)) {}
    std::vector<const Operator*> Children() const override { return {input_.get()}; }
    const Operator& input() const { return *input_; }
    Operator* mutable_input() { return input_.get(); }  // for planner rewrites only

  protected:
    OpPtr input_;
};

class FilterOp : public UnaryOp {
  public:
    FilterOp(OpPtr input, ExprPtr predicate)
        : UnaryOp(std::move(input)), predicate_(std::move(predicate)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Filter"; }
    std::string Detail() const override { return predicate_->ToString(); }
    const Expr& predicate() const { return *predicate_; }

  private:
    ExprPtr predicate_;
};

// Evaluates expressions into slots (in order, so later items may read earlier ones).
class ProjectOp : public UnaryOp {
  public:
    ProjectOp(OpPtr input, std::vector<ExprPtr> exprs, std::vector<int> slots)
        : UnaryOp(std::move(input)), exprs_(std::move(exprs)), slots_(std::move(slots)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Projection"; }
    std::string Detail() const override;
    const std::vector<ExprPtr>& exprs() const { return exprs_; }
    const std::vector<int>& slots() const { return slots_; }

  private:
    std::vector<ExprPtr> exprs_;
    std::vector<int> slots_;
};

class UnwindOp : public UnaryOp {
  public:
    UnwindOp(OpPtr input, ExprPtr list, int slot)
        : UnaryOp(std::move(input)), list_(std::move(list)), slot_(slot) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Unwind"; }
    std::string Detail() const override { return list_->ToString(); }
    const Expr& list() const { return *list_; }
    int slot() const { return slot_; }

  private:
    ExprPtr list_;
    int slot_;
};

// SKIP and LIMIT; either expression may be null. Both must be non-negative integers.
class SkipLimitOp : public UnaryOp {
  public:
    SkipLimitOp(OpPtr input, ExprPtr skip, ExprPtr limit)
        : UnaryOp(std::move(input)), skip_(std::move(skip)), limit_(std::move(limit)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "SkipLimit"; }
    const Expr* skip() const { return skip_.get(); }
    const Expr* limit() const { return limit_.get(); }

  private:
    ExprPtr skip_, limit_;
};

// Evaluates a SKIP/LIMIT expression to a count.
Result<int64_t> EvalCount(const Expr& e, const Row& argument, ExecContext& ctx, const char* what);

// Keeps the first row of each distinct combination of `slots`.
class DistinctOp : public UnaryOp {
  public:
    DistinctOp(OpPtr input, std::vector<int> slots)
        : UnaryOp(std::move(input)), slots_(std::move(slots)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Distinct"; }

  private:
    std::vector<int> slots_;
};

// Reads its whole input before passing any row on, so writes above it cannot be seen by
// reads below it (and the other way round).
class EagerOp : public UnaryOp {
  public:
    explicit EagerOp(OpPtr input) : UnaryOp(std::move(input)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Eager"; }
};

// A cursor over rows already in memory.
std::unique_ptr<Cursor> MakeVectorCursor(std::vector<Row> rows);

// Materializes every row of `op` opened with `argument`, charging the memory budget.
Result<std::vector<Row>> Drain(const Operator& op, ExecContext& ctx, const Row& argument);

// Produces no rows (after running its input for side effects).
class DiscardOp : public UnaryOp {
  public:
    explicit DiscardOp(OpPtr input) : UnaryOp(std::move(input)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "EmptyResult"; }
};

}  // namespace nexus::cypher::exec
