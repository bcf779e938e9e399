// The physical operator interface. An Operator is an immutable plan node shared by every
// execution; Open() makes a Cursor holding one execution's state. Cursors pass chunks of up
// to kChunkSize rows. A leaf (Argument) yields the argument row it was opened with, which is
// how Apply, Optional and subquery expressions feed one outer row into an inner plan.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cypher/exec/context.h"

namespace nexus::cypher::exec {

constexpr size_t kChunkSize = 1024;

struct Chunk {
    std::vector<Row> rows;
    size_t size() const { return rows.size(); }
    void clear() { rows.clear(); }
};

class Cursor {
  public:
    virtual ~Cursor() = default;
    // Clears `out`, then fills it with at least one row and returns true, or returns false
    // once the operator is exhausted.
    virtual Result<bool> Next(Chunk* out) = 0;
};

class Operator;
using OpPtr = std::unique_ptr<Operator>;

class Operator {
  public:
    virtual ~Operator() = default;
    virtual Result<std::unique_ptr<Cursor>> Open(ExecContext& ctx, const Row& argument) const = 0;
    // EXPLAIN: the operator's name and its parameters.
    virtual std::string Name() const = 0;
    virtual std::string Detail() const { return {}; }
    virtual std::vector<const Operator*> Children() const { return {}; }
    // True when this operator or a child writes to the graph.
    virtual bool Writes() const;
};

// Opens `op` and wraps the cursor so PROFILE counts rows and time when the context asks.
Result<std::unique_ptr<Cursor>> OpenChild(const Operator& op, ExecContext& ctx,
                                          const Row& argument);

// Pulls single rows out of a child cursor.
class RowReader {
  public:
    explicit RowReader(std::unique_ptr<Cursor> cursor) : cursor_(std::move(cursor)) {}
    // Points *row at the next row (valid until the next call), or returns false at the end.
    Result<bool> Next(Row** row);

  private:
    std::unique_ptr<Cursor> cursor_;
    Chunk chunk_;
    size_t pos_ = 0;
    bool done_ = false;
};

// A cursor that turns each input row into any number of output rows: Begin() starts on an
// input row, Produce() appends rows to `out` and returns false once that row is exhausted.
// Output is cut into chunks of about kChunkSize rows.
class PerRowCursor : public Cursor {
  public:
    explicit PerRowCursor(std::unique_ptr<Cursor> input) : input_(std::move(input)) {}
    Result<bool> Next(Chunk* out) override;

  protected:
    virtual Status Begin(Row& row) = 0;
    virtual Result<bool> Produce(Chunk* out) = 0;

  private:
    std::unique_ptr<Cursor> input_;
    Chunk in_;
    size_t pos_ = 0;
    bool active_ = false;
    bool done_ = false;
};

// Indented plan text for EXPLAIN; with profile counters when `ctx` has them.
std::string PlanText(const Operator& root, const ExecContext* ctx);

}  // namespace nexus::cypher::exec
