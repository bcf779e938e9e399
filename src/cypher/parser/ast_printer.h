// AST -> canonical Cypher text, used by EXPLAIN and by the round-trip tests. The output uses
// upper-case keywords, single-quoted strings and only the parentheses precedence requires;
// parsing it again yields an AST that prints identically.
#pragma once

#include <string>

#include "cypher/parser/ast.h"

namespace nexus::cypher {

std::string PrintStatement(const ast::Statement& statement);
std::string PrintQuery(const ast::Query& query);
std::string PrintClause(const ast::Clause& clause);
std::string PrintExpression(const ast::Expression& expr);
std::string PrintPatternPart(const ast::PatternPart& part);
// A name as Cypher source: plain when it lexes as an identifier and is no keyword, else
// backtick-quoted.
std::string QuoteName(const std::string& name);

}  // namespace nexus::cypher
