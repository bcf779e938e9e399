// BufferPool: the bound holds, pinned pages are never evicted, and loader errors are returned.
#include "storage/buffer_pool.h"

#include <vector>

#include <gtest/gtest.h>

namespace nexus::storage {
namespace {

Status Fill(uint8_t* out, uint8_t v) {
    out[0] = v;
    return Status::Ok();
}

TEST(BufferPoolTest, HitsMissesAndBound) {
    BufferPool pool(8 * kPageSize);
    for (PageId id = 0; id < 20; ++id) {
        auto ref = pool.Get(id, 0, [&](uint8_t* out) { return Fill(out, id); });
        ASSERT_TRUE(ref.ok());
        EXPECT_EQ(ref->data()[0], id);
    }
    EXPECT_EQ(pool.misses(), 20u);
    EXPECT_LE(pool.cached_pages(), 8u);
    EXPECT_EQ(pool.evictions(), 12u);
    auto again = pool.Get(19, 0, [&](uint8_t* out) { return Fill(out, 0); });
    EXPECT_EQ(again->data()[0], 19);
    EXPECT_EQ(pool.hits(), 1u);
}

TEST(BufferPoolTest, PinnedPagesSurviveAndOverflowIsUncached) {
    BufferPool pool(8 * kPageSize);
    std::vector<PageRef> pins;
    for (PageId id = 0; id < 8; ++id) {
        pins.push_back(*pool.Get(id, 1, [&](uint8_t* out) { return Fill(out, id); }));
    }
    auto extra = pool.Get(100, 1, [&](uint8_t* out) { return Fill(out, 7); });
    ASSERT_TRUE(extra.ok());
    EXPECT_EQ(extra->data()[0], 7);
    EXPECT_EQ(pool.cached_pages(), 8u);
    for (PageId id = 0; id < 8; ++id) EXPECT_EQ(pins[id].data()[0], id);
    pins.clear();
    ASSERT_TRUE(pool.Get(101, 1, [&](uint8_t* out) { return Fill(out, 1); }).ok());
    EXPECT_EQ(pool.evictions(), 1u);
}

TEST(BufferPoolTest, VersionsAreDistinctAndErasable) {
    BufferPool pool(8 * kPageSize);
    ASSERT_TRUE(pool.Get(1, 0, [&](uint8_t* out) { return Fill(out, 10); }).ok());
    auto v5 = pool.Get(1, 5, [&](uint8_t* out) { return Fill(out, 15); });
    EXPECT_EQ(v5->data()[0], 15);
    pool.Erase(1, 0);
    auto reloaded = pool.Get(1, 0, [&](uint8_t* out) { return Fill(out, 11); });
    EXPECT_EQ(reloaded->data()[0], 11);
}

TEST(BufferPoolTest, LoaderErrorIsReturnedAndNotCached) {
    BufferPool pool(8 * kPageSize);
    auto bad = pool.Get(3, 0, [](uint8_t*) { return Status(StatusCode::kCorruption, "page 3"); });
    EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
    EXPECT_EQ(pool.cached_pages(), 0u);
}

}  // namespace
}  // namespace nexus::storage
