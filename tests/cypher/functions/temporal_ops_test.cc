// Temporal accessors, truncation, arithmetic, comparison and duration.between, checked
// against the outputs the openCypher TCK expects.
#include "test_util.h"

namespace nexus::cypher {
namespace {

using testing::Call;
using testing::L;
using testing::M;
using testing::Show;

Value Eval(std::string_view fn, Value arg) {
    auto r = Call(fn, {arg});
    EXPECT_TRUE(r.ok()) << fn << "(" << arg.ToString() << "): " << r.status().message();
    return r.ok() ? *r : Value();
}

TEST(TemporalAccessTest, DateTimeFields) {
    const Value d = Eval("datetime", M({{"year", 1984},
                                        {"month", 11},
                                        {"day", 11},
                                        {"hour", 12},
                                        {"minute", 31},
                                        {"second", 14},
                                        {"nanosecond", 645876123},
                                        {"timezone", "Europe/Stockholm"}}));
    const std::pair<const char*, const char*> want[] = {
        {"year", "1984"},
        {"quarter", "4"},
        {"month", "11"},
        {"week", "45"},
        {"weekYear", "1984"},
        {"day", "11"},
        {"ordinalDay", "316"},
        {"weekDay", "7"},
        {"dayOfWeek", "7"},
        {"dayOfQuarter", "42"},
        {"hour", "12"},
        {"minute", "31"},
        {"second", "14"},
        {"millisecond", "645"},
        {"microsecond", "645876"},
        {"nanosecond", "645876123"},
        {"timezone", "'Europe/Stockholm'"},
        {"offset", "'+01:00'"},
        {"offsetMinutes", "60"},
        {"offsetSeconds", "3600"},
        {"epochSeconds", "469020674"},
        {"epochMillis", "469020674645"},
    };
    for (const auto& [key, value] : want) {
        EXPECT_EQ(Show(TemporalProperty(d, key)), value) << key;
    }
    EXPECT_FALSE(TemporalProperty(d, "nope").ok());
    EXPECT_FALSE(TemporalProperty(Eval("date", "2015-01-01"), "hour").ok());
    EXPECT_EQ(Show(TemporalProperty(Value(), "year")), "null");
    // 2017-01-01 is a Sunday in the last week of week-year 2016.
    const Value last = Eval("date", "2017-01-01");
    EXPECT_EQ(Show(TemporalProperty(last, "weekYear")), "2016");
    EXPECT_EQ(Show(TemporalProperty(last, "week")), "52");
}

TEST(TemporalAccessTest, DurationFields) {
    const Value d = Eval("duration", M({{"years", 1},
                                        {"months", 4},
                                        {"days", 10},
                                        {"hours", 1},
                                        {"minutes", 1},
                                        {"seconds", 1},
                                        {"nanoseconds", 111111111}}));
    const std::pair<const char*, const char*> want[] = {
        {"years", "1"},
        {"quarters", "5"},
        {"months", "16"},
        {"weeks", "1"},
        {"days", "10"},
        {"hours", "1"},
        {"minutes", "61"},
        {"seconds", "3661"},
        {"milliseconds", "3661111"},
        {"microseconds", "3661111111"},
        {"nanoseconds", "3661111111111"},
        {"quartersOfYear", "1"},
        {"monthsOfQuarter", "1"},
        {"monthsOfYear", "4"},
        {"daysOfWeek", "3"},
        {"minutesOfHour", "1"},
        {"secondsOfMinute", "1"},
        {"millisecondsOfSecond", "111"},
        {"microsecondsOfSecond", "111111"},
        {"nanosecondsOfSecond", "111111111"},
    };
    for (const auto& [key, value] : want) {
        EXPECT_EQ(Show(TemporalProperty(d, key)), value) << key;
    }
}

TEST(TemporalTruncateTest, Units) {
    const Value d = Eval("date", "2017-10-11");
    const Value dt = Eval("datetime", "2017-10-11T12:31:14.645876123+01:00");
    const Value jan1 = Eval("localdatetime", "1984-01-01T12:31:14.645876123");
    struct T {
        const char* fn;
        const char* unit;
        Value v;
        Value fields;
        const char* want;
    };
    const T cases[] = {
        {"date.truncate", "millennium", d, M({{"day", 2}}), "'2000-01-02'"},
        {"date.truncate", "century", dt, M({}), "'2000-01-01'"},
        {"date.truncate", "decade", d, Value(), "'2010-01-01'"},
        {"date.truncate", "weekYear", jan1, M({{"day", 5}}), "'1983-01-05'"},
        {"date.truncate", "weekYear", jan1, M({}), "'1983-01-03'"},
        {"date.truncate", "quarter", d, M({}), "'2017-10-01'"},
        {"date.truncate", "week", d, M({{"dayOfWeek", 2}}), "'2017-10-10'"},
        {"datetime.truncate", "millennium", d, M({{"day", 2}}), "'2000-01-02T00:00Z'"},
        {"datetime.truncate", "hour", dt, M({}), "'2017-10-11T12:00+01:00'"},
        {"datetime.truncate", "day", dt, M({{"timezone", "+01:00"}}), "'2017-10-11T00:00+01:00'"},
        {"localdatetime.truncate", "second", dt, M({{"nanosecond", 2}}),
         "'2017-10-11T12:31:14.000000002'"},
        {"localtime.truncate", "minute", dt, M({}), "'12:31'"},
        {"time.truncate", "millisecond", dt, M({}), "'12:31:14.645+01:00'"},
        {"localtime.truncate", "year", dt, M({}), "error: Unit 'year' is not supported here"},
    };
    for (const T& c : cases) {
        EXPECT_EQ(Show(Call(c.fn, {Value(c.unit), c.v, c.fields})), c.want)
            << c.fn << " " << c.unit;
    }
}

TEST(TemporalArithmeticTest, PlusAndMinusDuration) {
    const Value d1 = Eval("duration", M({{"years", 12},
                                         {"months", 5},
                                         {"days", 14},
                                         {"hours", 16},
                                         {"minutes", 12},
                                         {"seconds", 70},
                                         {"nanoseconds", 2}}));
    const Value d2 =
        Eval("duration",
             M({{"months", 1}, {"days", -14}, {"hours", 16}, {"minutes", -12}, {"seconds", 70}}));
    const Value d3 = Eval("duration", M({{"years", 12.5},
                                         {"months", 5.5},
                                         {"days", 14.5},
                                         {"hours", 16.5},
                                         {"minutes", 12.5},
                                         {"seconds", 70.5},
                                         {"nanoseconds", 3}}));
    const Value date = Eval("date", "1984-10-11");
    const Value lt =
        Eval("localtime", M({{"hour", 12}, {"minute", 31}, {"second", 14}, {"nanosecond", 1}}));
    const Value ldt = Eval("localdatetime", M({{"year", 1984},
                                               {"month", 10},
                                               {"day", 11},
                                               {"hour", 12},
                                               {"minute", 31},
                                               {"second", 14},
                                               {"nanosecond", 1}}));
    const Value dt = Eval("datetime", M({{"year", 1984},
                                         {"month", 10},
                                         {"day", 11},
                                         {"hour", 12},
                                         {"minute", 31},
                                         {"second", 14},
                                         {"nanosecond", 1},
                                         {"timezone", "+01:00"}}));
    struct T {
        Value x, d;
        const char* sum;
        const char* diff;
    };
    const T cases[] = {
        {date, d1, "'1997-03-25'", "'1972-04-27'"},
        {date, d2, "'1984-10-28'", "'1984-09-25'"},
        {date, d3, "'1997-10-11'", "'1971-10-12'"},
        {lt, d1, "'04:44:24.000000003'", "'20:18:03.999999999'"},
        {lt, d3, "'22:29:27.500000004'", "'02:33:00.499999998'"},
        {ldt, d1, "'1997-03-26T04:44:24.000000003'", "'1972-04-26T20:18:03.999999999'"},
        {ldt, d2, "'1984-10-29T04:20:24.000000001'", "'1984-09-24T20:42:04.000000001'"},
        {dt, d3, "'1997-10-11T22:29:27.500000004+01:00'", "'1971-10-12T02:33:00.499999998+01:00'"},
        {d1, d1, "'P24Y10M28DT32H26M20.000000004S'", "'PT0S'"},
        {d2, d2, "'P2M-28DT31H38M20S'", "'PT0S'"},
    };
    for (const T& c : cases) {
        EXPECT_EQ(Show(Add(c.x, c.d)), c.sum) << c.x.ToString() << " + " << c.d.ToString();
        EXPECT_EQ(Show(Subtract(c.x, c.d)), c.diff) << c.x.ToString() << " - " << c.d.ToString();
    }
    EXPECT_EQ(Show(Add(d3, d1)), "'P25Y4M43DT50H11M23.500000005S'");
    // Calendar units move the wall clock, exact units the instant (across a DST gap).
    const Value before_gap = Eval("datetime", "2018-03-24T02:30[Europe/Stockholm]");
    EXPECT_EQ(Show(Add(before_gap, Eval("duration", "P1D"))),
              "'2018-03-25T03:30+02:00[Europe/Stockholm]'");
    EXPECT_EQ(Show(Add(before_gap, Eval("duration", "PT24H"))),
              "'2018-03-25T03:30+02:00[Europe/Stockholm]'");
    EXPECT_EQ(Show(Add(Eval("datetime", "2018-03-24T12:00[Europe/Stockholm]"),
                       Eval("duration", "PT24H"))),
              "'2018-03-25T13:00+02:00[Europe/Stockholm]'");
    EXPECT_EQ(Show(Add(Eval("date", "2015-01-31"), Eval("duration", "P1M"))), "'2015-02-28'");
    EXPECT_FALSE(Subtract(date, date).ok());  // use duration.between
}

TEST(TemporalArithmeticTest, ScaleDurations) {
    const Value d = Eval("duration", M({{"years", 12},
                                        {"months", 5},
                                        {"days", 14},
                                        {"hours", 16},
                                        {"minutes", 12},
                                        {"seconds", 70},
                                        {"nanoseconds", 1}}));
    EXPECT_EQ(Show(Multiply(d, 1)), "'P12Y5M14DT16H13M10.000000001S'");
    EXPECT_EQ(Show(Multiply(2, d)), "'P24Y10M28DT32H26M20.000000002S'");
    EXPECT_EQ(Show(Multiply(d, 0.5)), "'P6Y2M22DT13H21M8S'");
    EXPECT_EQ(Show(Divide(d, 2)), "'P6Y2M22DT13H21M8S'");
    EXPECT_EQ(Show(Divide(d, 0.5)), "'P24Y10M28DT32H26M20.000000002S'");
    EXPECT_EQ(Show(Divide(d, 0)), "error: / by zero");
    EXPECT_EQ(Show(Negate(Eval("duration", "PT1.5S"))), "'PT-1.5S'");
}

TEST(TemporalCompareTest, OrderAndEquality) {
    EXPECT_EQ(LessThan(Eval("date", "1980-12-24"), Eval("date", "1984-10-11")), Tri::kTrue);
    EXPECT_EQ(LessThan(Eval("time", "10:00+01:00"), Eval("time", "09:35:14.645876123Z")),
              Tri::kTrue);
    EXPECT_EQ(
        Equals(Eval("datetime", "2018-01-01T00:00Z"), Eval("datetime", "2018-01-01T01:00+01:00")),
        Tri::kTrue);
    EXPECT_EQ(LessThan(Eval("date", "1980-12-24"), Eval("localdatetime", "1984-10-11T00:00")),
              Tri::kNull);
    const Value d = Eval("duration", M({{"years", 12},
                                        {"months", 5},
                                        {"days", 14},
                                        {"hours", 16},
                                        {"minutes", 12},
                                        {"seconds", 70}}));
    EXPECT_EQ(Equals(d, Eval("duration", M({{"years", 12},
                                            {"months", 5},
                                            {"days", 14},
                                            {"hours", 16},
                                            {"minutes", 13},
                                            {"seconds", 10}}))),
              Tri::kTrue);
    EXPECT_EQ(Equals(d, Eval("duration", M({{"years", 12},
                                            {"months", 5},
                                            {"days", 13},
                                            {"hours", 40},
                                            {"minutes", 13},
                                            {"seconds", 10}}))),
              Tri::kFalse);
    EXPECT_EQ(LessThan(d, d), Tri::kNull);
    EXPECT_EQ(Equals(d, Eval("date", "1984-10-11")), Tri::kFalse);
}

TEST(DurationBetweenTest, AcrossKinds) {
    struct T {
        const char* fn;
        Value a, b;
        const char* want;
    };
    const Value date = Eval("date", "1984-10-11");
    const Value ldt = Eval("localdatetime", "2016-07-21T21:45:22.142");
    const Value dt = Eval("datetime", "2015-07-21T21:40:32.142+0100");
    const Value lt = Eval("localtime", "14:30");
    const Value t = Eval("time", "14:30");
    const Value t2 = Eval("time", "16:30+0100");
    const Value dt2 = Eval("datetime", "2014-07-21T21:40:36.143+0200");
    const Value ldt2 = Eval("localdatetime", "2015-07-21T21:40:32.142");
    const T cases[] = {
        {"duration.between", date, Eval("date", "2015-06-24"), "'P30Y8M13D'"},
        {"duration.between", date, ldt, "'P31Y9M10DT21H45M22.142S'"},
        {"duration.between", date, dt, "'P30Y9M10DT21H40M32.142S'"},
        {"duration.between", date, lt, "'PT14H30M'"},
        {"duration.between", lt, date, "'PT-14H-30M'"},
        {"duration.between", t, dt, "'PT6H10M32.142S'"},
        {"duration.between", t, t2, "'PT1H'"},
        {"duration.between", ldt2, Eval("date", "2015-06-24"), "'P-27DT-21H-40M-32.142S'"},
        {"duration.between", ldt2, dt, "'PT0S'"},
        {"duration.between", dt2, dt, "'P1YT59M55.999S'"},
        {"duration.between", dt2, t2, "'PT-4H-10M-36.143S'"},
        {"duration.between", dt2, Eval("localtime", "16:30"), "'PT-5H-10M-36.143S'"},
        {"duration.between", Eval("localdatetime", "2018-01-02T10:00:00.1"),
         Eval("localdatetime", "2018-01-01T10:00:00.2"), "'PT-23H-59M-59.9S'"},
        {"duration.between", Eval("datetime", "2017-10-28T23:00+02:00[Europe/Stockholm]"),
         Eval("datetime", "2017-10-29T04:00+01:00[Europe/Stockholm]"), "'PT6H'"},
        {"duration.between", Eval("datetime", "2017-10-29T04:00+01:00[Europe/Stockholm]"),
         Eval("datetime", "2017-10-28T23:00+02:00[Europe/Stockholm]"), "'PT-6H'"},
        {"duration.inmonths", date, ldt, "'P31Y9M'"},
        {"duration.inmonths", dt2, Eval("date", "2015-06-24"), "'P11M'"},
        {"duration.inmonths", date, lt, "'PT0S'"},
        {"duration.indays", date, Eval("date", "2015-06-24"), "'P11213D'"},
        {"duration.indays", dt2, Eval("date", "2015-06-24"), "'P337D'"},
        {"duration.inseconds", date, Eval("date", "2015-06-24"), "'PT269112H'"},
        {"duration.inseconds", dt2, dt, "'PT8760H59M55.999S'"},
        {"duration.between", Value(), date, "null"},
    };
    for (const T& c : cases) {
        EXPECT_EQ(Show(Call(c.fn, {c.a, c.b})), c.want)
            << c.fn << "(" << c.a.ToString() << ", " << c.b.ToString() << ")";
    }
}

TEST(TemporalFormatTest, ValueToStringUsesIso) {
    EXPECT_EQ(Eval("date", "2015-07-21").ToString(), "2015-07-21");
    EXPECT_EQ(L({Eval("duration", "P1D")}).ToString(), "[P1D]");
    EXPECT_EQ(ToDisplayString(L({Eval("duration", "P1D")})), "['P1D']");
    EXPECT_EQ(Eval("date", "-0005-01-01").ToString(), "-0005-01-01");
}

}  // namespace
}  // namespace nexus::cypher
