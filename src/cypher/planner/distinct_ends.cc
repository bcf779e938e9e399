// Rewrite rule: a VarLengthExpand whose rows are only ever deduplicated by end node switches
// to its breadth-first distinct-ends form. It applies below `WITH DISTINCT` / `RETURN
// DISTINCT` and below aggregations whose result cannot see duplicate rows (min, max,
// count(DISTINCT)), when only Filters and Projections sit in between and none of them, nor
// the keys, read the relationship list -- except `min(size(e))` / `min(length(e))`, which
// becomes the search depth. See exec/var_expand_ends.cc for why the answers are the same.
#include <algorithm>

#include "cypher/exec/path_ops.h"
#include "cypher/planner/planner.h"

namespace nexus::cypher::planner {
namespace {

// The VarLengthExpand under Filters and Projections, with the slots those read.
exec::VarExpandOp* FindVarExpand(exec::Operator* op, std::vector<int>* used) {
    while (true) {
        if (auto* f = dynamic_cast<exec::FilterOp*>(op)) {
            if (!CollectSlots(f->predicate(), used)) return nullptr;
            op = f->mutable_input();
        } else if (auto* p = dynamic_cast<exec::ProjectOp*>(op)) {
            for (const auto& e : p->exprs()) {
                if (!CollectSlots(*e, used)) return nullptr;
            }
            op = p->mutable_input();
        } else {
            return dynamic_cast<exec::VarExpandOp*>(op);
        }
    }
}

bool Eligible(const exec::VarExpandSpec& s) {
    return !s.distinct_ends && s.min_hops <= 1 && !s.hop.to_bound && !s.hop.rel_bound &&
           s.hop.rel >= 0;
}

// min(size(e)) or min(length(e)) of the list slot `rel`.
bool IsMinLength(const exec::AggregateSpec& a, int rel) {
    if (a.function != "min" || a.args.size() != 1) return false;
    const exec::Expr& f = *a.args[0];
    bool sized = (f.kind == exec::ExprKind::kFunction && f.name == "size") ||
                 (f.kind == exec::ExprKind::kGraphFunction && f.name == "length");
    return sized && f.kids.size() == 1 && f.kids[0]->kind == exec::ExprKind::kSlot &&
           f.kids[0]->slot == rel;
}

bool Reads(const std::vector<int>& used, int slot) {
    return std::find(used.begin(), used.end(), slot) != used.end();
}

}  // namespace

bool CollectSlots(const exec::Expr& e, std::vector<int>* out) {
    if (e.kind == exec::ExprKind::kSubquery) return false;
    if (e.kind == exec::ExprKind::kSlot) out->push_back(e.slot);
    for (const auto& k : e.kids) {
        if (k && !CollectSlots(*k, out)) return false;
    }
    for (const auto& item : e.items) {
        if (item.value && !CollectSlots(*item.value, out)) return false;
    }
    return true;
}

bool TryDistinctEnds(exec::Operator* plan, std::vector<int> used) {
    exec::VarExpandOp* ve = FindVarExpand(plan, &used);
    if (ve == nullptr || !Eligible(ve->spec()) || Reads(used, ve->spec().hop.rel)) return false;
    ve->mutable_spec()->distinct_ends = true;
    return true;
}

bool TryDistinctEndsForAggregate(exec::Operator* plan, std::vector<int> used,
                                 const std::vector<exec::ExprPtr>& keys,
                                 std::vector<exec::AggregateSpec>* aggs, int depth_slot) {
    for (const auto& k : keys) {
        if (!CollectSlots(*k, &used)) return false;
    }
    exec::VarExpandOp* ve = FindVarExpand(plan, &used);
    if (ve == nullptr || !Eligible(ve->spec())) return false;
    const int rel = ve->spec().hop.rel;
    bool wants_depth = false;
    for (const exec::AggregateSpec& a : *aggs) {
        if (IsMinLength(a, rel)) {
            wants_depth = true;
            continue;
        }
        bool insensitive = a.function == "min" || a.function == "max" ||
                           (a.function == "count" && a.distinct && !a.args.empty());
        if (!insensitive) return false;
        for (const auto& arg : a.args) {
            if (!CollectSlots(*arg, &used)) return false;
        }
    }
    if (Reads(used, rel)) return false;
    exec::VarExpandSpec* spec = ve->mutable_spec();
    spec->distinct_ends = true;
    if (wants_depth) {
        spec->depth_slot = depth_slot;
        for (exec::AggregateSpec& a : *aggs) {
            if (IsMinLength(a, rel)) a.args[0] = exec::MakeSlot(depth_slot, "length");
        }
    }
    return true;
}

}  // namespace nexus::cypher::planner
