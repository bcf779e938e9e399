// Reading entity references: properties, labels and full materialization for results.
#include "cypher/exec/entity.h"

#include "cypher/functions/functions.h"

namespace nexus::cypher::exec {

Value NodeRef(graph::NodeId id) {
    Node n;
    n.id = static_cast<int64_t>(id);
    return Value(std::move(n));
}

Result<Value> RelRef(ExecContext& ctx, const graph::RelRecord& rec) {
    Relationship r;
    r.id = static_cast<int64_t>(rec.id);
    r.start_id = static_cast<int64_t>(rec.start);
    r.end_id = static_cast<int64_t>(rec.end);
    ASSIGN_OR_RETURN(r.type, ctx.TokenName(graph::TokenKind::kRelType, rec.type));
    return Value(std::move(r));
}

Status SetRelRef(ExecContext& ctx, const graph::RelRecord& rec, Value* slot) {
    if (!slot->is_relationship()) {
        ASSIGN_OR_RETURN(*slot, RelRef(ctx, rec));
        return Status::Ok();
    }
    ASSIGN_OR_RETURN(const std::string* type,
                     ctx.TokenNameRef(graph::TokenKind::kRelType, rec.type));
    // The slot's Value is not const: only its accessor is.
    auto& r = const_cast<Relationship&>(slot->as_relationship());
    r.id = static_cast<int64_t>(rec.id);
    r.start_id = static_cast<int64_t>(rec.start);
    r.end_id = static_cast<int64_t>(rec.end);
    r.type.assign(*type);
    r.properties.reset();
    return Status::Ok();
}

Result<Value> RelRefById(ExecContext& ctx, graph::RelId id) {
    ASSIGN_OR_RETURN(graph::RelRecord rec, ctx.reader()->Rel(id));
    return RelRef(ctx, rec);
}

namespace {

Result<std::shared_ptr<const Map>> ReadProps(ExecContext& ctx, const graph::PropertyList& props) {
    auto map = std::make_shared<Map>();
    for (const auto& [key, value] : props) {
        ASSIGN_OR_RETURN(std::string name, ctx.TokenName(graph::TokenKind::kPropertyKey, key));
        (*map)[name] = value;
    }
    return std::shared_ptr<const Map>(std::move(map));
}

// A negative id is a virtual entity (db.schema.visualization()): it carries its own labels and
// properties and is not in the store.
bool IsVirtual(int64_t id) {
    return id < 0;
}

Result<Node> FullNode(const Node& ref, ExecContext& ctx) {
    if (IsVirtual(ref.id)) return ref;
    Node n;
    n.id = ref.id;
    auto id = static_cast<graph::NodeId>(ref.id);
    if (ctx.deleted_nodes().count(id)) {
        n.properties = std::make_shared<Map>();
        return n;
    }
    ASSIGN_OR_RETURN(auto labels, ctx.reader()->NodeLabels(id));
    for (graph::TokenId l : labels) {
        ASSIGN_OR_RETURN(std::string name, ctx.TokenName(graph::TokenKind::kLabel, l));
        n.labels.push_back(std::move(name));
    }
    ASSIGN_OR_RETURN(auto props, ctx.reader()->NodeProperties(id));
    ASSIGN_OR_RETURN(n.properties, ReadProps(ctx, props));
    return n;
}

Result<Relationship> FullRel(const Relationship& ref, ExecContext& ctx) {
    Relationship r = ref;
    if (IsVirtual(ref.id)) return r;
    auto id = static_cast<graph::RelId>(ref.id);
    if (ctx.deleted_rels().count(id)) {
        r.properties = std::make_shared<Map>();
        return r;
    }
    ASSIGN_OR_RETURN(auto props, ctx.reader()->RelProperties(id));
    ASSIGN_OR_RETURN(r.properties, ReadProps(ctx, props));
    return r;
}

}  // namespace

Result<Value> Materialize(const Value& v, ExecContext& ctx) {
    switch (v.kind()) {
        case ValueKind::kNode: {
            ASSIGN_OR_RETURN(Node n, FullNode(v.as_node(), ctx));
            return Value(std::move(n));
        }
        case ValueKind::kRelationship: {
            ASSIGN_OR_RETURN(Relationship r, FullRel(v.as_relationship(), ctx));
            return Value(std::move(r));
        }
        case ValueKind::kPath: {
            Path p;
            for (const Node& n : v.as_path().nodes) {
                ASSIGN_OR_RETURN(Node full, FullNode(n, ctx));
                p.nodes.push_back(std::move(full));
            }
            for (const Relationship& r : v.as_path().relationships) {
                ASSIGN_OR_RETURN(Relationship full, FullRel(r, ctx));
                p.relationships.push_back(std::move(full));
            }
            return Value(std::move(p));
        }
        case ValueKind::kList: {
            List out;
            out.reserve(v.as_list().size());
            for (const Value& e : v.as_list()) {
                ASSIGN_OR_RETURN(Value m, Materialize(e, ctx));
                out.push_back(std::move(m));
            }
            return Value(std::move(out));
        }
        case ValueKind::kMap: {
            Map out;
            for (const auto& [k, e] : v.as_map()) {
                ASSIGN_OR_RETURN(Value m, Materialize(e, ctx));
                out.emplace(k, std::move(m));
            }
            return Value(std::move(out));
        }
        default:
            return v;
    }
}

namespace {

Result<Value> VirtualProperty(const std::shared_ptr<const Map>& props, const std::string& key) {
    if (!props) return Value();
    auto it = props->find(key);
    return it == props->end() ? Value() : it->second;
}

}  // namespace

Result<Value> GetProperty(const Value& v, const std::string& key, ExecContext& ctx) {
    if (v.is_node() && IsVirtual(v.as_node().id))
        return VirtualProperty(v.as_node().properties, key);
    if (v.is_relationship() && IsVirtual(v.as_relationship().id)) {
        return VirtualProperty(v.as_relationship().properties, key);
    }
    switch (v.kind()) {
        case ValueKind::kNull:
            return Value();
        case ValueKind::kNode: {
            auto id = static_cast<graph::NodeId>(v.as_node().id);
            if (ctx.deleted_nodes().count(id)) {
                return Status(StatusCode::kEntityNotFound,
                              "DeletedEntityAccess: node " + std::to_string(id) + " was deleted");
            }
            graph::TokenId tok = ctx.Token(graph::TokenKind::kPropertyKey, key);
            if (tok == graph::kNoToken) return Value();
            return ctx.NodeProperty(id, tok);
        }
        case ValueKind::kRelationship: {
            auto id = static_cast<graph::RelId>(v.as_relationship().id);
            if (ctx.deleted_rels().count(id)) {
                return Status(StatusCode::kEntityNotFound, "DeletedEntityAccess: relationship " +
                                                               std::to_string(id) + " was deleted");
            }
            graph::TokenId tok = ctx.Token(graph::TokenKind::kPropertyKey, key);
            if (tok == graph::kNoToken) return Value();
            return ctx.reader()->RelProperty(id, tok);
        }
        case ValueKind::kMap: {
            auto it = v.as_map().find(key);
            return it == v.as_map().end() ? Value() : it->second;
        }
        case ValueKind::kDate:
        case ValueKind::kTime:
        case ValueKind::kLocalTime:
        case ValueKind::kDateTime:
        case ValueKind::kLocalDateTime:
        case ValueKind::kDuration:
        case ValueKind::kPoint:
            return TemporalProperty(v, key);
        default:
            return Status(StatusCode::kTypeError,
                          std::string("Type mismatch: expected a map, node or relationship but "
                                      "was ") +
                              ValueKindName(v.kind()));
    }
}

Result<Value> PropertiesOf(const Value& v, ExecContext& ctx) {
    if (v.is_null()) return Value();
    if (v.is_map()) return v;
    if (v.is_node() || v.is_relationship()) {
        ASSIGN_OR_RETURN(Value full, Materialize(v, ctx));
        const auto& props =
            full.is_node() ? full.as_node().properties : full.as_relationship().properties;
        return Value(props ? *props : Map());
    }
    return Status(StatusCode::kTypeError,
                  std::string("InvalidArgumentValue: properties() of ") + ValueKindName(v.kind()));
}

Result<Value> LabelsOf(const Value& v, ExecContext& ctx) {
    if (v.is_null()) return Value();
    if (!v.is_node()) {
        return Status(StatusCode::kTypeError,
                      std::string("InvalidArgumentValue: labels() expects a node, got ") +
                          ValueKindName(v.kind()));
    }
    if (IsVirtual(v.as_node().id)) {
        return Value(List(v.as_node().labels.begin(), v.as_node().labels.end()));
    }
    ASSIGN_OR_RETURN(auto labels,
                     ctx.reader()->NodeLabels(static_cast<graph::NodeId>(v.as_node().id)));
    List out;
    for (graph::TokenId l : labels) {
        ASSIGN_OR_RETURN(std::string name, ctx.TokenName(graph::TokenKind::kLabel, l));
        out.emplace_back(std::move(name));
    }
    return Value(std::move(out));
}

}  // namespace nexus::cypher::exec
