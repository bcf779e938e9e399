// Step interpretation, side-effect diffs and error matching for TCK scenarios.
#include "tck/scenario.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace nexus::tck {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

Status StepError(const Step& step, const std::string& what) {
    return Status(StatusCode::kInvalidArgument,
                  "line " + std::to_string(step.line) + ": " + what + ": " + step.text);
}

Status ParseRowsInto(const Step& step, Action* action) {
    if (step.table.empty()) return StepError(step, "result table without a header");
    action->columns = step.table[0];
    for (size_t r = 1; r < step.table.size(); ++r) {
        Row row;
        for (const std::string& cell : step.table[r]) {
            Result<Value> v = ParseTckValue(cell);
            if (!v.ok()) return StepError(step, v.status().message());
            row.push_back(std::move(*v));
        }
        action->rows.push_back(std::move(row));
    }
    return Status::Ok();
}

// "in :: INTEGER?, name :: STRING?" -> fields; empty text -> none.
Result<std::vector<ProcedureSpec::Field>> ParseFields(const Step& step, const std::string& text) {
    static const std::regex kField(R"(^\s*(\w+)\s*::\s*([A-Za-z?<> ]+?)\s*$)");
    std::vector<ProcedureSpec::Field> fields;
    if (text.find_first_not_of(' ') == std::string::npos) return fields;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string one = text.substr(start, comma == std::string::npos ? comma : comma - start);
        std::smatch m;
        if (!std::regex_match(one, m, kField)) return StepError(step, "bad procedure field");
        fields.push_back({m[1], m[2]});
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return fields;
}

Result<Action> PlanStep(const Step& step, std::string* skip_reason) {
    const std::string& t = step.text;
    Action a;
    a.line = step.line;
    static const std::regex kGraph(R"(^the ([A-Za-z0-9_-]+) graph$)");
    static const std::regex kError(
        R"(^an? (\w+) should be raised at ([a-z ]+?)(?::\s*(\w+|\*))?$)");
    std::smatch m;
    if (t == "an empty graph" || t == "any graph") {
        return Status(StatusCode::kNotFound, "");  // nothing to do: each scenario starts empty
    }
    if (std::regex_match(t, m, kGraph)) {
        a.kind = ActionKind::kNamedGraph;
        a.text = m[1];
        return a;
    }
    if (t == "having executed:" || t == "after having executed:") {
        if (!step.doc_string) return StepError(step, "missing query");
        a.kind = ActionKind::kSetupQuery;
        a.text = *step.doc_string;
        return a;
    }
    if (t == "parameters are:") {
        a.kind = ActionKind::kParameters;
        for (const auto& row : step.table) {
            if (row.size() != 2) return StepError(step, "parameter rows need two cells");
            Result<Value> v = ParseTckValue(row[1]);
            if (!v.ok()) return StepError(step, v.status().message());
            a.params[row[0]] = std::move(*v);
        }
        return a;
    }
    if (t == "executing query:" || t == "executing control query:") {
        if (!step.doc_string) return StepError(step, "missing query");
        a.kind = ActionKind::kQuery;
        a.text = *step.doc_string;
        return a;
    }
    if (StartsWith(t, "the result should be") && t != "the result should be empty") {
        a.kind = ActionKind::kExpectRows;
        a.ordered = t.find("in order") != std::string::npos;
        a.compare.unordered_lists = t.find("ignoring element order for lists") != std::string::npos;
        RETURN_IF_ERROR(ParseRowsInto(step, &a));
        return a;
    }
    if (t == "the result should be empty") {
        a.kind = ActionKind::kExpectEmpty;
        return a;
    }
    if (std::regex_match(t, m, kError)) {
        a.kind = ActionKind::kExpectError;
        a.error_type = m[1];
        a.error_phase = m[2];
        a.error_detail = m[3] == "*" ? "" : std::string(m[3]);  // "*": any detail
        return a;
    }
    if (t == "no side effects" || t == "the side effects should be:") {
        a.kind = ActionKind::kSideEffects;
        for (const auto& row : step.table) {
            if (row.size() != 2) return StepError(step, "side effect rows need two cells");
            a.effects[row[0]] = std::stoll(row[1]);
        }
        return a;
    }
    if (StartsWith(t, "there exists a procedure")) {
        a.kind = ActionKind::kProcedure;
        ASSIGN_OR_RETURN(a.procedure, ParseProcedureStep(step));
        return a;
    }
    return StepError(step, "unsupported step");
}

int64_t Get(const std::map<std::string, int64_t>& m, const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
}

template <typename Set>
int64_t CountMissing(const Set& from, const Set& in) {
    // Elements of `from` that `in` lacks, counting multiplicity.
    Set rest = from;
    for (const auto& x : in) {
        auto it = rest.find(x);
        if (it != rest.end()) rest.erase(it);
    }
    return static_cast<int64_t>(rest.size());
}

std::string LastPart(const std::string& code) {
    size_t dot = code.rfind('.');
    return dot == std::string::npos ? code : code.substr(dot + 1);
}

std::string CanonicalType(std::string type) {
    // The TCK says ConstraintVerificationFailed where Neo4j reports ConstraintValidationFailed.
    if (type == "ConstraintVerificationFailed") return "ConstraintValidationFailed";
    return type;
}

bool IsUpper(char c) {
    return c >= 'A' && c <= 'Z';
}

// Three capitals in a row start a type name.
bool IsTypeNameAt(const std::string& s, size_t i) {
    return i + 2 < s.size() && IsUpper(s[i]) && IsUpper(s[i + 1]) && IsUpper(s[i + 2]);
}

}  // namespace

Result<ProcedureSpec> ParseProcedureStep(const Step& step) {
    static const std::regex kSignature(
        R"(^there exists a procedure ([\w.]+)\(([^)]*)\)\s*::\s*\(([^)]*)\)\s*:$)");
    std::smatch m;
    if (!std::regex_match(step.text, m, kSignature)) {
        return StepError(step, "bad procedure signature");
    }
    ProcedureSpec spec;
    spec.name = m[1];
    ASSIGN_OR_RETURN(spec.inputs, ParseFields(step, m[2]));
    ASSIGN_OR_RETURN(spec.outputs, ParseFields(step, m[3]));
    std::vector<std::string> header;
    for (const auto& f : spec.inputs) header.push_back(f.name);
    for (const auto& f : spec.outputs) header.push_back(f.name);
    // A void procedure's table is a lone "|": one row with no (or one empty) cell.
    bool empty_header = step.table.empty() || (step.table[0].size() <= 1 &&
                                               (step.table[0].empty() || step.table[0][0].empty()));
    if (empty_header ? !header.empty() : step.table[0] != header) {
        return StepError(step, "procedure table header does not match the signature");
    }
    for (size_t r = 1; r < step.table.size(); ++r) {
        Row row;
        for (const std::string& cell : step.table[r]) {
            Result<Value> v = ParseTckValue(cell);
            if (!v.ok()) return StepError(step, v.status().message());
            row.push_back(std::move(*v));
        }
        if (row.size() != header.size()) return StepError(step, "procedure row width");
        spec.rows.push_back(std::move(row));
    }
    return spec;
}

Result<ScenarioPlan> PlanScenario(const Scenario& scenario) {
    ScenarioPlan plan;
    for (const Step& step : scenario.steps) {
        Result<Action> a = PlanStep(step, &plan.skip_reason);
        if (!a.ok()) {
            if (a.status().code() == StatusCode::kNotFound) continue;
            return a.status();
        }
        plan.actions.push_back(std::move(*a));
    }
    return plan;
}

void AddToSnapshot(const Value& v, GraphSnapshot* s) {
    if (v.is_node()) {
        const Node& n = v.as_node();
        s->nodes.insert(n.id);
        for (const auto& l : n.labels) s->labels.insert(l);
        if (n.properties) {
            for (const auto& [k, pv] : *n.properties) {
                s->properties.insert("n" + std::to_string(n.id) + "." + k + "=" + pv.ToString());
            }
        }
    } else if (v.is_relationship()) {
        const Relationship& r = v.as_relationship();
        s->relationships.insert(r.id);
        if (r.properties) {
            for (const auto& [k, pv] : *r.properties) {
                s->properties.insert("r" + std::to_string(r.id) + "." + k + "=" + pv.ToString());
            }
        }
    }
}

std::map<std::string, int64_t> DiffSnapshots(const GraphSnapshot& before,
                                             const GraphSnapshot& after) {
    return {
        {"+nodes", CountMissing(after.nodes, before.nodes)},
        {"-nodes", CountMissing(before.nodes, after.nodes)},
        {"+relationships", CountMissing(after.relationships, before.relationships)},
        {"-relationships", CountMissing(before.relationships, after.relationships)},
        {"+labels", CountMissing(after.labels, before.labels)},
        {"-labels", CountMissing(before.labels, after.labels)},
        {"+properties", CountMissing(after.properties, before.properties)},
        {"-properties", CountMissing(before.properties, after.properties)},
    };
}

std::string CompareSideEffects(const std::map<std::string, int64_t>& expected,
                               const std::map<std::string, int64_t>& actual) {
    std::set<std::string> keys;
    for (const auto& [k, v] : expected) keys.insert(k);
    for (const auto& [k, v] : actual) keys.insert(k);
    std::string out;
    for (const std::string& k : keys) {
        int64_t e = Get(expected, k), a = Get(actual, k);
        if (e == a) continue;
        if (!out.empty()) out += ", ";
        out += k + " expected " + std::to_string(e) + " got " + std::to_string(a);
    }
    return out;
}

std::string MessageShape(const std::string& message) {
    std::string out;
    char quote = 0;
    for (size_t i = 0; i < message.size() && out.size() < 90; ++i) {
        char c = message[i];
        if (quote) {
            if (c == quote) {
                quote = 0;
                out += "..";
                out += c;
            }
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            quote = c;
            out += c;
            continue;
        }
        if (c == '\n') break;
        if (IsTypeNameAt(message, i)) {
            // Type names (STRING, INTEGER, LOCAL TIME) vary within one cause: elide them.
            while (i + 1 < message.size() &&
                   (IsUpper(message[i + 1]) ||
                    (message[i + 1] == ' ' && IsTypeNameAt(message, i + 2)))) {
                ++i;
            }
            out += "<TYPE>";
            continue;
        }
        if (isdigit(static_cast<unsigned char>(c))) {
            if (out.empty() || out.back() != 'N') out += 'N';
            continue;
        }
        out += c;
    }
    return out;
}

std::string ErrorDetail(const std::string& message) {
    static const std::regex kDetail(R"(^([A-Z][A-Za-z0-9]*)\s*:)");
    std::smatch m;
    if (std::regex_search(message, m, kDetail)) return m[1];
    return {};
}

bool ErrorMatches(const Action& expected, const Status& status, std::string* why,
                  std::string* note) {
    if (status.ok()) {
        *why = "expected " + expected.error_type + " but the query succeeded";
        return false;
    }
    std::string got_type = LastPart(status.neo4j_code());
    // The TCK names procedure failures by their category: Neo.ClientError.Procedure.X is a
    // ProcedureError.
    if (std::string(status.neo4j_code()).find(".Procedure.") != std::string::npos) {
        got_type = "ProcedureError";
    }
    if (CanonicalType(got_type) != CanonicalType(expected.error_type)) {
        *why = "expected " + expected.error_type + " got " + status.ToString();
        return false;
    }
    if (expected.error_detail.empty()) return true;
    std::string detail = ErrorDetail(status.message());
    if (detail.empty()) {
        *note = "right type, message lacks the detail " + expected.error_detail + ": " +
                status.message();
        return true;
    }
    if (detail != expected.error_detail) {
        *why = "expected detail " + expected.error_detail + " got " + status.ToString();
        return false;
    }
    return true;
}

}  // namespace nexus::tck
