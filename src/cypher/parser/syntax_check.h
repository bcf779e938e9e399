// Grammar rules that are easier to check on the finished AST than while parsing: pattern
// expressions only where a predicate is expected (Neo4j 5), YIELD * only in a standalone
// CALL. Violations are kSyntaxError / UnexpectedSyntax, as the TCK expects.
#pragma once

#include "cypher/parser/ast.h"
#include "nexus/status.h"

namespace nexus::cypher {

Status CheckSyntax(const ast::Statement& statement);

}  // namespace nexus::cypher
