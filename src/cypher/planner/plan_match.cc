// MATCH / OPTIONAL MATCH and pattern expressions: each pattern part is planned as a scan
// (or a bound node) followed by expansions left and right along the chain; parts that
// share no variable become nested-loop products. Relationships are unique per MATCH.
#include <algorithm>
#include <set>

#include "cypher/exec/apply_ops.h"
#include "cypher/exec/basic_ops.h"
#include "cypher/exec/path_ops.h"
#include "cypher/exec/scan_ops.h"
#include "cypher/planner/planner.h"
#include "cypher/semantic/static_types.h"

namespace nexus::cypher::planner {

using ast::ErrorDetail;
using exec::ExprKind;
using exec::ExprPtr;
using semantic::CompileError;

namespace {

graph::Direction ToGraph(ast::Direction d, bool reversed) {
    if (d == ast::Direction::kBoth) return graph::Direction::kBoth;
    bool out = d == ast::Direction::kLeftToRight;
    if (reversed) out = !out;
    return out ? graph::Direction::kOutgoing : graph::Direction::kIncoming;
}

ExprPtr And(ExprPtr a, ExprPtr b) {
    if (!a) return b;
    std::vector<ExprPtr> kids;
    kids.push_back(std::move(a));
    kids.push_back(std::move(b));
    return exec::MakeExpr(ExprKind::kAnd, std::move(kids));
}

Status TypeConflict(const std::string& name, VarType was, VarType now, SourcePosition pos) {
    return CompileError(ErrorDetail::kVariableTypeConflict,
                        "Type mismatch: `" + name + "` defined with conflicting type " +
                            semantic::VarTypeName(was) + " (expected " +
                            semantic::VarTypeName(now) + ")",
                        pos);
}

}  // namespace

Result<ExprPtr> Planner::PropsPredicate(const ast::Expression& props, ExprPtr subject) {
    ASSIGN_OR_RETURN(ExprPtr map, Compile(props));
    std::vector<ExprPtr> kids;
    kids.push_back(std::move(subject));
    kids.push_back(std::move(map));
    return exec::MakeExpr(ExprKind::kGraphFunction, std::move(kids), "propsmatch");
}

Result<VarInfo> Planner::BindNode(const ast::NodePattern& n, bool* was_bound) {
    *was_bound = false;
    if (!n.variable.empty()) {
        if (const VarInfo* v = scope_.Find(n.variable)) {
            if ((v->type != VarType::kNode && v->type != VarType::kAny) || v->static_type != 0) {
                return TypeConflict(n.variable, v->type, VarType::kNode, n.pos);
            }
            *was_bound = true;
            return *v;
        }
    }
    VarInfo info{NewSlot(), VarType::kNode};
    if (!n.variable.empty()) scope_.Bind(n.variable, info);
    return info;
}

Status Planner::FilterNode(const ast::NodePattern& n, int slot, bool skip_props, bool scanned) {
    ExprPtr pred;
    if (!n.labels.empty() && !scanned) {
        std::vector<ExprPtr> kids;
        kids.push_back(exec::MakeSlot(slot, n.variable));
        auto e = exec::MakeExpr(ExprKind::kHasLabels, std::move(kids));
        e->names = n.labels;
        pred = And(std::move(pred), std::move(e));
    }
    if (n.properties && !skip_props) {
        ASSIGN_OR_RETURN(ExprPtr p,
                         PropsPredicate(*n.properties, exec::MakeSlot(slot, n.variable)));
        pred = And(std::move(pred), std::move(p));
    }
    if (n.where) {
        ASSIGN_OR_RETURN(ExprPtr w, Compile(*n.where));
        pred = And(std::move(pred), std::move(w));
    }
    if (pred) plan_ = std::make_unique<exec::FilterOp>(std::move(plan_), std::move(pred));
    return Status::Ok();
}

void Planner::CollectPushdown(const ast::Expression& where) {
    if (where.kind != ast::ExprKind::kBinary) return;
    const auto& b = where.As<ast::Binary>();
    if (b.op == ast::BinaryOp::kAnd) {
        CollectPushdown(*b.left);
        CollectPushdown(*b.right);
        return;
    }
    if (b.op != ast::BinaryOp::kEq) {
        CollectRangePushdown(b);
        return;
    }
    for (int side = 0; side < 2; ++side) {
        const ast::Expression& value = side == 0 ? *b.right : *b.left;
        const ast::PropertyAccess* pa = PushableProperty(side == 0 ? *b.left : *b.right, value,
                                                         /*list_value=*/false);
        if (pa != nullptr)
            pushdown_[pa->object->As<ast::Variable>().name].emplace_back(pa->key, &value);
    }
}

// `prop` when it reads a property of a variable this MATCH introduces and `value` (a literal,
// parameter, variable, property access, or with `list_value` a list literal) reads only
// variables bound before it: then the pair can become part of the scan of that variable.
const ast::PropertyAccess* Planner::PushableProperty(const ast::Expression& prop,
                                                     const ast::Expression& value,
                                                     bool list_value) const {
    if (prop.kind != ast::ExprKind::kProperty) return nullptr;
    const auto& pa = prop.As<ast::PropertyAccess>();
    if (pa.object->kind != ast::ExprKind::kVariable) return nullptr;
    if (scope_.Find(pa.object->As<ast::Variable>().name) != nullptr) return nullptr;
    auto k = value.kind;
    if (k != ast::ExprKind::kLiteral && k != ast::ExprKind::kParameter &&
        k != ast::ExprKind::kVariable && k != ast::ExprKind::kProperty &&
        !(list_value && k == ast::ExprKind::kList)) {
        return nullptr;
    }
    std::vector<std::string> vars;
    CollectVariables(value, &vars);
    bool outer_only =
        std::all_of(vars.begin(), vars.end(), [&](const std::string& v) { return scope_.Find(v); });
    return outer_only ? &pa : nullptr;
}

void Planner::CollectRangePushdown(const ast::Binary& b) {
    using ast::BinaryOp;
    exec::RangeOp op;
    switch (b.op) {
        case BinaryOp::kLt:
            op = exec::RangeOp::kLt;
            break;
        case BinaryOp::kLe:
            op = exec::RangeOp::kLe;
            break;
        case BinaryOp::kGt:
            op = exec::RangeOp::kGt;
            break;
        case BinaryOp::kGe:
            op = exec::RangeOp::kGe;
            break;
        case BinaryOp::kStartsWith:
            op = exec::RangeOp::kStartsWith;
            break;
        case BinaryOp::kIn:
            op = exec::RangeOp::kIn;
            break;
        default:
            return;
    }
    // Comparisons may have the property on either side (flipped); the others on the left.
    bool comparison = op != exec::RangeOp::kStartsWith && op != exec::RangeOp::kIn;
    for (int side = 0; side < (comparison ? 2 : 1); ++side) {
        const ast::Expression& value = side == 0 ? *b.right : *b.left;
        const ast::PropertyAccess* pa =
            PushableProperty(side == 0 ? *b.left : *b.right, value, op == exec::RangeOp::kIn);
        if (pa == nullptr) continue;
        exec::RangeOp flipped = op;
        if (side == 1) {
            flipped = op == exec::RangeOp::kLt   ? exec::RangeOp::kGt
                      : op == exec::RangeOp::kLe ? exec::RangeOp::kGe
                      : op == exec::RangeOp::kGt ? exec::RangeOp::kLt
                                                 : exec::RangeOp::kLe;
        }
        range_pushdown_[pa->object->As<ast::Variable>().name].push_back({pa->key, flipped, &value});
    }
}

Status Planner::PlanMatch(const ast::Match& m) {
    pushdown_.clear();
    range_pushdown_.clear();
    if (m.where) CollectPushdown(*m.where);
    if (!m.optional) {
        exec::OpPtr input = std::move(plan_);
        Result<bool> joined = TryHashJoin(m, &input);
        Status st = joined.status();
        if (joined.ok() && !*joined) {
            plan_ = std::move(input);
            match_where_ = m.where.get();
            st = PlanPattern(m.pattern, false);
        }
        pushdown_.clear();
        range_pushdown_.clear();
        RETURN_IF_ERROR(st);
        if (m.where) {
            RETURN_IF_ERROR(semantic::CheckPredicateType(*m.where, scope_));
            ASSIGN_OR_RETURN(ExprPtr pred, Compile(*m.where));
            plan_ = std::make_unique<exec::FilterOp>(std::move(plan_), std::move(pred));
        }
        return Status::Ok();
    }
    exec::OpPtr outer = std::move(plan_);
    Scope before = scope_;
    Result<bool> joined = TryHashJoin(m, &outer);
    if (!joined.ok() || *joined) {
        pushdown_.clear();
        range_pushdown_.clear();
        return joined.status();
    }
    plan_ = std::make_unique<exec::ArgumentOp>();
    match_where_ = m.where.get();
    Status st = PlanPattern(m.pattern, false);
    pushdown_.clear();
    range_pushdown_.clear();
    RETURN_IF_ERROR(st);
    if (m.where) {
        // Checked once the pattern is bound: `WHERE (n)` is a node, not a predicate.
        RETURN_IF_ERROR(semantic::CheckPredicateType(*m.where, scope_));
        ASSIGN_OR_RETURN(ExprPtr pred, Compile(*m.where));
        plan_ = std::make_unique<exec::FilterOp>(std::move(plan_), std::move(pred));
    }
    std::vector<int> null_slots;
    for (const auto& [name, info] : scope_.vars()) {
        if (before.Find(name) == nullptr) null_slots.push_back(info.slot);
    }
    plan_ = std::make_unique<exec::OptionalOp>(std::move(outer), std::move(plan_),
                                               std::move(null_slots));
    return Status::Ok();
}

Status Planner::PlanPattern(const ast::Pattern& pattern, bool for_merge) {
    std::vector<int> rel_slots, list_slots;
    if (for_merge) {
        for (const auto& part : pattern.parts) {
            RETURN_IF_ERROR(PlanPart(part, &rel_slots, &list_slots, for_merge));
        }
        return Status::Ok();
    }
    const ast::Expression* where = match_where_;
    match_where_ = nullptr;  // sub-plans (subqueries in the pattern) have their own
    for (size_t i : OrderParts(pattern)) {
        ASSIGN_OR_RETURN(bool split, TrySplitPart(pattern.parts[i], &rel_slots, &list_slots));
        if (!split) RETURN_IF_ERROR(PlanPart(pattern.parts[i], &rel_slots, &list_slots, for_merge));
        if (where != nullptr) {
            // Parts joined only by the WHERE: an equality or range between a property of a
            // later part's node and values of the parts planned so far becomes a seek of that
            // node's index per row (`MATCH (a:A {id: 1}), (b:B) WHERE b.k = a.k`).
            pushdown_.clear();
            range_pushdown_.clear();
            CollectPushdown(*where);
        }
    }
    return Status::Ok();
}

Status Planner::PlanPart(const ast::PatternPart& part, std::vector<int>* rel_slots,
                         std::vector<int>* list_slots, bool for_merge,
                         std::vector<int>* out_node_slots, std::vector<int>* out_rel_slots) {
    for (const auto& n : part.nodes) {
        if (n.properties && n.properties->kind == ast::ExprKind::kParameter) {
            return CompileError(ErrorDetail::kInvalidParameterUse,
                                "Parameter maps cannot be used in MATCH or MERGE patterns",
                                n.properties->pos);
        }
    }
    for (const auto& r : part.relationships) {
        if (r.properties && r.properties->kind == ast::ExprKind::kParameter) {
            return CompileError(ErrorDetail::kInvalidParameterUse,
                                "Parameter maps cannot be used in MATCH or MERGE patterns",
                                r.properties->pos);
        }
    }
    if (part.function != ast::PathFunction::kNone) return PlanShortestPath(part, rel_slots);
    if (!part.path_variable.empty() && scope_.Find(part.path_variable)) {
        return CompileError(ErrorDetail::kVariableAlreadyBound,
                            "Variable `" + part.path_variable + "` already declared", part.pos);
    }
    for (const auto& n : part.nodes) {
        if (!n.variable.empty() && !n.labels.empty()) known_labels_[n.variable] = n.labels;
    }
    size_t start = ChooseStart(part);
    std::vector<int> node_slots(part.nodes.size(), -1), rel_slot(part.relationships.size(), -1);
    bool bound = false;
    const auto& sn = part.nodes[start];
    ASSIGN_OR_RETURN(VarInfo si, BindNode(sn, &bound));
    node_slots[start] = si.slot;
    if (bound) {
        RETURN_IF_ERROR(FilterNode(sn, si.slot, false));
    } else {
        std::vector<std::pair<std::string, ExprPtr>> props;
        bool literal_props = sn.properties && sn.properties->kind == ast::ExprKind::kMap;
        if (literal_props) {
            for (const auto& e : sn.properties->As<ast::MapLiteral>().entries) {
                ASSIGN_OR_RETURN(ExprPtr v, Compile(*e.value));
                props.emplace_back(e.key, std::move(v));
            }
        }
        auto pushed = pushdown_.find(sn.variable);
        if (!sn.variable.empty() && pushed != pushdown_.end()) {
            for (const auto& [key, value] : pushed->second) {
                ASSIGN_OR_RETURN(ExprPtr v, Compile(*value));
                props.emplace_back(key, std::move(v));
            }
        }
        auto scan = std::make_unique<exec::NodeScanOp>(std::move(plan_), si.slot, sn.labels,
                                                       std::move(props));
        auto ranged = range_pushdown_.find(sn.variable);
        if (!sn.variable.empty() && ranged != range_pushdown_.end() && !sn.labels.empty()) {
            std::vector<exec::RangePredicate> ranges;
            for (const auto& r : ranged->second) {
                ASSIGN_OR_RETURN(ExprPtr v, Compile(*r.value));
                ranges.push_back({r.key, r.op, std::move(v)});
            }
            scan->set_ranges(std::move(ranges));
        }
        plan_ = std::move(scan);
        // The scan checked every label and the literal properties.
        RETURN_IF_ERROR(FilterNode(sn, si.slot, literal_props, true));
    }
    std::set<std::string> rel_names;
    auto expand = [&](size_t ri, size_t from_i, size_t to_i, bool reversed) -> Status {
        const auto& rp = part.relationships[ri];
        const auto& tn = part.nodes[to_i];
        bool to_bound = false;
        ASSIGN_OR_RETURN(VarInfo ti, BindNode(tn, &to_bound));
        node_slots[to_i] = ti.slot;
        exec::ExpandSpec spec;
        spec.from = node_slots[from_i];
        spec.to = ti.slot;
        spec.to_bound = to_bound;
        spec.dir = ToGraph(rp.direction, reversed);
        spec.types = rp.types;
        spec.distinct_from = *rel_slots;
        spec.distinct_from_lists = *list_slots;
        // Nothing can read an anonymous relationship outside a named path but uniqueness
        // checks, which only need its id (no type name to copy per row).
        spec.rel_id_only = rp.variable.empty() && part.path_variable.empty() && !for_merge &&
                           out_rel_slots == nullptr;
        VarType want = rp.variable_length ? VarType::kRelList : VarType::kRel;
        int slot = -1;
        if (!rp.variable.empty()) {
            if (const VarInfo* v = scope_.Find(rp.variable)) {
                if (v->type != want && v->type != VarType::kAny) {
                    return TypeConflict(rp.variable, v->type, want, rp.pos);
                }
                if (rel_names.count(rp.variable) || for_merge) {
                    return CompileError(ErrorDetail::kRelationshipUniquenessViolation,
                                        "Cannot use the same relationship variable '" +
                                            rp.variable + "' for multiple relationships",
                                        rp.pos);
                }
                spec.rel_bound = true;
                slot = v->slot;
            }
            rel_names.insert(rp.variable);
        }
        if (slot < 0) {
            slot = NewSlot();
            if (!rp.variable.empty()) scope_.Bind(rp.variable, {slot, want});
        }
        spec.rel = slot;
        rel_slot[ri] = slot;
        if (rp.variable_length) {
            exec::VarExpandSpec vs;
            vs.hop = std::move(spec);
            vs.min_hops = rp.min_hops.value_or(1);
            vs.max_hops = rp.max_hops.value_or(-1);
            vs.reverse = reversed;
            if (rp.properties && rp.properties->kind == ast::ExprKind::kMap) {
                for (const auto& e : rp.properties->As<ast::MapLiteral>().entries) {
                    ASSIGN_OR_RETURN(ExprPtr v, Compile(*e.value));
                    vs.rel_props.emplace_back(e.key, std::move(v));
                }
            }
            plan_ = std::make_unique<exec::VarExpandOp>(std::move(plan_), std::move(vs));
            list_slots->push_back(slot);
        } else {
            plan_ = std::make_unique<exec::ExpandOp>(std::move(plan_), std::move(spec));
            rel_slots->push_back(slot);
            ExprPtr pred;
            if (rp.properties) {
                ASSIGN_OR_RETURN(pred,
                                 PropsPredicate(*rp.properties, exec::MakeSlot(slot, rp.variable)));
            }
            if (rp.where) {
                ASSIGN_OR_RETURN(ExprPtr w, Compile(*rp.where));
                pred = And(std::move(pred), std::move(w));
            }
            if (pred) plan_ = std::make_unique<exec::FilterOp>(std::move(plan_), std::move(pred));
        }
        if (to_i == unfiltered_node_ && !to_bound) return Status::Ok();
        return FilterNode(tn, ti.slot, false);
    };
    for (size_t i = start; i < std::min(part.relationships.size(), range_hi_); ++i) {
        RETURN_IF_ERROR(expand(i, i, i + 1, false));
    }
    for (size_t i = start; i-- > range_lo_;) RETURN_IF_ERROR(expand(i, i + 1, i, true));
    if (out_node_slots != nullptr) *out_node_slots = node_slots;
    if (out_rel_slots != nullptr) *out_rel_slots = rel_slot;
    if (!part.path_variable.empty()) {
        std::vector<ExprPtr> kids;
        for (size_t i = 0; i < part.nodes.size(); ++i) {
            kids.push_back(exec::MakeSlot(node_slots[i], ""));
            if (i < part.relationships.size()) kids.push_back(exec::MakeSlot(rel_slot[i], ""));
        }
        int slot = NewSlot();
        std::vector<ExprPtr> exprs;
        exprs.push_back(exec::MakeExpr(ExprKind::kPath, std::move(kids)));
        plan_ = std::make_unique<exec::ProjectOp>(std::move(plan_), std::move(exprs),
                                                  std::vector<int>{slot});
        scope_.Bind(part.path_variable, {slot, VarType::kPath});
    }
    return Status::Ok();
}

Status Planner::PlanShortestPath(const ast::PatternPart& part, std::vector<int>* rel_slots) {
    if (part.relationships.size() != 1) {
        return Status(StatusCode::kSyntaxError,
                      "shortestPath requires a pattern with a single relationship", part.pos);
    }
    int slots[2];
    for (int i = 0; i < 2; ++i) {
        bool bound = false;
        ASSIGN_OR_RETURN(VarInfo info, BindNode(part.nodes[i], &bound));
        slots[i] = info.slot;
        if (!bound) {
            plan_ = std::make_unique<exec::NodeScanOp>(
                std::move(plan_), info.slot, part.nodes[i].labels,
                std::vector<std::pair<std::string, ExprPtr>>{});
        }
        RETURN_IF_ERROR(FilterNode(part.nodes[i], info.slot, false));
    }
    const auto& rp = part.relationships[0];
    exec::ShortestPathSpec spec;
    spec.hop.from = slots[0];
    spec.hop.to = slots[1];
    spec.hop.dir = ToGraph(rp.direction, false);
    spec.hop.types = rp.types;
    spec.min_hops = rp.variable_length ? rp.min_hops.value_or(1) : 1;
    spec.max_hops = rp.variable_length ? rp.max_hops.value_or(-1) : 1;
    spec.all = part.function == ast::PathFunction::kAllShortestPaths;
    spec.path_slot = NewSlot();
    if (!rp.variable.empty()) {
        spec.rels_slot = NewSlot();
        scope_.Bind(rp.variable, {spec.rels_slot, VarType::kRelList});
    }
    if (!part.path_variable.empty()) {
        scope_.Bind(part.path_variable, {spec.path_slot, VarType::kPath});
    }
    (void)rel_slots;
    plan_ = std::make_unique<exec::ShortestPathOp>(std::move(plan_), std::move(spec));
    return Status::Ok();
}

Result<std::shared_ptr<const exec::Operator>> Planner::PlanSubPattern(
    const ast::PatternPart& part, const ast::Expression* where, ExprPtr projection, int* out_slot,
    const ast::Expression* projection_ast) {
    exec::OpPtr saved_plan = std::move(plan_);
    Scope saved_scope = scope_;
    plan_ = std::make_unique<exec::ArgumentOp>();
    std::vector<int> rels, lists;
    Status st = PlanPart(part, &rels, &lists, false);
    if (st.ok() && where != nullptr) {
        auto pred = Compile(*where);
        if (pred.ok()) {
            plan_ = std::make_unique<exec::FilterOp>(std::move(plan_), std::move(*pred));
        } else {
            st = pred.status();
        }
    }
    if (st.ok() && projection_ast != nullptr) {
        auto proj = Compile(*projection_ast);
        if (proj.ok()) {
            *out_slot = NewSlot();
            std::vector<ExprPtr> exprs;
            exprs.push_back(std::move(*proj));
            plan_ = std::make_unique<exec::ProjectOp>(std::move(plan_), std::move(exprs),
                                                      std::vector<int>{*out_slot});
        } else {
            st = proj.status();
        }
    }
    (void)projection;
    std::shared_ptr<const exec::Operator> sub(std::move(plan_));
    plan_ = std::move(saved_plan);
    scope_ = std::move(saved_scope);
    RETURN_IF_ERROR(st);
    return sub;
}

Result<ExprPtr> Planner::CompilePatternPredicate(const ast::PatternPart& part) {
    if (part.relationships.empty()) {
        return CompileError(ErrorDetail::kInvalidArgumentType,
                            "A pattern predicate needs at least one relationship", part.pos);
    }
    // A pattern predicate may only use variables bound outside it.
    for (const auto& n : part.nodes) {
        if (!n.variable.empty() && scope_.Find(n.variable) == nullptr) {
            return CompileError(ErrorDetail::kUndefinedVariable,
                                "Variable `" + n.variable + "` not defined", n.pos);
        }
    }
    for (const auto& r : part.relationships) {
        if (!r.variable.empty() && scope_.Find(r.variable) == nullptr) {
            return CompileError(ErrorDetail::kUndefinedVariable,
                                "Variable `" + r.variable + "` not defined", r.pos);
        }
    }
    int slot = -1;
    ASSIGN_OR_RETURN(auto sub, PlanSubPattern(part, nullptr, nullptr, &slot, nullptr));
    auto e = exec::MakeExpr(ExprKind::kSubquery, {}, "exists");
    e->plan = std::move(sub);
    return e;
}

Result<ExprPtr> Planner::CompilePatternComprehension(const ast::PatternComprehension& p) {
    int slot = -1;
    ASSIGN_OR_RETURN(auto sub,
                     PlanSubPattern(p.pattern, p.where.get(), nullptr, &slot, p.projection.get()));
    auto e = exec::MakeExpr(ExprKind::kSubquery, {}, "collect");
    e->plan = std::move(sub);
    e->slot = slot;
    return e;
}

Result<ExprPtr> Planner::CompileSubquery(const ast::SubqueryExpr& s) {
    auto sub_writes = [](const exec::Operator* op) { return op->Writes(); };
    exec::OpPtr saved_plan = std::move(plan_);
    Scope saved_scope = scope_;
    bool saved_write = last_was_write_;
    plan_ = std::make_unique<exec::ArgumentOp>();
    Status st;
    int slot = -1;
    if (s.pattern) {
        st = PlanPattern(*s.pattern, false);
        if (st.ok() && s.where) {
            auto pred = Compile(*s.where);
            if (pred.ok()) {
                plan_ = std::make_unique<exec::FilterOp>(std::move(plan_), std::move(*pred));
            } else {
                st = pred.status();
            }
        }
    } else if (s.query) {
        std::vector<std::string> cols;
        auto slots = PlanUnion(*s.query, &cols, true);
        if (!slots.ok()) {
            st = slots.status();
        } else if (s.subquery == ast::SubqueryKind::kCollect) {
            if (slots->size() != 1) {
                st = CompileError(ErrorDetail::kInvalidClauseComposition,
                                  "A COLLECT subquery must end with a single return column", s.pos);
            } else {
                slot = (*slots)[0];
            }
        }
    }
    if (st.ok() && sub_writes(plan_.get())) {
        st = CompileError(ErrorDetail::kInvalidClauseComposition,
                          "An EXISTS, COUNT or COLLECT subquery cannot update the graph", s.pos);
    }
    std::shared_ptr<const exec::Operator> sub(std::move(plan_));
    plan_ = std::move(saved_plan);
    scope_ = std::move(saved_scope);
    last_was_write_ = saved_write;
    RETURN_IF_ERROR(st);
    static const char* kNames[] = {"exists", "count", "collect"};
    auto e = exec::MakeExpr(ExprKind::kSubquery, {}, kNames[static_cast<int>(s.subquery)]);
    e->plan = std::move(sub);
    e->slot = slot;
    return e;
}

}  // namespace nexus::cypher::planner
