// The Nexus side of the peer benchmark (bench/peers/run.py): opens a database embedded, runs
// each query of a JSON spec through Database::execute with its parameters (warm-up first, so
// the plan cache is warm) and prints one JSON line per query with the timings and the rows.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "nexus/database.h"

namespace {

using Json = nlohmann::json;

nexus::Value ToValue(const Json& j) {
    if (j.is_null()) return nexus::Value();
    if (j.is_boolean()) return nexus::Value(j.get<bool>());
    if (j.is_number_integer()) return nexus::Value(j.get<int64_t>());
    if (j.is_number()) return nexus::Value(j.get<double>());
    if (j.is_string()) return nexus::Value(j.get<std::string>());
    if (j.is_array()) {
        nexus::List list;
        for (const Json& e : j) list.push_back(ToValue(e));
        return nexus::Value(std::move(list));
    }
    nexus::Map map;
    for (auto it = j.begin(); it != j.end(); ++it) map[it.key()] = ToValue(it.value());
    return nexus::Value(std::move(map));
}

// Rows are compared across systems by run.py, so only plain values are emitted as JSON;
// anything richer falls back to its Cypher text.
Json ToJson(const nexus::Value& v) {
    switch (v.kind()) {
        case nexus::ValueKind::kNull:
            return nullptr;
        case nexus::ValueKind::kBool:
            return v.as_bool();
        case nexus::ValueKind::kInt:
            return v.as_int();
        case nexus::ValueKind::kFloat:
            return v.as_float();
        case nexus::ValueKind::kString:
            return v.as_string();
        case nexus::ValueKind::kList: {
            Json out = Json::array();
            for (const nexus::Value& e : v.as_list()) out.push_back(ToJson(e));
            return out;
        }
        default:
            return v.ToString();
    }
}

struct RunOutcome {
    double micros = 0;
    Json rows = Json::array();
    std::string error;
};

RunOutcome RunOnce(nexus::Database& db, const std::string& text, const nexus::ParamMap& params,
                   bool keep_rows) {
    RunOutcome out;
    auto start = std::chrono::steady_clock::now();
    auto result = db.execute(text, params);
    if (!result.ok()) {
        out.error = result.status().ToString();
        return out;
    }
    // Rows are pulled inside the timed region: a streaming result does its work in next().
    std::vector<std::vector<nexus::Value>> rows;
    while (result->next()) rows.push_back(result->row());
    auto end = std::chrono::steady_clock::now();
    if (!result->status().ok()) out.error = result->status().ToString();
    out.micros = std::chrono::duration<double, std::micro>(end - start).count();
    if (keep_rows) {
        for (const auto& row : rows) {
            Json r = Json::array();
            for (const nexus::Value& v : row) r.push_back(ToJson(v));
            out.rows.push_back(std::move(r));
        }
    }
    return out;
}

// Write queries marked "seq" get fresh parameters per execution: i (unique), a and b (two
// distinct ids among the first 20 created).
void SetSeqParams(nexus::ParamMap* params, int64_t counter) {
    (*params)["i"] = nexus::Value(counter);
    (*params)["a"] = nexus::Value(counter % 20);
    (*params)["b"] = nexus::Value((counter + 1) % 20);
}

// `threads` writers share the Database, each running `ops` statements with its own seq
// parameters; returns the wall time per statement (what group commit improves), or an error.
RunOutcome RunConcurrent(nexus::Database& db, const std::string& text, int threads, int ops,
                         std::atomic<int64_t>* counter) {
    RunOutcome out;
    std::vector<std::string> errors(threads);
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            nexus::ParamMap params;
            for (int k = 0; k < ops && errors[t].empty(); ++k) {
                SetSeqParams(&params, counter->fetch_add(1));
                RunOutcome r = RunOnce(db, text, params, false);
                errors[t] = r.error;
            }
        });
    }
    for (std::thread& w : workers) w.join();
    auto end = std::chrono::steady_clock::now();
    for (const std::string& e : errors) {
        if (!e.empty()) out.error = e;
    }
    out.micros = std::chrono::duration<double, std::micro>(end - start).count() / (threads * ops);
    return out;
}

int RunSpec(const Json& spec) {
    nexus::Config config = nexus::Config::production();
    if (spec.value("sync", std::string("full")) == "off") config.sync_mode = nexus::SyncMode::kOff;
    auto db = nexus::Database::open(spec.at("db").get<std::string>(), config);
    if (!db.ok()) {
        std::cerr << "open failed: " << db.status().ToString() << "\n";
        return 1;
    }
    std::atomic<int64_t> counter = 0;
    for (const Json& q : spec.at("queries")) {
        const std::string text = q.at("text").get<std::string>();
        nexus::ParamMap params;
        if (q.contains("params")) {
            for (auto it = q["params"].begin(); it != q["params"].end(); ++it) {
                params[it.key()] = ToValue(it.value());
            }
        }
        const bool seq = q.value("seq", false);
        const int threads = q.value("threads", 1);
        const int ops = q.value("ops_per_thread", 1);
        const int warmup = q.value("warmup", 3);
        const int reps = q.value("reps", 20);
        Json line = {{"name", q.at("name")}, {"times_us", Json::array()}};
        // Once a slow query would pass its time budget, the next run is its last (timed) one.
        const double budget_us = q.value("budget_s", 1e9) * 1e6;
        double spent_us = 0;
        RunOutcome last;
        for (int i = 0; i < warmup + reps; ++i) {
            if (seq) SetSeqParams(&params, counter++);
            const bool final = i == warmup + reps - 1 || spent_us + last.micros > budget_us;
            last = threads > 1 ? RunConcurrent(**db, text, threads, ops, &counter)
                               : RunOnce(**db, text, params, final);
            if (!last.error.empty()) break;
            spent_us += last.micros;
            if (i >= warmup || final) line["times_us"].push_back(last.micros);
            if (final) break;
        }
        if (!last.error.empty()) line["error"] = last.error;
        line["rows"] = std::move(last.rows);
        std::cout << line.dump() << std::endl;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: nexus_peers_driver SPEC.json\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "cannot read " << argv[1] << "\n";
        return 2;
    }
    Json spec = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (spec.is_discarded() || !spec.contains("db") || !spec.contains("queries")) {
        std::cerr << "bad spec " << argv[1] << "\n";
        return 2;
    }
    return RunSpec(spec);
}
