// Encoding and validated decoding of label-index chunk values (label_chunk.h). Values come
// from disk: every length, offset and order is checked before a bit is set.
#include "index/label_chunk.h"

#include <bit>

// Every label add or remove counts a chunk's bits and runs to pick its encoding; without the
// popcnt instruction (not in the x86-64 baseline) std::popcount is a libgcc call per word,
// which was a quarter of a 100k-node UNWIND CREATE. The clone is chosen once at load time.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NEXUS_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define NEXUS_POPCNT_CLONES
#endif

namespace nexus::index::label_chunk {

namespace {

Status Bad(const char* why) {
    return Status(StatusCode::kCorruption, std::string("label index chunk: ") + why);
}

uint16_t Get16(const char* p) {
    return static_cast<uint16_t>(static_cast<uint8_t>(p[0]) | (static_cast<uint8_t>(p[1]) << 8));
}

void Put16(std::string* out, uint32_t v) {
    out->push_back(static_cast<char>(v & 0xff));
    out->push_back(static_cast<char>(v >> 8));
}

void SetRange(Bits* bits, uint32_t first, uint32_t last) {
    for (uint32_t i = first; i <= last;) {
        uint32_t w = i / 64, b = i % 64;
        uint32_t span = std::min(64 - b, last - i + 1);
        uint64_t mask = span == 64 ? ~uint64_t{0} : ((uint64_t{1} << span) - 1) << b;
        (*bits)[w] |= mask;
        i += span;
    }
}

// Number of maximal runs of set bits.
NEXUS_POPCNT_CLONES uint32_t Runs(const Bits& bits) {
    uint32_t runs = 0;
    uint64_t carry = 0;  // bit 0: the previous word's top bit
    for (uint64_t w : bits) {
        runs += std::popcount(w & ~((w << 1) | carry));
        carry = w >> 63;
    }
    return runs;
}

}  // namespace

bool Empty(const Bits& bits) {
    for (uint64_t w : bits) {
        if (w != 0) return false;
    }
    return true;
}

NEXUS_POPCNT_CLONES uint64_t Count(const Bits& bits) {
    uint64_t n = 0;
    for (uint64_t w : bits) n += std::popcount(w);
    return n;
}

Status Decode(std::string_view value, Bits* bits) {
    bits->fill(0);
    if (value.size() == kBitmapBytes) {
        for (uint32_t w = 0; w < kWords; ++w) {
            uint64_t word = 0;
            for (int b = 7; b >= 0; --b)
                word = (word << 8) | static_cast<uint8_t>(value[w * 8 + b]);
            (*bits)[w] = word;
        }
        return Empty(*bits) ? Bad("empty bitmap") : Status::Ok();
    }
    if (value.empty()) return Bad("empty value (an older label index format?)");
    const char* p = value.data() + 1;
    size_t body = value.size() - 1;
    if (static_cast<uint8_t>(value[0]) == kArray) {
        if (body == 0 || body % 2 != 0) return Bad("bad array length");
        int prev = -1;
        for (size_t i = 0; i < body; i += 2) {
            uint32_t v = Get16(p + i);
            if (v >= kIds || static_cast<int>(v) <= prev) return Bad("array out of order");
            (*bits)[v / 64] |= uint64_t{1} << (v % 64);
            prev = static_cast<int>(v);
        }
        return Status::Ok();
    }
    if (static_cast<uint8_t>(value[0]) == kRuns) {
        if (body == 0 || body % 4 != 0) return Bad("bad run list length");
        int prev_last = -2;
        for (size_t i = 0; i < body; i += 4) {
            uint32_t first = Get16(p + i), last = Get16(p + i + 2);
            if (last >= kIds || first > last || static_cast<int>(first) <= prev_last + 1) {
                return Bad("runs out of order");
            }
            SetRange(bits, first, last);
            prev_last = static_cast<int>(last);
        }
        return Status::Ok();
    }
    return Bad("unknown container kind");
}

void Encode(const Bits& bits, std::string* out) {
    out->clear();
    uint64_t n = Count(bits);
    uint32_t runs = Runs(bits);
    size_t array_bytes = n <= 255 ? 1 + 2 * n : SIZE_MAX;
    size_t run_bytes = runs <= 127 ? 1 + 4 * size_t{runs} : SIZE_MAX;
    if (array_bytes <= run_bytes && array_bytes < kBitmapBytes) {
        out->push_back(static_cast<char>(kArray));
        for (uint32_t w = 0; w < kWords; ++w) {
            for (uint64_t word = bits[w]; word != 0; word &= word - 1) {
                Put16(out, w * 64 + std::countr_zero(word));
            }
        }
    } else if (run_bytes < kBitmapBytes) {
        out->push_back(static_cast<char>(kRuns));
        uint32_t i = 0;
        while (i < kIds) {
            uint64_t rest = bits[i / 64] >> (i % 64);
            if (rest == 0) {
                i = (i / 64 + 1) * 64;
                continue;
            }
            i += std::countr_zero(rest);
            uint32_t first = i;
            while (i < kIds) {
                uint64_t ones = ~(bits[i / 64] >> (i % 64));
                uint32_t len = ones == 0 ? 64 - i % 64 : std::countr_zero(ones);
                len = std::min(len, 64 - i % 64);
                i += len;
                if (i % 64 != 0 || len == 0) break;
            }
            Put16(out, first);
            Put16(out, i - 1);
        }
    } else {
        out->resize(kBitmapBytes);
        for (uint32_t w = 0; w < kWords; ++w) {
            for (int b = 0; b < 8; ++b) (*out)[w * 8 + b] = static_cast<char>(bits[w] >> (8 * b));
        }
    }
}

void AppendIds(const Bits& bits, uint64_t chunk, uint64_t* out, size_t* n) {
    uint64_t base = chunk << kShift;
    for (uint32_t w = 0; w < kWords; ++w) {
        for (uint64_t word = bits[w]; word != 0; word &= word - 1) {
            out[(*n)++] = base + w * 64 + std::countr_zero(word);
        }
    }
}

}  // namespace nexus::index::label_chunk
