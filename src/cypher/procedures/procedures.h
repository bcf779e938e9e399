// Built-in procedures for CALL: db.labels(), db.relationshipTypes(), db.propertyKeys() and
// db.indexes(), db.schema.visualization(); plus the operator that calls one per input row and binds
// its YIELD columns. Procedures registered at run time (registry.h) are found by the same lookup.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cypher/exec/basic_ops.h"
#include "cypher/procedures/registry.h"

namespace nexus::cypher::procedures {

using ProcedureFn = std::function<Result<std::vector<std::vector<Value>>>(
    exec::ExecContext& ctx, const std::vector<Value>& args)>;

// db.schema.visualization() (schema_visualization.cc).
Result<std::vector<std::vector<Value>>> SchemaVisualization(exec::ExecContext& ctx,
                                                            const std::vector<Value>& args);

struct Procedure {
    std::string name;  // lower case, with namespace
    int num_args;
    std::vector<std::string> outputs;
    ProcedureFn fn;
    // Declared arguments: checked against the values passed, and read from the parameters
    // of the same names when a standalone CALL gives no argument list. Empty for built-ins,
    // whose arguments are checked by `fn`.
    std::vector<ProcedureParam> inputs;
};

// nullptr for an unknown procedure; `name` is matched case-insensitively. Registered
// procedures come before built-ins of the same name.
const Procedure* FindProcedure(std::string_view name);
// The newest procedure registered at run time under `lower_name`, or nullptr (registry.cc).
const Procedure* FindRegisteredProcedure(const std::string& lower_name);

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
