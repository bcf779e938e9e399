// The Cypher parser's entry point: query text -> AST (ast.h). Hand-written recursive descent
// over the tokens of lexer.h; errors are kSyntaxError statuses with the line/column of the
// offending token and a Neo4j-style "Invalid input 'X': expected ..." message.
#pragma once

#include <memory>
#include <string_view>

#include "cypher/parser/ast.h"
#include "nexus/status.h"

namespace nexus::cypher {

// Parses one statement (an optional trailing ';' is allowed). Thread-safe.
Result<std::unique_ptr<ast::Statement>> Parse(std::string_view text);

}  // namespace nexus::cypher
