// nexus run DB: what `make run` starts. Opens (or creates) the database, loads the demo
// movies graph when the database is new, then serves it over Bolt and HTTP with a hint how to
// connect (or, with --shell, starts the embedded shell instead).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"
#include "demo_graph.h"
#include "script.h"
#include "server/serve.h"
#include "shell.h"

namespace nexus::tools {

namespace {

struct RunOptions {
    OpenOptions open;
    bool no_demo = false;
    bool no_shell = false;
    bool shell = false;
    server::ServeOptions serve;
    std::string initial_password;
    bool has_initial_password = false;
};

void PrintConnectHints(const RunOptions& o) {
    const server::ServeOptions& s = o.serve;
    std::cout << "Serving " << o.open.path << ":\n";
    if (!s.bolt_address.empty()) {
        std::cout << "  Bolt  bolt://" << s.bolt_address
                  << "  (Neo4j drivers, cypher-shell -a bolt://" << s.bolt_address << ")\n";
    }
    if (!s.http_address.empty()) {
        std::cout << "  HTTP  http://" << s.http_address
                  << "/db/neo4j/tx/commit  (POST {\"statements\":[{\"statement\":\"MATCH (n) "
                     "RETURN count(n)\"}]})\n";
    }
    std::cout << (s.no_auth ? "  no authentication (--no-auth): loopback use only\n"
                            : "  user neo4j, with the password set by --initial-password or "
                              "`nexus admin set-password`\n")
              << "Stop with Ctrl-C (or SIGTERM); `nexus run " << o.open.path
              << " --shell` queries it embedded instead.\n"
              << std::flush;
}

int RunRun(const RunOptions& o) {
    namespace fs = std::filesystem;
    std::error_code ec;
    bool is_new = !fs::exists(o.open.path, ec);
    fs::path parent = fs::path(o.open.path).parent_path();
    if (is_new && !parent.empty()) fs::create_directories(parent, ec);
    Result<std::unique_ptr<Database>> db = OpenDatabase(o.open);
    if (!db.ok()) {
        std::cerr << FormatError(db.status()) << "\n";
        return kExitError;
    }
    auto session = std::make_unique<Session>(db->get());
    std::cout << "Nexus " << NEXUS_VERSION << " on " << o.open.path
              << (is_new ? " (new database)" : "") << "\n";
    if (is_new && !o.no_demo) {
        Result<StatementResult> r = session->Run(DemoGraphCypher());
        if (r.ok()) {
            std::cout << DemoGraphHints();
        } else {
            std::cerr << "could not load the demo graph: " << FormatError(r.status()) << "\n";
        }
    }
    if (o.no_shell) return kExitOk;
    if (o.shell) {
        ShellOptions options;
        options.history_file = DefaultHistoryFile();
        Shell shell(session.get(), options, std::cout, std::cerr);
        return shell.Run(std::cin);
    }
    // The server opens the database itself (one process holds it at a time).
    session.reset();
    db->reset();
    server::ServeOptions serve = o.serve;
    serve.database_path = o.open.path;
    if (o.has_initial_password) serve.initial_password = o.initial_password;
    // Already validated by OpenDatabase above.
    if (Result<SyncMode> m = ParseSyncMode(o.open.sync); m.ok())
        serve.database_config.sync_mode = *m;
    if (Result<uint64_t> c = ParseSize(o.open.page_cache); c.ok()) {
        serve.database_config.page_cache_bytes = static_cast<size_t>(*c);
    }
    PrintConnectHints(o);
    return server::RunServe(serve);
}

}  // namespace

void RegisterRunCommand(CLI::App* app, int* exit_code) {
    auto o = std::make_shared<RunOptions>();
    CLI::App* sub = app->add_subcommand(
        "run", "Open or create a database (with a demo graph when new) and start the shell");
    sub->add_option("DB", o->open.path, "Database path")->required();
    sub->add_flag("--no-demo", o->no_demo, "Do not load the demo graph into a new database");
    sub->add_flag("--no-shell", o->no_shell, "Exit after opening (and loading the demo graph)");
    sub->add_flag("--shell", o->shell, "Start the embedded shell instead of the server");
    sub->add_option("--bolt", o->serve.bolt_address, "Bolt listen address host:port")
        ->capture_default_str();
    sub->add_option("--http", o->serve.http_address, "HTTP listen address host:port")
        ->capture_default_str();
    auto* initial = sub->add_option("--initial-password", o->initial_password,
                                    "Password of user neo4j when the users file is first made");
    auto* no_auth = sub->add_flag("--no-auth", o->serve.no_auth, "Serve without authentication");
    initial->excludes(no_auth);
    o->open.AddFlags(sub);
    sub->callback([o, initial, exit_code]() {
        o->has_initial_password = initial->count() > 0;
        *exit_code = RunRun(*o);
    });
}

}  // namespace nexus::tools
