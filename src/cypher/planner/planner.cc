// Query-level planning: UNION branches, the clause sequence of a single query, and the
// Eager barriers that keep reads and writes of one query from observing each other early.
#include "cypher/planner/planner.h"

#include "cypher/exec/apply_ops.h"
#include "cypher/exec/basic_ops.h"

namespace nexus::cypher::planner {

using ast::ErrorDetail;
using semantic::CompileError;

namespace {

bool IsUpdate(ast::ClauseKind k) {
    using C = ast::ClauseKind;
    return k == C::kCreate || k == C::kMerge || k == C::kSet || k == C::kRemove ||
           k == C::kDelete || k == C::kForeach;
}

bool IsBareArgument(const exec::Operator* op) {
    return dynamic_cast<const exec::ArgumentOp*>(op) != nullptr;
}

const char* ClauseName(ast::ClauseKind k) {
    switch (k) {
        case ast::ClauseKind::kMatch:
            return "MATCH";
        case ast::ClauseKind::kUnwind:
            return "UNWIND";
        case ast::ClauseKind::kWith:
            return "WITH";
        case ast::ClauseKind::kCallSubquery:
            return "CALL";
        case ast::ClauseKind::kCallProcedure:
            return "CALL";
        default:
            return "this clause";
    }
}

}  // namespace

Result<PlannedQuery> PlanQuery(const ast::Query& query, PlanStats* stats) {
    Planner planner(stats);
    return planner.Plan(query);
}

Result<PlannedQuery> Planner::Plan(const ast::Query& query) {
    plan_ = std::make_unique<exec::ArgumentOp>();
    PlannedQuery out;
    ASSIGN_OR_RETURN(out.column_slots, PlanUnion(query, &out.columns, false));
    out.root = std::shared_ptr<const exec::Operator>(std::move(plan_));
    out.writes = writes_;
    out.num_slots = next_slot_;
    out.wants_stats = wants_stats_;
    return out;
}

void Planner::MarkWrite() {
    writes_ = true;
    last_was_write_ = true;
}

Result<std::vector<int>> Planner::PlanUnion(const ast::Query& q, std::vector<std::string>* columns,
                                            bool subquery) {
    if (q.parts.size() == 1) return PlanSingle(q.parts[0], columns, subquery);
    Scope start = scope_;
    std::vector<exec::OpPtr> branches;
    std::vector<std::vector<int>> branch_slots;
    bool distinct = false, all = false;
    for (bool a : q.union_all) (a ? all : distinct) = true;
    if (distinct && all) {
        return CompileError(ErrorDetail::kInvalidClauseComposition,
                            "Invalid combination of UNION and UNION ALL", q.pos);
    }
    for (size_t i = 0; i < q.parts.size(); ++i) {
        scope_ = start;
        plan_ = std::make_unique<exec::ArgumentOp>();
        std::vector<std::string> cols;
        ASSIGN_OR_RETURN(std::vector<int> slots, PlanSingle(q.parts[i], &cols, subquery));
        if (i == 0) {
            *columns = cols;
        } else if (cols != *columns) {
            return CompileError(ErrorDetail::kDifferentColumnsInUnion,
                                "All sub queries in an UNION must have the same return column "
                                "names",
                                q.parts[i].pos);
        }
        branches.push_back(std::move(plan_));
        branch_slots.push_back(std::move(slots));
    }
    std::vector<int> out_slots;
    scope_ = start;
    for (const auto& c : *columns) {
        out_slots.push_back(NewSlot());
        scope_.Bind(c, {out_slots.back(), VarType::kAny});
    }
    plan_ =
        std::make_unique<exec::UnionOp>(std::move(branches), std::move(branch_slots), out_slots);
    if (distinct) plan_ = std::make_unique<exec::DistinctOp>(std::move(plan_), out_slots);
    return out_slots;
}

Result<std::vector<int>> Planner::PlanSingle(const ast::SingleQuery& q,
                                             std::vector<std::string>* columns, bool subquery) {
    std::vector<int> slots;
    for (size_t i = 0; i < q.clauses.size(); ++i) {
        const ast::Clause& c = *q.clauses[i];
        bool last = i + 1 == q.clauses.size();
        if (c.kind == ast::ClauseKind::kReturn) {
            if (!last) {
                return CompileError(ErrorDetail::kInvalidClauseComposition,
                                    "RETURN can only be used at the end of the query", c.pos);
            }
            RETURN_IF_ERROR(
                PlanProjection(c.As<ast::Return>().body, nullptr, true, c.pos, columns, &slots));
            continue;
        }
        if (last && !subquery && !IsUpdate(c.kind) && c.kind != ast::ClauseKind::kCallSubquery &&
            c.kind != ast::ClauseKind::kCallProcedure) {
            return CompileError(ErrorDetail::kInvalidClauseComposition,
                                std::string("Query cannot conclude with ") + ClauseName(c.kind) +
                                    " (must be a RETURN clause, an update clause, a unit "
                                    "subquery call, or a procedure call with no YIELD)",
                                c.pos);
        }
        bool standalone_call = q.clauses.size() == 1 && c.kind == ast::ClauseKind::kCallProcedure;
        if (standalone_call) {
            RETURN_IF_ERROR(PlanCallProcedure(c.As<ast::CallProcedure>(), columns, &slots));
            // A procedure without outputs returns no rows at all, not one empty row each.
            if (columns->empty()) plan_ = std::make_unique<exec::DiscardOp>(std::move(plan_));
            return slots;
        }
        RETURN_IF_ERROR(PlanClause(c, last));
    }
    if (columns->empty() && !subquery) {
        plan_ = std::make_unique<exec::DiscardOp>(std::move(plan_));
    }
    return slots;
}

Status Planner::PlanClause(const ast::Clause& c, bool is_last) {
    using C = ast::ClauseKind;
    bool update = IsUpdate(c.kind);
    bool reads = c.kind == C::kMatch || c.kind == C::kMerge || c.kind == C::kCallSubquery ||
                 c.kind == C::kCallProcedure;
    if ((update && !IsBareArgument(plan_.get())) || (reads && last_was_write_)) {
        plan_ = std::make_unique<exec::EagerOp>(std::move(plan_));
    }
    if (!update) last_was_write_ = false;
    switch (c.kind) {
        case C::kMatch:
            return PlanMatch(c.As<ast::Match>());
        case C::kUnwind:
            return PlanUnwind(c.As<ast::Unwind>());
        case C::kWith: {
            const auto& w = c.As<ast::With>();
            std::vector<std::string> cols;
            std::vector<int> slots;
            return PlanProjection(w.body, w.where.get(), false, c.pos, &cols, &slots);
        }
        case C::kCreate:
            return PlanCreate(c.As<ast::Create>());
        case C::kMerge:
            return PlanMerge(c.As<ast::Merge>());
        case C::kSet:
            return PlanSet(c.As<ast::Set>());
        case C::kRemove:
            return PlanRemove(c.As<ast::Remove>());
        case C::kDelete:
            return PlanDelete(c.As<ast::Delete>());
        case C::kForeach:
            return PlanForeach(c.As<ast::Foreach>());
        case C::kCallSubquery:
            return PlanCallSubquery(c.As<ast::CallSubquery>());
        case C::kCallProcedure:
            return PlanCallProcedure(c.As<ast::CallProcedure>(), nullptr, nullptr);
        case C::kReturn:
            break;
    }
    (void)is_last;
    return Status(StatusCode::kInternal, "unexpected clause");
}

}  // namespace nexus::cypher::planner
