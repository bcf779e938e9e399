// A blocking Bolt client over a real loopback socket for server tests: handshake, HELLO +
// LOGON, send messages, and read responses one message at a time (so a test can stream a
// large result without holding it).
#pragma once

#include "server/asio.h"

#include <string>
#include <vector>

#include "bolt_test_util.h"

namespace nexus::server::testing {

class NetClient {
  public:
    explicit NetClient(int port) : socket_(io_) {
        namespace asio = boost::asio;
        socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                                static_cast<uint16_t>(port)),
                        ec_);
    }
    bool connected() const { return !ec_; }
    boost::asio::ip::tcp::socket& socket() { return socket_; }

    // Proposes 5.8..5.0; returns the 4 answer bytes (empty when the server closed).
    std::string Handshake() {
        std::string hs = {'\x60', '\x60', '\xB0', '\x17', 0, 8, 8, 5};
        hs += std::string(12, '\0');
        Write(hs);
        std::string v(4, '\0');
        boost::asio::read(socket_, boost::asio::buffer(v.data(), 4), ec_);
        return ec_ ? std::string() : v;
    }

    // Handshake, HELLO and LOGON (scheme none); true when both succeeded.
    bool Login() {
        if (Handshake().empty()) return false;
        Send({Msg(bolt::MessageType::kHello, {Value(Map{})}),
              Msg(bolt::MessageType::kLogon, {Value(Map{{"scheme", "none"}})})});
        Response a, b;
        return Next(&a) && Next(&b) && a.type == bolt::MessageType::kSuccess &&
               b.type == bolt::MessageType::kSuccess;
    }

    void Send(const std::vector<std::string>& msgs) {
        std::string wire;
        for (const auto& m : msgs) bolt::AppendChunked(m, &wire);
        Write(wire);
    }
    void Write(const std::string& bytes) {
        boost::asio::write(socket_, boost::asio::buffer(bytes), ec_);
    }

    // The next response message; false once the server closed the connection.
    bool Next(Response* out) {
        std::string msg;
        for (;;) {
            Result<bool> more = reader_.Next(&msg);
            if (!more.ok()) return false;
            if (*more) break;
            char buf[65536];
            size_t n = socket_.read_some(boost::asio::buffer(buf), ec_);
            if (ec_) return false;
            reader_.Append(std::string_view(buf, n));
        }
        std::string wire;
        bolt::AppendChunked(msg, &wire);
        std::vector<Response> r = Decode(wire);
        if (r.size() != 1) return false;
        *out = std::move(r[0]);
        return true;
    }

    // Skips RECORDs (counting them into *records) up to the next summary message.
    bool NextSummary(Response* out, size_t* records = nullptr) {
        while (Next(out)) {
            if (out->type != bolt::MessageType::kRecord) return true;
            if (records != nullptr) ++*records;
        }
        return false;
    }

  private:
    boost::asio::io_context io_;
    boost::asio::ip::tcp::socket socket_;
    boost::system::error_code ec_;
    bolt::ChunkReader reader_;
};

}  // namespace nexus::server::testing
