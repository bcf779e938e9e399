// Range, prefix and IN-list index seeks pushed down from WHERE: the scan reads only the keys in
// range (PROFILE rows of the scan), answers equal a label scan's, and without an index the
// same plan scans the label.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class PlannerRangeTest : public ::testing::Test, public EngineFixture {
  protected:
    void SetUp() override {
        ASSERT_TRUE(
            Exec("UNWIND range(1, 100) AS i CREATE (:V {n: i, half: toFloat(i) / 2})").ok());
    }
    // PROFILE text of `query`.
    std::string Profile(const std::string& query, const ParamMap& params = {}) {
        auto r = Exec("PROFILE " + query, params);
        EXPECT_TRUE(r.ok()) << r.status().ToString();
        return last_plan;
    }
};

TEST_F(PlannerRangeTest, RangeSeekReadsOnlyTheRange) {
    const std::string q = "MATCH (v:V) WHERE v.n > 10 AND v.n <= $hi RETURN v.n ORDER BY v.n";
    ParamMap params{{"hi", Value(13)}};
    std::string scan = Profile(q, params);
    EXPECT_THAT(scan, HasSubstr("NodeIndexRangeSeekOrLabelScan slot 0:V n>10 n<=$hi"));
    EXPECT_THAT(scan, HasSubstr("rows=100"));  // no index yet: the label scan
    EXPECT_THAT(*Exec(q, params), ElementsAre("11", "12", "13"));

    ASSERT_TRUE(Exec("CREATE INDEX v_n FOR (v:V) ON (v.n)").ok());
    std::string seek = Profile(q, params);
    EXPECT_THAT(seek, Not(HasSubstr("rows=100")));
    EXPECT_THAT(*Exec(q, params), ElementsAre("11", "12", "13"));
    // Flipped comparison, one-sided bounds, floats against an int index.
    EXPECT_THAT(*Exec("MATCH (v:V) WHERE 98.5 < v.n RETURN v.n ORDER BY v.n"),
                ElementsAre("99", "100"));
    EXPECT_THAT(*Exec("MATCH (v:V) WHERE v.n < 2.5 RETURN v.n ORDER BY v.n"),
                ElementsAre("1", "2"));
    EXPECT_THAT(*Exec("MATCH (v:V) WHERE v.n >= 100 AND v.n < 100 RETURN v.n"), ElementsAre());
    EXPECT_THAT(*Exec("MATCH (v:V) WHERE v.n >= $x RETURN v.n", {{"x", Value()}}), ElementsAre());
}

TEST_F(PlannerRangeTest, InListSeeksEachKeyOnce) {
    ASSERT_TRUE(Exec("CREATE INDEX v_n FOR (v:V) ON (v.n)").ok());
    int before = graph.index_seeks();
    const std::string q = "MATCH (v:V) WHERE v.n IN $ids RETURN v.n ORDER BY v.n";
    EXPECT_THAT(
        *Exec(q, {{"ids", Value(List{Value(5), Value(5), Value(7.0), Value(), Value(500)})}}),
        ElementsAre("5", "7"));
    EXPECT_EQ(graph.index_seeks(), before + 4);  // 5, 5, 7.0 and 500; null is skipped
    EXPECT_THAT(*Exec(q, {{"ids", Value()}}), ElementsAre());
    EXPECT_THAT(*Exec(q, {{"ids", Value(List{})}}), ElementsAre());
    EXPECT_THAT(Profile("MATCH (v:V) WHERE v.n IN [1, 2] RETURN v.n"),
                HasSubstr("0:V n IN <expr> (rows=2"));
}

TEST_F(PlannerRangeTest, RangesOnBoundOrOrTermsAreNotPushed) {
    ASSERT_TRUE(Exec("CREATE INDEX v_n FOR (v:V) ON (v.n)").ok());
    // An OR is answered by the scan; a range on a variable bound earlier stays a filter.
    EXPECT_THAT(*Exec("MATCH (v:V) WHERE v.n < 2 OR v.n > 99 RETURN v.n ORDER BY v.n"),
                ElementsAre("1", "100"));
    ASSERT_TRUE(Exec("EXPLAIN MATCH (v:V) WHERE v.n < 2 OR v.n > 99 RETURN v.n").ok());
    EXPECT_THAT(last_plan, HasSubstr("NodeByLabelScan"));
    EXPECT_THAT(*Exec("MATCH (v:V {n: 3}) MATCH (w:V) WHERE w.n < v.n RETURN w.n ORDER BY w.n"),
                ElementsAre("1", "2"));
    ASSERT_TRUE(Exec("EXPLAIN MATCH (v:V {n: 3}) MATCH (w:V) WHERE w.n < v.n RETURN w.n").ok());
    EXPECT_THAT(last_plan, HasSubstr("n<v.n"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
