// db.schema.visualization(): the graph's shape as one row of virtual nodes (one per label in
// use, with its indexed and unique-constrained properties) and virtual relationships (one per
// (start label, type, end label) that some stored relationship has), as Neo4j returns it.
// Virtual entities take negative ids so they never collide with stored ones.
#include <map>
#include <set>
#include <tuple>

#include "cypher/procedures/procedures.h"

namespace nexus::cypher::procedures {
namespace {

using LabelTriple = std::tuple<graph::TokenId, graph::TokenId, graph::TokenId>;

// Every (start label, type, end label) combination present. Reads each relationship once;
// the labels of a node are looked up once and remembered, since hubs recur.
Result<std::set<LabelTriple>> RelationshipShapes(graph::GraphReader* reader) {
    std::set<LabelTriple> shapes;
    std::map<graph::NodeId, std::vector<graph::TokenId>> labels_of;
    auto labels = [&](graph::NodeId n) -> Result<const std::vector<graph::TokenId>*> {
        auto it = labels_of.find(n);
        if (it == labels_of.end()) {
            ASSIGN_OR_RETURN(std::vector<graph::TokenId> ls, reader->NodeLabels(n));
            if (labels_of.size() > (size_t{1} << 20)) labels_of.clear();  // bound the memo
            it = labels_of.emplace(n, std::move(ls)).first;
        }
        return &it->second;
    };
    std::unique_ptr<graph::RelCursor> rels = reader->ScanRels();
    graph::RelId ids[256];
    for (size_t n; (n = rels->Next(ids, 256)) > 0;) {
        for (size_t i = 0; i < n; ++i) {
            ASSIGN_OR_RETURN(graph::RelRecord r, reader->Rel(ids[i]));
            ASSIGN_OR_RETURN(const std::vector<graph::TokenId>* from, labels(r.start));
            std::vector<graph::TokenId> from_copy = *from;  // `to` may evict the memo
            ASSIGN_OR_RETURN(const std::vector<graph::TokenId>* to, labels(r.end));
            for (graph::TokenId a : from_copy) {
                for (graph::TokenId b : *to) shapes.emplace(a, r.type, b);
            }
        }
    }
    RETURN_IF_ERROR(rels->status());
    return shapes;
}

}  // namespace

Result<std::vector<std::vector<Value>>> SchemaVisualization(exec::ExecContext& ctx,
                                                            const std::vector<Value>&) {
    graph::GraphReader* reader = ctx.reader();
    std::map<graph::TokenId, List> indexes, constraints;
    for (const auto& def : reader->Indexes()) {
        std::string props;  // a composite index is one entry, "a,b" as Neo4j shows it
        for (auto p : def.properties) {
            ASSIGN_OR_RETURN(std::string key, ctx.TokenName(graph::TokenKind::kPropertyKey, p));
            props += (props.empty() ? "" : ",") + key;
        }
        (def.unique ? constraints : indexes)[def.label].emplace_back(std::move(props));
    }
    List nodes;
    std::map<graph::TokenId, int64_t> node_id;
    for (const auto& [label, name] : reader->Tokens(graph::TokenKind::kLabel)) {
        if (reader->CountNodes(label) == 0) continue;
        auto props = std::make_shared<Map>();
        (*props)["name"] = Value(name);
        (*props)["indexes"] = Value(indexes[label]);
        (*props)["constraints"] = Value(constraints[label]);
        int64_t id = -static_cast<int64_t>(nodes.size()) - 1;
        node_id[label] = id;
        nodes.emplace_back(Node{id, {name}, std::move(props)});
    }
    ASSIGN_OR_RETURN(std::set<LabelTriple> shapes, RelationshipShapes(reader));
    List rels;
    for (const auto& [from, type, to] : shapes) {
        if (!node_id.count(from) || !node_id.count(to)) continue;
        ASSIGN_OR_RETURN(std::string type_name, ctx.TokenName(graph::TokenKind::kRelType, type));
        auto props = std::make_shared<Map>();
        (*props)["name"] = Value(type_name);
        int64_t id = -static_cast<int64_t>(rels.size()) - 1;
        rels.emplace_back(
            Relationship{id, node_id[from], node_id[to], type_name, std::move(props)});
    }
    std::vector<std::vector<Value>> rows;
    rows.push_back({Value(std::move(nodes)), Value(std::move(rels))});
    return rows;
}

}  // namespace nexus::cypher::procedures
