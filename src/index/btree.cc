// B+tree create, lookup and insert (with node splits). Erase lives in btree_erase.cc, cursors
// in btree_cursor.cc, bulk load in btree_bulk.cc, whole-tree walks in btree_walk.cc.
#include "index/btree.h"

#include <cstdlib>

#include "index/btree_internal.h"

namespace nexus::index {

namespace internal {

Status ReadNode(storage::PageReader* r, PageId id, int expected_level, storage::PageRef* ref) {
    ASSIGN_OR_RETURN(*ref, r->Read(id));
    return node::CheckHeader(ref->data(), id, expected_level);
}

Status ChildOf(storage::PageReader* r, const uint8_t* p, PageId id, int index, PageId* child) {
    if (!node::ChildAt(p, index, child)) return node::CorruptCell(id, index);
    if (*child == storage::kHeaderPage || *child >= r->page_count()) return BadChild(id, *child);
    return Status::Ok();
}

Status Descend(storage::PageReader* r, PageId root, std::string_view key, Path* path) {
    PageId id = root;
    int expected = -1;
    path->size = 0;
    for (;;) {
        storage::PageRef ref;
        RETURN_IF_ERROR(ReadNode(r, id, expected, &ref));
        const uint8_t* p = ref.data();
        path->e[path->size] = {id, -1};
        if (node::IsLeaf(p)) {
            ++path->size;
            return Status::Ok();
        }
        int index;
        if (!node::InternalChildIndex(p, key, &index)) return BadNode(id, "corrupt cell");
        path->e[path->size++].child = index;
        RETURN_IF_ERROR(ChildOf(r, p, id, index, &id));
        expected = node::Level(p) - 1;
    }
}

std::string MakeInternalCell(std::string_view key, PageId child) {
    std::string cell(node::kInternalCellHeader + key.size(), '\0');
    auto* p = reinterpret_cast<uint8_t*>(cell.data());
    node::Store16(p, static_cast<uint32_t>(key.size()));
    node::Store32(p + 2, child);
    if (!key.empty()) std::memcpy(p + node::kInternalCellHeader, key.data(), key.size());
    return cell;
}

// The shortest key s with a < s <= b (a < b), so internal nodes hold short separators.
std::string ShortestSeparator(std::string_view a, std::string_view b) {
    size_t common = 0;
    while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
    return std::string(b.substr(0, common + 1));
}

}  // namespace internal

namespace {

using internal::Path;

constexpr size_t kNodeCapacity = node::kEnd - node::kHeaderSize;

std::string_view LeafCellKey(std::string_view cell) {
    auto* p = reinterpret_cast<const uint8_t*>(cell.data());
    return cell.substr(node::kLeafCellHeader, node::Load16(p));
}

// Picks the first cell of the right half. Appends past the last cell keep the left page
// full (ascending inserts, e.g. new node ids, then fill pages completely); otherwise halves
// by bytes. Leaves keep >= 1 cell per side; internal nodes push cell s up, so either side may
// end up with only its child 0.
size_t ChooseSplit(const std::vector<std::string_view>& cells, size_t pos, bool leaf) {
    size_t n = cells.size();
    if (pos == n - 1) return n - 1;
    if (pos == 0) return leaf ? 1 : 0;
    size_t total = node::CellsBytes(cells.data(), n);
    size_t best = leaf ? 1 : 0, best_diff = SIZE_MAX, left = 0;
    for (size_t s = 0; s < n; ++s) {
        size_t right = total - left - (leaf ? 0 : cells[s].size() + 2);
        if (s >= (leaf ? 1u : 0u) && left <= kNodeCapacity && right <= kNodeCapacity) {
            size_t diff = left > right ? left - right : right - left;
            if (diff < best_diff) {
                best_diff = diff;
                best = s;
            }
        }
        left += cells[s].size() + 2;
    }
    return best;
}

// Splits the node `id` (writable image `p`) that cannot take `cell` at `pos`. Non-root nodes
// keep the left half in place and move the right half to a new page; the root moves both
// halves out and becomes their parent, so its page id never changes.
Status SplitNode(storage::PageWriter* w, PageId id, uint8_t* p, uint32_t pos, std::string_view cell,
                 bool is_root, std::string* sep, PageId* right_id) {
    std::array<uint8_t, storage::kPageSize> copy;
    std::memcpy(copy.data(), p, node::kEnd);
    const uint8_t* c = copy.data();
    const bool leaf = node::IsLeaf(c);
    const uint8_t level = node::Level(c);
    const uint32_t link = node::Link(c);
    const uint32_t n = node::Count(c);
    // An empty node always has room once compacted; a full-looking one has a damaged header.
    if (n == 0) return internal::BadNode(id, "bad cell area");
    std::vector<std::string_view> cells;
    cells.reserve(n + 1);
    for (uint32_t i = 0; i < n; ++i) {
        if (i == pos) cells.push_back(cell);
        cells.push_back(node::RawCell(c, i));
    }
    if (pos == n) cells.push_back(cell);

    size_t s = ChooseSplit(cells, pos, leaf);
    size_t right_begin = s;
    uint32_t right_link = link;  // leaf: the old next leaf; internal: set below
    if (leaf) {
        *sep = internal::ShortestSeparator(LeafCellKey(cells[s - 1]), LeafCellKey(cells[s]));
    } else {
        auto* raw = reinterpret_cast<const uint8_t*>(cells[s].data());
        *sep = std::string(cells[s].substr(node::kInternalCellHeader, node::Load16(raw)));
        right_link = node::Load32(raw + 2);
        right_begin = s + 1;
    }
    if (node::CellsBytes(cells.data(), s) > kNodeCapacity ||
        node::CellsBytes(cells.data() + right_begin, n + 1 - right_begin) > kNodeCapacity) {
        return internal::BadNode(id, "cells too large to split");  // only a damaged page
    }
    const uint8_t kind = leaf ? node::kLeaf : node::kInternal;
    ASSIGN_OR_RETURN(*right_id, w->Allocate());
    ASSIGN_OR_RETURN(uint8_t * rp, w->Write(*right_id));
    node::Build(rp, kind, level, right_link, cells.data() + right_begin, n + 1 - right_begin);
    if (!is_root) {
        node::Build(p, kind, level, leaf ? *right_id : link, cells.data(), s);
        return Status::Ok();
    }
    if (level + 1 > node::kMaxLevel) return internal::BadNode(id, "tree too deep");
    ASSIGN_OR_RETURN(PageId left_id, w->Allocate());
    ASSIGN_OR_RETURN(uint8_t * lp, w->Write(left_id));
    node::Build(lp, kind, level, leaf ? *right_id : link, cells.data(), s);
    node::Init(p, node::kInternal, level + 1, left_id);
    node::InsertCell(p, 0, internal::MakeInternalCell(*sep, *right_id));
    return Status::Ok();
}

// Inserts `cell` at slot `pos` of path node `depth`, splitting and pushing separators up as
// far as needed.
Status InsertAt(storage::PageWriter* w, const Path& path, int depth, uint32_t pos,
                std::string_view cell) {
    std::string carry;
    for (;;) {
        PageId id = path.e[depth].page;
        ASSIGN_OR_RETURN(uint8_t * p, w->Write(id));
        uint32_t need = static_cast<uint32_t>(cell.size()) + 2;
        if (node::FreeSpace(p) >= need) {
            node::InsertCell(p, pos, cell);
            return Status::Ok();
        }
        RETURN_IF_ERROR(node::CheckCells(p, id));
        if (node::FreeSpace(p) + node::Frag(p) >= need) {
            node::Compact(p);  // recomputes the free space, whatever `frag` claimed
            if (node::FreeSpace(p) >= need) {
                node::InsertCell(p, pos, cell);
                return Status::Ok();
            }
        }
        std::string sep;
        PageId right = 0;
        RETURN_IF_ERROR(SplitNode(w, id, p, pos, cell, depth == 0, &sep, &right));
        if (depth == 0) return Status::Ok();
        carry = internal::MakeInternalCell(sep, right);
        cell = carry;
        pos = static_cast<uint32_t>(path.e[depth - 1].child + 1);
        --depth;
    }
}

}  // namespace

Result<PageId> BTree::Create(storage::PageWriter* w) {
    ASSIGN_OR_RETURN(PageId root, w->Allocate());
    ASSIGN_OR_RETURN(uint8_t * p, w->Write(root));
    node::Init(p, node::kLeaf, 0, 0);
    return root;
}

Status BTree::Insert(storage::PageWriter* w, PageId root, std::string_view key,
                     std::string_view value) {
    if (key.size() > kMaxKeySize || value.size() > kMaxValueSize) {
        return Status(StatusCode::kInvalidArgument,
                      "btree entry too large: key " + std::to_string(key.size()) +
                          " bytes, value " + std::to_string(value.size()) + " bytes");
    }
    Path path;
    RETURN_IF_ERROR(internal::Descend(w, root, key, &path));
    int depth = path.size - 1;
    PageId leaf = path.e[depth].page;
    ASSIGN_OR_RETURN(uint8_t * p, w->Write(leaf));
    uint32_t pos;
    bool found;
    if (!node::LeafLowerBound(p, key, &pos, &found)) return internal::BadNode(leaf, "corrupt cell");
    if (found) {
        std::string_view old_key, old_value;
        node::LeafCell(p, pos, &old_key, &old_value);
        if (old_value.size() == value.size()) {
            if (!value.empty()) {
                std::memcpy(const_cast<char*>(old_value.data()), value.data(), value.size());
            }
            return Status::Ok();
        }
        node::RemoveCell(p, pos);
    }
    std::array<uint8_t, node::kLeafCellHeader + kMaxKeySize + kMaxValueSize> buf;
    node::Store16(buf.data(), static_cast<uint32_t>(key.size()));
    node::Store16(buf.data() + 2, static_cast<uint32_t>(value.size()));
    // Empty views may carry a null data(), which memcpy must not see.
    if (!key.empty()) std::memcpy(buf.data() + node::kLeafCellHeader, key.data(), key.size());
    if (!value.empty()) {
        std::memcpy(buf.data() + node::kLeafCellHeader + key.size(), value.data(), value.size());
    }
    std::string_view cell(reinterpret_cast<const char*>(buf.data()),
                          node::kLeafCellHeader + key.size() + value.size());
    return InsertAt(w, path, depth, pos, cell);
}

Result<std::optional<std::string>> BTree::Get(storage::PageReader* r, PageId root,
                                              std::string_view key) {
    PageId id = root;
    int expected = -1;
    for (;;) {
        storage::PageRef ref;
        RETURN_IF_ERROR(internal::ReadNode(r, id, expected, &ref));
        const uint8_t* p = ref.data();
        if (node::IsLeaf(p)) {
            uint32_t pos;
            bool found;
            if (!node::LeafLowerBound(p, key, &pos, &found)) {
                return internal::BadNode(id, "corrupt cell");
            }
            if (!found) return std::optional<std::string>();
            std::string_view k, v;
            node::LeafCell(p, pos, &k, &v);
            return std::optional<std::string>(std::string(v));
        }
        int index;
        if (!node::InternalChildIndex(p, key, &index)) return internal::BadNode(id, "corrupt cell");
        RETURN_IF_ERROR(internal::ChildOf(r, p, id, index, &id));
        expected = node::Level(p) - 1;
    }
}

}  // namespace nexus::index
