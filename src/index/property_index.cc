// PropertyIndex: key building, the uniqueness check, and the translation of Cypher equality,
// range and prefix predicates into one key range [lower, upper) of the BTree.
#include "index/property_index.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "index/key_encoding.h"

namespace nexus::index {

namespace {

// Node ids end each key in 5 big-endian bytes (ids below 2^40, as in relationship records).
constexpr size_t kIdBytes = 5;
constexpr uint64_t kMaxNode = (uint64_t{1} << 40) - 1;

void AppendNodeId(std::string* key, uint64_t node) {
    for (int shift = 8 * (kIdBytes - 1); shift >= 0; shift -= 8) {
        key->push_back(static_cast<char>(node >> shift));
    }
}

uint64_t LoadNodeId(const char* p) {
    uint64_t id = 0;
    for (size_t i = 0; i < kIdBytes; ++i) id = (id << 8) | static_cast<uint8_t>(p[i]);
    return id;
}

Status CheckNode(uint64_t node) {
    if (node > kMaxNode) {
        return Status(StatusCode::kInvalidArgument, "node id too large for a property index");
    }
    return Status::Ok();
}

bool IsNaN(const Value& v) {
    return v.is_float() && std::isnan(v.as_float());
}

// Encodes the value tuple; *indexable = false when a value is null (the node is not indexed).
Status EncodeValues(std::span<const Value> values, std::string* out, bool* indexable) {
    *indexable = true;
    for (const Value& v : values) {
        if (v.is_null()) {
            *indexable = false;
            return Status::Ok();
        }
        RETURN_IF_ERROR(AppendKey(v, out));
    }
    return Status::Ok();
}

std::string DescribeKey(std::span<const Value> values) {
    std::string s = "(";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) s += ", ";
        s += values[i].ToString();
    }
    return s + ")";
}

}  // namespace

Result<bool> PropertyIndex::EntryKey(std::span<const Value> values, uint64_t node,
                                     std::string* key) {
    key->clear();
    RETURN_IF_ERROR(CheckNode(node));
    bool indexable;
    RETURN_IF_ERROR(EncodeValues(values, key, &indexable));
    if (indexable) AppendNodeId(key, node);
    return indexable;
}

Status PropertyIndex::BulkLoad(storage::PageWriter* w, std::vector<std::string> keys) const {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    // Every check runs before the first page is written: leaves the builder has written are
    // not reachable from the root until Finish(), so Destroy() after a failed Add would leak
    // them (CREATE INDEX drops the tree when a unique key repeats).
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].size() < kIdBytes || keys[i].size() > BTree::kMaxKeySize) {
            return Status(StatusCode::kInvalidArgument,
                          "bulk load: key of " + std::to_string(keys[i].size()) + " bytes");
        }
        if (unique_ && i > 0 && keys[i].size() == keys[i - 1].size() &&
            std::memcmp(keys[i].data(), keys[i - 1].data(), keys[i].size() - kIdBytes) == 0) {
            const char* id = keys[i].data() + keys[i].size() - kIdBytes;
            const char* other = keys[i - 1].data() + keys[i - 1].size() - kIdBytes;
            return Status(StatusCode::kConstraintViolation,
                          "nodes " + std::to_string(LoadNodeId(other)) + " and " +
                              std::to_string(LoadNodeId(id)) + " have the same unique key");
        }
    }
    BTree::Builder builder(w, root_);
    Status st;
    for (const std::string& key : keys) {
        st = builder.Add(key, std::string_view());
        if (!st.ok()) break;
    }
    if (st.ok()) st = builder.Finish();
    if (!st.ok()) builder.Abandon().IgnoreError();  // the first error is the one to report
    return st;
}

Result<PropertyIndex> PropertyIndex::Create(storage::PageWriter* w, bool unique) {
    ASSIGN_OR_RETURN(PageId root, BTree::Create(w));
    return PropertyIndex(root, unique);
}

Status PropertyIndex::Add(storage::PageWriter* w, std::span<const Value> values,
                          uint64_t node) const {
    RETURN_IF_ERROR(CheckNode(node));
    std::string key;
    bool indexable;
    RETURN_IF_ERROR(EncodeValues(values, &key, &indexable));
    if (!indexable) return Status::Ok();
    if (unique_) {
        BTree::Cursor c(w, root_);
        std::string upper = PrefixSuccessor(key);
        if (!upper.empty()) c.SetUpperBound(upper);
        RETURN_IF_ERROR(c.Seek(key));
        for (; c.Valid();) {
            if (c.key().size() != key.size() + kIdBytes) {
                return Status(StatusCode::kCorruption, "unique index entry of the wrong size");
            }
            uint64_t other = LoadNodeId(c.key().data() + key.size());
            if (other != node) {
                return Status(StatusCode::kConstraintViolation,
                              "node " + std::to_string(other) + " already has the unique key " +
                                  DescribeKey(values) + " (adding node " + std::to_string(node) +
                                  ")");
            }
            RETURN_IF_ERROR(c.Next());
        }
    }
    AppendNodeId(&key, node);
    return BTree::Insert(w, root_, key, std::string_view());
}

Result<bool> PropertyIndex::Remove(storage::PageWriter* w, std::span<const Value> values,
                                   uint64_t node) const {
    std::string key;
    bool indexable;
    RETURN_IF_ERROR(EncodeValues(values, &key, &indexable));
    if (!indexable || node > kMaxNode) return false;
    AppendNodeId(&key, node);
    return BTree::Erase(w, root_, key);
}

Result<NodeIdCursor> PropertyIndex::Seek(storage::PageReader* r,
                                         std::span<const Value> values) const {
    std::string key;
    bool indexable;
    RETURN_IF_ERROR(EncodeValues(values, &key, &indexable));
    for (const Value& v : values) {
        if (IsNaN(v)) indexable = false;  // NaN = NaN is false
    }
    if (!indexable) return NodeIdCursor();
    NodeIdCursor c(r, root_);
    c.id_bytes_ = kIdBytes;
    RETURN_IF_ERROR(c.Start(key, PrefixSuccessor(key), ScanOrder::kAscending));
    return c;
}

Result<NodeIdCursor> PropertyIndex::Range(storage::PageReader* r, const Bound* lower,
                                          const Bound* upper, ScanOrder order) const {
    const Bound* any = lower ? lower : upper;
    if (any == nullptr) return Status(StatusCode::kInvalidArgument, "range without bounds");
    if ((lower && (lower->value.is_null() || IsNaN(lower->value))) ||
        (upper && (upper->value.is_null() || IsNaN(upper->value)))) {
        return NodeIdCursor();  // comparisons with null or NaN are never true
    }
    // The values comparable with the bound, e.g. all non-NaN numbers.
    std::string from, to;
    ComparableRange(any->value, &from, &to);
    if (from.empty()) return NodeIdCursor();
    if (lower && upper) {
        std::string other_from, other_to;
        ComparableRange(upper->value, &other_from, &other_to);
        if (other_from != from) return NodeIdCursor();  // e.g. 1 < n.p < 'x': never true
    }
    if (lower) {
        ASSIGN_OR_RETURN(std::string key, EncodeKey(lower->value));
        from = lower->inclusive ? key : PrefixSuccessor(key);
    }
    if (upper) {
        ASSIGN_OR_RETURN(std::string key, EncodeKey(upper->value));
        std::string bound = upper->inclusive ? PrefixSuccessor(key) : key;
        if (bound < to) to = bound;
    }
    if (from >= to) return NodeIdCursor();
    NodeIdCursor c(r, root_);
    c.id_bytes_ = kIdBytes;
    RETURN_IF_ERROR(c.Start(from, to, order));
    return c;
}

Result<NodeIdCursor> PropertyIndex::StartsWith(storage::PageReader* r,
                                               std::string_view prefix) const {
    std::string from;
    AppendStringPrefix(prefix, &from);
    NodeIdCursor c(r, root_);
    c.id_bytes_ = kIdBytes;
    RETURN_IF_ERROR(c.Start(from, PrefixSuccessor(from), ScanOrder::kAscending));
    return c;
}

Result<PropertyIndexStats> PropertyIndex::Stats(storage::PageReader* r,
                                                uint32_t sample_leaves) const {
    ASSIGN_OR_RETURN(std::vector<PageId> leaves, BTree::LeafPages(r, root_));
    PropertyIndexStats stats;
    if (leaves.empty() || sample_leaves == 0) return stats;
    const bool all = leaves.size() <= sample_leaves;
    const size_t samples = all ? leaves.size() : sample_leaves;
    uint64_t entries = 0, pairs = 0, changes = 0;
    std::string previous;
    BTree::Cursor c(r, root_);
    for (size_t i = 0; i < samples; ++i) {
        PageId leaf = leaves[i * leaves.size() / samples];
        RETURN_IF_ERROR(c.SeekToLeaf(leaf));
        // Pairs are counted within a leaf when sampling; across leaves too when reading all.
        bool have_previous = all && entries > 0;
        while (c.Valid() && c.leaf_page() == leaf) {
            std::string_view key = c.key();
            if (key.size() < kIdBytes) return Status(StatusCode::kCorruption, "short index entry");
            std::string_view values = key.substr(0, key.size() - kIdBytes);
            if (have_previous) {
                ++pairs;
                if (values != previous) ++changes;
            }
            previous.assign(values);
            have_previous = true;
            ++entries;
            RETURN_IF_ERROR(c.Next());
        }
    }
    stats.sampled = !all;
    stats.entries = all ? entries : entries * leaves.size() / samples;
    if (stats.entries == 0) return stats;
    double share = pairs == 0 ? 1.0 : double(changes) / double(pairs);
    stats.distinct_keys = 1 + static_cast<uint64_t>(share * double(stats.entries - 1) + 0.5);
    return stats;
}

}  // namespace nexus::index
