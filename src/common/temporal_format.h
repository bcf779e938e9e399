// Calendar arithmetic (proleptic Gregorian, days since 1970-01-01) and the ISO 8601 text
// forms of the temporal, duration and point values, exactly as Neo4j prints them. Lives in
// common so that Value::ToString can use it; the Cypher function library builds on it too.
#pragma once

#include <cstdint>
#include <string>

#include "nexus/value.h"

namespace nexus::temporal {

inline constexpr int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr int64_t kSecondsPerDay = 86'400;
inline constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;

struct CivilDate {
    int64_t year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
};

// Floor division and modulo that round towards negative infinity.
inline int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
inline int64_t FloorMod(int64_t a, int64_t b) {
    return a - FloorDiv(a, b) * b;
}

int64_t DaysFromCivil(int64_t year, int month, int day);
CivilDate CivilFromDays(int64_t days);
bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);
// ISO day of week, 1 = Monday .. 7 = Sunday.
int DayOfWeek(int64_t days);

std::string FormatDate(const Date& d);                    // 2015-07-21, -0005-01-01, +12345-01-01
std::string FormatLocalTime(const LocalTime& t);          // 21:40, 21:40:32, 21:40:32.142
std::string FormatOffset(int32_t offset_seconds);         // Z, +01:00, -02:05:07
std::string FormatTime(const Time& t);                    // 21:40:32+01:00
std::string FormatLocalDateTime(const LocalDateTime& t);  // 2015-07-21T21:40:32.142
std::string FormatDateTime(const DateTime& t);  // 2015-07-21T21:40:32.142+01:00[Europe/London]
std::string FormatDuration(const Duration& d);  // P1Y2M3DT4H5M6.5S, PT0S
std::string FormatPoint(const Point& p);        // point({x: 1.0, y: 2.0, crs: 'cartesian'})
// The crs name Cypher uses for an SRID ("cartesian", "wgs-84-3d", ...).
const char* CrsName(int32_t srid);

// ISO text of any temporal/duration/point value; empty for other kinds.
std::string FormatTemporal(const Value& v);

}  // namespace nexus::temporal
