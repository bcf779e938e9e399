// Slotted heap pages and overflow chains. Layout: docs/format/records.md, "Heap pages".
#include "graph/record_heap.h"

#include <algorithm>
#include <cstring>

namespace nexus::graph {
namespace {

constexpr uint32_t kHeader = 8;
constexpr uint32_t kSlotSize = 4;
constexpr uint8_t kBodyInline = 0;
constexpr uint8_t kBodyOverflow = 1;
constexpr uint32_t kOverflowHeader = 12;
constexpr uint32_t kOverflowCapacity = kPageUsable - kOverflowHeader;
constexpr uint16_t kMinUsefulFree = 64;

uint16_t SlotCount(const uint8_t* p) {
    return Load16(p + 2);
}
uint16_t DataStart(const uint8_t* p) {
    return Load16(p + 4);
}
uint16_t FreeBytes(const uint8_t* p) {
    return Load16(p + 6);
}
uint8_t* Slot(uint8_t* p, uint32_t i) {
    return p + kHeader + kSlotSize * i;
}
const uint8_t* Slot(const uint8_t* p, uint32_t i) {
    return p + kHeader + kSlotSize * i;
}

void InitHeapPage(uint8_t* p) {
    p[0] = static_cast<uint8_t>(PageType::kHeap);
    Store16(p + 2, 0);
    Store16(p + 4, static_cast<uint16_t>(kPageUsable));
    Store16(p + 6, static_cast<uint16_t>(kPageUsable - kHeader));
}

// Moves live records to the end of the page so all free bytes are contiguous.
void Compact(uint8_t* p) {
    uint8_t tmp[kPageUsable];
    uint32_t end = kPageUsable;
    uint16_t n = SlotCount(p);
    for (uint16_t i = 0; i < n; ++i) {
        uint8_t* s = Slot(p, i);
        uint16_t off = Load16(s), len = Load16(s + 2);
        if (off == 0) continue;
        end -= len;
        std::memcpy(tmp + end, p + off, len);
        Store16(s, static_cast<uint16_t>(end));
    }
    std::memcpy(p + end, tmp + end, kPageUsable - end);
    Store16(p + 4, static_cast<uint16_t>(end));
}

}  // namespace

Result<const uint8_t*> RecordHeap::SlotBody(PageId page, const uint8_t* p, uint16_t slot,
                                            uint16_t* len) {
    uint16_t n = SlotCount(p);
    if (slot >= n) return Corrupt(page, "record slot " + std::to_string(slot) + " out of range");
    const uint8_t* s = Slot(p, slot);
    uint16_t off = Load16(s);
    *len = Load16(s + 2);
    if (off == 0) return Corrupt(page, "record slot " + std::to_string(slot) + " is free");
    if (off < kHeader + kSlotSize * n || *len == 0 || off + *len > kPageUsable) {
        return Corrupt(page, "record slot " + std::to_string(slot) + " has bad bounds");
    }
    return p + off;
}

Status RecordHeap::Read(RecordAddr addr, RecordView* out) const {
    PageId page = AddrPage(addr);
    ASSIGN_OR_RETURN(out->pin, ReadTyped(reader_, page, PageType::kHeap));
    uint16_t len = 0;
    ASSIGN_OR_RETURN(const uint8_t* body, SlotBody(page, out->pin.data(), AddrSlot(addr), &len));
    if (body[0] == kBodyInline) {
        out->data = body + 1;
        out->size = len - 1u;
        return Status::Ok();
    }
    if (body[0] != kBodyOverflow) return Corrupt(page, "bad record kind");
    RETURN_IF_ERROR(ReadOverflow(page, body, len, &out->owned));
    out->data = reinterpret_cast<const uint8_t*>(out->owned.data());
    out->size = out->owned.size();
    return Status::Ok();
}

Status RecordHeap::ReadOnPage(RecordAddr addr, const uint8_t* p, const uint8_t** data, size_t* size,
                              bool* overflow) {
    PageId page = AddrPage(addr);
    uint16_t len = 0;
    ASSIGN_OR_RETURN(const uint8_t* body, SlotBody(page, p, AddrSlot(addr), &len));
    *overflow = body[0] == kBodyOverflow;
    if (*overflow) return Status::Ok();
    if (body[0] != kBodyInline) return Corrupt(page, "bad record kind");
    *data = body + 1;
    *size = len - 1u;
    return Status::Ok();
}

Status RecordHeap::ReadOverflow(PageId page, const uint8_t* stub, size_t len,
                                std::string* out) const {
    if (len != 9) return Corrupt(page, "bad overflow stub");
    uint32_t total = Load32(stub + 1);
    PageId next = Load32(stub + 5);
    out->clear();
    out->reserve(total);
    while (out->size() < total) {
        ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(reader_, next, PageType::kOverflow));
        uint32_t n = Load32(ref.data() + 8);
        if (n == 0 || n > kOverflowCapacity || out->size() + n > total) {
            return Corrupt(next, "bad overflow length");
        }
        out->append(reinterpret_cast<const char*>(ref.data() + kOverflowHeader), n);
        next = Load32(ref.data() + 4);
    }
    return Status::Ok();
}

Result<std::string> RecordHeap::WriteOverflow(const uint8_t* data, size_t size) {
    PageId first = 0;
    uint8_t* prev = nullptr;
    for (size_t done = 0; done < size;) {
        ASSIGN_OR_RETURN(PageId id, writer_->Allocate());
        ASSIGN_OR_RETURN(uint8_t * p, writer_->Write(id));
        uint32_t n = static_cast<uint32_t>(std::min<size_t>(kOverflowCapacity, size - done));
        p[0] = static_cast<uint8_t>(PageType::kOverflow);
        Store32(p + 4, 0);
        Store32(p + 8, n);
        std::memcpy(p + kOverflowHeader, data + done, n);
        if (prev)
            Store32(prev + 4, id);
        else
            first = id;
        prev = p;
        done += n;
    }
    std::string stub(9, '\0');
    stub[0] = static_cast<char>(kBodyOverflow);
    Store32(reinterpret_cast<uint8_t*>(stub.data()) + 1, static_cast<uint32_t>(size));
    Store32(reinterpret_cast<uint8_t*>(stub.data()) + 5, first);
    return stub;
}

Result<std::string> RecordHeap::MakeBody(const uint8_t* data, size_t size) {
    if (size > UINT32_MAX) return Status(StatusCode::kInvalidArgument, "record too large");
    if (size + 1 > kMaxInline) return WriteOverflow(data, size);
    std::string body(size + 1, '\0');
    body[0] = static_cast<char>(kBodyInline);
    if (size) std::memcpy(body.data() + 1, data, size);
    return body;
}

Status RecordHeap::FreeBody(PageId page, const uint8_t* body, size_t len) {
    if (body[0] != kBodyOverflow) return Status::Ok();
    if (len != 9) return Corrupt(page, "bad overflow stub");
    uint32_t total = Load32(body + 1);
    PageId next = Load32(body + 5);
    for (size_t seen = 0; seen < total;) {
        ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(writer_, next, PageType::kOverflow));
        uint32_t n = Load32(ref.data() + 8);
        if (n == 0 || n > kOverflowCapacity) return Corrupt(next, "bad overflow length");
        PageId after = Load32(ref.data() + 4);
        RETURN_IF_ERROR(writer_->Free(next));
        seen += n;
        next = after;
    }
    return Status::Ok();
}

Result<RecordAddr> RecordHeap::TryPlace(PageId page, const std::string& body, int reuse_slot) {
    {
        // Look before writing: a page made writable is copied into the transaction.
        ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(reader_, page, PageType::kHeap));
        if (FreeBytes(ref.data()) < body.size()) return kNoRecord;
    }
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, page, PageType::kHeap));
    uint16_t n = SlotCount(p);
    uint32_t slot = reuse_slot >= 0 ? static_cast<uint32_t>(reuse_slot) : n;
    if (reuse_slot < 0) {
        for (uint16_t i = 0; i < n; ++i) {
            if (Load16(Slot(p, i)) == 0) {
                slot = i;
                break;
            }
        }
    }
    uint32_t dir_growth = slot == n ? kSlotSize : 0;
    uint32_t need = static_cast<uint32_t>(body.size()) + dir_growth;
    if (FreeBytes(p) < need || slot > 0xfffe) return kNoRecord;
    uint32_t dir_end = kHeader + kSlotSize * (n + (dir_growth ? 1 : 0));
    if (DataStart(p) < dir_end + body.size()) Compact(p);
    if (DataStart(p) < dir_end + body.size()) return Corrupt(page, "free space accounting");
    uint16_t off = static_cast<uint16_t>(DataStart(p) - body.size());
    std::memcpy(p + off, body.data(), body.size());
    Store16(p + 4, off);
    Store16(Slot(p, slot), off);
    Store16(Slot(p, slot) + 2, static_cast<uint16_t>(body.size()));
    if (dir_growth) Store16(p + 2, static_cast<uint16_t>(n + 1));
    Store16(p + 6, static_cast<uint16_t>(FreeBytes(p) - need));
    return MakeAddr(page, static_cast<uint16_t>(slot));
}

Result<RecordAddr> RecordHeap::Place(const std::string& body) {
    if (state_->current != 0) {
        ASSIGN_OR_RETURN(RecordAddr a, TryPlace(state_->current, body, -1));
        if (a != kNoRecord) return a;
    }
    auto& cands = state_->candidates;
    for (size_t i = 0; i < cands.size();) {
        ASSIGN_OR_RETURN(RecordAddr a, TryPlace(cands[i], body, -1));
        if (a != kNoRecord) return a;
        ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(writer_, cands[i], PageType::kHeap));
        if (FreeBytes(ref.data()) < kMinUsefulFree) {
            cands.erase(cands.begin() + static_cast<ptrdiff_t>(i));
        } else {
            ++i;
        }
    }
    // The page given up on keeps its room for smaller records: without this, a large record
    // (up to kMaxInline) arriving at a nearly full page left the rest of it empty for good.
    if (state_->current != 0 && cands.size() < HeapState::kMaxCandidates) {
        ASSIGN_OR_RETURN(storage::PageRef ref,
                         ReadTyped(reader_, state_->current, PageType::kHeap));
        if (FreeBytes(ref.data()) >= kMinUsefulFree * 4 &&
            std::find(cands.begin(), cands.end(), state_->current) == cands.end()) {
            cands.push_back(state_->current);
        }
    }
    ASSIGN_OR_RETURN(PageId id, writer_->Allocate());
    ASSIGN_OR_RETURN(uint8_t * p, writer_->Write(id));
    InitHeapPage(p);
    state_->current = id;
    ASSIGN_OR_RETURN(RecordAddr a, TryPlace(id, body, -1));
    if (a == kNoRecord) return Status(StatusCode::kInternal, "record does not fit a new page");
    return a;
}

Result<RecordAddr> RecordHeap::Insert(const uint8_t* data, size_t size) {
    ASSIGN_OR_RETURN(std::string body, MakeBody(data, size));
    return Place(body);
}

// Frees a slot's bytes; leaves the slot entry in place (marked free).
static void ReleaseSlot(uint8_t* p, uint16_t slot) {
    uint8_t* s = Slot(p, slot);
    Store16(p + 6, static_cast<uint16_t>(FreeBytes(p) + Load16(s + 2)));
    Store16(s, 0);
    Store16(s + 2, 0);
}

Status RecordHeap::AfterRemove(PageId page, uint8_t* p) {
    uint16_t n = SlotCount(p);
    while (n > 0 && Load16(Slot(p, n - 1)) == 0) {
        --n;
        Store16(p + 6, static_cast<uint16_t>(FreeBytes(p) + kSlotSize));
    }
    Store16(p + 2, n);
    auto& cands = state_->candidates;
    auto it = std::find(cands.begin(), cands.end(), page);
    if (n == 0) {
        if (it != cands.end()) cands.erase(it);
        if (state_->current == page) state_->current = 0;
        return writer_->Free(page);
    }
    if (page != state_->current && it == cands.end() && FreeBytes(p) >= kPageUsable / 4 &&
        cands.size() < HeapState::kMaxCandidates) {
        cands.push_back(page);
    }
    return Status::Ok();
}

Result<RecordAddr> RecordHeap::Update(RecordAddr addr, const uint8_t* data, size_t size) {
    PageId page = AddrPage(addr);
    uint16_t slot = AddrSlot(addr);
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, page, PageType::kHeap));
    uint16_t len = 0;
    ASSIGN_OR_RETURN(const uint8_t* old, SlotBody(page, p, slot, &len));
    RETURN_IF_ERROR(FreeBody(page, old, len));
    ASSIGN_OR_RETURN(std::string body, MakeBody(data, size));
    uint16_t off = Load16(Slot(p, slot));
    if (body.size() <= len) {  // shrinks or keeps its size: stays where it is
        std::memcpy(p + off, body.data(), body.size());
        Store16(Slot(p, slot) + 2, static_cast<uint16_t>(body.size()));
        Store16(p + 6, static_cast<uint16_t>(FreeBytes(p) + (len - body.size())));
        return addr;
    }
    ReleaseSlot(p, slot);
    // Grow in place only without compacting, or when compacting frees a useful amount:
    // compacting a nearly full page for every small growth would copy it each time.
    uint32_t dir_end = kHeader + kSlotSize * SlotCount(p);
    bool contiguous = DataStart(p) >= dir_end + body.size();
    bool roomy = FreeBytes(p) >= body.size() + 512;
    if (contiguous || roomy) {
        ASSIGN_OR_RETURN(RecordAddr in_place, TryPlace(page, body, slot));
        if (in_place != kNoRecord) return in_place;
    }
    RETURN_IF_ERROR(AfterRemove(page, p));
    return Place(body);
}

Status RecordHeap::Delete(RecordAddr addr) {
    PageId page = AddrPage(addr);
    uint16_t slot = AddrSlot(addr);
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, page, PageType::kHeap));
    uint16_t len = 0;
    ASSIGN_OR_RETURN(const uint8_t* old, SlotBody(page, p, slot, &len));
    RETURN_IF_ERROR(FreeBody(page, old, len));
    ReleaseSlot(p, slot);
    return AfterRemove(page, p);
}

}  // namespace nexus::graph
