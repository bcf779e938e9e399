// CLOCK buffer pool (see buffer_pool.h). A slot is pinned when someone besides the pool holds
// its shared_ptr (use_count > 1); the hand skips pinned slots and clears reference bits.
#include "storage/buffer_pool.h"

#include <algorithm>

namespace nexus::storage {

BufferPool::BufferPool(size_t capacity_bytes) {
    size_t total = std::max<size_t>(8, capacity_bytes / kPageSize);
    size_t n = 1;
    while (n < 16 && total / (n * 2) >= 64) n *= 2;
    for (size_t i = 0; i < n; ++i) {
        auto shard = std::make_unique<Shard>();
        size_t slots = total / n + (i < total % n ? 1 : 0);
        shard->slots.resize(slots);
        for (size_t s = slots; s > 0; --s) shard->free_slots.push_back(s - 1);
        shard->map.Init(slots);
        shards_.push_back(std::move(shard));
    }
}

size_t BufferPool::capacity_pages() const {
    size_t n = 0;
    for (const auto& s : shards_) n += s->slots.size();
    return n;
}

size_t BufferPool::cached_pages() const {
    size_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard<std::mutex> l(s->mu);
        n += s->map.size();
    }
    return n;
}

uint64_t BufferPool::hits() const {
    uint64_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard<std::mutex> l(s->mu);
        n += s->hits;
    }
    return n;
}

uint64_t BufferPool::misses() const {
    uint64_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard<std::mutex> l(s->mu);
        n += s->misses;
    }
    return n;
}

uint64_t BufferPool::evictions() const {
    uint64_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard<std::mutex> l(s->mu);
        n += s->evictions;
    }
    return n;
}

Result<PageRef> BufferPool::Get(PageId id, uint64_t version, const Loader& load) {
    Key key{id, version};
    Shard& shard = ShardFor(key);
    {
        std::lock_guard<std::mutex> l(shard.mu);
        uint32_t at = shard.map.Find(key);
        if (at != SlotIndex::kAbsent) {
            Slot& slot = shard.slots[at];
            slot.referenced = true;
            ++shard.hits;
            return Ref(slot.page);
        }
        ++shard.misses;
    }
    auto page = std::make_shared<PageBuf>();
    RETURN_IF_ERROR(load(page->data()));
    std::lock_guard<std::mutex> l(shard.mu);
    uint32_t at = shard.map.Find(key);
    if (at != SlotIndex::kAbsent) return Ref(shard.slots[at].page);  // a racing load won
    InsertLocked(shard, key, page);
    return Ref(page);
}

void BufferPool::Put(PageId id, uint64_t version, std::shared_ptr<PageBuf> page) {
    Key key{id, version};
    Shard& shard = ShardFor(key);
    std::lock_guard<std::mutex> l(shard.mu);
    if (shard.map.Find(key) == SlotIndex::kAbsent) InsertLocked(shard, key, std::move(page));
}

void BufferPool::Erase(PageId id, uint64_t version) {
    Key key{id, version};
    Shard& shard = ShardFor(key);
    std::lock_guard<std::mutex> l(shard.mu);
    uint32_t at = shard.map.Find(key);
    if (at == SlotIndex::kAbsent) return;
    shard.slots[at].page.reset();
    shard.free_slots.push_back(at);
    shard.map.Erase(key);
}

void BufferPool::SlotIndex::Init(size_t capacity) {
    size_t n = 16;
    while (n < 2 * capacity) n *= 2;
    entries_.assign(n, Entry{});
    mask_ = n - 1;
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(n));
    size_ = 0;
}

uint32_t BufferPool::SlotIndex::Find(const Key& key) const {
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
        const Entry& e = entries_[i];
        if (e.slot == kAbsent) return kAbsent;
        if (e.id == key.id && e.version == key.version) return e.slot;
    }
}

void BufferPool::SlotIndex::Insert(const Key& key, uint32_t slot) {
    size_t i = Home(key);
    while (entries_[i].slot != kAbsent) i = (i + 1) & mask_;
    entries_[i] = Entry{key.id, slot, key.version};
    ++size_;
}

// Backward-shift deletion: later entries of the probe run move up so that no lookup
// stops early at the hole (no tombstones to clean up).
void BufferPool::SlotIndex::Erase(const Key& key) {
    size_t i = Home(key);
    for (;; i = (i + 1) & mask_) {
        const Entry& e = entries_[i];
        if (e.slot == kAbsent) return;
        if (e.id == key.id && e.version == key.version) break;
    }
    --size_;
    for (size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
        Entry& e = entries_[j];
        if (e.slot == kAbsent) break;
        size_t home = Home(Key{e.id, e.version});
        // e may fill the hole at i unless its home lies cyclically in (i, j].
        if (((j - home) & mask_) >= ((j - i) & mask_)) {
            entries_[i] = e;
            i = j;
        }
    }
    entries_[i] = Entry{};
}

bool BufferPool::InsertLocked(Shard& shard, const Key& key, std::shared_ptr<PageBuf> page) {
    size_t n = shard.slots.size();
    size_t victim = n;
    if (!shard.free_slots.empty()) {
        victim = shard.free_slots.back();
        shard.free_slots.pop_back();
    } else {
        // Two sweeps: the first may only clear reference bits.
        for (size_t step = 0; step < 2 * n; ++step) {
            Slot& slot = shard.slots[shard.hand];
            size_t at = shard.hand;
            shard.hand = (shard.hand + 1) % n;
            if (slot.page.use_count() > 1) continue;  // pinned by a PageRef
            if (slot.referenced) {
                slot.referenced = false;
                continue;
            }
            victim = at;
            break;
        }
        if (victim == n) return false;
        shard.map.Erase(shard.slots[victim].key);
        ++shard.evictions;
    }
    shard.slots[victim] = Slot{key, std::move(page), true};
    shard.map.Insert(key, static_cast<uint32_t>(victim));
    return true;
}

}  // namespace nexus::storage
