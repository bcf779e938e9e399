// Temporal construction (maps, selection, ISO strings, durations, clocks), checked against
// the outputs the openCypher TCK expects.
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

struct Case {
    const char* fn;
    Value arg;
    const char* want;
};

void RunCases(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
        EXPECT_EQ(Show(Call(c.fn, {c.arg})), c.want) << c.fn << "(" << c.arg.ToString() << ")";
    }
}

TEST(TemporalConstructTest, DatesFromMaps) {
    RunCases({
        {"date", M({{"year", 1816}, {"week", 1}}), "'1816-01-01'"},
        {"date", M({{"year", 1817}, {"week", 1}}), "'1816-12-30'"},
        {"date", M({{"year", 1818}, {"week", 53}}), "'1818-12-28'"},
        {"date", M({{"year", 1819}, {"week", 1}}), "'1819-01-04'"},
        {"date", M({{"dayOfWeek", 2}, {"year", 1817}, {"week", 1}}), "'1816-12-31'"},
        {"date", M({{"year", 1984}, {"month", 10}, {"day", 11}}), "'1984-10-11'"},
        {"date", M({{"year", 1984}, {"month", 10}}), "'1984-10-01'"},
        {"date", M({{"year", 1984}, {"week", 10}, {"dayOfWeek", 3}}), "'1984-03-07'"},
        {"date", M({{"year", 1984}}), "'1984-01-01'"},
        {"date", M({{"year", 1984}, {"ordinalDay", 202}}), "'1984-07-20'"},
        {"date", M({{"year", 1984}, {"quarter", 3}, {"dayOfQuarter", 45}}), "'1984-08-14'"},
        {"date", M({{"year", 1984}, {"quarter", 3}}), "'1984-07-01'"},
        {"date", M({{"year", 1984}, {"month", 2}, {"day", 30}}),
         "error: Invalid date: day 30 of month 2 in year 1984"},
        {"date", M({{"year", 1984}, {"foo", 1}}), "error: No such field: foo"},
        {"date", M({{"year", 1984}, {"month", 2}, {"week", 3}}),
         "error: Cannot mix date fields of different styles"},
        {"date", M({{"year", 1984.0}, {"month", 2}}), "'1984-02-01'"},
        {"date", M({{"year", 1e300}}), "error: Field year must be an INTEGER"},
        {"date", Value(), "null"},
    });
}

TEST(TemporalConstructTest, DatesSelectedFromOtherTemporals) {
    const Value d1 = Eval("date", "1816-12-30");
    const Value d2 = Eval("date", "1816-12-31");
    const Value other = Eval("date", M({{"year", 1984}, {"month", 11}, {"day", 11}}));
    RunCases({
        {"date", M({{"date", d1}, {"week", 2}, {"dayOfWeek", 3}}), "'1817-01-08'"},
        {"date", M({{"date", d2}, {"week", 2}}), "'1817-01-07'"},
        {"date", M({{"date", d2}, {"year", 1817}, {"week", 2}}), "'1817-01-07'"},
        {"date", other, "'1984-11-11'"},
        {"date", M({{"date", other}, {"year", 28}}), "'0028-11-11'"},
        {"date", M({{"date", other}, {"week", 1}}), "'1984-01-08'"},
        {"date", M({{"date", other}, {"ordinalDay", 28}}), "'1984-01-28'"},
        {"date", M({{"date", other}, {"quarter", 3}}), "'1984-08-11'"},
    });
}

TEST(TemporalConstructTest, TimesFromMaps) {
    RunCases({
        {"localtime",
         M({{"hour", 12},
            {"minute", 31},
            {"second", 14},
            {"nanosecond", 789},
            {"millisecond", 123},
            {"microsecond", 456}}),
         "'12:31:14.123456789'"},
        {"localtime", M({{"hour", 12}, {"minute", 31}, {"second", 14}, {"microsecond", 645876}}),
         "'12:31:14.645876'"},
        {"localtime", M({{"hour", 12}, {"minute", 31}}), "'12:31'"},
        {"localtime", M({{"hour", 12}}), "'12:00'"},
        {"time", M({{"hour", 12}, {"minute", 31}, {"second", 14}, {"nanosecond", 3}}),
         "'12:31:14.000000003Z'"},
        {"time",
         M({{"hour", 12},
            {"minute", 31},
            {"second", 14},
            {"millisecond", 645},
            {"timezone", "+01:00"}}),
         "'12:31:14.645+01:00'"},
        {"time", M({{"hour", 12}, {"minute", 34}, {"second", 56}, {"timezone", "+02:05:00"}}),
         "'12:34:56+02:05'"},
        {"time", M({{"hour", 12}, {"minute", 34}, {"second", 56}, {"timezone", "-02:05:07"}}),
         "'12:34:56-02:05:07'"},
        {"localtime", M({{"hour", 24}}), "error: Invalid value for HourOfDay: 24"},
    });
}

TEST(TemporalConstructTest, DateTimesFromMaps) {
    RunCases({
        {"localdatetime",
         M({{"year", 1984},
            {"ordinalDay", 202},
            {"hour", 12},
            {"minute", 31},
            {"second", 14},
            {"millisecond", 645}}),
         "'1984-07-20T12:31:14.645'"},
        {"localdatetime", M({{"year", 1984}, {"month", 10}, {"day", 11}}), "'1984-10-11T00:00'"},
        {"datetime", M({{"year", 1984}, {"quarter", 3}, {"dayOfQuarter", 45}, {"hour", 12}}),
         "'1984-08-14T12:00Z'"},
        {"datetime",
         M({{"year", 1984},
            {"month", 10},
            {"day", 11},
            {"hour", 12},
            {"minute", 31},
            {"second", 14},
            {"nanosecond", 645876123},
            {"timezone", "+01:00"}}),
         "'1984-10-11T12:31:14.645876123+01:00'"},
        {"datetime",
         M({{"year", 1984},
            {"month", 10},
            {"day", 11},
            {"hour", 12},
            {"timezone", "Europe/Stockholm"}}),
         "'1984-10-11T12:00+01:00[Europe/Stockholm]'"},
        {"datetime", M({{"year", 1984}, {"ordinalDay", 202}, {"timezone", "Europe/Stockholm"}}),
         "'1984-07-20T00:00+02:00[Europe/Stockholm]'"},
        {"datetime",
         M({{"year", 1984},
            {"month", 10},
            {"day", 11},
            {"hour", 12},
            {"minute", 34},
            {"second", 56},
            {"timezone", "+02:05:59"}}),
         "'1984-10-11T12:34:56+02:05:59'"},
        {"datetime", M({{"year", 1984}, {"timezone", "Mars/Olympus"}}),
         "error: Invalid value for TimeZone: Text 'Mars/Olympus'"},
    });
}

TEST(TemporalConstructTest, SelectingTimesAndZones) {
    const Value t = Eval("time", M({{"hour", 12},
                                    {"minute", 31},
                                    {"second", 14},
                                    {"microsecond", 645876},
                                    {"timezone", "+01:00"}}));
    const Value lt = Eval(
        "localtime", M({{"hour", 12}, {"minute", 31}, {"second", 14}, {"nanosecond", 645876123}}));
    const Value sthlm = Eval("datetime", M({{"year", 1984},
                                            {"month", 10},
                                            {"day", 11},
                                            {"hour", 12},
                                            {"timezone", "Europe/Stockholm"}}));
    const Value date = Eval("date", M({{"year", 1984}, {"month", 10}, {"day", 11}}));
    RunCases({
        {"time", M({{"time", t}, {"timezone", "+05:00"}}), "'16:31:14.645876+05:00'"},
        {"time", M({{"time", lt}, {"second", 42}, {"timezone", "+05:00"}}),
         "'12:31:42.645876123+05:00'"},
        {"localtime", M({{"time", sthlm}, {"second", 42}}), "'12:00:42'"},
        {"time", sthlm, "'12:00+01:00'"},
        {"datetime", M({{"year", 1984}, {"month", 10}, {"day", 11}, {"time", sthlm}}),
         "'1984-10-11T12:00+01:00[Europe/Stockholm]'"},
        {"datetime",
         M({{"year", 1984},
            {"month", 10},
            {"day", 11},
            {"time", t},
            {"second", 42},
            {"timezone", "Pacific/Honolulu"}}),
         "'1984-10-11T01:31:42.645876-10:00[Pacific/Honolulu]'"},
        {"datetime",
         M({{"date", date},
            {"day", 28},
            {"hour", 10},
            {"minute", 10},
            {"second", 10},
            {"timezone", "Pacific/Honolulu"}}),
         "'1984-10-28T10:10:10-10:00[Pacific/Honolulu]'"},
        {"localdatetime", M({{"datetime", sthlm}, {"day", 28}, {"second", 42}}),
         "'1984-10-28T12:00:42'"},
        {"datetime", M({{"date", sthlm}, {"hour", 10}}), "'1984-10-11T10:00Z'"},
    });
}

TEST(TemporalParseTest, IsoStrings) {
    RunCases({
        {"date", "2015-07-21", "'2015-07-21'"},
        {"date", "20150721", "'2015-07-21'"},
        {"date", "2015-07", "'2015-07-01'"},
        {"date", "2015-W30-2", "'2015-07-21'"},
        {"date", "2015W302", "'2015-07-21'"},
        {"date", "2015-W30", "'2015-07-20'"},
        {"date", "2015-202", "'2015-07-21'"},
        {"date", "2015202", "'2015-07-21'"},
        {"date", "2015", "'2015-01-01'"},
        {"date", "+999999999-12-31", "'+999999999-12-31'"},
        {"date", "-999999999-01-01", "'-999999999-01-01'"},
        {"date", "2015-13-01", "error: Invalid value for MonthOfYear (valid values 1 - 12): 13"},
        {"localtime", "21:40:32.142", "'21:40:32.142'"},
        {"localtime", "214032", "'21:40:32'"},
        {"localtime", "21", "'21:00'"},
        {"time", "16:30+0100", "'16:30+01:00'"},
        {"time", "21:40:32.142+01:00", "'21:40:32.142+01:00'"},
        {"time", "14:30", "'14:30Z'"},
        {"localdatetime", "2015-07-21T21:40:32.142", "'2015-07-21T21:40:32.142'"},
        {"localdatetime", "2018-01-01T10:00:00.2", "'2018-01-01T10:00:00.200'"},
        {"localdatetime", "-999999999-01-01", "'-999999999-01-01T00:00'"},
        {"datetime", "2015-07-21T21:40:32.142+0100", "'2015-07-21T21:40:32.142+01:00'"},
        {"datetime", "2017-10-28T23:00+02:00[Europe/Stockholm]",
         "'2017-10-28T23:00+02:00[Europe/Stockholm]'"},
        {"datetime", "2015-07-21T21:40:32.142[Europe/London]",
         "'2015-07-21T21:40:32.142+01:00[Europe/London]'"},
        {"datetime", "2015-07-21T21:40Z", "'2015-07-21T21:40Z'"},
        {"datetime", "not a date", "error: Text cannot be parsed to a date: 'not a date'"},
        {"duration", "P14DT16H12M", "'P14DT16H12M'"},
        {"duration", "PT0S", "'PT0S'"},
        {"duration", "P1Y2M3W4DT5H6M7.5S", "'P1Y2M25DT5H6M7.5S'"},
        {"duration", "PT-1.5S", "'PT-1.5S'"},
        {"duration", "P0.5D", "'PT12H'"},
        {"duration", "P", "error: Text cannot be parsed to a Duration: 'P'"},
        {"duration", "P0001-02-03T04:05:06.5", "'P1Y2M3DT4H5M6.5S'"},
        {"duration", "-P1D", "'P-1D'"},
        {"datetime", "2015-W30-2T214032.142Z", "'2015-07-21T21:40:32.142Z'"},
        {"datetime", "2015-202T21:40:32+01:00", "'2015-07-21T21:40:32+01:00'"},
        // Europe/Stockholm: 02:30 on 2018-03-25 falls in the spring-forward gap, 02:30 on
        // 2017-10-29 happens twice (the earlier offset wins unless one is written).
        {"datetime", "2018-03-25T02:30[Europe/Stockholm]",
         "'2018-03-25T03:30+02:00[Europe/Stockholm]'"},
        {"datetime", "2017-10-29T02:30[Europe/Stockholm]",
         "'2017-10-29T02:30+02:00[Europe/Stockholm]'"},
        {"datetime", "2017-10-29T02:30+01:00[Europe/Stockholm]",
         "'2017-10-29T02:30+01:00[Europe/Stockholm]'"},
        {"datetime", "2100-07-01T12:00[Australia/Sydney]",
         "'2100-07-01T12:00+10:00[Australia/Sydney]'"},
        {"date", "12345-01-01", "error: Text cannot be parsed to a date: '12345-01-01'"},
    });
}

TEST(TemporalConstructTest, Durations) {
    RunCases({
        {"duration", M({{"days", 14}, {"hours", 16}, {"minutes", 12}}), "'P14DT16H12M'"},
        {"duration", M({{"months", 5}, {"days", 1.5}}), "'P5M1DT12H'"},
        {"duration", M({{"months", 0.75}}), "'P22DT19H51M49.5S'"},
        {"duration", M({{"weeks", 2.5}}), "'P17DT12H'"},
        {"duration",
         M({{"years", 12},
            {"months", 5},
            {"days", 14},
            {"hours", 16},
            {"minutes", 12},
            {"seconds", 70}}),
         "'P12Y5M14DT16H13M10S'"},
        {"duration", M({{"days", 14}, {"seconds", 70}, {"milliseconds", 1}}), "'P14DT1M10.001S'"},
        {"duration", M({{"days", 14}, {"seconds", 70}, {"nanoseconds", 1}}),
         "'P14DT1M10.000000001S'"},
        {"duration", M({{"minutes", 1.5}, {"seconds", 1}}), "'PT1M31S'"},
    });
}

TEST(TemporalConstructTest, EpochAndNow) {
    EXPECT_EQ(Show(Call("datetime.fromepoch", {416779, 999999999})),
              "'1970-01-05T19:46:19.999999999Z'");
    EXPECT_EQ(Show(Call("datetime.fromepochmillis", {int64_t{237821673987}})),
              "'1977-07-15T13:34:33.987Z'");
    EXPECT_EQ(Show(Call("datetime", {M({{"epochSeconds", 416779}, {"nanosecond", 1}})})),
              "'1970-01-05T19:46:19.000000001Z'");
    EXPECT_EQ(Show(Call("date", {})), "'2015-06-24'");
    EXPECT_EQ(Show(Call("datetime", {})), "'2015-06-24T12:50:35.556Z'");
    EXPECT_EQ(Show(Call("localtime.statement", {"+02:00"})), "'14:50:35.556'");
    EXPECT_EQ(Show(Call("datetime", {M({{"timezone", "Europe/Stockholm"}})})),
              "'2015-06-24T14:50:35.556+02:00[Europe/Stockholm]'");
    EXPECT_EQ(Show(Call("date", {}, "Pacific/Kiritimati")), "'2015-06-25'");
    EXPECT_EQ(Show(Call("timestamp", {})), "1435150235556");
    // The statement clock is fixed; the real-time clock moves.
    EXPECT_EQ(Show(Call("date.transaction", {})), "'2015-06-24'");
    EXPECT_EQ(Show(Call("datetime.statement", {Value()})), "null");
    // A transaction clock, when the engine provides one, drives *.transaction().
    FunctionContext in_tx{testing::kStatementNanos, "",
                          testing::kStatementNanos - 86'400'000'000'000};
    EXPECT_EQ(Show(FindFunction("date.transaction")->fn({}, in_tx)), "'2015-06-23'");
    EXPECT_EQ(Show(FindFunction("date.statement")->fn({}, in_tx)), "'2015-06-24'");
    EXPECT_NE(Show(Call("datetime.realtime", {})), "'2015-06-24T12:50:35.556Z'");
}

}  // namespace
}  // namespace nexus::cypher
