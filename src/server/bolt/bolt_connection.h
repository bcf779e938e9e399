// One Bolt client connection on the network: reads the handshake and chunked messages on the
// I/O threads, runs the BoltSession on the worker pool (queries block), parks it while the
// writer lane runs an auto-commit write, and writes responses back in order (straight from
// the worker when nothing is queued). A RESET is noticed as soon as it is read, so a long PULL
// stops early. Lifetime: shared_ptr, kept alive by pending I/O, the worker job and the lane.
#pragma once

#include "server/asio.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "server/bolt/bolt_session.h"
#include "server/context.h"

namespace nexus::server::bolt {

class BoltConnection : public std::enable_shared_from_this<BoltConnection>, public ResponseSink {
  public:
    BoltConnection(boost::asio::ip::tcp::socket socket, ServerContext* ctx,
                   boost::asio::thread_pool* workers);
    ~BoltConnection() override;

    void Start();
    // For a client over the connection limit: the handshake is answered, then one FAILURE
    // saying why, then the socket closes (a client that never handshakes is dropped after a
    // few seconds). No session is created.
    void StartRefused(std::string why);
    // Closes the socket from any thread; running work sees Interrupted() and stops.
    void Close();

    // ResponseSink (called from the worker running this connection's session).
    void Flush(std::string* buffer) override;
    bool Interrupted() const override { return pending_resets_.load() > 0 || closed_.load(); }
    RunDone Resumer() override;

  private:
    void ReadHandshake();
    void ReadManifestChoice(size_t need);
    void StartSession(BoltVersion v, bool answer);  // answer: send the legacy version reply
    void ReadMore();
    void OnRead(size_t n);
    void Schedule();
    void RunDedicated();
    // Handles queued messages until the inbox is empty, the session parks or the connection
    // closes; `out` holds responses not sent yet. `dedicated`: not on a pool worker.
    void Process(std::string out, bool dedicated);
    bool Park(std::string* out);
    void OnRunDone(Result<std::unique_ptr<Cursor>> outcome);
    void Send(std::string bytes, bool close_after);
    void WriteNext();
    void Shutdown(const std::string& reason);

    boost::asio::ip::tcp::socket socket_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    ServerContext* ctx_;
    boost::asio::thread_pool* workers_;
    int fd_ = -1;  // the socket's descriptor, for writes from workers (see Send)
    std::string peer_;
    std::string id_;
    std::array<char, 65536> read_buf_;
    std::string handshake_;  // the client's manifest choice as it arrives
    ChunkReader chunks_;
    std::unique_ptr<BoltSession> session_;
    std::string refusal_;  // non-empty: refuse after the handshake
    std::unique_ptr<boost::asio::steady_timer> refusal_timer_;

    std::mutex mu_;  // guards the fields below
    std::condition_variable cv_;
    std::deque<std::string> inbox_;
    size_t inbox_bytes_ = 0;
    bool worker_running_ = false;
    bool read_paused_ = false;
    size_t unsent_bytes_ = 0;  // queued or being written
    bool socket_open_ = true;  // false from Shutdown on: the fd may be gone
    bool parked_ = false;      // the session waits for the writer lane; OnRunDone resumes it
    std::unique_ptr<Result<std::unique_ptr<Cursor>>> run_outcome_;  // arrived before Park

    std::atomic<int> pending_resets_{0};
    std::atomic<bool> closed_{false};

    // Strand-only state.
    std::deque<std::string> outbox_;
    bool writing_ = false;
    bool close_after_write_ = false;
};

}  // namespace nexus::server::bolt
