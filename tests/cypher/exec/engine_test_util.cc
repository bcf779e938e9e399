// Engine test helpers.
#include "engine_test_util.h"

#include <algorithm>

#include "cypher/functions/value_ops.h"

namespace nexus::cypher::testutil {

Result<std::vector<std::string>> EngineFixture::Exec(const std::string& query,
                                                     const ParamMap& params) {
    ASSIGN_OR_RETURN(auto prepared, engine.Prepare(query));
    ExecOptions options;
    options.memory_limit_bytes = memory_limit;
    ASSIGN_OR_RETURN(QueryResult result, prepared->Execute(&graph, &graph, params, options));
    std::vector<std::string> rows;
    while (result.next()) {
        std::string line;
        for (size_t i = 0; i < result.row().size(); ++i) {
            if (i) line += " | ";
            line += ToDisplayString(result.row()[i]);
        }
        rows.push_back(std::move(line));
    }
    if (!result.status().ok()) return result.status();
    last_stats = result.stats();
    last_columns = result.columns();
    last_plan = result.plan();
    return rows;
}

std::vector<std::string> EngineFixture::Sorted(const std::string& query, const ParamMap& params) {
    auto rows = Exec(query, params);
    if (!rows.ok()) return {"ERROR: " + rows.status().ToString()};
    std::sort(rows->begin(), rows->end());
    return *rows;
}

Status EngineFixture::Error(const std::string& query, const ParamMap& params) {
    auto rows = Exec(query, params);
    if (rows.ok()) return Status(StatusCode::kInternal, "query unexpectedly succeeded");
    return rows.status();
}

}  // namespace nexus::cypher::testutil
