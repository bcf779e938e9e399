// Expression operators by precedence, loosest first (openCypher 9):
//   OR < XOR < AND < NOT < comparison < STARTS/ENDS WITH, CONTAINS, IN, =~, IS NULL
//   < + - < * / % < ^ (left-associative) < unary + - < postfix (.key [i] [a..b] :Label).
#include "cypher/parser/parser_impl.h"

namespace nexus::cypher {

using ast::Binary;
using ast::BinaryOp;
using ast::ExprPtr;

Result<ExprPtr> Parser::ParseExpression() {
    DepthGuard guard(this);
    if (guard.exceeded()) return TooDeep();
    ASSIGN_OR_RETURN(ExprPtr left, ParseXor());
    while (AcceptKeyword("OR")) {
        ASSIGN_OR_RETURN(ExprPtr right, ParseXor());
        SourcePosition pos = left->pos;
        left = std::make_unique<Binary>(BinaryOp::kOr, std::move(left), std::move(right), pos);
    }
    return left;
}

Result<ExprPtr> Parser::ParseXor() {
    ASSIGN_OR_RETURN(ExprPtr left, ParseAnd());
    while (AcceptKeyword("XOR")) {
        ASSIGN_OR_RETURN(ExprPtr right, ParseAnd());
        SourcePosition pos = left->pos;
        left = std::make_unique<Binary>(BinaryOp::kXor, std::move(left), std::move(right), pos);
    }
    return left;
}

Result<ExprPtr> Parser::ParseAnd() {
    ASSIGN_OR_RETURN(ExprPtr left, ParseNot());
    while (AcceptKeyword("AND")) {
        ASSIGN_OR_RETURN(ExprPtr right, ParseNot());
        SourcePosition pos = left->pos;
        left = std::make_unique<Binary>(BinaryOp::kAnd, std::move(left), std::move(right), pos);
    }
    return left;
}

Result<ExprPtr> Parser::ParseNot() {
    if (AtKeyword("NOT")) {
        DepthGuard guard(this);
        if (guard.exceeded()) return TooDeep();
        SourcePosition pos = Cur().pos();
        ++pos_;
        ASSIGN_OR_RETURN(ExprPtr operand, ParseNot());
        return ExprPtr(std::make_unique<ast::Unary>(ast::UnaryOp::kNot, std::move(operand), pos));
    }
    return ParseComparison();
}

namespace {

bool ComparisonOp(TokenKind kind, BinaryOp* op) {
    switch (kind) {
        case TokenKind::kEq:
            *op = BinaryOp::kEq;
            return true;
        case TokenKind::kNe:
            *op = BinaryOp::kNe;
            return true;
        case TokenKind::kLt:
            *op = BinaryOp::kLt;
            return true;
        case TokenKind::kLe:
            *op = BinaryOp::kLe;
            return true;
        case TokenKind::kGt:
            *op = BinaryOp::kGt;
            return true;
        case TokenKind::kGe:
            *op = BinaryOp::kGe;
            return true;
        default:
            return false;
    }
}

}  // namespace

// a < b < c is (a < b) AND (b < c). The shared operand b is parsed a second time from its
// tokens rather than cloned: that charges the atom budget, which bounds both time and the size
// of the tree (nested chains double it at every level).
Result<ExprPtr> Parser::ParseComparison() {
    ASSIGN_OR_RETURN(ExprPtr left, ParsePredicates());
    BinaryOp op;
    if (!ComparisonOp(Cur().kind, &op)) return left;
    ExprPtr result;
    size_t previous_start = 0;
    while (ComparisonOp(Cur().kind, &op)) {
        ++pos_;
        size_t right_start = pos_;
        ASSIGN_OR_RETURN(ExprPtr right, ParsePredicates());
        if (!result) {
            SourcePosition pos = left->pos;
            result = std::make_unique<Binary>(op, std::move(left), std::move(right), pos);
        } else {
            size_t resume = pos_;
            pos_ = previous_start;
            ASSIGN_OR_RETURN(ExprPtr copy, ParsePredicates());
            pos_ = resume;
            SourcePosition pos = copy->pos;
            auto next = std::make_unique<Binary>(op, std::move(copy), std::move(right), pos);
            pos = result->pos;
            result =
                std::make_unique<Binary>(BinaryOp::kAnd, std::move(result), std::move(next), pos);
        }
        previous_start = right_start;
    }
    return result;
}

Result<ExprPtr> Parser::ParsePredicates() {
    ASSIGN_OR_RETURN(ExprPtr left, ParseAddSub());
    while (true) {
        SourcePosition pos = left->pos;
        BinaryOp op;
        if (AtKeyword("STARTS") && AtKeyword("WITH", 1)) {
            pos_ += 2;
            op = BinaryOp::kStartsWith;
        } else if (AtKeyword("ENDS") && AtKeyword("WITH", 1)) {
            pos_ += 2;
            op = BinaryOp::kEndsWith;
        } else if (AcceptKeyword("CONTAINS")) {
            op = BinaryOp::kContains;
        } else if (AcceptKeyword("IN")) {
            op = BinaryOp::kIn;
        } else if (Accept(TokenKind::kRegexMatch)) {
            op = BinaryOp::kRegexMatch;
        } else if (AtKeyword("IS")) {
            bool negated = AtKeyword("NOT", 1);
            if (!AtKeyword("NULL", negated ? 2 : 1)) return left;
            pos_ += negated ? 3 : 2;
            left = std::make_unique<ast::IsNull>(std::move(left), negated, pos);
            continue;
        } else {
            return left;
        }
        ASSIGN_OR_RETURN(ExprPtr right, ParseAddSub());
        left = std::make_unique<Binary>(op, std::move(left), std::move(right), pos);
    }
}

Result<ExprPtr> Parser::ParseAddSub() {
    ASSIGN_OR_RETURN(ExprPtr left, ParseMulDiv());
    while (At(TokenKind::kPlus) || At(TokenKind::kMinus)) {
        BinaryOp op = At(TokenKind::kPlus) ? BinaryOp::kAdd : BinaryOp::kSub;
        ++pos_;
        ASSIGN_OR_RETURN(ExprPtr right, ParseMulDiv());
        SourcePosition pos = left->pos;
        left = std::make_unique<Binary>(op, std::move(left), std::move(right), pos);
    }
    return left;
}

Result<ExprPtr> Parser::ParseMulDiv() {
    ASSIGN_OR_RETURN(ExprPtr left, ParsePower());
    while (true) {
        BinaryOp op;
        if (At(TokenKind::kStar)) {
            op = BinaryOp::kMul;
        } else if (At(TokenKind::kSlash)) {
            op = BinaryOp::kDiv;
        } else if (At(TokenKind::kPercent)) {
            op = BinaryOp::kMod;
        } else {
            return left;
        }
        ++pos_;
        ASSIGN_OR_RETURN(ExprPtr right, ParsePower());
        SourcePosition pos = left->pos;
        left = std::make_unique<Binary>(op, std::move(left), std::move(right), pos);
    }
}

Result<ExprPtr> Parser::ParsePower() {
    ASSIGN_OR_RETURN(ExprPtr left, ParseUnary());
    while (Accept(TokenKind::kCaret)) {
        ASSIGN_OR_RETURN(ExprPtr right, ParseUnary());
        SourcePosition pos = left->pos;
        left = std::make_unique<Binary>(BinaryOp::kPow, std::move(left), std::move(right), pos);
    }
    return left;
}

// A minus directly before a number literal folds into the literal, so that
// -9223372036854775808 (whose magnitude alone overflows) is an ordinary integer.
Result<ExprPtr> Parser::ParseUnary() {
    if (!At(TokenKind::kMinus) && !At(TokenKind::kPlus)) return ParsePostfix(true);
    DepthGuard guard(this);
    if (guard.exceeded()) return TooDeep();
    SourcePosition pos = Cur().pos();
    bool minus = At(TokenKind::kMinus);
    ++pos_;
    TokenKind next = Cur().kind;
    bool number = next == TokenKind::kInteger || next == TokenKind::kHexInteger ||
                  next == TokenKind::kOctalInteger || next == TokenKind::kFloat;
    if (minus && number) {
        // Only when nothing binds tighter than the sign: -2.x or -2[0] keep the unary form.
        TokenKind after = Ahead(1).kind;
        if (after != TokenKind::kDot && after != TokenKind::kLBracket &&
            after != TokenKind::kColon) {
            return ParseNumber(true, pos);
        }
    }
    ASSIGN_OR_RETURN(ExprPtr operand, ParseUnary());
    return ExprPtr(std::make_unique<ast::Unary>(minus ? ast::UnaryOp::kNegate : ast::UnaryOp::kPlus,
                                                std::move(operand), pos));
}

Result<ExprPtr> Parser::ParsePostfix(bool allow_labels) {
    ASSIGN_OR_RETURN(ExprPtr expr, ParseAtom());
    while (true) {
        SourcePosition pos = expr->pos;
        if (At(TokenKind::kDot) && AtName(1)) {
            ++pos_;
            std::string key;
            RETURN_IF_ERROR(ParseName(&key, "a property key name"));
            expr = std::make_unique<ast::PropertyAccess>(std::move(expr), std::move(key), pos);
        } else if (At(TokenKind::kDot)) {
            ++pos_;
            return ErrorHere("a property key name");
        } else if (At(TokenKind::kLBracket)) {
            ++pos_;
            ExprPtr from;
            if (!At(TokenKind::kDotDot)) {
                ASSIGN_OR_RETURN(from, ParseExpression());
            }
            if (Accept(TokenKind::kDotDot)) {
                auto slice = std::make_unique<ast::Slice>(pos);
                slice->object = std::move(expr);
                slice->from = std::move(from);
                if (!At(TokenKind::kRBracket)) {
                    ASSIGN_OR_RETURN(slice->to, ParseExpression());
                }
                RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']'"));
                expr = std::move(slice);
            } else {
                if (!from) return ErrorHere("an expression");
                RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "'..' or ']'"));
                expr = std::make_unique<ast::Subscript>(std::move(expr), std::move(from), pos);
            }
        } else if (allow_labels && At(TokenKind::kColon) && AtName(1)) {
            auto check = std::make_unique<ast::LabelCheck>(pos);
            check->operand = std::move(expr);
            RETURN_IF_ERROR(ParseLabelList(&check->labels));
            // n:A|B (any of the labels), unless a '|' here ends a comprehension's WHERE.
            if (check->labels.size() == 1 && !bar_ends_expression_ && At(TokenKind::kPipe) &&
                (AtName(1) || (At(TokenKind::kColon, 1) && AtName(2)))) {
                check->any = true;
                while (Accept(TokenKind::kPipe)) {
                    Accept(TokenKind::kColon);
                    std::string label;
                    RETURN_IF_ERROR(ParseName(&label, "a label name"));
                    check->labels.push_back(std::move(label));
                }
            }
            expr = std::move(check);
        } else {
            return expr;
        }
    }
}

}  // namespace nexus::cypher
