// The nexus command: one binary with a subcommand per task (query, shell, stats, run, ...).
// Anything a library throws is caught here and reported as an internal error.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
    int exit_code = nexus::tools::kExitOk;
    CLI::App app{"Nexus: an embedded property-graph database that speaks Cypher", "nexus"};
    app.require_subcommand(1);
    app.fallthrough(false);
    nexus::tools::RegisterQueryCommand(&app, &exit_code);
    nexus::tools::RegisterShellCommand(&app, &exit_code);
    nexus::tools::RegisterStatsCommand(&app, &exit_code);
    nexus::tools::RegisterRunCommand(&app, &exit_code);
    nexus::tools::RegisterVersionCommand(&app, &exit_code);
    nexus::tools::RegisterImportCommand(&app, &exit_code);
    nexus::tools::RegisterCheckCommand(&app, &exit_code);
    nexus::tools::RegisterBackupCommand(&app, &exit_code);
    nexus::tools::RegisterServeCommand(&app, &exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : nexus::tools::kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "error: Neo.DatabaseError.General.UnknownError: internal error: " << e.what()
                  << "\n";
        return nexus::tools::kExitError;
    }
    return exit_code;
}
