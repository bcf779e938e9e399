// Value: type names, copy-on-write access and Cypher literal rendering.
#include "nexus/value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "common/float_format.h"
#include "common/temporal_format.h"

namespace nexus {

const char* ValueKindName(ValueKind kind) {
    switch (kind) {
        case ValueKind::kNull:
            return "NULL";
        case ValueKind::kBool:
            return "BOOLEAN";
        case ValueKind::kInt:
            return "INTEGER";
        case ValueKind::kFloat:
            return "FLOAT";
        case ValueKind::kString:
            return "STRING";
        case ValueKind::kList:
            return "LIST";
        case ValueKind::kMap:
            return "MAP";
        case ValueKind::kNode:
            return "NODE";
        case ValueKind::kRelationship:
            return "RELATIONSHIP";
        case ValueKind::kPath:
            return "PATH";
        case ValueKind::kDate:
            return "DATE";
        case ValueKind::kLocalTime:
            return "LOCAL TIME";
        case ValueKind::kTime:
            return "ZONED TIME";
        case ValueKind::kLocalDateTime:
            return "LOCAL DATETIME";
        case ValueKind::kDateTime:
            return "ZONED DATETIME";
        case ValueKind::kDuration:
            return "DURATION";
        case ValueKind::kPoint:
            return "POINT";
    }
    return "ANY";
}

List& Value::mutable_list() {
    auto& p = std::get<std::shared_ptr<List>>(v_);
    if (p.use_count() > 1) p = std::make_shared<List>(*p);
    return *p;
}

Map& Value::mutable_map() {
    auto& p = std::get<std::shared_ptr<Map>>(v_);
    if (p.use_count() > 1) p = std::make_shared<Map>(*p);
    return *p;
}

namespace {

std::string QuoteString(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    out += '\'';
    return out;
}

std::string FormatProps(const std::shared_ptr<const Map>& props) {
    if (!props || props->empty()) return "";
    std::string out = " {";
    bool first = true;
    for (const auto& [k, v] : *props) {
        if (!first) out += ", ";
        first = false;
        out += k + ": " + v.ToString();
    }
    return out + "}";
}

std::string FormatNode(const Node& n) {
    std::string out = "(";
    for (const auto& l : n.labels) out += ":" + l;
    out += FormatProps(n.properties);
    return out + ")";
}

std::string FormatRel(const Relationship& r) {
    return "[:" + r.type + FormatProps(r.properties) + "]";
}

}  // namespace

std::string Value::ToString() const {
    switch (kind()) {
        case ValueKind::kNull:
            return "null";
        case ValueKind::kBool:
            return as_bool() ? "true" : "false";
        case ValueKind::kInt:
            return std::to_string(as_int());
        case ValueKind::kFloat:
            return FormatCypherFloat(as_float());
        case ValueKind::kString:
            return QuoteString(as_string());
        case ValueKind::kList: {
            std::string out = "[";
            bool first = true;
            for (const auto& v : as_list()) {
                if (!first) out += ", ";
                first = false;
                out += v.ToString();
            }
            return out + "]";
        }
        case ValueKind::kMap: {
            std::string out = "{";
            bool first = true;
            for (const auto& [k, v] : as_map()) {
                if (!first) out += ", ";
                first = false;
                out += k + ": " + v.ToString();
            }
            return out + "}";
        }
        case ValueKind::kNode:
            return FormatNode(as_node());
        case ValueKind::kRelationship:
            return FormatRel(as_relationship());
        case ValueKind::kPath: {
            const Path& p = as_path();
            std::string out = "<";
            for (size_t i = 0; i < p.nodes.size(); ++i) {
                out += FormatNode(p.nodes[i]);
                if (i < p.relationships.size()) {
                    const Relationship& r = p.relationships[i];
                    bool forward = r.start_id == p.nodes[i].id;
                    out += forward ? "-" + FormatRel(r) + "->" : "<-" + FormatRel(r) + "-";
                }
            }
            return out + ">";
        }
        default:
            break;
    }
    // Temporal, duration and point values print in their ISO / point() text form.
    return temporal::FormatTemporal(*this);
}

}  // namespace nexus
