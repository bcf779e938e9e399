// The Bolt connection state machine: one per client connection, fed decoded messages in
// order, producing response bytes. It knows nothing of sockets; the network layer
// (bolt_server.h) and the unit tests drive it the same way.
//
//   CONNECTED --HELLO(5.0/4.4: with auth)--> READY
//   CONNECTED --HELLO(5.1+)--> AUTHENTICATION --LOGON--> READY
//   READY --RUN--> STREAMING --PULL/DISCARD (has_more)--> STREAMING
//                            --PULL/DISCARD (done)-----> READY
//   READY --BEGIN--> TX_READY --RUN--> TX_STREAMING --PULL/DISCARD (all done)--> TX_READY
//   TX_READY / TX_STREAMING --COMMIT/ROLLBACK--> READY
//   READY --LOGOFF--> AUTHENTICATION;  READY --ROUTE/TELEMETRY--> READY
//   any --failed request--> FAILED (every message IGNORED until RESET)
//   any --RESET queued--> INTERRUPTED (IGNORED until the RESET is handled) --RESET--> READY
//   any --GOODBYE, auth failure, malformed or out-of-state message--> DEFUNCT (closed)
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/backend.h"
#include "server/bolt/framing.h"
#include "server/bolt/messages.h"
#include "server/context.h"

namespace nexus::server::bolt {

enum class BoltState : uint8_t {
    kConnected,
    kAuthentication,
    kReady,
    kStreaming,
    kTxReady,
    kTxStreaming,
    kFailed,
    kInterrupted,
    kDefunct,
};

const char* StateName(BoltState state);

// Where the session sends bytes while it streams a large result, and how it learns that the
// client wants it to stop.
class ResponseSink {
  public:
    virtual ~ResponseSink() = default;
    // Takes the bytes in *buffer (leaving it empty); may block while the client is slow.
    virtual void Flush(std::string* buffer) = 0;
    // True once a RESET has arrived behind the message being handled, or the client left.
    virtual bool Interrupted() const = 0;
    // Resumes the connection with the outcome of an auto-commit write that the backend runs
    // on another thread (BoltSession::FinishRun); empty when this sink cannot park its
    // session, and the write then runs in the calling thread.
    virtual RunDone Resumer() { return {}; }
};

// Not thread-safe: one thread handles one connection's messages at a time.
class BoltSession {
  public:
    BoltSession(ServerContext* ctx, BoltVersion version, std::string client,
                std::string connection_id);
    ~BoltSession();

    // Handles one message (the bytes between chunk end markers), appending responses to
    // *out. Returns false when the connection must close (see close_reason()).
    bool HandleMessage(std::string_view bytes, std::string* out, ResponseSink* sink);

    // After a RUN handed to the backend's writer lane: no response yet, and no message may be
    // handled until FinishRun() delivers the outcome (the connection parks meanwhile).
    bool waiting() const { return waiting_; }
    // Ends a RUN that was waiting: SUCCESS with the fields, or FAILURE.
    void FinishRun(Result<std::unique_ptr<Cursor>> cursor, std::string* out);

    BoltState state() const { return state_; }
    // True while an explicit transaction is open: its next messages must not wait behind
    // workers that may themselves be waiting for this transaction's write lock.
    bool holds_transaction() const { return backend_ && backend_->in_transaction(); }
    const std::string& close_reason() const { return close_reason_; }
    const PackOptions& pack_options() const { return pack_; }

  private:
    struct OpenResult {
        std::unique_ptr<Cursor> cursor;
        std::vector<std::vector<Value>> buffered;  // rows drained to make way for a later RUN
        size_t buffered_pos = 0;
        bool exhausted = false;
        std::chrono::steady_clock::time_point started;      // the RUN
        std::chrono::steady_clock::time_point clock_start;  // what the timeout counts from
        int64_t deadline_ms = 0;                            // 0: no timeout
    };

    bool Dispatch(const Request& req, std::string* out, ResponseSink* sink);
    bool Hello(const Request& req, std::string* out);
    bool Logon(const Map& token, std::string* out);
    bool Run(const Request& req, std::string* out);
    bool Begin(const Request& req, std::string* out);
    bool Commit(std::string* out);
    bool Rollback(std::string* out);
    bool Stream(const Request& req, bool discard, std::string* out, ResponseSink* sink);
    bool Route(const Request& req, std::string* out);
    void Reset();
    bool Fail(const Status& status, std::string* out);
    bool Close(std::string reason);
    Status DrainOpenResults();
    Result<bool> NextRow(OpenResult* r, std::vector<Value>* row);
    void Success(const Map& meta, std::string* out) { AppendSuccess(meta, pack_, out); }
    void EndTransaction(bool committed);

    ServerContext* ctx_;
    BoltVersion version_;
    PackOptions pack_;
    std::string client_;
    std::string connection_id_;
    BoltState state_ = BoltState::kConnected;
    bool authenticated_ = false;
    std::string close_reason_;
    std::unique_ptr<BackendSession> backend_;
    std::map<int64_t, OpenResult> results_;  // by qid; auto-commit uses qid 0
    int64_t next_qid_ = 0;
    int64_t last_qid_ = -1;
    int64_t tx_timeout_ms_ = 0;
    // The connection, for queries to poll RESET and hang-ups while they run (it outlives us).
    ResponseSink* sink_ = nullptr;
    std::chrono::steady_clock::time_point tx_started_;
    // The auto-commit RUN in flight (FinishRun completes it).
    bool waiting_ = false;
    std::chrono::steady_clock::time_point run_started_;
    int64_t run_timeout_ms_ = 0;
};

}  // namespace nexus::server::bolt
