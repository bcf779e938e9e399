// CountFromStore: counts read from the graph's metadata.
#include "cypher/exec/count_store_op.h"

#include <algorithm>

namespace nexus::cypher::exec {
namespace {

class CountFromStoreCursor : public Cursor {
  public:
    CountFromStoreCursor(std::unique_ptr<Cursor> in, const std::vector<StoreCount>& counts,
                         ExecContext& ctx)
        : in_(std::move(in)), counts_(counts), ctx_(ctx) {}

    Result<bool> Next(Chunk* out) override {
        ASSIGN_OR_RETURN(bool more, in_->Next(out));
        if (!more) return false;
        for (Row& row : out->rows) {
            for (const StoreCount& c : counts_) {
                ASSIGN_OR_RETURN(int64_t n, CountFromStore(c, ctx_));
                if (row.size() <= static_cast<size_t>(c.slot)) row.resize(c.slot + 1);
                row[c.slot] = Value(n);
            }
        }
        return true;
    }

  private:
    std::unique_ptr<Cursor> in_;
    const std::vector<StoreCount>& counts_;
    ExecContext& ctx_;
};

}  // namespace

Result<int64_t> CountFromStore(const StoreCount& c, ExecContext& ctx) {
    graph::GraphReader* g = ctx.reader();
    if (!c.rels) {
        if (c.names.empty()) return static_cast<int64_t>(g->CountNodes());
        graph::TokenId t = ctx.Token(graph::TokenKind::kLabel, c.names[0]);
        return t == graph::kNoToken ? 0 : static_cast<int64_t>(g->CountNodes(t));
    }
    if (c.dir == graph::Direction::kBoth) {
        return Status(StatusCode::kInternal, "undirected relationship counts need loop counts");
    }
    if (c.names.empty()) return static_cast<int64_t>(g->CountRels());
    // `[:A|A]` names a type twice but matches each relationship once.
    std::vector<graph::TokenId> seen;
    uint64_t total = 0;
    for (const std::string& name : c.names) {
        graph::TokenId t = ctx.Token(graph::TokenKind::kRelType, name);
        if (t == graph::kNoToken || std::find(seen.begin(), seen.end(), t) != seen.end()) continue;
        seen.push_back(t);
        total += g->CountRels(t);
    }
    return static_cast<int64_t>(total);
}

Result<std::unique_ptr<Cursor>> CountFromStoreOp::Open(ExecContext& ctx,
                                                       const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(
        std::make_unique<CountFromStoreCursor>(std::move(in), counts_, ctx));
}

std::string CountFromStoreOp::Name() const {
    bool rels = !counts_.empty() && counts_[0].rels;
    return rels ? "RelationshipCountFromCountStore" : "NodeCountFromCountStore";
}

std::string CountFromStoreOp::Detail() const {
    std::string s;
    for (const StoreCount& c : counts_) {
        if (!s.empty()) s += ", ";
        s += "slot " + std::to_string(c.slot) + " ";
        if (!c.rels) {
            s += "(" + (c.names.empty() ? std::string() : ":" + c.names[0]) + ")";
            continue;
        }
        s += "()-[";
        for (size_t i = 0; i < c.names.size(); ++i) s += (i ? "|" : ":") + c.names[i];
        s += c.dir == graph::Direction::kBoth ? "]-()" : "]->()";
    }
    return s;
}

}  // namespace nexus::cypher::exec
