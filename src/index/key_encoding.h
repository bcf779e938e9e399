// Order-preserving key encoding: nexus::Value to bytes whose memcmp order is the Cypher
// ORDER BY order (the one OrderCompare in cypher/functions implements), so a B+tree over the
// bytes answers equality and range predicates. Also big-endian fixed-width id helpers.
// Encodings are prefix-free, so encoded values can be concatenated into composite keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::index {

// Leading tag byte of each encoded type, in ORDER BY order. 0x00 ends a list.
enum class KeyTag : uint8_t {
    kListEnd = 0x00,
    kList = 0x13,
    kPoint = 0x15,
    kDateTime = 0x16,
    kLocalDateTime = 0x17,
    kDate = 0x18,
    kTime = 0x19,
    kLocalTime = 0x1A,
    kDuration = 0x1B,
    kString = 0x1C,
    kBool = 0x1D,
    kNumber = 0x1E,
    kNull = 0x1F,
};

// Appends the encoding of `v`. Integers and floats share one exact numeric order (1 and 1.0
// encode identically; every int64 stays distinct), NaN after +infinity, -0.0 == 0.0.
// Equal instants of time/datetime with different offsets or zones stay distinct (ordered by
// offset, then zone). kInvalidArgument for maps, nodes, relationships and paths, which are
// not property values.
Status AppendKey(const Value& v, std::string* out);
Result<std::string> EncodeKey(const Value& v);

// Appends the encoding of a string without its terminator: every encoded string value that
// starts with `prefix` starts with these bytes (STARTS WITH scans).
void AppendStringPrefix(std::string_view prefix, std::string* out);

// All values that Cypher can compare with `v` using <, <=, >, >= encode into
// [*lower, *upper): the same type, or any non-NaN number for a number.
void ComparableRange(const Value& v, std::string* lower, std::string* upper);

// The smallest string greater than every string starting with `prefix`; empty when there is
// none (prefix empty or all 0xFF).
std::string PrefixSuccessor(std::string_view prefix);

inline void AppendBigEndian32(std::string* out, uint32_t v) {
    char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out->append(b, 4);
}
inline void AppendBigEndian64(std::string* out, uint64_t v) {
    AppendBigEndian32(out, static_cast<uint32_t>(v >> 32));
    AppendBigEndian32(out, static_cast<uint32_t>(v));
}
inline uint32_t LoadBigEndian32(const char* p) {
    auto* u = reinterpret_cast<const uint8_t*>(p);
    return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}
inline uint64_t LoadBigEndian64(const char* p) {
    return (uint64_t{LoadBigEndian32(p)} << 32) | LoadBigEndian32(p + 4);
}

}  // namespace nexus::index
