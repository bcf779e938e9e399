// Listeners, thread pools and connection bookkeeping for the Bolt and HTTP front ends.
#include "server/server.h"

#include "server/asio.h"

#include <array>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include "server/bolt/bolt_connection.h"
#include "server/http/http_server.h"
#include "server/log.h"

namespace nexus::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Status ParseHostPort(const std::string& text, std::string* host, int* port) {
    size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
        return Status(StatusCode::kInvalidArgument, "expected host:port, got '" + text + "'");
    }
    *host = text.substr(0, colon);
    if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
        *host = host->substr(1, host->size() - 2);
    }
    try {
        size_t used = 0;
        *port = std::stoi(text.substr(colon + 1), &used);
        if (used != text.size() - colon - 1 || *port < 0 || *port > 65535) throw 0;
    } catch (...) {
        return Status(StatusCode::kInvalidArgument, "bad port in '" + text + "'");
    }
    return Status::Ok();
}

class Server::Impl {
  public:
    Impl(ServerContext* ctx, ServerOptions options)
        : ctx_(ctx),
          options_(std::move(options)),
          workers_(static_cast<size_t>(WorkerCount(options_.workers))),
          bolt_acceptor_(io_),
          http_acceptor_(io_) {}

    static int WorkerCount(int requested) {
        if (requested > 0) return requested;
        return std::max(8, static_cast<int>(std::thread::hardware_concurrency()) * 4);
    }

    Status Listen(const std::string& address, tcp::acceptor* acceptor, int* port) {
        std::string host;
        RETURN_IF_ERROR(ParseHostPort(address, &host, port));
        boost::system::error_code ec;
        auto ip = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
        if (ec) return Status(StatusCode::kInvalidArgument, "bad address '" + host + "'");
        tcp::endpoint ep(ip, static_cast<uint16_t>(*port));
        acceptor->open(ep.protocol(), ec);
        if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor->bind(ep, ec);
        if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            return Status(StatusCode::kIOError,
                          "cannot listen on " + address + ": " + ec.message());
        }
        *port = acceptor->local_endpoint().port();
        return Status::Ok();
    }

    Status Start() {
        if (!options_.bolt_address.empty()) {
            RETURN_IF_ERROR(Listen(options_.bolt_address, &bolt_acceptor_, &bolt_port_));
            AcceptBolt();
        }
        if (!options_.http_address.empty()) {
            RETURN_IF_ERROR(Listen(options_.http_address, &http_acceptor_, &http_port_));
            http_ = std::make_unique<http::HttpFrontEnd>(ctx_, &workers_);
            AcceptHttp();
        }
        for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
            io_threads_.emplace_back([this] { io_.run(); });
        }
        return Status::Ok();
    }

    bool Admit(const char* kind) {
        std::lock_guard<std::mutex> lock(mu_);
        Prune();
        if (static_cast<int>(bolt_conns_.size() + http_count_) >= options_.max_connections) {
            LogWarn("refusing {} connection: {} connections open", kind, options_.max_connections);
            return false;
        }
        return true;
    }

    void Prune() {
        bolt_conns_.remove_if(
            [](const std::weak_ptr<bolt::BoltConnection>& w) { return w.expired(); });
    }

    void AcceptBolt() {
        bolt_acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
            if (ec) {
                if (ec != asio::error::operation_aborted) AcceptBolt();
                return;
            }
            auto conn = std::make_shared<bolt::BoltConnection>(std::move(socket), ctx_, &workers_);
            if (Admit("Bolt")) {
                {
                    std::lock_guard<std::mutex> lock(mu_);
                    bolt_conns_.push_back(conn);
                }
                conn->Start();
            } else {
                conn->StartRefused("connection refused: the server allows " +
                                   std::to_string(options_.max_connections) +
                                   " open connections (--max-connections)");
            }
            AcceptBolt();
        });
    }

    void AcceptHttp() {
        http_acceptor_.async_accept(asio::make_strand(io_),
                                    [this](boost::system::error_code ec, tcp::socket socket) {
                                        if (ec) {
                                            if (ec != asio::error::operation_aborted) AcceptHttp();
                                            return;
                                        }
                                        if (Admit("HTTP")) {
                                            http_->Serve(std::move(socket));
                                        } else {
                                            RefuseHttp(std::move(socket));
                                        }
                                        AcceptHttp();
                                    });
    }

    // An HTTP client over the limit gets a 503 it can act on (retry later) rather than a
    // connection closed without a word; the request itself is never read.
    static void RefuseHttp(tcp::socket socket) {
        auto sock = std::make_shared<tcp::socket>(std::move(socket));
        const std::string body =
            "{\"errors\":[{\"code\":\"Neo.TransientError.Request.NoThreadsAvailable\","
            "\"message\":\"too many open connections (--max-connections)\"}]}";
        auto text = std::make_shared<std::string>(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body);
        asio::async_write(*sock, asio::buffer(*text),
                          [sock, text](boost::system::error_code ec, size_t) {
                              boost::system::error_code ignored;
                              sock->shutdown(tcp::socket::shutdown_send, ignored);
                              if (ec) {
                                  sock->close(ignored);
                                  return;
                              }
                              DrainThenClose(sock, std::make_shared<std::array<char, 4096>>(), 0);
                          });
    }

    // Closing with the unread request still queued would make the kernel send a reset, which
    // can reach the client before the 503 does; read (a bounded amount) until it hangs up.
    static void DrainThenClose(std::shared_ptr<tcp::socket> sock,
                               std::shared_ptr<std::array<char, 4096>> buf, size_t seen) {
        sock->async_read_some(asio::buffer(*buf),
                              [sock, buf, seen](boost::system::error_code ec, size_t n) {
                                  if (ec || seen + n > (size_t{64} << 10)) {
                                      boost::system::error_code ignored;
                                      sock->close(ignored);
                                      return;
                                  }
                                  DrainThenClose(sock, buf, seen + n);
                              });
    }

    void Stop() {
        if (stopped_) return;
        stopped_ = true;
        asio::post(io_, [this] {
            boost::system::error_code ec;
            bolt_acceptor_.close(ec);
            http_acceptor_.close(ec);
        });
        std::vector<std::shared_ptr<bolt::BoltConnection>> open;
        {
            std::lock_guard<std::mutex> lock(mu_);
            for (auto& w : bolt_conns_) {
                if (auto c = w.lock()) open.push_back(c);
            }
        }
        for (auto& c : open) c->Close();
        open.clear();
        if (http_) http_->CloseAll();
        // A parked connection resumes on the pool once the writer lane answers its write
        // (closed, it stops at once): the pool must still run then.
        while (ctx_->deferred_runs.load() > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        workers_.join();
        while (ctx_->dedicated_jobs.load() > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        io_.stop();
        for (auto& t : io_threads_) t.join();
        io_threads_.clear();
        // Run the handlers of the cancelled socket operations so the connections they keep
        // alive are destroyed now (rolling back their transactions), not at ~io_context.
        io_.restart();
        io_.poll();
        http_.reset();
    }

    ServerContext* ctx_;
    ServerOptions options_;
    asio::io_context io_;
    asio::thread_pool workers_;
    tcp::acceptor bolt_acceptor_;
    tcp::acceptor http_acceptor_;
    std::unique_ptr<http::HttpFrontEnd> http_;
    std::vector<std::thread> io_threads_;
    std::mutex mu_;
    std::list<std::weak_ptr<bolt::BoltConnection>> bolt_conns_;
    size_t http_count_ = 0;
    int bolt_port_ = 0;
    int http_port_ = 0;
    bool stopped_ = false;
};

Server::Server(ServerContext* ctx, ServerOptions options)
    : impl_(std::make_unique<Impl>(ctx, std::move(options))) {}

Server::~Server() {
    Stop();
}

Status Server::Start() {
    return impl_->Start();
}
int Server::bolt_port() const {
    return impl_->bolt_port_;
}
int Server::http_port() const {
    return impl_->http_port_;
}
void Server::Stop() {
    impl_->Stop();
}

}  // namespace nexus::server
