// Gherkin reader: a line-oriented state machine (feature -> background/scenario/outline ->
// steps with an optional doc string or table -> examples) that expands outlines on the fly.
#include "tck/gherkin.h"

#include <cstddef>

namespace nexus::tck {
namespace {

std::string_view Trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return s.substr(b, e - b);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// Returns the text after "Keyword:" when `line` starts with one of `keywords`.
std::optional<std::string> AfterKeyword(std::string_view line,
                                        std::initializer_list<std::string_view> keywords) {
    for (std::string_view k : keywords) {
        if (StartsWith(line, k) && line.size() > k.size() && line[k.size()] == ':') {
            return std::string(Trim(line.substr(k.size() + 1)));
        }
    }
    return std::nullopt;
}

struct Outline {
    Scenario base;
    std::vector<std::string> header;
    bool in_examples = false;
    bool expanded_any = false;
};

class Parser {
  public:
    Parser(std::string_view text, const std::string& path) : path_(path) {
        size_t start = 0;
        while (start <= text.size()) {
            size_t nl = text.find('\n', start);
            if (nl == std::string_view::npos) nl = text.size();
            lines_.push_back(text.substr(start, nl - start));
            start = nl + 1;
        }
    }

    Result<Feature> Run() {
        feature_.path = path_;
        for (size_t i = 0; i < lines_.size(); ++i) {
            RETURN_IF_ERROR(Line(&i));
        }
        FinishScenario();
        return std::move(feature_);
    }

  private:
    enum class Section { kNone, kBackground, kScenario, kOutline };

    Status Error(size_t i, const std::string& what) {
        return Status(StatusCode::kInvalidArgument,
                      path_ + ":" + std::to_string(i + 1) + ": " + what);
    }

    Status Line(size_t* index) {
        size_t i = *index;
        std::string_view line = Trim(lines_[i]);
        if (line.empty() || line[0] == '#') return Status::Ok();
        if (line[0] == '@') {
            pending_tags_.emplace_back(line);
            return Status::Ok();
        }
        if (auto name = AfterKeyword(line, {"Feature"})) {
            feature_.name = *name;
            return Status::Ok();
        }
        if (AfterKeyword(line, {"Background"})) {
            FinishScenario();
            section_ = Section::kBackground;
            return Status::Ok();
        }
        if (auto name = AfterKeyword(line, {"Scenario Outline", "Scenario Template"})) {
            FinishScenario();
            section_ = Section::kOutline;
            outline_ = Outline{};
            outline_.base = NewScenario(*name, static_cast<int>(i + 1));
            return Status::Ok();
        }
        if (auto name = AfterKeyword(line, {"Scenario", "Example"})) {
            FinishScenario();
            section_ = Section::kScenario;
            current_ = NewScenario(*name, static_cast<int>(i + 1));
            return Status::Ok();
        }
        if (AfterKeyword(line, {"Examples", "Scenarios"})) {
            if (section_ != Section::kOutline) return Error(i, "Examples outside an outline");
            outline_.in_examples = true;
            outline_.header.clear();
            pending_tags_.clear();
            return Status::Ok();
        }
        if (line[0] == '|') return TableRow(i, line);
        if (StartsWith(line, "\"\"\"") || StartsWith(line, "```")) return DocString(index);
        return StepLine(i, line);
    }

    Scenario NewScenario(const std::string& name, int line) {
        Scenario s;
        s.name = name;
        s.line = line;
        s.tags = std::move(pending_tags_);
        pending_tags_.clear();
        s.steps = background_;
        return s;
    }

    std::vector<Step>* CurrentSteps() {
        switch (section_) {
            case Section::kBackground:
                return &background_;
            case Section::kScenario:
                return &current_.steps;
            case Section::kOutline:
                return outline_.in_examples ? nullptr : &outline_.base.steps;
            case Section::kNone:
                return nullptr;
        }
        return nullptr;
    }

    Status StepLine(size_t i, std::string_view line) {
        static constexpr std::string_view kKeywords[] = {"Given ", "When ", "Then ",
                                                         "And ",   "But ",  "* "};
        std::vector<Step>* steps = CurrentSteps();
        for (std::string_view k : kKeywords) {
            if (!StartsWith(line, k)) continue;
            if (steps == nullptr) return Error(i, "step outside a scenario");
            Step step;
            step.keyword = std::string(Trim(k));
            step.text = std::string(Trim(line.substr(k.size())));
            step.line = static_cast<int>(i + 1);
            steps->push_back(std::move(step));
            return Status::Ok();
        }
        // Free text under Feature: (its description) is allowed; elsewhere it is an error.
        if (section_ == Section::kNone) return Status::Ok();
        return Error(i, "cannot parse line: " + std::string(line));
    }

    Status TableRow(size_t i, std::string_view line) {
        std::vector<std::string> cells = SplitTableRow(line);
        if (section_ == Section::kOutline && outline_.in_examples) {
            if (outline_.header.empty()) {
                outline_.header = std::move(cells);
                return Status::Ok();
            }
            if (cells.size() != outline_.header.size()) return Error(i, "ragged examples row");
            feature_.scenarios.push_back(Expand(outline_, cells, static_cast<int>(i + 1)));
            outline_.expanded_any = true;
            return Status::Ok();
        }
        std::vector<Step>* steps = CurrentSteps();
        if (steps == nullptr || steps->empty()) return Error(i, "table without a step");
        steps->back().table.push_back(std::move(cells));
        return Status::Ok();
    }

    Status DocString(size_t* index) {
        size_t i = *index;
        std::string_view raw = lines_[i];
        size_t indent = raw.find_first_not_of(" \t");
        std::string_view fence = Trim(raw).substr(0, 3);
        std::vector<Step>* steps = CurrentSteps();
        if (steps == nullptr || steps->empty()) return Error(i, "doc string without a step");
        std::string doc;
        bool first = true;
        for (size_t j = i + 1; j < lines_.size(); ++j) {
            if (Trim(lines_[j]) == fence) {
                steps->back().doc_string = std::move(doc);
                *index = j;
                return Status::Ok();
            }
            std::string_view content = lines_[j];
            // Drop the fence's indentation, but never non-blank characters.
            size_t drop = 0;
            while (drop < indent && drop < content.size() &&
                   (content[drop] == ' ' || content[drop] == '\t')) {
                ++drop;
            }
            content.remove_prefix(drop);
            if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
            if (!first) doc += '\n';
            first = false;
            doc += content;
        }
        return Error(i, "unterminated doc string");
    }

    Scenario Expand(const Outline& outline, const std::vector<std::string>& values, int line) {
        const auto& names = outline.header;
        Scenario s = outline.base;
        s.name = SubstitutePlaceholders(s.name, names, values);
        s.line = line;
        for (Step& step : s.steps) {
            step.text = SubstitutePlaceholders(step.text, names, values);
            if (step.doc_string) {
                step.doc_string = SubstitutePlaceholders(*step.doc_string, names, values);
            }
            for (auto& row : step.table) {
                for (auto& cell : row) cell = SubstitutePlaceholders(cell, names, values);
            }
        }
        return s;
    }

    void FinishScenario() {
        if (section_ == Section::kScenario) feature_.scenarios.push_back(std::move(current_));
        current_ = Scenario{};
        section_ = Section::kNone;
    }

    std::string path_;
    std::vector<std::string_view> lines_;
    Feature feature_;
    Section section_ = Section::kNone;
    std::vector<Step> background_;
    Scenario current_;
    Outline outline_;
    std::vector<std::string> pending_tags_;
};

}  // namespace

std::vector<std::string> SplitTableRow(std::string_view line) {
    std::vector<std::string> cells;
    line = Trim(line);
    if (line.empty() || line[0] != '|') return cells;
    std::string cell;
    for (size_t i = 1; i < line.size(); ++i) {
        char c = line[i];
        if (c == '\\' && i + 1 < line.size()) {
            char n = line[i + 1];
            if (n == '|' || n == '\\') {
                cell += n;
                ++i;
                continue;
            }
            if (n == 'n') {
                cell += '\n';
                ++i;
                continue;
            }
        }
        if (c == '|') {
            cells.emplace_back(Trim(cell));
            cell.clear();
            continue;
        }
        cell += c;
    }
    return cells;
}

std::string SubstitutePlaceholders(const std::string& text, const std::vector<std::string>& names,
                                   const std::vector<std::string>& values) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '<') {
            size_t close = text.find('>', i + 1);
            if (close != std::string::npos) {
                std::string_view name(text.data() + i + 1, close - i - 1);
                bool replaced = false;
                for (size_t k = 0; k < names.size() && k < values.size(); ++k) {
                    if (names[k] == name) {
                        out += values[k];
                        replaced = true;
                        break;
                    }
                }
                if (replaced) {
                    i = close + 1;
                    continue;
                }
            }
        }
        out += text[i++];
    }
    return out;
}

Result<Feature> ParseFeature(std::string_view text, const std::string& path) {
    return Parser(text, path).Run();
}

}  // namespace nexus::tck
