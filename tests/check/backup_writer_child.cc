// A writer process for backup_cli_test: commits "Step {seq: k}" with a SELF loop, one
// transaction per k = 0, 1, ..., to DB until SIGTERM, with a small auto-checkpoint threshold so
// checkpoints keep restarting the WAL. Creates "DB.ready" after 20 commits; on exit prints the
// number of commits and returns 0 (1 when a commit failed).
#include <csignal>
#include <cstdio>
#include <fstream>
#include <string>

#include "nexus/database.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;

void OnTerm(int) {
    g_stop = 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: backup_writer_child DB\n");
        return 2;
    }
    std::signal(SIGTERM, OnTerm);
    const std::string path = argv[1];
    nexus::Config config;
    // FULL, as a server would run: an unthrottled writer in OFF or NORMAL mode appends
    // hundreds of MB a second while a backup defers its checkpoints.
    config.sync_mode = nexus::SyncMode::kFull;
    config.wal_checkpoint_bytes = 256 << 10;
    auto db = nexus::Database::open(path, config);
    if (!db.ok()) {
        std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
        return 1;
    }
    int64_t k = 0;
    for (; g_stop == 0; ++k) {
        auto tx = (*db)->begin();
        if (!tx.ok()) break;
        auto a = (*tx)->create_node({"Step"}, {{"seq", nexus::Value(k)}});
        if (!a.ok() || !(*tx)->create_relationship(*a, *a, "SELF").ok()) break;
        nexus::Status st = (*tx)->commit();
        if (!st.ok()) {
            std::fprintf(stderr, "commit %lld: %s\n", static_cast<long long>(k),
                         st.ToString().c_str());
            break;
        }
        if (k + 1 == 20) std::ofstream(path + ".ready") << "ready\n";
    }
    db->reset();
    std::printf("%lld\n", static_cast<long long>(k));
    return g_stop != 0 ? 0 : 1;
}
