// The value of one label-index entry: which ids of one 4096-id chunk carry the label, stored
// as a sorted u16 array, a list of runs or a plain 512-byte bitmap, whichever is smallest
// (docs/format/btree.md, "Label index"). Owns encoding, validated decoding and counting.
// CRoaring's containers span 65536 ids (up to 8 KiB), more than a B+tree value may hold.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "nexus/status.h"

namespace nexus::index::label_chunk {

constexpr uint32_t kShift = 12;
constexpr uint32_t kIds = 1u << kShift;  // ids per chunk
constexpr uint32_t kWords = kIds / 64;
constexpr size_t kBitmapBytes = kIds / 8;  // 512 = BTree::kMaxValueSize
constexpr uint8_t kArray = 1;              // then n u16 offsets, ascending, n <= 255
constexpr uint8_t kRuns = 2;               // then (first, last) u16 pairs, ascending, apart

// Bit i of word i / 64 set: id (chunk << kShift) + i carries the label.
using Bits = std::array<uint64_t, kWords>;

// Decodes `value` into `bits` (overwritten); kCorruption on a bad length, unordered or
// overlapping offsets, or an empty chunk.
Status Decode(std::string_view value, Bits* bits);
// The smallest encoding of `bits`, which must not be empty.
void Encode(const Bits& bits, std::string* out);
bool Empty(const Bits& bits);
uint64_t Count(const Bits& bits);
// Appends the ids of `bits` (chunk `chunk`) in ascending order.
void AppendIds(const Bits& bits, uint64_t chunk, uint64_t* out, size_t* n);

}  // namespace nexus::index::label_chunk
