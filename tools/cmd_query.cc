// nexus query DB [STATEMENT] [-f FILE] [-p name=value ...] [--format ...]: runs a script of
// ';'-separated statements, each in its own auto-commit transaction unless the script uses
// BEGIN/COMMIT/ROLLBACK, printing each statement's rows as soon as it has committed. The
// first failing statement stops the run with exit code 1; earlier commits stay.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.h"
#include "session.h"

namespace nexus::tools {
namespace {

struct QueryOptions {
    OpenOptions open;
    std::string statement;
    std::string file;
    std::vector<std::string> params;
    std::string format = "table";
};

Result<std::string> ReadScript(const QueryOptions& o) {
    if (!o.statement.empty() && !o.file.empty()) {
        return Status(StatusCode::kInvalidArgument, "give either STATEMENT or -f FILE, not both");
    }
    if (!o.statement.empty()) return o.statement;
    std::stringstream text;
    if (o.file.empty() || o.file == "-") {
        if (o.file.empty() && isatty(STDIN_FILENO)) {
            return Status(StatusCode::kInvalidArgument,
                          "no statement: give STATEMENT, -f FILE, or pipe statements to stdin");
        }
        text << std::cin.rdbuf();
        return text.str();
    }
    std::ifstream in(o.file);
    if (!in) return Status(StatusCode::kNotFound, "cannot read " + o.file);
    text << in.rdbuf();
    return text.str();
}

int RunQuery(const QueryOptions& o) {
    Result<OutputFormat> format = ParseOutputFormat(o.format);
    if (!format.ok()) {
        std::cerr << "nexus query: " << format.status().message() << "\n";
        return kExitUsage;
    }
    ParamMap params;
    for (const std::string& p : o.params) {
        Result<std::pair<std::string, Value>> kv = ParseParamAssignment(p);
        if (!kv.ok()) {
            std::cerr << "nexus query: " << kv.status().message() << "\n";
            return kExitUsage;
        }
        params[kv->first] = std::move(kv->second);
    }
    Result<std::string> script = ReadScript(o);
    if (!script.ok()) {
        std::cerr << "nexus query: " << script.status().message() << "\n";
        return kExitUsage;
    }
    Result<std::unique_ptr<Database>> db = OpenDatabase(o.open);
    if (!db.ok()) {
        std::cerr << FormatError(db.status()) << "\n";
        return kExitError;
    }
    Session session(db->get());
    session.params() = std::move(params);
    for (const Statement& st : SplitStatements(*script)) {
        Result<StatementResult> r = session.Run(st.text);
        if (!r.ok()) {
            std::cerr << FormatError(r.status(), &st) << "\n";
            return kExitError;
        }
        if (!r->table.columns.empty()) WriteResult(std::cout, *format, r->table);
        if (*format == OutputFormat::kTable && r->message.empty()) {
            std::cout << Summary(r->table.rows.size(), r->stats) << "\n";
        }
        if (!r->plan.empty()) {
            // EXPLAIN / PROFILE: beside the table; on stderr for csv/json so the rows stay
            // machine-readable.
            std::ostream& out = *format == OutputFormat::kTable ? std::cout : std::cerr;
            out << r->plan << (r->plan.back() == '\n' ? "" : "\n");
        }
        std::cout.flush();
    }
    if (session.in_transaction()) {
        std::cerr << "error: " << Status(StatusCode::kTransactionError, "").neo4j_code()
                  << ": the script ended inside a transaction (BEGIN without COMMIT); rolled "
                     "back\n";
        return kExitError;
    }
    return kExitOk;
}

}  // namespace

void RegisterQueryCommand(CLI::App* app, int* exit_code) {
    auto o = std::make_shared<QueryOptions>();
    CLI::App* sub = app->add_subcommand("query", "Run Cypher statements against a database");
    sub->add_option("DB", o->open.path, "Database path (created if missing)")->required();
    sub->add_option("STATEMENT", o->statement,
                    "Statements separated by ';' (default: read -f FILE or stdin)");
    sub->add_option("-f,--file", o->file, "Read statements from FILE ('-' for stdin)");
    sub->add_option("-p,--param", o->params,
                    "Parameter name=value; the value is JSON or a Cypher literal "
                    "(-p age=42 -p name='\"Ann\"'). Repeatable")
        ->allow_extra_args(false);  // one value per -p, so a statement may follow
    sub->add_option("--format", o->format, "Output format: table, csv, json or jsonl")
        ->capture_default_str();
    o->open.AddFlags(sub);
    sub->callback([o, exit_code]() { *exit_code = RunQuery(*o); });
}

}  // namespace nexus::tools
