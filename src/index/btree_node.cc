// B+tree node checks, search and edits. Only the header is validated when a page is read;
// each cell is bounds-checked as it is decoded, so a lookup touches O(log n) cells.
#include "index/btree_node.h"

#include <array>
#include <string>

namespace nexus::index::node {

Status CheckHeader(const uint8_t* p, PageId id, int expected_level) {
    auto bad = [id](const char* what) {
        return Status(StatusCode::kCorruption,
                      "btree page " + std::to_string(id) + ": " + std::string(what));
    };
    if (p[kOffMagic] != kMagic) return bad("bad magic");
    if (p[kOffVersion] != kFormatVersion) {
        // Version 1 indexes used other key and value layouts: refuse them rather than misread.
        std::string why = "unknown format version " + std::to_string(p[kOffVersion]) +
                          " (this build reads " + std::to_string(kFormatVersion) + ")";
        if (p[kOffVersion] < kFormatVersion) why += ": written by an older Nexus; re-import";
        return bad(why.c_str());
    }
    uint8_t kind = p[kOffKind];
    if (kind != kLeaf && kind != kInternal) return bad("bad node kind");
    uint8_t level = p[kOffLevel];
    if ((kind == kLeaf) != (level == 0) || level > kMaxLevel) return bad("bad level");
    if (expected_level >= 0 && level != expected_level) return bad("unexpected level");
    uint32_t count = Count(p), start = CellStart(p);
    if (kHeaderSize + 2 * count > start || start > kEnd) return bad("bad cell count");
    if (Frag(p) > kEnd - start) return bad("bad fragment count");
    return Status::Ok();
}

Status CorruptCell(PageId id, uint32_t index) {
    return Status(StatusCode::kCorruption, "btree page " + std::to_string(id) + ": cell " +
                                               std::to_string(index) + " out of bounds");
}

Status CheckCells(const uint8_t* p, PageId id) {
    std::string_view key, value;
    PageId child;
    bool leaf = IsLeaf(p);
    uint32_t n = Count(p);
    for (uint32_t i = 0; i < n; ++i) {
        bool ok = leaf ? LeafCell(p, i, &key, &value) : InternalCell(p, i, &key, &child);
        if (!ok) return CorruptCell(id, i);
    }
    // Overlapping cells could add up to more than a page; rebuilding would then overflow.
    if (LiveBytes(p) > kEnd) {
        return Status(StatusCode::kCorruption,
                      "btree page " + std::to_string(id) + ": cells overlap");
    }
    return Status::Ok();
}

uint32_t LiveBytes(const uint8_t* p) {
    uint32_t total = kHeaderSize;
    for (uint32_t i = 0, n = Count(p); i < n; ++i) {
        total += static_cast<uint32_t>(RawCell(p, i).size()) + 2;
    }
    return total;
}

std::string_view RawCell(const uint8_t* p, uint32_t i) {
    uint32_t off = Slot(p, i);
    uint32_t size = IsLeaf(p) ? kLeafCellHeader + Load16(p + off) + Load16(p + off + 2)
                              : kInternalCellHeader + Load16(p + off);
    return std::string_view(reinterpret_cast<const char*>(p) + off, size);
}

bool LeafLowerBound(const uint8_t* p, std::string_view key, uint32_t* pos, bool* found) {
    uint32_t lo = 0, hi = Count(p);
    std::string_view k;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (!LeafCell(p, mid, &k, nullptr)) return false;
        int c = k.compare(key);
        if (c == 0) {
            *pos = mid;
            *found = true;
            return true;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *pos = lo;
    *found = false;
    return true;
}

bool InternalChildIndex(const uint8_t* p, std::string_view key, int* index) {
    // Number of cells with key <= search key, minus one.
    uint32_t lo = 0, hi = Count(p);
    std::string_view k;
    PageId child;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (!InternalCell(p, mid, &k, &child)) return false;
        if (k.compare(key) <= 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *index = static_cast<int>(lo) - 1;
    return true;
}

bool ChildAt(const uint8_t* p, int index, PageId* child) {
    if (index < 0) {
        *child = Link(p);
        return true;
    }
    std::string_view k;
    return InternalCell(p, static_cast<uint32_t>(index), &k, child);
}

void Init(uint8_t* p, uint8_t kind, uint8_t level, uint32_t link) {
    std::memset(p, 0, kHeaderSize);
    p[kOffMagic] = kMagic;
    p[kOffKind] = kind;
    p[kOffLevel] = level;
    p[kOffVersion] = kFormatVersion;
    Store16(p + kOffCellStart, kEnd);
    SetLink(p, link);
}

void InsertCell(uint8_t* p, uint32_t pos, std::string_view cell) {
    uint32_t count = Count(p);
    uint32_t start = CellStart(p) - static_cast<uint32_t>(cell.size());
    std::memcpy(p + start, cell.data(), cell.size());
    uint8_t* slot = p + kHeaderSize + 2 * pos;
    std::memmove(slot + 2, slot, 2 * (count - pos));
    Store16(slot, start);
    Store16(p + kOffCount, count + 1);
    Store16(p + kOffCellStart, start);
}

void RemoveCell(uint8_t* p, uint32_t pos) {
    uint32_t count = Count(p);
    uint32_t size = static_cast<uint32_t>(RawCell(p, pos).size());
    uint8_t* slot = p + kHeaderSize + 2 * pos;
    std::memmove(slot, slot + 2, 2 * (count - pos - 1));
    Store16(p + kOffCount, count - 1);
    if (count == 1) {
        Store16(p + kOffCellStart, kEnd);
        Store16(p + kOffFrag, 0);
    } else {
        Store16(p + kOffFrag, Frag(p) + size);
    }
}

void Compact(uint8_t* p) {
    std::array<uint8_t, storage::kPageSize> copy;
    std::memcpy(copy.data(), p, kEnd);
    uint32_t count = Count(copy.data());
    Store16(p + kOffCellStart, kEnd);
    Store16(p + kOffFrag, 0);
    Store16(p + kOffCount, 0);
    for (uint32_t i = 0; i < count; ++i) InsertCell(p, i, RawCell(copy.data(), i));
}

void Build(uint8_t* p, uint8_t kind, uint8_t level, uint32_t link, const std::string_view* cells,
           size_t n) {
    Init(p, kind, level, link);
    for (size_t i = 0; i < n; ++i) InsertCell(p, static_cast<uint32_t>(i), cells[i]);
}

size_t CellsBytes(const std::string_view* cells, size_t n) {
    size_t total = 0;
    for (size_t i = 0; i < n; ++i) total += cells[i].size() + 2;
    return total;
}

}  // namespace nexus::index::node
