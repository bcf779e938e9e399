// Unit tests for the logic-test format reader and its comparisons.
#include "logic_format.h"

#include <gtest/gtest.h>

namespace nexus::logic {
namespace {

constexpr char kFile[] = R"(# A comment line
statement ok
CREATE (:A {x: 1}),
       (:A {x: 2})

query rowsort
MATCH (a:A)
RETURN a.x, 'v'
----
2 | 'v'
1 | 'v'

# skip: ORDER BY is not there yet
query ordered
MATCH (a:A) RETURN a.x ORDER BY a.x
----
1
2

statement error Neo.ClientError.Statement.SyntaxError
RETURN (

restart

query
MATCH (a:A) WHERE a.x > 5 RETURN a
----
)";

TEST(LogicFormatTest, ParsesAllBlockKinds) {
    Result<TestFile> f = ParseTestFile(kFile, "t.test");
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    ASSERT_EQ(f->blocks.size(), 6u);
    EXPECT_EQ(f->blocks[0].kind, BlockKind::kStatementOk);
    EXPECT_EQ(f->blocks[0].line, 2);
    EXPECT_EQ(f->blocks[0].query, "CREATE (:A {x: 1}),\n       (:A {x: 2})");
    EXPECT_EQ(f->blocks[1].order, RowOrder::kRowSort);
    EXPECT_EQ(f->blocks[1].expected_rows, (std::vector<std::string>{"2 | 'v'", "1 | 'v'"}));
    EXPECT_TRUE(f->blocks[2].skip);
    EXPECT_EQ(f->blocks[2].skip_reason, "ORDER BY is not there yet");
    EXPECT_FALSE(f->blocks[3].skip);
    EXPECT_EQ(f->blocks[3].expected_error, "Neo.ClientError.Statement.SyntaxError");
    EXPECT_EQ(f->blocks[4].kind, BlockKind::kRestart);
    EXPECT_TRUE(f->blocks[5].expected_rows.empty());
    EXPECT_FALSE(f->skip);
}

TEST(LogicFormatTest, RejectsMalformedBlocks) {
    EXPECT_FALSE(ParseTestFile("query\nRETURN 1\n1\n", "x").ok());  // no ----
    EXPECT_FALSE(ParseTestFile("query sideways\nRETURN 1\n----\n1\n", "x").ok());
    EXPECT_FALSE(ParseTestFile("statement ok\n", "x").ok());
    EXPECT_FALSE(ParseTestFile("explode\nRETURN 1\n", "x").ok());
    Result<TestFile> bad = ParseTestFile("\n\nrestart\nRETURN 1\n", "x.test");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find("x.test:4"), std::string::npos);
}

TEST(LogicFormatTest, SkipFile) {
    Result<TestFile> f = ParseTestFile("# skip-file: needs indexes\nstatement ok\nRETURN 1\n", "x");
    ASSERT_TRUE(f.ok());
    EXPECT_TRUE(f->skip);
    EXPECT_EQ(f->skip_reason, "needs indexes");
}

TEST(LogicFormatTest, ComparesRows) {
    Block b;
    b.kind = BlockKind::kQuery;
    b.expected_rows = {"1 | 'a'", "2 | 'b'"};
    EXPECT_EQ(CompareRows(b, {"1 | 'a'", "2 | 'b'"}), "");
    EXPECT_NE(CompareRows(b, {"2 | 'b'", "1 | 'a'"}), "");
    b.order = RowOrder::kRowSort;
    EXPECT_EQ(CompareRows(b, {"2 | 'b'", "1 | 'a'"}), "");
    EXPECT_NE(CompareRows(b, {"1 | 'a'"}), "");
    EXPECT_EQ(FormatRow({Value(1), Value("a"), Value()}), "1 | 'a' | null");
}

TEST(LogicFormatTest, PlanFragmentsInOrder) {
    Result<TestFile> f = ParseTestFile(
        "plan\nEXPLAIN MATCH (n:A) RETURN n\n----\nProduceResults\nNodeByLabelScan\n", "x");
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    const Block& b = f->blocks[0];
    EXPECT_EQ(b.kind, BlockKind::kPlan);
    EXPECT_EQ(ComparePlan(b, "ProduceResults n\n  NodeByLabelScan n:A\n"), "");
    EXPECT_NE(ComparePlan(b, "NodeByLabelScan n:A\nProduceResults n\n"), "");
    EXPECT_NE(ComparePlan(b, "ProduceResults n\n  AllNodesScan n\n"), "");
}

TEST(LogicFormatTest, ComparesErrors) {
    Block b;
    b.kind = BlockKind::kStatementError;
    b.expected_error = "Neo.ClientError.Statement.SyntaxError";
    EXPECT_EQ(CompareError(b, Status(StatusCode::kSyntaxError, "x")), "");
    EXPECT_NE(CompareError(b, Status(StatusCode::kTypeError, "x")), "");
    EXPECT_NE(CompareError(b, Status::Ok()), "");
    b.expected_error = "SyntaxError";
    EXPECT_EQ(CompareError(b, Status(StatusCode::kSyntaxError, "x")), "");
    b.expected_error = "Error";  // must be a whole last part, not any suffix
    EXPECT_NE(CompareError(b, Status(StatusCode::kSyntaxError, "x")), "");
    b.expected_error = "already exists";
    EXPECT_EQ(CompareError(b, Status(StatusCode::kSchemaError, "index already exists")), "");
}

TEST(LogicFormatTest, ErrorPositions) {
    Result<TestFile> f =
        ParseTestFile("statement error SyntaxError @2:7\nMATCH (n)\nRETURN m\n", "x");
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    const Block& b = f->blocks[0];
    EXPECT_EQ(b.expected_error, "SyntaxError");
    EXPECT_EQ(b.error_line, 2);
    EXPECT_EQ(b.error_column, 7);
    EXPECT_EQ(CompareError(b, Status(StatusCode::kSyntaxError, "x", {2, 7, 16})), "");
    EXPECT_NE(CompareError(b, Status(StatusCode::kSyntaxError, "x", {2, 8, 17})), "");
    EXPECT_NE(CompareError(b, Status(StatusCode::kSyntaxError, "x")), "");  // no position
    EXPECT_NE(CompareError(b, Status(StatusCode::kTypeError, "x", {2, 7, 16})), "");
    EXPECT_FALSE(ParseTestFile("statement error @x:1\nRETURN 1\n", "x").ok());
    EXPECT_FALSE(ParseTestFile("statement error @3\nRETURN 1\n", "x").ok());
}

TEST(LogicFormatTest, ParamsAndKnownFailures) {
    Result<TestFile> f = ParseTestFile(
        "param when\nRETURN date('2020-01-01')\n\n"
        "# known-failure: Neo4j says 2, Nexus 3\nquery\nRETURN 1 + 1\n----\n2\n\n"
        "query\nRETURN $when\n----\n2020-01-01\n",
        "x");
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    ASSERT_EQ(f->blocks.size(), 3u);
    EXPECT_EQ(f->blocks[0].kind, BlockKind::kParam);
    EXPECT_EQ(f->blocks[0].param_name, "when");
    EXPECT_EQ(f->blocks[0].query, "RETURN date('2020-01-01')");
    EXPECT_TRUE(f->blocks[1].known_failure);
    EXPECT_EQ(f->blocks[1].known_failure_reason, "Neo4j says 2, Nexus 3");
    EXPECT_FALSE(f->blocks[2].known_failure);
    // A marker needs a reason and a block right below it.
    EXPECT_FALSE(ParseTestFile("# known-failure\nquery\nRETURN 1\n----\n1\n", "x").ok());
    EXPECT_FALSE(ParseTestFile("# known-failure: why\n\nquery\nRETURN 1\n----\n1\n", "x").ok());
    EXPECT_FALSE(ParseTestFile("param\nRETURN 1\n", "x").ok());
}

}  // namespace
}  // namespace nexus::logic
