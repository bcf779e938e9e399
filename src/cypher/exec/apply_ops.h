// Operators that run an inner plan once per outer row, the inner plan's Argument leaf
// receiving that row: Apply (CALL subqueries, disconnected patterns), Optional (OPTIONAL
// MATCH: null-fill when the inner plan yields nothing), Foreach, and Union of branches.
#pragma once

#include <vector>

#include "cypher/exec/basic_ops.h"

namespace nexus::cypher::exec {

class ApplyOp : public UnaryOp {
  public:
    // `unit`: the inner plan returns nothing (a unit subquery); pass the outer row through.
    ApplyOp(OpPtr input, OpPtr inner, bool unit = false)
        : UnaryOp(std::move(input)), inner_(std::move(inner)), unit_(unit) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return unit_ ? "UnitApply" : "Apply"; }
    std::vector<const Operator*> Children() const override { return {input_.get(), inner_.get()}; }
    const Operator& inner() const { return *inner_; }
    bool unit() const { return unit_; }

  private:
    OpPtr inner_;
    bool unit_;
};

class OptionalOp : public UnaryOp {
  public:
    OptionalOp(OpPtr input, OpPtr inner, std::vector<int> null_slots)
        : UnaryOp(std::move(input)), inner_(std::move(inner)), null_slots_(std::move(null_slots)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Optional"; }
    std::vector<const Operator*> Children() const override { return {input_.get(), inner_.get()}; }
    const Operator& inner() const { return *inner_; }
    const std::vector<int>& null_slots() const { return null_slots_; }

  private:
    OpPtr inner_;
    std::vector<int> null_slots_;
};

class ForeachOp : public UnaryOp {
  public:
    ForeachOp(OpPtr input, ExprPtr list, int slot, OpPtr body)
        : UnaryOp(std::move(input)), list_(std::move(list)), slot_(slot), body_(std::move(body)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Foreach"; }
    std::vector<const Operator*> Children() const override { return {input_.get(), body_.get()}; }
    const Expr& list() const { return *list_; }
    int slot() const { return slot_; }
    const Operator& body() const { return *body_; }

  private:
    ExprPtr list_;
    int slot_;
    OpPtr body_;
};

// Concatenates branches, each opened with the argument row; branch i's column values (at
// its own slots) are copied to the shared output slots.
class UnionOp : public Operator {
  public:
    UnionOp(std::vector<OpPtr> branches, std::vector<std::vector<int>> branch_slots,
            std::vector<int> out_slots)
        : branches_(std::move(branches)),
          branch_slots_(std::move(branch_slots)),
          out_slots_(std::move(out_slots)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Union"; }
    std::vector<const Operator*> Children() const override;
    const std::vector<OpPtr>& branches() const { return branches_; }
    const std::vector<std::vector<int>>& branch_slots() const { return branch_slots_; }
    const std::vector<int>& out_slots() const { return out_slots_; }

  private:
    std::vector<OpPtr> branches_;
    std::vector<std::vector<int>> branch_slots_;
    std::vector<int> out_slots_;
};

}  // namespace nexus::cypher::exec
