// Order-preserving encodings of each value type (format in docs/format/btree.md, "Keys").
// Signed integers are stored big-endian with the sign bit flipped; numbers as
// (class, binary exponent, mantissa) so ints and floats share one exact order.
#include "index/key_encoding.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace nexus::index {

namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;

// Number classes, in ascending order.
enum class NumClass : uint8_t {
    kNegInf = 1,
    kNegative = 2,
    kZero = 3,
    kPositive = 4,
    kPosInf = 5,
    kNaN = 6,
};

void PutTag(std::string* out, KeyTag tag) {
    out->push_back(static_cast<char>(tag));
}

void PutInt64(std::string* out, int64_t v) {
    AppendBigEndian64(out, static_cast<uint64_t>(v) ^ kSignBit);
}
void PutInt32(std::string* out, int32_t v) {
    AppendBigEndian32(out, static_cast<uint32_t>(v) ^ 0x80000000u);
}

// Doubles as unsigned integers with the same order (points only; numbers use PutNumber).
void PutOrderedDouble(std::string* out, double d) {
    if (d == 0) d = 0;  // -0.0 == 0.0
    if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
    uint64_t bits = std::bit_cast<uint64_t>(d);
    AppendBigEndian64(out, (bits & kSignBit) ? ~bits : bits | kSignBit);
}

// |x| = m * 2^e with m != 0: stored as the position of the top bit (biased, 2 bytes) and the
// bits below it, left-aligned, in 7-bit groups from the top (each byte: group << 1 | more),
// ending after the last non-zero group: integers below 2^43 take at most 6 bytes instead of 8.
// The groups are prefix-free, so a shorter form (zeros after it) sorts below a longer one with
// the same leading groups. Negative numbers complement every byte, so a larger magnitude sorts
// lower (complementing a prefix-free code reverses its memcmp order).
void PutMagnitude(std::string* out, uint64_t m, int e, bool negative) {
    int top = 63 - std::countl_zero(m);
    uint32_t exponent = static_cast<uint32_t>(top + e + 0x8000);
    uint64_t fraction = top == 0 ? 0 : m << (64 - top);
    const uint8_t flip = negative ? 0xFF : 0;
    if (negative) exponent = ~exponent & 0xFFFF;
    out->push_back(static_cast<char>(exponent >> 8));
    out->push_back(static_cast<char>(exponent));
    do {
        auto group = static_cast<uint8_t>(fraction >> 57);
        fraction <<= 7;
        uint8_t more = fraction != 0 ? 1 : 0;
        out->push_back(static_cast<char>(((group << 1) | more) ^ flip));
    } while (fraction != 0);
}

void PutNumber(std::string* out, const Value& v) {
    PutTag(out, KeyTag::kNumber);
    if (v.is_int()) {
        int64_t i = v.as_int();
        if (i == 0) {
            out->push_back(static_cast<char>(NumClass::kZero));
            return;
        }
        bool negative = i < 0;
        uint64_t m = negative ? ~static_cast<uint64_t>(i) + 1 : static_cast<uint64_t>(i);
        out->push_back(static_cast<char>(negative ? NumClass::kNegative : NumClass::kPositive));
        PutMagnitude(out, m, 0, negative);
        return;
    }
    double d = v.as_float();
    if (std::isnan(d)) {
        out->push_back(static_cast<char>(NumClass::kNaN));
        return;
    }
    if (std::isinf(d)) {
        out->push_back(static_cast<char>(d < 0 ? NumClass::kNegInf : NumClass::kPosInf));
        return;
    }
    if (d == 0) {
        out->push_back(static_cast<char>(NumClass::kZero));
        return;
    }
    uint64_t bits = std::bit_cast<uint64_t>(d);
    bool negative = (bits & kSignBit) != 0;
    int biased = static_cast<int>((bits >> 52) & 0x7FF);
    uint64_t m = bits & ((uint64_t{1} << 52) - 1);
    int e = -1074;  // subnormal
    if (biased != 0) {
        m |= uint64_t{1} << 52;
        e = biased - 1075;
    }
    out->push_back(static_cast<char>(negative ? NumClass::kNegative : NumClass::kPositive));
    PutMagnitude(out, m, e, negative);
}

// 0x00 becomes 0x00 0xFF; the string ends with 0x00 0x01, below any escaped byte.
void PutEscaped(std::string* out, std::string_view s) {
    for (char c : s) {
        out->push_back(c);
        if (c == '\0') out->push_back(static_cast<char>(0xFF));
    }
}
void PutString(std::string* out, std::string_view s) {
    PutEscaped(out, s);
    out->push_back('\0');
    out->push_back('\1');
}

// Dates, times and durations: fixed-width fields, most significant first.
void PutTemporal(std::string* out, const Value& v) {
    switch (v.kind()) {
        case ValueKind::kDate:
            PutTag(out, KeyTag::kDate);
            PutInt64(out, v.as_date().days);
            return;
        case ValueKind::kLocalTime:
            PutTag(out, KeyTag::kLocalTime);
            PutInt64(out, v.as_local_time().nanos);
            return;
        case ValueKind::kTime: {
            const Time& t = v.as_time();
            PutTag(out, KeyTag::kTime);
            PutInt64(out, t.nanos - int64_t{t.offset_seconds} * 1'000'000'000);
            PutInt32(out, t.offset_seconds);
            return;
        }
        case ValueKind::kLocalDateTime: {
            const LocalDateTime& t = v.as_local_date_time();
            PutTag(out, KeyTag::kLocalDateTime);
            PutInt64(out, t.seconds);
            PutInt32(out, t.nanos);
            return;
        }
        case ValueKind::kDateTime: {
            const DateTime& t = v.as_date_time();
            PutTag(out, KeyTag::kDateTime);
            PutInt64(out, t.seconds);
            PutInt32(out, t.nanos);
            PutInt32(out, t.offset_seconds);
            PutString(out, t.zone_id);
            return;
        }
        case ValueKind::kDuration: {
            // Component order, as ORDER BY sorts durations (a single "total" would need an
            // average month length and would make distinct durations collide).
            const Duration& d = v.as_duration();
            PutTag(out, KeyTag::kDuration);
            PutInt64(out, d.months);
            PutInt64(out, d.days);
            PutInt64(out, d.seconds);
            PutInt32(out, d.nanos);
            return;
        }
        default:
            return;
    }
}

}  // namespace

Status AppendKey(const Value& v, std::string* out) {
    switch (v.kind()) {
        case ValueKind::kNull:
            PutTag(out, KeyTag::kNull);
            return Status::Ok();
        case ValueKind::kBool:
            PutTag(out, KeyTag::kBool);
            out->push_back(v.as_bool() ? '\1' : '\0');
            return Status::Ok();
        case ValueKind::kInt:
        case ValueKind::kFloat:
            PutNumber(out, v);
            return Status::Ok();
        case ValueKind::kString:
            PutTag(out, KeyTag::kString);
            PutString(out, v.as_string());
            return Status::Ok();
        case ValueKind::kList:
            PutTag(out, KeyTag::kList);
            for (const Value& e : v.as_list()) RETURN_IF_ERROR(AppendKey(e, out));
            PutTag(out, KeyTag::kListEnd);
            return Status::Ok();
        case ValueKind::kDate:
        case ValueKind::kLocalTime:
        case ValueKind::kTime:
        case ValueKind::kLocalDateTime:
        case ValueKind::kDateTime:
        case ValueKind::kDuration:
            PutTemporal(out, v);
            return Status::Ok();
        case ValueKind::kPoint: {
            const Point& p = v.as_point();
            PutTag(out, KeyTag::kPoint);
            PutInt32(out, p.srid);
            PutOrderedDouble(out, p.x);
            PutOrderedDouble(out, p.y);
            PutOrderedDouble(out, p.z);
            return Status::Ok();
        }
        case ValueKind::kMap:
        case ValueKind::kNode:
        case ValueKind::kRelationship:
        case ValueKind::kPath:
            break;
    }
    return Status(
        StatusCode::kInvalidArgument,
        std::string("a value of type ") + ValueKindName(v.kind()) + " cannot be an index key");
}

Result<std::string> EncodeKey(const Value& v) {
    std::string out;
    RETURN_IF_ERROR(AppendKey(v, &out));
    return out;
}

void AppendStringPrefix(std::string_view prefix, std::string* out) {
    PutTag(out, KeyTag::kString);
    PutEscaped(out, prefix);
}

void ComparableRange(const Value& v, std::string* lower, std::string* upper) {
    lower->clear();
    upper->clear();
    if (v.is_number()) {
        PutTag(lower, KeyTag::kNumber);
        PutTag(upper, KeyTag::kNumber);
        upper->push_back(static_cast<char>(NumClass::kNaN));
        return;
    }
    std::string tag;
    AppendKey(v, &tag).IgnoreError();  // non-key types leave `tag` empty: an empty range
    if (tag.empty()) return;
    lower->push_back(tag[0]);
    upper->push_back(static_cast<char>(tag[0] + 1));
}

std::string PrefixSuccessor(std::string_view prefix) {
    std::string s(prefix);
    while (!s.empty() && static_cast<uint8_t>(s.back()) == 0xFF) s.pop_back();
    if (!s.empty()) s.back() = static_cast<char>(static_cast<uint8_t>(s.back()) + 1);
    return s;
}

}  // namespace nexus::index
