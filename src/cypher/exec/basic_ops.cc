// Row-shaping operators.
#include "cypher/exec/basic_ops.h"

#include <algorithm>

#include "cypher/exec/group_index.h"
#include "cypher/exec/row_stream.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

class ArgumentCursor : public Cursor {
  public:
    explicit ArgumentCursor(const Row& row) : row_(row) {}
    Result<bool> Next(Chunk* out) override {
        out->clear();
        if (done_) return false;
        done_ = true;
        out->rows.push_back(row_);
        return true;
    }

  private:
    Row row_;
    bool done_ = false;
};

// A cursor that transforms each input chunk row by row; Step appends 0..n rows to `out`.
class MapCursor : public Cursor {
  public:
    MapCursor(std::unique_ptr<Cursor> in) : in_(std::move(in)) {}
    Result<bool> Next(Chunk* out) override {
        out->clear();
        while (out->size() == 0) {
            ASSIGN_OR_RETURN(bool more, in_->Next(&chunk_));
            if (!more) return false;
            for (Row& row : chunk_.rows) RETURN_IF_ERROR(Step(row, out));
        }
        return true;
    }

  protected:
    virtual Status Step(Row& row, Chunk* out) = 0;

  private:
    std::unique_ptr<Cursor> in_;
    Chunk chunk_;
};

class FilterCursor : public MapCursor {
  public:
    FilterCursor(std::unique_ptr<Cursor> in, const Expr& pred, ExecContext& ctx)
        : MapCursor(std::move(in)), pred_(pred), ctx_(ctx) {}
    Status Step(Row& row, Chunk* out) override {
        ASSIGN_OR_RETURN(bool keep, EvalPredicate(pred_, row, ctx_));
        if (keep) out->rows.push_back(std::move(row));
        return Status::Ok();
    }

  private:
    const Expr& pred_;
    ExecContext& ctx_;
};

class ProjectCursor : public MapCursor {
  public:
    ProjectCursor(std::unique_ptr<Cursor> in, const ProjectOp& op, ExecContext& ctx)
        : MapCursor(std::move(in)), op_(op), ctx_(ctx) {}
    Status Step(Row& row, Chunk* out) override {
        for (size_t i = 0; i < op_.exprs().size(); ++i) {
            ASSIGN_OR_RETURN(Value v, op_.exprs()[i]->Eval(row, ctx_));
            size_t slot = static_cast<size_t>(op_.slots()[i]);
            if (row.size() <= slot) row.resize(slot + 1);
            row[slot] = std::move(v);
        }
        out->rows.push_back(std::move(row));
        return Status::Ok();
    }

  private:
    const ProjectOp& op_;
    ExecContext& ctx_;
};

// Emits at most one chunk's worth of rows per call however long the list is, so nested
// UNWINDs stream instead of building one unbounded chunk.
class UnwindCursor : public PerRowCursor {
  public:
    UnwindCursor(std::unique_ptr<Cursor> in, const UnwindOp& op, ExecContext& ctx)
        : PerRowCursor(std::move(in)), op_(op), ctx_(ctx) {}

  protected:
    Status Begin(Row& row) override {
        row_ = &row;
        pos_ = 0;
        ASSIGN_OR_RETURN(list_, op_.list().Eval(row, ctx_));
        size_t slot = static_cast<size_t>(op_.slot());
        if (row.size() <= slot) row.resize(slot + 1);
        return Status::Ok();
    }

    Result<bool> Produce(Chunk* out) override {
        const size_t slot = static_cast<size_t>(op_.slot());
        if (list_.is_null()) return false;
        if (!list_.is_list()) {
            (*row_)[slot] = std::move(list_);
            list_ = Value();
            out->rows.push_back(std::move(*row_));
            return false;
        }
        const List& items = list_.as_list();
        size_t room = kChunkSize > out->size() ? kChunkSize - out->size() : 1;
        size_t end = std::min(items.size(), pos_ + room);
        for (; pos_ < end; ++pos_) {
            // The input row is not read again after its last element: move it.
            if (pos_ + 1 == items.size()) {
                out->rows.push_back(std::move(*row_));
            } else {
                out->rows.push_back(*row_);
            }
            out->rows.back()[slot] = items[pos_];
        }
        if (pos_ < items.size()) return true;
        list_ = Value();
        return false;
    }

  private:
    const UnwindOp& op_;
    ExecContext& ctx_;
    Row* row_ = nullptr;
    Value list_;
    size_t pos_ = 0;
};

class SkipLimitCursor : public Cursor {
  public:
    SkipLimitCursor(std::unique_ptr<Cursor> in, int64_t skip, int64_t limit, bool drain)
        : in_(std::move(in)), skip_(skip), limit_(limit), drain_(drain) {}
    Result<bool> Next(Chunk* out) override {
        out->clear();
        while (out->size() == 0) {
            if (limit_ == 0) {
                // Updates below a LIMIT still happen for every row.
                while (drain_) {
                    ASSIGN_OR_RETURN(bool more, in_->Next(out));
                    if (!more) drain_ = false;
                }
                out->clear();
                return false;
            }
            ASSIGN_OR_RETURN(bool more, in_->Next(out));
            if (!more) return false;
            size_t drop = static_cast<size_t>(std::min<int64_t>(skip_, out->size()));
            skip_ -= static_cast<int64_t>(drop);
            out->rows.erase(out->rows.begin(), out->rows.begin() + drop);
            if (limit_ > 0 && out->size() > static_cast<size_t>(limit_)) {
                out->rows.resize(static_cast<size_t>(limit_));
            }
            if (limit_ > 0) limit_ -= static_cast<int64_t>(out->size());
        }
        return true;
    }

  private:
    std::unique_ptr<Cursor> in_;
    int64_t skip_;
    int64_t limit_;  // -1: none
    bool drain_;
};

class DistinctCursor : public MapCursor {
  public:
    DistinctCursor(std::unique_ptr<Cursor> in, const std::vector<int>& slots, ExecContext& ctx)
        : MapCursor(std::move(in)), slots_(slots), ctx_(ctx), seen_(slots.size()) {}
    Status Step(Row& row, Chunk* out) override {
        key_.resize(slots_.size());
        for (size_t i = 0; i < slots_.size(); ++i) {
            size_t s = static_cast<size_t>(slots_[i]);
            key_[i] = s < row.size() ? row[s] : Value();
        }
        uint32_t group = 0;
        ASSIGN_OR_RETURN(bool fresh, seen_.FindOrInsert(key_, count_, &group, ctx_));
        if (!fresh) return Status::Ok();
        ++count_;
        out->rows.push_back(std::move(row));
        return Status::Ok();
    }

  private:
    const std::vector<int>& slots_;
    ExecContext& ctx_;
    GroupIndex seen_;
    std::vector<Value> key_;  // reused per row
    uint32_t count_ = 0;
};

class VectorCursor : public Cursor {
  public:
    explicit VectorCursor(std::vector<Row> rows) : rows_(std::move(rows)) {}
    Result<bool> Next(Chunk* out) override {
        out->clear();
        while (pos_ < rows_.size() && out->size() < kChunkSize) {
            out->rows.push_back(std::move(rows_[pos_++]));
        }
        return out->size() > 0;
    }

  private:
    std::vector<Row> rows_;
    size_t pos_ = 0;
};

class DiscardCursor : public Cursor {
  public:
    explicit DiscardCursor(std::unique_ptr<Cursor> in) : in_(std::move(in)) {}
    Result<bool> Next(Chunk* out) override {
        while (true) {
            ASSIGN_OR_RETURN(bool more, in_->Next(out));
            if (!more) break;
        }
        out->clear();
        return false;
    }

  private:
    std::unique_ptr<Cursor> in_;
};

}  // namespace

Result<std::unique_ptr<Cursor>> ArgumentOp::Open(ExecContext&, const Row& argument) const {
    return std::unique_ptr<Cursor>(std::make_unique<ArgumentCursor>(argument));
}

Result<std::unique_ptr<Cursor>> FilterOp::Open(ExecContext& ctx, const Row& argument) const {
    // Over an Expand, a match the filter drops is never copied into a row of its own.
    if (!ctx.profiling() && FusesIntoStream(*this)) return OpenFusedCursor(*this, ctx, argument);
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<FilterCursor>(std::move(in), *predicate_, ctx));
}

Result<std::unique_ptr<Cursor>> ProjectOp::Open(ExecContext& ctx, const Row& argument) const {
    if (!ctx.profiling() && FusesIntoStream(*this)) return OpenFusedCursor(*this, ctx, argument);
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<ProjectCursor>(std::move(in), *this, ctx));
}

std::string ProjectOp::Detail() const {
    std::string s;
    for (size_t i = 0; i < exprs_.size(); ++i) s += (i ? ", " : "") + exprs_[i]->ToString();
    return s;
}

Result<std::unique_ptr<Cursor>> UnwindOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<UnwindCursor>(std::move(in), *this, ctx));
}

Result<int64_t> EvalCount(const Expr& e, const Row& argument, ExecContext& ctx, const char* what) {
    ASSIGN_OR_RETURN(Value v, e.Eval(argument, ctx));
    if (v.is_float() && v.as_float() == static_cast<double>(static_cast<int64_t>(v.as_float()))) {
        v = Value(static_cast<int64_t>(v.as_float()));
    }
    // Neo4j reports these as syntax errors even when a parameter supplies the value.
    if (v.is_int() && v.as_int() < 0) {
        return Status(StatusCode::kSyntaxError, std::string("NegativeIntegerArgument: ") + what +
                                                    " must be a non-negative integer, got " +
                                                    v.ToString());
    }
    if (!v.is_int()) {
        return Status(StatusCode::kSyntaxError, std::string("InvalidArgumentType: ") + what +
                                                    " must be a non-negative integer, got " +
                                                    v.ToString());
    }
    return v.as_int();
}

Result<std::unique_ptr<Cursor>> SkipLimitOp::Open(ExecContext& ctx, const Row& argument) const {
    int64_t skip = 0, limit = -1;
    if (skip_) {
        ASSIGN_OR_RETURN(skip, EvalCount(*skip_, argument, ctx, "SKIP"));
    }
    if (limit_) {
        ASSIGN_OR_RETURN(limit, EvalCount(*limit_, argument, ctx, "LIMIT"));
    }
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(
        std::make_unique<SkipLimitCursor>(std::move(in), skip, limit, input_->Writes()));
}

Result<std::unique_ptr<Cursor>> DistinctOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<DistinctCursor>(std::move(in), slots_, ctx));
}

Result<std::vector<Row>> Drain(const Operator& op, ExecContext& ctx, const Row& argument) {
    ASSIGN_OR_RETURN(auto in, OpenChild(op, ctx, argument));
    std::vector<Row> rows;
    Chunk chunk;
    while (true) {
        ASSIGN_OR_RETURN(bool more, in->Next(&chunk));
        if (!more) break;
        for (Row& r : chunk.rows) {
            RETURN_IF_ERROR(ctx.Charge(ApproxSize(r)));
            rows.push_back(std::move(r));
        }
    }
    return rows;
}

std::unique_ptr<Cursor> MakeVectorCursor(std::vector<Row> rows) {
    return std::make_unique<VectorCursor>(std::move(rows));
}

Result<std::unique_ptr<Cursor>> EagerOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(std::vector<Row> rows, Drain(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<VectorCursor>(std::move(rows)));
}

Result<std::unique_ptr<Cursor>> DiscardOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<DiscardCursor>(std::move(in)));
}

}  // namespace nexus::cypher::exec
