// Expression parsing: precedence and associativity, comparison chains, literals and their
// limits, and every compound expression form.
#include <gtest/gtest.h>

#include "test_util.h"

namespace nexus::cypher {
namespace {

using testing::ParseSExpr;
using testing::ReturnExpr;

TEST(ParserExprTest, BooleanPrecedence) {
    EXPECT_EQ(ParseSExpr("a OR b XOR c AND d"), "(OR a (XOR b (AND c d)))");
    EXPECT_EQ(ParseSExpr("a AND b OR c"), "(OR (AND a b) c)");
    EXPECT_EQ(ParseSExpr("NOT a AND b"), "(AND (not a) b)");
    EXPECT_EQ(ParseSExpr("NOT a = b"), "(not (= a b))");
    EXPECT_EQ(ParseSExpr("NOT NOT a"), "(not (not a))");
    EXPECT_EQ(ParseSExpr("a OR b OR c"), "(OR (OR a b) c)");
}

TEST(ParserExprTest, ArithmeticPrecedenceAndAssociativity) {
    EXPECT_EQ(ParseSExpr("1 + 2 * 3"), "(+ 1 (* 2 3))");
    EXPECT_EQ(ParseSExpr("1 - 2 - 3"), "(- (- 1 2) 3)");
    EXPECT_EQ(ParseSExpr("8 / 4 / 2"), "(/ (/ 8 4) 2)");
    EXPECT_EQ(ParseSExpr("7 % 3 * 2"), "(* (% 7 3) 2)");
    // openCypher: ^ is left-associative and binds looser than unary minus.
    EXPECT_EQ(ParseSExpr("2 ^ 3 ^ 2"), "(^ (^ 2 3) 2)");
    EXPECT_EQ(ParseSExpr("-a ^ 2"), "(^ (neg a) 2)");
    EXPECT_EQ(ParseSExpr("-2 ^ 2"), "(^ -2 2)");
    EXPECT_EQ(ParseSExpr("2 * 3 ^ 2"), "(* 2 (^ 3 2))");
    EXPECT_EQ(ParseSExpr("a - -b"), "(- a (neg b))");
    EXPECT_EQ(ParseSExpr("+a"), "(pos a)");
    EXPECT_EQ(ParseSExpr("1 + 2 = 3"), "(= (+ 1 2) 3)");
}

TEST(ParserExprTest, ComparisonChainsExpandToConjunctions) {
    EXPECT_EQ(ParseSExpr("a < b < c"), "(AND (< a b) (< b c))");
    EXPECT_EQ(ParseSExpr("1 <= x.v < 2 = true"),
              "(AND (AND (<= 1 (prop x v)) (< (prop x v) 2)) (= 2 TRUE))");
    EXPECT_EQ(ParseSExpr("a <> b"), "(<> a b)");
    EXPECT_EQ(ParseSExpr("a != b"), "(<> a b)");
    EXPECT_EQ(ParseSExpr("a >= b"), "(>= a b)");
    EXPECT_EQ(ParseSExpr("a > b"), "(> a b)");
}

TEST(ParserExprTest, StringListAndNullPredicates) {
    EXPECT_EQ(ParseSExpr("a STARTS WITH 'x' OR b ENDS WITH 'y'"),
              "(OR (STARTS WITH a 'x') (ENDS WITH b 'y'))");
    EXPECT_EQ(ParseSExpr("a CONTAINS b + c"), "(CONTAINS a (+ b c))");
    EXPECT_EQ(ParseSExpr("x IN [1, 2] = false"), "(= (IN x [1, 2]) FALSE)");
    EXPECT_EQ(ParseSExpr("a =~ 'x.*'"), "(=~ a 'x.*')");
    EXPECT_EQ(ParseSExpr("a.b IS NULL"), "(isnull (prop a b))");
    EXPECT_EQ(ParseSExpr("a IS NOT NULL AND b"), "(AND (notnull a) b)");
    EXPECT_EQ(ParseSExpr("NOT a IS NULL"), "(not (isnull a))");
}

TEST(ParserExprTest, PostfixOperators) {
    EXPECT_EQ(ParseSExpr("a.b.c"), "(prop (prop a b) c)");
    EXPECT_EQ(ParseSExpr("a[0].b"), "(prop (index a 0) b)");
    EXPECT_EQ(ParseSExpr("a['k']"), "(index a 'k')");
    EXPECT_EQ(ParseSExpr("l[1..3]"), "(slice l 1 3)");
    EXPECT_EQ(ParseSExpr("l[..3]"), "(slice l _ 3)");
    EXPECT_EQ(ParseSExpr("l[1..]"), "(slice l 1 _)");
    EXPECT_EQ(ParseSExpr("l[..]"), "(slice l _ _)");
    EXPECT_EQ(ParseSExpr("n:A:B AND m:C"), "(AND (labels n A B) (labels m C))");
    EXPECT_EQ(ParseSExpr("-a.b"), "(neg (prop a b))");
    EXPECT_EQ(ParseSExpr("n.count + n.`order`"), "(+ (prop n count) (prop n order))");
}

TEST(ParserExprTest, LabelDisjunction) {
    std::unique_ptr<ast::Statement> holder;
    const ast::Expression* e = ReturnExpr("n:A|B|:C", &holder);
    ASSERT_TRUE(e && e->Is<ast::LabelCheck>());
    EXPECT_TRUE(e->As<ast::LabelCheck>().any);
    EXPECT_EQ(e->As<ast::LabelCheck>().labels, (std::vector<std::string>{"A", "B", "C"}));
    EXPECT_FALSE(ReturnExpr("n:A:B", &holder)->As<ast::LabelCheck>().any);
    // In a comprehension the bar starts the projection, unless parenthesized.
    e = ReturnExpr("[x IN l WHERE x:A | x.name]", &holder);
    ASSERT_TRUE(e && e->Is<ast::ListComprehension>());
    const auto& lc = e->As<ast::ListComprehension>();
    EXPECT_FALSE(lc.where->As<ast::LabelCheck>().any);
    ASSERT_NE(lc.projection, nullptr);
    e = ReturnExpr("[x IN l WHERE (x:A|B) | x]", &holder);
    ASSERT_TRUE(e && e->Is<ast::ListComprehension>());
    EXPECT_TRUE(e->As<ast::ListComprehension>().where->As<ast::LabelCheck>().any);
    EXPECT_EQ(ParseSExpr("any(x IN l WHERE x:A|B)").substr(0, 3), "any");
}

TEST(ParserExprTest, FunctionCalls) {
    EXPECT_EQ(ParseSExpr("count(*)"), "(call count *)");
    EXPECT_EQ(ParseSExpr("COUNT(DISTINCT a.b)"), "(call COUNT distinct (prop a b))");
    EXPECT_EQ(ParseSExpr("date.truncate('day', d)"), "(call date.truncate 'day' d)");
    EXPECT_EQ(ParseSExpr("a.b.c(1, 2)"), "(call a.b.c 1 2)");
    EXPECT_EQ(ParseSExpr("rand()"), "(call rand)");
    EXPECT_EQ(ParseSExpr("exists(n.prop)"), "(call exists (prop n prop))");
}

TEST(ParserExprTest, IntegerLiterals) {
    std::unique_ptr<ast::Statement> holder;
    auto value = [&](const std::string& text) {
        const ast::Expression* e = ReturnExpr(text, &holder);
        EXPECT_TRUE(e && e->Is<ast::Literal>()) << text;
        return e ? e->As<ast::Literal>().value : Value();
    };
    EXPECT_EQ(value("42").as_int(), 42);
    EXPECT_EQ(value("0x1F").as_int(), 31);
    EXPECT_EQ(value("0xff").as_int(), 255);
    EXPECT_EQ(value("0o17").as_int(), 15);
    EXPECT_EQ(value("9223372036854775807").as_int(), INT64_MAX);
    EXPECT_EQ(value("-9223372036854775808").as_int(), INT64_MIN);
    EXPECT_EQ(value("-0x8000000000000000").as_int(), INT64_MIN);
    EXPECT_EQ(value("0x7FFFFFFFFFFFFFFF").as_int(), INT64_MAX);
}

TEST(ParserExprTest, IntegerOverflowIsASyntaxError) {
    for (const char* text : {"9223372036854775808", "-9223372036854775809", "0x8000000000000000",
                             "0o1000000000000000000000", "-0o1000000000000000000001"}) {
        auto result = Parse(std::string("RETURN ") + text);
        ASSERT_FALSE(result.ok()) << text;
        EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError);
        EXPECT_EQ(ast::ErrorDetailOf(result.status()), ast::ErrorDetail::kIntegerOverflow)
            << result.status().message();
    }
}

TEST(ParserExprTest, FloatLiterals) {
    std::unique_ptr<ast::Statement> holder;
    auto value = [&](const std::string& text) {
        const ast::Expression* e = ReturnExpr(text, &holder);
        EXPECT_TRUE(e && e->Is<ast::Literal>() && e->As<ast::Literal>().value.is_float()) << text;
        return e ? e->As<ast::Literal>().value.as_float() : 0.0;
    };
    EXPECT_DOUBLE_EQ(value("1.0"), 1.0);
    EXPECT_DOUBLE_EQ(value(".5"), 0.5);
    EXPECT_DOUBLE_EQ(value("1e3"), 1000.0);
    EXPECT_DOUBLE_EQ(value("1.5e-3"), 0.0015);
    EXPECT_DOUBLE_EQ(value("-.1e-5"), -0.000001);
    EXPECT_DOUBLE_EQ(value("1E+2"), 100.0);
    auto overflow = Parse("RETURN 1.34E999");
    ASSERT_FALSE(overflow.ok());
    EXPECT_EQ(ast::ErrorDetailOf(overflow.status()), ast::ErrorDetail::kFloatingPointOverflow);
}

TEST(ParserExprTest, NanAndInfinityAreNotLiterals) {
    std::unique_ptr<ast::Statement> holder;
    for (const char* text : {"NaN", "Infinity"}) {
        const ast::Expression* e = ReturnExpr(text, &holder);
        ASSERT_NE(e, nullptr);
        EXPECT_TRUE(e->Is<ast::Variable>()) << text;
    }
}

TEST(ParserExprTest, StringLiteralsAndEscapes) {
    std::unique_ptr<ast::Statement> holder;
    auto value = [&](const std::string& text) {
        const ast::Expression* e = ReturnExpr(text, &holder);
        EXPECT_TRUE(e && e->Is<ast::Literal>()) << text;
        return e ? e->As<ast::Literal>().value.as_string() : std::string();
    };
    EXPECT_EQ(value("'abc'"), "abc");
    EXPECT_EQ(value("\"abc\""), "abc");
    EXPECT_EQ(value(R"('a\nb\tc')"), "a\nb\tc");
    EXPECT_EQ(value(R"('it\'s')"), "it's");
    EXPECT_EQ(value(R"("say \"hi\"")"), "say \"hi\"");
    EXPECT_EQ(value(R"('back\\slash')"), "back\\slash");
    EXPECT_EQ(value(R"('\u00e9')"), "\xC3\xA9");
    EXPECT_EQ(value(R"('\U0001F600')"), "\xF0\x9F\x98\x80");
    EXPECT_EQ(value("'\"'"), "\"");
    EXPECT_EQ(value("'🧐🍌'"), "🧐🍌");
    auto bad = Parse(R"(RETURN '\uH')");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(ast::ErrorDetailOf(bad.status()), ast::ErrorDetail::kInvalidUnicodeLiteral);
}

TEST(ParserExprTest, BooleansNullAndParameters) {
    EXPECT_EQ(ParseSExpr("true AND FALSE OR null"), "(OR (AND TRUE FALSE) NULL)");
    std::unique_ptr<ast::Statement> holder;
    const ast::Expression* e = ReturnExpr("$name", &holder);
    ASSERT_TRUE(e && e->Is<ast::Parameter>());
    EXPECT_EQ(e->As<ast::Parameter>().name, "name");
    e = ReturnExpr("$0", &holder);
    ASSERT_TRUE(e && e->Is<ast::Parameter>());
    EXPECT_EQ(e->As<ast::Parameter>().name, "0");
    e = ReturnExpr("$`odd name`", &holder);
    ASSERT_TRUE(e && e->Is<ast::Parameter>());
    EXPECT_EQ(e->As<ast::Parameter>().name, "odd name");
}

TEST(ParserExprTest, CaseExpressions) {
    std::unique_ptr<ast::Statement> holder;
    const ast::Expression* e =
        ReturnExpr("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END", &holder);
    ASSERT_TRUE(e && e->Is<ast::Case>());
    const auto& simple = e->As<ast::Case>();
    EXPECT_NE(simple.test, nullptr);
    EXPECT_EQ(simple.alternatives.size(), 2u);
    EXPECT_NE(simple.otherwise, nullptr);
    e = ReturnExpr("CASE WHEN a > 1 THEN 1 END", &holder);
    ASSERT_TRUE(e && e->Is<ast::Case>());
    EXPECT_EQ(e->As<ast::Case>().test, nullptr);
    EXPECT_EQ(e->As<ast::Case>().otherwise, nullptr);
    EXPECT_FALSE(Parse("RETURN CASE WHEN a THEN 1").ok());
    EXPECT_FALSE(Parse("RETURN CASE END").ok());
}

TEST(ParserExprTest, ListsMapsAndProjections) {
    std::unique_ptr<ast::Statement> holder;
    const ast::Expression* e = ReturnExpr("[1, [2, 3], []]", &holder);
    ASSERT_TRUE(e && e->Is<ast::ListLiteral>());
    EXPECT_EQ(e->As<ast::ListLiteral>().elements.size(), 3u);
    e = ReturnExpr("{a: 1, `b c`: 'x', count: 2}", &holder);
    ASSERT_TRUE(e && e->Is<ast::MapLiteral>());
    const auto& map = e->As<ast::MapLiteral>();
    ASSERT_EQ(map.entries.size(), 3u);
    EXPECT_EQ(map.entries[1].key, "b c");
    EXPECT_EQ(map.entries[2].key, "count");
    e = ReturnExpr("n {.name, .*, age: n.age + 1, other}", &holder);
    ASSERT_TRUE(e && e->Is<ast::MapProjection>());
    const auto& proj = e->As<ast::MapProjection>();
    EXPECT_EQ(proj.variable, "n");
    ASSERT_EQ(proj.items.size(), 4u);
    EXPECT_EQ(proj.items[0].kind, ast::MapProjectionItemKind::kProperty);
    EXPECT_EQ(proj.items[1].kind, ast::MapProjectionItemKind::kAllProperties);
    EXPECT_EQ(proj.items[2].kind, ast::MapProjectionItemKind::kLiteral);
    EXPECT_EQ(proj.items[3].kind, ast::MapProjectionItemKind::kVariable);
    EXPECT_EQ(proj.items[3].key, "other");
}

TEST(ParserExprTest, Comprehensions) {
    std::unique_ptr<ast::Statement> holder;
    const ast::Expression* e = ReturnExpr("[x IN range(1, 10) WHERE x % 2 = 0 | x * x]", &holder);
    ASSERT_TRUE(e && e->Is<ast::ListComprehension>());
    const auto& lc = e->As<ast::ListComprehension>();
    EXPECT_EQ(lc.variable, "x");
    EXPECT_NE(lc.where, nullptr);
    EXPECT_NE(lc.projection, nullptr);
    e = ReturnExpr("[x IN l]", &holder);
    ASSERT_TRUE(e && e->Is<ast::ListComprehension>());
    EXPECT_EQ(e->As<ast::ListComprehension>().projection, nullptr);

    e = ReturnExpr("[p = (a)-[:T]->(b:B) WHERE b.v > 1 | b.v]", &holder);
    ASSERT_TRUE(e && e->Is<ast::PatternComprehension>());
    const auto& pc = e->As<ast::PatternComprehension>();
    EXPECT_EQ(pc.pattern.path_variable, "p");
    EXPECT_EQ(pc.pattern.relationships.size(), 1u);
    EXPECT_NE(pc.where, nullptr);

    // A parenthesized expression in a list is not a pattern.
    e = ReturnExpr("[(1 + 2), (a)]", &holder);
    ASSERT_TRUE(e && e->Is<ast::ListLiteral>());
    EXPECT_EQ(e->As<ast::ListLiteral>().elements.size(), 2u);
}

TEST(ParserExprTest, QuantifiersAndReduce) {
    std::unique_ptr<ast::Statement> holder;
    const char* names[] = {"all", "any", "none", "single"};
    for (int i = 0; i < 4; ++i) {
        const ast::Expression* e =
            ReturnExpr(std::string(names[i]) + "(x IN [1, 2] WHERE x > 0)", &holder);
        ASSERT_TRUE(e && e->Is<ast::Quantifier>()) << names[i];
        EXPECT_EQ(static_cast<int>(e->As<ast::Quantifier>().quantifier), i);
    }
    const ast::Expression* e = ReturnExpr("reduce(acc = 0, x IN [1, 2] | acc + x)", &holder);
    ASSERT_TRUE(e && e->Is<ast::Reduce>());
    EXPECT_EQ(e->As<ast::Reduce>().accumulator, "acc");
    EXPECT_EQ(e->As<ast::Reduce>().variable, "x");
    // A function that happens to be called any() without the IN form stays a call.
    EXPECT_EQ(testing::ParseSExpr("any(x)"), "(call any x)");
}

TEST(ParserExprTest, SubqueryExpressions) {
    auto stmt = testing::MustParse(
        "MATCH (n) WHERE EXISTS { (n)-->(m) WHERE m.v = 1 } AND COUNT { MATCH (n)--() "
        "RETURN 1 } > 1 RETURN COLLECT { MATCH (n)-->(x) RETURN x.v } AS vs");
    ASSERT_NE(stmt, nullptr);
    const auto& match = testing::FirstPart(*stmt).clauses[0]->As<ast::Match>();
    const auto& conj = match.where->As<ast::Binary>();
    const auto& exists = conj.left->As<ast::SubqueryExpr>();
    EXPECT_EQ(exists.subquery, ast::SubqueryKind::kExists);
    ASSERT_TRUE(exists.pattern.has_value());
    EXPECT_NE(exists.where, nullptr);
    EXPECT_EQ(exists.query, nullptr);
    const auto& count = conj.right->As<ast::Binary>().left->As<ast::SubqueryExpr>();
    EXPECT_EQ(count.subquery, ast::SubqueryKind::kCount);
    ASSERT_NE(count.query, nullptr);
    EXPECT_EQ(count.query->parts[0].clauses.size(), 2u);
}

TEST(ParserExprTest, PatternPredicates) {
    auto stmt =
        testing::MustParse("MATCH (a), (b) WHERE (a)-[:T]->(b) AND NOT (a)<--(:X) RETURN a");
    ASSERT_NE(stmt, nullptr);
    const auto& where = *testing::FirstPart(*stmt).clauses[0]->As<ast::Match>().where;
    const auto& conj = where.As<ast::Binary>();
    ASSERT_TRUE(conj.left->Is<ast::PatternPredicate>());
    EXPECT_EQ(conj.left->As<ast::PatternPredicate>().pattern.relationships[0].types[0], "T");
    ASSERT_TRUE(conj.right->Is<ast::Unary>());
    EXPECT_TRUE(conj.right->As<ast::Unary>().operand->Is<ast::PatternPredicate>());
    // (a) alone is a parenthesized variable, and (n:L) a label check.
    EXPECT_EQ(testing::ParseSExpr("(a)"), "a");
    EXPECT_EQ(testing::ParseSExpr("(n:L)"), "(labels n L)");
    // Outside a predicate a pattern expression is rejected, as in Neo4j 5.
    auto bad = Parse("MATCH (n) RETURN (n)-->()");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(ast::ErrorDetailOf(bad.status()), ast::ErrorDetail::kUnexpectedSyntax);
}

TEST(ParserExprTest, WherePatternExpressionsAreAllowed) {
    for (const char* ok : {
             "MATCH (a) WITH a WHERE (a)--() OR NOT (a)-->(:X) RETURN a",
             "MATCH (a) RETURN [x IN [a] WHERE (x)-->()] AS l",
             "MATCH (a) RETURN CASE WHEN (a)-->() THEN 1 ELSE 0 END AS c",
             "MATCH (a) RETURN exists((a)-->()) AS e",
             "MATCH (a) RETURN any(x IN [a] WHERE (x)--() XOR true) AS q",
             "MATCH (a) RETURN [(a)-->(b) WHERE (b)-->() | b] AS l",
             "MATCH (a) WHERE EXISTS { (a)-->(b) WHERE (b)-->() } RETURN a",
             "MATCH (a)-[r WHERE (a)--()]->(b) RETURN a",
             "MATCH (a), (b) RETURN shortestPath((a)-[*]-(b)) AS p",
         }) {
        EXPECT_TRUE(Parse(ok).ok()) << ok;
    }
    for (const char* bad : {
             "MATCH (a) RETURN size((a)-->()) AS s",
             "MATCH (a) WHERE size((a)-->()) > 1 RETURN a",
             "MATCH (a) SET a.x = (a)-->()",
             "MATCH (a) WITH (a)-->() AS p RETURN p",
             "MATCH (a) WHERE (a)-->() = true RETURN a",
             "MATCH (a) RETURN CASE (a)-->() WHEN true THEN 1 END AS c",
         }) {
        auto result = Parse(bad);
        ASSERT_FALSE(result.ok()) << bad;
        EXPECT_EQ(ast::ErrorDetailOf(result.status()), ast::ErrorDetail::kUnexpectedSyntax) << bad;
    }
}

// Regression: nested alternatives that each fail late (a pattern tried where an expression
// was meant, comparison chains re-read for their shared operand) once made parsing take
// exponential time. Work is now bounded by a budget per token.
TEST(ParserExprTest, NestedAlternativesStayCheap) {
    auto nest = [](const std::string& open, const std::string& close, int depth) {
        std::string text = "RETURN ";
        for (int i = 0; i < depth; ++i) text += open;
        text += "1";
        for (int i = 0; i < depth; ++i) text += close;
        return text;
    };
    // Valid at a depth real queries never reach; these must parse.
    EXPECT_TRUE(Parse(nest("(a {x: ", "})", 40)).ok());
    EXPECT_TRUE(Parse(nest("[(a {x: ", "})]", 30)).ok());
    EXPECT_TRUE(Parse(nest("a < (b < ", " < c)", 8)).ok());
    // Pathological: must fail fast with a syntax error rather than run for hours.
    for (const std::string& text :
         {nest("a < (b < ", " < c)", 40), nest("((a)-[{x: ", "}]-(b) AND)", 30),
          nest("[(a {x: ", "})]", 200)}) {
        auto result = Parse(text);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError);
    }
}

TEST(ParserExprTest, DeepNestingIsAnErrorNotACrash) {
    std::string deep(5000, '(');
    deep += "1";
    deep += std::string(5000, ')');
    auto result = Parse("RETURN " + deep);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError);
    std::string nots;
    for (int i = 0; i < 5000; ++i) nots += "NOT ";
    EXPECT_FALSE(Parse("RETURN " + nots + "true").ok());
    std::string lists(5000, '[');
    EXPECT_FALSE(Parse("RETURN " + lists).ok());
}

}  // namespace
}  // namespace nexus::cypher
