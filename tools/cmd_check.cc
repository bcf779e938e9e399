// nexus check DB [--verbose] [--max-errors N]: runs the consistency checker (src/check,
// docs/check.md) on a database no other process has open for writing and prints its report.
// Exit 0 when clean, 1 when problems were found, 2 when the database cannot be opened.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "../src/check/check.h"  // the checker's API needs only the public headers
#include "commands.h"

namespace nexus::tools {
namespace {

struct CheckArgs {
    std::string path;
    bool verbose = false;
    uint64_t max_errors = 0;
};

int RunCheck(const CheckArgs& a) {
    check::CheckOptions options;
    options.max_errors = a.max_errors;
    if (a.verbose) options.max_examples = 50;
    Result<check::Report> report = check::CheckDatabase(a.path, options);
    if (!report.ok()) {
        std::cerr << "nexus check: cannot open " << a.path << ": " << report.status().ToString()
                  << "\n";
        return 2;
    }
    std::cout << report->ToString(a.verbose);
    return report->clean() ? kExitOk : 1;
}

}  // namespace

void RegisterCheckCommand(CLI::App* app, int* exit_code) {
    auto a = std::make_shared<CheckArgs>();
    CLI::App* sub = app->add_subcommand(
        "check", "Verify a database: checksums, free list, records, adjacency, counts, indexes");
    sub->add_option("DB", a->path, "Database path (not open for writing elsewhere)")->required();
    sub->add_flag("-v,--verbose", a->verbose, "List every kind of check and more examples");
    sub->add_option("--max-errors", a->max_errors, "Stop after N problems (0: no limit)");
    sub->callback([a, exit_code]() { *exit_code = RunCheck(*a); });
}

}  // namespace nexus::tools
