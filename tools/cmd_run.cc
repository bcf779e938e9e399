// nexus run DB: what `make run` starts. Opens (or creates) the database, loads the demo
// movies graph when the database is new, says how to query it, then starts the shell.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"
#include "demo_graph.h"
#include "shell.h"

namespace nexus::tools {

namespace {

struct RunOptions {
    OpenOptions open;
    bool no_demo = false;
    bool no_shell = false;
};

int RunRun(const RunOptions& o) {
    namespace fs = std::filesystem;
    std::error_code ec;
    bool is_new = !fs::exists(o.open.path, ec);
    fs::path parent = fs::path(o.open.path).parent_path();
    if (is_new && !parent.empty()) fs::create_directories(parent, ec);
    Result<std::unique_ptr<Database>> db = OpenDatabase(o.open);
    if (!db.ok()) {
        std::cerr << FormatError(db.status()) << "\n";
        return kExitError;
    }
    Session session(db->get());
    std::cout << "Nexus " << NEXUS_VERSION << " on " << o.open.path
              << (is_new ? " (new database)" : "") << "\n";
    if (is_new && !o.no_demo) {
        Result<StatementResult> r = session.Run(DemoGraphCypher());
        if (r.ok()) {
            std::cout << DemoGraphHints();
        } else {
            std::cerr << "could not load the demo graph: " << FormatError(r.status()) << "\n";
        }
    }
    std::cout << "Query it here, or from another terminal with:\n  nexus query " << o.open.path
              << " \"MATCH (n) RETURN count(n)\"\n";
    if (o.no_shell) return kExitOk;
    ShellOptions options;
    options.history_file = DefaultHistoryFile();
    Shell shell(&session, options, std::cout, std::cerr);
    return shell.Run(std::cin);
}

}  // namespace

void RegisterRunCommand(CLI::App* app, int* exit_code) {
    auto o = std::make_shared<RunOptions>();
    CLI::App* sub = app->add_subcommand(
        "run", "Open or create a database (with a demo graph when new) and start the shell");
    sub->add_option("DB", o->open.path, "Database path")->required();
    sub->add_flag("--no-demo", o->no_demo, "Do not load the demo graph into a new database");
    sub->add_flag("--no-shell", o->no_shell, "Exit after opening instead of starting the shell");
    o->open.AddFlags(sub);
    sub->callback([o, exit_code]() { *exit_code = RunRun(*o); });
}

}  // namespace nexus::tools
