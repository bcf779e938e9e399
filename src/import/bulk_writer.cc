// BulkWriter: record pages, adjacency records and chunk chains, label index, counts and root
// page of a new graph, written directly in their final layout (docs/format/records.md).
#include "import/bulk_writer.h"

#include <algorithm>
#include <cstring>

#include "graph/tokens.h"
#include "graph/value_codec.h"
#include "index/label_index.h"

namespace nexus::import {
namespace {

using graph::AdjDir;
using graph::PageType;
using graph::PutVarintRaw;
using graph::Store16;
using graph::Store32;
using graph::Store48;
using graph::Store64;
using graph::ZigZag;
using storage::PageId;

// Root page and chunk offsets come from graph/format.h, shared with the record layer.
using graph::kChunkHeader;
using graph::kRootCounts;
using graph::kRootHeapCandCount;
using graph::kRootHeapCands;
using graph::kRootHeapCurrent;
using graph::kRootNextNode;
using graph::kRootNextRel;
using graph::kRootNodeCount;
using graph::kRootNodeDir;
using graph::kRootRelCount;
using graph::kRootRelDir;
using graph::kRootTokenCount;
using graph::kRootTokenHead;
using graph::kRootTokenTail;
constexpr uint32_t kChunkCapacity = storage::kPageUsable - kChunkHeader;
constexpr uint32_t kMaxEntryBytes = 20;  // two 10-byte varints
// Same rule as Adjacency::Add's record-size check: 16 bytes of overhead per group.
constexpr size_t kGroupOverhead = 16;

uint8_t* PutEntry(uint8_t* w, uint64_t* last_n, uint64_t* last_r, const AdjItem& e) {
    w = PutVarintRaw(w, ZigZag(static_cast<int64_t>(e.neighbor - *last_n)));
    w = PutVarintRaw(w, ZigZag(static_cast<int64_t>(e.rel - *last_r)));
    *last_n = e.neighbor;
    *last_r = e.rel;
    return w;
}

void Bump(std::vector<uint64_t>* counts, uint32_t id) {
    if (counts->size() <= id) counts->resize(id + 1, 0);
    ++(*counts)[id];
}

}  // namespace

Result<std::unique_ptr<BulkWriter>> BulkWriter::Open(storage::PageWriter* w,
                                                     const std::string& label_prefix,
                                                     uint64_t label_budget) {
    std::unique_ptr<BulkWriter> b(new BulkWriter(w));
    b->label_entries_ = std::make_unique<PairSorter>(label_prefix, label_budget);
    ASSIGN_OR_RETURN(std::unique_ptr<graph::GraphStore> store,
                     graph::GraphStore::OpenWriter(w, nullptr));
    b->root_ = store->root();
    if (b->root_.next_node != 0 || b->root_.next_rel != 0 || b->root_.catalog != graph::kNoRecord) {
        return Status(StatusCode::kInvalidArgument, "bulk writer needs an empty graph");
    }
    for (int k = 0; k < graph::kTokenKinds; ++k) {
        for (auto& [id, name] : store->Tokens(static_cast<graph::TokenKind>(k))) {
            b->tokens_[k].emplace(name, id);
        }
    }
    b->MakeViews();
    return b;
}

void BulkWriter::MakeViews() {
    heap_ = std::make_unique<graph::RecordHeap>(w_, w_, &root_.heap);
    nodes_ = std::make_unique<graph::RecordFile>(
        w_, w_, PageType::kNodeRecords, graph::GraphStore::kNodeRecordSize, &root_.node_dir);
    rels_ = std::make_unique<graph::RecordFile>(w_, w_, PageType::kRelRecords,
                                                graph::GraphStore::kRelRecordSize, &root_.rel_dir);
}

void BulkWriter::Rebind(storage::PageWriter* w) {
    w_ = w;
    MakeViews();
}

Result<graph::TokenId> BulkWriter::Token(graph::TokenKind kind, std::string_view name) {
    auto& map = tokens_[static_cast<int>(kind)];
    auto it = map.find(std::string(name));
    if (it != map.end()) return it->second;
    graph::TokenChain& chain = root_.tokens[static_cast<int>(kind)];
    graph::TokenId id = chain.count;
    if (kind == graph::TokenKind::kRelType && id > graph::GraphStore::kMaxRelType) {
        return Status(StatusCode::kInvalidArgument, "too many relationship types");
    }
    RETURN_IF_ERROR(graph::AppendToken(w_, kind, &chain, name));
    map.emplace(std::string(name), id);
    return id;
}

Result<graph::NodeId> BulkWriter::AddNode(std::span<const graph::TokenId> labels,
                                          std::string_view props) {
    graph::NodeId id = root_.next_node;
    if (id >= nodes_->max_ids()) return Status(StatusCode::kInvalidArgument, "too many nodes");
    graph::RecordAddr props_addr = graph::kNoRecord;
    if (!props.empty()) {
        ASSIGN_OR_RETURN(props_addr, heap_->Insert(reinterpret_cast<const uint8_t*>(props.data()),
                                                   props.size()));
    }
    graph::NodeRec rec;
    rec.props = props_addr;
    if (labels.size() > graph::kNodeInlineLabels) {
        std::string bytes(labels.size() * 4, '\0');
        for (size_t i = 0; i < labels.size(); ++i) {
            Store32(reinterpret_cast<uint8_t*>(bytes.data()) + 4 * i, labels[i]);
        }
        ASSIGN_OR_RETURN(rec.label_overflow, heap_->Insert(bytes));
        rec.nlabels = graph::NodeRec::kOverflow;
    } else {
        rec.nlabels = static_cast<uint8_t>(labels.size());
        std::copy(labels.begin(), labels.end(), rec.labels);
    }
    ASSIGN_OR_RETURN(uint8_t * p, nodes_->Write(id));
    graph::EncodeNodeRecord(rec, p);
    for (graph::TokenId l : labels) {
        Bump(&label_counts_, l);
        RETURN_IF_ERROR(label_entries_->Add(l, id));
    }
    ++root_.next_node;
    ++root_.node_count;
    return id;
}

Result<graph::RelId> BulkWriter::AddRel(graph::NodeId start, graph::NodeId end, graph::TokenId type,
                                        std::string_view props) {
    graph::RelId id = root_.next_rel;
    if (id >= rels_->max_ids()) {
        return Status(StatusCode::kInvalidArgument, "too many relationships");
    }
    graph::RecordAddr props_addr = graph::kNoRecord;
    if (!props.empty()) {
        ASSIGN_OR_RETURN(props_addr, heap_->Insert(reinterpret_cast<const uint8_t*>(props.data()),
                                                   props.size()));
    }
    // The side page first: creating it may move the record page's buffer.
    if (props_addr != graph::kNoRecord) RETURN_IF_ERROR(rels_->WriteSide(id, props_addr));
    ASSIGN_OR_RETURN(uint8_t * p, rels_->Write(id));
    graph::EncodeRelRecord(graph::RelRec{type, start, end, props_addr}, p);
    Bump(&type_counts_, type);
    ++root_.next_rel;
    ++root_.rel_count;
    return id;
}

// Writes the entries of one dense group into a fresh chain of chunk pages, each starting its
// deltas from zero, filled as Adjacency's appends would fill them. Returns the head page.
Result<PageId> BulkWriter::WriteChunks(std::span<const AdjItem> items, PageId* tail) {
    PageId head = 0;
    uint8_t* p = nullptr;
    uint8_t* w = nullptr;
    uint64_t last_n = 0, last_r = 0;
    for (const AdjItem& e : items) {
        if (p == nullptr ||
            static_cast<uint32_t>(w - (p + kChunkHeader)) + kMaxEntryBytes > kChunkCapacity) {
            ASSIGN_OR_RETURN(PageId id, w_->Allocate());
            ASSIGN_OR_RETURN(uint8_t * q, w_->Write(id));
            q[0] = static_cast<uint8_t>(PageType::kAdjChunk);
            if (p != nullptr) {
                Store32(p + 4, id);
            } else {
                head = id;
            }
            *tail = id;
            p = q;
            w = p + kChunkHeader;
            last_n = last_r = 0;
        }
        w = PutEntry(w, &last_n, &last_r, e);
        Store16(p + 2, static_cast<uint16_t>(w - (p + kChunkHeader)));
        Store64(p + 8, last_n);
        Store64(p + 16, last_r);
    }
    return head;
}

bool AdjEncoder::Encode(std::span<const AdjItem> items, std::string* record) {
    // Split into groups and encode each inline.
    groups_.clear();
    ranges_.clear();
    size_t ngroups = 0;
    for (size_t i = 0; i < items.size();) {
        size_t j = i;
        while (j < items.size() && items[j].type == items[i].type && items[j].dir == items[i].dir) {
            ++j;
        }
        if (group_bytes_.size() <= ngroups) group_bytes_.emplace_back();
        std::string& bytes = group_bytes_[ngroups];
        bytes.resize((j - i) * kMaxEntryBytes);
        auto* start = reinterpret_cast<uint8_t*>(bytes.data());
        uint8_t* w = start;
        uint64_t last_n = 0, last_r = 0;
        for (size_t k = i; k < j; ++k) w = PutEntry(w, &last_n, &last_r, items[k]);
        bytes.resize(static_cast<size_t>(w - start));
        graph::AdjGroup g;
        g.type = items[i].type;
        g.dir = static_cast<AdjDir>(items[i].dir);
        g.count = j - i;
        g.data = reinterpret_cast<const uint8_t*>(bytes.data());
        g.size = bytes.size();
        g.dense = g.size > graph::Adjacency::kInlineGroupMax;
        groups_.push_back(std::move(g));
        ranges_.emplace_back(i, j);
        ++ngroups;
        i = j;
    }
    // Move the largest inline groups out until the record fits, as Adjacency::Add does.
    bool any_dense = false;
    for (;;) {
        size_t total = 0;
        graph::AdjGroup* largest = nullptr;
        for (graph::AdjGroup& g : groups_) {
            total += kGroupOverhead + (g.dense ? 0 : g.size);
            any_dense |= g.dense;
            if (!g.dense && (largest == nullptr || g.size > largest->size)) largest = &g;
        }
        if (total <= graph::Adjacency::kInlineRecordMax || largest == nullptr) break;
        largest->dense = true;
    }
    if (any_dense) return false;
    record->clear();
    graph::Adjacency::Serialize(groups_, record);
    return true;
}

Status BulkWriter::SetAdjacency(graph::NodeId node, std::span<const AdjItem> items) {
    if (items.empty()) return Status::Ok();
    if (encoder_.Encode(items, &record_)) return PutAdjacency(node, record_);
    std::vector<graph::AdjGroup>& groups = encoder_.groups_;
    for (size_t i = 0; i < groups.size(); ++i) {
        graph::AdjGroup& g = groups[i];
        if (!g.dense) continue;
        auto [b, e] = encoder_.ranges_[i];
        ASSIGN_OR_RETURN(g.head, WriteChunks(items.subspan(b, e - b), &g.tail));
        g.data = nullptr;
        g.size = 0;
    }
    record_.clear();
    graph::Adjacency::Serialize(groups, &record_);
    return PutAdjacency(node, record_);
}

Status BulkWriter::PutAdjacency(graph::NodeId node, std::string_view record) {
    ASSIGN_OR_RETURN(graph::RecordAddr addr,
                     heap_->Insert(reinterpret_cast<const uint8_t*>(record.data()), record.size()));
    ASSIGN_OR_RETURN(uint8_t * p, nodes_->Write(node));
    Store48(p + graph::kNodeAdjOffset, addr);
    return Status::Ok();
}

Result<size_t> BulkWriter::DropNode(graph::NodeId node) {
    ASSIGN_OR_RETURN(uint8_t * p, nodes_->Write(node));
    graph::NodeRec rec;
    ASSIGN_OR_RETURN(bool live, graph::DecodeNodeRecord(p, &rec));
    if (!live) return Status(StatusCode::kInternal, "dropping a node that is not in use");
    std::vector<graph::TokenId> labels;
    graph::RecordAddr label_addr = rec.label_overflow;
    if (rec.nlabels != graph::NodeRec::kOverflow) {
        labels.assign(rec.labels, rec.labels + rec.nlabels);
    }
    graph::RecordAddr props_addr = rec.props;
    if (label_addr != graph::kNoRecord) {
        graph::RecordView v;
        RETURN_IF_ERROR(heap_->Read(label_addr, &v));
        for (size_t i = 0; i + 4 <= v.size; i += 4) labels.push_back(graph::Load32(v.data + i));
        RETURN_IF_ERROR(heap_->Delete(label_addr));
    }
    size_t nprops = 0;
    if (props_addr != graph::kNoRecord) {
        graph::RecordView v;
        RETURN_IF_ERROR(heap_->Read(props_addr, &v));
        graph::PropertyList props;
        RETURN_IF_ERROR(
            graph::DecodeProperties(v.data, v.size, graph::AddrPage(props_addr), &props));
        nprops = props.size();
        RETURN_IF_ERROR(heap_->Delete(props_addr));
    }
    // The heap writes may have moved the record page's buffer: look it up again.
    ASSIGN_OR_RETURN(p, nodes_->Write(node));
    std::memset(p, 0, graph::GraphStore::kNodeRecordSize);
    for (graph::TokenId l : labels) --label_counts_[l];
    --root_.node_count;
    dropped_.push_back(node);
    return nprops;
}

Status BulkWriter::Finish() {
    // Label index entries come out of the sorter in (label, node) order, which is the
    // B+tree's key order; dropped nodes are left out.
    std::sort(dropped_.begin(), dropped_.end());
    index::LabelIndex::Loader loader(w_, index::LabelIndex(root_.label_index));
    ASSIGN_OR_RETURN(std::unique_ptr<PairCursor> entries, label_entries_->Open());
    for (; entries->Valid();) {
        auto e = entries->value();
        if (!std::binary_search(dropped_.begin(), dropped_.end(), e.second)) {
            RETURN_IF_ERROR(loader.Add(static_cast<uint32_t>(e.first), e.second));
        }
        RETURN_IF_ERROR(entries->Next());
    }
    RETURN_IF_ERROR(loader.Finish());
    entries.reset();
    label_counts_.resize(
        std::max<size_t>(label_counts_.size(), root_.tokens[int(graph::TokenKind::kLabel)].count));
    type_counts_.resize(
        std::max<size_t>(type_counts_.size(), root_.tokens[int(graph::TokenKind::kRelType)].count));
    std::string bytes;
    for (auto* counts : {&label_counts_, &type_counts_}) {
        graph::PutVarint(&bytes, counts->size());
        for (uint64_t c : *counts) graph::PutVarint(&bytes, c);
    }
    ASSIGN_OR_RETURN(root_.counts, heap_->Insert(bytes));
    return WriteRoot();
}

Status BulkWriter::WriteRoot() {
    ASSIGN_OR_RETURN(uint8_t * p, graph::WriteTyped(w_, storage::kFirstDataPage, PageType::kRoot));
    const graph::RootState& r = root_;
    Store64(p + kRootNextNode, r.next_node);
    Store64(p + kRootNextRel, r.next_rel);
    Store64(p + kRootNodeCount, r.node_count);
    Store64(p + kRootRelCount, r.rel_count);
    Store32(p + kRootNodeDir, r.node_dir);
    Store32(p + kRootRelDir, r.rel_dir);
    Store64(p + kRootCounts, r.counts);
    for (int k = 0; k < graph::kTokenKinds; ++k) {
        Store32(p + kRootTokenHead + 4 * k, r.tokens[k].head);
        Store32(p + kRootTokenTail + 4 * k, r.tokens[k].tail);
        Store32(p + kRootTokenCount + 4 * k, r.tokens[k].count);
    }
    Store32(p + kRootHeapCurrent, r.heap.current);
    Store32(p + kRootHeapCandCount, static_cast<uint32_t>(r.heap.candidates.size()));
    std::memset(p + kRootHeapCands, 0, 4 * graph::HeapState::kMaxCandidates);
    for (size_t i = 0; i < r.heap.candidates.size(); ++i) {
        Store32(p + kRootHeapCands + 4 * i, r.heap.candidates[i]);
    }
    return Status::Ok();
}

}  // namespace nexus::import
