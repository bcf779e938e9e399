// The B+tree node: one slotted page (layout in docs/format/btree.md). Owns reading cells with
// bounds checks (page bytes are untrusted), binary search within a node, and the in-place
// edits (insert/remove a cell, compact, rebuild from a list of cells) the tree algorithms use.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "nexus/status.h"
#include "storage/page_store.h"

namespace nexus::index::node {

using storage::PageId;

constexpr uint8_t kMagic = 0xB7;
constexpr uint8_t kLeaf = 1;
constexpr uint8_t kInternal = 2;
constexpr uint8_t kMaxLevel = 32;
constexpr uint8_t kFormatVersion = 2;  // docs/format/btree.md ("Versions")

// Header fields (little-endian).
constexpr uint32_t kOffMagic = 0;      // u8 kMagic
constexpr uint32_t kOffKind = 1;       // u8 kLeaf / kInternal
constexpr uint32_t kOffLevel = 2;      // u8 0 for leaves, child level + 1 for internal nodes
constexpr uint32_t kOffVersion = 3;    // u8 kFormatVersion
constexpr uint32_t kOffCount = 4;      // u16 number of cells (= slots)
constexpr uint32_t kOffCellStart = 6;  // u16 lowest byte of the cell area
constexpr uint32_t kOffFrag = 8;       // u16 dead bytes inside the cell area
constexpr uint32_t kOffLink = 12;      // u32 leaf: next leaf (0 = none); internal: child 0
constexpr uint32_t kHeaderSize = 16;
constexpr uint32_t kEnd = storage::kPageUsable;

constexpr uint32_t kLeafCellHeader = 4;      // u16 key length, u16 value length
constexpr uint32_t kInternalCellHeader = 6;  // u16 key length, u32 child

inline uint16_t Load16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
inline uint32_t Load32(const uint8_t* p) {
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
inline void Store16(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v);
    p[1] = static_cast<uint8_t>(v >> 8);
}
inline void Store32(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v);
    p[1] = static_cast<uint8_t>(v >> 8);
    p[2] = static_cast<uint8_t>(v >> 16);
    p[3] = static_cast<uint8_t>(v >> 24);
}

inline bool IsLeaf(const uint8_t* p) {
    return p[kOffKind] == kLeaf;
}
inline uint8_t Level(const uint8_t* p) {
    return p[kOffLevel];
}
inline uint32_t Count(const uint8_t* p) {
    return Load16(p + kOffCount);
}
inline uint32_t CellStart(const uint8_t* p) {
    return Load16(p + kOffCellStart);
}
inline uint32_t Frag(const uint8_t* p) {
    return Load16(p + kOffFrag);
}
inline uint32_t Link(const uint8_t* p) {
    return Load32(p + kOffLink);
}
inline void SetLink(uint8_t* p, uint32_t v) {
    Store32(p + kOffLink, v);
}
inline uint32_t Slot(const uint8_t* p, uint32_t i) {
    return Load16(p + kHeaderSize + 2 * i);
}

// Bytes free between the slot array and the cell area.
inline uint32_t FreeSpace(const uint8_t* p) {
    return CellStart(p) - kHeaderSize - 2 * Count(p);
}
// Bytes in use (header, slots, live cells).
inline uint32_t UsedBytes(const uint8_t* p) {
    return kEnd - FreeSpace(p) - Frag(p);
}

// kCorruption naming the page unless the header is self-consistent and of the expected level
// (expected_level < 0: any). Checking the level on the way down also rules out cycles.
Status CheckHeader(const uint8_t* p, PageId id, int expected_level);
Status CorruptCell(PageId id, uint32_t index);
// Bounds-checks every cell; run before a node is rewritten (compact, split, merge).
Status CheckCells(const uint8_t* p, PageId id);

// Decodes cell `i`; false when it runs off the page (callers turn that into kCorruption).
inline bool LeafCell(const uint8_t* p, uint32_t i, std::string_view* key, std::string_view* value) {
    uint32_t off = Slot(p, i);
    if (off < CellStart(p) || off + kLeafCellHeader > kEnd) return false;
    uint32_t klen = Load16(p + off), vlen = Load16(p + off + 2);
    if (off + kLeafCellHeader + klen + vlen > kEnd) return false;
    const char* base = reinterpret_cast<const char*>(p) + off + kLeafCellHeader;
    *key = std::string_view(base, klen);
    if (value) *value = std::string_view(base + klen, vlen);
    return true;
}
inline bool InternalCell(const uint8_t* p, uint32_t i, std::string_view* key, PageId* child) {
    uint32_t off = Slot(p, i);
    if (off < CellStart(p) || off + kInternalCellHeader > kEnd) return false;
    uint32_t klen = Load16(p + off);
    if (off + kInternalCellHeader + klen > kEnd) return false;
    *key = std::string_view(reinterpret_cast<const char*>(p) + off + kInternalCellHeader, klen);
    *child = Load32(p + off + 2);
    return true;
}
// Header, slots and cells, from the cells themselves (not from the untrusted `frag`); call
// only after CheckCells.
uint32_t LiveBytes(const uint8_t* p);
// The raw bytes of cell `i` (already bounds-checked by a decode above).
std::string_view RawCell(const uint8_t* p, uint32_t i);

// First slot whose key is >= key; *found when equal. False on a corrupt cell.
bool LeafLowerBound(const uint8_t* p, std::string_view key, uint32_t* pos, bool* found);
// The child to follow for `key`: -1 for child 0, else the last cell whose key <= key.
bool InternalChildIndex(const uint8_t* p, std::string_view key, int* index);
// Child page at child index (-1 = child 0). False on a corrupt cell.
bool ChildAt(const uint8_t* p, int index, PageId* child);

// Turns `p` into an empty node.
void Init(uint8_t* p, uint8_t kind, uint8_t level, uint32_t link);
// Inserts a raw cell at slot `pos`; the caller made sure it fits (FreeSpace >= size + 2).
void InsertCell(uint8_t* p, uint32_t pos, std::string_view cell);
// Removes slot `pos`; its bytes become fragmentation.
void RemoveCell(uint8_t* p, uint32_t pos);
// Rewrites the node so all free space is contiguous.
void Compact(uint8_t* p);
// Rewrites `p` as a node holding exactly `cells` (which must not point into `p`).
void Build(uint8_t* p, uint8_t kind, uint8_t level, uint32_t link, const std::string_view* cells,
           size_t n);
// Bytes `n` cells occupy in a node, slots included.
size_t CellsBytes(const std::string_view* cells, size_t n);

}  // namespace nexus::index::node
