// Extracts the Cypher queries of the openCypher TCK .feature files (setup, main and control
// queries, Scenario Outlines expanded) so parser tests can run over thousands of real queries.
#pragma once

#include <string>
#include <vector>

namespace nexus::cypher::testing {

struct TckQuery {
    std::string location;  // "path/File.feature:123 [scenario name]"
    std::string text;
    bool is_main = false;  // the "When executing query:" step (errors refer to it)
    // From "Then a <type> should be raised at <phase>: <detail>" (empty when none).
    std::string error_type;
    std::string error_phase;
    std::string error_detail;
};

// The features directory: $NEXUS_TCK_DIR, else the compiled-in default; empty if neither
// exists.
std::string TckFeaturesDir();
// All queries of all .feature files under `dir` (recursively), in a stable order.
std::vector<TckQuery> LoadTckQueries(const std::string& dir);

}  // namespace nexus::cypher::testing
