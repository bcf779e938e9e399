// Expand: one hop with the relationship type and direction pushed into the graph's adjacency
// lookup; ExpandInto walks the smaller side of a bound pair. The input row is copied into
// each output row but the last, which takes it by move.
#include <algorithm>

#include "cypher/exec/entity.h"
#include "cypher/exec/expand.h"

namespace nexus::cypher::exec {
namespace {

graph::Direction Reverse(graph::Direction d) {
    if (d == graph::Direction::kOutgoing) return graph::Direction::kIncoming;
    if (d == graph::Direction::kIncoming) return graph::Direction::kOutgoing;
    return d;
}

// Below this many relationships the from side is walked without asking the other side.
constexpr uint64_t kSmallDegree = 8;

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

class ExpandCursor : public PerRowCursor {
  public:
    ExpandCursor(std::unique_ptr<Cursor> in, const ExpandSpec& spec, ExecContext& ctx)
        : PerRowCursor(std::move(in)), expander_(spec, ctx) {}

  protected:
    Status Begin(Row& row) override {
        row_ = &row;
        pos_ = 0;
        return expander_.Begin(row);
    }

    Result<bool> Produce(Chunk* out) override {
        const size_t n = expander_.size();
        const size_t end = std::min(n, pos_ + 256);
        for (; pos_ < end; ++pos_) {
            // The input row is not read again after its last match: move it there.
            if (pos_ + 1 == n) {
                out->rows.push_back(std::move(*row_));
            } else {
                out->rows.push_back(*row_);
            }
            RETURN_IF_ERROR(expander_.Fill(pos_, out->rows.back()));
        }
        return pos_ < n;
    }

  private:
    Expander expander_;
    Row* row_ = nullptr;
    size_t pos_ = 0;
};

}  // namespace

Status Expander::Begin(const Row& row) {
    adj_.clear();
    const Value& from = row[spec_.from];
    if (!from.is_node()) return Status::Ok();  // null from an OPTIONAL MATCH
    // Known types never change within a query; an unknown one may be created by a write of
    // this query, so it is looked up again for every row until all are known.
    if (!types_resolved_) {
        types_ = ResolveTypes(ctx_, spec_.types, &any_type_known_);
        types_resolved_ = types_.size() == spec_.types.size();
    }
    if (!spec_.types.empty() && !any_type_known_) return Status::Ok();
    auto id = static_cast<graph::NodeId>(from.as_node().id);
    if (!ctx_.deleted_nodes().empty() && ctx_.deleted_nodes().count(id)) return Status::Ok();
    expanded_ = id;
    target_ = 0;
    if (spec_.to_bound) {
        const Value& to = row[spec_.to];
        if (!to.is_node()) return Status::Ok();
        target_ = static_cast<graph::NodeId>(to.as_node().id);
        bool reversed = false;
        if (spec_.into_smaller_side) {
            ASSIGN_OR_RETURN(reversed, ToSideSmaller(id, target_, types_));
        }
        if (reversed) {
            std::swap(expanded_, target_);
            RETURN_IF_ERROR(ctx_.reader()->Expand(expanded_, Reverse(spec_.dir), types_, &adj_));
            KeepMatches(row);
            return Status::Ok();
        }
    }
    RETURN_IF_ERROR(ctx_.reader()->Expand(id, spec_.dir, types_, &adj_));
    KeepMatches(row);
    return Status::Ok();
}

void Expander::KeepMatches(const Row& row) {
    // The row's relationships are gathered once, not per adjacency entry.
    used_.clear();
    for (int s : spec_.distinct_from) {
        const Value& v = row[s];
        if (v.is_relationship()) used_.push_back(static_cast<graph::RelId>(v.as_relationship().id));
        if (v.is_int()) used_.push_back(static_cast<graph::RelId>(v.as_int()));
    }
    for (int s : spec_.distinct_from_lists) {
        const Value& v = row[s];
        if (!v.is_list()) continue;
        for (const Value& e : v.as_list()) {
            if (e.is_relationship()) {
                used_.push_back(static_cast<graph::RelId>(e.as_relationship().id));
            }
        }
    }
    graph::RelId bound_rel = 0;
    bool rel_ok = true;
    if (spec_.rel_bound) {
        const Value& r = row[spec_.rel];
        rel_ok = r.is_relationship();
        if (rel_ok) bound_rel = static_cast<graph::RelId>(r.as_relationship().id);
    }
    if (!spec_.to_bound && used_.empty() && !spec_.rel_bound) return;
    auto drop = [&](const graph::AdjEntry& e) {
        if (spec_.to_bound && e.neighbor != target_) return true;
        if (spec_.rel_bound && (!rel_ok || e.rel != bound_rel)) return true;
        return std::find(used_.begin(), used_.end(), e.rel) != used_.end();
    };
    adj_.erase(std::remove_if(adj_.begin(), adj_.end(), drop), adj_.end());
}

Status Expander::Fill(size_t i, Row& out) {
    const graph::AdjEntry& e = adj_[i];
    if (spec_.rel >= 0 && !spec_.rel_bound) {
        if (spec_.rel_id_only) {
            SetSlot(out, spec_.rel, Value(static_cast<int64_t>(e.rel)));
        } else {
            graph::RelRecord rec;
            rec.id = e.rel;
            rec.type = e.type;
            rec.start = e.dir == graph::Direction::kOutgoing ? expanded_ : e.neighbor;
            rec.end = e.dir == graph::Direction::kOutgoing ? e.neighbor : expanded_;
            const auto slot = static_cast<size_t>(spec_.rel);
            if (out.size() <= slot) out.resize(slot + 1);
            RETURN_IF_ERROR(SetRelRef(ctx_, rec, &out[slot]));
        }
    }
    if (!spec_.to_bound) SetSlot(out, spec_.to, NodeRef(e.neighbor));
    return Status::Ok();
}

Result<bool> Expander::ToSideSmaller(graph::NodeId from, graph::NodeId to,
                                     std::span<const graph::TokenId> types) {
    if (from == to || ctx_.deleted_nodes().count(to)) return false;
    ASSIGN_OR_RETURN(uint64_t from_degree, ctx_.reader()->Degree(from, spec_.dir, types));
    if (from_degree <= kSmallDegree) return false;
    ASSIGN_OR_RETURN(uint64_t to_degree, ctx_.reader()->Degree(to, Reverse(spec_.dir), types));
    return to_degree < from_degree;
}

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
