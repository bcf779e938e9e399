// The neo4j-admin CSV header: one entry per column, `name:TYPE(Group)` or `name:type[]`,
// with the special columns :ID, :LABEL, :START_ID, :END_ID, :TYPE and :IGNORE; and the
// conversion of one field to a Value of its column's type.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "import/csv_reader.h"
#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::import {

enum class ColumnRole { kProperty, kId, kLabel, kStartId, kEndId, kType, kIgnore };

enum class FieldType {
    kString,
    kInt,
    kFloat,
    kBool,
    kDate,
    kLocalTime,
    kTime,
    kLocalDateTime,
    kDateTime,
    kDuration,
};

struct Column {
    std::string name;  // property key ("" for anonymous :ID, :LABEL, ...)
    ColumnRole role = ColumnRole::kProperty;
    FieldType type = FieldType::kString;
    bool array = false;
    std::string group;  // id space of :ID / :START_ID / :END_ID ("" is the global one)
};

struct Header {
    std::vector<Column> columns;
    int id_column = -1;
    int start_column = -1;
    int end_column = -1;
    int type_column = -1;
};

enum class EntityKind { kNodes, kRelationships };

// Parses the header record; kInvalidArgument names the bad entry and `where` (file:line).
Result<Header> ParseHeader(const std::vector<CsvField>& fields, EntityKind kind,
                           const std::string& where);

// Converts one non-empty field; false with `error` set when it does not fit the type.
bool ParseField(std::string_view text, FieldType type, Value* out, std::string* error);
// A whole column value: arrays are split at `array_delim`.
bool ParseColumnValue(const Column& col, std::string_view text, char array_delim, Value* out,
                      std::string* error);

const char* FieldTypeName(FieldType type);

}  // namespace nexus::import
