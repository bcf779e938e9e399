// Transaction: the embedded API's direct graph operations (names <-> tokens, Map <->
// PropertyList) and Cypher inside an explicit transaction.
#include <algorithm>
#include <map>

#include "api/api_internal.h"

namespace nexus {
namespace {

using graph::GraphStore;
using graph::TokenId;
using graph::TokenKind;

Status Ended() {
    return Status(StatusCode::kTransactionError, "the transaction has already ended");
}

Result<graph::PropertyList> ToProps(GraphStore* g, const Map& props) {
    graph::PropertyList out;
    for (const auto& [key, value] : props) {
        if (value.is_null()) continue;
        ASSIGN_OR_RETURN(TokenId k, g->GetOrCreateToken(TokenKind::kPropertyKey, key));
        out.emplace_back(k, value);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

Result<std::shared_ptr<const Map>> ToMap(GraphStore* g, const graph::PropertyList& props) {
    auto map = std::make_shared<Map>();
    for (const auto& [key, value] : props) {
        ASSIGN_OR_RETURN(std::string name, g->TokenName(TokenKind::kPropertyKey, key));
        map->emplace(std::move(name), value);
    }
    return std::shared_ptr<const Map>(std::move(map));
}

graph::Direction ToGraph(Direction d) {
    switch (d) {
        case Direction::kOutgoing:
            return graph::Direction::kOutgoing;
        case Direction::kIncoming:
            return graph::Direction::kIncoming;
        default:
            return graph::Direction::kBoth;
    }
}

Status MustExist(Result<bool> exists, const char* what, int64_t id) {
    if (!exists.ok()) return exists.status();
    if (!*exists) {
        return Status(StatusCode::kEntityNotFound, std::string(what) + " with id " +
                                                       std::to_string(id) +
                                                       " has been deleted or does not exist");
    }
    return Status::Ok();
}

Status CheckId(int64_t id) {
    if (id < 0) return Status(StatusCode::kEntityNotFound, "negative id " + std::to_string(id));
    return Status::Ok();
}

}  // namespace

// ---- Transaction::Impl ----

Transaction::Impl::Impl(Database::Impl* db, std::unique_ptr<txn::ReadTransaction> read)
    : db_(db), read_(std::move(read)) {
    db_->TxnStarted();
}

Transaction::Impl::Impl(Database::Impl* db, std::unique_ptr<txn::WriteTransaction> write)
    : db_(db), write_(std::move(write)), was_write_(true) {
    db_->TxnStarted();
}

Transaction::Impl::~Impl() {
    read_.reset();
    write_.reset();  // rolls back unless committed
    db_->TxnEnded();
}

Result<GraphStore*> Transaction::Impl::Graph() {
    if (ended_) return Ended();
    return write_ ? write_->graph() : read_->graph();
}

Status Transaction::Impl::Commit() {
    if (ended_) return Ended();
    ended_ = true;
    read_.reset();
    if (!write_) return Status::Ok();
    Status st = write_->Commit();
    write_.reset();
    return st;
}

Status Transaction::Impl::Rollback() {
    if (ended_) return Ended();
    ended_ = true;
    read_.reset();
    if (write_) write_->Rollback();
    write_.reset();
    return Status::Ok();
}

Result<QueryResult> Transaction::Impl::Execute(std::string_view query, const ParamMap& params,
                                               const QueryOptions& limits) {
    ASSIGN_OR_RETURN(GraphStore * g, Graph());
#if NEXUS_HAVE_CYPHER_ENGINE
    ASSIGN_OR_RETURN(std::shared_ptr<const cypher::PreparedQuery> prepared,
                     db_->engine->Prepare(query));
    cypher::ExecOptions options;
    options.memory_limit_bytes = db_->config.query_memory_limit_bytes;
    options.timeout_ms = limits.timeout_ms;
    options.interrupted = limits.interrupted;
    return prepared->Execute(g, writer(), params, options);
#else
    (void)g;
    return Status(StatusCode::kNotSupported, "Cypher engine not built");
#endif
}

// ---- Transaction ----

Transaction::Transaction(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transaction::~Transaction() = default;

Status Transaction::commit() {
    return impl_->Commit();
}
Status Transaction::rollback() {
    return impl_->Rollback();
}
bool Transaction::read_only() const {
    return impl_->read_only();
}

Result<QueryResult> Transaction::execute(std::string_view query, const ParamMap& params) {
    return impl_->Execute(query, params, QueryOptions{});
}

Result<QueryResult> Transaction::execute(std::string_view query, const ParamMap& params,
                                         const QueryOptions& options) {
    return impl_->Execute(query, params, options);
}

Result<int64_t> Transaction::create_node(const std::vector<std::string>& labels, const Map& props) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    std::vector<TokenId> ids;
    for (const std::string& l : labels) {
        ASSIGN_OR_RETURN(TokenId id, g->GetOrCreateToken(TokenKind::kLabel, l));
        ids.push_back(id);
    }
    ASSIGN_OR_RETURN(graph::PropertyList list, ToProps(g, props));
    ASSIGN_OR_RETURN(graph::NodeId id, g->CreateNode(ids, list));
    return static_cast<int64_t>(id);
}

Result<int64_t> Transaction::create_relationship(int64_t start, int64_t end,
                                                 const std::string& type, const Map& props) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(start));
    RETURN_IF_ERROR(CheckId(end));
    ASSIGN_OR_RETURN(TokenId t, g->GetOrCreateToken(TokenKind::kRelType, type));
    ASSIGN_OR_RETURN(graph::PropertyList list, ToProps(g, props));
    ASSIGN_OR_RETURN(graph::RelId id, g->CreateRel(start, end, t, list));
    return static_cast<int64_t>(id);
}

Result<Node> Transaction::get_node(int64_t id) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    Node node;
    node.id = id;
    ASSIGN_OR_RETURN(std::vector<TokenId> labels, g->NodeLabels(id));
    for (TokenId l : labels) {
        ASSIGN_OR_RETURN(std::string name, g->TokenName(TokenKind::kLabel, l));
        node.labels.push_back(std::move(name));
    }
    ASSIGN_OR_RETURN(graph::PropertyList props, g->NodeProperties(id));
    ASSIGN_OR_RETURN(node.properties, ToMap(g, props));
    return node;
}

Result<Relationship> Transaction::get_relationship(int64_t id) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    ASSIGN_OR_RETURN(graph::RelRecord rec, g->Rel(id));
    Relationship rel;
    rel.id = id;
    rel.start_id = static_cast<int64_t>(rec.start);
    rel.end_id = static_cast<int64_t>(rec.end);
    ASSIGN_OR_RETURN(rel.type, g->TokenName(TokenKind::kRelType, rec.type));
    ASSIGN_OR_RETURN(graph::PropertyList props, g->RelProperties(id));
    ASSIGN_OR_RETURN(rel.properties, ToMap(g, props));
    return rel;
}

Status Transaction::delete_node(int64_t id, bool detach) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    if (detach) {
        std::vector<graph::AdjEntry> adj;
        RETURN_IF_ERROR(g->Expand(id, graph::Direction::kBoth, {}, &adj));
        for (const graph::AdjEntry& e : adj) RETURN_IF_ERROR(g->DeleteRel(e.rel));
    }
    return g->DeleteNode(id);
}

Status Transaction::delete_relationship(int64_t id) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    return g->DeleteRel(id);
}

Status Transaction::set_node_property(int64_t id, const std::string& key, const Value& value) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    if (value.is_null()) return remove_node_property(id, key);
    ASSIGN_OR_RETURN(TokenId k, g->GetOrCreateToken(TokenKind::kPropertyKey, key));
    return g->SetNodeProperty(id, k, value);
}

Status Transaction::remove_node_property(int64_t id, const std::string& key) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    TokenId k = g->FindToken(TokenKind::kPropertyKey, key);
    if (k == graph::kNoToken) return MustExist(g->NodeExists(id), "Node", id);
    return g->SetNodeProperty(id, k, Value());
}

Status Transaction::set_relationship_property(int64_t id, const std::string& key,
                                              const Value& value) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    if (value.is_null()) return remove_relationship_property(id, key);
    ASSIGN_OR_RETURN(TokenId k, g->GetOrCreateToken(TokenKind::kPropertyKey, key));
    return g->SetRelProperty(id, k, value);
}

Status Transaction::remove_relationship_property(int64_t id, const std::string& key) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    TokenId k = g->FindToken(TokenKind::kPropertyKey, key);
    if (k == graph::kNoToken) return MustExist(g->RelExists(id), "Relationship", id);
    return g->SetRelProperty(id, k, Value());
}

Status Transaction::add_label(int64_t id, const std::string& label) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    ASSIGN_OR_RETURN(TokenId l, g->GetOrCreateToken(TokenKind::kLabel, label));
    return g->AddLabel(id, l).status();
}

Status Transaction::remove_label(int64_t id, const std::string& label) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(id));
    TokenId l = g->FindToken(TokenKind::kLabel, label);
    if (l == graph::kNoToken) return MustExist(g->NodeExists(id), "Node", id);
    return g->RemoveLabel(id, l).status();
}

Result<std::vector<int64_t>> Transaction::nodes_with_label(const std::string& label) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    std::vector<int64_t> out;
    TokenId l = g->FindToken(TokenKind::kLabel, label);
    if (l == graph::kNoToken) return out;
    auto cursor = g->ScanLabel(l);
    graph::NodeId batch[256];
    while (size_t n = cursor->Next(batch, 256)) out.insert(out.end(), batch, batch + n);
    RETURN_IF_ERROR(cursor->status());
    return out;
}

Result<std::vector<Neighbor>> Transaction::expand(int64_t node, Direction direction,
                                                  const std::string& type) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    RETURN_IF_ERROR(CheckId(node));
    std::vector<TokenId> types;
    if (!type.empty()) {
        TokenId t = g->FindToken(TokenKind::kRelType, type);
        if (t == graph::kNoToken) {
            RETURN_IF_ERROR(MustExist(g->NodeExists(node), "Node", node));
            return std::vector<Neighbor>();
        }
        types.push_back(t);
    }
    std::vector<graph::AdjEntry> adj;
    RETURN_IF_ERROR(g->Expand(node, ToGraph(direction), types, &adj));
    std::map<TokenId, std::string> names;
    std::vector<Neighbor> out;
    out.reserve(adj.size());
    for (const graph::AdjEntry& e : adj) {
        auto it = names.find(e.type);
        if (it == names.end()) {
            ASSIGN_OR_RETURN(std::string name, g->TokenName(TokenKind::kRelType, e.type));
            it = names.emplace(e.type, std::move(name)).first;
        }
        out.push_back(Neighbor{
            static_cast<int64_t>(e.rel), static_cast<int64_t>(e.neighbor), it->second,
            e.dir == graph::Direction::kIncoming ? Direction::kIncoming : Direction::kOutgoing});
    }
    return out;
}

Result<int64_t> Transaction::count_nodes(const std::string& label) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    if (label.empty()) return static_cast<int64_t>(g->CountNodes());
    TokenId l = g->FindToken(TokenKind::kLabel, label);
    return l == graph::kNoToken ? 0 : static_cast<int64_t>(g->CountNodes(l));
}

Result<int64_t> Transaction::count_relationships(const std::string& type) {
    ASSIGN_OR_RETURN(GraphStore * g, impl_->Graph());
    if (type.empty()) return static_cast<int64_t>(g->CountRels());
    TokenId t = g->FindToken(TokenKind::kRelType, type);
    return t == graph::kNoToken ? 0 : static_cast<int64_t>(g->CountRels(t));
}

}  // namespace nexus
