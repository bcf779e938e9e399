// ISO 8601 text -> temporal values and durations: calendar, week (2015-W30-2) and ordinal
// (2015-202) dates in extended and basic forms, reduced precision (2015-07, 21:40), fractions
// up to nanoseconds, offsets (Z, +01, +0100, +01:00) and [Zone/Name] suffixes.
#include <cctype>
#include <cmath>
#include <optional>

#include "cypher/functions/temporal.h"

namespace nexus::cypher::temporal_impl {

namespace {

using temporal::kNanosPerSecond;
using temporal::kSecondsPerDay;

class Cursor {
  public:
    explicit Cursor(std::string_view s) : s_(s) {}
    bool done() const { return pos_ >= s_.size(); }
    char peek() const { return done() ? '\0' : s_[pos_]; }
    bool Eat(char c) {
        if (peek() != c) return false;
        ++pos_;
        return true;
    }
    // Reads exactly n digits.
    bool Digits(int n, int64_t* out) {
        if (pos_ + n > s_.size()) return false;
        int64_t v = 0;
        for (int i = 0; i < n; ++i) {
            const char c = s_[pos_ + i];
            if (!std::isdigit(static_cast<unsigned char>(c))) return false;
            v = v * 10 + (c - '0');
        }
        pos_ += n;
        *out = v;
        return true;
    }
    size_t DigitRun() const {
        size_t n = 0;
        while (pos_ + n < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_ + n]))) ++n;
        return n;
    }
    std::string_view rest() const { return s_.substr(std::min(pos_, s_.size())); }
    size_t pos() const { return pos_; }

  private:
    std::string_view s_;
    size_t pos_ = 0;
};

Status BadText(std::string_view what, std::string_view text) {
    return Status(StatusCode::kArgumentError, "Text cannot be parsed to a " + std::string(what) +
                                                  ": '" + std::string(text) + "'");
}

Result<Date> ParseDatePart(Cursor& c, std::string_view text) {
    int64_t year;
    if (c.peek() == '+' || c.peek() == '-') {
        const bool neg = c.peek() == '-';
        c.Eat(c.peek());
        const size_t n = c.DigitRun();
        if (n < 4 || n > 9 || !c.Digits(static_cast<int>(n), &year)) return BadText("date", text);
        if (neg) year = -year;
    } else if (!c.Digits(4, &year)) {
        return BadText("date", text);
    }
    const bool extended = c.Eat('-');
    if (c.Eat('W')) {
        int64_t week, dow = 1;
        if (!c.Digits(2, &week)) return BadText("date", text);
        if (extended ? c.Eat('-') : std::isdigit(static_cast<unsigned char>(c.peek()))) {
            if (!c.Digits(1, &dow)) return BadText("date", text);
        }
        return MakeWeekDate(year, week, dow);
    }
    const size_t run = c.DigitRun();
    if (!extended && run == 0) return MakeDate(year, 1, 1);
    if (run == 3) {
        int64_t ordinal = 0;
        c.Digits(3, &ordinal);
        return MakeOrdinalDate(year, ordinal);
    }
    int64_t month, day = 1;
    if (!c.Digits(2, &month)) return BadText("date", text);
    if (extended ? c.Eat('-') : c.DigitRun() >= 2) {
        if (!c.Digits(2, &day)) return BadText("date", text);
    }
    return MakeDate(year, month, day);
}

Result<int64_t> ParseTimePart(Cursor& c, std::string_view text) {
    int64_t h, m = 0, s = 0, nanos = 0;
    if (!c.Digits(2, &h)) return BadText("time", text);
    const bool extended = c.peek() == ':';
    auto next_group = [&](int64_t* out) {
        if (extended) {
            if (!c.Eat(':')) return false;
            return c.Digits(2, out);
        }
        if (c.DigitRun() < 2) return false;
        return c.Digits(2, out);
    };
    if (next_group(&m) && next_group(&s) && (c.peek() == '.' || c.peek() == ',')) {
        c.Eat(c.peek());
        const size_t n = c.DigitRun();
        if (n == 0 || n > 9) return BadText("time", text);
        int64_t frac = 0;
        c.Digits(static_cast<int>(n), &frac);
        for (size_t i = n; i < 9; ++i) frac *= 10;
        nanos = frac;
    }
    return MakeTimeOfDay(h, m, s, nanos);
}

// Offset and/or [Zone]; leaves *zone untouched when the text has neither.
Status ParseZonePart(Cursor& c, std::string_view text, ZoneSpec* zone, bool allow_named,
                     std::optional<int32_t>* explicit_offset) {
    if (c.peek() == 'Z' || c.peek() == 'z' || c.peek() == '+' || c.peek() == '-') {
        std::string_view rest = c.rest();
        const size_t end = std::min(rest.find('['), rest.size());
        ZoneSpec fixed;
        if (!ParseOffset(rest.substr(0, end), &fixed.offset_seconds))
            return BadText("offset", text);
        *zone = fixed;
        *explicit_offset = fixed.offset_seconds;
        for (size_t i = 0; i < end; ++i) c.Eat(c.peek());
    }
    if (c.peek() == '[') {
        if (!allow_named) return BadText("time", text);
        std::string_view rest = c.rest();
        const size_t close = rest.find(']');
        if (close == std::string_view::npos || close + 1 != rest.size()) {
            return BadText("datetime", text);
        }
        ASSIGN_OR_RETURN(ZoneSpec named, ParseZone(rest.substr(1, close - 1)));
        *zone = named;
        for (size_t i = 0; i <= close; ++i) c.Eat(c.peek());
    }
    return Status::Ok();
}

// The alternative form P0001-02-03T04:05:06.5 (ISO 8601 4.4.3.3), after the 'P'.
Result<Duration> ParseAlternativeDuration(Cursor& c, const Status& bad) {
    int64_t y, mo, d, h, mi, sec, frac = 0;
    if (!c.Digits(4, &y) || !c.Eat('-') || !c.Digits(2, &mo) || !c.Eat('-') || !c.Digits(2, &d) ||
        !c.Eat('T') || !c.Digits(2, &h) || !c.Eat(':') || !c.Digits(2, &mi) || !c.Eat(':') ||
        !c.Digits(2, &sec)) {
        return bad;
    }
    if (c.Eat('.') || c.Eat(',')) {
        const size_t n = c.DigitRun();
        if (n == 0 || n > 9) return bad;
        c.Digits(static_cast<int>(n), &frac);
        for (size_t i = n; i < 9; ++i) frac *= 10;
    }
    if (!c.done()) return bad;
    return MakeDuration(static_cast<__int128>(y) * 12 + mo, d, h * 3600 + mi * 60 + sec, frac);
}

}  // namespace

Result<Value> ParseTemporal(ValueKind kind, std::string_view text, const ZoneSpec& default_zone) {
    Cursor c(text);
    int64_t day = 0, nanos = 0;
    const bool wants_date = kind == ValueKind::kDate || kind == ValueKind::kLocalDateTime ||
                            kind == ValueKind::kDateTime;
    const bool wants_time = kind != ValueKind::kDate;
    if (wants_date) {
        ASSIGN_OR_RETURN(Date d, ParseDatePart(c, text));
        day = d.days;
        if (kind != ValueKind::kDate && (c.Eat('T') || c.Eat('t'))) {
            ASSIGN_OR_RETURN(nanos, ParseTimePart(c, text));
        }
    } else if (wants_time) {
        c.Eat('T');
        ASSIGN_OR_RETURN(nanos, ParseTimePart(c, text));
    }
    ZoneSpec zone = default_zone;
    std::optional<int32_t> explicit_offset;
    if (kind == ValueKind::kTime || kind == ValueKind::kDateTime) {
        RETURN_IF_ERROR(
            ParseZonePart(c, text, &zone, kind == ValueKind::kDateTime, &explicit_offset));
    }
    if (!c.done()) return BadText(ValueKindName(kind), text);
    switch (kind) {
        case ValueKind::kDate:
            return Value(Date{day});
        case ValueKind::kLocalTime:
            return Value(LocalTime{nanos});
        case ValueKind::kTime:
            // A named default zone has no date here to pick its offset by; use its base.
            return Value(Time{nanos, zone.named ? zone.OffsetAtUtc(0) : zone.offset_seconds});
        case ValueKind::kLocalDateTime:
            return Value(LocalDateTime{day * kSecondsPerDay + nanos / kNanosPerSecond,
                                       static_cast<int32_t>(nanos % kNanosPerSecond)});
        default: {
            const int64_t local = day * kSecondsPerDay + nanos / kNanosPerSecond;
            DateTime dt = MakeDateTime(local, static_cast<int32_t>(nanos % kNanosPerSecond), zone);
            // In an overlap the written offset picks which of the two instants is meant.
            if (zone.named && explicit_offset && *explicit_offset != dt.offset_seconds &&
                zone.OffsetAtUtc(local - *explicit_offset) == *explicit_offset) {
                dt.seconds = local - *explicit_offset;
                dt.offset_seconds = *explicit_offset;
            }
            return Value(dt);
        }
    }
}

Result<Duration> ParseDuration(std::string_view text) {
    Cursor c(text);
    const Status bad(StatusCode::kArgumentError,
                     "Text cannot be parsed to a Duration: '" + std::string(text) + "'");
    bool negate_all = c.Eat('-');
    if (!c.Eat('P') && !c.Eat('p')) return bad;
    if (c.DigitRun() == 4 && c.rest().size() >= 19 && c.rest()[4] == '-') {
        ASSIGN_OR_RETURN(Duration alt, ParseAlternativeDuration(c, bad));
        if (negate_all) return NegateDuration(alt);
        return alt;
    }
    long double months = 0, days = 0, seconds = 0, nanos = 0;
    bool in_time = false, any = false;
    while (!c.done()) {
        if (!in_time && (c.Eat('T') || c.Eat('t'))) {
            in_time = true;
            continue;
        }
        const bool neg = c.Eat('-');
        if (!neg) c.Eat('+');
        const size_t n = c.DigitRun();
        if (n == 0 || n > 18) return bad;
        int64_t whole = 0;
        c.Digits(static_cast<int>(n), &whole);
        int64_t frac_nanos = 0;
        long double frac = 0;
        if (c.peek() == '.' || c.peek() == ',') {
            c.Eat(c.peek());
            const size_t f = c.DigitRun();
            if (f == 0 || f > 9) return bad;
            c.Digits(static_cast<int>(f), &frac_nanos);
            for (size_t i = f; i < 9; ++i) frac_nanos *= 10;
            frac = frac_nanos / 1e9L;
        }
        const long double sign = neg ? -1 : 1;
        const long double v = sign * (whole + frac);
        const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(c.peek())));
        c.Eat(c.peek());
        if (!in_time && unit == 'Y') {
            months += v * 12;
        } else if (!in_time && unit == 'M') {
            months += v;
        } else if (!in_time && unit == 'W') {
            days += v * 7;
        } else if (!in_time && unit == 'D') {
            days += v;
        } else if (in_time && unit == 'H') {
            seconds += v * 3600;
        } else if (in_time && unit == 'M') {
            seconds += v * 60;
        } else if (in_time && unit == 'S') {
            seconds += sign * whole;
            nanos += sign * frac_nanos;
        } else {
            return bad;
        }
        any = true;
    }
    if (!any) return bad;
    ASSIGN_OR_RETURN(Duration d, MakeDurationFractional(months, days, seconds, nanos));
    if (negate_all) return NegateDuration(d);
    return d;
}

}  // namespace nexus::cypher::temporal_impl
