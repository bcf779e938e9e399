// The Cypher lexer: one pass over the bytes, tracking line and column in code points.
#include "cypher/parser/lexer.h"

#include "cypher/parser/ast.h"

namespace nexus::cypher {
namespace {

using ast::ErrorDetail;

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}
bool IsHexDigit(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsAsciiIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Decodes the UTF-8 sequence at text[i]; returns its length, or 0 when the bytes are not
// valid UTF-8 (a stray continuation byte, a truncated or overlong sequence).
uint32_t DecodeUtf8(std::string_view text, size_t i, uint32_t* cp) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) return 0;
    uint32_t v = c & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
        unsigned char b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        v = (v << 6) | (b & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < kMin[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return static_cast<uint32_t>(len);
}

bool IsUnicodeSpace(uint32_t cp) {
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// Non-ASCII code points that may appear in names. Punctuation and symbol blocks are refused so
// that look-alikes such as an em dash in `42 — 41` are reported instead of read as a name.
bool IsUnicodeIdentChar(uint32_t cp) {
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, arrows, math, shapes
    if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
    if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
    if (cp >= 0xFF00 && cp <= 0xFF0F) return false;
    return true;
}

class Lexer {
  public:
    Lexer(std::string_view text, std::vector<Token>* out) : text_(text), out_(out) {}

    Status Run() {
        out_->clear();
        out_->reserve(text_.size() / 3 + 4);
        while (true) {
            RETURN_IF_ERROR(SkipSpaceAndComments());
            if (i_ >= text_.size()) break;
            RETURN_IF_ERROR(NextToken());
        }
        Token end;
        end.kind = TokenKind::kEnd;
        end.offset = static_cast<uint32_t>(i_);
        end.line = line_;
        end.column = column_;
        out_->push_back(end);
        return Status::Ok();
    }

  private:
    SourcePosition Here() const {
        return SourcePosition{line_, column_, static_cast<uint32_t>(i_)};
    }

    // Moves past n bytes that hold no newline, counting code points for the column.
    void Advance(size_t n) {
        for (size_t k = 0; k < n; ++k, ++i_) {
            if ((static_cast<unsigned char>(text_[i_]) & 0xC0) != 0x80) ++column_;
        }
    }
    void AdvanceAny() {
        if (text_[i_] == '\n') {
            ++line_;
            column_ = 1;
            ++i_;
        } else {
            Advance(1);
        }
    }
    char Peek(size_t ahead = 0) const {
        return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0';
    }

    Status SkipSpaceAndComments() {
        while (i_ < text_.size()) {
            char c = text_[i_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                AdvanceAny();
            } else if (c == '/' && Peek(1) == '/') {
                while (i_ < text_.size() && text_[i_] != '\n') Advance(1);
            } else if (c == '/' && Peek(1) == '*') {
                SourcePosition start = Here();
                Advance(2);
                while (i_ < text_.size() && !(text_[i_] == '*' && Peek(1) == '/')) AdvanceAny();
                if (i_ >= text_.size()) {
                    return Status(StatusCode::kSyntaxError,
                                  "Failed to parse comment. A comment starting on `/*` must "
                                  "have a closing `*/`.",
                                  start);
                }
                Advance(2);
            } else if (static_cast<unsigned char>(c) >= 0x80) {
                uint32_t cp = 0;
                uint32_t len = DecodeUtf8(text_, i_, &cp);
                if (len == 0 || !IsUnicodeSpace(cp)) return Status::Ok();
                Advance(len);
            } else {
                return Status::Ok();
            }
        }
        return Status::Ok();
    }

    void Emit(TokenKind kind, size_t start, SourcePosition pos) {
        Token t;
        t.kind = kind;
        t.offset = static_cast<uint32_t>(start);
        t.length = static_cast<uint32_t>(i_ - start);
        t.line = pos.line;
        t.column = pos.column;
        out_->push_back(t);
    }

    Status NextToken() {
        size_t start = i_;
        SourcePosition pos = Here();
        char c = text_[i_];
        if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return Number(start, pos);
        if (IsAsciiIdentStart(c) || static_cast<unsigned char>(c) >= 0x80) {
            RETURN_IF_ERROR(Identifier(pos));
            Emit(TokenKind::kIdentifier, start, pos);
            return Status::Ok();
        }
        switch (c) {
            case '`':
                RETURN_IF_ERROR(QuotedIdentifier(pos));
                Emit(TokenKind::kQuotedIdentifier, start, pos);
                return Status::Ok();
            case '\'':
            case '"':
                return String(start, pos);
            case '$':
                return ParameterToken(start, pos);
            default:
                break;
        }
        TokenKind kind;
        size_t len = 1;
        switch (c) {
            case '(':
                kind = TokenKind::kLParen;
                break;
            case ')':
                kind = TokenKind::kRParen;
                break;
            case '[':
                kind = TokenKind::kLBracket;
                break;
            case ']':
                kind = TokenKind::kRBracket;
                break;
            case '{':
                kind = TokenKind::kLBrace;
                break;
            case '}':
                kind = TokenKind::kRBrace;
                break;
            case ',':
                kind = TokenKind::kComma;
                break;
            case ':':
                kind = TokenKind::kColon;
                break;
            case ';':
                kind = TokenKind::kSemicolon;
                break;
            case '|':
                kind = TokenKind::kPipe;
                break;
            case '&':
                kind = TokenKind::kAmp;
                break;
            case '-':
                kind = TokenKind::kMinus;
                break;
            case '*':
                kind = TokenKind::kStar;
                break;
            case '/':
                kind = TokenKind::kSlash;
                break;
            case '%':
                kind = TokenKind::kPercent;
                break;
            case '^':
                kind = TokenKind::kCaret;
                break;
            case '.':
                kind = Peek(1) == '.' ? TokenKind::kDotDot : TokenKind::kDot;
                len = kind == TokenKind::kDotDot ? 2 : 1;
                break;
            case '+':
                kind = Peek(1) == '=' ? TokenKind::kPlusEq : TokenKind::kPlus;
                len = kind == TokenKind::kPlusEq ? 2 : 1;
                break;
            case '=':
                kind = Peek(1) == '~' ? TokenKind::kRegexMatch : TokenKind::kEq;
                len = kind == TokenKind::kRegexMatch ? 2 : 1;
                break;
            case '!':
                kind = Peek(1) == '=' ? TokenKind::kNe : TokenKind::kExclaim;
                len = kind == TokenKind::kNe ? 2 : 1;
                break;
            case '<':
                if (Peek(1) == '>') {
                    kind = TokenKind::kNe, len = 2;
                } else if (Peek(1) == '=') {
                    kind = TokenKind::kLe, len = 2;
                } else {
                    kind = TokenKind::kLt;
                }
                break;
            case '>':
                kind = Peek(1) == '=' ? TokenKind::kGe : TokenKind::kGt;
                len = kind == TokenKind::kGe ? 2 : 1;
                break;
            default:
                return Status(StatusCode::kSyntaxError,
                              "Invalid input '" + std::string(1, c) + "': unexpected character",
                              pos);
        }
        Advance(len);
        Emit(kind, start, pos);
        return Status::Ok();
    }

    Status Identifier(SourcePosition pos) {
        while (i_ < text_.size()) {
            char c = text_[i_];
            if (IsAsciiIdentStart(c) || IsDigit(c)) {
                Advance(1);
                continue;
            }
            if (static_cast<unsigned char>(c) < 0x80) break;
            uint32_t cp = 0;
            uint32_t len = DecodeUtf8(text_, i_, &cp);
            if (len == 0) {
                return Status(StatusCode::kSyntaxError,
                              "Invalid input: the query is not valid UTF-8", Here());
            }
            if (IsUnicodeSpace(cp)) break;
            if (!IsUnicodeIdentChar(cp)) {
                return ast::MakeError(StatusCode::kSyntaxError,
                                      ErrorDetail::kInvalidUnicodeCharacter,
                                      "Invalid input '" + std::string(text_.substr(i_, len)) +
                                          "': not a valid character here",
                                      Here());
            }
            Advance(len);
        }
        return Status::Ok();
    }

    Status QuotedIdentifier(SourcePosition pos) {
        Advance(1);
        while (true) {
            if (i_ >= text_.size()) {
                return Status(StatusCode::kSyntaxError,
                              "Invalid input: unterminated quoted name, expected '`'", pos);
            }
            if (text_[i_] == '`') {
                if (Peek(1) == '`') {
                    Advance(2);
                    continue;
                }
                Advance(1);
                return Status::Ok();
            }
            AdvanceAny();
        }
    }

    Status Number(size_t start, SourcePosition pos) {
        TokenKind kind = TokenKind::kInteger;
        if (text_[i_] == '0' && (Peek(1) == 'x' || Peek(1) == 'X')) {
            kind = TokenKind::kHexInteger;
            Advance(2);
            while (IsHexDigit(Peek())) Advance(1);
            if (i_ - start == 2) return BadNumber(start, pos);
        } else if (text_[i_] == '0' && (Peek(1) == 'o' || Peek(1) == 'O')) {
            kind = TokenKind::kOctalInteger;
            Advance(2);
            while (Peek() >= '0' && Peek() <= '7') Advance(1);
            if (i_ - start == 2) return BadNumber(start, pos);
        } else {
            while (IsDigit(Peek())) Advance(1);
            if (Peek() == '.' && IsDigit(Peek(1))) {
                kind = TokenKind::kFloat;
                Advance(1);
                while (IsDigit(Peek())) Advance(1);
            }
            if ((Peek() == 'e' || Peek() == 'E') &&
                (IsDigit(Peek(1)) || ((Peek(1) == '-' || Peek(1) == '+') && IsDigit(Peek(2))))) {
                kind = TokenKind::kFloat;
                Advance(2);
                while (IsDigit(Peek())) Advance(1);
            }
        }
        // A number running straight into a name ("12ab", "0x1G") is one bad literal.
        char next = Peek();
        if (IsAsciiIdentStart(next) || IsDigit(next) || static_cast<unsigned char>(next) >= 0x80) {
            return BadNumber(start, pos);
        }
        Emit(kind, start, pos);
        return Status::Ok();
    }

    Status BadNumber(size_t start, SourcePosition pos) {
        size_t end = i_;
        while (end < text_.size() && (IsAsciiIdentStart(text_[end]) || IsDigit(text_[end]))) ++end;
        return ast::MakeError(StatusCode::kSyntaxError, ErrorDetail::kInvalidNumberLiteral,
                              "Invalid input '" + std::string(text_.substr(start, end - start)) +
                                  "': not a valid number",
                              pos);
    }

    Status String(size_t start, SourcePosition pos) {
        char quote = text_[i_];
        Advance(1);
        while (true) {
            if (i_ >= text_.size()) {
                return Status(
                    StatusCode::kSyntaxError,
                    std::string("Invalid input: unterminated string, expected '") + quote + "'",
                    pos);
            }
            char c = text_[i_];
            if (c == quote) {
                Advance(1);
                break;
            }
            if (static_cast<unsigned char>(c) >= 0x80) {
                uint32_t cp = 0;
                uint32_t len = DecodeUtf8(text_, i_, &cp);
                if (len == 0) {
                    return Status(StatusCode::kSyntaxError,
                                  "Invalid input: the string is not valid UTF-8", Here());
                }
                Advance(len);
                continue;
            }
            if (c == '\\') {
                Advance(1);
                // At the end: reported as unterminated above. A multi-byte character after
                // the backslash is handled as such by the next iteration.
                if (i_ >= text_.size() || static_cast<unsigned char>(text_[i_]) >= 0x80) continue;
            }
            AdvanceAny();
        }
        // Decode once now so that bad escapes are reported by the lexer.
        std::string scratch;
        RETURN_IF_ERROR(DecodeStringLiteral(text_.substr(start, i_ - start), pos, &scratch));
        Emit(TokenKind::kString, start, pos);
        return Status::Ok();
    }

    Status ParameterToken(size_t start, SourcePosition pos) {
        Advance(1);
        char c = Peek();
        if (c == '`') {
            RETURN_IF_ERROR(QuotedIdentifier(pos));
        } else if (IsDigit(c)) {
            while (IsDigit(Peek())) Advance(1);
        } else if (IsAsciiIdentStart(c) || static_cast<unsigned char>(c) >= 0x80) {
            RETURN_IF_ERROR(Identifier(pos));
        } else {
            return Status(StatusCode::kSyntaxError, "Invalid input '$': expected a parameter name",
                          pos);
        }
        Emit(TokenKind::kParameter, start, pos);
        return Status::Ok();
    }

    std::string_view text_;
    std::vector<Token>* out_;
    size_t i_ = 0;
    uint32_t line_ = 1;
    uint32_t column_ = 1;
};

void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
        out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

}  // namespace

Status Lex(std::string_view text, std::vector<Token>* tokens) {
    if (text.size() > UINT32_MAX / 2) {
        return Status(StatusCode::kSyntaxError, "query text is too long");
    }
    return Lexer(text, tokens).Run();
}

Status DecodeStringLiteral(std::string_view raw, SourcePosition pos, std::string* out) {
    out->clear();
    std::string_view body = raw.substr(1, raw.size() - 2);
    out->reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\') {
            out->push_back(c);
            continue;
        }
        if (i + 1 >= body.size()) break;
        char e = body[++i];
        switch (e) {
            case '\\':
                out->push_back('\\');
                break;
            case '\'':
                out->push_back('\'');
                break;
            case '"':
                out->push_back('"');
                break;
            case 'b':
                out->push_back('\b');
                break;
            case 'f':
                out->push_back('\f');
                break;
            case 'n':
                out->push_back('\n');
                break;
            case 'r':
                out->push_back('\r');
                break;
            case 't':
                out->push_back('\t');
                break;
            case 'u':
            case 'U': {
                size_t digits = e == 'u' ? 4 : 8;
                uint32_t cp = 0;
                bool ok = i + digits < body.size();
                for (size_t k = 1; ok && k <= digits; ++k) {
                    char h = body[i + k];
                    if (!IsHexDigit(h)) {
                        ok = false;
                        break;
                    }
                    cp = cp * 16 +
                         static_cast<uint32_t>(IsDigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
                }
                if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    return ast::MakeError(
                        StatusCode::kSyntaxError, ErrorDetail::kInvalidUnicodeLiteral,
                        "Invalid input '\\" +
                            std::string(body.substr(i, std::min(digits + 1, body.size() - i))) +
                            "': expected a unicode escape of " + std::to_string(digits) +
                            " hex digits",
                        pos);
                }
                AppendUtf8(cp, out);
                i += digits;
                break;
            }
            default:
                // Neo4j keeps an unknown escape as written.
                out->push_back('\\');
                out->push_back(e);
                break;
        }
    }
    return Status::Ok();
}

std::string IdentifierName(std::string_view raw, TokenKind kind) {
    if (kind != TokenKind::kQuotedIdentifier) return std::string(raw);
    std::string name;
    std::string_view body = raw.substr(1, raw.size() - 2);
    name.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        name.push_back(body[i]);
        if (body[i] == '`' && i + 1 < body.size() && body[i + 1] == '`') ++i;
    }
    return name;
}

}  // namespace nexus::cypher
