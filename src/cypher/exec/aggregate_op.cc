// Hash aggregation and the aggregate accumulators.
#include "cypher/exec/aggregate_op.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

struct ValueHash {
    size_t operator()(const Value& v) const { return Hash(v); }
};
struct ValueEq {
    bool operator()(const Value& a, const Value& b) const { return Equivalent(a, b); }
};
struct KeyHash {
    size_t operator()(const std::vector<Value>& k) const {
        size_t h = 0;
        for (const Value& v : k) h = h * 31 + Hash(v);
        return h;
    }
};
struct KeyEq {
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
        for (size_t i = 0; i < a.size(); ++i) {
            if (!Equivalent(a[i], b[i])) return false;
        }
        return true;
    }
};

class Accumulator {
  public:
    explicit Accumulator(const AggregateSpec& spec) : spec_(spec) {
        if (spec.function == "sum") sum_ = Value(int64_t{0});
    }

    Status Add(const Row& row, ExecContext& ctx) {
        if (spec_.args.empty()) {  // count(*)
            ++count_;
            return Status::Ok();
        }
        ASSIGN_OR_RETURN(Value v, spec_.args[0]->Eval(row, ctx));
        if (v.is_null()) return Status::Ok();
        if (spec_.args.size() > 1 && param_.is_null()) {
            ASSIGN_OR_RETURN(param_, spec_.args[1]->Eval(row, ctx));
        }
        if (spec_.distinct) {
            if (!seen_.insert(v).second) return Status::Ok();
            RETURN_IF_ERROR(ctx.Charge(ApproxSize(v)));
        }
        return Accept(std::move(v), ctx);
    }

    Result<Value> Finish() const {
        const std::string& f = spec_.function;
        if (f == "count") return Value(count_);
        if (f == "sum") return sum_;
        if (f == "avg") return count_ == 0 ? Value() : Value(fsum_ / static_cast<double>(count_));
        if (f == "min" || f == "max") return best_;
        if (f == "collect") return Value(list_);
        if (f == "stdev" || f == "stdevp") {
            int64_t n = count_ - (f == "stdev" ? 1 : 0);
            if (n <= 0) return Value(0.0);
            return Value(std::sqrt(m2_ / static_cast<double>(n)));
        }
        return Percentile();
    }

  private:
    Status Accept(Value v, ExecContext& ctx) {
        const std::string& f = spec_.function;
        ++count_;
        if (f == "count") return Status::Ok();
        if (f == "sum") {
            if (!v.is_number() && v.kind() != ValueKind::kDuration) {
                return Status(StatusCode::kTypeError,
                              "sum() can only handle numerical values and durations");
            }
            ASSIGN_OR_RETURN(sum_, nexus::cypher::Add(sum_, v));
            return Status::Ok();
        }
        if (f == "min" || f == "max") {
            int c = best_.is_null() ? 0 : OrderCompare(v, best_);
            if (best_.is_null() || (f == "min" ? c < 0 : c > 0)) best_ = std::move(v);
            return Status::Ok();
        }
        if (f == "collect") {
            RETURN_IF_ERROR(ctx.Charge(ApproxSize(v)));
            list_.push_back(std::move(v));
            return Status::Ok();
        }
        if (!v.is_number()) {
            return Status(StatusCode::kTypeError,
                          f + "() expects numeric values, got " + ValueKindName(v.kind()));
        }
        double x = v.as_number();
        fsum_ += x;
        double delta = x - mean_;
        mean_ += delta / static_cast<double>(count_);
        m2_ += delta * (x - mean_);
        if (f == "percentilecont" || f == "percentiledisc") {
            RETURN_IF_ERROR(ctx.Charge(sizeof(Value)));
            list_.push_back(std::move(v));
        }
        return Status::Ok();
    }

    Result<Value> Percentile() const {
        if (!param_.is_number() || param_.as_number() < 0 || param_.as_number() > 1) {
            if (list_.empty() && param_.is_null()) return Value();
            return Status(StatusCode::kArgumentError,
                          "NumberOutOfRange: percentile must be between 0.0 and 1.0");
        }
        if (list_.empty()) return Value();
        std::vector<Value> sorted = list_;
        std::sort(sorted.begin(), sorted.end(),
                  [](const Value& a, const Value& b) { return a.as_number() < b.as_number(); });
        double p = param_.as_number();
        size_t n = sorted.size();
        if (spec_.function == "percentiledisc") {
            size_t idx = p == 0 ? 0 : static_cast<size_t>(std::ceil(p * n)) - 1;
            return sorted[std::min(idx, n - 1)];
        }
        double pos = p * static_cast<double>(n - 1);
        size_t lo = static_cast<size_t>(std::floor(pos));
        size_t hi = std::min(lo + 1, n - 1);
        double frac = pos - static_cast<double>(lo);
        double a = sorted[lo].as_number(), b = sorted[hi].as_number();
        return Value(a + (b - a) * frac);
    }

    const AggregateSpec& spec_;
    int64_t count_ = 0;
    Value sum_;
    double fsum_ = 0, mean_ = 0, m2_ = 0;
    Value best_;
    Value param_;
    List list_;
    std::unordered_set<Value, ValueHash, ValueEq> seen_;
};

struct Group {
    Row first;
    std::vector<Accumulator> accs;
};

class AggregateCursor : public Cursor {
  public:
    AggregateCursor(std::unique_ptr<Cursor> in, const std::vector<ExprPtr>& keys,
                    const std::vector<int>& key_slots, const std::vector<AggregateSpec>& aggs,
                    ExecContext& ctx, const Row& argument)
        : in_(std::move(in)),
          keys_(keys),
          key_slots_(key_slots),
          aggs_(aggs),
          ctx_(ctx),
          argument_(argument) {}

    Result<bool> Next(Chunk* out) override {
        out->clear();
        if (!built_) {
            RETURN_IF_ERROR(Build());
            built_ = true;
        }
        while (pos_ < order_.size() && out->size() < kChunkSize) {
            Group& g = groups_[order_[pos_++]];
            Row r = std::move(g.first);
            for (size_t i = 0; i < aggs_.size(); ++i) {
                ASSIGN_OR_RETURN(Value v, g.accs[i].Finish());
                Set(r, aggs_[i].slot, std::move(v));
            }
            out->rows.push_back(std::move(r));
        }
        return out->size() > 0;
    }

  private:
    static void Set(Row& r, int slot, Value v) {
        if (r.size() <= static_cast<size_t>(slot)) r.resize(static_cast<size_t>(slot) + 1);
        r[slot] = std::move(v);
    }

    Group NewGroup(Row first) {
        Group g{std::move(first), {}};
        for (const auto& a : aggs_) g.accs.emplace_back(a);
        return g;
    }

    Status Build() {
        std::unordered_map<std::vector<Value>, size_t, KeyHash, KeyEq> index;
        Chunk chunk;
        while (true) {
            ASSIGN_OR_RETURN(bool more, in_->Next(&chunk));
            if (!more) break;
            for (Row& row : chunk.rows) {
                std::vector<Value> key;
                for (const auto& k : keys_) {
                    ASSIGN_OR_RETURN(Value v, k->Eval(row, ctx_));
                    key.push_back(std::move(v));
                }
                auto it = index.find(key);
                if (it == index.end()) {
                    RETURN_IF_ERROR(ctx_.Charge(ApproxSize(row) + ApproxSize(key)));
                    Row first = row;
                    for (size_t i = 0; i < key.size(); ++i) Set(first, key_slots_[i], key[i]);
                    it = index.emplace(std::move(key), groups_.size()).first;
                    groups_.push_back(NewGroup(std::move(first)));
                    order_.push_back(groups_.size() - 1);
                }
                for (auto& acc : groups_[it->second].accs) RETURN_IF_ERROR(acc.Add(row, ctx_));
            }
        }
        // Without grouping keys, aggregation over no rows still yields one row.
        if (keys_.empty() && groups_.empty()) {
            groups_.push_back(NewGroup(argument_));
            order_.push_back(0);
        }
        return Status::Ok();
    }

    std::unique_ptr<Cursor> in_;
    const std::vector<ExprPtr>& keys_;
    const std::vector<int>& key_slots_;
    const std::vector<AggregateSpec>& aggs_;
    ExecContext& ctx_;
    Row argument_;
    std::vector<Group> groups_;
    std::vector<size_t> order_;
    size_t pos_ = 0;
    bool built_ = false;
};

}  // namespace

bool IsAggregateFunction(const std::string& f) {
    return f == "count" || f == "sum" || f == "avg" || f == "min" || f == "max" || f == "collect" ||
           f == "stdev" || f == "stdevp" || f == "percentilecont" || f == "percentiledisc";
}

Result<std::unique_ptr<Cursor>> AggregateOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(
        std::make_unique<AggregateCursor>(std::move(in), keys_, key_slots_, aggs_, ctx, argument));
}

std::string AggregateOp::Detail() const {
    std::string s;
    for (size_t i = 0; i < keys_.size(); ++i) s += (i ? ", " : "") + keys_[i]->ToString();
    for (const auto& a : aggs_) s += (s.empty() ? "" : ", ") + a.function + "(...)";
    return s;
}

}  // namespace nexus::cypher::exec
