// PackStream v1: the binary value encoding Bolt carries (see docs/format/packstream.md).
// PackWriter appends markers and values to a byte string; PackReader decodes untrusted bytes
// into nexus::Value, returning kProtocolError on malformed input and never trusting a length
// it has not checked against the bytes actually present.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::server::bolt {

// How graph and temporal structures look on the wire for the negotiated protocol version.
struct PackOptions {
    bool utc_datetime = true;  // Bolt 5.x (and 4.4 with the "utc" patch): DateTime as UTC
    bool element_ids = true;   // Bolt 5.x: nodes and relationships carry element ids
};

// Structure tags (the byte after the B0..BF marker).
enum class StructTag : uint8_t {
    kNode = 0x4E,
    kRelationship = 0x52,
    kUnboundRelationship = 0x72,
    kPath = 0x50,
    kDate = 0x44,
    kTime = 0x54,
    kLocalTime = 0x74,
    kDateTime = 0x49,
    kDateTimeZoneId = 0x69,
    kLegacyDateTime = 0x46,
    kLegacyDateTimeZoneId = 0x66,
    kLocalDateTime = 0x64,
    kDuration = 0x45,
    kPoint2D = 0x58,
    kPoint3D = 0x59,
};

// Appends PackStream to `*out`. Not thread-safe; cheap to construct.
class PackWriter {
  public:
    explicit PackWriter(std::string* out, PackOptions options = {})
        : out_(out), options_(options) {}

    void Null();
    void Bool(bool b);
    void Int(int64_t v);
    void Float(double d);
    void String(std::string_view s);
    void ListHeader(uint32_t size);
    void MapHeader(uint32_t size);
    void StructHeader(uint8_t fields, uint8_t tag);
    void Write(const Value& v);
    void WriteMap(const Map& m);

  private:
    void SizedHeader(uint32_t size, uint8_t tiny, uint8_t m8, uint8_t m16, uint8_t m32, bool has8);
    void Be16(uint16_t v);
    void Be32(uint32_t v);
    void Be64(uint64_t v);
    void WriteNode(const Node& n);
    void WriteRelationship(const Relationship& r);
    void WriteUnbound(const Relationship& r);
    void WritePath(const Path& p);
    void WriteDateTime(const DateTime& dt);

    std::string* out_;
    PackOptions options_;
};

// Decodes PackStream from a buffer it does not own. Errors: kProtocolError for malformed or
// truncated bytes, kNotSupported for byte arrays (no nexus::Value for them), kArgumentError
// for an unknown time zone id.
class PackReader {
  public:
    static constexpr int kMaxDepth = 64;

    PackReader(std::string_view data, PackOptions options = {}) : data_(data), options_(options) {}

    Result<Value> Read();
    // Reads a structure header: field count and tag.
    Status ReadStructHeader(uint8_t* fields, uint8_t* tag);
    bool AtEnd() const { return pos_ >= data_.size(); }
    size_t position() const { return pos_; }

  private:
    Result<Value> ReadAt(int depth);
    Result<Value> ReadStruct(uint8_t fields, uint8_t tag, int depth);
    Result<Value> ReadGraphStruct(uint8_t fields, uint8_t tag, int depth);
    Result<Value> ReadTemporalStruct(uint8_t fields, uint8_t tag, int depth);
    Result<std::string> ReadStringBody(uint64_t size);
    Status Need(uint64_t n) const;
    Result<uint64_t> ReadBe(int bytes);
    Status Malformed(const std::string& what) const;

    std::string_view data_;
    size_t pos_ = 0;
    PackOptions options_;
};

}  // namespace nexus::server::bolt
