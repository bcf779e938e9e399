// The lexer: token kinds and boundaries, positions across lines, comments, number forms,
// strings and quoted names, and malformed input.
#include "cypher/parser/lexer.h"

#include <gtest/gtest.h>

namespace nexus::cypher {
namespace {

std::vector<TokenKind> Kinds(std::string_view text) {
    std::vector<Token> tokens;
    Status status = Lex(text, &tokens);
    EXPECT_TRUE(status.ok()) << status.ToString();
    std::vector<TokenKind> kinds;
    for (const auto& t : tokens) kinds.push_back(t.kind);
    return kinds;
}

using K = TokenKind;

TEST(LexerTest, Punctuation) {
    EXPECT_EQ(
        Kinds("()[]{},.:;|+-*/%^"),
        (std::vector<K>{K::kLParen, K::kRParen, K::kLBracket, K::kRBracket, K::kLBrace, K::kRBrace,
                        K::kComma, K::kDot, K::kColon, K::kSemicolon, K::kPipe, K::kPlus, K::kMinus,
                        K::kStar, K::kSlash, K::kPercent, K::kCaret, K::kEnd}));
    EXPECT_EQ(Kinds("= <> != < <= > >= =~ += .."),
              (std::vector<K>{K::kEq, K::kNe, K::kNe, K::kLt, K::kLe, K::kGt, K::kGe,
                              K::kRegexMatch, K::kPlusEq, K::kDotDot, K::kEnd}));
    // Arrows are left to the parser: <-- is '<' '-' '-'.
    EXPECT_EQ(Kinds("<-->"), (std::vector<K>{K::kLt, K::kMinus, K::kMinus, K::kGt, K::kEnd}));
}

TEST(LexerTest, Numbers) {
    EXPECT_EQ(Kinds("1 0x1F 0o17 1.5 .5 1e3 1.5e-3 1E+2"),
              (std::vector<K>{K::kInteger, K::kHexInteger, K::kOctalInteger, K::kFloat, K::kFloat,
                              K::kFloat, K::kFloat, K::kFloat, K::kEnd}));
    // A range keeps its integers: 1..3 is not the float "1." followed by ".3".
    EXPECT_EQ(Kinds("1..3"), (std::vector<K>{K::kInteger, K::kDotDot, K::kInteger, K::kEnd}));
    EXPECT_EQ(Kinds("x.y"), (std::vector<K>{K::kIdentifier, K::kDot, K::kIdentifier, K::kEnd}));
    std::vector<Token> tokens;
    for (const char* bad : {"12ab", "0x", "0o9", "1e", "3.0x"}) {
        Status status = Lex(bad, &tokens);
        EXPECT_EQ(status.code(), StatusCode::kSyntaxError) << bad;
    }
}

TEST(LexerTest, StringsAndNames) {
    EXPECT_EQ(Kinds(R"('a' "b" 'it\'s' `odd ``name` $p $0 $`x y`)"),
              (std::vector<K>{K::kString, K::kString, K::kString, K::kQuotedIdentifier,
                              K::kParameter, K::kParameter, K::kParameter, K::kEnd}));
    EXPECT_EQ(IdentifierName("`odd ``name`", K::kQuotedIdentifier), "odd `name");
    EXPECT_EQ(IdentifierName("plain", K::kIdentifier), "plain");
    std::string decoded;
    ASSERT_TRUE(DecodeStringLiteral(R"('a\tb\u0041\\')", {}, &decoded).ok());
    EXPECT_EQ(decoded, "a\tbA\\");
    std::vector<Token> tokens;
    EXPECT_FALSE(Lex("'open", &tokens).ok());
    // Regression: a backslash as the last byte once made the lexer loop forever.
    EXPECT_FALSE(Lex("'open\\", &tokens).ok());
    EXPECT_FALSE(Lex("\"\\", &tokens).ok());
    EXPECT_TRUE(Lex("'\\\xC3\xA9'", &tokens).ok()) << "unknown escape of a multi-byte char";
    EXPECT_FALSE(Lex("`open", &tokens).ok());
    EXPECT_FALSE(Lex("$", &tokens).ok());
    EXPECT_FALSE(Lex("'\\u00'", &tokens).ok());
    EXPECT_FALSE(Lex("'\\uD800'", &tokens).ok()) << "a lone surrogate is no character";
}

TEST(LexerTest, UnicodeNamesAndSpaces) {
    EXPECT_EQ(Kinds("città\xC2\xA0x"),  // NBSP separates
              (std::vector<K>{K::kIdentifier, K::kIdentifier, K::kEnd}));
    std::vector<Token> tokens;
    EXPECT_FALSE(Lex("a \xE2\x80\x94 b", &tokens).ok()) << "em dash is not an operator";
}

TEST(LexerTest, PositionsAndComments) {
    std::vector<Token> tokens;
    ASSERT_TRUE(Lex("MATCH /* x\ny */ (n)\n  // c\n\tRETURN é, n", &tokens).ok());
    ASSERT_EQ(tokens.size(), 9u);
    EXPECT_EQ(tokens[0].line, 1u);
    EXPECT_EQ(tokens[0].column, 1u);
    EXPECT_EQ(tokens[1].kind, K::kLParen);
    EXPECT_EQ(tokens[1].line, 2u);
    EXPECT_EQ(tokens[1].column, 6u);
    EXPECT_EQ(tokens[4].line, 4u);
    EXPECT_EQ(tokens[4].column, 2u);
    EXPECT_EQ(tokens[4].length, 6u);
    EXPECT_EQ(tokens[6].column, 10u);  // after the two-byte 'é', counted once
    EXPECT_EQ(tokens[8].kind, K::kEnd);
}

TEST(LexerTest, EveryByteIsHandled) {
    // No input may crash the lexer; most single bytes are errors, some are tokens.
    std::vector<Token> tokens;
    int accepted = 0;
    for (int b = 0; b < 256; ++b) {
        std::string text = "a ";
        text.push_back(static_cast<char>(b));
        text += " b";
        Status status = Lex(text, &tokens);
        if (status.ok()) {
            ++accepted;
            EXPECT_EQ(tokens.back().kind, K::kEnd);
        } else {
            EXPECT_EQ(status.code(), StatusCode::kSyntaxError);
        }
    }
    // Letters, digits, whitespace and operator characters lex; bytes >= 0x80 alone do not.
    EXPECT_GT(accepted, 80);
    EXPECT_LT(accepted, 128);
}

}  // namespace
}  // namespace nexus::cypher
