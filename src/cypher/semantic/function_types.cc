// The signature table behind CheckFunctionArgumentTypes: for each function, the static types
// each leading argument may have. Unlisted functions and unknown types always pass.
#include "cypher/semantic/function_types.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "cypher/semantic/static_types.h"

namespace nexus::cypher::semantic {
namespace {

using Mask = uint32_t;

constexpr Mask Bit(StaticType t) {
    return Mask{1} << static_cast<int>(t);
}

constexpr Mask kStr = Bit(StaticType::kString);
constexpr Mask kList = Bit(StaticType::kList);
constexpr Mask kInt = Bit(StaticType::kInt);
constexpr Mask kNum = Bit(StaticType::kInt) | Bit(StaticType::kFloat);
constexpr Mask kBool = Bit(StaticType::kBool);
constexpr Mask kMap = Bit(StaticType::kMap);
constexpr Mask kNode = Bit(StaticType::kNode);
constexpr Mask kRel = Bit(StaticType::kRel);
constexpr Mask kPath = Bit(StaticType::kPath);

struct Signature {
    std::string_view name;   // lower case
    std::vector<Mask> args;  // allowed types of the first args.size() arguments
};

const std::vector<Signature>& Signatures() {
    static const std::vector<Signature> kSignatures = {
        {"toupper", {kStr}},
        {"tolower", {kStr}},
        {"upper", {kStr}},
        {"lower", {kStr}},
        {"trim", {kStr}},
        {"ltrim", {kStr}},
        {"rtrim", {kStr}},
        {"split", {kStr, kStr | kList}},
        {"substring", {kStr, kInt, kInt}},
        {"left", {kStr, kInt}},
        {"right", {kStr, kInt}},
        {"replace", {kStr, kStr, kStr}},
        {"reverse", {kStr | kList}},
        {"size", {kStr | kList}},
        {"head", {kList}},
        {"last", {kList}},
        {"tail", {kList}},
        {"range", {kInt, kInt, kInt}},
        {"abs", {kNum}},
        {"ceil", {kNum}},
        {"floor", {kNum}},
        {"round", {kNum, kInt}},
        {"sign", {kNum}},
        {"sqrt", {kNum}},
        {"exp", {kNum}},
        {"log", {kNum}},
        {"log10", {kNum}},
        {"tointeger", {kStr | kNum | kBool}},
        {"tofloat", {kStr | kNum}},
        {"toboolean", {kStr | kBool | kInt}},
        {"tostring", {kStr | kNum | kBool}},
        {"keys", {kMap | kNode | kRel}},
        {"labels", {kNode}},
        {"type", {kRel}},
        {"properties", {kMap | kNode | kRel}},
        {"length", {kPath | kStr | kList}},
        {"nodes", {kPath}},
        {"relationships", {kPath}},
        {"startnode", {kRel}},
        {"endnode", {kRel}},
    };
    return kSignatures;
}

const char* TypeName(StaticType t) {
    switch (t) {
        case StaticType::kBool:
            return "Boolean";
        case StaticType::kInt:
            return "Integer";
        case StaticType::kFloat:
            return "Float";
        case StaticType::kString:
            return "String";
        case StaticType::kList:
            return "List<T>";
        case StaticType::kMap:
            return "Map";
        case StaticType::kNode:
            return "Node";
        case StaticType::kRel:
            return "Relationship";
        case StaticType::kPath:
            return "Path";
        default:
            return "Any";
    }
}

// "String or List<T>", in the order Neo4j's messages use.
std::string Expected(Mask mask) {
    std::vector<std::string> names;
    for (StaticType t : {StaticType::kBool, StaticType::kFloat, StaticType::kInt,
                         StaticType::kString, StaticType::kList, StaticType::kMap,
                         StaticType::kNode, StaticType::kRel, StaticType::kPath}) {
        if (mask & Bit(t)) names.push_back(TypeName(t));
    }
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        out += i == 0 ? "" : (i + 1 == names.size() ? " or " : ", ");
        out += names[i];
    }
    return out;
}

}  // namespace

Status CheckFunctionArgumentTypes(const ast::FunctionCall& f, const Scope& scope) {
    std::string name = f.name;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    const auto& table = Signatures();
    auto sig = std::find_if(table.begin(), table.end(),
                            [&](const Signature& s) { return s.name == name; });
    if (sig == table.end()) return Status::Ok();
    for (size_t i = 0; i < f.args.size() && i < sig->args.size(); ++i) {
        StaticType t = StaticTypeOf(*f.args[i], scope);
        if (t == StaticType::kUnknown || t == StaticType::kNull) continue;
        if (sig->args[i] & Bit(t)) continue;
        return CompileError(
            ast::ErrorDetail::kInvalidArgumentType,
            "Type mismatch: expected " + Expected(sig->args[i]) + " but was " + TypeName(t),
            f.args[i]->pos);
    }
    return Status::Ok();
}

}  // namespace nexus::cypher::semantic
