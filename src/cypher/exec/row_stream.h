// RowStream: an operator's rows one at a time, for consumers that keep few of the rows they
// read (aggregation, sort, top-k). Over an Expand with only Filters and Projections above it,
// the stream fuses them: each match is written into one reused row and the filters and
// projections run on it in place, so no row is built, copied or freed per match; the consumer
// copies the few rows it keeps.
#pragma once

#include <memory>

#include "cypher/exec/operator.h"

namespace nexus::cypher::exec {

class RowStream {
  public:
    virtual ~RowStream() = default;
    // Points *row at the next row, valid until the next call; false at the end. The consumer
    // may change slots of the row; it may move the row out only when movable().
    virtual Result<bool> Next(Row** row) = 0;
    virtual bool movable() const = 0;
};

// Opens `op` as a stream: fused as above when its shape allows (and PROFILE is off, so
// every operator still counts its rows), else over the operator's chunks.
Result<std::unique_ptr<RowStream>> OpenRowStream(const Operator& op, ExecContext& ctx,
                                                 const Row& argument);

// True when OpenRowStream would fuse `op` (PROFILE aside).
bool FusesIntoStream(const Operator& op);

// A Filter or Projection over an Expand for a consumer that takes chunks: the fused stream,
// with only the rows that pass every filter copied into chunks.
Result<std::unique_ptr<Cursor>> OpenFusedCursor(const Operator& op, ExecContext& ctx,
                                                const Row& argument);

}  // namespace nexus::cypher::exec
