// Row streams: over chunks, or fused from an Expand and the Filters and Projections above it;
// projections on top of a stream run in place on its rows, and may defer the property reads
// a consumer's first look at the row does not need.
#include "cypher/exec/row_stream.h"

#include <algorithm>

#include "cypher/exec/expand.h"

namespace nexus::cypher::exec {
namespace {

class ChunkStream : public RowStream {
  public:
    explicit ChunkStream(std::unique_ptr<Cursor> cursor) : reader_(std::move(cursor)) {}
    Result<bool> Next(Row** row) override { return reader_.Next(row); }
    bool movable() const override { return true; }

  private:
    RowReader reader_;
};

// True when `e` may read one of `slots` (a subquery may read any slot).
bool ReadsAny(const Expr& e, const std::vector<int>& slots) {
    if (e.plan) return true;
    auto in = [&](int s) {
        return s >= 0 && std::find(slots.begin(), slots.end(), s) != slots.end();
    };
    if (in(e.slot) || in(e.slot2)) return true;
    for (const ExprPtr& k : e.kids) {
        if (k && ReadsAny(*k, slots)) return true;
    }
    for (const MapProjectionItem& item : e.items) {
        if (item.value && ReadsAny(*item.value, slots)) return true;
    }
    return false;
}

// Which items of the projections on top of a stream wait for Complete. Only property reads
// of a slot wait (the reads worth saving; they cannot fail on an entity or a map), and only
// when `first` does not need them, directly or through an item it needs. Nothing waits when
// a waiting item would read or write a slot after a later item wrote it.
class Deferral {
  public:
    Deferral(const std::vector<const ProjectOp*>& projects, const Expr* first) {
        struct Item {
            const Expr* expr;
            int slot;
        };
        std::vector<Item> items;
        for (const ProjectOp* p : projects) {
            for (size_t i = 0; i < p->exprs().size(); ++i) {
                items.push_back({p->exprs()[i].get(), p->slots()[i]});
            }
        }
        std::vector<bool> wait(items.size(), false);
        for (size_t k = items.size(); k-- > 0;) {
            const Expr& e = *items[k].expr;
            bool needed = first == nullptr || ReadsAny(*first, {items[k].slot});
            for (size_t j = k + 1; j < items.size() && !needed; ++j) {
                needed = !wait[j] && ReadsAny(*items[j].expr, {items[k].slot});
            }
            wait[k] = !needed && e.kind == ExprKind::kProperty && !e.kids.empty() &&
                      e.kids[0]->kind == ExprKind::kSlot;
        }
        for (size_t k = 0; k < items.size(); ++k) {
            if (!wait[k]) continue;
            for (size_t j = k + 1; j < items.size(); ++j) {
                if (wait[j]) continue;
                if (items[j].slot == items[k].slot || ReadsAny(*items[k].expr, {items[j].slot})) {
                    return;  // waiting would change what item k reads or leaves behind
                }
            }
        }
        size_t n = 0;
        for (const ProjectOp* p : projects) {
            wait_.emplace_back(wait.begin() + static_cast<std::ptrdiff_t>(n),
                               wait.begin() + static_cast<std::ptrdiff_t>(n + p->exprs().size()));
            n += p->exprs().size();
        }
        any_ = std::find(wait.begin(), wait.end(), true) != wait.end();
    }

    bool any() const { return any_; }
    // Evaluates the items of `p`, the `index`th of the projections given (-1: another one,
    // whose items never wait), into `row`: those that do not wait (later = false) or those
    // that do (later = true).
    Status Eval(const ProjectOp& p, int index, bool later, Row& row, ExecContext& ctx) const {
        const std::vector<bool>* wait = any_ && index >= 0 ? &wait_[index] : nullptr;
        for (size_t i = 0; i < p.exprs().size(); ++i) {
            const bool waits = wait != nullptr && (*wait)[i];
            if (waits != later) continue;
            ASSIGN_OR_RETURN(Value v, p.exprs()[i]->Eval(row, ctx));
            SetSlot(row, p.slots()[i], std::move(v));
        }
        return Status::Ok();
    }

  private:
    std::vector<std::vector<bool>> wait_;  // per projection given, per item
    bool any_ = false;
};

// The Filters and Projections above an Expand, bottom-up, or false when `op` has another
// shape. A Projection's slots are rewritten for every match, so nothing evaluated before it
// for a match (the Expand, the steps below it, its own items) may read them: they would see
// the previous match's values instead of the input row's.
bool FusedShape(const Operator& op, const ExpandOp** expand, std::vector<const Operator*>* steps) {
    const Operator* cur = &op;
    steps->clear();
    while (true) {
        if (dynamic_cast<const FilterOp*>(cur) || dynamic_cast<const ProjectOp*>(cur)) {
            steps->push_back(cur);
            cur = &static_cast<const UnaryOp*>(cur)->input();
            continue;
        }
        break;
    }
    *expand = dynamic_cast<const ExpandOp*>(cur);
    if (*expand == nullptr) return false;
    std::reverse(steps->begin(), steps->end());
    const ExpandSpec& spec = (*expand)->spec();
    std::vector<int> expand_reads = {spec.from, spec.to, spec.rel};
    expand_reads.insert(expand_reads.end(), spec.distinct_from.begin(), spec.distinct_from.end());
    expand_reads.insert(expand_reads.end(), spec.distinct_from_lists.begin(),
                        spec.distinct_from_lists.end());
    for (size_t i = 0; i < steps->size(); ++i) {
        const auto* project = dynamic_cast<const ProjectOp*>((*steps)[i]);
        if (project == nullptr) continue;
        const std::vector<int>& written = project->slots();
        for (int s : expand_reads) {
            if (std::find(written.begin(), written.end(), s) != written.end()) return false;
        }
        for (size_t j = 0; j <= i; ++j) {
            const Operator* below = (*steps)[j];
            if (const auto* f = dynamic_cast<const FilterOp*>(below)) {
                if (ReadsAny(f->predicate(), written)) return false;
            } else {
                for (const ExprPtr& e : static_cast<const ProjectOp*>(below)->exprs()) {
                    if (ReadsAny(*e, written)) return false;
                }
            }
        }
    }
    return true;
}

class FusedExpandStream : public RowStream {
  public:
    FusedExpandStream(std::unique_ptr<Cursor> input, const ExpandSpec& spec,
                      const std::vector<const Operator*>& steps, const Expr* first,
                      ExecContext& ctx)
        : input_(std::move(input)),
          expander_(spec, ctx),
          ctx_(ctx),
          deferral_(TrailingProjects(steps), first) {
        const size_t trailing = TrailingProjects(steps).size();
        for (size_t i = 0; i < steps.size(); ++i) {
            const auto* f = dynamic_cast<const FilterOp*>(steps[i]);
            const auto index = static_cast<int>(i + trailing) - static_cast<int>(steps.size());
            steps_.push_back(f ? Step{&f->predicate(), nullptr, -1}
                               : Step{nullptr, static_cast<const ProjectOp*>(steps[i]), index});
        }
    }

    Result<bool> Next(Row** row) override {
        while (true) {
            while (match_ < expander_.size()) {
                RETURN_IF_ERROR(expander_.Fill(match_++, row_));
                if (++since_poll_ >= kChunkSize && ctx_.has_limits()) {
                    since_poll_ = 0;
                    RETURN_IF_ERROR(ctx_.Poll());
                }
                ASSIGN_OR_RETURN(bool keep, ApplySteps());
                if (!keep) continue;
                *row = &row_;
                return true;
            }
            if (pos_ >= in_.size()) {
                if (done_) return false;
                ASSIGN_OR_RETURN(bool more, input_->Next(&in_));
                pos_ = 0;
                if (!more) {
                    in_.clear();
                    done_ = true;
                    return false;
                }
            }
            Row& in = in_.rows[pos_++];
            RETURN_IF_ERROR(expander_.Begin(in));
            match_ = 0;
            // The input row is not read again: it becomes the row every match is written to.
            if (expander_.size() > 0) row_ = std::move(in);
        }
    }
    bool movable() const override { return false; }
    Status Complete(Row* row) override {
        if (!deferral_.any()) return Status::Ok();
        for (const Step& step : steps_) {
            if (step.project != nullptr && step.trailing >= 0) {
                RETURN_IF_ERROR(deferral_.Eval(*step.project, step.trailing, true, *row, ctx_));
            }
        }
        return Status::Ok();
    }

  private:
    // The Projections after the last Filter: only their items may wait for Complete.
    static std::vector<const ProjectOp*> TrailingProjects(
        const std::vector<const Operator*>& steps) {
        std::vector<const ProjectOp*> out;
        for (const Operator* op : steps) {
            const auto* p = dynamic_cast<const ProjectOp*>(op);
            if (p == nullptr) {
                out.clear();
            } else {
                out.push_back(p);
            }
        }
        return out;
    }

    Result<bool> ApplySteps() {
        for (const Step& step : steps_) {
            if (step.filter != nullptr) {
                ASSIGN_OR_RETURN(bool keep, EvalPredicate(*step.filter, row_, ctx_));
                if (!keep) return false;
                continue;
            }
            RETURN_IF_ERROR(deferral_.Eval(*step.project, step.trailing, false, row_, ctx_));
        }
        return true;
    }

    struct Step {
        const Expr* filter;        // a Filter's predicate, or
        const ProjectOp* project;  // a Projection
        int trailing;              // its index among the trailing projections, or -1
    };

    std::unique_ptr<Cursor> input_;
    Expander expander_;
    std::vector<Step> steps_;
    ExecContext& ctx_;
    Chunk in_;
    size_t pos_ = 0;
    bool done_ = false;
    Row row_;
    size_t match_ = 0;
    size_t since_poll_ = 0;
    Deferral deferral_;
};

// A Projection over any other stream: its items are written into the input's rows in place
// (the stream contract lets a consumer change slots), with no chunk of copies between.
class ProjectedStream : public RowStream {
  public:
    ProjectedStream(std::unique_ptr<RowStream> in, const ProjectOp& op, const Expr* first,
                    ExecContext& ctx)
        : in_(std::move(in)), op_(op), ctx_(ctx), deferral_({&op}, first) {}

    Result<bool> Next(Row** row) override {
        ASSIGN_OR_RETURN(bool more, in_->Next(row));
        if (!more) return false;
        RETURN_IF_ERROR(in_->Complete(*row));
        RETURN_IF_ERROR(deferral_.Eval(op_, 0, false, **row, ctx_));
        return true;
    }
    bool movable() const override { return in_->movable(); }
    Status Complete(Row* row) override {
        if (!deferral_.any()) return Status::Ok();
        return deferral_.Eval(op_, 0, true, *row, ctx_);
    }

  private:
    std::unique_ptr<RowStream> in_;
    const ProjectOp& op_;
    ExecContext& ctx_;
    Deferral deferral_;
};

class StreamCursor : public Cursor {
  public:
    explicit StreamCursor(std::unique_ptr<RowStream> stream) : stream_(std::move(stream)) {}
    Result<bool> Next(Chunk* out) override {
        out->clear();
        Row* row = nullptr;
        while (out->size() < kChunkSize) {
            ASSIGN_OR_RETURN(bool more, stream_->Next(&row));
            if (!more) break;
            out->rows.push_back(*row);
        }
        return out->size() > 0;
    }

  private:
    std::unique_ptr<RowStream> stream_;
};

}  // namespace

Result<std::unique_ptr<Cursor>> OpenFusedCursor(const Operator& op, ExecContext& ctx,
                                                const Row& argument) {
    ASSIGN_OR_RETURN(auto stream, OpenRowStream(op, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<StreamCursor>(std::move(stream)));
}

bool FusesIntoStream(const Operator& op) {
    const ExpandOp* expand = nullptr;
    std::vector<const Operator*> steps;
    return FusedShape(op, &expand, &steps);
}

Result<std::unique_ptr<RowStream>> OpenRowStream(const Operator& op, ExecContext& ctx,
                                                 const Row& argument, const Expr* first) {
    const ExpandOp* expand = nullptr;
    std::vector<const Operator*> steps;
    if (!ctx.profiling() && FusedShape(op, &expand, &steps)) {
        ASSIGN_OR_RETURN(auto in, OpenChild(expand->input(), ctx, argument));
        return std::unique_ptr<RowStream>(
            std::make_unique<FusedExpandStream>(std::move(in), expand->spec(), steps, first, ctx));
    }
    if (const auto* project = dynamic_cast<const ProjectOp*>(&op); project && !ctx.profiling()) {
        ASSIGN_OR_RETURN(auto in, OpenRowStream(project->input(), ctx, argument));
        return std::unique_ptr<RowStream>(
            std::make_unique<ProjectedStream>(std::move(in), *project, first, ctx));
    }
    ASSIGN_OR_RETURN(auto cursor, OpenChild(op, ctx, argument));
    return std::unique_ptr<RowStream>(std::make_unique<ChunkStream>(std::move(cursor)));
}

}  // namespace nexus::cypher::exec
