// The page seam between the storage engine and everything built on pages (B+trees, graph
// records). PageReader is a consistent snapshot; PageWriter is the one open write
// transaction. The pager (storage/pager.h) implements both; MemPageStore is a plain in-memory
// implementation for unit tests of the layers above.
#pragma once

#include <cstdint>
#include <memory>

#include "nexus/status.h"

namespace nexus::storage {

// Every page is kPageSize bytes on disk. The last kPageReserved bytes belong to the pager
// (checksum, page LSN); layers above may use bytes [0, kPageUsable).
constexpr uint32_t kPageSize = 8192;
constexpr uint32_t kPageReserved = 16;
constexpr uint32_t kPageUsable = kPageSize - kPageReserved;

using PageId = uint32_t;
// Page 0 is the pager's file header, never handed out. On a new database the first
// Allocate() returns kFirstDataPage, which the graph layer uses as its root page.
constexpr PageId kHeaderPage = 0;
constexpr PageId kFirstDataPage = 1;

// A pinned, read-only page image. The page stays in memory while a PageRef to it lives.
class PageRef {
  public:
    PageRef() = default;
    PageRef(const uint8_t* data, std::shared_ptr<void> pin) : data_(data), pin_(std::move(pin)) {}
    const uint8_t* data() const { return data_; }
    explicit operator bool() const { return data_ != nullptr; }

  private:
    const uint8_t* data_ = nullptr;
    std::shared_ptr<void> pin_;  // releasing it unpins the page
};

// A consistent view of the database as of one commit. Thread-compatible: one thread at a time.
class PageReader {
  public:
    virtual ~PageReader() = default;
    // Corruption (naming the page) when a checksum fails; NotFound past the end.
    virtual Result<PageRef> Read(PageId id) = 0;
    // Number of pages in this view (valid ids are 1 .. page_count()-1).
    virtual PageId page_count() const = 0;
};

// The single write transaction's view: reads see its own writes.
class PageWriter : public PageReader {
  public:
    // A writable image of the page (copied on first write in this transaction). The pointer
    // stays valid until the transaction commits or rolls back.
    virtual Result<uint8_t*> Write(PageId id) = 0;
    // A zero-filled page, reusing freed pages before growing the file. Already writable.
    virtual Result<PageId> Allocate() = 0;
    // Returns a page to the free list when this transaction commits.
    virtual Status Free(PageId id) = 0;
};

}  // namespace nexus::storage
