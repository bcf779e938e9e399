// The printer's shared state for ast_printer*.cc: one Printer appends canonical Cypher text
// for any AST node to `out`. Internal to the parser library.
#pragma once

#include <string>
#include <vector>

#include "cypher/parser/ast.h"
#include "cypher/parser/ast_printer.h"

namespace nexus::cypher::printer_internal {

// Binding strength, loosest first; an operand printed where a tighter level is required gets
// parentheses.
enum Prec : int {
    kPrecOr = 1,
    kPrecXor,
    kPrecAnd,
    kPrecNot,
    kPrecComparison,
    kPrecPredicate,
    kPrecAdd,
    kPrecMul,
    kPrecPow,
    kPrecUnary,
    kPrecPostfix,
};

class Printer {
  public:
    std::string out;

    void Expr(const ast::Expression& e, int min_prec = kPrecOr);

    void ExprBody(const ast::Expression& e);
    void LiteralExpr(const Value& v);
    void Postfix(const ast::Expression& e);
    void Operator(const ast::Expression& e);
    void CaseExpr(const ast::Case& c);
    void MapExpr(const ast::Expression& e);
    void Comprehension(const ast::Expression& e);
    void Subquery(const ast::SubqueryExpr& s);
    void Pattern(const ast::Pattern& p);
    void Part(const ast::PatternPart& p);
    void Node(const ast::NodePattern& n);
    void Rel(const ast::RelationshipPattern& r);
    void Labels(const std::vector<std::string>& labels) {
        for (const auto& l : labels) out += ":" + QuoteName(l);
    }
    void Query(const ast::Query& q);
    void Clause(const ast::Clause& c);
    void UpdatingClause(const ast::Clause& c);
    void HintText(const ast::Hint& hint);
    void CallClause(const ast::Clause& c);
    void Projection(const ast::ProjectionBody& body);
    void OrderSkipLimit(const std::vector<ast::SortItem>& order, const ast::ExprPtr& skip,
                        const ast::ExprPtr& limit);
    void SetItems(const std::vector<ast::SetItem>& items);
    void Yields(bool star, const std::vector<ast::YieldItem>& yields);
    void Statement(const ast::Statement& s);
    void CreateIndexStatement(const ast::CreateIndex& c);
    void CreateConstraintStatement(const ast::CreateConstraint& c);
    void ShowStatement(const ast::ShowSchema& show);
    void Target(const ast::SchemaTarget& t, const char* keyword_between);
    void InClause(const std::string& var, const ast::ExprPtr& list, const ast::ExprPtr& where) {
        out += QuoteName(var) + " IN ";
        Expr(*list);
        if (where) {
            out += " WHERE ";
            Expr(*where);
        }
    }
    void ExprList(const std::vector<ast::ExprPtr>& list) {
        for (size_t i = 0; i < list.size(); ++i) {
            if (i) out += ", ";
            Expr(*list[i]);
        }
    }
};

}  // namespace nexus::cypher::printer_internal
