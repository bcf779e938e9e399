// PropertyIndex: nodes by the values of one or more properties (a single or composite range
// index), optionally unique. Keys: the order-preserving encoding (key_encoding.h) of each
// indexed value, then the node id (8 bytes BE); values empty. As in Neo4j, a node missing one
// of the properties (a null value) is not indexed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "index/label_index.h"
#include "nexus/value.h"

namespace nexus::index {

// Runtime statistics of one index, for the planner.
struct PropertyIndexStats {
    uint64_t entries = 0;
    uint64_t distinct_keys = 0;  // distinct value tuples
    bool sampled = false;        // estimates from a sample of the leaves
};

// A value type holding the root page id and whether the index is unique; the owner keeps
// both. The graph layer calls Add/Remove on every write of an indexed property.
class PropertyIndex {
  public:
    struct Bound {
        Value value;
        bool inclusive = true;
    };

    static Result<PropertyIndex> Create(storage::PageWriter* w, bool unique);
    // The B+tree key of one entry, for bulk loads (BTree::Builder) in key order; false when a
    // value is null (no entry). Entries of equal values are adjacent in key order, which is
    // how a bulk load checks uniqueness.
    static Result<bool> EntryKey(std::span<const Value> values, uint64_t node, std::string* key);
    // Fills this (empty) index from entry keys in any order, as EntryKey makes them: sorts
    // them, drops exact duplicates, and for a unique index fails with kConstraintViolation
    // when two nodes share values. The importer's path; `keys` is consumed.
    Status BulkLoad(storage::PageWriter* w, std::vector<std::string> keys) const;
    PropertyIndex(PageId root, bool unique) : root_(root), unique_(unique) {}
    PageId root() const { return root_; }
    bool unique() const { return unique_; }

    // Indexes `node` under `values` (one per indexed property, in index order). Does nothing
    // when a value is null. kConstraintViolation, naming the key, when the index is unique and
    // another node has the same values; kInvalidArgument for values that cannot be keys.
    Status Add(storage::PageWriter* w, std::span<const Value> values, uint64_t node) const;
    // False when the entry was not indexed.
    Result<bool> Remove(storage::PageWriter* w, std::span<const Value> values, uint64_t node) const;

    // Nodes whose indexed values equal `values` (1 and 1.0 are equal), ascending by id. A
    // prefix of the indexed properties may be given. Null or NaN values match nothing.
    Result<NodeIdCursor> Seek(storage::PageReader* r, std::span<const Value> values) const;
    // Nodes whose first indexed value v satisfies lower < v < upper (or <= when inclusive),
    // with Cypher comparison: only values comparable with the bounds (same type; all numbers
    // but NaN) match. Either bound may be null (unbounded), not both. Ordered by value (then
    // node id), or the reverse for kDescending (ORDER BY ... DESC).
    Result<NodeIdCursor> Range(storage::PageReader* r, const Bound* lower, const Bound* upper,
                               ScanOrder order = ScanOrder::kAscending) const;
    // Nodes whose first indexed value is a string starting with `prefix`.
    Result<NodeIdCursor> StartsWith(storage::PageReader* r, std::string_view prefix) const;

    // Estimates entries and distinct value tuples from up to `sample_leaves` leaves spread
    // evenly over the index (exact when the index has no more leaves than that): distinct
    // tuples = 1 + (share of adjacent entry pairs whose values differ) * (entries - 1).
    Result<PropertyIndexStats> Stats(storage::PageReader* r, uint32_t sample_leaves = 64) const;

    Status Destroy(storage::PageWriter* w) const { return BTree::Destroy(w, root_); }

  private:
    PageId root_;
    bool unique_;
};

}  // namespace nexus::index
