// The SQLite side of the peer benchmark (bench/peers/run.py): runs each query of a JSON spec
// as a prepared statement (prepared once, reset and rebound per run, named :parameters) and
// prints one JSON line per query with the timings and the rows, like nexus_driver.cc.
// Setup statements in the spec ("setup": [...]) run once before the queries, untimed.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using Json = nlohmann::json;

void Bind(sqlite3_stmt* stmt, const std::string& name, const Json& v) {
    int index = sqlite3_bind_parameter_index(stmt, (":" + name).c_str());
    if (index == 0) return;  // a parameter this formulation does not use
    if (v.is_number_integer()) {
        sqlite3_bind_int64(stmt, index, v.get<int64_t>());
    } else if (v.is_number()) {
        sqlite3_bind_double(stmt, index, v.get<double>());
    } else if (v.is_string()) {
        sqlite3_bind_text(stmt, index, v.get<std::string>().c_str(), -1, SQLITE_TRANSIENT);
    } else if (v.is_boolean()) {
        sqlite3_bind_int(stmt, index, v.get<bool>() ? 1 : 0);
    } else {
        sqlite3_bind_null(stmt, index);
    }
}

Json Column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER:
            return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
        case SQLITE_FLOAT:
            return sqlite3_column_double(stmt, i);
        case SQLITE_NULL:
            return nullptr;
        default:
            return reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
    }
}

// One execution; rows are kept only when asked (the last timed run).
std::string RunOnce(sqlite3* db, sqlite3_stmt* stmt, Json* rows) {
    int rc;
    int columns = sqlite3_column_count(stmt);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (rows == nullptr) continue;
        Json row = Json::array();
        for (int i = 0; i < columns; ++i) row.push_back(Column(stmt, i));
        rows->push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? std::string() : std::string(sqlite3_errmsg(db));
}

// `threads` writers, each on its own connection (SQLite's concurrency model), each running
// `ops` statements; returns the wall time per statement or an error.
std::string RunConcurrent(const std::string& path, const std::string& text, int threads, int ops,
                          int64_t* counter, double* micros_per_op) {
    std::atomic<int64_t> next = *counter;
    std::vector<std::string> errors(threads);
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            sqlite3* db = nullptr;
            sqlite3_stmt* stmt = nullptr;
            if (sqlite3_open(path.c_str(), &db) != SQLITE_OK ||
                sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr) !=
                    SQLITE_OK ||
                sqlite3_busy_timeout(db, 60000) != SQLITE_OK ||
                sqlite3_prepare_v2(db, text.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
                errors[t] = sqlite3_errmsg(db);
            }
            for (int k = 0; k < ops && errors[t].empty(); ++k) {
                int64_t c = next.fetch_add(1);
                Bind(stmt, "i", c);
                Bind(stmt, "a", c % 20);
                Bind(stmt, "b", (c + 1) % 20);
                errors[t] = RunOnce(db, stmt, nullptr);
            }
            sqlite3_finalize(stmt);
            sqlite3_close(db);
        });
    }
    for (std::thread& w : workers) w.join();
    auto end = std::chrono::steady_clock::now();
    *counter = next.load();
    *micros_per_op =
        std::chrono::duration<double, std::micro>(end - start).count() / (threads * ops);
    for (const std::string& e : errors) {
        if (!e.empty()) return e;
    }
    return std::string();
}

Json RunQuery(sqlite3* db, const std::string& path, const Json& q, int64_t* counter) {
    Json line = {{"name", q.at("name")}, {"times_us", Json::array()}, {"rows", Json::array()}};
    sqlite3_stmt* stmt = nullptr;
    const std::string text = q.at("text").get<std::string>();
    if (sqlite3_prepare_v2(db, text.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        line["error"] = sqlite3_errmsg(db);
        return line;
    }
    const Json params = q.value("params", Json::object());
    const bool seq = q.value("seq", false);
    const int threads = q.value("threads", 1);
    const int ops = q.value("ops_per_thread", 1);
    const int warmup = q.value("warmup", 3);
    const int reps = q.value("reps", 20);
    // Once a slow query would pass its time budget, the next run is its last (timed) one.
    const double budget_us = q.value("budget_s", 1e9) * 1e6;
    double spent_us = 0, last_us = 0;
    for (int i = 0; i < warmup + reps; ++i) {
        const bool final = i == warmup + reps - 1 || spent_us + last_us > budget_us;
        if (threads > 1) {
            std::string error = RunConcurrent(path, text, threads, ops, counter, &last_us);
            if (!error.empty()) {
                line["error"] = error;
                break;
            }
            spent_us += last_us;
            if (i >= warmup || final) line["times_us"].push_back(last_us);
            if (final) break;
            continue;
        }
        auto start = std::chrono::steady_clock::now();
        // Binding is part of the measured work, as it is for the other systems.
        for (auto it = params.begin(); it != params.end(); ++it) Bind(stmt, it.key(), it.value());
        if (seq) {
            int64_t c = (*counter)++;
            Bind(stmt, "i", c);
            Bind(stmt, "a", c % 20);
            Bind(stmt, "b", (c + 1) % 20);
        }
        Json rows = Json::array();
        std::string error = RunOnce(db, stmt, final ? &rows : nullptr);
        auto end = std::chrono::steady_clock::now();
        if (!error.empty()) {
            line["error"] = error;
            break;
        }
        last_us = std::chrono::duration<double, std::micro>(end - start).count();
        spent_us += last_us;
        if (i >= warmup || final) line["times_us"].push_back(last_us);
        if (final) {
            line["rows"] = std::move(rows);
            break;
        }
    }
    sqlite3_finalize(stmt);
    return line;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: sqlite_peers_driver SPEC.json\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    Json spec = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (spec.is_discarded() || !spec.contains("db") || !spec.contains("queries")) {
        std::cerr << "bad spec " << argv[1] << "\n";
        return 2;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(spec["db"].get<std::string>().c_str(), &db) != SQLITE_OK) {
        std::cerr << "open failed: " << sqlite3_errmsg(db) << "\n";
        return 1;
    }
    for (const Json& s : spec.value("setup", Json::array())) {
        char* err = nullptr;
        if (sqlite3_exec(db, s.get<std::string>().c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            std::cerr << "setup failed: " << (err ? err : "?") << "\n";
            sqlite3_free(err);
            return 1;
        }
    }
    int64_t counter = 0;
    for (const Json& q : spec["queries"])
        std::cout << RunQuery(db, spec["db"].get<std::string>(), q, &counter).dump() << std::endl;
    sqlite3_close(db);
    return 0;
}
