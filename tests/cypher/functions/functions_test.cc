// The scalar function library: lookup, conversions, strings, lists, maths and points.
#include <cmath>

#include "test_util.h"

namespace nexus::cypher {
namespace {

using testing::Call;
using testing::L;
using testing::M;
using testing::Show;

struct Case {
    const char* fn;
    std::vector<Value> args;
    const char* want;
};

void RunCases(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
        const FunctionInfo* f = FindFunction(c.fn);
        ASSERT_NE(f, nullptr) << c.fn;
        FunctionContext ctx{testing::kStatementNanos, ""};
        std::string args;
        for (const Value& v : c.args) args += v.ToString() + " ";
        EXPECT_EQ(Show(f->fn(c.args, ctx)), c.want) << c.fn << "(" << args << ")";
    }
}

TEST(FunctionLookupTest, NamesAndArity) {
    EXPECT_EQ(FindFunction("toUpper"), nullptr);  // callers lower-case first
    ASSERT_NE(FindFunction("toupper"), nullptr);
    EXPECT_EQ(FindFunction("date.truncate")->min_args, 2);
    EXPECT_EQ(FindFunction("coalesce")->max_args, -1);
    EXPECT_EQ(FindFunction("round")->max_args, 3);
    EXPECT_EQ(FindFunction("nosuchfunction"), nullptr);
}

TEST(ConversionTest, ToIntegerFloatStringBoolean) {
    RunCases({
        {"tointeger", {82.9}, "82"},
        {"tointeger", {"42"}, "42"},
        {"tointeger", {" 7 "}, "7"},
        {"tointeger", {"2.5"}, "2"},
        {"tointeger", {"foo"}, "null"},
        {"tointeger", {""}, "null"},
        {"tointeger", {true}, "1"},
        {"tointeger", {Value()}, "null"},
        {"tointeger",
         {L({})},
         "error: Invalid input for function 'toInteger()': cannot convert LIST"},
        {"tointegerornull", {L({})}, "null"},
        {"tofloat", {3}, "3.0"},
        {"tofloat", {"3.4"}, "3.4"},
        {"tofloat", {"5"}, "5.0"},
        {"tofloat", {"foo"}, "null"},
        {"tofloat", {"NaN"}, "null"},
        {"tofloat",
         {true},
         "error: Invalid input for function 'toFloat()': cannot convert BOOLEAN"},
        {"tofloatornull", {true}, "null"},
        {"tostring", {42}, "'42'"},
        {"tostring", {2.3}, "'2.3'"},
        {"tostring", {true}, "'true'"},
        {"tostring", {"apa"}, "'apa'"},
        {"tostring", {Value(Duration{0, 14, 58320, 0})}, "'P14DT16H12M'"},
        {"tostring", {M({})}, "error: Invalid input for function 'toString()': cannot convert MAP"},
        {"toboolean", {"true"}, "true"},
        {"toboolean", {" FALSE "}, "false"},
        {"toboolean", {"yes"}, "null"},
        {"toboolean", {0}, "false"},
        {"toboolean",
         {1.0},
         "error: Invalid input for function 'toBoolean()': cannot convert FLOAT"},
        {"tobooleanornull", {1.0}, "null"},
        {"tointegerlist", {L({"1", 2.5, "x", Value()})}, "[1, 2, null, null]"},
        {"tostringlist", {L({1, M({})})}, "['1', null]"},
        {"tofloatlist", {Value()}, "null"},
        {"coalesce", {Value(), Value(), 3, 4}, "3"},
        {"coalesce", {Value()}, "null"},
        {"nullif", {1, 1.0}, "null"},
        {"nullif", {1, 2}, "1"},
        {"nullif", {Value(), 2}, "null"},
    });
}

TEST(StringFunctionTest, Basics) {
    RunCases({
        {"substring", {"0123456789", 1}, "'123456789'"},
        {"substring", {"0123456789", 1, 3}, "'123'"},
        {"substring", {"0123456789", 20, 3}, "''"},
        {"substring",
         {"0123456789", -1, 3},
         "error: Invalid input for function 'substring()': negative length"},
        {"substring", {Value(), 1}, "null"},
        {"left", {"hello", 3}, "'hel'"},
        {"left", {"hello", 30}, "'hello'"},
        {"right", {"hello", 3}, "'llo'"},
        {"left", {Value(), 3}, "null"},
        {"trim", {"  hi  "}, "'hi'"},
        {"ltrim", {"  hi  "}, "'hi  '"},
        {"rtrim", {"  hi  "}, "'  hi'"},
        {"btrim", {"xxhixx", "x"}, "'hi'"},
        {"ltrim", {"xyhixy", "yx"}, "'hixy'"},
        {"rtrim", {"xyhixy", "yx"}, "'xyhi'"},
        {"normalize", {"e\u0301"}, "'é'"},
        {"normalize", {"é", "NFD"}, "'e\u0301'"},
        {"normalize", {"ﬁ", "NFKC"}, "'fi'"},
        {"normalize", {"a", "NFX"}, "error: Unknown normal form: NFX"},
        {"toupper", {"abcÅä"}, "'ABCÅÄ'"},
        {"tolower", {"ABC"}, "'abc'"},
        {"toupper", {"straße"}, "'STRASSE'"},
        {"tolower", {"ΑΒΓ Ж"}, "'αβγ ж'"},
        {"replace", {"hello", "l", "w"}, "'hewwo'"},
        {"replace", {"ab", "", "-"}, "'-a-b-'"},
        {"replace", {"hello", Value(), "w"}, "null"},
        {"split", {"one,two", ","}, "['one', 'two']"},
        {"split", {"a,b;c", L({",", ";"})}, "['a', 'b', 'c']"},
        {"split", {"a,", ","}, "['a', '']"},
        {"split", {"abc", ""}, "['a', 'b', 'c']"},
        {"reverse", {"héllo"}, "'olléh'"},
        {"size", {"héllo"}, "5"},
        {"size", {L({1, 2, 3})}, "3"},
        {"size", {Value()}, "null"},
        {"size", {1}, "error: Invalid input for function 'size()': INTEGER not expected"},
        {"tolower", {1}, "error: Invalid input for function 'toLower()': INTEGER not expected"},
    });
    const Value uuid = *Call("randomuuid", {});
    ASSERT_TRUE(uuid.is_string());
    EXPECT_EQ(uuid.as_string().size(), 36u);
    EXPECT_EQ(uuid.as_string()[14], '4');
    EXPECT_NE(Show(Call("randomuuid", {})), Show(uuid));
}

TEST(ListFunctionTest, Basics) {
    RunCases({
        {"head", {L({1, 2})}, "1"},
        {"head", {L({})}, "null"},
        {"last", {L({1, 2})}, "2"},
        {"tail", {L({1, 2, 3})}, "[2, 3]"},
        {"tail", {L({})}, "[]"},
        {"reverse", {L({1, Value(), "a"})}, "['a', null, 1]"},
        {"range", {0, 5}, "[0, 1, 2, 3, 4, 5]"},
        {"range", {0, 10, 3}, "[0, 3, 6, 9]"},
        {"range", {5, 0, -2}, "[5, 3, 1]"},
        {"range", {5, 0}, "[]"},
        {"range", {0, 5, 0}, "error: step argument to range() can't be 0"},
        {"range", {0, 5.0}, "error: Invalid input for function 'range()': FLOAT not expected"},
        {"keys", {M({{"b", 1}, {"a", Value()}})}, "['a', 'b']"},
        {"values", {M({{"b", 1}, {"a", 2}})}, "[2, 1]"},
        {"isempty", {L({})}, "true"},
        {"isempty", {"a"}, "false"},
    });
}

TEST(MathFunctionTest, Basics) {
    RunCases({
        {"abs", {-3}, "3"},
        {"abs", {-3.5}, "3.5"},
        {"ceil", {1.2}, "2.0"},
        {"floor", {-1.2}, "-2.0"},
        {"round", {2.5}, "3.0"},
        {"round", {-2.5}, "-2.0"},
        {"round", {3.141592, 3}, "3.142"},
        {"round", {-1.5, 0, "HALF_EVEN"}, "-2.0"},
        {"round", {2.5, 0, "HALF_EVEN"}, "2.0"},
        {"round", {2.55, 1, "HALF_DOWN"}, "2.5"},
        {"round", {-2.55, 1, "HALF_UP"}, "-2.6"},
        {"round", {1.21, 1, "CEILING"}, "1.3"},
        {"round", {1.5, 0, "BOGUS"}, "error: Unknown rounding mode: BOGUS"},
        {"sign", {-4.2}, "-1"},
        {"sign", {0}, "0"},
        {"sqrt", {16}, "4.0"},
        {"exp", {0}, "1.0"},
        {"log", {Value()}, "null"},
        {"log10", {100}, "2.0"},
        {"degrees", {0}, "0.0"},
        {"atan2", {0, 1}, "0.0"},
        {"haversin", {0}, "0.0"},
        {"sinh", {0}, "0.0"},
        {"cosh", {0}, "1.0"},
        {"tanh", {0}, "0.0"},
        {"coth", {0}, "Infinity"},
        {"e", {}, "2.718281828459045"},
        {"pi", {}, "3.141592653589793"},
        {"sqrt",
         {"x"},
         "error: Invalid input for function 'sqrt()': expected a number but got STRING"},
        {"isnan", {std::nan("")}, "true"},
    });
    const Value r = *Call("rand", {});
    ASSERT_TRUE(r.is_float());
    EXPECT_GE(r.as_float(), 0.0);
    EXPECT_LT(r.as_float(), 1.0);
}

TEST(PointFunctionTest, ConstructAndDistance) {
    RunCases({
        {"point", {M({{"x", 1}, {"y", 2}})}, "point({x: 1.0, y: 2.0, crs: 'cartesian'})"},
        {"point",
         {M({{"x", 1}, {"y", 2}, {"z", 3}})},
         "point({x: 1.0, y: 2.0, z: 3.0, crs: 'cartesian-3d'})"},
        {"point",
         {M({{"longitude", 12.5}, {"latitude", 56}})},
         "point({longitude: 12.5, latitude: 56.0, crs: 'wgs-84'})"},
        {"point", {M({{"x", Value()}, {"y", 2}})}, "null"},
        {"point",
         {M({{"x", 1}, {"y", 2}, {"crs", "wgs-84"}})},
         "point({longitude: 1.0, latitude: 2.0, crs: 'wgs-84'})"},
        {"point",
         {M({{"x", 1}, {"y", 2}, {"srid", 9157}})},
         "error: point(): coordinates do not match crs cartesian-3d"},
        {"point",
         {M({{"longitude", 1}, {"latitude", 91}})},
         "error: latitude must be between -90 and 90"},
        {"point",
         {M({{"x", 1}, {"y", 2}, {"crs", "mars"}})},
         "error: Unknown coordinate reference system: 'mars'"},
        {"distance",
         {*Call("point", {M({{"x", 0}, {"y", 0}})}), *Call("point", {M({{"x", 3}, {"y", 4}})})},
         "5.0"},
    });
    const Value malmo = *Call("point", {M({{"longitude", 12.994341}, {"latitude", 55.611784}})});
    const Value cph = *Call("point", {M({{"longitude", 12.564590}, {"latitude", 55.672874}})});
    const double km = Call("distance", {malmo, cph})->as_float() / 1000;
    EXPECT_NEAR(km, 27.8, 0.5);
    EXPECT_EQ(Show(TemporalProperty(malmo, "latitude")), "55.611784");
    EXPECT_EQ(Show(TemporalProperty(malmo, "srid")), "4326");
    const Value lo = *Call("point", {M({{"longitude", 170}, {"latitude", 50}})});
    const Value hi = *Call("point", {M({{"longitude", -170}, {"latitude", 60}})});
    const Value in = *Call("point", {M({{"longitude", 179}, {"latitude", 55}})});
    EXPECT_EQ(Show(Call("point.withinbbox", {in, lo, hi})), "true");  // across the antimeridian
    EXPECT_EQ(Show(Call("point.withinbbox", {malmo, lo, hi})), "false");
}

}  // namespace
}  // namespace nexus::cypher

namespace nexus::cypher {
namespace {

// Cypher functions propagate null: a null first argument gives null. The exceptions are
// the functions that take no argument, coalesce (skips nulls) and the "now" clocks whose
// optional argument is a time zone.
TEST(NullPropagationTest, NullFirstArgumentGivesNull) {
    const char* kNames[] = {"abs",
                            "acos",
                            "asin",
                            "atan",
                            "atan2",
                            "ceil",
                            "char_length",
                            "cos",
                            "cot",
                            "date",
                            "date.statement",
                            "date.truncate",
                            "datetime",
                            "datetime.fromepoch",
                            "datetime.fromepochmillis",
                            "datetime.truncate",
                            "degrees",
                            "distance",
                            "duration",
                            "duration.between",
                            "duration.indays",
                            "duration.inmonths",
                            "duration.inseconds",
                            "exp",
                            "floor",
                            "haversin",
                            "head",
                            "isempty",
                            "isnan",
                            "keys",
                            "last",
                            "left",
                            "localdatetime",
                            "localtime",
                            "log",
                            "log10",
                            "ltrim",
                            "point",
                            "radians",
                            "range",
                            "replace",
                            "reverse",
                            "right",
                            "round",
                            "rtrim",
                            "sign",
                            "sin",
                            "size",
                            "split",
                            "sqrt",
                            "substring",
                            "tail",
                            "tan",
                            "time",
                            "toboolean",
                            "tobooleanlist",
                            "tofloat",
                            "tofloatlist",
                            "tointeger",
                            "tointegerlist",
                            "tolower",
                            "tostring",
                            "tostringlist",
                            "toupper",
                            "trim",
                            "values"};
    for (const char* name : kNames) {
        const FunctionInfo* f = FindFunction(name);
        ASSERT_NE(f, nullptr) << name;
        // Fill the other required arguments with plausible values of the right type.
        List args{Value()};
        const Value filler = std::string_view(name).ends_with("truncate")
                                 ? Value(*Call("date", {"2015-07-21"}))
                                 : Value(int64_t{1});
        for (int i = 1; i < std::max(f->min_args, 1); ++i) {
            args.push_back(std::string_view(name) == "replace" ? Value("x") : filler);
        }
        FunctionContext ctx{testing::kStatementNanos, ""};
        EXPECT_EQ(Show(f->fn(args, ctx)), "null") << name;
    }
}

}  // namespace
}  // namespace nexus::cypher
