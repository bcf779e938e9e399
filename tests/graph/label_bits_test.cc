// NodeLabelBits: the allocation-free label set the executor's label checks read, checked
// against NodeLabels for inline and overflowed labels, ids past 63, deleted nodes, and the
// GraphReader default that other readers inherit.
#include <string>
#include <vector>

#include "graph/graph_store.h"
#include "graph_test_util.h"

namespace nexus::graph {
namespace {

using testing::MemGraph;

template <typename T>
T Must(Result<T> r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
}

uint64_t BitsOf(const std::vector<TokenId>& labels) {
    uint64_t bits = 0;
    for (TokenId l : labels) bits |= l < 64 ? uint64_t{1} << l : 0;
    return bits;
}

// A reader that keeps only the GraphReader default of NodeLabelBits.
class DefaultBitsReader final : public GraphReader {
  public:
    explicit DefaultBitsReader(GraphStore* g) : g_(g) {}
    TokenId FindToken(TokenKind k, std::string_view n) override { return g_->FindToken(k, n); }
    Result<std::string> TokenName(TokenKind k, TokenId id) override { return g_->TokenName(k, id); }
    std::vector<std::pair<TokenId, std::string>> Tokens(TokenKind k) override {
        return g_->Tokens(k);
    }
    Result<bool> NodeExists(NodeId n) override { return g_->NodeExists(n); }
    Result<std::vector<TokenId>> NodeLabels(NodeId n) override { return g_->NodeLabels(n); }
    Result<bool> NodeHasLabel(NodeId n, TokenId l) override { return g_->NodeHasLabel(n, l); }
    Result<Value> NodeProperty(NodeId n, TokenId k) override { return g_->NodeProperty(n, k); }
    Result<PropertyList> NodeProperties(NodeId n) override { return g_->NodeProperties(n); }
    std::unique_ptr<NodeCursor> ScanNodes() override { return g_->ScanNodes(); }
    std::unique_ptr<NodeCursor> ScanLabel(TokenId l) override { return g_->ScanLabel(l); }
    Result<bool> RelExists(RelId r) override { return g_->RelExists(r); }
    Result<RelRecord> Rel(RelId r) override { return g_->Rel(r); }
    Result<Value> RelProperty(RelId r, TokenId k) override { return g_->RelProperty(r, k); }
    Result<PropertyList> RelProperties(RelId r) override { return g_->RelProperties(r); }
    std::unique_ptr<RelCursor> ScanRels() override { return g_->ScanRels(); }
    Status Expand(NodeId n, Direction d, std::span<const TokenId> t,
                  std::vector<AdjEntry>* out) override {
        return g_->Expand(n, d, t, out);
    }
    Result<uint64_t> Degree(NodeId n, Direction d, std::span<const TokenId> t) override {
        return g_->Degree(n, d, t);
    }
    uint64_t CountNodes(TokenId l) override { return g_->CountNodes(l); }
    uint64_t CountRels(TokenId t) override { return g_->CountRels(t); }
    std::vector<IndexDef> Indexes() override { return g_->Indexes(); }
    std::unique_ptr<NodeCursor> IndexSeek(IndexId i, std::span<const Value> k) override {
        return g_->IndexSeek(i, k);
    }
    std::unique_ptr<NodeCursor> IndexRange(IndexId i, const IndexBound* lo,
                                           const IndexBound* hi) override {
        return g_->IndexRange(i, lo, hi);
    }

  private:
    GraphStore* g_;
};

TEST(LabelBitsTest, MatchesNodeLabelsInlineOverflowAndHighIds) {
    MemGraph db;
    GraphStore* g = db.Begin();
    std::vector<TokenId> labels;
    for (int i = 0; i < 70; ++i) {
        labels.push_back(Must(g->GetOrCreateToken(TokenKind::kLabel, "L" + std::to_string(i))));
    }
    ASSERT_GE(labels.back(), 64u);
    NodeId none = Must(g->CreateNode({}, {}));
    NodeId two = Must(g->CreateNode(std::vector<TokenId>{labels[5], labels[1]}, {}));
    NodeId high = Must(g->CreateNode(std::vector<TokenId>{labels[3], labels[66]}, {}));
    NodeId many = Must(g->CreateNode({}, {}));
    for (int i = 0; i < 70; i += 3) Must(g->AddLabel(many, labels[i]));  // overflows inline
    ASSERT_EQ(Must(g->ReadNode(many))->nlabels, GraphStore::kLabelOverflow);

    EXPECT_EQ(Must(g->NodeLabelBits(none)), 0u);
    EXPECT_EQ(Must(g->NodeLabelBits(two)), (uint64_t{1} << labels[1]) | (uint64_t{1} << labels[5]));
    EXPECT_EQ(Must(g->NodeLabelBits(high)), uint64_t{1} << labels[3]);  // 66 is left out
    for (NodeId n : {none, two, high, many}) {
        EXPECT_EQ(Must(g->NodeLabelBits(n)), BitsOf(Must(g->NodeLabels(n)))) << n;
    }
    db.Commit();

    auto r = db.Read();
    DefaultBitsReader fallback(r.graph.get());
    for (NodeId n : {none, two, high, many}) {
        const uint64_t want = BitsOf(Must(r->NodeLabels(n)));
        EXPECT_EQ(Must(r->NodeLabelBits(n)), want) << n;
        EXPECT_EQ(Must(fallback.NodeLabelBits(n)), want) << n;
    }
    EXPECT_NE(Must(r->NodeLabelBits(many)) & (uint64_t{1} << labels[63]), 0u);
}

TEST(LabelBitsTest, FollowsLabelChangesAndRefusesMissingNodes) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId a = Must(g->GetOrCreateToken(TokenKind::kLabel, "A"));
    TokenId b = Must(g->GetOrCreateToken(TokenKind::kLabel, "B"));
    NodeId n = Must(g->CreateNode(std::vector<TokenId>{a}, {}));
    NodeId gone = Must(g->CreateNode(std::vector<TokenId>{b}, {}));
    ASSERT_TRUE(g->DeleteNode(gone).ok());
    EXPECT_TRUE(Must(g->AddLabel(n, b)));
    EXPECT_TRUE(Must(g->RemoveLabel(n, a)));
    EXPECT_EQ(Must(g->NodeLabelBits(n)), uint64_t{1} << b);

    Result<uint64_t> deleted = g->NodeLabelBits(gone);
    EXPECT_EQ(deleted.status().code(), StatusCode::kEntityNotFound);
    Result<uint64_t> never = g->NodeLabelBits(n + 100);
    EXPECT_EQ(never.status().code(), StatusCode::kEntityNotFound);
}

// Read views keep their last decoded node record; reads that alternate between nodes, and a
// commit made after the view opened, must not show through it.
TEST(LabelBitsTest, ReadViewRepeatsAreConsistentSnapshots) {
    MemGraph db;
    GraphStore* g = db.Begin();
    TokenId a = Must(g->GetOrCreateToken(TokenKind::kLabel, "A"));
    TokenId b = Must(g->GetOrCreateToken(TokenKind::kLabel, "B"));
    TokenId k = Must(g->GetOrCreateToken(TokenKind::kPropertyKey, "k"));
    NodeId n = Must(g->CreateNode(std::vector<TokenId>{a}, {{k, Value(int64_t{1})}}));
    NodeId m = Must(g->CreateNode(std::vector<TokenId>{b}, {{k, Value(int64_t{2})}}));
    db.Commit();

    auto r = db.Read();
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(Must(r->NodeLabelBits(n)), uint64_t{1} << a);
        EXPECT_EQ(Must(r->NodeProperty(n, k)).as_int(), 1);
        EXPECT_EQ(Must(r->NodeLabelBits(m)), uint64_t{1} << b);
        EXPECT_EQ(Must(r->NodeProperty(m, k)).as_int(), 2);
    }
    g = db.Begin();
    EXPECT_TRUE(Must(g->AddLabel(m, a)));
    ASSERT_TRUE(g->SetNodeProperty(m, k, Value(int64_t{3})).ok());
    // The writer reads what it just wrote, not a record it decoded before.
    EXPECT_EQ(Must(g->NodeLabelBits(m)), (uint64_t{1} << a) | (uint64_t{1} << b));
    EXPECT_EQ(Must(g->NodeProperty(m, k)).as_int(), 3);
    db.Commit();
    EXPECT_EQ(Must(r->NodeLabelBits(m)), uint64_t{1} << b);
    EXPECT_EQ(Must(r->NodeProperty(m, k)).as_int(), 2);
    auto fresh = db.Read();
    EXPECT_EQ(Must(fresh->NodeLabelBits(m)), (uint64_t{1} << a) | (uint64_t{1} << b));
    EXPECT_EQ(Must(fresh->NodeProperty(m, k)).as_int(), 3);
}

}  // namespace
}  // namespace nexus::graph
