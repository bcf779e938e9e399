// nexus::Value <-> JSON as Neo4j's HTTP API shows it: entities as their property maps with
// a parallel "meta" entry, temporals as ISO strings, points as GeoJSON-like objects.
#include "common/temporal_format.h"
#include "server/http/http_api.h"

namespace nexus::server::http {

using nlohmann::json;

namespace {

json Props(const std::shared_ptr<const Map>& props) {
    json o = json::object();
    if (props) {
        for (const auto& [k, v] : *props) o[k] = ValueToJson(v);
    }
    return o;
}

json EntityMeta(int64_t id, const char* type) {
    return json{{"id", id}, {"elementId", std::to_string(id)}, {"type", type}, {"deleted", false}};
}

}  // namespace

json ValueToJson(const Value& v) {
    switch (v.kind()) {
        case ValueKind::kNull:
            return nullptr;
        case ValueKind::kBool:
            return v.as_bool();
        case ValueKind::kInt:
            return v.as_int();
        case ValueKind::kFloat:
            return v.as_float();
        case ValueKind::kString:
            return v.as_string();
        case ValueKind::kList: {
            json a = json::array();
            for (const Value& e : v.as_list()) a.push_back(ValueToJson(e));
            return a;
        }
        case ValueKind::kMap: {
            json o = json::object();
            for (const auto& [k, e] : v.as_map()) o[k] = ValueToJson(e);
            return o;
        }
        case ValueKind::kNode:
            return Props(v.as_node().properties);
        case ValueKind::kRelationship:
            return Props(v.as_relationship().properties);
        case ValueKind::kPath: {
            const Path& p = v.as_path();
            json a = json::array();
            for (size_t i = 0; i < p.nodes.size(); ++i) {
                a.push_back(Props(p.nodes[i].properties));
                if (i < p.relationships.size()) a.push_back(Props(p.relationships[i].properties));
            }
            return a;
        }
        case ValueKind::kPoint: {
            const Point& p = v.as_point();
            json coords = json::array({p.x, p.y});
            if (p.is_3d()) coords.push_back(p.z);
            return json{{"type", "Point"},
                        {"coordinates", coords},
                        {"crs",
                         {{"srid", p.srid},
                          {"name", temporal::CrsName(p.srid)},
                          {"type", "link"},
                          {"properties",
                           {{"href", "http://spatialreference.org/ref/sr-org/" +
                                         std::to_string(p.srid) + "/ogcwkt/"},
                            {"type", "ogcwkt"}}}}}};
        }
        default:
            return temporal::FormatTemporal(v);
    }
}

json ValueMeta(const Value& v) {
    switch (v.kind()) {
        case ValueKind::kNode:
            return EntityMeta(v.as_node().id, "node");
        case ValueKind::kRelationship:
            return EntityMeta(v.as_relationship().id, "relationship");
        case ValueKind::kPath: {
            json a = json::array();
            const Path& p = v.as_path();
            for (size_t i = 0; i < p.nodes.size(); ++i) {
                a.push_back(EntityMeta(p.nodes[i].id, "node"));
                if (i < p.relationships.size()) {
                    a.push_back(EntityMeta(p.relationships[i].id, "relationship"));
                }
            }
            return a;
        }
        case ValueKind::kDate:
            return json{{"type", "date"}};
        case ValueKind::kTime:
            return json{{"type", "time"}};
        case ValueKind::kLocalTime:
            return json{{"type", "localtime"}};
        case ValueKind::kDateTime:
            return json{{"type", "datetime"}};
        case ValueKind::kLocalDateTime:
            return json{{"type", "localdatetime"}};
        case ValueKind::kDuration:
            return json{{"type", "duration"}};
        case ValueKind::kPoint:
            return json{{"type", "point"}};
        case ValueKind::kList: {
            json a = json::array();
            for (const Value& e : v.as_list()) a.push_back(ValueMeta(e));
            return a;
        }
        default:
            return nullptr;
    }
}

Result<Value> JsonToValue(const json& j) {
    switch (j.type()) {
        case json::value_t::null:
            return Value();
        case json::value_t::boolean:
            return Value(j.get<bool>());
        case json::value_t::number_integer:
            return Value(j.get<int64_t>());
        case json::value_t::number_unsigned: {
            uint64_t u = j.get<uint64_t>();
            if (u > static_cast<uint64_t>(INT64_MAX)) {
                return Status(StatusCode::kArgumentError, "integer parameter out of range");
            }
            return Value(static_cast<int64_t>(u));
        }
        case json::value_t::number_float:
            return Value(j.get<double>());
        case json::value_t::string:
            return Value(j.get<std::string>());
        case json::value_t::array: {
            List l;
            for (const json& e : j) {
                ASSIGN_OR_RETURN(Value v, JsonToValue(e));
                l.push_back(std::move(v));
            }
            return Value(std::move(l));
        }
        case json::value_t::object: {
            Map m;
            for (auto it = j.begin(); it != j.end(); ++it) {
                ASSIGN_OR_RETURN(Value v, JsonToValue(it.value()));
                m[it.key()] = std::move(v);
            }
            return Value(std::move(m));
        }
        default:
            return Status(StatusCode::kArgumentError, "unsupported JSON parameter value");
    }
}

}  // namespace nexus::server::http
