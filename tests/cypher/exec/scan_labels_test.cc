// A node scan checks every label of its pattern itself (no label Filter above it), whether it
// reads the first label's scan or an index on another label.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class ScanLabelsTest : public ::testing::Test, public EngineFixture {
  protected:
    void SetUp() override {
        ASSERT_TRUE(Exec("CREATE (:A {k: 1, n: 'a'}), (:A:B {k: 1, n: 'ab'}), (:B {k: 1, n: 'b'}), "
                         "(:B:C {k: 2, n: 'bc'})")
                        .ok());
    }
};

TEST_F(ScanLabelsTest, EveryLabelCheckedWithoutAFilter) {
    ASSERT_TRUE(Exec("EXPLAIN MATCH (x:A:B) RETURN x.n").ok());
    EXPECT_THAT(last_plan, Not(HasSubstr("Filter")));
    EXPECT_THAT(*Exec("MATCH (x:A:B) RETURN x.n"), ElementsAre("'ab'"));
    EXPECT_THAT(*Exec("MATCH (x:B:A) RETURN x.n"), ElementsAre("'ab'"));
    EXPECT_THAT(Sorted("MATCH (x:B) RETURN x.n"), ElementsAre("'ab'", "'b'", "'bc'"));
    EXPECT_THAT(*Exec("MATCH (x:A:Nope) RETURN x.n"), ElementsAre());
}

TEST_F(ScanLabelsTest, IndexOnTheSecondLabelStillChecksTheFirst) {
    ASSERT_TRUE(Exec("CREATE INDEX b_k FOR (n:B) ON (n.k)").ok());
    int before = graph.index_seeks();
    EXPECT_THAT(*Exec("MATCH (x:A:B {k: 1}) RETURN x.n"), ElementsAre("'ab'"));
    EXPECT_THAT(Sorted("MATCH (x:C:B {k: 2}) RETURN x.n"), ElementsAre("'bc'"));
    EXPECT_THAT(*Exec("MATCH (x:A:B {k: 2}) RETURN x.n"), ElementsAre());
    EXPECT_EQ(graph.index_seeks(), before + 3);
}

}  // namespace
}  // namespace nexus::cypher::testutil
