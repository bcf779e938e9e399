// nexus backup DB DEST: a consistent copy of one snapshot of DB in DEST (fresh file, empty
// WAL), written beside DEST and renamed into place. Works on a database no other process has
// open; a server that has it open takes backups through Database::backup instead.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "nexus/database.h"

namespace nexus::tools {
namespace {

struct BackupArgs {
    std::string path;
    std::string dest;
};

int RunBackup(const BackupArgs& a) {
    Config config;
    config.create_if_missing = false;
    Result<std::unique_ptr<Database>> db = Database::open(a.path, config);
    if (!db.ok()) {
        std::cerr << "nexus backup: cannot open " << a.path << ": " << db.status().ToString();
        if (db.status().code() == StatusCode::kBusy) {
            std::cerr << " (another process has it open; back it up from that process)";
        }
        std::cerr << "\n";
        return kExitUsage;
    }
    Status st = (*db)->backup(a.dest);
    if (!st.ok()) {
        std::cerr << "nexus backup: " << st.ToString() << "\n";
        return kExitError;
    }
    std::cout << "backup of " << a.path << " written to " << a.dest << "\n";
    return kExitOk;
}

}  // namespace

void RegisterBackupCommand(CLI::App* app, int* exit_code) {
    auto a = std::make_shared<BackupArgs>();
    CLI::App* sub = app->add_subcommand(
        "backup", "Copy a consistent snapshot of a database to DEST (fresh file, empty WAL)");
    sub->add_option("DB", a->path, "Database path (not open in another process)")->required();
    sub->add_option("DEST", a->dest, "Destination file (replaced atomically)")->required();
    sub->callback([a, exit_code]() { *exit_code = RunBackup(*a); });
}

}  // namespace nexus::tools
