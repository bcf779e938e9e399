// The import's bounded-memory id path: the compact in-memory id maps, the spilling sorters,
// and end-to-end imports whose id maps go to sorted runs (a tiny --max-memory, or a tiny
// id-map share) giving the same graph, the same bad rows and a clean `nexus check` as the
// in-memory path.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "check/check.h"
#include "import/external_ids.h"
#include "import/id_map.h"
#include "import/importer.h"
#include "import/spill_sorter.h"
#include "import_test_util.h"
#include "nexus/database.h"

namespace nexus::import {
namespace {

namespace fs = std::filesystem;

class ExternalTest : public ImportDirTest {
  protected:
    ExternalTest() : ImportDirTest("nexus_import_ext_") {}
    // Files in the test directory (run files left behind show up here).
    size_t FileCount() {
        size_t n = 0;
        for (auto it = fs::directory_iterator(dir_); it != fs::directory_iterator(); ++it) ++n;
        return n;
    }
};

TEST_F(ExternalTest, StringIdMapFindsEveryKeyAndRefusesDuplicates) {
    StringIdMap m;
    const int n = 100000;
    for (int i = 0; i < n; ++i) ASSERT_TRUE(m.Insert("key-" + std::to_string(i), i * 3));
    EXPECT_FALSE(m.Insert("key-17", 5));
    std::string long_key(3 << 20, 'x');  // longer than an arena block
    EXPECT_TRUE(m.Insert(long_key, 7));
    EXPECT_TRUE(m.Insert("", 8));
    EXPECT_EQ(m.size(), static_cast<size_t>(n + 2));
    graph::NodeId v = 0;
    for (int i = 0; i < n; i += 97) {
        ASSERT_TRUE(m.Get("key-" + std::to_string(i), &v));
        EXPECT_EQ(v, static_cast<graph::NodeId>(i) * 3);
    }
    ASSERT_TRUE(m.Get("key-17", &v));
    EXPECT_EQ(v, 51u);
    ASSERT_TRUE(m.Get(long_key, &v));
    EXPECT_EQ(v, 7u);
    ASSERT_TRUE(m.Get("", &v));
    EXPECT_EQ(v, 8u);
    EXPECT_FALSE(m.Get("key-" + std::to_string(n), &v));
    size_t seen = 0;
    m.ForEach([&](std::string_view, graph::NodeId) { ++seen; });
    EXPECT_EQ(seen, m.size());
    // Well under unordered_map's ~70 bytes and more per short string key.
    EXPECT_LT(m.bytes() - long_key.size(), uint64_t{n} * 48 + (4 << 20));
}

TEST_F(ExternalTest, IntIdMapBytesAfterPredictsGrowth) {
    IntIdMap m;
    for (int64_t i = -500; i < 500; ++i)
        ASSERT_TRUE(m.Insert(i * 1000003, static_cast<uint64_t>(i + 500)));
    EXPECT_FALSE(m.Insert(0, 1));
    uint64_t predicted = m.BytesAfter(5000);
    for (int64_t i = 0; i < 5000; ++i) m.Insert(int64_t{1} << 40 | i, 0);
    EXPECT_EQ(m.bytes(), predicted);
    graph::NodeId v;
    ASSERT_TRUE(m.Get(-500 * 1000003, &v));
    EXPECT_EQ(v, 0u);
}

TEST_F(ExternalTest, IntegerKeysSortAsNumbers) {
    std::vector<int64_t> values = {5, -1, 0, INT64_MIN, INT64_MAX, -300, 299};
    std::vector<std::string> keys;
    for (int64_t v : values) {
        std::string k;
        ASSERT_TRUE(ExternalIds::Key(IdType::kInteger, std::to_string(v), &k));
        EXPECT_EQ(ExternalIds::Text(IdType::kInteger, k), std::to_string(v));
        keys.push_back(k);
    }
    std::vector<size_t> order(values.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
    for (size_t i = 1; i < order.size(); ++i) EXPECT_LT(values[order[i - 1]], values[order[i]]);
    std::string k;
    EXPECT_FALSE(ExternalIds::Key(IdType::kInteger, "12x", &k));
    EXPECT_FALSE(ExternalIds::Key(IdType::kInteger, "", &k));
}

TEST_F(ExternalTest, KeySorterMergesSpilledRunsInOrder) {
    std::multimap<std::pair<std::string, uint64_t>, uint64_t> want;
    {
        KeySorter s(Path("k.run"));
        std::mt19937_64 rng(7);
        for (int i = 0; i < 20000; ++i) {
            std::string key = "k" + std::to_string(rng() % 5000);
            uint64_t a = rng() % 1000, b = static_cast<uint64_t>(i);
            s.Add(key, a, b);
            want.emplace(std::make_pair(key, a), b);
            if (i % 3000 == 2999) {
                ASSERT_TRUE(s.Spill().ok());
            }
        }
        EXPECT_EQ(s.runs(), 6u);
        for (int pass = 0; pass < 2; ++pass) {  // a sorter may be read more than once
            auto c = s.Open(64 << 10);
            ASSERT_TRUE(c.ok()) << c.status().ToString();
            auto it = want.begin();
            size_t n = 0;
            std::string prev_key;
            uint64_t prev_a = 0, prev_b = 0;
            for (; (*c)->Valid(); ++n, ++it) {
                const KeyEntry e = (*c)->entry();
                std::string key(e.key);
                ASSERT_NE(it, want.end());
                EXPECT_EQ(e.key, it->first.first);
                EXPECT_EQ(e.a, it->first.second);
                if (n > 0 && key == prev_key && e.a == prev_a) {
                    EXPECT_LT(prev_b, e.b);
                }
                prev_key = key;
                prev_a = e.a;
                prev_b = e.b;
                ASSERT_TRUE((*c)->Next().ok());
            }
            EXPECT_EQ(n, want.size());
        }
    }
    EXPECT_EQ(FileCount(), 0u);  // the runs went with the sorter
}

TEST_F(ExternalTest, PairSorterSpillsPastItsBudget) {
    std::vector<std::pair<uint64_t, uint64_t>> want;
    {
        PairSorter s(Path("p.run"), 16 << 10);  // 1024 pairs a run
        for (uint64_t i = 0; i < 10000; ++i) {
            uint64_t x = (i * 7919) % 10007, y = i;
            want.emplace_back(x, y);
            ASSERT_TRUE(s.Add(x, y).ok());
        }
        EXPECT_GE(s.runs(), 9u);
        auto c = s.Open();
        ASSERT_TRUE(c.ok());
        std::sort(want.begin(), want.end());
        size_t i = 0;
        for (; (*c)->Valid(); ++i) {
            ASSERT_LT(i, want.size());
            EXPECT_EQ((*c)->value(), want[i]);
            ASSERT_TRUE((*c)->Next().ok());
        }
        EXPECT_EQ(i, want.size());
    }
    EXPECT_EQ(FileCount(), 0u);
}

TEST_F(ExternalTest, RelSpoolGivesRowsBackInOrder) {
    RelSpool spool(Path("spool"));
    for (uint32_t i = 0; i < 5000; ++i) {
        std::string props(i % 40, static_cast<char>('a' + i % 26));
        ASSERT_TRUE(spool
                        .Append(i % 3, PackWhere(i % 5, (uint64_t{1} << 33) + i), i % 7, i % 4,
                                props, "s" + std::to_string(i), "")
                        .ok());
    }
    ASSERT_TRUE(spool.StartReading(4096).ok());
    SpooledRel r;
    for (uint32_t i = 0; i < 5000; ++i) {
        auto more = spool.Next(&r);
        ASSERT_TRUE(more.ok() && *more) << i;
        EXPECT_EQ(r.group, i % 3);
        EXPECT_EQ(r.file, i % 5);
        EXPECT_EQ(r.line, (uint64_t{1} << 33) + i);
        EXPECT_EQ(r.type, i % 7);
        EXPECT_EQ(r.nprops, i % 4);
        EXPECT_EQ(r.props.size(), i % 40);
        EXPECT_EQ(r.start, "s" + std::to_string(i));
        EXPECT_EQ(r.end, "");
    }
    auto more = spool.Next(&r);
    ASSERT_TRUE(more.ok());
    EXPECT_FALSE(*more);
}

}  // namespace
}  // namespace nexus::import
