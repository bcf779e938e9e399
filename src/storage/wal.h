// Wal: the write-ahead log file (path + "-wal") and its in-memory index. A commit appends one
// frame per dirty page, the last one flagged as the commit; the index maps each page to its
// frames so a snapshot finds the newest version at or before its commit sequence.
// Layout: docs/format/wal.md.
// Thread-safety: Append/Reset/Sync are called by the single writer (or the checkpointer
// holding the writer's place); Lookup/ReadPage may run concurrently from readers. Reset must
// not overlap a reader's Lookup+ReadPage pair: the pager serialises them with its reset lock.
#pragma once

#include <atomic>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "io/env.h"
#include "storage/format.h"

namespace nexus::storage {

class Wal {
  public:
    // Opens (creating when missing and writable) and recovers the log: every complete
    // committed transaction is indexed, an incomplete tail is dropped (and truncated away when
    // writable). A bad frame followed by valid frames of the same generation is kCorruption
    // naming the file and offset. `base_seq` seeds a newly created log.
    static Result<std::unique_ptr<Wal>> Open(io::Env* env, const std::string& path, bool read_only,
                                             uint64_t base_seq);

    // Appends a transaction's frames (sorted by page) at the end and indexes them. Not synced.
    // `assume_ordered` (OFF mode, which never syncs) marks every earlier frame as durable, so
    // any later damage before them is reported as corruption.
    Status Append(const std::vector<std::pair<PageId, const uint8_t*>>& pages, uint64_t seq,
                  uint32_t db_size, bool assume_ordered = false);
    Status Sync();
    // When an append would grow the file, first extend it by at least `bytes` of zeros (0: grow
    // by each append). An fdatasync after an append that grew the file also commits the size
    // change to the file system journal; appends into bytes already written do not. Zeros never
    // validate as a frame, so recovery stops at them like at a torn tail.
    void set_grow_step(uint64_t bytes) { grow_step_ = bytes; }
    // Starts a new generation at the start of the file: every existing frame becomes stale.
    Status Reset(uint64_t base_seq, bool sync);
    // After a Reset with no frame appended since, cuts the file back to its header: the old
    // frames behind it are stale (their salt no longer matches) and only cost disk space.
    // Called when the database closes; nothing may append concurrently.
    Status ShrinkToHeader(bool sync);

    // The WAL offset of the newest frame of `id` with seq <= snapshot, if any.
    bool Lookup(PageId id, uint64_t snapshot, uint64_t* seq, uint64_t* offset) const;
    // Reads the page image of the frame at `offset`.
    Status ReadPage(uint64_t offset, uint8_t* out) const;
    // For each page with a frame in (after, upto]: its newest such frame, sorted by page.
    std::vector<std::pair<PageId, uint64_t>> CheckpointList(uint64_t after, uint64_t upto) const;

    uint64_t size() const { return end_.load(std::memory_order_acquire); }
    bool empty() const { return size() <= kWalHeaderSize; }
    uint64_t base_seq() const { return header_.base_seq; }
    // After Open: the last recovered commit (base_seq when none) and its page count (0: none).
    uint64_t recovered_seq() const { return recovered_seq_; }
    uint32_t recovered_db_size() const { return recovered_db_size_; }
    const std::string& path() const { return path_; }

  private:
    struct Entry {
        uint64_t seq;
        uint64_t offset;
    };
    Wal(std::unique_ptr<io::File> file, std::string path)
        : file_(std::move(file)), path_(std::move(path)) {}
    Status WriteHeader(uint64_t base_seq, bool sync);
    Status Recover(uint64_t file_size, bool read_only);
    Status CheckNoValidFrameAfter(uint64_t bad_offset, uint64_t file_size, uint64_t last_seq);
    Status GrowFor(uint64_t end);

    std::unique_ptr<io::File> file_;  // null: read-only open of a missing log
    std::string path_;
    WalHeader header_;
    std::atomic<uint64_t> end_{kWalHeaderSize};
    std::atomic<uint64_t> synced_end_{kWalHeaderSize};  // bytes before this are durable
    std::atomic<uint64_t> resets_{0};     // twice the restarts, odd during one (a seqlock)
    std::vector<uint8_t> frame_buf_;      // Append's staging buffer (single writer)
    uint64_t file_end_ = kWalHeaderSize;  // bytes of the file written so far (writer only)
    uint64_t grow_step_ = 0;
    uint64_t recovered_seq_ = 0;
    uint32_t recovered_db_size_ = 0;

    mutable std::shared_mutex index_mu_;
    std::unordered_map<PageId, std::vector<Entry>> index_;  // entries in ascending seq
};

}  // namespace nexus::storage
