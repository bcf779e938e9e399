// The built-in procedure table and ProcedureCallOp.
#include "cypher/procedures/procedures.h"

#include <algorithm>
#include <cctype>

#include "cypher/procedures/schema_commands.h"

namespace nexus::cypher::procedures {
namespace {

Result<std::vector<std::vector<Value>>> TokenRows(exec::ExecContext& ctx, graph::TokenKind kind,
                                                  bool only_used) {
    std::vector<std::vector<Value>> rows;
    for (const auto& [id, name] : ctx.reader()->Tokens(kind)) {
        if (only_used) {
            uint64_t n = kind == graph::TokenKind::kLabel ? ctx.reader()->CountNodes(id)
                                                          : ctx.reader()->CountRels(id);
            if (n == 0) continue;
        }
        rows.push_back({Value(name)});
    }
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a[0].as_string() < b[0].as_string(); });
    return rows;
}

Result<std::vector<std::vector<Value>>> Labels(exec::ExecContext& ctx, const std::vector<Value>&) {
    return TokenRows(ctx, graph::TokenKind::kLabel, true);
}
Result<std::vector<std::vector<Value>>> RelTypes(exec::ExecContext& ctx,
                                                 const std::vector<Value>&) {
    return TokenRows(ctx, graph::TokenKind::kRelType, true);
}
Result<std::vector<std::vector<Value>>> PropertyKeys(exec::ExecContext& ctx,
                                                     const std::vector<Value>&) {
    return TokenRows(ctx, graph::TokenKind::kPropertyKey, false);
}

Result<std::vector<std::vector<Value>>> Indexes(exec::ExecContext& ctx, const std::vector<Value>&) {
    std::vector<std::vector<Value>> rows;
    for (const auto& def : ctx.reader()->Indexes()) {
        ASSIGN_OR_RETURN(std::string label, ctx.TokenName(graph::TokenKind::kLabel, def.label));
        List props;
        for (auto p : def.properties) {
            ASSIGN_OR_RETURN(std::string key, ctx.TokenName(graph::TokenKind::kPropertyKey, p));
            props.emplace_back(std::move(key));
        }
        rows.push_back({Value(def.name), Value(std::move(label)), Value(std::move(props)),
                        Value(def.unique ? "UNIQUE" : "RANGE")});
    }
    return rows;
}

Result<std::vector<std::vector<Value>>> SchemaIndexes(exec::ExecContext& ctx,
                                                      const std::vector<Value>&) {
    std::vector<std::vector<Value>> rows;
    RETURN_IF_ERROR(SchemaRows(ctx.reader(), false, &rows));
    return rows;
}

Result<std::vector<std::vector<Value>>> SchemaConstraints(exec::ExecContext& ctx,
                                                          const std::vector<Value>&) {
    std::vector<std::vector<Value>> rows;
    RETURN_IF_ERROR(SchemaRows(ctx.reader(), true, &rows));
    return rows;
}

const std::vector<Procedure>& Table() {
    static const std::vector<Procedure> kTable = {
        {"db.labels", 0, {"label"}, &Labels, {}},
        {"db.relationshiptypes", 0, {"relationshipType"}, &RelTypes, {}},
        {"db.propertykeys", 0, {"propertyKey"}, &PropertyKeys, {}},
        {"db.indexes", 0, {"name", "label", "properties", "type"}, &Indexes, {}},
        {"db.schema.visualization", 0, {"nodes", "relationships"}, &SchemaVisualization, {}},
        // The rows of SHOW INDEXES / SHOW CONSTRAINTS, which run through them when filtered.
        {"nexus.schema.indexes", 0, SchemaColumns(false), &SchemaIndexes, {}},
        {"nexus.schema.constraints", 0, SchemaColumns(true), &SchemaConstraints, {}},
    };
    return kTable;
}

// A standalone `CALL p` without parentheses takes its arguments from the parameters named
// like the procedure's inputs.
Status ImplicitArguments(const Procedure& proc, const ParamMap& params, std::vector<Value>* args) {
    std::string missing;
    for (const auto& in : proc.inputs) {
        auto it = params.find(in.name);
        if (it == params.end()) {
            missing += (missing.empty() ? "" : ", ") + in.name;
            continue;
        }
        args->push_back(it->second);
    }
    if (missing.empty()) return Status::Ok();
    return Status(StatusCode::kParameterMissing,
                  "MissingParameter: Expected parameter(s): " + missing);
}

// Checks `v` against the declared type (null always passes) and widens an integer passed
// as a FLOAT. A literal of the wrong type is a compile-time error in Neo4j (SyntaxError);
// a value that only shows its type at run time is a TypeError.
Status CheckArgument(const ProcedureParam& param, bool literal, Value* v) {
    bool ok = true;
    switch (param.type) {
        case ArgType::kAny:
            break;
        case ArgType::kBoolean:
            ok = v->is_null() || v->kind() == ValueKind::kBool;
            break;
        case ArgType::kInteger:
            ok = v->is_null() || v->kind() == ValueKind::kInt;
            break;
        case ArgType::kFloat:
            if (v->kind() == ValueKind::kInt) *v = Value(static_cast<double>(v->as_int()));
            ok = v->is_null() || v->kind() == ValueKind::kFloat;
            break;
        case ArgType::kNumber:
            ok = v->is_null() || v->kind() == ValueKind::kInt || v->kind() == ValueKind::kFloat;
            break;
        case ArgType::kString:
            ok = v->is_null() || v->kind() == ValueKind::kString;
            break;
        case ArgType::kList:
            ok = v->is_null() || v->kind() == ValueKind::kList;
            break;
        case ArgType::kMap:
            ok = v->is_null() || v->kind() == ValueKind::kMap;
            break;
    }
    if (ok) return Status::Ok();
    std::string message = "InvalidArgumentType: Type mismatch for argument `" + param.name +
                          "`: expected " + ArgTypeName(param.type) + " but was " +
                          ValueKindName(v->kind());
    return Status(literal ? StatusCode::kSyntaxError : StatusCode::kTypeError, message);
}

}  // namespace

const Procedure* FindProcedure(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (const Procedure* p = FindRegisteredProcedure(lower)) return p;
    for (const auto& p : Table()) {
        if (p.name == lower) return &p;
    }
    return nullptr;
}

class ProcedureCursor : public exec::PerRowCursor {
  public:
    ProcedureCursor(std::unique_ptr<exec::Cursor> in, const ProcedureCallOp& op,
                    exec::ExecContext& ctx)
        : PerRowCursor(std::move(in)), op_(op), ctx_(ctx) {}

  protected:
    Status Begin(exec::Row& row) override {
        row_ = &row;
        std::vector<Value> args;
        const Procedure& proc = *op_.proc_;
        if (op_.args_.empty() && !proc.inputs.empty()) {
            RETURN_IF_ERROR(ImplicitArguments(proc, ctx_.params(), &args));
        }
        for (const auto& a : op_.args_) {
            ASSIGN_OR_RETURN(Value v, a->Eval(row, ctx_));
            args.push_back(std::move(v));
        }
        for (size_t i = 0; i < args.size() && i < proc.inputs.size(); ++i) {
            bool literal = i < op_.args_.size() && op_.args_[i]->kind == exec::ExprKind::kLiteral;
            RETURN_IF_ERROR(CheckArgument(proc.inputs[i], literal, &args[i]));
        }
        ASSIGN_OR_RETURN(results_, proc.fn(ctx_, args));
        // A void procedure yields nothing of its own: the input row goes on once.
        if (proc.outputs.empty()) results_.assign(1, {});
        pos_ = 0;
        return Status::Ok();
    }
    Result<bool> Produce(exec::Chunk* out) override {
        for (; pos_ < results_.size(); ++pos_) {
            exec::Row r = *row_;
            for (size_t i = 0; i < op_.out_slots_.size(); ++i) {
                size_t slot = static_cast<size_t>(op_.out_slots_[i]);
                if (r.size() <= slot) r.resize(slot + 1);
                r[slot] = results_[pos_][op_.out_columns_[i]];
            }
            out->rows.push_back(std::move(r));
        }
        return false;
    }

  private:
    const ProcedureCallOp& op_;
    exec::ExecContext& ctx_;
    exec::Row* row_ = nullptr;
    std::vector<std::vector<Value>> results_;
    size_t pos_ = 0;
};

Result<std::unique_ptr<exec::Cursor>> ProcedureCallOp::Open(exec::ExecContext& ctx,
                                                            const exec::Row& argument) const {
    ASSIGN_OR_RETURN(auto in, exec::OpenChild(*input_, ctx, argument));
    return std::unique_ptr<exec::Cursor>(
        std::make_unique<ProcedureCursor>(std::move(in), *this, ctx));
}

}  // namespace nexus::cypher::procedures
