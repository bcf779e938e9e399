// Operator helpers: PROFILE wrapping, single-row reading and EXPLAIN text.
#include "cypher/exec/operator.h"

#include <chrono>

namespace nexus::cypher::exec {
namespace {

class ProfilingCursor : public Cursor {
  public:
    ProfilingCursor(std::unique_ptr<Cursor> inner, OpProfile* prof)
        : inner_(std::move(inner)), prof_(prof) {}
    Result<bool> Next(Chunk* out) override {
        auto start = std::chrono::steady_clock::now();
        Result<bool> r = inner_->Next(out);
        prof_->nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
        if (r.ok() && *r) prof_->rows += out->size();
        return r;
    }

  private:
    std::unique_ptr<Cursor> inner_;
    OpProfile* prof_;
};

void AppendPlan(const Operator& op, const ExecContext* ctx, int depth, std::string* out) {
    out->append(static_cast<size_t>(depth) * 2, ' ');
    out->append("+").append(op.Name());
    std::string detail = op.Detail();
    if (!detail.empty()) out->append(" ").append(detail);
    if (ctx != nullptr) {
        auto it = ctx->profile().find(&op);
        OpProfile p = it == ctx->profile().end() ? OpProfile{} : it->second;
        out->append(" (rows=" + std::to_string(p.rows) +
                    ", time=" + std::to_string(p.nanos / 1000) + "us)");
    }
    out->append("\n");
    for (const Operator* child : op.Children()) AppendPlan(*child, ctx, depth + 1, out);
}

}  // namespace

bool Operator::Writes() const {
    for (const Operator* child : Children()) {
        if (child->Writes()) return true;
    }
    return false;
}

namespace {

// Polls the query's time limit and interruption before every chunk it passes on.
class PollingCursor : public Cursor {
  public:
    PollingCursor(std::unique_ptr<Cursor> inner, const ExecContext* ctx)
        : inner_(std::move(inner)), ctx_(ctx) {}
    Result<bool> Next(Chunk* out) override {
        RETURN_IF_ERROR(ctx_->Poll());
        return inner_->Next(out);
    }

  private:
    std::unique_ptr<Cursor> inner_;
    const ExecContext* ctx_;
};

}  // namespace

Result<std::unique_ptr<Cursor>> OpenChild(const Operator& op, ExecContext& ctx,
                                          const Row& argument) {
    ASSIGN_OR_RETURN(std::unique_ptr<Cursor> cursor, op.Open(ctx, argument));
    if (ctx.has_limits()) cursor = std::make_unique<PollingCursor>(std::move(cursor), &ctx);
    if (!ctx.profiling()) return cursor;
    return std::unique_ptr<Cursor>(
        std::make_unique<ProfilingCursor>(std::move(cursor), &ctx.profile()[&op]));
}

Result<bool> RowReader::Next(Row** row) {
    while (pos_ >= chunk_.size()) {
        if (done_) return false;
        ASSIGN_OR_RETURN(bool more, cursor_->Next(&chunk_));
        pos_ = 0;
        if (!more) {
            chunk_.clear();
            done_ = true;
            return false;
        }
    }
    *row = &chunk_.rows[pos_++];
    return true;
}

Result<bool> PerRowCursor::Next(Chunk* out) {
    out->clear();
    while (out->size() < kChunkSize) {
        if (active_) {
            ASSIGN_OR_RETURN(bool more, Produce(out));
            if (!more) active_ = false;
            continue;
        }
        if (pos_ >= in_.size()) {
            if (done_) break;
            ASSIGN_OR_RETURN(bool more, input_->Next(&in_));
            pos_ = 0;
            if (!more) {
                done_ = true;
                in_.clear();
                break;
            }
        }
        RETURN_IF_ERROR(Begin(in_.rows[pos_++]));
        active_ = true;
    }
    return out->size() > 0;
}

std::string PlanText(const Operator& root, const ExecContext* ctx) {
    std::string out;
    AppendPlan(root, ctx, 0, &out);
    return out;
}

}  // namespace nexus::cypher::exec
