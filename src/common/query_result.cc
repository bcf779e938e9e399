// QueryResult: a pull-based row stream over a Source.
#include "nexus/database.h"

namespace nexus {

bool QueryStats::contains_updates() const {
    return nodes_created || nodes_deleted || relationships_created || relationships_deleted ||
           properties_set || labels_added || labels_removed || indexes_added || indexes_removed ||
           constraints_added || constraints_removed;
}

QueryResult::QueryResult(std::vector<std::string> columns, std::unique_ptr<Source> source,
                         std::string plan)
    : columns_(std::move(columns)), source_(std::move(source)), plan_(std::move(plan)) {}

QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;
QueryResult::~QueryResult() {
    source_.reset();  // before keep_alive_: the source reads through the transaction
}

bool QueryResult::next() {
    if (!source_ || !status_.ok()) return false;
    Result<bool> more = source_->Next(&row_);
    if (!more.ok()) {
        status_ = more.status();
        return false;
    }
    return *more;
}

const QueryStats& QueryResult::stats() const {
    return source_ ? source_->stats() : empty_stats_;
}

Result<std::vector<std::vector<Value>>> QueryResult::rows() {
    std::vector<std::vector<Value>> out;
    while (next()) out.push_back(row_);
    if (!status_.ok()) return status_;
    return out;
}

}  // namespace nexus
