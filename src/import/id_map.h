// External id -> node id maps of one id space. Integer ids go in an open-addressing table
// (one probe in the common case, no allocation per entry); string ids in a hash map that
// can be searched with a string_view, so a lookup allocates nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/graph.h"

namespace nexus::import {

class IntIdMap {
  public:
    // False (and nothing changed) when `key` is already present.
    bool Insert(int64_t key, graph::NodeId value) {
        if ((size_ + 1) * 2 > slots_.size()) Grow();
        size_t i = Find(key);
        if (slots_[i].used) return false;
        slots_[i] = Slot{key, value, true};
        ++size_;
        return true;
    }
    const graph::NodeId* Get(int64_t key) const {
        if (slots_.empty()) return nullptr;
        const Slot& s = slots_[Find(key)];
        return s.used ? &s.value : nullptr;
    }

  private:
    struct Slot {
        int64_t key = 0;
        graph::NodeId value = 0;
        bool used = false;
    };
    static uint64_t Hash(int64_t key) {
        uint64_t h = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ULL;
        return h ^ (h >> 29);
    }
    size_t Find(int64_t key) const {
        size_t mask = slots_.size() - 1;
        for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
            if (!slots_[i].used || slots_[i].key == key) return i;
        }
    }
    void Grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        for (const Slot& s : old) {
            if (s.used) slots_[Find(s.key)] = s;
        }
    }

    std::vector<Slot> slots_;
    size_t size_ = 0;
};

struct StringIdHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

using StringIdMap = std::unordered_map<std::string, graph::NodeId, StringIdHash, std::equal_to<>>;

}  // namespace nexus::import
