// Bolt handshake negotiation and message chunking.
#include "server/bolt/framing.h"

#include <algorithm>

namespace nexus::server::bolt {

namespace {

constexpr uint8_t kManifestMajor = 0xFF;
constexpr uint8_t kManifestMinor = 1;
constexpr uint8_t kMaxMinor5 = 8;

// The version we speak inside one proposal [00 range minor major], or {0,0}.
BoltVersion Pick(uint8_t range, uint8_t minor, uint8_t major) {
    int lowest = std::max(0, static_cast<int>(minor) - range);
    if (major == 5 && lowest <= kMaxMinor5) {
        return BoltVersion{5, static_cast<uint8_t>(std::min<int>(minor, kMaxMinor5))};
    }
    if (major == 4 && lowest <= 4 && minor >= 4) return BoltVersion{4, 4};
    return BoltVersion{};
}

}  // namespace

Result<Negotiation> NegotiateHandshake(std::string_view bytes) {
    if (bytes.size() < kHandshakeSize) {
        return Status(StatusCode::kProtocolError, "short Bolt handshake");
    }
    auto byte = [&](size_t i) { return static_cast<uint8_t>(bytes[i]); };
    uint32_t magic =
        (uint32_t{byte(0)} << 24) | (uint32_t{byte(1)} << 16) | (uint32_t{byte(2)} << 8) | byte(3);
    if (magic != kBoltMagic) return Status(StatusCode::kProtocolError, "not a Bolt handshake");
    for (size_t p = 0; p < 4; ++p) {
        size_t o = 4 + p * 4;
        uint8_t range = byte(o + 1);
        uint8_t minor = byte(o + 2);
        uint8_t major = byte(o + 3);
        if (major == kManifestMajor && minor >= kManifestMinor &&
            static_cast<int>(minor) - range <= kManifestMinor) {
            return Negotiation{BoltVersion{}, true};
        }
        BoltVersion v = Pick(range, minor, major);
        if (v.major != 0) return Negotiation{v, false};
    }
    return Negotiation{};
}

Result<BoltVersion> NegotiateVersion(std::string_view bytes) {
    // The legacy answer only: a manifest proposal is skipped like any version we do not speak.
    if (bytes.size() < kHandshakeSize) {
        return Status(StatusCode::kProtocolError, "short Bolt handshake");
    }
    std::string legacy(bytes.substr(0, kHandshakeSize));
    for (size_t o = 4; o < kHandshakeSize; o += 4) {
        if (static_cast<uint8_t>(legacy[o + 3]) == kManifestMajor) legacy.replace(o, 4, 4, '\0');
    }
    ASSIGN_OR_RETURN(Negotiation n, NegotiateHandshake(legacy));
    return n.version;
}

std::string EncodeManifest() {
    std::string out{'\0', '\0', static_cast<char>(kManifestMinor),
                    static_cast<char>(kManifestMajor)};
    out.push_back(2);  // varint: two ranges follow
    out += std::string{'\0', static_cast<char>(kMaxMinor5), static_cast<char>(kMaxMinor5), 5};
    out += std::string{'\0', '\0', 4, 4};
    out.push_back(0);  // varint: no capabilities
    return out;
}

Result<size_t> ParseManifestChoice(std::string_view bytes, BoltVersion* chosen) {
    constexpr size_t kMaxVarintBytes = 10;
    size_t end = 4;
    for (;; ++end) {
        if (end >= bytes.size()) return size_t{0};
        if (end - 4 >= kMaxVarintBytes) {
            return Status(StatusCode::kProtocolError, "overlong capability mask in handshake");
        }
        if ((static_cast<uint8_t>(bytes[end]) & 0x80) == 0) break;
    }
    uint8_t minor = static_cast<uint8_t>(bytes[2]);
    uint8_t major = static_cast<uint8_t>(bytes[3]);
    *chosen = BoltVersion{major, minor};
    bool offered = (major == 5 && minor <= kMaxMinor5) || (major == 4 && minor == 4);
    bool none = major == 0 && minor == 0;
    if ((bytes[0] != 0 || bytes[1] != 0 || !offered) && !none) {
        return Status(StatusCode::kProtocolError, "client chose Bolt " + std::to_string(major) +
                                                      "." + std::to_string(minor) +
                                                      ", which the manifest did not offer");
    }
    return end + 1;
}

std::string EncodeVersion(BoltVersion v) {
    return std::string{'\0', '\0', static_cast<char>(v.minor), static_cast<char>(v.major)};
}

Result<bool> ChunkReader::Next(std::string* message) {
    for (;;) {
        if (buffer_.size() - pos_ < 2) break;
        size_t size = (static_cast<size_t>(static_cast<uint8_t>(buffer_[pos_])) << 8) |
                      static_cast<uint8_t>(buffer_[pos_ + 1]);
        if (size == 0) {
            pos_ += 2;
            if (!in_message_) continue;  // a bare end marker is a NOOP keep-alive
            *message = std::move(partial_);
            partial_.clear();
            in_message_ = false;
            return true;
        }
        if (buffer_.size() - pos_ < 2 + size) break;
        if (partial_.size() + size > max_message_bytes_) {
            return Status(
                StatusCode::kProtocolError,
                "Bolt message larger than " + std::to_string(max_message_bytes_) + " bytes");
        }
        partial_.append(buffer_, pos_ + 2, size);
        in_message_ = true;
        pos_ += 2 + size;
    }
    // Drop consumed bytes once they dominate the buffer, keeping appends amortized O(1).
    if (pos_ > 0 && pos_ * 2 >= buffer_.size()) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
    return false;
}

void AppendChunked(std::string_view message, std::string* out) {
    size_t pos = 0;
    while (pos < message.size()) {
        size_t n = std::min<size_t>(0xFFFF, message.size() - pos);
        out->push_back(static_cast<char>(n >> 8));
        out->push_back(static_cast<char>(n));
        out->append(message.substr(pos, n));
        pos += n;
    }
    out->push_back('\0');
    out->push_back('\0');
}

}  // namespace nexus::server::bolt
