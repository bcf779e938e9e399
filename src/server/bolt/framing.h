// Bolt transport framing: the opening handshake (magic + four version proposals) and the
// chunked message encoding (2-byte big-endian chunk sizes, a 0x0000 chunk ends a message).
// See docs/format/packstream.md for the byte layouts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "nexus/status.h"

namespace nexus::server::bolt {

constexpr uint32_t kBoltMagic = 0x6060B017;
constexpr size_t kHandshakeSize = 20;  // magic + 4 proposals of 4 bytes

struct BoltVersion {
    uint8_t major = 0;
    uint8_t minor = 0;
    bool operator==(const BoltVersion&) const = default;
};

// Picks the first proposal (in client order) that covers a version we speak: 5.0-5.8 or 4.4.
// Returns {0,0} when none matches (the server then answers 00 00 00 00 and closes), and
// kProtocolError when `bytes` does not start with the Bolt magic.
Result<BoltVersion> NegotiateVersion(std::string_view bytes);
// The 4-byte answer to the handshake.
std::string EncodeVersion(BoltVersion v);

// Handshake manifest v1 (Bolt 5.7+ drivers propose 00 00 01 FF, i.e. "version 255.1", in
// their first slot). When it comes before any version we would pick, the server answers with
// the manifest instead of a version; the client then writes its choice:
//
//   S: 00 00 01 FF  varint(count)  count x [00 range minor major]  varint(capabilities)
//   C: [00 00 minor major]  varint(capabilities)        (00 00 00 00: nothing in common)
//
// Varints are little-endian base-128 (7 bits a byte, high bit = more follows).
struct Negotiation {
    BoltVersion version;    // the legacy answer ({0,0}: none); unused when `manifest`
    bool manifest = false;  // answer with EncodeManifest() and read the client's choice
};
Result<Negotiation> NegotiateHandshake(std::string_view bytes);
// 00 00 01 FF, then the ranges we speak (5.8 down to 5.0, 4.4) and no capabilities.
std::string EncodeManifest();
// Reads the client's choice from the first bytes after the manifest was sent. Returns the
// bytes it used, or 0 while more are needed; *chosen is {0,0} when the client found no common
// version. kProtocolError for a version the manifest did not offer or an overlong varint.
Result<size_t> ParseManifestChoice(std::string_view bytes, BoltVersion* chosen);

// Splits a byte stream into messages. Feed it bytes as they arrive, then take messages out.
class ChunkReader {
  public:
    explicit ChunkReader(size_t max_message_bytes = size_t{64} << 20)
        : max_message_bytes_(max_message_bytes) {}

    void Append(std::string_view bytes) { buffer_.append(bytes); }
    // Moves the next complete message into *message and returns true; false when more bytes
    // are needed; kProtocolError when a message grows past the size limit.
    Result<bool> Next(std::string* message);
    size_t buffered() const { return buffer_.size() - pos_; }

  private:
    std::string buffer_;
    size_t pos_ = 0;           // start of unconsumed bytes in buffer_
    std::string partial_;      // the current message's chunks so far
    bool in_message_ = false;  // partial_ holds at least one chunk
    size_t max_message_bytes_;
};

// Appends `message` to `*out` split into chunks of at most 65535 bytes plus the end marker.
void AppendChunked(std::string_view message, std::string* out);

}  // namespace nexus::server::bolt
