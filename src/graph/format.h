// On-page constants and byte helpers shared by the record layer: page type tags, record
// sizes, little-endian loads/stores and bounded varint decoding. The layouts themselves are
// documented in docs/format/records.md; keep the two in step (bump kFormatVersion).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "nexus/status.h"
#include "storage/page_store.h"

namespace nexus::graph {

using storage::kPageUsable;
using storage::PageId;

constexpr uint32_t kGraphMagic = 0x5247584e;  // "NXGR"
// 2: 21-byte node records (two inline labels, 6-byte addresses), 13-byte relationship
// records (5-byte node ids) with property addresses in a side page per record page.
constexpr uint32_t kFormatVersion = 2;

// Root page offsets (docs/format/records.md, "Root page"); the record layer and the bulk
// importer both write this page.
constexpr uint32_t kRootMagic = 4;
constexpr uint32_t kRootVersion = 8;
constexpr uint32_t kRootNextNode = 16;
constexpr uint32_t kRootNextRel = 24;
constexpr uint32_t kRootNodeCount = 32;
constexpr uint32_t kRootRelCount = 40;
constexpr uint32_t kRootNodeDir = 48;
constexpr uint32_t kRootRelDir = 52;
constexpr uint32_t kRootNodeFree = 56;
constexpr uint32_t kRootRelFree = 60;
constexpr uint32_t kRootCounts = 64;
constexpr uint32_t kRootCatalog = 72;
constexpr uint32_t kRootTokenHead = 80;
constexpr uint32_t kRootTokenTail = 92;
constexpr uint32_t kRootTokenCount = 104;
constexpr uint32_t kRootHeapCurrent = 116;
constexpr uint32_t kRootHeapCandCount = 120;
constexpr uint32_t kRootHeapCands = 124;
constexpr uint32_t kRootNextIndex = 252;
constexpr uint32_t kRootLabelIndex = 256;

// Adjacency chunk pages: header bytes before the entries (docs/format/records.md).
constexpr uint32_t kChunkHeader = 24;

// Byte 0 of every page the record layer owns.
enum class PageType : uint8_t {
    kRoot = 1,
    kDirectory = 2,
    kNodeRecords = 3,
    kRelRecords = 4,
    kHeap = 5,
    kOverflow = 6,
    kAdjChunk = 7,
    kFreeIds = 8,
    kTokens = 9,
    kRelProps = 10,
};

// Node records (docs/format/records.md, "Node records"): byte 0 holds the in-use bit, the
// inline label count (bits 1..2) and the overflow bit (3); then two u32 labels (or a 6-byte
// label record address), the property and adjacency addresses of 6 bytes each.
constexpr uint32_t kNodeRecordSize = 21;
constexpr uint32_t kNodeInlineLabels = 2;
constexpr uint32_t kNodeLabelsOffset = 1;
constexpr uint32_t kNodePropsOffset = 9;
constexpr uint32_t kNodeAdjOffset = 15;
constexpr uint8_t kNodeInUse = 1;
constexpr uint8_t kNodeLabelOverflowBit = 8;

// Relationship records: a 3-byte word (bit 0 in use, bit 1 has properties, bits 2..23 the
// type), then 5-byte start and end node ids. The record page's header names a side page
// holding the 6-byte property address of each slot (docs/format/records.md).
constexpr uint32_t kRelRecordSize = 13;
constexpr uint32_t kRelStartOffset = 3;
constexpr uint32_t kRelEndOffset = 8;
constexpr uint32_t kRelInUse = 1;
constexpr uint32_t kRelHasProps = 2;
constexpr uint32_t kRelTypeShift = 2;
constexpr uint32_t kRelRecordsHeader = 12;  // type, page index, side page
constexpr uint32_t kRelSidePageOffset = 8;  // in the record page header
constexpr uint32_t kRelPropsHeader = 8;     // side page: type, record page id
constexpr uint32_t kRelPropsEntry = 6;

// A variable-size record in the heap: page << 16 | slot. 0 means "none".
using RecordAddr = uint64_t;
constexpr RecordAddr kNoRecord = 0;
inline PageId AddrPage(RecordAddr a) {
    return static_cast<PageId>(a >> 16);
}
inline uint16_t AddrSlot(RecordAddr a) {
    return static_cast<uint16_t>(a & 0xffff);
}
inline RecordAddr MakeAddr(PageId page, uint16_t slot) {
    return (static_cast<uint64_t>(page) << 16) | slot;
}

inline uint16_t Load16(const uint8_t* p) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}
inline uint32_t Load32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
inline uint64_t Load64(const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}
inline uint64_t Load48(const uint8_t* p) {
    uint64_t v = 0;
    std::memcpy(&v, p, 6);
    return v;
}
inline uint64_t Load40(const uint8_t* p) {
    uint64_t v = 0;
    std::memcpy(&v, p, 5);
    return v;
}
inline uint32_t Load24(const uint8_t* p) {
    uint32_t v = 0;
    std::memcpy(&v, p, 3);
    return v;
}
inline void Store16(uint8_t* p, uint16_t v) {
    std::memcpy(p, &v, 2);
}
inline void Store32(uint8_t* p, uint32_t v) {
    std::memcpy(p, &v, 4);
}
inline void Store64(uint8_t* p, uint64_t v) {
    std::memcpy(p, &v, 8);
}
inline void Store48(uint8_t* p, uint64_t v) {
    std::memcpy(p, &v, 6);
}

inline void Store40(uint8_t* p, uint64_t v) {
    std::memcpy(p, &v, 5);
}
inline void Store24(uint8_t* p, uint32_t v) {
    std::memcpy(p, &v, 3);
}

// A node record's adjacency address (whole-graph scans read it without decoding the rest).
inline RecordAddr NodeRecordAdj(const uint8_t* rec) {
    return Load48(rec + kNodeAdjOffset);
}

inline uint64_t ZigZag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

inline void PutVarint(std::string* out, uint64_t v) {
    while (v >= 0x80) {
        out->push_back(static_cast<char>(v | 0x80));
        v >>= 7;
    }
    out->push_back(static_cast<char>(v));
}
// Writes into a raw buffer that has room for 10 bytes; returns the new end.
inline uint8_t* PutVarintRaw(uint8_t* p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = static_cast<uint8_t>(v | 0x80);
        v >>= 7;
    }
    *p++ = static_cast<uint8_t>(v);
    return p;
}
inline size_t VarintLength(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

// Decodes one varint from [*p, end); false (and *p unchanged) when truncated or too long.
inline bool GetVarint(const uint8_t** p, const uint8_t* end, uint64_t* v) {
    const uint8_t* q = *p;
    if (q < end && *q < 0x80) {  // the common one-byte case
        *v = *q;
        *p = q + 1;
        return true;
    }
    uint64_t result = 0;
    for (int shift = 0; shift <= 63 && q < end; shift += 7) {
        uint64_t byte = *q++;
        result |= (byte & 0x7f) << shift;
        if (byte < 0x80) {
            *v = result;
            *p = q;
            return true;
        }
    }
    return false;
}

inline Status Corrupt(PageId page, const std::string& what) {
    return Status(StatusCode::kCorruption, "page " + std::to_string(page) + ": " + what);
}

// Reads a page and checks its type tag.
inline Result<storage::PageRef> ReadTyped(storage::PageReader* pages, PageId id, PageType type) {
    if (id == 0 || id >= pages->page_count()) {
        return Corrupt(id, "page id out of range (expected a page of type " +
                               std::to_string(static_cast<int>(type)) + ")");
    }
    ASSIGN_OR_RETURN(storage::PageRef ref, pages->Read(id));
    if (ref.data()[0] != static_cast<uint8_t>(type)) {
        return Corrupt(id, "expected page type " + std::to_string(static_cast<int>(type)) +
                               ", found " + std::to_string(ref.data()[0]));
    }
    return ref;
}

inline Result<uint8_t*> WriteTyped(storage::PageWriter* pages, PageId id, PageType type) {
    if (id == 0 || id >= pages->page_count()) return Corrupt(id, "page id out of range");
    ASSIGN_OR_RETURN(uint8_t * p, pages->Write(id));
    if (p[0] != static_cast<uint8_t>(type)) {
        return Corrupt(id, "expected page type " + std::to_string(static_cast<int>(type)) +
                               ", found " + std::to_string(p[0]));
    }
    return p;
}

}  // namespace nexus::graph
