// ExecContext: the per-execution state every operator and expression sees -- the graph
// views, parameters, side-effect counters, the memory budget and token caches.
// One per Execute() call; never shared between threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cypher/functions/functions.h"
#include "graph/graph.h"
#include "nexus/database.h"
#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::cypher::exec {

using Row = std::vector<Value>;

// Stores `v` in `slot`, growing the row when the plan gave it fewer slots; a negative slot
// (the pattern names no variable there) stores nothing.
inline void SetSlot(Row& row, int slot, Value v) {
    if (slot < 0) return;
    if (row.size() <= static_cast<size_t>(slot)) row.resize(static_cast<size_t>(slot) + 1);
    row[static_cast<size_t>(slot)] = std::move(v);
}

// Watches a memo's hit rate, so a memo over rows that never repeat (every node seen once)
// can be dropped instead of paying for inserts and probes.
class MemoGate {
  public:
    explicit MemoGate(uint64_t min_lookups = 4096, uint64_t min_hit_fraction = 4)
        : min_lookups_(min_lookups), divisor_(min_hit_fraction) {}
    void Record(bool hit) {
        ++lookups_;
        hits_ += hit ? 1 : 0;
    }
    // True once enough lookups were seen and fewer than 1/min_hit_fraction of them hit.
    bool Worthless() const { return lookups_ >= min_lookups_ && hits_ * divisor_ < lookups_; }

  private:
    uint64_t min_lookups_, divisor_;
    uint64_t lookups_ = 0, hits_ = 0;
};

struct OpProfile {
    uint64_t rows = 0;
    uint64_t nanos = 0;
};

class ExecContext {
  public:
    ExecContext(graph::GraphReader* reader, graph::GraphWriter* writer, const ParamMap* params,
                size_t memory_limit)
        : reader_(reader), writer_(writer), params_(params), memory_limit_(memory_limit) {}

    graph::GraphReader* reader() const { return reader_; }
    graph::GraphWriter* writer() const { return writer_; }
    const ParamMap& params() const { return *params_; }
    // The parameter named `name`, or null when absent. Memoized by the name's address (the
    // plan's names keep theirs for the whole query), checked against the text.
    const Value* Param(const std::string& name);
    QueryStats& stats() { return stats_; }
    FunctionContext& function_context() { return fn_ctx_; }

    // Writing needs a write transaction. Every write goes through here, which is what lets
    // NodeProperty cache reads until the query's first write.
    Result<graph::GraphWriter*> Writer();

    // A node's property (null when absent), through a small per-query cache: within one
    // query only the query itself writes, and once it asks for the writer the cache is off.
    // Filters, sort keys and aggregates often read the same property of the same node.
    Result<Value> NodeProperty(graph::NodeId node, graph::TokenId key);
    // The same for a label check.
    Result<bool> NodeHasLabel(graph::NodeId node, graph::TokenId label);

    // Token id by name for reading: kNoToken when the name was never stored.
    graph::TokenId Token(graph::TokenKind kind, const std::string& name);
    // Token id by name for writing: created when missing.
    Result<graph::TokenId> WriteToken(graph::TokenKind kind, const std::string& name);
    Result<std::string> TokenName(graph::TokenKind kind, graph::TokenId id);
    // The same name, held by the context until the query ends (no copy per call).
    Result<const std::string*> TokenNameRef(graph::TokenKind kind, graph::TokenId id);

    // Per-query time limit and interruption (a server's timeout, RESET, a client that hung
    // up). When either is set, every chunk passed between operators polls them, so a query
    // stops even while a sort or an aggregation is still consuming its input.
    void SetLimits(int64_t timeout_ms, std::function<bool()> interrupted);
    bool has_limits() const { return timeout_ms_ > 0 || interrupted_ != nullptr; }
    Status Poll() const;

    // Memory accounting for operators that materialize rows (sort, aggregation, eager...).
    Status Charge(size_t bytes);
    void Release(size_t bytes) { used_ = bytes > used_ ? 0 : used_ - bytes; }

    // Ids deleted by this query, so later reads can tell "deleted" from "missing".
    std::unordered_map<uint64_t, bool>& deleted_nodes() { return deleted_nodes_; }
    std::unordered_map<uint64_t, bool>& deleted_rels() { return deleted_rels_; }

    // PROFILE: rows and time per operator, when enabled.
    bool profiling() const { return profiling_; }
    void set_profiling(bool on) { profiling_ = on; }
    std::unordered_map<const void*, OpProfile>& profile() { return profile_; }
    const std::unordered_map<const void*, OpProfile>& profile() const { return profile_; }

  private:
    graph::GraphReader* reader_;
    graph::GraphWriter* writer_;
    const ParamMap* params_;
    size_t memory_limit_;
    size_t used_ = 0;
    int64_t timeout_ms_ = 0;
    std::chrono::steady_clock::time_point deadline_{};
    std::function<bool()> interrupted_;
    QueryStats stats_;
    FunctionContext fn_ctx_;
    std::unordered_map<std::string, graph::TokenId> token_cache_[3];
    std::unordered_map<graph::TokenId, std::string> name_cache_[3];
    std::unordered_map<uint64_t, bool> deleted_nodes_;
    std::unordered_map<uint64_t, bool> deleted_rels_;
    bool profiling_ = false;
    std::unordered_map<const void*, OpProfile> profile_;

    // *from_graph: false when the table held the value.
    Result<Value> CachedRead(graph::NodeId node, graph::TokenId key, bool* from_graph);
    Result<bool> CachedLabel(graph::NodeId node, graph::TokenId label);

    struct CachedProperty {
        graph::NodeId node = ~graph::NodeId{0};
        graph::TokenId key = 0;
        Value value;
    };
    CachedProperty last_prop_;                // the last read, checked before the table
    std::vector<CachedProperty> prop_cache_;  // direct-mapped, grows with misses
    size_t prop_misses_ = 0;
    // Off for good once most reads miss (8192 reads, fewer than one in eight hitting).
    MemoGate prop_gate_{8192, 8};
    bool cache_off_ = false;
    // Label checks: a node's labels with ids below 64 as a bit set, read once per node
    // (direct-mapped, growing like the property cache), so checking a second label of the
    // same node, or the same label again, costs no record read.
    struct CachedLabels {
        graph::NodeId node = ~graph::NodeId{0};
        uint64_t mask = 0;
    };
    std::vector<CachedLabels> label_cache_;
    size_t label_misses_ = 0;
    MemoGate label_gate_{8192, 8};
    bool label_cache_off_ = false;
    // Token lookups by the address of the name (with the name kept to verify a hit), so the
    // names held by a plan's expressions are not hashed on every row.
    struct CachedToken {
        const char* data = nullptr;
        graph::TokenKind kind = graph::TokenKind::kLabel;
        graph::TokenId id = graph::kNoToken;
        std::string name;
    };
    CachedToken token_memo_[64];
    struct CachedParam {
        const char* data = nullptr;
        std::string name;
        const Value* value = nullptr;
    };
    CachedParam param_memo_[16];
    bool wrote_ = false;
};

// A rough size of a value, for the memory budget.
size_t ApproxSize(const Value& v);
size_t ApproxSize(const Row& row);

}  // namespace nexus::cypher::exec
