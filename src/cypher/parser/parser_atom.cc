// Expression atoms: literals, parameters, variables, function calls, CASE, list and map
// literals, comprehensions, quantifiers, reduce, map projections, parenthesized expressions,
// pattern predicates and EXISTS / COUNT / COLLECT subqueries.
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "cypher/parser/parser_impl.h"

namespace nexus::cypher {

using ast::ExprPtr;

Result<ExprPtr> Parser::ParseAtom() {
    DepthGuard guard(this);
    if (guard.exceeded()) return TooDeep();
    if (OverBudget()) return TooComplex();
    const Token& t = Cur();
    SourcePosition pos = t.pos();
    switch (t.kind) {
        case TokenKind::kInteger:
        case TokenKind::kHexInteger:
        case TokenKind::kOctalInteger:
        case TokenKind::kFloat:
            return ParseNumber(false, pos);
        case TokenKind::kString: {
            std::string value;
            RETURN_IF_ERROR(DecodeStringLiteral(TextOf(t), pos, &value));
            ++pos_;
            return ExprPtr(std::make_unique<ast::Literal>(Value(std::move(value)), pos));
        }
        case TokenKind::kParameter: {
            std::string_view raw = TextOf(t).substr(1);
            TokenKind kind =
                raw.front() == '`' ? TokenKind::kQuotedIdentifier : TokenKind::kIdentifier;
            ++pos_;
            return ExprPtr(std::make_unique<ast::Parameter>(IdentifierName(raw, kind), pos));
        }
        case TokenKind::kLParen:
            return ParseParenthesized();
        case TokenKind::kLBracket:
            return ParseBracketed();
        case TokenKind::kLBrace:
            return ParseMapLiteral();
        case TokenKind::kIdentifier:
        case TokenKind::kQuotedIdentifier:
            break;
        default:
            return ErrorHere("an expression");
    }
    if (t.kind == TokenKind::kIdentifier) {
        if (AcceptKeyword("TRUE")) return ExprPtr(std::make_unique<ast::Literal>(Value(true), pos));
        if (AcceptKeyword("FALSE")) {
            return ExprPtr(std::make_unique<ast::Literal>(Value(false), pos));
        }
        if (AcceptKeyword("NULL")) return ExprPtr(std::make_unique<ast::Literal>(Value(), pos));
        if (AtKeyword("CASE")) return ParseCase();
        if (At(TokenKind::kLBrace, 1)) {
            if (AtKeyword("EXISTS")) return ParseSubqueryExpr(ast::SubqueryKind::kExists);
            if (AtKeyword("COUNT")) return ParseSubqueryExpr(ast::SubqueryKind::kCount);
            if (AtKeyword("COLLECT")) return ParseSubqueryExpr(ast::SubqueryKind::kCollect);
        }
        if (At(TokenKind::kLParen, 1)) {
            bool in_form = AtName(2) && AtKeyword("IN", 3);
            if (in_form && AtKeyword("ALL")) return ParseQuantifier(ast::QuantifierKind::kAll);
            if (in_form && AtKeyword("ANY")) return ParseQuantifier(ast::QuantifierKind::kAny);
            if (in_form && AtKeyword("NONE")) return ParseQuantifier(ast::QuantifierKind::kNone);
            if (in_form && AtKeyword("SINGLE")) {
                return ParseQuantifier(ast::QuantifierKind::kSingle);
            }
            if (AtKeyword("REDUCE") && AtName(2) && At(TokenKind::kEq, 3)) return ParseReduce();
            if (AtKeyword("SHORTESTPATH") || AtKeyword("ALLSHORTESTPATHS")) {
                return ParseShortestPathExpr();
            }
        }
    }
    if (AtFunctionCall()) return ParseFunctionCall();
    if (At(TokenKind::kLBrace, 1)) return ParseMapProjection();
    std::string name;
    RETURN_IF_ERROR(ParseName(&name, "an expression"));
    return ExprPtr(std::make_unique<ast::Variable>(std::move(name), pos));
}

namespace {

Status Overflow(SourcePosition pos, std::string_view text) {
    return ast::MakeError(StatusCode::kSyntaxError, ast::ErrorDetail::kIntegerOverflow,
                          "integer is too large: " + std::string(text), pos);
}

}  // namespace

Result<ExprPtr> Parser::ParseNumber(bool negative, SourcePosition pos) {
    const Token& t = Cur();
    std::string_view text = TextOf(t);
    ++pos_;
    if (t.kind == TokenKind::kFloat) {
        std::string copy(text);
        errno = 0;
        double value = std::strtod(copy.c_str(), nullptr);
        if (std::isinf(value) || (errno == ERANGE && std::fabs(value) > 1.0)) {
            return ast::MakeError(StatusCode::kSyntaxError,
                                  ast::ErrorDetail::kFloatingPointOverflow,
                                  "floating point number is too large: " + copy, pos);
        }
        return ExprPtr(std::make_unique<ast::Literal>(Value(negative ? -value : value), pos));
    }
    uint64_t base = 10;
    std::string_view digits = text;
    if (t.kind == TokenKind::kHexInteger) {
        base = 16;
        digits.remove_prefix(2);
    } else if (t.kind == TokenKind::kOctalInteger) {
        base = 8;
        digits.remove_prefix(2);
    }
    // Magnitudes up to 2^63 are allowed so that the most negative integer can be written.
    const uint64_t limit = negative ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
    uint64_t magnitude = 0;
    for (char c : digits) {
        uint64_t d = c <= '9' ? static_cast<uint64_t>(c - '0')
                              : static_cast<uint64_t>((c | 0x20) - 'a' + 10);
        if (magnitude > (limit - d) / base) {
            return Overflow(pos, negative ? "-" + std::string(text) : std::string(text));
        }
        magnitude = magnitude * base + d;
    }
    int64_t value =
        negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    return ExprPtr(std::make_unique<ast::Literal>(Value(value), pos));
}

// '(' starts a parenthesized expression or a pattern predicate such as (a)-[:T]->(b).
Result<ExprPtr> Parser::ParseParenthesized() {
    SourcePosition pos = Cur().pos();
    ast::PatternPart part;
    if (TryPatternPart(&part)) {
        auto predicate = std::make_unique<ast::PatternPredicate>(pos);
        predicate->pattern = std::move(part);
        return ExprPtr(std::move(predicate));
    }
    ++pos_;
    bool saved = bar_ends_expression_;
    bar_ends_expression_ = false;  // inside parentheses a '|' cannot end an outer WHERE
    auto inner = ParseExpression();
    bar_ends_expression_ = saved;
    if (!inner.ok()) return inner.status();
    RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
    return inner;
}

// '[' starts a list literal, a list comprehension [x IN l WHERE p | e] or a pattern
// comprehension [p = (a)-->(b) WHERE p | e].
Result<ExprPtr> Parser::ParseBracketed() {
    SourcePosition pos = Cur().pos();
    ++pos_;
    if (AtName() && AtKeyword("IN", 1)) {
        auto comp = std::make_unique<ast::ListComprehension>(pos);
        RETURN_IF_ERROR(
            ParseInClause(&comp->variable, &comp->variable_pos, &comp->list, &comp->where, true));
        if (Accept(TokenKind::kPipe)) {
            ASSIGN_OR_RETURN(comp->projection, ParseExpression());
        }
        RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "'|' or ']'"));
        return ExprPtr(std::move(comp));
    }
    bool named = AtName() && At(TokenKind::kEq, 1) && At(TokenKind::kLParen, 2);
    if (named || At(TokenKind::kLParen)) {
        size_t start = pos_;
        std::string path_variable;
        SourcePosition path_variable_pos = Cur().pos();
        if (named) {
            RETURN_IF_ERROR(ParseName(&path_variable, "a variable"));
            ++pos_;
        }
        ast::PatternPart part;
        if (TryPatternPart(&part) && (AtKeyword("WHERE") || At(TokenKind::kPipe))) {
            auto comp = std::make_unique<ast::PatternComprehension>(pos);
            comp->pattern = std::move(part);
            comp->pattern.path_variable = std::move(path_variable);
            if (named) comp->pattern.path_variable_pos = path_variable_pos;
            if (AcceptKeyword("WHERE")) {
                ASSIGN_OR_RETURN(comp->where, ParseWhereBeforeBar());
            }
            RETURN_IF_ERROR(Expect(TokenKind::kPipe, "'|'"));
            ASSIGN_OR_RETURN(comp->projection, ParseExpression());
            RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']'"));
            return ExprPtr(std::move(comp));
        }
        pos_ = start;
    }
    auto list = std::make_unique<ast::ListLiteral>(pos);
    if (Accept(TokenKind::kRBracket)) return ExprPtr(std::move(list));
    while (true) {
        ASSIGN_OR_RETURN(ExprPtr element, ParseExpression());
        list->elements.push_back(std::move(element));
        if (Accept(TokenKind::kComma)) continue;
        RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "',' or ']'"));
        return ExprPtr(std::move(list));
    }
}

Status Parser::ParseInClause(std::string* variable, SourcePosition* variable_pos, ExprPtr* list,
                             ExprPtr* where, bool projection_follows) {
    *variable_pos = Cur().pos();
    RETURN_IF_ERROR(ParseName(variable, "a variable name"));
    RETURN_IF_ERROR(ExpectKeyword("IN"));
    ASSIGN_OR_RETURN(*list, ParseExpression());
    if (AcceptKeyword("WHERE")) {
        if (projection_follows) {
            ASSIGN_OR_RETURN(*where, ParseWhereBeforeBar());
        } else {
            ASSIGN_OR_RETURN(*where, ParseExpression());
        }
    }
    return Status::Ok();
}

Result<ExprPtr> Parser::ParseWhereBeforeBar() {
    bool saved = bar_ends_expression_;
    bar_ends_expression_ = true;
    auto result = ParseExpression();
    bar_ends_expression_ = saved;
    return result;
}

Result<ExprPtr> Parser::ParseMapLiteral() {
    auto map = std::make_unique<ast::MapLiteral>(Cur().pos());
    RETURN_IF_ERROR(Expect(TokenKind::kLBrace, "'{'"));
    if (Accept(TokenKind::kRBrace)) return ExprPtr(std::move(map));
    while (true) {
        ast::MapEntry entry;
        entry.pos = Cur().pos();
        RETURN_IF_ERROR(ParseName(&entry.key, "a property key name"));
        RETURN_IF_ERROR(Expect(TokenKind::kColon, "':'"));
        ASSIGN_OR_RETURN(entry.value, ParseExpression());
        map->entries.push_back(std::move(entry));
        if (Accept(TokenKind::kComma)) continue;
        RETURN_IF_ERROR(Expect(TokenKind::kRBrace, "',' or '}'"));
        return ExprPtr(std::move(map));
    }
}

Result<ExprPtr> Parser::ParseMapProjection() {
    auto proj = std::make_unique<ast::MapProjection>(Cur().pos());
    RETURN_IF_ERROR(ParseName(&proj->variable, "a variable"));
    RETURN_IF_ERROR(Expect(TokenKind::kLBrace, "'{'"));
    if (Accept(TokenKind::kRBrace)) return ExprPtr(std::move(proj));
    while (true) {
        ast::MapProjectionItem item;
        item.pos = Cur().pos();
        if (Accept(TokenKind::kDot)) {
            if (Accept(TokenKind::kStar)) {
                item.kind = ast::MapProjectionItemKind::kAllProperties;
            } else {
                item.kind = ast::MapProjectionItemKind::kProperty;
                RETURN_IF_ERROR(ParseName(&item.key, "a property key name or '*'"));
            }
        } else {
            RETURN_IF_ERROR(ParseName(&item.key, "'.', a key or a variable"));
            if (Accept(TokenKind::kColon)) {
                item.kind = ast::MapProjectionItemKind::kLiteral;
                ASSIGN_OR_RETURN(item.value, ParseExpression());
            } else {
                item.kind = ast::MapProjectionItemKind::kVariable;
            }
        }
        proj->items.push_back(std::move(item));
        if (Accept(TokenKind::kComma)) continue;
        RETURN_IF_ERROR(Expect(TokenKind::kRBrace, "',' or '}'"));
        return ExprPtr(std::move(proj));
    }
}

Result<ExprPtr> Parser::ParseCase() {
    auto expr = std::make_unique<ast::Case>(Cur().pos());
    RETURN_IF_ERROR(ExpectKeyword("CASE"));
    if (!AtKeyword("WHEN")) {
        ASSIGN_OR_RETURN(expr->test, ParseExpression());
    }
    if (!AtKeyword("WHEN")) return ErrorHere("'WHEN'");
    while (AcceptKeyword("WHEN")) {
        ast::CaseAlternative alt;
        ASSIGN_OR_RETURN(alt.when, ParseExpression());
        RETURN_IF_ERROR(ExpectKeyword("THEN"));
        ASSIGN_OR_RETURN(alt.then, ParseExpression());
        expr->alternatives.push_back(std::move(alt));
    }
    if (AcceptKeyword("ELSE")) {
        ASSIGN_OR_RETURN(expr->otherwise, ParseExpression());
    }
    if (!AcceptKeyword("END")) return ErrorHere("'WHEN', 'ELSE' or 'END'");
    return ExprPtr(std::move(expr));
}

bool Parser::AtFunctionCall() const {
    size_t i = 0;
    if (!AtName(i)) return false;
    while (At(TokenKind::kDot, i + 1) && AtName(i + 2)) i += 2;
    return At(TokenKind::kLParen, i + 1);
}

Result<ExprPtr> Parser::ParseFunctionCall() {
    auto call = std::make_unique<ast::FunctionCall>(Cur().pos());
    RETURN_IF_ERROR(ParseName(&call->name, "a function name"));
    while (Accept(TokenKind::kDot)) {
        std::string part;
        RETURN_IF_ERROR(ParseName(&part, "a function name"));
        call->name += '.';
        call->name += part;
    }
    RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
    if (At(TokenKind::kStar) && At(TokenKind::kRParen, 1)) {
        pos_ += 2;
        call->star = true;
        return ExprPtr(std::move(call));
    }
    if (AtKeyword("DISTINCT")) {
        call->distinct = true;
        ++pos_;
    }
    if (Accept(TokenKind::kRParen)) return ExprPtr(std::move(call));
    while (true) {
        ASSIGN_OR_RETURN(ExprPtr arg, ParseExpression());
        call->args.push_back(std::move(arg));
        if (Accept(TokenKind::kComma)) continue;
        RETURN_IF_ERROR(Expect(TokenKind::kRParen, "',' or ')'"));
        return ExprPtr(std::move(call));
    }
}

Result<ExprPtr> Parser::ParseQuantifier(ast::QuantifierKind kind) {
    auto expr = std::make_unique<ast::Quantifier>(Cur().pos());
    expr->quantifier = kind;
    pos_ += 2;  // the name and '('
    RETURN_IF_ERROR(
        ParseInClause(&expr->variable, &expr->variable_pos, &expr->list, &expr->where, false));
    RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
    return ExprPtr(std::move(expr));
}

Result<ExprPtr> Parser::ParseReduce() {
    auto expr = std::make_unique<ast::Reduce>(Cur().pos());
    pos_ += 2;  // reduce (
    expr->accumulator_pos = Cur().pos();
    RETURN_IF_ERROR(ParseName(&expr->accumulator, "an accumulator name"));
    RETURN_IF_ERROR(Expect(TokenKind::kEq, "'='"));
    ASSIGN_OR_RETURN(expr->init, ParseExpression());
    RETURN_IF_ERROR(Expect(TokenKind::kComma, "','"));
    expr->variable_pos = Cur().pos();
    RETURN_IF_ERROR(ParseName(&expr->variable, "a variable name"));
    RETURN_IF_ERROR(ExpectKeyword("IN"));
    ASSIGN_OR_RETURN(expr->list, ParseExpression());
    RETURN_IF_ERROR(Expect(TokenKind::kPipe, "'|'"));
    ASSIGN_OR_RETURN(expr->expression, ParseExpression());
    RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
    return ExprPtr(std::move(expr));
}

Result<ExprPtr> Parser::ParseShortestPathExpr() {
    auto expr = std::make_unique<ast::PatternPredicate>(Cur().pos());
    RETURN_IF_ERROR(ParsePatternPart(&expr->pattern));
    return ExprPtr(std::move(expr));
}

// The body is a full query when it starts with a clause keyword, else a pattern [WHERE p].
Result<ExprPtr> Parser::ParseSubqueryExpr(ast::SubqueryKind kind) {
    auto expr = std::make_unique<ast::SubqueryExpr>(Cur().pos());
    expr->subquery = kind;
    pos_ += 2;  // keyword and '{'
    if (AtClauseStart()) {
        expr->query = std::make_unique<ast::Query>();
        RETURN_IF_ERROR(ParseQuery(expr->query.get()));
    } else {
        expr->pattern.emplace();
        RETURN_IF_ERROR(ParsePattern(&*expr->pattern));
        if (AcceptKeyword("WHERE")) {
            ASSIGN_OR_RETURN(expr->where, ParseExpression());
        }
    }
    RETURN_IF_ERROR(Expect(TokenKind::kRBrace, "'}'"));
    return ExprPtr(std::move(expr));
}

}  // namespace nexus::cypher
