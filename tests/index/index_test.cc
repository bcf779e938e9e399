// LabelIndex and PropertyIndex tests on MemPageStore: scans in id order, seeks with numeric
// equality across int/float, range bounds with Cypher comparison rules, composite keys,
// uniqueness, missing properties, and statistics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "index/label_index.h"
#include "index/property_index.h"
#include "storage/mem_page_store.h"

namespace nexus::index {
namespace {

std::vector<uint64_t> Drain(Result<NodeIdCursor> c) {
    std::vector<uint64_t> out;
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (!c.ok()) return out;
    while (c->Valid()) {
        out.push_back(c->node());
        EXPECT_TRUE(c->Next().ok());
    }
    return out;
}

class IndexTest : public ::testing::Test {
  protected:
    void SetUp() override { w_ = store_.BeginWrite(); }
    storage::MemPageStore store_;
    storage::PageWriter* w_ = nullptr;
};

TEST_F(IndexTest, LabelScanReturnsAscendingIdsOfOneLabel) {
    auto idx = LabelIndex::Create(w_);
    ASSERT_TRUE(idx.ok());
    std::map<uint32_t, std::set<uint64_t>> model;
    std::mt19937_64 rng(3);
    for (int i = 0; i < 20000; ++i) {
        uint32_t label = rng() % 4;
        if (i % 100 == 0) label = UINT32_MAX;  // the largest label has no prefix successor
        uint64_t node = rng() % 100000;
        if (rng() % 4 == 0) node = LabelIndex::kMaxNode - rng() % 3;
        if (rng() % 3 == 0) {
            auto removed = idx->Remove(w_, label, node);
            ASSERT_TRUE(removed.ok());
            EXPECT_EQ(*removed, model[label].erase(node) == 1);
        } else {
            ASSERT_TRUE(idx->Add(w_, label, node).ok());
            model[label].insert(node);
        }
    }
    for (auto& [label, nodes] : model) {
        auto got = Drain(idx->Scan(w_, label));
        EXPECT_EQ(got, std::vector<uint64_t>(nodes.begin(), nodes.end())) << label;
        auto down = Drain(idx->Scan(w_, label, ScanOrder::kDescending));
        EXPECT_EQ(down, std::vector<uint64_t>(nodes.rbegin(), nodes.rend())) << label;
        EXPECT_EQ(*idx->Count(w_, label), nodes.size());
    }
    EXPECT_TRUE(Drain(idx->Scan(w_, 17)).empty());
    uint64_t some = *model[1].begin();
    EXPECT_TRUE(*idx->Contains(w_, 1, some));
    EXPECT_FALSE(*idx->Contains(w_, 17, some));
}

TEST_F(IndexTest, BulkLoadedIndexesAnswerLikeIncrementalOnes) {
    auto labels = LabelIndex::Create(w_);
    ASSERT_TRUE(labels.ok());
    LabelIndex::Loader loader(w_, *labels);
    for (uint32_t label = 0; label < 3; ++label) {
        for (uint64_t n = label; n < 30000; n += 3) ASSERT_TRUE(loader.Add(label, n).ok());
    }
    ASSERT_TRUE(loader.Finish().ok());
    auto ones = Drain(labels->Scan(w_, 1));
    ASSERT_EQ(ones.size(), 10000u);
    EXPECT_EQ(ones.front(), 1u);
    EXPECT_EQ(ones.back(), 29998u);
    ASSERT_TRUE(labels->Add(w_, 1, 0).ok());  // and it stays writable
    EXPECT_EQ(*labels->Count(w_, 1), 10001u);

    auto props = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(props.ok());
    std::vector<std::string> keys;
    std::string key;
    for (uint64_t n = 0; n < 1000; ++n) {
        Value v(static_cast<int64_t>(n % 10));
        ASSERT_TRUE(*PropertyIndex::EntryKey({&v, 1}, n, &key));
        keys.push_back(key);
    }
    Value null_value(nullptr);
    EXPECT_FALSE(*PropertyIndex::EntryKey({&null_value, 1}, 1, &key));
    std::sort(keys.begin(), keys.end());
    BTree::Builder pb(w_, props->root());
    for (const auto& k : keys) ASSERT_TRUE(pb.Add(k, "").ok());
    ASSERT_TRUE(pb.Finish().ok());
    Value seven(7.0);
    auto sevens = Drain(props->Seek(w_, {&seven, 1}));
    ASSERT_EQ(sevens.size(), 100u);
    EXPECT_EQ(sevens[0], 7u);
    EXPECT_EQ(sevens[99], 997u);
}

TEST_F(IndexTest, IndexBulkLoadsSortDedupAndCheckUniqueness) {
    auto labels = LabelIndex::Create(w_);
    ASSERT_TRUE(labels.ok());
    std::vector<std::pair<uint32_t, uint64_t>> pairs{{2, 9}, {1, 5}, {2, 3}, {1, 5}, {1, 1}};
    ASSERT_TRUE(labels->BulkLoad(w_, pairs).ok());
    EXPECT_EQ(Drain(labels->Scan(w_, 1)), (std::vector<uint64_t>{1, 5}));
    EXPECT_EQ(Drain(labels->Scan(w_, 2)), (std::vector<uint64_t>{3, 9}));

    auto make_keys = [](const std::vector<std::pair<Value, uint64_t>>& rows) {
        std::vector<std::string> keys;
        for (const auto& [v, node] : rows) {
            std::string key;
            EXPECT_TRUE(*PropertyIndex::EntryKey({&v, 1}, node, &key));
            keys.push_back(key);
        }
        return keys;
    };
    auto unique = PropertyIndex::Create(w_, true);
    ASSERT_TRUE(unique.ok());
    auto keys = make_keys({{Value("b"), 2}, {Value("a"), 1}, {Value("a"), 1}});
    ASSERT_TRUE(unique->BulkLoad(w_, keys).ok());  // the same entry twice is fine
    Value a("a");
    EXPECT_EQ(Drain(unique->Seek(w_, {&a, 1})), std::vector<uint64_t>{1});
    auto clash = PropertyIndex::Create(w_, true);
    ASSERT_TRUE(clash.ok());
    Status st = clash->BulkLoad(w_, make_keys({{Value(7), 4}, {Value(7.0), 3}}));
    EXPECT_EQ(st.code(), StatusCode::kConstraintViolation);
    EXPECT_NE(st.message().find("nodes 3 and 4"), std::string::npos) << st.message();
    auto plain = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(plain.ok());
    ASSERT_TRUE(plain->BulkLoad(w_, make_keys({{Value(7), 4}, {Value(7.0), 3}})).ok());
    Value seven(7);
    EXPECT_EQ(Drain(plain->Seek(w_, {&seven, 1})), (std::vector<uint64_t>{3, 4}));
}

TEST_F(IndexTest, NextBatchCopiesIdsInOrder) {
    auto idx = LabelIndex::Create(w_);
    ASSERT_TRUE(idx.ok());
    for (uint64_t n = 0; n < 1000; ++n) ASSERT_TRUE(idx->Add(w_, 9, n * 2).ok());
    auto c = idx->Scan(w_, 9);
    ASSERT_TRUE(c.ok());
    std::vector<uint64_t> all;
    uint64_t batch[64];
    for (;;) {
        auto n = c->NextBatch(batch, 64);
        ASSERT_TRUE(n.ok());
        if (*n == 0) break;
        all.insert(all.end(), batch, batch + *n);
    }
    ASSERT_EQ(all.size(), 1000u);
    EXPECT_EQ(all[999], 1998u);
}

TEST_F(IndexTest, SeekTreatsIntAndFloatAsEqual) {
    auto idx = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(idx.ok());
    Value one(1), one_f(1.0), two("2");
    ASSERT_TRUE(idx->Add(w_, {&one, 1}, 10).ok());
    ASSERT_TRUE(idx->Add(w_, {&one_f, 1}, 11).ok());
    ASSERT_TRUE(idx->Add(w_, {&two, 1}, 12).ok());
    EXPECT_EQ(Drain(idx->Seek(w_, {&one, 1})), (std::vector<uint64_t>{10, 11}));
    EXPECT_EQ(Drain(idx->Seek(w_, {&one_f, 1})), (std::vector<uint64_t>{10, 11}));
    Value two_int(2);
    EXPECT_EQ(Drain(idx->Seek(w_, {&two_int, 1})), std::vector<uint64_t>{});  // not '2'
    EXPECT_EQ(Drain(idx->Seek(w_, {&two, 1})), std::vector<uint64_t>{12});
    ASSERT_TRUE(*idx->Remove(w_, {&one, 1}, 10));
    EXPECT_FALSE(*idx->Remove(w_, {&one, 1}, 10));
    EXPECT_EQ(Drain(idx->Seek(w_, {&one, 1})), std::vector<uint64_t>{11});
}

TEST_F(IndexTest, NullValuesAreNotIndexedAndMatchNothing) {
    auto idx = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(idx.ok());
    std::vector<Value> partial{Value("a"), Value(nullptr)};
    ASSERT_TRUE(idx->Add(w_, partial, 1).ok());
    EXPECT_EQ(BTree::Check(w_, idx->root())->entries, 0u);
    EXPECT_FALSE(*idx->Remove(w_, partial, 1));
    EXPECT_TRUE(Drain(idx->Seek(w_, partial)).empty());
    Value nan(std::nan(""));
    ASSERT_TRUE(idx->Add(w_, {&nan, 1}, 2).ok());
    EXPECT_TRUE(Drain(idx->Seek(w_, {&nan, 1})).empty());  // NaN = NaN is false
}

TEST_F(IndexTest, RangeFollowsCypherComparison) {
    auto idx = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(idx.ok());
    std::vector<Value> values{Value(-std::numeric_limits<double>::infinity()),
                              Value(-3),
                              Value(1),
                              Value(1.5),
                              Value(2),
                              Value(3.0),
                              Value(10),
                              Value(std::numeric_limits<double>::infinity()),
                              Value(std::nan("")),
                              Value("1"),
                              Value("abc"),
                              Value(true),
                              Value(Date{3})};
    for (size_t i = 0; i < values.size(); ++i) ASSERT_TRUE(idx->Add(w_, {&values[i], 1}, i).ok());
    using B = PropertyIndex::Bound;
    auto range = [&](const B* lo, const B* hi) { return Drain(idx->Range(w_, lo, hi)); };
    B gt1{Value(1), false}, ge1{Value(1.0), true}, lt3{Value(3), false}, le3{Value(3), true};
    EXPECT_EQ(range(&gt1, &lt3), (std::vector<uint64_t>{3, 4}));
    EXPECT_EQ(range(&ge1, &le3), (std::vector<uint64_t>{2, 3, 4, 5}));
    // Open-ended ranges stay within the numbers and leave out NaN.
    EXPECT_EQ(range(&gt1, nullptr), (std::vector<uint64_t>{3, 4, 5, 6, 7}));
    EXPECT_EQ(range(nullptr, &lt3), (std::vector<uint64_t>{0, 1, 2, 3, 4}));
    B ge_a{Value("a"), true}, lt_b{Value("b"), false};
    EXPECT_EQ(range(&ge_a, nullptr), std::vector<uint64_t>{10});
    EXPECT_EQ(range(nullptr, &lt_b), (std::vector<uint64_t>{9, 10}));
    EXPECT_TRUE(range(&gt1, &lt_b).empty());  // 1 < n.p < 'b' is never true
    B null_bound{Value(nullptr), true}, nan_bound{Value(std::nan("")), true};
    EXPECT_TRUE(range(&null_bound, nullptr).empty());
    EXPECT_TRUE(range(nullptr, &nan_bound).empty());
    B empty_lo{Value(5), true}, empty_hi{Value(4), true};
    EXPECT_TRUE(range(&empty_lo, &empty_hi).empty());
    B date_lo{Value(Date{0}), true};
    EXPECT_EQ(range(&date_lo, nullptr), std::vector<uint64_t>{12});
    EXPECT_EQ(idx->Range(w_, nullptr, nullptr).status().code(), StatusCode::kInvalidArgument);
}

// Cypher's <, <=, >, >= between two non-null property values: nullopt when incomparable
// (different types, or NaN involved).
std::optional<int> CypherCompare(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) {
        double x = a.as_number(), y = b.as_number();  // the pool below is exact in double
        if (std::isnan(x) || std::isnan(y)) return std::nullopt;
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.kind() != b.kind()) return std::nullopt;
    if (a.is_string()) {
        int c = a.as_string().compare(b.as_string());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (a.is_bool()) return int(a.as_bool()) - int(b.as_bool());
    return std::nullopt;
}

TEST_F(IndexTest, RandomSeeksAndRangesMatchAFilteredScan) {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<Value> pool{Value(-5),
                                  Value(-1),
                                  Value(0),
                                  Value(1),
                                  Value(3),
                                  Value(-2.5),
                                  Value(0.5),
                                  Value(1.0),
                                  Value(3.0),
                                  Value(-0.0),
                                  Value(std::nan("")),
                                  Value(inf),
                                  Value(-inf),
                                  Value(""),
                                  Value("a"),
                                  Value(std::string("a\0", 2)),
                                  Value("ab"),
                                  Value("b"),
                                  Value(true),
                                  Value(false)};
    auto idx = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(idx.ok());
    std::map<uint64_t, Value> model;  // node -> its indexed value
    std::mt19937_64 rng(5);
    for (int step = 0; step < 4000; ++step) {
        uint64_t node = rng() % 300;
        auto it = model.find(node);
        if (it != model.end()) {
            ASSERT_TRUE(*idx->Remove(w_, {&it->second, 1}, node));
            model.erase(it);
        }
        if (rng() % 4 != 0) {
            const Value& v = pool[rng() % pool.size()];
            ASSERT_TRUE(idx->Add(w_, {&v, 1}, node).ok());
            model.emplace(node, v);
        }
        if (step % 20 != 0) continue;
        // A seek and a range with random bounds, against a scan of the model.
        const Value& probe = pool[rng() % pool.size()];
        std::vector<uint64_t> want;
        for (const auto& [n, v] : model) {
            auto c = CypherCompare(v, probe);
            if (c && *c == 0) want.push_back(n);
        }
        auto got = Drain(idx->Seek(w_, {&probe, 1}));
        std::sort(got.begin(), got.end());
        ASSERT_EQ(got, want) << "seek " << probe.ToString();
        PropertyIndex::Bound lo{pool[rng() % pool.size()], rng() % 2 == 0};
        PropertyIndex::Bound hi{pool[rng() % pool.size()], rng() % 2 == 0};
        int shape = static_cast<int>(rng() % 3);  // both bounds, lower only, upper only
        const PropertyIndex::Bound* lo_ptr = shape == 2 ? nullptr : &lo;
        const PropertyIndex::Bound* hi_ptr = shape == 1 ? nullptr : &hi;
        want.clear();
        for (const auto& [n, v] : model) {
            bool keep = true;
            if (lo_ptr) {
                auto c = CypherCompare(v, lo.value);
                keep = keep && c && (*c > 0 || (*c == 0 && lo.inclusive));
            }
            if (hi_ptr) {
                auto c = CypherCompare(v, hi.value);
                keep = keep && c && (*c < 0 || (*c == 0 && hi.inclusive));
            }
            if (keep) want.push_back(n);
        }
        got = Drain(idx->Range(w_, lo_ptr, hi_ptr));
        auto backward = Drain(idx->Range(w_, lo_ptr, hi_ptr, ScanOrder::kDescending));
        std::reverse(backward.begin(), backward.end());
        ASSERT_EQ(backward, got);  // the exact reverse of the ascending (value, id) order
        std::sort(got.begin(), got.end());
        ASSERT_EQ(got, want) << (lo_ptr ? lo.value.ToString() : "-") << " .. "
                             << (hi_ptr ? hi.value.ToString() : "-");
    }
}

TEST_F(IndexTest, StartsWithScansOneStringPrefix) {
    auto idx = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(idx.ok());
    std::vector<Value> values{
        Value("ab"), Value("abc"), Value("abd"), Value("ac"), Value(std::string("ab\0", 3)),
        Value("a"),  Value(5)};
    for (size_t i = 0; i < values.size(); ++i) ASSERT_TRUE(idx->Add(w_, {&values[i], 1}, i).ok());
    EXPECT_EQ(Drain(idx->StartsWith(w_, "ab")), (std::vector<uint64_t>{0, 4, 1, 2}));
    EXPECT_EQ(Drain(idx->StartsWith(w_, "")), (std::vector<uint64_t>{5, 0, 4, 1, 2, 3}));
    EXPECT_TRUE(Drain(idx->StartsWith(w_, "b")).empty());
}

TEST_F(IndexTest, CompositeKeysSeekByFullKeyOrPrefix) {
    auto idx = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(idx.ok());
    std::vector<std::vector<Value>> rows{{Value("x"), Value(1)},
                                         {Value("x"), Value(2)},
                                         {Value("x"), Value(2.0)},
                                         {Value("xy"), Value(1)},
                                         {Value("y"), Value(1)}};
    for (size_t i = 0; i < rows.size(); ++i) ASSERT_TRUE(idx->Add(w_, rows[i], i).ok());
    std::vector<Value> key{Value("x"), Value(2)};
    EXPECT_EQ(Drain(idx->Seek(w_, key)), (std::vector<uint64_t>{1, 2}));
    EXPECT_EQ(Drain(idx->Seek(w_, {key.data(), 1})), (std::vector<uint64_t>{0, 1, 2}));
    PropertyIndex::Bound lo{Value("x"), false};
    EXPECT_EQ(Drain(idx->Range(w_, &lo, nullptr)), (std::vector<uint64_t>{3, 4}));
    PropertyIndex::Bound hi{Value("xy"), true};
    EXPECT_EQ(Drain(idx->Range(w_, nullptr, &hi)), (std::vector<uint64_t>{0, 1, 2, 3}));
}

TEST_F(IndexTest, UniqueIndexRejectsASecondNode) {
    auto idx = PropertyIndex::Create(w_, true);
    ASSERT_TRUE(idx.ok());
    Value email("a@b.c"), one(1), one_f(1.0);
    ASSERT_TRUE(idx->Add(w_, {&email, 1}, 5).ok());
    ASSERT_TRUE(idx->Add(w_, {&email, 1}, 5).ok());  // same node again: no change
    Status st = idx->Add(w_, {&email, 1}, 6);
    EXPECT_EQ(st.code(), StatusCode::kConstraintViolation);
    EXPECT_NE(st.message().find("'a@b.c'"), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("node 5"), std::string::npos) << st.message();
    ASSERT_TRUE(idx->Add(w_, {&one, 1}, 7).ok());
    EXPECT_EQ(idx->Add(w_, {&one_f, 1}, 8).code(), StatusCode::kConstraintViolation);
    // After the holder lets go, another node may take the key.
    ASSERT_TRUE(*idx->Remove(w_, {&email, 1}, 5));
    EXPECT_TRUE(idx->Add(w_, {&email, 1}, 6).ok());
    EXPECT_EQ(Drain(idx->Seek(w_, {&email, 1})), std::vector<uint64_t>{6});
}

TEST_F(IndexTest, UnindexableValuesAreRejected) {
    auto idx = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(idx.ok());
    Value map(Map{{"a", Value(1)}});
    EXPECT_EQ(idx->Add(w_, {&map, 1}, 1).code(), StatusCode::kInvalidArgument);
}

TEST_F(IndexTest, StatsCountEntriesAndDistinctValues) {
    auto idx = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(idx.ok());
    for (uint64_t n = 0; n < 100000; ++n) {
        Value v(static_cast<int64_t>(n % 1000));  // 1000 distinct values, 100 nodes each
        ASSERT_TRUE(idx->Add(w_, {&v, 1}, n).ok());
    }
    auto exact = idx->Stats(w_, 1000000);
    ASSERT_TRUE(exact.ok());
    EXPECT_FALSE(exact->sampled);
    EXPECT_EQ(exact->entries, 100000u);
    EXPECT_EQ(exact->distinct_keys, 1000u);
    auto sampled = idx->Stats(w_, 16);
    ASSERT_TRUE(sampled.ok());
    EXPECT_TRUE(sampled->sampled);
    EXPECT_NEAR(double(sampled->entries), 100000.0, 20000.0);
    EXPECT_NEAR(double(sampled->distinct_keys), 1000.0, 500.0);
    auto empty = PropertyIndex::Create(w_, false);
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->Stats(w_)->entries, 0u);
}

TEST_F(IndexTest, DestroyFreesTheIndexPages) {
    auto idx = LabelIndex::Create(w_);
    ASSERT_TRUE(idx.ok());
    for (uint64_t n = 0; n < 50000; ++n) ASSERT_TRUE(idx->Add(w_, 1, n).ok());
    store_.Commit();
    w_ = store_.BeginWrite();
    size_t pages = store_.committed_pages();
    ASSERT_TRUE(idx->Destroy(w_).ok());
    store_.Commit();
    w_ = store_.BeginWrite();
    auto again = LabelIndex::Create(w_);
    ASSERT_TRUE(again.ok());
    for (uint64_t n = 0; n < 50000; ++n) ASSERT_TRUE(again->Add(w_, 1, n).ok());
    store_.Commit();
    EXPECT_EQ(store_.committed_pages(), pages);
}

}  // namespace
}  // namespace nexus::index
