// WriterLane: the server's auto-commit writes run here, off the worker pool, so a write that
// waits for the writer lock or for its fsync never holds a thread that reads need. Queued
// writes are run back to back in one write transaction per batch and committed together: one
// WAL append and one fsync for the batch. Design and failure handling: docs/server.md.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "nexus/database.h"
#include "server/backend.h"

namespace nexus::server {

class WriterLane {
  public:
    struct Job {
        std::string query;
        ParamMap params;
        TxOptions options;
        RunDone done;
        Database::QueryKind kind = Database::QueryKind::kWrite;
    };

    // `threads` lane threads: with two, one builds and appends the next batch while the
    // previous batch waits for its fsync (the pager's group commit then shares fsyncs).
    explicit WriterLane(Database* db, int threads = 2);
    ~WriterLane();  // runs what is queued (their clients are gone: they stop early), joins

    void Submit(Job job);

    // Batches committed and writes they carried, since start; writes waiting for a batch.
    uint64_t batches() const;
    uint64_t writes() const;
    size_t queued() const;

  private:
    void Loop();
    // Runs `jobs` in `tx` and commits; a failing write rolls the batch back and the batch is
    // split around it, so only the failing write fails.
    void RunBatch(std::unique_ptr<Transaction> tx, std::vector<Job> jobs);
    void RunAlone(Job job);  // schema commands: a transaction of their own
    void RunSplit(std::vector<Job> jobs);

    Database* db_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    bool stop_ = false;
    bool acquiring_ = false;  // a lane thread is waiting for the writer lock
    uint64_t batches_ = 0;
    uint64_t writes_ = 0;
    std::vector<std::thread> threads_;
};

}  // namespace nexus::server
