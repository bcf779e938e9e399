// UNWIND streams in bounded chunks (nested UNWINDs too) and range() fails with the
// memory-limit error instead of building a list larger than the query may hold.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cypher/exec/basic_ops.h"
#include "engine_test_util.h"

namespace nexus::cypher::testutil {
namespace {

using ::testing::ElementsAre;

exec::OpPtr UnwindList(exec::OpPtr input, size_t n, int slot) {
    List items;
    for (size_t i = 0; i < n; ++i) items.push_back(Value(static_cast<int64_t>(i)));
    return std::make_unique<exec::UnwindOp>(std::move(input), exec::MakeLiteral(Value(items)),
                                            slot);
}

TEST(ExecUnwindTest, NestedUnwindEmitsBoundedChunks) {
    ParamMap params;
    exec::ExecContext ctx(nullptr, nullptr, &params, 0);
    // 3 x 5000 rows: the inner list alone is longer than a chunk.
    exec::OpPtr plan = UnwindList(UnwindList(std::make_unique<exec::ArgumentOp>(), 3, 0), 5000, 1);
    auto cursor = plan->Open(ctx, exec::Row(2));
    ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
    exec::Chunk chunk;
    size_t total = 0, chunks = 0;
    int64_t expect_outer = 0, expect_inner = 0;
    while (true) {
        auto more = (*cursor)->Next(&chunk);
        ASSERT_TRUE(more.ok()) << more.status().ToString();
        if (!*more) break;
        ++chunks;
        EXPECT_LE(chunk.size(), exec::kChunkSize);
        for (const exec::Row& row : chunk.rows) {
            ASSERT_EQ(row[0].as_int(), expect_outer);
            ASSERT_EQ(row[1].as_int(), expect_inner);
            if (++expect_inner == 5000) {
                expect_inner = 0;
                ++expect_outer;
            }
        }
        total += chunk.size();
    }
    EXPECT_EQ(total, 15000u);
    EXPECT_GE(chunks, 15u);
}

class ExecUnwindEngineTest : public ::testing::Test, public EngineFixture {};

TEST_F(ExecUnwindEngineTest, HugeRangeHitsTheMemoryLimit) {
    memory_limit = size_t{1} << 30;
    Status st = Error("UNWIND range(1, 100000000) AS x RETURN count(*)");
    EXPECT_EQ(st.code(), StatusCode::kMemoryLimit) << st.ToString();
    st = Error("UNWIND range(1, 10) AS a UNWIND range(1, 100000000) AS x RETURN count(*)");
    EXPECT_EQ(st.code(), StatusCode::kMemoryLimit) << st.ToString();
    // A range that fits still works, and an empty or null range is no error.
    EXPECT_THAT(*Exec("UNWIND range(1, 300) AS a UNWIND range(1, 3000) AS b RETURN count(*), "
                      "sum(b)"),
                ElementsAre("900000 | 1350450000"));
    EXPECT_THAT(*Exec("UNWIND range(5, 1) AS x RETURN count(*)"), ElementsAre("0"));
    EXPECT_THAT(*Exec("RETURN range(1, null) AS r"), ElementsAre("null"));
}

TEST_F(ExecUnwindEngineTest, UnwindKeepsEarlierColumnsAndSkipsNull) {
    auto rows = Exec("WITH 7 AS k UNWIND [1, null, 3] AS x UNWIND [x, k] AS y RETURN k, x, y");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_THAT(*rows, ElementsAre("7 | 1 | 1", "7 | 1 | 7", "7 | null | null", "7 | null | 7",
                                   "7 | 3 | 3", "7 | 3 | 7"));
    EXPECT_THAT(*Exec("UNWIND null AS x RETURN count(*)"), ElementsAre("0"));
    EXPECT_THAT(*Exec("UNWIND 5 AS x RETURN x"), ElementsAre("5"));
}

}  // namespace
}  // namespace nexus::cypher::testutil
