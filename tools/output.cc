// Result rendering for the nexus command (table, csv, json, jsonl) and statement summaries.
#include "output.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace nexus::tools {
namespace {

std::string TableCell(const Value& v) {
    std::string s = v.ToString();
    std::string out;
    for (char c : s) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out += c;
        }
    }
    return out;
}

std::string CsvField(const Value& v) {
    std::string s = v.is_string() ? v.as_string() : v.is_null() ? "" : v.ToString();
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

nlohmann::json PropsToJson(const std::shared_ptr<const Map>& props) {
    nlohmann::json j = nlohmann::json::object();
    if (props) {
        for (const auto& [k, v] : *props) j[k] = ValueToJson(v);
    }
    return j;
}

nlohmann::json NodeToJson(const Node& n) {
    return {{"id", n.id}, {"labels", n.labels}, {"properties", PropsToJson(n.properties)}};
}

nlohmann::json RelToJson(const Relationship& r) {
    return {{"id", r.id},
            {"type", r.type},
            {"start", r.start_id},
            {"end", r.end_id},
            {"properties", PropsToJson(r.properties)}};
}

void WriteTable(std::ostream& out, const ResultTable& r) {
    size_t n = r.columns.size();
    std::vector<size_t> width(n);
    std::vector<std::vector<std::string>> cells;
    cells.reserve(r.rows.size());
    for (size_t c = 0; c < n; ++c) width[c] = DisplayWidth(r.columns[c]);
    for (const auto& row : r.rows) {
        std::vector<std::string> line;
        for (size_t c = 0; c < n && c < row.size(); ++c) {
            line.push_back(TableCell(row[c]));
            width[c] = std::max(width[c], DisplayWidth(line.back()));
        }
        cells.push_back(std::move(line));
    }
    std::string rule = "+";
    for (size_t c = 0; c < n; ++c) rule += std::string(width[c] + 2, '-') + "+";
    auto print_line = [&](const std::vector<std::string>& line) {
        out << "|";
        for (size_t c = 0; c < n; ++c) {
            const std::string& s = c < line.size() ? line[c] : std::string();
            out << " " << s << std::string(width[c] - DisplayWidth(s), ' ') << " |";
        }
        out << "\n";
    };
    if (n == 0) return;
    out << rule << "\n";
    print_line(r.columns);
    out << rule << "\n";
    for (const auto& line : cells) print_line(line);
    out << rule << "\n";
}

void Plural(std::string* out, int64_t n, const char* one, const char* many) {
    if (n == 0) return;
    *out += ", " + std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(std::string_view text) {
    if (text == "table") return OutputFormat::kTable;
    if (text == "csv") return OutputFormat::kCsv;
    if (text == "json") return OutputFormat::kJson;
    if (text == "jsonl") return OutputFormat::kJsonl;
    return Status(StatusCode::kInvalidArgument,
                  "unknown format '" + std::string(text) + "' (table, csv, json or jsonl)");
}

const char* OutputFormatName(OutputFormat format) {
    switch (format) {
        case OutputFormat::kTable:
            return "table";
        case OutputFormat::kCsv:
            return "csv";
        case OutputFormat::kJson:
            return "json";
        case OutputFormat::kJsonl:
            return "jsonl";
    }
    return "table";
}

nlohmann::json ValueToJson(const Value& v) {
    switch (v.kind()) {
        case ValueKind::kNull:
            return nullptr;
        case ValueKind::kBool:
            return v.as_bool();
        case ValueKind::kInt:
            return v.as_int();
        case ValueKind::kFloat: {
            double d = v.as_float();
            if (std::isnan(d)) return "NaN";
            if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
            return d;
        }
        case ValueKind::kString:
            return v.as_string();
        case ValueKind::kList: {
            nlohmann::json j = nlohmann::json::array();
            for (const auto& e : v.as_list()) j.push_back(ValueToJson(e));
            return j;
        }
        case ValueKind::kMap: {
            nlohmann::json j = nlohmann::json::object();
            for (const auto& [k, e] : v.as_map()) j[k] = ValueToJson(e);
            return j;
        }
        case ValueKind::kNode:
            return NodeToJson(v.as_node());
        case ValueKind::kRelationship:
            return RelToJson(v.as_relationship());
        case ValueKind::kPath: {
            nlohmann::json nodes = nlohmann::json::array(), rels = nlohmann::json::array();
            for (const auto& n : v.as_path().nodes) nodes.push_back(NodeToJson(n));
            for (const auto& r : v.as_path().relationships) rels.push_back(RelToJson(r));
            return {{"nodes", nodes}, {"relationships", rels}};
        }
        default: {
            std::string s = v.ToString();
            if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'')
                s = s.substr(1, s.size() - 2);
            return s;
        }
    }
}

void WriteResult(std::ostream& out, OutputFormat format, const ResultTable& r) {
    switch (format) {
        case OutputFormat::kTable:
            WriteTable(out, r);
            break;
        case OutputFormat::kCsv: {
            if (r.columns.empty()) break;
            for (size_t c = 0; c < r.columns.size(); ++c) {
                out << (c ? "," : "") << CsvField(Value(r.columns[c]));
            }
            out << "\n";
            for (const auto& row : r.rows) {
                for (size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << CsvField(row[c]);
                out << "\n";
            }
            break;
        }
        case OutputFormat::kJson:
        case OutputFormat::kJsonl: {
            nlohmann::json all = nlohmann::json::array();
            for (const auto& row : r.rows) {
                nlohmann::json obj = nlohmann::json::object();
                for (size_t c = 0; c < r.columns.size() && c < row.size(); ++c) {
                    obj[r.columns[c]] = ValueToJson(row[c]);
                }
                if (format == OutputFormat::kJsonl) {
                    out << obj.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                        << "\n";
                } else {
                    all.push_back(std::move(obj));
                }
            }
            if (format == OutputFormat::kJson && !r.columns.empty()) {
                out << all.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            }
            break;
        }
    }
}

std::string Summary(size_t rows, const QueryStats& s) {
    std::string out = std::to_string(rows) + (rows == 1 ? " row" : " rows");
    Plural(&out, s.nodes_created, "node created", "nodes created");
    Plural(&out, s.nodes_deleted, "node deleted", "nodes deleted");
    Plural(&out, s.relationships_created, "relationship created", "relationships created");
    Plural(&out, s.relationships_deleted, "relationship deleted", "relationships deleted");
    Plural(&out, s.properties_set, "property set", "properties set");
    Plural(&out, s.labels_added, "label added", "labels added");
    Plural(&out, s.labels_removed, "label removed", "labels removed");
    Plural(&out, s.indexes_added, "index added", "indexes added");
    Plural(&out, s.indexes_removed, "index removed", "indexes removed");
    Plural(&out, s.constraints_added, "constraint added", "constraints added");
    Plural(&out, s.constraints_removed, "constraint removed", "constraints removed");
    return out;
}

size_t DisplayWidth(std::string_view text) {
    size_t n = 0;
    for (unsigned char c : text) {
        if ((c & 0xC0) != 0x80) ++n;  // count lead bytes only
    }
    return n;
}

}  // namespace nexus::tools
