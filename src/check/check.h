// The consistency checker's entry point and report (`nexus check`, docs/check.md). This header
// depends only on the public headers so that tools/cmd_check.cc can include it; the checks
// themselves live in checker.h and its .cc files.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "nexus/status.h"

namespace nexus::check {

// Kinds of problem, each counted separately in the report.
enum class Problem : uint8_t {
    kPageChecksum = 0,  // a page image (main file or snapshot) fails its checksum
    kWalFrame,          // a WAL frame fails to validate before later valid frames
    kFreeList,          // free-list shape: cycle, out of range, bad magic, wrong length
    kPageOwnership,     // a page both free and used, or used by two structures
    kRecord,            // a node/relationship/label/property/heap record does not decode
    kToken,             // a record names a token id that does not exist
    kAdjacency,         // adjacency entries and relationship records disagree
    kDanglingEndpoint,  // a relationship's start or end node is not in use
    kCounts,            // stored counts differ from the recount
    kLabelIndex,        // label index entries differ from the node labels
    kPropertyIndex,     // property index entries differ from the data, or unique duplicates
    kBTree,             // a B+tree's own invariants fail
    kCount_,            // number of kinds (not a problem)
};
constexpr size_t kProblemKinds = static_cast<size_t>(Problem::kCount_);
const char* ProblemName(Problem p);

struct CheckOptions {
    uint64_t max_errors = 0;  // stop once this many problems were found (0 = no limit)
    size_t max_examples = 5;  // examples kept per kind
};

// One line of the space census (docs/size.md): where the pages and bytes of the file go.
// Rows named "pages: ..." count pages by owner; the others count records or values and their
// payload bytes inside those pages.
struct CensusRow {
    uint64_t pages = 0;
    uint64_t items = 0;
    uint64_t bytes = 0;
};

class Report {
  public:
    explicit Report(const CheckOptions& options = CheckOptions()) : options_(options) {}

    void Add(Problem kind, std::string detail);
    uint64_t count(Problem kind) const { return counts_[static_cast<size_t>(kind)]; }
    const std::vector<std::string>& examples(Problem kind) const {
        return examples_[static_cast<size_t>(kind)];
    }
    uint64_t total() const;
    bool clean() const { return total() == 0; }
    // True once max_errors problems were found: checks stop early.
    bool full() const { return options_.max_errors != 0 && total() >= options_.max_errors; }
    // What was examined, for the summary line.
    uint64_t pages = 0, wal_frames = 0, nodes = 0, relationships = 0, indexes = 0;
    std::map<std::string, CensusRow> census;
    // The census as a table (part of the verbose report).
    std::string CensusString() const;
    // Multi-line text: one line per kind with problems, examples, then a summary line.
    // `verbose` lists every kind, and what was checked, even when clean.
    std::string ToString(bool verbose) const;

  private:
    CheckOptions options_;
    std::array<uint64_t, kProblemKinds> counts_{};
    std::array<std::vector<std::string>, kProblemKinds> examples_;
};

// Opens the database at `path` read-only (refusing when a writer holds it: kBusy) and checks
// it. A non-OK result means it could not be opened at all; problems go in the report.
Result<Report> CheckDatabase(const std::string& path, const CheckOptions& options = {});

}  // namespace nexus::check
