// Built-in procedures for CALL: db.labels(), db.relationshipTypes(), db.propertyKeys() and
// db.indexes(); plus the operator that calls one per input row and binds its YIELD columns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cypher/exec/basic_ops.h"

namespace nexus::cypher::procedures {

using ProcedureFn = Result<std::vector<std::vector<Value>>> (*)(exec::ExecContext& ctx,
                                                                const std::vector<Value>& args);

struct Procedure {
    std::string_view name;  // lower case, with namespace
    int num_args;
    std::vector<std::string> outputs;
    ProcedureFn fn;
};

// nullptr for an unknown procedure; `name` is matched case-insensitively.
const Procedure* FindProcedure(std::string_view name);

class ProcedureCallOp : public exec::UnaryOp {
  public:
    // out_slots[i] receives output column out_columns[i] of the procedure.
    ProcedureCallOp(exec::OpPtr input, const Procedure* proc, std::vector<exec::ExprPtr> args,
                    std::vector<int> out_columns, std::vector<int> out_slots)
        : UnaryOp(std::move(input)),
          proc_(proc),
          args_(std::move(args)),
          out_columns_(std::move(out_columns)),
          out_slots_(std::move(out_slots)) {}
    Result<std::unique_ptr<exec::Cursor>> Open(exec::ExecContext& ctx,
                                               const exec::Row& argument) const override;
    std::string Name() const override { return "ProcedureCall"; }
    std::string Detail() const override { return std::string(proc_->name); }

  private:
    friend class ProcedureCursor;
    const Procedure* proc_;
    std::vector<exec::ExprPtr> args_;
    std::vector<int> out_columns_;
    std::vector<int> out_slots_;
};

}  // namespace nexus::cypher::procedures
