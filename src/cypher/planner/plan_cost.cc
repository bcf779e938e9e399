// Cost estimates for MATCH planning, from PlanStats counts and fixed selectivities: rows of a
// node scan (index seek: rows per key; label scan: label count), average degree of an expand
// (relationships of the types / nodes of the from label), and the work of planning a pattern
// part from each start node. Used to pick start nodes, expand directions and part order.
#include <algorithm>
#include <cmath>
#include <set>

#include "cypher/planner/planner.h"

namespace nexus::cypher::planner {
namespace {

constexpr double kPropertySelectivity = 0.1;  // an equality on a node of no known label
constexpr double kRangeSelectivity = 0.3;     // a range or prefix predicate
constexpr double kWhereSelectivity = 0.5;     // an inline (n WHERE ...) predicate
// Var-length hops beyond this many are not costed (estimates explode, choices do not change).
constexpr int64_t kMaxCostedHops = 4;

graph::Direction HopDirection(ast::Direction d, bool reversed) {
    if (d == ast::Direction::kBoth) return graph::Direction::kBoth;
    bool out = d == ast::Direction::kLeftToRight;
    if (reversed) out = !out;
    return out ? graph::Direction::kOutgoing : graph::Direction::kIncoming;
}

// The fixed rule used without statistics: bound, else labelled and seekable, else labelled.
int RuleScore(const ast::NodePattern& n, bool bound, bool pushed) {
    if (bound) return 3;
    if (n.labels.empty()) return 0;
    return 1 + (n.properties != nullptr || pushed);
}

}  // namespace

std::vector<std::string> Planner::KnownLabels(const ast::NodePattern& n) const {
    if (!n.labels.empty() || n.variable.empty()) return n.labels;
    auto it = known_labels_.find(n.variable);
    return it == known_labels_.end() ? std::vector<std::string>{} : it->second;
}

double Planner::ScanRows(const ast::NodePattern& n, double* cost) {
    double rows = stats_->Nodes();
    if (!n.labels.empty()) {
        rows = stats_->Nodes(n.labels[0]);
        for (size_t i = 1; i < n.labels.size(); ++i)
            rows = std::min(rows, stats_->Nodes(n.labels[i]));
        *cost = stats_->Nodes(n.labels[0]);
    } else {
        *cost = rows;
    }
    std::vector<std::string> eq_keys;
    if (n.properties && n.properties->kind == ast::ExprKind::kMap) {
        for (const auto& e : n.properties->As<ast::MapLiteral>().entries) eq_keys.push_back(e.key);
    }
    if (!n.variable.empty()) {
        auto it = pushdown_.find(n.variable);
        if (it != pushdown_.end()) {
            for (const auto& kv : it->second) eq_keys.push_back(kv.first);
        }
    }
    auto seek = [&](const std::string& key, bool equality) {
        for (const auto& label : n.labels) {
            const IndexStat* idx = stats_->IndexOn(label, key);
            if (idx == nullptr) continue;
            double count = stats_->Nodes(label);
            double r = !equality     ? count * kRangeSelectivity
                       : idx->unique ? std::min(1.0, count)
                                     : std::min(count, stats_->RowsPerValue(label, key));
            *cost = std::min(*cost, r);
            rows = std::min(rows, r);
            return;
        }
        rows *= equality ? Selectivity(n.labels, key) : kRangeSelectivity;
    };
    for (const auto& key : eq_keys) seek(key, true);
    if (!n.variable.empty()) {
        auto it = range_pushdown_.find(n.variable);
        if (it != range_pushdown_.end()) {
            for (const auto& r : it->second) seek(r.key, r.op == exec::RangeOp::kIn);
        }
    }
    if (n.where) rows *= kWhereSelectivity;
    return std::max(rows, 1e-3);
}

double Planner::Selectivity(const std::vector<std::string>& labels, const std::string& key) {
    if (labels.empty()) return kPropertySelectivity;
    double count = stats_->Nodes(labels[0]);
    if (count <= 0) return kPropertySelectivity;
    return std::min(1.0, stats_->RowsPerValue(labels[0], key) / count);
}

double Planner::AvgDegree(const ast::NodePattern& from, const ast::RelationshipPattern& r,
                          graph::Direction dir) {
    double rels = stats_->Rels(r.types);
    std::vector<std::string> labels = KnownLabels(from);
    double nodes = labels.empty() ? stats_->Nodes() : stats_->Nodes(labels[0]);
    double d = rels / std::max(nodes, 1.0);
    return dir == graph::Direction::kBoth ? 2 * d : d;
}

double Planner::ReachedDegree(const ast::NodePattern& from, const ast::RelationshipPattern& r,
                              graph::Direction dir) {
    double mean = AvgDegree(from, r, dir);
    std::vector<std::string> labels = KnownLabels(from);
    if (labels.empty()) return mean;
    return std::max(mean, stats_->ActiveDegree(labels[0], r.types, dir));
}

double Planner::PartCost(const ast::PatternPart& part, size_t start, double* out_rows) {
    std::set<std::string> bound;
    auto is_bound = [&](const ast::NodePattern& n) {
        return !n.variable.empty() && (scope_.Find(n.variable) || bound.count(n.variable) ||
                                       assumed_bound_.count(n.variable));
    };
    const ast::NodePattern& s = part.nodes[start];
    double cost = 1, rows = 1;
    bool scanned = !is_bound(s);
    if (scanned) rows = ScanRows(s, &cost);
    if (!s.variable.empty()) bound.insert(s.variable);
    auto hop = [&](size_t ri, size_t from_i, size_t to_i, bool reversed) {
        const auto& rp = part.relationships[ri];
        const auto& to = part.nodes[to_i];
        graph::Direction dir = HopDirection(rp.direction, reversed);
        // A start node is any node of its label: scanned, or bound by an earlier clause whose
        // relationships say nothing about this type. Every other one was reached through a
        // relationship of this part, so it has the degree of a connected node (friendship
        // paradox). Var-length hops keep the mean (their fan-out compounds it).
        bool any_node = from_i == start || rp.variable_length;
        double deg = any_node ? AvgDegree(part.nodes[from_i], rp, dir)
                              : ReachedDegree(part.nodes[from_i], rp, dir);
        double fan = deg, work = deg;
        if (rp.variable_length) {
            int64_t lo = std::min(rp.min_hops.value_or(1), kMaxCostedHops);
            int64_t hi = std::min(rp.max_hops.value_or(kMaxCostedHops), kMaxCostedHops);
            fan = 0;
            work = 0;
            for (int64_t k = 1; k <= hi; ++k) work += std::pow(deg, static_cast<double>(k));
            for (int64_t k = lo; k <= hi; ++k) fan += std::pow(deg, static_cast<double>(k));
        }
        bool into = is_bound(to);
        if (into && !rp.variable_length) {
            // ExpandInto walks the smaller side at run time.
            graph::Direction back = dir == graph::Direction::kOutgoing ? graph::Direction::kIncoming
                                    : dir == graph::Direction::kIncoming
                                        ? graph::Direction::kOutgoing
                                        : dir;
            work = std::min(deg, AvgDegree(to, rp, back));
        }
        cost += rows * (1 + work);
        rows *= fan;
        if (into) {
            std::vector<std::string> labels = KnownLabels(to);
            rows /= std::max(1.0, labels.empty() ? stats_->Nodes() : stats_->Nodes(labels[0]));
        } else if (!to.labels.empty() && rp.types.empty()) {
            rows *= stats_->Nodes(to.labels[0]) / std::max(1.0, stats_->Nodes());
        }
        if (to.properties && to.properties->kind == ast::ExprKind::kMap) {
            for (const auto& e : to.properties->As<ast::MapLiteral>().entries) {
                rows *= Selectivity(KnownLabels(to), e.key);
            }
        } else if (to.properties) {
            rows *= kPropertySelectivity;
        }
        if (to.where || rp.where || rp.properties) rows *= kWhereSelectivity;
        if (!to.variable.empty()) bound.insert(to.variable);
        cost += rows;
    };
    for (size_t i = start; i < std::min(part.relationships.size(), range_hi_); ++i) {
        hop(i, i, i + 1, false);
    }
    for (size_t i = start; i-- > range_lo_;) hop(i, i + 1, i, true);
    if (out_rows != nullptr) *out_rows = rows;
    return cost;
}

size_t Planner::ChooseStart(const ast::PatternPart& part) {
    size_t lo = range_lo_, hi = std::min(part.nodes.size() - 1, range_hi_);
    size_t start = lo;
    int best = -1;
    for (size_t i = lo; i <= hi; ++i) {
        const auto& n = part.nodes[i];
        bool bound = !n.variable.empty() && scope_.Find(n.variable);
        int score = RuleScore(n, bound, pushdown_.count(n.variable) > 0);
        if (score > best) {
            best = score;
            start = i;
        }
    }
    if (hi == lo) return start;
    wants_stats_ = true;
    if (stats_ == nullptr) return start;
    // Ties keep the rule's choice.
    double best_cost = PartCost(part, start, nullptr);
    for (size_t i = lo; i <= hi; ++i) {
        double c = PartCost(part, i, nullptr);
        if (c < best_cost) {
            best_cost = c;
            start = i;
        }
    }
    return start;
}

std::vector<size_t> Planner::OrderParts(const ast::Pattern& pattern) {
    std::vector<size_t> order, regular, shortest;
    for (size_t i = 0; i < pattern.parts.size(); ++i) {
        (pattern.parts[i].function == ast::PathFunction::kNone ? regular : shortest).push_back(i);
    }
    if (pattern.parts.size() > 1) wants_stats_ = true;
    if (stats_ == nullptr || regular.size() < 2) {
        // shortestPath parts keep their place without statistics.
        for (size_t i = 0; i < pattern.parts.size(); ++i) order.push_back(i);
        return order;
    }
    // Greedy: the part cheapest from its best start, given what the parts before it bind;
    // shortestPath parts last, when their ends are bound.
    assumed_bound_.clear();
    while (!regular.empty()) {
        size_t pick = 0;
        double best = 0;
        for (size_t k = 0; k < regular.size(); ++k) {
            const auto& part = pattern.parts[regular[k]];
            double c = PartCost(part, 0, nullptr);
            for (size_t i = 1; i < part.nodes.size(); ++i)
                c = std::min(c, PartCost(part, i, nullptr));
            if (k == 0 || c < best) {
                best = c;
                pick = k;
            }
        }
        const auto& chosen = pattern.parts[regular[pick]];
        for (const auto& n : chosen.nodes) {
            if (!n.variable.empty()) assumed_bound_.insert(n.variable);
        }
        order.push_back(regular[pick]);
        regular.erase(regular.begin() + static_cast<long>(pick));
    }
    assumed_bound_.clear();
    order.insert(order.end(), shortest.begin(), shortest.end());
    return order;
}

}  // namespace nexus::cypher::planner
