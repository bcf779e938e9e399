// nexus shell DB: the interactive shell on one database (see shell.h).
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "commands.h"
#include "shell.h"

namespace nexus::tools {

namespace {

struct ShellCommandOptions {
    OpenOptions open;
    std::string format = "table";
    std::string history = DefaultHistoryFile();
};

int RunShell(const ShellCommandOptions& o) {
    Result<OutputFormat> format = ParseOutputFormat(o.format);
    if (!format.ok()) {
        std::cerr << "nexus shell: " << format.status().message() << "\n";
        return kExitUsage;
    }
    Result<std::unique_ptr<Database>> db = OpenDatabase(o.open);
    if (!db.ok()) {
        std::cerr << FormatError(db.status()) << "\n";
        return kExitError;
    }
    Session session(db->get());
    ShellOptions options;
    options.format = *format;
    options.history_file = o.history;
    Shell shell(&session, options, std::cout, std::cerr);
    return shell.Run(std::cin);
}

}  // namespace

void RegisterShellCommand(CLI::App* app, int* exit_code) {
    auto o = std::make_shared<ShellCommandOptions>();
    CLI::App* sub = app->add_subcommand(
        "shell", "Interactive Cypher shell (also reads statements piped to stdin)");
    sub->add_option("DB", o->open.path, "Database path (created if missing)")->required();
    sub->add_option("--format", o->format, "Output format: table, csv, json or jsonl")
        ->capture_default_str();
    sub->add_option("--history", o->history, "History file ('' for none)")->capture_default_str();
    o->open.AddFlags(sub);
    sub->callback([o, exit_code]() { *exit_code = RunShell(*o); });
}

}  // namespace nexus::tools
