// Text handling shared by the nexus subcommands, independent of the database: splitting a
// Cypher script into statements with their positions, recognising transaction control
// statements, parsing -p/:param values, sizes ("256MiB") and sync modes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nexus/config.h"
#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::tools {

struct Statement {
    std::string text;   // without the terminating ';', trimmed
    uint32_t line = 1;  // where `text` starts in the script (1-based)
    uint32_t column = 1;
};

// Splits on ';' outside strings, quoted names and comments. Empty statements (only
// whitespace or comments) are dropped. `*complete` says whether the text ends inside a
// statement that has no ';' yet (the shell uses it to ask for more lines).
std::vector<Statement> SplitStatements(std::string_view script, bool* ends_open = nullptr);

enum class TxControl { kNone, kBegin, kCommit, kRollback };
TxControl ClassifyTxControl(std::string_view statement);

// A parameter value written as JSON (42, "Ann", [1, 2], {"a": 1}) or as a Cypher literal
// ('Ann', {a: 1}, [1, 'x'], true, null, 1.5e3).
Result<Value> ParseParamValue(std::string_view text);
// "name=value" (for -p); the value as ParseParamValue reads it.
Result<std::pair<std::string, Value>> ParseParamAssignment(std::string_view text);

// "256MiB", "1GiB", "64M", "4096": bytes.
Result<uint64_t> ParseSize(std::string_view text);
Result<SyncMode> ParseSyncMode(std::string_view text);

// The statement's position in the script for an error at `pos` inside the statement.
SourcePosition ScriptPosition(const Statement& statement, const SourcePosition& pos);

}  // namespace nexus::tools
