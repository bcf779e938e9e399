// Logic-test parsing and the two comparisons (rows, errors).
#include "logic_format.h"

#include <algorithm>

namespace nexus::logic {
namespace {

std::string Trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

bool StartsWith(const std::string& s, std::string_view p) {
    return s.compare(0, p.size(), p) == 0;
}

// "# skip: why" -> true and the reason.
bool SkipComment(const std::string& line, std::string_view word, std::string* reason) {
    std::string rest = Trim(std::string_view(line).substr(1));
    if (!StartsWith(rest, word)) return false;
    std::string after = rest.substr(word.size());
    if (!after.empty() && after[0] != ':' && after[0] != ' ') return false;
    *reason = Trim(after.empty() ? after : std::string_view(after).substr(1));
    return true;
}

Status LineError(const std::string& path, int line, const std::string& what) {
    return Status(StatusCode::kInvalidArgument, path + ":" + std::to_string(line) + ": " + what);
}

// "<code or text> [@line:column]" -> the expectation and the position it names.
Status ParseExpectedError(const std::string& text, const std::string& path, Block* b) {
    b->expected_error = text;
    size_t at = text.rfind('@');
    if (at == std::string::npos) return Status::Ok();
    std::string pos = text.substr(at + 1);
    size_t colon = pos.find(':');
    if (colon == std::string::npos || pos.find_first_not_of("0123456789:") != std::string::npos ||
        colon == 0 || colon + 1 == pos.size()) {
        return LineError(path, b->line, "an error position is written @line:column");
    }
    b->error_line = std::stoi(pos.substr(0, colon));
    b->error_column = std::stoi(pos.substr(colon + 1));
    b->expected_error = Trim(std::string_view(text).substr(0, at));
    return Status::Ok();
}

// Interprets one block's lines (comments already removed, skip noted).
Status ParseBlock(const std::vector<std::pair<int, std::string>>& lines, const std::string& path,
                  Block* b) {
    const std::string& head = lines[0].second;
    b->line = lines[0].first;
    size_t body = 1;
    if (head == "restart") {
        b->kind = BlockKind::kRestart;
        if (lines.size() > 1) return LineError(path, lines[1].first, "restart takes no body");
        return Status::Ok();
    }
    if (head == "statement ok") {
        b->kind = BlockKind::kStatementOk;
    } else if (StartsWith(head, "statement error")) {
        b->kind = BlockKind::kStatementError;
        RETURN_IF_ERROR(ParseExpectedError(Trim(std::string_view(head).substr(15)), path, b));
    } else if (StartsWith(head, "param ")) {
        b->kind = BlockKind::kParam;
        b->param_name = Trim(std::string_view(head).substr(6));
        if (b->param_name.empty() || b->param_name.find(' ') != std::string::npos) {
            return LineError(path, b->line, "param needs one name");
        }
    } else if (head == "plan") {
        b->kind = BlockKind::kPlan;
    } else if (head == "query" || StartsWith(head, "query ")) {
        b->kind = BlockKind::kQuery;
        std::string mode = Trim(std::string_view(head).substr(5));
        if (mode == "rowsort") {
            b->order = RowOrder::kRowSort;
        } else if (mode.empty() || mode == "ordered") {
            b->order = RowOrder::kOrdered;
        } else {
            return LineError(path, b->line, "unknown query mode '" + mode + "'");
        }
    } else {
        return LineError(path, b->line, "unknown directive '" + head + "'");
    }
    std::string query;
    bool saw_separator = false;
    for (; body < lines.size(); ++body) {
        const std::string& l = lines[body].second;
        bool has_rows = b->kind == BlockKind::kQuery || b->kind == BlockKind::kPlan;
        if (has_rows && Trim(l) == "----") {
            saw_separator = true;
            ++body;
            break;
        }
        query += (query.empty() ? "" : "\n") + l;
    }
    for (; body < lines.size(); ++body) b->expected_rows.push_back(Trim(lines[body].second));
    if (Trim(query).empty()) return LineError(path, b->line, "block without a query");
    if ((b->kind == BlockKind::kQuery || b->kind == BlockKind::kPlan) && !saw_separator) {
        return LineError(path, b->line, head + " block needs '----' before what it expects");
    }
    b->query = std::move(query);
    return Status::Ok();
}

}  // namespace

Result<TestFile> ParseTestFile(std::string_view text, const std::string& path) {
    TestFile file;
    std::vector<std::pair<int, std::string>> lines;
    int number = 0;
    bool skip_block = false, known_failure = false;
    std::string skip_reason, known_reason;
    auto finish = [&]() -> Status {
        if (lines.empty()) {
            if (known_failure) return LineError(path, number, "known-failure marks no block");
            skip_block = false;
            return Status::Ok();
        }
        Block b;
        RETURN_IF_ERROR(ParseBlock(lines, path, &b));
        b.skip = skip_block;
        b.skip_reason = skip_reason;
        b.known_failure = known_failure;
        b.known_failure_reason = known_reason;
        file.blocks.push_back(std::move(b));
        lines.clear();
        skip_block = known_failure = false;
        return Status::Ok();
    };
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) nl = text.size();
        std::string line(text.substr(start, nl - start));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        start = nl + 1;
        ++number;
        std::string trimmed = Trim(line);
        if (trimmed.empty()) {
            RETURN_IF_ERROR(finish());
            continue;
        }
        if (trimmed[0] == '#') {
            std::string reason;
            if (SkipComment(trimmed, "skip-file", &reason)) {
                file.skip = true;
                file.skip_reason = reason;
            } else if (SkipComment(trimmed, "skip", &reason)) {
                skip_block = true;
                skip_reason = reason;
            } else if (SkipComment(trimmed, "known-failure", &reason)) {
                if (reason.empty()) return LineError(path, number, "known-failure needs a why");
                known_failure = true;
                known_reason = reason;
            }
            continue;
        }
        lines.emplace_back(number, lines.empty() ? trimmed : line);
    }
    RETURN_IF_ERROR(finish());
    return file;
}

std::string FormatRow(const std::vector<Value>& row) {
    std::string out;
    for (size_t i = 0; i < row.size(); ++i) out += (i ? " | " : "") + row[i].ToString();
    return out;
}

std::string CompareRows(const Block& block, std::vector<std::string> actual) {
    std::vector<std::string> expected = block.expected_rows;
    if (block.order == RowOrder::kRowSort) {
        std::sort(expected.begin(), expected.end());
        std::sort(actual.begin(), actual.end());
    }
    if (expected == actual) return {};
    std::string out = "expected " + std::to_string(expected.size()) + " row(s):";
    for (const auto& r : expected) out += "\n    " + r;
    out += "\n  got " + std::to_string(actual.size()) + ":";
    for (const auto& r : actual) out += "\n    " + r;
    return out;
}

std::string ComparePlan(const Block& block, const std::string& plan) {
    size_t pos = 0;
    for (const std::string& fragment : block.expected_rows) {
        size_t at = plan.find(fragment, pos);
        if (at == std::string::npos) {
            return "plan lacks '" + fragment + "' (in order); plan was:\n" + plan;
        }
        pos = at + fragment.size();
    }
    return {};
}

namespace {

bool ErrorKindMatches(const std::string& want, const Status& status) {
    std::string code = status.neo4j_code();
    if (want.empty() || code == want) return true;
    if (code.size() > want.size() &&
        code.compare(code.size() - want.size(), want.size(), want) == 0 &&
        code[code.size() - want.size() - 1] == '.') {
        return true;
    }
    return status.message().find(want) != std::string::npos;
}

}  // namespace

std::string CompareError(const Block& block, const Status& status) {
    if (status.ok())
        return "expected an error (" + block.expected_error + "), the statement succeeded";
    const std::string& want = block.expected_error;
    if (!ErrorKindMatches(want, status)) {
        return "expected error " + want + ", got " + status.ToString();
    }
    if (block.error_line == 0) return {};
    const auto& pos = status.position();
    if (pos && static_cast<int>(pos->line) == block.error_line &&
        static_cast<int>(pos->column) == block.error_column) {
        return {};
    }
    return "expected the error at " + std::to_string(block.error_line) + ":" +
           std::to_string(block.error_column) + ", got " + status.ToString();
}

}  // namespace nexus::logic
