// VarExpand (depth-first over trails) and ShortestPath (breadth-first with parent sets).
#include "cypher/exec/path_ops.h"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "cypher/exec/entity.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

Result<Value> RelValue(ExecContext& ctx, graph::NodeId from, const graph::AdjEntry& e) {
    graph::RelRecord rec;
    rec.id = e.rel;
    rec.type = e.type;
    rec.start = e.dir == graph::Direction::kOutgoing ? from : e.neighbor;
    rec.end = e.dir == graph::Direction::kOutgoing ? e.neighbor : from;
    return RelRef(ctx, rec);
}

// True when `bound` is a list holding exactly the relationships of `rels`, in order.
bool SameRels(const Value& bound, const List& rels) {
    if (!bound.is_list() || bound.as_list().size() != rels.size()) return false;
    for (size_t i = 0; i < rels.size(); ++i) {
        const Value& b = bound.as_list()[i];
        if (!b.is_relationship() || b.as_relationship().id != rels[i].as_relationship().id) {
            return false;
        }
    }
    return true;
}

// Enumerates all trails for one input row into `out`.
class VarExpandSearch {
  public:
    VarExpandSearch(const VarExpandSpec& spec, ExecContext& ctx, const Row& row,
                    std::vector<graph::TokenId> types, std::vector<Row>* out)
        : spec_(spec), ctx_(ctx), row_(row), types_(std::move(types)), out_(out) {}

    Status Run(graph::NodeId start) {
        for (const auto& [key, expr] : spec_.rel_props) {
            ASSIGN_OR_RETURN(Value v, expr->Eval(row_, ctx_));
            prop_values_.emplace_back(key, std::move(v));
        }
        return Visit(start, 0);
    }

  private:
    Status Visit(graph::NodeId node, int64_t depth) {
        if (depth >= spec_.min_hops) RETURN_IF_ERROR(Emit(node));
        if (spec_.max_hops >= 0 && depth >= spec_.max_hops) return Status::Ok();
        std::vector<graph::AdjEntry> adj;
        RETURN_IF_ERROR(ctx_.reader()->Expand(node, spec_.hop.dir, types_, &adj));
        for (const graph::AdjEntry& e : adj) {
            if (used_.count(e.rel)) continue;
            if (RelUsed(row_, e.rel, spec_.hop.distinct_from, spec_.hop.distinct_from_lists)) {
                continue;
            }
            ASSIGN_OR_RETURN(Value rel, RelValue(ctx_, node, e));
            ASSIGN_OR_RETURN(bool ok, PropsMatch(rel));
            if (!ok) continue;
            used_.insert(e.rel);
            path_.push_back(std::move(rel));
            Status st = Visit(e.neighbor, depth + 1);
            path_.pop_back();
            used_.erase(e.rel);
            RETURN_IF_ERROR(st);
        }
        return Status::Ok();
    }

    Result<bool> PropsMatch(const Value& rel) {
        for (const auto& [key, want] : prop_values_) {
            ASSIGN_OR_RETURN(Value v, GetProperty(rel, key, ctx_));
            if (Equals(v, want) != Tri::kTrue) return false;
        }
        return true;
    }

    Status Emit(graph::NodeId node) {
        if (spec_.hop.to_bound) {
            const Value& to = row_[spec_.hop.to];
            if (!to.is_node() || static_cast<graph::NodeId>(to.as_node().id) != node) {
                return Status::Ok();
            }
        }
        List rels(path_.begin(), path_.end());
        if (spec_.reverse) std::reverse(rels.begin(), rels.end());
        if (spec_.hop.rel_bound && !SameRels(row_[spec_.hop.rel], rels)) return Status::Ok();
        Row r = row_;
        SetSlot(r, spec_.hop.rel, Value(std::move(rels)));
        if (!spec_.hop.to_bound) SetSlot(r, spec_.hop.to, NodeRef(node));
        RETURN_IF_ERROR(ctx_.Charge(ApproxSize(r)));
        out_->push_back(std::move(r));
        return Status::Ok();
    }

    const VarExpandSpec& spec_;
    ExecContext& ctx_;
    const Row& row_;
    std::vector<graph::TokenId> types_;
    std::vector<Row>* out_;
    std::vector<std::pair<std::string, Value>> prop_values_;
    std::unordered_set<graph::RelId> used_;
    std::vector<Value> path_;
};

class VarExpandCursor : public PerRowCursor {
  public:
    VarExpandCursor(std::unique_ptr<Cursor> in, const VarExpandSpec& spec, ExecContext& ctx)
        : PerRowCursor(std::move(in)), spec_(spec), ctx_(ctx) {}

  protected:
    Status Begin(Row& row) override {
        results_.clear();
        pos_ = 0;
        const Value& from = row[spec_.hop.from];
        if (!from.is_node()) return Status::Ok();
        bool any_known = false;
        auto types = ResolveTypes(ctx_, spec_.hop.types, &any_known);
        if (!spec_.hop.types.empty() && !any_known) {
            if (spec_.min_hops > 0) return Status::Ok();
            types = {graph::kNoToken};  // zero hops only: no type can match
        }
        auto start = static_cast<graph::NodeId>(from.as_node().id);
        if (spec_.distinct_ends && spec_.min_hops <= 1 && !spec_.hop.to_bound &&
            !spec_.hop.rel_bound) {
            return ExpandDistinctEnds(spec_, ctx_, row, types, start, &results_);
        }
        VarExpandSearch search(spec_, ctx_, row, std::move(types), &results_);
        return search.Run(start);
    }
    Result<bool> Produce(Chunk* out) override {
        size_t end = std::min(results_.size(), pos_ + 256);
        for (; pos_ < end; ++pos_) out->rows.push_back(std::move(results_[pos_]));
        return pos_ < results_.size();
    }

  private:
    const VarExpandSpec& spec_;
    ExecContext& ctx_;
    std::vector<Row> results_;
    size_t pos_ = 0;
};

class ShortestPathCursor : public PerRowCursor {
  public:
    ShortestPathCursor(std::unique_ptr<Cursor> in, const ShortestPathSpec& spec, ExecContext& ctx)
        : PerRowCursor(std::move(in)), spec_(spec), ctx_(ctx) {}

  protected:
    Status Begin(Row& row) override {
        results_.clear();
        pos_ = 0;
        const Value& a = row[spec_.hop.from];
        const Value& b = row[spec_.hop.to];
        if (!a.is_node() || !b.is_node()) return Status::Ok();
        return Search(row, static_cast<graph::NodeId>(a.as_node().id),
                      static_cast<graph::NodeId>(b.as_node().id));
    }
    Result<bool> Produce(Chunk* out) override {
        size_t end = std::min(results_.size(), pos_ + 256);
        for (; pos_ < end; ++pos_) out->rows.push_back(std::move(results_[pos_]));
        return pos_ < results_.size();
    }

  private:
    struct Parent {
        graph::NodeId node;
        graph::AdjEntry via;  // from `node` to the child
    };

    Status Search(const Row& row, graph::NodeId src, graph::NodeId dst) {
        bool any_known = false;
        auto types = ResolveTypes(ctx_, spec_.hop.types, &any_known);
        if (!spec_.hop.types.empty() && !any_known) return Status::Ok();
        if (src == dst && spec_.min_hops == 0) return EmitPaths(row, src, dst, {});
        std::unordered_map<graph::NodeId, int64_t> depth{{src, 0}};
        std::unordered_map<graph::NodeId, std::vector<Parent>> parents;
        std::vector<graph::NodeId> frontier{src};
        int64_t d = 0;
        bool found = false;
        while (!frontier.empty() && !found && (spec_.max_hops < 0 || d < spec_.max_hops)) {
            std::vector<graph::NodeId> next;
            for (graph::NodeId n : frontier) {
                std::vector<graph::AdjEntry> adj;
                RETURN_IF_ERROR(ctx_.reader()->Expand(n, spec_.hop.dir, types, &adj));
                for (const auto& e : adj) {
                    auto it = depth.find(e.neighbor);
                    if (it != depth.end() && it->second != d + 1) continue;
                    if (it == depth.end()) {
                        depth[e.neighbor] = d + 1;
                        next.push_back(e.neighbor);
                    }
                    parents[e.neighbor].push_back({n, e});
                    if (e.neighbor == dst) found = true;
                }
                RETURN_IF_ERROR(ctx_.Charge(adj.size() * 48));
            }
            frontier = std::move(next);
            ++d;
        }
        if (!found) return Status::Ok();
        return EmitPaths(row, src, dst, parents);
    }

    // Walks parent links back from dst; one path, or every path for allShortestPaths.
    Status EmitPaths(const Row& row, graph::NodeId src, graph::NodeId dst,
                     const std::unordered_map<graph::NodeId, std::vector<Parent>>& parents) {
        std::vector<std::pair<graph::NodeId, std::vector<Parent>>> stack{{dst, {}}};
        while (!stack.empty()) {
            auto [node, steps] = std::move(stack.back());
            stack.pop_back();
            if (node == src) {
                RETURN_IF_ERROR(EmitPath(row, src, steps));
                if (!spec_.all) return Status::Ok();
                continue;
            }
            auto it = parents.find(node);
            if (it == parents.end()) continue;
            for (const Parent& p : it->second) {
                auto more = steps;
                more.push_back(p);
                stack.emplace_back(p.node, std::move(more));
            }
        }
        return Status::Ok();
    }

    Status EmitPath(const Row& row, graph::NodeId src, const std::vector<Parent>& rev_steps) {
        Path path;
        List rels;
        path.nodes.push_back(NodeRef(src).as_node());
        for (auto it = rev_steps.rbegin(); it != rev_steps.rend(); ++it) {
            ASSIGN_OR_RETURN(Value rel, RelValue(ctx_, it->node, it->via));
            path.relationships.push_back(rel.as_relationship());
            path.nodes.push_back(NodeRef(it->via.neighbor).as_node());
            rels.push_back(std::move(rel));
        }
        if (static_cast<int64_t>(rels.size()) < spec_.min_hops) return Status::Ok();
        if (spec_.reverse) {
            std::reverse(path.nodes.begin(), path.nodes.end());
            std::reverse(path.relationships.begin(), path.relationships.end());
            std::reverse(rels.begin(), rels.end());
        }
        Row r = row;
        SetSlot(r, spec_.path_slot, Value(std::move(path)));
        SetSlot(r, spec_.rels_slot, Value(std::move(rels)));
        results_.push_back(std::move(r));
        return Status::Ok();
    }

    const ShortestPathSpec& spec_;
    ExecContext& ctx_;
    std::vector<Row> results_;
    size_t pos_ = 0;
};

}  // namespace

Result<std::unique_ptr<Cursor>> VarExpandOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<VarExpandCursor>(std::move(in), spec_, ctx));
}

std::string VarExpandOp::Detail() const {
    return "*" + std::to_string(spec_.min_hops) + ".." +
           (spec_.max_hops < 0 ? std::string() : std::to_string(spec_.max_hops)) +
           (spec_.distinct_ends ? " distinct ends (breadth-first)" : "");
}

Result<std::unique_ptr<Cursor>> ShortestPathOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<ShortestPathCursor>(std::move(in), spec_, ctx));
}

}  // namespace nexus::cypher::exec
