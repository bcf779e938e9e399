// WITH / RETURN: projection, aggregation (grouping keys are the non-aggregate items),
// DISTINCT, ORDER BY, SKIP / LIMIT and WITH ... WHERE; and UNWIND.
#include <algorithm>
#include <cctype>
#include <set>

#include "cypher/exec/aggregate_op.h"
#include "cypher/exec/basic_ops.h"
#include "cypher/exec/sort_op.h"
#include "cypher/parser/ast_printer.h"
#include "cypher/planner/planner.h"
#include "cypher/semantic/static_types.h"

namespace nexus::cypher::planner {

using ast::ErrorDetail;
using exec::ExprPtr;
using semantic::CompileError;

namespace {

// SKIP / LIMIT must be constant, non-negative integers.
Status CheckCount(const ast::Expression& e, const char* what) {
    std::vector<std::string> vars;
    CollectVariables(e, &vars);
    if (!vars.empty() || e.kind == ast::ExprKind::kPatternPredicate) {
        return CompileError(ErrorDetail::kNonConstantExpression,
                            std::string("It is not allowed to refer to variables in ") + what,
                            e.pos);
    }
    if (e.kind == ast::ExprKind::kLiteral) {
        const Value& v = e.As<ast::Literal>().value;
        if (v.is_int() && v.as_int() < 0) {
            return CompileError(ErrorDetail::kNegativeIntegerArgument,
                                std::string("Invalid input. '") + std::to_string(v.as_int()) +
                                    "' is not a valid value. Must be a non-negative integer.",
                                e.pos);
        }
        if (!v.is_int()) {
            return CompileError(
                ErrorDetail::kInvalidArgumentType,
                std::string("Invalid input. ") + what + " must be a non-negative integer", e.pos);
        }
    }
    if (e.kind == ast::ExprKind::kUnary && e.As<ast::Unary>().op == ast::UnaryOp::kNegate &&
        e.As<ast::Unary>().operand->kind == ast::ExprKind::kLiteral) {
        return CompileError(ErrorDetail::kNegativeIntegerArgument,
                            "Invalid input. Must be a non-negative integer.", e.pos);
    }
    return Status::Ok();
}

// True when every part of `e` outside aggregate calls is a grouping key (by text) or built
// from them and constants; anything else would be an implicit grouping key.
bool Grounded(const ast::Expression& e, const std::set<std::string>& key_texts,
              const std::set<std::string>& key_vars) {
    using K = ast::ExprKind;
    if (key_texts.count(PrintExpression(e))) return true;
    auto all = [&](std::initializer_list<const ast::Expression*> kids) {
        for (const ast::Expression* k : kids) {
            if (k != nullptr && !Grounded(*k, key_texts, key_vars)) return false;
        }
        return true;
    };
    switch (e.kind) {
        case K::kLiteral:
        case K::kParameter:
            return true;
        case K::kVariable:
            return key_vars.count(e.As<ast::Variable>().name) > 0;
        case K::kProperty:
            return all({e.As<ast::PropertyAccess>().object.get()});
        case K::kSubscript:
            return all({e.As<ast::Subscript>().object.get(), e.As<ast::Subscript>().index.get()});
        case K::kUnary:
            return all({e.As<ast::Unary>().operand.get()});
        case K::kBinary:
            return all({e.As<ast::Binary>().left.get(), e.As<ast::Binary>().right.get()});
        case K::kIsNull:
            return all({e.As<ast::IsNull>().operand.get()});
        case K::kFunctionCall: {
            std::string name = e.As<ast::FunctionCall>().name;
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            if (exec::IsAggregateFunction(name)) return true;  // evaluated per input row
            for (const auto& a : e.As<ast::FunctionCall>().args) {
                if (!Grounded(*a, key_texts, key_vars)) return false;
            }
            return true;
        }
        case K::kList:
            for (const auto& x : e.As<ast::ListLiteral>().elements) {
                if (!Grounded(*x, key_texts, key_vars)) return false;
            }
            return true;
        case K::kMap:
            for (const auto& x : e.As<ast::MapLiteral>().entries) {
                if (!Grounded(*x.value, key_texts, key_vars)) return false;
            }
            return true;
        case K::kCase: {
            const auto& c = e.As<ast::Case>();
            if (!all({c.test.get(), c.otherwise.get()})) return false;
            for (const auto& a : c.alternatives) {
                if (!all({a.when.get(), a.then.get()})) return false;
            }
            return true;
        }
        default: {
            std::vector<std::string> vars;
            CollectVariables(e, &vars);
            for (const auto& v : vars) {
                if (!key_vars.count(v)) return false;
            }
            return true;
        }
    }
}

bool IsWordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// True when `name` occurs in `text` as a whole identifier.
bool MentionsWord(const std::string& text, const std::string& name) {
    for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
        bool left = at == 0 || !IsWordChar(text[at - 1]);
        size_t end = at + name.size();
        if (left && (end == text.size() || !IsWordChar(text[end]))) return true;
    }
    return false;
}

struct Item {
    const ast::Expression* expr;
    std::string name;
    SourcePosition pos;
    bool aggregate;
};

}  // namespace

Status Planner::PlanProjection(const ast::ProjectionBody& body, const ast::Expression* where,
                               bool is_return, SourcePosition pos,
                               std::vector<std::string>* columns, std::vector<int>* slots) {
    std::vector<Item> items;
    std::vector<std::unique_ptr<ast::Variable>> star_vars;
    if (body.star) {
        if (is_return && scope_.empty() && body.items.empty()) {
            return Status(StatusCode::kSyntaxError,
                          "NoVariablesInScope: RETURN * is not allowed when there are no "
                          "variables in scope",
                          pos);
        }
        for (const auto& [name, info] : scope_.vars()) {
            star_vars.push_back(std::make_unique<ast::Variable>(name, pos));
            items.push_back({star_vars.back().get(), name, pos, false});
        }
    }
    std::set<std::string> seen;
    for (const auto& it : body.items) {
        if (!is_return && it.alias.empty() && it.expression->kind != ast::ExprKind::kVariable) {
            return CompileError(ErrorDetail::kNoExpressionAlias,
                                "Expression in WITH must be aliased (use AS)", it.pos);
        }
        items.push_back(
            {it.expression.get(), it.ColumnName(), it.pos, ContainsAggregate(*it.expression)});
    }
    for (const auto& it : items) {
        if (!seen.insert(it.name).second) {
            return CompileError(ErrorDetail::kColumnNameConflict,
                                "Multiple result columns with the same name are not supported",
                                it.pos);
        }
    }
    bool aggregating =
        std::any_of(items.begin(), items.end(), [](const Item& i) { return i.aggregate; });

    // Slots a WITH ... WHERE may read from before the projection (conservatively, by name),
    // which a rewrite below the projection must keep intact.
    std::vector<int> where_slots;
    if (where != nullptr) {
        std::string text = PrintExpression(*where);
        for (const auto& [name, info] : scope_.vars()) {
            if (MentionsWord(text, name)) where_slots.push_back(info.slot);
        }
    }
    std::vector<ExprPtr> exprs, late_exprs;
    std::vector<int> out_slots, late_slots;
    Scope next;
    if (aggregating) {
        std::vector<ExprPtr> keys;
        std::vector<int> key_slots;
        std::vector<exec::AggregateSpec> aggs;
        std::set<std::string> key_vars;
        std::set<std::string> key_texts;
        for (const auto& it : items) {
            if (it.aggregate) continue;
            key_texts.insert(PrintExpression(*it.expr));
            if (it.expr->kind == ast::ExprKind::kVariable) {
                key_vars.insert(it.expr->As<ast::Variable>().name);
            }
            if (it.expr->kind == ast::ExprKind::kProperty &&
                it.expr->As<ast::PropertyAccess>().object->kind == ast::ExprKind::kVariable) {
                key_vars.insert(
                    "." + it.expr->As<ast::PropertyAccess>().object->As<ast::Variable>().name);
            }
        }
        for (const auto& it : items) {
            int slot = NewSlot();
            out_slots.push_back(slot);
            if (!it.aggregate) {
                ASSIGN_OR_RETURN(ExprPtr k, Compile(*it.expr));
                keys.push_back(std::move(k));
                key_slots.push_back(slot);
                continue;
            }
            if (!Grounded(*it.expr, key_texts, key_vars)) {
                return CompileError(ErrorDetail::kAmbiguousAggregationExpression,
                                    "Aggregation column contains implicit grouping expressions",
                                    it.pos);
            }
            ASSIGN_OR_RETURN(ExprPtr e, Compile(*it.expr, &aggs));
            exprs.push_back(std::move(e));
        }
        TryDistinctEndsForAggregate(plan_.get(), where_slots, keys, &aggs, NewSlot());
        if (!keys.empty() || !TryCountFromStore(&plan_, aggs)) {
            plan_ = std::make_unique<exec::AggregateOp>(std::move(plan_), std::move(keys),
                                                        key_slots, std::move(aggs));
        }
        std::vector<int> agg_out;
        for (size_t i = 0; i < items.size(); ++i) {
            if (items[i].aggregate) agg_out.push_back(out_slots[i]);
        }
        plan_ = std::make_unique<exec::ProjectOp>(std::move(plan_), std::move(exprs), agg_out);
    } else {
        for (const auto& it : items) {
            ASSIGN_OR_RETURN(ExprPtr e, Compile(*it.expr));
            exprs.push_back(std::move(e));
            out_slots.push_back(NewSlot());
        }
        // With ORDER BY ... LIMIT, items the sort does not read are projected after it, on
        // the rows that survive (below); the rest now.
        if (body.order_by.empty() || !body.limit || body.distinct) {
            plan_ =
                std::make_unique<exec::ProjectOp>(std::move(plan_), std::move(exprs), out_slots);
        } else {
            late_exprs = std::move(exprs);
            late_slots = out_slots;
        }
    }
    for (size_t i = 0; i < items.size(); ++i) {
        VarInfo info{out_slots[i], semantic::VarTypeOf(*items[i].expr, scope_)};
        if (info.type == VarType::kAny) {
            auto st = semantic::StaticTypeOf(*items[i].expr, scope_);
            if (st == semantic::StaticType::kList) info.static_type = static_cast<uint8_t>(st);
        }
        next.Bind(items[i].name, info);
        columns->push_back(items[i].name);
    }
    *slots = out_slots;
    if (body.distinct) {
        if (!aggregating) TryDistinctEnds(plan_.get(), where_slots);
        plan_ = std::make_unique<exec::DistinctOp>(std::move(plan_), out_slots);
    }

    // ORDER BY sees the projected names and, unless the projection aggregated or was
    // DISTINCT, the variables from before it. An expression written like a projected item
    // reads that item.
    Scope order_scope = (aggregating || body.distinct) ? Scope() : scope_;
    for (const auto& [name, info] : next.vars()) order_scope.Bind(name, info);
    std::map<std::string, int> subst;
    for (size_t i = 0; i < items.size(); ++i) {
        subst.emplace(PrintExpression(*items[i].expr), out_slots[i]);
    }
    if (body.skip) RETURN_IF_ERROR(CheckCount(*body.skip, "SKIP"));
    if (body.limit) RETURN_IF_ERROR(CheckCount(*body.limit, "LIMIT"));
    Scope saved = scope_;
    scope_ = Scope();
    ExprPtr skip, limit, top, top_skip;
    if (body.skip) {
        ASSIGN_OR_RETURN(skip, Compile(*body.skip));
        ASSIGN_OR_RETURN(top_skip, Compile(*body.skip));
    }
    if (body.limit) {
        ASSIGN_OR_RETURN(limit, Compile(*body.limit));
        ASSIGN_OR_RETURN(top, Compile(*body.limit));
    }
    if (!body.order_by.empty()) {
        scope_ = order_scope;
        subst_ = std::move(subst);
        std::vector<exec::SortKey> keys;
        for (const auto& s : body.order_by) {
            auto compiled = Compile(*s.expression);
            if (!compiled.ok()) {
                scope_ = saved;
                subst_.clear();
                return compiled.status();
            }
            keys.push_back({std::move(*compiled), s.descending});
        }
        subst_.clear();
        if (!late_slots.empty()) SplitLateProjection(keys, &late_exprs, &late_slots);
        plan_ = std::make_unique<exec::SortOp>(std::move(plan_), std::move(keys),
                                               std::move(top_skip), std::move(top));
    }
    if (skip || limit) {
        plan_ = std::make_unique<exec::SkipLimitOp>(std::move(plan_), std::move(skip),
                                                    std::move(limit));
    }
    if (!late_slots.empty()) {
        plan_ = std::make_unique<exec::ProjectOp>(std::move(plan_), std::move(late_exprs),
                                                  std::move(late_slots));
    }
    // WITH ... WHERE sees the projected names and the variables from before the projection.
    scope_ = saved;
    for (const auto& [name, info] : next.vars()) scope_.Bind(name, info);
    if (where != nullptr) {
        if (ContainsAggregate(*where)) {
            return CompileError(ErrorDetail::kInvalidAggregation,
                                "Invalid use of aggregating function in WHERE", where->pos);
        }
        RETURN_IF_ERROR(semantic::CheckPredicateType(*where, scope_));
        ASSIGN_OR_RETURN(ExprPtr pred, Compile(*where));
        plan_ = std::make_unique<exec::FilterOp>(std::move(plan_), std::move(pred));
    }
    scope_ = std::move(next);
    return Status::Ok();
}

void Planner::SplitLateProjection(const std::vector<exec::SortKey>& keys,
                                  std::vector<ExprPtr>* exprs, std::vector<int>* slots) {
    std::vector<int> read;
    bool known = true;
    for (const auto& k : keys) known = known && CollectSlots(*k.expr, &read);
    std::vector<ExprPtr> early, late;
    std::vector<int> early_slots, late_slots;
    for (size_t i = 0; i < exprs->size(); ++i) {
        bool now = !known || std::find(read.begin(), read.end(), (*slots)[i]) != read.end();
        (now ? early : late).push_back(std::move((*exprs)[i]));
        (now ? early_slots : late_slots).push_back((*slots)[i]);
    }
    plan_ = std::make_unique<exec::ProjectOp>(std::move(plan_), std::move(early),
                                              std::move(early_slots));
    *exprs = std::move(late);
    *slots = std::move(late_slots);
}

Status Planner::PlanUnwind(const ast::Unwind& u) {
    ASSIGN_OR_RETURN(ExprPtr list, Compile(*u.list));
    if (scope_.Find(u.variable) != nullptr) {
        return CompileError(ErrorDetail::kVariableAlreadyBound,
                            "Variable `" + u.variable + "` already declared", u.variable_pos);
    }
    int slot = NewSlot();
    plan_ = std::make_unique<exec::UnwindOp>(std::move(plan_), std::move(list), slot);
    scope_.Bind(u.variable, {slot, VarType::kAny});
    return Status::Ok();
}

}  // namespace nexus::cypher::planner
