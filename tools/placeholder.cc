// A subcommand that exists (so `nexus --help` lists it) but is not written yet: exit 2.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.h"

namespace nexus::tools {

void AddNotImplementedCommand(CLI::App* app, const char* name, const char* description,
                              int* exit_code) {
    CLI::App* sub = app->add_subcommand(name, description);
    sub->allow_extras();
    sub->callback([name, exit_code]() {
        std::cerr << "nexus " << name << ": not implemented yet\n";
        *exit_code = kExitNotImplemented;
    });
}

}  // namespace nexus::tools
