// Variable scoping for semantic analysis: which names are visible at a point of the query,
// the row slot each is stored in and what kind of value it holds, plus the helpers that
// build compile-time errors in the "Detail: message" form the TCK runner reads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cypher/parser/ast.h"
#include "nexus/status.h"

namespace nexus::cypher::semantic {

// kValue: known at compile time not to be a node, relationship or path (e.g. a literal).
enum class VarType : uint8_t { kAny, kNode, kRel, kRelList, kPath, kValue };

const char* VarTypeName(VarType t);

struct VarInfo {
    int slot = -1;
    VarType type = VarType::kAny;
    uint8_t static_type = 0;  // a StaticType (static_types.h) when known, else 0
};

class Scope {
  public:
    const VarInfo* Find(const std::string& name) const {
        auto it = vars_.find(name);
        return it == vars_.end() ? nullptr : &it->second;
    }
    void Bind(const std::string& name, VarInfo info) { vars_[name] = info; }
    void Unbind(const std::string& name) { vars_.erase(name); }
    const std::map<std::string, VarInfo>& vars() const { return vars_; }
    bool empty() const { return vars_.empty(); }

  private:
    std::map<std::string, VarInfo> vars_;
};

// A compile-time error: kSyntaxError (as Neo4j reports them) with the detail name first.
Status CompileError(ast::ErrorDetail detail, std::string_view message, SourcePosition pos);

}  // namespace nexus::cypher::semantic
