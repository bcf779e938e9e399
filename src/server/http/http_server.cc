// Beast-based HTTP connections feeding HttpApi.
#include "server/http/http_server.h"

// clang-format off
#include <utility>  // see server/asio.h
#include <atomic>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on

#include "server/log.h"

namespace nexus::server::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
  public:
    HttpConnection(tcp::socket socket, HttpApi* api, asio::thread_pool* workers)
        : stream_(std::move(socket)), api_(api), workers_(workers) {
        boost::system::error_code ec;
        auto ep = stream_.socket().remote_endpoint(ec);
        peer_ = ec ? "unknown" : ep.address().to_string();
    }

    void Start() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
    }

    void Close() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            boost::system::error_code ec;
            self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
            self->stream_.socket().close(ec);
        });
    }

  private:
    void Read() {
        parser_.emplace();
        parser_->body_limit(size_t{16} << 20);
        stream_.expires_after(std::chrono::seconds(300));
        bhttp::async_read(
            stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
                if (ec) {
                    if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
                        LogWarn("http ({}): request too large", self->peer_);
                    }
                    return self->Shutdown();
                }
                self->Dispatch();
            });
    }

    void Dispatch() {
        auto msg = parser_->release();
        HttpRequest req;
        req.method = std::string(msg.method_string());
        req.target = std::string(msg.target());
        req.body = std::move(msg.body());
        req.authorization = std::string(msg[bhttp::field::authorization]);
        req.host = std::string(msg[bhttp::field::host]);
        req.client = peer_;
        bool keep_alive = msg.keep_alive();
        unsigned version = msg.version();
        auto cancelled = std::make_shared<std::atomic<bool>>(false);
        req.cancelled = cancelled;
        WatchForHangUp(cancelled);
        asio::post(
            *workers_, [self = shared_from_this(), req = std::move(req), keep_alive, version] {
                HttpResponse resp;
                try {
                    resp = self->api_->Handle(req);
                } catch (const std::exception& e) {  // stray library exceptions: report, carry on
                    resp.status = 500;
                    resp.body = std::string("{\"errors\":[{\"code\":") +
                                "\"Neo.DatabaseError.General.UnknownError\",\"message\":\"" +
                                "internal error\"}]}";
                    LogWarn("http: internal error: {}", e.what());
                }
                asio::post(self->stream_.get_executor(),
                           [self, resp = std::move(resp), keep_alive, version] {
                               self->Write(resp, keep_alive, version);
                           });
            });
    }

    // While a worker runs the request nobody reads the socket; a readable socket with no
    // bytes behind it means the client hung up, and the statements should stop. Bytes (a
    // pipelined request) end the watch: the next Read() gets them.
    void WatchForHangUp(std::shared_ptr<std::atomic<bool>> cancelled) {
        stream_.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this(), cancelled](
                                                                boost::system::error_code ec) {
            boost::system::error_code ignored;
            if (ec || self->stream_.socket().available(ignored) == 0) *cancelled = true;
        });
    }

    void Write(const HttpResponse& r, bool keep_alive, unsigned version) {
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
            static_cast<bhttp::status>(r.status), version);
        res->set(bhttp::field::server, "Nexus");
        res->set(bhttp::field::content_type, r.content_type);
        if (!r.location.empty()) res->set(bhttp::field::location, r.location);
        if (r.status == 401) res->set(bhttp::field::www_authenticate, "Basic realm=\"Neo4j\"");
        res->keep_alive(keep_alive);
        res->body() = r.body;
        res->prepare_payload();
        bhttp::async_write(
            stream_, *res,
            [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                if (ec || !keep_alive) return self->Shutdown();
                self->Read();
            });
    }

    void Shutdown() {
        boost::system::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.socket().close(ec);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    HttpApi* api_;
    asio::thread_pool* workers_;
    std::string peer_;
};

HttpFrontEnd::HttpFrontEnd(ServerContext* ctx, asio::thread_pool* workers)
    : ctx_(ctx), workers_(workers), api_(ctx) {}

HttpFrontEnd::~HttpFrontEnd() = default;

void HttpFrontEnd::Serve(tcp::socket socket) {
    // The socket was accepted on a strand, so the connection's handlers never run concurrently.
    auto conn = std::make_shared<HttpConnection>(std::move(socket), &api_, workers_);
    {
        std::lock_guard<std::mutex> lock(mu_);
        conns_.remove_if([](const std::weak_ptr<HttpConnection>& w) { return w.expired(); });
        conns_.push_back(conn);
    }
    conn->Start();
}

void HttpFrontEnd::CloseAll() {
    std::list<std::weak_ptr<HttpConnection>> all;
    {
        std::lock_guard<std::mutex> lock(mu_);
        all.swap(conns_);
    }
    for (auto& w : all) {
        if (auto c = w.lock()) c->Close();
    }
    api_.RollbackAll();
}

}  // namespace nexus::server::http
