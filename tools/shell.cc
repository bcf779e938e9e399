// Shell: input loop (libedit or plain), statement accumulation and ':' commands.
#include "shell.h"

#include <editline/readline.h>
#include <unistd.h>

#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace nexus::tools {
namespace {

std::string Trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

constexpr char kHelp[] = R"(Statements end with ';' and may span several lines.
Commands:
  :help                    this text
  :exit, :quit             leave the shell (Ctrl-D works too)
  :param NAME => VALUE     set a parameter ($NAME); VALUE is a Cypher literal or JSON
  :params                  list parameters (:params clear removes them all)
  :begin :commit :rollback explicit transaction (statements otherwise auto-commit)
  :schema                  indexes and constraints
  :format [table|csv|json|jsonl]   show or set the output format
  :timing [on|off]         show or set timing after each statement
)";

}  // namespace

std::string DefaultHistoryFile() {
    const char* home = std::getenv("HOME");
    return home && *home ? std::string(home) + "/.nexus_history" : std::string();
}

std::string Shell::Prompt() const {
    std::string p = session_->in_transaction() ? "nexus(tx)" : "nexus";
    return buffer_.empty() ? p + "> " : std::string(p.size(), ' ') + "| ";
}

void Shell::Error(const std::string& message) {
    err_ << message << "\n";
    err_.flush();
    had_error_ = true;
}

bool Shell::Feed(const std::string& raw_line) {
    std::string line = Trim(raw_line);
    if (buffer_.empty()) {
        if (line.empty()) return true;
        if (line[0] == ':') return Command(line);
    }
    buffer_ += raw_line;
    buffer_ += '\n';
    bool open = false;
    SplitStatements(buffer_, &open);
    if (!open) {
        std::string text = std::move(buffer_);
        buffer_.clear();
        RunStatements(text);
    }
    return true;
}

void Shell::Flush() {
    if (buffer_.empty()) return;
    std::string text = std::move(buffer_);
    buffer_.clear();
    RunStatements(text);
}

void Shell::RunStatements(const std::string& text) {
    for (const Statement& st : SplitStatements(text)) {
        Result<StatementResult> r = session_->Run(st.text);
        if (!r.ok()) {
            Error(FormatError(r.status(), &st));
            continue;
        }
        if (!r->message.empty()) {
            out_ << r->message << "\n";
            continue;
        }
        if (!r->table.columns.empty()) WriteResult(out_, options_.format, r->table);
        if (options_.format == OutputFormat::kTable) {
            out_ << Summary(r->table.rows.size(), r->stats);
            if (options_.timing)
                out_ << " (" << std::fixed << std::setprecision(1) << r->millis << " ms)";
            out_ << "\n";
        }
        if (!r->plan.empty()) out_ << r->plan << (r->plan.back() == '\n' ? "" : "\n");
        out_.flush();
    }
}

bool Shell::Command(const std::string& line) {
    std::istringstream words(line);
    std::string cmd;
    words >> cmd;
    std::string rest;
    std::getline(words, rest);
    rest = Trim(rest);
    if (cmd == ":exit" || cmd == ":quit" || cmd == ":q") return false;
    if (cmd == ":help" || cmd == ":h" || cmd == ":?") {
        PrintHelp();
    } else if (cmd == ":param") {
        SetParam(rest);
    } else if (cmd == ":params") {
        if (rest == "clear") {
            session_->params().clear();
        } else {
            PrintParams();
        }
    } else if (cmd == ":begin" || cmd == ":commit" || cmd == ":rollback") {
        Status st = cmd == ":begin"    ? session_->Begin()
                    : cmd == ":commit" ? session_->Commit()
                                       : session_->Rollback();
        if (!st.ok()) {
            Error(FormatError(st));
        } else {
            out_ << (cmd == ":begin"    ? "transaction started"
                     : cmd == ":commit" ? "transaction committed"
                                        : "transaction rolled back")
                 << "\n";
        }
    } else if (cmd == ":schema") {
        ShowSchema();
    } else if (cmd == ":format") {
        if (rest.empty()) {
            out_ << "format: " << OutputFormatName(options_.format) << "\n";
        } else if (Result<OutputFormat> f = ParseOutputFormat(rest); f.ok()) {
            options_.format = *f;
        } else {
            Error("error: " + f.status().message());
        }
    } else if (cmd == ":timing") {
        if (rest == "on" || rest == "off") {
            options_.timing = rest == "on";
        } else if (rest.empty()) {
            out_ << "timing: " << (options_.timing ? "on" : "off") << "\n";
        } else {
            Error("error: :timing takes on or off");
        }
    } else {
        Error("error: unknown command " + cmd + " (:help lists them)");
    }
    out_.flush();
    return true;
}

void Shell::PrintHelp() {
    out_ << kHelp;
}

void Shell::PrintParams() {
    if (session_->params().empty()) {
        out_ << "no parameters\n";
        return;
    }
    for (const auto& [name, v] : session_->params())
        out_ << "$" << name << " => " << v.ToString() << "\n";
}

void Shell::SetParam(const std::string& args) {
    size_t arrow = args.find("=>");
    size_t sep_len = 2;
    if (arrow == std::string::npos) {
        arrow = args.find(':');
        sep_len = 1;
    }
    std::string name = Trim(args.substr(0, arrow == std::string::npos ? 0 : arrow));
    if (!name.empty() && name[0] == '$') name.erase(0, 1);
    if (arrow == std::string::npos || name.empty()) {
        Error("error: usage: :param NAME => VALUE");
        return;
    }
    Result<Value> v = ParseParamValue(args.substr(arrow + sep_len));
    if (!v.ok()) {
        Error("error: " + v.status().message());
        return;
    }
    session_->params()[name] = *v;
    out_ << "$" << name << " => " << v->ToString() << "\n";
}

void Shell::ShowSchema() {
    const std::pair<const char*, const char*> kQueries[] = {{"Indexes", "SHOW INDEXES"},
                                                            {"Constraints", "SHOW CONSTRAINTS"}};
    for (const auto& [title, query] : kQueries) {
        Result<StatementResult> r = session_->Run(query);
        if (!r.ok()) {
            Error(FormatError(r.status()));
            continue;
        }
        out_ << title << ":\n";
        if (r->table.rows.empty()) {
            out_ << "  (none)\n";
        } else {
            WriteResult(out_, OutputFormat::kTable, r->table);
        }
    }
}

int Shell::Run(std::istream& in) {
    bool tty = &in == &std::cin && isatty(STDIN_FILENO);
    if (!tty) {
        std::string line;
        while (std::getline(in, line)) {
            if (!Feed(line)) return had_error_ ? 1 : 0;
        }
        Flush();
        return had_error_ ? 1 : 0;
    }
    using_history();
    stifle_history(5000);
    if (!options_.history_file.empty()) read_history(options_.history_file.c_str());
    out_ << "Nexus shell. Statements end with ';'. :help for commands, :exit to leave.\n";
    while (true) {
        char* raw = readline(Prompt().c_str());
        if (raw == nullptr) {
            out_ << "\n";
            break;
        }
        std::string line = raw;
        std::free(raw);
        if (!Trim(line).empty()) add_history(line.c_str());
        if (!Feed(line)) break;
    }
    if (!options_.history_file.empty()) write_history(options_.history_file.c_str());
    return 0;
}

}  // namespace nexus::tools
