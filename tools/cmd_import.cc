// nexus import DB --nodes[=Label1:Label2]=FILE[,FILE...] ... --relationships[=TYPE]=FILE[,...]
// Bulk-loads neo4j-admin style CSV into a new database (src/import, docs/import.md): options,
// a progress line (a live one on a terminal, plain periodic lines otherwise) and the summary.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.h"
#include "import/importer.h"

namespace nexus::tools {
namespace {

struct ImportArgs {
    import::ImportOptions options;
    std::vector<std::string> nodes;
    std::vector<std::string> relationships;
    std::string delimiter = ",";
    std::string array_delimiter = ";";
    std::string quote = "\"";
    std::string id_type = "string";
    std::string max_memory;
};

// "," "\t" "TAB" "|" -> the character; false when it is not one character.
bool ParseChar(const std::string& s, char* out) {
    if (s == "\\t" || s == "TAB" || s == "\t") {
        *out = '\t';
        return true;
    }
    if (s.size() != 1) return false;
    *out = s[0];
    return true;
}

// "4G", "512M", "1024K", "100000" (bytes) or "50%" of physical memory.
bool ParseMemory(const std::string& s, uint64_t* out) {
    if (s.empty()) return false;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    std::string unit(end);
    if (v <= 0) return false;
    double mul = 1;
    if (unit == "%") {
        double phys = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGE_SIZE);
        *out = static_cast<uint64_t>(phys * v / 100);
        return true;
    }
    if (unit == "k" || unit == "K" || unit == "KiB")
        mul = 1024.0;
    else if (unit == "m" || unit == "M" || unit == "MiB")
        mul = 1024.0 * 1024;
    else if (unit == "g" || unit == "G" || unit == "GiB")
        mul = 1024.0 * 1024 * 1024;
    else if (!unit.empty())
        return false;
    *out = static_cast<uint64_t>(v * mul);
    return true;
}

std::string Human(double n) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (n >= 1024 && u < 4) {
        n /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", n, units[u]);
    return buf;
}

class ProgressPrinter {
  public:
    ProgressPrinter() : tty_(isatty(STDERR_FILENO) != 0) {}
    void Update(const import::ProgressInfo& p) {
        double rate = p.seconds > 0 ? static_cast<double>(p.rows) / p.seconds : 0;
        double frac = p.bytes_total > 0 ? static_cast<double>(p.bytes_done) / p.bytes_total : 0;
        if (frac > 1) frac = 1;
        if (p.phase != phase_) {
            phase_ = p.phase;
            phase_start_ = p.seconds;
            if (tty_ && dirty_) std::fprintf(stderr, "\n");
            dirty_ = false;
        }
        double in_phase = p.seconds - phase_start_;
        rate = in_phase > 0 ? static_cast<double>(p.rows) / in_phase : rate;
        double eta = frac > 0.01 ? in_phase * (1 - frac) / frac : -1;
        char line[200];
        std::snprintf(line, sizeof line, "[%s] %llu rows, %.0f rows/s, %3.0f%%, ETA %s",
                      import::PhaseName(p.phase), static_cast<unsigned long long>(p.rows), rate,
                      frac * 100,
                      eta < 0 ? "?" : (std::to_string(static_cast<int>(eta)) + "s").c_str());
        if (tty_) {
            std::fprintf(stderr, "\r%-78s", line);
            dirty_ = true;
        } else if (p.seconds - last_plain_ >= 5 || p.phase == import::Phase::kFinish) {
            last_plain_ = p.seconds;
            std::fprintf(stderr, "%s\n", line);
        }
        std::fflush(stderr);
    }
    void Done() {
        if (tty_ && dirty_) std::fprintf(stderr, "\n");
        dirty_ = false;
    }
    void BadRow(const std::string& msg) {
        Done();
        if (++bad_ <= 100) std::fprintf(stderr, "bad row: %s\n", msg.c_str());
        if (bad_ == 101) std::fprintf(stderr, "(further bad rows not shown)\n");
    }

  private:
    bool tty_;
    bool dirty_ = false;
    uint64_t bad_ = 0;
    import::Phase phase_ = import::Phase::kNodes;
    double phase_start_ = 0;
    double last_plain_ = -10;
};

int RunImportCommand(ImportArgs* a) {
    import::ImportOptions& o = a->options;
    if (!ParseChar(a->delimiter, &o.dialect.delimiter) ||
        !ParseChar(a->array_delimiter, &o.dialect.array_delimiter) ||
        !ParseChar(a->quote, &o.dialect.quote)) {
        std::cerr
            << "nexus import: --delimiter, --array-delimiter and --quote take one character\n";
        return kExitUsage;
    }
    if (a->id_type == "string") {
        o.id_type = import::IdType::kString;
    } else if (a->id_type == "integer" || a->id_type == "actual") {
        o.id_type = import::IdType::kInteger;
    } else {
        std::cerr << "nexus import: --id-type is string or integer\n";
        return kExitUsage;
    }
    if (!a->max_memory.empty() && !ParseMemory(a->max_memory, &o.max_memory)) {
        std::cerr << "nexus import: bad --max-memory '" << a->max_memory << "'\n";
        return kExitUsage;
    }
    for (const auto* args : {&a->nodes, &a->relationships}) {
        for (const std::string& arg : *args) {
            Result<import::InputGroup> g = import::ParseInputGroup(arg);
            if (!g.ok()) {
                std::cerr << "nexus import: " << g.status().message() << "\n";
                return kExitUsage;
            }
            (args == &a->nodes ? o.nodes : o.relationships).push_back(std::move(*g));
        }
    }
    auto printer = std::make_shared<ProgressPrinter>();
    o.on_progress = [printer](const import::ProgressInfo& p) { printer->Update(p); };
    o.on_bad_row = [printer](const std::string& m) { printer->BadRow(m); };
    Result<import::ImportSummary> r = import::RunImport(o);
    printer->Done();
    if (!r.ok()) {
        std::cerr << "nexus import: " << r.status().message() << "\n"
                  << "nothing was written to " << o.db_path << "\n";
        return kExitError;
    }
    const import::ImportSummary& s = *r;
    double secs = s.seconds > 0 ? s.seconds : 1e-9;
    std::printf(
        "IMPORT DONE in %.2f s: %llu nodes, %llu relationships, %llu properties, %llu bad rows "
        "skipped; %.0f relationships/s; %s on disk (%s)\n",
        s.seconds, static_cast<unsigned long long>(s.nodes),
        static_cast<unsigned long long>(s.relationships),
        static_cast<unsigned long long>(s.properties), static_cast<unsigned long long>(s.bad_rows),
        static_cast<double>(s.relationships) / secs,
        Human(static_cast<double>(s.bytes_on_disk)).c_str(), o.db_path.c_str());
    if (s.external_ids) {
        // Said so the user knows why a small --max-memory import took longer.
        std::printf("ids did not fit --max-memory: resolved on disk through %llu sorted runs\n",
                    static_cast<unsigned long long>(s.id_spill_runs));
    }
    return kExitOk;
}

}  // namespace

void RegisterImportCommand(CLI::App* app, int* exit_code) {
    auto a = std::make_shared<ImportArgs>();
    CLI::App* sub = app->add_subcommand(
        "import",
        "Bulk-load nodes and relationships from neo4j-admin style CSV into a new database");
    sub->add_option("DB", a->options.db_path, "Database to create")->required();
    sub->add_option("--nodes", a->nodes,
                    "[Label1:Label2=]FILE[,FILE...] (header in the first file)")
        ->allow_extra_args(false);
    sub->add_option("--relationships", a->relationships, "[TYPE=]FILE[,FILE...]")
        ->allow_extra_args(false);
    sub->add_option("--delimiter", a->delimiter, "Field delimiter (one character, \\t or TAB)")
        ->capture_default_str();
    sub->add_option("--array-delimiter", a->array_delimiter, "Array element delimiter")
        ->capture_default_str();
    sub->add_option("--quote", a->quote, "Quote character")->capture_default_str();
    sub->add_flag("--multiline-fields", a->options.dialect.multiline_fields,
                  "Quoted fields may span lines");
    sub->add_option("--id-type", a->id_type, "string or integer")->capture_default_str();
    sub->add_flag("--overwrite", a->options.overwrite, "Replace an existing database");
    sub->add_flag("--skip-bad-rows", a->options.skip_bad_rows,
                  "Report and skip bad rows instead of stopping");
    sub->add_option("--bad-tolerance", a->options.bad_tolerance,
                    "Bad rows skipped before the import stops")
        ->capture_default_str();
    sub->add_option("--max-memory", a->max_memory,
                    "Memory bound: bytes, 512M, 4G or a percentage of RAM (default 25%)");
    sub->callback([a, exit_code]() { *exit_code = RunImportCommand(a.get()); });
}

}  // namespace nexus::tools
