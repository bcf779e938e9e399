// Aggregate accumulators.
#include "cypher/exec/accumulator.h"

#include <algorithm>
#include <cmath>

#include "cypher/exec/aggregate_op.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {

AggFn ParseAggFn(const std::string& f) {
    if (f == "sum") return AggFn::kSum;
    if (f == "avg") return AggFn::kAvg;
    if (f == "min") return AggFn::kMin;
    if (f == "max") return AggFn::kMax;
    if (f == "collect") return AggFn::kCollect;
    if (f == "stdev") return AggFn::kStDev;
    if (f == "stdevp") return AggFn::kStDevP;
    if (f == "percentilecont") return AggFn::kPercentileCont;
    if (f == "percentiledisc") return AggFn::kPercentileDisc;
    return AggFn::kCount;
}

Accumulator::Accumulator(const AggregateSpec& spec, AggFn fn) : spec_(spec), fn_(fn) {
    if (fn == AggFn::kSum) sum_ = Value(int64_t{0});
    if (spec.distinct) seen_ = std::make_unique<DistinctSet>();
}

Status Accumulator::Add(const Row& row, ExecContext& ctx) {
    if (spec_.args.empty()) {  // count(*)
        ++count_;
        return Status::Ok();
    }
    if (node_slot_ >= 0 && static_cast<size_t>(node_slot_) < row.size() &&
        row[node_slot_].is_node()) {
        auto id = static_cast<uint64_t>(row[node_slot_].as_node().id);
        ASSIGN_OR_RETURN(bool fresh, seen_nodes_.Insert(id, ctx));
        gate_.Record(!fresh);
        if (!fresh) return Status::Ok();
        if (gate_.Worthless()) {  // nodes do not repeat: stop remembering them
            node_slot_ = -1;
            ctx.Release(seen_nodes_.bytes());
            seen_nodes_ = FlatU64Set();
        }
    }
    ASSIGN_OR_RETURN(Value v, spec_.args[0]->Eval(row, ctx));
    if (v.is_null()) return Status::Ok();
    if (spec_.args.size() > 1 && param_.is_null()) {
        ASSIGN_OR_RETURN(param_, spec_.args[1]->Eval(row, ctx));
    }
    if (seen_) {
        ASSIGN_OR_RETURN(bool fresh, seen_->Insert(v, ctx));
        if (!fresh) return Status::Ok();
    }
    return Accept(std::move(v), ctx);
}

Result<Value> Accumulator::Finish() {
    switch (fn_) {
        case AggFn::kCount:
            return Value(count_);
        case AggFn::kSum:
            return sum_;
        case AggFn::kAvg:
            return count_ == 0 ? Value() : Value(fsum_ / static_cast<double>(count_));
        case AggFn::kMin:
        case AggFn::kMax:
            return best_;
        case AggFn::kCollect:
            return Value(std::move(list_));
        case AggFn::kStDev:
        case AggFn::kStDevP: {
            int64_t n = count_ - (fn_ == AggFn::kStDev ? 1 : 0);
            if (n <= 0) return Value(0.0);
            return Value(std::sqrt(m2_ / static_cast<double>(n)));
        }
        default:
            return Percentile();
    }
}

Status Accumulator::Accept(Value v, ExecContext& ctx) {
    ++count_;
    switch (fn_) {
        case AggFn::kCount:
            return Status::Ok();
        case AggFn::kSum: {
            if (!v.is_number() && v.kind() != ValueKind::kDuration) {
                return Status(StatusCode::kTypeError,
                              "sum() can only handle numerical values and durations");
            }
            ASSIGN_OR_RETURN(sum_, nexus::cypher::Add(sum_, v));
            return Status::Ok();
        }
        case AggFn::kMin:
        case AggFn::kMax: {
            int c = best_.is_null() ? 0 : OrderCompare(v, best_);
            if (best_.is_null() || (fn_ == AggFn::kMin ? c < 0 : c > 0)) best_ = std::move(v);
            return Status::Ok();
        }
        case AggFn::kCollect:
            RETURN_IF_ERROR(ctx.Charge(ApproxSize(v)));
            list_.push_back(std::move(v));
            return Status::Ok();
        default:
            break;
    }
    if (!v.is_number()) {
        return Status(StatusCode::kTypeError,
                      spec_.function + "() expects numeric values, got " + ValueKindName(v.kind()));
    }
    double x = v.as_number();
    fsum_ += x;
    double delta = x - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (x - mean_);
    if (fn_ == AggFn::kPercentileCont || fn_ == AggFn::kPercentileDisc) {
        RETURN_IF_ERROR(ctx.Charge(sizeof(Value)));
        list_.push_back(std::move(v));
    }
    return Status::Ok();
}

Result<Value> Accumulator::Percentile() {
    if (!param_.is_number() || param_.as_number() < 0 || param_.as_number() > 1) {
        if (list_.empty() && param_.is_null()) return Value();
        return Status(StatusCode::kArgumentError,
                      "NumberOutOfRange: percentile must be between 0.0 and 1.0");
    }
    if (list_.empty()) return Value();
    std::sort(list_.begin(), list_.end(),
              [](const Value& a, const Value& b) { return a.as_number() < b.as_number(); });
    double p = param_.as_number();
    size_t n = list_.size();
    if (fn_ == AggFn::kPercentileDisc) {
        size_t idx = p == 0 ? 0 : static_cast<size_t>(std::ceil(p * n)) - 1;
        return list_[std::min(idx, n - 1)];
    }
    double pos = p * static_cast<double>(n - 1);
    size_t lo = static_cast<size_t>(std::floor(pos));
    size_t hi = std::min(lo + 1, n - 1);
    double frac = pos - static_cast<double>(lo);
    double a = list_[lo].as_number(), b = list_[hi].as_number();
    return Value(a + (b - a) * frac);
}

}  // namespace nexus::cypher::exec
