// Declarations of the built-in scalar functions, grouped by family; the registry in
// functions.cc maps names to them. Every function returns null for a null argument unless
// its Cypher definition says otherwise (coalesce).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "cypher/functions/functions.h"

namespace nexus::cypher::builtins {

using Args = std::span<const Value>;
using Ctx = FunctionContext;

// Conversions (conversion_functions.cc).
Result<Value> ToInteger(Args a, const Ctx& c);
Result<Value> ToIntegerOrNull(Args a, const Ctx& c);
Result<Value> ToFloat(Args a, const Ctx& c);
Result<Value> ToFloatOrNull(Args a, const Ctx& c);
Result<Value> ToStringFn(Args a, const Ctx& c);
Result<Value> ToStringOrNull(Args a, const Ctx& c);
Result<Value> ToBoolean(Args a, const Ctx& c);
Result<Value> ToBooleanOrNull(Args a, const Ctx& c);
Result<Value> ToIntegerList(Args a, const Ctx& c);
Result<Value> ToFloatList(Args a, const Ctx& c);
Result<Value> ToStringList(Args a, const Ctx& c);
Result<Value> ToBooleanList(Args a, const Ctx& c);
Result<Value> Coalesce(Args a, const Ctx& c);
Result<Value> NullIf(Args a, const Ctx& c);

// Lists and maps (list_functions.cc).
Result<Value> Size(Args a, const Ctx& c);
Result<Value> Head(Args a, const Ctx& c);
Result<Value> Last(Args a, const Ctx& c);
Result<Value> Tail(Args a, const Ctx& c);
Result<Value> Reverse(Args a, const Ctx& c);
Result<Value> Range(Args a, const Ctx& c);
Result<Value> Keys(Args a, const Ctx& c);
Result<Value> Values(Args a, const Ctx& c);
Result<Value> IsEmpty(Args a, const Ctx& c);

// Strings (string_functions.cc). Strings are UTF-8; lengths and offsets count code points.
std::u32string DecodeUtf8(std::string_view s);
std::string EncodeUtf8(std::u32string_view s);
Result<Value> Substring(Args a, const Ctx& c);
Result<Value> Left(Args a, const Ctx& c);
Result<Value> Right(Args a, const Ctx& c);
Result<Value> Trim(Args a, const Ctx& c);
Result<Value> LTrim(Args a, const Ctx& c);
Result<Value> RTrim(Args a, const Ctx& c);
Result<Value> BTrim(Args a, const Ctx& c);
Result<Value> Normalize(Args a, const Ctx& c);
Result<Value> ToUpper(Args a, const Ctx& c);
Result<Value> ToLower(Args a, const Ctx& c);
Result<Value> Replace(Args a, const Ctx& c);
Result<Value> Split(Args a, const Ctx& c);
Result<Value> RandomUuid(Args a, const Ctx& c);

// Mathematics (math_functions.cc).
Result<Value> Abs(Args a, const Ctx& c);
Result<Value> Ceil(Args a, const Ctx& c);
Result<Value> Floor(Args a, const Ctx& c);
Result<Value> Round(Args a, const Ctx& c);
Result<Value> SignFn(Args a, const Ctx& c);
Result<Value> Rand(Args a, const Ctx& c);
Result<Value> IsNaN(Args a, const Ctx& c);
Result<Value> Pi(Args a, const Ctx& c);
Result<Value> E(Args a, const Ctx& c);
Result<Value> Atan2(Args a, const Ctx& c);
Result<Value> Sqrt(Args a, const Ctx& c);
Result<Value> Exp(Args a, const Ctx& c);
Result<Value> Log(Args a, const Ctx& c);
Result<Value> Log10(Args a, const Ctx& c);
Result<Value> Sin(Args a, const Ctx& c);
Result<Value> Cos(Args a, const Ctx& c);
Result<Value> Tan(Args a, const Ctx& c);
Result<Value> Sinh(Args a, const Ctx& c);
Result<Value> Cosh(Args a, const Ctx& c);
Result<Value> Tanh(Args a, const Ctx& c);
Result<Value> Coth(Args a, const Ctx& c);
Result<Value> Cot(Args a, const Ctx& c);
Result<Value> Asin(Args a, const Ctx& c);
Result<Value> Acos(Args a, const Ctx& c);
Result<Value> Atan(Args a, const Ctx& c);
Result<Value> Degrees(Args a, const Ctx& c);
Result<Value> Radians(Args a, const Ctx& c);
Result<Value> Haversin(Args a, const Ctx& c);
Result<Value> PointFn(Args a, const Ctx& c);
Result<Value> Distance(Args a, const Ctx& c);
Result<Value> WithinBBox(Args a, const Ctx& c);

}  // namespace nexus::cypher::builtins
