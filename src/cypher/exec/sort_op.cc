// Sort and Top. Both key each row once as it streams in. Top keeps only the best skip+limit
// rows in a bounded heap, so its memory is O(k) however many rows it reads; Sort keeps every
// row. Both charge what they hold to the query's memory budget.
#include "cypher/exec/sort_op.h"

#include <algorithm>

#include "cypher/exec/row_stream.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::exec {
namespace {

struct Entry {
    std::vector<Value> key;
    uint64_t seq = 0;  // input position: equal keys keep input order
    Row row;
    size_t bytes = 0;
};

class EntryOrder {
  public:
    explicit EntryOrder(const std::vector<SortKey>& keys) : keys_(keys) {}
    // True when `a` goes before `b`.
    bool operator()(const Entry& a, const Entry& b) const {
        int c = CompareKeys(a.key, b.key);
        return c != 0 ? c < 0 : a.seq < b.seq;
    }
    int CompareKeys(const std::vector<Value>& a, const std::vector<Value>& b) const {
        for (size_t i = 0; i < keys_.size(); ++i) {
            int c = OrderCompare(a[i], b[i]);
            if (c != 0) return keys_[i].descending ? -c : c;
        }
        return 0;
    }

  private:
    const std::vector<SortKey>& keys_;
};

Status EvalKey(const std::vector<SortKey>& keys, const Row& row, ExecContext& ctx,
               std::vector<Value>* out) {
    out->resize(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        ASSIGN_OR_RETURN((*out)[i], keys[i].expr->Eval(row, ctx));
    }
    return Status::Ok();
}

size_t EntryBytes(const Entry& e) {
    return sizeof(Entry) + ApproxSize(e.row) + ApproxSize(e.key);
}

// A kept row: moved out of the stream when it allows, else copied.
void TakeRow(const RowStream& in, Row* row, Row* out) {
    if (in.movable()) {
        *out = std::move(*row);
    } else {
        *out = *row;
    }
}

std::vector<Row> TakeRows(std::vector<Entry>& entries) {
    std::vector<Row> rows;
    rows.reserve(entries.size());
    for (Entry& e : entries) rows.push_back(std::move(e.row));
    return rows;
}

// Every row, keyed, then one sort.
Result<std::vector<Row>> FullSort(RowStream& in, const std::vector<SortKey>& keys,
                                  ExecContext& ctx) {
    std::vector<Entry> entries;
    uint64_t seq = 0;
    Row* row = nullptr;
    while (true) {
        ASSIGN_OR_RETURN(bool more, in.Next(&row));
        if (!more) break;
        Entry e;
        RETURN_IF_ERROR(in.Complete(row));
        RETURN_IF_ERROR(EvalKey(keys, *row, ctx, &e.key));
        e.seq = seq++;
        TakeRow(in, row, &e.row);
        RETURN_IF_ERROR(ctx.Charge(EntryBytes(e)));
        entries.push_back(std::move(e));
    }
    std::sort(entries.begin(), entries.end(), EntryOrder(keys));
    return TakeRows(entries);
}

// The first `keep` rows in order, from a heap whose front is the worst row kept. A row that
// ties with the front came later, so it loses: ties keep input order as a stable sort does.
// Once the heap is full, a row whose first key already loses to the front's is dropped before
// its other keys (and the stream's deferred reads) are evaluated: past the first few rows
// that is most rows, and tie-breakers such as an id are read only for the rest.
Result<std::vector<Row>> TopK(RowStream& in, const std::vector<SortKey>& keys, size_t keep,
                              ExecContext& ctx) {
    EntryOrder order(keys);
    std::vector<Entry> heap;
    std::vector<Value> key(keys.size());
    uint64_t seq = 0;
    Row* row = nullptr;
    while (true) {
        ASSIGN_OR_RETURN(bool more, in.Next(&row));
        if (!more) break;
        uint64_t s = seq++;
        if (!keys.empty()) {
            ASSIGN_OR_RETURN(key[0], keys[0].expr->Eval(*row, ctx));
            if (heap.size() == keep) {
                int c = OrderCompare(key[0], heap.front().key[0]);
                if ((keys[0].descending ? -c : c) > 0) continue;
            }
        }
        RETURN_IF_ERROR(in.Complete(row));
        for (size_t i = 1; i < keys.size(); ++i) {
            ASSIGN_OR_RETURN(key[i], keys[i].expr->Eval(*row, ctx));
        }
        if (heap.size() == keep) {
            if (order.CompareKeys(key, heap.front().key) >= 0) continue;
            std::pop_heap(heap.begin(), heap.end(), order);
            ctx.Release(heap.back().bytes);
            heap.pop_back();
        }
        Entry e;
        e.key = key;
        e.seq = s;
        TakeRow(in, row, &e.row);
        e.bytes = EntryBytes(e);
        RETURN_IF_ERROR(ctx.Charge(e.bytes));
        heap.push_back(std::move(e));
        std::push_heap(heap.begin(), heap.end(), order);
    }
    std::sort_heap(heap.begin(), heap.end(), order);
    return TakeRows(heap);
}

}  // namespace

Result<std::unique_ptr<Cursor>> SortOp::Open(ExecContext& ctx, const Row& argument) const {
    int64_t keep = -1;
    if (top_) {
        ASSIGN_OR_RETURN(int64_t limit, EvalCount(*top_, argument, ctx, "LIMIT"));
        int64_t skip = 0;
        if (skip_) {
            ASSIGN_OR_RETURN(skip, EvalCount(*skip_, argument, ctx, "SKIP"));
        }
        keep = limit > INT64_MAX - skip ? INT64_MAX : limit + skip;
    }
    if (keep == 0 && !input_->Writes()) return MakeVectorCursor({});
    // Top looks at the first key before the rest of a row: the stream may defer reads for it.
    const Expr* first = keep > 0 && !keys_.empty() ? keys_[0].expr.get() : nullptr;
    ASSIGN_OR_RETURN(auto in, OpenRowStream(*input_, ctx, argument, first));
    if (keep == 0) {  // updates below a LIMIT 0 still happen for every row
        Row* row = nullptr;
        while (true) {
            ASSIGN_OR_RETURN(bool more, in->Next(&row));
            if (!more) break;
        }
        return MakeVectorCursor({});
    }
    std::vector<Row> rows;
    if (keep > 0) {
        ASSIGN_OR_RETURN(rows, TopK(*in, keys_, static_cast<size_t>(keep), ctx));
    } else {
        ASSIGN_OR_RETURN(rows, FullSort(*in, keys_, ctx));
    }
    return MakeVectorCursor(std::move(rows));
}

std::string SortOp::Detail() const {
    std::string s;
    for (size_t i = 0; i < keys_.size(); ++i) {
        s += (i ? ", " : "") + keys_[i].expr->ToString() + (keys_[i].descending ? " DESC" : "");
    }
    return s;
}

}  // namespace nexus::cypher::exec
