// The kill -9 workload shared by the crash child and the checking parent. Commit n stamps
// pages 1..4 with n and appends a freshly allocated data page stamped n to a ring kept in
// page 5 (freeing the page that falls off), so a partial transaction shows up as pages that
// disagree, and lost free-list updates show up as a growing file.
#pragma once

#include <string>

#include "../storage/pager_test_util.h"
#include "storage/pager.h"

namespace nexus::storage::crash {

constexpr PageId kStampPages = 4;
constexpr PageId kRingPage = 5;
constexpr uint32_t kRingSize = 16;

// Ring page: [u64 last commit][u32 count][u32 page ids, oldest first].
inline Status CommitNext(Pager* pager, uint64_t* committed) {
    ASSIGN_OR_RETURN(auto w, pager->BeginWrite());
    while (w->page_count() <= kRingPage) RETURN_IF_ERROR(w->Allocate().status());
    ASSIGN_OR_RETURN(uint8_t * ring, w->Write(kRingPage));
    uint64_t n = Get64(ring) + 1;
    for (PageId id = 1; id <= kStampPages; ++id) {
        RETURN_IF_ERROR(testing::WriteStamp(w.get(), id, n));
    }
    uint32_t count = Get32(ring + 8);
    if (count == kRingSize) {
        RETURN_IF_ERROR(w->Free(Get32(ring + 12)));
        std::memmove(ring + 12, ring + 16, 4 * (kRingSize - 1));
        --count;
    }
    ASSIGN_OR_RETURN(PageId fresh, w->Allocate());
    RETURN_IF_ERROR(testing::WriteStamp(w.get(), fresh, n));
    Put32(ring + 12 + 4 * count, fresh);
    Put32(ring + 8, count + 1);
    Put64(ring, n);
    RETURN_IF_ERROR(w->Commit());
    *committed = n;
    return Status::Ok();
}

// Checks the invariants; returns the last commit in the database or an error describing
// what is inconsistent.
inline Result<uint64_t> Verify(Pager* pager) {
    ASSIGN_OR_RETURN(auto r, pager->BeginRead());
    if (r->page_count() <= kRingPage) return uint64_t{0};
    ASSIGN_OR_RETURN(PageRef ring, r->Read(kRingPage));
    uint64_t n = Get64(ring.data());
    for (PageId id = 1; id <= kStampPages; ++id) {
        ASSIGN_OR_RETURN(PageRef page, r->Read(id));
        if (testing::StampOf(page.data(), id) != n) {
            return Status(StatusCode::kCorruption, "page " + std::to_string(id) +
                                                       " is not from commit " + std::to_string(n));
        }
    }
    uint32_t count = Get32(ring.data() + 8);
    if (count > kRingSize || count > n) return Status(StatusCode::kCorruption, "bad ring count");
    for (uint32_t i = 0; i < count; ++i) {
        PageId id = Get32(ring.data() + 12 + 4 * i);
        ASSIGN_OR_RETURN(PageRef page, r->Read(id));
        if (testing::StampOf(page.data(), id) != n - (count - 1 - i)) {
            return Status(StatusCode::kCorruption, "ring page " + std::to_string(id) + " is stale");
        }
    }
    // Header, stamp pages, ring page, the ring, and at most one page freed per commit.
    if (r->page_count() > 1 + kRingPage + kRingSize + 1) {
        return Status(StatusCode::kCorruption,
                      "file grew to " + std::to_string(r->page_count()) + " pages");
    }
    return n;
}

inline PagerOptions CrashOptions() {
    PagerOptions options;
    options.sync_mode = SyncMode::kFull;
    options.cache_bytes = 64 * kPageSize;
    options.wal_checkpoint_bytes = 48 * kFrameSize;  // checkpoints get killed too
    return options;
}

}  // namespace nexus::storage::crash
