// Static typing of literals and entity variables, and the operand checks built on it.
#include "cypher/semantic/static_types.h"

#include "cypher/semantic/function_types.h"

#include <algorithm>
#include <string>

namespace nexus::cypher::semantic {
namespace {

using ast::ErrorDetail;

bool IsNonBoolean(StaticType t) {
    return t != StaticType::kUnknown && t != StaticType::kNull && t != StaticType::kBool;
}

bool IsEntityOrCollection(StaticType t) {
    return t == StaticType::kList || t == StaticType::kMap || t == StaticType::kNode ||
           t == StaticType::kRel || t == StaticType::kPath;
}

Status BadType(const ast::Expression& e, const std::string& what) {
    return CompileError(ErrorDetail::kInvalidArgumentType, "Type mismatch: " + what, e.pos);
}

}  // namespace

StaticType StaticTypeOf(const ast::Expression& e, const Scope& scope) {
    using K = ast::ExprKind;
    switch (e.kind) {
        case K::kLiteral: {
            const Value& v = e.As<ast::Literal>().value;
            switch (v.kind()) {
                case ValueKind::kNull:
                    return StaticType::kNull;
                case ValueKind::kBool:
                    return StaticType::kBool;
                case ValueKind::kInt:
                    return StaticType::kInt;
                case ValueKind::kFloat:
                    return StaticType::kFloat;
                case ValueKind::kString:
                    return StaticType::kString;
                default:
                    return StaticType::kUnknown;
            }
        }
        case K::kList:
        case K::kListComprehension:
        case K::kPatternComprehension:
            return StaticType::kList;
        case K::kMap:
        case K::kMapProjection:
            return StaticType::kMap;
        case K::kIsNull:
        case K::kLabelCheck:
        case K::kPatternPredicate:
            return StaticType::kBool;
        case K::kUnary:
            return e.As<ast::Unary>().op == ast::UnaryOp::kNot ? StaticType::kBool
                                                               : StaticType::kUnknown;
        case K::kBinary: {
            auto op = e.As<ast::Binary>().op;
            if (op <= ast::BinaryOp::kIn) return StaticType::kBool;
            return StaticType::kUnknown;
        }
        case K::kVariable: {
            const VarInfo* v = scope.Find(e.As<ast::Variable>().name);
            if (v == nullptr) return StaticType::kUnknown;
            if (v->static_type != 0) return static_cast<StaticType>(v->static_type);
            switch (v->type) {
                case VarType::kNode:
                    return StaticType::kNode;
                case VarType::kRel:
                    return StaticType::kRel;
                case VarType::kPath:
                    return StaticType::kPath;
                case VarType::kRelList:
                    return StaticType::kList;
                default:
                    return StaticType::kUnknown;
            }
        }
        default:
            return StaticType::kUnknown;
    }
}

VarType VarTypeOf(const ast::Expression& e, const Scope& scope) {
    if (e.kind == ast::ExprKind::kVariable) {
        const VarInfo* v = scope.Find(e.As<ast::Variable>().name);
        return v ? v->type : VarType::kAny;
    }
    switch (StaticTypeOf(e, scope)) {
        case StaticType::kUnknown:
        case StaticType::kList:  // may be a list of relationships
        case StaticType::kNull:
            return VarType::kAny;
        case StaticType::kNode:
            return VarType::kNode;
        case StaticType::kRel:
            return VarType::kRel;
        case StaticType::kPath:
            return VarType::kPath;
        default:
            return VarType::kValue;
    }
}

// Type errors point at the offending operand, as Neo4j's do.
Status CheckOperandTypes(const ast::Expression& e, const Scope& scope) {
    using K = ast::ExprKind;
    if (e.kind == K::kUnary) {
        const auto& u = e.As<ast::Unary>();
        StaticType t = StaticTypeOf(*u.operand, scope);
        if (u.op == ast::UnaryOp::kNot && IsNonBoolean(t)) {
            return BadType(*u.operand, "NOT needs a boolean");
        }
        if (u.op != ast::UnaryOp::kNot &&
            (t == StaticType::kBool || t == StaticType::kString || IsEntityOrCollection(t))) {
            return BadType(*u.operand, "unary minus needs a number");
        }
        return Status::Ok();
    }
    if (e.kind == K::kFunctionCall) {
        return CheckFunctionArgumentTypes(e.As<ast::FunctionCall>(), scope);
    }
    if (e.kind != K::kBinary) return Status::Ok();
    const auto& b = e.As<ast::Binary>();
    StaticType l = StaticTypeOf(*b.left, scope);
    StaticType r = StaticTypeOf(*b.right, scope);
    // The first operand `bad` rejects, or null.
    auto first_bad = [&](auto bad) -> const ast::Expression* {
        if (bad(l)) return b.left.get();
        if (bad(r)) return b.right.get();
        return nullptr;
    };
    using B = ast::BinaryOp;
    switch (b.op) {
        case B::kAnd:
        case B::kOr:
        case B::kXor:
            if (auto* x = first_bad(IsNonBoolean)) return BadType(*x, "expected Boolean");
            return Status::Ok();
        case B::kIn:
            if (r != StaticType::kUnknown && r != StaticType::kNull && r != StaticType::kList) {
                return BadType(*b.right, "IN expects a list");
            }
            return Status::Ok();
        case B::kSub:
        case B::kMul:
        case B::kDiv:
        case B::kMod:
        case B::kPow:
            if (auto* x = first_bad([](StaticType t) {
                    return t == StaticType::kBool || t == StaticType::kString ||
                           IsEntityOrCollection(t);
                })) {
                return BadType(*x, "arithmetic needs numbers");
            }
            return Status::Ok();
        case B::kAdd:
            if (l == StaticType::kList || r == StaticType::kList) return Status::Ok();
            if (auto* x = first_bad([](StaticType t) {
                    return t == StaticType::kBool || t == StaticType::kMap ||
                           t == StaticType::kNode || t == StaticType::kRel ||
                           t == StaticType::kPath;
                })) {
                return BadType(*x, "cannot add these types");
            }
            return Status::Ok();
        default:
            return Status::Ok();
    }
}

}  // namespace nexus::cypher::semantic

namespace nexus::cypher::semantic {

Status CheckPredicateType(const ast::Expression& e, const Scope& scope) {
    if (IsNonBoolean(StaticTypeOf(e, scope))) {
        return BadType(e, "a predicate must be a boolean");
    }
    return Status::Ok();
}

StaticType ElementTypeOf(const ast::Expression& list, const Scope& scope) {
    if (list.kind != ast::ExprKind::kList) return StaticType::kUnknown;
    StaticType t = StaticType::kUnknown;
    for (const auto& e : list.As<ast::ListLiteral>().elements) {
        StaticType et = StaticTypeOf(*e, scope);
        if (et == StaticType::kUnknown || (t != StaticType::kUnknown && et != t)) {
            return StaticType::kUnknown;
        }
        t = et;
    }
    return t;
}

}  // namespace nexus::cypher::semantic
