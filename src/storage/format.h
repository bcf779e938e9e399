// On-disk layouts of the storage engine: the page trailer, the file header (page 0), the
// free-page link and the WAL header and frame. docs/format/file.md and docs/format/wal.md
// are the reference tables; this file is their only encoder/decoder. Integers are
// little-endian.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "storage/page_store.h"

namespace nexus::storage {

// File format 2: pages are sealed with xxh3 (a third of xxh64's time on 8 KiB with the
// library's SIMD dispatch). Pages of version 1 (xxh64) still verify, so a version 1 file opens
// as it is; its header is rewritten as version 2 by the first commit (older builds then refuse
// it by version instead of failing checksums).
constexpr uint32_t kFileFormatVersion = 2;
constexpr uint32_t kOldestReadableFileVersion = 1;
// Version 2: a frame's checksum covers its header and the page trailer (whose own checksum
// covers the page), so a commit hashes each page once. Version 1 logs are still read, and a
// version 1 generation keeps writing version 1 frames until the log restarts.
constexpr uint32_t kWalFormatVersion = 2;
constexpr uint32_t kWalOldestReadableVersion = 1;
constexpr char kFileMagic[8] = {'N', 'E', 'X', 'U', 'S', 'D', 'B', '\0'};
constexpr uint64_t kWalMagic = 0x314C4157584E;   // "NXWAL1"
constexpr uint32_t kFreePageMagic = 0x45455246;  // "FREE"

// Page trailer (the last kPageReserved bytes of every page).
constexpr uint32_t kTrailerChecksum = kPageUsable;  // u64 xxh3(bytes [0, 8176), seed id) ^ LSN
constexpr uint32_t kTrailerLsn = kPageUsable + 8;   // u64 commit sequence that wrote the page

constexpr uint32_t kWalHeaderCopySize = 64;
// Two copies of the WAL header, written and synced one after the other, so a crash while
// restarting the log always leaves one intact.
constexpr uint32_t kWalHeaderSize = 2 * kWalHeaderCopySize;
constexpr uint32_t kFrameHeaderSize = 32;
constexpr uint32_t kFrameSize = kFrameHeaderSize + kPageSize;
constexpr uint32_t kFrameCommit = 1;  // frame flag: last frame of a transaction

inline void Put32(uint8_t* p, uint32_t v) {
    std::memcpy(p, &v, 4);
}
inline void Put64(uint8_t* p, uint64_t v) {
    std::memcpy(p, &v, 8);
}
inline uint32_t Get32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
inline uint64_t Get64(const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

uint64_t Hash64(const void* data, size_t n, uint64_t seed);

// Writes the trailer (checksum, LSN) of page `id`.
void SealPage(PageId id, uint64_t lsn, uint8_t* page);
// The same as file format 1 did (xxh64): for tests of old files.
void SealPageVersion1(PageId id, uint64_t lsn, uint8_t* page);
// True when the trailer checksum matches the page contents (either format's hash).
bool PageChecksumOk(PageId id, const uint8_t* page);
inline uint64_t PageLsn(const uint8_t* page) {
    return Get64(page + kTrailerLsn);
}

// The pager's header, stored in page 0 and versioned through the WAL like any page.
struct FileHeader {
    uint32_t page_count = 1;                // pages in the database, including page 0
    PageId free_head = 0;                   // first free page (0 = none)
    uint32_t free_count = 0;                // pages on the free list
    uint32_t version = kFileFormatVersion;  // as read; always written as kFileFormatVersion
    bool operator==(const FileHeader&) const = default;
};
void EncodeFileHeader(const FileHeader& header, uint8_t* page);
// kCorruption (naming `path`) on a bad magic, version or page size.
Status DecodeFileHeader(const uint8_t* page, const std::string& path, FileHeader* header);
// Sets the version field of an encoded header page to kFileFormatVersion (reseal it after).
void SetFileHeaderVersion(uint8_t* page);

// A free page holds the next free page id and a magic.
void EncodeFreePage(PageId next, uint8_t* page);
Status DecodeFreePage(PageId id, const uint8_t* page, PageId* next);

struct WalHeader {
    uint64_t generation = 0;  // salt: frames of another generation never validate
    uint64_t base_seq = 0;    // commit sequence of the main file when this generation began
    uint32_t version = kWalFormatVersion;  // frame encoding of this generation
};
void EncodeWalHeader(const WalHeader& header, uint8_t* out);  // kWalHeaderCopySize bytes
// False: bad magic or checksum, or a version this build cannot read.
bool DecodeWalHeader(const uint8_t* in, WalHeader* header);
// True when `in` is an intact header copy of a version this build cannot read (a newer one).
bool WalHeaderVersionUnsupported(const uint8_t* in, uint32_t* version);

struct FrameHeader {
    PageId page = 0;
    uint32_t flags = 0;
    uint64_t seq = 0;      // commit sequence of the transaction
    uint32_t db_size = 0;  // page count after the commit (commit frame only)
    // Frames of this generation known durable when this one was written: damage below that
    // index is corruption, damage above it may be a crash (docs/format/wal.md).
    uint32_t durable_frames = 0;
};
// Encodes the frame header with its checksum salted by `generation`. Version 2 (`page` must be
// sealed, its LSN the frame's sequence) hashes the header and the page trailer; version 1
// hashes the header and the whole page.
void EncodeFrameHeader(const FrameHeader& header, const uint8_t* page, uint64_t generation,
                       uint8_t* out, uint32_t version = kWalFormatVersion);
// False when the frame is not intact under `generation` (torn, stale generation, or corrupt).
// Accepts either version's encoding; a version 2 frame must also carry a page whose own
// checksum holds and whose LSN is the frame's sequence.
bool DecodeFrame(const uint8_t* frame, uint64_t generation, FrameHeader* header);

}  // namespace nexus::storage
