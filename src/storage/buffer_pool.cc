// CLOCK buffer pool (see buffer_pool.h). A slot is pinned when someone besides the pool holds
// its shared_ptr (use_count > 1); the hand skips pinned slots and clears reference bits.
#include "storage/buffer_pool.h"

#include <algorithm>

namespace nexus::storage {

BufferPool::BufferPool(size_t capacity_bytes) {
    size_t n = std::max<size_t>(8, capacity_bytes / kPageSize);
    slots_.resize(n);
    free_slots_.reserve(n);
    for (size_t i = n; i > 0; --i) free_slots_.push_back(i - 1);
    map_.reserve(n);
}

size_t BufferPool::cached_pages() const {
    std::lock_guard<std::mutex> l(mu_);
    return map_.size();
}

Result<PageRef> BufferPool::Get(PageId id, uint64_t version, const Loader& load) {
    Key key{id, version};
    {
        std::lock_guard<std::mutex> l(mu_);
        auto it = map_.find(key);
        if (it != map_.end()) {
            Slot& slot = slots_[it->second];
            slot.referenced = true;
            hits_.fetch_add(1, std::memory_order_relaxed);
            return Ref(slot.page);
        }
    }
    misses_.fetch_add(1, std::memory_order_relaxed);
    auto page = std::make_shared<PageBuf>();
    RETURN_IF_ERROR(load(page->data()));
    std::lock_guard<std::mutex> l(mu_);
    auto it = map_.find(key);
    if (it != map_.end()) return Ref(slots_[it->second].page);  // another thread won the race
    InsertLocked(key, page);
    return Ref(page);
}

void BufferPool::Put(PageId id, uint64_t version, std::shared_ptr<PageBuf> page) {
    std::lock_guard<std::mutex> l(mu_);
    Key key{id, version};
    if (map_.count(key) == 0) InsertLocked(key, std::move(page));
}

void BufferPool::Erase(PageId id, uint64_t version) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = map_.find(Key{id, version});
    if (it == map_.end()) return;
    slots_[it->second].page.reset();
    free_slots_.push_back(it->second);
    map_.erase(it);
}

bool BufferPool::InsertLocked(const Key& key, std::shared_ptr<PageBuf> page) {
    size_t victim = slots_.size();
    if (!free_slots_.empty()) {
        victim = free_slots_.back();
        free_slots_.pop_back();
    } else {
        // Two sweeps: the first may only clear reference bits.
        for (size_t step = 0; step < 2 * slots_.size(); ++step) {
            Slot& slot = slots_[hand_];
            size_t at = hand_;
            hand_ = (hand_ + 1) % slots_.size();
            if (slot.page.use_count() > 1) continue;  // pinned by a PageRef
            if (slot.referenced) {
                slot.referenced = false;
                continue;
            }
            victim = at;
            break;
        }
        if (victim == slots_.size()) return false;
        map_.erase(slots_[victim].key);
        evictions_.fetch_add(1, std::memory_order_relaxed);
    }
    slots_[victim] = Slot{key, std::move(page), true};
    map_.emplace(key, victim);
    return true;
}

}  // namespace nexus::storage
