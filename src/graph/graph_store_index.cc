// GraphStore scans, the index catalog and index lookups. Until the B+tree indexes of
// src/index are wired in, label scans and index lookups filter a node scan; uniqueness is
// checked the same way. The catalog format is final either way.
#include <algorithm>
#include <cmath>
#include <optional>

#include "graph/graph_store.h"
#include "graph/value_codec.h"

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

// Same-type ordering for index lookups; nullopt when the values are not comparable.
std::optional<int> CompareStored(const Value& a, const Value& b) {
    auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    if (a.is_number() && b.is_number()) {
        if (a.is_int() && b.is_int()) return sign(a.as_int(), b.as_int());
        double x = a.as_number(), y = b.as_number();
        if (std::isnan(x) || std::isnan(y)) return std::nullopt;
        return sign(x, y);
    }
    if (a.kind() != b.kind()) return std::nullopt;
    switch (a.kind()) {
        case ValueKind::kBool:
            return sign(a.as_bool(), b.as_bool());
        case ValueKind::kString:
            return sign(a.as_string(), b.as_string());
        case ValueKind::kDate:
            return sign(a.as_date().days, b.as_date().days);
        case ValueKind::kLocalTime:
            return sign(a.as_local_time().nanos, b.as_local_time().nanos);
        case ValueKind::kTime: {
            auto utc = [](const Time& t) { return t.nanos - t.offset_seconds * 1000000000LL; };
            return sign(utc(a.as_time()), utc(b.as_time()));
        }
        case ValueKind::kLocalDateTime: {
            const auto &x = a.as_local_date_time(), &y = b.as_local_date_time();
            return sign(std::pair(x.seconds, x.nanos), std::pair(y.seconds, y.nanos));
        }
        case ValueKind::kDateTime: {
            const auto &x = a.as_date_time(), &y = b.as_date_time();
            return sign(std::pair(x.seconds, x.nanos), std::pair(y.seconds, y.nanos));
        }
        default:
            return std::nullopt;
    }
}

bool StoredEquals(const Value& a, const Value& b) {
    std::optional<int> c = CompareStored(a, b);
    if (c) return *c == 0;
    if (a.kind() != b.kind()) return false;
    std::string x, y;
    EncodeValue(a, &x);
    EncodeValue(b, &y);
    return x == y;
}

}  // namespace

std::unique_ptr<NodeCursor> GraphStore::ScanNodes() {
    return MakeScan<NodeId>(root_.next_node, [this](uint64_t id) -> Result<bool> {
        ASSIGN_OR_RETURN(std::optional<NodeRec> rec, ReadNode(id));
        return rec.has_value();
    });
}

std::unique_ptr<NodeCursor> GraphStore::ScanLabel(TokenId label) {
    return MakeScan<NodeId>(root_.next_node, [this, label](uint64_t id) -> Result<bool> {
        ASSIGN_OR_RETURN(std::optional<NodeRec> rec, ReadNode(id));
        if (!rec) return false;
        if (rec->nlabels != kLabelOverflow) {
            return std::find(rec->labels, rec->labels + rec->nlabels, label) !=
                   rec->labels + rec->nlabels;
        }
        ASSIGN_OR_RETURN(std::vector<TokenId> labels, LabelsOf(*rec));
        return std::binary_search(labels.begin(), labels.end(), label);
    });
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
        IndexDef def;
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
        if (p >= end) return bad;
        def.unique = *p++ != 0;
        indexes_.push_back(std::move(def));
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
    for (const IndexDef& def : indexes_) {
        PutVarint(&bytes, def.id);
        PutVarint(&bytes, def.name.size());
        bytes += def.name;
        PutVarint(&bytes, def.label);
        PutVarint(&bytes, def.properties.size());
        for (TokenId key : def.properties) PutVarint(&bytes, key);
        bytes.push_back(def.unique ? 1 : 0);
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
    return indexes_;
}

Result<IndexId> GraphStore::CreateIndex(const std::string& name, TokenId label,
                                        const std::vector<TokenId>& properties, bool unique) {
    RETURN_IF_ERROR(NotWritable());
    if (properties.empty()) return Status(StatusCode::kInvalidArgument, "index without keys");
    for (const IndexDef& def : indexes_) {
        if (!name.empty() && def.name == name) {
            return Status(StatusCode::kSchemaError,
                          "An index or constraint with the name '" + name + "' already exists");
        }
        if (def.label == label && def.properties == properties) {
            return Status(StatusCode::kSchemaError, "An equivalent index already exists");
        }
    }
    IndexDef def;
    def.id = root_.next_index_id++;
    def.name = name.empty() ? "index_" + std::to_string(def.id) : name;
    def.label = label;
    def.properties = properties;
    def.unique = unique;
    if (unique) {
        // Existing data must already satisfy the constraint.
        std::vector<std::vector<Value>> seen;
        auto cursor = ScanLabel(label);
        NodeId batch[256];
        while (size_t n = cursor->Next(batch, 256)) {
            for (size_t i = 0; i < n; ++i) {
                std::vector<Value> key;
                for (TokenId k : properties) {
                    ASSIGN_OR_RETURN(Value v, NodeProperty(batch[i], k));
                    if (v.is_null()) break;
                    key.push_back(std::move(v));
                }
                if (key.size() != properties.size()) continue;
                for (const auto& other : seen) {
                    if (std::equal(key.begin(), key.end(), other.begin(), StoredEquals)) {
                        return Status(StatusCode::kConstraintViolation,
                                      "Unable to create constraint: nodes share the key " +
                                          key[0].ToString());
                    }
                }
                seen.push_back(std::move(key));
            }
        }
        RETURN_IF_ERROR(cursor->status());
    }
    indexes_.push_back(def);
    catalog_dirty_ = true;
    return def.id;
}

Status GraphStore::DropIndex(IndexId index) {
    RETURN_IF_ERROR(NotWritable());
    auto it = std::find_if(indexes_.begin(), indexes_.end(),
                           [&](const IndexDef& d) { return d.id == index; });
    if (it == indexes_.end()) return Status(StatusCode::kSchemaError, "no such index");
    indexes_.erase(it);
    catalog_dirty_ = true;
    return Status::Ok();
}

Result<bool> GraphStore::IndexMatches(const IndexDef& def, NodeId node,
                                      std::span<const Value> key) {
    for (size_t i = 0; i < def.properties.size() && i < key.size(); ++i) {
        ASSIGN_OR_RETURN(Value v, NodeProperty(node, def.properties[i]));
        if (v.is_null() || !StoredEquals(v, key[i])) return false;
    }
    return true;
}

Status GraphStore::CheckUnique(NodeId node, const std::vector<TokenId>& labels,
                               const PropertyList& props) {
    for (const IndexDef& def : indexes_) {
        if (!def.unique || !std::binary_search(labels.begin(), labels.end(), def.label)) continue;
        std::vector<Value> key;
        for (TokenId k : def.properties) {
            auto it = std::find_if(props.begin(), props.end(),
                                   [&](const auto& p) { return p.first == k; });
            if (it == props.end()) break;
            key.push_back(it->second);
        }
        if (key.size() != def.properties.size()) continue;
        auto cursor = ScanLabel(def.label);
        NodeId batch[256];
        while (size_t n = cursor->Next(batch, 256)) {
            for (size_t i = 0; i < n; ++i) {
                if (batch[i] == node) continue;
                ASSIGN_OR_RETURN(bool clash, IndexMatches(def, batch[i], key));
                if (clash) {
                    return Status(StatusCode::kConstraintViolation,
                                  "Node(" + std::to_string(batch[i]) +
                                      ") already exists with the same value " + key[0].ToString() +
                                      " for constraint " + def.name);
                }
            }
        }
        RETURN_IF_ERROR(cursor->status());
    }
    return Status::Ok();
}

std::unique_ptr<NodeCursor> GraphStore::IndexSeek(IndexId index, std::span<const Value> key) {
    std::vector<NodeId> ids;
    auto it = std::find_if(indexes_.begin(), indexes_.end(),
                           [&](const IndexDef& d) { return d.id == index; });
    if (it == indexes_.end()) {
        return std::make_unique<VectorCursor<NodeId>>(
            ids, Status(StatusCode::kSchemaError, "no such index"));
    }
    IndexDef def = *it;
    auto cursor = ScanLabel(def.label);
    NodeId batch[256];
    while (size_t n = cursor->Next(batch, 256)) {
        for (size_t i = 0; i < n; ++i) {
            Result<bool> match = IndexMatches(def, batch[i], key);
            if (!match.ok()) return std::make_unique<VectorCursor<NodeId>>(ids, match.status());
            if (*match) ids.push_back(batch[i]);
        }
    }
    return std::make_unique<VectorCursor<NodeId>>(std::move(ids), cursor->status());
}

std::unique_ptr<NodeCursor> GraphStore::IndexRange(IndexId index, const IndexBound* lower,
                                                   const IndexBound* upper) {
    std::vector<NodeId> ids;
    auto it = std::find_if(indexes_.begin(), indexes_.end(),
                           [&](const IndexDef& d) { return d.id == index; });
    if (it == indexes_.end()) {
        return std::make_unique<VectorCursor<NodeId>>(
            ids, Status(StatusCode::kSchemaError, "no such index"));
    }
    TokenId key = it->properties[0];
    auto cursor = ScanLabel(it->label);
    NodeId batch[256];
    while (size_t n = cursor->Next(batch, 256)) {
        for (size_t i = 0; i < n; ++i) {
            Result<Value> v = NodeProperty(batch[i], key);
            if (!v.ok()) return std::make_unique<VectorCursor<NodeId>>(ids, v.status());
            if (v->is_null()) continue;
            bool in = true;
            if (lower) {
                std::optional<int> c = CompareStored(*v, lower->value);
                in = c && (*c > 0 || (*c == 0 && lower->inclusive));
            }
            if (in && upper) {
                std::optional<int> c = CompareStored(*v, upper->value);
                in = c && (*c < 0 || (*c == 0 && upper->inclusive));
            }
            if (in) ids.push_back(batch[i]);
        }
    }
    return std::make_unique<VectorCursor<NodeId>>(std::move(ids), cursor->status());
}

}  // namespace nexus::graph
