// NodeScan and Expand.
#include "cypher/exec/scan_ops.h"

#include <algorithm>

#include "cypher/exec/entity.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

void SetSlot(Row& row, int slot, Value v) {
    if (row.size() <= static_cast<size_t>(slot)) row.resize(static_cast<size_t>(slot) + 1);
    row[static_cast<size_t>(slot)] = std::move(v);
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
        return ctx_.reader()->Expand(id, spec_.dir, types, &adj_);
    }

    Result<bool> Produce(Chunk* out) override {
        size_t end = std::min(adj_.size(), pos_ + 256);
        for (; pos_ < end; ++pos_) {
            const graph::AdjEntry& e = adj_[pos_];
            if (RelUsed(*row_, e.rel, spec_.distinct_from, spec_.distinct_from_lists)) continue;
            if (spec_.to_bound) {
                const Value& to = (*row_)[spec_.to];
                if (!to.is_node() || static_cast<graph::NodeId>(to.as_node().id) != e.neighbor) {
                    continue;
                }
            }
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
                rec.start = e.dir == graph::Direction::kOutgoing ? adj_node() : e.neighbor;
                rec.end = e.dir == graph::Direction::kOutgoing ? e.neighbor : adj_node();
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
    graph::NodeId adj_node() const {
        return static_cast<graph::NodeId>((*row_)[spec_.from].as_node().id);
    }

    const ExpandSpec& spec_;
    ExecContext& ctx_;
    Row* row_ = nullptr;
    std::vector<graph::AdjEntry> adj_;
    size_t pos_ = 0;
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
    return props_.empty() ? "NodeByLabelScan" : "NodeIndexSeekOrLabelScan";
}

std::string NodeScanOp::Detail() const {
    std::string s = "slot " + std::to_string(slot_);
    for (const auto& l : labels_) s += ":" + l;
    for (const auto& [k, e] : props_) s += " " + k + "=" + e->ToString();
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
