// Entry points of the temporal constructors, used by the function registry.
#pragma once

#include <span>
#include <string_view>

#include "cypher/functions/functions.h"

namespace nexus::cypher {

// date(x), localtime(x), time(x), localdatetime(x), datetime(x) with 0 or 1 argument.
Result<Value> ConstructTemporal(ValueKind kind, std::span<const Value> args,
                                const FunctionContext& ctx, std::string_view name);
// date.statement([tz]), datetime.realtime([tz]), ...; variant is statement/transaction/realtime.
Result<Value> TemporalNow(ValueKind kind, std::string_view variant, std::span<const Value> args,
                          const FunctionContext& ctx);
Result<Value> ConstructDuration(std::span<const Value> args);
// datetime.fromepoch(seconds, nanos) / datetime.fromepochmillis(millis).
Result<Value> DateTimeFromEpoch(std::span<const Value> args, bool millis);

}  // namespace nexus::cypher

namespace nexus::cypher {
// date.truncate(unit, temporal[, fields]) and its siblings for the other kinds.
Result<Value> TruncateTemporal(ValueKind kind, std::span<const Value> args,
                               const FunctionContext& ctx);
}  // namespace nexus::cypher

namespace nexus::cypher {
enum class BetweenUnit : uint8_t { kAll, kMonths, kDays, kSeconds };
// duration.between / inMonths / inDays / inSeconds.
Result<Value> DurationBetween(std::span<const Value> args, BetweenUnit unit);
}  // namespace nexus::cypher
