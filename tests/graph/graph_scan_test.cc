// GraphReader::ScanAdjacency: the record layer's page-order scan must return exactly what
// Expand returns for every node, in the same order, on graphs with deletes, self-loops and
// dense nodes, in snapshots and inside the writer; the seam's default must agree too.
#include <algorithm>
#include <random>
#include <set>
#include <tuple>

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
    size_t batches = 0;
    size_t stop_after = SIZE_MAX;  // batches
    bool Visit(std::span<const AdjScanEntry> batch) override {
        EXPECT_FALSE(batch.empty());
        for (const AdjScanEntry& e : batch)
            rows.emplace_back(e.node, e.neighbor, e.rel, e.type, e.dir);
        return ++batches < stop_after;
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

// The scan's rows put in node order; each node's rows must already be contiguous and in
// Expand's order, which the stable sort keeps.
std::vector<Row> ByScan(GraphReader* g, Direction dir, std::span<const TokenId> types,
                        bool base = false) {
    Collect c;
    Status st =
        base ? g->GraphReader::ScanAdjacency(dir, types, &c) : g->ScanAdjacency(dir, types, &c);
    EXPECT_TRUE(st.ok()) << st.ToString();
    std::set<NodeId> finished;
    for (size_t i = 0; i < c.rows.size(); ++i) {
        NodeId n = std::get<0>(c.rows[i]);
        EXPECT_EQ(finished.count(n), 0u) << "entries of node " << n << " are not contiguous";
        if (i + 1 == c.rows.size() || std::get<0>(c.rows[i + 1]) != n) finished.insert(n);
    }
    std::stable_sort(c.rows.begin(), c.rows.end(),
                     [](const Row& a, const Row& b) { return std::get<0>(a) < std::get<0>(b); });
    return c.rows;
}

// Every direction and a few type filters: the scan equals Expand node by node.
void ExpectScanMatchesExpand(GraphReader* g, const std::vector<TokenId>& types,
                             size_t* total = nullptr) {
    const std::vector<std::vector<TokenId>> filters = {
        {}, {types[0]}, {types[1], types[3]}, {kNoToken - 1}};
    for (Direction dir : {Direction::kOutgoing, Direction::kIncoming, Direction::kBoth}) {
        for (const auto& f : filters) {
            std::vector<Row> want = ByExpand(g, dir, f);
            EXPECT_EQ(ByScan(g, dir, f), want) << "dir " << static_cast<int>(dir);
            EXPECT_EQ(ByScan(g, dir, f, /*base=*/true), want);
            if (total != nullptr && dir == Direction::kBoth && f.empty()) *total = want.size();
        }
    }
}

// A random graph with four types, self-loops, two dense hubs and deleted nodes and rels.
struct Fixture {
    MemGraph db;
    std::vector<TokenId> types;
    std::vector<NodeId> nodes;
    std::vector<RelId> rels;

    void Build(uint32_t seed) {
        std::mt19937 rng(seed);
        GraphStore* g = db.Begin();
        for (int t = 0; t < 4; ++t) {
            types.push_back(
                Must(g->GetOrCreateToken(TokenKind::kRelType, "T" + std::to_string(t))));
        }
        for (int i = 0; i < 600; ++i) nodes.push_back(Must(g->CreateNode({}, {})));
        for (int i = 0; i < 4000; ++i) {
            NodeId a = nodes[rng() % nodes.size()];
            NodeId b = i % 50 == 0 ? a : nodes[rng() % nodes.size()];
            if (i % 3 == 0) a = nodes[i % 2];  // nodes 0 and 1 become dense (chunk pages)
            rels.push_back(Must(g->CreateRel(a, b, types[rng() % 4], {})));
        }
        db.Commit();
        g = db.Begin();
        // Delete every 7th relationship, then nodes left without any.
        for (size_t i = 0; i < rels.size(); i += 7) ASSERT_OK(g->DeleteRel(rels[i]));
        for (NodeId n : nodes) {
            if (Must(g->Degree(n, Direction::kBoth, {})) == 0) ASSERT_OK(g->DeleteNode(n));
        }
        db.Commit();
    }
};

TEST(GraphScanTest, ScanMatchesExpandOnSnapshot) {
    Fixture f;
    f.Build(11);
    auto r = f.db.Read();
    size_t total = 0;
    ExpectScanMatchesExpand(r.graph.get(), f.types, &total);
    // Each live relationship appears once per endpoint (a self-loop once).
    EXPECT_GT(total, 4000u);
    EXPECT_LT(total, 8000u);
    // The hubs' groups live in chunk pages, so the dense path was exercised.
    size_t chunks = 0;
    for (PageId id = 1; id < r.pages->page_count(); ++id) {
        chunks += Must(r.pages->Read(id)).data()[0] == static_cast<uint8_t>(PageType::kAdjChunk);
    }
    EXPECT_GE(chunks, 2u);
}

TEST(GraphScanTest, ScanSeesTheWritersOwnChanges) {
    Fixture f;
    f.Build(12);
    GraphStore* g = f.db.Begin();
    NodeId fresh = Must(g->CreateNode({}, {}));
    RelId r1 = Must(g->CreateRel(fresh, f.nodes[0], f.types[2], {}));
    ASSERT_OK(g->DeleteRel(f.rels[1]));
    ExpectScanMatchesExpand(g, f.types);
    std::vector<Row> rows = ByScan(g, Direction::kOutgoing, {});
    bool saw_new = false, saw_deleted = false;
    for (const Row& row : rows) {
        saw_new |= std::get<2>(row) == r1 && std::get<0>(row) == fresh;
        saw_deleted |= std::get<2>(row) == f.rels[1];
    }
    EXPECT_TRUE(saw_new);
    EXPECT_FALSE(saw_deleted);
    // A snapshot taken before the commit sees neither change.
    auto before = f.db.Read();
    std::vector<Row> old_rows = ByScan(before.graph.get(), Direction::kOutgoing, {});
    for (const Row& row : old_rows) EXPECT_NE(std::get<2>(row), r1);
    f.db.Commit();
    auto after = f.db.Read();
    ExpectScanMatchesExpand(after.graph.get(), f.types);
}

TEST(GraphScanTest, VisitorCanStopEarly) {
    Fixture f;
    f.Build(13);
    auto r = f.db.Read();
    size_t total = ByScan(r.graph.get(), Direction::kBoth, {}).size();
    ASSERT_GT(total, AdjScanBatch::kSize);
    Collect c;
    c.stop_after = 1;
    ASSERT_OK(r->ScanAdjacency(Direction::kBoth, {}, &c));
    EXPECT_EQ(c.batches, 1u);
    EXPECT_EQ(c.rows.size(), AdjScanBatch::kSize);
}

TEST(GraphScanTest, EmptyGraphVisitsNothing) {
    MemGraph db;
    auto r = db.Read();
    Collect c;
    ASSERT_OK(r->ScanAdjacency(Direction::kBoth, {}, &c));
    EXPECT_EQ(c.batches, 0u);
}

TEST(GraphScanTest, CorruptAdjacencyRecordIsReported) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
    NodeId a = Must(g->CreateNode({}, {}));
    NodeId b = Must(g->CreateNode({}, {}));
    Must(g->CreateRel(a, b, t, {}));
    db.Commit();
    RecordAddr adj;
    {
        auto r = db.Read();
        adj = Must(r->ReadNode(a))->adj;
    }
    // Point the record's group count far past its bytes.
    storage::PageWriter* w = db.pages().BeginWrite();
    uint8_t* p = Must(w->Write(AddrPage(adj)));
    uint16_t off = Load16(p + 8 + 4 * AddrSlot(adj));
    p[off + 1] = 0x7f;
    db.pages().Commit();
    auto r = db.Read();
    Collect c;
    Status st = r->ScanAdjacency(Direction::kBoth, {}, &c);
    EXPECT_EQ(st.code(), StatusCode::kCorruption) << st.ToString();
}

// Every byte of a record with several groups (inline, both directions, two types) damaged in
// turn: the one-pass decoder reads without per-byte bounds checks, so each damaged record must
// still end in OK or kCorruption, and an undamaged copy must still scan exactly as Expand.
TEST(GraphScanTest, EveryDamagedByteOfARecordIsOkOrCorruption) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId t1 = Must(g->GetOrCreateToken(TokenKind::kRelType, "T1"));
    TokenId t2 = Must(g->GetOrCreateToken(TokenKind::kRelType, "T2"));
    std::vector<NodeId> nodes;
    for (int i = 0; i < 40; ++i) nodes.push_back(Must(g->CreateNode({}, {})));
    NodeId hub = nodes[0];
    for (int i = 1; i < 40; ++i) {
        Must(g->CreateRel(hub, nodes[i], i % 3 == 0 ? t2 : t1, {}));
        if (i % 4 == 0) Must(g->CreateRel(nodes[i * 7 % 40], hub, t1, {}));
    }
    db.Commit();
    RecordAddr adj;
    {
        auto r = db.Read();
        adj = Must(r->ReadNode(hub))->adj;
    }
    size_t size = 0;
    {
        auto r = db.Read();
        Collect c;
        ASSERT_TRUE(r->ScanAdjacency(Direction::kBoth, {}, &c).ok());
        size = c.rows.size();
    }
    ASSERT_GT(size, 40u);
    storage::PageWriter* w = db.pages().BeginWrite();
    uint8_t* p = Must(w->Write(AddrPage(adj)));
    uint16_t off = Load16(p + 8 + 4 * AddrSlot(adj));
    db.pages().Commit();
    int corrupt = 0;
    for (uint16_t at = off; at < off + 120; ++at) {
        for (uint8_t flip : {0x01, 0x80, 0xff}) {
            storage::PageWriter* w2 = db.pages().BeginWrite();
            uint8_t* q = Must(w2->Write(AddrPage(adj)));
            q[at] ^= flip;
            db.pages().Commit();
            {
                auto r = db.Read();
                Collect c;
                Status st = r->ScanAdjacency(Direction::kBoth, {}, &c);
                EXPECT_TRUE(st.ok() || st.code() == StatusCode::kCorruption) << st.ToString();
                corrupt += st.code() == StatusCode::kCorruption;
            }
            storage::PageWriter* w3 = db.pages().BeginWrite();
            Must(w3->Write(AddrPage(adj)))[at] ^= flip;
            db.pages().Commit();
        }
    }
    EXPECT_GT(corrupt, 0);
    auto r = db.Read();
    Collect c;
    ASSERT_TRUE(r->ScanAdjacency(Direction::kBoth, {}, &c).ok());
    EXPECT_EQ(c.rows.size(), size);
}

}  // namespace
}  // namespace nexus::graph
