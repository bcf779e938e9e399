// Small recursive-descent ISO 8601 parsers. Datetimes take an offset (Z, +hh, +hhmm, +hh:mm)
// and optionally a [Zone/Id] after it; without an offset they are UTC, as neo4j-admin's
// default time zone is.
#include "import/temporal_parse.h"

#include <cctype>

#include "common/temporal_format.h"

namespace nexus::import {
namespace {

using temporal::kNanosPerSecond;

class Cursor {
  public:
    explicit Cursor(std::string_view s) : s_(s) {}
    bool done() const { return i_ >= s_.size(); }
    char peek() const { return done() ? '\0' : s_[i_]; }
    bool Eat(char c) {
        if (peek() != c) return false;
        ++i_;
        return true;
    }
    // Exactly `n` digits.
    bool Digits(int n, int64_t* out) {
        int64_t v = 0;
        for (int k = 0; k < n; ++k) {
            if (done() || !std::isdigit(static_cast<unsigned char>(s_[i_]))) return false;
            v = v * 10 + (s_[i_++] - '0');
        }
        *out = v;
        return true;
    }
    // One or more digits; `count` receives how many.
    bool Number(int64_t* out, int* count) {
        int64_t v = 0;
        int n = 0;
        while (!done() && std::isdigit(static_cast<unsigned char>(s_[i_])) && n < 18) {
            v = v * 10 + (s_[i_++] - '0');
            ++n;
        }
        *out = v;
        *count = n;
        return n > 0;
    }
    std::string_view rest() const { return s_.substr(i_); }
    void Skip(size_t n) { i_ += n; }

  private:
    std::string_view s_;
    size_t i_ = 0;
};

bool ParseDate(Cursor* c, int64_t* days) {
    int sign = 1;
    if (c->Eat('-'))
        sign = -1;
    else
        c->Eat('+');
    int64_t y, m, d;
    int ny = 0;
    if (!c->Number(&y, &ny) || ny < 4) return false;
    if (!c->Eat('-') || !c->Digits(2, &m) || !c->Eat('-') || !c->Digits(2, &d)) return false;
    y *= sign;
    if (m < 1 || m > 12 || d < 1 || d > temporal::DaysInMonth(y, static_cast<int>(m))) {
        return false;
    }
    *days = temporal::DaysFromCivil(y, static_cast<int>(m), static_cast<int>(d));
    return true;
}

bool ParseLocalTime(Cursor* c, int64_t* nanos) {
    int64_t h, m, s = 0, frac = 0;
    if (!c->Digits(2, &h) || !c->Eat(':') || !c->Digits(2, &m)) return false;
    if (c->Eat(':')) {
        if (!c->Digits(2, &s)) return false;
        if (c->Eat('.') || c->Eat(',')) {
            int n = 0;
            if (!c->Number(&frac, &n) || n > 9) return false;
            for (; n < 9; ++n) frac *= 10;
        }
    }
    if (h > 23 || m > 59 || s > 59) return false;
    *nanos = ((h * 60 + m) * 60 + s) * kNanosPerSecond + frac;
    return true;
}

// Z, +hh, +hhmm, +hh:mm.
bool ParseOffset(Cursor* c, int32_t* offset, bool* present) {
    *present = false;
    if (c->Eat('Z') || c->Eat('z')) {
        *offset = 0;
        *present = true;
        return true;
    }
    int sign = 0;
    if (c->Eat('+'))
        sign = 1;
    else if (c->Eat('-'))
        sign = -1;
    if (sign == 0) return true;
    int64_t h, m = 0;
    if (!c->Digits(2, &h)) return false;
    if (c->Eat(':')) {
        if (!c->Digits(2, &m)) return false;
    } else if (std::isdigit(static_cast<unsigned char>(c->peek()))) {
        if (!c->Digits(2, &m)) return false;
    }
    if (h > 18 || m > 59) return false;
    *offset = static_cast<int32_t>(sign * (h * 3600 + m * 60));
    *present = true;
    return true;
}

bool ParseDateTime(Cursor* c, DateTime* out) {
    int64_t days, nanos = 0;
    if (!ParseDate(c, &days)) return false;
    if (c->Eat('T') || c->Eat('t') || c->Eat(' ')) {
        if (!ParseLocalTime(c, &nanos)) return false;
    }
    int32_t offset = 0;
    bool has_offset = false;
    if (!ParseOffset(c, &offset, &has_offset)) return false;
    if (c->Eat('[')) {
        std::string_view rest = c->rest();
        size_t close = rest.find(']');
        if (close == std::string_view::npos || close == 0) return false;
        // A named zone's offset needs the tz database: take the zone only with an offset.
        if (!has_offset) return false;
        out->zone_id = std::string(rest.substr(0, close));
        c->Skip(close + 1);
    }
    int64_t local = days * temporal::kSecondsPerDay + nanos / kNanosPerSecond;
    out->seconds = local - offset;
    out->nanos = static_cast<int32_t>(nanos % kNanosPerSecond);
    out->offset_seconds = offset;
    return true;
}

// PnYnMnWnDTnHnMn.nS
bool ParseDuration(Cursor* c, Duration* out) {
    int sign = c->Eat('-') ? -1 : 1;
    if (!c->Eat('P')) return false;
    bool time = false, any = false;
    while (!c->done()) {
        if (c->Eat('T')) {
            if (time) return false;
            time = true;
            continue;
        }
        int64_t v, frac = 0;
        int n = 0, nf = 0;
        if (!c->Number(&v, &n)) return false;
        if (c->Eat('.') && !c->Number(&frac, &nf)) return false;
        if (nf > 9) return false;
        for (int k = nf; k < 9; ++k) frac *= 10;
        char unit = c->peek();
        c->Skip(1);
        any = true;
        if (nf > 0 && !(time && unit == 'S')) return false;
        if (!time && unit == 'Y')
            out->months += 12 * v;
        else if (!time && unit == 'M')
            out->months += v;
        else if (!time && unit == 'W')
            out->days += 7 * v;
        else if (!time && unit == 'D')
            out->days += v;
        else if (time && unit == 'H')
            out->seconds += 3600 * v;
        else if (time && unit == 'M')
            out->seconds += 60 * v;
        else if (time && unit == 'S') {
            out->seconds += v;
            out->nanos = static_cast<int32_t>(frac);
        } else {
            return false;
        }
    }
    if (!any) return false;
    out->months *= sign;
    out->days *= sign;
    out->seconds *= sign;
    out->nanos *= sign;
    return true;
}

}  // namespace

bool ParseTemporal(std::string_view text, FieldType type, Value* out) {
    Cursor c(text);
    bool ok = false;
    switch (type) {
        case FieldType::kDate: {
            int64_t days;
            ok = ParseDate(&c, &days);
            if (ok) *out = Value(Date{days});
            break;
        }
        case FieldType::kLocalTime: {
            int64_t nanos;
            ok = ParseLocalTime(&c, &nanos);
            if (ok) *out = Value(LocalTime{nanos});
            break;
        }
        case FieldType::kTime: {
            int64_t nanos;
            int32_t offset = 0;
            bool has = false;
            ok = ParseLocalTime(&c, &nanos) && ParseOffset(&c, &offset, &has);
            if (ok) *out = Value(Time{nanos, offset});
            break;
        }
        case FieldType::kLocalDateTime: {
            int64_t days, nanos = 0;
            ok = ParseDate(&c, &days) && (c.Eat('T') || c.Eat('t')) && ParseLocalTime(&c, &nanos);
            if (ok) {
                *out =
                    Value(LocalDateTime{days * temporal::kSecondsPerDay + nanos / kNanosPerSecond,
                                        static_cast<int32_t>(nanos % kNanosPerSecond)});
            }
            break;
        }
        case FieldType::kDateTime: {
            DateTime dt;
            ok = ParseDateTime(&c, &dt);
            if (ok) *out = Value(std::move(dt));
            break;
        }
        case FieldType::kDuration: {
            Duration d;
            ok = ParseDuration(&c, &d);
            if (ok) *out = Value(d);
            break;
        }
        default:
            return false;
    }
    return ok && c.done();
}

}  // namespace nexus::import
