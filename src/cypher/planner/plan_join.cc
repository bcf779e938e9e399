// Hash joins chosen by cost. An OPTIONAL MATCH whose single pattern part is bound at two
// nodes (IC5: (friend)<-[]-(post)<-[]-(forum), friend and forum from earlier clauses) is
// planned as a build from the earlier-bound node alone, rebuilt per distinct value of it, and
// probed on the other node -- instead of walking the chain once per outer row.
#include <algorithm>

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

double Planner::BestPartCost(const ast::PatternPart& part) {
    double best = PartCost(part, 0, nullptr);
    for (size_t i = 1; i < part.nodes.size(); ++i)
        best = std::min(best, PartCost(part, i, nullptr));
    return best;
}

Result<bool> Planner::TryOptionalHashJoin(const ast::Match& m, exec::OpPtr* outer) {
    if (stats_ == nullptr || m.where || m.pattern.parts.size() != 1) return false;
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
    if (bound.size() != 2) return false;
    // The earlier-bound node (lower slot) changes least often between outer rows.
    if (scope_.Find(bound[0])->slot > scope_.Find(bound[1])->slot) std::swap(bound[0], bound[1]);
    const VarInfo partition = *scope_.Find(bound[0]);
    const VarInfo probe = *scope_.Find(bound[1]);
    double per_row = BestPartCost(part);
    Scope saved = scope_;
    scope_.Unbind(bound[1]);
    double build = BestPartCost(part);
    if (build > kBuildRowsPerPartition * per_row) {
        scope_ = std::move(saved);
        return false;
    }
    int first_new = next_slot_;
    plan_ = std::make_unique<exec::ArgumentOp>();
    RETURN_IF_ERROR(PlanPattern(m.pattern, false));
    exec::HashJoinSpec spec;
    spec.partition_slots = {partition.slot};
    spec.probe_keys = {probe.slot};
    spec.build_keys = {scope_.Find(bound[1])->slot};
    for (int s = first_new; s < next_slot_; ++s) {
        if (s != spec.build_keys[0]) spec.copy_slots.push_back(s);
    }
    spec.optional = true;
    scope_.Bind(bound[1], probe);
    plan_ =
        std::make_unique<exec::HashJoinOp>(std::move(*outer), std::move(plan_), std::move(spec));
    return true;
}

}  // namespace nexus::cypher::planner
