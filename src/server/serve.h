// `nexus serve`: open a database, set up authentication, serve Bolt and HTTP until SIGTERM or
// SIGINT, then stop accepting, end running work, checkpoint and close.
#pragma once

#include <optional>
#include <string>

#include "nexus/config.h"

namespace nexus::server {

struct ServeOptions {
    std::string database_path;
    std::string bolt_address = "127.0.0.1:7687";
    std::string http_address = "127.0.0.1:7474";
    int workers = 0;
    int max_connections = 1000;
    int64_t query_timeout_ms = 0;
    std::optional<std::string> initial_password;
    bool no_auth = false;
    // How the database is opened: sync mode, page cache, per-query memory limit.
    Config database_config = Config::production();
};

// Returns the process exit code: 0 after a clean stop, 1 when startup fails.
int RunServe(const ServeOptions& options);

// `nexus admin set-password`: writes a user's password hash next to the database.
int SetPassword(const std::string& database_path, const std::string& user,
                const std::string& password);

// The users file kept beside a database.
std::string UsersFilePath(const std::string& database_path);

}  // namespace nexus::server
