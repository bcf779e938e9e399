// ORDER BY ... LIMIT projects only what the sort reads before it; the other items are
// evaluated after the Top on the kept rows. Answers, column order and EXPLAIN shape.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class LateProjectionTest : public ::testing::Test, public EngineFixture {
  protected:
    void SetUp() override {
        ASSERT_TRUE(Exec("UNWIND range(1, 50) AS i CREATE (:M {id: i, d: i % 7, text: 't' + "
                         "toString(i)})")
                        .ok());
    }
};

TEST_F(LateProjectionTest, SameAnswersWithItemsProjectedAfterTheSort) {
    const std::string q =
        "MATCH (m:M) RETURN m.text AS text, m.d AS d, m.id AS id ORDER BY d DESC, id SKIP 1 "
        "LIMIT 3";
    auto rows = Exec(q);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("'t13' | 6 | 13", "'t20' | 6 | 20", "'t27' | 6 | 27"));
    EXPECT_THAT(last_columns, ElementsAre("text", "d", "id"));
    ASSERT_TRUE(Exec("EXPLAIN " + q).ok());
    // The late Projection (text) sits above SkipLimit and Top; the early one below.
    EXPECT_THAT(last_plan, HasSubstr("+Projection m.text\n  +SkipLimit\n    +Top"));
    EXPECT_THAT(last_plan, HasSubstr("+Projection m.d, m.id"));
}

TEST_F(LateProjectionTest, WithWhereAndOrderByPreProjectionVariables) {
    auto rows = Exec(
        "MATCH (m:M) WITH m.text AS text, m.id AS id ORDER BY m.d, m.id DESC LIMIT 4 "
        "WHERE id > 40 RETURN text, id");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("'t49' | 49", "'t42' | 42"));
    EXPECT_THAT(*Exec("MATCH (m:M) RETURN DISTINCT m.d AS d ORDER BY d LIMIT 2"),
                ElementsAre("0", "1"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
