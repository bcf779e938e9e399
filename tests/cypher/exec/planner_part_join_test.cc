// Pattern parts joined only by the MATCH's WHERE: once the first part is planned, an equality
// or range between a property of a later part's node and values it bound becomes a seek of
// that node's index per row instead of a label scan filtered afterwards. Answers are checked
// against a form of the query the planner cannot push down.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class PlannerPartJoinTest : public ::testing::Test, public EngineFixture {
  protected:
    void SetUp() override {
        ASSERT_TRUE(Exec("UNWIND range(1, 100) AS i CREATE (:A {id: i, k: i % 10})").ok());
        ASSERT_TRUE(
            Exec("UNWIND range(0, 9) AS j CREATE (:B {k: j, name: 'b' + toString(j)})").ok());
        ASSERT_TRUE(Exec("CREATE INDEX FOR (b:B) ON (b.k)").ok());
        // A's id is indexed too, so the one-row A part is planned first and B seeks per row.
        ASSERT_TRUE(Exec("CREATE INDEX FOR (a:A) ON (a.id)").ok());
    }
    std::string Profile(const std::string& query) {
        auto r = Exec("PROFILE " + query);
        EXPECT_TRUE(r.ok()) << r.status().ToString();
        return last_plan;
    }
};

TEST_F(PlannerPartJoinTest, EqualitySeeksTheLaterPart) {
    const std::string q = "MATCH (a:A {id: 25}), (b:B) WHERE b.k = a.k RETURN b.name";
    std::string plan = Profile(q);
    EXPECT_THAT(plan, HasSubstr("NodeIndexSeekOrLabelScan slot 1:B k=a.k (rows=1"));
    EXPECT_THAT(*Exec(q), ElementsAre("'b5'"));
    // Either side of the equality, and the same answers as an unpushable form.
    for (int id : {1, 10, 57, 100}) {
        ParamMap p{{"id", Value(int64_t{id})}};
        auto pushed = Sorted("MATCH (a:A {id: $id}), (b:B) WHERE a.k = b.k RETURN a.id, b.name", p);
        auto nested =
            Sorted("MATCH (a:A {id: $id}), (b:B) WHERE b.k + 0 = a.k RETURN a.id, b.name", p);
        EXPECT_EQ(pushed, nested) << id;
        EXPECT_EQ(pushed.size(), 1u);
    }
}

TEST_F(PlannerPartJoinTest, RangeSeeksTheLaterPart) {
    const std::string q = "MATCH (a:A {id: 17}), (b:B) WHERE b.k > a.k RETURN b.name";
    std::string plan = Profile(q);
    EXPECT_THAT(plan, HasSubstr("NodeIndexRangeSeekOrLabelScan slot 1:B"));
    EXPECT_THAT(plan, HasSubstr("(rows=2"));
    EXPECT_THAT(Sorted(q), ElementsAre("'b8'", "'b9'"));
}

TEST_F(PlannerPartJoinTest, NullAndMissingValuesJoinNothing) {
    ASSERT_TRUE(Exec("CREATE (:A {id: 1000})").ok());  // no k
    EXPECT_THAT(*Exec("MATCH (a:A {id: 1000}), (b:B) WHERE b.k = a.k RETURN b.name"),
                ElementsAre());
    // Many rows on the first part: each seeks once; the join is complete.
    EXPECT_EQ(Sorted("MATCH (a:A), (b:B) WHERE b.k = a.k RETURN a.id, b.name").size(), 100u);
    // OPTIONAL MATCH keeps the row with nulls.
    EXPECT_THAT(*Exec("MATCH (a:A {id: 1000}) OPTIONAL MATCH (c:A {id: 3}), (b:B) "
                      "WHERE b.k = c.k RETURN a.id, b.name"),
                ElementsAre("1000 | 'b3'"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
