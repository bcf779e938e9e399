// Patterns: (a:L {p: 1})-[r:T|U*1..3 {q: 2}]->(b), named paths, shortestPath(...), and the
// speculative parse that tells a pattern predicate from a parenthesized expression.
#include "cypher/parser/parser_impl.h"

namespace nexus::cypher {

Status Parser::ParsePattern(ast::Pattern* pattern) {
    pattern->pos = Cur().pos();
    while (true) {
        ast::PatternPart part;
        RETURN_IF_ERROR(ParsePatternPart(&part));
        pattern->parts.push_back(std::move(part));
        if (!Accept(TokenKind::kComma)) return Status::Ok();
    }
}

Status Parser::ParsePatternPart(ast::PatternPart* part) {
    DepthGuard guard(this);
    if (guard.exceeded()) return TooDeep();
    part->pos = Cur().pos();
    if (AtName() && At(TokenKind::kEq, 1)) {
        part->path_variable_pos = Cur().pos();
        RETURN_IF_ERROR(ParseName(&part->path_variable, "a path variable"));
        ++pos_;
    }
    bool shortest = AtKeyword("SHORTESTPATH");
    if ((shortest || AtKeyword("ALLSHORTESTPATHS")) && At(TokenKind::kLParen, 1)) {
        part->function =
            shortest ? ast::PathFunction::kShortestPath : ast::PathFunction::kAllShortestPaths;
        pos_ += 2;
        RETURN_IF_ERROR(ParsePatternElement(part));
        return Expect(TokenKind::kRParen, "')'");
    }
    return ParsePatternElement(part);
}

Status Parser::ParsePatternElement(ast::PatternPart* part) {
    // A pattern element may itself be parenthesized: ((a)-->(b)).
    if (At(TokenKind::kLParen) && At(TokenKind::kLParen, 1)) {
        DepthGuard guard(this);
        if (guard.exceeded()) return TooDeep();
        ++pos_;
        RETURN_IF_ERROR(ParsePatternElement(part));
        return Expect(TokenKind::kRParen, "')'");
    }
    ast::NodePattern first;
    RETURN_IF_ERROR(ParseNodePattern(&first));
    part->nodes.push_back(std::move(first));
    while (At(TokenKind::kMinus) || (At(TokenKind::kLt) && At(TokenKind::kMinus, 1))) {
        ast::RelationshipPattern rel;
        RETURN_IF_ERROR(ParseRelationshipPattern(&rel));
        ast::NodePattern node;
        RETURN_IF_ERROR(ParseNodePattern(&node));
        part->relationships.push_back(std::move(rel));
        part->nodes.push_back(std::move(node));
    }
    return Status::Ok();
}

Status Parser::ParseNodePattern(ast::NodePattern* node) {
    node->pos = Cur().pos();
    RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
    if (AtName() && !(AtKeyword("WHERE") && !At(TokenKind::kRParen, 1))) {
        node->variable_pos = Cur().pos();
        RETURN_IF_ERROR(ParseName(&node->variable, "a variable"));
    }
    if (At(TokenKind::kColon)) RETURN_IF_ERROR(ParseLabelList(&node->labels));
    if (At(TokenKind::kLBrace) || At(TokenKind::kParameter)) {
        RETURN_IF_ERROR(ParsePatternProperties(&node->properties));
    }
    if (AcceptKeyword("WHERE")) {
        ASSIGN_OR_RETURN(node->where, ParseExpression());
    }
    if (Accept(TokenKind::kRParen)) return Status::Ok();
    // Name what could still have come at this point, as Neo4j does.
    if (node->where) return ErrorHere("')'");
    if (node->properties) return ErrorHere("'WHERE' or ')'");
    if (!node->labels.empty()) return ErrorHere("':', '{', a parameter, 'WHERE' or ')'");
    if (!node->variable.empty()) return ErrorHere("a label, '{', a parameter, 'WHERE' or ')'");
    return ErrorHere("a variable, a label, '{', a parameter, 'WHERE' or ')'");
}

Status Parser::ParseLabelList(std::vector<std::string>* labels) {
    while (Accept(TokenKind::kColon)) {
        std::string label;
        RETURN_IF_ERROR(ParseName(&label, "a label name"));
        labels->push_back(std::move(label));
    }
    return Status::Ok();
}

Status Parser::ParsePatternProperties(ast::ExprPtr* out) {
    if (At(TokenKind::kParameter)) {
        ASSIGN_OR_RETURN(*out, ParseAtom());
        return Status::Ok();
    }
    ASSIGN_OR_RETURN(*out, ParseMapLiteral());
    return Status::Ok();
}

Status Parser::ParseRelationshipPattern(ast::RelationshipPattern* rel) {
    rel->pos = Cur().pos();
    bool left = Accept(TokenKind::kLt);
    RETURN_IF_ERROR(Expect(TokenKind::kMinus, "'-'"));
    if (Accept(TokenKind::kLBracket)) {
        if (AtName() && !AtKeyword("WHERE")) {
            rel->variable_pos = Cur().pos();
            RETURN_IF_ERROR(ParseName(&rel->variable, "a variable"));
        }
        if (Accept(TokenKind::kColon)) {
            while (true) {
                std::string type;
                RETURN_IF_ERROR(ParseName(&type, "a relationship type name"));
                rel->types.push_back(std::move(type));
                if (!Accept(TokenKind::kPipe)) break;
                Accept(TokenKind::kColon);
            }
        }
        if (At(TokenKind::kStar)) RETURN_IF_ERROR(ParseRange(rel));
        if (At(TokenKind::kLBrace) || At(TokenKind::kParameter)) {
            RETURN_IF_ERROR(ParsePatternProperties(&rel->properties));
        }
        if (AcceptKeyword("WHERE")) {
            ASSIGN_OR_RETURN(rel->where, ParseExpression());
        }
        RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']'"));
    }
    RETURN_IF_ERROR(Expect(TokenKind::kMinus, "'-'"));
    bool right = Accept(TokenKind::kGt);
    if (left && !right) {
        rel->direction = ast::Direction::kRightToLeft;
    } else if (right && !left) {
        rel->direction = ast::Direction::kLeftToRight;
    } else {
        rel->direction = ast::Direction::kBoth;
    }
    return Status::Ok();
}

Status Parser::ParseRange(ast::RelationshipPattern* rel) {
    ++pos_;  // '*'
    rel->variable_length = true;
    auto bound = [this](std::optional<int64_t>* out) -> Status {
        if (!At(TokenKind::kInteger) && !At(TokenKind::kHexInteger) &&
            !At(TokenKind::kOctalInteger)) {
            return Status::Ok();
        }
        ASSIGN_OR_RETURN(ast::ExprPtr literal, ParseNumber(false, Cur().pos()));
        *out = literal->As<ast::Literal>().value.as_int();
        return Status::Ok();
    };
    RETURN_IF_ERROR(bound(&rel->min_hops));
    if (Accept(TokenKind::kDotDot)) {
        RETURN_IF_ERROR(bound(&rel->max_hops));
    } else if (rel->min_hops) {
        rel->max_hops = rel->min_hops;  // *2 means exactly two hops
    }
    return Status::Ok();
}

namespace {

bool CanFollowNodeVariable(TokenKind kind) {
    return kind == TokenKind::kRParen || kind == TokenKind::kColon || kind == TokenKind::kLBrace ||
           kind == TokenKind::kParameter;
}

}  // namespace

bool Parser::LooksLikeRelationshipPattern() const {
    // A parenthesized path element ((a)-->(b)) is followed by whatever follows the pattern,
    // so look through leading '(' to the first node's own closing parenthesis.
    size_t i = pos_;
    while (i + 1 < tokens_.size() && tokens_[i + 1].kind == TokenKind::kLParen) ++i;
    int nesting = 0;
    for (; i < tokens_.size(); ++i) {
        TokenKind k = tokens_[i].kind;
        if (k == TokenKind::kLParen || k == TokenKind::kLBracket || k == TokenKind::kLBrace) {
            ++nesting;
        } else if (k == TokenKind::kRParen || k == TokenKind::kRBracket ||
                   k == TokenKind::kRBrace) {
            if (--nesting == 0) break;
        } else if (k == TokenKind::kEnd) {
            return false;
        }
    }
    if (i + 2 >= tokens_.size()) return false;
    TokenKind next = tokens_[i + 1].kind;
    return next == TokenKind::kMinus ||
           (next == TokenKind::kLt && tokens_[i + 2].kind == TokenKind::kMinus);
}

bool Parser::TryPatternPart(ast::PatternPart* part) {
    // Cheap checks first: most parenthesized expressions fail here without building errors.
    if (!At(TokenKind::kLParen)) return false;
    TokenKind second = Ahead(1).kind;
    bool plausible = CanFollowNodeVariable(second) || second == TokenKind::kLParen ||
                     (AtName(1) && (CanFollowNodeVariable(Ahead(2).kind) || AtKeyword("WHERE", 2)));
    if (!plausible || !LooksLikeRelationshipPattern()) return false;
    size_t start = pos_;
    Status status = ParsePatternPart(part);
    if (status.ok() && !part->relationships.empty()) return true;
    // A failure after the first node, inside a relationship or a later node, is a pattern gone
    // wrong; one inside the first node is most likely an expression in parentheses.
    if (!status.ok() && !part->nodes.empty() && status.position() &&
        (furthest_speculative_.ok() ||
         status.position()->offset > furthest_speculative_.position()->offset)) {
        furthest_speculative_ = status;
    }
    pos_ = start;
    *part = ast::PatternPart();
    return false;
}

}  // namespace nexus::cypher
