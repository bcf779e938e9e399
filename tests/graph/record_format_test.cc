// Record format 2 (issue #6): 21-byte node records with two inline labels, 13-byte
// relationship records whose property addresses live in a side page per record page, the
// codecs' field limits, and the refusal of version 1 databases.
#include <algorithm>

#include "graph/graph_store.h"
#include "graph_test_util.h"

namespace nexus::graph {
namespace {

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

// Pages whose type byte is `type` in the committed state.
size_t CountPages(MemGraph& db, PageType type) {
    auto pages = db.pages().BeginRead();
    size_t n = 0;
    for (PageId id = 1; id < pages->page_count(); ++id) {
        Result<storage::PageRef> ref = pages->Read(id);
        if (ref.ok() && ref->data()[0] == static_cast<uint8_t>(type)) ++n;
    }
    return n;
}

constexpr uint64_t kRelsPerPage = (kPageUsable - kRelRecordsHeader) / kRelRecordSize;

TEST(RecordFormatTest, RecordsPerPage) {
    EXPECT_EQ(kRelsPerPage, 628u);
    EXPECT_EQ((kPageUsable - RecordFile::kHeader) / kNodeRecordSize, 388u);
    EXPECT_GE(kPageUsable, kRelPropsHeader + kRelsPerPage * kRelPropsEntry);
}

TEST(RecordFormatTest, CodecsKeepFieldLimits) {
    RelRec rel{GraphStore::kMaxRelType, (uint64_t{1} << 40) - 1, 12345, MakeAddr(UINT32_MAX, 7)};
    uint8_t buf[kRelRecordSize] = {};
    EncodeRelRecord(rel, buf);
    RelRec back;
    bool has_props = false;
    ASSERT_TRUE(DecodeRelRecord(buf, &back, &has_props));
    EXPECT_EQ(back.type, rel.type);
    EXPECT_EQ(back.start, rel.start);
    EXPECT_EQ(back.end, rel.end);
    EXPECT_TRUE(has_props);
    EXPECT_EQ(back.props, kNoRecord);  // the address is the side page's business
    rel.props = kNoRecord;
    EncodeRelRecord(rel, buf);
    ASSERT_TRUE(DecodeRelRecord(buf, &back, &has_props));
    EXPECT_FALSE(has_props);
    std::fill(buf, buf + kRelRecordSize, 0);
    EXPECT_FALSE(DecodeRelRecord(buf, &back, &has_props));

    NodeRec node;
    node.nlabels = 2;
    node.labels[0] = 7;
    node.labels[1] = UINT32_MAX - 1;
    node.props = MakeAddr(UINT32_MAX, 65535);
    node.adj = MakeAddr(3, 1);
    uint8_t nb[kNodeRecordSize];
    EncodeNodeRecord(node, nb);
    NodeRec nback;
    ASSERT_TRUE(Must(DecodeNodeRecord(nb, &nback)));
    EXPECT_EQ(nback.nlabels, 2);
    EXPECT_EQ(nback.labels[1], UINT32_MAX - 1);
    EXPECT_EQ(nback.props, node.props);
    EXPECT_EQ(nback.adj, node.adj);
    EXPECT_EQ(NodeRecordAdj(nb), node.adj);
    node.nlabels = NodeRec::kOverflow;
    node.label_overflow = MakeAddr(99, 2);
    EncodeNodeRecord(node, nb);
    ASSERT_TRUE(Must(DecodeNodeRecord(nb, &nback)));
    EXPECT_EQ(nback.nlabels, NodeRec::kOverflow);
    EXPECT_EQ(nback.label_overflow, node.label_overflow);
    nb[0] = kNodeInUse | (3 << 1);  // three inline labels do not fit
    EXPECT_EQ(DecodeNodeRecord(nb, &nback).status().code(), StatusCode::kCorruption);
}

TEST(RecordFormatTest, ThirdLabelMovesToOverflowAndBack) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId a = Must(g->GetOrCreateToken(TokenKind::kLabel, "A"));
    TokenId b = Must(g->GetOrCreateToken(TokenKind::kLabel, "B"));
    TokenId c = Must(g->GetOrCreateToken(TokenKind::kLabel, "C"));
    NodeId n = Must(g->CreateNode(std::vector<TokenId>{a, b}, {}));
    EXPECT_EQ(Must(g->ReadNode(n))->nlabels, 2);
    EXPECT_TRUE(Must(g->AddLabel(n, c)));
    EXPECT_EQ(Must(g->ReadNode(n))->nlabels, GraphStore::kLabelOverflow);
    db.Commit();
    {
        auto r = db.Read();
        EXPECT_EQ(Must(r->NodeLabels(n)), (std::vector<TokenId>{a, b, c}));
        EXPECT_TRUE(Must(r->NodeHasLabel(n, c)));
    }
    g = db.Begin();
    EXPECT_TRUE(Must(g->RemoveLabel(n, a)));
    EXPECT_EQ(Must(g->ReadNode(n))->nlabels, 2);
    db.Commit();
    auto r = db.Read();
    EXPECT_EQ(Must(r->NodeLabels(n)), (std::vector<TokenId>{b, c}));
    EXPECT_FALSE(Must(r->NodeHasLabel(n, a)));
}

TEST(RecordFormatTest, PropertyAddressesLiveInSidePages) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
    TokenId k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "k"));
    NodeId x = Must(g->CreateNode({}, {}));
    NodeId y = Must(g->CreateNode({}, {}));
    // Page 0 of the records: no properties at all; pages 1 and 2: every third one.
    std::vector<RelId> rels;
    for (uint64_t i = 0; i < 3 * kRelsPerPage; ++i) {
        PropertyList props;
        if (i >= kRelsPerPage && i % 3 == 0) props.emplace_back(k, Value(int64_t(i)));
        rels.push_back(Must(g->CreateRel(x, y, t, props)));
    }
    db.Commit();
    EXPECT_EQ(CountPages(db, PageType::kRelRecords), 3u);
    EXPECT_EQ(CountPages(db, PageType::kRelProps), 2u);
    {
        auto r = db.Read();
        for (uint64_t i = 0; i < rels.size(); ++i) {
            Value v = Must(r->RelProperty(rels[i], k));
            if (i >= kRelsPerPage && i % 3 == 0) {
                ASSERT_TRUE(v.is_int()) << i;
                EXPECT_EQ(v.as_int(), int64_t(i));
            } else {
                EXPECT_TRUE(v.is_null()) << i;
            }
            RelRecord rec = Must(r->Rel(rels[i]));
            EXPECT_EQ(rec.start, x);
            EXPECT_EQ(rec.end, y);
            EXPECT_EQ(rec.type, t);
        }
    }
    // A property on page 0 creates its side page; removing the last one clears the slot.
    g = db.Begin();
    ASSERT_OK(g->SetRelProperty(rels[5], k, Value("new")));
    ASSERT_OK(g->SetRelProperty(rels[kRelsPerPage], k, Value()));
    EXPECT_EQ(Must(g->ReadRel(rels[kRelsPerPage]))->props, kNoRecord);
    ASSERT_OK(g->DeleteRel(rels[kRelsPerPage + 3]));
    db.Commit();
    EXPECT_EQ(CountPages(db, PageType::kRelProps), 3u);
    {
        auto r = db.Read();
        EXPECT_EQ(Must(r->RelProperty(rels[5], k)).as_string(), "new");
        EXPECT_TRUE(Must(r->RelProperties(rels[kRelsPerPage])).empty());
        EXPECT_FALSE(Must(r->RelExists(rels[kRelsPerPage + 3])));
    }
    // The deleted id comes back without the old address.
    g = db.Begin();
    RelId reused = Must(g->CreateRel(y, x, t, {}));
    EXPECT_EQ(reused, rels[kRelsPerPage + 3]);
    db.Commit();
    auto r = db.Read();
    EXPECT_TRUE(Must(r->RelProperties(reused)).empty());
    EXPECT_EQ(Must(r->Rel(reused)).start, y);
}

TEST(RecordFormatTest, ForeignSidePageIsCorruption) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
    TokenId k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "k"));
    NodeId x = Must(g->CreateNode({}, {}));
    RelId rel = Must(g->CreateRel(x, x, t, {{k, Value(1)}}));
    db.Commit();
    storage::PageWriter* w = db.pages().BeginWrite();
    for (PageId id = 1; id < w->page_count(); ++id) {
        uint8_t* p = Must(w->Write(id));
        if (p[0] == static_cast<uint8_t>(PageType::kRelProps)) Store32(p + 4, id);
    }
    db.pages().Commit();
    auto r = db.Read();
    EXPECT_EQ(r->RelProperties(rel).status().code(), StatusCode::kCorruption);
    EXPECT_TRUE(Must(r->RelExists(rel)));  // the record itself still reads
}

TEST(RecordFormatTest, VersionOneDatabaseIsRefused) {
    MemGraph db;
    storage::PageWriter* w = db.pages().BeginWrite();
    uint8_t* p = Must(w->Write(storage::kFirstDataPage));
    Store32(p + kRootVersion, 1);
    db.pages().Commit();
    auto pages = db.pages().BeginRead();
    auto g = GraphStore::OpenReader(pages.get(), nullptr);
    ASSERT_FALSE(g.ok());
    EXPECT_EQ(g.status().code(), StatusCode::kCorruption);
    EXPECT_NE(g.status().message().find("format version 1"), std::string::npos)
        << g.status().message();
}

}  // namespace
}  // namespace nexus::graph
