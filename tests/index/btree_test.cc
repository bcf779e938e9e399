// BTree tests on MemPageStore: a std::map model under random operations, splits and merges
// at every level, range scans, snapshot isolation, page reuse, bulk load and corruption.
#include "index/btree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "index/btree_node.h"
#include "storage/mem_page_store.h"

namespace nexus::index {
namespace {

using storage::MemPageStore;
using Model = std::map<std::string, std::string>;

std::string RandomBytes(std::mt19937_64& rng, size_t len) {
    std::string s(len, '\0');
    for (auto& c : s) c = static_cast<char>(rng() % 4 == 0 ? 0 : rng() & 0xFF);
    return s;
}

std::string Key(uint64_t i) {
    char buf[32];
    snprintf(buf, sizeof(buf), "key%012llu", static_cast<unsigned long long>(i));
    return buf;
}

std::vector<std::pair<std::string, std::string>> ScanAll(storage::PageReader* r, PageId root) {
    std::vector<std::pair<std::string, std::string>> out;
    BTree::Cursor c(r, root);
    EXPECT_TRUE(c.SeekToFirst().ok());
    while (c.Valid()) {
        out.emplace_back(c.key(), c.value());
        EXPECT_TRUE(c.Next().ok());
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> ScanAllBackward(storage::PageReader* r,
                                                                 PageId root) {
    std::vector<std::pair<std::string, std::string>> out;
    BTree::Cursor c(r, root);
    EXPECT_TRUE(c.SeekToLast().ok());
    while (c.Valid()) {
        out.emplace_back(c.key(), c.value());
        EXPECT_TRUE(c.Prev().ok());
    }
    std::reverse(out.begin(), out.end());
    return out;
}

void ExpectMatches(storage::PageReader* r, PageId root, const Model& model) {
    auto stats = BTree::Check(r, root);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->entries, model.size());
    auto scanned = ScanAll(r, root);
    ASSERT_EQ(scanned.size(), model.size());
    size_t i = 0;
    for (const auto& [k, v] : model) {
        EXPECT_EQ(scanned[i].first, k);
        EXPECT_EQ(scanned[i].second, v);
        ++i;
    }
    EXPECT_TRUE(ScanAllBackward(r, root) == scanned);
}

// Seek and SeekForPrev at random probes, both inclusive and exclusive, against the model.
void ExpectSeeksMatch(storage::PageReader* r, PageId root, const Model& model,
                      std::mt19937_64& rng) {
    BTree::Cursor c(r, root);
    for (int i = 0; i < 200; ++i) {
        std::string probe = Key(rng() % 3000);
        if (rng() % 2) probe.resize(rng() % probe.size());
        bool inclusive = rng() % 2;
        ASSERT_TRUE(c.Seek(probe, inclusive).ok());
        auto it = inclusive ? model.lower_bound(probe) : model.upper_bound(probe);
        ASSERT_EQ(c.Valid(), it != model.end()) << probe;
        if (c.Valid()) {
            EXPECT_EQ(c.key(), it->first);
        }
        ASSERT_TRUE(c.SeekForPrev(probe, inclusive).ok());
        auto after = inclusive ? model.upper_bound(probe) : model.lower_bound(probe);
        ASSERT_EQ(c.Valid(), after != model.begin()) << probe;
        if (c.Valid()) {
            EXPECT_EQ(c.key(), std::prev(after)->first);
        }
    }
}

class BTreeTest : public ::testing::Test {
  protected:
    void SetUp() override {
        w_ = store_.BeginWrite();
        auto root = BTree::Create(w_);
        ASSERT_TRUE(root.ok());
        root_ = *root;
    }
    void Commit() {
        store_.Commit();
        w_ = store_.BeginWrite();
    }
    void Put(std::string_view k, std::string_view v) {
        ASSERT_TRUE(BTree::Insert(w_, root_, k, v).ok());
    }
    std::optional<std::string> Get(storage::PageReader* r, std::string_view k) {
        auto got = BTree::Get(r, root_, k);
        EXPECT_TRUE(got.ok()) << got.status().ToString();
        return got.ok() ? *got : std::nullopt;
    }

    MemPageStore store_;
    storage::PageWriter* w_ = nullptr;
    PageId root_ = 0;
};

TEST_F(BTreeTest, EmptyTree) {
    EXPECT_EQ(Get(w_, "a"), std::nullopt);
    auto stats = BTree::Check(w_, root_);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->entries, 0u);
    EXPECT_EQ(stats->height, 1u);
    EXPECT_TRUE(ScanAll(w_, root_).empty());
    auto erased = BTree::Erase(w_, root_, "a");
    ASSERT_TRUE(erased.ok());
    EXPECT_FALSE(*erased);
}

TEST_F(BTreeTest, UpsertReplacesValueOfAnySize) {
    Put("k", "one");
    Put("k", "two");
    EXPECT_EQ(Get(w_, "k"), "two");
    Put("k", std::string(500, 'x'));
    EXPECT_EQ(Get(w_, "k"), std::string(500, 'x'));
    Put("k", "");
    EXPECT_EQ(Get(w_, "k"), "");
    EXPECT_EQ(BTree::Check(w_, root_)->entries, 1u);
}

TEST_F(BTreeTest, RejectsOversizedEntries) {
    auto st = BTree::Insert(w_, root_, std::string(BTree::kMaxKeySize + 1, 'k'), "");
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    st = BTree::Insert(w_, root_, "k", std::string(BTree::kMaxValueSize + 1, 'v'));
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    Put(std::string(BTree::kMaxKeySize, 'k'), std::string(BTree::kMaxValueSize, 'v'));
    EXPECT_EQ(Get(w_, std::string(BTree::kMaxKeySize, 'k')),
              std::string(BTree::kMaxValueSize, 'v'));
}

TEST_F(BTreeTest, EmptyKeyAndBinaryKeys) {
    Put("", "empty");
    Put(std::string("\0", 1), "zero");
    Put(std::string("\xff\xff", 2), "ff");
    EXPECT_EQ(Get(w_, ""), "empty");
    EXPECT_EQ(Get(w_, std::string("\0", 1)), "zero");
    auto all = ScanAll(w_, root_);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].second, "empty");
    EXPECT_EQ(all[2].second, "ff");  // memcmp order: 0xff sorts last
}

// Random operations against std::map, with commits in between, for several seeds.
class BTreeModelTest : public BTreeTest, public ::testing::WithParamInterface<int> {};

TEST_P(BTreeModelTest, RandomOpsMatchModel) {
    std::mt19937_64 rng(GetParam());
    Model model;
    const int kOps = 20000;
    for (int op = 0; op < kOps; ++op) {
        uint64_t roll = rng() % 100;
        // A small key space so that erases and overwrites hit existing keys.
        // Odd seeds pad keys so separators stay long and the tree grows to three levels.
        std::string key = std::string(GetParam() % 2 ? 400 : 0, 'q') + Key(rng() % 3000);
        if (rng() % 10 == 0) key += RandomBytes(rng, rng() % 300);
        if (roll < 55) {
            std::string value = RandomBytes(rng, rng() % 10 == 0 ? rng() % 513 : rng() % 20);
            ASSERT_TRUE(BTree::Insert(w_, root_, key, value).ok());
            model[key] = value;
        } else if (roll < 85) {
            auto erased = BTree::Erase(w_, root_, key);
            ASSERT_TRUE(erased.ok()) << erased.status().ToString();
            EXPECT_EQ(*erased, model.erase(key) == 1) << key;
        } else {
            auto it = model.find(key);
            auto got = Get(w_, key);
            if (it == model.end()) {
                EXPECT_EQ(got, std::nullopt);
            } else {
                EXPECT_EQ(got, it->second);
            }
        }
        if (op % 5000 == 4999) {
            ExpectMatches(w_, root_, model);
            ExpectSeeksMatch(w_, root_, model, rng);
            Commit();
        }
    }
    ExpectMatches(w_, root_, model);
    if (GetParam() % 2) {
        EXPECT_GE(BTree::Check(w_, root_)->height, 3u);
    }
    // Erase everything: the tree must give back all pages but its root.
    for (const auto& [k, v] : model) ASSERT_TRUE(*BTree::Erase(w_, root_, k));
    auto stats = BTree::Check(w_, root_);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->entries, 0u);
    EXPECT_EQ(stats->leaf_pages + stats->internal_pages, 1u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, BTreeModelTest, ::testing::Values(1, 2, 3, 4, 5));

TEST_F(BTreeTest, SplitsAtEveryLevelAndShrinksBack) {
    // Long keys that differ only at the end defeat separator truncation: small fan-out, so a
    // few thousand keys make a 4-level tree.
    Model model;
    std::mt19937_64 rng(7);
    for (int i = 0; i < 6000; ++i) {
        std::string key = std::string(700, 'p') + Key(rng() % 1000000);
        model[key] = "v";
        Put(key, "v");
    }
    auto stats = BTree::Check(w_, root_);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_GE(stats->height, 4u);
    ExpectMatches(w_, root_, model);
    size_t n = 0;
    for (auto it = model.begin(); it != model.end();) {
        ASSERT_TRUE(*BTree::Erase(w_, root_, it->first));
        it = model.erase(it);
        if (++n % 1000 == 0) ExpectMatches(w_, root_, model);
    }
    stats = BTree::Check(w_, root_);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->height, 1u);
    EXPECT_EQ(stats->leaf_pages, 1u);
}

TEST_F(BTreeTest, AscendingInsertsFillPages) {
    for (int i = 0; i < 50000; ++i) Put(Key(i), "");
    auto stats = BTree::Check(w_, root_);
    ASSERT_TRUE(stats.ok());
    double fill = double(stats->used_bytes) /
                  double((stats->leaf_pages + stats->internal_pages) * node::kEnd);
    EXPECT_GT(fill, 0.9);
}

TEST_F(BTreeTest, SparseNodesMergeAfterErases) {
    std::vector<std::string> keys;
    for (int i = 0; i < 50000; ++i) {
        keys.push_back(Key(i));
        Put(keys.back(), "value");
    }
    std::mt19937_64 rng(9);
    std::shuffle(keys.begin(), keys.end(), rng);
    for (size_t i = 0; i < 47500; ++i) ASSERT_TRUE(*BTree::Erase(w_, root_, keys[i]));
    auto stats = BTree::Check(w_, root_);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->entries, 2500u);
    // Without merging the 160 leaves would all survive (each keeps a few keys).
    double fill = double(stats->used_bytes) /
                  double((stats->leaf_pages + stats->internal_pages) * node::kEnd);
    EXPECT_GT(fill, 0.25);
    EXPECT_LT(stats->leaf_pages, 40u);
}

TEST_F(BTreeTest, RangeScansHonourBothBounds) {
    for (int i = 0; i < 5000; i += 2) Put(Key(i), std::to_string(i));
    auto collect = [&](std::string_view lo, bool lo_inc, std::string_view hi, bool hi_inc) {
        std::vector<int> out;
        BTree::Cursor c(w_, root_);
        c.SetUpperBound(hi, hi_inc);
        EXPECT_TRUE(c.Seek(lo, lo_inc).ok());
        while (c.Valid()) {
            out.push_back(std::stoi(std::string(c.value())));
            EXPECT_TRUE(c.Next().ok());
        }
        return out;
    };
    auto r = collect(Key(100), true, Key(110), false);
    EXPECT_EQ(r, (std::vector<int>{100, 102, 104, 106, 108}));
    r = collect(Key(100), false, Key(110), true);
    EXPECT_EQ(r, (std::vector<int>{102, 104, 106, 108, 110}));
    r = collect(Key(101), true, Key(105), true);  // bounds between keys
    EXPECT_EQ(r, (std::vector<int>{102, 104}));
    r = collect(Key(4990), true, Key(99999), false);  // runs off the end
    EXPECT_EQ(r, (std::vector<int>{4990, 4992, 4994, 4996, 4998}));
    r = collect(Key(300), true, Key(300), false);  // empty range
    EXPECT_TRUE(r.empty());
    // A full scan crosses every leaf boundary in order.
    BTree::Cursor c(w_, root_);
    ASSERT_TRUE(c.SeekToFirst().ok());
    int expect = 0;
    while (c.Valid()) {
        EXPECT_EQ(c.key(), Key(expect));
        expect += 2;
        ASSERT_TRUE(c.Next().ok());
    }
    EXPECT_EQ(expect, 5000);
}

TEST_F(BTreeTest, PrefixScans) {
    for (std::string k :
         {"a", "ab", "ab\xff", "ab\xff\xff", "abc", "ac", "b", "\xff", "\xff\x01"}) {
        Put(k, "");
    }
    auto scan = [&](std::string_view prefix) {
        std::vector<std::string> out;
        BTree::Cursor c(w_, root_);
        EXPECT_TRUE(c.SeekPrefix(prefix).ok());
        while (c.Valid()) {
            out.emplace_back(c.key());
            EXPECT_TRUE(c.Next().ok());
        }
        return out;
    };
    EXPECT_EQ(scan("ab"), (std::vector<std::string>{"ab", "abc", "ab\xff", "ab\xff\xff"}));
    EXPECT_EQ(scan("ab\xff"), (std::vector<std::string>{"ab\xff", "ab\xff\xff"}));
    EXPECT_EQ(scan("\xff"), (std::vector<std::string>{"\xff", "\xff\x01"}));
    EXPECT_TRUE(scan("zz").empty());
    EXPECT_EQ(scan("").size(), 9u);
}

TEST_F(BTreeTest, BackwardScansHonourTheLowerBound) {
    for (int i = 0; i < 5000; i += 2) Put(Key(i), std::to_string(i));
    auto collect = [&](std::string_view hi, bool hi_inc, std::string_view lo, bool lo_inc) {
        std::vector<int> out;
        BTree::Cursor c(w_, root_);
        c.SetLowerBound(lo, lo_inc);
        EXPECT_TRUE(c.SeekForPrev(hi, hi_inc).ok());
        while (c.Valid()) {
            out.push_back(std::stoi(std::string(c.value())));
            EXPECT_TRUE(c.Prev().ok());
        }
        return out;
    };
    EXPECT_EQ(collect(Key(110), true, Key(100), false),
              (std::vector<int>{110, 108, 106, 104, 102}));
    EXPECT_EQ(collect(Key(110), false, Key(100), true),
              (std::vector<int>{108, 106, 104, 102, 100}));
    EXPECT_EQ(collect(Key(5), true, "", true), (std::vector<int>{4, 2, 0}));
    EXPECT_TRUE(collect("", true, "", true).empty());
    BTree::Cursor c(w_, root_);
    ASSERT_TRUE(c.SeekToLast().ok());
    int expect = 4998, n = 0;
    while (c.Valid()) {
        EXPECT_EQ(c.key(), Key(expect));
        expect -= 2;
        ++n;
        ASSERT_TRUE(c.Prev().ok());
    }
    EXPECT_EQ(n, 2500);
}

TEST_F(BTreeTest, SnapshotDoesNotSeeLaterWrites) {
    for (int i = 0; i < 2000; ++i) Put(Key(i), "old");
    Commit();
    auto before = store_.BeginRead();
    for (int i = 0; i < 4000; ++i) Put(Key(i), "new");
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(*BTree::Erase(w_, root_, Key(i)));
    Commit();
    EXPECT_EQ(Get(before.get(), Key(5)), "old");
    EXPECT_EQ(Get(before.get(), Key(2500)), std::nullopt);
    EXPECT_EQ(ScanAll(before.get(), root_).size(), 2000u);
    auto after = store_.BeginRead();
    EXPECT_EQ(Get(after.get(), Key(5)), std::nullopt);
    EXPECT_EQ(Get(after.get(), Key(2500)), "new");
    EXPECT_EQ(ScanAll(after.get(), root_).size(), 3000u);
}

TEST_F(BTreeTest, PagesAreReusedAfterEraseAll) {
    size_t first_fill_pages = 0;
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 20000; ++i) Put(Key(i), "value");
        Commit();
        if (round == 0) first_fill_pages = store_.committed_pages();
        for (int i = 0; i < 20000; ++i) ASSERT_TRUE(*BTree::Erase(w_, root_, Key(i)));
        Commit();
        auto stats = BTree::Check(w_, root_);
        ASSERT_TRUE(stats.ok());
        EXPECT_EQ(stats->leaf_pages + stats->internal_pages, 1u);
        EXPECT_EQ(store_.committed_pages(), first_fill_pages) << round;
    }
}

TEST_F(BTreeTest, DestroyFreesEveryPage) {
    for (int i = 0; i < 20000; ++i) Put(Key(i), "value");
    Commit();
    size_t pages = store_.committed_pages();
    ASSERT_TRUE(BTree::Destroy(w_, root_).ok());
    Commit();
    // A new tree of the same size fits entirely in the freed pages.
    auto root = BTree::Create(w_);
    ASSERT_TRUE(root.ok());
    for (int i = 0; i < 20000; ++i) ASSERT_TRUE(BTree::Insert(w_, *root, Key(i), "value").ok());
    Commit();
    EXPECT_EQ(store_.committed_pages(), pages);
}

TEST_F(BTreeTest, BulkLoadBuildsAValidTree) {
    std::vector<std::pair<std::string, std::string>> pairs;
    Model model;
    for (int i = 0; i < 30000; ++i) {
        pairs.emplace_back(Key(i * 3), std::to_string(i));
        model[Key(i * 3)] = std::to_string(i);
    }
    ASSERT_TRUE(BTree::BulkLoad(w_, root_, pairs).ok());
    ExpectMatches(w_, root_, model);
    EXPECT_EQ(Get(w_, Key(300)), "100");
    // The result is an ordinary tree: later inserts and erases keep working.
    for (int i = 0; i < 30000; i += 7) {
        Put(Key(i * 3 + 1), "x");
        model[Key(i * 3 + 1)] = "x";
        ASSERT_TRUE(*BTree::Erase(w_, root_, Key(i * 3)));
        model.erase(Key(i * 3));
    }
    ExpectMatches(w_, root_, model);
}

TEST_F(BTreeTest, BulkLoadRejectsUnsortedInputAndNonEmptyTree) {
    std::vector<std::pair<std::string, std::string>> pairs{{"b", ""}, {"a", ""}};
    EXPECT_EQ(BTree::BulkLoad(w_, root_, pairs).code(), StatusCode::kInvalidArgument);
    auto root = BTree::Create(w_);
    ASSERT_TRUE(root.ok());
    ASSERT_TRUE(BTree::Insert(w_, *root, "a", "").ok());
    pairs = {{"c", ""}};
    EXPECT_EQ(BTree::BulkLoad(w_, *root, pairs).code(), StatusCode::kInvalidArgument);
}

TEST_F(BTreeTest, BuilderStreamsAndRejectsDisorder) {
    BTree::Builder b(w_, root_);
    ASSERT_TRUE(b.Add("a", "1").ok());
    ASSERT_TRUE(b.Add("b", "2").ok());
    EXPECT_EQ(b.Add("b", "3").code(), StatusCode::kInvalidArgument);  // duplicate
    EXPECT_EQ(b.Add("a0", "3").code(), StatusCode::kInvalidArgument);
    ASSERT_TRUE(b.Add("c", std::string(BTree::kMaxValueSize, 'v')).ok());
    EXPECT_EQ(b.Add("d", std::string(BTree::kMaxValueSize + 1, 'v')).code(),
              StatusCode::kInvalidArgument);
    ASSERT_TRUE(b.Finish().ok());
    EXPECT_EQ(b.entries(), 3u);
    ExpectMatches(w_, root_, {{"a", "1"}, {"b", "2"}, {"c", std::string(512, 'v')}});
}

// A failed bulk load must not leak the leaves it wrote: they are not reachable from the root
// (which stays empty until Finish), so only Abandon() can free them. Loading and failing twice
// then uses no more pages than doing it once.
TEST_F(BTreeTest, AbandonedBuilderFreesItsPages) {
    Commit();
    size_t start = store_.committed_pages();
    auto fail_once = [&]() {
        BTree::Builder b(w_, root_);
        for (int i = 0; i < 5000; ++i) ASSERT_TRUE(b.Add(Key(i), "value").ok());
        EXPECT_EQ(b.Add(Key(0), "value").code(), StatusCode::kInvalidArgument);
        ASSERT_TRUE(b.Abandon().ok());
        Commit();
    };
    fail_once();
    size_t after_one = store_.committed_pages();
    EXPECT_GT(after_one, start + 10);  // it did write leaves
    fail_once();
    EXPECT_EQ(store_.committed_pages(), after_one);
    auto stats = BTree::Check(w_, root_);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->entries, 0u);
    // The same root still takes a bulk load.
    std::vector<std::pair<std::string, std::string>> pairs{{"a", "1"}, {"b", "2"}};
    ASSERT_TRUE(BTree::BulkLoad(w_, root_, pairs).ok());
    EXPECT_EQ(Get(w_, "b"), "2");
}

// BTree::BulkLoad abandons on its own when an entry is out of order.
TEST_F(BTreeTest, FailedBulkLoadLeavesAnEmptyTree) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int i = 0; i < 5000; ++i) pairs.emplace_back(Key(i), "value");
    pairs.emplace_back(Key(3), "value");
    EXPECT_EQ(BTree::BulkLoad(w_, root_, pairs).code(), StatusCode::kInvalidArgument);
    auto stats = BTree::Check(w_, root_);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->entries, 0u);
    EXPECT_EQ(stats->leaf_pages, 1u);
    pairs.pop_back();
    ASSERT_TRUE(BTree::BulkLoad(w_, root_, pairs).ok());
    EXPECT_EQ(Get(w_, Key(4999)), "value");
}

TEST_F(BTreeTest, BulkLoadSmallInputStaysInRoot) {
    std::vector<std::pair<std::string, std::string>> pairs{{"a", "1"}, {"b", "2"}};
    ASSERT_TRUE(BTree::BulkLoad(w_, root_, pairs).ok());
    EXPECT_EQ(Get(w_, "b"), "2");
    EXPECT_EQ(BTree::Check(w_, root_)->height, 1u);
}

// Corruption: damaged bytes give kCorruption naming the page, never a crash or a hang.
class BTreeCorruptionTest : public BTreeTest {
  protected:
    void Fill() {
        for (int i = 0; i < 5000; ++i) Put(Key(i), "value");
        Commit();
    }
    PageId FirstLeaf() {
        storage::PageRef ref = *w_->Read(root_);
        return node::Link(ref.data());  // root is internal: child 0
    }
    void ExpectCorruption(const Status& st, PageId page) {
        EXPECT_EQ(st.code(), StatusCode::kCorruption) << st.ToString();
        EXPECT_NE(st.message().find("page " + std::to_string(page)), std::string::npos)
            << st.message();
    }
};

TEST_F(BTreeCorruptionTest, BadMagic) {
    Fill();
    (*w_->Write(root_))[node::kOffMagic] = 0;
    ExpectCorruption(BTree::Get(w_, root_, Key(1)).status(), root_);
    ExpectCorruption(BTree::Insert(w_, root_, Key(1), "x"), root_);
    ExpectCorruption(BTree::Erase(w_, root_, Key(1)).status(), root_);
    BTree::Cursor c(w_, root_);
    ExpectCorruption(c.SeekToFirst(), root_);
}

TEST_F(BTreeCorruptionTest, EmptyNodeClaimingNoFreeSpace) {
    Fill();
    PageId leaf = FirstLeaf();
    uint8_t* p = *w_->Write(leaf);
    node::Store16(p + node::kOffCount, 0);
    node::Store16(p + node::kOffCellStart, node::kHeaderSize);
    node::Store16(p + node::kOffFrag, 0);
    ExpectCorruption(BTree::Insert(w_, root_, Key(0), "v"), leaf);
}

TEST_F(BTreeCorruptionTest, UnknownFormatVersion) {
    Fill();
    PageId leaf = FirstLeaf();
    (*w_->Write(leaf))[node::kOffVersion] = node::kFormatVersion + 1;
    ExpectCorruption(BTree::Get(w_, root_, Key(0)).status(), leaf);
    EXPECT_NE(BTree::Check(w_, root_).status().message().find("version"), std::string::npos);
    // Version 1 (label index per node, 8-byte ids in property keys) is named as older.
    (*w_->Write(leaf))[node::kOffVersion] = 1;
    Status st = BTree::Get(w_, root_, Key(0)).status();
    ExpectCorruption(st, leaf);
    EXPECT_NE(st.message().find("older Nexus"), std::string::npos) << st.message();
}

TEST_F(BTreeCorruptionTest, BadCountAndSlots) {
    Fill();
    PageId leaf = FirstLeaf();
    uint8_t* p = *w_->Write(leaf);
    node::Store16(p + node::kOffCount, 60000);
    ExpectCorruption(BTree::Get(w_, root_, Key(0)).status(), leaf);
    node::Store16(p + node::kOffCount, 3);
    node::Store16(p + node::kHeaderSize + 2, node::kEnd - 1);  // slot 1 runs off the page
    ExpectCorruption(BTree::Get(w_, root_, Key(1)).status(), leaf);
    ExpectCorruption(BTree::Check(w_, root_).status(), leaf);
}

TEST_F(BTreeCorruptionTest, ChildPointerOutOfRangeOrCyclic) {
    Fill();
    uint8_t* p = *w_->Write(root_);
    node::SetLink(p, 999999);
    ExpectCorruption(BTree::Get(w_, root_, Key(0)).status(), root_);
    node::SetLink(p, root_);  // a cycle: caught by the level check
    ExpectCorruption(BTree::Get(w_, root_, Key(0)).status(), root_);
    ExpectCorruption(BTree::Destroy(w_, root_), root_);
}

TEST_F(BTreeCorruptionTest, LeafChainLoop) {
    Fill();
    PageId leaf = FirstLeaf();
    node::SetLink(*w_->Write(leaf), leaf);  // the first leaf points at itself
    BTree::Cursor c(w_, root_);
    Status st = c.SeekToFirst();
    while (st.ok() && c.Valid()) st = c.Next();
    EXPECT_EQ(st.code(), StatusCode::kCorruption);
    ExpectCorruption(BTree::Check(w_, root_).status(), leaf);
}

class BTreeFlipTest : public BTreeCorruptionTest, public ::testing::WithParamInterface<int> {};

TEST_P(BTreeFlipTest, RandomByteFlipsNeverCrash) {
    Fill();
    std::mt19937_64 rng(GetParam());
    auto ok_or_corrupt = [](const Status& st) {
        return st.ok() || st.code() == StatusCode::kCorruption;
    };
    for (int round = 0; round < 300; ++round) {
        PageId page = 1 + rng() % (w_->page_count() - 1);
        if (!w_->Read(page).ok()) continue;  // freed by an earlier round
        uint8_t* p = *w_->Write(page);
        // Mostly the header and slots, sometimes anywhere in the page; either a flipped byte
        // or a 16-bit field (count, cell start, frag, a slot) set to an arbitrary value.
        size_t at = rng() % 2 ? rng() % 64 : rng() % (node::kEnd - 1);
        if (rng() % 3 == 0) {
            node::Store16(p + (at & ~size_t{1}), static_cast<uint32_t>(rng() % 0x10000));
        } else {
            p[at] ^= static_cast<uint8_t>(1 + rng() % 255);
        }
        for (int i = 0; i < 50; ++i) {
            EXPECT_TRUE(ok_or_corrupt(BTree::Get(w_, root_, Key(rng() % 5000)).status()));
        }
        // Writes on a damaged tree must fail cleanly too.
        for (int i = 0; i < 20; ++i) {
            EXPECT_TRUE(ok_or_corrupt(BTree::Insert(w_, root_, Key(rng() % 6000), "vv")));
            EXPECT_TRUE(ok_or_corrupt(BTree::Erase(w_, root_, Key(rng() % 6000)).status()));
        }
        BTree::Cursor c(w_, root_);
        Status st = c.SeekToFirst();
        while (st.ok() && c.Valid()) st = c.Next();
        EXPECT_TRUE(ok_or_corrupt(st)) << st.ToString();
        st = c.SeekToLast();
        for (int steps = 0; st.ok() && c.Valid(); ++steps) {
            ASSERT_LT(steps, 100000) << "backward scan does not end";
            st = c.Prev();
        }
        EXPECT_TRUE(ok_or_corrupt(st)) << st.ToString();
        EXPECT_TRUE(ok_or_corrupt(BTree::Check(w_, root_).status()));
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, BTreeFlipTest, ::testing::Range(1, 6));

}  // namespace
}  // namespace nexus::index
