// The run-time procedure registry and table-defined procedures. Entries live until the
// process ends, so a Procedure* a cached plan holds never dangles.
#include <algorithm>
#include <cctype>
#include <deque>
#include <mutex>

#include "cypher/functions/value_ops.h"
#include "cypher/procedures/procedures.h"

namespace nexus::cypher::procedures {
namespace {

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return out;
}

struct Registry {
    std::mutex mu;
    std::deque<Procedure> procedures;  // deque: pointers stay valid as it grows
};

Registry& GetRegistry() {
    static Registry* registry = new Registry();  // never destroyed: plans may outlive main
    return *registry;
}

bool InputsMatch(const std::vector<Value>& row, const std::vector<Value>& args) {
    for (size_t i = 0; i < args.size(); ++i) {
        if (!Equivalent(row[i], args[i])) return false;
    }
    return true;
}

}  // namespace

Result<ArgType> ParseArgType(std::string_view text) {
    std::string t = Lower(text);
    if (!t.empty() && t.back() == '?') t.pop_back();
    static const std::pair<const char*, ArgType> kNames[] = {
        {"any", ArgType::kAny},     {"boolean", ArgType::kBoolean}, {"integer", ArgType::kInteger},
        {"float", ArgType::kFloat}, {"number", ArgType::kNumber},   {"string", ArgType::kString},
        {"list", ArgType::kList},   {"map", ArgType::kMap},
    };
    for (const auto& [name, type] : kNames) {
        if (t == name || (type == ArgType::kList && t.rfind("list", 0) == 0)) return type;
    }
    return Status(StatusCode::kInvalidArgument,
                  "unknown procedure argument type " + std::string(text));
}

const char* ArgTypeName(ArgType type) {
    switch (type) {
        case ArgType::kBoolean:
            return "Boolean";
        case ArgType::kInteger:
            return "Integer";
        case ArgType::kFloat:
            return "Float";
        case ArgType::kNumber:
            return "Number";
        case ArgType::kString:
            return "String";
        case ArgType::kList:
            return "List";
        case ArgType::kMap:
            return "Map";
        default:
            return "Any";
    }
}

Status RegisterTableProcedure(std::string_view name, std::vector<ProcedureParam> inputs,
                              std::vector<std::string> outputs,
                              std::vector<std::vector<Value>> rows) {
    size_t width = inputs.size() + outputs.size();
    for (const auto& row : rows) {
        if (row.size() != width) {
            return Status(StatusCode::kInvalidArgument,
                          "procedure " + std::string(name) + ": a row has " +
                              std::to_string(row.size()) + " values, the signature " +
                              std::to_string(width));
        }
    }
    size_t num_inputs = inputs.size();
    Procedure p;
    p.name = Lower(name);
    p.num_args = static_cast<int>(num_inputs);
    p.outputs = std::move(outputs);
    p.inputs = std::move(inputs);
    p.fn = [rows = std::move(rows), num_inputs](
               exec::ExecContext&,
               const std::vector<Value>& args) -> Result<std::vector<std::vector<Value>>> {
        std::vector<std::vector<Value>> out;
        for (const auto& row : rows) {
            if (InputsMatch(row, args)) out.emplace_back(row.begin() + num_inputs, row.end());
        }
        return out;
    };
    Registry& r = GetRegistry();
    std::lock_guard<std::mutex> lock(r.mu);
    r.procedures.push_back(std::move(p));
    return Status::Ok();
}

const Procedure* FindRegisteredProcedure(const std::string& lower_name) {
    Registry& r = GetRegistry();
    std::lock_guard<std::mutex> lock(r.mu);
    for (auto it = r.procedures.rbegin(); it != r.procedures.rend(); ++it) {
        if (it->name == lower_name) return &*it;
    }
    return nullptr;
}

}  // namespace nexus::cypher::procedures
