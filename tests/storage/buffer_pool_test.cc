// BufferPool: the bound holds, pinned pages are never evicted, and loader errors are returned.
#include "storage/buffer_pool.h"

#include <memory>
#include <random>
#include <set>
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

// Random puts, erases and lookups: every image carries its own key's tag, so a hit that
// returns another key's page shows, and an erased key must miss until it is cached again.
// Exercises the pool's open-addressing index (backward-shift deletes) under churn.
TEST(BufferPoolTest, IndexAgreesWithModelUnderChurn) {
    BufferPool pool(64 * kPageSize);  // one shard of 64 slots
    auto tag = [](PageId id, uint64_t version) { return static_cast<uint8_t>(id * 6 + version); };
    std::set<std::pair<PageId, uint64_t>> absent;  // erased, not cached since
    std::mt19937 rng(5);
    int hits = 0;
    for (int step = 0; step < 50000; ++step) {
        PageId id = rng() % 40;
        uint64_t version = rng() % 6;
        auto key = std::make_pair(id, version);
        switch (rng() % 3) {
            case 0: {
                auto page = std::make_shared<PageBuf>();
                (*page)[0] = tag(id, version);
                pool.Put(id, version, page);
                absent.erase(key);
                break;
            }
            case 1:
                pool.Erase(id, version);
                absent.insert(key);
                break;
            default: {
                bool loaded = false;
                auto ref = pool.Get(id, version, [&](uint8_t* out) {
                    loaded = true;
                    return Fill(out, tag(id, version));
                });
                ASSERT_TRUE(ref.ok());
                ASSERT_EQ(ref->data()[0], tag(id, version)) << "step " << step;
                if (absent.count(key)) ASSERT_TRUE(loaded) << "erased key found, step " << step;
                hits += !loaded;
                absent.erase(key);
            }
        }
        ASSERT_LE(pool.cached_pages(), 64u);
    }
    EXPECT_GT(hits, 1000);
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
