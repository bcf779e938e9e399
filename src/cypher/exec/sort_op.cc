// Sort and Top.
#include "cypher/exec/sort_op.h"

#include <algorithm>

#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {

Result<std::unique_ptr<Cursor>> SortOp::Open(ExecContext& ctx, const Row& argument) const {
    int64_t keep = -1;
    if (top_) {
        ASSIGN_OR_RETURN(int64_t limit, EvalCount(*top_, argument, ctx, "LIMIT"));
        int64_t skip = 0;
        if (skip_) {
            ASSIGN_OR_RETURN(skip, EvalCount(*skip_, argument, ctx, "SKIP"));
        }
        keep = limit + skip;
    }
    ASSIGN_OR_RETURN(std::vector<Row> rows, Drain(*input_, ctx, argument));
    struct Keyed {
        std::vector<Value> key;
        size_t index;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        Keyed k{{}, i};
        for (const auto& sk : keys_) {
            ASSIGN_OR_RETURN(Value v, sk.expr->Eval(rows[i], ctx));
            k.key.push_back(std::move(v));
        }
        keyed.push_back(std::move(k));
    }
    auto less = [&](const Keyed& a, const Keyed& b) {
        for (size_t i = 0; i < keys_.size(); ++i) {
            int c = OrderCompare(a.key[i], b.key[i]);
            if (c != 0) return keys_[i].descending ? c > 0 : c < 0;
        }
        return a.index < b.index;  // stable
    };
    if (keep >= 0 && static_cast<size_t>(keep) < keyed.size()) {
        std::partial_sort(keyed.begin(), keyed.begin() + keep, keyed.end(), less);
        keyed.resize(static_cast<size_t>(keep));
    } else {
        std::sort(keyed.begin(), keyed.end(), less);
    }
    std::vector<Row> out;
    out.reserve(keyed.size());
    for (const Keyed& k : keyed) out.push_back(std::move(rows[k.index]));
    return MakeVectorCursor(std::move(out));
}

std::string SortOp::Detail() const {
    std::string s;
    for (size_t i = 0; i < keys_.size(); ++i) {
        s += (i ? ", " : "") + keys_[i].expr->ToString() + (keys_[i].descending ? " DESC" : "");
    }
    return s;
}

}  // namespace nexus::cypher::exec
