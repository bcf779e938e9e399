// Rewrite rule: a keyless aggregation of plain counts over `MATCH (n[:L])` or
// `MATCH ()-[r[:T]]->()` (the first clause, no WHERE, no property maps) becomes a
// CountFromStore reading the graph's count metadata -- O(1) instead of a scan.
#include <algorithm>

#include "cypher/exec/count_store_op.h"
#include "cypher/exec/scan_ops.h"
#include "cypher/planner/planner.h"

namespace nexus::cypher::planner {
namespace {

bool IsArgument(const exec::Operator& op) {
    return dynamic_cast<const exec::ArgumentOp*>(&op) != nullptr;
}

// A scan of every node, or of one label, with no property predicate, straight over the
// Argument (a label filter above it, as older plans had, is accepted too).
const exec::NodeScanOp* PlainScan(const exec::Operator& op) {
    const exec::Operator* cur = &op;
    const exec::FilterOp* filter = dynamic_cast<const exec::FilterOp*>(cur);
    if (filter != nullptr) cur = &filter->input();
    auto* scan = dynamic_cast<const exec::NodeScanOp*>(cur);
    if (scan == nullptr || !IsArgument(scan->input()) || !scan->props().empty() ||
        scan->labels().size() > 1) {
        return nullptr;
    }
    if (filter != nullptr) {
        const exec::Expr& p = filter->predicate();
        if (p.kind != exec::ExprKind::kHasLabels || p.names != scan->labels() ||
            p.kids.size() != 1 || p.kids[0]->kind != exec::ExprKind::kSlot ||
            p.kids[0]->slot != scan->slot()) {
            return nullptr;
        }
    }
    return scan;
}

// count(*) or count(v) of a variable in `slots` (always bound, so never null).
bool PlainCount(const exec::AggregateSpec& a, const std::vector<int>& slots) {
    if (a.function != "count" || a.distinct) return false;
    if (a.args.empty()) return true;
    const exec::Expr& arg = *a.args[0];
    return a.args.size() == 1 && arg.kind == exec::ExprKind::kSlot &&
           std::find(slots.begin(), slots.end(), arg.slot) != slots.end();
}

}  // namespace

bool TryCountFromStore(exec::OpPtr* plan, const std::vector<exec::AggregateSpec>& aggs) {
    if (aggs.empty()) return false;
    exec::StoreCount proto;
    std::vector<int> slots;
    if (const exec::NodeScanOp* scan = PlainScan(**plan)) {
        proto.names = scan->labels();
        slots = {scan->slot()};
    } else if (auto* expand = dynamic_cast<const exec::ExpandOp*>(plan->get())) {
        const exec::ExpandSpec& s = expand->spec();
        const exec::NodeScanOp* from = PlainScan(expand->input());
        // Undirected patterns count loops once, which the metadata cannot tell apart.
        if (from == nullptr || !from->labels().empty() || s.from != from->slot() || s.to_bound ||
            s.rel_bound || !s.distinct_from.empty() || !s.distinct_from_lists.empty() ||
            s.dir == graph::Direction::kBoth) {
            return false;
        }
        proto.rels = true;
        proto.names = s.types;
        proto.dir = s.dir;
        slots = {s.from, s.rel, s.to};
    } else {
        return false;
    }
    std::vector<exec::StoreCount> counts;
    for (const exec::AggregateSpec& a : aggs) {
        if (!PlainCount(a, slots)) return false;
        counts.push_back(proto);
        counts.back().slot = a.slot;
    }
    *plan = std::make_unique<exec::CountFromStoreOp>(std::make_unique<exec::ArgumentOp>(),
                                                     std::move(counts));
    return true;
}

}  // namespace nexus::cypher::planner
