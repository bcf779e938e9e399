// The temporal constructors date(), localtime(), time(), localdatetime(), datetime() and
// duration(): from ISO strings, from component maps (calendar, week, ordinal and quarter
// dates, selection from other temporals: {date: d, time: t, ...}), and "now" clocks.
#include "cypher/functions/temporal_construct.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <set>

#include "cypher/functions/temporal.h"

namespace nexus::cypher {

namespace {

namespace ti = temporal_impl;
using temporal::kNanosPerSecond;
using temporal::kSecondsPerDay;

const std::set<std::string, std::less<>>& KnownKeys() {
    static const auto* keys = new std::set<std::string, std::less<>>{
        "year",       "month", "day",    "week",     "dayOfWeek",    "quarter",     "dayOfQuarter",
        "ordinalDay", "hour",  "minute", "second",   "millisecond",  "microsecond", "nanosecond",
        "timezone",   "date",  "time",   "datetime", "epochSeconds", "epochMillis"};
    return *keys;
}

class Fields {
  public:
    explicit Fields(const Map& m) : m_(m) {}
    bool Has(std::string_view k) const {
        auto it = m_.find(std::string(k));
        return it != m_.end() && !it->second.is_null();
    }
    const Value* Get(std::string_view k) const {
        auto it = m_.find(std::string(k));
        return it == m_.end() || it->second.is_null() ? nullptr : &it->second;
    }
    Result<std::optional<int64_t>> Int(std::string_view k) const {
        const Value* v = Get(k);
        if (!v) return std::optional<int64_t>();
        if (v->is_int()) return std::optional<int64_t>(v->as_int());
        if (v->is_float() && std::fabs(v->as_float()) < 9.2e18 &&
            v->as_float() == std::trunc(v->as_float())) {
            return std::optional<int64_t>(static_cast<int64_t>(v->as_float()));
        }
        return Status(StatusCode::kTypeError, "Field " + std::string(k) + " must be an INTEGER");
    }

  private:
    const Map& m_;
};

Status CheckKeys(const Map& m) {
    for (const auto& [k, v] : m) {
        if (!KnownKeys().contains(k)) {
            return ti::ArgumentError("No such field: " + k);
        }
    }
    return Status::Ok();
}

Result<ZoneSpec> DefaultZone(const FunctionContext& ctx) {
    if (ctx.default_timezone.empty()) return ZoneSpec{};
    return ParseZone(ctx.default_timezone);
}

// Base temporal taken from a selection key ({date: d} / {time: t} / {datetime: dt}).
Result<std::optional<ti::Parts>> BaseOf(const Fields& f, std::string_view key) {
    const Value* v = f.Get(key);
    if (!v) return std::optional<ti::Parts>();
    if (!ti::IsTemporal(*v)) {
        return Status(StatusCode::kTypeError,
                      "Field " + std::string(key) + " must be a temporal value");
    }
    return std::optional<ti::Parts>(ti::Decompose(*v));
}

// Date fields of the map over an optional base date. nullopt when there is nothing.
Result<std::optional<Date>> BuildDate(const Fields& f, const ti::Parts* base) {
    ASSIGN_OR_RETURN(auto year, f.Int("year"));
    ASSIGN_OR_RETURN(auto month, f.Int("month"));
    ASSIGN_OR_RETURN(auto day, f.Int("day"));
    ASSIGN_OR_RETURN(auto week, f.Int("week"));
    ASSIGN_OR_RETURN(auto dow, f.Int("dayOfWeek"));
    ASSIGN_OR_RETURN(auto quarter, f.Int("quarter"));
    ASSIGN_OR_RETURN(auto doq, f.Int("dayOfQuarter"));
    ASSIGN_OR_RETURN(auto ordinal, f.Int("ordinalDay"));
    const bool has_base = base && base->has_date;
    if (!has_base && !year && !month && !day && !week && !dow && !quarter && !doq && !ordinal) {
        return std::optional<Date>();
    }
    if (!has_base && !year) return ti::ArgumentError("year must be specified");
    // One date style per map: calendar, week, ordinal or quarter fields, never a mix.
    const int styles = (month || day ? 1 : 0) + (week || dow ? 1 : 0) + (ordinal ? 1 : 0) +
                       (quarter || doq ? 1 : 0);
    if (styles > 1) return ti::ArgumentError("Cannot mix date fields of different styles");
    const int64_t base_day = has_base ? base->epoch_day : 0;
    const auto c = temporal::CivilFromDays(base_day);
    if (week || (dow && !month && !day)) {
        int64_t base_wy = 0, base_week = 1;
        if (has_base) ti::IsoWeek(base_day, &base_wy, &base_week);
        const int64_t base_dow = has_base ? temporal::DayOfWeek(base_day) : 1;
        ASSIGN_OR_RETURN(Date d, ti::MakeWeekDate(year.value_or(base_wy), week.value_or(base_week),
                                                  dow.value_or(base_dow)));
        return std::optional<Date>(d);
    }
    if (ordinal) {
        ASSIGN_OR_RETURN(Date d, ti::MakeOrdinalDate(year.value_or(c.year), *ordinal));
        return std::optional<Date>(d);
    }
    if (quarter || doq) {
        const int64_t base_q = (c.month - 1) / 3 + 1;
        const int64_t base_doq =
            has_base ? base_day -
                           temporal::DaysFromCivil(c.year, static_cast<int>(base_q * 3 - 2), 1) + 1
                     : 1;
        ASSIGN_OR_RETURN(Date d,
                         ti::MakeQuarterDate(year.value_or(c.year), quarter.value_or(base_q),
                                             doq.value_or(base_doq)));
        return std::optional<Date>(d);
    }
    ASSIGN_OR_RETURN(Date d,
                     ti::MakeDate(year.value_or(c.year), month.value_or(has_base ? c.month : 1),
                                  day.value_or(has_base ? c.day : 1)));
    return std::optional<Date>(d);
}

// Time-of-day fields over an optional base time; nullopt when there is nothing.
Result<std::optional<int64_t>> BuildTime(const Fields& f, const ti::Parts* base) {
    ASSIGN_OR_RETURN(auto hour, f.Int("hour"));
    ASSIGN_OR_RETURN(auto minute, f.Int("minute"));
    ASSIGN_OR_RETURN(auto second, f.Int("second"));
    ASSIGN_OR_RETURN(auto ms, f.Int("millisecond"));
    ASSIGN_OR_RETURN(auto us, f.Int("microsecond"));
    ASSIGN_OR_RETURN(auto ns, f.Int("nanosecond"));
    const bool has_base = base && base->has_time;
    if (!has_base && !hour && !minute && !second && !ms && !us && !ns) {
        return std::optional<int64_t>();
    }
    const int64_t b = has_base ? base->nanos_of_day : 0;
    const int64_t base_secs = b / kNanosPerSecond;
    int64_t nanos = b % kNanosPerSecond;
    if (ms || us || ns) {
        // Sub-second fields add up (ms + us + ns). Over a base, missing ones keep the base's
        // digits; a lone field too large for its slot carries the whole fraction.
        if (ms && (*ms < 0 || *ms > 999)) {
            return ti::ArgumentError("Invalid value for Millisecond: " + std::to_string(*ms));
        }
        if (us && (*us < 0 || *us > (ms ? 999 : 999'999))) {
            return ti::ArgumentError("Invalid value for Microsecond: " + std::to_string(*us));
        }
        if (ns && (*ns < 0 || *ns > ((ms || us) ? 999 : 999'999'999))) {
            return ti::ArgumentError("Invalid value for Nanosecond: " + std::to_string(*ns));
        }
        int64_t m = ms.value_or(has_base ? nanos / 1'000'000 : 0);
        int64_t u = us.value_or(has_base ? nanos / 1000 % 1000 : 0);
        const int64_t n = ns.value_or(has_base ? nanos % 1000 : 0);
        if (us && !ms && *us >= 1000) m = 0;
        if (ns && !ms && !us && *ns >= 1000) m = u = 0;
        nanos = m * 1'000'000 + u * 1000 + n;
    }
    if (!has_base && !hour) return ti::ArgumentError("hour must be specified");
    ASSIGN_OR_RETURN(int64_t t,
                     ti::MakeTimeOfDay(hour.value_or(base_secs / 3600),
                                       minute.value_or(has_base ? base_secs / 60 % 60 : 0),
                                       second.value_or(has_base ? base_secs % 60 : 0), nanos));
    return std::optional<int64_t>(t);
}

Result<std::optional<ZoneSpec>> ZoneField(const Fields& f) {
    const Value* tz = f.Get("timezone");
    if (!tz) return std::optional<ZoneSpec>();
    if (!tz->is_string()) return Status(StatusCode::kTypeError, "timezone must be a STRING");
    ASSIGN_OR_RETURN(ZoneSpec z, ParseZone(tz->as_string()));
    return std::optional<ZoneSpec>(z);
}

int64_t NowNanos(std::string_view variant, const FunctionContext& ctx) {
    if (variant == "realtime") {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    if (variant == "transaction" && ctx.transaction_epoch_nanos != 0) {
        return ctx.transaction_epoch_nanos;
    }
    return ctx.statement_epoch_nanos;
}

// A temporal of `kind` for the instant `epoch_nanos` seen in `zone`.
Value FromInstant(ValueKind kind, int64_t epoch_nanos, const ZoneSpec& zone) {
    const int64_t secs = temporal::FloorDiv(epoch_nanos, kNanosPerSecond);
    const auto nanos = static_cast<int32_t>(temporal::FloorMod(epoch_nanos, kNanosPerSecond));
    DateTime dt{secs, nanos, zone.OffsetAtUtc(secs), zone.named ? zone.id : std::string()};
    const int64_t local = secs + dt.offset_seconds;
    const int64_t tod = temporal::FloorMod(local, kSecondsPerDay) * kNanosPerSecond + nanos;
    switch (kind) {
        case ValueKind::kDate:
            return Value(Date{temporal::FloorDiv(local, kSecondsPerDay)});
        case ValueKind::kLocalTime:
            return Value(LocalTime{tod});
        case ValueKind::kTime:
            return Value(Time{tod, dt.offset_seconds});
        case ValueKind::kLocalDateTime:
            return Value(LocalDateTime{local, nanos});
        default:
            return Value(std::move(dt));
    }
}

// Assembles the result from a date, a time and a zone.
Value Assemble(ValueKind kind, int64_t day, int64_t tod, const ZoneSpec& zone) {
    const int64_t local = day * kSecondsPerDay + tod / kNanosPerSecond;
    const auto nanos = static_cast<int32_t>(tod % kNanosPerSecond);
    switch (kind) {
        case ValueKind::kDate:
            return Value(Date{day});
        case ValueKind::kLocalTime:
            return Value(LocalTime{tod});
        case ValueKind::kTime:
            return Value(Time{tod, zone.named ? zone.OffsetForLocal(local) : zone.offset_seconds});
        case ValueKind::kLocalDateTime:
            return Value(LocalDateTime{local, nanos});
        default:
            return Value(ti::MakeDateTime(local, nanos, zone));
    }
}

// Re-expresses a zoned (date-)time at the same instant in another zone.
void ConvertZone(int64_t* day, int64_t* tod, const ZoneSpec& from, const ZoneSpec& to) {
    const int64_t local = *day * kSecondsPerDay + *tod / kNanosPerSecond;
    const int64_t utc = local - from.OffsetForLocal(local);
    const int64_t new_local = utc + to.OffsetAtUtc(utc);
    *day = temporal::FloorDiv(new_local, kSecondsPerDay);
    *tod = temporal::FloorMod(new_local, kSecondsPerDay) * kNanosPerSecond + *tod % kNanosPerSecond;
}

// `convert_zone`: an explicit timezone re-expresses a zoned base at the same instant
// (constructors) instead of relabelling its wall-clock time (truncate).
Result<Value> FromMap(ValueKind kind, const Map& m, const FunctionContext& ctx,
                      std::string_view name, bool convert_zone = true) {
    RETURN_IF_ERROR(CheckKeys(m));
    const Fields f(m);
    ASSIGN_OR_RETURN(std::optional<ZoneSpec> tz, ZoneField(f));
    ASSIGN_OR_RETURN(ZoneSpec def_zone, DefaultZone(ctx));
    if (m.size() == 1 && tz) return FromInstant(kind, ctx.statement_epoch_nanos, *tz);
    if (kind == ValueKind::kDateTime && (f.Has("epochSeconds") || f.Has("epochMillis"))) {
        ASSIGN_OR_RETURN(auto es, f.Int("epochSeconds"));
        ASSIGN_OR_RETURN(auto em, f.Int("epochMillis"));
        ASSIGN_OR_RETURN(auto ns, f.Int("nanosecond"));
        __int128 total = es ? static_cast<__int128>(*es) * kNanosPerSecond
                            : static_cast<__int128>(*em) * 1'000'000;
        total += ns.value_or(0);
        if (total > INT64_MAX || total < INT64_MIN) return ti::ArgumentError("epoch out of range");
        return FromInstant(kind, static_cast<int64_t>(total), tz.value_or(ZoneSpec{}));
    }
    ASSIGN_OR_RETURN(auto base_dt, BaseOf(f, "datetime"));
    ASSIGN_OR_RETURN(auto base_date, BaseOf(f, "date"));
    ASSIGN_OR_RETURN(auto base_time, BaseOf(f, "time"));
    if (!base_date && base_dt) base_date = base_dt;
    if (!base_time && base_dt) base_time = base_dt;
    const bool wants_date = kind == ValueKind::kDate || kind == ValueKind::kLocalDateTime ||
                            kind == ValueKind::kDateTime;
    const bool wants_time = kind != ValueKind::kDate;
    int64_t day = 0, tod = 0;
    if (wants_date) {
        ASSIGN_OR_RETURN(auto d, BuildDate(f, base_date ? &*base_date : nullptr));
        if (!d) return ti::ArgumentError(std::string(name) + ": year must be specified");
        day = d->days;
    }
    if (wants_time) {
        ASSIGN_OR_RETURN(auto t, BuildTime(f, base_time ? &*base_time : nullptr));
        tod = t.value_or(0);
    }
    // Zone: an explicit timezone converts a zoned base (same instant) or labels a local one.
    const bool base_zoned = base_time && base_time->has_zone;
    ZoneSpec zone = base_zoned ? base_time->zone : def_zone;
    if (tz) {
        if (convert_zone && base_zoned &&
            (kind == ValueKind::kTime || kind == ValueKind::kDateTime)) {
            if (kind == ValueKind::kTime) {
                const int64_t shift =
                    static_cast<int64_t>(tz->OffsetAtUtc(0)) - zone.offset_seconds;
                tod = temporal::FloorMod(tod + shift * kNanosPerSecond, temporal::kNanosPerDay);
            } else {
                ConvertZone(&day, &tod, zone, *tz);
            }
        }
        zone = *tz;
    }
    return Assemble(kind, day, tod, zone);
}

// date(dt), localtime(dt), time(lt), ... : keep what the target has, add default parts.
Result<Value> FromTemporal(ValueKind kind, const Value& v, const FunctionContext& ctx) {
    if (v.kind() == kind) return v;
    const ti::Parts p = ti::Decompose(v);
    const bool wants_date = kind == ValueKind::kDate || kind == ValueKind::kLocalDateTime ||
                            kind == ValueKind::kDateTime;
    if (wants_date && !p.has_date) {
        return Status(StatusCode::kTypeError, std::string("Cannot construct ") +
                                                  ValueKindName(kind) + " from " +
                                                  ValueKindName(v.kind()));
    }
    ASSIGN_OR_RETURN(ZoneSpec def_zone, DefaultZone(ctx));
    return Assemble(kind, p.epoch_day, p.nanos_of_day, p.has_zone ? p.zone : def_zone);
}

}  // namespace

Result<Value> ConstructTemporal(ValueKind kind, std::span<const Value> args,
                                const FunctionContext& ctx, std::string_view name) {
    if (args.empty()) {
        ASSIGN_OR_RETURN(ZoneSpec zone, DefaultZone(ctx));
        return FromInstant(kind, ctx.statement_epoch_nanos, zone);
    }
    const Value& a = args[0];
    if (a.is_null()) return Value();
    if (a.is_string()) {
        ASSIGN_OR_RETURN(ZoneSpec zone, DefaultZone(ctx));
        return ti::ParseTemporal(kind, a.as_string(), zone);
    }
    if (a.is_map()) return FromMap(kind, a.as_map(), ctx, name);
    if (ti::IsTemporal(a)) return FromTemporal(kind, a, ctx);
    return Status(StatusCode::kTypeError,
                  std::string(name) + "() expects a STRING or MAP, got " + ValueKindName(a.kind()));
}

Result<Value> TemporalNow(ValueKind kind, std::string_view variant, std::span<const Value> args,
                          const FunctionContext& ctx) {
    ZoneSpec zone;
    if (!args.empty() && args[0].is_null()) return Value();
    if (!args.empty()) {
        if (!args[0].is_string())
            return Status(StatusCode::kTypeError, "timezone must be a STRING");
        ASSIGN_OR_RETURN(zone, ParseZone(args[0].as_string()));
    } else {
        ASSIGN_OR_RETURN(zone, DefaultZone(ctx));
    }
    return FromInstant(kind, NowNanos(variant, ctx), zone);
}

Result<Value> ConstructDuration(std::span<const Value> args) {
    const Value& a = args[0];
    if (a.is_null()) return Value();
    if (a.is_string()) {
        ASSIGN_OR_RETURN(Duration d, ti::ParseDuration(a.as_string()));
        return Value(d);
    }
    if (a.kind() == ValueKind::kDuration) return a;
    if (!a.is_map()) {
        return Status(StatusCode::kTypeError, "duration() expects a STRING or MAP");
    }
    struct Unit {
        const char* key;
        int bucket;  // 0 months, 1 days, 2 seconds, 3 nanos
        long double scale;
    };
    static constexpr Unit kUnits[] = {
        {"years", 0, 12},         {"quarters", 0, 3},       {"months", 0, 1},     {"weeks", 1, 7},
        {"days", 1, 1},           {"hours", 2, 3600},       {"minutes", 2, 60},   {"seconds", 2, 1},
        {"milliseconds", 3, 1e6}, {"microseconds", 3, 1e3}, {"nanoseconds", 3, 1}};
    __int128 exact[4] = {0, 0, 0, 0};
    long double frac[4] = {0, 0, 0, 0};
    for (const auto& [k, v] : a.as_map()) {
        const Unit* unit = nullptr;
        for (const Unit& u : kUnits) {
            if (k == u.key) unit = &u;
        }
        if (!unit) return ti::ArgumentError("No such field: " + k);
        if (v.is_null()) continue;
        if (v.is_int()) {
            exact[unit->bucket] +=
                static_cast<__int128>(v.as_int()) * static_cast<int64_t>(unit->scale);
        } else if (v.is_float()) {
            frac[unit->bucket] += static_cast<long double>(v.as_float()) * unit->scale;
        } else {
            return Status(StatusCode::kTypeError, "duration field " + k + " must be a number");
        }
    }
    ASSIGN_OR_RETURN(Duration whole, ti::MakeDuration(exact[0], exact[1], exact[2], exact[3]));
    ASSIGN_OR_RETURN(Duration part, ti::MakeDurationFractional(frac[0], frac[1], frac[2], frac[3]));
    ASSIGN_OR_RETURN(Duration d, ti::AddDurations(whole, part));
    return Value(d);
}

Result<Value> DateTimeFromEpoch(std::span<const Value> args, bool millis) {
    __int128 parts[2] = {0, 0};
    for (size_t i = 0; i < args.size(); ++i) {
        const Value& v = args[i];
        if (v.is_null()) return Value();
        if (v.is_int()) {
            parts[i] = v.as_int();
        } else if (v.is_float() && std::fabs(v.as_float()) < 9.2e18) {
            parts[i] = static_cast<int64_t>(v.as_float());
        } else if (v.is_float()) {
            return ti::ArgumentError("epoch out of range");
        } else {
            return Status(StatusCode::kTypeError, "epoch values must be numbers");
        }
    }
    const __int128 nanos = millis ? parts[0] * 1'000'000 : parts[0] * kNanosPerSecond + parts[1];
    if (nanos > INT64_MAX || nanos < INT64_MIN) return ti::ArgumentError("epoch out of range");
    return FromInstant(ValueKind::kDateTime, static_cast<int64_t>(nanos), ZoneSpec{});
}

}  // namespace nexus::cypher

namespace nexus::cypher {

namespace {

// Truncates (day, tod) to `unit`; false for an unknown unit or one the kind cannot hold.
bool TruncateParts(std::string_view unit, bool has_date, int64_t* day, int64_t* tod) {
    static constexpr std::pair<std::string_view, int64_t> kTimeUnits[] = {
        {"day", temporal::kNanosPerDay}, {"hour", 3'600'000'000'000}, {"minute", 60'000'000'000},
        {"second", 1'000'000'000},       {"millisecond", 1'000'000},  {"microsecond", 1'000}};
    for (const auto& [name, size] : kTimeUnits) {
        if (unit == name) {
            *tod -= *tod % size;
            return true;
        }
    }
    if (!has_date) return false;
    *tod = 0;
    const auto c = temporal::CivilFromDays(*day);
    auto year_floor = [&](int64_t n) {
        *day = temporal::DaysFromCivil(temporal::FloorDiv(c.year, n) * n, 1, 1);
    };
    if (unit == "millennium") {
        year_floor(1000);
    } else if (unit == "century") {
        year_floor(100);
    } else if (unit == "decade") {
        year_floor(10);
    } else if (unit == "year") {
        year_floor(1);
    } else if (unit == "weekYear") {
        int64_t wy, week;
        ti::IsoWeek(*day, &wy, &week);
        *day -= (week - 1) * 7 + temporal::DayOfWeek(*day) - 1;
    } else if (unit == "quarter") {
        *day = temporal::DaysFromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
    } else if (unit == "month") {
        *day = temporal::DaysFromCivil(c.year, c.month, 1);
    } else if (unit == "week") {
        *day -= temporal::DayOfWeek(*day) - 1;
    } else {
        return false;
    }
    return true;
}

}  // namespace

Result<Value> TruncateTemporal(ValueKind kind, std::span<const Value> args,
                               const FunctionContext& ctx) {
    if (args[0].is_null() || args[1].is_null()) return Value();
    if (!args[0].is_string())
        return Status(StatusCode::kTypeError, "truncate unit must be a STRING");
    if (!ti::IsTemporal(args[1])) {
        return Status(StatusCode::kTypeError, "truncate expects a temporal value");
    }
    const bool has_date = kind == ValueKind::kDate || kind == ValueKind::kLocalDateTime ||
                          kind == ValueKind::kDateTime;
    ti::Parts p = ti::Decompose(args[1]);
    if (has_date && !p.has_date) {
        return Status(StatusCode::kTypeError, "Cannot truncate a value without a date to a date");
    }
    if (!TruncateParts(args[0].as_string(), has_date, &p.epoch_day, &p.nanos_of_day)) {
        return ti::ArgumentError("Unit '" + args[0].as_string() + "' is not supported here");
    }
    ASSIGN_OR_RETURN(ZoneSpec def_zone, DefaultZone(ctx));
    const Value truncated =
        Assemble(kind, p.epoch_day, p.nanos_of_day, p.has_zone ? p.zone : def_zone);
    if (args.size() < 3 || args[2].is_null()) return truncated;
    if (!args[2].is_map()) return Status(StatusCode::kTypeError, "truncate fields must be a MAP");
    if (args[2].as_map().empty()) return truncated;
    Map fields = args[2].as_map();
    fields[kind == ValueKind::kDate ? "date" : (has_date ? "datetime" : "time")] = truncated;
    return FromMap(kind, fields, ctx, "truncate", /*convert_zone=*/false);
}

}  // namespace nexus::cypher
