// Updating clauses (CREATE, MERGE, SET, REMOVE, DELETE, FOREACH) and CALL: subqueries
// and procedures. Binding rules for created patterns are checked here (a bound node may
// not be redeclared with labels, relationships need one type and a direction, ...).
#include <algorithm>

#include "cypher/exec/apply_ops.h"
#include "cypher/exec/basic_ops.h"
#include "cypher/exec/write_ops.h"
#include "cypher/planner/planner.h"
#include "cypher/procedures/procedures.h"

namespace nexus::cypher::planner {

using ast::ErrorDetail;
using exec::ExprKind;
using exec::ExprPtr;
using semantic::CompileError;

Result<exec::CreateSpec> Planner::BuildCreate(const ast::Pattern& pattern, const Scope* pre) {
    exec::CreateSpec spec;
    for (const auto& part : pattern.parts) {
        std::vector<int> node_slots;
        for (const auto& n : part.nodes) {
            exec::CreateNodeSpec ns;
            const VarInfo* known = n.variable.empty() ? nullptr : scope_.Find(n.variable);
            bool bound = known != nullptr && (pre == nullptr || pre->Find(n.variable) != nullptr);
            bool created_here = known != nullptr && !bound;
            if (known && known->type != VarType::kNode && known->type != VarType::kAny) {
                return CompileError(ErrorDetail::kVariableTypeConflict,
                                    "Type mismatch: `" + n.variable + "` is not a node", n.pos);
            }
            if (pre == nullptr && known != nullptr &&
                (!n.labels.empty() || n.properties || part.nodes.size() == 1)) {
                return CompileError(ErrorDetail::kVariableAlreadyBound,
                                    "Variable `" + n.variable + "` already declared", n.pos);
            }
            if (bound || (pre == nullptr && known != nullptr)) {
                ns.slot = known->slot;
                ns.bound = true;
            } else if (created_here) {
                // MERGE: the match plan assigned this slot; create into it.
                ns.slot = known->slot;
                bool dup = std::any_of(spec.nodes.begin(), spec.nodes.end(),
                                       [&](const auto& o) { return o.slot == ns.slot; });
                ns.bound = dup;
            } else {
                ns.slot = NewSlot();
                if (!n.variable.empty()) scope_.Bind(n.variable, {ns.slot, VarType::kNode});
            }
            if (!ns.bound) {
                ns.labels = n.labels;
                if (n.properties) {
                    ASSIGN_OR_RETURN(ns.props, Compile(*n.properties));
                }
            }
            node_slots.push_back(ns.slot);
            spec.nodes.push_back(std::move(ns));
        }
        for (size_t i = 0; i < part.relationships.size(); ++i) {
            const auto& r = part.relationships[i];
            if (r.variable_length) {
                return CompileError(ErrorDetail::kCreatingVarLength,
                                    "Variable length relationships cannot be used in CREATE",
                                    r.pos);
            }
            if (r.types.size() != 1) {
                return CompileError(ErrorDetail::kNoSingleRelationshipType,
                                    "A single relationship type must be specified for CREATE",
                                    r.pos);
            }
            if (pre == nullptr && r.direction == ast::Direction::kBoth) {
                return CompileError(ErrorDetail::kRequiresDirectedRelationship,
                                    "Only directed relationships are supported in CREATE", r.pos);
            }
            exec::CreateRelSpec rs;
            const VarInfo* known = r.variable.empty() ? nullptr : scope_.Find(r.variable);
            if (known != nullptr && (pre == nullptr || pre->Find(r.variable) != nullptr)) {
                return CompileError(ErrorDetail::kVariableAlreadyBound,
                                    "Variable `" + r.variable + "` already declared", r.pos);
            }
            if (known != nullptr) {
                rs.slot = known->slot;
            } else {
                rs.slot = NewSlot();
                if (!r.variable.empty()) scope_.Bind(r.variable, {rs.slot, VarType::kRel});
            }
            bool rtl = r.direction == ast::Direction::kRightToLeft;
            rs.start = node_slots[rtl ? i + 1 : i];
            rs.end = node_slots[rtl ? i : i + 1];
            rs.type = r.types[0];
            if (r.properties) {
                ASSIGN_OR_RETURN(rs.props, Compile(*r.properties));
            }
            spec.rels.push_back(std::move(rs));
        }
    }
    return spec;
}

Status Planner::PlanCreatePath(const ast::PatternPart& part) {
    if (part.path_variable.empty()) return Status::Ok();
    std::vector<ExprPtr> kids;
    for (size_t i = 0; i < part.nodes.size(); ++i) {
        const auto& n = part.nodes[i];
        if (n.variable.empty() ||
            (i < part.relationships.size() && part.relationships[i].variable.empty())) {
            return Status(StatusCode::kNotSupported,
                          "named paths in CREATE need named nodes and relationships");
        }
        kids.push_back(exec::MakeSlot(scope_.Find(n.variable)->slot, n.variable));
        if (i < part.relationships.size()) {
            const auto& v = part.relationships[i].variable;
            kids.push_back(exec::MakeSlot(scope_.Find(v)->slot, v));
        }
    }
    int slot = NewSlot();
    std::vector<ExprPtr> exprs;
    exprs.push_back(exec::MakeExpr(ExprKind::kPath, std::move(kids)));
    plan_ = std::make_unique<exec::ProjectOp>(std::move(plan_), std::move(exprs),
                                              std::vector<int>{slot});
    scope_.Bind(part.path_variable, {slot, VarType::kPath});
    return Status::Ok();
}

Status Planner::PlanCreate(const ast::Create& c) {
    // Named paths need their anonymous parts named; give them hidden names.
    ASSIGN_OR_RETURN(exec::CreateSpec spec, BuildCreate(c.pattern, nullptr));
    plan_ = std::make_unique<exec::CreateOp>(std::move(plan_), std::move(spec));
    for (const auto& part : c.pattern.parts) RETURN_IF_ERROR(PlanCreatePath(part));
    MarkWrite();
    return Status::Ok();
}

Status Planner::PlanMerge(const ast::Merge& m) {
    const ast::PatternPart& part = m.pattern;
    for (const auto& n : part.nodes) {
        if (n.variable.empty() || scope_.Find(n.variable) == nullptr) continue;
        if (!n.labels.empty() || n.properties || part.nodes.size() == 1) {
            return CompileError(ErrorDetail::kVariableAlreadyBound,
                                "Variable `" + n.variable + "` already declared", n.pos);
        }
    }
    for (const auto& r : part.relationships) {
        if (!r.variable.empty() && scope_.Find(r.variable) != nullptr) {
            return CompileError(ErrorDetail::kVariableAlreadyBound,
                                "Variable `" + r.variable + "` already declared", r.pos);
        }
        if (r.types.size() != 1) {
            return CompileError(ErrorDetail::kNoSingleRelationshipType,
                                "A single relationship type must be specified for MERGE", r.pos);
        }
        if (r.variable_length) {
            return CompileError(ErrorDetail::kCreatingVarLength,
                                "Variable length relationships cannot be used in MERGE", r.pos);
        }
    }
    Scope pre = scope_;
    exec::OpPtr outer = std::move(plan_);
    plan_ = std::make_unique<exec::ArgumentOp>();
    std::vector<int> rels, lists, node_slots, rel_slots;
    RETURN_IF_ERROR(PlanPart(part, &rels, &lists, true, &node_slots, &rel_slots));
    exec::OpPtr match = std::move(plan_);
    // Creation writes into the slots the match plan uses, so both branches bind alike.
    exec::CreateSpec spec;
    spec.merge = true;
    for (size_t i = 0; i < part.nodes.size(); ++i) {
        const auto& n = part.nodes[i];
        exec::CreateNodeSpec ns;
        ns.slot = node_slots[i];
        ns.bound = (!n.variable.empty() && pre.Find(n.variable) != nullptr) ||
                   std::find(node_slots.begin(), node_slots.begin() + i, ns.slot) !=
                       node_slots.begin() + i;
        if (!ns.bound) {
            ns.labels = n.labels;
            if (n.properties) {
                ASSIGN_OR_RETURN(ns.props, Compile(*n.properties));
            }
        }
        spec.nodes.push_back(std::move(ns));
    }
    for (size_t i = 0; i < part.relationships.size(); ++i) {
        const auto& r = part.relationships[i];
        exec::CreateRelSpec rs;
        rs.slot = rel_slots[i];
        bool rtl = r.direction == ast::Direction::kRightToLeft;
        rs.start = node_slots[rtl ? i + 1 : i];
        rs.end = node_slots[rtl ? i : i + 1];
        rs.type = r.types[0];
        if (r.properties) {
            ASSIGN_OR_RETURN(rs.props, Compile(*r.properties));
        }
        spec.rels.push_back(std::move(rs));
    }
    std::vector<exec::SetSpec> on_create, on_match;
    RETURN_IF_ERROR(PlanSetItems(m.on_create, &on_create));
    RETURN_IF_ERROR(PlanSetItems(m.on_match, &on_match));
    plan_ = std::make_unique<exec::MergeOp>(std::move(outer), std::move(match), std::move(spec),
                                            std::move(on_create), std::move(on_match));
    if (!part.path_variable.empty()) {
        // Recompute the path for both branches (the match plan built it for matches only).
        std::vector<ExprPtr> kids;
        for (size_t i = 0; i < node_slots.size(); ++i) {
            kids.push_back(exec::MakeSlot(node_slots[i], ""));
            if (i < rel_slots.size()) kids.push_back(exec::MakeSlot(rel_slots[i], ""));
        }
        std::vector<ExprPtr> exprs;
        exprs.push_back(exec::MakeExpr(ExprKind::kPath, std::move(kids)));
        plan_ = std::make_unique<exec::ProjectOp>(
            std::move(plan_), std::move(exprs),
            std::vector<int>{scope_.Find(part.path_variable)->slot});
    }
    MarkWrite();
    return Status::Ok();
}

Status Planner::PlanSetItems(const std::vector<ast::SetItem>& items,
                             std::vector<exec::SetSpec>* out) {
    for (const auto& item : items) {
        exec::SetSpec s;
        switch (item.kind) {
            case ast::SetItemKind::kProperty: {
                s.kind = exec::SetKind::kProperty;
                if (item.target->kind == ast::ExprKind::kProperty) {
                    const auto& p = item.target->As<ast::PropertyAccess>();
                    ASSIGN_OR_RETURN(s.target, Compile(*p.object));
                    s.key = p.key;
                } else if (item.target->kind == ast::ExprKind::kSubscript) {
                    const auto& p = item.target->As<ast::Subscript>();
                    ASSIGN_OR_RETURN(s.target, Compile(*p.object));
                    ASSIGN_OR_RETURN(s.key_expr, Compile(*p.index));
                } else {
                    return CompileError(ErrorDetail::kInvalidArgumentType,
                                        "SET needs a property to assign", item.pos);
                }
                ASSIGN_OR_RETURN(s.value, Compile(*item.value));
                break;
            }
            case ast::SetItemKind::kReplaceMap:
            case ast::SetItemKind::kMergeMap: {
                s.kind = item.kind == ast::SetItemKind::kReplaceMap ? exec::SetKind::kReplaceMap
                                                                    : exec::SetKind::kMergeMap;
                ASSIGN_OR_RETURN(s.target, Compile(*item.target));
                ASSIGN_OR_RETURN(s.value, Compile(*item.value));
                break;
            }
            case ast::SetItemKind::kLabels: {
                s.kind = exec::SetKind::kLabels;
                ASSIGN_OR_RETURN(s.target, Compile(*item.target));
                s.labels = item.labels;
                break;
            }
        }
        out->push_back(std::move(s));
    }
    return Status::Ok();
}

Status Planner::PlanSet(const ast::Set& s) {
    std::vector<exec::SetSpec> items;
    RETURN_IF_ERROR(PlanSetItems(s.items, &items));
    plan_ = std::make_unique<exec::SetOp>(std::move(plan_), std::move(items));
    MarkWrite();
    return Status::Ok();
}

Status Planner::PlanRemove(const ast::Remove& r) {
    std::vector<exec::SetSpec> items;
    for (const auto& item : r.items) {
        exec::SetSpec s;
        if (item.kind == ast::RemoveItemKind::kLabels) {
            s.kind = exec::SetKind::kRemoveLabels;
            ASSIGN_OR_RETURN(s.target, Compile(*item.target));
            s.labels = item.labels;
        } else if (item.target->kind == ast::ExprKind::kProperty) {
            s.kind = exec::SetKind::kRemoveProperty;
            const auto& p = item.target->As<ast::PropertyAccess>();
            ASSIGN_OR_RETURN(s.target, Compile(*p.object));
            s.key = p.key;
        } else if (item.target->kind == ast::ExprKind::kSubscript) {
            s.kind = exec::SetKind::kRemoveProperty;
            const auto& p = item.target->As<ast::Subscript>();
            ASSIGN_OR_RETURN(s.target, Compile(*p.object));
            ASSIGN_OR_RETURN(s.key_expr, Compile(*p.index));
        } else {
            return CompileError(ErrorDetail::kInvalidArgumentType, "REMOVE needs a property",
                                item.pos);
        }
        items.push_back(std::move(s));
    }
    plan_ = std::make_unique<exec::SetOp>(std::move(plan_), std::move(items));
    MarkWrite();
    return Status::Ok();
}

Status Planner::PlanDelete(const ast::Delete& d) {
    std::vector<ExprPtr> targets;
    for (const auto& t : d.targets) {
        if (t->kind == ast::ExprKind::kLabelCheck || t->kind == ast::ExprKind::kBinary ||
            t->kind == ast::ExprKind::kLiteral) {
            return CompileError(ErrorDetail::kInvalidArgumentType,
                                "DELETE expects a node, relationship or path", t->pos);
        }
        ASSIGN_OR_RETURN(ExprPtr e, Compile(*t));
        targets.push_back(std::move(e));
    }
    plan_ = std::make_unique<exec::DeleteOp>(std::move(plan_), std::move(targets), d.detach);
    MarkWrite();
    return Status::Ok();
}

Status Planner::PlanForeach(const ast::Foreach& f) {
    ASSIGN_OR_RETURN(ExprPtr list, Compile(*f.list));
    exec::OpPtr outer = std::move(plan_);
    Scope saved = scope_;
    int slot = NewSlot();
    scope_.Bind(f.variable, {slot, VarType::kAny});
    plan_ = std::make_unique<exec::ArgumentOp>();
    Status st;
    for (const auto& c : f.clauses) {
        st = PlanClause(*c, false);
        if (!st.ok()) break;
    }
    exec::OpPtr body = std::move(plan_);
    scope_ = std::move(saved);
    RETURN_IF_ERROR(st);
    plan_ =
        std::make_unique<exec::ForeachOp>(std::move(outer), std::move(list), slot, std::move(body));
    MarkWrite();
    return Status::Ok();
}

Status Planner::PlanCallSubquery(const ast::CallSubquery& c) {
    Scope outer_scope = scope_;
    exec::OpPtr outer = std::move(plan_);
    bool outer_writes = writes_;
    writes_ = false;
    Scope inner;
    if (c.import_all) {
        inner = outer_scope;
    } else if (c.import_variables) {
        for (const auto& v : *c.import_variables) {
            if (const VarInfo* info = outer_scope.Find(v)) inner.Bind(v, *info);
        }
    } else if (!c.query->parts.empty() && !c.query->parts[0].clauses.empty() &&
               c.query->parts[0].clauses[0]->kind == ast::ClauseKind::kWith) {
        inner = outer_scope;  // the importing WITH reads the outer variables
    }
    scope_ = inner;
    plan_ = std::make_unique<exec::ArgumentOp>();
    std::vector<std::string> cols;
    auto slots = PlanUnion(*c.query, &cols, true);
    exec::OpPtr body = std::move(plan_);
    bool inner_writes = writes_;
    writes_ = outer_writes || inner_writes;
    scope_ = std::move(outer_scope);
    if (!slots.ok()) return slots.status();
    for (size_t i = 0; i < cols.size(); ++i) {
        if (scope_.Find(cols[i]) != nullptr) {
            return CompileError(ErrorDetail::kVariableAlreadyBound,
                                "Variable `" + cols[i] + "` already declared", c.pos);
        }
        scope_.Bind(cols[i], {(*slots)[i], VarType::kAny});
    }
    if (inner_writes && !dynamic_cast<const exec::ArgumentOp*>(outer.get())) {
        outer = std::make_unique<exec::EagerOp>(std::move(outer));
    }
    plan_ = std::make_unique<exec::ApplyOp>(std::move(outer), std::move(body), cols.empty());
    if (inner_writes) last_was_write_ = true;
    return Status::Ok();
}

Status Planner::PlanCallProcedure(const ast::CallProcedure& c, std::vector<std::string>* columns,
                                  std::vector<int>* slots) {
    const procedures::Procedure* proc = procedures::FindProcedure(c.name);
    if (proc == nullptr) {
        return Status(StatusCode::kProcedureNotFound,
                      "ProcedureNotFound: There is no procedure with the name `" + c.name +
                          "` registered for this database instance.",
                      c.pos);
    }
    // Only a standalone CALL may take its arguments from same-named parameters.
    if (!c.explicit_args && columns == nullptr && proc->num_args > 0) {
        return CompileError(ErrorDetail::kInvalidArgumentPassingMode,
                            "Procedure call inside a query does not support passing arguments "
                            "implicitly. Pass arguments explicitly in parentheses after the "
                            "procedure name for " +
                                c.name,
                            c.pos);
    }
    if (c.explicit_args && static_cast<int>(c.args.size()) != proc->num_args) {
        return CompileError(ErrorDetail::kInvalidNumberOfArguments,
                            "Procedure call does not provide the required number of arguments",
                            c.pos);
    }
    std::vector<ExprPtr> args;
    for (const auto& a : c.args) {
        ASSIGN_OR_RETURN(ExprPtr e, Compile(*a));
        args.push_back(std::move(e));
    }
    std::vector<int> out_columns, out_slots;
    auto bind = [&](const std::string& field, const std::string& name,
                    SourcePosition pos) -> Status {
        auto it = std::find(proc->outputs.begin(), proc->outputs.end(), field);
        if (it == proc->outputs.end()) {
            return CompileError(ErrorDetail::kUndefinedVariable,
                                "Unknown procedure output: `" + field + "`", pos);
        }
        if (scope_.Find(name) != nullptr) {
            return CompileError(ErrorDetail::kVariableAlreadyBound,
                                "Variable `" + name + "` already declared", pos);
        }
        int slot = NewSlot();
        out_columns.push_back(static_cast<int>(it - proc->outputs.begin()));
        out_slots.push_back(slot);
        scope_.Bind(name, {slot, VarType::kAny});
        if (columns != nullptr) {
            columns->push_back(name);
            slots->push_back(slot);
        }
        return Status::Ok();
    };
    if (c.has_yield && !c.yield_star) {
        for (const auto& y : c.yields) RETURN_IF_ERROR(bind(y.field, y.VariableName(), y.pos));
    } else if (columns != nullptr || c.yield_star) {
        for (const auto& o : proc->outputs) RETURN_IF_ERROR(bind(o, o, c.pos));
    }
    plan_ = std::make_unique<procedures::ProcedureCallOp>(
        std::move(plan_), proc, std::move(args), std::move(out_columns), std::move(out_slots));
    if (c.where) {
        ASSIGN_OR_RETURN(ExprPtr pred, Compile(*c.where));
        plan_ = std::make_unique<exec::FilterOp>(std::move(plan_), std::move(pred));
    }
    return Status::Ok();
}

}  // namespace nexus::cypher::planner
