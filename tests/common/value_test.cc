#include "nexus/value.h"

#include <gtest/gtest.h>

namespace nexus {
namespace {

TEST(ValueTest, KindsAndAccessors) {
    EXPECT_TRUE(Value().is_null());
    EXPECT_EQ(Value(int64_t{7}).as_int(), 7);
    EXPECT_EQ(Value(2.5).as_float(), 2.5);
    EXPECT_EQ(Value("x").as_string(), "x");
    EXPECT_EQ(Value(List{1, 2}).as_list().size(), 2u);
    EXPECT_EQ(Value(Date{3}).kind(), ValueKind::kDate);
}

TEST(ValueTest, RendersCypherLiterals) {
    EXPECT_EQ(Value(1.0).ToString(), "1.0");
    EXPECT_EQ(Value(0.1).ToString(), "0.1");
    EXPECT_EQ(Value(1000.0).ToString(), "1000.0");
    EXPECT_EQ(Value(1e10).ToString(), "1.0E10");
    EXPECT_EQ(Value("it's").ToString(), "'it\\'s'");
    EXPECT_EQ(Value(List{1, "a", Value()}).ToString(), "[1, 'a', null]");
    EXPECT_EQ(Value(Map{{"b", 2}, {"a", 1}}).ToString(), "{a: 1, b: 2}");
    Node n{1, {"A", "B"}, std::make_shared<Map>(Map{{"p", 1}})};
    EXPECT_EQ(Value(n).ToString(), "(:A:B {p: 1})");
}

TEST(ValueTest, MutableListCopiesWhenShared) {
    Value a(List{1, 2});
    Value b = a;
    b.mutable_list().push_back(3);
    EXPECT_EQ(a.as_list().size(), 2u);
    EXPECT_EQ(b.as_list().size(), 3u);
}

}  // namespace
}  // namespace nexus
