// Updating operators: CREATE, MERGE, SET, REMOVE and [DETACH] DELETE. Each applies its
// change for every input row as the row passes and counts side effects in QueryStats.
// The planner puts Eager barriers around them where reads could observe the writes.
#pragma once

#include <string>
#include <vector>

#include "cypher/exec/basic_ops.h"

namespace nexus::cypher::exec {

struct CreateNodeSpec {
    int slot = -1;
    bool bound = false;  // an existing node from an earlier clause: nothing to create
    std::vector<std::string> labels;
    ExprPtr props;  // a map expression, or null
};

struct CreateRelSpec {
    int slot = -1;
    int start = -1;
    int end = -1;
    std::string type;
    ExprPtr props;
};

struct CreateSpec {
    std::vector<CreateNodeSpec> nodes;
    std::vector<CreateRelSpec> rels;
    bool merge = false;  // MERGE: a null property value cannot be merged
};

enum class SetKind : uint8_t {
    kProperty,
    kReplaceMap,
    kMergeMap,
    kLabels,
    kRemoveProperty,
    kRemoveLabels
};

struct SetSpec {
    SetKind kind = SetKind::kProperty;
    ExprPtr target;    // the entity (or a map-valued expression for errors)
    std::string key;   // kProperty / kRemoveProperty with a static key
    ExprPtr key_expr;  // n[expr] = v
    ExprPtr value;
    std::vector<std::string> labels;
};

// Runs the create spec on one row (shared by CreateOp and MergeOp).
Status RunCreate(const CreateSpec& spec, Row& row, ExecContext& ctx);
// Applies one SET/REMOVE item to one row.
Status RunSet(const SetSpec& spec, const Row& row, ExecContext& ctx);

class CreateOp : public UnaryOp {
  public:
    CreateOp(OpPtr input, CreateSpec spec) : UnaryOp(std::move(input)), spec_(std::move(spec)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Create"; }
    bool Writes() const override { return true; }

  private:
    CreateSpec spec_;
};

class SetOp : public UnaryOp {
  public:
    SetOp(OpPtr input, std::vector<SetSpec> items)
        : UnaryOp(std::move(input)), items_(std::move(items)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "SetProperties"; }
    bool Writes() const override { return true; }

  private:
    std::vector<SetSpec> items_;
};

class DeleteOp : public UnaryOp {
  public:
    DeleteOp(OpPtr input, std::vector<ExprPtr> targets, bool detach)
        : UnaryOp(std::move(input)), targets_(std::move(targets)), detach_(detach) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return detach_ ? "DetachDelete" : "Delete"; }
    bool Writes() const override { return true; }

  private:
    std::vector<ExprPtr> targets_;
    bool detach_;
};

// MERGE: for each input row, the rows of `match` (opened with the row) get the ON MATCH
// items; when there are none, the pattern is created and gets the ON CREATE items.
class MergeOp : public UnaryOp {
  public:
    MergeOp(OpPtr input, OpPtr match, CreateSpec create, std::vector<SetSpec> on_create,
            std::vector<SetSpec> on_match)
        : UnaryOp(std::move(input)),
          match_(std::move(match)),
          create_(std::move(create)),
          on_create_(std::move(on_create)),
          on_match_(std::move(on_match)) {}
    Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const override;
    std::string Name() const override { return "Merge"; }
    bool Writes() const override { return true; }
    std::vector<const Operator*> Children() const override { return {input_.get(), match_.get()}; }

  private:
    friend class MergeCursor;
    OpPtr match_;
    CreateSpec create_;
    std::vector<SetSpec> on_create_;
    std::vector<SetSpec> on_match_;
};

}  // namespace nexus::cypher::exec
