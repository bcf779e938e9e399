// BufferPool: the bounded cache of clean page images, keyed by (page id, version) where the
// version is the commit sequence of the WAL frame it came from (0 = the main-file image).
// CLOCK eviction; a page is pinned while any PageRef to it lives and is never evicted then.
// When every slot of a shard is pinned a page is served uncached, so the pool never exceeds
// its bound. Split into independently locked shards so concurrent readers rarely contend.
// Thread-safe.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/page_store.h"

namespace nexus::storage {

using PageBuf = std::array<uint8_t, kPageSize>;

class BufferPool {
  public:
    // capacity_bytes / kPageSize slots (at least 8), in up to 16 shards of >= 64 slots.
    explicit BufferPool(size_t capacity_bytes);

    // Fills a buffer on a miss; its error is returned and nothing is cached.
    using Loader = std::function<Status(uint8_t* out)>;
    // The cached page, or loads it (outside the pool lock) and caches it.
    Result<PageRef> Get(PageId id, uint64_t version, const Loader& load);
    // Caches an image the caller already has (a page just committed).
    void Put(PageId id, uint64_t version, std::shared_ptr<PageBuf> page);
    // Drops a cached image that no longer matches its source (main-file page rewritten).
    void Erase(PageId id, uint64_t version);

    size_t capacity_pages() const;
    size_t cached_pages() const;
    uint64_t hits() const;
    uint64_t misses() const;
    uint64_t evictions() const;

  private:
    struct Key {
        PageId id;
        uint64_t version;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            uint64_t h =
                (k.version * 0x9E3779B97F4A7C15ULL) ^ (uint64_t{k.id} * 0xC2B2AE3D27D4EB4FULL);
            return static_cast<size_t>(h ^ (h >> 29));
        }
    };
    // Key -> slot index, open addressing with linear probing in one flat array (at most
    // half full). A lookup touches one or two cache lines; a node-based map cost a miss per
    // chain link, which showed as 16% of a single-node commit (docs/perf-graph.md).
    class SlotIndex {
      public:
        static constexpr uint32_t kAbsent = UINT32_MAX;
        void Init(size_t capacity);
        uint32_t Find(const Key& key) const;
        void Insert(const Key& key, uint32_t slot);  // key must be absent
        void Erase(const Key& key);
        size_t size() const { return size_; }

      private:
        struct Entry {
            PageId id = 0;
            uint32_t slot = kAbsent;  // kAbsent: empty
            uint64_t version = 0;
        };
        size_t Home(const Key& key) const {
            return (KeyHash()(key) * 0x9E3779B97F4A7C15ULL) >> shift_;
        }
        std::vector<Entry> entries_;
        size_t mask_ = 0;
        unsigned shift_ = 64;
        size_t size_ = 0;
    };
    struct Slot {
        Key key{0, 0};
        std::shared_ptr<PageBuf> page;  // null = empty slot
        bool referenced = false;
    };
    // One independently locked CLOCK cache; counters are guarded by its mutex.
    struct alignas(64) Shard {
        std::mutex mu;
        std::vector<Slot> slots;
        SlotIndex map;
        std::vector<size_t> free_slots;
        size_t hand = 0;
        uint64_t hits = 0;
        uint64_t misses = 0;
        uint64_t evictions = 0;
    };

    static PageRef Ref(const std::shared_ptr<PageBuf>& page) { return PageRef(page->data(), page); }
    Shard& ShardFor(const Key& key) { return *shards_[KeyHash()(key) >> 7 & (shards_.size() - 1)]; }
    // Inserts under shard.mu; returns false when every slot is pinned.
    static bool InsertLocked(Shard& shard, const Key& key, std::shared_ptr<PageBuf> page);

    std::vector<std::unique_ptr<Shard>> shards_;  // a power of two
};

}  // namespace nexus::storage
