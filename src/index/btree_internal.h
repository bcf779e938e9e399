// Helpers shared by the B+tree source files (btree*.cc): the root-to-leaf path a write
// records on its way down, and checked page reads. Not part of the index API.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "index/btree_node.h"
#include "storage/page_store.h"

namespace nexus::index::internal {

struct PathEntry {
    PageId page = 0;
    int child = -1;  // index of the child followed (-1 = child 0); unused for the leaf
};

// Root first, leaf last. Levels strictly decrease on the way down, so kMaxLevel + 1 entries
// always suffice.
struct Path {
    std::array<PathEntry, node::kMaxLevel + 1> e;
    int size = 0;
};

inline Status BadChild(PageId parent, PageId child) {
    return Status(StatusCode::kCorruption, "btree page " + std::to_string(parent) +
                                               ": child page " + std::to_string(child) +
                                               " out of range");
}

inline Status BadNode(PageId id, const char* what) {
    return Status(StatusCode::kCorruption,
                  "btree page " + std::to_string(id) + ": " + std::string(what));
}

// Reads `id` and checks its header (expected_level < 0: any level).
Status ReadNode(storage::PageReader* r, PageId id, int expected_level, storage::PageRef* ref);

// The child of internal node `p` (page `id`) at `index`, range-checked against the store.
Status ChildOf(storage::PageReader* r, const uint8_t* p, PageId id, int index, PageId* child);

// Walks from `root` to the leaf that holds or would hold `key`.
Status Descend(storage::PageReader* r, PageId root, std::string_view key, Path* path);

// The shortest key s with a < s <= b (given a < b): separators in internal nodes stay short.
std::string ShortestSeparator(std::string_view a, std::string_view b);

// Cell bytes for an internal node entry.
std::string MakeInternalCell(std::string_view key, PageId child);

}  // namespace nexus::index::internal
