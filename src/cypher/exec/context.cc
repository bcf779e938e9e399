// ExecContext: token caching and the per-query memory budget.
#include "cypher/exec/context.h"

namespace nexus::cypher::exec {

Result<graph::GraphWriter*> ExecContext::Writer() {
    if (writer_ == nullptr) {
        return Status(StatusCode::kTransactionError,
                      "Writing in read access mode not allowed: this query updates the graph");
    }
    return writer_;
}

graph::TokenId ExecContext::Token(graph::TokenKind kind, const std::string& name) {
    auto& cache = token_cache_[static_cast<int>(kind)];
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    graph::TokenId id = reader_->FindToken(kind, name);
    // Missing tokens are not cached: a later write in this query may create them.
    if (id != graph::kNoToken) cache.emplace(name, id);
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
    // Token names never change within a transaction; expansions ask for them per row.
    auto& cache = name_cache_[static_cast<int>(kind)];
    auto it = cache.find(id);
    if (it != cache.end()) return it->second;
    ASSIGN_OR_RETURN(std::string name, reader_->TokenName(kind, id));
    cache.emplace(id, name);
    return name;
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
