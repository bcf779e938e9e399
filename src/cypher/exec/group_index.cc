// Flat hash tables for aggregation keys and DISTINCT sets.
#include "cypher/exec/group_index.h"

#include <cmath>

#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

constexpr uint64_t kEmpty = ~uint64_t{0};
constexpr size_t kInitialSlots = 16;

// splitmix64's finalizer: ids are dense, so the low bits alone would cluster.
uint64_t MixBits(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

// Bytes a string key costs in a node-based table, roughly.
size_t StringEntryBytes(const std::string& s) {
    return sizeof(std::string) + s.size() + 32;
}

}  // namespace

Status FlatU64Set::Grow(ExecContext& ctx) {
    size_t cap = slots_.empty() ? kInitialSlots : slots_.size() * 2;
    RETURN_IF_ERROR(ctx.Charge((cap - slots_.size()) * sizeof(uint64_t)));
    std::vector<uint64_t> old(cap, kEmpty);
    old.swap(slots_);
    const size_t mask = cap - 1;
    for (uint64_t v : old) {
        if (v == kEmpty) continue;
        size_t i = MixBits(v) & mask;
        while (slots_[i] != kEmpty) i = (i + 1) & mask;
        slots_[i] = v;
    }
    return Status::Ok();
}

Result<bool> FlatU64Set::Insert(uint64_t v, ExecContext& ctx) {
    if (v == kEmpty) {
        if (has_empty_) return false;
        has_empty_ = true;
        return true;
    }
    if ((size_ + 1) * 4 > slots_.size() * 3) RETURN_IF_ERROR(Grow(ctx));
    const size_t mask = slots_.size() - 1;
    size_t i = MixBits(v) & mask;
    while (slots_[i] != kEmpty) {
        if (slots_[i] == v) return false;
        i = (i + 1) & mask;
    }
    slots_[i] = v;
    ++size_;
    return true;
}

Status FlatU64Map::Grow(ExecContext& ctx) {
    size_t cap = slots_.empty() ? kInitialSlots : slots_.size() * 2;
    RETURN_IF_ERROR(ctx.Charge((cap - slots_.size()) * sizeof(Slot)));
    std::vector<Slot> old(cap, Slot{0, 0, false});
    old.swap(slots_);
    const size_t mask = cap - 1;
    for (const Slot& s : old) {
        if (!s.used) continue;
        size_t i = MixBits(s.key) & mask;
        while (slots_[i].used) i = (i + 1) & mask;
        slots_[i] = s;
    }
    return Status::Ok();
}

Result<bool> FlatU64Map::FindOrInsert(uint64_t key, uint32_t fresh, uint32_t* value,
                                      ExecContext& ctx) {
    if ((size_ + 1) * 4 > slots_.size() * 3) RETURN_IF_ERROR(Grow(ctx));
    const size_t mask = slots_.size() - 1;
    size_t i = MixBits(key) & mask;
    while (slots_[i].used) {
        if (slots_[i].key == key) {
            *value = slots_[i].value;
            return false;
        }
        i = (i + 1) & mask;
    }
    slots_[i] = Slot{key, fresh, true};
    ++size_;
    *value = fresh;
    return true;
}

bool FlatU64Map::Find(uint64_t key, uint32_t* value) const {
    if (slots_.empty()) return false;
    const size_t mask = slots_.size() - 1;
    for (size_t i = MixBits(key) & mask; slots_[i].used; i = (i + 1) & mask) {
        if (slots_[i].key == key) {
            *value = slots_[i].value;
            return true;
        }
    }
    return false;
}

FlatKind FlatKey(const Value& v, uint64_t* key) {
    switch (v.kind()) {
        case ValueKind::kInt:
            *key = static_cast<uint64_t>(v.as_int());
            return FlatKind::kInt;
        case ValueKind::kFloat: {
            // An integral float is equivalent to the integer it equals (compared exactly).
            const double d = v.as_float();
            if (d == std::trunc(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
                *key = static_cast<uint64_t>(static_cast<int64_t>(d));
                return FlatKind::kInt;
            }
            return FlatKind::kNone;
        }
        case ValueKind::kNode:
            *key = static_cast<uint64_t>(v.as_node().id);
            return FlatKind::kNode;
        default:
            return FlatKind::kNone;
    }
}

size_t ValueHash::operator()(const Value& v) const {
    return Hash(v);
}
bool ValueEq::operator()(const Value& a, const Value& b) const {
    return Equivalent(a, b);
}
size_t ValuesHash::operator()(const std::vector<Value>& k) const {
    size_t h = 0;
    for (const Value& v : k) h = h * 31 + Hash(v);
    return h;
}
bool ValuesEq::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    for (size_t i = 0; i < a.size(); ++i) {
        if (!Equivalent(a[i], b[i])) return false;
    }
    return true;
}

Result<bool> DistinctSet::Insert(const Value& v, ExecContext& ctx) {
    uint64_t key = 0;
    switch (FlatKey(v, &key)) {
        case FlatKind::kInt:
            return ints_.Insert(key, ctx);
        case FlatKind::kNode:
            return nodes_.Insert(key, ctx);
        case FlatKind::kNone:
            break;
    }
    if (v.is_string()) {
        if (strings_.count(v.as_string())) return false;
        RETURN_IF_ERROR(ctx.Charge(StringEntryBytes(v.as_string())));
        strings_.insert(v.as_string());
        return true;
    }
    if (others_.count(v)) return false;
    RETURN_IF_ERROR(ctx.Charge(ApproxSize(v)));
    others_.insert(v);
    return true;
}

Result<bool> GroupIndex::FindOrInsert(const std::vector<Value>& key, uint32_t fresh,
                                      uint32_t* group, ExecContext& ctx) {
    if (num_keys_ == 1) {
        const Value& v = key[0];
        uint64_t flat = 0;
        switch (FlatKey(v, &flat)) {
            case FlatKind::kInt:
                return ints_.FindOrInsert(flat, fresh, group, ctx);
            case FlatKind::kNode:
                return nodes_.FindOrInsert(flat, fresh, group, ctx);
            case FlatKind::kNone:
                break;
        }
        if (v.is_string()) {
            auto it = strings_.find(v.as_string());
            if (it != strings_.end()) {
                *group = it->second;
                return false;
            }
            RETURN_IF_ERROR(ctx.Charge(StringEntryBytes(v.as_string())));
            strings_.emplace(v.as_string(), fresh);
            *group = fresh;
            return true;
        }
    }
    auto it = others_.find(key);
    if (it != others_.end()) {
        *group = it->second;
        return false;
    }
    RETURN_IF_ERROR(ctx.Charge(ApproxSize(key)));
    others_.emplace(key, fresh);
    *group = fresh;
    return true;
}

}  // namespace nexus::cypher::exec
