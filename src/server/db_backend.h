// Backend on a nexus::Database: auto-commit reads through Database::execute on a snapshot,
// auto-commit writes queued to a WriterLane (batched, sharing commits and fsyncs), explicit
// transactions through Database::begin. Thread-safe; each session belongs to one connection.
#pragma once

#include <memory>

#include "nexus/database.h"
#include "server/backend.h"
#include "server/writer_lane.h"

namespace nexus::server {

class DbBackend : public Backend {
  public:
    // lane_threads 0: auto-commit writes block their caller in Database::execute (no lane).
    explicit DbBackend(Database* db, int lane_threads = 2);
    ~DbBackend() override;
    std::unique_ptr<BackendSession> NewSession() override;
    DatabaseStats Stats() const override { return db_->stats(); }
    const WriterLane* lane() const { return lane_.get(); }

  private:
    Database* db_;
    std::unique_ptr<WriterLane> lane_;
};

}  // namespace nexus::server
