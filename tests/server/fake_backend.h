// A scripted Backend for protocol tests: queries are looked up by text, rows come from a
// table, and every call is recorded so tests can check what the protocol layer asked for.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/backend.h"

namespace nexus::server::testing {

struct FakeQuery {
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
    Status fail_at_run;        // returned by Run
    int fail_after_rows = -1;  // Next fails after this many rows
    bool endless = false;      // rows[0] forever, one per millisecond (cancellation tests)
    // Auto-commit through QueueAutoCommit (a writer lane's seam): 0 no, 1 answered before
    // QueueAutoCommit returns, 2 answered from another thread.
    int queue = 0;
    bool read_only = false;  // what ReadOnly() says (unknown texts: false)
    QueryStats stats;
};

struct FakeLog {
    std::mutex mu;
    std::vector<std::string> calls;
    void Add(std::string c) {
        std::lock_guard<std::mutex> l(mu);
        calls.push_back(std::move(c));
    }
    std::string Joined() {
        std::lock_guard<std::mutex> l(mu);
        std::string s;
        for (auto& c : calls) s += c + ";";
        return s;
    }
};

class FakeCursor : public Cursor {
  public:
    FakeCursor(FakeQuery q, FakeLog* log, bool autocommit)
        : q_(std::move(q)), log_(log), autocommit_(autocommit) {}
    ~FakeCursor() override {
        if (autocommit_ && !done_) log_->Add("autocommit-rollback");
    }
    const std::vector<std::string>& columns() const override { return q_.columns; }
    Result<bool> Next(std::vector<Value>* row) override {
        if (q_.fail_after_rows >= 0 && static_cast<int>(pos_) == q_.fail_after_rows) {
            return Status(StatusCode::kArgumentError, "boom");
        }
        if (q_.endless) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            *row = q_.rows[0];
            return true;
        }
        if (pos_ >= q_.rows.size()) {
            if (autocommit_ && !done_) log_->Add("autocommit-commit");
            done_ = true;
            return false;
        }
        *row = q_.rows[pos_++];
        return true;
    }
    const QueryStats& stats() const override { return q_.stats; }

  private:
    FakeQuery q_;
    FakeLog* log_;
    bool autocommit_;
    size_t pos_ = 0;
    bool done_ = false;
};

class FakeSession : public BackendSession {
  public:
    FakeSession(std::map<std::string, FakeQuery>* queries, FakeLog* log)
        : queries_(queries), log_(log) {}
    Result<std::unique_ptr<Cursor>> RunAutoCommit(std::string_view query, const ParamMap& params,
                                                  const TxOptions& options) override {
        log_->Add("run:" + std::string(query) + (options.mode == AccessMode::kRead ? ":r" : ""));
        return Make(query, params, true);
    }
    bool QueueAutoCommit(std::string_view query, const ParamMap& params, const TxOptions&,
                         RunDone done) override {
        auto it = queries_->find(std::string(query));
        if (it == queries_->end() || it->second.queue == 0) return false;
        log_->Add("queued:" + std::string(query));
        auto outcome = std::make_shared<Result<std::unique_ptr<Cursor>>>(Make(query, params, true));
        if (it->second.queue == 1) {
            done(std::move(*outcome));
        } else {
            std::thread([done = std::move(done), outcome] { done(std::move(*outcome)); }).detach();
        }
        return true;
    }
    bool ReadOnly(std::string_view query) override {
        auto it = queries_->find(std::string(query));
        return it != queries_->end() && it->second.read_only;
    }
    Status Begin(const TxOptions& options) override {
        log_->Add(options.mode == AccessMode::kRead ? "begin:r" : "begin");
        in_tx_ = true;
        return Status::Ok();
    }
    Result<std::unique_ptr<Cursor>> RunInTransaction(std::string_view query,
                                                     const ParamMap& params) override {
        log_->Add("txrun:" + std::string(query));
        return Make(query, params, false);
    }
    Status Commit() override {
        log_->Add("commit");
        in_tx_ = false;
        return Status::Ok();
    }
    Status Rollback() override {
        log_->Add("rollback");
        in_tx_ = false;
        return Status::Ok();
    }
    bool in_transaction() const override { return in_tx_; }

  private:
    Result<std::unique_ptr<Cursor>> Make(std::string_view query, const ParamMap& params,
                                         bool autocommit) {
        auto it = queries_->find(std::string(query));
        if (it == queries_->end()) {
            // Unknown text echoes its parameters back as one row, sorted by name.
            FakeQuery echo;
            std::vector<Value> row;
            for (const auto& [k, v] : params) {
                echo.columns.push_back(k);
                row.push_back(v);
            }
            echo.rows.push_back(row);
            return std::unique_ptr<Cursor>(new FakeCursor(echo, log_, autocommit));
        }
        if (!it->second.fail_at_run.ok()) return it->second.fail_at_run;
        return std::unique_ptr<Cursor>(new FakeCursor(it->second, log_, autocommit));
    }

    std::map<std::string, FakeQuery>* queries_;
    FakeLog* log_;
    bool in_tx_ = false;
};

class FakeBackend : public Backend {
  public:
    std::unique_ptr<BackendSession> NewSession() override {
        return std::make_unique<FakeSession>(&queries, &log);
    }
    std::map<std::string, FakeQuery> queries;
    FakeLog log;
};

}  // namespace nexus::server::testing
