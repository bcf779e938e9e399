// Users file, argon2id verification and the per-client failure limit.
#include "server/auth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace nexus::server {
namespace {

std::string TempPath() {
    char path[] = "/tmp/nexus_auth_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    return path;
}

TEST(AuthTest, FirstStartNeedsAnInitialPassword) {
    std::string path = TempPath();
    auto none = Authenticator::Open(path, std::nullopt);
    EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
    auto auth = Authenticator::Open(path, std::string("pw1"));
    ASSERT_TRUE(auth.ok());
    EXPECT_TRUE((*auth)->Check("neo4j", "pw1", "a").ok());
    EXPECT_EQ((*auth)->Check("neo4j", "pw2", "a").code(), StatusCode::kUnauthorized);
    EXPECT_EQ((*auth)->Check("bob", "pw1", "a").code(), StatusCode::kUnauthorized);
    // The file holds an argon2id hash, never the password.
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(text.find("neo4j:$argon2id$"), std::string::npos);
    EXPECT_EQ(text.find("pw1"), std::string::npos);
    // A later start reads the file; --initial-password no longer changes anything.
    auto again = Authenticator::Open(path, std::string("other"));
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE((*again)->Check("neo4j", "pw1", "a").ok());
    unlink(path.c_str());
}

TEST(AuthTest, SetPasswordReplacesTheHash) {
    std::string path = TempPath();
    ASSERT_TRUE(Authenticator::SetPassword(path, "neo4j", "old").ok());
    ASSERT_TRUE(Authenticator::SetPassword(path, "neo4j", "new").ok());
    ASSERT_TRUE(Authenticator::SetPassword(path, "ann", "x").ok());
    auto auth = Authenticator::Open(path, std::nullopt);
    ASSERT_TRUE(auth.ok());
    EXPECT_FALSE((*auth)->Check("neo4j", "old", "c").ok());
    EXPECT_TRUE((*auth)->Check("neo4j", "new", "c").ok());
    EXPECT_TRUE((*auth)->Check("ann", "x", "c").ok());
    EXPECT_FALSE(Authenticator::SetPassword(path, "a:b", "x").ok());
    unlink(path.c_str());
}

TEST(AuthTest, RepeatedFailuresFromOneClientAreRateLimited) {
    std::string path = TempPath();
    auto auth = Authenticator::Open(path, std::string("pw"));
    ASSERT_TRUE(auth.ok());
    for (int i = 0; i < Authenticator::kMaxFailures; ++i) {
        EXPECT_FALSE((*auth)->Check("neo4j", "bad", "10.0.0.1").ok());
    }
    Status limited = (*auth)->Check("neo4j", "pw", "10.0.0.1");
    EXPECT_EQ(limited.code(), StatusCode::kUnauthorized);
    EXPECT_NE(limited.message().find("too many"), std::string::npos);
    EXPECT_TRUE((*auth)->Check("neo4j", "pw", "10.0.0.2").ok());  // other clients unaffected
    unlink(path.c_str());
}

TEST(AuthTest, TokensNeedTheBasicScheme) {
    std::string path = TempPath();
    auto auth = Authenticator::Open(path, std::string("pw"));
    ASSERT_TRUE(auth.ok());
    EXPECT_FALSE((*auth)->CheckToken(Map{{"scheme", Value("none")}}, "c").ok());
    EXPECT_TRUE((*auth)
                    ->CheckToken(Map{{"scheme", Value("basic")},
                                     {"principal", Value("neo4j")},
                                     {"credentials", Value("pw")}},
                                 "c")
                    .ok());
    EXPECT_TRUE(Authenticator::Disabled()->CheckToken(Map{}, "c").ok());
    unlink(path.c_str());
}

}  // namespace
}  // namespace nexus::server
