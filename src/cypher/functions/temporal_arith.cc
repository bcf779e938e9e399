// Validated temporal construction, duration normalisation and arithmetic, and temporal +
// duration with the java.time rules Neo4j follows (months, then days, then exact time).
#include <cmath>
#include <limits>

#include "cypher/functions/temporal.h"

namespace nexus::cypher::temporal_impl {

using temporal::FloorDiv;
using temporal::FloorMod;
using temporal::kNanosPerDay;
using temporal::kNanosPerSecond;
using temporal::kSecondsPerDay;

Status ArgumentError(std::string message) {
    return Status(StatusCode::kArgumentError, std::move(message));
}

Result<Date> MakeDate(int64_t year, int64_t month, int64_t day) {
    if (year < kMinYear || year > kMaxYear) {
        return ArgumentError("Invalid value for Year: " + std::to_string(year));
    }
    if (month < 1 || month > 12) {
        return ArgumentError("Invalid value for MonthOfYear (valid values 1 - 12): " +
                             std::to_string(month));
    }
    if (day < 1 || day > temporal::DaysInMonth(year, static_cast<int>(month))) {
        return ArgumentError("Invalid date: day " + std::to_string(day) + " of month " +
                             std::to_string(month) + " in year " + std::to_string(year));
    }
    return Date{temporal::DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day))};
}

Result<int64_t> MakeTimeOfDay(int64_t hour, int64_t minute, int64_t second, int64_t nanos) {
    if (hour < 0 || hour > 23)
        return ArgumentError("Invalid value for HourOfDay: " + std::to_string(hour));
    if (minute < 0 || minute > 59) {
        return ArgumentError("Invalid value for MinuteOfHour: " + std::to_string(minute));
    }
    if (second < 0 || second > 59) {
        return ArgumentError("Invalid value for SecondOfMinute: " + std::to_string(second));
    }
    if (nanos < 0 || nanos >= kNanosPerSecond) {
        return ArgumentError("Invalid value for NanoOfSecond: " + std::to_string(nanos));
    }
    return ((hour * 60 + minute) * 60 + second) * kNanosPerSecond + nanos;
}

Result<int64_t> PlusMonths(int64_t epoch_day, int64_t months) {
    const auto c = temporal::CivilFromDays(epoch_day);
    const __int128 total = static_cast<__int128>(c.year) * 12 + (c.month - 1) + months;
    const __int128 year = total >= 0 ? total / 12 : -((-total + 11) / 12);
    if (year < kMinYear || year > kMaxYear) return ArgumentError("date out of range");
    const int month = static_cast<int>(total - year * 12) + 1;
    const int day = std::min(c.day, temporal::DaysInMonth(static_cast<int64_t>(year), month));
    return temporal::DaysFromCivil(static_cast<int64_t>(year), month, day);
}

DateTime MakeDateTime(int64_t local_seconds, int32_t nanos, const ZoneSpec& zone) {
    DateTime dt;
    dt.offset_seconds = zone.OffsetForLocal(local_seconds);
    dt.seconds = local_seconds - dt.offset_seconds;
    dt.nanos = nanos;
    if (zone.named) {
        dt.zone_id = zone.id;
        // The offset in effect at the resolved instant (differs from the guess in a gap).
        dt.offset_seconds = zone.OffsetAtUtc(dt.seconds);
    }
    return dt;
}

ZoneSpec ZoneOf(const DateTime& dt) {
    ZoneSpec z;
    z.offset_seconds = dt.offset_seconds;
    if (!dt.zone_id.empty()) {
        auto tz = TimeZone::Load(dt.zone_id);
        if (tz.ok()) {
            z.named = true;
            z.zone = *tz;
            z.id = dt.zone_id;
        }
    }
    return z;
}

namespace {
constexpr __int128 kI64Max = std::numeric_limits<int64_t>::max();
constexpr __int128 kI64Min = std::numeric_limits<int64_t>::min();
bool Fits(__int128 v) {
    return v >= kI64Min && v <= kI64Max;
}

Status Overflow() {
    return Status(StatusCode::kArithmeticError, "integer overflow");
}
}  // namespace

Result<Duration> MakeDuration(__int128 months, __int128 days, __int128 seconds, __int128 nanos) {
    __int128 carry = nanos / kNanosPerSecond;
    nanos %= kNanosPerSecond;
    if (nanos < 0) {
        nanos += kNanosPerSecond;
        carry -= 1;
    }
    seconds += carry;
    if (!Fits(months) || !Fits(days) || !Fits(seconds)) return Overflow();
    return Duration{static_cast<int64_t>(months), static_cast<int64_t>(days),
                    static_cast<int64_t>(seconds), static_cast<int32_t>(nanos)};
}

Result<Duration> MakeDurationFractional(long double months, long double days, long double seconds,
                                        long double nanos) {
    constexpr long double kLimit = 9.2e18L;
    auto split = [](long double v, long double* whole) {
        *whole = std::trunc(v);
        return v - *whole;
    };
    long double m, d, s;
    days += split(months, &m) * kDaysPerMonth;
    seconds += split(days, &d) * kSecondsPerDay;
    nanos += split(seconds, &s) * kNanosPerSecond;
    // Fractions that are integral up to floating noise round; others truncate like Neo4j.
    long double n = std::nearbyint(nanos);
    if (std::fabs(n - nanos) > 1e-3L) n = std::trunc(nanos);
    if (std::fabs(m) > kLimit || std::fabs(d) > kLimit || std::fabs(s) > kLimit ||
        std::fabs(n) > kLimit || std::isnan(n) || std::isnan(m) || std::isnan(d) || std::isnan(s)) {
        return Overflow();
    }
    return MakeDuration(static_cast<__int128>(m), static_cast<__int128>(d),
                        static_cast<__int128>(s), static_cast<__int128>(n));
}

Result<Duration> AddDurations(const Duration& a, const Duration& b) {
    return MakeDuration(
        static_cast<__int128>(a.months) + b.months, static_cast<__int128>(a.days) + b.days,
        static_cast<__int128>(a.seconds) + b.seconds, static_cast<__int128>(a.nanos) + b.nanos);
}

Result<Duration> NegateDuration(const Duration& d) {
    return MakeDuration(-static_cast<__int128>(d.months), -static_cast<__int128>(d.days),
                        -static_cast<__int128>(d.seconds), -static_cast<__int128>(d.nanos));
}

Result<Duration> ScaleDuration(const Duration& d, const Value& factor, bool divide) {
    if (factor.is_int() && !divide) {
        const __int128 f = factor.as_int();
        return MakeDuration(d.months * f, d.days * f, d.seconds * f,
                            static_cast<__int128>(d.nanos) * f);
    }
    long double f = factor.is_int() ? static_cast<long double>(factor.as_int())
                                    : static_cast<long double>(factor.as_float());
    if (divide) {
        if (f == 0) return Status(StatusCode::kArithmeticError, "/ by zero");
        f = 1.0L / f;
    }
    return MakeDurationFractional(d.months * f, d.days * f, d.seconds * f, d.nanos * f);
}

namespace {

Result<Value> AddToLocal(int64_t epoch_day, int64_t nanos_of_day, const Duration& d,
                         int64_t* out_day, int64_t* out_nanos) {
    ASSIGN_OR_RETURN(int64_t day, PlusMonths(epoch_day, d.months));
    __int128 total = (static_cast<__int128>(day) + d.days) * kNanosPerDay + nanos_of_day +
                     static_cast<__int128>(d.seconds) * kNanosPerSecond + d.nanos;
    __int128 q = total / kNanosPerDay, r = total % kNanosPerDay;
    if (r < 0) {
        r += kNanosPerDay;
        q -= 1;
    }
    if (!Fits(q)) return ArgumentError("date out of range");
    *out_day = static_cast<int64_t>(q);
    *out_nanos = static_cast<int64_t>(r);
    return Value();
}

Status CheckDay(int64_t day) {
    const int64_t year = temporal::CivilFromDays(day).year;
    if (year < kMinYear || year > kMaxYear) return ArgumentError("date out of range");
    return Status::Ok();
}

}  // namespace

Result<Value> AddDuration(const Value& t, const Duration& d) {
    const int64_t time_nanos =
        FloorMod(static_cast<int64_t>(
                     (static_cast<__int128>(d.seconds) * kNanosPerSecond + d.nanos) % kNanosPerDay),
                 kNanosPerDay);
    switch (t.kind()) {
        case ValueKind::kDate: {
            ASSIGN_OR_RETURN(int64_t day, PlusMonths(t.as_date().days, d.months));
            const __int128 nd = static_cast<__int128>(day) + d.days + d.seconds / kSecondsPerDay;
            if (!Fits(nd)) return ArgumentError("date out of range");
            RETURN_IF_ERROR(CheckDay(static_cast<int64_t>(nd)));
            return Value(Date{static_cast<int64_t>(nd)});
        }
        case ValueKind::kLocalTime:
            return Value(LocalTime{(t.as_local_time().nanos + time_nanos) % kNanosPerDay});
        case ValueKind::kTime: {
            Time out = t.as_time();
            out.nanos = (out.nanos + time_nanos) % kNanosPerDay;
            return Value(out);
        }
        case ValueKind::kLocalDateTime: {
            const auto& ldt = t.as_local_date_time();
            int64_t day, nanos;
            RETURN_IF_ERROR(
                AddToLocal(FloorDiv(ldt.seconds, kSecondsPerDay),
                           FloorMod(ldt.seconds, kSecondsPerDay) * kNanosPerSecond + ldt.nanos, d,
                           &day, &nanos)
                    .status());
            RETURN_IF_ERROR(CheckDay(day));
            return Value(LocalDateTime{day * kSecondsPerDay + nanos / kNanosPerSecond,
                                       static_cast<int32_t>(nanos % kNanosPerSecond)});
        }
        case ValueKind::kDateTime: {
            // Calendar units move the wall clock; exact units move the instant.
            const DateTime& dt = t.as_date_time();
            const ZoneSpec zone = ZoneOf(dt);
            const int64_t local = dt.seconds + dt.offset_seconds;
            int64_t day, nanos;
            Duration calendar{d.months, d.days, 0, 0};
            RETURN_IF_ERROR(AddToLocal(FloorDiv(local, kSecondsPerDay),
                                       FloorMod(local, kSecondsPerDay) * kNanosPerSecond + dt.nanos,
                                       calendar, &day, &nanos)
                                .status());
            DateTime moved = MakeDateTime(day * kSecondsPerDay + nanos / kNanosPerSecond,
                                          static_cast<int32_t>(nanos % kNanosPerSecond), zone);
            __int128 total = static_cast<__int128>(moved.seconds) * kNanosPerSecond + moved.nanos +
                             static_cast<__int128>(d.seconds) * kNanosPerSecond + d.nanos;
            __int128 secs = total / kNanosPerSecond, rem = total % kNanosPerSecond;
            if (rem < 0) {
                rem += kNanosPerSecond;
                secs -= 1;
            }
            if (!Fits(secs)) return ArgumentError("date out of range");
            moved.seconds = static_cast<int64_t>(secs);
            moved.nanos = static_cast<int32_t>(rem);
            moved.offset_seconds = zone.OffsetAtUtc(moved.seconds);
            RETURN_IF_ERROR(
                CheckDay(FloorDiv(moved.seconds + moved.offset_seconds, kSecondsPerDay)));
            return Value(moved);
        }
        default:
            return Status(StatusCode::kTypeError,
                          std::string("Cannot add a duration to ") + ValueKindName(t.kind()));
    }
}

bool IsTemporal(const Value& v) {
    return v.kind() >= ValueKind::kDate && v.kind() <= ValueKind::kDateTime;
}

Parts Decompose(const Value& v) {
    Parts p;
    switch (v.kind()) {
        case ValueKind::kDate:
            p.has_date = true;
            p.epoch_day = v.as_date().days;
            break;
        case ValueKind::kLocalTime:
            p.has_time = true;
            p.nanos_of_day = v.as_local_time().nanos;
            break;
        case ValueKind::kTime:
            p.has_time = p.has_zone = true;
            p.nanos_of_day = v.as_time().nanos;
            p.offset_seconds = v.as_time().offset_seconds;
            p.zone.offset_seconds = p.offset_seconds;
            break;
        case ValueKind::kLocalDateTime: {
            const auto& l = v.as_local_date_time();
            p.has_date = p.has_time = true;
            p.epoch_day = FloorDiv(l.seconds, kSecondsPerDay);
            p.nanos_of_day = FloorMod(l.seconds, kSecondsPerDay) * kNanosPerSecond + l.nanos;
            break;
        }
        case ValueKind::kDateTime: {
            const auto& d = v.as_date_time();
            const int64_t local = d.seconds + d.offset_seconds;
            p.has_date = p.has_time = p.has_zone = true;
            p.epoch_day = FloorDiv(local, kSecondsPerDay);
            p.nanos_of_day = FloorMod(local, kSecondsPerDay) * kNanosPerSecond + d.nanos;
            p.offset_seconds = d.offset_seconds;
            p.zone = ZoneOf(d);
            break;
        }
        default:
            break;
    }
    return p;
}

}  // namespace nexus::cypher::temporal_impl

namespace nexus::cypher::temporal_impl {

namespace {
int64_t MondayOfWeekOne(int64_t week_year) {
    const int64_t jan4 = temporal::DaysFromCivil(week_year, 1, 4);
    return jan4 - (temporal::DayOfWeek(jan4) - 1);
}
}  // namespace

int64_t WeeksInWeekYear(int64_t week_year) {
    return (MondayOfWeekOne(week_year + 1) - MondayOfWeekOne(week_year)) / 7;
}

Result<Date> MakeWeekDate(int64_t week_year, int64_t week, int64_t day_of_week) {
    if (week_year < kMinYear || week_year > kMaxYear) {
        return ArgumentError("Invalid value for WeekBasedYear: " + std::to_string(week_year));
    }
    if (week < 1 || week > WeeksInWeekYear(week_year)) {
        return ArgumentError("Invalid value for WeekOfWeekBasedYear: " + std::to_string(week));
    }
    if (day_of_week < 1 || day_of_week > 7) {
        return ArgumentError("Invalid value for DayOfWeek: " + std::to_string(day_of_week));
    }
    return Date{MondayOfWeekOne(week_year) + (week - 1) * 7 + day_of_week - 1};
}

void IsoWeek(int64_t epoch_day, int64_t* week_year, int64_t* week) {
    int64_t y = temporal::CivilFromDays(epoch_day).year;
    if (epoch_day >= MondayOfWeekOne(y + 1)) {
        ++y;
    } else if (epoch_day < MondayOfWeekOne(y)) {
        --y;
    }
    *week_year = y;
    *week = (epoch_day - MondayOfWeekOne(y)) / 7 + 1;
}

Result<Date> MakeOrdinalDate(int64_t year, int64_t ordinal_day) {
    if (year < kMinYear || year > kMaxYear) {
        return ArgumentError("Invalid value for Year: " + std::to_string(year));
    }
    if (ordinal_day < 1 || ordinal_day > (temporal::IsLeapYear(year) ? 366 : 365)) {
        return ArgumentError("Invalid value for DayOfYear: " + std::to_string(ordinal_day));
    }
    return Date{temporal::DaysFromCivil(year, 1, 1) + ordinal_day - 1};
}

Result<Date> MakeQuarterDate(int64_t year, int64_t quarter, int64_t day_of_quarter) {
    if (quarter < 1 || quarter > 4) {
        return ArgumentError("Invalid value for QuarterOfYear: " + std::to_string(quarter));
    }
    ASSIGN_OR_RETURN(Date start, MakeDate(year, (quarter - 1) * 3 + 1, 1));
    const int64_t next =
        temporal::DaysFromCivil(year + (quarter == 4), quarter == 4 ? 1 : quarter * 3 + 1, 1);
    if (day_of_quarter < 1 || day_of_quarter > 92 || start.days + day_of_quarter - 1 >= next) {
        return ArgumentError("Invalid value for DayOfQuarter: " + std::to_string(day_of_quarter));
    }
    return Date{start.days + day_of_quarter - 1};
}

}  // namespace nexus::cypher::temporal_impl
