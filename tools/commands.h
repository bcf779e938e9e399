// The nexus subcommands. Each lives in its own tools/cmd_<name>.cc and registers itself on
// the CLI11 app from tools/main.cc; its callback stores the process exit code in `*exit_code`.
#pragma once

namespace CLI {
class App;
}

namespace nexus::tools {

void RegisterQueryCommand(CLI::App* app, int* exit_code);
void RegisterShellCommand(CLI::App* app, int* exit_code);
void RegisterStatsCommand(CLI::App* app, int* exit_code);
void RegisterRunCommand(CLI::App* app, int* exit_code);
void RegisterVersionCommand(CLI::App* app, int* exit_code);
void RegisterImportCommand(CLI::App* app, int* exit_code);
void RegisterCheckCommand(CLI::App* app, int* exit_code);
void RegisterBackupCommand(CLI::App* app, int* exit_code);
void RegisterServeCommand(CLI::App* app, int* exit_code);

// Registers `name` as a subcommand that says "not implemented yet" and exits 2.
void AddNotImplementedCommand(CLI::App* app, const char* name, const char* description,
                              int* exit_code);

// Exit codes shared by the subcommands.
constexpr int kExitOk = 0;
constexpr int kExitError = 1;           // a statement or the database failed
constexpr int kExitUsage = 2;           // bad command line
constexpr int kExitNotImplemented = 2;  // a subcommand that is not there yet

}  // namespace nexus::tools
