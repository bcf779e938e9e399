// Whole-tree walks: Destroy (free every page), Check (verify every invariant, count pages)
// and LeafPages (leaf ids in key order, for sampling).
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

}  // namespace nexus::index
