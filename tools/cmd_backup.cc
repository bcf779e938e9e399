// nexus backup: a placeholder until its owner fills it in; replace this file's body.
#include "commands.h"

namespace nexus::tools {

void RegisterBackupCommand(CLI::App* app, int* exit_code) {
    AddNotImplementedCommand(
        app, "backup", "Copy a consistent snapshot of a database (not implemented yet)", exit_code);
}

}  // namespace nexus::tools
