// BTree: a B+tree of byte-string keys (memcmp order) to byte-string values, stored in pages
// of the page seam (storage/page_store.h). Page format: docs/format/btree.md.
// The tree is stateless: every call names the page store and the root page, whose id never
// changes, so owners store it once. Reads go through a PageReader (a snapshot), writes through
// the PageWriter (copy-on-write pages), so the tree itself needs no latches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nexus/status.h"
#include "storage/page_store.h"

namespace nexus::index {

using storage::PageId;

class BTree {
  public:
    static constexpr size_t kMaxKeySize = 1024;
    static constexpr size_t kMaxValueSize = 512;

    // Creates an empty tree; returns its root page id.
    static Result<PageId> Create(storage::PageWriter* w);
    // Inserts or replaces. kInvalidArgument when the key or value is too long.
    static Status Insert(storage::PageWriter* w, PageId root, std::string_view key,
                         std::string_view value);
    // True when the key was present. Emptied pages are freed, sparse siblings merged.
    static Result<bool> Erase(storage::PageWriter* w, PageId root, std::string_view key);
    static Result<std::optional<std::string>> Get(storage::PageReader* r, PageId root,
                                                  std::string_view key);
    // Frees every page of the tree, root included.
    static Status Destroy(storage::PageWriter* w, PageId root);

    // Builds the tree at `root` (which must be empty) from pairs in strictly ascending key
    // order, filling pages left to right: the importer's fast path. See also Builder.
    static Status BulkLoad(storage::PageWriter* w, PageId root,
                           const std::vector<std::pair<std::string, std::string>>& sorted);

    // Streaming bulk load: Add() entries in strictly ascending key order, then Finish().
    // Leaves are written as entries arrive, so memory stays at one separator per leaf. The
    // tree is unusable until Finish() returns OK. The root stays an empty leaf until then, so
    // after an error Abandon() (not Destroy(), which would not reach the written pages).
    class Builder {
      public:
        Builder(storage::PageWriter* w, PageId root) : w_(w), root_(root) {}
        Status Add(std::string_view key, std::string_view value);
        Status Finish();
        // Frees every page written so far, leaving the root an empty leaf; for after a failed
        // Add() or Finish().
        Status Abandon();
        uint64_t entries() const { return entries_; }

      private:
        struct Child {
            std::string low;  // separator below this subtree (unused for the first)
            PageId page;
        };
        Status BuildLevel(uint8_t level, const std::vector<Child>& children,
                          std::vector<Child>* parents);

        storage::PageWriter* w_;
        PageId root_;
        uint8_t* leaf_ = nullptr;
        std::string last_key_;
        std::string cell_;
        uint64_t entries_ = 0;
        std::vector<Child> leaves_;
        std::vector<PageId> written_;  // every page allocated, until Finish() succeeds
    };

    struct Stats {
        uint64_t entries = 0;
        uint64_t leaf_pages = 0;
        uint64_t internal_pages = 0;
        uint32_t height = 0;  // 1 for a lone leaf
        uint64_t used_bytes = 0;
    };
    // Walks the whole tree, checking every node; kCorruption on the first bad one.
    static Result<Stats> Check(storage::PageReader* r, PageId root);
    // Ids of all leaf pages in key order, read from the internal nodes only (about 1% of the
    // tree): lets statistics sample leaves evenly.
    static Result<std::vector<PageId>> LeafPages(storage::PageReader* r, PageId root);

    // A cursor over one snapshot, forward (Seek/Next, following the leaf chain) or backward
    // (SeekForPrev/Prev, one descent per leaf). Keys and values it returns point into a pinned
    // page and stay valid until the next positioning call. The tree must not change while a
    // cursor on the same PageWriter is in use.
    class Cursor {
      public:
        Cursor(storage::PageReader* r, PageId root) : r_(r), root_(root) {}

        Status SeekToFirst() { return Seek(std::string_view(), true); }
        // Positions at the first entry of leaf page `leaf` (one of LeafPages()).
        Status SeekToLeaf(PageId leaf);
        // The leaf page the cursor is on (meaningful while Valid()).
        PageId leaf_page() const { return leaf_id_; }
        // Positions at the first key >= key (or > key when !inclusive).
        Status Seek(std::string_view key, bool inclusive = true);
        // Positions at the first key starting with `prefix` and bounds the scan to such keys
        // (replacing any upper bound).
        Status SeekPrefix(std::string_view prefix);
        // Stops the scan at `key` (exclusive unless `inclusive`); set before or after Seek.
        void SetUpperBound(std::string_view key, bool inclusive = false);
        void ClearUpperBound() { has_upper_ = false; }

        bool Valid() const { return valid_; }
        std::string_view key() const { return key_; }
        std::string_view value() const { return value_; }
        Status Next();

        // Backward: positions at the last key <= key (or < key when !inclusive).
        Status SeekForPrev(std::string_view key, bool inclusive = true);
        Status SeekToLast();
        Status Prev();
        // Stops a backward scan at `key` (inclusive unless !inclusive).
        void SetLowerBound(std::string_view key, bool inclusive = true);

      private:
        Status LoadLeaf(PageId id);
        // Positions at the last entry below `key` (<= when inclusive; everything if to_last).
        Status DescendBackward(std::string_view key, bool inclusive, bool to_last);
        Status SettleBackward();  // decodes the cell and applies the lower bound
        Status Settle();  // moves past exhausted leaves, decodes the cell, applies the bound

        storage::PageReader* r_;
        PageId root_;
        storage::PageRef leaf_;
        PageId leaf_id_ = 0;
        uint32_t index_ = 0;
        uint64_t leaves_seen_ = 0;
        bool valid_ = false;
        bool has_upper_ = false;
        bool upper_inclusive_ = false;
        bool has_lower_ = false;
        bool lower_inclusive_ = true;
        std::string upper_;
        std::string lower_;
        std::string scratch_;  // the current key, kept while Prev() re-descends
        std::string_view key_, value_;
    };
};

}  // namespace nexus::index
