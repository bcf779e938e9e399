// Unit tests for the TCK runner's database-free parts: Gherkin, values, matching, diffs.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tck/gherkin.h"
#include "tck/scenario.h"
#include "tck/tck_value.h"

namespace nexus::tck {
namespace {

constexpr char kFeature[] = R"(#encoding: utf-8
Feature: Demo - things

  Background:
    Given an empty graph

  @tag
  Scenario: [1] Plain
    And having executed:
      """
      CREATE (:A {name: 'x'})
      """
    When executing query:
      """
      MATCH (n)
      RETURN n
      """
    Then the result should be, in any order:
      | n                 |
      | (:A {name: 'x'})  |
    And no side effects

  Scenario Outline: [2] Outline <what>
    When executing query:
      """
      RETURN <expr> AS v
      """
    Then the result should be, in order:
      | v        |
      | <result> |

    Examples:
      | what | expr  | result |
      | one  | 1     | 1      |
      | pipe | 'a\|b' | 'a\|b' |
)";

TEST(GherkinTest, ParsesScenariosBackgroundAndOutlines) {
    Result<Feature> f = ParseFeature(kFeature, "demo.feature");
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    EXPECT_EQ(f->name, "Demo - things");
    ASSERT_EQ(f->scenarios.size(), 3u);
    const Scenario& plain = f->scenarios[0];
    EXPECT_EQ(plain.name, "[1] Plain");
    EXPECT_EQ(plain.line, 8);
    EXPECT_EQ(plain.tags, std::vector<std::string>{"@tag"});
    ASSERT_EQ(plain.steps.size(), 5u);
    EXPECT_EQ(plain.steps[0].text, "an empty graph");
    EXPECT_EQ(*plain.steps[1].doc_string, "CREATE (:A {name: 'x'})");
    EXPECT_EQ(*plain.steps[2].doc_string, "MATCH (n)\nRETURN n");
    ASSERT_EQ(plain.steps[3].table.size(), 2u);
    EXPECT_EQ(plain.steps[3].table[1][0], "(:A {name: 'x'})");

    const Scenario& pipe = f->scenarios[2];
    EXPECT_EQ(pipe.name, "[2] Outline pipe");
    EXPECT_EQ(*pipe.steps[1].doc_string, "RETURN 'a|b' AS v");
    EXPECT_EQ(pipe.steps[2].table[1][0], "'a|b'");
}

TEST(GherkinTest, ReportsUnterminatedDocString) {
    Result<Feature> f =
        ParseFeature("Feature: x\n Scenario: y\n When executing query:\n \"\"\"\n", "bad.feature");
    ASSERT_FALSE(f.ok());
    EXPECT_NE(f.status().message().find("bad.feature:4"), std::string::npos);
}

TEST(GherkinTest, SplitTableRowUnescapes) {
    auto cells = SplitTableRow(R"(| 'a\\b' | '\nx' | c\|d |)");
    ASSERT_EQ(cells.size(), 3u);
    EXPECT_EQ(cells[0], "'a\\b'");
    EXPECT_EQ(cells[1], "'\nx'");
    EXPECT_EQ(cells[2], "c|d");
}

Value Parse(const std::string& s) {
    Result<Value> v = ParseTckValue(s);
    EXPECT_TRUE(v.ok()) << s << ": " << v.status().ToString();
    return v.ok() ? *v : Value();
}

TEST(TckValueTest, ParsesScalars) {
    EXPECT_TRUE(Parse("null").is_null());
    EXPECT_EQ(Parse("true").as_bool(), true);
    EXPECT_EQ(Parse("-42").as_int(), -42);
    EXPECT_EQ(Parse("1e10").as_float(), 1e10);
    EXPECT_TRUE(std::signbit(Parse("-0.0").as_float()));
    EXPECT_TRUE(std::isnan(Parse("NaN").as_float()));
    EXPECT_EQ(Parse("-Infinity").as_float(), -INFINITY);
    EXPECT_EQ(Parse("Inf").as_float(), INFINITY);
    EXPECT_EQ(Parse(R"('it\'s \\ ok')").as_string(), "it's \\ ok");
    EXPECT_FALSE(ParseTckValue("'open").ok());
    EXPECT_FALSE(ParseTckValue("1 2").ok());
    EXPECT_FALSE(ParseTckValue("99999999999999999999").ok());
}

TEST(TckValueTest, ParsesContainersAndGraphElements) {
    Value v = Parse("[1, 'a', [], {k: [null]}]");
    ASSERT_TRUE(v.is_list());
    EXPECT_EQ(v.as_list().size(), 4u);
    EXPECT_TRUE(v.as_list()[3].as_map().at("k").is_list());

    Value n = Parse("(:L1:L2 {p: 0, q: 'string'})");
    ASSERT_TRUE(n.is_node());
    EXPECT_EQ(n.as_node().labels, (std::vector<std::string>{"L1", "L2"}));
    EXPECT_EQ(n.as_node().properties->at("q").as_string(), "string");

    Value r = Parse("[:T {p: 0}]");
    ASSERT_TRUE(r.is_relationship());
    EXPECT_EQ(r.as_relationship().type, "T");

    Value p = Parse("<(:A)-[:T]->(:B)<-[:U]-(:C)>");
    ASSERT_TRUE(p.is_path());
    EXPECT_EQ(p.ToString(), "<(:A)-[:T]->(:B)<-[:U]-(:C)>");
    EXPECT_FALSE(ParseTckValue("<(:A)<-[:T]->(:B)>").ok());
}

TEST(TckValueTest, EqualityFollowsTckRules) {
    CompareOptions o;
    Node actual;
    actual.id = 77;
    actual.labels = {"B", "A"};
    actual.properties = std::make_shared<const Map>(Map{{"x", Value(1)}});
    EXPECT_TRUE(TckEqual(Parse("(:A:B {x: 1})"), Value(actual), o));
    EXPECT_FALSE(TckEqual(Parse("(:A {x: 1})"), Value(actual), o));
    EXPECT_FALSE(TckEqual(Parse("1"), Value(1.0), o));
    EXPECT_TRUE(TckEqual(Parse("NaN"), Value(std::nan("")), o));
    EXPECT_FALSE(TckEqual(Parse("[1, 2]"), Parse("[2, 1]"), o));
    o.unordered_lists = true;
    EXPECT_TRUE(TckEqual(Parse("[1, 2]"), Parse("[2, 1]"), o));
}

TEST(TckValueTest, PathDirectionMatters) {
    CompareOptions o;
    Path actual;
    for (int64_t id : {10, 11}) {
        Node n;
        n.id = id;
        actual.nodes.push_back(n);
    }
    Relationship r;
    r.type = "T";
    r.start_id = 11;
    r.end_id = 10;
    actual.relationships.push_back(r);
    EXPECT_TRUE(TckEqual(Parse("<()<-[:T]-()>"), Value(actual), o));
    EXPECT_FALSE(TckEqual(Parse("<()-[:T]->()>"), Value(actual), o));
}

TEST(TckValueTest, RowsMatchOrderedAndUnordered) {
    std::vector<Row> e = {{Value(1)}, {Value(2)}};
    std::vector<Row> a = {{Value(2)}, {Value(1)}};
    std::string why;
    EXPECT_TRUE(RowsMatch(e, a, false, {}, &why));
    EXPECT_FALSE(RowsMatch(e, a, true, {}, &why));
    EXPECT_NE(why.find("in order"), std::string::npos);
    EXPECT_FALSE(RowsMatch(e, {{Value(1)}, {Value(1)}}, false, {}, &why));
}

Scenario OneScenario(const std::string& body) {
    Result<Feature> f = ParseFeature("Feature: f\n  Scenario: s\n" + body, "f.feature");
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    return f.ok() && !f->scenarios.empty() ? f->scenarios[0] : Scenario{};
}

TEST(ScenarioTest, PlansErrorsAndSideEffects) {
    Scenario s = OneScenario(
        "    Given the binary-tree-1 graph\n"
        "    And parameters are:\n      | x | [1] |\n"
        "    When executing query:\n      \"\"\"\n      RETURN $x\n      \"\"\"\n"
        "    Then a TypeError should be raised at runtime: InvalidArgumentType\n"
        "    And the side effects should be:\n      | +nodes | 2 |\n");
    Result<ScenarioPlan> plan = PlanScenario(s);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    ASSERT_EQ(plan->actions.size(), 5u);
    EXPECT_EQ(plan->actions[0].kind, ActionKind::kNamedGraph);
    EXPECT_EQ(plan->actions[0].text, "binary-tree-1");
    EXPECT_TRUE(plan->actions[1].params.at("x").is_list());
    EXPECT_EQ(plan->actions[3].error_type, "TypeError");
    EXPECT_EQ(plan->actions[3].error_phase, "runtime");
    EXPECT_EQ(plan->actions[3].error_detail, "InvalidArgumentType");
    EXPECT_EQ(plan->actions[4].effects.at("+nodes"), 2);
}

TEST(ScenarioTest, UnknownStepsFail) {
    EXPECT_FALSE(PlanScenario(OneScenario("    When dancing\n")).ok());
}

TEST(ScenarioTest, ProcedureStepsBecomeDefinitions) {
    Result<ScenarioPlan> plan = PlanScenario(OneScenario(
        "    And there exists a procedure test.my.proc(name :: STRING?, id :: INTEGER?) :: "
        "(city :: STRING?, code :: INTEGER?):\n"
        "      | name     | id | city     | code |\n"
        "      | 'Stefan' | 1  | 'Berlin' | 49   |\n"));
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    EXPECT_TRUE(plan->skip_reason.empty());
    ASSERT_EQ(plan->actions.size(), 1u);
    const ProcedureSpec& p = plan->actions[0].procedure;
    EXPECT_EQ(plan->actions[0].kind, ActionKind::kProcedure);
    EXPECT_EQ(p.name, "test.my.proc");
    ASSERT_EQ(p.inputs.size(), 2u);
    EXPECT_EQ(p.inputs[1].name, "id");
    EXPECT_EQ(p.inputs[1].type, "INTEGER?");
    ASSERT_EQ(p.outputs.size(), 2u);
    EXPECT_EQ(p.outputs[0].name, "city");
    ASSERT_EQ(p.rows.size(), 1u);
    EXPECT_EQ(p.rows[0][3].as_int(), 49);

    // A void procedure: a lone "|" as its table, and a space before the final colon.
    plan = PlanScenario(
        OneScenario("    And there exists a procedure test.doNothing() :: () :\n      |\n"));
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    EXPECT_TRUE(plan->actions[0].procedure.outputs.empty());
    EXPECT_TRUE(plan->actions[0].procedure.rows.empty());

    // The header must name the signature's fields.
    EXPECT_FALSE(PlanScenario(OneScenario("    And there exists a procedure test.p(in :: "
                                          "INTEGER?) :: (out :: STRING?):\n      | x | y |\n"))
                     .ok());
}

TEST(ScenarioTest, SideEffectsDiff) {
    GraphSnapshot before, after;
    Node n;
    n.id = 1;
    n.labels = {"A"};
    n.properties = std::make_shared<const Map>(Map{{"k", Value(1)}});
    AddToSnapshot(Value(n), &before);
    n.labels = {"B"};
    n.properties = std::make_shared<const Map>(Map{{"k", Value(2)}});
    AddToSnapshot(Value(n), &after);
    Node m;
    m.id = 2;
    m.labels = {"B"};
    AddToSnapshot(Value(m), &after);
    auto diff = DiffSnapshots(before, after);
    EXPECT_EQ(diff["+nodes"], 1);
    EXPECT_EQ(diff["-nodes"], 0);
    EXPECT_EQ(diff["+labels"], 1);
    EXPECT_EQ(diff["-labels"], 1);
    EXPECT_EQ(diff["+properties"], 1);
    EXPECT_EQ(diff["-properties"], 1);
    EXPECT_EQ(
        CompareSideEffects(
            {{"+nodes", 1}, {"+labels", 1}, {"-labels", 1}, {"+properties", 1}, {"-properties", 1}},
            diff),
        "");
    EXPECT_NE(CompareSideEffects({}, diff), "");
}

TEST(ScenarioTest, ErrorMatching) {
    Action a;
    a.error_type = "TypeError";
    a.error_detail = "ListElementAccessByNonInteger";
    std::string why, note;
    EXPECT_FALSE(ErrorMatches(a, Status::Ok(), &why, &note));
    EXPECT_FALSE(ErrorMatches(a, Status(StatusCode::kSyntaxError, "x"), &why, &note));
    EXPECT_TRUE(
        ErrorMatches(a, Status(StatusCode::kTypeError, "ListElementAccessByNonInteger: bad index"),
                     &why, &note));
    EXPECT_FALSE(
        ErrorMatches(a, Status(StatusCode::kTypeError, "MapElementAccess: x"), &why, &note));
    note.clear();
    EXPECT_TRUE(ErrorMatches(a, Status(StatusCode::kTypeError, "bad index"), &why, &note));
    EXPECT_FALSE(note.empty());
    a.error_type = "ConstraintVerificationFailed";
    a.error_detail = "";
    EXPECT_TRUE(ErrorMatches(a, Status(StatusCode::kDeleteConnected, "x"), &why, &note));
}

TEST(ScenarioTest, MessageShapeGroupsSimilarMessages) {
    EXPECT_EQ(MessageShape("Cannot add STRING and LOCAL TIME at 12"),
              MessageShape("Cannot add INTEGER and FLOAT at 7"));
    EXPECT_EQ(MessageShape("Variable `a` not defined"), MessageShape("Variable `bb` not defined"));
    EXPECT_NE(MessageShape("Variable `a` not defined"), MessageShape("Unknown function `a`"));
    EXPECT_EQ(ErrorDetail("UndefinedVariable: Variable `a` not defined"), "UndefinedVariable");
    EXPECT_EQ(ErrorDetail("Variable `a`: not defined"), "");
}

// Every scenario of the real TCK (when it is checked out beside the repo) must parse and
// plan: a failure here means the runner would report a scenario as failing for its own sake.
TEST(RealTckTest, EveryScenarioPlans) {
    std::filesystem::path dir = std::filesystem::path(NEXUS_SOURCE_DIR) / "../shared/tck/features";
    if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no TCK at " << dir;
    size_t scenarios = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".feature") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        Result<Feature> f = ParseFeature(text.str(), entry.path().string());
        ASSERT_TRUE(f.ok()) << f.status().ToString();
        for (const Scenario& s : f->scenarios) {
            Result<ScenarioPlan> plan = PlanScenario(s);
            EXPECT_TRUE(plan.ok())
                << entry.path() << ":" << s.line << " " << plan.status().ToString();
            ++scenarios;
        }
    }
    EXPECT_GT(scenarios, 1000u);
}

}  // namespace
}  // namespace nexus::tck
