// AdjSorter: the compact edge form, the spilled-buffer form and the switch between them hand
// back the same entries per node, in AdjItemLess order.
#include "import/adj_sorter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <vector>

namespace nexus::import {
namespace {

struct Rel {
    uint64_t start, end;
    uint32_t type;
};

std::vector<Rel> RandomRels(size_t n, uint64_t nodes, uint32_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<Rel> rels;
    for (size_t i = 0; i < n; ++i) {
        // A few hubs, self-loops and several types, so groups need ordering.
        uint64_t s = rng() % 8 == 0 ? rng() % 3 : rng() % nodes;
        uint64_t e = rng() % 16 == 0 ? s : rng() % nodes;
        rels.push_back(Rel{s, e, static_cast<uint32_t>(rng() % 4)});
    }
    return rels;
}

// Every entry ForEachNode hands out, checking nodes come in order and each once.
std::vector<AdjItem> Collect(AdjSorter* sorter) {
    std::vector<AdjItem> out;
    bool first = true;
    uint64_t last = 0;
    Status st = sorter->ForEachNode([&](graph::NodeId node, std::span<const AdjItem> items) {
        EXPECT_TRUE(first || node > last);
        first = false;
        last = node;
        for (const AdjItem& e : items) {
            EXPECT_EQ(e.node, node);
            out.push_back(e);
        }
        return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
}

std::vector<AdjItem> Expected(const std::vector<Rel>& rels) {
    std::vector<AdjItem> want;
    for (size_t i = 0; i < rels.size(); ++i) {
        const Rel& r = rels[i];
        if (r.start == r.end) {
            want.push_back({r.start, r.start, i, r.type, uint32_t(graph::AdjDir::kLoop)});
        } else {
            want.push_back({r.start, r.end, i, r.type, uint32_t(graph::AdjDir::kOut)});
            want.push_back({r.end, r.start, i, r.type, uint32_t(graph::AdjDir::kIn)});
        }
    }
    std::sort(want.begin(), want.end(), AdjItemLess);
    return want;
}

bool Same(const AdjItem& a, const AdjItem& b) {
    return a.node == b.node && a.neighbor == b.neighbor && a.rel == b.rel && a.type == b.type &&
           a.dir == b.dir;
}

class AdjSorterTest : public ::testing::Test {
  protected:
    std::string Prefix() const {
        return (std::filesystem::temp_directory_path() /
                ("adj_sorter_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name()))
            .string();
    }
    void Check(const std::vector<Rel>& rels, uint64_t budget, bool want_compact) {
        AdjSorter sorter(Prefix(), budget);
        for (size_t i = 0; i < rels.size(); ++i) {
            ASSERT_TRUE(sorter.AddRel(rels[i].start, rels[i].end, i, rels[i].type).ok());
        }
        EXPECT_EQ(sorter.compact(), want_compact);
        if (!want_compact) {
            EXPECT_GT(sorter.runs(), 0u);
        }
        std::vector<AdjItem> got = Collect(&sorter);
        std::vector<AdjItem> want = Expected(rels);
        ASSERT_EQ(got.size(), want.size());
        for (size_t i = 0; i < got.size(); ++i) {
            ASSERT_TRUE(Same(got[i], want[i]))
                << "entry " << i << ": node " << got[i].node << " rel " << got[i].rel << " vs node "
                << want[i].node << " rel " << want[i].rel;
        }
    }
};

TEST_F(AdjSorterTest, CompactGroupsByNodeTypeDirectionAndRel) {
    Check(RandomRels(20000, 500, 1), uint64_t{64} << 20, true);
}

TEST_F(AdjSorterTest, LeavesCompactPastTheBudgetAndSpillsTheSame) {
    // 64 KiB holds a few thousand edges: the rest go through the spilled buffer.
    Check(RandomRels(20000, 500, 2), uint64_t{64} << 10, false);
}

TEST_F(AdjSorterTest, RelationshipIdsOutOfOrderUseTheBuffer) {
    AdjSorter sorter(Prefix(), uint64_t{64} << 20);
    ASSERT_TRUE(sorter.AddRel(1, 2, 0, 0).ok());
    ASSERT_TRUE(sorter.AddRel(2, 2, 5, 1).ok());  // a gap in ids: the edge form needs none
    EXPECT_FALSE(sorter.compact());
    std::vector<AdjItem> got = Collect(&sorter);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_TRUE(Same(got[0], AdjItem{1, 2, 0, 0, uint32_t(graph::AdjDir::kOut)}));
    EXPECT_TRUE(Same(got[1], AdjItem{2, 1, 0, 0, uint32_t(graph::AdjDir::kIn)}));
    EXPECT_TRUE(Same(got[2], AdjItem{2, 2, 5, 1, uint32_t(graph::AdjDir::kLoop)}));
}

TEST_F(AdjSorterTest, NoRelationshipsCallsNothing) {
    AdjSorter sorter(Prefix(), uint64_t{1} << 20);
    EXPECT_TRUE(Collect(&sorter).empty());
}

}  // namespace
}  // namespace nexus::import
