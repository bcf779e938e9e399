// The hash join's build table (flat rows chained per key): keys with hundreds of rows (more
// than one output chunk), keys without rows (OPTIONAL MATCH keeps the probe row once), a
// rebuild per partition, and rows in the order the build produced them. Answers are checked
// against counts computed while building the graph.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::HasSubstr;

class ExecHashJoinTest : public ::testing::Test, public EngineFixture {
  protected:
    // Users 0..kUsers-1, forums 0..2, every user a member of every forum. User u writes
    // PostsOf(u) posts, post j in forum j % 3; the last user writes none.
    static constexpr int kUsers = 6;
    static int PostsOf(int u) { return u == kUsers - 1 ? 0 : u * 150 + 1; }

    void SetUp() override {
        ASSERT_TRUE(Exec("UNWIND range(0, 2) AS f CREATE (:F {id: f})").ok());
        ASSERT_TRUE(
            Exec("UNWIND range(0, " + std::to_string(kUsers - 1) + ") AS u CREATE (:U {id: u})")
                .ok());
        ASSERT_TRUE(Exec("MATCH (u:U), (f:F) CREATE (f)-[:MEM]->(u)").ok());
        for (int u = 0; u < kUsers; ++u) {
            if (PostsOf(u) == 0) continue;
            ASSERT_TRUE(Exec("MATCH (u:U {id: " + std::to_string(u) + "}) UNWIND range(0, " +
                             std::to_string(PostsOf(u) - 1) +
                             ") AS j MATCH (f:F {id: j % 3}) "
                             "CREATE (u)<-[:BY]-(:Post {j: j})<-[:IN]-(f)")
                            .ok());
        }
    }
};

TEST_F(ExecHashJoinTest, CountsPerUserAndForumMatchTheConstruction) {
    const std::string q =
        "MATCH (u:U)<-[:MEM]-(f:F) "
        "OPTIONAL MATCH (u)<-[:BY]-(p:Post)<-[:IN]-(f) "
        "RETURN u.id, f.id, count(p)";
    std::vector<std::string> want;
    for (int u = 0; u < kUsers; ++u) {
        for (int f = 0; f < 3; ++f) {
            int n = 0;
            for (int j = 0; j < PostsOf(u); ++j) n += j % 3 == f ? 1 : 0;
            want.push_back(std::to_string(u) + " | " + std::to_string(f) + " | " +
                           std::to_string(n));
        }
    }
    std::sort(want.begin(), want.end());
    EXPECT_EQ(Sorted(q), want);
    ASSERT_TRUE(Exec("EXPLAIN " + q).ok());
    EXPECT_THAT(last_plan, HasSubstr("OptionalHashJoin"));
}

TEST_F(ExecHashJoinTest, JoinedRowsKeepTheBuildOrder) {
    // User 4 has 601 posts, 201 in forum 0: more than one chunk of joined rows for one key,
    // in the order the build side produced them (the posts' creation order).
    auto rows = Exec(
        "MATCH (u:U {id: 4})<-[:MEM]-(f:F {id: 0}) "
        "OPTIONAL MATCH (u)<-[:BY]-(p:Post)<-[:IN]-(f) RETURN collect(p.j) AS js");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    std::string want = "[";
    for (int j = 0; j < PostsOf(4); j += 3) want += (j ? ", " : "") + std::to_string(j);
    want += "]";
    EXPECT_EQ((*rows)[0], want);
    EXPECT_EQ(Sorted("MATCH (u:U {id: 4})<-[:MEM]-(f:F {id: 0}) "
                     "OPTIONAL MATCH (u)<-[:BY]-(p:Post)<-[:IN]-(f) RETURN count(*)"),
              std::vector<std::string>{std::to_string((PostsOf(4) + 2) / 3)});
}

TEST_F(ExecHashJoinTest, UserWithoutPostsKeepsOneNullRowPerForum) {
    EXPECT_EQ(Sorted("MATCH (u:U {id: " + std::to_string(kUsers - 1) +
                     "})<-[:MEM]-(f:F) "
                     "OPTIONAL MATCH (u)<-[:BY]-(p:Post)<-[:IN]-(f) RETURN f.id, p"),
              (std::vector<std::string>{"0 | null", "1 | null", "2 | null"}));
}

}  // namespace
}  // namespace nexus::cypher::testutil
