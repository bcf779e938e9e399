// A small Gherkin reader for the openCypher TCK: features, backgrounds, scenarios, scenario
// outlines with examples (expanded here), steps with doc strings and tables. It knows only
// the subset the TCK uses; anything else is reported as an error with the line number.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nexus/status.h"

namespace nexus::tck {

using Table = std::vector<std::vector<std::string>>;

struct Step {
    std::string keyword;  // Given, When, Then, And, But
    std::string text;     // the step text after the keyword, trimmed
    int line = 0;
    std::optional<std::string> doc_string;
    Table table;  // cells unescaped (\| \\ \n)
};

struct Scenario {
    std::string name;
    int line = 0;  // of the Scenario line, or of the Examples row it was expanded from
    std::vector<std::string> tags;
    std::vector<Step> steps;  // background steps first
};

struct Feature {
    std::string name;
    std::string path;
    std::vector<Scenario> scenarios;
};

// Parses `text` (the contents of `path`, used only in messages and Feature::path).
Result<Feature> ParseFeature(std::string_view text, const std::string& path);

// Splits one table line "| a | b\|c |" into unescaped, trimmed cells.
std::vector<std::string> SplitTableRow(std::string_view line);

// Replaces every <name> in `text` with the matching value; unknown names stay as they are.
std::string SubstitutePlaceholders(const std::string& text, const std::vector<std::string>& names,
                                   const std::vector<std::string>& values);

}  // namespace nexus::tck
