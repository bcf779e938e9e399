// The built-in scalar function library of Cypher: lookup by lower-case name, plus access to
// temporal/duration/point components (`d.year`) for the expression evaluator. Functions that
// need the graph (id, labels, properties, ...) and aggregates live in the executor.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::cypher {

struct FunctionContext {
    // Fixed per statement: datetime(), date.statement(), timestamp() ... all read this.
    int64_t statement_epoch_nanos = 0;
    // Zone id or "+hh:mm" offset used for "now" values without an explicit timezone;
    // empty means UTC.
    std::string_view default_timezone;
    // Fixed per transaction, for date.transaction() and friends; 0 means "use the statement
    // clock" (auto-commit statements).
    int64_t transaction_epoch_nanos = 0;
};

using ScalarFunction = Result<Value> (*)(std::span<const Value> args, const FunctionContext&);

struct FunctionInfo {
    std::string_view name;  // lower case, with namespace: "tolower", "date.truncate"
    int min_args;
    int max_args;  // -1: variadic
    ScalarFunction fn;
};

// nullptr when there is no such function. The name must already be lower case.
const FunctionInfo* FindFunction(std::string_view lower_case_name);

// `v.key` on a temporal, duration or point value (year, month, epochMillis, x, srid, ...).
// Null input -> null; an unknown key for the value's type -> kArgumentError.
Result<Value> TemporalProperty(const Value& v, std::string_view key);

}  // namespace nexus::cypher
