// GraphStore write paths: ids, node and relationship records, properties and labels.
// Every change goes straight to pages of the write transaction; only root-page fields,
// counts and freed ids wait for Flush().
#include <algorithm>

#include "graph/graph_store.h"
#include "graph/value_codec.h"

namespace nexus::graph {
namespace {

constexpr uint32_t kFreeIdsHeader = 8;
constexpr uint32_t kFreeIdsPerPage = (kPageUsable - kFreeIdsHeader) / 8;

// Sorts by key, keeps the last value given for a key and drops Nulls.
Status NormalizeProps(const PropertyList& in, PropertyList* out) {
    out->clear();
    for (const auto& [key, value] : in) {
        if (value.is_null()) continue;
        RETURN_IF_ERROR(CheckStorable(value));
        out->emplace_back(key, value);
    }
    std::stable_sort(out->begin(), out->end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i + 1 < out->size();) {
        if ((*out)[i].first == (*out)[i + 1].first) {
            out->erase(out->begin() + static_cast<ptrdiff_t>(i));
        } else {
            ++i;
        }
    }
    return Status::Ok();
}

}  // namespace

Result<uint64_t> GraphStore::AllocId(PageId* free_head, uint64_t* next, uint64_t max_ids) {
    if (*free_head != 0) {
        ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, *free_head, PageType::kFreeIds));
        uint16_t n = Load16(p + 2);
        if (n == 0 || n > kFreeIdsPerPage) return Corrupt(*free_head, "bad free-id count");
        uint64_t id = Load64(p + kFreeIdsHeader + 8 * (n - 1));
        if (id >= *next) return Corrupt(*free_head, "free id beyond the allocated range");
        Store16(p + 2, static_cast<uint16_t>(n - 1));
        if (n == 1) {
            PageId page = *free_head;
            *free_head = Load32(p + 4);
            RETURN_IF_ERROR(writer_->Free(page));
        }
        return id;
    }
    if (*next >= max_ids) return Status(StatusCode::kInvalidArgument, "id space exhausted");
    return (*next)++;
}

Status GraphStore::PushFreeIds(PageId* free_head, const std::vector<uint64_t>& ids) {
    for (uint64_t id : ids) {
        uint8_t* p = nullptr;
        if (*free_head != 0) {
            ASSIGN_OR_RETURN(p, WriteTyped(writer_, *free_head, PageType::kFreeIds));
            if (Load16(p + 2) >= kFreeIdsPerPage) p = nullptr;
        }
        if (p == nullptr) {
            ASSIGN_OR_RETURN(PageId page, writer_->Allocate());
            ASSIGN_OR_RETURN(p, writer_->Write(page));
            p[0] = static_cast<uint8_t>(PageType::kFreeIds);
            Store32(p + 4, *free_head);
            *free_head = page;
        }
        uint16_t n = Load16(p + 2);
        Store64(p + kFreeIdsHeader + 8 * n, id);
        Store16(p + 2, static_cast<uint16_t>(n + 1));
    }
    return Status::Ok();
}

Status GraphStore::WriteNode(NodeId node, const NodeRec& rec) {
    ASSIGN_OR_RETURN(uint8_t * p, nodes_.Write(node));
    EncodeNodeRecord(rec, p);
    return Status::Ok();
}

// `had_props`: the record's side address may be non-zero and must be cleared when rec has
// none. The side page is written first: creating it may move the record page's buffer.
Status GraphStore::WriteRel(RelId rel, const RelRec& rec, bool had_props) {
    if (rec.props != kNoRecord || had_props) RETURN_IF_ERROR(rels_.WriteSide(rel, rec.props));
    ASSIGN_OR_RETURN(uint8_t * p, rels_.Write(rel));
    EncodeRelRecord(rec, p);
    return Status::Ok();
}

Status GraphStore::SetLabels(NodeRec* rec, const std::vector<TokenId>& labels) {
    if (labels.size() <= kNodeInlineLabels) {
        if (rec->nlabels == kLabelOverflow) RETURN_IF_ERROR(heap_.Delete(rec->label_overflow));
        rec->label_overflow = kNoRecord;
        rec->nlabels = static_cast<uint8_t>(labels.size());
        std::copy(labels.begin(), labels.end(), rec->labels);
        return Status::Ok();
    }
    std::string bytes(labels.size() * 4, '\0');
    for (size_t i = 0; i < labels.size(); ++i) {
        Store32(reinterpret_cast<uint8_t*>(bytes.data()) + 4 * i, labels[i]);
    }
    if (rec->nlabels == kLabelOverflow) {
        ASSIGN_OR_RETURN(rec->label_overflow, heap_.Update(rec->label_overflow, bytes));
    } else {
        ASSIGN_OR_RETURN(rec->label_overflow, heap_.Insert(bytes));
    }
    rec->nlabels = kLabelOverflow;
    return Status::Ok();
}

Result<RecordAddr> GraphStore::WriteProps(RecordAddr addr, const PropertyList& props) {
    if (props.empty()) {
        if (addr != kNoRecord) RETURN_IF_ERROR(heap_.Delete(addr));
        return kNoRecord;
    }
    std::string bytes;
    EncodeProperties(props, &bytes);
    if (addr == kNoRecord) return heap_.Insert(bytes);
    return heap_.Update(addr, bytes);
}

Result<NodeId> GraphStore::CreateNode(std::span<const TokenId> labels_in,
                                      const PropertyList& props_in) {
    RETURN_IF_ERROR(NotWritable());
    uint32_t known = root_.tokens[static_cast<int>(TokenKind::kLabel)].count;
    std::vector<TokenId> labels(labels_in.begin(), labels_in.end());
    for (TokenId l : labels) {
        if (l >= known) return Status(StatusCode::kInvalidArgument, "unknown label token");
    }
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    PropertyList props;
    RETURN_IF_ERROR(NormalizeProps(props_in, &props));

    ASSIGN_OR_RETURN(NodeId id, AllocId(&root_.node_free, &root_.next_node, nodes_.max_ids()));
    if (!indexes_.empty()) {
        Status st = UpdatePropertyIndexes(id, {}, {}, labels, props);
        if (!st.ok()) {
            // Keep the id usable: an empty record now, on the free list after commit.
            ASSIGN_OR_RETURN(uint8_t * p, nodes_.Write(id));
            std::memset(p, 0, kNodeRecordSize);
            freed_nodes_.push_back(id);
            return st;
        }
    }
    NodeRec rec;
    RETURN_IF_ERROR(SetLabels(&rec, labels));
    ASSIGN_OR_RETURN(rec.props, WriteProps(kNoRecord, props));
    RETURN_IF_ERROR(WriteNode(id, rec));
    RETURN_IF_ERROR(UpdateLabelIndex(id, {}, labels));
    ++root_.node_count;
    for (TokenId l : labels) Bump(&label_counts_, l, 1);
    return id;
}

Status GraphStore::DeleteNode(NodeId node) {
    RETURN_IF_ERROR(NotWritable());
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    if (rec.adj != kNoRecord) {
        return Status(StatusCode::kDeleteConnected,
                      "Cannot delete node<" + std::to_string(node) +
                          ">, because it still has relationships. To delete this node, you "
                          "must first delete its relationships.");
    }
    ASSIGN_OR_RETURN(std::vector<TokenId> labels, LabelsOf(rec));
    if (!indexes_.empty()) {
        ASSIGN_OR_RETURN(PropertyList props, ReadProps(rec.props));
        RETURN_IF_ERROR(UpdatePropertyIndexes(node, labels, props, {}, {}));
    }
    RETURN_IF_ERROR(UpdateLabelIndex(node, labels, {}));
    if (rec.nlabels == kLabelOverflow) RETURN_IF_ERROR(heap_.Delete(rec.label_overflow));
    if (rec.props != kNoRecord) RETURN_IF_ERROR(heap_.Delete(rec.props));
    ASSIGN_OR_RETURN(uint8_t * p, nodes_.Write(node));
    std::memset(p, 0, kNodeRecordSize);
    --root_.node_count;
    for (TokenId l : labels) Bump(&label_counts_, l, -1);
    freed_nodes_.push_back(node);
    return Status::Ok();
}

Result<RelId> GraphStore::CreateRel(NodeId start, NodeId end, TokenId type,
                                    const PropertyList& props_in) {
    RETURN_IF_ERROR(NotWritable());
    if (type >= root_.tokens[static_cast<int>(TokenKind::kRelType)].count || type > kMaxRelType) {
        return Status(StatusCode::kInvalidArgument, "unknown relationship type token");
    }
    PropertyList props;
    RETURN_IF_ERROR(NormalizeProps(props_in, &props));
    ASSIGN_OR_RETURN(NodeRec srec, MustReadNode(start));
    ASSIGN_OR_RETURN(NodeRec erec, MustReadNode(end));
    ASSIGN_OR_RETURN(RelId id, AllocId(&root_.rel_free, &root_.next_rel, rels_.max_ids()));
    RelRec rec{type, start, end, kNoRecord};
    ASSIGN_OR_RETURN(rec.props, WriteProps(kNoRecord, props));
    RETURN_IF_ERROR(WriteRel(id, rec, false));
    if (start == end) {
        ASSIGN_OR_RETURN(srec.adj, adjacency_.Add(srec.adj, type, AdjDir::kLoop, start, id));
        RETURN_IF_ERROR(WriteNode(start, srec));
    } else {
        ASSIGN_OR_RETURN(srec.adj, adjacency_.Add(srec.adj, type, AdjDir::kOut, end, id));
        RETURN_IF_ERROR(WriteNode(start, srec));
        ASSIGN_OR_RETURN(erec.adj, adjacency_.Add(erec.adj, type, AdjDir::kIn, start, id));
        RETURN_IF_ERROR(WriteNode(end, erec));
    }
    ++root_.rel_count;
    Bump(&type_counts_, type, 1);
    return id;
}

Status GraphStore::DeleteRel(RelId rel) {
    RETURN_IF_ERROR(NotWritable());
    ASSIGN_OR_RETURN(RelRec rec, MustReadRel(rel));
    ASSIGN_OR_RETURN(NodeRec srec, MustReadNode(rec.start));
    if (rec.start == rec.end) {
        ASSIGN_OR_RETURN(srec.adj, adjacency_.Remove(srec.adj, rec.type, AdjDir::kLoop, rel));
        RETURN_IF_ERROR(WriteNode(rec.start, srec));
    } else {
        ASSIGN_OR_RETURN(srec.adj, adjacency_.Remove(srec.adj, rec.type, AdjDir::kOut, rel));
        RETURN_IF_ERROR(WriteNode(rec.start, srec));
        ASSIGN_OR_RETURN(NodeRec erec, MustReadNode(rec.end));
        ASSIGN_OR_RETURN(erec.adj, adjacency_.Remove(erec.adj, rec.type, AdjDir::kIn, rel));
        RETURN_IF_ERROR(WriteNode(rec.end, erec));
    }
    if (rec.props != kNoRecord) {
        RETURN_IF_ERROR(heap_.Delete(rec.props));
        RETURN_IF_ERROR(rels_.WriteSide(rel, kNoRecord));
    }
    ASSIGN_OR_RETURN(uint8_t * p, rels_.Write(rel));
    std::memset(p, 0, kRelRecordSize);
    --root_.rel_count;
    Bump(&type_counts_, rec.type, -1);
    freed_rels_.push_back(rel);
    return Status::Ok();
}

namespace {

// Applies one property change; false when nothing changed.
bool ApplyProp(PropertyList* props, TokenId key, const Value& value) {
    auto it = std::lower_bound(props->begin(), props->end(), key,
                               [](const auto& p, TokenId k) { return p.first < k; });
    bool present = it != props->end() && it->first == key;
    if (value.is_null()) {
        if (!present) return false;
        props->erase(it);
    } else if (present) {
        it->second = value;
    } else {
        props->insert(it, {key, value});
    }
    return true;
}

}  // namespace

Status GraphStore::SetNodeProperty(NodeId node, TokenId key, const Value& value) {
    RETURN_IF_ERROR(NotWritable());
    RETURN_IF_ERROR(CheckStorable(value));
    if (key >= root_.tokens[static_cast<int>(TokenKind::kPropertyKey)].count) {
        return Status(StatusCode::kInvalidArgument, "unknown property key token");
    }
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    ASSIGN_OR_RETURN(PropertyList props, ReadProps(rec.props));
    PropertyList before = indexes_.empty() ? PropertyList() : props;
    if (!ApplyProp(&props, key, value)) return Status::Ok();
    if (!indexes_.empty()) {
        ASSIGN_OR_RETURN(std::vector<TokenId> labels, LabelsOf(rec));
        RETURN_IF_ERROR(UpdatePropertyIndexes(node, labels, before, labels, props));
    }
    ASSIGN_OR_RETURN(RecordAddr addr, WriteProps(rec.props, props));
    if (addr != rec.props) {
        rec.props = addr;
        RETURN_IF_ERROR(WriteNode(node, rec));
    }
    return Status::Ok();
}

Status GraphStore::SetRelProperty(RelId rel, TokenId key, const Value& value) {
    RETURN_IF_ERROR(NotWritable());
    RETURN_IF_ERROR(CheckStorable(value));
    if (key >= root_.tokens[static_cast<int>(TokenKind::kPropertyKey)].count) {
        return Status(StatusCode::kInvalidArgument, "unknown property key token");
    }
    ASSIGN_OR_RETURN(RelRec rec, MustReadRel(rel));
    ASSIGN_OR_RETURN(PropertyList props, ReadProps(rec.props));
    if (!ApplyProp(&props, key, value)) return Status::Ok();
    ASSIGN_OR_RETURN(RecordAddr addr, WriteProps(rec.props, props));
    if (addr != rec.props) {
        bool had_props = rec.props != kNoRecord;
        rec.props = addr;
        RETURN_IF_ERROR(WriteRel(rel, rec, had_props));
    }
    return Status::Ok();
}

Result<bool> GraphStore::AddLabel(NodeId node, TokenId label) {
    RETURN_IF_ERROR(NotWritable());
    if (label >= root_.tokens[static_cast<int>(TokenKind::kLabel)].count) {
        return Status(StatusCode::kInvalidArgument, "unknown label token");
    }
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    ASSIGN_OR_RETURN(std::vector<TokenId> labels, LabelsOf(rec));
    auto it = std::lower_bound(labels.begin(), labels.end(), label);
    if (it != labels.end() && *it == label) return false;
    std::vector<TokenId> before = labels;
    labels.insert(it, label);
    if (!indexes_.empty()) {
        ASSIGN_OR_RETURN(PropertyList props, ReadProps(rec.props));
        RETURN_IF_ERROR(UpdatePropertyIndexes(node, before, props, labels, props));
    }
    RETURN_IF_ERROR(SetLabels(&rec, labels));
    RETURN_IF_ERROR(WriteNode(node, rec));
    RETURN_IF_ERROR(UpdateLabelIndex(node, before, labels));
    Bump(&label_counts_, label, 1);
    return true;
}

Result<bool> GraphStore::RemoveLabel(NodeId node, TokenId label) {
    RETURN_IF_ERROR(NotWritable());
    ASSIGN_OR_RETURN(NodeRec rec, MustReadNode(node));
    ASSIGN_OR_RETURN(std::vector<TokenId> labels, LabelsOf(rec));
    auto it = std::lower_bound(labels.begin(), labels.end(), label);
    if (it == labels.end() || *it != label) return false;
    std::vector<TokenId> before = labels;
    labels.erase(it);
    if (!indexes_.empty()) {
        ASSIGN_OR_RETURN(PropertyList props, ReadProps(rec.props));
        RETURN_IF_ERROR(UpdatePropertyIndexes(node, before, props, labels, props));
    }
    RETURN_IF_ERROR(SetLabels(&rec, labels));
    RETURN_IF_ERROR(WriteNode(node, rec));
    RETURN_IF_ERROR(UpdateLabelIndex(node, before, labels));
    Bump(&label_counts_, label, -1);
    return true;
}

}  // namespace nexus::graph
