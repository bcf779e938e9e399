// The Bolt side of the load generator: one TCP connection per client, all driven by one Asio
// thread (cheap: the server gets the other core). Each query is RUN+PULL written in one
// send, as the official drivers pipeline them, and the next query goes out when the PULL's
// summary arrives (closed loop). Responses are scanned by chunk header and message tag only;
// a FAILURE is decoded with the server's own PackReader so the error text is reported.
#include "bolt_load.h"

#include "server/asio.h"

#include <atomic>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "server/bolt/framing.h"
#include "server/bolt/messages.h"
#include "server/bolt/packstream.h"

namespace nexus::bench {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using server::bolt::MessageType;

constexpr uint8_t Tag(MessageType t) {
    return static_cast<uint8_t>(t);
}

void AppendMessage(MessageType type, const std::vector<Value>& fields, std::string* out) {
    std::string msg;
    server::bolt::PackWriter w(&msg);
    w.StructHeader(static_cast<uint8_t>(fields.size()), Tag(type));
    for (const Value& f : fields) w.Write(f);
    server::bolt::AppendChunked(msg, out);
}

std::string FailureText(std::string_view message) {
    server::bolt::PackReader r(message);
    uint8_t fields = 0, tag = 0;
    if (!r.ReadStructHeader(&fields, &tag).ok() || fields != 1) return "undecodable FAILURE";
    Result<Value> meta = r.Read();
    if (!meta.ok() || !meta->is_map()) return "undecodable FAILURE";
    auto it = meta->as_map().find("message");
    return it == meta->as_map().end() ? meta->ToString() : it->second.ToString();
}

// One client connection. Set up synchronously (handshake, HELLO, LOGON), then driven by
// callbacks on the shared io_context until the deadline.
class Client : public std::enable_shared_from_this<Client> {
  public:
    Client(asio::io_context& io, const BoltLoadOptions& o, int index)
        : socket_(io), o_(o), params_(o.workload, index, o.people, o.stream_rows) {}

    Status Connect(const tcp::endpoint& ep) {
        boost::system::error_code ec;
        socket_.connect(ep, ec);
        if (ec) return Status(StatusCode::kIOError, "connect: " + ec.message());
        socket_.set_option(tcp::no_delay(true), ec);
        std::string hs = {'\x60', '\x60', '\xB0', '\x17', 0, 8, 8, 5};
        hs += std::string(12, '\0');
        asio::write(socket_, asio::buffer(hs), ec);
        char v[4];
        if (!ec) asio::read(socket_, asio::buffer(v, 4), ec);
        if (ec || v[3] != 5) return Status(StatusCode::kProtocolError, "handshake failed");
        std::string out;
        AppendMessage(MessageType::kHello, {Value(Map{{"user_agent", "nexus-bench/1"}})}, &out);
        Map token{{"scheme", "none"}};
        if (!o_.password.empty()) {
            token = {{"scheme", "basic"}, {"principal", "neo4j"}, {"credentials", o_.password}};
        }
        AppendMessage(MessageType::kLogon, {Value(token)}, &out);
        asio::write(socket_, asio::buffer(out), ec);
        if (ec) return Status(StatusCode::kIOError, "write: " + ec.message());
        // Two SUCCESS summaries expected; reuse the response scanner synchronously.
        while (summaries_ < 2) {
            size_t n = socket_.read_some(asio::buffer(buf_), ec);
            if (ec) return Status(StatusCode::kIOError, "read: " + ec.message());
            in_.append(buf_.data(), n);
            Scan();
            if (!stats_.first_error.empty())
                return Status(StatusCode::kUnauthorized, stats_.first_error);
        }
        summaries_ = 0;
        rows_ = 0;
        return Status::Ok();
    }

    void Start(Clock::time_point deadline) {
        deadline_ = deadline;
        SendQuery();
        ReadMore();
    }

    ClientStats& stats() { return stats_; }
    bool done() const { return done_; }

  private:
    void SendQuery() {
        // At least one query per client, so a zero-length run still streams its one result.
        if ((stats_.queries > 0 && Clock::now() >= deadline_) || stats_.errors > 0) {
            done_ = true;
            boost::system::error_code ec;
            socket_.shutdown(tcp::socket::shutdown_both, ec);
            return;
        }
        out_.clear();
        Map params{{"id", Value(params_.NextId())}};
        AppendMessage(MessageType::kRun,
                      {Value(QueryText(o_.workload)), Value(params), Value(Map{})}, &out_);
        AppendMessage(MessageType::kPull, {Value(Map{{"n", Value(int64_t{o_.fetch_size})}})},
                      &out_);
        sent_ = Clock::now();
        summaries_ = 0;
        rows_ = 0;
        asio::async_write(socket_, asio::buffer(out_),
                          [self = shared_from_this()](boost::system::error_code ec, size_t) {
                              if (ec) self->Fail("write: " + ec.message());
                          });
    }

    void ReadMore() {
        socket_.async_read_some(asio::buffer(buf_), [self = shared_from_this()](
                                                        boost::system::error_code ec, size_t n) {
            if (ec) {
                if (!self->done_) self->Fail("read: " + ec.message());
                return;
            }
            self->in_.append(self->buf_.data(), n);
            bool finished = self->Scan();
            if (finished) {
                self->stats_.Record(self->sent_, Clock::now(), self->rows_);
                self->SendQuery();
            }
            if (!self->done_) self->ReadMore();
        });
    }

    // Consumes complete chunks; returns true when the current query's PULL summary arrived
    // (for a streamed result, a SUCCESS with has_more asks for the next batch instead).
    bool Scan() {
        bool finished = false;
        size_t pos = 0;
        while (in_.size() - pos >= 2) {
            size_t size = (static_cast<size_t>(static_cast<uint8_t>(in_[pos])) << 8) |
                          static_cast<uint8_t>(in_[pos + 1]);
            if (in_.size() - pos < 2 + size) break;
            if (size == 0) {
                pos += 2;
                finished |= EndMessage();
                continue;
            }
            msg_.append(in_, pos + 2, size);
            pos += 2 + size;
        }
        in_.erase(0, pos);
        return finished;
    }

    bool EndMessage() {
        uint8_t tag = msg_.size() >= 2 ? static_cast<uint8_t>(msg_[1]) : 0;
        bool finished = false;
        if (tag == Tag(MessageType::kRecord)) {
            ++rows_;
        } else if (tag == Tag(MessageType::kFailure)) {
            ++stats_.errors;
            if (stats_.first_error.empty()) stats_.first_error = FailureText(msg_);
            finished = ++summaries_ >= 2;
        } else {
            ++summaries_;
            if (summaries_ >= 2 && tag == Tag(MessageType::kSuccess) &&
                msg_.find("has_more") != std::string::npos) {
                // Streaming: ask for the next batch on the same result.
                out_.clear();
                AppendMessage(MessageType::kPull,
                              {Value(Map{{"n", Value(int64_t{o_.fetch_size})}})}, &out_);
                summaries_ = 1;
                asio::async_write(
                    socket_, asio::buffer(out_),
                    [self = shared_from_this()](boost::system::error_code ec, size_t) {
                        if (ec) self->Fail("write: " + ec.message());
                    });
            } else {
                finished = summaries_ >= 2;
            }
        }
        msg_.clear();
        return finished;
    }

    void Fail(const std::string& why) {
        ++stats_.errors;
        if (stats_.first_error.empty()) stats_.first_error = why;
        done_ = true;
    }

    tcp::socket socket_;
    const BoltLoadOptions& o_;
    ParamSource params_;
    std::array<char, 65536> buf_;
    std::string in_;   // unscanned response bytes
    std::string msg_;  // the current response message's chunks
    std::string out_;
    int summaries_ = 0;  // SUCCESS/FAILURE/IGNORED seen for the current query
    uint64_t rows_ = 0;
    Clock::time_point sent_;
    Clock::time_point deadline_;
    bool done_ = false;
    ClientStats stats_;
};

// Samples a process's resident set size while a run goes on (for the streaming bound).
class RssSampler {
  public:
    explicit RssSampler(int pid) : pid_(pid) {
        if (pid_ > 0) thread_ = std::thread([this] { Loop(); });
    }
    ~RssSampler() { Stop(); }
    void Stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    long first_kb() const { return first_kb_; }
    long peak_kb() const { return peak_kb_; }

  private:
    long ReadRssKb() const {
        std::ifstream f("/proc/" + std::to_string(pid_) + "/status");
        std::string line;
        while (std::getline(f, line)) {
            if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
        }
        return 0;
    }
    void Loop() {
        first_kb_ = ReadRssKb();
        while (!stop_) {
            peak_kb_ = std::max(peak_kb_.load(), ReadRssKb());
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    int pid_;
    std::atomic<bool> stop_{false};
    std::atomic<long> first_kb_{0};
    std::atomic<long> peak_kb_{0};
    std::thread thread_;
};

}  // namespace

int RunBoltLoad(const BoltLoadOptions& o) {
    std::string host;
    int port = 0;
    size_t colon = o.address.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "bolt: expected host:port\n";
        return 2;
    }
    host = o.address.substr(0, colon);
    port = std::stoi(o.address.substr(colon + 1));
    asio::io_context io;
    tcp::endpoint ep(asio::ip::make_address(host), static_cast<uint16_t>(port));
    std::vector<std::shared_ptr<Client>> clients;
    for (int i = 0; i < o.clients; ++i) {
        auto c = std::make_shared<Client>(io, o, i);
        Status s = c->Connect(ep);
        if (!s.ok()) {
            std::cerr << "bolt: client " << i << ": " << s.ToString() << "\n";
            return 1;
        }
        clients.push_back(c);
    }
    RssSampler rss(o.server_pid);
    double cpu0 = ProcessCpuSeconds();
    auto start = Clock::now();
    auto deadline = start + std::chrono::milliseconds(static_cast<int64_t>(o.seconds * 1000));
    for (auto& c : clients) c->Start(deadline);
    io.run();
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    double cpu = ProcessCpuSeconds() - cpu0;
    rss.Stop();
    std::vector<ClientStats> all;
    for (auto& c : clients) all.push_back(std::move(c->stats()));
    std::string extra;
    if (o.server_pid > 0) {
        extra = ",\"server_rss_start_kb\":" + std::to_string(rss.first_kb()) +
                ",\"server_rss_peak_kb\":" + std::to_string(rss.peak_kb());
    }
    PrintSummary("bolt", o.workload_name, o.clients, seconds, cpu, all, extra);
    for (auto& c : all) {
        if (c.errors > 0) return 1;
    }
    return 0;
}

}  // namespace nexus::bench
