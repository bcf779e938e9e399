// Row streams: over chunks, or fused from an Expand and the Filters and Projections above it.
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
                      const std::vector<const Operator*>& steps, ExecContext& ctx)
        : input_(std::move(input)), expander_(spec, ctx), ctx_(ctx) {
        for (const Operator* op : steps) {
            const auto* f = dynamic_cast<const FilterOp*>(op);
            steps_.push_back(f ? Step{&f->predicate(), nullptr}
                               : Step{nullptr, static_cast<const ProjectOp*>(op)});
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

  private:
    Result<bool> ApplySteps() {
        for (const Step& step : steps_) {
            if (step.filter != nullptr) {
                ASSIGN_OR_RETURN(bool keep, EvalPredicate(*step.filter, row_, ctx_));
                if (!keep) return false;
                continue;
            }
            const ProjectOp* p = step.project;
            for (size_t i = 0; i < p->exprs().size(); ++i) {
                ASSIGN_OR_RETURN(Value v, p->exprs()[i]->Eval(row_, ctx_));
                const auto slot = static_cast<size_t>(p->slots()[i]);
                if (row_.size() <= slot) row_.resize(slot + 1);
                row_[slot] = std::move(v);
            }
        }
        return true;
    }

    struct Step {
        const Expr* filter;        // a Filter's predicate, or
        const ProjectOp* project;  // a Projection
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
                                                 const Row& argument) {
    const ExpandOp* expand = nullptr;
    std::vector<const Operator*> steps;
    if (!ctx.profiling() && FusedShape(op, &expand, &steps)) {
        ASSIGN_OR_RETURN(auto in, OpenChild(expand->input(), ctx, argument));
        return std::unique_ptr<RowStream>(
            std::make_unique<FusedExpandStream>(std::move(in), expand->spec(), steps, ctx));
    }
    ASSIGN_OR_RETURN(auto cursor, OpenChild(op, ctx, argument));
    return std::unique_ptr<RowStream>(std::make_unique<ChunkStream>(std::move(cursor)));
}

}  // namespace nexus::cypher::exec
