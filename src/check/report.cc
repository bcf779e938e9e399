// Report: counts problems per kind, keeps the first few examples of each, and renders the
// text `nexus check` prints.
#include <fmt/format.h>

#include "check/check.h"

namespace nexus::check {

const char* ProblemName(Problem p) {
    switch (p) {
        case Problem::kPageChecksum:
            return "page checksum";
        case Problem::kWalFrame:
            return "wal frame";
        case Problem::kFreeList:
            return "free list";
        case Problem::kPageOwnership:
            return "page ownership";
        case Problem::kRecord:
            return "record decode";
        case Problem::kToken:
            return "missing token";
        case Problem::kAdjacency:
            return "adjacency";
        case Problem::kDanglingEndpoint:
            return "dangling endpoint";
        case Problem::kCounts:
            return "counts";
        case Problem::kLabelIndex:
            return "label index";
        case Problem::kPropertyIndex:
            return "property index";
        case Problem::kBTree:
            return "b+tree";
        case Problem::kCount_:
            break;
    }
    return "?";
}

void Report::Add(Problem kind, std::string detail) {
    if (full()) return;  // a check between two stop points may find more than the limit
    size_t k = static_cast<size_t>(kind);
    ++counts_[k];
    if (examples_[k].size() < options_.max_examples) examples_[k].push_back(std::move(detail));
}

uint64_t Report::total() const {
    uint64_t n = 0;
    for (uint64_t c : counts_) n += c;
    return n;
}

std::string Report::ToString(bool verbose) const {
    std::string out;
    for (size_t k = 0; k < kProblemKinds; ++k) {
        if (counts_[k] == 0 && !verbose) continue;
        out += fmt::format("{:<18} {}\n", ProblemName(static_cast<Problem>(k)), counts_[k]);
        for (const std::string& e : examples_[k]) out += "    " + e + "\n";
        if (counts_[k] > examples_[k].size()) {
            out += fmt::format("    ... and {} more\n", counts_[k] - examples_[k].size());
        }
    }
    if (verbose) out += CensusString();
    if (full()) out += fmt::format("stopped after {} problems (--max-errors)\n", total());
    out += fmt::format(
        "{}: {} problem{}; checked {} pages, {} wal frames, {} nodes, "
        "{} relationships, {} indexes\n",
        clean() ? "clean" : "CORRUPT", total(), total() == 1 ? "" : "s", pages, wal_frames, nodes,
        relationships, indexes);
    return out;
}

}  // namespace nexus::check
