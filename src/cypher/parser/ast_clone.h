// Deep copies of AST nodes, for rewrites that need a second, independent copy of a subtree
// (the parser's comparison chains, planner rewrites). Positions are copied too.
#pragma once

#include <memory>

#include "cypher/parser/ast.h"

namespace nexus::cypher::ast {

ExprPtr Clone(const Expression& expr);
ExprPtr CloneOrNull(const ExprPtr& expr);  // null stays null
PatternPart Clone(const PatternPart& part);
Pattern Clone(const Pattern& pattern);
ClausePtr Clone(const Clause& clause);
Query Clone(const Query& query);

}  // namespace nexus::cypher::ast
