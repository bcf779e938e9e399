// Record checks: tokens, relationship and node records (labels, properties), adjacency
// records decoded from their bytes and matched against the relationship records in both
// directions, and the stored counts against a recount.
#include <fmt/format.h>

#include "check/checker.h"
#include "graph/adjacency.h"
#include "graph/format.h"
#include "graph/record_heap.h"
#include "graph/tokens.h"

#include <set>

namespace nexus::check {

using graph::AdjDir;
using graph::kChunkHeader;
using graph::NodeId;
using graph::RelId;
using graph::TokenId;

namespace {
const char* kKindNames[] = {"label", "relationship type", "property key"};
constexpr uint8_t kSeenOut = 1, kSeenIn = 2, kSeenLoop = 4;

// Calls emit(neighbor, rel) for each delta-encoded pair in [p, end); false when they do not
// decode.
template <typename Emit>
bool DecodeEntries(const uint8_t* p, const uint8_t* end, Emit emit) {
    uint64_t neighbor = 0, rel = 0;
    while (p < end) {
        uint64_t dn, dr;
        if (!graph::GetVarint(&p, end, &dn) || !graph::GetVarint(&p, end, &dr)) return false;
        neighbor += static_cast<uint64_t>(graph::UnZigZag(dn));
        rel += static_cast<uint64_t>(graph::UnZigZag(dr));
        emit(neighbor, rel);
    }
    return true;
}
}  // namespace

bool Checker::OpenGraph() {
    Claim(storage::kFirstDataPage, Owner::kRoot, "graph root");
    Result<std::unique_ptr<graph::GraphStore>> g = graph::GraphStore::OpenReader(pages_, nullptr);
    if (!g.ok()) {
        report_->Add(Problem::kRecord, "cannot open the graph: " + g.status().message());
        return false;
    }
    graph_ = std::move(*g);
    const graph::RootState& root = graph_->root();
    ClaimDirectory(root.node_dir, "node");
    ClaimDirectory(root.rel_dir, "relationship");
    ClaimChain(root.node_free, Owner::kFreeIds, "free node ids", 4);
    ClaimChain(root.rel_free, Owner::kFreeIds, "free relationship ids", 4);
    for (int k = 0; k < graph::kTokenKinds; ++k) {
        ClaimChain(root.tokens[k].head, Owner::kTokens, "tokens", 4);
    }
    return true;
}

void Checker::CheckTokens() {
    for (int k = 0; k < graph::kTokenKinds; ++k) {
        std::vector<std::string> names;
        Status st = graph::LoadTokens(pages_, graph_->root().tokens[k], &names);
        if (!st.ok()) {
            report_->Add(Problem::kRecord,
                         fmt::format("{} tokens: {}", kKindNames[k], st.message()));
        }
        token_counts_[k] = static_cast<uint32_t>(names.size());
        if (k == 0) label_names_ = std::move(names);
    }
}

void Checker::CheckRelRecords() {
    const graph::RootState& root = graph_->root();
    rels_.assign(root.next_rel, std::nullopt);
    rel_seen_.assign(root.next_rel, 0);
    for (RelId id = 0; id < root.next_rel && !report_->full(); ++id) {
        Result<std::optional<graph::RelRec>> r = graph_->ReadRel(id);
        if (!r.ok()) {
            report_->Add(Problem::kRecord,
                         fmt::format("relationship {}: {}", id, r.status().message()));
            continue;
        }
        if (!r->has_value()) continue;
        const graph::RelRec& rec = **r;
        rels_[id] = rec;
        ++live_rels_;
        ++report_->relationships;
        if (rec.type >= token_counts_[1]) {
            report_->Add(Problem::kToken,
                         fmt::format("relationship {}: type id {} does not exist", id, rec.type));
        } else {
            if (type_counts_.size() <= rec.type) type_counts_.resize(rec.type + 1, 0);
            ++type_counts_[rec.type];
        }
        if (rec.props != graph::kNoRecord) {
            Claim(graph::AddrPage(rec.props), Owner::kHeap, "props");
            ++rels_with_props_;
        }
        Result<graph::PropertyList> props = graph_->RelProperties(id);
        if (!props.ok()) {
            report_->Add(Problem::kRecord, fmt::format("relationship {} properties: {}", id,
                                                       props.status().message()));
            continue;
        }
        if (rec.props != graph::kNoRecord) {
            CensusRecord("heap: relationship properties", rec.props);
            CensusProps("heap: relationship properties", *props);
        }
        for (const auto& [key, value] : *props) {
            if (key >= token_counts_[2]) {
                report_->Add(Problem::kToken, fmt::format("relationship {}: property key id {} "
                                                          "does not exist",
                                                          id, key));
            }
        }
    }
}

void Checker::CheckNodes() {
    const graph::RootState& root = graph_->root();
    node_live_.assign(root.next_node, false);
    for (NodeId id = 0; id < root.next_node && !report_->full(); ++id) {
        Result<std::optional<graph::NodeRec>> r = graph_->ReadNode(id);
        if (!r.ok()) {
            report_->Add(Problem::kRecord, fmt::format("node {}: {}", id, r.status().message()));
            continue;
        }
        if (!r->has_value()) continue;
        node_live_[id] = true;
        ++live_nodes_;
        ++report_->nodes;
        CheckNode(id, **r);
    }
}

void Checker::CheckNode(NodeId id, const graph::NodeRec& rec) {
    if (rec.nlabels == graph::GraphStore::kLabelOverflow) {
        Claim(graph::AddrPage(rec.label_overflow), Owner::kHeap, "labels");
        CensusRecord("heap: label overflow", rec.label_overflow);
    }
    if (rec.props != graph::kNoRecord) Claim(graph::AddrPage(rec.props), Owner::kHeap, "props");
    Result<std::vector<TokenId>> labels = graph_->NodeLabels(id);
    Result<graph::PropertyList> props = graph_->NodeProperties(id);
    if (!labels.ok()) {
        report_->Add(Problem::kRecord,
                     fmt::format("node {} labels: {}", id, labels.status().message()));
    } else {
        for (TokenId l : *labels) {
            if (l >= token_counts_[0]) {
                report_->Add(Problem::kToken,
                             fmt::format("node {}: label id {} does not exist", id, l));
                continue;
            }
            if (label_counts_.size() <= l) label_counts_.resize(l + 1, 0);
            ++label_counts_[l];
        }
    }
    if (!props.ok()) {
        report_->Add(Problem::kRecord,
                     fmt::format("node {} properties: {}", id, props.status().message()));
    } else {
        for (const auto& [key, value] : *props) {
            if (key >= token_counts_[2]) {
                report_->Add(Problem::kToken,
                             fmt::format("node {}: property key id {} does not exist", id, key));
            }
        }
    }
    if (labels.ok() && props.ok()) {
        CollectIndexKeys(id, *labels, *props);
        if (rec.props != graph::kNoRecord) {
            std::string row = NodePropsRow(*labels);
            CensusRecord(row, rec.props);
            CensusProps(row, *props);
        }
    }
    if (rec.adj != graph::kNoRecord) CheckAdjacency(id, rec.adj);
}

// Decodes the node's adjacency record group by group (inline bytes or the chunk chain) and
// checks each entry against the relationship records.
void Checker::CheckAdjacency(NodeId id, graph::RecordAddr addr) {
    Claim(graph::AddrPage(addr), Owner::kHeap, "adjacency");
    graph::HeapState state = graph_->root().heap;
    graph::RecordHeap heap(pages_, nullptr, &state);
    graph::RecordView view;
    Status st = heap.Read(addr, &view);
    std::vector<graph::AdjGroup> groups;
    if (st.ok()) st = graph::Adjacency::Parse(view.data, view.size, graph::AddrPage(addr), &groups);
    if (!st.ok()) {
        report_->Add(Problem::kRecord, fmt::format("node {} adjacency: {}", id, st.message()));
        return;
    }
    CensusRow& row = report_->census["heap: adjacency"];
    ++row.items;
    row.bytes += view.size;
    for (const graph::AdjGroup& g : groups) {
        uint64_t n = 0;
        auto emit = [&](uint64_t neighbor, uint64_t rel) {
            ++n;
            CheckGroupEntry(id, g.type, g.dir, neighbor, rel);
        };
        bool ok = true;
        if (!g.dense) {
            ok = DecodeEntries(g.data, g.data + g.size, emit);
        } else {
            std::set<PageId> seen;
            for (PageId c = g.head; c != 0 && ok;) {
                if (!seen.insert(c).second) {
                    ok = false;
                    break;
                }
                Claim(c, Owner::kAdjChunk, fmt::format("node {} adjacency", id));
                Result<storage::PageRef> ref =
                    graph::ReadTyped(pages_, c, graph::PageType::kAdjChunk);
                if (!ref.ok()) {
                    ok = false;
                    break;
                }
                const uint8_t* p = ref->data();
                uint16_t used = graph::Load16(p + 2);
                if (used > storage::kPageUsable - kChunkHeader) {
                    ok = false;
                    break;
                }
                ok = DecodeEntries(p + kChunkHeader, p + kChunkHeader + used, emit);
                report_->census["adjacency chunk entries"].bytes += used;
                c = graph::Load32(p + 4);
            }
        }
        if (!ok) {
            report_->Add(Problem::kRecord, fmt::format("node {}: adjacency group (type {}, dir {}) "
                                                       "does not decode",
                                                       id, g.type, static_cast<int>(g.dir)));
        } else if (n != g.count) {
            report_->Add(Problem::kAdjacency,
                         fmt::format("node {}: adjacency group (type {}, dir {}) says {} entries, "
                                     "holds {}",
                                     id, g.type, static_cast<int>(g.dir), g.count, n));
        }
    }
}

void Checker::CheckGroupEntry(NodeId id, TokenId type, AdjDir dir, NodeId neighbor, RelId rel) {
    if (rel >= rels_.size() || !rels_[rel]) {
        report_->Add(
            Problem::kAdjacency,
            fmt::format("node {}: adjacency entry names relationship {}, not in use", id, rel));
        return;
    }
    const graph::RelRec& r = *rels_[rel];
    bool match = r.type == type;
    uint8_t bit = 0;
    switch (dir) {
        case AdjDir::kOut:
            match = match && r.start == id && r.end == neighbor && r.start != r.end;
            bit = kSeenOut;
            break;
        case AdjDir::kIn:
            match = match && r.end == id && r.start == neighbor && r.start != r.end;
            bit = kSeenIn;
            break;
        case AdjDir::kLoop:
            match = match && r.start == id && r.end == id && neighbor == id;
            bit = kSeenLoop;
            break;
    }
    if (!match) {
        report_->Add(
            Problem::kAdjacency,
            fmt::format("node {}: entry (type {}, dir {}, neighbour {}) for relationship "
                        "{} but the relationship is ({})-[type {}]->({})",
                        id, type, static_cast<int>(dir), neighbor, rel, r.start, r.type, r.end));
        return;
    }
    if (rel_seen_[rel] & bit) {
        report_->Add(Problem::kAdjacency,
                     fmt::format("node {}: relationship {} listed twice", id, rel));
    }
    rel_seen_[rel] |= bit;
}

void Checker::CheckRelsReached() {
    for (RelId id = 0; id < rels_.size() && !report_->full(); ++id) {
        if (!rels_[id]) continue;
        const graph::RelRec& r = *rels_[id];
        bool start_live = r.start < node_live_.size() && node_live_[r.start];
        bool end_live = r.end < node_live_.size() && node_live_[r.end];
        if (!start_live || !end_live) {
            report_->Add(Problem::kDanglingEndpoint,
                         fmt::format("relationship {}: {} node {} is not in use", id,
                                     start_live ? "end" : "start", start_live ? r.end : r.start));
            continue;
        }
        if (r.start == r.end) {
            if (!(rel_seen_[id] & kSeenLoop)) {
                report_->Add(Problem::kAdjacency,
                             fmt::format("relationship {}: self-loop missing from node {}'s "
                                         "adjacency",
                                         id, r.start));
            }
            continue;
        }
        if (!(rel_seen_[id] & kSeenOut)) {
            report_->Add(Problem::kAdjacency,
                         fmt::format("relationship {}: missing from start node {}'s outgoing "
                                     "group",
                                     id, r.start));
        }
        if (!(rel_seen_[id] & kSeenIn)) {
            report_->Add(Problem::kAdjacency,
                         fmt::format("relationship {}: missing from end node {}'s incoming group",
                                     id, r.end));
        }
    }
}

void Checker::CheckCounts() {
    const graph::RootState& root = graph_->root();
    if (root.node_count != live_nodes_) {
        report_->Add(Problem::kCounts, fmt::format("root page says {} nodes, {} in use",
                                                   root.node_count, live_nodes_));
    }
    if (root.rel_count != live_rels_) {
        report_->Add(Problem::kCounts, fmt::format("root page says {} relationships, {} in use",
                                                   root.rel_count, live_rels_));
    }
    if (root.counts != graph::kNoRecord)
        Claim(graph::AddrPage(root.counts), Owner::kHeap, "counts");
    for (TokenId l = 0; l < token_counts_[0]; ++l) {
        uint64_t want = l < label_counts_.size() ? label_counts_[l] : 0;
        uint64_t have = graph_->CountNodes(l);
        if (want != have) {
            report_->Add(
                Problem::kCounts,
                fmt::format("label {}: counts record says {} nodes, {} carry it", l, have, want));
        }
    }
    for (TokenId t = 0; t < token_counts_[1]; ++t) {
        uint64_t want = t < type_counts_.size() ? type_counts_[t] : 0;
        uint64_t have = graph_->CountRels(t);
        if (want != have) {
            report_->Add(Problem::kCounts, fmt::format("type {}: counts record says {} "
                                                       "relationships, {} exist",
                                                       t, have, want));
        }
    }
}

}  // namespace nexus::check
