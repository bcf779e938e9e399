// MemPageStore: an in-memory PageReader/PageWriter for unit tests of page-based structures
// (B+tree, graph records) that do not need durability. Not thread-safe.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <vector>

#include "storage/page_store.h"

namespace nexus::storage {

class MemPageStore {
  public:
    MemPageStore();
    ~MemPageStore();  // out of line: Writer is complete only in the .cc

    // A view of the committed pages.
    std::unique_ptr<PageReader> BeginRead();
    // The write transaction; commit or discard it with Commit()/Rollback() below.
    PageWriter* BeginWrite();
    void Commit();
    void Rollback();

    size_t committed_pages() const { return committed_.size(); }

  private:
    using Page = std::shared_ptr<std::array<uint8_t, kPageSize>>;
    class Reader;
    class Writer;

    std::vector<Page> committed_;  // index = PageId; shared with readers (copy-on-write)
    std::vector<PageId> free_;
    std::unique_ptr<Writer> writer_;
};

}  // namespace nexus::storage
