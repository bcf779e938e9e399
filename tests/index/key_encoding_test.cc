// Key encoding tests: memcmp order of encodings equals the Cypher ORDER BY order of random
// values (checked against a reference comparator written here), ints and floats share one
// exact order, and encodings are prefix-free (tuples compare element by element).
#include "index/key_encoding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace nexus::index {
namespace {

static_assert(std::numeric_limits<long double>::digits >= 64,
              "the reference comparator needs long double to hold every int64 exactly");

int Sign(long double a, long double b) {
    return a < b ? -1 : (a > b ? 1 : 0);
}
template <typename T>
int Sign3(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

int Rank(ValueKind k) {
    switch (k) {
        case ValueKind::kList:
            return 3;
        case ValueKind::kPoint:
            return 5;
        case ValueKind::kDateTime:
            return 6;
        case ValueKind::kLocalDateTime:
            return 7;
        case ValueKind::kDate:
            return 8;
        case ValueKind::kTime:
            return 9;
        case ValueKind::kLocalTime:
            return 10;
        case ValueKind::kDuration:
            return 11;
        case ValueKind::kString:
            return 12;
        case ValueKind::kBool:
            return 13;
        case ValueKind::kInt:
        case ValueKind::kFloat:
            return 14;
        case ValueKind::kNull:
            return 15;
        default:
            return -1;
    }
}

double NoNegZero(double d) {
    return d == 0 ? 0.0 : d;
}

// Reference: the Cypher ORDER BY order, with the encoding's documented tie-breaks.
int Compare(const Value& a, const Value& b) {
    if (int c = Sign3(Rank(a.kind()), Rank(b.kind()))) return c;
    switch (a.kind()) {
        case ValueKind::kInt:
        case ValueKind::kFloat: {
            bool na = a.is_float() && std::isnan(a.as_float());
            bool nb = b.is_float() && std::isnan(b.as_float());
            if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
            auto num = [](const Value& v) {
                return v.is_int() ? static_cast<long double>(v.as_int())
                                  : static_cast<long double>(v.as_float());
            };
            return Sign(num(a), num(b));
        }
        case ValueKind::kString: {
            int c = a.as_string().compare(b.as_string());
            return c < 0 ? -1 : (c > 0 ? 1 : 0);
        }
        case ValueKind::kBool:
            return Sign3(a.as_bool(), b.as_bool());
        case ValueKind::kNull:
            return 0;
        case ValueKind::kList: {
            const List& x = a.as_list();
            const List& y = b.as_list();
            for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
                if (int c = Compare(x[i], y[i])) return c;
            }
            return Sign3(x.size(), y.size());
        }
        case ValueKind::kDate:
            return Sign3(a.as_date().days, b.as_date().days);
        case ValueKind::kLocalTime:
            return Sign3(a.as_local_time().nanos, b.as_local_time().nanos);
        case ValueKind::kTime: {
            auto key = [](const Time& t) {
                return std::make_pair(t.nanos - int64_t{t.offset_seconds} * 1000000000,
                                      t.offset_seconds);
            };
            return Sign3(key(a.as_time()), key(b.as_time()));
        }
        case ValueKind::kLocalDateTime: {
            const auto& x = a.as_local_date_time();
            const auto& y = b.as_local_date_time();
            return Sign3(std::make_pair(x.seconds, x.nanos), std::make_pair(y.seconds, y.nanos));
        }
        case ValueKind::kDateTime: {
            const auto& x = a.as_date_time();
            const auto& y = b.as_date_time();
            return Sign3(std::tie(x.seconds, x.nanos, x.offset_seconds, x.zone_id),
                         std::tie(y.seconds, y.nanos, y.offset_seconds, y.zone_id));
        }
        case ValueKind::kDuration: {
            const auto& x = a.as_duration();
            const auto& y = b.as_duration();
            return Sign3(std::tie(x.months, x.days, x.seconds, x.nanos),
                         std::tie(y.months, y.days, y.seconds, y.nanos));
        }
        case ValueKind::kPoint: {
            const auto& x = a.as_point();
            const auto& y = b.as_point();
            return Sign3(std::make_tuple(x.srid, NoNegZero(x.x), NoNegZero(x.y), NoNegZero(x.z)),
                         std::make_tuple(y.srid, NoNegZero(y.x), NoNegZero(y.y), NoNegZero(y.z)));
        }
        default:
            return 0;
    }
}

class RandomValues {
  public:
    explicit RandomValues(uint64_t seed) : rng_(seed) {}

    int64_t Int() {
        static const int64_t kEdges[] = {0,
                                         1,
                                         -1,
                                         2,
                                         std::numeric_limits<int64_t>::min(),
                                         std::numeric_limits<int64_t>::max(),
                                         int64_t{1} << 53,
                                         (int64_t{1} << 53) + 1,
                                         -(int64_t{1} << 53) - 1,
                                         int64_t{1} << 62};
        switch (rng_() % 4) {
            case 0:
                return kEdges[rng_() % std::size(kEdges)];
            case 1:
                return static_cast<int64_t>(rng_() % 21) - 10;
            case 2:
                return static_cast<int64_t>(rng_());
            default:
                return static_cast<int64_t>(rng_()) >> (rng_() % 64);
        }
    }
    double Float() {
        static const double kEdges[] = {0.0,
                                        -0.0,
                                        std::numeric_limits<double>::infinity(),
                                        -std::numeric_limits<double>::infinity(),
                                        std::numeric_limits<double>::quiet_NaN(),
                                        std::numeric_limits<double>::denorm_min(),
                                        -std::numeric_limits<double>::denorm_min(),
                                        std::numeric_limits<double>::max(),
                                        std::numeric_limits<double>::lowest(),
                                        std::numeric_limits<double>::min(),
                                        9007199254740992.0,
                                        9223372036854775808.0,
                                        0.5,
                                        -2.5};
        switch (rng_() % 4) {
            case 0:
                return kEdges[rng_() % std::size(kEdges)];
            case 1:
                return static_cast<double>(Int());  // collides with integers
            case 2:
                return std::ldexp(static_cast<double>(rng_() % 2000) - 1000.0, -3);
            default: {
                double d;
                uint64_t bits = rng_();
                std::memcpy(&d, &bits, sizeof d);
                return d;
            }
        }
    }
    std::string String() {
        static const char kAlphabet[] = {'\0', '\1', 'a', 'b', '\x7f', '\x80', '\xff'};
        std::string s(rng_() % 5, ' ');
        for (auto& c : s) c = kAlphabet[rng_() % std::size(kAlphabet)];
        return s;
    }
    int64_t Small() { return static_cast<int64_t>(rng_() % 5) - 2; }

    Value Any(int depth = 0) {
        switch (rng_() % (depth < 2 ? 13 : 12)) {
            case 0:
                return Value(Int());
            case 1:
                return Value(Float());
            case 2:
                return Value(String());
            case 3:
                return Value(rng_() % 2 == 0);
            case 4:
                return Value(Date{Small()});
            case 5:
                return Value(LocalTime{Small() * 1000});
            case 6:
                return Value(Time{Small() * 1000000000, static_cast<int32_t>(Small())});
            case 7:
                return Value(LocalDateTime{Small(), static_cast<int32_t>(Small() + 2)});
            case 8: {
                DateTime t{Small(), static_cast<int32_t>(Small() + 2),
                           static_cast<int32_t>(Small() * 3600), ""};
                if (rng_() % 2) t.zone_id = rng_() % 2 ? "Europe/Stockholm" : "Asia/Tokyo";
                return Value(t);
            }
            case 9:
                return Value(
                    Duration{Small(), Small(), Small(), static_cast<int32_t>(Small() + 2)});
            case 10: {
                Point p{rng_() % 2 ? 7203 : 4326, double(Small()), double(Small()), 0};
                if (rng_() % 4 == 0) p.x = -0.0;
                return Value(p);
            }
            case 11:
                return Value(nullptr);
            default: {
                List l;
                for (size_t n = rng_() % 4; n > 0; --n) l.push_back(Any(depth + 1));
                return Value(std::move(l));
            }
        }
    }

  private:
    std::mt19937_64 rng_;
};

int MemcmpSign(const std::string& a, const std::string& b) {
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string Enc(const Value& v) {
    auto e = EncodeKey(v);
    EXPECT_TRUE(e.ok()) << v.ToString();
    return e.ok() ? *e : std::string();
}

class KeyOrderTest : public ::testing::TestWithParam<int> {};

TEST_P(KeyOrderTest, MemcmpOrderEqualsCypherOrder) {
    RandomValues gen(GetParam());
    std::vector<Value> values;
    for (int i = 0; i < 600; ++i) values.push_back(gen.Any());
    std::vector<std::string> encoded;
    for (const Value& v : values) encoded.push_back(Enc(v));
    for (size_t i = 0; i < values.size(); ++i) {
        for (size_t j = 0; j < values.size(); ++j) {
            ASSERT_EQ(MemcmpSign(encoded[i], encoded[j]), Compare(values[i], values[j]))
                << values[i].ToString() << " vs " << values[j].ToString();
        }
    }
}

TEST_P(KeyOrderTest, ConcatenatedKeysCompareAsTuples) {
    RandomValues gen(GetParam() + 100);
    for (int i = 0; i < 20000; ++i) {
        Value a1 = gen.Any(), a2 = gen.Any(), b1 = gen.Any(), b2 = gen.Any();
        if (i % 3 == 0) b1 = a1;  // exercise the second component
        int expect = Compare(a1, b1);
        if (expect == 0) expect = Compare(a2, b2);
        ASSERT_EQ(MemcmpSign(Enc(a1) + Enc(a2), Enc(b1) + Enc(b2)), expect)
            << a1.ToString() << "," << a2.ToString() << " vs " << b1.ToString() << ","
            << b2.ToString();
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, KeyOrderTest, ::testing::Values(1, 2, 3));

TEST(KeyEncodingTest, IntsAndFloatsShareOneExactOrder) {
    EXPECT_EQ(Enc(Value(1)), Enc(Value(1.0)));
    EXPECT_EQ(Enc(Value(-7)), Enc(Value(-7.0)));
    EXPECT_EQ(Enc(Value(0)), Enc(Value(-0.0)));
    EXPECT_LT(Enc(Value(1)), Enc(Value(1.5)));
    EXPECT_LT(Enc(Value(-2)), Enc(Value(-1.5)));
    // 2^53 + 1 has no double; it sorts just above the double 2^53.
    int64_t big = (int64_t{1} << 53) + 1;
    EXPECT_GT(Enc(Value(big)), Enc(Value(9007199254740992.0)));
    EXPECT_LT(Enc(Value(big)), Enc(Value(9007199254740994.0)));
    EXPECT_LT(Enc(Value(std::numeric_limits<int64_t>::min())), Enc(Value(-9.2e18)));
    double inf = std::numeric_limits<double>::infinity();
    EXPECT_LT(Enc(Value(std::numeric_limits<int64_t>::max())), Enc(Value(inf)));
    EXPECT_LT(Enc(Value(inf)), Enc(Value(std::nan(""))));
    EXPECT_LT(Enc(Value(-inf)), Enc(Value(std::numeric_limits<double>::lowest())));
}

// Mantissas end after their last non-zero 7-bit group: LDBC-sized ids (2^39) take 6 bytes, not 8.
TEST(KeyEncodingTest, SmallIntegersHaveShortMantissas) {
    EXPECT_EQ(Enc(Value(1)).size(), 5u);  // tag, class, exponent (2), one group
    EXPECT_EQ(Enc(Value(933)).size(), 6u);
    EXPECT_EQ(Enc(Value(int64_t{618475290625})).size(), 10u);
    EXPECT_EQ(Enc(Value(std::numeric_limits<int64_t>::max())).size(), 13u);  // 9 groups
    // Neighbours whose forms differ in length still sort (and compare equal) numerically.
    for (int64_t base : {int64_t{1} << 20, int64_t{618475290624}, -(int64_t{1} << 33)}) {
        for (int64_t d = -3; d < 3; ++d) {
            EXPECT_LT(Enc(Value(base + d)), Enc(Value(base + d + 1))) << base + d;
            EXPECT_EQ(Enc(Value(base + d)), Enc(Value(double(base + d))));
        }
    }
    EXPECT_LT(Enc(Value(-3.5)), Enc(Value(-3)));
    EXPECT_LT(Enc(Value(-3)), Enc(Value(-2.75)));
    EXPECT_LT(Enc(Value(2.5)), Enc(Value(3)));
    EXPECT_LT(Enc(Value(3)), Enc(Value(3.0000001)));
}

TEST(KeyEncodingTest, TypesGroupByTag) {
    EXPECT_EQ(Enc(Value(5))[0], char(KeyTag::kNumber));
    EXPECT_EQ(Enc(Value("x"))[0], char(KeyTag::kString));
    EXPECT_LT(Enc(Value("zzz")), Enc(Value(false)));  // all strings before all booleans
    EXPECT_LT(Enc(Value(List{})), Enc(Value(List{Value(nullptr)})));
}

TEST(KeyEncodingTest, NonPropertyTypesAreRejected) {
    EXPECT_EQ(EncodeKey(Value(Map{{"a", Value(1)}})).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(EncodeKey(Value(Node{})).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(EncodeKey(Value(List{Value(Node{})})).status().code(), StatusCode::kInvalidArgument);
}

TEST(KeyEncodingTest, StringPrefixMatchesEncodedStrings) {
    std::string prefix;
    AppendStringPrefix(std::string("ab\0", 3), &prefix);
    EXPECT_EQ(Enc(Value(std::string("ab\0c", 4))).rfind(prefix, 0), 0u);
    EXPECT_NE(Enc(Value("abc")).rfind(prefix, 0), 0u);
}

TEST(KeyEncodingTest, PrefixSuccessorAndBigEndian) {
    EXPECT_EQ(PrefixSuccessor("ab"), "ac");
    EXPECT_EQ(PrefixSuccessor(std::string("a\xff\xff", 3)), "b");
    EXPECT_EQ(PrefixSuccessor(std::string("\xff", 1)), "");
    EXPECT_EQ(PrefixSuccessor(""), "");
    std::string s;
    AppendBigEndian32(&s, 0x01020304u);
    AppendBigEndian64(&s, 0x1122334455667788ull);
    EXPECT_EQ(s.substr(0, 4), std::string("\x01\x02\x03\x04", 4));
    EXPECT_EQ(LoadBigEndian32(s.data()), 0x01020304u);
    EXPECT_EQ(LoadBigEndian64(s.data() + 4), 0x1122334455667788ull);
    std::string lo, hi;
    AppendBigEndian64(&lo, 255);
    AppendBigEndian64(&hi, 256);
    EXPECT_LT(lo, hi);
}

TEST(KeyEncodingTest, ComparableRangeBracketsTheType) {
    std::string lo, hi;
    ComparableRange(Value(3), &lo, &hi);
    EXPECT_LE(lo, Enc(Value(-std::numeric_limits<double>::infinity())));
    EXPECT_GT(hi, Enc(Value(std::numeric_limits<double>::infinity())));
    EXPECT_LE(hi, Enc(Value(std::nan(""))));  // NaN compares with nothing
    ComparableRange(Value("m"), &lo, &hi);
    EXPECT_LE(lo, Enc(Value("")));
    EXPECT_GT(hi, Enc(Value("\xff\xff")));
    EXPECT_LT(hi, Enc(Value(false)));
}

}  // namespace
}  // namespace nexus::index
