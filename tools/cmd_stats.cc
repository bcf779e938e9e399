// nexus stats DB: what is in a database and what it costs: files and their sizes, node and
// relationship counts per label and type, the page-cache setting and the WAL.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"
#include "session.h"

namespace nexus::tools {
namespace {

namespace fs = std::filesystem;

std::string HumanBytes(uint64_t n) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(n);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

// The database's files: the directory's contents, or the file and its siblings
// ("x.nexus", "x.nexus-wal", ...).
std::vector<fs::path> DatabaseFiles(const fs::path& path) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        for (const auto& e : fs::recursive_directory_iterator(path, ec)) {
            if (e.is_regular_file()) files.push_back(e.path());
        }
    } else {
        fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
        std::string stem = path.filename().string();
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            std::string name = e.path().filename().string();
            if (e.is_regular_file() && name.compare(0, stem.size(), stem) == 0) {
                files.push_back(e.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Counts per label or type through Cypher; prints why when the engine cannot answer.
void PrintGroupCounts(Session* session, const char* title, const char* query) {
    Result<StatementResult> r = session->Run(query);
    std::cout << title << ":";
    if (!r.ok()) {
        std::cout << " (unavailable: " << r.status().ToString() << ")\n";
        return;
    }
    if (r->table.rows.empty()) std::cout << " (none)";
    std::cout << "\n";
    for (const auto& row : r->table.rows) {
        if (row.size() < 2) continue;
        std::string name = row[0].is_string() ? row[0].as_string() : row[0].ToString();
        std::cout << "  " << name << "  " << row[1].ToString() << "\n";
    }
}

int RunStats(const OpenOptions& o) {
    std::error_code ec;
    if (!fs::exists(o.path, ec)) {
        std::cerr << "nexus stats: no database at " << o.path << "\n";
        return kExitError;
    }
    Result<std::unique_ptr<Database>> db = OpenDatabase(o);
    if (!db.ok()) {
        std::cerr << FormatError(db.status()) << "\n";
        return kExitError;
    }
    std::cout << "database: " << o.path << "\nfiles:\n";
    uint64_t total = 0;
    for (const fs::path& f : DatabaseFiles(o.path)) {
        uint64_t size = fs::file_size(f, ec);
        if (ec) size = 0;
        total += size;
        std::cout << "  " << f.string() << "  " << HumanBytes(size) << "\n";
    }
    std::cout << "  total  " << HumanBytes(total) << "\n";

    Result<std::unique_ptr<Transaction>> tx = (*db)->begin(AccessMode::kRead);
    if (tx.ok()) {
        Result<int64_t> nodes = (*tx)->count_nodes();
        Result<int64_t> rels = (*tx)->count_relationships();
        std::cout << "nodes: " << (nodes.ok() ? std::to_string(*nodes) : nodes.status().ToString())
                  << "\nrelationships: "
                  << (rels.ok() ? std::to_string(*rels) : rels.status().ToString()) << "\n";
        (*tx)->rollback().IgnoreError();
    } else {
        std::cout << "counts unavailable: " << tx.status().ToString() << "\n";
    }
    Session session(db->get());
    PrintGroupCounts(&session, "nodes per label",
                     "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count "
                     "ORDER BY label");
    PrintGroupCounts(&session, "relationships per type",
                     "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type");

    DatabaseStats s = (*db)->stats();
    const Config& c = (*db)->config();
    const char* sync = c.sync_mode == SyncMode::kFull     ? "full"
                       : c.sync_mode == SyncMode::kNormal ? "normal"
                                                          : "off";
    std::cout << "page cache: " << HumanBytes(c.page_cache_bytes) << " (hits " << s.page_cache_hits
              << ", misses " << s.page_cache_misses << ", evictions " << s.page_cache_evictions
              << ")\n"
              << "main file pages: " << s.file_pages << "\n"
              << "wal: " << HumanBytes(s.wal_size_bytes) << " (checkpoint past "
              << HumanBytes(c.wal_checkpoint_bytes) << ", sync " << sync << ")\n";
    return kExitOk;
}

}  // namespace

void RegisterStatsCommand(CLI::App* app, int* exit_code) {
    auto o = std::make_shared<OpenOptions>();
    CLI::App* sub = app->add_subcommand(
        "stats", "Show a database's files, counts per label and type, page cache and WAL");
    sub->add_option("DB", o->path, "Database path (must exist)")->required();
    o->AddFlags(sub);
    sub->callback([o, exit_code]() { *exit_code = RunStats(*o); });
}

}  // namespace nexus::tools
