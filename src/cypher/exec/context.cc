// ExecContext: token caching and the per-query memory budget.
#include "cypher/exec/context.h"

namespace nexus::cypher::exec {

Result<graph::GraphWriter*> ExecContext::Writer() {
    if (writer_ == nullptr) {
        return Status(StatusCode::kTransactionError,
                      "Writing in read access mode not allowed: this query updates the graph");
    }
    if (!wrote_) {
        wrote_ = true;
        last_prop_ = {};
        prop_cache_ = {};
        label_cache_ = {};
    }
    return writer_;
}

namespace {

constexpr size_t kMinPropCache = 16;
constexpr size_t kMaxPropCache = 16384;
constexpr size_t kMaxCachedString = 256;
// Longer strings are not kept as the last read: copying them per read costs an allocation.
constexpr size_t kMaxLastString = 15;

size_t PropSlot(graph::NodeId node, graph::TokenId key, size_t size) {
    uint64_t x = node * 0x9e3779b97f4a7c15ULL ^ (static_cast<uint64_t>(key) << 17);
    x ^= x >> 29;
    return static_cast<size_t>(x) & (size - 1);
}

}  // namespace

Result<bool> ExecContext::NodeHasLabel(graph::NodeId node, graph::TokenId label) {
    if (wrote_ || label_cache_off_ || label >= 64) return reader_->NodeHasLabel(node, label);
    return CachedLabel(node, label);
}

Result<bool> ExecContext::CachedLabel(graph::NodeId node, graph::TokenId label) {
    if (label_cache_.empty()) label_cache_.resize(kMinPropCache);
    CachedLabels* slot = &label_cache_[PropSlot(node, 0, label_cache_.size())];
    const bool hit = slot->node == node;
    label_gate_.Record(hit);
    if (hit) return (slot->mask >> label & 1) != 0;
    if (label_gate_.Worthless()) {  // nodes do not repeat (a scan): stop caching them
        label_cache_off_ = true;
        label_cache_ = {};
        return reader_->NodeHasLabel(node, label);
    }
    ASSIGN_OR_RETURN(uint64_t bits, reader_->NodeLabelBits(node));
    if (++label_misses_ > label_cache_.size() && label_cache_.size() < kMaxPropCache) {
        std::vector<CachedLabels> bigger(label_cache_.size() * 4);
        for (const CachedLabels& e : label_cache_) {
            if (e.node != ~graph::NodeId{0}) bigger[PropSlot(e.node, 0, bigger.size())] = e;
        }
        label_cache_.swap(bigger);
        label_misses_ = 0;
        slot = &label_cache_[PropSlot(node, 0, label_cache_.size())];
    }
    *slot = CachedLabels{node, bits};
    return (bits >> label & 1) != 0;
}

Result<Value> ExecContext::NodeProperty(graph::NodeId node, graph::TokenId key) {
    if (wrote_) return reader_->NodeProperty(node, key);
    // A filter and then a projection (or a sort key) reading the same property of the row's
    // node is the common repeat: it is caught here before the table, which then sees only
    // the reads of other nodes and can turn itself off when those do not repeat.
    if (last_prop_.node == node && last_prop_.key == key) return last_prop_.value;
    bool from_graph = true;
    Result<Value> v =
        cache_off_ ? reader_->NodeProperty(node, key) : CachedRead(node, key, &from_graph);
    // Only a value just read from the graph is kept: a table hit was kept there already.
    if (from_graph && v.ok() && !v->is_list() && !v->is_map() &&
        (!v->is_string() || v->as_string().size() <= kMaxLastString)) {
        last_prop_.node = node;
        last_prop_.key = key;
        last_prop_.value = *v;
    }
    return v;
}

Result<Value> ExecContext::CachedRead(graph::NodeId node, graph::TokenId key, bool* from_graph) {
    const graph::TokenId tag = key;
    if (prop_cache_.empty()) prop_cache_.resize(kMinPropCache);
    CachedProperty& slot = prop_cache_[PropSlot(node, tag, prop_cache_.size())];
    const bool hit = slot.node == node && slot.key == tag;
    prop_gate_.Record(hit);
    *from_graph = !hit;
    if (hit) return slot.value;
    Value v;
    ASSIGN_OR_RETURN(v, reader_->NodeProperty(node, key));
    if (prop_gate_.Worthless()) {  // reads do not repeat (a scan): stop caching them
        cache_off_ = true;
        prop_cache_ = {};
        return v;
    }
    // The cache is not charged to the memory budget: keep what it holds small.
    if ((v.is_string() && v.as_string().size() > kMaxCachedString) || v.is_list() || v.is_map()) {
        return v;
    }
    // Grow (keeping what is cached) once misses outnumber the slots: small queries keep a
    // small table, big ones get fewer collisions.
    CachedProperty* target = &slot;
    if (++prop_misses_ > prop_cache_.size() && prop_cache_.size() < kMaxPropCache) {
        std::vector<CachedProperty> bigger(prop_cache_.size() * 4);
        for (CachedProperty& e : prop_cache_) {
            if (e.node == ~graph::NodeId{0}) continue;
            bigger[PropSlot(e.node, e.key, bigger.size())] = std::move(e);
        }
        prop_cache_.swap(bigger);
        prop_misses_ = 0;
        target = &prop_cache_[PropSlot(node, tag, prop_cache_.size())];
    }
    *target = CachedProperty{node, tag, v};
    return v;
}

const Value* ExecContext::Param(const std::string& name) {
    const auto addr = reinterpret_cast<uintptr_t>(name.data());
    CachedParam& memo = param_memo_[(addr >> 3 ^ addr >> 7) & 15];
    if (memo.data == name.data() && memo.name == name) return memo.value;
    auto it = params_->find(name);
    if (it == params_->end()) return nullptr;
    memo = CachedParam{name.data(), name, &it->second};
    return &it->second;
}

graph::TokenId ExecContext::Token(graph::TokenKind kind, const std::string& name) {
    // Most names come from the plan's expressions and keep their address for the whole
    // query; a hit is confirmed by comparing the text, so a reused address cannot mislead.
    const auto addr = reinterpret_cast<uintptr_t>(name.data());
    CachedToken& memo = token_memo_[(addr >> 3 ^ addr >> 9) & 63];
    if (memo.data == name.data() && memo.kind == kind && memo.name == name) return memo.id;
    auto& cache = token_cache_[static_cast<int>(kind)];
    auto it = cache.find(name);
    graph::TokenId id = graph::kNoToken;
    if (it != cache.end()) {
        id = it->second;
    } else {
        id = reader_->FindToken(kind, name);
        // Missing tokens are not cached: a later write in this query may create them.
        if (id == graph::kNoToken) return id;
        cache.emplace(name, id);
    }
    memo = CachedToken{name.data(), kind, id, name};
    return id;
}

Result<graph::TokenId> ExecContext::WriteToken(graph::TokenKind kind, const std::string& name) {
    graph::TokenId id = Token(kind, name);
    if (id != graph::kNoToken) return id;
    ASSIGN_OR_RETURN(graph::GraphWriter * w, Writer());
    ASSIGN_OR_RETURN(id, w->GetOrCreateToken(kind, name));
    token_cache_[static_cast<int>(kind)].emplace(name, id);
    return id;
}

Result<std::string> ExecContext::TokenName(graph::TokenKind kind, graph::TokenId id) {
    ASSIGN_OR_RETURN(const std::string* name, TokenNameRef(kind, id));
    return *name;
}

Result<const std::string*> ExecContext::TokenNameRef(graph::TokenKind kind, graph::TokenId id) {
    // Token names never change within a transaction; expansions ask for them per row. The
    // map's nodes keep their address as it grows.
    auto& cache = name_cache_[static_cast<int>(kind)];
    auto it = cache.find(id);
    if (it != cache.end()) return &it->second;
    ASSIGN_OR_RETURN(std::string name, reader_->TokenName(kind, id));
    return &cache.emplace(id, std::move(name)).first->second;
}

void ExecContext::SetLimits(int64_t timeout_ms, std::function<bool()> interrupted) {
    timeout_ms_ = timeout_ms;
    if (timeout_ms > 0) {
        deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    }
    interrupted_ = std::move(interrupted);
}

Status ExecContext::Poll() const {
    if (interrupted_ && interrupted_()) {
        return Status(StatusCode::kCancelled, "The query was terminated (interrupted)");
    }
    if (timeout_ms_ > 0 && std::chrono::steady_clock::now() > deadline_) {
        return Status(StatusCode::kTimeout,
                      "The transaction has been terminated: the query ran longer than " +
                          std::to_string(timeout_ms_) + " ms");
    }
    return Status::Ok();
}

Status ExecContext::Charge(size_t bytes) {
    used_ += bytes;
    if (memory_limit_ != 0 && used_ > memory_limit_) {
        return Status(StatusCode::kMemoryLimit,
                      "The allocation of an extra " + std::to_string(bytes) +
                          " bytes would use more than the limit of " +
                          std::to_string(memory_limit_) + " bytes for this query");
    }
    return Status::Ok();
}

size_t ApproxSize(const Value& v) {
    size_t n = sizeof(Value);
    switch (v.kind()) {
        case ValueKind::kString:
            n += v.as_string().size();
            break;
        case ValueKind::kList:
            for (const Value& e : v.as_list()) n += ApproxSize(e);
            break;
        case ValueKind::kMap:
            for (const auto& [k, e] : v.as_map()) n += k.size() + 32 + ApproxSize(e);
            break;
        case ValueKind::kPath:
            n += (v.as_path().nodes.size() + v.as_path().relationships.size()) * 64;
            break;
        default:
            break;
    }
    return n;
}

size_t ApproxSize(const Row& row) {
    size_t n = sizeof(Row);
    for (const Value& v : row) n += ApproxSize(v);
    return n;
}

}  // namespace nexus::cypher::exec
