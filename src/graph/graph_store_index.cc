// GraphStore scans, the index catalog, index lookups and index maintenance: the label index
// and property indexes are B+trees of src/index, kept up to date on every node change.
#include <algorithm>
#include <optional>

#include "graph/graph_store.h"
#include "graph/value_codec.h"
#include "index/label_index.h"
#include "index/property_index.h"

namespace nexus::graph {
namespace {

template <typename Id>
class VectorCursor : public IdCursor<Id> {
  public:
    VectorCursor(std::vector<Id> ids, Status status)
        : ids_(std::move(ids)), status_(std::move(status)) {}
    size_t Next(Id* out, size_t max) override {
        size_t n = std::min(max, ids_.size() - pos_);
        std::copy_n(ids_.begin() + static_cast<ptrdiff_t>(pos_), n, out);
        pos_ += n;
        return n;
    }
    Status status() const override { return status_; }

  private:
    std::vector<Id> ids_;
    size_t pos_ = 0;
    Status status_;
};

// Walks ids [0, limit) of one record kind, keeping those `keep` accepts.
template <typename Id, typename Keep>
class ScanCursor : public IdCursor<Id> {
  public:
    ScanCursor(uint64_t limit, Keep keep) : limit_(limit), keep_(std::move(keep)) {}
    size_t Next(Id* out, size_t max) override {
        size_t n = 0;
        while (n < max && next_ < limit_ && status_.ok()) {
            Result<bool> keep = keep_(next_);
            if (!keep.ok()) {
                status_ = keep.status();
                return 0;
            }
            if (*keep) out[n++] = next_;
            ++next_;
        }
        return n;
    }
    Status status() const override { return status_; }

  private:
    uint64_t limit_;
    Keep keep_;
    uint64_t next_ = 0;
    Status status_;
};

template <typename Id, typename Keep>
std::unique_ptr<IdCursor<Id>> MakeScan(uint64_t limit, Keep keep) {
    return std::make_unique<ScanCursor<Id, Keep>>(limit, std::move(keep));
}

// Adapts an index cursor to the graph seam's NodeCursor.
class IndexCursor : public NodeCursor {
  public:
    explicit IndexCursor(index::NodeIdCursor cursor) : cursor_(std::move(cursor)) {}
    size_t Next(NodeId* out, size_t max) override {
        if (!status_.ok()) return 0;
        Result<size_t> n = cursor_.NextBatch(out, max);
        if (!n.ok()) {
            status_ = n.status();
            return 0;
        }
        return *n;
    }
    Status status() const override { return status_; }

  private:
    index::NodeIdCursor cursor_;
    Status status_;
};

std::unique_ptr<NodeCursor> Failed(Status st) {
    return std::make_unique<VectorCursor<NodeId>>(std::vector<NodeId>(), std::move(st));
}

// The write transaction may change an index while a query still scans it, which a B+tree
// cursor does not allow: writers get the ids up front.
std::unique_ptr<NodeCursor> Wrap(Result<index::NodeIdCursor> cursor, bool materialize) {
    if (!cursor.ok()) return Failed(cursor.status());
    auto live = std::make_unique<IndexCursor>(std::move(*cursor));
    if (!materialize) return live;
    std::vector<NodeId> ids;
    NodeId batch[512];
    while (size_t n = live->Next(batch, 512)) ids.insert(ids.end(), batch, batch + n);
    return std::make_unique<VectorCursor<NodeId>>(std::move(ids), live->status());
}

// The values of `def`'s keys in `props`; false when one is missing (no index entry).
bool KeyValues(const IndexDef& def, const PropertyList& props, std::vector<Value>* out) {
    out->clear();
    for (TokenId k : def.properties) {
        auto it = std::lower_bound(props.begin(), props.end(), k,
                                   [](const auto& p, TokenId key) { return p.first < key; });
        if (it == props.end() || it->first != k) return false;
        out->push_back(it->second);
    }
    return true;
}

bool HasLabel(const std::vector<TokenId>& labels, TokenId label) {
    return std::find(labels.begin(), labels.end(), label) != labels.end();
}

}  // namespace

std::unique_ptr<NodeCursor> GraphStore::ScanNodes() {
    return MakeScan<NodeId>(root_.next_node, [this](uint64_t id) -> Result<bool> {
        ASSIGN_OR_RETURN(std::optional<NodeRec> rec, ReadNode(id));
        return rec.has_value();
    });
}

std::unique_ptr<NodeCursor> GraphStore::ScanLabel(TokenId label) {
    index::LabelIndex labels(root_.label_index);
    return Wrap(labels.Scan(reader_, label), writer_ != nullptr);
}

std::unique_ptr<RelCursor> GraphStore::ScanRels() {
    return MakeScan<RelId>(root_.next_rel, [this](uint64_t id) -> Result<bool> {
        ASSIGN_OR_RETURN(std::optional<RelRec> rec, ReadRel(id));
        return rec.has_value();
    });
}

// ---- Catalog ----

Status GraphStore::LoadCatalog() {
    indexes_.clear();
    if (root_.catalog == kNoRecord) return Status::Ok();
    RecordView view;
    RETURN_IF_ERROR(heap_.Read(root_.catalog, &view));
    const uint8_t* p = view.data;
    const uint8_t* end = p + view.size;
    Status bad = Corrupt(AddrPage(root_.catalog), "bad index catalog");
    uint64_t n;
    if (!GetVarint(&p, end, &n) || n > view.size) return bad;
    for (uint64_t i = 0; i < n; ++i) {
        StoredIndex idx;
        IndexDef& def = idx.def;
        uint64_t id, len, label, nprops;
        if (!GetVarint(&p, end, &id) || !GetVarint(&p, end, &len) ||
            len > static_cast<uint64_t>(end - p)) {
            return bad;
        }
        def.id = static_cast<IndexId>(id);
        def.name.assign(reinterpret_cast<const char*>(p), len);
        p += len;
        if (!GetVarint(&p, end, &label) || !GetVarint(&p, end, &nprops) || nprops > view.size) {
            return bad;
        }
        def.label = static_cast<TokenId>(label);
        for (uint64_t j = 0; j < nprops; ++j) {
            uint64_t key;
            if (!GetVarint(&p, end, &key)) return bad;
            def.properties.push_back(static_cast<TokenId>(key));
        }
        if (end - p < 5 || nprops == 0) return bad;
        def.unique = *p++ != 0;
        idx.root = Load32(p);
        p += 4;
        indexes_.push_back(std::move(idx));
    }
    return Status::Ok();
}

Status GraphStore::WriteCatalog() {
    if (indexes_.empty()) {
        if (root_.catalog != kNoRecord) RETURN_IF_ERROR(heap_.Delete(root_.catalog));
        root_.catalog = kNoRecord;
        catalog_dirty_ = false;
        return Status::Ok();
    }
    std::string bytes;
    PutVarint(&bytes, indexes_.size());
    for (const StoredIndex& idx : indexes_) {
        const IndexDef& def = idx.def;
        PutVarint(&bytes, def.id);
        PutVarint(&bytes, def.name.size());
        bytes += def.name;
        PutVarint(&bytes, def.label);
        PutVarint(&bytes, def.properties.size());
        for (TokenId key : def.properties) PutVarint(&bytes, key);
        bytes.push_back(def.unique ? 1 : 0);
        char root[4];
        Store32(reinterpret_cast<uint8_t*>(root), idx.root);
        bytes.append(root, 4);
    }
    if (root_.catalog == kNoRecord) {
        ASSIGN_OR_RETURN(root_.catalog, heap_.Insert(bytes));
    } else {
        ASSIGN_OR_RETURN(root_.catalog, heap_.Update(root_.catalog, bytes));
    }
    catalog_dirty_ = false;
    return Status::Ok();
}

std::vector<IndexDef> GraphStore::Indexes() {
    std::vector<IndexDef> out;
    for (const StoredIndex& idx : indexes_) out.push_back(idx.def);
    return out;
}

const StoredIndex* GraphStore::FindIndex(IndexId index) const {
    for (const StoredIndex& idx : indexes_) {
        if (idx.def.id == index) return &idx;
    }
    return nullptr;
}

Result<IndexId> GraphStore::CreateIndex(const std::string& name, TokenId label,
                                        const std::vector<TokenId>& properties, bool unique) {
    RETURN_IF_ERROR(NotWritable());
    if (properties.empty()) return Status(StatusCode::kInvalidArgument, "index without keys");
    for (const StoredIndex& idx : indexes_) {
        if (!name.empty() && idx.def.name == name) {
            return Status(StatusCode::kSchemaError,
                          "An index or constraint with the name '" + name + "' already exists");
        }
        if (idx.def.label == label && idx.def.properties == properties) {
            return Status(StatusCode::kSchemaError, "An equivalent index already exists");
        }
    }
    StoredIndex idx;
    idx.def.id = root_.next_index_id;
    idx.def.name = name.empty() ? "index_" + std::to_string(idx.def.id) : name;
    idx.def.label = label;
    idx.def.properties = properties;
    idx.def.unique = unique;
    ASSIGN_OR_RETURN(index::PropertyIndex tree, index::PropertyIndex::Create(writer_, unique));
    idx.root = tree.root();
    // Index the existing nodes with one sorted bulk load: inserting them one by one left
    // leaves half full after splits (about twice the pages; docs/size.md). The bulk load also
    // finds duplicates of a unique index among the sorted keys. On failure drop the tree.
    Status st = [&]() -> Status {
        auto cursor = ScanLabel(label);
        NodeId batch[256];
        std::vector<Value> values;
        std::vector<std::string> keys;
        std::string key;
        while (size_t n = cursor->Next(batch, 256)) {
            for (size_t i = 0; i < n; ++i) {
                ASSIGN_OR_RETURN(PropertyList props, NodeProperties(batch[i]));
                if (!KeyValues(idx.def, props, &values)) continue;
                ASSIGN_OR_RETURN(bool indexed,
                                 index::PropertyIndex::EntryKey(values, batch[i], &key));
                if (indexed) keys.push_back(key);
            }
        }
        RETURN_IF_ERROR(cursor->status());
        return tree.BulkLoad(writer_, std::move(keys));
    }();
    if (!st.ok()) {
        tree.Destroy(writer_).IgnoreError();
        if (st.code() == StatusCode::kConstraintViolation) {
            return Status(st.code(),
                          "Unable to create constraint " + idx.def.name + ": " + st.message());
        }
        return st;
    }
    ++root_.next_index_id;
    indexes_.push_back(std::move(idx));
    catalog_dirty_ = true;
    return indexes_.back().def.id;
}

Status GraphStore::DropIndex(IndexId index) {
    RETURN_IF_ERROR(NotWritable());
    auto it = std::find_if(indexes_.begin(), indexes_.end(),
                           [&](const StoredIndex& d) { return d.def.id == index; });
    if (it == indexes_.end()) return Status(StatusCode::kSchemaError, "no such index");
    RETURN_IF_ERROR(index::PropertyIndex(it->root, it->def.unique).Destroy(writer_));
    indexes_.erase(it);
    catalog_dirty_ = true;
    return Status::Ok();
}

Status GraphStore::UpdateLabelIndex(NodeId node, const std::vector<TokenId>& before,
                                    const std::vector<TokenId>& after) {
    index::LabelIndex labels(root_.label_index);
    for (TokenId l : before) {
        if (!HasLabel(after, l)) RETURN_IF_ERROR(labels.Remove(writer_, l, node).status());
    }
    for (TokenId l : after) {
        if (!HasLabel(before, l)) RETURN_IF_ERROR(labels.Add(writer_, l, node));
    }
    return Status::Ok();
}

Status GraphStore::UpdatePropertyIndexes(NodeId node, const std::vector<TokenId>& labels_before,
                                         const PropertyList& props_before,
                                         const std::vector<TokenId>& labels_after,
                                         const PropertyList& props_after) {
    struct Change {
        index::PropertyIndex tree;
        std::vector<Value> old_key, new_key;
        bool had_old, has_new;
    };
    std::vector<Change> done;
    // Puts back every index changed so far, so a failure leaves no trace.
    auto undo = [&]() {
        for (auto it = done.rbegin(); it != done.rend(); ++it) {
            if (it->has_new) it->tree.Remove(writer_, it->new_key, node).status().IgnoreError();
            if (it->had_old) it->tree.Add(writer_, it->old_key, node).IgnoreError();
        }
    };
    for (const StoredIndex& idx : indexes_) {
        Change c{index::PropertyIndex(idx.root, idx.def.unique), {}, {}, false, false};
        c.had_old =
            HasLabel(labels_before, idx.def.label) && KeyValues(idx.def, props_before, &c.old_key);
        c.has_new =
            HasLabel(labels_after, idx.def.label) && KeyValues(idx.def, props_after, &c.new_key);
        if (!c.had_old && !c.has_new) continue;
        if (c.had_old && c.has_new) {
            std::string a, b;
            auto ka = index::PropertyIndex::EntryKey(c.old_key, node, &a);
            auto kb = index::PropertyIndex::EntryKey(c.new_key, node, &b);
            if (ka.ok() && kb.ok() && a == b) continue;
        }
        if (c.had_old) {
            Status st = c.tree.Remove(writer_, c.old_key, node).status();
            if (!st.ok()) {
                undo();
                return st;
            }
        }
        if (c.has_new) {
            Status st = c.tree.Add(writer_, c.new_key, node);
            if (!st.ok()) {
                if (c.had_old) c.tree.Add(writer_, c.old_key, node).IgnoreError();
                undo();
                if (st.code() == StatusCode::kConstraintViolation) {
                    return Status(st.code(), "Node(" + std::to_string(node) +
                                                 ") violates constraint " + idx.def.name + ": " +
                                                 st.message());
                }
                return st;
            }
        }
        done.push_back(std::move(c));
    }
    return Status::Ok();
}

std::unique_ptr<NodeCursor> GraphStore::IndexSeek(IndexId index, std::span<const Value> key) {
    const StoredIndex* idx = FindIndex(index);
    if (!idx) return Failed(Status(StatusCode::kSchemaError, "no such index"));
    index::PropertyIndex tree(idx->root, idx->def.unique);
    return Wrap(tree.Seek(reader_, key), writer_ != nullptr);
}

std::unique_ptr<NodeCursor> GraphStore::IndexRange(IndexId index, const IndexBound* lower,
                                                   const IndexBound* upper) {
    const StoredIndex* idx = FindIndex(index);
    if (!idx) return Failed(Status(StatusCode::kSchemaError, "no such index"));
    if (!lower && !upper) {
        return Failed(Status(StatusCode::kInvalidArgument, "index range without bounds"));
    }
    index::PropertyIndex tree(idx->root, idx->def.unique);
    index::PropertyIndex::Bound lo, hi;
    if (lower) lo = {lower->value, lower->inclusive};
    if (upper) hi = {upper->value, upper->inclusive};
    return Wrap(tree.Range(reader_, lower ? &lo : nullptr, upper ? &hi : nullptr),
                writer_ != nullptr);
}

}  // namespace nexus::graph
