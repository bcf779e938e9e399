// Hostile input never crashes the function library: random text into the ISO parsers,
// mutated zone files, extreme numbers in constructor maps, and every builtin called with
// random arguments. Each call must return a value or an error with a message. Run under
// ASan+UBSan (NEXUS_SANITIZE=address) to turn silent undefined behaviour into failures.
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "cypher/functions/time_zone.h"
#include "test_util.h"

namespace nexus::cypher {
namespace {

using testing::M;

std::string RandomText(std::mt19937_64& rng) {
    static const std::string kAlphabet = "0123456789-+:.,TtWZzPYMDHS[]/ _Europe/Stockholm";
    std::uniform_int_distribution<size_t> len(0, 40), pick(0, kAlphabet.size() - 1);
    std::string s(len(rng), ' ');
    for (char& c : s) c = kAlphabet[pick(rng)];
    return s;
}

void ExpectSane(const Result<Value>& r, const std::string& what) {
    if (!r.ok()) {
        EXPECT_FALSE(r.status().message().empty()) << what;
    }
}

TEST(RobustnessTest, RandomTextIntoParsers) {
    std::mt19937_64 rng(42);
    const char* kParsers[] = {"date", "localtime", "time", "localdatetime", "datetime", "duration"};
    int parsed = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::string text = RandomText(rng);
        for (const char* fn : kParsers) {
            auto r = testing::Call(fn, {Value(text)});
            ExpectSane(r, std::string(fn) + "('" + text + "')");
            parsed += r.ok();
        }
    }
    // Sanity that the generator is not trivially rejected everywhere.
    EXPECT_GT(parsed, 0);
    for (const char* valid : {"2015-07-21", "2015-W30-2", "12:00", "P1D"}) {
        EXPECT_TRUE(
            testing::Call(valid[0] == 'P' ? "duration" : (valid[2] == ':' ? "localtime" : "date"),
                          {Value(valid)})
                .ok())
            << valid;
    }
}

TEST(RobustnessTest, MutatedZoneFiles) {
    std::ifstream in("/usr/share/zoneinfo/Europe/Stockholm", std::ios::binary);
    if (!in) GTEST_SKIP() << "no system tz database";
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string original = buf.str();
    ASSERT_TRUE(TimeZone::FromTzif("ok", original).ok());
    std::mt19937_64 rng(7);
    for (int i = 0; i < 3000; ++i) {
        std::string bytes = original;
        const int flips = 1 + static_cast<int>(rng() % 8);
        for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] = static_cast<char>(rng());
        if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
        auto zone = TimeZone::FromTzif("mutant", bytes);
        if (zone.ok()) {
            // Whatever was accepted must answer queries without crashing.
            (void)(*zone)->OffsetAtUtc(static_cast<int64_t>(rng() % 4'000'000'000) - 2'000'000'000);
            (void)(*zone)->OffsetForLocal(1'500'000'000);
        } else {
            EXPECT_EQ(zone.status().code(), StatusCode::kCorruption);
        }
    }
}

Value RandomValue(std::mt19937_64& rng, int depth = 0) {
    const int64_t kInts[] = {0,
                             1,
                             -1,
                             7,
                             1000,
                             std::numeric_limits<int64_t>::max(),
                             std::numeric_limits<int64_t>::min(),
                             999'999'999,
                             86400};
    const double kFloats[] = {0.5, -2.5, 1e300, -1e300, std::nan(""), INFINITY, 3.0};
    switch (rng() % (depth > 1 ? 6 : 9)) {
        case 0:
            return Value();
        case 1:
            return Value(kInts[rng() % std::size(kInts)]);
        case 2:
            return Value(kFloats[rng() % std::size(kFloats)]);
        case 3:
            return Value(RandomText(rng));
        case 4:
            return Value(rng() % 2 == 0);
        case 5: {
            const Value samples[] = {
                Value(Date{-400'000'000'000}),
                Value(Date{0}),
                Value(LocalTime{0}),
                Value(Time{86'399'999'999'999, -64800}),
                Value(Duration{std::numeric_limits<int64_t>::max(), 1, -1, 5}),
                Value(DateTime{31'000'000'000'000'000, 0, 3600, "Europe/Stockholm"}),
                Value(LocalDateTime{-31'000'000'000'000'000, 999}),
                Value(Point{4326, 10, 50, 0})};
            return samples[rng() % std::size(samples)];
        }
        case 6: {
            List l;
            for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i)
                l.push_back(RandomValue(rng, depth + 1));
            return Value(std::move(l));
        }
        default: {
            static const char* kKeys[] = {
                "year",         "month",       "day",      "week",     "dayOfWeek", "quarter",
                "dayOfQuarter", "ordinalDay",  "hour",     "minute",   "second",    "millisecond",
                "microsecond",  "nanosecond",  "timezone", "date",     "time",      "datetime",
                "epochSeconds", "epochMillis", "years",    "months",   "days",      "seconds",
                "nanoseconds",  "x",           "y",        "latitude", "longitude"};
            Map m;
            for (int i = 0, n = static_cast<int>(rng() % 5); i < n; ++i) {
                m[kKeys[rng() % std::size(kKeys)]] = RandomValue(rng, depth + 1);
            }
            return Value(std::move(m));
        }
    }
}

TEST(RobustnessTest, EveryBuiltinWithRandomArguments) {
    const char* kNames[] = {"abs",
                            "ceil",
                            "coalesce",
                            "date",
                            "date.truncate",
                            "datetime",
                            "datetime.fromepoch",
                            "datetime.fromepochmillis",
                            "datetime.truncate",
                            "distance",
                            "duration",
                            "duration.between",
                            "duration.indays",
                            "duration.inmonths",
                            "duration.inseconds",
                            "head",
                            "keys",
                            "left",
                            "localdatetime",
                            "localtime",
                            "localtime.truncate",
                            "point",
                            "range",
                            "replace",
                            "reverse",
                            "right",
                            "round",
                            "size",
                            "split",
                            "substring",
                            "tail",
                            "time",
                            "time.truncate",
                            "toboolean",
                            "tofloat",
                            "tointeger",
                            "tointegerlist",
                            "tostring",
                            "toupper",
                            "trim",
                            "btrim",
                            "normalize",
                            "nullif",
                            "values",
                            "sqrt"};
    std::mt19937_64 rng(1234);
    for (int i = 0; i < 40000; ++i) {
        const char* name = kNames[rng() % std::size(kNames)];
        const FunctionInfo* f = FindFunction(name);
        ASSERT_NE(f, nullptr) << name;
        const int max = f->max_args < 0 ? 4 : f->max_args;
        const int n = f->min_args + static_cast<int>(rng() % (max - f->min_args + 1));
        List args;
        for (int a = 0; a < n; ++a) args.push_back(RandomValue(rng));
        if (std::string_view(name).ends_with("truncate") && rng() % 2 == 0) {
            static const char* kUnits[] = {"millennium", "weekYear", "week",
                                           "day",        "hour",     "microsecond"};
            args[0] = Value(kUnits[rng() % std::size(kUnits)]);
        }
        if (std::string_view(name) == "range" && n >= 2) {
            args[0] = Value(int64_t{0});  // keep materialised lists small
            args[1] = Value(static_cast<int64_t>(rng() % 100));
        }
        FunctionContext ctx{testing::kStatementNanos, ""};
        ExpectSane(f->fn(args, ctx), name);
    }
}

TEST(RobustnessTest, OperatorsOnRandomValues) {
    std::mt19937_64 rng(99);
    for (int i = 0; i < 40000; ++i) {
        const Value a = RandomValue(rng), b = RandomValue(rng);
        ExpectSane(Add(a, b), "add");
        ExpectSane(Subtract(a, b), "subtract");
        ExpectSane(Multiply(a, b), "multiply");
        ExpectSane(Divide(a, b), "divide");
        ExpectSane(Modulo(a, b), "modulo");
        ExpectSane(Negate(a), "negate");
        // The ORDER BY order is antisymmetric and agrees with DISTINCT and hashing.
        EXPECT_EQ(OrderCompare(a, b), -OrderCompare(b, a));
        if (Equivalent(a, b)) {
            EXPECT_EQ(Hash(a), Hash(b));
        }
        (void)Equals(a, b);
        (void)LessThan(a, b);
        (void)ToDisplayString(a);
    }
}

}  // namespace
}  // namespace nexus::cypher
