// Fixed-size record pages and their two-level directory (docs/format/records.md).
#include "graph/record_file.h"

namespace nexus::graph {
namespace {

// Creates a zeroed page of `type`. Directory pages record their level in byte 1.
Result<PageId> NewPage(storage::PageWriter* writer, PageType type, uint8_t level, uint32_t index) {
    ASSIGN_OR_RETURN(PageId id, writer->Allocate());
    ASSIGN_OR_RETURN(uint8_t * p, writer->Write(id));
    p[0] = static_cast<uint8_t>(type);
    p[1] = level;
    Store32(p + 4, index);
    return id;
}

}  // namespace

Result<PageId> RecordFile::DirEntry(PageId dir, uint32_t slot, bool create, uint8_t child_level) {
    ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(reader_, dir, PageType::kDirectory));
    PageId child = Load32(ref.data() + kHeader + 4 * slot);
    if (child != 0 || !create) return child;
    PageType type = child_level == 0 ? type_ : PageType::kDirectory;
    ASSIGN_OR_RETURN(child, NewPage(writer_, type, child_level, slot));
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, dir, PageType::kDirectory));
    Store32(p + kHeader + 4 * slot, child);
    return child;
}

Result<PageId> RecordFile::PageFor(uint64_t page_index, bool create) {
    if (page_index < cache_.size() && cache_[page_index] != 0) return cache_[page_index];
    if (sparse_page_ != 0 && sparse_index_ == page_index) return sparse_page_;
    if (page_index >= uint64_t{kDirEntries} * kDirEntries) {
        return Status(StatusCode::kInvalidArgument, "record id space exhausted");
    }
    if (*top_ == 0) {
        if (!create) return Corrupt(0, "record directory missing");
        ASSIGN_OR_RETURN(*top_, NewPage(writer_, PageType::kDirectory, 2, 0));
    }
    uint32_t hi = static_cast<uint32_t>(page_index / kDirEntries);
    uint32_t lo = static_cast<uint32_t>(page_index % kDirEntries);
    ASSIGN_OR_RETURN(PageId mid, DirEntry(*top_, hi, create, 1));
    if (mid == 0) return Corrupt(*top_, "directory entry missing for a live record");
    ASSIGN_OR_RETURN(PageId page, DirEntry(mid, lo, create, 0));
    if (page == 0) return Corrupt(mid, "directory entry missing for a live record");
    // Grow the dense cache only for ids near what it covers: a write transaction touches a
    // few pages near the end of a large file and would otherwise zero-fill thousands of
    // entries on its first lookup (1.8% of a one-node commit).
    if (page_index < cache_.size()) {
        cache_[page_index] = page;
    } else if (page_index < 2 * cache_.size() + 64) {
        cache_.resize(page_index + 1, 0);
        cache_[page_index] = page;
    } else {
        sparse_index_ = page_index;
        sparse_page_ = page;
    }
    return page;
}

Result<const uint8_t*> RecordFile::Read(uint64_t id, storage::PageRef* pin) {
    ASSIGN_OR_RETURN(PageId page, PageFor(id / per_page_, false));
    ASSIGN_OR_RETURN(*pin, ReadTyped(reader_, page, type_));
    return pin->data() + kHeader + (id % per_page_) * record_size_;
}

Result<uint8_t*> RecordFile::Write(uint64_t id) {
    ASSIGN_OR_RETURN(PageId page, PageFor(id / per_page_, true));
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, page, type_));
    return p + kHeader + (id % per_page_) * record_size_;
}

}  // namespace nexus::graph
