// nexus serve: a placeholder until its owner fills it in; replace this file's body.
#include "commands.h"

namespace nexus::tools {

void RegisterServeCommand(CLI::App* app, int* exit_code) {
    AddNotImplementedCommand(
        app, "serve", "Serve a database over Bolt and HTTP (not implemented yet)", exit_code);
}

}  // namespace nexus::tools
