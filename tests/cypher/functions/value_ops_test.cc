// Equality, comparison, ORDER BY, DISTINCT and arithmetic of values, with cases taken from the
// openCypher comparison, null, list and mathematical semantics.
#include <cmath>
#include <limits>

#include "test_util.h"

namespace nexus::cypher {
namespace {

using testing::L;
using testing::M;

const Value kNaN = Value(std::nan(""));

std::string TriName(Tri t) {
    return t == Tri::kNull ? "null" : (t == Tri::kTrue ? "true" : "false");
}

TEST(EqualsTest, ScalarsAndNumbers) {
    struct Case {
        Value a, b;
        const char* want;
    };
    const Case cases[] = {
        {1, 1.0, "true"},
        {1.0, 1.0, "true"},
        {"1", 1, "false"},
        {"1.0", 1.0, "false"},
        {Value(), Value(), "null"},
        {1, Value(), "null"},
        {kNaN, kNaN, "false"},
        {kNaN, 1, "false"},
        {kNaN, "a", "false"},
        {true, true, "true"},
        {true, 1, "false"},
        {int64_t{4611686018427387905}, int64_t{4611686018427387900}, "false"},
        {int64_t{9007199254740993}, 9007199254740992.0, "false"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(TriName(Equals(c.a, c.b)), c.want) << c.a.ToString() << " = " << c.b.ToString();
    }
}

TEST(EqualsTest, ListsAndMapsAreNullAware) {
    struct Case {
        Value a, b;
        const char* want;
    };
    const Case cases[] = {
        {L({1, 2}), L({1}), "false"},
        {L({Value()}), L({1}), "null"},
        {L({"a"}), L({1}), "false"},
        {L({L({1})}), L({L({1}), L({Value()})}), "false"},
        {L({L({1}), L({2})}), L({L({1}), L({Value()})}), "null"},
        {L({L({1}), L({2, 3})}), L({L({1}), L({Value()})}), "false"},
        {M({}), M({}), "true"},
        {M({{"k", 1}}), M({{"k", 1.0}}), "true"},
        {M({}), M({{"k", Value()}}), "false"},
        {M({{"k", Value()}}), M({{"k", Value()}}), "null"},
        {M({{"k", 1}, {"l", Value()}}), M({{"k", Value()}, {"l", 1}}), "null"},
        {M({{"k", 1}}), M({{"k", 1}, {"l", Value()}}), "false"},
        {M({{"k", Value()}}), M({{"k", Value()}, {"l", Value()}}), "false"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(TriName(Equals(c.a, c.b)), c.want) << c.a.ToString() << " = " << c.b.ToString();
    }
}

TEST(CompareTest, OrderingPredicates) {
    EXPECT_EQ(LessThan(1, 3.14), Tri::kTrue);
    EXPECT_EQ(GreaterOrEqual(3.14, 1), Tri::kTrue);
    EXPECT_EQ(LessThan("a", "b"), Tri::kTrue);
    EXPECT_EQ(LessThan(false, true), Tri::kTrue);
    EXPECT_EQ(LessThan("1", 1), Tri::kNull);
    EXPECT_EQ(GreaterThan(1.0, 1), Tri::kFalse);
    // NaN against numbers is false for every predicate, against other types null.
    EXPECT_EQ(GreaterThan(kNaN, 1), Tri::kFalse);
    EXPECT_EQ(LessOrEqual(kNaN, kNaN), Tri::kFalse);
    EXPECT_EQ(LessThan(kNaN, "a"), Tri::kNull);
    EXPECT_EQ(Compare(kNaN, 1), std::nullopt);
    EXPECT_EQ(Compare(2, 1.5), 1);
    EXPECT_EQ(Compare(M({}), M({})), std::nullopt);
}

TEST(CompareTest, Lists) {
    EXPECT_EQ(GreaterThan(L({1, 0}), L({1})), Tri::kTrue);
    EXPECT_EQ(GreaterThan(L({1, Value()}), L({1})), Tri::kTrue);
    EXPECT_EQ(GreaterThan(L({1, 2}), L({1, Value()})), Tri::kNull);
    EXPECT_EQ(GreaterThan(L({1, "a"}), L({1, Value()})), Tri::kNull);
    EXPECT_EQ(GreaterThan(L({1, 2}), L({3, Value()})), Tri::kFalse);
}

TEST(OrderTest, TotalOrderAcrossTypes) {
    // Ascending ORDER BY: map, node, relationship, list, path, point, datetime ...,
    // duration, string, boolean, number, null.
    std::vector<Value> sorted = {M({{"a", 1}}),
                                 Value(Node{1, {}, nullptr}),
                                 Value(Relationship{1, 1, 2, "T", nullptr}),
                                 L({1}),
                                 Value(Point{}),
                                 Value(DateTime{}),
                                 Value(LocalDateTime{}),
                                 Value(Date{}),
                                 Value(Time{}),
                                 Value(LocalTime{}),
                                 Value(Duration{}),
                                 "a",
                                 false,
                                 true,
                                 -1,
                                 1.5,
                                 2,
                                 kNaN,
                                 Value()};
    for (size_t i = 0; i + 1 < sorted.size(); ++i) {
        EXPECT_LT(OrderCompare(sorted[i], sorted[i + 1]), 0)
            << sorted[i].ToString() << " < " << sorted[i + 1].ToString();
        EXPECT_GT(OrderCompare(sorted[i + 1], sorted[i]), 0);
    }
    EXPECT_EQ(OrderCompare(1, 1.0), 0);
    EXPECT_LT(OrderCompare(L({1}), L({1, 2})), 0);
    EXPECT_LT(OrderCompare(L({1, 2}), L({2})), 0);
}

TEST(EquivalentTest, DistinctGroupsNullsAndMixedNumbers) {
    EXPECT_TRUE(Equivalent(Value(), Value()));
    EXPECT_TRUE(Equivalent(1, 1.0));
    EXPECT_TRUE(Equivalent(kNaN, kNaN));
    EXPECT_TRUE(Equivalent(L({1, Value()}), L({1.0, Value()})));
    EXPECT_FALSE(Equivalent(L({1}), L({"1"})));
    EXPECT_EQ(Hash(1), Hash(1.0));
    EXPECT_EQ(Hash(L({1, Value()})), Hash(L({1.0, Value()})));
    EXPECT_EQ(Hash(M({{"a", 2}})), Hash(M({{"a", 2.0}})));
    EXPECT_NE(Hash("a"), Hash("b"));
}

TEST(TriTest, ThreeValuedLogic) {
    EXPECT_EQ(TriAnd(Tri::kNull, Tri::kFalse), Tri::kFalse);
    EXPECT_EQ(TriAnd(Tri::kNull, Tri::kTrue), Tri::kNull);
    EXPECT_EQ(TriOr(Tri::kNull, Tri::kTrue), Tri::kTrue);
    EXPECT_EQ(TriOr(Tri::kNull, Tri::kFalse), Tri::kNull);
    EXPECT_EQ(TriXor(Tri::kTrue, Tri::kFalse), Tri::kTrue);
    EXPECT_EQ(TriXor(Tri::kNull, Tri::kFalse), Tri::kNull);
    EXPECT_EQ(TriNot(Tri::kNull), Tri::kNull);
    EXPECT_FALSE(ToTriValue(1).ok());
}

std::string Show(const Result<Value>& r) {
    return testing::Show(r);
}

TEST(ArithmeticTest, Numbers) {
    EXPECT_EQ(Show(Add(1, 2)), "3");
    EXPECT_EQ(Show(Add(1, 2.5)), "3.5");
    EXPECT_EQ(Show(Subtract(1, Value())), "null");
    EXPECT_EQ(Show(Multiply(3, 4)), "12");
    EXPECT_EQ(Show(Divide(7, 2)), "3");
    EXPECT_EQ(Show(Divide(-7, 2)), "-3");
    EXPECT_EQ(Show(Divide(7.0, 2)), "3.5");
    EXPECT_EQ(Show(Modulo(-7, 3)), "-1");
    EXPECT_EQ(Show(Modulo(7.5, 2)), "1.5");
    EXPECT_EQ(Show(Power(2, 3)), "8.0");
    EXPECT_EQ(Show(Negate(5)), "-5");
    EXPECT_EQ(Show(Divide(1, 0)), "error: / by zero");
    EXPECT_EQ(Show(Modulo(1, 0)), "error: / by zero");
    EXPECT_EQ(Show(Divide(1.0, 0)), "Infinity");
    const int64_t max = std::numeric_limits<int64_t>::max();
    EXPECT_EQ(Show(Add(max, 1)), "error: integer overflow");
    EXPECT_EQ(Show(Multiply(max, 2)), "error: integer overflow");
    EXPECT_EQ(Show(Negate(std::numeric_limits<int64_t>::min())), "error: integer overflow");
    auto r = Add(true, 1);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kTypeError);
}

TEST(ArithmeticTest, StringsAndLists) {
    EXPECT_EQ(Show(Add("ab", "cd")), "'abcd'");
    EXPECT_EQ(Show(Add("a", 1)), "'a1'");
    EXPECT_EQ(Show(Add(1.5, "a")), "'1.5a'");
    EXPECT_EQ(Show(Add(L({1}), L({2, 3}))), "[1, 2, 3]");
    EXPECT_EQ(Show(Add(L({1}), 2)), "[1, 2]");
    EXPECT_EQ(Show(Add(0, L({1}))), "[0, 1]");
    EXPECT_EQ(Show(Add(L({1}), Value())), "null");
    EXPECT_FALSE(Subtract("a", "b").ok());
}

}  // namespace
}  // namespace nexus::cypher

namespace nexus::cypher {
namespace {

TEST(FloatFormatTest, PrintsLikeCypher) {
    const std::pair<double, const char*> cases[] = {
        {1.0, "1.0"},
        {0.1, "0.1"},
        {1200.0, "1200.0"},
        {-2.5, "-2.5"},
        {1e7, "1.0E7"},
        {1e10, "1.0E10"},
        {1.5e-5, "1.5E-5"},
        {0.001, "0.001"},
        {123456.789, "123456.789"},
        {0.0, "0.0"},
        {-0.0, "-0.0"},
        {1e308, "1.0E308"},
        {std::nan(""), "NaN"},
        {-INFINITY, "-Infinity"},
    };
    for (const auto& [d, want] : cases) EXPECT_EQ(FormatCypherFloat(d), want) << d;
    EXPECT_EQ(ToDisplayString(Value(List{1000.0, 1})), "[1000.0, 1]");
}

}  // namespace
}  // namespace nexus::cypher
