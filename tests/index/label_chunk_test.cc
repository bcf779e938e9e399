// The label index's chunk values (label_chunk.h) and what they buy: each encoding round-trips
// and is the smallest, damaged or old-format values are refused (never misread), and dense
// labels take a handful of pages while single-node adds and removes stay exact.
#include "index/label_chunk.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

#include "index/btree.h"
#include "index/label_index.h"
#include "index/property_index.h"
#include "storage/mem_page_store.h"

namespace nexus::index {
namespace {

using label_chunk::Bits;

Bits FromSet(const std::set<uint32_t>& s) {
    Bits b{};
    for (uint32_t i : s) b[i / 64] |= uint64_t{1} << (i % 64);
    return b;
}

std::set<uint32_t> RoundTrip(const std::set<uint32_t>& s, std::string* value) {
    label_chunk::Encode(FromSet(s), value);
    Bits back;
    EXPECT_TRUE(label_chunk::Decode(*value, &back).ok());
    std::set<uint32_t> out;
    uint64_t ids[label_chunk::kIds];
    size_t n = 0;
    label_chunk::AppendIds(back, 0, ids, &n);
    out.insert(ids, ids + n);
    EXPECT_EQ(label_chunk::Count(back), s.size());
    return out;
}

TEST(LabelChunkTest, EachEncodingRoundTripsAndIsTheSmallest) {
    std::string v;
    std::set<uint32_t> few{0, 7, 4095};
    EXPECT_EQ(RoundTrip(few, &v), few);
    EXPECT_EQ(v.size(), 7u);  // array: kind + 3 x u16
    EXPECT_EQ(v[0], char{label_chunk::kArray});

    std::set<uint32_t> runs;
    for (uint32_t i = 0; i < 4096; ++i) {
        if (i < 1000 || (i >= 1063 && i < 1130) || i >= 4000) runs.insert(i);
    }
    EXPECT_EQ(RoundTrip(runs, &v), runs);
    EXPECT_EQ(v.size(), 13u);  // runs: kind + 3 x (first, last)
    EXPECT_EQ(v[0], char{label_chunk::kRuns});

    std::set<uint32_t> all;
    for (uint32_t i = 0; i < 4096; ++i) all.insert(i);
    EXPECT_EQ(RoundTrip(all, &v), all);
    EXPECT_EQ(v.size(), 5u);

    std::set<uint32_t> evens;
    for (uint32_t i = 0; i < 4096; i += 2) evens.insert(i);
    EXPECT_EQ(RoundTrip(evens, &v), evens);
    EXPECT_EQ(v.size(), label_chunk::kBitmapBytes);

    std::mt19937 rng(5);
    for (int density : {1, 10, 60, 200, 1000, 3000}) {
        std::set<uint32_t> s;
        for (int i = 0; i < density; ++i) s.insert(rng() % 4096);
        EXPECT_EQ(RoundTrip(s, &v), s) << density;
        EXPECT_LE(v.size(), label_chunk::kBitmapBytes);
        EXPECT_LE(v.size(), 1 + 2 * s.size());
    }
}

TEST(LabelChunkTest, DamagedValuesAreRefused) {
    Bits b;
    auto bad = [&](std::string v) {
        Status st = label_chunk::Decode(v, &b);
        return st.code() == StatusCode::kCorruption;
    };
    EXPECT_TRUE(bad(""));                                      // format 1 stored empty values
    EXPECT_TRUE(bad(std::string("\x01", 1)));                  // array without offsets
    EXPECT_TRUE(bad(std::string("\x01\x05\x00\x03\x00", 5)));  // descending
    EXPECT_TRUE(bad(std::string("\x01\x05\x00\x05\x00", 5)));  // repeated
    EXPECT_TRUE(bad(std::string("\x01\x00\x10", 3)));          // offset 4096
    EXPECT_TRUE(bad(std::string("\x01\x05\x00\x03", 4)));      // odd length
    EXPECT_TRUE(bad(std::string("\x02\x05\x00\x03\x00", 5)));  // first > last
    EXPECT_TRUE(bad(std::string("\x02\x00\x00\x03\x00\x04\x00\x05\x00", 9)));  // touching
    EXPECT_TRUE(bad(std::string("\x03\x00\x00", 3)));                          // unknown kind
    EXPECT_TRUE(bad(std::string(label_chunk::kBitmapBytes, '\0')));            // empty bitmap
    EXPECT_FALSE(bad(std::string("\x02\x00\x00\x03\x00\x05\x00\x05\x00", 9)));
}

class LabelIndexFormatTest : public ::testing::Test {
  protected:
    void SetUp() override { w_ = store_.BeginWrite(); }
    std::vector<uint64_t> All(const LabelIndex& idx, uint32_t label, ScanOrder order) {
        auto c = idx.Scan(w_, label, order);
        EXPECT_TRUE(c.ok());
        std::vector<uint64_t> out;
        uint64_t batch[100];
        for (;;) {
            auto n = c->NextBatch(batch, 100);
            EXPECT_TRUE(n.ok());
            if (!n.ok() || *n == 0) break;
            out.insert(out.end(), batch, batch + *n);
        }
        return out;
    }
    storage::MemPageStore store_;
    storage::PageWriter* w_ = nullptr;
};

TEST_F(LabelIndexFormatTest, AnOldFormatEntryIsAnErrorNotAMisread) {
    auto idx = LabelIndex::Create(w_);
    ASSERT_TRUE(idx.ok());
    // Format 1: one entry per pair, label + node id (12 bytes), empty value.
    ASSERT_TRUE(BTree::Insert(w_, idx->root(), LabelIndex::PairKey(3, 42), "").ok());
    auto c = idx->Scan(w_, 3);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kCorruption);
    EXPECT_NE(c.status().message().find("older format"), std::string::npos);
    EXPECT_FALSE(idx->Count(w_, 3).ok());
    EXPECT_FALSE(idx->ForEach(w_, [](uint32_t, uint64_t) {}).ok());
}

TEST_F(LabelIndexFormatTest, DenseLabelsTakeAFewPagesAndStayExact) {
    auto idx = LabelIndex::Create(w_);
    ASSERT_TRUE(idx.ok());
    LabelIndex::Loader loader(w_, *idx);
    std::set<uint64_t> odd, all;
    for (uint64_t n = 0; n < 1'000'000; ++n) ASSERT_TRUE(loader.Add(1, n).ok());
    for (uint64_t n = 1; n < 200'000; n += 2) ASSERT_TRUE(loader.Add(2, n).ok());
    ASSERT_TRUE(loader.Finish().ok());
    auto stats = BTree::Check(w_, idx->root());
    ASSERT_TRUE(stats.ok());
    // 245 one-run chunks and 49 half-full bitmaps (~31 KB); format 1 took ~2400 pages.
    EXPECT_LE(stats->leaf_pages + stats->internal_pages, 6u);
    EXPECT_EQ(*idx->Count(w_, 1), 1'000'000u);
    EXPECT_EQ(*idx->Count(w_, 2), 100'000u);

    // Single-node writes move chunks between encodings and keep counts exact.
    for (uint64_t n = 5000; n < 5200; n += 3) ASSERT_TRUE(*idx->Remove(w_, 1, n));
    EXPECT_FALSE(*idx->Remove(w_, 1, 5000));
    EXPECT_FALSE(*idx->Remove(w_, 2, 4));
    ASSERT_TRUE(idx->Add(w_, 2, 4).ok());
    ASSERT_TRUE(idx->Add(w_, 2, 4).ok());                                         // twice is once
    for (uint64_t n = 8192; n < 12288; ++n) ASSERT_TRUE(*idx->Remove(w_, 1, n));  // a chunk
    EXPECT_EQ(*idx->Count(w_, 1), 1'000'000u - 67 - 4096);
    EXPECT_EQ(*idx->Count(w_, 2), 100'001u);
    EXPECT_TRUE(*idx->Contains(w_, 2, 4));
    EXPECT_FALSE(*idx->Contains(w_, 1, 5003));
    EXPECT_FALSE(*idx->Contains(w_, 1, 9000));

    std::vector<uint64_t> up = All(*idx, 2, ScanOrder::kAscending);
    ASSERT_EQ(up.size(), 100'001u);
    EXPECT_TRUE(std::is_sorted(up.begin(), up.end()));
    EXPECT_EQ(up[0], 1u);
    EXPECT_EQ(up[2], 4u);
    std::vector<uint64_t> down = All(*idx, 1, ScanOrder::kDescending);
    ASSERT_EQ(down.size(), 1'000'000u - 67 - 4096);
    EXPECT_EQ(down.front(), 999'999u);
    EXPECT_EQ(down.back(), 0u);
    EXPECT_TRUE(std::is_sorted(down.rbegin(), down.rend()));

    uint64_t pairs = 0, last = 0;
    bool ordered = true;
    ASSERT_TRUE(idx->ForEach(w_,
                             [&](uint32_t label, uint64_t node) {
                                 uint64_t k = (uint64_t{label} << 40) | node;
                                 ordered = ordered && (pairs == 0 || k > last);
                                 last = k;
                                 ++pairs;
                             })
                    .ok());
    EXPECT_TRUE(ordered);
    EXPECT_EQ(pairs, 1'000'000u - 67 - 4096 + 100'001u);
}

TEST_F(LabelIndexFormatTest, IdsPastTheKeyRangeAreRefused) {
    auto idx = LabelIndex::Create(w_);
    ASSERT_TRUE(idx.ok());
    EXPECT_EQ(idx->Add(w_, 1, LabelIndex::kMaxNode + 1).code(), StatusCode::kInvalidArgument);
    ASSERT_TRUE(idx->Add(w_, 1, LabelIndex::kMaxNode).ok());
    EXPECT_EQ(All(*idx, 1, ScanOrder::kDescending), std::vector<uint64_t>{LabelIndex::kMaxNode});
    EXPECT_FALSE(*idx->Contains(w_, 1, LabelIndex::kMaxNode + 1));
}

// Property index keys end in 5-byte node ids; a larger id is refused, never truncated.
TEST_F(LabelIndexFormatTest, PropertyIndexNodeIdsAreFiveBytes) {
    auto idx = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(idx.ok());
    Value v(int64_t{618475290625});
    const uint64_t top = (uint64_t{1} << 40) - 1;
    ASSERT_TRUE(idx->Add(w_, {&v, 1}, top).ok());
    ASSERT_TRUE(idx->Add(w_, {&v, 1}, 7).ok());
    EXPECT_EQ(idx->Add(w_, {&v, 1}, top + 1).code(), StatusCode::kInvalidArgument);
    std::string key;
    EXPECT_FALSE(PropertyIndex::EntryKey({&v, 1}, top + 1, &key).ok());
    ASSERT_TRUE(*PropertyIndex::EntryKey({&v, 1}, 7, &key));
    EXPECT_EQ(key.size(), 15u);  // 10-byte value + 5-byte id (was 20)
    auto c = idx->Seek(w_, {&v, 1});
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(c->Valid());
    EXPECT_EQ(c->node(), 7u);
    ASSERT_TRUE(c->Next().ok());
    EXPECT_EQ(c->node(), top);
    EXPECT_FALSE(*idx->Remove(w_, {&v, 1}, top + 1));
    EXPECT_TRUE(*idx->Remove(w_, {&v, 1}, top));
}

}  // namespace
}  // namespace nexus::index
