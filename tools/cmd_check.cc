// nexus check: a placeholder until its owner fills it in; replace this file's body.
#include "commands.h"

namespace nexus::tools {

void RegisterCheckCommand(CLI::App* app, int* exit_code) {
    AddNotImplementedCommand(
        app, "check", "Verify the integrity of a database file (not implemented yet)", exit_code);
}

}  // namespace nexus::tools
