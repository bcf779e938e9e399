#include "nexus/status.h"

#include <gtest/gtest.h>

namespace nexus {
namespace {

Result<int> Half(int x) {
    if (x % 2) return Status(StatusCode::kInvalidArgument, "odd");
    return x / 2;
}

Result<int> Quarter(int x) {
    ASSIGN_OR_RETURN(int h, Half(x));
    return Half(h);
}

TEST(StatusTest, OkAndErrorCarryCodes) {
    EXPECT_TRUE(Status::Ok().ok());
    Status s(StatusCode::kSyntaxError, "bad token", SourcePosition{2, 5, 10});
    EXPECT_FALSE(s.ok());
    EXPECT_STREQ(s.neo4j_code(), "Neo.ClientError.Statement.SyntaxError");
    EXPECT_EQ(s.ToString(), "Neo.ClientError.Statement.SyntaxError: bad token (line 2, column 5)");
}

TEST(StatusTest, AssignOrReturnPropagates) {
    EXPECT_EQ(*Quarter(8), 2);
    Result<int> r = Quarter(6);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nexus
