// MemGraph: std::map-backed nodes, relationships, tokens and (scan-based) indexes.
#include "mem_graph.h"

#include <algorithm>

namespace nexus::cypher::testutil {
namespace {

using graph::Direction;
using graph::NodeId;
using graph::RelId;
using graph::TokenId;

template <typename Id>
class VectorCursor : public graph::IdCursor<Id> {
  public:
    explicit VectorCursor(std::vector<Id> ids) : ids_(std::move(ids)) {}
    size_t Next(Id* out, size_t max) override {
        size_t n = std::min(max, ids_.size() - pos_);
        std::copy_n(ids_.begin() + pos_, n, out);
        pos_ += n;
        return n;
    }

  private:
    std::vector<Id> ids_;
    size_t pos_ = 0;
};

// Index keys compare numerically across int/float and by representation otherwise.
bool SameKey(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) return a.as_number() == b.as_number();
    return a.kind() == b.kind() && a.ToString() == b.ToString();
}

graph::PropertyList ToList(const std::map<TokenId, Value>& props) {
    return graph::PropertyList(props.begin(), props.end());
}

Status CheckStorable(const Value& v) {
    if (v.is_map() || v.is_node() || v.is_relationship() || v.is_path()) {
        return Status(StatusCode::kTypeError, "Property values can only be of primitive types");
    }
    if (v.is_list()) {
        for (const Value& e : v.as_list()) {
            if (e.is_list() || e.is_map() || e.is_node() || e.is_relationship()) {
                return Status(StatusCode::kTypeError,
                              "Property values can only be of primitive types or arrays");
            }
        }
    }
    return Status::Ok();
}

}  // namespace

TokenId MemGraph::FindToken(graph::TokenKind kind, std::string_view name) {
    auto& names = tokens_[static_cast<int>(kind)];
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) return static_cast<TokenId>(i);
    }
    return graph::kNoToken;
}

Result<std::string> MemGraph::TokenName(graph::TokenKind kind, TokenId id) {
    auto& names = tokens_[static_cast<int>(kind)];
    if (id >= names.size()) return Status(StatusCode::kNotFound, "no such token");
    return names[id];
}

std::vector<std::pair<TokenId, std::string>> MemGraph::Tokens(graph::TokenKind kind) {
    std::vector<std::pair<TokenId, std::string>> out;
    auto& names = tokens_[static_cast<int>(kind)];
    for (size_t i = 0; i < names.size(); ++i) out.emplace_back(static_cast<TokenId>(i), names[i]);
    return out;
}

Result<TokenId> MemGraph::GetOrCreateToken(graph::TokenKind kind, std::string_view name) {
    TokenId id = FindToken(kind, name);
    if (id != graph::kNoToken) return id;
    tokens_[static_cast<int>(kind)].emplace_back(name);
    return static_cast<TokenId>(tokens_[static_cast<int>(kind)].size() - 1);
}

Result<bool> MemGraph::NodeExists(NodeId node) {
    return nodes_.count(node) > 0;
}

Result<std::vector<TokenId>> MemGraph::NodeLabels(NodeId node) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return Status(StatusCode::kEntityNotFound, "no such node");
    return std::vector<TokenId>(it->second.labels.begin(), it->second.labels.end());
}

Result<bool> MemGraph::NodeHasLabel(NodeId node, TokenId label) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return Status(StatusCode::kEntityNotFound, "no such node");
    return it->second.labels.count(label) > 0;
}

Result<Value> MemGraph::NodeProperty(NodeId node, TokenId key) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return Status(StatusCode::kEntityNotFound, "no such node");
    auto p = it->second.props.find(key);
    return p == it->second.props.end() ? Value() : p->second;
}

Result<graph::PropertyList> MemGraph::NodeProperties(NodeId node) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return Status(StatusCode::kEntityNotFound, "no such node");
    return ToList(it->second.props);
}

std::unique_ptr<graph::NodeCursor> MemGraph::ScanNodes() {
    std::vector<NodeId> ids;
    for (auto& [id, rec] : nodes_) ids.push_back(id);
    return std::make_unique<VectorCursor<NodeId>>(std::move(ids));
}

std::unique_ptr<graph::NodeCursor> MemGraph::ScanLabel(TokenId label) {
    std::vector<NodeId> ids;
    for (auto& [id, rec] : nodes_) {
        if (rec.labels.count(label)) ids.push_back(id);
    }
    return std::make_unique<VectorCursor<NodeId>>(std::move(ids));
}

Result<bool> MemGraph::RelExists(RelId rel) {
    return rels_.count(rel) > 0;
}

Result<graph::RelRecord> MemGraph::Rel(RelId rel) {
    auto it = rels_.find(rel);
    if (it == rels_.end()) return Status(StatusCode::kEntityNotFound, "no such relationship");
    return it->second.rec;
}

Result<Value> MemGraph::RelProperty(RelId rel, TokenId key) {
    auto it = rels_.find(rel);
    if (it == rels_.end()) return Status(StatusCode::kEntityNotFound, "no such relationship");
    auto p = it->second.props.find(key);
    return p == it->second.props.end() ? Value() : p->second;
}

Result<graph::PropertyList> MemGraph::RelProperties(RelId rel) {
    auto it = rels_.find(rel);
    if (it == rels_.end()) return Status(StatusCode::kEntityNotFound, "no such relationship");
    return ToList(it->second.props);
}

std::unique_ptr<graph::RelCursor> MemGraph::ScanRels() {
    std::vector<RelId> ids;
    for (auto& [id, rec] : rels_) ids.push_back(id);
    return std::make_unique<VectorCursor<RelId>>(std::move(ids));
}

Status MemGraph::Expand(NodeId node, Direction dir, std::span<const TokenId> types,
                        std::vector<graph::AdjEntry>* out) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return Status(StatusCode::kEntityNotFound, "no such node");
    auto wanted = [&](TokenId t) {
        return types.empty() || std::find(types.begin(), types.end(), t) != types.end();
    };
    if (dir != Direction::kIncoming) {
        for (RelId r : it->second.out) {
            const auto& rec = rels_[r].rec;
            if (wanted(rec.type)) out->push_back({r, rec.end, rec.type, Direction::kOutgoing});
        }
    }
    if (dir != Direction::kOutgoing) {
        for (RelId r : it->second.in) {
            const auto& rec = rels_[r].rec;
            // A self-loop appears once for kBoth, as an outgoing entry.
            if (dir == Direction::kBoth && rec.start == rec.end) continue;
            if (wanted(rec.type)) out->push_back({r, rec.start, rec.type, Direction::kIncoming});
        }
    }
    return Status::Ok();
}

Result<uint64_t> MemGraph::Degree(NodeId node, Direction dir, std::span<const TokenId> types) {
    std::vector<graph::AdjEntry> adj;
    RETURN_IF_ERROR(Expand(node, dir, types, &adj));
    return static_cast<uint64_t>(adj.size());
}

uint64_t MemGraph::CountNodes(TokenId label) {
    if (label == graph::kNoToken) return nodes_.size();
    uint64_t n = 0;
    for (auto& [id, rec] : nodes_) n += rec.labels.count(label);
    return n;
}

uint64_t MemGraph::CountRels(TokenId type) {
    if (type == graph::kNoToken) return rels_.size();
    uint64_t n = 0;
    for (auto& [id, rec] : rels_) n += rec.rec.type == type;
    return n;
}

std::vector<graph::IndexDef> MemGraph::Indexes() {
    return indexes_;
}

bool MemGraph::KeyMatches(const graph::IndexDef& def, NodeId node, std::span<const Value> key) {
    const NodeRec& rec = nodes_[node];
    if (!rec.labels.count(def.label) || key.size() != def.properties.size()) return false;
    for (size_t i = 0; i < key.size(); ++i) {
        auto p = rec.props.find(def.properties[i]);
        if (p == rec.props.end() || !SameKey(p->second, key[i])) return false;
    }
    return true;
}

std::unique_ptr<graph::NodeCursor> MemGraph::IndexSeek(graph::IndexId index,
                                                       std::span<const Value> key) {
    ++index_seeks_;
    std::vector<NodeId> ids;
    for (const auto& def : indexes_) {
        if (def.id != index) continue;
        for (auto& [id, rec] : nodes_) {
            if (KeyMatches(def, id, key)) ids.push_back(id);
        }
    }
    return std::make_unique<VectorCursor<NodeId>>(std::move(ids));
}

std::unique_ptr<graph::NodeCursor> MemGraph::IndexRange(graph::IndexId index,
                                                        const graph::IndexBound* lower,
                                                        const graph::IndexBound* upper) {
    std::vector<NodeId> ids;
    for (const auto& def : indexes_) {
        if (def.id != index) continue;
        for (auto& [id, rec] : nodes_) {
            if (!rec.labels.count(def.label)) continue;
            auto p = rec.props.find(def.properties[0]);
            if (p == rec.props.end() || !p->second.is_number()) continue;
            double v = p->second.as_number();
            if (lower && lower->value.is_number()) {
                double l = lower->value.as_number();
                if (v < l || (v == l && !lower->inclusive)) continue;
            }
            if (upper && upper->value.is_number()) {
                double u = upper->value.as_number();
                if (v > u || (v == u && !upper->inclusive)) continue;
            }
            ids.push_back(id);
        }
    }
    return std::make_unique<VectorCursor<NodeId>>(std::move(ids));
}

Status MemGraph::CheckUnique(NodeId node) {
    for (const auto& def : indexes_) {
        if (!def.unique || !nodes_[node].labels.count(def.label)) continue;
        std::vector<Value> key;
        for (TokenId p : def.properties) {
            auto it = nodes_[node].props.find(p);
            if (it == nodes_[node].props.end()) break;
            key.push_back(it->second);
        }
        if (key.size() != def.properties.size()) continue;
        for (auto& [id, rec] : nodes_) {
            if (id != node && KeyMatches(def, id, key)) {
                return Status(StatusCode::kConstraintViolation,
                              "Node(" + std::to_string(id) + ") already exists with label `" +
                                  tokens_[0][def.label] + "`");
            }
        }
    }
    return Status::Ok();
}

Result<NodeId> MemGraph::CreateNode(std::span<const TokenId> labels,
                                    const graph::PropertyList& props) {
    NodeId id = next_node_++;
    NodeRec& rec = nodes_[id];
    rec.labels.insert(labels.begin(), labels.end());
    for (const auto& [k, v] : props) {
        RETURN_IF_ERROR(CheckStorable(v));
        if (!v.is_null()) rec.props[k] = v;
    }
    Status st = CheckUnique(id);
    if (!st.ok()) {
        nodes_.erase(id);
        return st;
    }
    return id;
}

Result<RelId> MemGraph::CreateRel(NodeId start, NodeId end, TokenId type,
                                  const graph::PropertyList& props) {
    if (!nodes_.count(start) || !nodes_.count(end)) {
        return Status(StatusCode::kEntityNotFound, "relationship endpoint does not exist");
    }
    RelId id = next_rel_++;
    RelRec& rec = rels_[id];
    rec.rec = {id, start, end, type};
    for (const auto& [k, v] : props) {
        RETURN_IF_ERROR(CheckStorable(v));
        if (!v.is_null()) rec.props[k] = v;
    }
    nodes_[start].out.insert(id);
    nodes_[end].in.insert(id);
    return id;
}

Status MemGraph::DeleteNode(NodeId node) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return Status::Ok();
    if (!it->second.out.empty() || !it->second.in.empty()) {
        return Status(StatusCode::kDeleteConnected,
                      "Cannot delete node<" + std::to_string(node) +
                          ">, because it still has relationships. To delete this node, you "
                          "must first delete its relationships.");
    }
    nodes_.erase(it);
    return Status::Ok();
}

Status MemGraph::DeleteRel(RelId rel) {
    auto it = rels_.find(rel);
    if (it == rels_.end()) return Status::Ok();
    nodes_[it->second.rec.start].out.erase(rel);
    nodes_[it->second.rec.end].in.erase(rel);
    rels_.erase(it);
    return Status::Ok();
}

Status MemGraph::SetNodeProperty(NodeId node, TokenId key, const Value& value) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return Status(StatusCode::kEntityNotFound, "no such node");
    RETURN_IF_ERROR(CheckStorable(value));
    std::optional<Value> old;
    if (auto p = it->second.props.find(key); p != it->second.props.end()) old = p->second;
    if (value.is_null()) {
        it->second.props.erase(key);
    } else {
        it->second.props[key] = value;
    }
    Status st = CheckUnique(node);
    if (!st.ok()) {
        if (old)
            it->second.props[key] = *old;
        else
            it->second.props.erase(key);
    }
    return st;
}

Status MemGraph::SetRelProperty(RelId rel, TokenId key, const Value& value) {
    auto it = rels_.find(rel);
    if (it == rels_.end()) return Status(StatusCode::kEntityNotFound, "no such relationship");
    RETURN_IF_ERROR(CheckStorable(value));
    if (value.is_null()) {
        it->second.props.erase(key);
    } else {
        it->second.props[key] = value;
    }
    return Status::Ok();
}

Result<bool> MemGraph::AddLabel(NodeId node, TokenId label) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return Status(StatusCode::kEntityNotFound, "no such node");
    bool added = it->second.labels.insert(label).second;
    if (added) {
        Status st = CheckUnique(node);
        if (!st.ok()) {
            it->second.labels.erase(label);
            return st;
        }
    }
    return added;
}

Result<bool> MemGraph::RemoveLabel(NodeId node, TokenId label) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return Status(StatusCode::kEntityNotFound, "no such node");
    return it->second.labels.erase(label) > 0;
}

Result<graph::IndexId> MemGraph::CreateIndex(const std::string& name, TokenId label,
                                             const std::vector<TokenId>& properties, bool unique) {
    for (const auto& def : indexes_) {
        if ((!name.empty() && def.name == name) ||
            (def.label == label && def.properties == properties)) {
            return Status(StatusCode::kSchemaError, "An equivalent index already exists");
        }
    }
    graph::IndexDef def{next_index_++, name, label, properties, unique};
    if (def.name.empty()) def.name = "index_" + std::to_string(def.id);
    indexes_.push_back(def);
    if (unique) {
        for (auto& [id, rec] : nodes_) {
            Status st = CheckUnique(id);
            if (!st.ok()) {
                indexes_.pop_back();
                return st;
            }
        }
    }
    return def.id;
}

Status MemGraph::DropIndex(graph::IndexId index) {
    for (auto it = indexes_.begin(); it != indexes_.end(); ++it) {
        if (it->id == index) {
            indexes_.erase(it);
            return Status::Ok();
        }
    }
    return Status(StatusCode::kSchemaError, "no such index");
}

}  // namespace nexus::cypher::testutil
