// A small reader for the parts of Gherkin the TCK uses: Scenario / Scenario Outline, steps
// followed by """ doc strings, "Then a X should be raised" lines and Examples tables.
#include "tck_corpus.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace nexus::cypher::testing {
namespace {

namespace fs = std::filesystem;

std::string Trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

bool StartsWith(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> TableCells(const std::string& line) {
    std::vector<std::string> cells;
    std::string t = Trim(line);
    std::string cell;
    for (size_t i = 1; i < t.size(); ++i) {  // skip the leading '|'
        if (t[i] == '\\' && i + 1 < t.size() && (t[i + 1] == '|' || t[i + 1] == '\\')) {
            cell += t[++i];
        } else if (t[i] == '|') {
            cells.push_back(Trim(cell));
            cell.clear();
        } else {
            cell += t[i];
        }
    }
    return cells;
}

struct Scenario {
    std::string name;
    std::string file;
    std::vector<std::pair<int, std::string>> queries;  // line, text
    int main_index = -1;
    std::string error_type, error_phase, error_detail;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

void Emit(const Scenario& s, std::vector<TckQuery>* out) {
    auto emit_one = [&](const std::map<std::string, std::string>* values) {
        for (size_t i = 0; i < s.queries.size(); ++i) {
            TckQuery q;
            q.text = s.queries[i].second;
            if (values) {
                for (const auto& [key, value] : *values) {
                    std::string needle = "<" + key + ">";
                    for (size_t pos = q.text.find(needle); pos != std::string::npos;
                         pos = q.text.find(needle, pos + value.size())) {
                        q.text.replace(pos, needle.size(), value);
                    }
                }
            }
            q.location = s.file + ":" + std::to_string(s.queries[i].first) + " [" + s.name + "]";
            q.is_main = static_cast<int>(i) == s.main_index;
            if (q.is_main) {
                q.error_type = s.error_type;
                q.error_phase = s.error_phase;
                q.error_detail = s.error_detail;
            }
            out->push_back(std::move(q));
        }
    };
    if (s.header.empty()) {
        emit_one(nullptr);
        return;
    }
    for (const auto& row : s.rows) {
        std::map<std::string, std::string> values;
        for (size_t i = 0; i < s.header.size() && i < row.size(); ++i) values[s.header[i]] = row[i];
        emit_one(&values);
    }
}

void ReadFeature(const fs::path& path, const std::string& name, std::vector<TckQuery>* out) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    Scenario current;
    bool active = false;
    bool in_examples = false;
    bool pending_query = false;
    bool pending_main = false;
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string t = Trim(lines[i]);
        if (StartsWith(t, "Scenario")) {
            if (active) Emit(current, out);
            current = Scenario();
            current.file = name;
            current.name = t;
            active = true;
            in_examples = false;
            continue;
        }
        if (!active) continue;
        if (StartsWith(t, "Examples")) {
            in_examples = true;
            continue;
        }
        if (in_examples && StartsWith(t, "|")) {
            if (current.header.empty()) {
                current.header = TableCells(t);
            } else {
                current.rows.push_back(TableCells(t));
            }
            continue;
        }
        if (t.find("executing query:") != std::string::npos ||
            t.find("having executed:") != std::string::npos ||
            t.find("executing control query:") != std::string::npos) {
            pending_query = true;
            pending_main = t.find("executing query:") != std::string::npos;
            continue;
        }
        if (t == "\"\"\"" && pending_query) {
            size_t indent = lines[i].find('"');
            std::string text;
            size_t j = i + 1;
            for (; j < lines.size() && Trim(lines[j]) != "\"\"\""; ++j) {
                std::string l = lines[j];
                size_t strip = std::min(indent, l.find_first_not_of(" \t") == std::string::npos
                                                    ? l.size()
                                                    : l.find_first_not_of(" \t"));
                if (!text.empty()) text += "\n";
                text += l.substr(strip);
            }
            if (pending_main) current.main_index = static_cast<int>(current.queries.size());
            current.queries.emplace_back(static_cast<int>(i + 2), text);
            pending_query = false;
            i = j;
            continue;
        }
        if (StartsWith(t, "Then a ") && t.find(" should be raised at ") != std::string::npos) {
            std::istringstream words(t.substr(7));
            words >> current.error_type;
            size_t at = t.find(" raised at ") + 11;
            size_t colon = t.find(':', at);
            current.error_phase = Trim(t.substr(at, colon - at));
            current.error_detail = colon == std::string::npos ? "" : Trim(t.substr(colon + 1));
        }
    }
    if (active) Emit(current, out);
}

}  // namespace

std::string TckFeaturesDir() {
    const char* env = std::getenv("NEXUS_TCK_DIR");
    std::vector<std::string> candidates;
    if (env && *env) candidates.push_back(env);
#ifdef NEXUS_TCK_DEFAULT_DIR
    candidates.push_back(NEXUS_TCK_DEFAULT_DIR);
#endif
    candidates.push_back("/work/shared/tck/features");
    for (const auto& dir : candidates) {
        std::error_code ec;
        if (fs::is_directory(dir, ec)) return dir;
    }
    return "";
}

std::vector<TckQuery> LoadTckQueries(const std::string& dir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".feature") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<TckQuery> out;
    for (const auto& file : files) {
        ReadFeature(file, fs::relative(file, dir).string(), &out);
    }
    return out;
}

}  // namespace nexus::cypher::testing
