// Compiled expressions: the planner turns AST expressions into this tree, with variables
// resolved to row slots, functions looked up and aggregates replaced by slot reads. One
// tagged node type keeps the evaluator a single dispatch; sub-plans (EXISTS, COUNT, pattern
// predicates and comprehensions) hang off kSubquery nodes and run once per evaluation.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cypher/exec/context.h"
#include "cypher/exec/operator.h"
#include "cypher/functions/functions.h"

namespace nexus::cypher::exec {

enum class ExprKind : uint8_t {
    kLiteral,
    kParam,        // name
    kSlot,         // slot (name for EXPLAIN)
    kProperty,     // kids[0].name
    kDynProperty,  // kids[0][kids[1]]
    kHasLabels,    // kids[0]:names...
    kAnd,
    kOr,
    kXor,
    kNot,
    kCompare,  // op: = <> < <= > >=
    kArith,    // op: + - * / % ^
    kNegate,
    kIsNull,
    kIsNotNull,
    kIn,
    kStartsWith,
    kEndsWith,
    kContains,
    kRegex,
    kList,
    kMap,            // names[i]: kids[i]
    kIndex,          // kids[0][kids[1]]
    kSlice,          // kids[0][kids[1]..kids[2]] (null kids: open end)
    kCase,           // flag: has subject in kids[0]; then when/then pairs; else if odd
    kFunction,       // fn(kids...)
    kGraphFunction,  // name(kids...): id, labels, type, keys, properties, ...
    kListComp,       // [slot IN kids[0] WHERE kids[1] | kids[2]] (null kids: absent)
    kQuantifier,     // name: all/any/none/single; slot, kids[0] list, kids[1] predicate
    kReduce,         // slot acc, slot2 var; kids: init, list, expression
    kMapProjection,  // kids[0] entity; items
    kSubquery,       // plan; name: exists/count/collect (collect reads slot)
    kPath,           // kids: slots of node, rel, node, ... ; flags per element (var-length)
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct MapProjectionItem {
    enum class Kind : uint8_t { kProperty, kAllProperties, kLiteral, kVariable } kind;
    std::string key;
    ExprPtr value;  // kLiteral, kVariable
};

struct Expr {
    ExprKind kind = ExprKind::kLiteral;
    std::vector<ExprPtr> kids;
    Value literal;
    std::string name;  // property key, parameter, function, operator, quantifier
    std::vector<std::string> names;
    int slot = -1;
    int slot2 = -1;
    bool flag = false;
    std::vector<bool> flags;
    const FunctionInfo* fn = nullptr;
    std::vector<MapProjectionItem> items;
    std::shared_ptr<const Operator> plan;

    Result<Value> Eval(const Row& row, ExecContext& ctx) const;
    std::string ToString() const;
};

ExprPtr MakeLiteral(Value v);
ExprPtr MakeSlot(int slot, std::string name);
ExprPtr MakeExpr(ExprKind kind, std::vector<ExprPtr> kids, std::string name = {});

// Evaluates a predicate: true only for boolean true; null and false drop the row.
Result<bool> EvalPredicate(const Expr& e, const Row& row, ExecContext& ctx);

// Helpers shared by the evaluator files.
Result<Value> EvalGraphFunction(const Expr& e, const Row& row, ExecContext& ctx);
Result<Value> EvalListExpr(const Expr& e, const Row& row, ExecContext& ctx);
Result<Value> EvalSubquery(const Expr& e, const Row& row, ExecContext& ctx);
Result<Value> EvalPath(const Expr& e, const Row& row, ExecContext& ctx);
Result<Value> EvalMapProjection(const Expr& e, const Row& row, ExecContext& ctx);

}  // namespace nexus::cypher::exec
