// Cypher lexer: splits query text into tokens with byte offsets and line/column positions.
// Keywords are not separate token kinds: they lex as identifiers and the parser matches them
// case-insensitively, which lets keywords double as names (a label `Order`, a key `count`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nexus/status.h"

namespace nexus::cypher {

enum class TokenKind : uint8_t {
    kEnd,
    kIdentifier,        // name or keyword
    kQuotedIdentifier,  // `any text`; text() includes the backticks
    kInteger,           // 123
    kHexInteger,        // 0x1F
    kOctalInteger,      // 0o17
    kFloat,             // 1.5, .5, 1e3
    kString,            // 'x' or "x"; text() includes the quotes and raw escapes
    kParameter,         // $name, $0, $`x`; text() includes the '$'
    kLParen,
    kRParen,
    kLBracket,
    kRBracket,
    kLBrace,
    kRBrace,
    kComma,
    kDot,
    kDotDot,
    kColon,
    kSemicolon,
    kPipe,
    kAmp,
    kPlus,
    kMinus,
    kStar,
    kSlash,
    kPercent,
    kCaret,
    kEq,
    kNe,  // <> or !=
    kLt,
    kLe,
    kGt,
    kGe,
    kRegexMatch,  // =~
    kPlusEq,      // +=
    kExclaim,     // ! (only in label expressions)
};

struct Token {
    TokenKind kind = TokenKind::kEnd;
    uint32_t offset = 0;  // byte offset into the query text
    uint32_t length = 0;  // bytes
    uint32_t line = 1;
    uint32_t column = 1;  // in code points, 1-based

    SourcePosition pos() const { return SourcePosition{line, column, offset}; }
};

// Lexes all of `text`; the last token is kEnd. A malformed token (unterminated string,
// bad escape, "12ab", a stray character) is a kSyntaxError with the TCK detail prefix.
Status Lex(std::string_view text, std::vector<Token>* tokens);

// Decodes a kString token's text (quotes and escapes) into UTF-8.
Status DecodeStringLiteral(std::string_view raw, SourcePosition pos, std::string* out);
// The name a kIdentifier or kQuotedIdentifier token stands for (backticks removed, `` -> `).
std::string IdentifierName(std::string_view raw, TokenKind kind);

}  // namespace nexus::cypher
