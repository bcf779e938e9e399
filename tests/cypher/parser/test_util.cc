// Test helpers (see test_util.h).
#include "test_util.h"

#include "cypher/parser/ast_printer.h"

namespace nexus::cypher::testing {

using namespace ast;  // NOLINT: test helper over every expression type

std::unique_ptr<Statement> MustParse(const std::string& text) {
    auto result = Parse(text);
    EXPECT_TRUE(result.ok()) << text << "\n  -> " << result.status().ToString();
    if (!result.ok()) return nullptr;
    return std::move(result).value();
}

const SingleQuery& FirstPart(const Statement& statement) {
    EXPECT_EQ(statement.kind, StatementKind::kQuery);
    return statement.As<QueryStatement>().query.parts.at(0);
}

const Expression* ReturnExpr(const std::string& expr, std::unique_ptr<Statement>* holder) {
    *holder = MustParse("RETURN " + expr);
    if (!*holder) return nullptr;
    const auto& clauses = FirstPart(**holder).clauses;
    if (clauses.size() != 1 || !clauses[0]->Is<Return>()) return nullptr;
    const auto& items = clauses[0]->As<Return>().body.items;
    return items.size() == 1 ? items[0].expression.get() : nullptr;
}

std::string SExpr(const Expression& e) {
    switch (e.kind) {
        case ExprKind::kBinary: {
            const auto& b = e.As<Binary>();
            return std::string("(") + BinaryOpText(b.op) + " " + SExpr(*b.left) + " " +
                   SExpr(*b.right) + ")";
        }
        case ExprKind::kUnary: {
            const auto& u = e.As<Unary>();
            const char* op = u.op == UnaryOp::kNot      ? "not"
                             : u.op == UnaryOp::kNegate ? "neg"
                                                        : "pos";
            return std::string("(") + op + " " + SExpr(*u.operand) + ")";
        }
        case ExprKind::kIsNull: {
            const auto& n = e.As<IsNull>();
            return std::string(n.negated ? "(notnull " : "(isnull ") + SExpr(*n.operand) + ")";
        }
        case ExprKind::kProperty: {
            const auto& p = e.As<PropertyAccess>();
            return "(prop " + SExpr(*p.object) + " " + p.key + ")";
        }
        case ExprKind::kSubscript: {
            const auto& s = e.As<Subscript>();
            return "(index " + SExpr(*s.object) + " " + SExpr(*s.index) + ")";
        }
        case ExprKind::kSlice: {
            const auto& s = e.As<Slice>();
            return "(slice " + SExpr(*s.object) + " " + (s.from ? SExpr(*s.from) : "_") + " " +
                   (s.to ? SExpr(*s.to) : "_") + ")";
        }
        case ExprKind::kLabelCheck: {
            const auto& l = e.As<LabelCheck>();
            std::string out = "(labels " + SExpr(*l.operand);
            for (const auto& label : l.labels) out += " " + label;
            return out + ")";
        }
        case ExprKind::kFunctionCall: {
            const auto& f = e.As<FunctionCall>();
            std::string out = "(call " + f.name;
            if (f.distinct) out += " distinct";
            if (f.star) out += " *";
            for (const auto& arg : f.args) out += " " + SExpr(*arg);
            return out + ")";
        }
        default:
            return PrintExpression(e);
    }
}

std::string ParseSExpr(const std::string& expr) {
    auto result = Parse("RETURN " + expr);
    if (!result.ok()) return "ERROR: " + result.status().message();
    const auto& items =
        (*result)->As<QueryStatement>().query.parts[0].clauses[0]->As<Return>().body.items;
    return SExpr(*items.at(0).expression);
}

}  // namespace nexus::cypher::testing
