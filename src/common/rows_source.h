// RowsSource: a QueryResult::Source over rows already in memory -- the result of a writing
// query (produced before its commit), a schema command, or EXPLAIN (no rows).
#pragma once

#include <utility>
#include <vector>

#include "nexus/database.h"

namespace nexus {

class RowsSource : public QueryResult::Source {
  public:
    RowsSource() = default;
    RowsSource(std::vector<std::vector<Value>> rows, QueryStats stats)
        : rows_(std::move(rows)), stats_(stats) {}

    Result<bool> Next(std::vector<Value>* row) override {
        if (pos_ >= rows_.size()) return false;
        *row = std::move(rows_[pos_++]);
        return true;
    }
    const QueryStats& stats() const override { return stats_; }

  private:
    std::vector<std::vector<Value>> rows_;
    size_t pos_ = 0;
    QueryStats stats_;
};

}  // namespace nexus
