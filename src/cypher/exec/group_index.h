// Hash structures for aggregation and DISTINCT that avoid a heap-allocated key per row:
// flat open-addressing tables for 64-bit keys (integers and node ids), string tables, and a
// Value-keyed fallback for everything else. Keys follow Cypher equivalence (1 and 1.0 are
// one key). Each structure charges its growth to the query's memory budget.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cypher/exec/context.h"

namespace nexus::cypher::exec {

// A set of 64-bit values with linear probing.
class FlatU64Set {
  public:
    // True when `v` was absent (and is now present). Charges `ctx` when the table grows.
    Result<bool> Insert(uint64_t v, ExecContext& ctx);
    size_t size() const { return size_ + (has_empty_ ? 1 : 0); }
    size_t bytes() const { return slots_.size() * sizeof(uint64_t); }

  private:
    Status Grow(ExecContext& ctx);

    std::vector<uint64_t> slots_;
    size_t size_ = 0;
    bool has_empty_ = false;  // the value used to mark an empty slot
};

// A map from 64-bit keys to 32-bit values with linear probing.
class FlatU64Map {
  public:
    // Points *value at the value stored for `key`, inserting `fresh` when absent; returns true
    // when it inserted.
    Result<bool> FindOrInsert(uint64_t key, uint32_t fresh, uint32_t* value, ExecContext& ctx);
    // True, with *value set, when `key` is present.
    bool Find(uint64_t key, uint32_t* value) const;
    size_t bytes() const { return slots_.size() * sizeof(Slot); }

  private:
    struct Slot {
        uint64_t key;
        uint32_t value;
        bool used;
    };
    Status Grow(ExecContext& ctx);

    std::vector<Slot> slots_;
    size_t size_ = 0;
};

// A Value's flat key, when it has one: integers (and floats equal to an integer) and node
// ids. Equivalent values get equal keys within a kind.
enum class FlatKind : uint8_t { kNone, kInt, kNode };
FlatKind FlatKey(const Value& v, uint64_t* key);

struct ValueHash {
    size_t operator()(const Value& v) const;
};
struct ValueEq {
    bool operator()(const Value& a, const Value& b) const;
};
struct ValuesHash {
    size_t operator()(const std::vector<Value>& k) const;
};
struct ValuesEq {
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

// The set behind DISTINCT aggregates: seen values, stored flat where the kind allows.
class DistinctSet {
  public:
    // True when no equivalent value was inserted before.
    Result<bool> Insert(const Value& v, ExecContext& ctx);

  private:
    FlatU64Set ints_, nodes_;
    std::unordered_set<std::string> strings_;
    std::unordered_set<Value, ValueHash, ValueEq> others_;
};

// Grouping keys -> group number. One key of a flat kind or a string is looked up without
// building a key vector; other keys go through a vector looked up from a reused buffer.
class GroupIndex {
  public:
    explicit GroupIndex(size_t num_keys) : num_keys_(num_keys) {}
    // Looks up `key` (num_keys values). When absent, records it as group `fresh`. Points
    // *group at the group's number; returns true when it inserted.
    Result<bool> FindOrInsert(const std::vector<Value>& key, uint32_t fresh, uint32_t* group,
                              ExecContext& ctx);

  private:
    size_t num_keys_;
    FlatU64Map ints_, nodes_;
    std::unordered_map<std::string, uint32_t> strings_;
    std::unordered_map<std::vector<Value>, uint32_t, ValuesHash, ValuesEq> others_;
};

}  // namespace nexus::cypher::exec
