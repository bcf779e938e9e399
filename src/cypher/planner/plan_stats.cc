// PlanStats: counts from the graph seam, memoized per planning run and recorded for the
// plan cache's drift check (re-plan past 2x, as Neo4j does).
#include "cypher/planner/plan_stats.h"

#include <algorithm>

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

const IndexStat* PlanStats::IndexOn(const std::string& label, const std::string& property) {
    for (const IndexStat& s : Indexes()) {
        if (s.label == label && s.properties[0] == property) return &s;
    }
    return nullptr;
}

}  // namespace nexus::cypher::planner
