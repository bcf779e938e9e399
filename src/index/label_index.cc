// LabelIndex over a BTree of (label, chunk) entries holding chunk bitmaps, and the shared
// NodeIdCursor. A single-node write reads and rewrites one value of at most 512 bytes.
#include "index/label_index.h"

#include <algorithm>
#include <optional>

#include "index/key_encoding.h"

namespace nexus::index {

namespace {

constexpr size_t kChunkBytes = 6;

std::string LabelPrefix(uint32_t label) {
    std::string key;
    AppendBigEndian32(&key, label);
    return key;
}

std::string ChunkKey(uint32_t label, uint64_t chunk) {
    std::string key;
    AppendBigEndian32(&key, label);
    for (int shift = 8 * (kChunkBytes - 1); shift >= 0; shift -= 8) {
        key.push_back(static_cast<char>(chunk >> shift));
    }
    return key;
}

// Splits a stored key; kCorruption on a key of another length (format 1 used 12-byte keys).
Status ParseKey(std::string_view key, uint32_t* label, uint64_t* chunk) {
    if (key.size() != LabelIndex::kKeySize) {
        return Status(StatusCode::kCorruption,
                      "label index entry of " + std::to_string(key.size()) +
                          " bytes, not 10: written by an older format; rebuild the database");
    }
    *label = LoadBigEndian32(key.data());
    uint64_t c = 0;
    for (size_t i = 4; i < key.size(); ++i) c = (c << 8) | static_cast<uint8_t>(key[i]);
    *chunk = c;
    return Status::Ok();
}

Status CheckNode(uint64_t node) {
    if (node > LabelIndex::kMaxNode) {
        return Status(StatusCode::kInvalidArgument, "node id too large for the label index");
    }
    return Status::Ok();
}

void SetBit(label_chunk::Bits* bits, uint64_t node, bool on) {
    uint32_t i = static_cast<uint32_t>(node & (label_chunk::kIds - 1));
    uint64_t mask = uint64_t{1} << (i % 64);
    (*bits)[i / 64] = on ? (*bits)[i / 64] | mask : (*bits)[i / 64] & ~mask;
}

bool TestBit(const label_chunk::Bits& bits, uint64_t node) {
    uint32_t i = static_cast<uint32_t>(node & (label_chunk::kIds - 1));
    return (bits[i / 64] >> (i % 64)) & 1;
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
    if (chunked_) return LoadChunk();
    std::string_view key = cursor_.key();
    if (key.size() < id_bytes_) {
        valid_ = false;
        return Status(StatusCode::kCorruption, "index entry shorter than a node id");
    }
    if (key.size() >= 8) {  // one 8-byte load, masked to the id's width
        node_ = LoadBigEndian64(key.data() + key.size() - 8);
        if (id_bytes_ < 8) node_ &= (uint64_t{1} << (8 * id_bytes_)) - 1;
    } else {
        node_ = 0;
        for (size_t i = key.size() - id_bytes_; i < key.size(); ++i) {
            node_ = (node_ << 8) | static_cast<uint8_t>(key[i]);
        }
    }
    return Status::Ok();
}

Status NodeIdCursor::LoadChunk() {
    uint32_t label;
    uint64_t chunk;
    label_chunk::Bits bits;
    Status st = ParseKey(cursor_.key(), &label, &chunk);
    if (st.ok()) st = label_chunk::Decode(cursor_.value(), &bits);
    if (!st.ok()) {
        valid_ = false;
        return st;
    }
    ids_.resize(label_chunk::kIds);
    size_t n = 0;
    label_chunk::AppendIds(bits, chunk, ids_.data(), &n);
    ids_.resize(n);
    if (descending_) std::reverse(ids_.begin(), ids_.end());
    pos_ = 0;
    node_ = ids_[0];  // Decode rejects empty chunks
    return Status::Ok();
}

Status NodeIdCursor::Next() {
    if (!valid_) return Status::Ok();
    if (chunked_ && ++pos_ < ids_.size()) {
        node_ = ids_[pos_];
        return Status::Ok();
    }
    RETURN_IF_ERROR(descending_ ? cursor_.Prev() : cursor_.Next());
    return Load();
}

Result<size_t> NodeIdCursor::NextBatch(uint64_t* out, size_t max) {
    size_t n = 0;
    if (chunked_) {
        while (n < max && valid_) {
            size_t take = std::min(max - n, ids_.size() - pos_);
            std::copy_n(ids_.data() + pos_, take, out + n);
            n += take;
            pos_ += take - 1;  // Next() moves past the last one copied
            RETURN_IF_ERROR(Next());
        }
        return n;
    }
    while (n < max && valid_) {
        out[n++] = node_;
        RETURN_IF_ERROR(Next());
    }
    return n;
}

std::string LabelIndex::PairKey(uint32_t label, uint64_t node) {
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
    RETURN_IF_ERROR(CheckNode(node));
    std::string key = ChunkKey(label, node >> label_chunk::kShift);
    ASSIGN_OR_RETURN(std::optional<std::string> value, BTree::Get(w, root_, key));
    label_chunk::Bits bits{};
    if (value) RETURN_IF_ERROR(label_chunk::Decode(*value, &bits));
    if (value && TestBit(bits, node)) return Status::Ok();
    SetBit(&bits, node, true);
    std::string encoded;
    label_chunk::Encode(bits, &encoded);
    return BTree::Insert(w, root_, key, encoded);
}

Result<bool> LabelIndex::Remove(storage::PageWriter* w, uint32_t label, uint64_t node) const {
    if (node > kMaxNode) return false;
    std::string key = ChunkKey(label, node >> label_chunk::kShift);
    ASSIGN_OR_RETURN(std::optional<std::string> value, BTree::Get(w, root_, key));
    if (!value) return false;
    label_chunk::Bits bits;
    RETURN_IF_ERROR(label_chunk::Decode(*value, &bits));
    if (!TestBit(bits, node)) return false;
    SetBit(&bits, node, false);
    if (label_chunk::Empty(bits)) return BTree::Erase(w, root_, key);
    std::string encoded;
    label_chunk::Encode(bits, &encoded);
    RETURN_IF_ERROR(BTree::Insert(w, root_, key, encoded));
    return true;
}

Result<bool> LabelIndex::Contains(storage::PageReader* r, uint32_t label, uint64_t node) const {
    if (node > kMaxNode) return false;
    ASSIGN_OR_RETURN(auto value,
                     BTree::Get(r, root_, ChunkKey(label, node >> label_chunk::kShift)));
    if (!value) return false;
    label_chunk::Bits bits;
    RETURN_IF_ERROR(label_chunk::Decode(*value, &bits));
    return TestBit(bits, node);
}

Status LabelIndex::BulkLoad(storage::PageWriter* w,
                            std::vector<std::pair<uint32_t, uint64_t>> entries) const {
    std::sort(entries.begin(), entries.end());
    Loader loader(w, *this);
    Status st;
    for (const auto& [label, node] : entries) {
        st = loader.Add(label, node);
        if (!st.ok()) break;
    }
    if (st.ok()) st = loader.Finish();
    if (!st.ok()) loader.Abandon().IgnoreError();  // the first error is the one to report
    return st;
}

Status LabelIndex::Loader::Add(uint32_t label, uint64_t node) {
    RETURN_IF_ERROR(CheckNode(node));
    std::pair<uint32_t, uint64_t> e{label, node};
    if (any_ && e == last_) return Status::Ok();
    if (any_ && e < last_) {
        return Status(StatusCode::kInvalidArgument, "label index entries out of order");
    }
    if (any_ && (label != last_.first ||
                 (node >> label_chunk::kShift) != (last_.second >> label_chunk::kShift))) {
        RETURN_IF_ERROR(Flush());
    }
    any_ = true;
    last_ = e;
    SetBit(&bits_, node, true);
    return Status::Ok();
}

Status LabelIndex::Loader::Flush() {
    label_chunk::Encode(bits_, &value_);
    bits_.fill(0);
    return builder_.Add(ChunkKey(last_.first, last_.second >> label_chunk::kShift), value_);
}

Status LabelIndex::Loader::Finish() {
    if (any_ && !label_chunk::Empty(bits_)) RETURN_IF_ERROR(Flush());
    return builder_.Finish();
}

Result<NodeIdCursor> LabelIndex::Scan(storage::PageReader* r, uint32_t label,
                                      ScanOrder order) const {
    NodeIdCursor c(r, root_);
    c.chunked_ = true;
    std::string prefix = LabelPrefix(label);
    RETURN_IF_ERROR(c.Start(prefix, PrefixSuccessor(prefix), order));
    return c;
}

Result<uint64_t> LabelIndex::Count(storage::PageReader* r, uint32_t label) const {
    BTree::Cursor c(r, root_);
    RETURN_IF_ERROR(c.SeekPrefix(LabelPrefix(label)));
    uint64_t n = 0;
    label_chunk::Bits bits;
    while (c.Valid()) {
        uint32_t l;
        uint64_t chunk;
        RETURN_IF_ERROR(ParseKey(c.key(), &l, &chunk));
        RETURN_IF_ERROR(label_chunk::Decode(c.value(), &bits));
        n += label_chunk::Count(bits);
        RETURN_IF_ERROR(c.Next());
    }
    return n;
}

Status LabelIndex::ForEach(storage::PageReader* r,
                           const std::function<void(uint32_t, uint64_t)>& fn) const {
    BTree::Cursor c(r, root_);
    RETURN_IF_ERROR(c.SeekToFirst());
    label_chunk::Bits bits;
    std::vector<uint64_t> ids(label_chunk::kIds);
    while (c.Valid()) {
        uint32_t label;
        uint64_t chunk;
        RETURN_IF_ERROR(ParseKey(c.key(), &label, &chunk));
        Status st = label_chunk::Decode(c.value(), &bits);
        if (!st.ok()) {
            return Status(st.code(), st.message() + " (label " + std::to_string(label) +
                                         ", ids from " +
                                         std::to_string(chunk << label_chunk::kShift) + ")");
        }
        size_t n = 0;
        label_chunk::AppendIds(bits, chunk, ids.data(), &n);
        for (size_t i = 0; i < n; ++i) fn(label, ids[i]);
        RETURN_IF_ERROR(c.Next());
    }
    return Status::Ok();
}

}  // namespace nexus::index
