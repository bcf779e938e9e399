// Argument types of built-in functions, checked where the query text decides an argument's
// type (a literal, a list or map literal, an entity variable). Neo4j rejects these at compile
// time (`toUpper(1)`, `size(1)`, `labels(r)`) as a SyntaxError with InvalidArgumentType; an
// argument whose type shows only in the data is left to the function at run time.
#pragma once

#include "cypher/parser/ast.h"
#include "cypher/semantic/scope.h"
#include "nexus/status.h"

namespace nexus::cypher::semantic {

Status CheckFunctionArgumentTypes(const ast::FunctionCall& f, const Scope& scope);

}  // namespace nexus::cypher::semantic
