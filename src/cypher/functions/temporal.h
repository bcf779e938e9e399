// Internal toolkit of the temporal functions: validated construction, duration arithmetic,
// temporal +/- duration, ISO parsing and a uniform "broken down" view of any temporal value.
// Shared by value_ops (operators) and the temporal function families.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/temporal_format.h"
#include "cypher/functions/time_zone.h"
#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::cypher::temporal_impl {

inline constexpr int64_t kMinYear = -999'999'999;
inline constexpr int64_t kMaxYear = 999'999'999;
// Average Gregorian month, used to cascade fractional months (30.436875 days).
inline constexpr long double kDaysPerMonth = 30.436875L;

Status ArgumentError(std::string message);

// Validates y-m-d (and the year range) and returns the date.
Result<Date> MakeDate(int64_t year, int64_t month, int64_t day);
// Validates and returns nanos since midnight.
Result<int64_t> MakeTimeOfDay(int64_t hour, int64_t minute, int64_t second, int64_t nanos);
// ISO week dates: week 1 is the week (Monday..Sunday) holding January 4th.
int64_t WeeksInWeekYear(int64_t week_year);
Result<Date> MakeWeekDate(int64_t week_year, int64_t week, int64_t day_of_week);
void IsoWeek(int64_t epoch_day, int64_t* week_year, int64_t* week);
Result<Date> MakeOrdinalDate(int64_t year, int64_t ordinal_day);
Result<Date> MakeQuarterDate(int64_t year, int64_t quarter, int64_t day_of_quarter);
// Adds calendar months, clamping the day to the end of the resulting month.
Result<int64_t> PlusMonths(int64_t epoch_day, int64_t months);

// Resolves a local date-time in a zone (offset chosen the java.time way).
DateTime MakeDateTime(int64_t local_seconds, int32_t nanos, const ZoneSpec& zone);
ZoneSpec ZoneOf(const DateTime& dt);  // named zone if it has one, else its fixed offset

// Duration arithmetic with int64 overflow checks; nanos kept in 0..999'999'999.
Result<Duration> MakeDuration(__int128 months, __int128 days, __int128 seconds, __int128 nanos);
// Fractional parts cascade down: months -> days (average month) -> seconds -> nanos.
Result<Duration> MakeDurationFractional(long double months, long double days, long double seconds,
                                        long double nanos);
Result<Duration> AddDurations(const Duration& a, const Duration& b);
Result<Duration> NegateDuration(const Duration& d);
Result<Duration> ScaleDuration(const Duration& d, const Value& factor, bool divide);
// temporal + duration for the five temporal kinds.
Result<Value> AddDuration(const Value& temporal, const Duration& d);

// A temporal value broken down into what it has.
struct Parts {
    bool has_date = false, has_time = false, has_zone = false;
    int64_t epoch_day = 0;
    int64_t nanos_of_day = 0;  // local
    int32_t offset_seconds = 0;
    ZoneSpec zone;  // valid when has_zone
};
Parts Decompose(const Value& v);  // v must be one of the five temporal kinds
bool IsTemporal(const Value& v);

// ISO 8601 parsing. `kind` selects what the text must denote; a missing zone takes
// `default_zone`.
Result<Value> ParseTemporal(ValueKind kind, std::string_view text, const ZoneSpec& default_zone);
Result<Duration> ParseDuration(std::string_view text);

}  // namespace nexus::cypher::temporal_impl
