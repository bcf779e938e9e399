// The TCK's value notation (expected results and parameters) parsed into nexus::Value, and
// the TCK's notion of equality between an expected and an actual value: nodes and
// relationships by labels/type and properties (never by id), floats exactly, temporal values
// by their display string, lists optionally as multisets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::tck {

// Parses null, true/false, integers, floats (1.5, 1e10, -0.0, NaN, Inf, Infinity),
// 'strings', [lists], {maps}, (:nodes {k: v}), [:RELS {k: v}] and
// <(:paths)-[:T]->()<-[:U]-()>. Path relationships get synthetic ids that encode direction.
Result<Value> ParseTckValue(std::string_view text);

struct CompareOptions {
    bool unordered_lists = false;  // "ignoring element order for lists"
};

// True when `actual` (from Nexus) matches `expected` (from a feature file).
bool TckEqual(const Value& expected, const Value& actual, const CompareOptions& options);

using Row = std::vector<Value>;

// Compares whole results; on mismatch returns false and explains why in `*why`.
bool RowsMatch(const std::vector<Row>& expected, const std::vector<Row>& actual, bool ordered,
               const CompareOptions& options, std::string* why);

// The string a temporal/spatial value is compared against: its ToString() without quotes.
std::string DisplayString(const Value& v);

}  // namespace nexus::tck
