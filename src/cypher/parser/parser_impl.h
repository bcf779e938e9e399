// The recursive-descent parser shared by parser_*.cc: token cursor, keyword matching, error
// construction, and one method per grammar rule (expressions, patterns, clauses, schema
// commands live in separate files). Internal to the parser library.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cypher/parser/ast.h"
#include "cypher/parser/lexer.h"
#include "nexus/status.h"

namespace nexus::cypher {

class Parser {
  public:
    Parser(std::string_view text, const std::vector<Token>& tokens)
        : text_(text), tokens_(tokens), max_atoms_(tokens.size() * kAtomsPerToken + 10000) {}

    Result<std::unique_ptr<ast::Statement>> ParseStatement();
    // Call before ParseStatement with an address near the top of the caller's frame.
    void SetStackBase(const void* base) { stack_base_ = reinterpret_cast<uintptr_t>(base); }
    // The error of an abandoned speculative parse (a pattern tried where an expression may
    // also start) that got furthest into the text. When the whole parse fails before that
    // point, this error usually names the real mistake: in `WHERE (a)-[:T {x: }]->(b)` the
    // missing value, not the '-' where the expression reading gave up.
    const Status& furthest_speculative_error() const { return furthest_speculative_; }

  private:
    // A guard against stack exhaustion on absurdly nested input: it limits both the nesting
    // depth and the stack bytes used since the parser started (frames are several times larger
    // in sanitizer builds, so a depth alone does not bound the stack).
    class DepthGuard {
      public:
        explicit DepthGuard(Parser* p) : p_(p) { ++p_->depth_; }
        ~DepthGuard() { --p_->depth_; }
        bool exceeded() const {
            auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
            return p_->depth_ > kMaxDepth ||
                   (p_->stack_base_ > here && p_->stack_base_ - here > kMaxStackBytes);
        }

      private:
        Parser* p_;
    };
    static constexpr int kMaxDepth = 300;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // Sanitizers move frames to side stacks, so the byte distance means nothing there; their
    // builds rely on the depth limit and a default-sized (8 MiB) stack.
    static constexpr uintptr_t kMaxStackBytes = UINTPTR_MAX;
#else
    static constexpr uintptr_t kMaxStackBytes = 1024 * 1024;
#endif
    Status TooDeep();
    // Speculative parsing and comparison chains may read some tokens more than once. A budget
    // of atoms per token bounds the total work, so crafted input (nested alternatives that
    // each fail late) cannot make parsing exponential; real queries stay far below it.
    static constexpr size_t kAtomsPerToken = 64;
    bool OverBudget() {
        return ++atoms_parsed_ > max_atoms_;
    }
    Status TooComplex();

  public:
    bool budget_exceeded() const {
        return atoms_parsed_ > max_atoms_;
    }
    // Set once the nesting limit was hit, even inside a speculative parse that was dropped.
    const Status& depth_error() const {
        return depth_error_;
    }
    Status TooComplexError() const;

  private:
    // ---- Token cursor (parser.cc) ----
    const Token& Cur() const {
        return tokens_[pos_];
    }
    const Token& Ahead(size_t n) const {
        return pos_ + n < tokens_.size() ? tokens_[pos_ + n] : tokens_.back();
    }
    std::string_view TextOf(const Token& t) const {
        return text_.substr(t.offset, t.length);
    }
    bool At(TokenKind kind, size_t ahead = 0) const {
        return Ahead(ahead).kind == kind;
    }
    bool Accept(TokenKind kind) {
        if (!At(kind)) return false;
        ++pos_;
        return true;
    }
    Status Expect(TokenKind kind, std::string_view what);
    // Keywords are unquoted identifiers compared case-insensitively.
    bool AtKeyword(std::string_view keyword, size_t ahead = 0) const;
    bool AcceptKeyword(std::string_view keyword);
    Status ExpectKeyword(std::string_view keyword);
    bool AtName(size_t ahead = 0) const {
        TokenKind k = Ahead(ahead).kind;
        return k == TokenKind::kIdentifier || k == TokenKind::kQuotedIdentifier;
    }
    // A symbolic name: a label, key, variable or procedure name part (keywords allowed).
    Status ParseName(std::string* out, std::string_view what);
    // "Invalid input 'X': expected <expected>" at the current token.
    Status ErrorHere(std::string_view expected) const;
    // The query text from token `first` through the last consumed token.
    std::string SourceText(size_t first) const;

    // ---- Statements and clauses (parser_clause.cc) ----
    Status ParseQuery(ast::Query* query);
    Status ParseSingleQuery(ast::SingleQuery* query);
    bool AtClauseStart() const;
    Result<ast::ClausePtr> ParseClause();
    Result<ast::ClausePtr> ParseMatch();
    Status ParseHint(ast::Hint* hint);
    Result<ast::ClausePtr> ParseUnwind();
    Result<ast::ClausePtr> ParseWith();
    Result<ast::ClausePtr> ParseReturn();
    Result<ast::ClausePtr> ParseCreate();
    Result<ast::ClausePtr> ParseMerge();
    Result<ast::ClausePtr> ParseSet();
    Result<ast::ClausePtr> ParseRemove();
    Result<ast::ClausePtr> ParseDelete();
    Result<ast::ClausePtr> ParseForeach();
    Result<ast::ClausePtr> ParseCall();
    Result<ast::ClausePtr> ParseCallSubquery(SourcePosition pos);
    Status ParseProjectionBody(ast::ProjectionBody* body);
    Status ParseOrderSkipLimit(std::vector<ast::SortItem>* order_by, ast::ExprPtr* skip,
                               ast::ExprPtr* limit);
    Status ParseSetItem(ast::SetItem* item);
    Status ParseYieldItems(bool* star, std::vector<ast::YieldItem>* items);
    Status ParseLabelList(std::vector<std::string>* labels);

    // ---- Schema commands (parser_schema.cc) ----
    bool AtSchemaCommand() const;
    Result<std::unique_ptr<ast::Statement>> ParseSchemaCommand();
    Result<std::unique_ptr<ast::Statement>> ParseCreateIndex(SourcePosition pos);
    Result<std::unique_ptr<ast::Statement>> ParseCreateConstraint(SourcePosition pos);
    Result<std::unique_ptr<ast::Statement>> ParseDrop(SourcePosition pos);
    Result<std::unique_ptr<ast::Statement>> ParseShow(SourcePosition pos);
    Status ParseSchemaPattern(ast::SchemaTarget* target);
    Status ParsePropertyList(const std::string& variable, std::vector<std::string>* props);
    Status ParseOptionalSchemaName(std::string* name);

    // ---- Patterns (parser_pattern.cc) ----
    Status ParsePattern(ast::Pattern* pattern);
    Status ParsePatternPart(ast::PatternPart* part);
    Status ParsePatternElement(ast::PatternPart* part);
    Status ParseNodePattern(ast::NodePattern* node);
    Status ParseRelationshipPattern(ast::RelationshipPattern* rel);
    Status ParseRange(ast::RelationshipPattern* rel);
    Status ParsePatternProperties(ast::ExprPtr* out);
    // Tries a relationship pattern (at least one hop) at the cursor without reporting errors;
    // on failure the cursor is unchanged.
    bool TryPatternPart(ast::PatternPart* part);
    // Whether the '(' at the cursor closes and is followed by '-' or '<-': the only way a
    // pattern with a relationship can go on. A cheap token scan that spares most
    // parenthesized expressions a speculative pattern parse.
    bool LooksLikeRelationshipPattern() const;

    // ---- Expressions (parser_expr.cc, parser_atom.cc) ----
    Result<ast::ExprPtr> ParseExpression();
    Result<ast::ExprPtr> ParseXor();
    Result<ast::ExprPtr> ParseAnd();
    Result<ast::ExprPtr> ParseNot();
    Result<ast::ExprPtr> ParseComparison();
    Result<ast::ExprPtr> ParsePredicates();
    Result<ast::ExprPtr> ParseAddSub();
    Result<ast::ExprPtr> ParseMulDiv();
    Result<ast::ExprPtr> ParsePower();
    Result<ast::ExprPtr> ParseUnary();
    Result<ast::ExprPtr> ParsePostfix(bool allow_labels);
    Result<ast::ExprPtr> ParseAtom();
    Result<ast::ExprPtr> ParseNumber(bool negative, SourcePosition pos);
    Result<ast::ExprPtr> ParseParenthesized();
    Result<ast::ExprPtr> ParseBracketed();
    Result<ast::ExprPtr> ParseMapLiteral();
    Result<ast::ExprPtr> ParseMapProjection();
    Result<ast::ExprPtr> ParseCase();
    Result<ast::ExprPtr> ParseFunctionCall();
    Result<ast::ExprPtr> ParseQuantifier(ast::QuantifierKind kind);
    Result<ast::ExprPtr> ParseReduce();
    Result<ast::ExprPtr> ParseSubqueryExpr(ast::SubqueryKind kind);
    Result<ast::ExprPtr> ParseShortestPathExpr();
    // `x IN list [WHERE p]`, shared by comprehensions and quantifiers.
    Status ParseInClause(std::string* variable, SourcePosition* variable_pos, ast::ExprPtr* list,
                         ast::ExprPtr* where, bool projection_follows);
    // Parses a WHERE that a '|' projection may follow: there `x:A | e` must not read the bar
    // as a label disjunction (n:A|B).
    Result<ast::ExprPtr> ParseWhereBeforeBar();
    bool AtFunctionCall() const;

    std::string_view text_;
    const std::vector<Token>& tokens_;
    size_t pos_ = 0;
    int depth_ = 0;
    bool bar_ends_expression_ = false;
    size_t atoms_parsed_ = 0;
    uintptr_t stack_base_ = 0;
    Status depth_error_;
    size_t max_atoms_;
    Status furthest_speculative_;
};

}  // namespace nexus::cypher
