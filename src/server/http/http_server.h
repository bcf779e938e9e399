// HTTP/1.1 on Boost.Beast: reads requests on the I/O threads, runs HttpApi on the worker
// pool (queries block), writes answers, keeps connections alive. Thread-safe.
#pragma once

#include "server/asio.h"

#include <list>
#include <memory>
#include <mutex>

#include "server/context.h"
#include "server/http/http_api.h"

namespace nexus::server::http {

class HttpConnection;

class HttpFrontEnd {
  public:
    HttpFrontEnd(ServerContext* ctx, boost::asio::thread_pool* workers);
    ~HttpFrontEnd();
    void Serve(boost::asio::ip::tcp::socket socket);
    // Closes every connection and rolls back open explicit transactions.
    void CloseAll();
    HttpApi* api() { return &api_; }

  private:
    ServerContext* ctx_;
    boost::asio::thread_pool* workers_;
    HttpApi api_;
    std::mutex mu_;
    std::list<std::weak_ptr<HttpConnection>> conns_;
};

}  // namespace nexus::server::http
