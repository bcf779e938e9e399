// Statistics the planner reads at plan time (node counts per label, relationship counts per
// type, which indexes exist) and the record of every count a plan used, so that a plan cached
// by query text can tell when the graph drifted too far from what it was planned for.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace nexus::cypher::planner {

// One count a plan relied on. `name` empty: all nodes (kLabel) or all relationships
// (kRelType). kPropertyKey marks the index list, with `count` a fingerprint of it.
struct UsedCount {
    graph::TokenKind kind = graph::TokenKind::kLabel;
    std::string name;
    uint64_t count = 0;
};

// An index as the planner sees it: label and property names, and uniqueness.
struct IndexStat {
    std::string label;
    std::vector<std::string> properties;
    bool unique = false;
};

// Reads counts from one transaction's view and remembers each it handed out. Not
// thread-safe: one planning run owns it.
class PlanStats {
  public:
    explicit PlanStats(graph::GraphReader* reader) : reader_(reader) {}

    double Nodes(const std::string& label = "");
    // Relationships of any of `types` (every type when empty).
    double Rels(const std::vector<std::string>& types);
    const std::vector<IndexStat>& Indexes();
    // An index on `label` whose first property is `property`, or null.
    const IndexStat* IndexOn(const std::string& label, const std::string& property);

    // Estimated nodes of `label` that share one value of property `key`: from the value
    // counts of a sample of the label's first nodes (Haas-Stokes Duj1 distinct estimate), so
    // a unique-looking key (ids, names) gives ~1 and a flag gives a large share of the label.
    // Memoized per run; not a count the drift check follows.
    double RowsPerValue(const std::string& label, const std::string& key);

    // Mean degree along `types` in `dir` of the nodes of `label` that have at least one such
    // relationship, from a sample of the label's first nodes; 0 when no sampled node has one.
    // A node reached through another relationship is an active one (friendship paradox): its
    // degree is nearer this than the label-wide mean. Memoized per run.
    double ActiveDegree(const std::string& label, const std::vector<std::string>& types,
                        graph::Direction dir);

    const std::vector<UsedCount>& used() const { return used_; }

  private:
    uint64_t Count(graph::TokenKind kind, const std::string& name);

    graph::GraphReader* reader_;
    std::map<std::pair<int, std::string>, uint64_t> cache_;
    std::vector<UsedCount> used_;
    std::vector<IndexStat> indexes_;
    bool indexes_read_ = false;
    std::map<std::pair<std::string, std::string>, double> rows_per_value_;
    std::map<std::string, double> active_degree_;
    // Up to kSample of `label`'s first node ids (memoized per label).
    const std::vector<graph::NodeId>& Sample(graph::TokenId label);
    std::map<graph::TokenId, std::vector<graph::NodeId>> samples_;
};

// Reads one count (or the index fingerprint) the way PlanStats does.
uint64_t CurrentCount(graph::GraphReader* reader, const UsedCount& used);

// False when a count a plan used changed by more than 2x (or the index list changed): the
// plan should be made again.
bool StatsStillValid(const std::vector<UsedCount>& used, graph::GraphReader* reader);

}  // namespace nexus::cypher::planner
