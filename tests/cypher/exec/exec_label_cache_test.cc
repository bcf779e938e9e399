// The per-query label cache (ExecContext::NodeHasLabel): a node's labels are read once and
// kept as a bit set of the label ids below 64; ids from 64 up are read from the graph each
// time; a write turns the cache off for the rest of the query. And the token memo keyed by
// the name's address: a name at a reused address must still be looked up by its text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cypher/exec/context.h"
#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;

class ExecLabelCacheTest : public ::testing::Test, public EngineFixture {};

TEST_F(ExecLabelCacheTest, SecondLabelOfTheSameNodeAndRepeats) {
    ASSERT_TRUE(Exec("CREATE (:A:B {id: 1}), (:A {id: 2}), (:B {id: 3})").ok());
    ASSERT_TRUE(Exec("MATCH (x {id: 1}), (y {id: 2}), (z {id: 3}) "
                     "CREATE (x)-[:R]->(y), (x)-[:R]->(z), (y)-[:R]->(z), (z)-[:R]->(x)")
                    .ok());
    // Every far end is checked for A and then for B, many times over.
    EXPECT_THAT(
        Sorted("UNWIND range(1, 50) AS k MATCH (a)-[:R]->(b) "
               "RETURN b.id, b:A, b:B, count(*)"),
        ElementsAre("1 | true | true | 50", "2 | true | false | 50", "3 | false | true | 100"));
}

TEST_F(ExecLabelCacheTest, LabelIdsFromSixtyFourUpAreReadEachTime) {
    // Seventy labels: the last ones have ids past the cached bit set.
    std::string create = "CREATE (n:L0";
    for (int i = 1; i < 70; ++i) create += ":L" + std::to_string(i);
    ASSERT_TRUE(Exec(create + " {id: 1}), (:L69 {id: 2}), (:L1 {id: 3})").ok());
    EXPECT_THAT(Sorted("UNWIND range(1, 3) AS k MATCH (n) RETURN n.id, n:L1, n:L69, n:L0:L68, "
                       "count(*)"),
                ElementsAre("1 | true | true | true | 3", "2 | false | true | false | 3",
                            "3 | true | false | false | 3"));
}

TEST_F(ExecLabelCacheTest, WriteTurnsTheCacheOff) {
    ASSERT_TRUE(Exec("CREATE (:A {id: 1})").ok());
    EXPECT_THAT(*Exec("MATCH (n {id: 1}) WITH n, n:B AS before SET n:B "
                      "RETURN before, n:B AS after"),
                ElementsAre("false | true"));
    EXPECT_THAT(*Exec("MATCH (n {id: 1}) WITH n, n:A AS before REMOVE n:A "
                      "RETURN before, n:A AS after"),
                ElementsAre("true | false"));
}

TEST_F(ExecLabelCacheTest, TokenMemoComparesTheName) {
    ASSERT_TRUE(Exec("CREATE (:Alpha), (:Beta)").ok());
    exec::ExecContext ctx(&graph, nullptr, nullptr, 0);
    std::string name = "Alpha";
    const graph::TokenId alpha = ctx.Token(graph::TokenKind::kLabel, name);
    ASSERT_NE(alpha, graph::kNoToken);
    // Same buffer (short strings live inside the object), other text.
    name = "Beta";
    const graph::TokenId beta = ctx.Token(graph::TokenKind::kLabel, name);
    EXPECT_NE(beta, alpha);
    EXPECT_EQ(beta, graph.FindToken(graph::TokenKind::kLabel, "Beta"));
    // Same text, other kind.
    name = "Alpha";
    EXPECT_EQ(ctx.Token(graph::TokenKind::kRelType, name), graph::kNoToken);
    EXPECT_EQ(ctx.Token(graph::TokenKind::kLabel, name), alpha);
}

}  // namespace
}  // namespace nexus::cypher::testutil
