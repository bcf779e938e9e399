// Static types of expressions, where the query text alone decides them (literals, list and
// map literals, boolean operators, variables bound to entities). Used to reject at compile
// time what can only fail at run time, as the TCK expects (`NOT 1`, `1 IN 2`, `type(n)`).
#pragma once

#include "cypher/parser/ast.h"
#include "cypher/semantic/scope.h"
#include "nexus/status.h"

namespace nexus::cypher::semantic {

enum class StaticType : uint8_t {
    kUnknown,
    kNull,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,
    kMap,
    kNode,
    kRel,
    kPath,
};

StaticType StaticTypeOf(const ast::Expression& e, const Scope& scope);

// The variable type a projection of `e` gets (kValue for known non-entities).
VarType VarTypeOf(const ast::Expression& e, const Scope& scope);

// Compile-time InvalidArgumentType checks for operators and graph functions on `e` itself
// (not its children).
Status CheckOperandTypes(const ast::Expression& e, const Scope& scope);

// InvalidArgumentType when `e` (a WHERE) is statically known not to be a boolean.
Status CheckPredicateType(const ast::Expression& e, const Scope& scope);

// The static type shared by every element of a list literal, else kUnknown.
StaticType ElementTypeOf(const ast::Expression& list, const Scope& scope);

}  // namespace nexus::cypher::semantic
