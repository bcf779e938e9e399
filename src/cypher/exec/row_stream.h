// RowStream: an operator's rows one at a time, for consumers that keep few of the rows they
// read (aggregation, sort, top-k). Over an Expand with only Filters and Projections above it,
// the stream fuses them: each match is written into one reused row and the filters and
// projections run on it in place, so no row is built, copied or freed per match; the consumer
// copies the few rows it keeps. A consumer that looks at one expression first (top-k's first
// sort key) may have the stream leave projected property reads out until it asks for them.
#pragma once

#include <memory>

#include "cypher/exec/operator.h"

namespace nexus::cypher::exec {

struct Expr;

class RowStream {
  public:
    virtual ~RowStream() = default;
    // Points *row at the next row, valid until the next call; false at the end. The consumer
    // may change slots of the row; it may move the row out only when movable().
    virtual Result<bool> Next(Row** row) = 0;
    virtual bool movable() const = 0;
    // Writes the slots the stream left out of the row Next returned (see OpenRowStream's
    // `first`). Call at most once per row, before the next call to Next.
    virtual Status Complete(Row* row) {
        (void)row;
        return Status::Ok();
    }
};

// Opens `op` as a stream: fused as above when its shape allows (and PROFILE is off, so
// every operator still counts its rows), else over the operator's chunks. With `first`, the
// projections on top of the stream may defer their property reads that `first` does not
// need: the consumer evaluates `first` on the row, and calls Complete only for the rows it
// goes on with (top-k: the rows whose first key does not lose to the worst row kept).
Result<std::unique_ptr<RowStream>> OpenRowStream(const Operator& op, ExecContext& ctx,
                                                 const Row& argument, const Expr* first = nullptr);

// True when OpenRowStream would fuse `op` (PROFILE aside).
bool FusesIntoStream(const Operator& op);

// A Filter or Projection over an Expand for a consumer that takes chunks: the fused stream,
// with only the rows that pass every filter copied into chunks.
Result<std::unique_ptr<Cursor>> OpenFusedCursor(const Operator& op, ExecContext& ctx,
                                                const Row& argument);

}  // namespace nexus::cypher::exec
