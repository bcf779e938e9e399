// Sorters that spill: KeySorter orders (key bytes, a, b) entries, PairSorter orders
// (uint64, uint64) pairs. Both keep entries in memory until their owner says spill, then
// write the sorted buffer as a run file; a cursor merges the runs (and what is still in
// memory) in order. Used for the id maps, label index entries and endpoint resolution of an
// import that does not fit its --max-memory; run files are removed with the sorter.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nexus/status.h"

namespace nexus::import {

// Writes a run file through stdio's buffer; the file is complete once Close returned Ok.
class RunFileWriter {
  public:
    explicit RunFileWriter(std::string path);
    ~RunFileWriter();
    RunFileWriter(const RunFileWriter&) = delete;
    RunFileWriter& operator=(const RunFileWriter&) = delete;
    void Write(const void* p, size_t n);
    Status Close();

  private:
    void Flush();
    std::string path_;
    std::FILE* f_ = nullptr;
    bool failed_ = false;
    std::string buf_;  // stdio locks per call: small writes gather here first
};

// Reads a run file front to back through a buffer.
class RunFileReader {
  public:
    RunFileReader(const std::string& path, size_t buffer_bytes);
    ~RunFileReader();
    RunFileReader(const RunFileReader&) = delete;
    RunFileReader& operator=(const RunFileReader&) = delete;
    Status status() const { return status_; }
    // Copies `n` bytes; false at the end of the file (or on an error: see status()).
    bool Read(void* out, size_t n);

  private:
    bool Fill();
    std::FILE* f_ = nullptr;
    std::vector<char> buf_;
    size_t pos_ = 0, end_ = 0;
    Status status_;
};

struct KeyEntry {
    std::string_view key;
    uint64_t a = 0;
    uint64_t b = 0;
};

// Entries in (key, a, b) order: keys compare as bytes (a prefix first).
class KeyCursor {
  public:
    virtual ~KeyCursor() = default;
    virtual bool Valid() const = 0;
    virtual const KeyEntry& entry() const = 0;
    virtual Status Next() = 0;
};

class KeySorter {
  public:
    // Runs are named `prefix` + "<n>".
    explicit KeySorter(std::string prefix) : prefix_(std::move(prefix)) {}
    ~KeySorter();
    KeySorter(const KeySorter&) = delete;
    KeySorter& operator=(const KeySorter&) = delete;

    void Add(std::string_view key, uint64_t a, uint64_t b);
    // Memory held by entries not yet spilled.
    uint64_t buffered_bytes() const {
        return arena_.capacity() + order_.capacity() * sizeof(order_[0]);
    }
    bool empty() const { return order_.empty() && runs_.empty(); }
    Status Spill();
    size_t runs() const { return runs_.size(); }
    // All entries so far, merged; may be called again (after more Adds too). Each run gets
    // `read_bytes` / runs of buffer.
    Result<std::unique_ptr<KeyCursor>> Open(size_t read_bytes);

  private:
    friend class MemKeyCursor;
    void Sort();
    KeyEntry At(uint64_t offset) const;

    std::string prefix_;
    std::string arena_;  // per entry: a, b (8 bytes each), key length (4), key
    // Per entry: its key's first 8 bytes as a big-endian number (zero-padded), which orders
    // most pairs without touching the arena, and its offset.
    std::vector<std::pair<uint64_t, uint64_t>> order_;
    bool sorted_ = true;
    std::vector<std::string> runs_;
};

// (x, y) pairs in ascending order.
class PairCursor {
  public:
    virtual ~PairCursor() = default;
    virtual bool Valid() const = 0;
    virtual std::pair<uint64_t, uint64_t> value() const = 0;
    virtual Status Next() = 0;
};

class PairSorter {
  public:
    // Runs are named `prefix` + "<n>"; the buffer spills by itself past `budget_bytes`.
    PairSorter(std::string prefix, uint64_t budget_bytes);
    ~PairSorter();
    PairSorter(const PairSorter&) = delete;
    PairSorter& operator=(const PairSorter&) = delete;

    Status Add(uint64_t x, uint64_t y) {
        buf_.emplace_back(x, y);
        if (buf_.size() >= capacity_) return Spill();
        return Status::Ok();
    }
    size_t runs() const { return runs_.size(); }
    // Every pair, merged; call once, after the last Add.
    Result<std::unique_ptr<PairCursor>> Open();

  private:
    Status Spill();

    std::string prefix_;
    size_t capacity_;
    std::vector<std::pair<uint64_t, uint64_t>> buf_;
    std::vector<std::string> runs_;
};

}  // namespace nexus::import
