// Calendar conversions and ISO 8601 rendering of temporal, duration and point values.
// Output follows java.time as Neo4j uses it: fractions in groups of 3 digits for times,
// trailing zeros stripped for durations, years outside 0000..9999 signed.
#include "common/temporal_format.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace nexus::temporal {

// Days-from-civil via 400-year eras (146097 days each), shifting the year to start in March
// so that the leap day is the last day of the year.
int64_t DaysFromCivil(int64_t year, int month, int day) {
    year -= month <= 2;
    const int64_t era = FloorDiv(year, 400);
    const int64_t yoe = year - era * 400;
    const int64_t mp = (month + 9) % 12;
    const int64_t doy = (153 * mp + 2) / 5 + day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
    days += 719468;
    const int64_t era = FloorDiv(days, 146097);
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    CivilDate out;
    out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    out.year = yoe + era * 400 + (out.month <= 2);
    return out;
}

bool IsLeapYear(int64_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int64_t year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && IsLeapYear(year)) return 29;
    return kDays[(month - 1) % 12];
}

int DayOfWeek(int64_t days) {
    // 1970-01-01 was a Thursday (4).
    return static_cast<int>(FloorMod(days + 3, 7)) + 1;
}

namespace {

std::string FormatYear(int64_t year) {
    char buf[32];
    if (year < 0 && year > -10000) {
        std::snprintf(buf, sizeof buf, "-%04lld", static_cast<long long>(-year));
    } else if (year > 9999) {
        std::snprintf(buf, sizeof buf, "+%lld", static_cast<long long>(year));
    } else {
        std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(year));
    }
    return buf;
}

// java.time prints sub-second digits in groups of three.
std::string FormatFraction3(int64_t nanos) {
    char buf[16];
    if (nanos == 0) return "";
    if (nanos % 1'000'000 == 0) {
        std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(nanos / 1'000'000));
    } else if (nanos % 1000 == 0) {
        std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(nanos / 1000));
    } else {
        std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanos));
    }
    return buf;
}

std::string FormatTimeOfDay(int64_t nanos_of_day) {
    const int64_t secs = nanos_of_day / kNanosPerSecond;
    const int64_t nanos = nanos_of_day % kNanosPerSecond;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(secs / 3600),
                  static_cast<long long>(secs / 60 % 60));
    std::string out = buf;
    if (secs % 60 != 0 || nanos != 0) {
        std::snprintf(buf, sizeof buf, ":%02lld", static_cast<long long>(secs % 60));
        out += buf;
        out += FormatFraction3(nanos);
    }
    return out;
}

}  // namespace

std::string FormatDate(const Date& d) {
    const CivilDate c = CivilFromDays(d.days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "-%02d-%02d", c.month, c.day);
    return FormatYear(c.year) + buf;
}

std::string FormatLocalTime(const LocalTime& t) {
    return FormatTimeOfDay(t.nanos);
}

std::string FormatOffset(int32_t offset_seconds) {
    if (offset_seconds == 0) return "Z";
    const int32_t abs = std::abs(offset_seconds);
    char buf[16];
    if (abs % 60 != 0) {
        std::snprintf(buf, sizeof buf, "%c%02d:%02d:%02d", offset_seconds < 0 ? '-' : '+',
                      abs / 3600, abs / 60 % 60, abs % 60);
    } else {
        std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_seconds < 0 ? '-' : '+', abs / 3600,
                      abs / 60 % 60);
    }
    return buf;
}

std::string FormatTime(const Time& t) {
    return FormatTimeOfDay(t.nanos) + FormatOffset(t.offset_seconds);
}

std::string FormatLocalDateTime(const LocalDateTime& t) {
    const int64_t days = FloorDiv(t.seconds, kSecondsPerDay);
    const int64_t secs = FloorMod(t.seconds, kSecondsPerDay);
    return FormatDate(Date{days}) + "T" + FormatTimeOfDay(secs * kNanosPerSecond + t.nanos);
}

std::string FormatDateTime(const DateTime& t) {
    LocalDateTime local{t.seconds + t.offset_seconds, t.nanos};
    std::string out = FormatLocalDateTime(local) + FormatOffset(t.offset_seconds);
    if (!t.zone_id.empty()) out += "[" + t.zone_id + "]";
    return out;
}

std::string FormatDuration(const Duration& d) {
    if (d.months == 0 && d.days == 0 && d.seconds == 0 && d.nanos == 0) return "PT0S";
    std::string out = "P";
    const int64_t years = d.months / 12;
    const int64_t months = d.months % 12;
    if (years != 0) out += std::to_string(years) + "Y";
    if (months != 0) out += std::to_string(months) + "M";
    if (d.days != 0) out += std::to_string(d.days) + "D";
    // Split seconds+nanos into a sign and magnitude so -0.5s prints as -0.5S, not -1.5S.
    int64_t secs = d.seconds;
    int64_t nanos = d.nanos;
    bool negative = secs < 0;
    if (negative && nanos > 0) {
        secs += 1;
        nanos = kNanosPerSecond - nanos;
    }
    if (secs == 0 && nanos == 0) return out;
    out += "T";
    const int64_t hours = secs / 3600;
    const int64_t minutes = secs % 3600 / 60;
    const int64_t rest = secs % 60;
    if (hours != 0) out += std::to_string(hours) + "H";
    if (minutes != 0) out += std::to_string(minutes) + "M";
    if (rest != 0 || nanos != 0) {
        if (negative && rest == 0) out += "-";
        out += std::to_string(rest);
        if (nanos != 0) {
            char buf[16];
            std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanos));
            std::string frac = buf;
            while (frac.back() == '0') frac.pop_back();
            out += frac;
        }
        out += "S";
    }
    return out;
}

const char* CrsName(int32_t srid) {
    switch (srid) {
        case 7203:
            return "cartesian";
        case 9157:
            return "cartesian-3d";
        case 4326:
            return "wgs-84";
        case 4979:
            return "wgs-84-3d";
        default:
            return "unknown";
    }
}

namespace {
std::string FormatCoordinate(double d) {
    if (std::isnan(d)) return "NaN";
    char buf[64];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, d);
        if (std::strtod(buf, nullptr) == d) break;
    }
    std::string s = buf;
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}
}  // namespace

std::string FormatPoint(const Point& p) {
    const bool geographic = p.srid == 4326 || p.srid == 4979;
    std::string out = "point({";
    out += geographic ? "longitude: " : "x: ";
    out += FormatCoordinate(p.x);
    out += geographic ? ", latitude: " : ", y: ";
    out += FormatCoordinate(p.y);
    if (p.is_3d()) out += (geographic ? ", height: " : ", z: ") + FormatCoordinate(p.z);
    out += ", crs: '";
    out += CrsName(p.srid);
    return out + "'})";
}

std::string FormatTemporal(const Value& v) {
    switch (v.kind()) {
        case ValueKind::kDate:
            return FormatDate(v.as_date());
        case ValueKind::kLocalTime:
            return FormatLocalTime(v.as_local_time());
        case ValueKind::kTime:
            return FormatTime(v.as_time());
        case ValueKind::kLocalDateTime:
            return FormatLocalDateTime(v.as_local_date_time());
        case ValueKind::kDateTime:
            return FormatDateTime(v.as_date_time());
        case ValueKind::kDuration:
            return FormatDuration(v.as_duration());
        case ValueKind::kPoint:
            return FormatPoint(v.as_point());
        default:
            return "";
    }
}

}  // namespace nexus::temporal
