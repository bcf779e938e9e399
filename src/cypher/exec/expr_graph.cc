// Expression forms that read the graph or run sub-plans: graph functions (id, labels,
// type, keys, properties, startNode, endNode, nodes, relationships, length, exists),
// EXISTS/COUNT/COLLECT subqueries and pattern comprehensions, named paths, map projections.
#include <algorithm>

#include "cypher/exec/entity.h"
#include "cypher/exec/expr.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

Status ArgType(const std::string& fn, const Value& v) {
    return Status(StatusCode::kTypeError,
                  "Type mismatch: " + fn + "() does not accept " + ValueKindName(v.kind()));
}

Result<Value> Keys(const Value& v, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value props, PropertiesOf(v, ctx));
    if (props.is_null()) return Value();
    List out;
    for (const auto& [k, e] : props.as_map()) {
        // A map literal keeps its null entries as keys; stored properties are never null.
        out.emplace_back(k);
    }
    return Value(std::move(out));
}

Result<Value> PathPart(const std::string& fn, const Value& v) {
    if (v.is_null()) return Value();
    if (!v.is_path()) {
        if (fn == "length" && (v.is_string() || v.is_list())) {
            return Value(
                static_cast<int64_t>(v.is_string() ? v.as_string().size() : v.as_list().size()));
        }
        return ArgType(fn, v);
    }
    const Path& p = v.as_path();
    if (fn == "length") return Value(static_cast<int64_t>(p.relationships.size()));
    List out;
    if (fn == "nodes") {
        for (const Node& n : p.nodes) out.emplace_back(n);
    } else {
        for (const Relationship& r : p.relationships) out.emplace_back(r);
    }
    return Value(std::move(out));
}

// Pattern property maps: every entry must equal the entity's property.
Result<Value> PropsMatch(const Value& entity, const Value& map, ExecContext& ctx) {
    if (map.is_null()) return Value(true);
    if (!map.is_map()) {
        return Status(StatusCode::kTypeError, "Type mismatch: expected a map of properties");
    }
    for (const auto& [k, want] : map.as_map()) {
        ASSIGN_OR_RETURN(Value have, GetProperty(entity, k, ctx));
        if (Equals(have, want) != Tri::kTrue) return Value(false);
    }
    return Value(true);
}

}  // namespace

Result<Value> EvalGraphFunction(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value v, e.kids[0]->Eval(row, ctx));
    const std::string& fn = e.name;
    if (fn == "propsmatch") {
        if (v.is_null()) return Value(false);
        ASSIGN_OR_RETURN(Value map, e.kids[1]->Eval(row, ctx));
        return PropsMatch(v, map, ctx);
    }
    if (fn == "exists") return Value(!v.is_null());
    if (v.is_null()) return Value();
    if (fn == "id" || fn == "elementid") {
        int64_t id;
        if (v.is_node()) {
            id = v.as_node().id;
        } else if (v.is_relationship()) {
            id = v.as_relationship().id;
        } else {
            return ArgType(fn, v);
        }
        return fn == "id" ? Value(id) : Value(std::to_string(id));
    }
    if (fn == "labels") return LabelsOf(v, ctx);
    if (fn == "type") {
        if (!v.is_relationship()) return ArgType(fn, v);
        return Value(v.as_relationship().type);
    }
    if (fn == "keys") {
        if (!v.is_node() && !v.is_relationship() && !v.is_map()) return ArgType(fn, v);
        return Keys(v, ctx);
    }
    if (fn == "properties") return PropertiesOf(v, ctx);
    if (fn == "startnode" || fn == "endnode") {
        if (!v.is_relationship()) return ArgType(fn, v);
        const Relationship& r = v.as_relationship();
        return NodeRef(static_cast<graph::NodeId>(fn == "startnode" ? r.start_id : r.end_id));
    }
    return PathPart(fn, v);
}

Result<Value> EvalSubquery(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(auto cursor, OpenChild(*e.plan, ctx, row));
    Chunk chunk;
    int64_t count = 0;
    List collected;
    while (true) {
        ASSIGN_OR_RETURN(bool more, cursor->Next(&chunk));
        if (!more) break;
        if (e.name == "exists") return Value(true);
        count += static_cast<int64_t>(chunk.size());
        if (e.name == "collect") {
            for (Row& r : chunk.rows) {
                RETURN_IF_ERROR(ctx.Charge(ApproxSize(r[e.slot])));
                collected.push_back(std::move(r[e.slot]));
            }
        }
    }
    if (e.name == "exists") return Value(false);
    if (e.name == "count") return Value(count);
    return Value(std::move(collected));
}

Result<Value> EvalPath(const Expr& e, const Row& row, ExecContext& ctx) {
    Path path;
    for (size_t i = 0; i < e.kids.size(); ++i) {
        ASSIGN_OR_RETURN(Value v, e.kids[i]->Eval(row, ctx));
        if (v.is_null()) return Value();  // an unmatched OPTIONAL MATCH path
        if (i == 0) {
            path.nodes.push_back(v.as_node());
            continue;
        }
        if (i % 2 == 0) continue;  // nodes follow from the relationships
        std::vector<Relationship> rels;
        if (v.is_list()) {
            for (const Value& r : v.as_list()) rels.push_back(r.as_relationship());
        } else {
            rels.push_back(v.as_relationship());
        }
        for (const Relationship& r : rels) {
            int64_t cur = path.nodes.back().id;
            int64_t next = r.start_id == cur ? r.end_id : r.start_id;
            path.relationships.push_back(r);
            path.nodes.push_back(NodeRef(static_cast<graph::NodeId>(next)).as_node());
        }
    }
    return Value(std::move(path));
}

Result<Value> EvalMapProjection(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value base, e.kids[0]->Eval(row, ctx));
    if (base.is_null()) return Value();
    if (!base.is_map() && !base.is_node() && !base.is_relationship()) {
        return Status(StatusCode::kTypeError, "Type mismatch: expected a map but was " +
                                                  std::string(ValueKindName(base.kind())));
    }
    Map out;
    for (const auto& item : e.items) {
        switch (item.kind) {
            case MapProjectionItem::Kind::kProperty: {
                ASSIGN_OR_RETURN(Value v, GetProperty(base, item.key, ctx));
                out[item.key] = std::move(v);
                break;
            }
            case MapProjectionItem::Kind::kAllProperties: {
                ASSIGN_OR_RETURN(Value all, PropertiesOf(base, ctx));
                for (const auto& [k, v] : all.as_map()) out[k] = v;
                break;
            }
            default: {
                ASSIGN_OR_RETURN(Value v, item.value->Eval(row, ctx));
                out[item.key] = std::move(v);
            }
        }
    }
    return Value(std::move(out));
}

}  // namespace nexus::cypher::exec
