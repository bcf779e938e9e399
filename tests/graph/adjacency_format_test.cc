// The adjacency record format of docs/format/records.md: single-entry groups without count or
// length, groups that grow past one entry and shrink back, groups that move to chunk pages at
// Adjacency::kInlineGroupMax, type ids past one varint byte (the scan's slow header path), and
// malformed headers. Expand, Degree and ScanAdjacency must agree on every state.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "graph/adjacency.h"
#include "graph/graph_store.h"
#include "graph_test_util.h"

namespace nexus::graph {
namespace {

using testing::Drain;
using testing::MemGraph;

#define ASSERT_OK(expr)                          \
    do {                                         \
        auto _st = (expr);                       \
        ASSERT_TRUE(_st.ok()) << _st.ToString(); \
    } while (0)

template <typename T>
T Must(Result<T> r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
}

using Row = std::tuple<NodeId, NodeId, RelId, TokenId, Direction>;

struct Collect : AdjacencyVisitor {
    std::vector<Row> rows;
    bool Visit(std::span<const AdjScanEntry> batch) override {
        for (const AdjScanEntry& e : batch)
            rows.emplace_back(e.node, e.neighbor, e.rel, e.type, e.dir);
        return true;
    }
};

std::vector<Row> ByExpand(GraphReader* g, Direction dir, std::span<const TokenId> types) {
    std::vector<Row> rows;
    auto nodes = g->ScanNodes();
    for (NodeId n : Drain(nodes.get())) {
        std::vector<AdjEntry> out;
        Status st = g->Expand(n, dir, types, &out);
        EXPECT_TRUE(st.ok()) << st.ToString();
        for (const AdjEntry& e : out) rows.emplace_back(n, e.neighbor, e.rel, e.type, e.dir);
    }
    return rows;
}

std::vector<Row> ByScan(GraphReader* g, Direction dir, std::span<const TokenId> types) {
    Collect c;
    Status st = g->ScanAdjacency(dir, types, &c);
    EXPECT_TRUE(st.ok()) << st.ToString();
    std::stable_sort(c.rows.begin(), c.rows.end(),
                     [](const Row& a, const Row& b) { return std::get<0>(a) < std::get<0>(b); });
    return c.rows;
}

// What the graph must hold: every live relationship once per endpoint (a loop once).
std::set<Row> Expected(GraphStore* g, const std::set<RelId>& live) {
    std::set<Row> rows;
    for (RelId id : live) {
        RelRec r = *Must(g->ReadRel(id));
        if (r.start == r.end) {
            rows.emplace(r.start, r.end, id, r.type, Direction::kOutgoing);
            continue;
        }
        rows.emplace(r.start, r.end, id, r.type, Direction::kOutgoing);
        rows.emplace(r.end, r.start, id, r.type, Direction::kIncoming);
    }
    return rows;
}

// Expand, ScanAdjacency and Degree agree with each other and with `live`.
void ExpectConsistent(GraphStore* g, const std::set<RelId>& live,
                      const std::vector<TokenId>& types) {
    std::vector<Row> all = ByExpand(g, Direction::kBoth, {});
    std::set<Row> got(all.begin(), all.end());
    EXPECT_EQ(got.size(), all.size());
    EXPECT_EQ(got, Expected(g, live));
    for (Direction dir : {Direction::kOutgoing, Direction::kIncoming, Direction::kBoth}) {
        for (const std::vector<TokenId>& f :
             std::vector<std::vector<TokenId>>{{}, {types.front()}, {types.back()}}) {
            std::vector<Row> want = ByExpand(g, dir, f);
            EXPECT_EQ(ByScan(g, dir, f), want) << "dir " << static_cast<int>(dir);
            std::map<NodeId, uint64_t> per_node;
            for (const Row& r : want) ++per_node[std::get<0>(r)];
            for (const auto& [n, count] : per_node) EXPECT_EQ(Must(g->Degree(n, dir, f)), count);
        }
    }
}

size_t CountPages(storage::PageReader* pages, PageType type) {
    size_t n = 0;
    for (PageId id = 1; id < pages->page_count(); ++id) {
        n += Must(pages->Read(id)).data()[0] == static_cast<uint8_t>(type);
    }
    return n;
}

// The committed adjacency record of `node`.
std::string RecordBytes(MemGraph* db, NodeId node) {
    auto r = db->Read();
    RecordAddr addr = Must(r->ReadNode(node))->adj;
    HeapState state;
    RecordHeap heap(r.pages.get(), nullptr, &state);
    RecordView view;
    EXPECT_TRUE(heap.Read(addr, &view).ok());
    return std::string(reinterpret_cast<const char*>(view.data), view.size);
}

TEST(AdjacencyFormatTest, SingleEntryGroupHasNoCountOrLength) {
    std::vector<AdjGroup> groups(1);
    std::string entry;
    PutVarint(&entry, ZigZag(300));  // neighbour 300: two bytes
    PutVarint(&entry, ZigZag(5));    // relationship 5
    groups[0].type = 3;
    groups[0].dir = AdjDir::kIn;
    groups[0].count = 1;
    groups[0].data = reinterpret_cast<const uint8_t*>(entry.data());
    groups[0].size = entry.size();
    std::string bytes;
    Adjacency::Serialize(groups, &bytes);
    // group count, type, flags (single | in), then the entry itself.
    EXPECT_EQ(bytes, std::string("\x01\x03\x21", 3) + entry);

    std::vector<AdjGroup> back;
    ASSERT_OK(
        Adjacency::Parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), 7, &back));
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].type, 3u);
    EXPECT_EQ(back[0].dir, AdjDir::kIn);
    EXPECT_EQ(back[0].count, 1u);
    EXPECT_FALSE(back[0].dense);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(back[0].data), back[0].size), entry);

    // Two entries (relationships 5 and 7: not a run) take the long form: count and length.
    std::string two = entry;
    PutVarint(&two, ZigZag(1));
    PutVarint(&two, ZigZag(2));
    groups[0].count = 2;
    groups[0].data = reinterpret_cast<const uint8_t*>(two.data());
    groups[0].size = two.size();
    bytes.clear();
    Adjacency::Serialize(groups, &bytes);
    EXPECT_EQ(bytes, std::string("\x01\x03\x01\x02", 4) + static_cast<char>(two.size()) + two);
}

TEST(AdjacencyFormatTest, MalformedSingleGroupsAreCorruption) {
    std::vector<AdjGroup> out;
    auto parse = [&](const std::string& b) {
        return Adjacency::Parse(reinterpret_cast<const uint8_t*>(b.data()), b.size(), 9, &out);
    };
    ASSERT_OK(parse(std::string("\x01\x00\x20\x04\x02", 5)));
    // The entry is cut short, or its second varint never ends.
    EXPECT_EQ(parse(std::string("\x01\x00\x20\x04", 4)).code(), StatusCode::kCorruption);
    EXPECT_EQ(parse(std::string("\x01\x00\x20\x04\x82", 5)).code(), StatusCode::kCorruption);
    // Single and dense together, and an unknown flag bit.
    EXPECT_EQ(parse(std::string("\x01\x00\x30\x04\x02", 5)).code(), StatusCode::kCorruption);
    EXPECT_EQ(parse(std::string("\x01\x00\x40\x04\x02", 5)).code(), StatusCode::kCorruption);
    // A single group whose direction is out of range.
    EXPECT_EQ(parse(std::string("\x01\x00\x23\x04\x02", 5)).code(), StatusCode::kCorruption);
}

TEST(AdjacencyFormatTest, ConsecutiveRelationshipsUseTheRunForm) {
    // Canonical pairs: neighbours 10, 12, 11 with relationships 7, 8, 9.
    std::string pairs;
    for (auto [dn, dr] : {std::pair<int64_t, int64_t>{10, 7}, {2, 1}, {-1, 1}}) {
        PutVarint(&pairs, ZigZag(dn));
        PutVarint(&pairs, ZigZag(dr));
    }
    std::vector<AdjGroup> groups(1);
    groups[0].type = 1;
    groups[0].count = 3;
    groups[0].data = reinterpret_cast<const uint8_t*>(pairs.data());
    groups[0].size = pairs.size();
    std::string bytes;
    Adjacency::Serialize(groups, &bytes);
    // Flags 0x40 (run, out), count 3, 4 bytes: the first pair, then neighbour deltas only.
    EXPECT_EQ(bytes, std::string("\x01\x01\x40\x03\x04\x14\x0e\x04\x01", 9));
    std::vector<AdjGroup> back;
    ASSERT_OK(
        Adjacency::Parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), 7, &back));
    ASSERT_EQ(back.size(), 1u);
    EXPECT_FALSE(back[0].run);  // Parse hands out canonical pairs
    EXPECT_EQ(back[0].count, 3u);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(back[0].data), back[0].size), pairs);

    // A gap in the relationship ids keeps the pairs.
    std::string gap = pairs;
    gap.back() = static_cast<char>(ZigZag(2));
    groups[0].data = reinterpret_cast<const uint8_t*>(gap.data());
    groups[0].size = gap.size();
    bytes.clear();
    Adjacency::Serialize(groups, &bytes);
    EXPECT_EQ(static_cast<uint8_t>(bytes[2]), 0x00);

    // Run and dense together, or a run cut inside its first pair, are corruption.
    auto parse = [&](const std::string& b) {
        return Adjacency::Parse(reinterpret_cast<const uint8_t*>(b.data()), b.size(), 9, &back);
    };
    EXPECT_EQ(parse(std::string("\x01\x01\x50\x03\x04\x14\x0e\x04\x01", 9)).code(),
              StatusCode::kCorruption);
    EXPECT_EQ(parse(std::string("\x01\x01\x40\x03\x01\x14", 6)).code(), StatusCode::kCorruption);
}

TEST(AdjacencyFormatTest, RunFormFollowsTheGraph) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
    TokenId u = Must(g->GetOrCreateToken(TokenKind::kRelType, "U"));
    std::vector<NodeId> nodes;
    for (int i = 0; i < 20; ++i) nodes.push_back(Must(g->CreateNode({}, {})));
    std::set<RelId> live;
    live.insert(Must(g->CreateRel(nodes[0], nodes[3], u, {})));
    std::vector<RelId> hub;
    for (int i = 1; i < 9; ++i) {
        hub.push_back(Must(g->CreateRel(nodes[0], nodes[(i * 7) % 20], t, {})));
    }
    live.insert(hub.begin(), hub.end());
    db.Commit();
    std::string run = RecordBytes(&db, nodes[0]);
    EXPECT_EQ(static_cast<uint8_t>(run[2]), 0x40);  // group T out: run form
    {
        auto r = db.Read();
        ExpectConsistent(r.graph.get(), live, {t, u});
    }
    // Appending the next id keeps the run; a gap ends it; removing the gap restores it.
    g = db.Begin();
    RelId next = Must(g->CreateRel(nodes[0], nodes[1], t, {}));
    ASSERT_EQ(next, hub.back() + 1);
    live.insert(next);
    ExpectConsistent(g, live, {t, u});
    db.Commit();
    EXPECT_EQ(static_cast<uint8_t>(RecordBytes(&db, nodes[0])[2]), 0x40);
    g = db.Begin();
    ASSERT_OK(g->DeleteRel(hub[3]));
    live.erase(hub[3]);
    ExpectConsistent(g, live, {t, u});
    db.Commit();
    std::string pairs = RecordBytes(&db, nodes[0]);
    EXPECT_EQ(static_cast<uint8_t>(pairs[2]), 0x00);
    EXPECT_GT(pairs.size(), run.size());
    auto r = db.Read();
    ExpectConsistent(r.graph.get(), live, {t, u});
}

TEST(AdjacencyFormatTest, GroupsGrowAndShrinkThroughTheSingleForm) {
    MemGraph db;
    GraphStore* g = db.Begin();
    std::vector<TokenId> types;
    // 140 types: ids from 128 on take two varint bytes and skip the scan's one-load header.
    for (int t = 0; t < 140; ++t) {
        types.push_back(Must(g->GetOrCreateToken(TokenKind::kRelType, "T" + std::to_string(t))));
    }
    std::vector<NodeId> nodes;
    for (int i = 0; i < 50; ++i) nodes.push_back(Must(g->CreateNode({}, {})));
    std::set<RelId> live;
    // Node 0 gets one relationship of every type to a different node: 140 single groups out,
    // and each other node single groups in; a self-loop gives a single loop group.
    for (size_t t = 0; t < types.size(); ++t) {
        live.insert(Must(g->CreateRel(nodes[0], nodes[1 + t % 49], types[t], {})));
    }
    live.insert(Must(g->CreateRel(nodes[2], nodes[2], types[0], {})));
    live.insert(Must(g->CreateRel(nodes[3], nodes[4], types[139], {})));
    db.Commit();
    {
        auto r = db.Read();
        ExpectConsistent(r.graph.get(), live, {types[0], types[130]});
    }
    // Node 3's single group of type 139 becomes two entries, then one again, then none.
    std::string single = RecordBytes(&db, nodes[3]);
    g = db.Begin();
    RelId second = Must(g->CreateRel(nodes[3], nodes[5], types[139], {}));
    live.insert(second);
    ExpectConsistent(g, live, {types[139]});
    db.Commit();
    // The second relationship's id follows the first's, so the group is a run: the second
    // entry costs one byte (its neighbour delta) plus the count and length that come back.
    EXPECT_EQ(RecordBytes(&db, nodes[3]).size(), single.size() + 3);
    g = db.Begin();
    ASSERT_OK(g->DeleteRel(second));
    live.erase(second);
    ExpectConsistent(g, live, {types[139]});
    db.Commit();
    EXPECT_EQ(RecordBytes(&db, nodes[3]), single);
    g = db.Begin();
    for (RelId id : std::vector<RelId>(live.begin(), live.end())) {
        if (id % 3 == 0) {
            ASSERT_OK(g->DeleteRel(id));
            live.erase(id);
        }
    }
    db.Commit();
    auto r = db.Read();
    ExpectConsistent(r.graph.get(), live, {types[0], types[139]});
}

TEST(AdjacencyFormatTest, GroupMovesToChunkPagesPastTheInlineLimit) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
    TokenId u = Must(g->GetOrCreateToken(TokenKind::kRelType, "U"));
    std::vector<NodeId> nodes;
    for (int i = 0; i < 400; ++i) nodes.push_back(Must(g->CreateNode({}, {})));
    std::set<RelId> live;
    live.insert(Must(g->CreateRel(nodes[0], nodes[1], u, {})));
    // Entries of the hub's group take at least two bytes: stay inline up to the limit.
    size_t inline_rels = Adjacency::kInlineGroupMax / 4;
    for (size_t i = 0; i < inline_rels; ++i) {
        live.insert(Must(g->CreateRel(nodes[0], nodes[1 + (i * 7) % 399], t, {})));
    }
    db.Commit();
    EXPECT_EQ(CountPages(db.Read().pages.get(), PageType::kAdjChunk), 0u);
    g = db.Begin();
    for (size_t i = 0; i < 3 * Adjacency::kInlineGroupMax; ++i) {
        live.insert(Must(g->CreateRel(nodes[0], nodes[1 + (i * 13) % 399], t, {})));
    }
    ExpectConsistent(g, live, {t, u});
    db.Commit();
    {
        auto r = db.Read();
        EXPECT_GE(CountPages(r.pages.get(), PageType::kAdjChunk), 2u);
        ExpectConsistent(r.graph.get(), live, {t, u});
    }
    // Remove most of the dense group; the hub's other group stays single.
    g = db.Begin();
    for (RelId id : std::vector<RelId>(live.begin(), live.end())) {
        if (id % 5 != 0 && Must(g->ReadRel(id))->type == t) {
            ASSERT_OK(g->DeleteRel(id));
            live.erase(id);
        }
    }
    ExpectConsistent(g, live, {t, u});
    db.Commit();
    auto r = db.Read();
    ExpectConsistent(r.graph.get(), live, {t, u});
}

}  // namespace
}  // namespace nexus::graph
