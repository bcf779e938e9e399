// Bolt connection I/O: handshake, chunk reassembly, hand-off of messages to the worker pool,
// parking while the writer lane runs a write, and ordered, back-pressured writes.
#include "server/bolt/bolt_connection.h"

#include <sys/socket.h>

#include <thread>

#include "server/log.h"

namespace nexus::server::bolt {
namespace {

namespace asio = boost::asio;

constexpr size_t kPauseReadBytes = size_t{16} << 20;  // inbox size that stops reading
constexpr size_t kMaxUnsentBytes = size_t{4} << 20;   // a streaming PULL waits past this
constexpr size_t kSendBatchBytes = 64 * 1024;
constexpr auto kRefusedHandshakeWait = std::chrono::seconds(5);

bool IsReset(const std::string& msg) {
    return msg.size() == 2 && static_cast<uint8_t>(msg[0]) == 0xB0 &&
           static_cast<uint8_t>(msg[1]) == static_cast<uint8_t>(MessageType::kReset);
}

// A struct marker then the BEGIN tag (a malformed one fails in the session as usual).
bool IsBegin(const std::string& msg) {
    return msg.size() >= 2 && (static_cast<uint8_t>(msg[0]) & 0xF0) == 0xB0 &&
           static_cast<uint8_t>(msg[1]) == static_cast<uint8_t>(MessageType::kBegin);
}

using Outcome = Result<std::unique_ptr<Cursor>>;

}  // namespace

BoltConnection::BoltConnection(asio::ip::tcp::socket socket, ServerContext* ctx,
                               asio::thread_pool* workers)
    : socket_(std::move(socket)),
      strand_(asio::make_strand(socket_.get_executor())),
      ctx_(ctx),
      workers_(workers) {
    boost::system::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    peer_ = ec ? "unknown" : ep.address().to_string();
    id_ = "bolt-" + std::to_string(ctx_->connection_seq.fetch_add(1));
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    fd_ = socket_.native_handle();
}

BoltConnection::~BoltConnection() = default;

void BoltConnection::Start() {
    asio::post(strand_, [self = shared_from_this()] { self->ReadHandshake(); });
}

void BoltConnection::StartRefused(std::string why) {
    refusal_ = std::move(why);
    refusal_timer_ = std::make_unique<asio::steady_timer>(strand_, kRefusedHandshakeWait);
    refusal_timer_->async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec) self->Shutdown("");
    });
    Start();
}

void BoltConnection::Close() {
    closed_ = true;
    cv_.notify_all();
    asio::post(strand_, [self = shared_from_this()] { self->Shutdown(""); });
}

void BoltConnection::Shutdown(const std::string& reason) {
    closed_ = true;
    cv_.notify_all();
    if (!socket_.is_open()) return;
    if (!reason.empty()) LogWarn("{} ({}): closing: {}", id_, peer_, reason);
    {
        // A worker writing directly (Send) holds mu_ and checks this first.
        std::lock_guard<std::mutex> lock(mu_);
        socket_open_ = false;
    }
    boost::system::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
}

void BoltConnection::ReadHandshake() {
    asio::async_read(
        socket_, asio::buffer(read_buf_.data(), kHandshakeSize),
        asio::bind_executor(strand_, [self = shared_from_this()](boost::system::error_code ec,
                                                                 size_t n) {
            if (ec) return self->Shutdown("");
            Result<Negotiation> v = NegotiateHandshake(std::string_view(self->read_buf_.data(), n));
            if (!v.ok()) {
                self->ctx_->metrics->ProtocolError();
                return self->Shutdown(v.status().message());
            }
            if (v->manifest) {
                self->Send(EncodeManifest(), false);
                self->handshake_.clear();
                return self->ReadManifestChoice(5);  // 4 version bytes + a 1-byte varint
            }
            self->StartSession(v->version, true);
        }));
}

void BoltConnection::ReadManifestChoice(size_t need) {
    size_t have = handshake_.size();
    handshake_.resize(have + need);
    asio::async_read(socket_, asio::buffer(handshake_.data() + have, need),
                     asio::bind_executor(strand_, [self = shared_from_this()](
                                                      boost::system::error_code ec, size_t) {
                         if (ec) return self->Shutdown("");
                         BoltVersion chosen;
                         Result<size_t> used = ParseManifestChoice(self->handshake_, &chosen);
                         if (!used.ok()) {
                             self->ctx_->metrics->ProtocolError();
                             return self->Shutdown(used.status().message());
                         }
                         // The capability varint continues: read it a byte at a time, so no message
                         // bytes the client already sent behind it are consumed here.
                         if (*used == 0) return self->ReadManifestChoice(1);
                         self->StartSession(chosen, false);
                     }));
}

void BoltConnection::StartSession(BoltVersion v, bool answer) {
    if (v.major == 0) {
        LogWarn("{} ({}): no common Bolt version", id_, peer_);
        if (answer) return Send(EncodeVersion(v), true);
        return Shutdown("");
    }
    if (!refusal_.empty()) {
        if (answer) Send(EncodeVersion(v), false);
        std::string out;
        AppendFailure(Status(StatusCode::kBusy, refusal_), &out,
                      "Neo.TransientError.Request.NoThreadsAvailable");
        return Send(std::move(out), true);
    }
    session_ = std::make_unique<BoltSession>(ctx_, v, peer_, id_);
    if (answer) Send(EncodeVersion(v), false);
    ReadMore();
}

void BoltConnection::ReadMore() {
    socket_.async_read_some(
        asio::buffer(read_buf_),
        asio::bind_executor(strand_,
                            [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                                if (ec) return self->Shutdown("");
                                self->OnRead(n);
                            }));
}

void BoltConnection::OnRead(size_t n) {
    chunks_.Append(std::string_view(read_buf_.data(), n));
    std::string msg;
    bool start_worker = false;
    bool pause = false;
    for (;;) {
        Result<bool> more = chunks_.Next(&msg);
        if (!more.ok()) {
            ctx_->metrics->ProtocolError();
            return Shutdown(more.status().message());
        }
        if (!*more) break;
        if (IsReset(msg)) pending_resets_.fetch_add(1);
        std::lock_guard<std::mutex> lock(mu_);
        inbox_bytes_ += msg.size();
        inbox_.push_back(std::move(msg));
    }
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (!worker_running_ && !inbox_.empty()) {
            worker_running_ = true;
            start_worker = true;
        }
        pause = inbox_bytes_ > kPauseReadBytes;
        read_paused_ = pause;
    }
    if (start_worker) Schedule();
    if (!pause) ReadMore();
}

// A connection holding an explicit transaction runs on a thread of its own: it must reach
// COMMIT however busy the pool is. BEGIN runs there too (Process hands it over), since it may
// wait for the write lock and a pool worker must never wait for a writer: the pool serves
// reads, and auto-commit writes wait in the writer lane with their connection parked.
void BoltConnection::Schedule() {
    if (session_ && session_->holds_transaction()) return RunDedicated();
    asio::post(*workers_, [self = shared_from_this()] { self->Process({}, false); });
}

void BoltConnection::RunDedicated() {
    ctx_->dedicated_jobs.fetch_add(1);
    std::thread([self = shared_from_this()] {
        self->Process({}, true);
        self->ctx_->dedicated_jobs.fetch_sub(1);
    }).detach();
}

RunDone BoltConnection::Resumer() {
    return [self = shared_from_this()](Outcome outcome) { self->OnRunDone(std::move(outcome)); };
}

// The session queued a write: send what is answered so far (it precedes the RUN's response),
// then park, unless the lane already answered (then finish the RUN here and carry on).
bool BoltConnection::Park(std::string* out) {
    if (!out->empty()) {
        Send(std::move(*out), false);
        out->clear();
    }
    std::unique_ptr<Outcome> ready;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (run_outcome_) {
            ready = std::move(run_outcome_);
        } else {
            parked_ = true;
            ctx_->deferred_runs.fetch_add(1);
        }
    }
    if (!ready) return true;
    session_->FinishRun(std::move(*ready), out);
    return false;
}

// On a writer-lane thread: the parked session continues on the pool.
void BoltConnection::OnRunDone(Outcome outcome) {
    auto boxed = std::make_shared<Outcome>(std::move(outcome));
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (!parked_) {  // Process has not parked yet: it picks the outcome up itself
            run_outcome_ = std::make_unique<Outcome>(std::move(*boxed));
            return;
        }
        parked_ = false;
    }
    asio::post(*workers_, [self = shared_from_this(), boxed] {
        std::string out;
        self->session_->FinishRun(std::move(*boxed), &out);
        self->Process(std::move(out), false);
        self->ctx_->deferred_runs.fetch_sub(1);
    });
}

void BoltConnection::Process(std::string out, bool dedicated) {
    for (;;) {
        std::string msg;
        {
            std::unique_lock<std::mutex> lock(mu_);
            if (inbox_.empty() || closed_) {
                inbox_.clear();
                worker_running_ = false;
                bool resume = read_paused_ && !closed_;
                read_paused_ = false;
                lock.unlock();
                if (!out.empty()) Send(std::move(out), false);
                if (resume) asio::post(strand_, [self = shared_from_this()] { self->ReadMore(); });
                return;
            }
            if (!dedicated && IsBegin(inbox_.front())) {
                lock.unlock();
                if (!out.empty()) Send(std::move(out), false);
                return RunDedicated();
            }
            msg = std::move(inbox_.front());
            inbox_.pop_front();
            inbox_bytes_ -= msg.size();
        }
        bool reset = IsReset(msg);
        bool keep = false;
        try {
            keep = session_->HandleMessage(msg, &out, this);
        } catch (const std::exception& e) {  // a stray library exception must not kill us
            AppendFailure(Status(StatusCode::kInternal, e.what()), &out);
        }
        if (reset) pending_resets_.fetch_sub(1);
        if (keep && session_->waiting() && Park(&out)) return;
        if (!keep) {
            const std::string& why = session_->close_reason();
            if (why.find("GOODBYE") == std::string::npos) {
                LogWarn("{} ({}): closing: {}", id_, peer_, why);
            }
            std::lock_guard<std::mutex> lock(mu_);
            inbox_.clear();
            worker_running_ = false;
            closed_ = true;
            Send(std::move(out), true);
            return;
        }
        if (out.size() >= kSendBatchBytes) {
            Send(std::move(out), false);
            out.clear();
        }
    }
}

void BoltConnection::Flush(std::string* buffer) {
    Send(std::move(*buffer), false);
    buffer->clear();
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return unsent_bytes_ < kMaxUnsentBytes || closed_.load(); });
}

void BoltConnection::Send(std::string bytes, bool close_after) {
    {
        std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
        if (!close_after) lock.lock();  // Process() already holds mu_ when closing
        if (!close_after && unsent_bytes_ == 0 && socket_open_ && ctx_->direct_writes) {
            // Nothing queued or being written: write from this thread instead of hopping to
            // the I/O strand (a context switch per response). What the socket does not take
            // at once, or an error, goes the usual way; mu_ keeps the bytes in order.
            ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n == static_cast<ssize_t>(bytes.size())) return;
            if (n > 0) bytes.erase(0, static_cast<size_t>(n));
        }
        unsent_bytes_ += bytes.size();
    }
    asio::post(strand_,
               [self = shared_from_this(), bytes = std::move(bytes), close_after]() mutable {
                   if (close_after) self->close_after_write_ = true;
                   self->outbox_.push_back(std::move(bytes));
                   if (!self->writing_) self->WriteNext();
               });
}

void BoltConnection::WriteNext() {
    if (outbox_.empty()) {
        writing_ = false;
        if (close_after_write_) Shutdown("");
        return;
    }
    writing_ = true;
    asio::async_write(socket_, asio::buffer(outbox_.front()),
                      asio::bind_executor(strand_, [self = shared_from_this()](
                                                       boost::system::error_code ec, size_t) {
                          size_t size = self->outbox_.front().size();
                          self->outbox_.pop_front();
                          {
                              std::lock_guard<std::mutex> lock(self->mu_);
                              self->unsent_bytes_ -= size;
                          }
                          self->cv_.notify_all();
                          if (ec) {
                              self->writing_ = false;
                              self->outbox_.clear();
                              return self->Shutdown("");
                          }
                          self->WriteNext();
                      }));
}

}  // namespace nexus::server::bolt
