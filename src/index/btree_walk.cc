// Whole-tree operations: Destroy (free every page), Check (verify every invariant, count
// pages) and BulkLoad (build from sorted pairs bottom-up, each page filled left to right).
#include <unordered_set>

#include "index/btree.h"
#include "index/btree_internal.h"

namespace nexus::index {

namespace {

struct CheckState {
    storage::PageReader* r;
    BTree::Stats stats;
    std::vector<PageId> leaves;  // in key order
    std::unordered_set<PageId> seen;
};

Status CheckNode(CheckState* st, PageId id, int level, std::optional<std::string_view> lower,
                 std::optional<std::string_view> upper, bool is_root) {
    if (!st->seen.insert(id).second) return internal::BadNode(id, "reached twice");
    storage::PageRef ref;
    RETURN_IF_ERROR(internal::ReadNode(st->r, id, level, &ref));
    const uint8_t* p = ref.data();
    RETURN_IF_ERROR(node::CheckCells(p, id));
    const uint32_t n = node::Count(p);
    const bool leaf = node::IsLeaf(p);
    if (leaf && n == 0 && !is_root) return internal::BadNode(id, "empty leaf");
    st->stats.used_bytes += node::UsedBytes(p);
    std::vector<std::string_view> keys(n);
    std::vector<PageId> children;
    if (!leaf) children.push_back(node::Link(p));
    for (uint32_t i = 0; i < n; ++i) {
        PageId child = 0;
        if (leaf) {
            node::LeafCell(p, i, &keys[i], nullptr);
        } else {
            node::InternalCell(p, i, &keys[i], &child);
            children.push_back(child);
        }
        if (i > 0 && keys[i - 1] >= keys[i]) return internal::BadNode(id, "keys out of order");
        if ((lower && keys[i] < *lower) || (upper && keys[i] >= *upper)) {
            return internal::BadNode(id, "key outside its parent's range");
        }
    }
    if (leaf) {
        st->stats.entries += n;
        ++st->stats.leaf_pages;
        st->leaves.push_back(id);
        return Status::Ok();
    }
    ++st->stats.internal_pages;
    for (size_t c = 0; c < children.size(); ++c) {
        if (children[c] == storage::kHeaderPage || children[c] >= st->r->page_count()) {
            return internal::BadChild(id, children[c]);
        }
        auto lo = c == 0 ? lower : std::optional<std::string_view>(keys[c - 1]);
        auto hi = c == n ? upper : std::optional<std::string_view>(keys[c]);
        RETURN_IF_ERROR(CheckNode(st, children[c], level - 1, lo, hi, false));
    }
    return Status::Ok();
}

struct Child {
    std::string low;  // separator below this subtree (unused for the first one)
    PageId page;
};

// Packs `children` into internal nodes of `level`, left to right.
Status BuildLevel(storage::PageWriter* w, uint8_t level, const std::vector<Child>& children,
                  std::vector<Child>* parents) {
    uint8_t* p = nullptr;
    for (const Child& c : children) {
        std::string cell = internal::MakeInternalCell(c.low, c.page);
        if (p != nullptr && node::FreeSpace(p) >= cell.size() + 2) {
            node::InsertCell(p, node::Count(p), cell);
            continue;
        }
        ASSIGN_OR_RETURN(PageId id, w->Allocate());
        ASSIGN_OR_RETURN(p, w->Write(id));
        node::Init(p, node::kInternal, level, c.page);
        parents->push_back({c.low, id});
    }
    return Status::Ok();
}

}  // namespace

Status BTree::Destroy(storage::PageWriter* w, PageId root) {
    std::vector<std::pair<PageId, int>> stack{{root, -1}};
    std::unordered_set<PageId> seen;
    while (!stack.empty()) {
        auto [id, level] = stack.back();
        stack.pop_back();
        if (!seen.insert(id).second) return internal::BadNode(id, "reached twice");
        storage::PageRef ref;
        RETURN_IF_ERROR(internal::ReadNode(w, id, level, &ref));
        const uint8_t* p = ref.data();
        if (!node::IsLeaf(p)) {
            for (int i = -1; i < static_cast<int>(node::Count(p)); ++i) {
                PageId child = 0;
                RETURN_IF_ERROR(internal::ChildOf(w, p, id, i, &child));
                stack.push_back({child, node::Level(p) - 1});
            }
        }
        RETURN_IF_ERROR(w->Free(id));
    }
    return Status::Ok();
}

Result<BTree::Stats> BTree::Check(storage::PageReader* r, PageId root) {
    CheckState st{r, {}, {}, {}};
    RETURN_IF_ERROR(CheckNode(&st, root, -1, std::nullopt, std::nullopt, true));
    storage::PageRef ref;
    RETURN_IF_ERROR(internal::ReadNode(r, root, -1, &ref));
    st.stats.height = node::Level(ref.data()) + 1u;
    for (size_t i = 0; i < st.leaves.size(); ++i) {
        RETURN_IF_ERROR(internal::ReadNode(r, st.leaves[i], 0, &ref));
        PageId want = i + 1 < st.leaves.size() ? st.leaves[i + 1] : 0;
        if (node::Link(ref.data()) != want) return internal::BadNode(st.leaves[i], "bad leaf link");
    }
    return st.stats;
}

Result<std::vector<PageId>> BTree::LeafPages(storage::PageReader* r, PageId root) {
    std::vector<PageId> level{root};
    int expected = -1;
    for (;;) {
        std::vector<PageId> below;
        for (PageId id : level) {
            storage::PageRef ref;
            RETURN_IF_ERROR(internal::ReadNode(r, id, expected, &ref));
            const uint8_t* p = ref.data();
            if (node::IsLeaf(p)) return level;  // every node of a level is a leaf or none is
            expected = node::Level(p);
            for (int i = -1; i < static_cast<int>(node::Count(p)); ++i) {
                PageId child;
                RETURN_IF_ERROR(internal::ChildOf(r, p, id, i, &child));
                below.push_back(child);
            }
        }
        if (below.empty()) return below;
        if (below.size() >= r->page_count()) return internal::BadNode(root, "pages shared");
        expected -= 1;
        level = std::move(below);
    }
}

Status BTree::BulkLoad(storage::PageWriter* w, PageId root,
                       const std::vector<std::pair<std::string, std::string>>& sorted) {
    {
        storage::PageRef ref;
        RETURN_IF_ERROR(internal::ReadNode(w, root, -1, &ref));
        if (!node::IsLeaf(ref.data()) || node::Count(ref.data()) != 0) {
            return Status(StatusCode::kInvalidArgument, "bulk load into a non-empty btree");
        }
    }
    std::vector<Child> level_nodes;
    uint8_t* leaf = nullptr;
    PageId leaf_id = 0;
    std::string cell;
    for (size_t i = 0; i < sorted.size(); ++i) {
        const auto& [key, value] = sorted[i];
        if (key.size() > kMaxKeySize || value.size() > kMaxValueSize) {
            return Status(StatusCode::kInvalidArgument,
                          "bulk load: entry " + std::to_string(i) + " too large");
        }
        if (i > 0 && !(sorted[i - 1].first < key)) {
            return Status(StatusCode::kInvalidArgument,
                          "bulk load: key " + std::to_string(i) + " not in ascending order");
        }
        cell.assign(node::kLeafCellHeader, '\0');
        node::Store16(reinterpret_cast<uint8_t*>(cell.data()), static_cast<uint32_t>(key.size()));
        node::Store16(reinterpret_cast<uint8_t*>(cell.data()) + 2,
                      static_cast<uint32_t>(value.size()));
        cell += key;
        cell += value;
        if (leaf == nullptr || node::FreeSpace(leaf) < cell.size() + 2) {
            ASSIGN_OR_RETURN(PageId id, w->Allocate());
            if (leaf != nullptr) node::SetLink(leaf, id);
            ASSIGN_OR_RETURN(leaf, w->Write(id));
            node::Init(leaf, node::kLeaf, 0, 0);
            leaf_id = id;
            std::string low =
                i == 0 ? std::string() : internal::ShortestSeparator(sorted[i - 1].first, key);
            level_nodes.push_back({std::move(low), leaf_id});
        }
        node::InsertCell(leaf, node::Count(leaf), cell);
    }
    if (level_nodes.empty()) return Status::Ok();
    for (uint8_t level = 1; level_nodes.size() > 1; ++level) {
        if (level > node::kMaxLevel) return internal::BadNode(root, "tree too deep");
        std::vector<Child> parents;
        RETURN_IF_ERROR(BuildLevel(w, level, level_nodes, &parents));
        level_nodes = std::move(parents);
    }
    // The top node moves into the root page, whose id the owner already holds.
    PageId top = level_nodes[0].page;
    storage::PageRef top_ref;
    RETURN_IF_ERROR(internal::ReadNode(w, top, -1, &top_ref));
    ASSIGN_OR_RETURN(uint8_t * rp, w->Write(root));
    std::memcpy(rp, top_ref.data(), node::kEnd);
    return w->Free(top);
}

}  // namespace nexus::index
