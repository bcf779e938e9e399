// Runs one planned TCK scenario against a fresh Nexus database and judges the outcome.
#pragma once

#include <string>

#include "tck/gherkin.h"

namespace nexus::tck {

struct Outcome {
    enum class Kind : char { kPass = 'P', kFail = 'F', kSkip = 'S' };
    Kind kind = Kind::kPass;
    std::string reason;  // for failures and skips: what happened, with details
    std::string cause;   // a short, grouping-friendly summary of `reason`
    std::string note;    // passed with a caveat (shown with --verbose)
};

struct RunOptions {
    std::string graphs_dir;  // holds <name>/<name>.cypher for "Given the <name> graph"
    std::string db_dir;      // an empty directory for this scenario's database
};

Outcome RunScenario(const Scenario& scenario, const RunOptions& options);

}  // namespace nexus::tck
