// nexus import: a placeholder until its owner fills it in; replace this file's body.
#include "commands.h"

namespace nexus::tools {

void RegisterImportCommand(CLI::App* app, int* exit_code) {
    AddNotImplementedCommand(
        app, "import", "Bulk-load nodes and relationships from CSV files (not implemented yet)",
        exit_code);
}

}  // namespace nexus::tools
