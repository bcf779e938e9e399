// Out-of-line pieces of the AST: the error-detail name table and operator spellings.
#include "cypher/parser/ast.h"

#include <iterator>

namespace nexus::cypher::ast {
namespace {

struct DetailName {
    ErrorDetail detail;
    const char* name;
};

// The TCK's names for compile-time error details.
constexpr DetailName kDetailNames[] = {
    {ErrorDetail::kUnexpectedSyntax, "UnexpectedSyntax"},
    {ErrorDetail::kIntegerOverflow, "IntegerOverflow"},
    {ErrorDetail::kFloatingPointOverflow, "FloatingPointOverflow"},
    {ErrorDetail::kInvalidNumberLiteral, "InvalidNumberLiteral"},
    {ErrorDetail::kInvalidUnicodeLiteral, "InvalidUnicodeLiteral"},
    {ErrorDetail::kInvalidUnicodeCharacter, "InvalidUnicodeCharacter"},
    {ErrorDetail::kVariableAlreadyBound, "VariableAlreadyBound"},
    {ErrorDetail::kUndefinedVariable, "UndefinedVariable"},
    {ErrorDetail::kVariableTypeConflict, "VariableTypeConflict"},
    {ErrorDetail::kInvalidArgumentType, "InvalidArgumentType"},
    {ErrorDetail::kAmbiguousAggregationExpression, "AmbiguousAggregationExpression"},
    {ErrorDetail::kNegativeIntegerArgument, "NegativeIntegerArgument"},
    {ErrorDetail::kInvalidNumberOfArguments, "InvalidNumberOfArguments"},
    {ErrorDetail::kNonConstantExpression, "NonConstantExpression"},
    {ErrorDetail::kNoSingleRelationshipType, "NoSingleRelationshipType"},
    {ErrorDetail::kInvalidParameterUse, "InvalidParameterUse"},
    {ErrorDetail::kInvalidClauseComposition, "InvalidClauseComposition"},
    {ErrorDetail::kInvalidAggregation, "InvalidAggregation"},
    {ErrorDetail::kInvalidRelationshipPattern, "InvalidRelationshipPattern"},
    {ErrorDetail::kColumnNameConflict, "ColumnNameConflict"},
    {ErrorDetail::kUnknownFunction, "UnknownFunction"},
    {ErrorDetail::kRelationshipUniquenessViolation, "RelationshipUniquenessViolation"},
    {ErrorDetail::kNoExpressionAlias, "NoExpressionAlias"},
    {ErrorDetail::kNestedAggregation, "NestedAggregation"},
    {ErrorDetail::kInvalidArgumentPassingMode, "InvalidArgumentPassingMode"},
    {ErrorDetail::kDifferentColumnsInUnion, "DifferentColumnsInUnion"},
    {ErrorDetail::kCreatingVarLength, "CreatingVarLength"},
    {ErrorDetail::kInvalidDelete, "InvalidDelete"},
    {ErrorDetail::kRequiresDirectedRelationship, "RequiresDirectedRelationship"},
};

}  // namespace

const char* ErrorDetailName(ErrorDetail detail) {
    for (const auto& entry : kDetailNames) {
        if (entry.detail == detail) return entry.name;
    }
    return "";
}

ErrorDetail ErrorDetailOf(const Status& status) {
    if (status.ok()) return ErrorDetail::kNone;
    std::string_view message = status.message();
    size_t colon = message.find(": ");
    if (colon != std::string_view::npos) {
        std::string_view prefix = message.substr(0, colon);
        for (const auto& entry : kDetailNames) {
            if (prefix == entry.name) return entry.detail;
        }
    }
    return status.code() == StatusCode::kSyntaxError ? ErrorDetail::kUnexpectedSyntax
                                                     : ErrorDetail::kNone;
}

Status MakeError(StatusCode code, ErrorDetail detail, std::string_view message,
                 SourcePosition pos) {
    std::string text = ErrorDetailName(detail);
    if (!text.empty()) text += ": ";
    text += message;
    return Status(code, std::move(text), pos);
}

const char* BinaryOpText(BinaryOp op) {
    switch (op) {
        case BinaryOp::kOr:
            return "OR";
        case BinaryOp::kXor:
            return "XOR";
        case BinaryOp::kAnd:
            return "AND";
        case BinaryOp::kEq:
            return "=";
        case BinaryOp::kNe:
            return "<>";
        case BinaryOp::kLt:
            return "<";
        case BinaryOp::kLe:
            return "<=";
        case BinaryOp::kGt:
            return ">";
        case BinaryOp::kGe:
            return ">=";
        case BinaryOp::kRegexMatch:
            return "=~";
        case BinaryOp::kStartsWith:
            return "STARTS WITH";
        case BinaryOp::kEndsWith:
            return "ENDS WITH";
        case BinaryOp::kContains:
            return "CONTAINS";
        case BinaryOp::kIn:
            return "IN";
        case BinaryOp::kAdd:
            return "+";
        case BinaryOp::kSub:
            return "-";
        case BinaryOp::kMul:
            return "*";
        case BinaryOp::kDiv:
            return "/";
        case BinaryOp::kMod:
            return "%";
        case BinaryOp::kPow:
            return "^";
    }
    return "?";
}

SubqueryExpr::SubqueryExpr(SourcePosition p) : Expression(kKind, p) {}
SubqueryExpr::~SubqueryExpr() = default;

CallSubquery::CallSubquery(SourcePosition p) : Clause(kKind, p) {}
CallSubquery::~CallSubquery() = default;

}  // namespace nexus::cypher::ast
