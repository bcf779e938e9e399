// HTTP endpoint routing, basic auth, and the transactional Cypher endpoints.
#include "server/http/http_api.h"

#include <sodium.h>

#include <chrono>

namespace nexus::server::http {

using nlohmann::json;

namespace {

HttpResponse JsonResponse(int status, const json& body) {
    HttpResponse r;
    r.status = status;
    r.body = body.dump();
    return r;
}

json ErrorJson(const Status& s) {
    return json{{"code", s.neo4j_code()}, {"message", s.message()}};
}

HttpResponse ErrorResponse(int http_status, const Status& s) {
    return JsonResponse(http_status,
                        json{{"results", json::array()}, {"errors", json::array({ErrorJson(s)})}});
}

// A request made only of reads runs on a snapshot: in a write transaction it would wait for
// (and then hold) the write lock, behind every writer, Bolt's included.
AccessMode ModeFor(BackendSession* session, const json& body) {
    if (!body.is_object() || !body.contains("statements")) return AccessMode::kWrite;
    const json& statements = body["statements"];
    if (!statements.is_array() || statements.empty()) return AccessMode::kWrite;
    for (const json& st : statements) {
        if (!st.is_object() || !st.contains("statement") || !st["statement"].is_string() ||
            !session->ReadOnly(st["statement"].get<std::string>())) {
            return AccessMode::kWrite;
        }
    }
    return AccessMode::kRead;
}

std::vector<std::string> SplitPath(const std::string& target) {
    std::string path = target.substr(0, target.find('?'));
    std::vector<std::string> parts;
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        if (slash == std::string::npos) slash = path.size();
        if (slash > pos) parts.push_back(path.substr(pos, slash - pos));
        pos = slash + 1;
    }
    return parts;
}

// Basic credentials from an Authorization header; false when absent or malformed.
bool ParseBasic(const std::string& header, std::string* user, std::string* password) {
    const std::string prefix = "Basic ";
    if (header.compare(0, prefix.size(), prefix) != 0) return false;
    std::string b64 = header.substr(prefix.size());
    std::string decoded(b64.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                          b64.data(), b64.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        return false;
    }
    decoded.resize(len);
    size_t colon = decoded.find(':');
    if (colon == std::string::npos) return false;
    *user = decoded.substr(0, colon);
    *password = decoded.substr(colon + 1);
    return true;
}

}  // namespace

std::string HttpApi::BaseUrl(const HttpRequest& req) const {
    return "http://" + (req.host.empty() ? std::string("127.0.0.1:7474") : req.host);
}

HttpResponse HttpApi::Handle(const HttpRequest& req) {
    ctx_->metrics->HttpRequest();
    std::vector<std::string> parts = SplitPath(req.target);
    if (req.method == "GET" && parts.empty()) return Discovery(req);
    if (req.method == "GET" && parts.size() == 1 && parts[0] == "health") {
        return JsonResponse(200, json{{"status", "ok"}});
    }
    if (req.method == "GET" && parts.size() == 1 && parts[0] == "metrics") {
        HttpResponse r;
        r.content_type = "text/plain; version=0.0.4";
        r.body = ctx_->metrics->Render(ctx_->backend->Stats());
        return r;
    }
    if (parts.size() >= 3 && parts[0] == "db" && parts[2] == "tx") {
        if (ctx_->auth->enabled()) {
            std::string user, password;
            if (!ParseBasic(req.authorization, &user, &password)) {
                return ErrorResponse(
                    401, Status(StatusCode::kUnauthorized, "No authentication header supplied."));
            }
            Status s = ctx_->auth->Check(user, password, req.client);
            if (!s.ok()) {
                ctx_->metrics->AuthFailed();
                return ErrorResponse(401, s);
            }
        }
        std::string rest;
        for (size_t i = 3; i < parts.size(); ++i) rest += (rest.empty() ? "" : "/") + parts[i];
        return Transactional(req, parts[1], rest);
    }
    return ErrorResponse(404, Status(StatusCode::kNotFound, "no such endpoint: " + req.target));
}

HttpResponse HttpApi::Discovery(const HttpRequest& req) {
    std::string host = req.host.empty() ? "127.0.0.1" : req.host.substr(0, req.host.rfind(':'));
    std::string bolt_port = ctx_->advertised_bolt.substr(ctx_->advertised_bolt.rfind(':') + 1);
    return JsonResponse(200, json{{"bolt_routing", "neo4j://" + host + ":" + bolt_port},
                                  {"bolt_direct", "bolt://" + host + ":" + bolt_port},
                                  {"transaction", BaseUrl(req) + "/db/{databaseName}/tx"},
                                  {"neo4j_version", "5.26.0"},
                                  {"neo4j_edition", "community"},
                                  {"server", "Nexus"}});
}

Status HttpApi::StopStatus(const HttpRequest& req,
                           std::chrono::steady_clock::time_point started) const {
    if (req.cancelled && req.cancelled->load(std::memory_order_relaxed)) {
        return Status(StatusCode::kCancelled, "the HTTP client disconnected; query terminated");
    }
    int64_t limit = ctx_->default_timeout_ms;
    if (limit > 0 &&
        std::chrono::steady_clock::now() - started > std::chrono::milliseconds(limit)) {
        return Status(StatusCode::kTimeout,
                      "The transaction has been terminated: it ran longer than " +
                          std::to_string(limit) + " ms");
    }
    return Status::Ok();
}

bool HttpApi::RunStatements(const HttpRequest& req, BackendSession* session, const json& body,
                            json* out) {
    json& results = (*out)["results"];
    json& errors = (*out)["errors"];
    if (!body.is_object() || !body.contains("statements")) return true;
    const json& statements = body["statements"];
    if (!statements.is_array()) {
        errors.push_back(
            ErrorJson(Status(StatusCode::kInvalidArgument, "'statements' must be an array")));
        return false;
    }
    for (const json& st : statements) {
        if (!st.is_object() || !st.contains("statement") || !st["statement"].is_string()) {
            errors.push_back(ErrorJson(
                Status(StatusCode::kInvalidArgument, "each statement needs a 'statement' string")));
            return false;
        }
        ParamMap params;
        if (st.contains("parameters") && st["parameters"].is_object()) {
            for (auto it = st["parameters"].begin(); it != st["parameters"].end(); ++it) {
                Result<Value> v = JsonToValue(it.value());
                if (!v.ok()) {
                    errors.push_back(ErrorJson(v.status()));
                    return false;
                }
                params[it.key()] = std::move(*v);
            }
        }
        auto started = std::chrono::steady_clock::now();
        auto elapsed = [&] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                .count();
        };
        Result<std::unique_ptr<Cursor>> cursor =
            session->RunInTransaction(st["statement"].get<std::string>(), params);
        if (!cursor.ok()) {
            ctx_->metrics->QueryFailed(elapsed());
            errors.push_back(ErrorJson(cursor.status()));
            return false;
        }
        json result{{"columns", (*cursor)->columns()}, {"data", json::array()}};
        std::vector<Value> row;
        for (;;) {
            Status stop = StopStatus(req, started);
            Result<bool> more = stop.ok() ? (*cursor)->Next(&row) : Result<bool>(stop);
            if (!more.ok()) {
                ctx_->metrics->QueryFailed(elapsed());
                errors.push_back(ErrorJson(more.status()));
                return false;
            }
            if (!*more) break;
            json r = json::array(), meta = json::array();
            for (const Value& v : row) {
                r.push_back(ValueToJson(v));
                meta.push_back(ValueMeta(v));
            }
            result["data"].push_back(json{{"row", r}, {"meta", meta}});
        }
        ctx_->metrics->QuerySucceeded(elapsed());
        results.push_back(std::move(result));
    }
    return true;
}

std::shared_ptr<HttpApi::OpenTx> HttpApi::FindTx(int64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = txs_.find(id);
    return it == txs_.end() ? nullptr : it->second;
}

void HttpApi::ExpireIdle() {
    std::vector<std::shared_ptr<OpenTx>> expired;
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto now = std::chrono::steady_clock::now();
        for (auto it = txs_.begin(); it != txs_.end();) {
            if (it->second->expires < now) {
                expired.push_back(it->second);
                it = txs_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& tx : expired) {
        std::lock_guard<std::mutex> lock(tx->mu);
        tx->session->Rollback().IgnoreError();
        ctx_->metrics->TransactionClosed();
        ctx_->metrics->RolledBack();
    }
}

void HttpApi::RollbackAll() {
    std::map<int64_t, std::shared_ptr<OpenTx>> all;
    {
        std::lock_guard<std::mutex> lock(mu_);
        all.swap(txs_);
    }
    for (auto& [id, tx] : all) {
        std::lock_guard<std::mutex> lock(tx->mu);
        tx->session->Rollback().IgnoreError();
        ctx_->metrics->TransactionClosed();
    }
}

HttpResponse HttpApi::Transactional(const HttpRequest& req, const std::string& db,
                                    const std::string& rest) {
    if (!ctx_->KnowsDatabase(db)) {
        return ErrorResponse(404, Status(StatusCode::kNotFound, "Database does not exist: " + db));
    }
    ExpireIdle();
    json body = json::object();
    if (!req.body.empty()) {
        body = json::parse(req.body, nullptr, false);
        if (body.is_discarded()) {
            return ErrorResponse(400, Status(StatusCode::kInvalidArgument,
                                             "Unable to deserialize request: invalid JSON"));
        }
    }
    json out{{"results", json::array()}, {"errors", json::array()}};
    std::string base = BaseUrl(req) + "/db/" + db + "/tx";
    auto expires_text = [] {
        auto t = std::chrono::system_clock::now() + kTxIdle;
        std::time_t tt = std::chrono::system_clock::to_time_t(t);
        char buf[64];
        std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&tt));
        return std::string(buf);
    };

    // POST /tx/commit: one transaction for the whole request.
    if (rest == "commit" && req.method == "POST") {
        auto session = ctx_->backend->NewSession();
        TxOptions options;
        options.mode = ModeFor(session.get(), body);
        Status s = session->Begin(options);
        if (!s.ok()) return ErrorResponse(200, s);
        if (RunStatements(req, session.get(), body, &out)) {
            s = session->Commit();
            if (!s.ok()) out["errors"].push_back(ErrorJson(s));
            ctx_->metrics->Committed();
        } else {
            session->Rollback().IgnoreError();
            ctx_->metrics->RolledBack();
        }
        return JsonResponse(200, out);
    }
    // POST /tx: open a transaction, run any statements, answer 201 with its URL.
    if (rest.empty() && req.method == "POST") {
        auto tx = std::make_shared<OpenTx>();
        tx->session = ctx_->backend->NewSession();
        Status s = tx->session->Begin(TxOptions{});
        if (!s.ok()) return ErrorResponse(200, s);
        ctx_->metrics->TransactionOpened();
        bool ok = RunStatements(req, tx->session.get(), body, &out);
        if (!ok) {
            tx->session->Rollback().IgnoreError();
            ctx_->metrics->TransactionClosed();
            ctx_->metrics->RolledBack();
            return JsonResponse(200, out);
        }
        tx->expires = std::chrono::steady_clock::now() + kTxIdle;
        int64_t id;
        {
            std::lock_guard<std::mutex> lock(mu_);
            id = next_tx_id_++;
            txs_[id] = tx;
        }
        std::string url = base + "/" + std::to_string(id);
        out["commit"] = url + "/commit";
        out["transaction"] = json{{"expires", expires_text()}};
        HttpResponse r = JsonResponse(201, out);
        r.location = url;
        return r;
    }
    // /tx/{id}, /tx/{id}/commit
    size_t slash = rest.find('/');
    std::string id_text = rest.substr(0, slash);
    std::string action = slash == std::string::npos ? "" : rest.substr(slash + 1);
    int64_t id = 0;
    try {
        id = std::stoll(id_text);
    } catch (...) {
        return ErrorResponse(404, Status(StatusCode::kNotFound, "no such endpoint"));
    }
    std::shared_ptr<OpenTx> tx = FindTx(id);
    if (!tx) {
        return ErrorResponse(404, Status(StatusCode::kTransactionError,
                                         "Unrecognized transaction id. Transaction may have "
                                         "timed out and been rolled back."));
    }
    std::lock_guard<std::mutex> tx_lock(tx->mu);
    auto finish = [&](bool committed) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            txs_.erase(id);
        }
        ctx_->metrics->TransactionClosed();
        if (committed) {
            ctx_->metrics->Committed();
        } else {
            ctx_->metrics->RolledBack();
        }
    };
    if (req.method == "DELETE" && action.empty()) {
        Status s = tx->session->Rollback();
        finish(false);
        if (!s.ok()) out["errors"].push_back(ErrorJson(s));
        return JsonResponse(200, out);
    }
    if (req.method != "POST" || (!action.empty() && action != "commit")) {
        return ErrorResponse(405, Status(StatusCode::kInvalidArgument, "method not allowed"));
    }
    bool ok = RunStatements(req, tx->session.get(), body, &out);
    if (!ok) {
        tx->session->Rollback().IgnoreError();
        finish(false);
        return JsonResponse(200, out);
    }
    if (action == "commit") {
        Status s = tx->session->Commit();
        finish(s.ok());
        if (!s.ok()) out["errors"].push_back(ErrorJson(s));
        return JsonResponse(200, out);
    }
    tx->expires = std::chrono::steady_clock::now() + kTxIdle;
    out["commit"] = base + "/" + std::to_string(id) + "/commit";
    out["transaction"] = json{{"expires", expires_text()}};
    return JsonResponse(200, out);
}

}  // namespace nexus::server::http
