// Scope helpers and compile-time error construction.
#include "cypher/semantic/scope.h"

namespace nexus::cypher::semantic {

const char* VarTypeName(VarType t) {
    switch (t) {
        case VarType::kNode:
            return "Node";
        case VarType::kRel:
            return "Relationship";
        case VarType::kRelList:
            return "List<Relationship>";
        case VarType::kPath:
            return "Path";
        case VarType::kValue:
            return "Value";
        default:
            return "Any";
    }
}

Status CompileError(ast::ErrorDetail detail, std::string_view message, SourcePosition pos) {
    return ast::MakeError(StatusCode::kSyntaxError, detail, message, pos);
}

}  // namespace nexus::cypher::semantic
