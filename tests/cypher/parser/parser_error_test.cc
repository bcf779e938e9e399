// Errors: kSyntaxError with the line and column of the offending token, Neo4j-style
// "Invalid input 'X': expected ..." messages, TCK error details, and node positions.
#include <gtest/gtest.h>

#include "test_util.h"

namespace nexus::cypher {
namespace {

struct ErrorCase {
    const char* query;
    uint32_t line;
    uint32_t column;
    const char* message_part;
};

TEST(ParserErrorTest, PositionsAndMessages) {
    const ErrorCase cases[] = {
        {"MATCH (n RETURN n", 1, 10,
         "Invalid input 'RETURN': expected a label, '{', a parameter, 'WHERE' or ')'"},
        {"MATCH (n)\nRETRUN n", 2, 1, "Invalid input 'RETRUN': expected 'CALL', 'CREATE'"},
        {"RETURN [, ]", 1, 9, "Invalid input ',': expected an expression"},
        {"RETURN 1 +", 1, 11, "Invalid input '': expected an expression"},
        {"MATCH (a)-[r:]->(b) RETURN a", 1, 14, "expected a relationship type name"},
        {"RETURN {a 1}", 1, 11, "expected ':'"},
        {"UNWIND [1] x RETURN x", 1, 12, "expected 'AS'"},
        {"  RETURN count(a", 1, 17, "expected ',' or ')'"},
        {"RETURN 1 2", 1, 10, "Invalid input '2'"},
        {"RETURN 'unterminated", 1, 8, "unterminated string"},
        {"MATCH (n) SET n", 1, 16, "expected '=', '+=' or ':'"},
        {"RETURN a.b.", 1, 12, "Invalid input '': expected a property key name"},
        {"MATCH (n:L RETURN n", 1, 12, "expected ':', '{', a parameter, 'WHERE' or ')'"},
        {"CREATE INDEX FOR (n:L) ON n.a", 1, 27, "expected '('"},
        // Mistakes inside a pattern predicate are reported where they are, not where the
        // fallback reading as a parenthesized expression gave up.
        {"MATCH (n) WHERE (n)-[:X {a: }]->() RETURN n", 1, 29, "Invalid input '}'"},
        {"RETURN [(a)-->(b {x:}) | b]", 1, 21, "Invalid input '}'"},
        {"RETURN (a) - 1 2", 1, 16, "Invalid input '2'"},
    };
    for (const auto& c : cases) {
        auto result = Parse(c.query);
        ASSERT_FALSE(result.ok()) << c.query;
        const Status& status = result.status();
        EXPECT_EQ(status.code(), StatusCode::kSyntaxError) << c.query;
        ASSERT_TRUE(status.position().has_value()) << c.query;
        EXPECT_EQ(status.position()->line, c.line) << c.query << " -> " << status.ToString();
        EXPECT_EQ(status.position()->column, c.column) << c.query << " -> " << status.ToString();
        EXPECT_NE(status.message().find(c.message_part), std::string::npos)
            << c.query << " -> " << status.message();
    }
}

TEST(ParserErrorTest, ErrorDetails) {
    struct DetailCase {
        const char* query;
        ast::ErrorDetail detail;
    };
    const DetailCase cases[] = {
        {"RETURN 9223372h54775808 AS literal", ast::ErrorDetail::kInvalidNumberLiteral},
        {"RETURN 0x AS literal", ast::ErrorDetail::kInvalidNumberLiteral},
        {"RETURN 0xZZ", ast::ErrorDetail::kInvalidNumberLiteral},
        {"RETURN 9223372#54775808 AS literal", ast::ErrorDetail::kUnexpectedSyntax},
        {"RETURN 42 \xE2\x80\x94 41", ast::ErrorDetail::kInvalidUnicodeCharacter},
        {"RETURN '\\u12'", ast::ErrorDetail::kInvalidUnicodeLiteral},
        {"RETURN 9223372036854775808", ast::ErrorDetail::kIntegerOverflow},
        {"RETURN 1e400", ast::ErrorDetail::kFloatingPointOverflow},
        {"RETURN [[[]] AS literal", ast::ErrorDetail::kUnexpectedSyntax},
    };
    for (const auto& c : cases) {
        auto result = Parse(c.query);
        ASSERT_FALSE(result.ok()) << c.query;
        EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError);
        EXPECT_EQ(ast::ErrorDetailOf(result.status()), c.detail)
            << c.query << " -> " << result.status().message();
    }
}

TEST(ParserErrorTest, ErrorDetailTable) {
    EXPECT_STREQ(ast::ErrorDetailName(ast::ErrorDetail::kVariableAlreadyBound),
                 "VariableAlreadyBound");
    EXPECT_STREQ(ast::ErrorDetailName(ast::ErrorDetail::kNone), "");
    Status s = ast::MakeError(StatusCode::kSemanticError, ast::ErrorDetail::kUndefinedVariable,
                              "Variable `x` not defined", SourcePosition{1, 8, 7});
    EXPECT_EQ(s.message(), "UndefinedVariable: Variable `x` not defined");
    EXPECT_EQ(ast::ErrorDetailOf(s), ast::ErrorDetail::kUndefinedVariable);
    EXPECT_EQ(ast::ErrorDetailOf(Status(StatusCode::kSemanticError, "x: y")),
              ast::ErrorDetail::kNone);
    EXPECT_EQ(ast::ErrorDetailOf(Status::Ok()), ast::ErrorDetail::kNone);
}

TEST(ParserErrorTest, EmptyAndJunkInput) {
    for (const char* text : {"", "   ", ";", "// only a comment", "MATCH", "RETURN", "(", ")",
                             "MATCH (n) WHERE", "RETURN 1 UNION", "\x01", "RETURN \xFF"}) {
        auto result = Parse(text);
        EXPECT_FALSE(result.ok()) << text;
        if (!result.ok()) {
            EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError) << text;
        }
    }
}

TEST(ParserErrorTest, NodesCarryPositions) {
    auto stmt = testing::MustParse("MATCH (a)\n  WHERE a.x = 1\nRETURN a.y AS y");
    ASSERT_NE(stmt, nullptr);
    const auto& clauses = testing::FirstPart(*stmt).clauses;
    EXPECT_EQ(clauses[0]->pos.line, 1u);
    EXPECT_EQ(clauses[0]->pos.column, 1u);
    const auto& match = clauses[0]->As<ast::Match>();
    EXPECT_EQ(match.pattern.parts[0].nodes[0].pos.column, 7u);
    const auto& eq = match.where->As<ast::Binary>();
    EXPECT_EQ(eq.pos.line, 2u);
    EXPECT_EQ(eq.pos.column, 9u);
    EXPECT_EQ(eq.right->pos.column, 15u);
    EXPECT_EQ(eq.right->pos.offset, 24u);
    EXPECT_EQ(clauses[1]->pos.line, 3u);
    const auto& item = clauses[1]->As<ast::Return>().body.items[0];
    EXPECT_EQ(item.pos.line, 3u);
    EXPECT_EQ(item.pos.column, 8u);
    // Variables introduced by patterns and clauses carry their own positions.
    auto vars = testing::MustParse(
        "MATCH p = (a)-[r]->(  b) UNWIND [1] AS u FOREACH (f IN [1] | CREATE ()) "
        "RETURN [x IN [1] | x] AS l, reduce(acc = 0, y IN [1] | acc) AS s");
    ASSERT_NE(vars, nullptr);
    const auto& vc = testing::FirstPart(*vars).clauses;
    const auto& part = vc[0]->As<ast::Match>().pattern.parts[0];
    EXPECT_EQ(part.path_variable_pos.column, 7u);
    EXPECT_EQ(part.nodes[0].variable_pos.column, 12u);
    EXPECT_EQ(part.relationships[0].variable_pos.column, 16u);
    EXPECT_EQ(part.nodes[1].variable_pos.column, 23u);
    EXPECT_EQ(vc[1]->As<ast::Unwind>().variable_pos.column, 40u);
    EXPECT_EQ(vc[2]->As<ast::Foreach>().variable_pos.column, 51u);
    const auto& ret_items = vc[3]->As<ast::Return>().body.items;
    EXPECT_EQ(ret_items[0].expression->As<ast::ListComprehension>().variable_pos.column, 81u);
    EXPECT_EQ(ret_items[0].alias_pos.column, 98u);
    const auto& reduce = ret_items[1].expression->As<ast::Reduce>();
    EXPECT_EQ(reduce.accumulator_pos.column, 108u);
    EXPECT_EQ(reduce.variable_pos.column, 117u);
    // Columns count code points, not bytes.
    auto unicode = testing::MustParse("RETURN 'é', x");
    ASSERT_NE(unicode, nullptr);
    const auto& items = testing::FirstPart(*unicode).clauses[0]->As<ast::Return>().body.items;
    EXPECT_EQ(items[1].expression->pos.column, 13u);
}

}  // namespace
}  // namespace nexus::cypher
