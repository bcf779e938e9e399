// In-memory page store: committed pages are immutable shared images; the writer copies a
// page on first write, so open readers keep their snapshot.
#include "storage/mem_page_store.h"

#include <algorithm>

namespace nexus::storage {

class MemPageStore::Reader : public PageReader {
  public:
    explicit Reader(std::vector<Page> pages) : pages_(std::move(pages)) {}
    Result<PageRef> Read(PageId id) override {
        if (id == kHeaderPage || id >= pages_.size() || !pages_[id]) {
            return Status(StatusCode::kNotFound, "page " + std::to_string(id) + " not found");
        }
        return PageRef(pages_[id]->data(), pages_[id]);
    }
    PageId page_count() const override { return static_cast<PageId>(pages_.size()); }

  private:
    std::vector<Page> pages_;
};

class MemPageStore::Writer : public PageWriter {
  public:
    explicit Writer(MemPageStore* store)
        : store_(store), pages_(store->committed_), free_(store->free_) {}

    Result<PageRef> Read(PageId id) override {
        if (id == kHeaderPage || id >= pages_.size() || !pages_[id]) {
            return Status(StatusCode::kNotFound, "page " + std::to_string(id) + " not found");
        }
        return PageRef(pages_[id]->data(), pages_[id]);
    }
    PageId page_count() const override { return static_cast<PageId>(pages_.size()); }

    Result<uint8_t*> Write(PageId id) override {
        if (id == kHeaderPage || id >= pages_.size() || !pages_[id]) {
            return Status(StatusCode::kNotFound, "page " + std::to_string(id) + " not found");
        }
        if (!dirty_[id]) {
            pages_[id] = std::make_shared<std::array<uint8_t, kPageSize>>(*pages_[id]);
            dirty_[id] = true;
        }
        return pages_[id]->data();
    }

    Result<PageId> Allocate() override {
        PageId id;
        if (!free_.empty()) {
            id = free_.back();
            free_.pop_back();
        } else {
            id = static_cast<PageId>(pages_.size());
            pages_.emplace_back();
        }
        pages_[id] = std::make_shared<std::array<uint8_t, kPageSize>>();
        pages_[id]->fill(0);
        dirty_[id] = true;
        return id;
    }

    Status Free(PageId id) override {
        if (id == kHeaderPage || id >= pages_.size() || !pages_[id]) {
            return Status(StatusCode::kInvalidArgument, "free of unknown page");
        }
        pending_free_.push_back(id);
        return Status::Ok();
    }

    void Commit() {
        for (PageId id : pending_free_) {
            pages_[id].reset();
            free_.push_back(id);
        }
        store_->committed_ = std::move(pages_);
        store_->free_ = std::move(free_);
    }

  private:
    MemPageStore* store_;
    std::vector<Page> pages_;
    std::vector<PageId> free_;
    std::vector<PageId> pending_free_;
    std::map<PageId, bool> dirty_;
};

MemPageStore::MemPageStore() {
    committed_.resize(1);
}  // page 0: the (absent) header
MemPageStore::~MemPageStore() = default;

std::unique_ptr<PageReader> MemPageStore::BeginRead() {
    return std::make_unique<Reader>(committed_);
}

PageWriter* MemPageStore::BeginWrite() {
    writer_ = std::make_unique<Writer>(this);
    return writer_.get();
}

void MemPageStore::Commit() {
    if (writer_) writer_->Commit();
    writer_.reset();
}

void MemPageStore::Rollback() {
    writer_.reset();
}

}  // namespace nexus::storage
