// The distinct-ends form of VarLengthExpand: when only which nodes a trail reaches is
// observable, a breadth-first search finds them in O(edges within max_hops) instead of
// enumerating every trail (exponential in max_hops).
//
// Why it is exact (min_hops <= 1): for an end node v other than the start, the shortest walk
// to v is a simple path, hence a trail, so v ends a trail of 1..max hops iff its BFS depth is
// at most max, and that depth is the shortest trail's length. The start itself ends a trail
// only along a closed trail, whose shortest form is the shortest cycle through the start:
// directed, one more than the depth of a node with an edge back to the start; undirected, the
// least d(u) + d(w) + 1 over non-tree edges joining different subtrees of the start (an edge
// back to the start other than u's own tree edge counts with d(start) = 0).
#include <unordered_map>

#include "cypher/exec/entity.h"
#include "cypher/exec/path_ops.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

constexpr graph::RelId kNoRel = UINT64_MAX;
constexpr size_t kVisitBytes = 64;  // a node's entry in the visited map, for the budget

struct Visit {
    int64_t depth = 0;
    graph::RelId parent = kNoRel;  // the tree edge that reached the node
    graph::RelId branch = kNoRel;  // the first edge of its tree path from the start
};

class EndsSearch {
  public:
    EndsSearch(const VarExpandSpec& spec, ExecContext& ctx, const Row& row,
               std::span<const graph::TokenId> types, std::vector<Row>* out)
        : spec_(spec), ctx_(ctx), row_(row), types_(types), out_(out) {}

    Status Run(graph::NodeId start) {
        for (const auto& [key, expr] : spec_.rel_props) {
            ASSIGN_OR_RETURN(Value v, expr->Eval(row_, ctx_));
            prop_tokens_.push_back(ctx_.Token(graph::TokenKind::kPropertyKey, key));
            prop_values_.push_back(std::move(v));
        }
        start_ = start;
        Status st = Search();
        ctx_.Release(charged_);
        return st;
    }

  private:
    Status Search() {
        visited_.emplace(start_, Visit{});
        RETURN_IF_ERROR(Charge());
        if (spec_.min_hops == 0) RETURN_IF_ERROR(Emit(start_, 0));
        std::vector<graph::NodeId> frontier{start_}, next;
        for (int64_t d = 0; !frontier.empty() && (spec_.max_hops < 0 || d < spec_.max_hops); ++d) {
            next.clear();
            for (graph::NodeId u : frontier) RETURN_IF_ERROR(ExpandNode(u, &next));
            frontier.swap(next);
        }
        if (spec_.min_hops == 1 && closed_ > 0 &&
            (spec_.max_hops < 0 || closed_ <= spec_.max_hops)) {
            RETURN_IF_ERROR(Emit(start_, closed_));
        }
        return Status::Ok();
    }

    Status ExpandNode(graph::NodeId u, std::vector<graph::NodeId>* next) {
        adj_.clear();
        RETURN_IF_ERROR(ctx_.reader()->Expand(u, spec_.hop.dir, types_, &adj_));
        const Visit vu = visited_.at(u);
        const bool undirected = spec_.hop.dir == graph::Direction::kBoth;
        for (const graph::AdjEntry& e : adj_) {
            if (e.rel == vu.parent) continue;
            if (RelUsed(row_, e.rel, spec_.hop.distinct_from, spec_.hop.distinct_from_lists)) {
                continue;
            }
            ASSIGN_OR_RETURN(bool ok, PropsMatch(e.rel));
            if (!ok) continue;
            if (e.neighbor == start_) {
                Closed(vu.depth + 1);
                continue;
            }
            auto it = visited_.find(e.neighbor);
            if (it == visited_.end()) {
                Visit vw{vu.depth + 1, e.rel, u == start_ ? e.rel : vu.branch};
                visited_.emplace(e.neighbor, vw);
                RETURN_IF_ERROR(Charge());
                next->push_back(e.neighbor);
                RETURN_IF_ERROR(Emit(e.neighbor, vw.depth));
            } else if (undirected && u != start_ && it->second.branch != vu.branch) {
                Closed(vu.depth + it->second.depth + 1);
            }
        }
        return Status::Ok();
    }

    void Closed(int64_t length) {
        if (closed_ < 0 || length < closed_) closed_ = length;
    }

    Result<bool> PropsMatch(graph::RelId rel) {
        for (size_t i = 0; i < prop_tokens_.size(); ++i) {
            if (prop_tokens_[i] == graph::kNoToken) return false;
            ASSIGN_OR_RETURN(Value v, ctx_.reader()->RelProperty(rel, prop_tokens_[i]));
            if (Equals(v, prop_values_[i]) != Tri::kTrue) return false;
        }
        return true;
    }

    Status Charge() {
        charged_ += kVisitBytes;
        return ctx_.Charge(kVisitBytes);
    }

    Status Emit(graph::NodeId node, int64_t depth) {
        Row r = row_;
        size_t need = static_cast<size_t>(std::max(spec_.hop.to, spec_.depth_slot)) + 1;
        if (r.size() < need) r.resize(need);
        r[spec_.hop.to] = NodeRef(node);
        if (spec_.depth_slot >= 0) r[spec_.depth_slot] = Value(depth);
        RETURN_IF_ERROR(ctx_.Charge(ApproxSize(r)));
        out_->push_back(std::move(r));
        return Status::Ok();
    }

    const VarExpandSpec& spec_;
    ExecContext& ctx_;
    const Row& row_;
    std::span<const graph::TokenId> types_;
    std::vector<Row>* out_;
    std::vector<graph::TokenId> prop_tokens_;
    std::vector<Value> prop_values_;
    graph::NodeId start_ = 0;
    std::unordered_map<graph::NodeId, Visit> visited_;
    std::vector<graph::AdjEntry> adj_;
    int64_t closed_ = -1;  // the shortest closed trail through the start, once seen
    size_t charged_ = 0;
};

}  // namespace

Status ExpandDistinctEnds(const VarExpandSpec& spec, ExecContext& ctx, const Row& row,
                          std::span<const graph::TokenId> types, graph::NodeId start,
                          std::vector<Row>* out) {
    EndsSearch search(spec, ctx, row, types, out);
    return search.Run(start);
}

}  // namespace nexus::cypher::exec
