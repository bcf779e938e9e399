// Schema commands: CREATE/DROP INDEX, CREATE/DROP CONSTRAINT (Neo4j 5 and the older ON/ASSERT
// forms), SHOW INDEXES / SHOW CONSTRAINTS with YIELD, WHERE and RETURN.
#include "cypher/parser/parser_impl.h"

namespace nexus::cypher {

using ast::Statement;
using StatementPtr = std::unique_ptr<Statement>;

namespace {

constexpr std::string_view kIndexTypes[] = {"RANGE",    "TEXT",   "POINT", "LOOKUP",
                                            "FULLTEXT", "VECTOR", "BTREE"};

ast::IndexType IndexTypeOf(std::string_view upper) {
    if (upper == "TEXT") return ast::IndexType::kText;
    if (upper == "POINT") return ast::IndexType::kPoint;
    if (upper == "LOOKUP") return ast::IndexType::kLookup;
    if (upper == "FULLTEXT") return ast::IndexType::kFulltext;
    if (upper == "VECTOR") return ast::IndexType::kVector;
    return ast::IndexType::kRange;
}

std::string Upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

}  // namespace

bool Parser::AtSchemaCommand() const {
    if (AtKeyword("SHOW")) return true;
    if (AtKeyword("DROP")) return AtKeyword("INDEX", 1) || AtKeyword("CONSTRAINT", 1);
    if (!AtKeyword("CREATE")) return false;
    if (AtKeyword("INDEX", 1) || AtKeyword("CONSTRAINT", 1)) return true;
    for (std::string_view type : kIndexTypes) {
        if (AtKeyword(type, 1) && AtKeyword("INDEX", 2)) return true;
    }
    return false;
}

Result<StatementPtr> Parser::ParseSchemaCommand() {
    SourcePosition pos = Cur().pos();
    if (AcceptKeyword("SHOW")) return ParseShow(pos);
    if (AcceptKeyword("DROP")) return ParseDrop(pos);
    ++pos_;  // CREATE
    if (AcceptKeyword("CONSTRAINT")) return ParseCreateConstraint(pos);
    return ParseCreateIndex(pos);
}

// An index or constraint name is optional; the keywords that may follow the name are not
// taken as one.
Status Parser::ParseOptionalSchemaName(std::string* name) {
    if (!AtName()) return Status::Ok();
    if (Cur().kind == TokenKind::kIdentifier &&
        (AtKeyword("FOR") || (AtKeyword("IF") && AtKeyword("NOT", 1)) ||
         (AtKeyword("ON") && (At(TokenKind::kColon, 1) || At(TokenKind::kLParen, 1))))) {
        return Status::Ok();
    }
    return ParseName(name, "a name");
}

// (n:Label) or ()-[r:TYPE]-() (any direction).
Status Parser::ParseSchemaPattern(ast::SchemaTarget* target) {
    RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
    if (Accept(TokenKind::kRParen)) {
        target->relationship = true;
        Accept(TokenKind::kLt);
        RETURN_IF_ERROR(Expect(TokenKind::kMinus, "'-'"));
        RETURN_IF_ERROR(Expect(TokenKind::kLBracket, "'['"));
        RETURN_IF_ERROR(ParseName(&target->variable, "a variable"));
        RETURN_IF_ERROR(Expect(TokenKind::kColon, "':'"));
        RETURN_IF_ERROR(ParseName(&target->label, "a relationship type"));
        RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']'"));
        RETURN_IF_ERROR(Expect(TokenKind::kMinus, "'-'"));
        Accept(TokenKind::kGt);
        RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
        return Expect(TokenKind::kRParen, "')'");
    }
    RETURN_IF_ERROR(ParseName(&target->variable, "a variable"));
    if (Accept(TokenKind::kColon)) {
        RETURN_IF_ERROR(ParseName(&target->label, "a label"));
    }
    return Expect(TokenKind::kRParen, "')'");
}

// n.a or (n.a, n.b): the property names, checking that they use the pattern's variable.
Status Parser::ParsePropertyList(const std::string& variable, std::vector<std::string>* props) {
    bool parenthesized = Accept(TokenKind::kLParen);
    do {
        SourcePosition pos = Cur().pos();
        std::string var, key;
        RETURN_IF_ERROR(ParseName(&var, "a variable"));
        RETURN_IF_ERROR(Expect(TokenKind::kDot, "'.'"));
        RETURN_IF_ERROR(ParseName(&key, "a property key name"));
        if (!variable.empty() && var != variable) {
            return Status(StatusCode::kSyntaxError, "Variable `" + var + "` not defined", pos);
        }
        props->push_back(std::move(key));
    } while (parenthesized && Accept(TokenKind::kComma));
    if (parenthesized) RETURN_IF_ERROR(Expect(TokenKind::kRParen, "',' or ')'"));
    return Status::Ok();
}

Result<StatementPtr> Parser::ParseCreateIndex(SourcePosition pos) {
    auto index = std::make_unique<ast::CreateIndex>(pos);
    if (!AtKeyword("INDEX")) {
        index->type = IndexTypeOf(Upper(TextOf(Cur())));
        ++pos_;
    }
    RETURN_IF_ERROR(ExpectKeyword("INDEX"));
    RETURN_IF_ERROR(ParseOptionalSchemaName(&index->name));
    if (AtKeyword("IF")) {
        ++pos_;
        RETURN_IF_ERROR(ExpectKeyword("NOT"));
        RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
        index->if_not_exists = true;
    }
    if (AcceptKeyword("ON")) {  // old style: ON :Label(a, b)
        RETURN_IF_ERROR(Expect(TokenKind::kColon, "':'"));
        RETURN_IF_ERROR(ParseName(&index->target.label, "a label"));
        RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
        do {
            std::string key;
            RETURN_IF_ERROR(ParseName(&key, "a property key name"));
            index->target.properties.push_back(std::move(key));
        } while (Accept(TokenKind::kComma));
        RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
        return StatementPtr(std::move(index));
    }
    RETURN_IF_ERROR(ExpectKeyword("FOR"));
    RETURN_IF_ERROR(ParseSchemaPattern(&index->target));
    RETURN_IF_ERROR(ExpectKeyword("ON"));
    if (AcceptKeyword("EACH")) {
        // LOOKUP: ON EACH labels(n) / type(r); FULLTEXT: ON EACH [n.a, n.b].
        if (Accept(TokenKind::kLBracket)) {
            do {
                RETURN_IF_ERROR(
                    ParsePropertyList(index->target.variable, &index->target.properties));
            } while (Accept(TokenKind::kComma));
            RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']'"));
        } else {
            ASSIGN_OR_RETURN(ast::ExprPtr ignored, ParseFunctionCall());
        }
    } else {
        RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
        --pos_;
        RETURN_IF_ERROR(ParsePropertyList(index->target.variable, &index->target.properties));
    }
    if (AcceptKeyword("OPTIONS")) {
        ASSIGN_OR_RETURN(index->options, ParseMapLiteral());
    }
    return StatementPtr(std::move(index));
}

Result<StatementPtr> Parser::ParseCreateConstraint(SourcePosition pos) {
    auto constraint = std::make_unique<ast::CreateConstraint>(pos);
    RETURN_IF_ERROR(ParseOptionalSchemaName(&constraint->name));
    if (AtKeyword("IF")) {
        ++pos_;
        RETURN_IF_ERROR(ExpectKeyword("NOT"));
        RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
        constraint->if_not_exists = true;
    }
    if (!AcceptKeyword("FOR") && !AcceptKeyword("ON")) return ErrorHere("'FOR'");
    RETURN_IF_ERROR(ParseSchemaPattern(&constraint->target));
    if (!AcceptKeyword("REQUIRE") && !AcceptKeyword("ASSERT")) return ErrorHere("'REQUIRE'");
    if (AtKeyword("EXISTS") && At(TokenKind::kLParen, 1)) {  // ASSERT exists(n.a)
        pos_ += 2;
        RETURN_IF_ERROR(
            ParsePropertyList(constraint->target.variable, &constraint->target.properties));
        RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
        constraint->constraint = ast::ConstraintKind::kNotNull;
        return StatementPtr(std::move(constraint));
    }
    RETURN_IF_ERROR(ParsePropertyList(constraint->target.variable, &constraint->target.properties));
    RETURN_IF_ERROR(ExpectKeyword("IS"));
    if (AcceptKeyword("NOT")) {
        RETURN_IF_ERROR(ExpectKeyword("NULL"));
        constraint->constraint = ast::ConstraintKind::kNotNull;
    } else if (Accept(TokenKind::kColon) || AcceptKeyword("TYPED")) {
        if (Accept(TokenKind::kColon)) {
            // IS :: TYPE; the first ':' was taken above.
        }
        constraint->constraint = ast::ConstraintKind::kPropertyType;
        size_t start = pos_;
        while (AtName() && !AtKeyword("OPTIONS")) ++pos_;
        if (pos_ == start) return ErrorHere("a property type");
        constraint->property_type = Upper(SourceText(start));
    } else {
        if (!AcceptKeyword("NODE") && !AcceptKeyword("RELATIONSHIP")) AcceptKeyword("REL");
        if (AcceptKeyword("UNIQUE")) {
            constraint->constraint = ast::ConstraintKind::kUnique;
        } else if (AcceptKeyword("KEY")) {
            constraint->constraint = ast::ConstraintKind::kNodeKey;
        } else {
            return ErrorHere("'UNIQUE', 'NODE KEY', 'NOT NULL' or '::'");
        }
    }
    if (AcceptKeyword("OPTIONS")) {
        ASSIGN_OR_RETURN(constraint->options, ParseMapLiteral());
    }
    return StatementPtr(std::move(constraint));
}

Result<StatementPtr> Parser::ParseDrop(SourcePosition pos) {
    if (AcceptKeyword("CONSTRAINT")) {
        auto drop = std::make_unique<ast::DropConstraint>(pos);
        RETURN_IF_ERROR(ParseName(&drop->name, "a constraint name"));
        if (AcceptKeyword("IF")) {
            RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
            drop->if_exists = true;
        }
        return StatementPtr(std::move(drop));
    }
    RETURN_IF_ERROR(ExpectKeyword("INDEX"));
    auto drop = std::make_unique<ast::DropIndex>(pos);
    if (AtKeyword("ON") && At(TokenKind::kColon, 1)) {
        pos_ += 2;
        drop->target.emplace();
        RETURN_IF_ERROR(ParseName(&drop->target->label, "a label"));
        RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
        do {
            std::string key;
            RETURN_IF_ERROR(ParseName(&key, "a property key name"));
            drop->target->properties.push_back(std::move(key));
        } while (Accept(TokenKind::kComma));
        RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
        return StatementPtr(std::move(drop));
    }
    RETURN_IF_ERROR(ParseName(&drop->name, "an index name"));
    if (AcceptKeyword("IF")) {
        RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
        drop->if_exists = true;
    }
    return StatementPtr(std::move(drop));
}

Result<StatementPtr> Parser::ParseShow(SourcePosition pos) {
    size_t filter_start = pos_;
    while (Cur().kind == TokenKind::kIdentifier && !AtKeyword("INDEX") && !AtKeyword("INDEXES") &&
           !AtKeyword("CONSTRAINT") && !AtKeyword("CONSTRAINTS")) {
        ++pos_;
    }
    std::string filter = Upper(SourceText(filter_start));
    ast::StatementKind kind;
    if (AcceptKeyword("INDEX") || AcceptKeyword("INDEXES")) {
        kind = ast::StatementKind::kShowIndexes;
    } else if (AcceptKeyword("CONSTRAINT") || AcceptKeyword("CONSTRAINTS")) {
        kind = ast::StatementKind::kShowConstraints;
    } else {
        return ErrorHere("'INDEXES' or 'CONSTRAINTS'");
    }
    auto show = std::make_unique<ast::ShowSchema>(kind, pos);
    show->filter = filter == "ALL" ? std::string() : std::move(filter);
    if (AcceptKeyword("YIELD")) {
        show->has_yield = true;
        RETURN_IF_ERROR(ParseYieldItems(&show->yield_star, &show->yields));
        RETURN_IF_ERROR(ParseOrderSkipLimit(&show->order_by, &show->skip, &show->limit));
    }
    if (AcceptKeyword("WHERE")) {
        ASSIGN_OR_RETURN(show->where, ParseExpression());
    }
    if (show->has_yield && AtKeyword("RETURN")) {
        ASSIGN_OR_RETURN(ast::ClausePtr ret, ParseReturn());
        show->ret.reset(static_cast<ast::Return*>(ret.release()));
    }
    return StatementPtr(std::move(show));
}

}  // namespace nexus::cypher
