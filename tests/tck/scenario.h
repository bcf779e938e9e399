// A TCK scenario turned into typed actions (set up a graph, run a query, check rows, an
// error or side effects), plus the database-free pieces of checking them: side effects as a
// diff of two graph snapshots, and matching an expected TCK error against a Nexus Status.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "nexus/status.h"
#include "nexus/value.h"
#include "tck/gherkin.h"
#include "tck/tck_value.h"

namespace nexus::tck {

enum class ActionKind {
    kNamedGraph,   // text: graph name
    kSetupQuery,   // text: query ("having executed")
    kParameters,   // params
    kQuery,        // text: the query under test
    kExpectRows,   // columns, rows, ordered, compare
    kExpectEmpty,  //
    kExpectError,  // error_type, error_phase, error_detail
    kSideEffects,  // effects (absent keys mean 0)
    kProcedure,    // procedure: a test procedure the runner registers
};

// "there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):" and its table.
struct ProcedureSpec {
    struct Field {
        std::string name;
        std::string type;  // as written: "INTEGER?"
    };
    std::string name;
    std::vector<Field> inputs, outputs;
    std::vector<Row> rows;  // input values, then output values
};

struct Action {
    ActionKind kind = ActionKind::kQuery;
    int line = 0;
    std::string text;
    ParamMap params;
    std::vector<std::string> columns;
    std::vector<Row> rows;
    bool ordered = false;
    CompareOptions compare;
    std::string error_type, error_phase, error_detail;
    std::map<std::string, int64_t> effects;
    ProcedureSpec procedure;
};

struct ScenarioPlan {
    std::vector<Action> actions;
    std::string skip_reason;  // non-empty: the scenario needs something the runner lacks
};

// Parses a procedure step's text and table (the signature's names must match the header).
Result<ProcedureSpec> ParseProcedureStep(const Step& step);

// Interprets the steps; an unknown step or an unparsable value is an error.
Result<ScenarioPlan> PlanScenario(const Scenario& scenario);

// What side-effect observation sees of a graph (see the TCK README, "Observability").
struct GraphSnapshot {
    std::set<int64_t> nodes;
    std::set<int64_t> relationships;
    std::set<std::string> labels;
    std::multiset<std::string> properties;  // "n<id>.key=value" / "r<id>.key=value"
};

// Adds node and relationship values (from MATCH (n) RETURN n etc.) to a snapshot.
void AddToSnapshot(const Value& v, GraphSnapshot* snapshot);

// +nodes, -nodes, +relationships, -relationships, +labels, -labels, +properties, -properties.
std::map<std::string, int64_t> DiffSnapshots(const GraphSnapshot& before,
                                             const GraphSnapshot& after);

// Empty when `actual` matches `expected` (absent keys are 0); otherwise what differs.
std::string CompareSideEffects(const std::map<std::string, int64_t>& expected,
                               const std::map<std::string, int64_t>& actual);

// Whether `status` is the expected TCK error. The type is matched against the last part of
// the Neo4j code; the detail against the message's leading "Detail:" word. A message without
// such a word passes on type alone and sets `*note`.
bool ErrorMatches(const Action& expected, const Status& status, std::string* why,
                  std::string* note);

// The message's leading "Detail:" word ("UndefinedVariable: Variable `a` not defined"), or
// empty when it has none.
std::string ErrorDetail(const std::string& message);

// Reduces an error message to its shape for grouping failures: quoted text, numbers and
// upper-case type names elided ("Cannot add <TYPE> and <TYPE>").
std::string MessageShape(const std::string& message);

}  // namespace nexus::tck
