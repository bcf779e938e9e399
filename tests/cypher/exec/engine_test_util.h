// Test helpers: run Cypher through the Engine on a MemGraph and read rows as strings.
#pragma once

#include <string>
#include <vector>

#include "cypher/engine.h"
#include "mem_graph.h"

namespace nexus::cypher::testutil {

class EngineFixture {
  public:
    // Runs `query` (write access); returns the rows, each row's values joined by " | ".
    Result<std::vector<std::string>> Exec(const std::string& query, const ParamMap& params = {});
    // Like Run but the rows are sorted (for queries without ORDER BY).
    std::vector<std::string> Sorted(const std::string& query, const ParamMap& params = {});
    // The error of a query that must fail.
    Status Error(const std::string& query, const ParamMap& params = {});

    Engine engine;
    MemGraph graph;
    QueryStats last_stats;
    std::vector<std::string> last_columns;
    std::string last_plan;
    size_t memory_limit = 0;
};

}  // namespace nexus::cypher::testutil
