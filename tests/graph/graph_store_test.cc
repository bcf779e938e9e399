// Record layer tests on MemPageStore: values, labels, adjacency, counts, space reuse,
// snapshots and corrupt pages.
#include <algorithm>
#include <set>

#include "graph/graph_store.h"
#include "graph_test_util.h"

namespace nexus::graph {
namespace {

using testing::Drain;
using testing::MemGraph;
using testing::Show;

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

std::vector<Value> AllValueKinds() {
    DateTime zoned{1700000000, 123, 3600, "Europe/Stockholm"};
    return {
        Value(true),
        Value(false),
        Value(int64_t{0}),
        Value(int64_t{-1}),
        Value(INT64_MAX),
        Value(INT64_MIN),
        Value(3.25),
        Value(-0.0),
        Value(std::string()),
        Value("hello"),
        Value(std::string(100000, 'x')),  // overflow pages
        Value(List{Value(1), Value(2), Value(3)}),
        Value(List{Value("a"), Value(std::string(3000, 'b'))}),
        Value(List{}),
        Value(List{Value(1.5), Value(2.5)}),
        Value(List{Value(true), Value(false)}),
        Value(Date{-719162}),
        Value(LocalTime{86399999999999}),
        Value(Time{3600000000000, -18000}),
        Value(LocalDateTime{-1234567890, 999999999}),
        Value(zoned),
        Value(DateTime{0, 1, -3600, ""}),
        Value(Duration{14, -3, 7200, 5}),
        Value(Point{7203, 1.5, -2.5, 0}),
        Value(Point{4979, 12.0, 56.0, 100.0}),
        Value(List{Value(Date{1}), Value(Date{2})}),
    };
}

TEST(GraphStoreTest, PropertiesRoundTripEveryValueKind) {
    MemGraph db;
    std::vector<Value> values = AllValueKinds();
    NodeId node;
    RelId rel;
    {
        GraphStore* g = db.Begin();
        PropertyList props;
        for (size_t i = 0; i < values.size(); ++i) {
            TokenId key =
                Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "p" + std::to_string(i)));
            props.emplace_back(key, values[i]);
        }
        node = Must(g->CreateNode({}, props));
        TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
        rel = Must(g->CreateRel(node, node, t, props));
        db.Commit();
    }
    auto r = db.Read();
    PropertyList got = Must(r->NodeProperties(node));
    PropertyList rgot = Must(r->RelProperties(rel));
    ASSERT_EQ(got.size(), values.size());
    ASSERT_EQ(rgot.size(), values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        TokenId key = r->FindToken(TokenKind::kPropertyKey, "p" + std::to_string(i));
        ASSERT_NE(key, kNoToken);
        EXPECT_EQ(Show(Must(r->NodeProperty(node, key))), Show(values[i])) << i;
        EXPECT_EQ(Show(Must(r->RelProperty(rel, key))), Show(values[i])) << i;
    }
    TokenId missing = r->FindToken(TokenKind::kPropertyKey, "nope");
    EXPECT_EQ(missing, kNoToken);
}

TEST(GraphStoreTest, RejectsUnstorableValues) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "k"));
    NodeId n = Must(g->CreateNode({}, {}));
    EXPECT_EQ(g->SetNodeProperty(n, k, Value(Map{{"a", Value(1)}})).code(), StatusCode::kTypeError);
    EXPECT_EQ(g->SetNodeProperty(n, k, Value(List{Value(1), Value("x")})).code(),
              StatusCode::kTypeError);
    EXPECT_EQ(g->SetNodeProperty(n, k, Value(List{Value(1), Value()})).code(),
              StatusCode::kTypeError);
    EXPECT_EQ(g->SetNodeProperty(n, k, Value(List{Value(List{})})).code(), StatusCode::kTypeError);
    EXPECT_EQ(g->CreateNode({}, {{k, Value(Map{})}}).status().code(), StatusCode::kTypeError);
    // Setting Null removes; updating relocates as the record grows.
    ASSERT_OK(g->SetNodeProperty(n, k, Value(1)));
    ASSERT_OK(g->SetNodeProperty(n, k, Value(std::string(5000, 'z'))));
    EXPECT_EQ(Must(g->NodeProperty(n, k)).as_string().size(), 5000u);
    ASSERT_OK(g->SetNodeProperty(n, k, Value()));
    EXPECT_TRUE(Must(g->NodeProperty(n, k)).is_null());
    EXPECT_TRUE(Must(g->NodeProperties(n)).empty());
}

TEST(GraphStoreTest, LabelsAddRemoveAndOverflow) {
    MemGraph db;
    GraphStore* g = db.Begin();
    std::vector<TokenId> labels;
    for (int i = 0; i < 7; ++i) {
        labels.push_back(Must(g->GetOrCreateToken(TokenKind::kLabel, "L" + std::to_string(i))));
    }
    NodeId a = Must(g->CreateNode(std::vector<TokenId>{labels[2], labels[0]}, {}));
    NodeId b = Must(g->CreateNode({}, {}));
    EXPECT_EQ(Must(g->NodeLabels(a)), (std::vector<TokenId>{labels[0], labels[2]}));
    EXPECT_TRUE(Must(g->AddLabel(b, labels[1])));
    EXPECT_FALSE(Must(g->AddLabel(b, labels[1])));
    for (TokenId l : labels) Must(g->AddLabel(a, l));  // past the inline limit
    EXPECT_EQ(Must(g->NodeLabels(a)), labels);
    EXPECT_TRUE(Must(g->NodeHasLabel(a, labels[6])));
    EXPECT_EQ(g->CountNodes(labels[1]), 2u);
    db.Commit();

    g = db.Begin();
    EXPECT_TRUE(Must(g->RemoveLabel(a, labels[1])));
    EXPECT_FALSE(Must(g->RemoveLabel(a, labels[1])));
    for (int i = 3; i < 7; ++i) Must(g->RemoveLabel(a, labels[i]));
    EXPECT_EQ(Must(g->NodeLabels(a)), (std::vector<TokenId>{labels[0], labels[2]}));
    EXPECT_FALSE(Must(g->NodeHasLabel(a, labels[1])));
    db.Commit();
    auto r = db.Read();
    EXPECT_EQ(r->CountNodes(labels[1]), 1u);
    EXPECT_EQ(r->CountNodes(labels[0]), 1u);
    EXPECT_EQ(r->CountNodes(labels[6]), 0u);
    EXPECT_EQ(Drain(r->ScanLabel(labels[1]).get()), std::vector<NodeId>{b});
    EXPECT_EQ(Drain(r->ScanLabel(labels[0]).get()), std::vector<NodeId>{a});
}

std::multiset<std::pair<NodeId, RelId>> ExpandSet(GraphReader* g, NodeId n, Direction d,
                                                  std::vector<TokenId> types) {
    std::vector<AdjEntry> out;
    Status st = g->Expand(n, d, types, &out);
    EXPECT_TRUE(st.ok()) << st.ToString();
    std::multiset<std::pair<NodeId, RelId>> s;
    for (const AdjEntry& e : out) s.emplace(e.neighbor, e.rel);
    return s;
}

TEST(GraphStoreTest, AdjacencyByTypeAndDirectionWithSelfLoops) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId knows = Must(g->GetOrCreateToken(TokenKind::kRelType, "KNOWS"));
    TokenId likes = Must(g->GetOrCreateToken(TokenKind::kRelType, "LIKES"));
    NodeId a = Must(g->CreateNode({}, {})), b = Must(g->CreateNode({}, {})),
           c = Must(g->CreateNode({}, {}));
    RelId ab = Must(g->CreateRel(a, b, knows, {}));
    RelId ac = Must(g->CreateRel(a, c, likes, {}));
    RelId ba = Must(g->CreateRel(b, a, knows, {}));
    RelId aa = Must(g->CreateRel(a, a, knows, {}));
    db.Commit();
    auto r = db.Read();
    using S = std::multiset<std::pair<NodeId, RelId>>;
    EXPECT_EQ(ExpandSet(r.graph.get(), a, Direction::kOutgoing, {knows}), (S{{b, ab}, {a, aa}}));
    EXPECT_EQ(ExpandSet(r.graph.get(), a, Direction::kIncoming, {knows}), (S{{b, ba}, {a, aa}}));
    EXPECT_EQ(ExpandSet(r.graph.get(), a, Direction::kBoth, {knows}),
              (S{{b, ab}, {b, ba}, {a, aa}}));
    EXPECT_EQ(ExpandSet(r.graph.get(), a, Direction::kBoth, {}),
              (S{{b, ab}, {b, ba}, {a, aa}, {c, ac}}));
    EXPECT_EQ(ExpandSet(r.graph.get(), c, Direction::kIncoming, {likes}), (S{{a, ac}}));
    EXPECT_EQ(ExpandSet(r.graph.get(), c, Direction::kOutgoing, {}), S{});
    EXPECT_EQ(Must(r->Degree(a, Direction::kBoth, std::vector<TokenId>{})), 4u);
    EXPECT_EQ(Must(r->Degree(a, Direction::kOutgoing, std::vector<TokenId>{knows})), 2u);
    std::vector<AdjEntry> out;
    ASSERT_OK(r->Expand(a, Direction::kIncoming, std::vector<TokenId>{likes, knows}, &out));
    for (const AdjEntry& e : out) EXPECT_EQ(e.dir, Direction::kIncoming);
    RelRecord rec = Must(r->Rel(ba));
    EXPECT_EQ(rec.start, b);
    EXPECT_EQ(rec.end, a);
    EXPECT_EQ(rec.type, knows);
    EXPECT_EQ(r->CountRels(), 4u);
    EXPECT_EQ(r->CountRels(knows), 3u);
}

TEST(GraphStoreTest, DenseNodeExpandAndDelete) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId t1 = Must(g->GetOrCreateToken(TokenKind::kRelType, "A"));
    TokenId t2 = Must(g->GetOrCreateToken(TokenKind::kRelType, "B"));
    NodeId hub = Must(g->CreateNode({}, {}));
    constexpr int kN = 12000;
    std::vector<NodeId> leaves;
    std::vector<RelId> rels;
    for (int i = 0; i < kN; ++i) {
        leaves.push_back(Must(g->CreateNode({}, {})));
        TokenId t = i % 2 ? t2 : t1;
        rels.push_back(i % 3 == 0 ? Must(g->CreateRel(leaves.back(), hub, t, {}))
                                  : Must(g->CreateRel(hub, leaves.back(), t, {})));
    }
    db.Commit();
    auto check = [&](GraphReader* r, const std::vector<bool>& alive) {
        std::multiset<std::pair<NodeId, RelId>> want_out1, want_in_all;
        for (int i = 0; i < kN; ++i) {
            if (!alive[i]) continue;
            if (i % 3 == 0)
                want_in_all.emplace(leaves[i], rels[i]);
            else if (i % 2 == 0)
                want_out1.emplace(leaves[i], rels[i]);
        }
        EXPECT_EQ(ExpandSet(r, hub, Direction::kOutgoing, {t1}), want_out1);
        EXPECT_EQ(ExpandSet(r, hub, Direction::kIncoming, {}), want_in_all);
        EXPECT_EQ(Must(r->Degree(hub, Direction::kIncoming, std::vector<TokenId>{})),
                  want_in_all.size());
    };
    std::vector<bool> alive(kN, true);
    {
        auto r = db.Read();
        check(r.graph.get(), alive);
    }
    g = db.Begin();
    for (int i = 0; i < kN; i += 2) {
        ASSERT_OK(g->DeleteRel(rels[i]));
        alive[i] = false;
    }
    check(g, alive);
    db.Commit();
    auto r = db.Read();
    check(r.graph.get(), alive);
    EXPECT_EQ(r->CountRels(t1), 0u);
    EXPECT_EQ(r->CountRels(t2), static_cast<uint64_t>(kN / 2));
}

TEST(GraphStoreTest, DeleteNodeWithRelationshipsFails) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
    NodeId a = Must(g->CreateNode({}, {})), b = Must(g->CreateNode({}, {}));
    RelId r = Must(g->CreateRel(a, b, t, {}));
    EXPECT_EQ(g->DeleteNode(b).code(), StatusCode::kDeleteConnected);
    ASSERT_OK(g->DeleteRel(r));
    ASSERT_OK(g->DeleteNode(b));
    EXPECT_FALSE(Must(g->NodeExists(b)));
    EXPECT_EQ(g->NodeProperties(b).status().code(), StatusCode::kEntityNotFound);
    EXPECT_EQ(g->CreateRel(a, b, t, {}).status().code(), StatusCode::kEntityNotFound);
    EXPECT_EQ(g->DeleteRel(r).code(), StatusCode::kEntityNotFound);
    // Ids freed in this transaction are not reused before it commits.
    NodeId c = Must(g->CreateNode({}, {}));
    EXPECT_NE(c, b);
    db.Commit();
    g = db.Begin();
    EXPECT_EQ(Must(g->CreateNode({}, {})), b);
    db.Commit();
}

TEST(GraphStoreTest, DeleteAndReinsertDoesNotGrowPages) {
    MemGraph db;
    size_t after_first_round = 0;
    for (int round = 0; round < 12; ++round) {
        GraphStore* g = db.Begin();
        TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
        TokenId l = Must(g->GetOrCreateToken(TokenKind::kLabel, "L"));
        TokenId k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "name"));
        std::vector<NodeId> nodes;
        for (int i = 0; i < 3000; ++i) {
            PropertyList props{{k, Value(std::string(static_cast<size_t>(20 + i % 300), 'n'))}};
            nodes.push_back(Must(g->CreateNode(std::vector<TokenId>{l}, props)));
        }
        std::vector<RelId> rels;
        for (int i = 0; i < 6000; ++i) {
            rels.push_back(Must(g->CreateRel(nodes[i % 3000], nodes[(i * 7 + 1) % 3000], t, {})));
        }
        for (int i = 0; i < 600; ++i) Must(g->CreateRel(nodes[0], nodes[i], t, {}));
        db.Commit();
        if (round == 1) after_first_round = db.pages().committed_pages();
        g = db.Begin();
        std::vector<AdjEntry> adj;
        for (NodeId n : nodes) {
            adj.clear();
            ASSERT_OK(g->Expand(n, Direction::kOutgoing, std::vector<TokenId>{}, &adj));
            for (const AdjEntry& e : adj) ASSERT_OK(g->DeleteRel(e.rel));
        }
        for (NodeId n : nodes) ASSERT_OK(g->DeleteNode(n));
        EXPECT_EQ(g->CountNodes(), 0u);
        EXPECT_EQ(g->CountRels(), 0u);
        db.Commit();
    }
    size_t final_pages = db.pages().committed_pages();
    EXPECT_LE(final_pages, after_first_round + 8) << "first " << after_first_round;
}

TEST(GraphStoreTest, CountsExactAfterRollback) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId l = Must(g->GetOrCreateToken(TokenKind::kLabel, "L"));
    TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
    NodeId a = Must(g->CreateNode(std::vector<TokenId>{l}, {}));
    NodeId b = Must(g->CreateNode({}, {}));
    Must(g->CreateRel(a, b, t, {}));
    db.Commit();

    g = db.Begin();
    TokenId l2 = Must(g->GetOrCreateToken(TokenKind::kLabel, "Temp"));
    for (int i = 0; i < 100; ++i) Must(g->CreateNode(std::vector<TokenId>{l, l2}, {}));
    Must(g->CreateRel(b, a, t, {}));
    ASSERT_OK(g->DeleteNode(Must(g->CreateNode({}, {}))));
    EXPECT_EQ(g->CountNodes(l), 101u);
    EXPECT_EQ(g->CountRels(), 2u);
    db.Rollback();

    auto r = db.Read();
    EXPECT_EQ(r->CountNodes(), 2u);
    EXPECT_EQ(r->CountNodes(l), 1u);
    EXPECT_EQ(r->CountRels(), 1u);
    EXPECT_EQ(r->CountRels(t), 1u);
    EXPECT_EQ(r->FindToken(TokenKind::kLabel, "Temp"), kNoToken);
    // A token created after the rollback takes the free id with its own name.
    g = db.Begin();
    TokenId other = Must(g->GetOrCreateToken(TokenKind::kLabel, "Other"));
    EXPECT_EQ(other, l2);
    db.Commit();
    auto r2 = db.Read();
    EXPECT_EQ(Must(r2->TokenName(TokenKind::kLabel, other)), "Other");
    EXPECT_EQ(r2->FindToken(TokenKind::kLabel, "Temp"), kNoToken);
}

TEST(GraphStoreTest, ReaderKeepsSnapshotWhileWriterCommits) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "v"));
    NodeId a = Must(g->CreateNode({}, {{k, Value(1)}}));
    db.Commit();
    auto before = db.Read();
    g = db.Begin();
    ASSERT_OK(g->SetNodeProperty(a, k, Value(2)));
    TokenId l = Must(g->GetOrCreateToken(TokenKind::kLabel, "New"));
    Must(g->CreateNode(std::vector<TokenId>{l}, {}));
    db.Commit();
    EXPECT_EQ(Must(before->NodeProperty(a, k)).as_int(), 1);
    EXPECT_EQ(before->CountNodes(), 1u);
    EXPECT_EQ(before->FindToken(TokenKind::kLabel, "New"), kNoToken);
    auto after = db.Read();
    EXPECT_EQ(Must(after->NodeProperty(a, k)).as_int(), 2);
    EXPECT_EQ(after->CountNodes(), 2u);
    EXPECT_EQ(after->FindToken(TokenKind::kLabel, "New"), l);
}

TEST(GraphStoreTest, ReadOnlyViewRejectsWrites) {
    MemGraph db;
    auto r = db.Read();
    EXPECT_EQ(r->CreateNode({}, {}).status().code(), StatusCode::kTransactionError);
    EXPECT_EQ(r->GetOrCreateToken(TokenKind::kLabel, "X").status().code(),
              StatusCode::kTransactionError);
}

TEST(GraphStoreTest, CorruptPagesReportCorruption) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "k"));
    TokenId t = Must(g->GetOrCreateToken(TokenKind::kRelType, "T"));
    NodeId a = Must(g->CreateNode({}, {{k, Value("some text")}}));
    NodeId b = Must(g->CreateNode({}, {}));
    Must(g->CreateRel(a, b, t, {}));
    db.Commit();
    auto view = db.Read();
    NodeRec rec = *Must(view->ReadNode(a));
    PageId heap_page = AddrPage(rec.props);
    // Scribble over the whole heap page (slot directory and records).
    storage::PageWriter* w = db.pages().BeginWrite();
    uint8_t* p = Must(w->Write(heap_page));
    for (uint32_t i = 1; i < storage::kPageUsable; ++i) p[i] = static_cast<uint8_t>(i * 37);
    db.pages().Commit();
    // The counts record shares the page, so opening may already fail; either way the
    // damage surfaces as kCorruption naming a page.
    {
        auto pages = db.pages().BeginRead();
        auto r = GraphStore::OpenReader(pages.get(), nullptr);
        Status st = r.ok() ? (*r)->NodeProperties(a).status() : r.status();
        EXPECT_EQ(st.code(), StatusCode::kCorruption);
        EXPECT_NE(st.message().find("page"), std::string::npos);
        if (r.ok()) {
            std::vector<AdjEntry> out;
            EXPECT_EQ((*r)->Expand(a, Direction::kBoth, std::vector<TokenId>{}, &out).code(),
                      StatusCode::kCorruption);
        }
    }
    // A wrong page type where the heap page should be.
    w = db.pages().BeginWrite();
    p = Must(w->Write(heap_page));
    p[0] = static_cast<uint8_t>(PageType::kNodeRecords);
    db.pages().Commit();
    auto pages = db.pages().BeginRead();
    auto r2 = GraphStore::OpenReader(pages.get(), nullptr);
    Status st = r2.ok() ? (*r2)->NodeProperties(a).status() : r2.status();
    EXPECT_EQ(st.code(), StatusCode::kCorruption);
    // A big value lives in overflow pages; damage there is reported too.
    MemGraph db2;
    g = db2.Begin();
    k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "k"));
    a = Must(g->CreateNode({}, {{k, Value(std::string(20000, 'q'))}}));
    db2.Commit();
    w = db2.pages().BeginWrite();
    for (PageId id = 1; id < w->page_count(); ++id) {
        uint8_t* q = Must(w->Write(id));
        if (q[0] == static_cast<uint8_t>(PageType::kOverflow)) q[8] = 0xff;
    }
    db2.pages().Commit();
    auto r3 = db2.Read();
    EXPECT_EQ(r3->NodeProperty(a, k).status().code(), StatusCode::kCorruption);
}

TEST(GraphStoreTest, RootWithBadVersionIsCorruption) {
    MemGraph db;
    storage::PageWriter* w = db.pages().BeginWrite();
    uint8_t* p = Must(w->Write(storage::kFirstDataPage));
    p[8] = 99;
    db.pages().Commit();
    auto pages = db.pages().BeginRead();
    auto g = GraphStore::OpenReader(pages.get(), nullptr);
    EXPECT_EQ(g.status().code(), StatusCode::kCorruption);
}

TEST(GraphStoreTest, UniqueIndexRejectsDuplicates) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId l = Must(g->GetOrCreateToken(TokenKind::kLabel, "User"));
    TokenId k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "email"));
    NodeId a = Must(g->CreateNode(std::vector<TokenId>{l}, {{k, Value("a@x")}}));
    IndexId idx = Must(g->CreateIndex("user_email", l, {k}, true));
    EXPECT_EQ(g->CreateIndex("other", l, {k}, false).status().code(), StatusCode::kSchemaError);
    EXPECT_EQ(g->CreateNode(std::vector<TokenId>{l}, {{k, Value("a@x")}}).status().code(),
              StatusCode::kConstraintViolation);
    NodeId b = Must(g->CreateNode({}, {{k, Value("a@x")}}));  // no label: not covered
    EXPECT_EQ(g->AddLabel(b, l).status().code(), StatusCode::kConstraintViolation);
    db.Commit();
    auto r = db.Read();
    ASSERT_EQ(r->Indexes().size(), 1u);
    EXPECT_EQ(r->Indexes()[0].name, "user_email");
    std::vector<Value> key{Value("a@x")};
    EXPECT_EQ(Drain(r->IndexSeek(idx, key).get()), std::vector<NodeId>{a});
}

TEST(GraphStoreTest, PropertyIndexFollowsEveryChange) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId person = Must(g->GetOrCreateToken(TokenKind::kLabel, "Person"));
    TokenId age = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "age"));
    std::vector<NodeId> ids;
    for (int i = 0; i < 100; ++i) {
        ids.push_back(Must(g->CreateNode(std::vector<TokenId>{person}, {{age, Value(i)}})));
    }
    IndexId idx = Must(g->CreateIndex("", person, {age}, false));
    NodeId late = Must(g->CreateNode(std::vector<TokenId>{person}, {{age, Value(35.0)}}));
    db.Commit();

    auto seek = [&](GraphReader* r, Value v) {
        std::vector<Value> key{std::move(v)};
        return Drain(r->IndexSeek(idx, key).get());
    };
    IndexBound lo{Value(30), true}, hi{Value(40), false};
    {
        auto r = db.Read();
        EXPECT_EQ(seek(r.graph.get(), Value(35)), (std::vector<NodeId>{ids[35], late}));
        EXPECT_EQ(Drain(r->IndexRange(idx, &lo, &hi).get()).size(), 11u);
        EXPECT_EQ(r->Indexes().at(0).name, "index_1");
    }
    g = db.Begin();
    ASSERT_OK(g->SetNodeProperty(ids[35], age, Value(99)));
    ASSERT_OK(g->SetNodeProperty(ids[36], age, Value()));
    Must(g->RemoveLabel(ids[37], person));
    ASSERT_OK(g->DeleteNode(ids[38]));
    EXPECT_EQ(seek(g, Value(35)), std::vector<NodeId>{late});
    EXPECT_EQ(seek(g, Value(99)), (std::vector<NodeId>{ids[35], ids[99]}));
    EXPECT_EQ(Drain(g->IndexRange(idx, &lo, &hi).get()).size(), 7u);
    Must(g->AddLabel(ids[37], person));
    EXPECT_EQ(seek(g, Value(37)), std::vector<NodeId>{ids[37]});
    db.Commit();
    auto r = db.Read();
    EXPECT_EQ(seek(r.graph.get(), Value(36)), std::vector<NodeId>{});
    EXPECT_EQ(seek(r.graph.get(), Value(37)), std::vector<NodeId>{ids[37]});
    g = db.Begin();
    ASSERT_OK(g->DropIndex(idx));
    EXPECT_TRUE(g->Indexes().empty());
    db.Commit();
}

TEST(GraphStoreTest, UniqueViolationLeavesNoTrace) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId l = Must(g->GetOrCreateToken(TokenKind::kLabel, "U"));
    TokenId k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "k"));
    NodeId a = Must(g->CreateNode(std::vector<TokenId>{l}, {{k, Value(1)}}));
    NodeId b = Must(g->CreateNode(std::vector<TokenId>{l}, {{k, Value(2)}}));
    IndexId idx = Must(g->CreateIndex("u", l, {k}, true));
    EXPECT_EQ(g->SetNodeProperty(b, k, Value(1.0)).code(), StatusCode::kConstraintViolation);
    EXPECT_EQ(Must(g->NodeProperty(b, k)).as_int(), 2);
    std::vector<Value> two{Value(2)};
    EXPECT_EQ(Drain(g->IndexSeek(idx, two).get()), std::vector<NodeId>{b});
    ASSERT_OK(g->SetNodeProperty(a, k, Value(3)));  // frees key 1
    ASSERT_OK(g->SetNodeProperty(b, k, Value(1)));
    EXPECT_EQ(g->CountNodes(l), 2u);
    db.Commit();
    g = db.Begin();
    // Creating a constraint over duplicates fails and leaves no index behind.
    TokenId m = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "m"));
    ASSERT_OK(g->SetNodeProperty(a, m, Value("same")));
    ASSERT_OK(g->SetNodeProperty(b, m, Value("same")));
    EXPECT_EQ(g->CreateIndex("um", l, {m}, true).status().code(), StatusCode::kConstraintViolation);
    EXPECT_EQ(g->Indexes().size(), 1u);
    db.Commit();
}

}  // namespace
}  // namespace nexus::graph
