// The HTTP query API, independent of sockets: Neo4j-style transactional Cypher endpoints
// (POST /db/{name}/tx/commit, explicit transactions under /db/{name}/tx/{id}), discovery,
// /health and Prometheus /metrics. Thread-safe: requests may be handled concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "server/context.h"

namespace nexus::server::http {

struct HttpRequest {
    std::string method;  // "GET", "POST", "DELETE"
    std::string target;  // path (query string ignored)
    std::string body;
    std::string authorization;  // the Authorization header, if any
    std::string host;           // the Host header, for absolute URLs in answers
    std::string client;         // peer address, for auth rate limiting
    // Set by the connection when the client goes away mid-request: running statements stop
    // between rows and their transaction rolls back. Null: never cancelled.
    std::shared_ptr<const std::atomic<bool>> cancelled;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::string location;  // Location header when not empty
};

// nexus::Value <-> JSON in Neo4j's HTTP result format.
nlohmann::json ValueToJson(const Value& v);
nlohmann::json ValueMeta(const Value& v);  // the "meta" entry for one value
Result<Value> JsonToValue(const nlohmann::json& j);

class HttpApi {
  public:
    static constexpr std::chrono::seconds kTxIdle{60};  // explicit transactions expire after

    explicit HttpApi(ServerContext* ctx) : ctx_(ctx) {}
    HttpResponse Handle(const HttpRequest& req);
    // Rolls back every open explicit transaction (server stop).
    void RollbackAll();

  private:
    struct OpenTx {
        std::mutex mu;  // one request at a time per transaction
        std::unique_ptr<BackendSession> session;
        std::chrono::steady_clock::time_point expires;
    };

    HttpResponse Discovery(const HttpRequest& req);
    HttpResponse Transactional(const HttpRequest& req, const std::string& db,
                               const std::string& rest);
    // Runs the body's statements in `session`'s open transaction; fills results/errors.
    // Stops between rows when the request is cancelled or the server's query timeout passes.
    bool RunStatements(const HttpRequest& req, BackendSession* session, const nlohmann::json& body,
                       nlohmann::json* out);
    // Why a running statement must stop now (client gone, timeout), or OK.
    Status StopStatus(const HttpRequest& req, std::chrono::steady_clock::time_point started) const;
    std::shared_ptr<OpenTx> FindTx(int64_t id);
    void ExpireIdle();
    std::string BaseUrl(const HttpRequest& req) const;

    ServerContext* ctx_;
    std::mutex mu_;
    std::map<int64_t, std::shared_ptr<OpenTx>> txs_;
    int64_t next_tx_id_ = 1;
};

}  // namespace nexus::server::http
