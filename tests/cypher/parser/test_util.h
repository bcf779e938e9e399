// Helpers for parser tests: parse a statement or a single RETURN expression, and render an
// expression as a fully parenthesized S-expression so tests can assert tree shape.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cypher/parser/ast.h"
#include "cypher/parser/parser.h"

namespace nexus::cypher::testing {

// Parses `text`, failing the test (and returning null) on error.
std::unique_ptr<ast::Statement> MustParse(const std::string& text);
// The statement as a single query (asserts that it is one).
const ast::SingleQuery& FirstPart(const ast::Statement& statement);
// The expression of `RETURN <expr>`; the statement is kept alive in `holder`.
const ast::Expression* ReturnExpr(const std::string& expr, std::unique_ptr<ast::Statement>* holder);
// (op left right) / (not x) / (neg x) / (prop x key) / (call name args...) / literal text ...
std::string SExpr(const ast::Expression& e);
// The S-expression of `RETURN <expr>`, or "ERROR: message".
std::string ParseSExpr(const std::string& expr);

}  // namespace nexus::cypher::testing
