// Engine: parse -> plan -> PreparedQuery, with an LRU plan cache keyed by query text; a cached
// query re-plans from statistics when the counts its plan used drift past 2x.
// Query execution streams rows for reads; writing queries run to completion inside
// Execute() so their statistics and errors are final before the caller commits.
#include "cypher/engine.h"

#include <chrono>
#include <list>
#include <mutex>
#include <unordered_map>

#include "common/rows_source.h"
#include "cypher/exec/basic_ops.h"
#include "cypher/exec/entity.h"
#include "cypher/parser/parser.h"
#include "cypher/planner/planner.h"
#include "cypher/procedures/schema_commands.h"

namespace nexus::cypher {
namespace {

// Pulls rows from the plan and hands out the result columns, materialized.
// A streaming result outlives the call that made it, so it owns what its operators point
// into: the plan (another thread may replace or evict it in the plan cache meanwhile) and a
// copy of the parameters (the caller's map may be gone before the last row is pulled).
class PlanSource : public QueryResult::Source {
  public:
    PlanSource(std::shared_ptr<const void> plan, std::unique_ptr<ParamMap> params,
               std::unique_ptr<exec::ExecContext> ctx, std::unique_ptr<exec::Cursor> cursor,
               std::vector<int> slots)
        : plan_(std::move(plan)),
          params_(std::move(params)),
          ctx_(std::move(ctx)),
          reader_(std::move(cursor)),
          slots_(std::move(slots)) {}

    // Runs the plan to the end now, keeping the result rows.
    Status Drain() {
        while (true) {
            std::vector<Value> row;
            ASSIGN_OR_RETURN(bool more, Pull(&row));
            if (!more) break;
            buffered_.push_back(std::move(row));
        }
        drained_ = true;
        return Status::Ok();
    }

    Result<bool> Next(std::vector<Value>* row) override {
        if (drained_) {
            if (pos_ >= buffered_.size()) return false;
            *row = std::move(buffered_[pos_++]);
            return true;
        }
        return Pull(row);
    }
    const QueryStats& stats() const override { return ctx_->stats(); }
    exec::ExecContext& ctx() { return *ctx_; }

  private:
    Result<bool> Pull(std::vector<Value>* row) {
        exec::Row* r = nullptr;
        ASSIGN_OR_RETURN(bool more, reader_.Next(&r));
        if (!more) return false;
        row->clear();
        for (int s : slots_) {
            const Value& v = static_cast<size_t>(s) < r->size() ? (*r)[s] : Value();
            ASSIGN_OR_RETURN(Value m, exec::Materialize(v, *ctx_));
            row->push_back(std::move(m));
        }
        return true;
    }

    // Declared first so they are destroyed last.
    std::shared_ptr<const void> plan_;
    std::unique_ptr<ParamMap> params_;
    std::unique_ptr<exec::ExecContext> ctx_;
    exec::RowReader reader_;
    std::vector<int> slots_;
    std::vector<std::vector<Value>> buffered_;
    size_t pos_ = 0;
    bool drained_ = false;
};

int64_t NowNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A plan made for one query; the AST it was planned from stays alive with it.
struct PlanHolder {
    std::shared_ptr<const ast::Statement> statement;
    planner::PlannedQuery plan;
};

// The plan made at Prepare (without statistics) serves columns(), read_only() and Explain();
// a query whose plan has choices statistics decide is re-planned from the reader's counts when
// it first runs and again whenever a count its plan used changed by more than 2x. Parameters
// never cause a re-plan.
class CypherQuery : public PreparedQuery {
  public:
    CypherQuery(std::shared_ptr<const PlanHolder> base, ast::ExplainMode mode)
        : base_(std::move(base)), mode_(mode) {}

    bool read_only() const override { return !base_->plan.writes; }
    bool is_schema_command() const override { return false; }
    const std::vector<std::string>& columns() const override { return base_->plan.columns; }
    std::string Explain() const override { return exec::PlanText(*base_->plan.root, nullptr); }

    Result<QueryResult> Execute(graph::GraphReader* reader, graph::GraphWriter* writer,
                                const ParamMap& params, const ExecOptions& options) const override {
        std::shared_ptr<const PlanHolder> holder = CurrentPlan(reader);
        const planner::PlannedQuery& plan = holder->plan;
        if (mode_ == ast::ExplainMode::kExplain) {
            return QueryResult(plan.columns, std::make_unique<RowsSource>(),
                               exec::PlanText(*plan.root, nullptr));
        }
        if (plan.writes && writer == nullptr) {
            return Status(StatusCode::kTransactionError, "Writing in read access mode not allowed");
        }
        auto owned_params = std::make_unique<ParamMap>(params);
        auto ctx = std::make_unique<exec::ExecContext>(reader, writer, owned_params.get(),
                                                       options.memory_limit_bytes);
        ctx->function_context().statement_epoch_nanos = NowNanos();
        if (options.timeout_ms > 0 || options.interrupted) {
            ctx->SetLimits(options.timeout_ms, options.interrupted);
        }
        ctx->set_profiling(mode_ == ast::ExplainMode::kProfile);
        exec::ExecContext* raw = ctx.get();
        exec::Row root(static_cast<size_t>(plan.num_slots));
        ASSIGN_OR_RETURN(auto cursor, exec::OpenChild(*plan.root, *raw, root));
        auto source = std::make_unique<PlanSource>(holder, std::move(owned_params), std::move(ctx),
                                                   std::move(cursor), plan.column_slots);
        std::string plan_text;
        if (plan.writes || mode_ == ast::ExplainMode::kProfile) {
            RETURN_IF_ERROR(source->Drain());
            if (mode_ == ast::ExplainMode::kProfile) {
                plan_text = exec::PlanText(*plan.root, &source->ctx());
            }
        }
        return QueryResult(plan.columns, std::move(source), std::move(plan_text));
    }

  private:
    std::shared_ptr<const PlanHolder> CurrentPlan(graph::GraphReader* reader) const {
        if (!base_->plan.wants_stats || reader == nullptr) return base_;
        // The reader's statistics version: when it equals one the plan was made or checked
        // at, the counts are the same and the check is one comparison.
        uint64_t version = reader->StatsVersion();
        std::shared_ptr<const PlanHolder> current;
        {
            std::lock_guard<std::mutex> lock(mu_);
            current = planned_;
            if (current && version != 0 && version == checked_version_) return current;
        }
        if (current && planner::StatsStillValid(current->plan.stats_used, reader)) {
            std::lock_guard<std::mutex> lock(mu_);
            if (planned_ == current) checked_version_ = version;
            return current;
        }
        planner::PlanStats stats(reader);
        const auto& q = static_cast<const ast::QueryStatement&>(*base_->statement);
        Result<planner::PlannedQuery> plan = planner::PlanQuery(q.query, &stats);
        // The same text planned without statistics succeeded; should this fail, keep that.
        if (!plan.ok()) return base_;
        auto fresh = std::make_shared<PlanHolder>();
        fresh->statement = base_->statement;
        fresh->plan = std::move(*plan);
        fresh->plan.stats_used = stats.used();
        std::lock_guard<std::mutex> lock(mu_);
        planned_ = fresh;
        checked_version_ = version;
        return fresh;
    }

    std::shared_ptr<const PlanHolder> base_;
    ast::ExplainMode mode_;
    mutable std::mutex mu_;
    mutable std::shared_ptr<const PlanHolder> planned_;  // guarded by mu_
    // A statistics version at which planned_'s counts were read or found still valid; 0:
    // none (readers without versions always compare counts). Guarded by mu_.
    mutable uint64_t checked_version_ = 0;
};

}  // namespace

class Engine::Impl {
  public:
    explicit Impl(size_t capacity) : capacity_(capacity) {}

    Result<std::shared_ptr<const PreparedQuery>> Prepare(std::string_view text) {
        {
            // Looked up by the view itself: a cached query allocates nothing here.
            std::lock_guard<std::mutex> lock(mu_);
            auto it = index_.find(text);
            if (it != index_.end()) {
                if (it->second != lru_.begin()) lru_.splice(lru_.begin(), lru_, it->second);
                return it->second->second;
            }
        }
        ASSIGN_OR_RETURN(std::shared_ptr<const PreparedQuery> prepared, Build(text));
        std::string key(text);
        std::lock_guard<std::mutex> lock(mu_);
        if (capacity_ == 0 || index_.count(key)) return prepared;
        lru_.emplace_front(key, prepared);
        index_[key] = lru_.begin();
        if (lru_.size() > capacity_) {
            index_.erase(lru_.back().first);
            lru_.pop_back();
        }
        return prepared;
    }

  private:
    static Result<std::shared_ptr<const PreparedQuery>> Build(std::string_view text) {
        ASSIGN_OR_RETURN(std::unique_ptr<ast::Statement> parsed, Parse(text));
        if (parsed->kind != ast::StatementKind::kQuery) return PrepareSchemaCommand(*parsed);
        std::shared_ptr<const ast::Statement> stmt(std::move(parsed));
        const auto& q = static_cast<const ast::QueryStatement&>(*stmt);
        auto holder = std::make_shared<PlanHolder>();
        ASSIGN_OR_RETURN(holder->plan, planner::PlanQuery(q.query));
        holder->statement = stmt;
        return std::shared_ptr<const PreparedQuery>(
            std::make_shared<CypherQuery>(std::move(holder), stmt->explain));
    }

    using Entry = std::pair<std::string, std::shared_ptr<const PreparedQuery>>;
    // Hash and equality that accept string views, for lookups without a key copy.
    struct TextHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    };
    size_t capacity_;
    std::mutex mu_;
    std::list<Entry> lru_;
    std::unordered_map<std::string, std::list<Entry>::iterator, TextHash, std::equal_to<>> index_;
};

Engine::Engine(size_t plan_cache_entries) : impl_(std::make_unique<Impl>(plan_cache_entries)) {}
Engine::~Engine() = default;

Result<std::shared_ptr<const PreparedQuery>> Engine::Prepare(std::string_view text) {
    return impl_->Prepare(text);
}

}  // namespace nexus::cypher
