// The Bolt state machine (drawn in bolt_session.h): message dispatch by state, auth, auto-
// commit and explicit transactions, and result streaming with PULL/DISCARD.
#include "server/bolt/bolt_session.h"

namespace nexus::server::bolt {
namespace {

constexpr size_t kFlushBytes = 64 * 1024;
constexpr char kServerAgent[] = "Neo4j/5.26.0";

using Clock = std::chrono::steady_clock;

int64_t MillisSince(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

double SecondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

int64_t IntOr(const Map& m, const char* key, int64_t fallback) {
    auto it = m.find(key);
    return it != m.end() && it->second.is_int() ? it->second.as_int() : fallback;
}

std::string StringOr(const Map& m, const char* key) {
    auto it = m.find(key);
    return it != m.end() && it->second.is_string() ? it->second.as_string() : std::string();
}

Map StatsMap(const QueryStats& s) {
    Map m;
    auto put = [&](const char* key, int64_t v) {
        if (v != 0) m[key] = v;
    };
    put("nodes-created", s.nodes_created);
    put("nodes-deleted", s.nodes_deleted);
    put("relationships-created", s.relationships_created);
    put("relationships-deleted", s.relationships_deleted);
    put("properties-set", s.properties_set);
    put("labels-added", s.labels_added);
    put("labels-removed", s.labels_removed);
    put("indexes-added", s.indexes_added);
    put("indexes-removed", s.indexes_removed);
    put("constraints-added", s.constraints_added);
    put("constraints-removed", s.constraints_removed);
    if (!m.empty()) m["contains-updates"] = true;
    return m;
}

}  // namespace

const char* StateName(BoltState state) {
    switch (state) {
        case BoltState::kConnected:
            return "CONNECTED";
        case BoltState::kAuthentication:
            return "AUTHENTICATION";
        case BoltState::kReady:
            return "READY";
        case BoltState::kStreaming:
            return "STREAMING";
        case BoltState::kTxReady:
            return "TX_READY";
        case BoltState::kTxStreaming:
            return "TX_STREAMING";
        case BoltState::kFailed:
            return "FAILED";
        case BoltState::kInterrupted:
            return "INTERRUPTED";
        case BoltState::kDefunct:
            return "DEFUNCT";
    }
    return "?";
}

BoltSession::BoltSession(ServerContext* ctx, BoltVersion version, std::string client,
                         std::string connection_id)
    : ctx_(ctx),
      version_(version),
      client_(std::move(client)),
      connection_id_(std::move(connection_id)),
      backend_(ctx->backend->NewSession()) {
    pack_.utc_datetime = version.major >= 5;
    pack_.element_ids = version.major >= 5;
    ctx_->metrics->SessionOpened();
}

BoltSession::~BoltSession() {
    results_.clear();
    if (backend_ && backend_->in_transaction()) {
        backend_->Rollback().IgnoreError();
        EndTransaction(false);
    }
    backend_.reset();
    ctx_->metrics->SessionClosed();
}

bool BoltSession::Close(std::string reason) {
    close_reason_ = std::move(reason);
    state_ = BoltState::kDefunct;
    return false;
}

void BoltSession::EndTransaction(bool committed) {
    ctx_->metrics->TransactionClosed();
    if (committed) {
        ctx_->metrics->Committed();
    } else {
        ctx_->metrics->RolledBack();
    }
}

bool BoltSession::Fail(const Status& status, std::string* out) {
    AppendFailure(status, out);
    results_.clear();
    if (backend_->in_transaction()) {
        backend_->Rollback().IgnoreError();
        EndTransaction(false);
    }
    state_ = BoltState::kFailed;
    return true;
}

void BoltSession::Reset() {
    results_.clear();
    if (backend_->in_transaction()) {
        backend_->Rollback().IgnoreError();
        EndTransaction(false);
    }
    if (state_ != BoltState::kConnected && state_ != BoltState::kAuthentication) {
        state_ = authenticated_ ? BoltState::kReady : BoltState::kAuthentication;
    }
}

bool BoltSession::HandleMessage(std::string_view bytes, std::string* out, ResponseSink* sink) {
    if (state_ == BoltState::kDefunct) return false;
    if (waiting_) return Close("a message was handled while a RUN was still queued");
    if (sink != nullptr) sink_ = sink;
    Result<Request> req = DecodeRequest(bytes, pack_);
    if (!req.ok()) {
        if (req.status().code() == StatusCode::kProtocolError) {
            ctx_->metrics->ProtocolError();
            AppendFailure(req.status(), out);
            return Close(req.status().message());
        }
        // A well-formed message carrying a value we cannot represent: the request fails,
        // the connection carries on.
        if (state_ == BoltState::kFailed || state_ == BoltState::kInterrupted) {
            AppendIgnored(out);
            return true;
        }
        return Fail(req.status(), out);
    }
    return Dispatch(*req, out, sink);
}

bool BoltSession::Dispatch(const Request& req, std::string* out, ResponseSink* sink) {
    if (req.type == MessageType::kGoodbye) return Close("client said GOODBYE");
    if (req.type == MessageType::kReset) {
        Reset();
        Success({}, out);
        return true;
    }
    if (sink != nullptr && sink->Interrupted()) {
        if (state_ != BoltState::kConnected && state_ != BoltState::kAuthentication) {
            state_ = BoltState::kInterrupted;
        }
        AppendIgnored(out);
        return true;
    }
    if (state_ == BoltState::kFailed || state_ == BoltState::kInterrupted) {
        AppendIgnored(out);
        return true;
    }
    bool ready = state_ == BoltState::kReady;
    bool in_tx = state_ == BoltState::kTxReady || state_ == BoltState::kTxStreaming;
    bool streaming = state_ == BoltState::kStreaming || state_ == BoltState::kTxStreaming;
    bool v51 = version_.major > 5 || (version_.major == 5 && version_.minor >= 1);
    switch (req.type) {
        case MessageType::kHello:
            if (state_ == BoltState::kConnected) return Hello(req, out);
            break;
        case MessageType::kLogon:
            if (state_ == BoltState::kAuthentication && v51) return Logon(req.extra(), out);
            break;
        case MessageType::kLogoff:
            if (ready && v51) {
                authenticated_ = false;
                state_ = BoltState::kAuthentication;
                Success({}, out);
                return true;
            }
            break;
        case MessageType::kRun:
            if (ready || in_tx) return Run(req, out);
            break;
        case MessageType::kBegin:
            if (ready) return Begin(req, out);
            break;
        case MessageType::kCommit:
            if (in_tx) return Commit(out);
            break;
        case MessageType::kRollback:
            if (in_tx) return Rollback(out);
            break;
        case MessageType::kPull:
        case MessageType::kDiscard:
            if (streaming) return Stream(req, req.type == MessageType::kDiscard, out, sink);
            break;
        case MessageType::kRoute:
            if (ready) return Route(req, out);
            break;
        case MessageType::kTelemetry:
            if (ready || in_tx) {
                Success({}, out);
                return true;
            }
            break;
        default:
            break;
    }
    ctx_->metrics->ProtocolError();
    Status st(StatusCode::kProtocolError,
              std::string(MessageName(req.type)) + " is not allowed in state " + StateName(state_));
    AppendFailure(st, out);
    return Close(st.message());
}

bool BoltSession::Hello(const Request& req, std::string* out) {
    const Map& extra = req.extra();
    Map meta{{"server", kServerAgent}, {"connection_id", connection_id_}, {"hints", Map{}}};
    if (version_.major == 4) {
        auto it = extra.find("patch_bolt");
        if (it != extra.end() && it->second.is_list()) {
            for (const Value& p : it->second.as_list()) {
                if (p.is_string() && p.as_string() == "utc") {
                    pack_.utc_datetime = true;
                    meta["patch_bolt"] = List{Value("utc")};
                }
            }
        }
    }
    bool auth_in_hello = version_.major == 4 || (version_.major == 5 && version_.minor == 0);
    if (auth_in_hello) {
        Status s = ctx_->auth->CheckToken(extra, client_);
        if (!s.ok()) {
            ctx_->metrics->AuthFailed();
            AppendFailure(s, out);
            return Close("authentication failed for " + client_);
        }
        authenticated_ = true;
        state_ = BoltState::kReady;
    } else {
        state_ = BoltState::kAuthentication;
    }
    Success(meta, out);
    return true;
}

bool BoltSession::Logon(const Map& token, std::string* out) {
    Status s = ctx_->auth->CheckToken(token, client_);
    if (!s.ok()) {
        ctx_->metrics->AuthFailed();
        AppendFailure(s, out);
        return Close("authentication failed for " + client_);
    }
    authenticated_ = true;
    state_ = BoltState::kReady;
    Success({}, out);
    return true;
}

bool BoltSession::Begin(const Request& req, std::string* out) {
    const Map& extra = req.extra();
    std::string db = StringOr(extra, "db");
    if (!ctx_->KnowsDatabase(db)) {
        return Fail(Status(StatusCode::kNotFound, "Database does not exist: " + db), out);
    }
    TxOptions opts;
    opts.mode = StringOr(extra, "mode") == "r" ? AccessMode::kRead : AccessMode::kWrite;
    opts.timeout_ms = IntOr(extra, "tx_timeout", ctx_->default_timeout_ms);
    if (sink_ != nullptr) opts.interrupted = [sink = sink_] { return sink->Interrupted(); };
    Status s = backend_->Begin(opts);
    if (!s.ok()) return Fail(s, out);
    ctx_->metrics->TransactionOpened();
    tx_timeout_ms_ = opts.timeout_ms;
    tx_started_ = Clock::now();
    next_qid_ = 0;
    last_qid_ = -1;
    state_ = BoltState::kTxReady;
    Success({}, out);
    return true;
}

bool BoltSession::Run(const Request& req, std::string* out) {
    const std::string& query = req.fields[0].as_string();
    const Map& params = req.fields[1].as_map();
    const Map& extra = req.extra();
    OpenResult r;
    r.started = Clock::now();
    if (state_ == BoltState::kReady) {
        std::string db = StringOr(extra, "db");
        if (!ctx_->KnowsDatabase(db)) {
            return Fail(Status(StatusCode::kNotFound, "Database does not exist: " + db), out);
        }
        TxOptions opts;
        opts.mode = StringOr(extra, "mode") == "r" ? AccessMode::kRead : AccessMode::kWrite;
        opts.timeout_ms = IntOr(extra, "tx_timeout", ctx_->default_timeout_ms);
        if (sink_ != nullptr) opts.interrupted = [sink = sink_] { return sink->Interrupted(); };
        run_started_ = r.started;
        run_timeout_ms_ = opts.timeout_ms;
        // A write would hold this thread while it waits for the writer and its fsync.
        if (RunDone done = sink_ != nullptr ? sink_->Resumer() : RunDone()) {
            if (backend_->QueueAutoCommit(query, params, opts, std::move(done))) {
                waiting_ = true;
                return true;
            }
        }
        FinishRun(backend_->RunAutoCommit(query, params, opts), out);
        return true;
    }
    // Inside an explicit transaction: earlier results must be read out before the next query.
    Status drained = DrainOpenResults();
    if (!drained.ok()) return Fail(drained, out);
    Result<std::unique_ptr<Cursor>> cursor = backend_->RunInTransaction(query, params);
    if (!cursor.ok()) {
        ctx_->metrics->QueryFailed(SecondsSince(r.started));
        return Fail(cursor.status(), out);
    }
    r.cursor = std::move(*cursor);
    r.deadline_ms = tx_timeout_ms_;
    r.clock_start = tx_started_;
    int64_t qid = next_qid_++;
    Map meta{{"t_first", MillisSince(r.started)}, {"qid", qid}};
    List fields;
    for (const std::string& c : r.cursor->columns()) fields.emplace_back(c);
    meta["fields"] = std::move(fields);
    results_[qid] = std::move(r);
    last_qid_ = qid;
    state_ = BoltState::kTxStreaming;
    Success(meta, out);
    return true;
}

void BoltSession::FinishRun(Result<std::unique_ptr<Cursor>> cursor, std::string* out) {
    waiting_ = false;
    if (!cursor.ok()) {
        ctx_->metrics->QueryFailed(SecondsSince(run_started_));
        Fail(cursor.status(), out);
        return;
    }
    OpenResult r;
    r.started = run_started_;
    r.cursor = std::move(*cursor);
    r.deadline_ms = run_timeout_ms_;
    r.clock_start = r.started;
    Map meta{{"t_first", MillisSince(r.started)}};
    List fields;
    for (const std::string& c : r.cursor->columns()) fields.emplace_back(c);
    meta["fields"] = std::move(fields);
    results_.clear();
    results_[0] = std::move(r);
    last_qid_ = 0;
    state_ = BoltState::kStreaming;
    Success(meta, out);
}

Result<bool> BoltSession::NextRow(OpenResult* r, std::vector<Value>* row) {
    if (r->buffered_pos < r->buffered.size()) {
        *row = std::move(r->buffered[r->buffered_pos++]);
        if (r->buffered_pos == r->buffered.size()) {
            r->buffered.clear();
            r->buffered_pos = 0;
        }
        return true;
    }
    if (r->exhausted) return false;
    ASSIGN_OR_RETURN(bool more, r->cursor->Next(row));
    if (!more) r->exhausted = true;
    return more;
}

Status BoltSession::DrainOpenResults() {
    for (auto& [qid, r] : results_) {
        std::vector<Value> row;
        while (!r.exhausted) {
            ASSIGN_OR_RETURN(bool more, r.cursor->Next(&row));
            if (!more) {
                r.exhausted = true;
            } else {
                r.buffered.push_back(std::move(row));
            }
        }
    }
    return Status::Ok();
}

bool BoltSession::Stream(const Request& req, bool discard, std::string* out, ResponseSink* sink) {
    const Map& extra = req.extra();
    int64_t n = IntOr(extra, "n", -1);
    int64_t qid = IntOr(extra, "qid", -1);
    bool autocommit = state_ == BoltState::kStreaming;
    if (qid == -1 || autocommit) qid = last_qid_;
    auto it = results_.find(qid);
    if (it == results_.end()) {
        return Fail(
            Status(StatusCode::kInvalidArgument, "no open result with qid " + std::to_string(qid)),
            out);
    }
    OpenResult& r = it->second;
    std::vector<Value> row;
    for (int64_t count = 0; n < 0 || count < n; ++count) {
        if (sink != nullptr && sink->Interrupted()) {
            return Fail(Status(StatusCode::kCancelled, "the query was terminated by RESET"), out);
        }
        if (r.deadline_ms > 0 && MillisSince(r.clock_start) > r.deadline_ms) {
            ctx_->metrics->QueryFailed(SecondsSince(r.started));
            return Fail(Status(StatusCode::kTimeout,
                               "The transaction has been terminated: it ran longer than " +
                                   std::to_string(r.deadline_ms) + " ms"),
                        out);
        }
        Result<bool> more = NextRow(&r, &row);
        if (!more.ok()) {
            ctx_->metrics->QueryFailed(SecondsSince(r.started));
            return Fail(more.status(), out);
        }
        if (!*more) break;
        if (!discard) AppendRecord(row, pack_, out);
        if (sink != nullptr && out->size() >= kFlushBytes) sink->Flush(out);
    }
    if (!r.exhausted && r.buffered.empty()) {
        // Look one row ahead so has_more is exact and the last PULL carries the summary.
        Result<bool> more = NextRow(&r, &row);
        if (!more.ok()) {
            ctx_->metrics->QueryFailed(SecondsSince(r.started));
            return Fail(more.status(), out);
        }
        if (*more) r.buffered.push_back(std::move(row));
    }
    if (!r.exhausted || !r.buffered.empty()) {
        Success({{"has_more", true}}, out);
        return true;
    }
    const QueryStats& stats = r.cursor->stats();
    Map meta{{"type", stats.contains_updates() ? "w" : "r"},
             {"t_last", MillisSince(r.started)},
             {"db", ctx_->database_name}};
    Map stats_map = StatsMap(stats);
    if (!stats_map.empty()) meta["stats"] = std::move(stats_map);
    if (autocommit) {
        meta["bookmark"] = ctx_->NextBookmark();
        ctx_->metrics->Committed();
    }
    ctx_->metrics->QuerySucceeded(SecondsSince(r.started));
    results_.erase(it);
    if (autocommit) {
        state_ = BoltState::kReady;
    } else {
        state_ = results_.empty() ? BoltState::kTxReady : BoltState::kTxStreaming;
    }
    Success(meta, out);
    return true;
}

bool BoltSession::Commit(std::string* out) {
    Status drained = DrainOpenResults();
    if (!drained.ok()) return Fail(drained, out);
    results_.clear();
    Status s = backend_->Commit();
    if (!s.ok()) {
        EndTransaction(false);
        return Fail(s, out);
    }
    EndTransaction(true);
    state_ = BoltState::kReady;
    Success({{"bookmark", ctx_->NextBookmark()}}, out);
    return true;
}

bool BoltSession::Rollback(std::string* out) {
    results_.clear();
    Status s = backend_->Rollback();
    EndTransaction(false);
    if (!s.ok()) return Fail(s, out);
    state_ = BoltState::kReady;
    Success({}, out);
    return true;
}

bool BoltSession::Route(const Request& req, std::string* out) {
    std::string db;
    if (req.fields[2].is_map()) {
        db = StringOr(req.fields[2].as_map(), "db");
    } else if (req.fields[2].is_string()) {
        db = req.fields[2].as_string();
    }
    if (!ctx_->KnowsDatabase(db)) {
        return Fail(Status(StatusCode::kNotFound, "Database does not exist: " + db), out);
    }
    auto server = [&](const char* role) {
        return Value(Map{{"addresses", List{Value(ctx_->advertised_bolt)}}, {"role", role}});
    };
    Map rt{{"ttl", int64_t{300}},
           {"db", db.empty() ? ctx_->database_name : db},
           {"servers", List{server("WRITE"), server("READ"), server("ROUTE")}}};
    Success({{"rt", Value(std::move(rt))}}, out);
    return true;
}

}  // namespace nexus::server::bolt
