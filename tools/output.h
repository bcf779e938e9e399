// Rendering query results for people and programs: aligned tables, CSV, JSON and JSON lines,
// plus the one-line summary of a statement (rows, side effects, time).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nexus/database.h"
#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::tools {

enum class OutputFormat { kTable, kCsv, kJson, kJsonl };

Result<OutputFormat> ParseOutputFormat(std::string_view text);
const char* OutputFormatName(OutputFormat format);

// Nodes become {"id", "labels", "properties"}, relationships {"id", "type", "start", "end",
// "properties"}, paths {"nodes", "relationships"}; temporal values their ISO string; NaN and
// infinities the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers).
nlohmann::json ValueToJson(const Value& value);

struct ResultTable {
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
};

void WriteResult(std::ostream& out, OutputFormat format, const ResultTable& result);

// "3 rows" / "1 row, 2 nodes created, 1 property set".
std::string Summary(size_t rows, const QueryStats& stats);

// Display width of UTF-8 text in terminal cells (one per code point; good enough for tables).
size_t DisplayWidth(std::string_view text);

}  // namespace nexus::tools
