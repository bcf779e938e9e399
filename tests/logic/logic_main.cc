// logic_runner FILE...: runs Cypher logic-test files (docs/cypher-tests.md), each on a fresh
// database in a temporary directory. Prints one FAIL line per failing block, one KNOWN line
// per block marked `# known-failure` that fails (and a NOW-PASSES line when one passes), and
// a summary; exits 1 when any unmarked block failed.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "logic_format.h"
#include "nexus/database.h"

namespace fs = std::filesystem;

namespace {

struct Counts {
    int passed = 0, failed = 0, skipped = 0, known = 0, now_passing = 0;
};

// Runs one statement to the end; rows formatted as the test format writes them.
nexus::Status Run(nexus::Database* db, const std::string& query, const nexus::ParamMap& params,
                  std::vector<std::string>* rows, std::string* plan,
                  std::vector<nexus::Value>* first_row) {
    nexus::Result<nexus::QueryResult> r = db->execute(query, params);
    if (!r.ok()) return r.status();
    while (r->next()) {
        if (rows->empty()) *first_row = r->row();
        rows->push_back(nexus::logic::FormatRow(r->row()));
    }
    *plan = r->plan();
    return r->status();
}

// A `param` block's query must give exactly one value.
std::string BindParam(const nexus::logic::Block& b, const nexus::Status& st, size_t num_rows,
                      const std::vector<nexus::Value>& first_row, nexus::ParamMap* params) {
    if (!st.ok()) return "param query failed: " + st.ToString();
    if (num_rows != 1 || first_row.size() != 1) {
        return "a param query must return one row with one column, got " +
               std::to_string(num_rows) + " row(s)";
    }
    (*params)[b.param_name] = first_row[0];
    return {};
}

// A block marked `# known-failure`: its failure is expected (Neo4j answers as the block
// says, Nexus does not yet); a pass means the marker can go.
void Report(const std::string& path, const nexus::logic::Block& b, const std::string& why,
            Counts* counts) {
    if (why.empty()) {
        std::cout << "NOW-PASSES " << path << ":" << b.line
                  << ": marked known-failure but passes; remove the marker ("
                  << b.known_failure_reason << ")\n";
        ++counts->now_passing;
        ++counts->passed;
        return;
    }
    std::cout << "KNOWN " << path << ":" << b.line << ": known failure (" << b.known_failure_reason
              << "): " << why << "\n";
    ++counts->known;
}

void RunFile(const std::string& path, bool verbose, Counts* counts) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto fail = [&](int line, const std::string& why) {
        std::cout << "FAIL " << path << ":" << line << ": " << why << "\n";
        ++counts->failed;
    };
    if (!in) return fail(0, "cannot read the file");
    nexus::Result<nexus::logic::TestFile> file = nexus::logic::ParseTestFile(text.str(), path);
    if (!file.ok()) return fail(0, file.status().message());
    if (file->skip) {
        std::cout << "SKIP " << path << ": " << file->skip_reason << "\n";
        counts->skipped += static_cast<int>(file->blocks.size());
        return;
    }
    std::string tmpl = (fs::temp_directory_path() / "nexus-logic-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return fail(0, "mkdtemp failed");
    std::string db_path = tmpl + "/logic.nexus";
    std::unique_ptr<nexus::Database> db;
    nexus::Status open_status;
    auto reopen = [&]() {
        db.reset();  // closes (and checkpoints) the previous instance first
        nexus::Result<std::unique_ptr<nexus::Database>> r =
            nexus::Database::open(db_path, nexus::Config::benchmark());
        open_status = r.status();
        if (r.ok()) db = std::move(*r);
    };
    reopen();
    nexus::ParamMap params;  // set by `param` blocks, kept across restarts
    for (const nexus::logic::Block& b : file->blocks) {
        if (b.skip) {
            ++counts->skipped;
            if (verbose)
                std::cout << "SKIP " << path << ":" << b.line << ": " << b.skip_reason << "\n";
            continue;
        }
        if (b.kind == nexus::logic::BlockKind::kRestart) {
            reopen();
            if (open_status.ok()) {
                ++counts->passed;
            } else {
                fail(b.line, "reopening failed: " + open_status.ToString());
            }
            continue;
        }
        if (!db) {
            fail(b.line, "no database: " + open_status.ToString());
            continue;
        }
        std::string why;
        std::vector<std::string> rows;
        std::string plan;
        std::vector<nexus::Value> first_row;
        nexus::Status st = Run(db.get(), b.query, params, &rows, &plan, &first_row);
        switch (b.kind) {
            case nexus::logic::BlockKind::kParam:
                why = BindParam(b, st, rows.size(), first_row, &params);
                break;
            case nexus::logic::BlockKind::kStatementOk:
                if (!st.ok()) why = "statement failed: " + st.ToString();
                break;
            case nexus::logic::BlockKind::kStatementError:
                why = nexus::logic::CompareError(b, st);
                break;
            case nexus::logic::BlockKind::kQuery:
                why =
                    st.ok() ? nexus::logic::CompareRows(b, rows) : "query failed: " + st.ToString();
                break;
            case nexus::logic::BlockKind::kPlan:
                why =
                    st.ok() ? nexus::logic::ComparePlan(b, plan) : "query failed: " + st.ToString();
                break;
            case nexus::logic::BlockKind::kRestart:
                break;
        }
        if (b.known_failure) {
            Report(path, b, why, counts);
        } else if (why.empty()) {
            ++counts->passed;
        } else {
            fail(b.line, why);
        }
    }
    db.reset();
    std::error_code ec;
    fs::remove_all(tmpl, ec);
}

}  // namespace

int main(int argc, char** argv) {
    bool verbose = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--verbose" || a == "-v") {
            verbose = true;
        } else if (!a.empty() && a[0] == '-') {
            std::cerr << "usage: logic_runner [--verbose] FILE.test...\n";
            return 2;
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) {
        std::cerr << "usage: logic_runner [--verbose] FILE.test...\n";
        return 2;
    }
    Counts counts;
    for (const std::string& f : files) RunFile(f, verbose, &counts);
    std::cout << counts.passed << " passed, " << counts.failed << " failed, " << counts.skipped
              << " skipped, " << counts.known << " known failures";
    if (counts.now_passing > 0) std::cout << " (" << counts.now_passing << " marked ones pass)";
    std::cout << "\n";
    return counts.failed == 0 ? 0 : 1;
}
