// Property selectivity from sampled value counts: an equality on a key whose values are all
// different (an id, a name) is estimated at ~1 row and one on a flag at a large share of its
// label, with or without an index, so the start node follows the data rather than a fixed 10%.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class PlannerSelectivityTest : public ::testing::Test, public EngineFixture {
  protected:
    std::string Profile(const std::string& query) {
        auto r = Exec("PROFILE " + query);
        EXPECT_TRUE(r.ok()) << r.status().ToString();
        return last_plan;
    }
    // 300 :Item nodes with distinct names, all of kind 'y'; 40 :Group nodes with distinct g,
    // all of kind 'x'; each Item in one Group.
    void Load() {
        ASSERT_TRUE(Exec("UNWIND range(0, 39) AS g CREATE (:Group {kind: 'x', g: g})").ok());
        ASSERT_TRUE(Exec("UNWIND range(0, 299) AS i MATCH (g:Group {g: i % 40}) "
                         "CREATE (:Item {name: 'item' + toString(i), kind: 'y'})-[:IN]->(g)")
                        .ok());
    }
};

TEST_F(PlannerSelectivityTest, UniqueValuedKeyStartsTheScan) {
    Load();
    // Fixed 10%: Item 30 rows vs Group 4 rows, so the old estimate started from Group. The
    // sample says a name picks one Item and every Group has kind 'x'.
    const std::string q = "MATCH (i:Item {name: 'item7'})-[:IN]->(g:Group {kind: 'x'}) RETURN g.g";
    std::string plan = Profile(q);
    EXPECT_THAT(plan, HasSubstr("NodeIndexSeekOrLabelScan slot 0:Item"));
    EXPECT_THAT(plan, HasSubstr("Expand (0)->[id:IN](1)"));
    EXPECT_THAT(*Exec(q), ElementsAre("7"));
}

TEST_F(PlannerSelectivityTest, NonUniqueIndexUsesSampledRowsPerKey) {
    Load();
    ASSERT_TRUE(Exec("CREATE INDEX FOR (g:Group) ON (g.g)").ok());
    ASSERT_TRUE(Exec("CREATE INDEX FOR (i:Item) ON (i.kind)").ok());
    // Both sides seek an index: the old guess of 10 nodes per key made the Item side look
    // cheaper (fewer relationships per node); 300 Items share 'y', one Group has g 7.
    const std::string q = "MATCH (g:Group {g: 7})<-[:IN]-(i:Item {kind: 'y'}) RETURN i.name";
    std::string plan = Profile(q);
    EXPECT_THAT(plan, HasSubstr("NodeIndexSeekOrLabelScan slot 0:Group"));
    EXPECT_EQ(Sorted(q).size(), 8u);
}

TEST_F(PlannerSelectivityTest, AnswersAgreeWhateverTheStart) {
    Load();
    // A flag that matches nothing and keys absent from every node plan and answer.
    EXPECT_THAT(*Exec("MATCH (i:Item {name: 'none'})-[:IN]->(g:Group) RETURN g.g"), ElementsAre());
    EXPECT_THAT(*Exec("MATCH (i:Item {missing: 1})-[:IN]->(g:Group {kind: 'x'}) RETURN g.g"),
                ElementsAre());
    EXPECT_THAT(Sorted("MATCH (i:Item)-[:IN]->(g:Group {g: 3}) WHERE i.name < 'item2' "
                       "RETURN i.name"),
                ElementsAre("'item123'", "'item163'"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
