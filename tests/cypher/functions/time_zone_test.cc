// Time zones: fixed offsets, TZif files of the system database, DST gaps and overlaps, the
// POSIX rule beyond the last transition, and malformed zone data.
#include <gtest/gtest.h>

#include "common/temporal_format.h"
#include "cypher/functions/time_zone.h"

namespace nexus::cypher {
namespace {

int64_t Utc(int64_t y, int m, int d, int h, int min) {
    return temporal::DaysFromCivil(y, m, d) * 86400 + h * 3600 + min * 60;
}

TEST(TimeZoneTest, ParsesOffsets) {
    int32_t off = 1;
    EXPECT_TRUE(ParseOffset("Z", &off));
    EXPECT_EQ(off, 0);
    EXPECT_TRUE(ParseOffset("+01:00", &off));
    EXPECT_EQ(off, 3600);
    EXPECT_TRUE(ParseOffset("-0530", &off));
    EXPECT_EQ(off, -19800);
    EXPECT_TRUE(ParseOffset("+02", &off));
    EXPECT_EQ(off, 7200);
    EXPECT_TRUE(ParseOffset("-02:05:07", &off));
    EXPECT_EQ(off, -7507);
    EXPECT_FALSE(ParseOffset("+19:00", &off));
    EXPECT_FALSE(ParseOffset("+1:00", &off));
    EXPECT_FALSE(ParseOffset("01:00", &off));
}

TEST(TimeZoneTest, NamedZoneOffsetsFollowDst) {
    auto zone = TimeZone::Load("Europe/Stockholm");
    ASSERT_TRUE(zone.ok()) << zone.status().message();
    EXPECT_EQ((*zone)->OffsetAtUtc(Utc(1984, 1, 1, 0, 0)), 3600);
    EXPECT_EQ((*zone)->OffsetAtUtc(Utc(1984, 7, 20, 0, 0)), 7200);
    // 2017-10-29 01:00 UTC clocks went back from +02 to +01.
    EXPECT_EQ((*zone)->OffsetAtUtc(Utc(2017, 10, 29, 0, 59)), 7200);
    EXPECT_EQ((*zone)->OffsetAtUtc(Utc(2017, 10, 29, 1, 0)), 3600);
    // Far future: the POSIX rule (CET-1CEST,M3.5.0,M10.5.0/3) applies.
    EXPECT_EQ((*zone)->OffsetAtUtc(Utc(2100, 7, 1, 0, 0)), 7200);
    EXPECT_EQ((*zone)->OffsetAtUtc(Utc(2100, 12, 1, 0, 0)), 3600);
}

TEST(TimeZoneTest, LocalTimeResolution) {
    auto zone = TimeZone::Load("Europe/Stockholm");
    ASSERT_TRUE(zone.ok());
    // Overlap 2017-10-29 02:30 local happens twice: the earlier offset wins.
    EXPECT_EQ((*zone)->OffsetForLocal(Utc(2017, 10, 29, 2, 30)), 7200);
    // Gap 2018-03-25 02:30 local does not exist: the pre-gap offset moves it forward.
    EXPECT_EQ((*zone)->OffsetForLocal(Utc(2018, 3, 25, 2, 30)), 3600);
    EXPECT_EQ((*zone)->OffsetForLocal(Utc(2018, 3, 25, 12, 0)), 7200);
}

TEST(TimeZoneTest, UnknownAndHostileNamesAreArgumentErrors) {
    for (const char* name : {"Mars/Olympus", "../../etc/passwd", "/etc/passwd", ""}) {
        auto zone = TimeZone::Load(name);
        ASSERT_FALSE(zone.ok()) << name;
        EXPECT_EQ(zone.status().code(), StatusCode::kArgumentError);
    }
}

TEST(TimeZoneTest, MalformedTzifIsCorruption) {
    EXPECT_EQ(TimeZone::FromTzif("x", "").status().code(), StatusCode::kCorruption);
    EXPECT_EQ(TimeZone::FromTzif("x", "TZif2 short").status().code(), StatusCode::kCorruption);
    std::string header(44, '\0');
    header.replace(0, 4, "TZif");
    header[4] = '2';
    header[20 + 4 * 3 + 3] = static_cast<char>(200);  // 200 transitions but no data
    EXPECT_EQ(TimeZone::FromTzif("x", header).status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace nexus::cypher
