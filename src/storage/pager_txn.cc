// ReadTxn and WriteTxn: the PageReader/PageWriter faces of the pager. A WriteTxn keeps its
// dirty pages privately (copy on first write) and hands them to the pager on Commit().
#include <algorithm>

#include "storage/pager.h"

namespace nexus::storage {

namespace {
Status NoSuchPage(PageId id, PageId count) {
    return Status(StatusCode::kNotFound, "page " + std::to_string(id) + " not found (" +
                                             std::to_string(count) + " pages)");
}
}  // namespace

ReadTxn::~ReadTxn() {
    pager_->EndRead(seq_);
}

Result<PageRef> ReadTxn::Read(PageId id) {
    if (id == kHeaderPage || id >= page_count_) return NoSuchPage(id, page_count_);
    return pager_->ReadPage(id, seq_);
}

WriteTxn::~WriteTxn() {
    Rollback();
}

Status WriteTxn::CheckId(PageId id) const {
    if (!open_) return Status(StatusCode::kInvalidArgument, "write transaction has ended");
    if (id == kHeaderPage || id >= header_.page_count) return NoSuchPage(id, header_.page_count);
    return Status::Ok();
}

uint8_t* WriteTxn::NewDirty(PageId id) {
    auto& buf = dirty_[id];
    if (!buf) buf = std::make_shared<PageBuf>();
    return buf->data();
}

Result<PageRef> WriteTxn::Read(PageId id) {
    RETURN_IF_ERROR(CheckId(id));
    auto it = dirty_.find(id);
    if (it != dirty_.end()) return PageRef(it->second->data(), it->second);
    return pager_->ReadPage(id, base_seq_);
}

Result<uint8_t*> WriteTxn::Write(PageId id) {
    RETURN_IF_ERROR(CheckId(id));
    auto it = dirty_.find(id);
    if (it != dirty_.end()) return it->second->data();
    ASSIGN_OR_RETURN(PageRef ref, pager_->ReadPage(id, base_seq_));
    uint8_t* page = NewDirty(id);
    std::memcpy(page, ref.data(), kPageSize);
    return page;
}

Result<PageId> WriteTxn::Allocate() {
    if (!open_) return Status(StatusCode::kInvalidArgument, "write transaction has ended");
    PageId id;
    if (header_.free_head != 0) {
        id = header_.free_head;
        ASSIGN_OR_RETURN(PageRef ref, Read(id));
        PageId next;
        RETURN_IF_ERROR(DecodeFreePage(id, ref.data(), &next));
        if (next >= header_.page_count || header_.free_count == 0) {
            return Status(StatusCode::kCorruption, "free list of " + pager_->path() +
                                                       " is broken at page " + std::to_string(id));
        }
        header_.free_head = next;
        --header_.free_count;
    } else {
        if (header_.page_count == UINT32_MAX) {
            return Status(StatusCode::kDiskFull, "database " + pager_->path() + " has 2^32 pages");
        }
        id = header_.page_count++;
    }
    uint8_t* page = NewDirty(id);
    std::memset(page, 0, kPageSize);
    return id;
}

Status WriteTxn::Free(PageId id) {
    RETURN_IF_ERROR(CheckId(id));
    if (std::find(pending_free_.begin(), pending_free_.end(), id) != pending_free_.end()) {
        return Status(StatusCode::kInvalidArgument,
                      "page " + std::to_string(id) + " freed twice in one transaction");
    }
    pending_free_.push_back(id);
    return Status::Ok();
}

Status WriteTxn::Commit() {
    if (!open_) return Status(StatusCode::kInvalidArgument, "write transaction has ended");
    open_ = false;
    for (PageId id : pending_free_) {
        EncodeFreePage(header_.free_head, NewDirty(id));
        header_.free_head = id;
        ++header_.free_count;
    }
    if (!(header_ == start_header_)) EncodeFileHeader(header_, NewDirty(kHeaderPage));
    Status st = pager_->CommitTxn(base_seq_, header_, dirty_);
    dirty_.clear();
    return st;
}

void WriteTxn::Rollback() {
    if (!open_) return;
    open_ = false;
    dirty_.clear();
    pager_->RollbackTxn();
}

}  // namespace nexus::storage
