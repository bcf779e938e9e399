// Session: what the query, shell and run subcommands share. Opens a database from the
// common flags, runs statements either in auto-commit transactions or inside an explicit
// BEGIN ... COMMIT, with the session's parameters, and collects rows and timing.
#pragma once

#include <memory>
#include <string>

#include "nexus/database.h"
#include "output.h"
#include "script.h"

namespace CLI {
class App;
}

namespace nexus::tools {

// --sync and --page-cache, accepted by every subcommand that opens a database.
struct OpenOptions {
    std::string path;
    std::string sync = "full";
    std::string page_cache = "256MiB";
    void AddFlags(CLI::App* app);
};

Result<std::unique_ptr<Database>> OpenDatabase(const OpenOptions& options);

struct StatementResult {
    ResultTable table;
    QueryStats stats;
    std::string plan;
    double millis = 0;
    std::string message;  // for transaction control: "transaction started", ...
};

class Session {
  public:
    explicit Session(Database* db) : db_(db) {}
    ~Session();

    // Runs one statement (BEGIN/COMMIT/ROLLBACK included). An error inside an explicit
    // transaction rolls that transaction back, as Neo4j does.
    Result<StatementResult> Run(const std::string& statement);

    bool in_transaction() const { return tx_ != nullptr; }
    Status Begin();
    Status Commit();
    Status Rollback();
    ParamMap& params() { return params_; }
    Database* db() { return db_; }

  private:
    Database* db_;
    std::unique_ptr<Transaction> tx_;
    ParamMap params_;
};

// "error: <Neo4j code>: <message> (line L, column C)"; positions mapped into the script
// when `statement` is given.
std::string FormatError(const Status& status, const Statement* statement = nullptr);

}  // namespace nexus::tools
