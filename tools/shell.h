// The interactive Cypher shell behind `nexus shell` and `nexus run`: line editing and
// persistent history through libedit when stdin is a terminal, plain line reading when it
// is not; statements end with ';' and may span lines; ':' commands manage parameters,
// transactions, output format and timing. Errors are printed and the shell goes on.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "output.h"
#include "session.h"

namespace nexus::tools {

struct ShellOptions {
    OutputFormat format = OutputFormat::kTable;
    bool timing = true;
    std::string history_file;  // empty: no history file
};

// ~/.nexus_history, or empty when HOME is not set.
std::string DefaultHistoryFile();

class Shell {
  public:
    Shell(Session* session, ShellOptions options, std::ostream& out, std::ostream& err)
        : session_(session), options_(std::move(options)), out_(out), err_(err) {}

    // Reads until :exit or end of input. Returns 0, or 1 when input was not a terminal and a
    // statement failed (so scripts piped into the shell can notice).
    int Run(std::istream& in);

    // One line of input, as if typed; returns false once the shell should stop.
    bool Feed(const std::string& line);
    // Runs what is left in the buffer (input ended without a final ';').
    void Flush();
    bool had_error() const { return had_error_; }
    bool buffer_empty() const { return buffer_.empty(); }
    std::string Prompt() const;

  private:
    bool Command(const std::string& line);
    void RunStatements(const std::string& text);
    void PrintHelp();
    void PrintParams();
    void SetParam(const std::string& args);
    void ShowSchema();
    void Error(const std::string& message);

    Session* session_;
    ShellOptions options_;
    std::ostream& out_;
    std::ostream& err_;
    std::string buffer_;
    bool had_error_ = false;
};

}  // namespace nexus::tools
