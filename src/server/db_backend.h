// Backend on a nexus::Database: auto-commit queries through Database::execute (which picks a
// read snapshot or the writer for each query), explicit transactions through
// Database::begin. Thread-safe; each session belongs to one connection.
#pragma once

#include "nexus/database.h"
#include "server/backend.h"

namespace nexus::server {

class DbBackend : public Backend {
  public:
    explicit DbBackend(Database* db) : db_(db) {}
    std::unique_ptr<BackendSession> NewSession() override;
    DatabaseStats Stats() const override { return db_->stats(); }

  private:
    Database* db_;
};

}  // namespace nexus::server
