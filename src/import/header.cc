// Header parsing and field conversion for the neo4j-admin CSV format.
#include "import/header.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "import/temporal_parse.h"

namespace nexus::import {
namespace {

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool LookupType(const std::string& t, FieldType* out) {
    static const std::pair<const char*, FieldType> kTypes[] = {
        {"string", FieldType::kString},
        {"char", FieldType::kString},
        {"int", FieldType::kInt},
        {"long", FieldType::kInt},
        {"short", FieldType::kInt},
        {"byte", FieldType::kInt},
        {"float", FieldType::kFloat},
        {"double", FieldType::kFloat},
        {"boolean", FieldType::kBool},
        {"date", FieldType::kDate},
        {"localtime", FieldType::kLocalTime},
        {"time", FieldType::kTime},
        {"localdatetime", FieldType::kLocalDateTime},
        {"datetime", FieldType::kDateTime},
        {"duration", FieldType::kDuration},
    };
    for (const auto& [name, type] : kTypes) {
        if (t == name) {
            *out = type;
            return true;
        }
    }
    return false;
}

// "TYPE(Group)" -> TYPE and Group.
void SplitGroup(std::string_view spec, std::string_view* type, std::string* group) {
    size_t open = spec.find('(');
    if (open != std::string_view::npos && spec.back() == ')') {
        *group = std::string(spec.substr(open + 1, spec.size() - open - 2));
        *type = spec.substr(0, open);
    } else {
        *type = spec;
    }
}

Status ParseEntry(std::string_view entry, EntityKind kind, Column* col) {
    size_t colon = entry.rfind(':');
    // "name" alone is a string property; a colon splits the name from the type.
    if (colon == std::string_view::npos) {
        col->name = std::string(Trim(entry));
        if (col->name.empty()) return Status(StatusCode::kInvalidArgument, "empty column name");
        return Status::Ok();
    }
    col->name = std::string(Trim(entry.substr(0, colon)));
    std::string_view type_spec;
    SplitGroup(Trim(entry.substr(colon + 1)), &type_spec, &col->group);
    std::string upper(type_spec);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == "ID") {
        col->role = ColumnRole::kId;
    } else if (upper == "LABEL") {
        col->role = ColumnRole::kLabel;
    } else if (upper == "START_ID") {
        col->role = ColumnRole::kStartId;
    } else if (upper == "END_ID") {
        col->role = ColumnRole::kEndId;
    } else if (upper == "TYPE") {
        col->role = ColumnRole::kType;
    } else if (upper == "IGNORE") {
        col->role = ColumnRole::kIgnore;
    } else {
        std::string t = Lower(type_spec);
        if (t.size() > 2 && t.compare(t.size() - 2, 2, "[]") == 0) {
            col->array = true;
            t.resize(t.size() - 2);
        }
        if (!LookupType(t, &col->type)) {
            return Status(StatusCode::kInvalidArgument,
                          "unknown type '" + std::string(type_spec) + "'");
        }
        if (col->name.empty()) {
            return Status(StatusCode::kInvalidArgument, "a property column needs a name");
        }
        return Status::Ok();
    }
    bool node_role = col->role == ColumnRole::kId || col->role == ColumnRole::kLabel;
    bool rel_role = col->role == ColumnRole::kStartId || col->role == ColumnRole::kEndId ||
                    col->role == ColumnRole::kType;
    if ((kind == EntityKind::kNodes && rel_role) ||
        (kind == EntityKind::kRelationships && node_role)) {
        return Status(StatusCode::kInvalidArgument,
                      ":" + upper + " does not belong in a " +
                          (kind == EntityKind::kNodes ? "node" : "relationship") + " header");
    }
    return Status::Ok();
}

}  // namespace

const char* FieldTypeName(FieldType type) {
    switch (type) {
        case FieldType::kString:
            return "string";
        case FieldType::kInt:
            return "int";
        case FieldType::kFloat:
            return "float";
        case FieldType::kBool:
            return "boolean";
        case FieldType::kDate:
            return "date";
        case FieldType::kLocalTime:
            return "localtime";
        case FieldType::kTime:
            return "time";
        case FieldType::kLocalDateTime:
            return "localdatetime";
        case FieldType::kDateTime:
            return "datetime";
        case FieldType::kDuration:
            return "duration";
    }
    return "?";
}

Result<Header> ParseHeader(const std::vector<CsvField>& fields, EntityKind kind,
                           const std::string& where) {
    Header h;
    for (size_t i = 0; i < fields.size(); ++i) {
        Column col;
        Status st = ParseEntry(fields[i].text, kind, &col);
        if (!st.ok()) {
            return Status(
                StatusCode::kInvalidArgument,
                where + ": header entry '" + std::string(fields[i].text) + "': " + st.message());
        }
        int idx = static_cast<int>(i);
        int* slot = nullptr;
        if (col.role == ColumnRole::kId) slot = &h.id_column;
        if (col.role == ColumnRole::kStartId) slot = &h.start_column;
        if (col.role == ColumnRole::kEndId) slot = &h.end_column;
        if (col.role == ColumnRole::kType) slot = &h.type_column;
        if (slot != nullptr) {
            if (*slot >= 0) {
                return Status(StatusCode::kInvalidArgument, where + ": header has more than one '" +
                                                                std::string(fields[i].text) +
                                                                "' column");
            }
            *slot = idx;
        }
        h.columns.push_back(std::move(col));
    }
    if (kind == EntityKind::kRelationships && (h.start_column < 0 || h.end_column < 0)) {
        return Status(StatusCode::kInvalidArgument,
                      where + ": a relationship header needs :START_ID and :END_ID");
    }
    return h;
}

bool ParseField(std::string_view text, FieldType type, Value* out, std::string* error) {
    switch (type) {
        case FieldType::kString:
            *out = Value(std::string(text));
            return true;
        case FieldType::kInt: {
            std::string_view t = Trim(text);
            if (!t.empty() && t.front() == '+') t.remove_prefix(1);
            int64_t v = 0;
            auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
            if (ec != std::errc() || p != t.data() + t.size() || t.empty()) break;
            *out = Value(v);
            return true;
        }
        case FieldType::kFloat: {
            std::string_view t = Trim(text);
            if (!t.empty() && t.front() == '+') t.remove_prefix(1);
            double v = 0;
            auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
            if (ec != std::errc() || p != t.data() + t.size() || t.empty()) break;
            *out = Value(v);
            return true;
        }
        case FieldType::kBool: {
            std::string l = Lower(Trim(text));
            if (l != "true" && l != "false") break;
            *out = Value(l == "true");
            return true;
        }
        default:
            if (ParseTemporal(Trim(text), type, out)) return true;
            break;
    }
    *error = "'" + std::string(text) + "' is not a valid " + FieldTypeName(type);
    return false;
}

bool ParseColumnValue(const Column& col, std::string_view text, char array_delim, Value* out,
                      std::string* error) {
    if (!col.array) return ParseField(text, col.type, out, error);
    List items;
    for (std::string_view piece : SplitArray(text, array_delim)) {
        Value v;
        if (!ParseField(piece, col.type, &v, error)) return false;
        items.push_back(std::move(v));
    }
    *out = Value(std::move(items));
    return true;
}

}  // namespace nexus::import
