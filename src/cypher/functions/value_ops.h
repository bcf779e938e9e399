// Cypher semantics of values: three-valued equality, comparability, the ORDER BY total order,
// DISTINCT equivalence and its hash, arithmetic operators and result display strings.
// Everything here is pure (no graph access) and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::cypher {

// Three-valued logic of Cypher predicates.
enum class Tri : uint8_t { kFalse = 0, kTrue = 1, kNull = 2 };

inline Tri ToTri(bool b) {
    return b ? Tri::kTrue : Tri::kFalse;
}
Tri TriNot(Tri a);
Tri TriAnd(Tri a, Tri b);
Tri TriOr(Tri a, Tri b);
Tri TriXor(Tri a, Tri b);
// null -> kNull, booleans -> kTrue/kFalse, anything else -> kTypeError.
Result<Tri> ToTriValue(const Value& v);
inline Value FromTri(Tri t) {
    return t == Tri::kNull ? Value() : Value(t == Tri::kTrue);
}

// `=`: null-aware (null when either side is or contains a relevant null), 1 = 1.0,
// lists and maps compared deeply, NaN = NaN is false.
Tri Equals(const Value& a, const Value& b);

// The `<`, `<=`, `>`, `>=` family: sign of a - b, or nullopt when the values are not
// comparable (different types, null, NaN) so that the predicate yields null.
std::optional<int> Compare(const Value& a, const Value& b);
// The four ordering predicates with full Cypher semantics. Prefer these over Compare: they
// also get NaN right (every ordering predicate involving NaN and a number is false, not null).
Tri LessThan(const Value& a, const Value& b);
Tri LessOrEqual(const Value& a, const Value& b);
Tri GreaterThan(const Value& a, const Value& b);
Tri GreaterOrEqual(const Value& a, const Value& b);

// ORDER BY total order across all types (nulls last when ascending), as openCypher defines.
int OrderCompare(const Value& a, const Value& b);

// DISTINCT / grouping equivalence: like `=` but null ~ null and NaN ~ NaN.
bool Equivalent(const Value& a, const Value& b);
// Consistent with Equivalent: Equivalent(a, b) implies Hash(a) == Hash(b) (1 and 1.0 too).
size_t Hash(const Value& v);

// Arithmetic. Integer overflow -> kArgumentError "integer overflow"; wrong operand types ->
// kTypeError ("Cannot add X and Y"); null operands give null.
Result<Value> Add(const Value& a, const Value& b);
Result<Value> Subtract(const Value& a, const Value& b);
Result<Value> Multiply(const Value& a, const Value& b);
Result<Value> Divide(const Value& a, const Value& b);
Result<Value> Modulo(const Value& a, const Value& b);
Result<Value> Power(const Value& a, const Value& b);
Result<Value> Negate(const Value& a);

// How a value prints in TCK result tables: strings quoted, temporals as quoted ISO strings
// ('2015-07-21', as the TCK writes them), floats with a decimal point, maps as {k: v}.
// Value::ToString() is the same except that temporals are not quoted.
std::string ToDisplayString(const Value& v);

// A float as Cypher (Java) prints it: shortest round-trip digits, plain notation for
// 1e-3 <= |d| < 1e7 ("1200.0", "0.1"), else "1.0E10" / "1.5E-5"; NaN, Infinity, -Infinity.
std::string FormatCypherFloat(double d);

}  // namespace nexus::cypher
