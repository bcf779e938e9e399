// Unit tests for the nexus command's text handling and output formats (no database needed).
#include <gtest/gtest.h>

#include <sstream>

#include "output.h"
#include "script.h"

namespace nexus::tools {
namespace {

TEST(SplitStatementsTest, SplitsOutsideStringsAndComments) {
    std::string script =
        "CREATE (:A {s: 'a;b'});\n"
        "// a comment; with a semicolon\n"
        "MATCH (n) /* block; */ RETURN n;\n"
        "  RETURN \"x;\" AS `c;d`";
    bool open = false;
    std::vector<Statement> st = SplitStatements(script, &open);
    ASSERT_EQ(st.size(), 3u);
    EXPECT_EQ(st[0].text, "CREATE (:A {s: 'a;b'})");
    EXPECT_EQ(st[0].line, 1u);
    EXPECT_EQ(st[1].text, "// a comment; with a semicolon\nMATCH (n) /* block; */ RETURN n");
    EXPECT_EQ(st[2].text, "RETURN \"x;\" AS `c;d`");
    EXPECT_EQ(st[2].line, 4u);
    EXPECT_EQ(st[2].column, 3u);
    EXPECT_TRUE(open);
}

TEST(SplitStatementsTest, DropsEmptyStatementsAndReportsClosedInput) {
    bool open = true;
    std::vector<Statement> st = SplitStatements(";; RETURN 1; // trailing\n", &open);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].text, "RETURN 1");
    EXPECT_FALSE(open);
    EXPECT_TRUE(SplitStatements("   \n").empty());
}

TEST(SplitStatementsTest, EscapedQuoteDoesNotEndString) {
    std::vector<Statement> st = SplitStatements(R"(RETURN 'it\'s; fine'; RETURN 2)");
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(st[0].text, R"(RETURN 'it\'s; fine')");
}

TEST(ScriptPositionTest, MapsStatementPositionsIntoTheScript) {
    Statement st{"RETURN x", 5, 3};
    SourcePosition p = ScriptPosition(st, SourcePosition{1, 8, 7});
    EXPECT_EQ(p.line, 5u);
    EXPECT_EQ(p.column, 10u);
    p = ScriptPosition(st, SourcePosition{2, 4, 20});
    EXPECT_EQ(p.line, 6u);
    EXPECT_EQ(p.column, 4u);
}

TEST(TxControlTest, RecognisesTransactionStatements) {
    EXPECT_EQ(ClassifyTxControl(" begin "), TxControl::kBegin);
    EXPECT_EQ(ClassifyTxControl("COMMIT"), TxControl::kCommit);
    EXPECT_EQ(ClassifyTxControl("Rollback Transaction"), TxControl::kRollback);
    EXPECT_EQ(ClassifyTxControl("RETURN 1"), TxControl::kNone);
}

TEST(ParamTest, ReadsJsonAndCypherLiterals) {
    auto age = ParseParamAssignment("age=42");
    ASSERT_TRUE(age.ok());
    EXPECT_EQ(age->first, "age");
    EXPECT_EQ(age->second.as_int(), 42);
    auto name = ParseParamAssignment("name=\"Ann\"");
    ASSERT_TRUE(name.ok());
    EXPECT_EQ(name->second.as_string(), "Ann");
    auto cypher = ParseParamValue("{name: 'Bo', tags: ['x', 2.5], ok: TRUE, none: null}");
    ASSERT_TRUE(cypher.ok()) << cypher.status().ToString();
    EXPECT_EQ(cypher->as_map().at("name").as_string(), "Bo");
    EXPECT_EQ(cypher->as_map().at("tags").as_list()[1].as_float(), 2.5);
    EXPECT_TRUE(cypher->as_map().at("ok").as_bool());
    auto json = ParseParamValue(R"({"a": [1, {"b": null}]})");
    ASSERT_TRUE(json.ok());
    EXPECT_TRUE(json->as_map().at("a").as_list()[1].as_map().at("b").is_null());
    EXPECT_EQ(ParseParamValue("-7").value().as_int(), -7);
}

TEST(ParamTest, RejectsBadInput) {
    EXPECT_FALSE(ParseParamAssignment("noequals").ok());
    EXPECT_FALSE(ParseParamAssignment("=1").ok());
    EXPECT_FALSE(ParseParamAssignment("name=Ann").ok());
    EXPECT_FALSE(ParseParamValue("[1, 2").ok());
    EXPECT_FALSE(ParseParamValue("'open").ok());
    EXPECT_FALSE(ParseParamValue("99999999999999999999999").ok());
}

TEST(SizeTest, ParsesUnitsAndRejectsNonsense) {
    EXPECT_EQ(ParseSize("4096").value(), 4096u);
    EXPECT_EQ(ParseSize("256MiB").value(), 256u << 20);
    EXPECT_EQ(ParseSize("1gib").value(), 1u << 30);
    EXPECT_EQ(ParseSize("64K").value(), 64u << 10);
    EXPECT_FALSE(ParseSize("").ok());
    EXPECT_FALSE(ParseSize("lots").ok());
    EXPECT_FALSE(ParseSize("12 parsecs").ok());
    EXPECT_FALSE(ParseSize("99999999999999999999").ok());
    EXPECT_FALSE(ParseSize("99999999999TiB").ok());
}

TEST(SyncModeTest, ParsesNames) {
    EXPECT_EQ(ParseSyncMode("FULL").value(), SyncMode::kFull);
    EXPECT_EQ(ParseSyncMode("normal").value(), SyncMode::kNormal);
    EXPECT_EQ(ParseSyncMode("off").value(), SyncMode::kOff);
    EXPECT_FALSE(ParseSyncMode("sometimes").ok());
}

ResultTable SampleTable() {
    Node n;
    n.id = 3;
    n.labels = {"Person"};
    n.properties = std::make_shared<const Map>(Map{{"name", Value("Åsa")}});
    return ResultTable{{"name", "n", "x"},
                       {{Value("Ann, \"A\""), Value(n), Value(1.5)},
                        {Value(), Value(List{Value(1), Value(2)}), Value(std::nan(""))}}};
}

TEST(OutputTest, TableIsAligned) {
    std::ostringstream out;
    WriteResult(out, OutputFormat::kTable, SampleTable());
    std::istringstream lines(out.str());
    std::string line;
    std::vector<size_t> widths;
    while (std::getline(lines, line)) widths.push_back(DisplayWidth(line));
    ASSERT_EQ(widths.size(), 6u);
    for (size_t w : widths) EXPECT_EQ(w, widths[0]) << out.str();
    EXPECT_NE(out.str().find("(:Person {name: 'Åsa'})"), std::string::npos);
}

TEST(OutputTest, CsvQuotesWhenNeeded) {
    std::ostringstream out;
    WriteResult(out, OutputFormat::kCsv, SampleTable());
    EXPECT_EQ(out.str(),
              "name,n,x\n"
              "\"Ann, \"\"A\"\"\",(:Person {name: 'Åsa'}),1.5\n"
              ",\"[1, 2]\",NaN\n");
}

TEST(OutputTest, JsonLinesAreObjectsPerRow) {
    std::ostringstream out;
    WriteResult(out, OutputFormat::kJsonl, SampleTable());
    std::istringstream lines(out.str());
    std::string first, second;
    std::getline(lines, first);
    std::getline(lines, second);
    auto j = nlohmann::json::parse(first);
    EXPECT_EQ(j["name"], "Ann, \"A\"");
    EXPECT_EQ(j["n"]["labels"][0], "Person");
    EXPECT_EQ(j["n"]["id"], 3);
    EXPECT_EQ(nlohmann::json::parse(second)["x"], "NaN");

    std::ostringstream all;
    WriteResult(all, OutputFormat::kJson, SampleTable());
    auto arr = nlohmann::json::parse(all.str());
    ASSERT_TRUE(arr.is_array());
    EXPECT_EQ(arr.size(), 2u);
}

TEST(OutputTest, SummaryNamesSideEffects) {
    QueryStats s;
    s.nodes_created = 2;
    s.properties_set = 1;
    EXPECT_EQ(Summary(0, s), "0 rows, 2 nodes created, 1 property set");
    EXPECT_EQ(Summary(1, QueryStats{}), "1 row");
    EXPECT_FALSE(ParseOutputFormat("xml").ok());
}

}  // namespace
}  // namespace nexus::tools
