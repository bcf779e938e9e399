// GraphStore: opening views, the root page, counts, tokens and the read paths.
// Write paths are in graph_store_write.cc, index support in graph_store_index.cc.
#include "graph/graph_store.h"

#include <algorithm>

#include "graph/cached_reader.h"
#include "graph/value_codec.h"
#include "index/label_index.h"

namespace nexus::graph {
namespace {

void EncodeRoot(const RootState& r, uint8_t* p) {
    p[0] = static_cast<uint8_t>(PageType::kRoot);
    Store32(p + kRootMagic, kGraphMagic);
    Store32(p + kRootVersion, kFormatVersion);
    Store64(p + kRootNextNode, r.next_node);
    Store64(p + kRootNextRel, r.next_rel);
    Store64(p + kRootNodeCount, r.node_count);
    Store64(p + kRootRelCount, r.rel_count);
    Store32(p + kRootNodeDir, r.node_dir);
    Store32(p + kRootRelDir, r.rel_dir);
    Store32(p + kRootNodeFree, r.node_free);
    Store32(p + kRootRelFree, r.rel_free);
    Store64(p + kRootCounts, r.counts);
    Store64(p + kRootCatalog, r.catalog);
    for (int k = 0; k < kTokenKinds; ++k) {
        Store32(p + kRootTokenHead + 4 * k, r.tokens[k].head);
        Store32(p + kRootTokenTail + 4 * k, r.tokens[k].tail);
        Store32(p + kRootTokenCount + 4 * k, r.tokens[k].count);
    }
    Store32(p + kRootHeapCurrent, r.heap.current);
    Store32(p + kRootHeapCandCount, static_cast<uint32_t>(r.heap.candidates.size()));
    for (size_t i = 0; i < r.heap.candidates.size(); ++i) {
        Store32(p + kRootHeapCands + 4 * i, r.heap.candidates[i]);
    }
    Store32(p + kRootNextIndex, r.next_index_id);
    Store32(p + kRootLabelIndex, r.label_index);
}

Status DecodeRoot(const uint8_t* p, RootState* r) {
    constexpr PageId kRoot = storage::kFirstDataPage;
    if (Load32(p + kRootMagic) != kGraphMagic) return Corrupt(kRoot, "bad graph root magic");
    if (Load32(p + kRootVersion) != kFormatVersion) {
        return Corrupt(
            kRoot, "unsupported record format version " + std::to_string(Load32(p + kRootVersion)));
    }
    r->next_node = Load64(p + kRootNextNode);
    r->next_rel = Load64(p + kRootNextRel);
    r->node_count = Load64(p + kRootNodeCount);
    r->rel_count = Load64(p + kRootRelCount);
    r->node_dir = Load32(p + kRootNodeDir);
    r->rel_dir = Load32(p + kRootRelDir);
    r->node_free = Load32(p + kRootNodeFree);
    r->rel_free = Load32(p + kRootRelFree);
    r->counts = Load64(p + kRootCounts);
    r->catalog = Load64(p + kRootCatalog);
    for (int k = 0; k < kTokenKinds; ++k) {
        r->tokens[k].head = Load32(p + kRootTokenHead + 4 * k);
        r->tokens[k].tail = Load32(p + kRootTokenTail + 4 * k);
        r->tokens[k].count = Load32(p + kRootTokenCount + 4 * k);
    }
    r->heap.current = Load32(p + kRootHeapCurrent);
    uint32_t n = Load32(p + kRootHeapCandCount);
    if (n > HeapState::kMaxCandidates) return Corrupt(kRoot, "bad heap candidate count");
    r->heap.candidates.resize(n);
    for (uint32_t i = 0; i < n; ++i) r->heap.candidates[i] = Load32(p + kRootHeapCands + 4 * i);
    r->next_index_id = Load32(p + kRootNextIndex);
    r->label_index = Load32(p + kRootLabelIndex);
    if (r->label_index == 0) return Corrupt(kRoot, "label index missing");
    if (r->node_count > r->next_node || r->rel_count > r->next_rel) {
        return Corrupt(kRoot, "counts exceed allocated ids");
    }
    return Status::Ok();
}

}  // namespace

GraphStore::GraphStore(storage::PageReader* reader, storage::PageWriter* writer,
                       std::shared_ptr<TokenCache> tokens,
                       std::unique_ptr<storage::PageReader> cached)
    : cached_reader_(std::move(cached)),
      reader_(cached_reader_ ? cached_reader_.get() : reader),
      writer_(writer),
      tokens_(tokens ? std::move(tokens) : std::make_shared<TokenCache>()),
      heap_(reader_, writer, &root_.heap),
      nodes_(reader_, writer, PageType::kNodeRecords, kNodeRecordSize, &root_.node_dir),
      rels_(reader_, writer, PageType::kRelRecords, kRelRecordSize, &root_.rel_dir),
      adjacency_(reader_, writer, &heap_) {}

Status GraphStore::Format(storage::PageWriter* writer) {
    ASSIGN_OR_RETURN(PageId id, writer->Allocate());
    if (id != storage::kFirstDataPage) {
        return Status(StatusCode::kInternal, "graph root must be the first data page");
    }
    RootState root;
    ASSIGN_OR_RETURN(index::LabelIndex labels, index::LabelIndex::Create(writer));
    root.label_index = labels.root();
    ASSIGN_OR_RETURN(uint8_t * p, writer->Write(id));
    EncodeRoot(root, p);
    return Status::Ok();
}

Result<std::unique_ptr<GraphStore>> GraphStore::OpenReader(storage::PageReader* reader,
                                                           std::shared_ptr<TokenCache> tokens) {
    std::unique_ptr<GraphStore> store(
        new GraphStore(reader, nullptr, std::move(tokens), std::make_unique<CachedReader>(reader)));
    RETURN_IF_ERROR(store->Load());
    return store;
}

Result<std::unique_ptr<GraphStore>> GraphStore::OpenWriter(storage::PageWriter* writer,
                                                           std::shared_ptr<TokenCache> tokens) {
    std::unique_ptr<GraphStore> store(new GraphStore(writer, writer, std::move(tokens)));
    RETURN_IF_ERROR(store->Load());
    return store;
}

Status GraphStore::Load() {
    ASSIGN_OR_RETURN(storage::PageRef ref,
                     ReadTyped(reader_, storage::kFirstDataPage, PageType::kRoot));
    RETURN_IF_ERROR(DecodeRoot(ref.data(), &root_));
    for (int k = 0; k < kTokenKinds; ++k) {
        TokenKind kind = static_cast<TokenKind>(k);
        committed_tokens_[k] = root_.tokens[k].count;
        if (tokens_->Size(kind) < root_.tokens[k].count) {
            std::vector<std::string> names;
            RETURN_IF_ERROR(LoadTokens(reader_, root_.tokens[k], &names));
            tokens_->Publish(kind, names, 0);
        }
    }
    RETURN_IF_ERROR(LoadCounts());
    return LoadCatalog();
}

Status GraphStore::LoadCounts() {
    label_counts_.clear();
    type_counts_.clear();
    if (root_.counts == kNoRecord) return Status::Ok();
    RecordView view;
    RETURN_IF_ERROR(heap_.Read(root_.counts, &view));
    const uint8_t* p = view.data;
    const uint8_t* end = p + view.size;
    for (auto* counts : {&label_counts_, &type_counts_}) {
        uint64_t n;
        if (!GetVarint(&p, end, &n) || n > view.size) {
            return Corrupt(AddrPage(root_.counts), "bad counts record");
        }
        counts->resize(n);
        for (uint64_t& c : *counts) {
            if (!GetVarint(&p, end, &c)) {
                return Corrupt(AddrPage(root_.counts), "bad counts record");
            }
        }
    }
    return Status::Ok();
}

Status GraphStore::WriteCounts() {
    std::string bytes;
    for (auto* counts : {&label_counts_, &type_counts_}) {
        PutVarint(&bytes, counts->size());
        for (uint64_t c : *counts) PutVarint(&bytes, c);
    }
    if (root_.counts == kNoRecord) {
        ASSIGN_OR_RETURN(root_.counts, heap_.Insert(bytes));
    } else if (root_.heap.current != 0 && AddrPage(root_.counts) != root_.heap.current) {
        // Move it to the page new records go to: a transaction that creates a node then
        // dirties one heap page, not two (one page fewer to checksum, log and fsync). It
        // moves again only when that page fills up.
        RETURN_IF_ERROR(heap_.Delete(root_.counts));
        ASSIGN_OR_RETURN(root_.counts, heap_.Insert(bytes));
    } else {
        ASSIGN_OR_RETURN(root_.counts, heap_.Update(root_.counts, bytes));
    }
    counts_dirty_ = false;
    return Status::Ok();
}

Status GraphStore::WriteRoot() {
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, storage::kFirstDataPage, PageType::kRoot));
    EncodeRoot(root_, p);
    return Status::Ok();
}

Status GraphStore::Flush() {
    RETURN_IF_ERROR(NotWritable());
    RETURN_IF_ERROR(PushFreeIds(&root_.node_free, freed_nodes_));
    freed_nodes_.clear();
    RETURN_IF_ERROR(PushFreeIds(&root_.rel_free, freed_rels_));
    freed_rels_.clear();
    if (counts_dirty_) RETURN_IF_ERROR(WriteCounts());
    if (catalog_dirty_) RETURN_IF_ERROR(WriteCatalog());
    return WriteRoot();
}

void GraphStore::OnCommitted() {
    for (int k = 0; k < kTokenKinds; ++k) {
        if (new_tokens_[k].empty()) continue;
        tokens_->Publish(static_cast<TokenKind>(k), new_tokens_[k], committed_tokens_[k]);
        committed_tokens_[k] += static_cast<uint32_t>(new_tokens_[k].size());
        new_tokens_[k].clear();
    }
}

Status GraphStore::NotWritable() const {
    if (writer_ == nullptr) {
        return Status(StatusCode::kTransactionError, "Writing in read access mode not allowed");
    }
    return Status::Ok();
}

// ---- Tokens ----

TokenId GraphStore::FindToken(TokenKind kind, std::string_view name) {
    int k = static_cast<int>(kind);
    TokenId id = tokens_->Find(kind, name, committed_tokens_[k]);
    if (id != kNoToken) return id;
    const auto& mine = new_tokens_[k];
    for (size_t i = 0; i < mine.size(); ++i) {
        if (mine[i] == name) return static_cast<TokenId>(committed_tokens_[k] + i);
    }
    return kNoToken;
}

Result<std::string> GraphStore::TokenName(TokenKind kind, TokenId id) {
    int k = static_cast<int>(kind);
    std::string name;
    if (id < committed_tokens_[k] && tokens_->Name(kind, id, &name)) return name;
    if (id >= committed_tokens_[k] && id - committed_tokens_[k] < new_tokens_[k].size()) {
        return new_tokens_[k][id - committed_tokens_[k]];
    }
    return Status(StatusCode::kNotFound, "unknown token id " + std::to_string(id));
}

std::vector<std::pair<TokenId, std::string>> GraphStore::Tokens(TokenKind kind) {
    int k = static_cast<int>(kind);
    std::vector<std::pair<TokenId, std::string>> out;
    uint32_t total = committed_tokens_[k] + static_cast<uint32_t>(new_tokens_[k].size());
    for (TokenId id = 0; id < total; ++id) {
        Result<std::string> name = TokenName(kind, id);
        if (name.ok()) out.emplace_back(id, std::move(*name));
    }
    return out;
}

Result<TokenId> GraphStore::GetOrCreateToken(TokenKind kind, std::string_view name) {
    TokenId id = FindToken(kind, name);
    if (id != kNoToken) return id;
    RETURN_IF_ERROR(NotWritable());
    int k = static_cast<int>(kind);
    if (name.empty()) return Status(StatusCode::kInvalidArgument, "empty token name");
    if (kind == TokenKind::kRelType && root_.tokens[k].count > kMaxRelType) {
        return Status(StatusCode::kInvalidArgument, "too many relationship types");
    }
    RETURN_IF_ERROR(AppendToken(writer_, kind, &root_.tokens[k], name));
    new_tokens_[k].emplace_back(name);
    return static_cast<TokenId>(root_.tokens[k].count - 1);
}

// ---- Records ----

Result<std::optional<NodeRec>> GraphStore::ReadNode(NodeId node) {
    if (node >= root_.next_node) return std::optional<NodeRec>();
    if (node == last_node_ && writer_ == nullptr) return std::optional<NodeRec>(last_node_rec_);
    storage::PageRef pin;
    ASSIGN_OR_RETURN(const uint8_t* p, nodes_.Read(node, &pin));
    NodeRec rec;
    Result<bool> live = DecodeNodeRecord(p, &rec);
    if (!live.ok()) {
        return Corrupt(0, "node " + std::to_string(node) + ": " + live.status().message());
    }
    if (!*live) return std::optional<NodeRec>();
    if (writer_ == nullptr) {
        last_node_ = node;
        last_node_rec_ = rec;
    }
    return std::optional<NodeRec>(rec);
}

Result<std::optional<RelRec>> GraphStore::ReadRel(RelId rel, bool with_props) {
    if (rel >= root_.next_rel) return std::optional<RelRec>();
    RelRec rec;
    bool has_props = false;
    {
        storage::PageRef pin;
        ASSIGN_OR_RETURN(const uint8_t* p, rels_.Read(rel, &pin));
        if (!DecodeRelRecord(p, &rec, &has_props)) return std::optional<RelRec>();
    }
    if (rec.start >= root_.next_node || rec.end >= root_.next_node) {
        return Corrupt(0, "relationship " + std::to_string(rel) + " names a node out of range");
    }
    if (has_props && with_props) {
        ASSIGN_OR_RETURN(rec.props, rels_.ReadSide(rel));
        if (rec.props == kNoRecord) {
            return Corrupt(0, "relationship " + std::to_string(rel) +
                                  " has properties but no property address");
        }
    }
    return std::optional<RelRec>(rec);
}

Result<NodeRec> GraphStore::MustReadNode(NodeId node) {
    ASSIGN_OR_RETURN(std::optional<NodeRec> rec, ReadNode(node));
    if (!rec) {
        return Status(StatusCode::kEntityNotFound, "Node with id " + std::to_string(node) +
                                                       " has been deleted or does not exist");
    }
    return *rec;
}

Result<RelRec> GraphStore::MustReadRel(RelId rel, bool with_props) {
    ASSIGN_OR_RETURN(std::optional<RelRec> rec, ReadRel(rel, with_props));
    if (!rec) {
        return Status(StatusCode::kEntityNotFound, "Relationship with id " + std::to_string(rel) +
                                                       " has been deleted or does not exist");
    }
    return *rec;
}

template <typename Visit>
Status GraphStore::ForEachLabel(const NodeRec& rec, Visit visit) {
    if (rec.nlabels != kLabelOverflow) {
        for (int i = 0; i < rec.nlabels; ++i) visit(rec.labels[i]);
        return Status::Ok();
    }
    RecordView view;
    RETURN_IF_ERROR(heap_.Read(rec.label_overflow, &view));
    if (view.size % 4 != 0) return Corrupt(AddrPage(rec.label_overflow), "bad label record");
    for (size_t i = 0; i < view.size; i += 4) visit(Load32(view.data + i));
    return Status::Ok();
}

Result<std::vector<TokenId>> GraphStore::LabelsOf(const NodeRec& rec) {
    std::vector<TokenId> labels;
    RETURN_IF_ERROR(ForEachLabel(rec, [&labels](TokenId l) { labels.push_back(l); }));
    return labels;
}

Result<PropertyList> GraphStore::ReadProps(RecordAddr addr) {
    PropertyList props;
    if (addr == kNoRecord) return props;
    RecordView view;
    RETURN_IF_ERROR(heap_.Read(addr, &view));
    RETURN_IF_ERROR(DecodeProperties(view.data, view.size, AddrPage(addr), &props));
    return props;
}

Result<Value> GraphStore::ReadProp(RecordAddr addr, TokenId key) {
    Value v;
    if (addr == kNoRecord) return v;
    RecordView view;
    RETURN_IF_ERROR(heap_.Read(addr, &view));
    RETURN_IF_ERROR(FindProperty(view.data, view.size, AddrPage(addr), key, &v));
    return v;
}

// ---- Reads ----

Result<bool> GraphStore::NodeExists(NodeId node) {
    ASSIGN_OR_RETURN(std::optional<NodeRec> rec, ReadNode(node));
    return rec.has_value();
}

Result<std::vector<TokenId>> GraphStore::NodeLabels(NodeId node) {
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    return LabelsOf(rec);
}

Result<bool> GraphStore::NodeHasLabel(NodeId node, TokenId label) {
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    if (rec.nlabels != kLabelOverflow) {
        return std::find(rec.labels, rec.labels + rec.nlabels, label) != rec.labels + rec.nlabels;
    }
    ASSIGN_OR_RETURN(std::vector<TokenId> labels, LabelsOf(rec));
    return std::binary_search(labels.begin(), labels.end(), label);
}

Result<uint64_t> GraphStore::NodeLabelBits(NodeId node) {
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    uint64_t bits = 0;
    RETURN_IF_ERROR(
        ForEachLabel(rec, [&bits](TokenId l) { bits |= l < 64 ? uint64_t{1} << l : 0; }));
    return bits;
}

Result<Value> GraphStore::NodeProperty(NodeId node, TokenId key) {
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    return ReadProp(rec.props, key);
}

Result<PropertyList> GraphStore::NodeProperties(NodeId node) {
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    return ReadProps(rec.props);
}

Result<bool> GraphStore::RelExists(RelId rel) {
    ASSIGN_OR_RETURN(std::optional<RelRec> rec, ReadRel(rel, false));
    return rec.has_value();
}

Result<RelRecord> GraphStore::Rel(RelId rel) {
    ASSIGN_OR_RETURN(RelRec rec, MustReadRel(rel, false));
    return RelRecord{rel, rec.start, rec.end, rec.type};
}

Result<Value> GraphStore::RelProperty(RelId rel, TokenId key) {
    ASSIGN_OR_RETURN(RelRec rec, MustReadRel(rel));
    return ReadProp(rec.props, key);
}

Result<PropertyList> GraphStore::RelProperties(RelId rel) {
    ASSIGN_OR_RETURN(RelRec rec, MustReadRel(rel));
    return ReadProps(rec.props);
}

Status GraphStore::Expand(NodeId node, Direction dir, std::span<const TokenId> types,
                          std::vector<AdjEntry>* out) {
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    return adjacency_.Expand(rec.adj, dir, types, out);
}

Result<uint64_t> GraphStore::Degree(NodeId node, Direction dir, std::span<const TokenId> types) {
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    return adjacency_.Degree(rec.adj, dir, types);
}

uint64_t GraphStore::CountNodes(TokenId label) {
    if (label == kNoToken) return root_.node_count;
    return label < label_counts_.size() ? label_counts_[label] : 0;
}

uint64_t GraphStore::CountRels(TokenId type) {
    if (type == kNoToken) return root_.rel_count;
    return type < type_counts_.size() ? type_counts_[type] : 0;
}

namespace {

// FNV-style step: two instructions per count; a collision only keeps a plan a little longer.
uint64_t Mix(uint64_t h, uint64_t v) {
    return (h ^ v) * 0x100000001b3ull;
}

}  // namespace

uint64_t GraphStore::StatsVersion() {
    // The per-token counts are hashed once per view (and again after a change); the totals
    // and the index list's shape (next id grows on create, size shrinks on drop) each call.
    if (counts_hash_ == 0) {
        uint64_t h = 0xcbf29ce484222325ull;
        for (const auto* counts : {&label_counts_, &type_counts_}) {
            h = Mix(h, counts->size());
            for (uint64_t c : *counts) h = Mix(h, c);
        }
        counts_hash_ = h | 1;
    }
    uint64_t h = Mix(counts_hash_, root_.node_count);
    h = Mix(h, root_.rel_count);
    h = Mix(h, root_.next_index_id);
    h = Mix(h, indexes_.size());
    return h == 0 ? 1 : h;
}

void GraphStore::Bump(std::vector<uint64_t>* counts, TokenId id, int64_t delta) {
    if (counts->size() <= id) counts->resize(id + 1, 0);
    (*counts)[id] += static_cast<uint64_t>(delta);
    counts_dirty_ = true;
    counts_hash_ = 0;
}

}  // namespace nexus::graph
