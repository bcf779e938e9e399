// Page-level checks: raw checksums of the main file and WAL frames, every page of the
// snapshot readable (checksum verified on load), free-list shape, and page ownership (no page
// both free and used, no single-owner page reached twice).
#include <fmt/format.h>

#include <set>

#include "check/checker.h"
#include "graph/format.h"
#include "io/env.h"
#include "storage/format.h"

namespace nexus::check {
namespace {

bool AllZero(const uint8_t* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        if (p[i] != 0) return false;
    }
    return true;
}

}  // namespace

void CheckMainFile(const std::string& path, Report* report) {
    io::Env* env = io::Env::Default();
    io::OpenOptions oo;
    oo.read_only = true;
    Result<std::unique_ptr<io::File>> file = env->OpenFile(path, oo);
    if (!file.ok()) return;  // the pager opened it; a race with deletion is not corruption
    Result<uint64_t> size = (*file)->Size();
    if (!size.ok()) return;
    std::vector<uint8_t> page(storage::kPageSize);
    uint64_t pages = *size / storage::kPageSize;
    for (uint64_t id = 0; id < pages && !report->full(); ++id) {
        Result<size_t> n = (*file)->ReadAt(id * storage::kPageSize, page.data(), page.size());
        if (!n.ok() || *n != page.size()) {
            report->Add(Problem::kPageChecksum, fmt::format("page {}: short read in {}", id, path));
            continue;
        }
        // Preallocated pages are zero until first written; the snapshot read catches a
        // zero page that is actually in use.
        if (AllZero(page.data(), page.size())) continue;
        if (!storage::PageChecksumOk(static_cast<PageId>(id), page.data())) {
            report->Add(Problem::kPageChecksum,
                        fmt::format("page {}: checksum mismatch in {}", id, path));
        }
    }
}

void CheckWalFile(const std::string& wal_path, Report* report) {
    io::Env* env = io::Env::Default();
    if (!env->FileExists(wal_path)) return;
    io::OpenOptions oo;
    oo.read_only = true;
    Result<std::unique_ptr<io::File>> file = env->OpenFile(wal_path, oo);
    if (!file.ok()) return;
    Result<uint64_t> size = (*file)->Size();
    if (!size.ok() || *size < storage::kWalHeaderSize) return;
    uint8_t hdr[storage::kWalHeaderSize];
    Result<size_t> n = (*file)->ReadAt(0, hdr, sizeof hdr);
    if (!n.ok() || *n != sizeof hdr) return;
    storage::WalHeader wh;
    if (!storage::DecodeWalHeader(hdr, &wh) &&
        !storage::DecodeWalHeader(hdr + storage::kWalHeaderCopySize, &wh)) {
        if (*size > storage::kWalHeaderSize) {
            report->Add(Problem::kWalFrame, "both WAL header copies are bad in " + wal_path);
        }
        return;
    }
    // Frames validate in order; the log ends at the first one that does not. A valid frame
    // of this generation with a newer sequence after a bad one means bytes changed.
    std::vector<uint8_t> frame(storage::kFrameSize);
    uint64_t frames = (*size - storage::kWalHeaderSize) / storage::kFrameSize;
    uint64_t last_seq = wh.base_seq;
    int64_t first_bad = -1;
    for (uint64_t i = 0; i < frames && !report->full(); ++i) {
        uint64_t off = storage::kWalHeaderSize + i * storage::kFrameSize;
        n = (*file)->ReadAt(off, frame.data(), frame.size());
        if (!n.ok() || *n != frame.size()) break;
        storage::FrameHeader fh;
        bool ok = storage::DecodeFrame(frame.data(), wh.generation, &fh);
        if (first_bad < 0) {
            if (!ok || fh.seq < last_seq) {
                first_bad = static_cast<int64_t>(i);
                continue;
            }
            last_seq = fh.seq;
            ++report->wal_frames;
            if (!storage::PageChecksumOk(fh.page, frame.data() + storage::kFrameHeaderSize)) {
                report->Add(Problem::kWalFrame,
                            fmt::format("frame {} (offset {}, page {}): page checksum mismatch", i,
                                        off, fh.page));
            }
        } else if (ok && fh.seq > last_seq &&
                   fh.durable_frames > static_cast<uint64_t>(first_bad)) {
            report->Add(Problem::kWalFrame,
                        fmt::format("frame {} (offset {}) is bad but a later durable frame "
                                    "{} validates",
                                    first_bad,
                                    storage::kWalHeaderSize + first_bad * storage::kFrameSize, i));
            break;
        }
    }
}

void Checker::ReadEveryPage() {
    PageId count = pages_->page_count();
    owner_.assign(count, Owner::kNone);
    for (PageId id = 0; id < count && !report_->full(); ++id) {
        Result<storage::PageRef> ref = id == 0 ? snapshot_->ReadHeader() : pages_->Read(id);
        ++report_->pages;
        if (!ref.ok()) report_->Add(Problem::kPageChecksum, ref.status().message());
    }
}

void Checker::WalkFreeList() {
    Result<storage::PageRef> ref = snapshot_->ReadHeader();
    if (!ref.ok()) return;  // already reported
    storage::FileHeader header;
    Status st = storage::DecodeFileHeader(ref->data(), "header", &header);
    if (!st.ok()) {
        report_->Add(Problem::kRecord, st.message());
        return;
    }
    Claim(0, Owner::kHeader, "file header");
    PageId page = header.free_head;
    uint32_t length = 0;
    while (page != 0) {
        if (page >= pages_->page_count()) {
            report_->Add(Problem::kFreeList, fmt::format("free page {} is out of range", page));
            return;
        }
        if (owner_[page] == Owner::kFree) {
            report_->Add(Problem::kFreeList, fmt::format("free list loops at page {}", page));
            return;
        }
        Claim(page, Owner::kFree, "free list");
        ++length;
        Result<storage::PageRef> fp = pages_->Read(page);
        if (!fp.ok()) return;
        PageId next = 0;
        st = storage::DecodeFreePage(page, fp->data(), &next);
        if (!st.ok()) {
            report_->Add(Problem::kFreeList, st.message());
            return;
        }
        page = next;
    }
    if (length != header.free_count) {
        report_->Add(Problem::kFreeList, fmt::format("header says {} free pages, the list holds {}",
                                                     header.free_count, length));
    }
}

namespace {
const char* OwnerName(int o) {
    static const char* kNames[] = {"none",      "free list", "header", "root",
                                   "directory", "records",   "heap",   "adjacency chunk",
                                   "tokens",    "free ids",  "b+tree"};
    return kNames[o];
}
}  // namespace

void Checker::Claim(PageId page, Owner owner, const std::string& what) {
    if (page >= owner_.size()) {
        report_->Add(
            Problem::kPageOwnership,
            fmt::format("page {} ({}) is beyond the page count {}", page, what, owner_.size()));
        return;
    }
    Owner& cur = owner_[page];
    if (cur == Owner::kNone) {
        cur = owner;
        return;
    }
    if (cur == Owner::kHeap && owner == Owner::kHeap) return;  // records share heap pages
    report_->Add(
        Problem::kPageOwnership,
        fmt::format("page {} is used as {} ({}) but already as {}", page,
                    OwnerName(static_cast<int>(owner)), what, OwnerName(static_cast<int>(cur))));
}

// A two-level directory: claims the directory pages and the record pages they name.
void Checker::ClaimDirectory(PageId top, const char* kind) {
    if (top == 0) return;
    Claim(top, Owner::kDirectory, std::string(kind) + " directory");
    Result<storage::PageRef> t = graph::ReadTyped(pages_, top, graph::PageType::kDirectory);
    if (!t.ok()) {
        report_->Add(Problem::kRecord, t.status().message());
        return;
    }
    for (uint32_t i = 0; i < graph::RecordFile::kDirEntries; ++i) {
        PageId mid = graph::Load32(t->data() + 8 + 4 * i);
        if (mid == 0) continue;
        Claim(mid, Owner::kDirectory, std::string(kind) + " directory");
        Result<storage::PageRef> m = graph::ReadTyped(pages_, mid, graph::PageType::kDirectory);
        if (!m.ok()) {
            report_->Add(Problem::kRecord, m.status().message());
            continue;
        }
        for (uint32_t j = 0; j < graph::RecordFile::kDirEntries; ++j) {
            PageId rp = graph::Load32(m->data() + 8 + 4 * j);
            if (rp == 0) continue;
            Claim(rp, Owner::kRecords, std::string(kind) + " records");
            ClaimSidePage(rp);
        }
    }
}

// The property address side page a relationship record page names, if any. Whether it
// belongs to that page is checked when the records are read (RecordFile::ReadSide).
void Checker::ClaimSidePage(PageId record_page) {
    if (record_page >= pages_->page_count()) return;  // reported by Claim
    Result<storage::PageRef> ref = pages_->Read(record_page);
    if (!ref.ok() || ref->data()[0] != static_cast<uint8_t>(graph::PageType::kRelRecords)) return;
    PageId side = graph::Load32(ref->data() + graph::kRelSidePageOffset);
    if (side == 0) return;
    Claim(side, Owner::kRecords, "relationship property addresses");
    Result<storage::PageRef> s = graph::ReadTyped(pages_, side, graph::PageType::kRelProps);
    if (!s.ok()) {
        report_->Add(Problem::kRecord, s.status().message());
    } else if (graph::Load32(s->data() + 4) != record_page) {
        report_->Add(Problem::kRecord,
                     fmt::format("page {}: side page of record page {} names page {}", side,
                                 record_page, graph::Load32(s->data() + 4)));
    }
}

// A singly linked chain of pages with the next page id at `next_offset`.
void Checker::ClaimChain(PageId head, Owner owner, const char* what, uint32_t next_offset) {
    std::set<PageId> seen;
    for (PageId page = head; page != 0;) {
        if (!seen.insert(page).second) {
            report_->Add(Problem::kPageOwnership,
                         fmt::format("{} chain loops at page {}", what, page));
            return;
        }
        Claim(page, owner, what);
        if (page >= pages_->page_count()) return;
        Result<storage::PageRef> ref = pages_->Read(page);
        if (!ref.ok()) return;
        page = graph::Load32(ref->data() + next_offset);
    }
}

}  // namespace nexus::check
