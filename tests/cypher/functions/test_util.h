// Helpers for the function-library tests: call a builtin by name, build lists and maps.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "cypher/functions/functions.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::testing {

// 2015-06-24T12:50:35.556Z, a fixed statement clock.
inline constexpr int64_t kStatementNanos = 1435150235556000000;

inline Result<Value> Call(std::string_view name, std::initializer_list<Value> args,
                          std::string_view default_tz = "") {
    const FunctionInfo* f = FindFunction(name);
    if (f == nullptr) return Status(StatusCode::kNotFound, "no function " + std::string(name));
    List list(args);
    FunctionContext ctx{kStatementNanos, default_tz};
    return f->fn(list, ctx);
}

// The TCK rendering of a call's result, or "error: <message>".
inline std::string Show(const Result<Value>& r) {
    if (!r.ok()) return "error: " + r.status().message();
    return ToDisplayString(*r);
}

inline Value L(std::initializer_list<Value> v) {
    return Value(List(v));
}
inline Value M(std::initializer_list<std::pair<const std::string, Value>> v) {
    return Value(Map(v));
}

}  // namespace nexus::cypher::testing
