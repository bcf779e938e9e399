// WriterLane: batching auto-commit writes into shared transactions, splitting a batch around
// a failing write, and handing each write's materialized rows back through its callback.
#include "server/writer_lane.h"

#include <utility>

namespace nexus::server {
namespace {

// Bounds one batch's transaction (its dirty pages, and the work redone when a write fails).
constexpr size_t kMaxBatch = 128;

// A write's rows are final before its commit, so the lane hands them over materialized.
class RowsCursor : public Cursor {
  public:
    RowsCursor(std::vector<std::string> columns, std::vector<std::vector<Value>> rows,
               QueryStats stats)
        : columns_(std::move(columns)), rows_(std::move(rows)), stats_(stats) {}
    const std::vector<std::string>& columns() const override { return columns_; }
    Result<bool> Next(std::vector<Value>* row) override {
        if (pos_ == rows_.size()) return false;
        *row = std::move(rows_[pos_++]);
        return true;
    }
    const QueryStats& stats() const override { return stats_; }

  private:
    std::vector<std::string> columns_;
    std::vector<std::vector<Value>> rows_;
    size_t pos_ = 0;
    QueryStats stats_;
};

using Outcome = Result<std::unique_ptr<Cursor>>;

Outcome Materialize(QueryResult result) {
    ASSIGN_OR_RETURN(auto rows, result.rows());
    return std::unique_ptr<Cursor>(
        new RowsCursor(result.columns(), std::move(rows), result.stats()));
}

QueryOptions Limits(const WriterLane::Job& job) {
    return QueryOptions{job.options.timeout_ms, job.options.interrupted};
}

bool Interrupted(const WriterLane::Job& job) {
    return job.options.interrupted && job.options.interrupted();
}

Status Cancelled() {
    return Status(StatusCode::kCancelled, "the query was terminated before it ran");
}

}  // namespace

WriterLane::WriterLane(Database* db, int threads) : db_(db) {
    for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Loop(); });
}

WriterLane::~WriterLane() {
    {
        std::lock_guard<std::mutex> l(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
}

void WriterLane::Submit(Job job) {
    {
        std::lock_guard<std::mutex> l(mu_);
        if (!stop_) {
            queue_.push_back(std::move(job));
            cv_.notify_one();
            return;
        }
    }
    job.done(Status(StatusCode::kCancelled, "the server is stopping"));
}

uint64_t WriterLane::batches() const {
    std::lock_guard<std::mutex> l(mu_);
    return batches_;
}

uint64_t WriterLane::writes() const {
    std::lock_guard<std::mutex> l(mu_);
    return writes_;
}

size_t WriterLane::queued() const {
    std::lock_guard<std::mutex> l(mu_);
    return queue_.size();
}

// One lane thread at a time waits for the writer lock ("acquiring") and then takes every write
// queued by then; the other may meanwhile be waiting for its batch's fsync. Letting both wait
// for the lock would hand the second one an empty queue.
void WriterLane::Loop() {
    std::unique_lock<std::mutex> l(mu_);
    for (;;) {
        cv_.wait(l, [&] { return queue_.empty() ? stop_ : !acquiring_; });
        if (queue_.empty()) return;
        if (queue_.front().kind == Database::QueryKind::kSchema) {
            Job job = std::move(queue_.front());
            queue_.pop_front();
            l.unlock();
            RunAlone(std::move(job));
            l.lock();
            continue;
        }
        acquiring_ = true;
        l.unlock();
        Result<std::unique_ptr<Transaction>> tx = db_->begin(AccessMode::kWrite);
        l.lock();
        std::vector<Job> batch;
        while (!queue_.empty() && batch.size() < kMaxBatch &&
               queue_.front().kind != Database::QueryKind::kSchema) {
            batch.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
        acquiring_ = false;
        cv_.notify_all();
        l.unlock();
        if (!tx.ok()) {
            for (Job& job : batch) job.done(tx.status());
        } else if (batch.empty()) {
            (*tx)->rollback().IgnoreError();
        } else {
            RunBatch(std::move(*tx), std::move(batch));
        }
        l.lock();
    }
}

void WriterLane::RunBatch(std::unique_ptr<Transaction> tx, std::vector<Job> jobs) {
    std::vector<Outcome> outcomes;
    outcomes.reserve(jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) {
        // A write whose client reset or left meanwhile is answered without running it.
        if (Interrupted(jobs[i])) {
            outcomes.emplace_back(Cancelled());
            continue;
        }
        Result<QueryResult> result = tx->execute(jobs[i].query, jobs[i].params, Limits(jobs[i]));
        Outcome outcome = result.ok() ? Materialize(std::move(*result)) : Outcome(result.status());
        if (outcome.ok()) {
            outcomes.push_back(std::move(outcome));
            continue;
        }
        // No statement-level rollback inside a transaction: the failed write may have left
        // changes behind, so the whole batch goes and is rerun without it in the way.
        tx->rollback().IgnoreError();
        if (jobs.size() == 1) {
            jobs[0].done(std::move(outcome));
            return;
        }
        std::vector<Job> before(std::make_move_iterator(jobs.begin()),
                                std::make_move_iterator(jobs.begin() + i));
        std::vector<Job> failed;
        failed.push_back(std::move(jobs[i]));
        std::vector<Job> after(std::make_move_iterator(jobs.begin() + i + 1),
                               std::make_move_iterator(jobs.end()));
        RunSplit(std::move(before));
        RunSplit(std::move(failed));
        RunSplit(std::move(after));
        return;
    }
    Status committed = tx->commit();
    {
        std::lock_guard<std::mutex> l(mu_);
        ++batches_;
        writes_ += jobs.size();
    }
    for (size_t i = 0; i < jobs.size(); ++i) {
        if (!committed.ok() && outcomes[i].ok()) outcomes[i] = committed;
        jobs[i].done(std::move(outcomes[i]));
    }
}

void WriterLane::RunSplit(std::vector<Job> jobs) {
    if (jobs.empty()) return;
    Result<std::unique_ptr<Transaction>> tx = db_->begin(AccessMode::kWrite);
    if (!tx.ok()) {
        for (Job& job : jobs) job.done(tx.status());
        return;
    }
    RunBatch(std::move(*tx), std::move(jobs));
}

void WriterLane::RunAlone(Job job) {
    if (Interrupted(job)) return job.done(Cancelled());
    Result<QueryResult> result = db_->execute(job.query, job.params, Limits(job));
    job.done(result.ok() ? Materialize(std::move(*result)) : Outcome(result.status()));
}

}  // namespace nexus::server
