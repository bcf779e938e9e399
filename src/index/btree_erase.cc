// B+tree erase: removes the cell, frees emptied nodes (fixing the leaf chain), merges a sparse
// node into a sibling under the same parent, and shrinks the root when it has one child.
// Every page a tree stops using is freed, so an emptied tree is back to its root page.
#include <string>

#include "index/btree.h"
#include "index/btree_internal.h"

namespace nexus::index {

namespace {

using internal::Path;

// Merge only when the result stays well below full, so erase/insert cycles do not thrash.
constexpr uint32_t kMergeBelow = node::kEnd / 4;
constexpr uint32_t kMergedAtMost = node::kEnd * 3 / 4;

Status RemoveChild(storage::PageWriter* w, PageId root, Path* path, int depth);

// Rebuilds the root from its only child while it is an internal node without keys.
Status CollapseRoot(storage::PageWriter* w, PageId root) {
    for (;;) {
        ASSIGN_OR_RETURN(uint8_t * p, w->Write(root));
        if (node::IsLeaf(p) || node::Count(p) > 0) return Status::Ok();
        PageId child = 0;
        RETURN_IF_ERROR(internal::ChildOf(w, p, root, -1, &child));
        storage::PageRef ref;
        RETURN_IF_ERROR(internal::ReadNode(w, child, node::Level(p) - 1, &ref));
        std::memcpy(p, ref.data(), node::kEnd);
        RETURN_IF_ERROR(w->Free(child));
    }
}

// The leaf before the leaf at path depth `depth`, or 0 when it is the first leaf.
Status FindPrevLeaf(storage::PageReader* r, const Path& path, int depth, PageId* prev) {
    *prev = 0;
    for (int d = depth - 1; d >= 0; --d) {
        if (path.e[d].child < 0) continue;
        storage::PageRef ref;
        PageId id = path.e[d].page;
        RETURN_IF_ERROR(internal::ReadNode(r, id, -1, &ref));
        const uint8_t* p = ref.data();
        RETURN_IF_ERROR(internal::ChildOf(r, p, id, path.e[d].child - 1, &id));
        int level = node::Level(p) - 1;
        for (;;) {
            RETURN_IF_ERROR(internal::ReadNode(r, id, level, &ref));
            p = ref.data();
            if (node::IsLeaf(p)) {
                *prev = id;
                return Status::Ok();
            }
            RETURN_IF_ERROR(internal::ChildOf(r, p, id, int(node::Count(p)) - 1, &id));
            --level;
        }
    }
    return Status::Ok();
}

// Moves the node right of the path node at `depth` into it, or the path node into its left
// sibling, when both fit comfortably in one page; then drops the emptied page.
Status TryMerge(storage::PageWriter* w, PageId root, Path* path, int depth) {
    const PageId parent = path->e[depth - 1].page;
    storage::PageRef parent_ref;
    RETURN_IF_ERROR(internal::ReadNode(w, parent, -1, &parent_ref));
    const uint8_t* pp = parent_ref.data();
    const int index = path->e[depth - 1].child;
    const int parent_count = static_cast<int>(node::Count(pp));
    int left_index;
    if (index + 1 < parent_count) {
        left_index = index;
    } else if (index >= 0) {
        left_index = index - 1;
    } else {
        return Status::Ok();  // an only child: nothing to merge with
    }
    PageId left_id, right_id;
    RETURN_IF_ERROR(internal::ChildOf(w, pp, parent, left_index, &left_id));
    RETURN_IF_ERROR(internal::ChildOf(w, pp, parent, left_index + 1, &right_id));
    std::string_view sep_key;
    PageId ignored;
    if (!node::InternalCell(pp, left_index + 1, &sep_key, &ignored)) {
        return node::CorruptCell(parent, left_index + 1);
    }
    const int level = node::Level(pp) - 1;
    storage::PageRef left_ref, right_ref;
    RETURN_IF_ERROR(internal::ReadNode(w, left_id, level, &left_ref));
    RETURN_IF_ERROR(internal::ReadNode(w, right_id, level, &right_ref));
    const uint8_t* rp = right_ref.data();
    RETURN_IF_ERROR(node::CheckCells(rp, right_id));
    RETURN_IF_ERROR(node::CheckCells(left_ref.data(), left_id));
    const bool leaf = node::IsLeaf(rp);
    std::string sep_cell =
        leaf ? std::string() : internal::MakeInternalCell(sep_key, node::Link(rp));
    uint32_t merged = node::LiveBytes(left_ref.data()) + node::LiveBytes(rp) - node::kHeaderSize;
    if (!leaf) merged += static_cast<uint32_t>(sep_cell.size()) + 2;
    if (merged > kMergedAtMost) return Status::Ok();

    ASSIGN_OR_RETURN(uint8_t * lp, w->Write(left_id));
    node::Compact(lp);
    uint32_t incoming = node::LiveBytes(rp) - node::kHeaderSize;
    if (!leaf) incoming += static_cast<uint32_t>(sep_cell.size()) + 2;
    if (node::FreeSpace(lp) < incoming) return internal::BadNode(left_id, "cells do not fit");
    uint32_t at = node::Count(lp);
    if (!leaf) node::InsertCell(lp, at++, sep_cell);
    for (uint32_t i = 0, n = node::Count(rp); i < n; ++i) {
        node::InsertCell(lp, at++, node::RawCell(rp, i));
    }
    if (leaf) node::SetLink(lp, node::Link(rp));
    RETURN_IF_ERROR(w->Free(right_id));
    path->e[depth - 1].child = left_index + 1;
    return RemoveChild(w, root, path, depth - 1);
}

// The path node at `depth` just lost a cell.
Status Rebalance(storage::PageWriter* w, PageId root, Path* path, int depth) {
    if (depth == 0) return CollapseRoot(w, root);
    const PageId id = path->e[depth].page;
    ASSIGN_OR_RETURN(uint8_t * p, w->Write(id));
    if (node::IsLeaf(p) && node::Count(p) == 0) {
        PageId prev;
        RETURN_IF_ERROR(FindPrevLeaf(w, *path, depth, &prev));
        if (prev != 0) {
            ASSIGN_OR_RETURN(uint8_t * prev_page, w->Write(prev));
            node::SetLink(prev_page, node::Link(p));
        }
        RETURN_IF_ERROR(w->Free(id));
        return RemoveChild(w, root, path, depth - 1);
    }
    if (node::UsedBytes(p) >= kMergeBelow) return Status::Ok();
    return TryMerge(w, root, path, depth);
}

// The internal path node at `depth` loses the child path->e[depth].child.
Status RemoveChild(storage::PageWriter* w, PageId root, Path* path, int depth) {
    const PageId id = path->e[depth].page;
    ASSIGN_OR_RETURN(uint8_t * p, w->Write(id));
    const int index = path->e[depth].child;
    if (node::Count(p) == 0) {
        if (depth == 0) {
            node::Init(p, node::kLeaf, 0, 0);  // the last entry is gone
            return Status::Ok();
        }
        RETURN_IF_ERROR(w->Free(id));
        return RemoveChild(w, root, path, depth - 1);
    }
    if (index < 0) {
        // Child 0 goes; cell 0's child takes its place (no key lies between them).
        std::string_view key;
        PageId child = 0;
        if (!node::InternalCell(p, 0, &key, &child)) return node::CorruptCell(id, 0);
        node::SetLink(p, child);
        node::RemoveCell(p, 0);
    } else {
        std::string_view key;
        PageId child = 0;
        if (!node::InternalCell(p, index, &key, &child)) return node::CorruptCell(id, index);
        node::RemoveCell(p, static_cast<uint32_t>(index));
    }
    return Rebalance(w, root, path, depth);
}

}  // namespace

Result<bool> BTree::Erase(storage::PageWriter* w, PageId root, std::string_view key) {
    if (key.size() > kMaxKeySize) return false;
    Path path;
    RETURN_IF_ERROR(internal::Descend(w, root, key, &path));
    const int depth = path.size - 1;
    const PageId leaf = path.e[depth].page;
    uint32_t pos;
    bool found;
    {
        storage::PageRef ref;
        RETURN_IF_ERROR(internal::ReadNode(w, leaf, 0, &ref));
        if (!node::LeafLowerBound(ref.data(), key, &pos, &found)) {
            return internal::BadNode(leaf, "corrupt cell");
        }
        if (!found) return false;
    }
    ASSIGN_OR_RETURN(uint8_t * p, w->Write(leaf));
    node::RemoveCell(p, pos);
    RETURN_IF_ERROR(Rebalance(w, root, &path, depth));
    return true;
}

}  // namespace nexus::index
