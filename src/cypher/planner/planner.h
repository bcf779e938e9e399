// The planner: binds an AST query (scopes, types, aggregation rules -- the semantic checks
// happen here, as each clause is bound) and builds the physical operator tree. Clauses are
// planned in order onto one pipeline whose leaf is an Argument; subqueries and OPTIONAL
// MATCH plan onto a fresh Argument and are attached through Apply-style operators.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cypher/exec/aggregate_op.h"
#include "cypher/exec/operator.h"
#include "cypher/exec/scan_ops.h"
#include "cypher/exec/sort_op.h"
#include "cypher/exec/write_ops.h"
#include "cypher/parser/ast.h"
#include "cypher/planner/plan_stats.h"
#include "cypher/semantic/scope.h"

namespace nexus::cypher::planner {

struct PlannedQuery {
    std::shared_ptr<const exec::Operator> root;
    std::vector<std::string> columns;
    std::vector<int> column_slots;
    bool writes = false;
    // Every slot the plan uses is below this: a root row this wide never grows (a growing
    // row reallocates and moves every value, per row, at every operator that adds a slot).
    int num_slots = 0;
    // True when a choice was made (or would be, given statistics) that statistics decide:
    // such a plan is re-made from PlanStats when the query first runs.
    bool wants_stats = false;
    // The counts the plan was made with (empty when planned without statistics).
    std::vector<UsedCount> stats_used;
};

// `stats` null: plan by fixed rules (bound node, then a labelled one with a seekable
// property, then a labelled one); else by estimated cost.
Result<PlannedQuery> PlanQuery(const ast::Query& query, PlanStats* stats = nullptr);

using semantic::Scope;
using semantic::VarInfo;
using semantic::VarType;

class Planner {
  public:
    explicit Planner(PlanStats* stats = nullptr) : stats_(stats) {}
    Result<PlannedQuery> Plan(const ast::Query& query);

    // Expression compilation (plan_expr.cc). With `aggs` set, aggregate calls are collected
    // there and replaced by reads of their output slots.
    Result<exec::ExprPtr> Compile(const ast::Expression& e,
                                  std::vector<exec::AggregateSpec>* aggs = nullptr);

  private:
    friend class PlannerTest;
    int NewSlot() { return next_slot_++; }

    // planner.cc
    Result<std::vector<int>> PlanUnion(const ast::Query& q, std::vector<std::string>* columns,
                                       bool subquery);
    Result<std::vector<int>> PlanSingle(const ast::SingleQuery& q,
                                        std::vector<std::string>* columns, bool subquery);
    Status PlanClause(const ast::Clause& c, bool is_last);

    // plan_projection.cc
    Status PlanProjection(const ast::ProjectionBody& body, const ast::Expression* where,
                          bool is_return, SourcePosition pos, std::vector<std::string>* columns,
                          std::vector<int>* slots);
    Status PlanUnwind(const ast::Unwind& u);
    // ORDER BY ... LIMIT: projects now (onto plan_) the items the sort keys read and leaves
    // the others in `exprs` / `slots`, to be projected after the sort on the kept rows only.
    void SplitLateProjection(const std::vector<exec::SortKey>& keys,
                             std::vector<exec::ExprPtr>* exprs, std::vector<int>* slots);

    // plan_match.cc
    Status PlanMatch(const ast::Match& m);
    Status PlanPattern(const ast::Pattern& pattern, bool for_merge);
    // `node_slots` / `chain_rel_slots`, when set, receive the slots of the part's elements.
    Status PlanPart(const ast::PatternPart& part, std::vector<int>* rel_slots,
                    std::vector<int>* list_slots, bool for_merge,
                    std::vector<int>* node_slots = nullptr,
                    std::vector<int>* chain_rel_slots = nullptr);
    Status PlanShortestPath(const ast::PatternPart& part, std::vector<int>* rel_slots);

    // plan_cost.cc: cardinality and cost estimates from stats_ (never called without it).
    // Rows of scanning node `n` unbound, with its label, property and pushed-down predicates.
    double ScanRows(const ast::NodePattern& n, double* cost);
    // Share of nodes of `labels` (the first one) matching `key = <one value>`.
    double Selectivity(const std::vector<std::string>& labels, const std::string& key);
    // Average relationships per node leaving `from` along `r` in `dir`.
    double AvgDegree(const ast::NodePattern& from, const ast::RelationshipPattern& r,
                     graph::Direction dir);
    // The degree of a `from` node reached through another relationship: the mean degree of
    // the label's connected nodes (sampled), at least the label-wide mean.
    double ReachedDegree(const ast::NodePattern& from, const ast::RelationshipPattern& r,
                         graph::Direction dir);
    // Estimated work of planning `part` from node `start`, given what scope_ binds.
    double PartCost(const ast::PatternPart& part, size_t start, double* rows);
    // The start node of a part: by cost with statistics, else the fixed rule.
    size_t ChooseStart(const ast::PatternPart& part);
    // The order to plan a pattern's parts in: cheapest (given what earlier ones bind) first.
    std::vector<size_t> OrderParts(const ast::Pattern& pattern);
    std::vector<std::string> KnownLabels(const ast::NodePattern& n) const;
    double BestPartCost(const ast::PatternPart& part, double* rows = nullptr);
    // Nodes [range_lo_, range_hi_] of a part are what PlanPart, ChooseStart and PartCost
    // plan (a chain split for a hash join); the whole part by default.
    size_t range_lo_ = 0;
    size_t range_hi_ = SIZE_MAX;
    // A node PlanPart reaches by an expand without checking its labels and properties (the
    // join key of a chain split, which the build side checks).
    size_t unfiltered_node_ = SIZE_MAX;
    // plan_join.cc: plans `part` (the first part of its MATCH) as two halves joined on a
    // middle node when the half without bound variables is cheaper built once; false
    // (nothing planned) otherwise.
    Result<bool> TrySplitPart(const ast::PatternPart& part, std::vector<int>* rel_slots,
                              std::vector<int>* list_slots);
    bool BuildSideIsFree(const ast::PatternPart& part, size_t k);
    Result<bool> PlanSplit(const ast::PatternPart& part, size_t k, std::vector<int>* rel_slots,
                           std::vector<int>* list_slots);

    // plan_join.cc: plans a [OPTIONAL] MATCH of one part bound at one or two nodes as a
    // HashJoin over `*outer` (the part built with the later-bound node unbound, joined on
    // it) when the cost model says so; false (nothing planned, `*outer` untouched) otherwise.
    Result<bool> TryHashJoin(const ast::Match& m, exec::OpPtr* outer);
    // True when every WHERE value pushed into `var`'s scan is a literal or parameter.
    bool PushdownIsConstant(const std::string& var) const;
    Result<VarInfo> BindNode(const ast::NodePattern& n, bool* was_bound);
    // `scanned`: a NodeScan just produced the node and checked its labels.
    Status FilterNode(const ast::NodePattern& n, int slot, bool skip_props, bool scanned = false);
    Result<exec::ExprPtr> PropsPredicate(const ast::Expression& props, exec::ExprPtr subject);
    Result<std::shared_ptr<const exec::Operator>> PlanSubPattern(
        const ast::PatternPart& part, const ast::Expression* where, exec::ExprPtr projection,
        int* out_slot, const ast::Expression* projection_ast);

    // plan_update.cc
    Status PlanCreate(const ast::Create& c);
    Status PlanMerge(const ast::Merge& m);
    Status PlanSetItems(const std::vector<ast::SetItem>& items, std::vector<exec::SetSpec>* out);
    Status PlanSet(const ast::Set& s);
    Status PlanRemove(const ast::Remove& r);
    Status PlanDelete(const ast::Delete& d);
    Status PlanForeach(const ast::Foreach& f);
    Status PlanCallSubquery(const ast::CallSubquery& c);
    // Standalone calls (`columns` set) return every output when there is no YIELD.
    Status PlanCallProcedure(const ast::CallProcedure& c, std::vector<std::string>* columns,
                             std::vector<int>* slots);
    // `pre`: for MERGE, the scope before the pattern was matched (what counts as bound).
    Result<exec::CreateSpec> BuildCreate(const ast::Pattern& pattern, const Scope* pre);
    Status PlanCreatePath(const ast::PatternPart& part);
    void MarkWrite();

    // plan_expr.cc helpers
    Result<exec::ExprPtr> CompileFunction(const ast::FunctionCall& f,
                                          std::vector<exec::AggregateSpec>* aggs);
    Result<exec::ExprPtr> CompileSubquery(const ast::SubqueryExpr& s);
    Result<exec::ExprPtr> CompilePatternComprehension(const ast::PatternComprehension& p);
    Result<exec::ExprPtr> CompilePatternPredicate(const ast::PatternPart& part);

    PlanStats* stats_ = nullptr;
    bool wants_stats_ = false;
    // Labels seen on a variable's node patterns anywhere so far: only estimates read them.
    std::map<std::string, std::vector<std::string>> known_labels_;
    // Variables OrderParts assumes bound by the parts it already ordered.
    std::set<std::string> assumed_bound_;
    Scope scope_;
    exec::OpPtr plan_;
    int next_slot_ = 0;
    bool writes_ = false;
    bool last_was_write_ = false;
    bool in_aggregate_ = false;
    // MATCH ... WHERE v.key = <expr over earlier variables>: equalities a NodeScan of v may
    // use for an index seek (the WHERE filter still runs).
    std::map<std::string, std::vector<std::pair<std::string, const ast::Expression*>>> pushdown_;
    // MATCH ... WHERE v.key < / <= / > / >= <expr>, v.key STARTS WITH <expr>,
    // v.key IN <expr>: ranges a NodeScan of v may seek an index for (the filter still runs).
    struct PushedRange {
        std::string key;
        exec::RangeOp op;
        const ast::Expression* value;
    };
    std::map<std::string, std::vector<PushedRange>> range_pushdown_;
    // The WHERE of the MATCH whose pattern PlanPattern plans next: collected again after each
    // part, so later parts may seek on values the earlier ones bound.
    const ast::Expression* match_where_ = nullptr;
    void CollectPushdown(const ast::Expression& where);
    void CollectRangePushdown(const ast::Binary& b);
    const ast::PropertyAccess* PushableProperty(const ast::Expression& prop,
                                                const ast::Expression& value,
                                                bool list_value) const;
    // ORDER BY after WITH/RETURN: projected expressions (canonical text) -> their slots.
    std::map<std::string, int> subst_;
};

// True when the expression contains an aggregate call (not looking into subqueries).
bool ContainsAggregate(const ast::Expression& e);

// Variables referenced by an expression (not looking into subqueries).
void CollectVariables(const ast::Expression& e, std::vector<std::string>* out);

// count_shortcut.cc: when `*plan` is a plain node scan (or scan + one directed expand) over
// the Argument and every aggregate is a count of its rows, replaces it with a CountFromStore
// that fills the aggregate slots from count metadata; true when it did.
bool TryCountFromStore(exec::OpPtr* plan, const std::vector<exec::AggregateSpec>& aggs);

// Appends the slots `e` reads; false when it runs a sub-plan (which may read any slot).
bool CollectSlots(const exec::Expr& e, std::vector<int>* out);

// distinct_ends.cc: under a DISTINCT projection (`plan` is its Projection) or a keyed
// aggregation (`plan` is its input), switches a VarLengthExpand reached through Filters and
// Projections to its distinct-ends form when nothing observable reads its relationship list.
// `used`: slots read above the rewrite point (a WITH ... WHERE). For aggregations,
// min(size(list)) is rewritten to read `depth_slot`. True when it rewrote.
bool TryDistinctEnds(exec::Operator* plan, std::vector<int> used);
bool TryDistinctEndsForAggregate(exec::Operator* plan, std::vector<int> used,
                                 const std::vector<exec::ExprPtr>& keys,
                                 std::vector<exec::AggregateSpec>* aggs, int depth_slot);

}  // namespace nexus::cypher::planner
