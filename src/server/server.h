// The network server: Bolt and HTTP listeners on one Asio I/O context, a fixed pool of worker
// threads that run queries, a connection limit, and an orderly stop (no new connections,
// running work interrupted, sessions' transactions rolled back).
#pragma once

#include <memory>
#include <string>

#include "nexus/status.h"
#include "server/context.h"

namespace nexus::server {

struct ServerOptions {
    std::string bolt_address = "127.0.0.1:7687";  // host:port; empty disables Bolt
    std::string http_address = "127.0.0.1:7474";  // empty disables HTTP
    int workers = 0;                              // 0: 4 x hardware threads, at least 8
    int io_threads = 1;
    int max_connections = 1000;
};

class Server {
  public:
    Server(ServerContext* ctx, ServerOptions options);
    ~Server();  // stops if still running

    // Binds both listeners and starts serving; port 0 picks a free port.
    Status Start();
    int bolt_port() const;
    int http_port() const;
    // Stops accepting, closes every connection, waits for workers to finish.
    void Stop();

    class Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// Splits "host:port" (port may be 0); kInvalidArgument when malformed.
Status ParseHostPort(const std::string& text, std::string* host, int* port);

}  // namespace nexus::server
