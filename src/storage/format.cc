// Encoders and decoders for the layouts in format.h. Checksums are xxh64 and, for page
// trailers since file format 2, xxh3 (libxxhash, with its runtime SIMD dispatch on x86-64).
#include "storage/format.h"

#define XXH_STATIC_LINKING_ONLY  // XXH64_state_t on the stack
#include <xxhash.h>
#if defined(__x86_64__)
#include <xxh_x86dispatch.h>
#endif

namespace nexus::storage {

uint64_t Hash64(const void* data, size_t n, uint64_t seed) {
    return XXH64(data, n, seed);
}

namespace {
uint64_t PageHash(const uint8_t* page, PageId id) {
#if defined(__x86_64__)
    return XXH3_64bits_withSeed_dispatch(page, kPageUsable, id);
#else
    return XXH3_64bits_withSeed(page, kPageUsable, id);
#endif
}
}  // namespace

void SealPage(PageId id, uint64_t lsn, uint8_t* page) {
    Put64(page + kTrailerLsn, lsn);
    Put64(page + kTrailerChecksum, PageHash(page, id) ^ lsn);
}

void SealPageVersion1(PageId id, uint64_t lsn, uint8_t* page) {
    Put64(page + kTrailerLsn, lsn);
    Put64(page + kTrailerChecksum, Hash64(page, kPageUsable, id) ^ lsn);
}

bool PageChecksumOk(PageId id, const uint8_t* page) {
    uint64_t stored = Get64(page + kTrailerChecksum) ^ PageLsn(page);
    // A page not rewritten since file format 1 carries xxh64; only those pay the second hash.
    return stored == PageHash(page, id) || stored == Hash64(page, kPageUsable, id);
}

// Header page layout (docs/format/file.md).
constexpr uint32_t kHdrMagic = 0;
constexpr uint32_t kHdrVersion = 8;
constexpr uint32_t kHdrPageSize = 12;
constexpr uint32_t kHdrPageCount = 16;
constexpr uint32_t kHdrFreeHead = 20;
constexpr uint32_t kHdrFreeCount = 24;

void EncodeFileHeader(const FileHeader& header, uint8_t* page) {
    std::memset(page, 0, kPageUsable);
    std::memcpy(page + kHdrMagic, kFileMagic, sizeof(kFileMagic));
    Put32(page + kHdrVersion, kFileFormatVersion);
    Put32(page + kHdrPageSize, kPageSize);
    Put32(page + kHdrPageCount, header.page_count);
    Put32(page + kHdrFreeHead, header.free_head);
    Put32(page + kHdrFreeCount, header.free_count);
}

Status DecodeFileHeader(const uint8_t* page, const std::string& path, FileHeader* header) {
    if (std::memcmp(page + kHdrMagic, kFileMagic, sizeof(kFileMagic)) != 0) {
        return Status(StatusCode::kCorruption, path + " is not a Nexus database (bad magic)");
    }
    uint32_t version = Get32(page + kHdrVersion);
    if (version < kOldestReadableFileVersion || version > kFileFormatVersion) {
        return Status(StatusCode::kCorruption,
                      path + ": unsupported file format version " + std::to_string(version) +
                          " (this build reads versions " +
                          std::to_string(kOldestReadableFileVersion) + " to " +
                          std::to_string(kFileFormatVersion) + ")");
    }
    header->version = version;
    if (Get32(page + kHdrPageSize) != kPageSize) {
        return Status(StatusCode::kCorruption, path + ": page size " +
                                                   std::to_string(Get32(page + kHdrPageSize)) +
                                                   " is not " + std::to_string(kPageSize));
    }
    header->page_count = Get32(page + kHdrPageCount);
    header->free_head = Get32(page + kHdrFreeHead);
    header->free_count = Get32(page + kHdrFreeCount);
    if (header->page_count == 0 || header->free_head >= header->page_count ||
        header->free_count >= header->page_count) {
        return Status(StatusCode::kCorruption, path + ": inconsistent file header (page count " +
                                                   std::to_string(header->page_count) + ")");
    }
    return Status::Ok();
}

void SetFileHeaderVersion(uint8_t* page) {
    Put32(page + kHdrVersion, kFileFormatVersion);
}

void EncodeFreePage(PageId next, uint8_t* page) {
    std::memset(page, 0, kPageUsable);
    Put32(page, next);
    Put32(page + 4, kFreePageMagic);
}

Status DecodeFreePage(PageId id, const uint8_t* page, PageId* next) {
    if (Get32(page + 4) != kFreePageMagic) {
        return Status(StatusCode::kCorruption,
                      "page " + std::to_string(id) + " is on the free list but is not free");
    }
    *next = Get32(page);
    return Status::Ok();
}

// WAL header layout (docs/format/wal.md).
void EncodeWalHeader(const WalHeader& header, uint8_t* out) {
    std::memset(out, 0, kWalHeaderCopySize);
    Put64(out + 0, kWalMagic);
    Put32(out + 8, header.version);
    Put32(out + 12, kPageSize);
    Put64(out + 16, header.generation);
    Put64(out + 24, header.base_seq);
    Put64(out + 32, Hash64(out, 32, 0));
}

namespace {
bool WalHeaderIntact(const uint8_t* in) {
    return Get64(in) == kWalMagic && Get32(in + 12) == kPageSize &&
           Get64(in + 32) == Hash64(in, 32, 0);
}
bool WalVersionReadable(uint32_t version) {
    return version >= kWalOldestReadableVersion && version <= kWalFormatVersion;
}
}  // namespace

bool DecodeWalHeader(const uint8_t* in, WalHeader* header) {
    if (!WalHeaderIntact(in) || !WalVersionReadable(Get32(in + 8))) return false;
    header->version = Get32(in + 8);
    header->generation = Get64(in + 16);
    header->base_seq = Get64(in + 24);
    return true;
}

bool WalHeaderVersionUnsupported(const uint8_t* in, uint32_t* version) {
    if (!WalHeaderIntact(in) || WalVersionReadable(Get32(in + 8))) return false;
    *version = Get32(in + 8);
    return true;
}

namespace {
// Version 1: the header and the whole page image.
uint64_t FrameChecksumV1(const uint8_t* header24, const uint8_t* page, uint64_t generation) {
    XXH64_state_t state;
    XXH64_reset(&state, generation);
    XXH64_update(&state, header24, 24);
    XXH64_update(&state, page, kPageSize);
    return XXH64_digest(&state);
}

// Version 2: the header and the page trailer (the page's checksum and LSN). The page body is
// covered by the trailer's checksum, which the reader verifies too, so a torn frame (new
// header, old middle) still fails; the generation salt keeps stale frames out.
uint64_t FrameChecksumV2(const uint8_t* header24, const uint8_t* page, uint64_t generation) {
    uint8_t buf[24 + kPageReserved];
    std::memcpy(buf, header24, 24);
    std::memcpy(buf + 24, page + kPageUsable, kPageReserved);
    return Hash64(buf, sizeof(buf), generation);
}
}  // namespace

void EncodeFrameHeader(const FrameHeader& header, const uint8_t* page, uint64_t generation,
                       uint8_t* out, uint32_t version) {
    Put32(out + 0, header.page);
    Put32(out + 4, header.flags);
    Put64(out + 8, header.seq);
    Put32(out + 16, header.db_size);
    Put32(out + 20, header.durable_frames);
    Put64(out + 24, version >= 2 ? FrameChecksumV2(out, page, generation)
                                 : FrameChecksumV1(out, page, generation));
}

bool DecodeFrame(const uint8_t* frame, uint64_t generation, FrameHeader* header) {
    const uint8_t* page = frame + kFrameHeaderSize;
    uint64_t stored = Get64(frame + 24);
    bool ok = stored == FrameChecksumV2(frame, page, generation)
                  ? PageLsn(page) == Get64(frame + 8) && PageChecksumOk(Get32(frame), page)
                  : stored == FrameChecksumV1(frame, page, generation);
    if (!ok) return false;
    header->page = Get32(frame + 0);
    header->flags = Get32(frame + 4);
    header->seq = Get64(frame + 8);
    header->db_size = Get32(frame + 16);
    header->durable_frames = Get32(frame + 20);
    return true;
}

}  // namespace nexus::storage
