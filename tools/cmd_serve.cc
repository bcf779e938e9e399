// nexus serve DB [--bolt host:port] [--http host:port] [--workers N]
//   [--initial-password P | --no-auth]: serves the database over Bolt and HTTP until SIGTERM.
// Also registers `nexus admin set-password DB USER PASSWORD`, which edits the users file
// that serve reads (tools/main.cc only knows RegisterServeCommand).
#include <CLI/CLI.hpp>

#include <array>
#include <iostream>
#include <memory>

#include "commands.h"
#include "script.h"
#include "server/serve.h"

namespace nexus::tools {

void RegisterServeCommand(CLI::App* app, int* exit_code) {
    auto o = std::make_shared<server::ServeOptions>();
    auto password = std::make_shared<std::string>();
    CLI::App* sub = app->add_subcommand("serve", "Serve a database over Bolt and HTTP");
    sub->add_option("DB", o->database_path, "Database path (created if missing)")->required();
    sub->add_option("--bolt", o->bolt_address, "Bolt listen address host:port ('' to disable)")
        ->capture_default_str();
    sub->add_option("--http", o->http_address, "HTTP listen address host:port ('' to disable)")
        ->capture_default_str();
    sub->add_option("--workers", o->workers, "Query worker threads (0: 4 per core, at least 8)")
        ->capture_default_str();
    sub->add_option("--max-connections", o->max_connections, "Open connections allowed")
        ->capture_default_str();
    sub->add_option("--query-timeout-ms", o->query_timeout_ms,
                    "Default per-query timeout in ms (0: none; drivers may set their own)")
        ->capture_default_str();
    auto* initial = sub->add_option("--initial-password", *password,
                                    "Password of user neo4j when the users file is first made");
    auto* no_auth = sub->add_flag("--no-auth", o->no_auth, "Accept every client without auth");
    initial->excludes(no_auth);
    auto sizes = std::make_shared<std::array<std::string, 3>>(
        std::array<std::string, 3>{"full", "256MiB", "2GiB"});
    sub->add_option("--sync", (*sizes)[0], "Commit durability: full, normal or off")
        ->capture_default_str();
    sub->add_option("--page-cache", (*sizes)[1], "Page cache size, e.g. 256MiB or 2GiB")
        ->capture_default_str();
    sub->add_option("--query-memory-limit", (*sizes)[2],
                    "Memory one query may use before it fails with MemoryPoolOutOfMemoryError "
                    "(0: unlimited)")
        ->capture_default_str();
    sub->callback([o, password, initial, sizes, exit_code]() {
        if (initial->count() > 0) o->initial_password = *password;
        Config& config = o->database_config;
        Result<SyncMode> sync = ParseSyncMode((*sizes)[0]);
        Result<uint64_t> cache = ParseSize((*sizes)[1]);
        Result<uint64_t> limit = ParseSize((*sizes)[2]);
        for (const Status& st : {sync.status(), cache.status(), limit.status()}) {
            if (!st.ok()) {
                std::cerr << "nexus serve: " << st.message() << "\n";
                *exit_code = kExitUsage;
                return;
            }
        }
        if (*cache < (uint64_t{1} << 20)) {
            std::cerr << "nexus serve: page cache '" << (*sizes)[1]
                      << "' is too small (at least 1MiB)\n";
            *exit_code = kExitUsage;
            return;
        }
        config.sync_mode = *sync;
        config.page_cache_bytes = static_cast<size_t>(*cache);
        config.query_memory_limit_bytes = static_cast<size_t>(*limit);
        *exit_code = server::RunServe(*o);
    });

    auto user = std::make_shared<std::string>("neo4j");
    auto db = std::make_shared<std::string>();
    auto new_password = std::make_shared<std::string>();
    CLI::App* admin = app->add_subcommand("admin", "Administer a database's users");
    admin->require_subcommand(1);
    CLI::App* set = admin->add_subcommand("set-password", "Set (or create) a user's password");
    set->add_option("DB", *db, "Database path")->required();
    set->add_option("USER", *user, "User name")->required();
    set->add_option("PASSWORD", *new_password, "New password")->required();
    set->callback([db, user, new_password, exit_code]() {
        *exit_code = server::SetPassword(*db, *user, *new_password);
    });
}

}  // namespace nexus::tools
