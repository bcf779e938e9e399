// Hash joins chosen by cost. An OPTIONAL MATCH whose single pattern part is bound at two
// nodes (IC5: (friend)<-[]-(post)<-[]-(forum), friend and forum from earlier clauses) is
// planned as a build from the earlier-bound node alone, rebuilt per distinct value of it, and
// probed on the other node -- instead of walking the chain once per outer row.
#include <algorithm>
#include <set>

#include "cypher/exec/join_ops.h"
#include "cypher/planner/planner.h"

namespace nexus::cypher::planner {
namespace {

// A build plan must read nothing of its argument row but the partition node: property maps
// of literals and parameters only, no inline WHERE.
bool SelfContained(const ast::Expression* props, const ast::Expression* where) {
    if (where != nullptr) return false;
    if (props == nullptr) return true;
    if (props->kind != ast::ExprKind::kMap) return false;
    for (const auto& e : props->As<ast::MapLiteral>().entries) {
        auto k = e.value->kind;
        if (k != ast::ExprKind::kLiteral && k != ast::ExprKind::kParameter) return false;
    }
    return true;
}

// A build this many times dearer than one probe row's expansion still pays off: the outer
// rows of one partition (a friend's forums in IC5) are usually many more.
constexpr double kBuildRowsPerPartition = 16;

}  // namespace

double Planner::BestPartCost(const ast::PatternPart& part, double* rows) {
    size_t lo = range_lo_, hi = std::min(part.nodes.size() - 1, range_hi_);
    double best = PartCost(part, lo, rows);
    for (size_t i = lo + 1; i <= hi; ++i) {
        double r = 0;
        double c = PartCost(part, i, &r);
        if (c < best) {
            best = c;
            if (rows != nullptr) *rows = r;
        }
    }
    return best;
}

Result<bool> Planner::TryHashJoin(const ast::Match& m, exec::OpPtr* outer) {
    // OPTIONAL MATCH ... WHERE filters inside the optional part: not joined. A MATCH's WHERE
    // runs on the joined rows.
    if (stats_ == nullptr || (m.optional && m.where) || m.pattern.parts.size() != 1) {
        return false;
    }
    const ast::PatternPart& part = m.pattern.parts[0];
    if (part.function != ast::PathFunction::kNone || !part.path_variable.empty() ||
        part.nodes.size() < 3) {
        return false;
    }
    std::vector<std::string> bound;
    for (const auto& n : part.nodes) {
        if (!SelfContained(n.properties.get(), n.where.get())) return false;
        const VarInfo* v = n.variable.empty() ? nullptr : scope_.Find(n.variable);
        if (v == nullptr) continue;
        if (v->type != VarType::kNode || v->static_type != 0) return false;
        if (std::find(bound.begin(), bound.end(), n.variable) == bound.end()) {
            bound.push_back(n.variable);
        }
    }
    for (const auto& r : part.relationships) {
        if (!SelfContained(r.properties.get(), r.where.get())) return false;
        if (!r.variable.empty() && scope_.Find(r.variable)) return false;
    }
    if (bound.empty() || bound.size() > 2) return false;
    // Pushed-down WHERE values that read variables would be evaluated once per build.
    for (const auto& n : part.nodes) {
        if (!PushdownIsConstant(n.variable)) return false;
    }
    // Two bound nodes: rebuilt per value of the earlier-bound one (lower slot; it changes
    // least often between outer rows), probed on the other. One: built once, probed on it.
    if (bound.size() == 2 && scope_.Find(bound[0])->slot > scope_.Find(bound[1])->slot) {
        std::swap(bound[0], bound[1]);
    }
    const VarInfo probe = *scope_.Find(bound.back());
    double per_row = BestPartCost(part);
    Scope saved = scope_;
    scope_.Unbind(bound.back());
    double build = BestPartCost(part);
    if (build > kBuildRowsPerPartition * per_row) {
        scope_ = std::move(saved);
        return false;
    }
    int first_new = next_slot_;
    plan_ = std::make_unique<exec::ArgumentOp>();
    RETURN_IF_ERROR(PlanPattern(m.pattern, false));
    exec::HashJoinSpec spec;
    if (bound.size() == 2) spec.partition_slots = {saved.Find(bound[0])->slot};
    spec.probe_keys = {probe.slot};
    spec.build_keys = {scope_.Find(bound.back())->slot};
    for (int s = first_new; s < next_slot_; ++s) {
        if (s != spec.build_keys[0]) spec.copy_slots.push_back(s);
    }
    spec.optional = m.optional;
    scope_.Bind(bound.back(), probe);
    plan_ =
        std::make_unique<exec::HashJoinOp>(std::move(*outer), std::move(plan_), std::move(spec));
    return true;
}

namespace {

// The relationship types of [lo, hi) when every relationship there is typed; false otherwise.
bool TypesOf(const ast::PatternPart& part, size_t lo, size_t hi, std::set<std::string>* out) {
    for (size_t i = lo; i < hi; ++i) {
        if (part.relationships[i].types.empty()) return false;
        out->insert(part.relationships[i].types.begin(), part.relationships[i].types.end());
    }
    return true;
}

// A split is taken when its estimate is below this share of the best single chain.
constexpr double kSplitMargin = 1.0;

}  // namespace

Result<bool> Planner::TrySplitPart(const ast::PatternPart& part, std::vector<int>* rel_slots,
                                   std::vector<int>* list_slots) {
    // Relationship uniqueness across the halves holds by disjoint types; against earlier
    // parts it would need the build per probe row, so only the first part splits.
    if (stats_ == nullptr || part.function != ast::PathFunction::kNone ||
        !part.path_variable.empty() || part.nodes.size() < 4 || !rel_slots->empty() ||
        !list_slots->empty()) {
        return false;
    }
    for (const auto& n : part.nodes) {
        if (!SelfContained(n.properties.get(), n.where.get())) return false;
    }
    for (const auto& r : part.relationships) {
        if (!SelfContained(r.properties.get(), r.where.get()) || !r.variable.empty()) return false;
    }
    double linear = BestPartCost(part);
    size_t n = part.nodes.size();
    size_t best_k = 0;
    double best = kSplitMargin * linear;
    for (size_t k = 1; k + 1 < n; ++k) {
        std::set<std::string> left, right;
        if (!TypesOf(part, 0, k, &left) || !TypesOf(part, k, n - 1, &right)) continue;
        if (std::any_of(left.begin(), left.end(),
                        [&](const std::string& t) { return right.count(t); })) {
            continue;
        }
        if (!BuildSideIsFree(part, k)) continue;
        double probe_rows = 0;
        range_hi_ = k;
        double cost = BestPartCost(part, &probe_rows);
        range_hi_ = SIZE_MAX;
        range_lo_ = k;
        cost += BestPartCost(part) + probe_rows;
        range_lo_ = 0;
        if (cost < best) {
            best = cost;
            best_k = k;
        }
    }
    if (best_k == 0) return false;
    return PlanSplit(part, best_k, rel_slots, list_slots);
}

bool Planner::PushdownIsConstant(const std::string& var) const {
    auto constant = [](const ast::Expression* e) {
        return e->kind == ast::ExprKind::kLiteral || e->kind == ast::ExprKind::kParameter;
    };
    if (var.empty()) return true;
    auto eq = pushdown_.find(var);
    if (eq != pushdown_.end()) {
        for (const auto& kv : eq->second) {
            if (!constant(kv.second)) return false;
        }
    }
    auto range = range_pushdown_.find(var);
    if (range != range_pushdown_.end()) {
        for (const auto& r : range->second) {
            if (!constant(r.value)) return false;
        }
    }
    return true;
}

bool Planner::BuildSideIsFree(const ast::PatternPart& part, size_t k) {
    // The build half (nodes k..) is built once: it may read no variable bound outside it,
    // share no variable with the probe half but node k, and have no WHERE equality or range
    // pushed into its scans that reads a variable.
    std::set<std::string> probe_vars;
    for (size_t i = 0; i < k; ++i) probe_vars.insert(part.nodes[i].variable);
    for (size_t i = k; i < part.nodes.size(); ++i) {
        const std::string& v = part.nodes[i].variable;
        if (v.empty()) continue;
        if (scope_.Find(v) || (i > k && probe_vars.count(v))) return false;
        if (i > k && v == part.nodes[k].variable) return false;
        if (!PushdownIsConstant(v)) return false;
    }
    return true;
}

Result<bool> Planner::PlanSplit(const ast::PatternPart& part, size_t k, std::vector<int>* rel_slots,
                                std::vector<int>* list_slots) {
    std::vector<int> probe_nodes;
    range_hi_ = k;
    // The build side checks node k's labels and properties; a probe row joins only with a
    // node that passed them, so the probe side need not check them again (IC12: 14678
    // `t:Tag` label reads).
    unfiltered_node_ = k;
    Status st = PlanPart(part, rel_slots, list_slots, false, &probe_nodes);
    unfiltered_node_ = SIZE_MAX;
    range_hi_ = SIZE_MAX;
    RETURN_IF_ERROR(st);
    const std::string& join_var = part.nodes[k].variable;
    exec::OpPtr probe = std::move(plan_);
    if (!join_var.empty()) scope_.Unbind(join_var);
    int first_new = next_slot_;
    plan_ = std::make_unique<exec::ArgumentOp>();
    std::vector<int> build_nodes, build_rels, build_lists;
    range_lo_ = k;
    st = PlanPart(part, &build_rels, &build_lists, false, &build_nodes);
    range_lo_ = 0;
    RETURN_IF_ERROR(st);
    exec::HashJoinSpec spec;
    spec.probe_keys = {probe_nodes[k]};
    spec.build_keys = {build_nodes[k]};
    for (int s = first_new; s < next_slot_; ++s) {
        if (s != build_nodes[k]) spec.copy_slots.push_back(s);
    }
    if (!join_var.empty()) scope_.Bind(join_var, {probe_nodes[k], VarType::kNode});
    rel_slots->insert(rel_slots->end(), build_rels.begin(), build_rels.end());
    list_slots->insert(list_slots->end(), build_lists.begin(), build_lists.end());
    plan_ = std::make_unique<exec::HashJoinOp>(std::move(probe), std::move(plan_), std::move(spec));
    return true;
}

}  // namespace nexus::cypher::planner
