// Component access on temporal, duration and point values (`d.year`, `dur.minutesOfHour`,
// `p.x`) and duration.between / inMonths / inDays / inSeconds.
#include "cypher/functions/temporal.h"
#include "cypher/functions/temporal_construct.h"

namespace nexus::cypher {

namespace {

namespace ti = temporal_impl;
using temporal::kNanosPerDay;
using temporal::kNanosPerSecond;

Status NoSuchField(const Value& v, std::string_view key) {
    return Status(
        StatusCode::kArgumentError,
        "No such field on " + std::string(ValueKindName(v.kind())) + ": " + std::string(key));
}

std::optional<Value> DateField(int64_t day, std::string_view key) {
    const auto c = temporal::CivilFromDays(day);
    if (key == "year") return Value(c.year);
    if (key == "month") return Value(int64_t{c.month});
    if (key == "day") return Value(int64_t{c.day});
    if (key == "quarter") return Value(int64_t{(c.month - 1) / 3 + 1});
    if (key == "dayOfWeek" || key == "weekDay") return Value(int64_t{temporal::DayOfWeek(day)});
    if (key == "ordinalDay") return Value(day - temporal::DaysFromCivil(c.year, 1, 1) + 1);
    if (key == "dayOfQuarter") {
        return Value(day - temporal::DaysFromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1) + 1);
    }
    if (key == "week" || key == "weekYear") {
        int64_t wy, week;
        ti::IsoWeek(day, &wy, &week);
        return Value(key == "week" ? week : wy);
    }
    return std::nullopt;
}

std::optional<Value> TimeField(int64_t tod, std::string_view key) {
    const int64_t secs = tod / kNanosPerSecond;
    const int64_t nanos = tod % kNanosPerSecond;
    if (key == "hour") return Value(secs / 3600);
    if (key == "minute") return Value(secs / 60 % 60);
    if (key == "second") return Value(secs % 60);
    if (key == "millisecond") return Value(nanos / 1'000'000);
    if (key == "microsecond") return Value(nanos / 1000);
    if (key == "nanosecond") return Value(nanos);
    return std::nullopt;
}

std::optional<Value> ZoneField(const ti::Parts& p, const Value& v, std::string_view key) {
    if (key == "timezone") {
        if (v.kind() == ValueKind::kDateTime && !v.as_date_time().zone_id.empty()) {
            return Value(v.as_date_time().zone_id);
        }
        return Value(temporal::FormatOffset(p.offset_seconds));
    }
    if (key == "offset") {
        return Value(p.offset_seconds == 0 ? std::string("+00:00")
                                           : temporal::FormatOffset(p.offset_seconds));
    }
    if (key == "offsetMinutes") return Value(int64_t{p.offset_seconds / 60});
    if (key == "offsetSeconds") return Value(int64_t{p.offset_seconds});
    return std::nullopt;
}

Result<Value> DurationField(const Duration& d, std::string_view key) {
    const __int128 total_nanos = static_cast<__int128>(d.seconds) * kNanosPerSecond + d.nanos;
    if (key == "years") return Value(d.months / 12);
    if (key == "quarters") return Value(d.months / 3);
    if (key == "months") return Value(d.months);
    if (key == "weeks") return Value(d.days / 7);
    if (key == "days") return Value(d.days);
    if (key == "hours") return Value(d.seconds / 3600);
    if (key == "minutes") return Value(d.seconds / 60);
    if (key == "seconds") return Value(d.seconds);
    if (key == "milliseconds") return Value(static_cast<int64_t>(total_nanos / 1'000'000));
    if (key == "microseconds") return Value(static_cast<int64_t>(total_nanos / 1000));
    if (key == "nanoseconds") {
        if (total_nanos > INT64_MAX || total_nanos < INT64_MIN) {
            return Status(StatusCode::kArithmeticError, "integer overflow");
        }
        return Value(static_cast<int64_t>(total_nanos));
    }
    if (key == "quartersOfYear") return Value(d.months % 12 / 3);
    if (key == "monthsOfQuarter") return Value(d.months % 3);
    if (key == "monthsOfYear") return Value(d.months % 12);
    if (key == "daysOfWeek") return Value(d.days % 7);
    if (key == "minutesOfHour") return Value(d.seconds / 60 % 60);
    if (key == "secondsOfMinute") return Value(d.seconds % 60);
    if (key == "millisecondsOfSecond") return Value(int64_t{d.nanos / 1'000'000});
    if (key == "microsecondsOfSecond") return Value(int64_t{d.nanos / 1000});
    if (key == "nanosecondsOfSecond") return Value(int64_t{d.nanos});
    return NoSuchField(Value(d), key);
}

Result<Value> PointField(const Point& p, std::string_view key) {
    const bool geographic = p.srid == 4326 || p.srid == 4979;
    if (key == "x" || (geographic && key == "longitude")) return Value(p.x);
    if (key == "y" || (geographic && key == "latitude")) return Value(p.y);
    if (p.is_3d() && (key == "z" || (geographic && key == "height"))) return Value(p.z);
    if (key == "crs") return Value(temporal::CrsName(p.srid));
    if (key == "srid") return Value(int64_t{p.srid});
    return NoSuchField(Value(p), key);
}

}  // namespace

Result<Value> TemporalProperty(const Value& v, std::string_view key) {
    if (v.is_null()) return Value();
    if (v.kind() == ValueKind::kDuration) return DurationField(v.as_duration(), key);
    if (v.kind() == ValueKind::kPoint) return PointField(v.as_point(), key);
    if (!ti::IsTemporal(v)) {
        return Status(StatusCode::kTypeError, "Cannot access property " + std::string(key) +
                                                  " of " + ValueKindName(v.kind()));
    }
    const ti::Parts p = ti::Decompose(v);
    if (p.has_date) {
        if (auto f = DateField(p.epoch_day, key)) return *f;
    }
    if (p.has_time) {
        if (auto f = TimeField(p.nanos_of_day, key)) return *f;
    }
    if (p.has_zone) {
        if (auto f = ZoneField(p, v, key)) return *f;
    }
    if (v.kind() == ValueKind::kDateTime) {
        const DateTime& dt = v.as_date_time();
        if (key == "epochSeconds") return Value(dt.seconds);
        if (key == "epochMillis") {
            const __int128 ms = static_cast<__int128>(dt.seconds) * 1000 + dt.nanos / 1'000'000;
            if (ms > INT64_MAX || ms < INT64_MIN) {
                return Status(StatusCode::kArithmeticError, "integer overflow");
            }
            return Value(static_cast<int64_t>(ms));
        }
    }
    return NoSuchField(v, key);
}

namespace {

// Whole calendar months from (d1, t1) to (d2, t2), as java.time counts them.
int64_t MonthsUntil(int64_t d1, int64_t t1, int64_t d2, int64_t t2) {
    if (d2 > d1 && t2 < t1) --d2;
    if (d2 < d1 && t2 > t1) ++d2;
    const auto a = temporal::CivilFromDays(d1);
    const auto b = temporal::CivilFromDays(d2);
    const int64_t packed1 = (a.year * 12 + a.month - 1) * 32 + a.day;
    const int64_t packed2 = (b.year * 12 + b.month - 1) * 32 + b.day;
    return (packed2 - packed1) / 32;
}

int64_t DaysUntil(int64_t d1, int64_t t1, int64_t d2, int64_t t2) {
    if (d2 > d1 && t2 < t1) --d2;
    if (d2 < d1 && t2 > t1) ++d2;
    return d2 - d1;
}

}  // namespace

namespace {

// Re-expresses `to` at the same instant in `from`'s zone (both zoned, both dated).
void AlignZones(const ti::Parts& from, ti::Parts* to) {
    const __int128 utc = static_cast<__int128>(to->epoch_day) * kNanosPerDay + to->nanos_of_day -
                         static_cast<__int128>(to->offset_seconds) * kNanosPerSecond;
    const auto utc_seconds =
        static_cast<int64_t>(utc / kNanosPerSecond - (utc % kNanosPerSecond < 0 ? 1 : 0));
    const int32_t off = from.zone.OffsetAtUtc(utc_seconds);
    const __int128 local = utc + static_cast<__int128>(off) * kNanosPerSecond;
    __int128 day = local / kNanosPerDay;
    if (local % kNanosPerDay < 0) --day;
    to->epoch_day = static_cast<int64_t>(day);
    to->nanos_of_day = static_cast<int64_t>(local - day * kNanosPerDay);
    to->offset_seconds = off;
}

}  // namespace

Result<Value> DurationBetween(std::span<const Value> args, BetweenUnit unit) {
    if (args[0].is_null() || args[1].is_null()) return Value();
    if (!ti::IsTemporal(args[0]) || !ti::IsTemporal(args[1])) {
        return Status(StatusCode::kTypeError, "duration.between expects two temporal values");
    }
    ti::Parts from = ti::Decompose(args[0]);
    ti::Parts to = ti::Decompose(args[1]);
    // A value without a date is taken on the other's date; one without a zone in the
    // other's zone.
    const bool both_dated = from.has_date && to.has_date;
    if (from.has_date != to.has_date) {
        (from.has_date ? to : from).epoch_day = (from.has_date ? from : to).epoch_day;
        from.has_date = to.has_date = true;
    }
    if (from.has_zone && to.has_zone) {
        if (from.has_date) {
            AlignZones(from, &to);
        } else {
            to.nanos_of_day +=
                static_cast<int64_t>(from.offset_seconds - to.offset_seconds) * kNanosPerSecond;
        }
    }
    const ZoneSpec* zone = from.has_zone ? &from.zone : (to.has_zone ? &to.zone : nullptr);
    int64_t months = 0, days = 0;
    __int128 nanos = 0;
    int64_t d = from.epoch_day;
    if (both_dated && (unit == BetweenUnit::kAll || unit == BetweenUnit::kMonths)) {
        months = MonthsUntil(d, from.nanos_of_day, to.epoch_day, to.nanos_of_day);
        ASSIGN_OR_RETURN(d, ti::PlusMonths(d, months));
    }
    if (both_dated && (unit == BetweenUnit::kAll || unit == BetweenUnit::kDays)) {
        days = DaysUntil(d, from.nanos_of_day, to.epoch_day, to.nanos_of_day);
        d += days;
    }
    if (unit == BetweenUnit::kAll || unit == BetweenUnit::kSeconds) {
        nanos = (static_cast<__int128>(to.epoch_day) - d) * kNanosPerDay + to.nanos_of_day -
                from.nanos_of_day;
        // Named zones: the exact part is measured between instants, so DST shifts count.
        if (zone && zone->named && from.has_date) {
            const int64_t l1 = d * temporal::kSecondsPerDay + from.nanos_of_day / kNanosPerSecond;
            const int64_t l2 =
                to.epoch_day * temporal::kSecondsPerDay + to.nanos_of_day / kNanosPerSecond;
            nanos += static_cast<__int128>(zone->OffsetForLocal(l1) - zone->OffsetForLocal(l2)) *
                     kNanosPerSecond;
        }
    }
    ASSIGN_OR_RETURN(Duration out, ti::MakeDuration(months, days, 0, nanos));
    return Value(out);
}

}  // namespace nexus::cypher
