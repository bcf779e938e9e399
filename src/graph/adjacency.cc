// Adjacency records and dense chunk chains (docs/format/records.md, "Adjacency").
#include "graph/adjacency.h"

#include <algorithm>
#include <cstring>

namespace nexus::graph {
namespace {

constexpr uint32_t kChunkCapacity = kPageUsable - kChunkHeader;
constexpr uint8_t kDenseFlag = 0x10;
// A group of exactly one inline entry: no count and no length, the entry follows the flags.
// Most groups are single (963,593 of 1,109,902 on LDBC SF0.1: a comment has one creator),
// so the two bytes saved are 1.9 MB there.
constexpr uint8_t kSingleFlag = 0x20;

// An inline group whose relationship ids are consecutive (first, first + 1, ...), as they are
// where the importer's relationship order follows this node's: the first entry as usual,
// then only neighbour deltas. 732,614 entries of 105,264 groups on LDBC SF0.1.
constexpr uint8_t kRunFlag = 0x40;

bool ValidFlags(uint8_t flags) {
    if ((flags & 0x0f) > 2 || (flags & ~(kDenseFlag | kSingleFlag | kRunFlag | 0x0f)) != 0) {
        return false;
    }
    int kinds =
        ((flags & kDenseFlag) != 0) + ((flags & kSingleFlag) != 0) + ((flags & kRunFlag) != 0);
    return kinds <= 1;
}

// The length of the one entry at [p, end); 0 when it does not decode.
size_t OneEntrySize(const uint8_t* p, const uint8_t* end) {
    const uint8_t* q = p;
    uint64_t a, b;
    if (!GetVarint(&q, end, &a) || !GetVarint(&q, end, &b)) return 0;
    return static_cast<size_t>(q - p);
}

bool Matches(AdjDir g, Direction requested) {
    switch (requested) {
        case Direction::kOutgoing:
            return g != AdjDir::kIn;
        case Direction::kIncoming:
            return g != AdjDir::kOut;
        default:
            return true;
    }
}

bool TypeWanted(TokenId type, std::span<const TokenId> types) {
    return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
}

void PutEntry(std::string* out, uint64_t* last_n, uint64_t* last_r, NodeId n, RelId r) {
    PutVarint(out, ZigZag(static_cast<int64_t>(n - *last_n)));
    PutVarint(out, ZigZag(static_cast<int64_t>(r - *last_r)));
    *last_n = n;
    *last_r = r;
}

// Decodes (neighbour, rel) pairs, or with `run` the run form (kRunFlag); false on malformed
// bytes.
template <typename Fn>
bool ForEachEntry(const uint8_t* p, const uint8_t* end, Fn fn, bool run = false) {
    uint64_t n = 0, r = 0;
    for (bool first = true; p < end; first = false) {
        uint64_t dn, dr = 2;  // zigzag(1)
        if (!GetVarint(&p, end, &dn)) return false;
        if ((first || !run) && !GetVarint(&p, end, &dr)) return false;
        n += static_cast<uint64_t>(UnZigZag(dn));
        r += static_cast<uint64_t>(UnZigZag(dr));
        fn(n, r);
    }
    return true;
}

// The run form of canonical entries when it applies: two or more entries, each relationship
// id one above the previous one.
bool ToRun(const uint8_t* p, size_t size, std::string* out) {
    out->clear();
    uint64_t prev_r = 0, last_n = 0;
    size_t count = 0;
    bool consecutive = true;
    bool ok = ForEachEntry(p, p + size, [&](uint64_t n, uint64_t r) {
        if (count == 0) {
            PutVarint(out, ZigZag(static_cast<int64_t>(n)));
            PutVarint(out, ZigZag(static_cast<int64_t>(r)));
        } else {
            consecutive = consecutive && r == prev_r + 1;
            PutVarint(out, ZigZag(static_cast<int64_t>(n - last_n)));
        }
        prev_r = r;
        last_n = n;
        ++count;
    });
    return ok && consecutive && count >= 2;
}

// Canonical entries (pairs) from the run form; false on malformed bytes.
bool FromRun(const uint8_t* p, size_t size, std::string* out) {
    out->clear();
    uint64_t last_n = 0, last_r = 0;
    return ForEachEntry(
        p, p + size, [&](uint64_t n, uint64_t r) { PutEntry(out, &last_n, &last_r, n, r); }, true);
}

// Inlined: scans call it once per group, and groups hold two or three entries on average.
[[gnu::always_inline]] inline bool NextGroup(const uint8_t** p, const uint8_t* end, AdjGroup* g) {
    uint64_t type, count;
    if (!GetVarint(p, end, &type) || type > UINT32_MAX || *p >= end) return false;
    uint8_t flags = *(*p)++;
    if (!ValidFlags(flags)) return false;
    g->type = static_cast<TokenId>(type);
    g->dir = static_cast<AdjDir>(flags & 0x0f);
    if (flags & kSingleFlag) {
        size_t n = OneEntrySize(*p, end);
        if (n == 0) return false;
        g->count = 1;
        g->dense = false;
        g->run = false;
        g->data = *p;
        g->size = n;
        *p += n;
        return true;
    }
    if (!GetVarint(p, end, &count)) return false;
    g->count = count;
    g->dense = (flags & kDenseFlag) != 0;
    g->run = (flags & kRunFlag) != 0;
    if (g->dense) {
        if (end - *p < 8) return false;
        g->head = Load32(*p);
        g->tail = Load32(*p + 4);
        *p += 8;
        g->data = nullptr;
        g->size = 0;
    } else {
        uint64_t n;
        if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
        g->data = *p;
        g->size = n;
        *p += n;
    }
    return true;
}

}  // namespace

Status Adjacency::Parse(const uint8_t* data, size_t size, PageId page, std::vector<AdjGroup>* out) {
    const uint8_t* p = data;
    const uint8_t* end = data + size;
    uint64_t n;
    if (!GetVarint(&p, end, &n) || n > size) return Corrupt(page, "bad adjacency record");
    out->resize(n);
    for (uint64_t i = 0; i < n; ++i) {
        AdjGroup& g = (*out)[i];
        if (!NextGroup(&p, end, &g)) return Corrupt(page, "bad adjacency group");
        if (g.run) {  // callers see canonical pairs
            if (!FromRun(g.data, g.size, &g.owned)) return Corrupt(page, "bad adjacency run");
            g.run = false;
            g.data = reinterpret_cast<const uint8_t*>(g.owned.data());
            g.size = g.owned.size();
        }
    }
    return Status::Ok();
}

void Adjacency::Repoint(std::vector<AdjGroup>* groups) {
    for (AdjGroup& g : *groups) {
        if (!g.owned.empty()) g.data = reinterpret_cast<const uint8_t*>(g.owned.data());
    }
}

void Adjacency::Serialize(const std::vector<AdjGroup>& groups, std::string* out) {
    PutVarint(out, groups.size());
    for (const AdjGroup& g : groups) {
        PutVarint(out, g.type);
        // Only when the bytes are that one entry: a group whose count disagrees with its bytes
        // keeps the long form, so the damage stays where `nexus check` reports it.
        if (!g.dense && g.count == 1 && g.size > 0 &&
            OneEntrySize(g.data, g.data + g.size) == g.size) {
            out->push_back(static_cast<char>(static_cast<uint8_t>(g.dir) | kSingleFlag));
            out->append(reinterpret_cast<const char*>(g.data), g.size);
            continue;
        }
        std::string run;
        bool as_run = !g.dense && g.count >= 2 && ToRun(g.data, g.size, &run);
        out->push_back(static_cast<char>(static_cast<uint8_t>(g.dir) | (g.dense ? kDenseFlag : 0) |
                                         (as_run ? kRunFlag : 0)));
        PutVarint(out, g.count);
        if (as_run) {
            PutVarint(out, run.size());
            out->append(run);
            continue;
        }
        if (g.dense) {
            char b[8];
            Store32(reinterpret_cast<uint8_t*>(b), g.head);
            Store32(reinterpret_cast<uint8_t*>(b) + 4, g.tail);
            out->append(b, 8);
        } else {
            PutVarint(out, g.size);
            out->append(reinterpret_cast<const char*>(g.data), g.size);
        }
    }
}

Status Adjacency::DecodeGroup(const AdjGroup& g, Direction requested, std::vector<AdjEntry>* out) {
    graph::Direction d = g.dir == AdjDir::kOut               ? Direction::kOutgoing
                         : g.dir == AdjDir::kIn              ? Direction::kIncoming
                         : requested == Direction::kIncoming ? Direction::kIncoming
                                                             : Direction::kOutgoing;
    auto emit = [&](uint64_t n, uint64_t r) { out->push_back(AdjEntry{r, n, g.type, d}); };
    // The count comes from disk: reserve no more than the bytes can hold (two per entry) or a
    // sane bound for chunks, and grow geometrically across the groups of one call.
    uint64_t expect = g.dense ? std::min<uint64_t>(g.count, uint64_t{1} << 16)
                              : std::min<uint64_t>(g.count, g.run ? g.size : g.size / 2);
    if (out->capacity() < out->size() + expect) {
        out->reserve(std::max<size_t>(out->size() + expect, 2 * out->capacity()));
    }
    if (!g.dense) {
        if (!ForEachEntry(g.data, g.data + g.size, emit, g.run)) {
            return Status(StatusCode::kCorruption, "bad inline adjacency entries");
        }
        return Status::Ok();
    }
    PageId chunk = g.head;
    for (uint64_t hops = 0; chunk != 0; ++hops) {
        if (hops > g.count) return Corrupt(chunk, "adjacency chunk chain loops");
        ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(reader_, chunk, PageType::kAdjChunk));
        const uint8_t* p = ref.data();
        uint16_t used = Load16(p + 2);
        if (used > kChunkCapacity) return Corrupt(chunk, "bad chunk length");
        if (!ForEachEntry(p + kChunkHeader, p + kChunkHeader + used, emit)) {
            return Corrupt(chunk, "bad adjacency entries");
        }
        chunk = Load32(p + 4);
    }
    return Status::Ok();
}

Status Adjacency::Expand(RecordAddr addr, Direction dir, std::span<const TokenId> types,
                         std::vector<AdjEntry>* out) {
    if (addr == kNoRecord) return Status::Ok();
    RecordView view;
    RETURN_IF_ERROR(heap_->Read(addr, &view));
    const uint8_t* p = view.data;
    const uint8_t* end = view.data + view.size;
    uint64_t n;
    if (!GetVarint(&p, end, &n)) return Corrupt(AddrPage(addr), "bad adjacency record");
    AdjGroup g;
    for (uint64_t i = 0; i < n; ++i) {
        if (!NextGroup(&p, end, &g)) return Corrupt(AddrPage(addr), "bad adjacency group");
        if (!Matches(g.dir, dir) || !TypeWanted(g.type, types)) continue;
        Status st = DecodeGroup(g, dir, out);
        if (!st.ok()) {
            if (st.message().rfind("page ", 0) == 0) return st;
            return Corrupt(AddrPage(addr), st.message());
        }
    }
    return Status::Ok();
}

namespace {

// Decodes a varint with no bounds check: the caller guarantees 10 readable bytes. False
// when it runs longer than 10 bytes. Varints of up to 8 bytes (every neighbour and
// relationship delta below 2^56) decode without a branch on their length, which is random
// in a graph and would otherwise mispredict on most entries.
inline bool VarintUnchecked(const uint8_t** p, uint64_t* v) {
    uint64_t x = Load64(*p);
    uint64_t stops = ~x & 0x8080808080808080ULL;  // high bit clear: the last byte
    if (stops == 0) return GetVarint(p, *p + 10, v);
    unsigned bits = static_cast<unsigned>(__builtin_ctzll(stops)) + 1;  // through that bit
    if (bits < 64) x &= (uint64_t{1} << bits) - 1;
    *v = (x & 0x7f) | ((x >> 1) & (0x7fULL << 7)) | ((x >> 2) & (0x7fULL << 14)) |
         ((x >> 3) & (0x7fULL << 21)) | ((x >> 4) & (0x7fULL << 28)) |
         ((x >> 5) & (0x7fULL << 35)) | ((x >> 6) & (0x7fULL << 42)) | ((x >> 7) & (0x7fULL << 49));
    *p += bits / 8;
    return true;
}

// Decodes one run of entries [p, end) (a group's inline bytes or one chunk) straight into
// the batch. False on malformed bytes; stops quietly when the visitor does. Memory up to
// `limit` (the page's end) is readable, so while 20 bytes (two longest varints) remain before
// it the loop reads without per-byte bounds checks and only checks `end` once per entry.
[[gnu::always_inline]] inline bool ScanEntries(const uint8_t* p, const uint8_t* end,
                                               const uint8_t* limit, NodeId node, TokenId type,
                                               Direction d, AdjScanBatch* out) {
    uint64_t n = 0, r = 0;
    while (p < end) {
        size_t room = 0;
        AdjScanEntry* first = out->Room(&room);
        if (first == nullptr) return true;
        AdjScanEntry* w = first;
        AdjScanEntry* stop = first + room;
        for (; w < stop && p < end && limit - p >= 20; ++w) {
            uint64_t dn, dr;
            if (!VarintUnchecked(&p, &dn) || !VarintUnchecked(&p, &dr) || p > end) return false;
            n += static_cast<uint64_t>(UnZigZag(dn));
            r += static_cast<uint64_t>(UnZigZag(dr));
            *w = AdjScanEntry{node, n, r, type, d};
        }
        for (; w < stop && p < end && limit - p < 20; ++w) {
            uint64_t dn, dr;
            if (!GetVarint(&p, end, &dn) || !GetVarint(&p, end, &dr)) return false;
            n += static_cast<uint64_t>(UnZigZag(dn));
            r += static_cast<uint64_t>(UnZigZag(dr));
            *w = AdjScanEntry{node, n, r, type, d};
        }
        out->Filled(static_cast<size_t>(w - first));
    }
    return true;
}

// ScanEntries for the run form (kRunFlag): the first entry's pair, then one neighbour delta
// per entry, the relationship id counting up by one.
bool ScanRun(const uint8_t* p, const uint8_t* end, const uint8_t* limit, NodeId node, TokenId type,
             Direction d, AdjScanBatch* out) {
    uint64_t n, r;
    if (!GetVarint(&p, end, &n) || !GetVarint(&p, end, &r)) return false;
    n = static_cast<uint64_t>(UnZigZag(n));
    r = static_cast<uint64_t>(UnZigZag(r));
    size_t room = 0;
    AdjScanEntry* w = out->Room(&room);
    if (w == nullptr) return true;
    *w = AdjScanEntry{node, n, r, type, d};
    out->Filled(1);
    while (p < end) {
        AdjScanEntry* first = out->Room(&room);
        if (first == nullptr) return true;
        w = first;
        AdjScanEntry* stop = first + room;
        for (; w < stop && p < end; ++w) {
            uint64_t dn;
            bool ok = limit - p >= 10 ? VarintUnchecked(&p, &dn) : GetVarint(&p, end, &dn);
            if (!ok || p > end) return false;
            n += static_cast<uint64_t>(UnZigZag(dn));
            *w = AdjScanEntry{node, n, ++r, type, d};
        }
        out->Filled(static_cast<size_t>(w - first));
    }
    return true;
}

// The 7-bit groups of a varint's bytes (stop bits included in `y`, bytes past it zero).
[[gnu::always_inline]] inline uint64_t GatherVarint(uint64_t y) {
    return (y & 0x7f) | ((y >> 1) & (0x7fULL << 7)) | ((y >> 2) & (0x7fULL << 14)) |
           ((y >> 3) & (0x7fULL << 21)) | ((y >> 4) & (0x7fULL << 28)) |
           ((y >> 5) & (0x7fULL << 35)) | ((y >> 6) & (0x7fULL << 42)) |
           ((y >> 7) & (0x7fULL << 49));
}

// Decodes an entry's two varints (neighbour and relationship deltas) from one 8-byte load when
// together they take at most 8 bytes, as nearly all do. Where each varint was decoded after
// the previous one's length was known, the loop waited on a load, a mask and a count per
// varint; here the next entry's address is known after one load and two bit counts. The
// caller guarantees 20 readable bytes.
[[gnu::always_inline]] inline bool EntryPair(const uint8_t** p, uint64_t* a, uint64_t* b) {
    uint64_t x = Load64(*p);
    uint64_t stops = ~x & 0x8080808080808080ULL;
    uint64_t second = stops & (stops - 1);  // the first stop bit cleared
    if (__builtin_expect(second == 0, 0)) {
        return VarintUnchecked(p, a) && VarintUnchecked(p, b);
    }
    unsigned bits1 = static_cast<unsigned>(__builtin_ctzll(stops)) + 1;   // at most 56
    unsigned bits2 = static_cast<unsigned>(__builtin_ctzll(second)) + 1;  // at most 64
    uint64_t upto2 = bits2 == 64 ? x : x & ((uint64_t{1} << bits2) - 1);
    *a = GatherVarint(x & ((uint64_t{1} << bits1) - 1));
    *b = GatherVarint(upto2 >> bits1);
    *p += bits2 / 8;
    return true;
}

Direction EntryDirection(AdjDir g, Direction requested) {
    return g == AdjDir::kOut                   ? Direction::kOutgoing
           : g == AdjDir::kIn                  ? Direction::kIncoming
           : requested == Direction::kIncoming ? Direction::kIncoming
                                               : Direction::kOutgoing;
}

}  // namespace

Status Adjacency::ScanDense(PageId head, uint64_t count, NodeId node, TokenId type, Direction d,
                            PinnedPages* pages, AdjScanBatch* out) {
    PageId chunk = head;
    for (uint64_t hops = 0; chunk != 0 && !out->stopped(); ++hops) {
        if (hops > count) return Corrupt(chunk, "adjacency chunk chain loops");
        Status st;
        const uint8_t* c = pages->Get(chunk, PageType::kAdjChunk, PinnedPages::kChunks, &st);
        if (c == nullptr) return st;
        uint16_t used = Load16(c + 2);
        if (used > kChunkCapacity) return Corrupt(chunk, "bad chunk length");
        if (!ScanEntries(c + kChunkHeader, c + kChunkHeader + used, c + kPageUsable, node, type, d,
                         out)) {
            return Corrupt(chunk, "bad adjacency entries");
        }
        chunk = Load32(c + 4);
    }
    return Status::Ok();
}

// The whole record in one pass, for a record followed by at least 20 readable bytes: group
// headers and entries decode without per-byte bounds checks (a varint is at most 10 bytes, so
// a malformed one reads at most 19 bytes past the record and is caught by the end check of
// its group), and each inline group reserves its batch room once (an entry takes at least two
// bytes) instead of once per entry.
Status Adjacency::ScanRecordFast(NodeId node, const uint8_t* data, size_t size, PageId page,
                                 Direction dir, std::span<const TokenId> types, PinnedPages* pages,
                                 AdjScanBatch* out) {
    const uint8_t* p = data;
    const uint8_t* end = data + size;
    uint64_t groups;
    if (!GetVarint(&p, end, &groups) || p > end) return Corrupt(page, "bad adjacency record");
    for (uint64_t i = 0; i < groups; ++i) {
        uint64_t type, count, n = 0;
        uint8_t flags;
        bool dense;
        const uint8_t* g;
        // The common headers read with one load, so the next group's address does not wait on
        // a load per byte: a single entry (type below 128, flags), or type, flags, count and
        // inline size one byte each (all below 128).
        uint32_t h = Load32(p);
        uint32_t f = (h >> 8) & 0xff;
        if ((h & 0x80) == 0 && f - kSingleFlag <= 2 && p + 2 < end) {
            const uint8_t* q = p + 2;
            uint64_t dn, dr;
            if (!EntryPair(&q, &dn, &dr) || q > end) {
                return Corrupt(page, "bad inline adjacency entries");
            }
            p = q;
            AdjDir gdir = static_cast<AdjDir>(f & 0x0f);
            if (!Matches(gdir, dir) || !TypeWanted(static_cast<TokenId>(h & 0x7f), types)) continue;
            size_t room = 0;
            AdjScanEntry* w = out->Room(&room);
            if (w == nullptr) return Status::Ok();  // the visitor stopped
            *w = AdjScanEntry{node, static_cast<uint64_t>(UnZigZag(dn)),
                              static_cast<uint64_t>(UnZigZag(dr)), static_cast<TokenId>(h & 0x7f),
                              EntryDirection(gdir, dir)};
            out->Filled(1);
            continue;
        }
        if (p + 4 <= end && (h & 0x80808080u) == 0 && (f & ~uint32_t{kRunFlag}) <= 2) {
            type = h & 0xff;
            flags = static_cast<uint8_t>(f);
            count = (h >> 16) & 0xff;
            n = h >> 24;
            dense = false;
            g = p + 4;
        } else {
            AdjGroup x;
            if (p >= end || !NextGroup(&p, end, &x)) return Corrupt(page, "bad adjacency group");
            type = x.type;
            flags = static_cast<uint8_t>(static_cast<uint8_t>(x.dir) | (x.run ? kRunFlag : 0));
            count = x.count;
            dense = x.dense;
            n = x.size;
            g = dense ? p - 8 : x.data;
        }
        if (!dense && (g > end || n > static_cast<uint64_t>(end - g))) {
            return Corrupt(page, "bad adjacency group");
        }
        p = dense ? p : g + n;
        AdjDir gdir = static_cast<AdjDir>(flags & 0x0f);
        if (!Matches(gdir, dir) || !TypeWanted(static_cast<TokenId>(type), types)) continue;
        Direction d = EntryDirection(gdir, dir);
        if (flags & kRunFlag) {
            if (!ScanRun(g, g + n, end + 20, node, static_cast<TokenId>(type), d, out)) {
                return Corrupt(page, "bad inline adjacency entries");
            }
        } else if (dense) {
            RETURN_IF_ERROR(
                ScanDense(Load32(g), count, node, static_cast<TokenId>(type), d, pages, out));
        } else {
            size_t room = 0;
            AdjScanEntry* first = out->Room(&room);
            if (first == nullptr) return Status::Ok();  // the visitor stopped
            if (room < (n + 1) / 2) {  // fills the batch up, then flushes it: batches stay full
                if (!ScanEntries(g, g + n, end + 20, node, static_cast<TokenId>(type), d, out)) {
                    return Corrupt(page, "bad inline adjacency entries");
                }
                continue;
            }
            AdjScanEntry* w = first;
            uint64_t nb = 0, rel = 0;
            // Each entry starts before g + n and takes at most 20 bytes, so a malformed one
            // reads within the 20 bytes past the record; the end check follows the loop.
            const uint8_t* q = g;
            for (; q < g + n; ++w) {
                uint64_t dn, dr;
                if (!EntryPair(&q, &dn, &dr)) return Corrupt(page, "bad inline adjacency entries");
                nb += static_cast<uint64_t>(UnZigZag(dn));
                rel += static_cast<uint64_t>(UnZigZag(dr));
                *w = AdjScanEntry{node, nb, rel, static_cast<TokenId>(type), d};
            }
            if (q != g + n) return Corrupt(page, "bad inline adjacency entries");
            out->Filled(static_cast<size_t>(w - first));
        }
        if (out->stopped()) return Status::Ok();
    }
    return Status::Ok();
}

Status Adjacency::ScanRecord(NodeId node, const uint8_t* data, size_t size, const uint8_t* limit,
                             PageId page, Direction dir, std::span<const TokenId> types,
                             PinnedPages* pages, AdjScanBatch* out) {
    if (limit - (data + size) >= 20) {
        return ScanRecordFast(node, data, size, page, dir, types, pages, out);
    }
    const uint8_t* p = data;
    const uint8_t* end = data + size;
    uint64_t n;
    if (!GetVarint(&p, end, &n)) return Corrupt(page, "bad adjacency record");
    AdjGroup g;
    for (uint64_t i = 0; i < n && !out->stopped(); ++i) {
        if (!NextGroup(&p, end, &g)) return Corrupt(page, "bad adjacency group");
        if (!Matches(g.dir, dir) || !TypeWanted(g.type, types)) continue;
        Direction d = EntryDirection(g.dir, dir);
        if (!g.dense) {
            bool ok = g.run ? ScanRun(g.data, g.data + g.size, limit, node, g.type, d, out)
                            : ScanEntries(g.data, g.data + g.size, limit, node, g.type, d, out);
            if (!ok) return Corrupt(page, "bad inline adjacency entries");
            continue;
        }
        RETURN_IF_ERROR(ScanDense(g.head, g.count, node, g.type, d, pages, out));
    }
    return Status::Ok();
}

Result<uint64_t> Adjacency::Degree(RecordAddr addr, Direction dir, std::span<const TokenId> types) {
    if (addr == kNoRecord) return uint64_t{0};
    RecordView view;
    RETURN_IF_ERROR(heap_->Read(addr, &view));
    const uint8_t* p = view.data;
    const uint8_t* end = view.data + view.size;
    uint64_t n, total = 0;
    if (!GetVarint(&p, end, &n)) return Corrupt(AddrPage(addr), "bad adjacency record");
    AdjGroup g;
    for (uint64_t i = 0; i < n; ++i) {
        if (!NextGroup(&p, end, &g)) return Corrupt(AddrPage(addr), "bad adjacency group");
        if (Matches(g.dir, dir) && TypeWanted(g.type, types)) total += g.count;
    }
    return total;
}

Status Adjacency::MakeDense(AdjGroup* g) {
    uint64_t last_n = 0, last_r = 0;
    if (!ForEachEntry(g->data, g->data + g->size, [&](uint64_t n, uint64_t r) {
            last_n = n;
            last_r = r;
        })) {
        return Status(StatusCode::kCorruption, "bad inline adjacency entries");
    }
    ASSIGN_OR_RETURN(PageId id, writer_->Allocate());
    ASSIGN_OR_RETURN(uint8_t * p, writer_->Write(id));
    p[0] = static_cast<uint8_t>(PageType::kAdjChunk);
    Store16(p + 2, static_cast<uint16_t>(g->size));
    Store32(p + 4, 0);
    Store64(p + 8, last_n);
    Store64(p + 16, last_r);
    std::memcpy(p + kChunkHeader, g->data, g->size);
    g->dense = true;
    g->head = g->tail = id;
    g->data = nullptr;
    g->size = 0;
    g->owned.clear();
    return Status::Ok();
}

Status Adjacency::AppendDense(AdjGroup* g, NodeId neighbor, RelId rel) {
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, g->tail, PageType::kAdjChunk));
    uint16_t used = Load16(p + 2);
    if (used > kChunkCapacity) return Corrupt(g->tail, "bad chunk length");
    uint64_t last_n = Load64(p + 8), last_r = Load64(p + 16);
    if (used + 20u > kChunkCapacity) {
        ASSIGN_OR_RETURN(PageId id, writer_->Allocate());
        ASSIGN_OR_RETURN(uint8_t * q, writer_->Write(id));
        q[0] = static_cast<uint8_t>(PageType::kAdjChunk);
        Store32(p + 4, id);
        g->tail = id;
        p = q;
        used = 0;
        last_n = last_r = 0;
    }
    uint8_t* w = p + kChunkHeader + used;
    w = PutVarintRaw(w, ZigZag(static_cast<int64_t>(neighbor - last_n)));
    w = PutVarintRaw(w, ZigZag(static_cast<int64_t>(rel - last_r)));
    Store16(p + 2, static_cast<uint16_t>(w - (p + kChunkHeader)));
    Store64(p + 8, neighbor);
    Store64(p + 16, rel);
    return Status::Ok();
}

Result<RecordAddr> Adjacency::Store(RecordAddr addr, const std::vector<AdjGroup>& groups) {
    if (groups.empty()) {
        if (addr != kNoRecord) RETURN_IF_ERROR(heap_->Delete(addr));
        return kNoRecord;
    }
    std::string bytes;
    Serialize(groups, &bytes);
    if (addr == kNoRecord) return heap_->Insert(bytes);
    return heap_->Update(addr, bytes);
}

Result<RecordAddr> Adjacency::Add(RecordAddr addr, TokenId type, AdjDir dir, NodeId neighbor,
                                  RelId rel) {
    RecordView view;
    std::vector<AdjGroup> groups;
    if (addr != kNoRecord) {
        RETURN_IF_ERROR(heap_->Read(addr, &view));
        RETURN_IF_ERROR(Parse(view.data, view.size, AddrPage(addr), &groups));
    }
    auto it = std::find_if(groups.begin(), groups.end(), [&](const AdjGroup& g) {
        return g.type > type || (g.type == type && g.dir >= dir);
    });
    if (it == groups.end() || it->type != type || it->dir != dir) {
        AdjGroup fresh;
        fresh.type = type;
        fresh.dir = dir;
        it = groups.insert(it, std::move(fresh));
        Repoint(&groups);
    }
    AdjGroup& g = *it;
    if (g.dense) {
        RETURN_IF_ERROR(AppendDense(&g, neighbor, rel));
    } else {
        uint64_t last_n = 0, last_r = 0;
        if (!ForEachEntry(g.data, g.data + g.size, [&](uint64_t n, uint64_t r) {
                last_n = n;
                last_r = r;
            })) {
            return Corrupt(AddrPage(addr), "bad inline adjacency entries");
        }
        std::string bytes(reinterpret_cast<const char*>(g.data), g.size);
        PutEntry(&bytes, &last_n, &last_r, neighbor, rel);
        g.owned = std::move(bytes);
        g.data = reinterpret_cast<const uint8_t*>(g.owned.data());
        g.size = g.owned.size();
    }
    ++g.count;
    if (!g.dense && g.size > kInlineGroupMax) RETURN_IF_ERROR(MakeDense(&g));
    for (;;) {
        size_t total = 0;
        AdjGroup* largest = nullptr;
        for (AdjGroup& x : groups) {
            total += 16 + x.size;
            if (!x.dense && (!largest || x.size > largest->size)) largest = &x;
        }
        if (total <= kInlineRecordMax || !largest) break;
        RETURN_IF_ERROR(MakeDense(largest));
    }
    return Store(addr, groups);
}

Status Adjacency::RemoveDense(AdjGroup* g, RelId rel, bool* found) {
    PageId prev = 0, chunk = g->head;
    std::vector<std::pair<uint64_t, uint64_t>> entries;
    for (uint64_t hops = 0; chunk != 0 && !*found; ++hops) {
        if (hops > g->count) return Corrupt(chunk, "adjacency chunk chain loops");
        ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(writer_, chunk, PageType::kAdjChunk));
        const uint8_t* p = ref.data();
        uint16_t used = Load16(p + 2);
        PageId next = Load32(p + 4);
        if (used > kChunkCapacity) return Corrupt(chunk, "bad chunk length");
        entries.clear();
        if (!ForEachEntry(p + kChunkHeader, p + kChunkHeader + used,
                          [&](uint64_t n, uint64_t r) { entries.emplace_back(n, r); })) {
            return Corrupt(chunk, "bad adjacency entries");
        }
        auto hit = std::find_if(entries.begin(), entries.end(),
                                [&](const auto& e) { return e.second == rel; });
        if (hit == entries.end()) {
            prev = chunk;
            chunk = next;
            continue;
        }
        *found = true;
        entries.erase(hit);
        if (entries.empty() && !(prev == 0 && next == 0)) {
            if (prev == 0) {
                g->head = next;
            } else {
                ASSIGN_OR_RETURN(uint8_t * pp, WriteTyped(writer_, prev, PageType::kAdjChunk));
                Store32(pp + 4, next);
            }
            if (g->tail == chunk) g->tail = prev;
            RETURN_IF_ERROR(writer_->Free(chunk));
            break;
        }
        std::string bytes;
        uint64_t last_n = 0, last_r = 0;
        for (const auto& [n, r] : entries) PutEntry(&bytes, &last_n, &last_r, n, r);
        ASSIGN_OR_RETURN(uint8_t * w, WriteTyped(writer_, chunk, PageType::kAdjChunk));
        std::memcpy(w + kChunkHeader, bytes.data(), bytes.size());
        Store16(w + 2, static_cast<uint16_t>(bytes.size()));
        Store64(w + 8, last_n);
        Store64(w + 16, last_r);
    }
    return Status::Ok();
}

Result<RecordAddr> Adjacency::Remove(RecordAddr addr, TokenId type, AdjDir dir, RelId rel) {
    if (addr == kNoRecord) return Corrupt(0, "relationship missing from its node's adjacency");
    RecordView view;
    std::vector<AdjGroup> groups;
    RETURN_IF_ERROR(heap_->Read(addr, &view));
    RETURN_IF_ERROR(Parse(view.data, view.size, AddrPage(addr), &groups));
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const AdjGroup& g) { return g.type == type && g.dir == dir; });
    bool found = false;
    if (it != groups.end() && it->dense) {
        RETURN_IF_ERROR(RemoveDense(&*it, rel, &found));
    } else if (it != groups.end()) {
        std::string bytes;
        uint64_t last_n = 0, last_r = 0;
        if (!ForEachEntry(it->data, it->data + it->size, [&](uint64_t n, uint64_t r) {
                if (r == rel && !found)
                    found = true;
                else
                    PutEntry(&bytes, &last_n, &last_r, n, r);
            })) {
            return Corrupt(AddrPage(addr), "bad inline adjacency entries");
        }
        it->owned = std::move(bytes);
        it->data = reinterpret_cast<const uint8_t*>(it->owned.data());
        it->size = it->owned.size();
    }
    if (!found) {
        return Corrupt(AddrPage(addr), "relationship " + std::to_string(rel) +
                                           " missing from its node's adjacency");
    }
    if (--it->count == 0) {
        if (it->dense) RETURN_IF_ERROR(writer_->Free(it->head));
        groups.erase(it);
        Repoint(&groups);
    }
    return Store(addr, groups);
}

}  // namespace nexus::graph
