// The Cypher logic-test format (docs/cypher-tests.md): blocks separated by blank lines,
// each `statement ok`, `statement error <code or text> [@line:column]`, `query
// [rowsort|ordered]` with expected rows after `----`, `param <name>` (a one-value query
// whose value later blocks see as $name) or `restart`. Lines starting with '#' are
// comments; `# skip[: why]` skips its block, `# skip-file[: why]` the whole file, and
// `# known-failure: why` runs the block but reports a failure as known, not as failing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::logic {

enum class BlockKind { kStatementOk, kStatementError, kQuery, kPlan, kRestart, kParam };
enum class RowOrder { kOrdered, kRowSort };

struct Block {
    BlockKind kind = BlockKind::kStatementOk;
    int line = 0;  // of the directive
    std::string query;
    std::string expected_error;  // kStatementError: code, its last part, or message text
    int error_line = 0;          // kStatementError with "@line:column": where it must point
    int error_column = 0;
    std::string param_name;  // kParam
    RowOrder order = RowOrder::kOrdered;
    std::vector<std::string> expected_rows;  // kQuery: "v1 | v2" per row; kPlan: fragments
    bool skip = false;
    std::string skip_reason;
    // Where Nexus differs from Neo4j 5 and the fix is elsewhere: the block states Neo4j's
    // answer; failing is reported as a known failure, passing as a marker to remove.
    bool known_failure = false;
    std::string known_failure_reason;
};

struct TestFile {
    std::vector<Block> blocks;
    bool skip = false;
    std::string skip_reason;
};

Result<TestFile> ParseTestFile(std::string_view text, const std::string& path);

// One result row as the format writes it: values' Cypher literals joined by " | ".
std::string FormatRow(const std::vector<Value>& row);

// Empty when `actual` (formatted rows) matches the block's expectation; else a diff.
std::string CompareRows(const Block& block, std::vector<std::string> actual);

// Empty when every expected fragment occurs in `plan`, in order; else what is missing.
std::string ComparePlan(const Block& block, const std::string& plan);

// Empty when `status` is the failure the block expects; else why not.
std::string CompareError(const Block& block, const Status& status);

}  // namespace nexus::logic
