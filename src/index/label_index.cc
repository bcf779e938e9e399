// LabelIndex over a BTree of 12-byte keys, and the shared NodeIdCursor.
#include "index/label_index.h"

#include <algorithm>

#include "index/key_encoding.h"

namespace nexus::index {

namespace {

constexpr size_t kIdBytes = 8;

std::string LabelPrefix(uint32_t label) {
    std::string key;
    AppendBigEndian32(&key, label);
    return key;
}

}  // namespace

Status NodeIdCursor::Start(std::string_view lower, std::string_view upper, ScanOrder order) {
    descending_ = order == ScanOrder::kDescending;
    if (descending_) {
        cursor_.SetLowerBound(lower, true);
        RETURN_IF_ERROR(upper.empty() ? cursor_.SeekToLast() : cursor_.SeekForPrev(upper, false));
    } else {
        if (!upper.empty()) cursor_.SetUpperBound(upper, false);
        RETURN_IF_ERROR(cursor_.Seek(lower));
    }
    return Load();
}

Status NodeIdCursor::Load() {
    valid_ = cursor_.Valid();
    if (!valid_) return Status::Ok();
    std::string_view key = cursor_.key();
    if (key.size() < kIdBytes) {
        valid_ = false;
        return Status(StatusCode::kCorruption, "index entry shorter than a node id");
    }
    node_ = LoadBigEndian64(key.data() + key.size() - kIdBytes);
    return Status::Ok();
}

Status NodeIdCursor::Next() {
    if (!valid_) return Status::Ok();
    RETURN_IF_ERROR(descending_ ? cursor_.Prev() : cursor_.Next());
    return Load();
}

Result<size_t> NodeIdCursor::NextBatch(uint64_t* out, size_t max) {
    size_t n = 0;
    while (n < max && valid_) {
        out[n++] = node_;
        RETURN_IF_ERROR(Next());
    }
    return n;
}

// Label keys are 12 bytes: small enough for std::string's inline buffer (no allocation).
std::string LabelIndex::EntryKey(uint32_t label, uint64_t node) {
    std::string key;
    AppendBigEndian32(&key, label);
    AppendBigEndian64(&key, node);
    return key;
}

Result<LabelIndex> LabelIndex::Create(storage::PageWriter* w) {
    ASSIGN_OR_RETURN(PageId root, BTree::Create(w));
    return LabelIndex(root);
}

Status LabelIndex::Add(storage::PageWriter* w, uint32_t label, uint64_t node) const {
    return BTree::Insert(w, root_, EntryKey(label, node), std::string_view());
}

Status LabelIndex::BulkLoad(storage::PageWriter* w,
                            std::vector<std::pair<uint32_t, uint64_t>> entries) const {
    // (label, node) pairs sort exactly as their big-endian keys do.
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    BTree::Builder builder(w, root_);
    Status st;
    for (const auto& [label, node] : entries) {
        st = builder.Add(EntryKey(label, node), std::string_view());
        if (!st.ok()) break;
    }
    if (st.ok()) st = builder.Finish();
    if (!st.ok()) builder.Abandon().IgnoreError();  // the first error is the one to report
    return st;
}

Status LabelIndex::Loader::Add(uint32_t label, uint64_t node) {
    std::pair<uint32_t, uint64_t> e{label, node};
    if (any_ && e == last_) return Status::Ok();
    if (any_ && e < last_) {
        return Status(StatusCode::kInvalidArgument, "label index entries out of order");
    }
    any_ = true;
    last_ = e;
    return builder_.Add(EntryKey(label, node), std::string_view());
}

Result<bool> LabelIndex::Remove(storage::PageWriter* w, uint32_t label, uint64_t node) const {
    return BTree::Erase(w, root_, EntryKey(label, node));
}

Result<bool> LabelIndex::Contains(storage::PageReader* r, uint32_t label, uint64_t node) const {
    ASSIGN_OR_RETURN(auto value, BTree::Get(r, root_, EntryKey(label, node)));
    return value.has_value();
}

Result<NodeIdCursor> LabelIndex::Scan(storage::PageReader* r, uint32_t label,
                                      ScanOrder order) const {
    NodeIdCursor c(r, root_);
    std::string prefix = LabelPrefix(label);
    RETURN_IF_ERROR(c.Start(prefix, PrefixSuccessor(prefix), order));
    return c;
}

Result<uint64_t> LabelIndex::Count(storage::PageReader* r, uint32_t label) const {
    ASSIGN_OR_RETURN(NodeIdCursor c, Scan(r, label));
    uint64_t n = 0;
    for (; c.Valid(); ++n) RETURN_IF_ERROR(c.Next());
    return n;
}

}  // namespace nexus::index
