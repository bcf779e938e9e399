// NodeScan and Expand.
#include "cypher/exec/scan_ops.h"

#include <algorithm>
#include <span>

#include "cypher/exec/entity.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

void SetSlot(Row& row, int slot, Value v) {
    if (row.size() <= static_cast<size_t>(slot)) row.resize(static_cast<size_t>(slot) + 1);
    row[static_cast<size_t>(slot)] = std::move(v);
}

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

class ExpandCursor : public PerRowCursor {
  public:
    ExpandCursor(std::unique_ptr<Cursor> in, const ExpandSpec& spec, ExecContext& ctx)
        : PerRowCursor(std::move(in)), spec_(spec), ctx_(ctx) {}

  protected:
    Status Begin(Row& row) override {
        row_ = &row;
        adj_.clear();
        pos_ = 0;
        const Value& from = row[spec_.from];
        if (!from.is_node()) return Status::Ok();  // null from an OPTIONAL MATCH
        bool any_known = false;
        std::vector<graph::TokenId> types = ResolveTypes(ctx_, spec_.types, &any_known);
        if (!spec_.types.empty() && !any_known) return Status::Ok();
        auto id = static_cast<graph::NodeId>(from.as_node().id);
        if (ctx_.deleted_nodes().count(id)) return Status::Ok();
        expanded_ = id;
        target_ = 0;
        if (spec_.to_bound) {
            const Value& to = row[spec_.to];
            if (!to.is_node()) return Status::Ok();
            target_ = static_cast<graph::NodeId>(to.as_node().id);
            reversed_ = false;
            if (spec_.into_smaller_side) {
                ASSIGN_OR_RETURN(reversed_, ToSideSmaller(id, target_, types));
            }
            if (reversed_) {
                std::swap(expanded_, target_);
                return ctx_.reader()->Expand(expanded_, Reverse(spec_.dir), types, &adj_);
            }
        }
        return ctx_.reader()->Expand(id, spec_.dir, types, &adj_);
    }

    Result<bool> Produce(Chunk* out) override {
        size_t end = std::min(adj_.size(), pos_ + 256);
        for (; pos_ < end; ++pos_) {
            const graph::AdjEntry& e = adj_[pos_];
            if (spec_.to_bound && e.neighbor != target_) continue;
            if (RelUsed(*row_, e.rel, spec_.distinct_from, spec_.distinct_from_lists)) continue;
            if (spec_.rel_bound) {
                const Value& r = (*row_)[spec_.rel];
                if (!r.is_relationship() ||
                    static_cast<graph::RelId>(r.as_relationship().id) != e.rel) {
                    continue;
                }
            }
            Value rel;
            if (spec_.rel_id_only) {
                rel = Value(static_cast<int64_t>(e.rel));
            } else {
                graph::RelRecord rec;
                rec.id = e.rel;
                rec.type = e.type;
                rec.start = e.dir == graph::Direction::kOutgoing ? expanded_ : e.neighbor;
                rec.end = e.dir == graph::Direction::kOutgoing ? e.neighbor : expanded_;
                ASSIGN_OR_RETURN(rel, RelRef(ctx_, rec));
            }
            out->rows.push_back(*row_);
            Row& r = out->rows.back();
            if (spec_.rel >= 0) SetSlot(r, spec_.rel, std::move(rel));
            if (!spec_.to_bound) SetSlot(r, spec_.to, NodeRef(e.neighbor));
        }
        return pos_ < adj_.size();
    }

  private:
    static graph::Direction Reverse(graph::Direction d) {
        if (d == graph::Direction::kOutgoing) return graph::Direction::kIncoming;
        if (d == graph::Direction::kIncoming) return graph::Direction::kOutgoing;
        return d;
    }

    // Below this many relationships the from side is walked without asking the other side.
    static constexpr uint64_t kSmallDegree = 8;

    Result<bool> ToSideSmaller(graph::NodeId from, graph::NodeId to,
                               std::span<const graph::TokenId> types) {
        if (from == to || ctx_.deleted_nodes().count(to)) return false;
        ASSIGN_OR_RETURN(uint64_t from_degree, ctx_.reader()->Degree(from, spec_.dir, types));
        if (from_degree <= kSmallDegree) return false;
        ASSIGN_OR_RETURN(uint64_t to_degree, ctx_.reader()->Degree(to, Reverse(spec_.dir), types));
        return to_degree < from_degree;
    }

    const ExpandSpec& spec_;
    ExecContext& ctx_;
    Row* row_ = nullptr;
    std::vector<graph::AdjEntry> adj_;
    size_t pos_ = 0;
    graph::NodeId expanded_ = 0;  // the node whose relationships adj_ holds
    graph::NodeId target_ = 0;    // expand-into: the node at the other end
    bool reversed_ = false;       // expand-into walked from `to`
};

const char* DirText(graph::Direction d) {
    switch (d) {
        case graph::Direction::kOutgoing:
            return "->";
        case graph::Direction::kIncoming:
            return "<-";
        default:
            return "--";
    }
}

}  // namespace

std::vector<graph::TokenId> ResolveTypes(ExecContext& ctx, const std::vector<std::string>& types,
                                         bool* any_known) {
    std::vector<graph::TokenId> out;
    *any_known = false;
    for (const auto& t : types) {
        graph::TokenId tok = ctx.Token(graph::TokenKind::kRelType, t);
        if (tok == graph::kNoToken) continue;
        *any_known = true;
        out.push_back(tok);
    }
    return out;
}

bool RelUsed(const Row& row, graph::RelId rel, const std::vector<int>& slots,
             const std::vector<int>& list_slots) {
    for (int s : slots) {
        const Value& v = row[s];
        if (v.is_relationship() && static_cast<graph::RelId>(v.as_relationship().id) == rel) {
            return true;
        }
        if (v.is_int() && static_cast<graph::RelId>(v.as_int()) == rel) return true;
    }
    for (int s : list_slots) {
        const Value& v = row[s];
        if (!v.is_list()) continue;
        for (const Value& e : v.as_list()) {
            if (e.is_relationship() && static_cast<graph::RelId>(e.as_relationship().id) == rel) {
                return true;
            }
        }
    }
    return false;
}

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

Result<std::unique_ptr<Cursor>> ExpandOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<ExpandCursor>(std::move(in), spec_, ctx));
}

std::string ExpandOp::Detail() const {
    std::string s = "(" + std::to_string(spec_.from) + ")" + DirText(spec_.dir) + "[";
    if (spec_.rel_id_only) s += "id";
    for (size_t i = 0; i < spec_.types.size(); ++i) s += (i ? "|" : ":") + spec_.types[i];
    return s + "](" + std::to_string(spec_.to) + ")";
}

}  // namespace nexus::cypher::exec
