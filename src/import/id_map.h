// External id -> node id maps of one id space, kept while they fit the id maps' share of
// --max-memory (external_ids.h takes over past it). Integer ids: an open-addressing table of
// 16-byte slots. String ids: key bytes in 1 MiB arena blocks and an open-addressing table of
// 8-byte references, so an id costs its bytes plus ~28 and a lookup allocates nothing.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace nexus::import {

class IntIdMap {
  public:
    // False (and nothing changed) when `key` is already present.
    bool Insert(int64_t key, graph::NodeId value) {
        if ((size_ + 1) * 2 > slots_.size()) Grow();
        size_t i = Find(key);
        if (slots_[i].value1 != 0) return false;
        slots_[i] = Slot{key, value + 1};
        ++size_;
        return true;
    }
    bool Get(int64_t key, graph::NodeId* out) const {
        if (slots_.empty()) return false;
        const Slot& s = slots_[Find(key)];
        if (s.value1 == 0) return false;
        *out = s.value1 - 1;
        return true;
    }
    // Starts loading the slot a Get of `key` reads first: batched lookups issue these a few
    // keys ahead, since a map larger than the caches costs a miss per Get otherwise.
    void Prefetch(int64_t key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[Hash(key) & (slots_.size() - 1)]);
    }
    size_t size() const { return size_; }
    uint64_t bytes() const { return slots_.size() * sizeof(Slot); }
    // Bytes held after `more` inserts of new keys.
    uint64_t BytesAfter(size_t more) const {
        return size_ == 0 ? 0 : Slots(size_ + more) * sizeof(Slot);
    }
    template <typename Fn>
    void ForEach(Fn fn) const {
        for (const Slot& s : slots_) {
            if (s.value1 != 0) fn(s.key, s.value1 - 1);
        }
    }

  private:
    size_t Slots(size_t n) const {
        size_t s = slots_.size();
        while (n * 2 > s) s = s == 0 ? 1024 : s * 2;
        return s;
    }
    struct Slot {
        int64_t key = 0;
        uint64_t value1 = 0;  // node id + 1; 0: empty
    };
    static uint64_t Hash(int64_t key) {
        uint64_t h = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ULL;
        return h ^ (h >> 29);
    }
    size_t Find(int64_t key) const {
        size_t mask = slots_.size() - 1;
        for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
            if (slots_[i].value1 == 0 || slots_[i].key == key) return i;
        }
    }
    void Grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        for (const Slot& s : old) {
            if (s.value1 != 0) slots_[Find(s.key)] = s;
        }
    }

    std::vector<Slot> slots_;
    size_t size_ = 0;
};

class StringIdMap {
  public:
    // False (and nothing changed) when `key` is already present.
    bool Insert(std::string_view key, graph::NodeId value) {
        if ((size_ + 1) * 2 > slots_.size()) Grow();
        uint64_t h = Hash(key);
        size_t i = Find(key, h);
        if (slots_[i] != 0) return false;
        slots_[i] = (Tag(h) << kRefBits) | (Append(key, value) + 1);
        ++size_;
        return true;
    }
    bool Get(std::string_view key, graph::NodeId* out) const {
        if (slots_.empty()) return false;
        uint64_t s = slots_[Find(key, Hash(key))];
        if (s == 0) return false;
        std::memcpy(out, Entry(s), sizeof(*out));
        return true;
    }
    // As IntIdMap::Prefetch (the slot only; the entry it points to is read by Get).
    void Prefetch(std::string_view key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[Hash(key) & (slots_.size() - 1)]);
    }
    size_t size() const { return size_; }
    uint64_t bytes() const { return slots_.size() * sizeof(uint64_t) + arena_bytes_; }
    // Bytes held after `more` inserts of new keys (of about the average length so far).
    uint64_t BytesAfter(size_t more) const {
        if (size_ == 0) return 0;
        uint64_t arena =
            std::max<uint64_t>(arena_bytes_, used_total_ + more * (used_total_ / size_));
        return Slots(size_ + more, slots_.size()) * sizeof(uint64_t) + arena;
    }
    template <typename Fn>
    void ForEach(Fn fn) const {
        for (uint64_t s : slots_) {
            if (s == 0) continue;
            graph::NodeId id;
            std::memcpy(&id, Entry(s), sizeof(id));
            fn(Key(s), id);
        }
    }

  private:
    // An entry: node id (8 bytes), key length (4), key bytes. A reference: block index above
    // kPosBits, offset in the block below; a slot: 16 tag bits of the hash, reference + 1.
    static constexpr int kPosBits = 20;
    static constexpr int kRefBits = 48;
    static constexpr size_t kBlock = size_t{1} << kPosBits;
    static constexpr uint64_t kRefMask = (uint64_t{1} << kRefBits) - 1;

    static size_t Slots(size_t n, size_t s) {
        while (n * 2 > s) s = s == 0 ? 1024 : s * 2;
        return s;
    }
    static uint64_t Hash(std::string_view s) { return std::hash<std::string_view>()(s); }
    static uint64_t Tag(uint64_t h) { return h >> kRefBits; }
    const char* Entry(uint64_t slot) const {
        uint64_t ref = (slot & kRefMask) - 1;
        return blocks_[ref >> kPosBits].get() + (ref & (kBlock - 1));
    }
    std::string_view Key(uint64_t slot) const {
        const char* e = Entry(slot);
        uint32_t len;
        std::memcpy(&len, e + 8, sizeof(len));
        return std::string_view(e + 12, len);
    }
    size_t Find(std::string_view key, uint64_t h) const {
        size_t mask = slots_.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            uint64_t s = slots_[i];
            if (s == 0 || ((s >> kRefBits) == Tag(h) && Key(s) == key)) return i;
        }
    }
    uint64_t Append(std::string_view key, graph::NodeId value) {
        size_t need = 12 + key.size();
        if (blocks_.empty() || used_ + need > kBlock) {
            // A key longer than a block gets a block of its own.
            size_t size = std::max(kBlock, need);
            blocks_.emplace_back(new char[size]);
            arena_bytes_ += size;
            used_ = 0;
        }
        char* e = blocks_.back().get() + used_;
        uint32_t len = static_cast<uint32_t>(key.size());
        std::memcpy(e, &value, 8);
        std::memcpy(e + 8, &len, 4);
        std::memcpy(e + 12, key.data(), key.size());
        uint64_t ref = ((blocks_.size() - 1) << kPosBits) | used_;
        used_ += need;
        used_total_ += need;
        if (need > kBlock) used_ = kBlock;  // the oversized block is full
        return ref;
    }
    void Grow() {
        std::vector<uint64_t> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
        for (uint64_t s : old) {
            if (s != 0) slots_[Find(Key(s), Hash(Key(s)))] = s;
        }
    }

    std::vector<uint64_t> slots_;
    std::vector<std::unique_ptr<char[]>> blocks_;
    size_t used_ = 0;
    uint64_t arena_bytes_ = 0;
    uint64_t used_total_ = 0;  // entry bytes in the arena
    size_t size_ = 0;
};

}  // namespace nexus::import
