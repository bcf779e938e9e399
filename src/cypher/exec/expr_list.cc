// List expression forms that bind a local variable: comprehensions, quantifiers, reduce.
// The local lives in a row slot of its own; evaluation works on a copy of the row.
#include "cypher/exec/expr.h"

namespace nexus::cypher::exec {
namespace {

Result<Value> ListOperand(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value v, e.Eval(row, ctx));
    if (!v.is_null() && !v.is_list()) {
        return Status(
            StatusCode::kTypeError,
            std::string("Type mismatch: expected a list but was ") + ValueKindName(v.kind()));
    }
    return v;
}

Result<Value> Comprehension(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value list, ListOperand(*e.kids[0], row, ctx));
    if (list.is_null()) return Value();
    Row local = row;
    List out;
    for (const Value& x : list.as_list()) {
        SetSlot(local, e.slot, x);
        if (e.kids[1]) {
            ASSIGN_OR_RETURN(bool keep, EvalPredicate(*e.kids[1], local, ctx));
            if (!keep) continue;
        }
        if (e.kids[2]) {
            ASSIGN_OR_RETURN(Value v, e.kids[2]->Eval(local, ctx));
            out.push_back(std::move(v));
        } else {
            out.push_back(x);
        }
    }
    return Value(std::move(out));
}

Result<Value> Quantify(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value list, ListOperand(*e.kids[0], row, ctx));
    if (list.is_null()) return Value();
    Row local = row;
    int64_t trues = 0, nulls = 0, total = 0;
    for (const Value& x : list.as_list()) {
        SetSlot(local, e.slot, x);
        ++total;
        Value v(true);
        if (e.kids[1]) {
            ASSIGN_OR_RETURN(v, e.kids[1]->Eval(local, ctx));
        }
        if (v.is_null()) {
            ++nulls;
        } else if (!v.is_bool()) {
            return Status(StatusCode::kTypeError, "Type mismatch: expected Boolean");
        } else if (v.as_bool()) {
            ++trues;
        }
    }
    int64_t falses = total - trues - nulls;
    const std::string& q = e.name;
    if (q == "all") return falses > 0 ? Value(false) : nulls > 0 ? Value() : Value(true);
    if (q == "any") return trues > 0 ? Value(true) : nulls > 0 ? Value() : Value(false);
    if (q == "none") return trues > 0 ? Value(false) : nulls > 0 ? Value() : Value(true);
    // single
    if (trues > 1) return Value(false);
    if (nulls > 0) return Value();
    return Value(trues == 1);
}

Result<Value> Reduce(const Expr& e, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value acc, e.kids[0]->Eval(row, ctx));
    ASSIGN_OR_RETURN(Value list, ListOperand(*e.kids[1], row, ctx));
    if (list.is_null()) return Value();
    Row local = row;
    for (const Value& x : list.as_list()) {
        SetSlot(local, e.slot, std::move(acc));
        SetSlot(local, e.slot2, x);
        ASSIGN_OR_RETURN(acc, e.kids[2]->Eval(local, ctx));
    }
    return acc;
}

}  // namespace

Result<Value> EvalListExpr(const Expr& e, const Row& row, ExecContext& ctx) {
    switch (e.kind) {
        case ExprKind::kListComp:
            return Comprehension(e, row, ctx);
        case ExprKind::kQuantifier:
            return Quantify(e, row, ctx);
        default:
            return Reduce(e, row, ctx);
    }
}

}  // namespace nexus::cypher::exec
