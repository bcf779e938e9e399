// Parse(): lexes, then runs the recursive-descent Parser over the tokens. Also the token
// cursor helpers and error construction every grammar file uses.
#include "cypher/parser/parser.h"

#include "cypher/parser/parser_impl.h"
#include "cypher/parser/syntax_check.h"

namespace nexus::cypher {

Result<std::unique_ptr<ast::Statement>> Parse(std::string_view text) {
    std::vector<Token> tokens;
    RETURN_IF_ERROR(Lex(text, &tokens));
    Parser parser(text, tokens);
    parser.SetStackBase(__builtin_frame_address(0));
    auto statement = parser.ParseStatement();
    if (!parser.depth_error().ok()) return parser.depth_error();
    if (parser.budget_exceeded()) return parser.TooComplexError();
    if (!statement.ok()) {
        const Status& speculative = parser.furthest_speculative_error();
        const Status& final_error = statement.status();
        if (!speculative.ok() && final_error.position() &&
            speculative.position()->offset > final_error.position()->offset) {
            return speculative;
        }
        return final_error;
    }
    RETURN_IF_ERROR(CheckSyntax(**statement));
    return statement;
}

Result<std::unique_ptr<ast::Statement>> Parser::ParseStatement() {
    SourcePosition pos = Cur().pos();
    ast::ExplainMode explain = ast::ExplainMode::kNone;
    if (AcceptKeyword("EXPLAIN")) {
        explain = ast::ExplainMode::kExplain;
    } else if (AcceptKeyword("PROFILE")) {
        explain = ast::ExplainMode::kProfile;
    }
    std::unique_ptr<ast::Statement> statement;
    if (AtSchemaCommand()) {
        ASSIGN_OR_RETURN(statement, ParseSchemaCommand());
    } else {
        auto query = std::make_unique<ast::QueryStatement>(Cur().pos());
        RETURN_IF_ERROR(ParseQuery(&query->query));
        statement = std::move(query);
    }
    statement->pos = pos;
    statement->explain = explain;
    Accept(TokenKind::kSemicolon);
    if (!At(TokenKind::kEnd)) return ErrorHere("end of input");
    return statement;
}

Status Parser::TooComplex() {
    return TooComplexError();
}

Status Parser::TooComplexError() const {
    return Status(StatusCode::kSyntaxError,
                  "query is too complex to parse: too many alternatives to try", Cur().pos());
}

Status Parser::TooDeep() {
    if (depth_error_.ok()) {
        depth_error_ = Status(StatusCode::kSyntaxError, "query is nested too deeply", Cur().pos());
    }
    return depth_error_;
}

Status Parser::Expect(TokenKind kind, std::string_view what) {
    if (Accept(kind)) return Status::Ok();
    return ErrorHere(what);
}

bool Parser::AtKeyword(std::string_view keyword, size_t ahead) const {
    const Token& t = Ahead(ahead);
    if (t.kind != TokenKind::kIdentifier || t.length != keyword.size()) return false;
    const char* p = text_.data() + t.offset;
    for (size_t i = 0; i < keyword.size(); ++i) {
        char c = p[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c != keyword[i]) return false;
    }
    return true;
}

bool Parser::AcceptKeyword(std::string_view keyword) {
    if (!AtKeyword(keyword)) return false;
    ++pos_;
    return true;
}

Status Parser::ExpectKeyword(std::string_view keyword) {
    if (AcceptKeyword(keyword)) return Status::Ok();
    return ErrorHere("'" + std::string(keyword) + "'");
}

Status Parser::ParseName(std::string* out, std::string_view what) {
    if (!AtName()) return ErrorHere(what);
    *out = IdentifierName(TextOf(Cur()), Cur().kind);
    ++pos_;
    return Status::Ok();
}

Status Parser::ErrorHere(std::string_view expected) const {
    const Token& t = Cur();
    std::string message;
    if (t.kind == TokenKind::kEnd) {
        message = "Invalid input '': expected ";
    } else {
        std::string_view shown = TextOf(t);
        if (shown.size() > 40) shown = shown.substr(0, 40);
        message = "Invalid input '" + std::string(shown) + "': expected ";
    }
    message += expected;
    return Status(StatusCode::kSyntaxError, std::move(message), t.pos());
}

std::string Parser::SourceText(size_t first) const {
    if (pos_ <= first) return std::string();
    const Token& last = tokens_[pos_ - 1];
    uint32_t begin = tokens_[first].offset;
    return std::string(text_.substr(begin, last.offset + last.length - begin));
}

}  // namespace nexus::cypher
