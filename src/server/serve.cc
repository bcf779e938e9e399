// The serve command's lifecycle: open, authenticate, listen, wait for a signal, stop cleanly.
#include "server/serve.h"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "nexus/database.h"
#include "server/db_backend.h"
#include "server/log.h"
#include "server/server.h"

namespace nexus::server {

namespace {

int EnvInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return fallback;
    return std::atoi(v);
}

}  // namespace

std::string UsersFilePath(const std::string& database_path) {
    return database_path + ".users";
}

int SetPassword(const std::string& database_path, const std::string& user,
                const std::string& password) {
    Status s = Authenticator::SetPassword(UsersFilePath(database_path), user, password);
    if (!s.ok()) {
        std::cerr << "nexus admin: " << s.message() << "\n";
        return 1;
    }
    std::cout << "password set for " << user << "\n";
    return 0;
}

int RunServe(const ServeOptions& options) {
    // Block the stop signals before any thread starts, so only sigwait() below sees them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    std::unique_ptr<Authenticator> auth;
    if (options.no_auth) {
        LogWarn(
            "authentication is DISABLED (--no-auth): anyone who can connect can read and "
            "change the data");
        auth = Authenticator::Disabled();
    } else {
        auto opened =
            Authenticator::Open(UsersFilePath(options.database_path), options.initial_password);
        if (!opened.ok()) {
            std::cerr << "nexus serve: " << opened.status().message() << "\n";
            return 1;
        }
        auth = std::move(*opened);
    }
    Result<std::unique_ptr<Database>> db =
        Database::open(options.database_path, options.database_config);
    if (!db.ok()) {
        std::cerr << "nexus serve: " << db.status().ToString() << "\n";
        return 1;
    }
    // Benchmark knobs for before/after figures (docs/server.md): NEXUS_WRITER_LANE_THREADS=0
    // runs auto-commit writes on the workers, NEXUS_DIRECT_WRITES=0 sends every response
    // through the I/O thread.
    DbBackend backend(db->get(), EnvInt("NEXUS_WRITER_LANE_THREADS", 2));
    Metrics metrics;
    ServerContext ctx;
    ctx.direct_writes = EnvInt("NEXUS_DIRECT_WRITES", 1) != 0;
    ctx.backend = &backend;
    ctx.auth = auth.get();
    ctx.metrics = &metrics;
    ctx.default_timeout_ms = options.query_timeout_ms;

    ServerOptions so;
    so.bolt_address = options.bolt_address;
    so.http_address = options.http_address;
    so.workers = options.workers;
    so.max_connections = options.max_connections;
    auto server = std::make_unique<Server>(&ctx, so);
    Status started = server->Start();
    if (!started.ok()) {
        std::cerr << "nexus serve: " << started.message() << "\n";
        return 1;
    }
    std::string bolt_host, http_host;
    int ignored = 0;
    if (!so.bolt_address.empty()) {
        ParseHostPort(so.bolt_address, &bolt_host, &ignored).IgnoreError();
        ctx.advertised_bolt = bolt_host + ":" + std::to_string(server->bolt_port());
    }
    if (!so.http_address.empty())
        ParseHostPort(so.http_address, &http_host, &ignored).IgnoreError();
    // One machine-readable line on stdout: scripts started with port 0 read the real ports.
    std::printf("nexus serve: database=%s bolt=%s http=%s:%d\n", options.database_path.c_str(),
                ctx.advertised_bolt.c_str(), http_host.c_str(), server->http_port());
    std::fflush(stdout);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    LogInfo("signal {}: stopping (no new connections, open transactions rolled back)", sig);
    server->Stop();
    server.reset();
    Status cp = (*db)->checkpoint();
    if (!cp.ok()) LogWarn("checkpoint failed: {}", cp.ToString());
    db->reset();
    LogInfo("stopped cleanly");
    return 0;
}

}  // namespace nexus::server
