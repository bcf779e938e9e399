// Bolt handshake negotiation and message chunking.
#include "server/bolt/framing.h"

#include <algorithm>

namespace nexus::server::bolt {

Result<BoltVersion> NegotiateVersion(std::string_view bytes) {
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
        int lowest = std::max(0, static_cast<int>(minor) - range);
        if (major == 5 && lowest <= 8) {
            return BoltVersion{5, static_cast<uint8_t>(std::min<int>(minor, 8))};
        }
        if (major == 4 && lowest <= 4 && minor >= 4) return BoltVersion{4, 4};
    }
    return BoltVersion{};
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
