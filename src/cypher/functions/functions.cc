// The registry of built-in scalar functions: a sorted table from lower-case name (with
// namespace, e.g. "date.truncate") to arity and implementation, plus the small adapters that
// bind the temporal families to their kind.
#include "cypher/functions/functions.h"

#include <algorithm>
#include <array>
#include <chrono>

#include "common/temporal_format.h"
#include "cypher/functions/builtins.h"
#include "cypher/functions/temporal_construct.h"

namespace nexus::cypher {

namespace {

using builtins::Args;
using builtins::Ctx;

template <ValueKind K>
Result<Value> Construct(Args a, const Ctx& c) {
    return ConstructTemporal(K, a, c, ValueKindName(K));
}
template <ValueKind K>
Result<Value> NowStatement(Args a, const Ctx& c) {
    return TemporalNow(K, "statement", a, c);
}
template <ValueKind K>
Result<Value> NowTransaction(Args a, const Ctx& c) {
    return TemporalNow(K, "transaction", a, c);
}
template <ValueKind K>
Result<Value> NowRealtime(Args a, const Ctx& c) {
    return TemporalNow(K, "realtime", a, c);
}
template <ValueKind K>
Result<Value> Truncate(Args a, const Ctx& c) {
    return TruncateTemporal(K, a, c);
}
template <BetweenUnit U>
Result<Value> Between(Args a, const Ctx&) {
    return DurationBetween(a, U);
}

Result<Value> DurationFn(Args a, const Ctx&) {
    return ConstructDuration(a);
}
Result<Value> FromEpoch(Args a, const Ctx&) {
    return DateTimeFromEpoch(a, false);
}
Result<Value> FromEpochMillis(Args a, const Ctx&) {
    return DateTimeFromEpoch(a, true);
}
Result<Value> Timestamp(Args, const Ctx& c) {
    return Value(temporal::FloorDiv(c.statement_epoch_nanos, 1'000'000));
}

constexpr ValueKind kD = ValueKind::kDate;
constexpr ValueKind kLT = ValueKind::kLocalTime;
constexpr ValueKind kT = ValueKind::kTime;
constexpr ValueKind kLDT = ValueKind::kLocalDateTime;
constexpr ValueKind kDT = ValueKind::kDateTime;

// Sorted by name at first use; names are lower case.
std::vector<FunctionInfo> BuildTable() {
    using namespace builtins;  // NOLINT: a table of every builtin reads better unqualified
    std::vector<FunctionInfo> t = {
        {"abs", 1, 1, Abs},
        {"acos", 1, 1, Acos},
        {"asin", 1, 1, Asin},
        {"atan", 1, 1, Atan},
        {"atan2", 2, 2, Atan2},
        {"btrim", 1, 2, BTrim},
        {"ceil", 1, 1, Ceil},
        {"char_length", 1, 1, Size},
        {"character_length", 1, 1, Size},
        {"coalesce", 1, -1, Coalesce},
        {"cos", 1, 1, Cos},
        {"cosh", 1, 1, Cosh},
        {"cot", 1, 1, Cot},
        {"coth", 1, 1, Coth},
        {"date", 0, 1, Construct<kD>},
        {"date.realtime", 0, 1, NowRealtime<kD>},
        {"date.statement", 0, 1, NowStatement<kD>},
        {"date.transaction", 0, 1, NowTransaction<kD>},
        {"date.truncate", 2, 3, Truncate<kD>},
        {"datetime", 0, 1, Construct<kDT>},
        {"datetime.fromepoch", 2, 2, FromEpoch},
        {"datetime.fromepochmillis", 1, 1, FromEpochMillis},
        {"datetime.realtime", 0, 1, NowRealtime<kDT>},
        {"datetime.statement", 0, 1, NowStatement<kDT>},
        {"datetime.transaction", 0, 1, NowTransaction<kDT>},
        {"datetime.truncate", 2, 3, Truncate<kDT>},
        {"degrees", 1, 1, Degrees},
        {"distance", 2, 2, Distance},
        {"duration", 1, 1, DurationFn},
        {"duration.between", 2, 2, Between<BetweenUnit::kAll>},
        {"duration.indays", 2, 2, Between<BetweenUnit::kDays>},
        {"duration.inmonths", 2, 2, Between<BetweenUnit::kMonths>},
        {"duration.inseconds", 2, 2, Between<BetweenUnit::kSeconds>},
        {"e", 0, 0, E},
        {"exp", 1, 1, Exp},
        {"floor", 1, 1, Floor},
        {"haversin", 1, 1, Haversin},
        {"head", 1, 1, Head},
        {"isempty", 1, 1, IsEmpty},
        {"isnan", 1, 1, IsNaN},
        {"keys", 1, 1, Keys},
        {"last", 1, 1, Last},
        {"left", 2, 2, Left},
        {"localdatetime", 0, 1, Construct<kLDT>},
        {"localdatetime.realtime", 0, 1, NowRealtime<kLDT>},
        {"localdatetime.statement", 0, 1, NowStatement<kLDT>},
        {"localdatetime.transaction", 0, 1, NowTransaction<kLDT>},
        {"localdatetime.truncate", 2, 3, Truncate<kLDT>},
        {"localtime", 0, 1, Construct<kLT>},
        {"localtime.realtime", 0, 1, NowRealtime<kLT>},
        {"localtime.statement", 0, 1, NowStatement<kLT>},
        {"localtime.transaction", 0, 1, NowTransaction<kLT>},
        {"localtime.truncate", 2, 3, Truncate<kLT>},
        {"log", 1, 1, Log},
        {"log10", 1, 1, Log10},
        {"lower", 1, 1, ToLower},
        {"ltrim", 1, 2, LTrim},
        {"normalize", 1, 2, Normalize},
        {"nullif", 2, 2, NullIf},
        {"pi", 0, 0, Pi},
        {"point", 1, 1, PointFn},
        {"point.distance", 2, 2, Distance},
        {"point.withinbbox", 3, 3, WithinBBox},
        {"radians", 1, 1, Radians},
        {"rand", 0, 0, Rand},
        {"randomuuid", 0, 0, RandomUuid},
        {"range", 2, 3, Range},
        {"replace", 3, 3, Replace},
        {"reverse", 1, 1, Reverse},
        {"right", 2, 2, Right},
        {"round", 1, 3, Round},
        {"rtrim", 1, 2, RTrim},
        {"sign", 1, 1, SignFn},
        {"sin", 1, 1, Sin},
        {"sinh", 1, 1, Sinh},
        {"size", 1, 1, Size},
        {"split", 2, 2, Split},
        {"sqrt", 1, 1, Sqrt},
        {"substring", 2, 3, Substring},
        {"tail", 1, 1, Tail},
        {"tan", 1, 1, Tan},
        {"tanh", 1, 1, Tanh},
        {"time", 0, 1, Construct<kT>},
        {"time.realtime", 0, 1, NowRealtime<kT>},
        {"time.statement", 0, 1, NowStatement<kT>},
        {"time.transaction", 0, 1, NowTransaction<kT>},
        {"time.truncate", 2, 3, Truncate<kT>},
        {"timestamp", 0, 0, Timestamp},
        {"toboolean", 1, 1, ToBoolean},
        {"tobooleanlist", 1, 1, ToBooleanList},
        {"tobooleanornull", 1, 1, ToBooleanOrNull},
        {"tofloat", 1, 1, ToFloat},
        {"tofloatlist", 1, 1, ToFloatList},
        {"tofloatornull", 1, 1, ToFloatOrNull},
        {"tointeger", 1, 1, ToInteger},
        {"tointegerlist", 1, 1, ToIntegerList},
        {"tointegerornull", 1, 1, ToIntegerOrNull},
        {"tolower", 1, 1, ToLower},
        {"tostring", 1, 1, ToStringFn},
        {"tostringlist", 1, 1, ToStringList},
        {"tostringornull", 1, 1, ToStringOrNull},
        {"toupper", 1, 1, ToUpper},
        {"trim", 1, 2, Trim},
        {"upper", 1, 1, ToUpper},
        {"values", 1, 1, Values},
    };
    std::sort(t.begin(), t.end(),
              [](const FunctionInfo& a, const FunctionInfo& b) { return a.name < b.name; });
    return t;
}

}  // namespace

const FunctionInfo* FindFunction(std::string_view lower_case_name) {
    static const std::vector<FunctionInfo> table = BuildTable();
    auto it =
        std::lower_bound(table.begin(), table.end(), lower_case_name,
                         [](const FunctionInfo& f, std::string_view n) { return f.name < n; });
    if (it == table.end() || it->name != lower_case_name) return nullptr;
    return &*it;
}

}  // namespace nexus::cypher
