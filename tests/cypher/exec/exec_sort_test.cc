// ORDER BY with and without LIMIT: the bounded top-k gives what a full stable sort gives,
// keeps ties in input order, handles LIMIT 0 and SKIP past the end, and both forms charge
// the rows they hold to the query's memory limit (top-k only k of them).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ExecSortTest : public ::testing::Test, public EngineFixture {};

// A full ORDER BY (no LIMIT) is the reference: every window of it must come out of the
// bounded top-k unchanged, for keys with many ties and nulls.
TEST_F(ExecSortTest, TopKEqualsWindowsOfTheFullSort) {
    const std::string base =
        "UNWIND range(0, 499) AS i WITH i, (i * 7919) % 13 AS a, "
        "CASE WHEN i % 11 = 0 THEN null ELSE (i * 104729) % 5 END AS b "
        "RETURN i, a, b ORDER BY a DESC, b";
    auto full = Exec(base);
    ASSERT_TRUE(full.ok()) << full.status().ToString();
    ASSERT_EQ(full->size(), 500u);
    for (size_t skip : {0, 1, 37, 490, 499, 500, 800}) {
        for (size_t limit : {1, 3, 10, 64, 499, 1000}) {
            auto top =
                Exec(base + " SKIP " + std::to_string(skip) + " LIMIT " + std::to_string(limit));
            ASSERT_TRUE(top.ok()) << top.status().ToString();
            std::vector<std::string> expect;
            for (size_t k = skip; k < full->size() && k < skip + limit; ++k) {
                expect.push_back((*full)[k]);
            }
            EXPECT_EQ(*top, expect) << "SKIP " << skip << " LIMIT " << limit;
        }
    }
}

TEST_F(ExecSortTest, FullSortIsStableAndCorrectOnShuffledInput) {
    std::vector<int> values(300);
    for (int i = 0; i < 300; ++i) values[i] = i;
    std::shuffle(values.begin(), values.end(), std::mt19937(7));
    std::string list;
    for (int v : values) list += (list.empty() ? "" : ", ") + std::to_string(v);
    auto rows = Exec("UNWIND [" + list + "] AS v RETURN v ORDER BY v % 10, v DESC LIMIT 5");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("290", "280", "270", "260", "250"));
}

TEST_F(ExecSortTest, TiesKeepInputOrder) {
    // Every key ties: the rows come out in input order, with and without a LIMIT.
    auto rows = Exec("UNWIND [5, 3, 9, 1, 7, 2] AS v RETURN v ORDER BY 0 LIMIT 4");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("5", "3", "9", "1"));
    rows = Exec("UNWIND [5, 3, 9, 1, 7, 2] AS v RETURN v ORDER BY v % 2 SKIP 1 LIMIT 3");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    // Evens in input order (2), then odds in input order (5, 3, 9, 1, 7).
    EXPECT_THAT(*rows, ElementsAre("5", "3", "9"));
    rows = Exec("UNWIND [5, 3, 9, 1, 7, 2] AS v RETURN v ORDER BY v % 2 DESC");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("5", "3", "9", "1", "7", "2"));
}

TEST_F(ExecSortTest, LimitZeroAndSkipPastTheEnd) {
    auto rows = Exec("UNWIND range(1, 100) AS v RETURN v ORDER BY v LIMIT 0");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, IsEmpty());
    rows = Exec("UNWIND range(1, 100) AS v RETURN v ORDER BY v DESC SKIP 150 LIMIT 10");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, IsEmpty());
    rows = Exec("UNWIND range(1, 100) AS v RETURN v ORDER BY v DESC SKIP 98 LIMIT 10");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("2", "1"));
    rows = Exec("UNWIND [] AS v RETURN v ORDER BY v LIMIT 3");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, IsEmpty());
}

TEST_F(ExecSortTest, LimitZeroStillRunsWritesBelowTheSort) {
    auto rows =
        Exec("UNWIND range(1, 5) AS i CREATE (n:W {i: i}) RETURN n.i AS i ORDER BY i LIMIT 0");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, IsEmpty());
    EXPECT_THAT(*Exec("MATCH (n:W) RETURN count(n)"), ElementsAre("5"));
}

// 400k rows from small lists, so nothing but the sort holds much memory.
constexpr const char* kManyRows =
    "UNWIND range(1, 400) AS a UNWIND range(1, 1000) AS b WITH a * 1000 + b AS v ";

TEST_F(ExecSortTest, FullSortHitsTheMemoryLimit) {
    memory_limit = 8 << 20;
    Status st = Error(std::string(kManyRows) + "RETURN v ORDER BY v DESC");
    EXPECT_EQ(st.code(), StatusCode::kMemoryLimit) << st.ToString();
}

TEST_F(ExecSortTest, TopKHoldsOnlyKRows) {
    // The same input fits when only three rows are kept ...
    memory_limit = 8 << 20;
    auto rows = Exec(std::string(kManyRows) + "RETURN v ORDER BY v DESC LIMIT 3");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("401000", "400999", "400998"));
    // ... but not when SKIP + LIMIT asks for a quarter of them.
    Status st = Error(std::string(kManyRows) + "RETURN v ORDER BY v DESC SKIP 100000 LIMIT 5");
    EXPECT_EQ(st.code(), StatusCode::kMemoryLimit) << st.ToString();
}

}  // namespace
}  // namespace nexus::cypher::testutil
