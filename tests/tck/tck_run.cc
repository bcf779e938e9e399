// Scenario execution: opens a database, replays the plan's actions through the public API
// (Database::execute), and checks rows, errors and side effects as the TCK defines them.
#include "tck/tck_run.h"

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "cypher/procedures/registry.h"
#include "nexus/database.h"
#include "tck/scenario.h"

namespace nexus::tck {
namespace {

struct Executed {
    Status status;
    std::vector<std::string> columns;
    std::vector<Row> rows;
};

Executed Execute(Database* db, const std::string& query, const ParamMap& params) {
    Executed out;
    Result<QueryResult> r = db->execute(query, params);
    if (!r.ok()) {
        out.status = r.status();
        return out;
    }
    out.columns = r->columns();
    Result<std::vector<Row>> rows = r->rows();
    if (!rows.ok()) {
        out.status = rows.status();
        return out;
    }
    out.rows = std::move(*rows);
    return out;
}

Result<GraphSnapshot> Snapshot(Database* db) {
    GraphSnapshot snap;
    for (const char* q : {"MATCH (n) RETURN n", "MATCH ()-[r]->() RETURN r"}) {
        Executed e = Execute(db, q, {});
        if (!e.status.ok()) {
            return Status(e.status.code(), std::string("observing side effects with '") + q +
                                               "' failed: " + e.status.ToString());
        }
        for (const Row& row : e.rows) {
            for (const Value& v : row) AddToSnapshot(v, &snap);
        }
    }
    return snap;
}

std::string LastPart(const char* code) {
    std::string s = code;
    size_t dot = s.rfind('.');
    return dot == std::string::npos ? s : s.substr(dot + 1);
}

Outcome Fail(std::string cause, std::string reason) {
    Outcome o;
    o.kind = Outcome::Kind::kFail;
    o.cause = std::move(cause);
    o.reason = std::move(reason);
    return o;
}

// "TypeError InvalidArgumentType", or the code and the message's shape without a detail.
std::string ErrorCause(const Status& st) {
    std::string detail = ErrorDetail(st.message());
    if (!detail.empty()) return LastPart(st.neo4j_code()) + " " + detail;
    return LastPart(st.neo4j_code()) + ": " + MessageShape(st.message());
}

Outcome FailWithStatus(const std::string& what, const Status& st) {
    return Fail(what + " " + ErrorCause(st), what + ": " + st.ToString());
}

Result<std::string> ReadGraphScript(const RunOptions& options, const std::string& name) {
    std::string path = options.graphs_dir + "/" + name + "/" + name + ".cypher";
    std::ifstream in(path);
    if (!in) return Status(StatusCode::kNotFound, "no graph script " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    while (!text.empty() &&
           (isspace(static_cast<unsigned char>(text.back())) || text.back() == ';')) {
        text.pop_back();
    }
    return text;
}

// Each scenario runs in a child process of its own, so registering is scenario-local.
Status RegisterProcedure(const ProcedureSpec& spec) {
    namespace procs = cypher::procedures;
    std::vector<procs::ProcedureParam> inputs;
    for (const auto& f : spec.inputs) {
        ASSIGN_OR_RETURN(procs::ArgType type, procs::ParseArgType(f.type));
        inputs.push_back({f.name, type});
    }
    std::vector<std::string> outputs;
    for (const auto& f : spec.outputs) outputs.push_back(f.name);
    return procs::RegisterTableProcedure(spec.name, std::move(inputs), std::move(outputs),
                                         spec.rows);
}

class ScenarioRun {
  public:
    ScenarioRun(Database* db, const RunOptions& options, bool observe)
        : db_(db), options_(options), observe_(observe) {}

    // Returns a failure outcome, or nullopt to go on.
    std::optional<Outcome> Do(const Action& a) {
        switch (a.kind) {
            case ActionKind::kNamedGraph: {
                Result<std::string> script = ReadGraphScript(options_, a.text);
                if (!script.ok()) return Fail("missing named graph", script.status().message());
                Executed e = Execute(db_, *script, {});
                if (!e.status.ok()) return FailWithStatus("named graph setup failed", e.status);
                return std::nullopt;
            }
            case ActionKind::kSetupQuery: {
                Executed e = Execute(db_, a.text, params_);
                if (!e.status.ok()) return FailWithStatus("setup query failed", e.status);
                return std::nullopt;
            }
            case ActionKind::kParameters:
                for (const auto& [k, v] : a.params) params_[k] = v;
                return std::nullopt;
            case ActionKind::kQuery:
                return RunQuery(a);
            case ActionKind::kExpectRows:
                return CheckRows(a);
            case ActionKind::kExpectEmpty: {
                Action empty = a;
                empty.columns = last_ ? last_->columns : std::vector<std::string>{};
                return CheckRows(empty);
            }
            case ActionKind::kExpectError:
                return CheckError(a);
            case ActionKind::kSideEffects:
                return CheckSideEffects(a);
            case ActionKind::kProcedure: {
                Status st = RegisterProcedure(a.procedure);
                if (!st.ok()) return FailWithStatus("cannot register the procedure", st);
                return std::nullopt;
            }
        }
        return std::nullopt;
    }

    const std::string& note() const { return note_; }

  private:
    std::optional<Outcome> RunQuery(const Action& a) {
        if (observe_) {
            Result<GraphSnapshot> before = Snapshot(db_);
            if (!before.ok()) return FailWithStatus("cannot observe the graph", before.status());
            before_ = std::move(*before);
        }
        last_ = Execute(db_, a.text, params_);
        return std::nullopt;
    }

    std::optional<Outcome> CheckRows(const Action& a) {
        if (!last_) return Fail("no query ran", "a result check without a query");
        if (!last_->status.ok()) return FailWithStatus("unexpected error", last_->status);
        if (last_->columns != a.columns) {
            std::string got, want;
            for (const auto& c : last_->columns) got += " " + c;
            for (const auto& c : a.columns) want += " " + c;
            return Fail("wrong columns", "columns: expected" + want + ", got" + got);
        }
        std::string why;
        if (!RowsMatch(a.rows, last_->rows, a.ordered, a.compare, &why)) {
            return Fail(a.ordered ? "wrong result (ordered)" : "wrong result", why);
        }
        return std::nullopt;
    }

    std::optional<Outcome> CheckError(const Action& a) {
        if (!last_) return Fail("no query ran", "an error check without a query");
        std::string why, note;
        if (!ErrorMatches(a, last_->status, &why, &note)) {
            std::string want = a.error_type;
            if (!a.error_detail.empty()) want += " " + a.error_detail;
            std::string cause = last_->status.ok()
                                    ? "expected " + want + " not raised"
                                    : "expected " + want + ", got " + ErrorCause(last_->status);
            return Fail(cause, why);
        }
        if (!note.empty()) note_ = note;
        return std::nullopt;
    }

    std::optional<Outcome> CheckSideEffects(const Action& a) {
        if (!last_) return Fail("no query ran", "a side-effect check without a query");
        Result<GraphSnapshot> after = Snapshot(db_);
        if (!after.ok()) return FailWithStatus("cannot observe the graph", after.status());
        std::string diff = CompareSideEffects(a.effects, DiffSnapshots(before_, *after));
        if (!diff.empty()) return Fail("wrong side effects", "side effects: " + diff);
        return std::nullopt;
    }

    Database* db_;
    const RunOptions& options_;
    bool observe_;
    ParamMap params_;
    std::optional<Executed> last_;
    GraphSnapshot before_;
    std::string note_;
};

}  // namespace

Outcome RunScenario(const Scenario& scenario, const RunOptions& options) {
    Result<ScenarioPlan> plan = PlanScenario(scenario);
    if (!plan.ok()) return Fail("unreadable scenario", plan.status().message());
    if (!plan->skip_reason.empty()) {
        Outcome o;
        o.kind = Outcome::Kind::kSkip;
        o.reason = plan->skip_reason;
        o.cause = plan->skip_reason;
        return o;
    }
    bool observe = false;
    for (const Action& a : plan->actions) observe |= a.kind == ActionKind::kSideEffects;

    Result<std::unique_ptr<Database>> db =
        Database::open(options.db_dir + "/tck.nexus", Config::benchmark());
    if (!db.ok()) return FailWithStatus("cannot open the database", db.status());
    ScenarioRun run(db->get(), options, observe);
    for (const Action& a : plan->actions) {
        if (std::optional<Outcome> failed = run.Do(a)) return *failed;
    }
    Outcome ok;
    ok.note = run.note();
    return ok;
}

}  // namespace nexus::tck
