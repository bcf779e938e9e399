// PlanStats: counts from the graph seam, memoized per planning run and recorded for the
// plan cache's drift check (re-plan past 2x, as Neo4j does).
#include "cypher/planner/plan_stats.h"

#include <algorithm>
#include <unordered_map>

#include "cypher/functions/value_ops.h"

namespace nexus::cypher::planner {
namespace {

// A cheap fingerprint of the index list: a plan that chose by index existence re-plans when
// an index appears or goes.
uint64_t IndexFingerprint(graph::GraphReader* reader) {
    uint64_t h = 1469598103934665603ull;
    for (const graph::IndexDef& def : reader->Indexes()) {
        h = (h ^ (def.id + 1)) * 1099511628211ull;
        h = (h ^ (def.label + 7)) * 1099511628211ull;
    }
    return h;
}

}  // namespace

uint64_t CurrentCount(graph::GraphReader* reader, const UsedCount& used) {
    if (used.kind == graph::TokenKind::kPropertyKey) return IndexFingerprint(reader);
    graph::TokenId token = graph::kNoToken;
    if (!used.name.empty()) {
        token = reader->FindToken(used.kind, used.name);
        if (token == graph::kNoToken) return 0;
    }
    return used.kind == graph::TokenKind::kLabel ? reader->CountNodes(token)
                                                 : reader->CountRels(token);
}

bool StatsStillValid(const std::vector<UsedCount>& used, graph::GraphReader* reader) {
    for (const UsedCount& u : used) {
        uint64_t now = CurrentCount(reader, u);
        if (u.kind == graph::TokenKind::kPropertyKey) {
            if (now != u.count) return false;
            continue;
        }
        uint64_t lo = std::min(now, u.count), hi = std::max(now, u.count);
        if (hi > 2 * lo) return false;
    }
    return true;
}

uint64_t PlanStats::Count(graph::TokenKind kind, const std::string& name) {
    auto key = std::make_pair(static_cast<int>(kind), name);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    UsedCount u{kind, name, 0};
    u.count = CurrentCount(reader_, u);
    used_.push_back(u);
    cache_.emplace(key, u.count);
    return u.count;
}

double PlanStats::Nodes(const std::string& label) {
    return static_cast<double>(Count(graph::TokenKind::kLabel, label));
}

double PlanStats::Rels(const std::vector<std::string>& types) {
    if (types.empty()) return static_cast<double>(Count(graph::TokenKind::kRelType, ""));
    double total = 0;
    for (const std::string& t : types)
        total += static_cast<double>(Count(graph::TokenKind::kRelType, t));
    return total;
}

const std::vector<IndexStat>& PlanStats::Indexes() {
    if (indexes_read_) return indexes_;
    indexes_read_ = true;
    Count(graph::TokenKind::kPropertyKey, "");
    for (const graph::IndexDef& def : reader_->Indexes()) {
        IndexStat s;
        auto label = reader_->TokenName(graph::TokenKind::kLabel, def.label);
        if (!label.ok()) continue;
        s.label = *label;
        bool ok = true;
        for (graph::TokenId p : def.properties) {
            auto name = reader_->TokenName(graph::TokenKind::kPropertyKey, p);
            if (!name.ok()) {
                ok = false;
                break;
            }
            s.properties.push_back(*name);
        }
        s.unique = def.unique;
        if (ok && !s.properties.empty()) indexes_.push_back(std::move(s));
    }
    return indexes_;
}

const std::vector<graph::NodeId>& PlanStats::Sample(graph::TokenId label) {
    // Nodes read per estimate: enough to tell ids and names from flags, cheap at plan time.
    constexpr size_t kSample = 64;
    auto it = samples_.find(label);
    if (it != samples_.end()) return it->second;
    std::vector<graph::NodeId> ids(kSample);
    std::unique_ptr<graph::NodeCursor> scan = reader_->ScanLabel(label);
    size_t sampled = 0;
    for (size_t got;
         sampled < kSample && (got = scan->Next(ids.data() + sampled, kSample - sampled)) > 0;) {
        sampled += got;
    }
    ids.resize(sampled);
    return samples_.emplace(label, std::move(ids)).first->second;
}

double PlanStats::ActiveDegree(const std::string& label, const std::vector<std::string>& types,
                               graph::Direction dir) {
    std::string key = label + '\n' + std::to_string(static_cast<int>(dir));
    for (const std::string& t : types) key += '\n' + t;
    auto memo = active_degree_.find(key);
    if (memo != active_degree_.end()) return memo->second;
    double degree = 0;
    graph::TokenId l = reader_->FindToken(graph::TokenKind::kLabel, label);
    std::vector<graph::TokenId> type_ids;
    for (const std::string& t : types) {
        graph::TokenId id = reader_->FindToken(graph::TokenKind::kRelType, t);
        if (id != graph::kNoToken) type_ids.push_back(id);
    }
    if (l != graph::kNoToken && (types.empty() || !type_ids.empty())) {
        double total = 0, active = 0;
        for (graph::NodeId n : Sample(l)) {
            Result<uint64_t> d = reader_->Degree(n, dir, type_ids);
            if (!d.ok() || *d == 0) continue;
            total += static_cast<double>(*d);
            ++active;
        }
        if (active > 0) degree = total / active;
    }
    active_degree_.emplace(std::move(key), degree);
    return degree;
}

double PlanStats::RowsPerValue(const std::string& label, const std::string& key) {
    auto memo = rows_per_value_.find({label, key});
    if (memo != rows_per_value_.end()) return memo->second;
    double total = Nodes(label);
    double rows = 1;
    graph::TokenId l = reader_->FindToken(graph::TokenKind::kLabel, label);
    graph::TokenId k = reader_->FindToken(graph::TokenKind::kPropertyKey, key);
    if (l != graph::kNoToken && k != graph::kNoToken && total > 0) {
        const std::vector<graph::NodeId>& ids = Sample(l);
        size_t sampled = ids.size();
        std::unordered_map<std::string, int> seen;
        size_t with_value = 0;
        for (size_t i = 0; i < sampled; ++i) {
            Result<Value> v = reader_->NodeProperty(ids[i], k);
            if (!v.ok() || v->is_null()) continue;
            ++with_value;
            ++seen[ToDisplayString(*v)];
        }
        if (with_value > 0) {
            double n = static_cast<double>(with_value);
            double d = static_cast<double>(seen.size());
            double once = 0;
            for (const auto& [value, times] : seen) once += times == 1;
            // Nodes with the key, scaled from the sample; Duj1: D = n d / (n - f1 + f1 n / N).
            double having = std::max(n, total * n / static_cast<double>(sampled));
            double distinct = n * d / (n - once + once * n / having);
            rows = std::clamp(having / std::max(distinct, 1.0), 1.0, having);
        }
    }
    rows_per_value_.emplace(std::make_pair(label, key), rows);
    return rows;
}

const IndexStat* PlanStats::IndexOn(const std::string& label, const std::string& property) {
    for (const IndexStat& s : Indexes()) {
        if (s.label == label && s.properties[0] == property) return &s;
    }
    return nullptr;
}

}  // namespace nexus::cypher::planner
