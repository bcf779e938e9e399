// FindProperty reads one value out of an encoded property list, skipping the others without
// decoding them: every kind must be skipped by exactly its length, and a damaged record is a
// corruption error, never a wrong value.
#include "graph/value_codec.h"

#include <gtest/gtest.h>

namespace nexus::graph {
namespace {

PropertyList EveryKind() {
    DateTime dt;
    dt.seconds = 1'600'000'000;
    dt.nanos = 5;
    dt.offset_seconds = 3600;
    dt.zone_id = "Europe/Paris";
    Point pt;
    pt.srid = 9157;
    pt.x = 1.5;
    pt.y = -2;
    pt.z = 3;
    return {{1, Value(std::string(300, 's'))},
            {2, Value(List{Value("a"), Value("bc")})},
            {3, Value(int64_t{-42})},
            {4, Value(2.5)},
            {5, Value(true)},
            {6, Value(dt)},
            {7, Value(pt)},
            {8, Value(List{Value(int64_t{1}), Value(int64_t{2})})},
            {9, Value("last")}};
}

TEST(ValueCodecTest, FindPropertyReturnsEachValueAfterSkippingEveryEarlierKind) {
    PropertyList props = EveryKind();
    std::string bytes;
    EncodeProperties(props, &bytes);
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    for (const auto& [key, want] : props) {
        Value got;
        ASSERT_TRUE(FindProperty(data, bytes.size(), 7, key, &got).ok()) << key;
        EXPECT_EQ(got.ToString(), want.ToString()) << key;
        EXPECT_EQ(got.kind(), want.kind()) << key;
    }
    Value missing(int64_t{1});
    ASSERT_TRUE(FindProperty(data, bytes.size(), 7, 99, &missing).ok());
    EXPECT_TRUE(missing.is_null());
}

TEST(ValueCodecTest, FindPropertyInATruncatedRecordIsCorruptionNamingThePage) {
    std::string bytes;
    EncodeProperties(EveryKind(), &bytes);
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    // Cut inside the long string: the last key can only be reached by skipping past the end.
    Value got;
    Status st = FindProperty(data, 100, 12, 9, &got);
    EXPECT_EQ(st.code(), StatusCode::kCorruption);
    EXPECT_NE(st.message().find("12"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace nexus::graph
