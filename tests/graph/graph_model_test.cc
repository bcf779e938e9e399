// Model-based test: random graph operations applied to GraphStore and to a plain in-memory
// model, with random commits and rollbacks, compared after every transaction (several seeds).
#include <map>
#include <random>
#include <set>

#include "graph/graph_store.h"
#include "graph_test_util.h"

namespace nexus::graph {
namespace {

using testing::Drain;
using testing::MemGraph;
using testing::Show;

struct ModelNode {
    std::set<TokenId> labels;
    std::map<TokenId, std::string> props;  // shown values
};
struct ModelRel {
    NodeId start, end;
    TokenId type;
    std::map<TokenId, std::string> props;
};
struct Model {
    std::map<NodeId, ModelNode> nodes;
    std::map<RelId, ModelRel> rels;
};

class Runner {
  public:
    explicit Runner(uint32_t seed) : rng_(seed) {}

    void Run(int txns) {
        GraphStore* g = db_.Begin();
        for (int i = 0; i < 4; ++i) {
            labels_.push_back(*g->GetOrCreateToken(TokenKind::kLabel, "L" + std::to_string(i)));
            types_.push_back(*g->GetOrCreateToken(TokenKind::kRelType, "T" + std::to_string(i)));
            keys_.push_back(*g->GetOrCreateToken(TokenKind::kPropertyKey, "k" + std::to_string(i)));
        }
        db_.Commit();
        for (int t = 0; t < txns && !::testing::Test::HasFailure(); ++t) {
            Model work = model_;
            g = db_.Begin();
            int ops = std::uniform_int_distribution<int>(1, 60)(rng_);
            for (int i = 0; i < ops && !::testing::Test::HasFailure(); ++i) Step(g, &work);
            Compare(g, work);
            if (Pick(5) == 0) {
                db_.Rollback();
            } else {
                db_.Commit();
                model_ = std::move(work);
            }
            auto r = db_.Read();
            Compare(r.graph.get(), model_);
        }
    }

  private:
    size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
    template <typename M>
    typename M::key_type AnyKey(const M& m) {
        auto it = m.begin();
        std::advance(it, static_cast<ptrdiff_t>(Pick(m.size())));
        return it->first;
    }
    Value RandomValue() {
        switch (Pick(6)) {
            case 0:
                return Value(static_cast<int64_t>(Pick(1000)) - 500);
            case 1:
                return Value(
                    std::string(Pick(3) == 0 ? 3000 + Pick(9000) : Pick(40), 'a' + Pick(26)));
            case 2:
                return Value(Pick(2) == 0);
            case 3:
                return Value(List{Value(1.5), Value(static_cast<double>(Pick(100)))});
            case 4:
                return Value(Date{static_cast<int64_t>(Pick(50000))});
            default:
                return Value();  // removes
        }
    }

    void Step(GraphStore* g, Model* m) {
        size_t op = Pick(10);
        if (op <= 1 || m->nodes.empty()) {
            std::vector<TokenId> ls;
            for (TokenId l : labels_) {
                if (Pick(3) == 0) ls.push_back(l);
            }
            PropertyList props;
            ModelNode mn{{ls.begin(), ls.end()}, {}};
            for (TokenId k : keys_) {
                if (Pick(2)) continue;
                Value v = RandomValue();
                if (!v.is_null()) mn.props[k] = Show(v);
                props.emplace_back(k, v);
            }
            auto id = g->CreateNode(ls, props);
            ASSERT_TRUE(id.ok()) << id.status().ToString();
            ASSERT_EQ(m->nodes.count(*id), 0u);
            m->nodes[*id] = mn;
        } else if (op <= 4) {
            // Now and then a burst on the lowest node, so that its groups become dense.
            int burst = Pick(12) == 0 ? 150 : 1;
            for (int i = 0; i < burst; ++i) {
                NodeId a = burst > 1 ? m->nodes.begin()->first : AnyKey(m->nodes);
                NodeId b = Pick(4) == 0 ? a : AnyKey(m->nodes);
                if (burst > 1 && Pick(2)) std::swap(a, b);
                TokenId t = types_[burst > 1 ? Pick(2) : Pick(types_.size())];
                auto id = g->CreateRel(a, b, t, {});
                ASSERT_TRUE(id.ok()) << id.status().ToString();
                ASSERT_EQ(m->rels.count(*id), 0u);
                m->rels[*id] = ModelRel{a, b, t, {}};
            }
        } else if (op == 5 && !m->rels.empty()) {
            for (int i = Pick(8) == 0 ? 100 : 1; i > 0 && !m->rels.empty(); --i) {
                RelId r = AnyKey(m->rels);
                ASSERT_TRUE(g->DeleteRel(r).ok());
                m->rels.erase(r);
            }
        } else if (op == 6) {
            NodeId n = AnyKey(m->nodes);
            bool connected = false;
            for (const auto& [id, r] : m->rels) connected |= r.start == n || r.end == n;
            Status st = g->DeleteNode(n);
            if (connected) {
                ASSERT_EQ(st.code(), StatusCode::kDeleteConnected);
            } else {
                ASSERT_TRUE(st.ok()) << st.ToString();
                m->nodes.erase(n);
            }
        } else if (op == 7) {
            NodeId n = AnyKey(m->nodes);
            TokenId k = keys_[Pick(keys_.size())];
            Value v = RandomValue();
            ASSERT_TRUE(g->SetNodeProperty(n, k, v).ok());
            if (v.is_null())
                m->nodes[n].props.erase(k);
            else
                m->nodes[n].props[k] = Show(v);
        } else if (op == 8 && !m->rels.empty()) {
            RelId r = AnyKey(m->rels);
            TokenId k = keys_[Pick(keys_.size())];
            Value v = RandomValue();
            ASSERT_TRUE(g->SetRelProperty(r, k, v).ok());
            if (v.is_null())
                m->rels[r].props.erase(k);
            else
                m->rels[r].props[k] = Show(v);
        } else {
            NodeId n = AnyKey(m->nodes);
            TokenId l = labels_[Pick(labels_.size())];
            bool had = m->nodes[n].labels.count(l) > 0;
            if (Pick(2)) {
                ASSERT_EQ(*g->AddLabel(n, l), !had);
                m->nodes[n].labels.insert(l);
            } else {
                ASSERT_EQ(*g->RemoveLabel(n, l), had);
                m->nodes[n].labels.erase(l);
            }
        }
    }

    void Compare(GraphStore* g, const Model& m) {
        std::vector<NodeId> want_nodes;
        for (const auto& [id, n] : m.nodes) want_nodes.push_back(id);
        ASSERT_EQ(Drain(g->ScanNodes().get()), want_nodes);
        ASSERT_EQ(g->CountNodes(), m.nodes.size());
        ASSERT_EQ(g->CountRels(), m.rels.size());
        std::vector<RelId> want_rels;
        for (const auto& [id, r] : m.rels) want_rels.push_back(id);
        ASSERT_EQ(Drain(g->ScanRels().get()), want_rels);
        for (TokenId l : labels_) {
            std::vector<NodeId> with_label;
            for (const auto& [id, n] : m.nodes) {
                if (n.labels.count(l)) with_label.push_back(id);
            }
            ASSERT_EQ(g->CountNodes(l), with_label.size());
            ASSERT_EQ(Drain(g->ScanLabel(l).get()), with_label) << "label " << l;
        }
        for (TokenId t : types_) {
            uint64_t count = 0;
            for (const auto& [id, r] : m.rels) count += r.type == t;
            ASSERT_EQ(g->CountRels(t), count);
        }
        std::map<NodeId, std::multiset<std::tuple<RelId, NodeId, TokenId, int>>> want_adj;
        for (const auto& [id, r] : m.rels) {
            want_adj[r.start].emplace(id, r.end, r.type, 0);
            if (r.start != r.end) want_adj[r.end].emplace(id, r.start, r.type, 1);
            std::map<TokenId, std::string> props;
            auto got_props = g->RelProperties(id);
            ASSERT_TRUE(got_props.ok()) << got_props.status().ToString();
            for (auto& [k, v] : *got_props) props[k] = Show(v);
            ASSERT_EQ(props, r.props);
            auto rec_or = g->Rel(id);
            ASSERT_TRUE(rec_or.ok()) << rec_or.status().ToString();
            RelRecord rec = *rec_or;
            ASSERT_EQ(rec.start, r.start);
            ASSERT_EQ(rec.end, r.end);
            ASSERT_EQ(rec.type, r.type);
        }
        for (const auto& [id, n] : m.nodes) {
            auto labels_or = g->NodeLabels(id);
            ASSERT_TRUE(labels_or.ok()) << labels_or.status().ToString();
            auto labels = *labels_or;
            ASSERT_EQ(std::set<TokenId>(labels.begin(), labels.end()), n.labels);
            std::map<TokenId, std::string> props;
            auto got_props = g->NodeProperties(id);
            ASSERT_TRUE(got_props.ok()) << got_props.status().ToString();
            for (auto& [k, v] : *got_props) props[k] = Show(v);
            ASSERT_EQ(props, n.props);
            std::vector<AdjEntry> out;
            ASSERT_TRUE(g->Expand(id, Direction::kBoth, std::vector<TokenId>{}, &out).ok());
            std::multiset<std::tuple<RelId, NodeId, TokenId, int>> got;
            for (const AdjEntry& e : out) {
                int dir = e.dir == Direction::kIncoming ? 1 : 0;
                got.emplace(e.rel, e.neighbor, e.type, dir);
            }
            ASSERT_EQ(got, want_adj[id]) << "node " << id;
            ASSERT_EQ(*g->Degree(id, Direction::kBoth, std::vector<TokenId>{}), got.size());
        }
    }

    std::mt19937 rng_;
    MemGraph db_;
    Model model_;
    std::vector<TokenId> labels_, types_, keys_;
};

class GraphModelTest : public ::testing::TestWithParam<uint32_t> {};

TEST_P(GraphModelTest, MatchesInMemoryModel) {
    Runner runner(GetParam());
    runner.Run(getenv("NEXUS_TEST_QUICK") ? 30 : 120);
}

INSTANTIATE_TEST_SUITE_P(Seeds, GraphModelTest, ::testing::Values(1u, 2u, 3u, 42u, 1234u));

}  // namespace
}  // namespace nexus::graph
