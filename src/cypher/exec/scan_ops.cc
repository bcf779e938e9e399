// NodeScan: all nodes, a label scan or an index seek, with the labels and properties the
// access path does not guarantee checked per node. Expand lives in expand_op.cc.
#include "cypher/exec/scan_ops.h"

#include <algorithm>
#include <span>

#include "cypher/exec/entity.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

// Ids gathered up front (an IN-list seek), ascending and distinct.
class IdListCursor : public graph::NodeCursor {
  public:
    IdListCursor(std::vector<graph::NodeId> ids, Status status)
        : ids_(std::move(ids)), status_(std::move(status)) {}
    size_t Next(graph::NodeId* out, size_t max) override {
        size_t n = std::min(max, ids_.size() - pos_);
        std::copy_n(ids_.begin() + static_cast<long>(pos_), n, out);
        pos_ += n;
        return n;
    }
    Status status() const override { return status_; }

  private:
    std::vector<graph::NodeId> ids_;
    size_t pos_ = 0;
    Status status_;
};

// One seek per distinct list element; a node matching two elements (1 and 1.0) comes once.
std::unique_ptr<graph::NodeCursor> InListSeek(ExecContext& ctx, graph::IndexId index,
                                              const List& list) {
    std::vector<graph::NodeId> ids;
    graph::NodeId buf[256];
    for (const Value& e : list) {
        if (e.is_null()) continue;
        std::unique_ptr<graph::NodeCursor> c = ctx.reader()->IndexSeek(index, {&e, 1});
        for (size_t n; (n = c->Next(buf, 256)) > 0;) ids.insert(ids.end(), buf, buf + n);
        if (!c->status().ok()) return std::make_unique<IdListCursor>(ids, c->status());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return std::make_unique<IdListCursor>(std::move(ids), Status::Ok());
}

// The smallest string greater than every string starting with `prefix`, or empty when there
// is none (every byte 0xFF, which UTF-8 never has).
std::string PrefixEnd(std::string prefix) {
    while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
    if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
    return prefix;
}

// A seek on `def` answering the range predicates on its first property, or null when none
// applies. `impossible`: a bound is null, so the predicate is never true.
std::unique_ptr<graph::NodeCursor> RangeSeek(ExecContext& ctx, const graph::IndexDef& def,
                                             const std::vector<RangePredicate>& ranges,
                                             const std::vector<Value>& values, bool* impossible) {
    graph::TokenId first = def.properties.empty() ? graph::kNoToken : def.properties[0];
    const graph::IndexBound* lower = nullptr;
    const graph::IndexBound* upper = nullptr;
    graph::IndexBound lo, hi, prefix_lo, prefix_hi;
    for (size_t i = 0; i < ranges.size(); ++i) {
        if (ctx.Token(graph::TokenKind::kPropertyKey, ranges[i].key) != first) continue;
        const Value& v = values[i];
        if (v.is_null()) {
            *impossible = true;
            return nullptr;
        }
        switch (ranges[i].op) {
            case RangeOp::kIn:
                if (v.is_list() && def.properties.size() == 1) {
                    return InListSeek(ctx, def.id, v.as_list());
                }
                break;
            case RangeOp::kStartsWith:
                if (!v.is_string()) break;
                prefix_lo = {v, true};
                lower = &prefix_lo;
                upper = nullptr;
                if (std::string end = PrefixEnd(v.as_string()); !end.empty()) {
                    prefix_hi = {Value(std::move(end)), false};
                    upper = &prefix_hi;
                }
                return ctx.reader()->IndexRange(def.id, lower, upper);
            case RangeOp::kGt:
            case RangeOp::kGe:
                if (lower == nullptr) {
                    lo = {v, ranges[i].op == RangeOp::kGe};
                    lower = &lo;
                }
                break;
            case RangeOp::kLt:
            case RangeOp::kLe:
                if (upper == nullptr) {
                    hi = {v, ranges[i].op == RangeOp::kLe};
                    upper = &hi;
                }
                break;
        }
    }
    if (lower == nullptr && upper == nullptr) return nullptr;
    return ctx.reader()->IndexRange(def.id, lower, upper);
}

class NodeScanCursor : public PerRowCursor {
  public:
    NodeScanCursor(std::unique_ptr<Cursor> in, const NodeScanOp& op, ExecContext& ctx)
        : PerRowCursor(std::move(in)), op_(op), ctx_(ctx) {}

  protected:
    Status Begin(Row& row) override {
        row_ = &row;
        ids_.reset();
        label_tokens_.clear();
        prop_values_.clear();
        prop_tokens_.clear();
        impossible_ = false;
        for (const auto& l : op_.labels()) {
            graph::TokenId t = ctx_.Token(graph::TokenKind::kLabel, l);
            if (t == graph::kNoToken) impossible_ = true;
            label_tokens_.push_back(t);
        }
        for (const auto& [key, expr] : op_.props()) {
            ASSIGN_OR_RETURN(Value v, expr->Eval(row, ctx_));
            if (v.is_null()) impossible_ = true;
            graph::TokenId t = ctx_.Token(graph::TokenKind::kPropertyKey, key);
            if (t == graph::kNoToken) impossible_ = true;
            prop_tokens_.push_back(t);
            prop_values_.push_back(std::move(v));
        }
        range_values_.clear();
        for (const RangePredicate& r : op_.ranges()) {
            ASSIGN_OR_RETURN(Value v, r.value->Eval(row, ctx_));
            range_values_.push_back(std::move(v));
        }
        if (impossible_) return Status::Ok();
        ids_ = ChooseAccess();
        return Status::Ok();
    }

    Result<bool> Produce(Chunk* out) override {
        if (impossible_ || !ids_) return false;
        graph::NodeId buf[256];
        size_t n = ids_->Next(buf, 256);
        if (n == 0) {
            RETURN_IF_ERROR(ids_->status());
            return false;
        }
        for (size_t i = 0; i < n; ++i) {
            ASSIGN_OR_RETURN(bool ok, Matches(buf[i]));
            if (!ok) continue;
            out->rows.push_back(*row_);
            SetSlot(out->rows.back(), op_.slot(), NodeRef(buf[i]));
        }
        return true;
    }

  private:
    // An index on one of the labels whose properties all have equality values wins; else the
    // first label's scan; else all nodes.
    std::unique_ptr<graph::NodeCursor> ChooseAccess() {
        access_label_ = graph::kNoToken;
        if (!prop_tokens_.empty() && !label_tokens_.empty()) {
            for (const graph::IndexDef& def : ctx_.reader()->Indexes()) {
                if (std::find(label_tokens_.begin(), label_tokens_.end(), def.label) ==
                    label_tokens_.end()) {
                    continue;
                }
                std::vector<Value> key;
                for (graph::TokenId p : def.properties) {
                    auto it = std::find(prop_tokens_.begin(), prop_tokens_.end(), p);
                    if (it == prop_tokens_.end()) break;
                    key.push_back(prop_values_[it - prop_tokens_.begin()]);
                }
                if (key.size() == def.properties.size() && !key.empty()) {
                    access_label_ = def.label;
                    return ctx_.reader()->IndexSeek(def.id, key);
                }
            }
        }
        if (!range_values_.empty() && !label_tokens_.empty()) {
            for (const graph::IndexDef& def : ctx_.reader()->Indexes()) {
                if (std::find(label_tokens_.begin(), label_tokens_.end(), def.label) ==
                    label_tokens_.end()) {
                    continue;
                }
                std::unique_ptr<graph::NodeCursor> seek =
                    RangeSeek(ctx_, def, op_.ranges(), range_values_, &impossible_);
                if (seek || impossible_) {
                    access_label_ = def.label;
                    return seek;
                }
            }
        }
        if (!label_tokens_.empty()) {
            access_label_ = label_tokens_[0];
            return ctx_.reader()->ScanLabel(label_tokens_[0]);
        }
        return ctx_.reader()->ScanNodes();
    }

    // Every label but the one the access path guarantees (the planner adds no label filter
    // above a scan), then the properties.
    Result<bool> Matches(graph::NodeId id) {
        for (graph::TokenId label : label_tokens_) {
            if (label == access_label_) continue;
            ASSIGN_OR_RETURN(bool has, ctx_.reader()->NodeHasLabel(id, label));
            if (!has) return false;
        }
        // Index keys may compare loosely; the exact Cypher equality is checked here.
        for (size_t i = 0; i < prop_tokens_.size(); ++i) {
            ASSIGN_OR_RETURN(Value v, ctx_.reader()->NodeProperty(id, prop_tokens_[i]));
            if (Equals(v, prop_values_[i]) != Tri::kTrue) return false;
        }
        return true;
    }

    const NodeScanOp& op_;
    ExecContext& ctx_;
    Row* row_ = nullptr;
    std::unique_ptr<graph::NodeCursor> ids_;
    std::vector<graph::TokenId> label_tokens_;
    std::vector<graph::TokenId> prop_tokens_;
    std::vector<Value> prop_values_;
    std::vector<Value> range_values_;
    bool impossible_ = false;
    graph::TokenId access_label_ = graph::kNoToken;
};

}  // namespace

Result<std::unique_ptr<Cursor>> NodeScanOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<NodeScanCursor>(std::move(in), *this, ctx));
}

std::string NodeScanOp::Name() const {
    if (labels_.empty()) return "AllNodesScan";
    if (!props_.empty()) return "NodeIndexSeekOrLabelScan";
    return ranges_.empty() ? "NodeByLabelScan" : "NodeIndexRangeSeekOrLabelScan";
}

std::string NodeScanOp::Detail() const {
    std::string s = "slot " + std::to_string(slot_);
    for (const auto& l : labels_) s += ":" + l;
    for (const auto& [k, e] : props_) s += " " + k + "=" + e->ToString();
    static const char* kOps[] = {"<", "<=", ">", ">=", " STARTS WITH ", " IN "};
    for (const RangePredicate& r : ranges_) {
        s += " " + r.key + kOps[static_cast<int>(r.op)] + r.value->ToString();
    }
    return s;
}

}  // namespace nexus::cypher::exec
