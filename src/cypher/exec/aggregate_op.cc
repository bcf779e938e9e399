// Hash aggregation. Rows are looked up by their grouping keys without a key vector per row
// where the key is one integer, node or string (group_index.h); a key that is a property of
// a node is remembered per node id while nothing below writes, so the property is read once
// per node rather than once per row.
#include "cypher/exec/aggregate_op.h"

#include "cypher/exec/accumulator.h"
#include "cypher/exec/row_stream.h"

namespace nexus::cypher::exec {
namespace {

// The slot of `n` in an expression `n.key` (-1 for any other shape).
int PropertyOfSlot(const Expr& e) {
    if (e.kind != ExprKind::kProperty || e.kids.size() != 1) return -1;
    return e.kids[0]->kind == ExprKind::kSlot ? e.kids[0]->slot : -1;
}

struct Group {
    Row first;
    std::vector<Accumulator> accs;
};

class AggregateCursor : public Cursor {
  public:
    AggregateCursor(std::unique_ptr<RowStream> in, const AggregateOp& op, ExecContext& ctx,
                    const Row& argument)
        : in_(std::move(in)),
          keys_(op.keys()),
          key_slots_(op.key_slots()),
          aggs_(op.aggs()),
          ctx_(ctx),
          argument_(argument),
          index_(op.keys().size()) {
        for (const AggregateSpec& a : aggs_) fns_.push_back(ParseAggFn(a.function));
        bool reads_only = !op.input().Writes();
        if (reads_only && keys_.size() == 1) memo_slot_ = PropertyOfSlot(*keys_[0]);
        for (const AggregateSpec& a : aggs_) {
            int s =
                a.distinct && a.args.size() == 1 && reads_only ? PropertyOfSlot(*a.args[0]) : -1;
            distinct_node_slots_.push_back(s);
        }
    }

    Result<bool> Next(Chunk* out) override {
        out->clear();
        if (!built_) {
            RETURN_IF_ERROR(Build());
            built_ = true;
        }
        while (pos_ < groups_.size() && out->size() < kChunkSize) {
            Group& g = groups_[pos_++];
            Row r = std::move(g.first);
            for (size_t i = 0; i < aggs_.size(); ++i) {
                ASSIGN_OR_RETURN(Value v, g.accs[i].Finish());
                SetSlot(r, aggs_[i].slot, std::move(v));
            }
            g.accs.clear();
            out->rows.push_back(std::move(r));
        }
        return out->size() > 0;
    }

  private:
    void AddGroup() {
        Group g;
        g.accs.reserve(aggs_.size());
        for (size_t i = 0; i < aggs_.size(); ++i) {
            g.accs.emplace_back(aggs_[i], fns_[i]);
            if (distinct_node_slots_[i] >= 0)
                g.accs.back().SkipRepeatedNodes(distinct_node_slots_[i]);
        }
        groups_.push_back(std::move(g));
    }

    // The group of `row`, created (with `row` still to be moved in) when new.
    Result<uint32_t> FindGroup(const Row& row, bool* fresh) {
        if (keys_.empty()) {
            *fresh = groups_.empty();
            if (*fresh) AddGroup();
            return 0;
        }
        uint32_t group = 0;
        uint64_t node = 0;
        bool memo = memo_slot_ >= 0 && static_cast<size_t>(memo_slot_) < row.size() &&
                    row[memo_slot_].is_node();
        if (memo) {
            node = static_cast<uint64_t>(row[memo_slot_].as_node().id);
            bool hit = memo_.Find(node, &group);
            memo_gate_.Record(hit);
            if (hit) {
                *fresh = false;
                return group;
            }
            if (memo_gate_.Worthless()) {  // nodes do not repeat: stop remembering them
                memo = false;
                memo_slot_ = -1;
                ctx_.Release(memo_.bytes());
                memo_ = FlatU64Map();
            }
        }
        key_.resize(keys_.size());
        for (size_t i = 0; i < keys_.size(); ++i) {
            ASSIGN_OR_RETURN(key_[i], keys_[i]->Eval(row, ctx_));
        }
        auto next = static_cast<uint32_t>(groups_.size());
        ASSIGN_OR_RETURN(*fresh, index_.FindOrInsert(key_, next, &group, ctx_));
        if (memo) {
            uint32_t stored = 0;
            ASSIGN_OR_RETURN(bool inserted, memo_.FindOrInsert(node, group, &stored, ctx_));
            (void)inserted;
        }
        if (*fresh) AddGroup();
        return group;
    }

    Status Build() {
        const bool movable = in_->movable();
        Row* row = nullptr;
        while (true) {
            ASSIGN_OR_RETURN(bool more, in_->Next(&row));
            if (!more) break;
            bool fresh = false;
            ASSIGN_OR_RETURN(uint32_t g, FindGroup(*row, &fresh));
            Group& group = groups_[g];
            for (auto& acc : group.accs) RETURN_IF_ERROR(acc.Add(*row, ctx_));
            if (!fresh) continue;
            // The group's first row keeps the input row, so expressions over grouping
            // variables still evaluate above the aggregation.
            RETURN_IF_ERROR(ctx_.Charge(ApproxSize(*row) + sizeof(Group)));
            if (movable) {
                group.first = std::move(*row);
            } else {
                group.first = *row;
            }
            for (size_t i = 0; i < keys_.size(); ++i) {
                SetSlot(group.first, key_slots_[i], std::move(key_[i]));
            }
        }
        // Without grouping keys, aggregation over no rows still yields one row.
        if (keys_.empty() && groups_.empty()) {
            AddGroup();
            groups_.back().first = argument_;
        }
        return Status::Ok();
    }

    std::unique_ptr<RowStream> in_;
    const std::vector<ExprPtr>& keys_;
    const std::vector<int>& key_slots_;
    const std::vector<AggregateSpec>& aggs_;
    ExecContext& ctx_;
    Row argument_;
    std::vector<AggFn> fns_;
    std::vector<int> distinct_node_slots_;
    int memo_slot_ = -1;
    FlatU64Map memo_;  // node id -> group, for a key `n.key`
    MemoGate memo_gate_;
    GroupIndex index_;
    std::vector<Value> key_;  // reused per row
    std::vector<Group> groups_;
    size_t pos_ = 0;
    bool built_ = false;
};

}  // namespace

bool IsAggregateFunction(const std::string& f) {
    return f == "count" || f == "sum" || f == "avg" || f == "min" || f == "max" || f == "collect" ||
           f == "stdev" || f == "stdevp" || f == "percentilecont" || f == "percentiledisc";
}

Result<std::unique_ptr<Cursor>> AggregateOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenRowStream(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(
        std::make_unique<AggregateCursor>(std::move(in), *this, ctx, argument));
}

std::string AggregateOp::Detail() const {
    std::string s;
    for (size_t i = 0; i < keys_.size(); ++i) s += (i ? ", " : "") + keys_[i]->ToString();
    for (const auto& a : aggs_) s += (s.empty() ? "" : ", ") + a.function + "(...)";
    return s;
}

}  // namespace nexus::cypher::exec
