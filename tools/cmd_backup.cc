// nexus backup DB DEST: a consistent copy of one committed snapshot of DB in DEST (fresh file,
// empty WAL), written beside DEST and renamed into place. When no other process has DB open it
// opens DB and copies a read snapshot (Database::backup); when one has (`nexus serve`, an
// application), it reads the files read-only under the backup lock (storage/backup_reader.h).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "io/env.h"
#include "nexus/database.h"
#include "storage/backup_reader.h"

namespace nexus::tools {
namespace {

struct BackupArgs {
    std::string path;
    std::string dest;
};

// The database is busy: copy its files without its owner's help.
int BackupFromFiles(const BackupArgs& a) {
    Result<storage::BackupResult> r = storage::BackupFromFiles(io::Env::Default(), a.path, a.dest);
    if (!r.ok()) {
        std::cerr << "nexus backup: " << r.status().ToString() << "\n";
        return r.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitError;
    }
    std::cout << "backup of " << a.path
              << " (open in another process; copied its files) written to " << a.dest << ": "
              << r->pages << " pages, " << r->bytes << " bytes, snapshot commit " << r->snapshot_seq
              << " (" << r->wal_pages << " pages from " << r->wal_commits << " WAL commits)\n";
    return kExitOk;
}

int RunBackup(const BackupArgs& a) {
    Config config;
    config.create_if_missing = false;
    Result<std::unique_ptr<Database>> db = Database::open(a.path, config);
    if (!db.ok() && db.status().code() == StatusCode::kBusy) return BackupFromFiles(a);
    if (!db.ok()) {
        std::cerr << "nexus backup: cannot open " << a.path << ": " << db.status().ToString()
                  << "\n";
        return kExitUsage;
    }
    Status st = (*db)->backup(a.dest);
    if (!st.ok()) {
        std::cerr << "nexus backup: " << st.ToString() << "\n";
        return kExitError;
    }
    db->reset();  // closes DB: the copy is complete on disk
    Result<storage::BackupResult> r = storage::DescribeBackupFile(io::Env::Default(), a.dest);
    if (!r.ok()) {
        std::cerr << "nexus backup: " << r.status().ToString() << "\n";
        return kExitError;
    }
    std::cout << "backup of " << a.path << " (opened here) written to " << a.dest << ": "
              << r->pages << " pages, " << r->bytes << " bytes, snapshot commit " << r->snapshot_seq
              << "\n";
    return kExitOk;
}

}  // namespace

void RegisterBackupCommand(CLI::App* app, int* exit_code) {
    auto a = std::make_shared<BackupArgs>();
    CLI::App* sub = app->add_subcommand(
        "backup", "Copy a consistent snapshot of a database to DEST (fresh file, empty WAL)");
    sub->add_option("DB", a->path, "Database path (may be open in another process)")->required();
    sub->add_option("DEST", a->dest, "Destination file (replaced atomically)")->required();
    sub->callback([a, exit_code]() { *exit_code = RunBackup(*a); });
}

}  // namespace nexus::tools
