// nexus version: the release this binary was built from.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.h"

namespace nexus::tools {

void RegisterVersionCommand(CLI::App* app, int* exit_code) {
    CLI::App* sub = app->add_subcommand("version", "Print the Nexus version");
    sub->callback([exit_code]() {
        std::cout << "nexus " << NEXUS_VERSION << "\n";
        *exit_code = kExitOk;
    });
}

}  // namespace nexus::tools
