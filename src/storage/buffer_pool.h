// BufferPool: the bounded cache of clean page images, keyed by (page id, version) where the
// version is the commit sequence of the WAL frame it came from (0 = the main-file image).
// CLOCK eviction; a page is pinned while any PageRef to it lives and is never evicted then.
// When every slot is pinned a page is served uncached, so the pool never exceeds its bound.
// Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "storage/page_store.h"

namespace nexus::storage {

using PageBuf = std::array<uint8_t, kPageSize>;

class BufferPool {
  public:
    // capacity_bytes / kPageSize slots (at least 8).
    explicit BufferPool(size_t capacity_bytes);

    // Fills a buffer on a miss; its error is returned and nothing is cached.
    using Loader = std::function<Status(uint8_t* out)>;
    // The cached page, or loads it (outside the pool lock) and caches it.
    Result<PageRef> Get(PageId id, uint64_t version, const Loader& load);
    // Caches an image the caller already has (a page just committed).
    void Put(PageId id, uint64_t version, std::shared_ptr<PageBuf> page);
    // Drops a cached image that no longer matches its source (main-file page rewritten).
    void Erase(PageId id, uint64_t version);

    size_t capacity_pages() const { return slots_.size(); }
    size_t cached_pages() const;
    uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
    uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }
    uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }

  private:
    struct Key {
        PageId id;
        uint64_t version;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            return std::hash<uint64_t>()(k.version * 0x9E3779B97F4A7C15ULL ^ k.id);
        }
    };
    struct Slot {
        Key key{0, 0};
        std::shared_ptr<PageBuf> page;  // null = empty slot
        bool referenced = false;
    };

    static PageRef Ref(const std::shared_ptr<PageBuf>& page) { return PageRef(page->data(), page); }
    // Inserts under mu_; returns false when every slot is pinned.
    bool InsertLocked(const Key& key, std::shared_ptr<PageBuf> page);

    mutable std::mutex mu_;
    std::vector<Slot> slots_;
    std::unordered_map<Key, size_t, KeyHash> map_;
    std::vector<size_t> free_slots_;
    size_t hand_ = 0;
    std::atomic<uint64_t> hits_{0};
    std::atomic<uint64_t> misses_{0};
    std::atomic<uint64_t> evictions_{0};
};

}  // namespace nexus::storage
