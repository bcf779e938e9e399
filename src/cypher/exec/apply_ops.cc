// Apply, Optional, Foreach and Union.
#include "cypher/exec/apply_ops.h"

namespace nexus::cypher::exec {
namespace {

class ApplyCursor : public PerRowCursor {
  public:
    ApplyCursor(std::unique_ptr<Cursor> in, const Operator& inner, ExecContext& ctx, bool unit,
                const std::vector<int>* null_slots)
        : PerRowCursor(std::move(in)),
          inner_(inner),
          ctx_(ctx),
          unit_(unit),
          null_slots_(null_slots) {}

  protected:
    Status Begin(Row& row) override {
        row_ = &row;
        produced_ = false;
        ASSIGN_OR_RETURN(cursor_, OpenChild(inner_, ctx_, row));
        return Status::Ok();
    }
    Result<bool> Produce(Chunk* out) override {
        if (unit_) {
            Chunk sink;
            while (true) {
                ASSIGN_OR_RETURN(bool more, cursor_->Next(&sink));
                if (!more) break;
            }
            out->rows.push_back(std::move(*row_));
            return false;
        }
        Chunk chunk;
        ASSIGN_OR_RETURN(bool more, cursor_->Next(&chunk));
        if (more) {
            produced_ = true;
            for (Row& r : chunk.rows) out->rows.push_back(std::move(r));
            return true;
        }
        if (!produced_ && null_slots_ != nullptr) {
            Row r = std::move(*row_);
            for (int s : *null_slots_) SetSlot(r, s, Value());
            out->rows.push_back(std::move(r));
        }
        return false;
    }

  private:
    const Operator& inner_;
    ExecContext& ctx_;
    bool unit_;
    const std::vector<int>* null_slots_;
    Row* row_ = nullptr;
    std::unique_ptr<Cursor> cursor_;
    bool produced_ = false;
};

class ForeachCursor : public PerRowCursor {
  public:
    ForeachCursor(std::unique_ptr<Cursor> in, const ForeachOp& op, ExecContext& ctx)
        : PerRowCursor(std::move(in)), op_(op), ctx_(ctx) {}

  protected:
    Status Begin(Row& row) override {
        ASSIGN_OR_RETURN(Value list, op_.list().Eval(row, ctx_));
        if (!list.is_null() && !list.is_list()) {
            return Status(StatusCode::kTypeError, "Type mismatch: FOREACH expected a list");
        }
        if (list.is_list()) {
            for (const Value& v : list.as_list()) {
                Row arg = row;
                SetSlot(arg, op_.slot(), v);
                ASSIGN_OR_RETURN(auto cursor, OpenChild(op_.body(), ctx_, arg));
                Chunk sink;
                while (true) {
                    ASSIGN_OR_RETURN(bool more, cursor->Next(&sink));
                    if (!more) break;
                }
            }
        }
        row_ = &row;
        return Status::Ok();
    }
    Result<bool> Produce(Chunk* out) override {
        out->rows.push_back(std::move(*row_));
        return false;
    }

  private:
    const ForeachOp& op_;
    ExecContext& ctx_;
    Row* row_ = nullptr;
};

class UnionCursor : public Cursor {
  public:
    UnionCursor(const UnionOp& op, ExecContext& ctx, const Row& argument)
        : op_(op), ctx_(ctx), argument_(argument) {}
    Result<bool> Next(Chunk* out) override {
        out->clear();
        while (branch_ < op_.branches().size()) {
            if (!cursor_) {
                ASSIGN_OR_RETURN(cursor_, OpenChild(*op_.branches()[branch_], ctx_, argument_));
            }
            Chunk chunk;
            ASSIGN_OR_RETURN(bool more, cursor_->Next(&chunk));
            if (!more) {
                cursor_.reset();
                ++branch_;
                continue;
            }
            const auto& from = op_.branch_slots()[branch_];
            for (Row& r : chunk.rows) {
                Row o = argument_;
                for (size_t i = 0; i < from.size(); ++i) {
                    SetSlot(o, op_.out_slots()[i],
                            from[i] < static_cast<int>(r.size()) ? std::move(r[from[i]]) : Value());
                }
                out->rows.push_back(std::move(o));
            }
            return true;
        }
        return false;
    }

  private:
    const UnionOp& op_;
    ExecContext& ctx_;
    Row argument_;
    size_t branch_ = 0;
    std::unique_ptr<Cursor> cursor_;
};

}  // namespace

Result<std::unique_ptr<Cursor>> ApplyOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(
        std::make_unique<ApplyCursor>(std::move(in), *inner_, ctx, unit_, nullptr));
}

Result<std::unique_ptr<Cursor>> OptionalOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(
        std::make_unique<ApplyCursor>(std::move(in), *inner_, ctx, false, &null_slots_));
}

Result<std::unique_ptr<Cursor>> ForeachOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<ForeachCursor>(std::move(in), *this, ctx));
}

Result<std::unique_ptr<Cursor>> UnionOp::Open(ExecContext& ctx, const Row& argument) const {
    return std::unique_ptr<Cursor>(std::make_unique<UnionCursor>(*this, ctx, argument));
}

std::vector<const Operator*> UnionOp::Children() const {
    std::vector<const Operator*> out;
    for (const auto& b : branches_) out.push_back(b.get());
    return out;
}

}  // namespace nexus::cypher::exec
