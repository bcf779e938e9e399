// PackStream: round trips of every value kind and size class, exact bytes for the markers
// drivers depend on, and malformed input that must fail cleanly.
#include "server/bolt/packstream.h"

#include <gtest/gtest.h>

#include <random>

namespace nexus::server::bolt {
namespace {

std::string Pack(const Value& v, PackOptions o = {}) {
    std::string out;
    PackWriter(&out, o).Write(v);
    return out;
}

Value Unpack(const std::string& bytes, PackOptions o = {}) {
    PackReader r(bytes, o);
    Result<Value> v = r.Read();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(r.AtEnd());
    return v.ok() ? *v : Value();
}

std::string Hex(const std::string& s) {
    static const char* d = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        out += d[c >> 4];
        out += d[c & 15];
    }
    return out;
}

void ExpectRoundTrip(const Value& v, PackOptions o = {}) {
    Value back = Unpack(Pack(v, o), o);
    EXPECT_EQ(back.ToString(), v.ToString());
    EXPECT_EQ(back.kind(), v.kind());
}

TEST(PackStreamTest, IntegerSizeClassesUseTheSmallestMarker) {
    EXPECT_EQ(Hex(Pack(Value(0))), "00");
    EXPECT_EQ(Hex(Pack(Value(127))), "7F");
    EXPECT_EQ(Hex(Pack(Value(-16))), "F0");
    EXPECT_EQ(Hex(Pack(Value(-17))), "C8EF");
    EXPECT_EQ(Hex(Pack(Value(-128))), "C880");
    EXPECT_EQ(Hex(Pack(Value(128))), "C90080");
    EXPECT_EQ(Hex(Pack(Value(-32768))), "C98000");
    EXPECT_EQ(Hex(Pack(Value(32768))), "CA00008000");
    EXPECT_EQ(Hex(Pack(Value(int64_t{2147483648}))), "CB0000000080000000");
    for (int64_t v : {int64_t{0}, int64_t{-16}, int64_t{-17}, int64_t{127}, int64_t{128},
                      int64_t{-129}, int64_t{32767}, int64_t{-32769}, int64_t{INT32_MAX},
                      int64_t{INT32_MIN} - 1, INT64_MAX, INT64_MIN}) {
        EXPECT_EQ(Unpack(Pack(Value(v))).as_int(), v);
    }
}

TEST(PackStreamTest, ScalarsRoundTrip) {
    EXPECT_EQ(Hex(Pack(Value())), "C0");
    EXPECT_EQ(Hex(Pack(Value(true))), "C3");
    EXPECT_EQ(Hex(Pack(Value(false))), "C2");
    EXPECT_EQ(Hex(Pack(Value(1.5))), "C13FF8000000000000");
    EXPECT_TRUE(Unpack(Pack(Value())).is_null());
    EXPECT_EQ(Unpack(Pack(Value(-0.25))).as_float(), -0.25);
    EXPECT_TRUE(Unpack(Pack(Value(true))).as_bool());
}

TEST(PackStreamTest, StringListAndMapSizeClasses) {
    for (size_t n : {size_t{0}, size_t{15}, size_t{16}, size_t{255}, size_t{256}, size_t{65535},
                     size_t{65536}, size_t{70000}}) {
        std::string s(n, 'x');
        EXPECT_EQ(Unpack(Pack(Value(s))).as_string(), s) << n;
        List l(n, Value(1));
        EXPECT_EQ(Unpack(Pack(Value(l))).as_list().size(), n) << n;
        if (n <= 65536) {
            Map m;
            for (size_t i = 0; i < n; ++i) m["k" + std::to_string(i)] = Value(int64_t(i));
            Value back = Unpack(Pack(Value(m)));
            ASSERT_EQ(back.as_map().size(), n) << n;
            if (n > 0) {
                EXPECT_EQ(back.as_map().at("k0").as_int(), 0);
            }
        }
    }
    EXPECT_EQ(Hex(Pack(Value("a"))), "8161");
    EXPECT_EQ(Hex(Pack(Value(std::string(16, 'a')))).substr(0, 4), "D010");
    EXPECT_EQ(Hex(Pack(Value(List{Value(1), Value(2)}))), "920102");
    EXPECT_EQ(Hex(Pack(Value(Map{{"a", Value(1)}}))), "A1816101");
}

TEST(PackStreamTest, NestedValuesRoundTrip) {
    ExpectRoundTrip(Value(List{Value(Map{{"x", Value(List{Value("é"), Value()})}}), Value(2.0)}));
}

TEST(PackStreamTest, TemporalAndSpatialValuesRoundTrip) {
    ExpectRoundTrip(Value(Date{19000}));
    ExpectRoundTrip(Value(Date{-5}));
    ExpectRoundTrip(Value(LocalTime{3'600'000'000'123}));
    ExpectRoundTrip(Value(Time{45'000'000'000, -3600}));
    ExpectRoundTrip(Value(LocalDateTime{1'700'000'000, 999}));
    ExpectRoundTrip(Value(DateTime{1'700'000'000, 5, 7200, ""}));
    ExpectRoundTrip(Value(Duration{14, 3, -20, 500}));
    ExpectRoundTrip(Value(Point{7203, 1.5, -2.5, 0}));
    ExpectRoundTrip(Value(Point{4979, 12.0, 56.0, 100.0}));
}

TEST(PackStreamTest, DateTimeUtcAndLegacyEncodings) {
    DateTime dt{1000, 0, 3600, ""};
    std::string utc = Pack(Value(dt));
    EXPECT_EQ(static_cast<uint8_t>(utc[1]), 0x49);
    EXPECT_EQ(Unpack(utc).as_date_time().seconds, 1000);
    PackOptions legacy{false, false};
    std::string old = Pack(Value(dt), legacy);
    EXPECT_EQ(static_cast<uint8_t>(old[1]), 0x46);
    EXPECT_EQ(Hex(old), "B346C911F800C90E10");  // local seconds 4600, nanos, offset
    EXPECT_EQ(Unpack(old, legacy).as_date_time().seconds, 1000);
    // A 5.x encoding is not accepted on a legacy connection and vice versa.
    EXPECT_FALSE(PackReader(utc, legacy).Read().ok());
    EXPECT_FALSE(PackReader(old).Read().ok());
}

TEST(PackStreamTest, ZonedDateTimeResolvesTheOffset) {
    DateTime dt{1'700'000'000, 0, 3600, "Europe/Stockholm"};
    Value back = Unpack(Pack(Value(dt)));
    EXPECT_EQ(back.as_date_time().zone_id, "Europe/Stockholm");
    EXPECT_EQ(back.as_date_time().offset_seconds, 3600);  // November: CET
    EXPECT_EQ(back.as_date_time().seconds, dt.seconds);
    PackOptions legacy{false, false};
    Value old = Unpack(Pack(Value(dt), legacy), legacy);
    EXPECT_EQ(old.as_date_time().seconds, dt.seconds);
    EXPECT_EQ(old.as_date_time().offset_seconds, 3600);
}

TEST(PackStreamTest, UnknownZoneIsAnArgumentError) {
    std::string bytes;
    PackWriter w(&bytes);
    w.StructHeader(3, 0x69);
    w.Int(0);
    w.Int(0);
    w.String("Mars/Olympus");
    Result<Value> v = PackReader(bytes).Read();
    ASSERT_FALSE(v.ok());
    EXPECT_NE(v.status().code(), StatusCode::kProtocolError);
}

TEST(PackStreamTest, GraphValuesRoundTrip) {
    auto props = std::make_shared<const Map>(Map{{"name", Value("Ann")}});
    Node a{1, {"Person", "Admin"}, props};
    Node b{2, {}, nullptr};
    Relationship r{10, 1, 2, "KNOWS", props};
    Value node_back = Unpack(Pack(Value(a)));
    EXPECT_EQ(node_back.as_node().id, 1);
    EXPECT_EQ(node_back.as_node().labels.size(), 2u);
    EXPECT_EQ(node_back.as_node().properties->at("name").as_string(), "Ann");
    Value rel_back = Unpack(Pack(Value(r)));
    EXPECT_EQ(rel_back.as_relationship().start_id, 1);
    EXPECT_EQ(rel_back.as_relationship().end_id, 2);
    EXPECT_EQ(rel_back.as_relationship().type, "KNOWS");
    // Bolt 4.4 has no element ids: 3 node fields, 5 relationship fields.
    PackOptions v44{false, false};
    EXPECT_EQ(static_cast<uint8_t>(Pack(Value(a), v44)[0]), 0xB3);
    EXPECT_EQ(static_cast<uint8_t>(Pack(Value(r), v44)[0]), 0xB5);
    EXPECT_EQ(static_cast<uint8_t>(Pack(Value(a))[0]), 0xB4);
    EXPECT_EQ(static_cast<uint8_t>(Pack(Value(r))[0]), 0xB8);
}

TEST(PackStreamTest, PathKeepsDirectionOfEachStep) {
    Node a{1, {"A"}, nullptr}, b{2, {"B"}, nullptr}, c{3, {"C"}, nullptr};
    Path p;
    p.nodes = {a, b, c};
    p.relationships = {Relationship{10, 1, 2, "X", nullptr}, Relationship{11, 3, 2, "Y", nullptr}};
    for (PackOptions o : {PackOptions{}, PackOptions{false, false}}) {
        Value back = Unpack(Pack(Value(p), o), o);
        const Path& q = back.as_path();
        ASSERT_EQ(q.nodes.size(), 3u);
        ASSERT_EQ(q.relationships.size(), 2u);
        EXPECT_EQ(q.nodes[2].id, 3);
        EXPECT_EQ(q.relationships[0].start_id, 1);
        EXPECT_EQ(q.relationships[0].end_id, 2);
        EXPECT_EQ(q.relationships[1].start_id, 3);  // traversed backwards
        EXPECT_EQ(q.relationships[1].end_id, 2);
    }
}

TEST(PackStreamTest, MalformedInputFailsWithoutCrashing) {
    std::vector<std::string> bad = {
        "",                                              // nothing
        "\xC1\x00",                                      // truncated float
        "\xD2\x7F\xFF\xFF\xFF",                          // string claiming 2 GB
        "\xD6\x7F\xFF\xFF\xFF\x01",                      // list claiming 2G elements
        "\xDA\x7F\xFF\xFF\xFF",                          // map claiming 2G entries
        "\xA1\x01\x01",                                  // map key not a string
        "\xC4",                                          // reserved marker
        "\xB1",                                          // struct without tag
        "\xB1\x44\x81\x61",                              // Date with a string
        "\xB9\x4E\x01\x02\x03\x04\x05\x06\x07\x08\x09",  // Node with 9 fields
        "\xB1\x01\x00",                                  // unknown structure tag
        "\xB3\x50\x90\x90\x90",                          // empty path
        std::string("\xB3\x50\x91\xB3\x4E\x01\x90\xA0\x90\x92\x05\x00", 12),  // bad index
    };
    for (const std::string& b : bad) {
        Result<Value> v = PackReader(b).Read();
        EXPECT_FALSE(v.ok()) << Hex(b);
    }
    std::string deep(200, '\x91');
    deep += '\x01';
    EXPECT_FALSE(PackReader(deep).Read().ok());
    EXPECT_EQ(PackReader(std::string_view("\xCC\x01\x07", 3)).Read().status().code(),
              StatusCode::kNotSupported);
}

TEST(PackStreamTest, RandomBytesNeverCrash) {
    std::mt19937 rng(42);
    int decoded = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string b(rng() % 24, '\0');
        for (char& c : b) c = static_cast<char>(rng());
        PackReader r(b);
        if (r.Read().ok()) ++decoded;
    }
    EXPECT_GT(decoded, 0);  // some random inputs are valid values; none may crash
}

}  // namespace
}  // namespace nexus::server::bolt
