// Pager::CheckIntegrity: a full scan of one snapshot for `nexus check` and tests. Page
// structures above the pager check their own invariants; this checks what the pager owns.
#include <vector>

#include "storage/pager.h"

namespace nexus::storage {

Status Pager::CheckIntegrity() {
    ASSIGN_OR_RETURN(auto snapshot, BeginRead());
    uint64_t seq = snapshot->snapshot_seq();
    ASSIGN_OR_RETURN(PageRef header_ref, ReadPage(kHeaderPage, seq));
    FileHeader header;
    RETURN_IF_ERROR(DecodeFileHeader(header_ref.data(), path_, &header));
    for (PageId id = 1; id < header.page_count; ++id) {
        RETURN_IF_ERROR(ReadPage(id, seq).status());
    }
    std::vector<bool> seen(header.page_count, false);
    uint32_t length = 0;
    for (PageId id = header.free_head; id != 0;) {
        if (id >= header.page_count || seen[id]) {
            return Status(StatusCode::kCorruption,
                          path_ + ": free list " +
                              (id >= header.page_count ? "leaves the file" : "has a cycle") +
                              " at page " + std::to_string(id));
        }
        seen[id] = true;
        ++length;
        ASSIGN_OR_RETURN(PageRef page, ReadPage(id, seq));
        RETURN_IF_ERROR(DecodeFreePage(id, page.data(), &id));
    }
    if (length != header.free_count) {
        return Status(StatusCode::kCorruption, path_ + ": free list holds " +
                                                   std::to_string(length) + " pages, header says " +
                                                   std::to_string(header.free_count));
    }
    return Status::Ok();
}

}  // namespace nexus::storage
