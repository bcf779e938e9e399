// The id maps of an import that outgrew their share of --max-memory: (external id, node id,
// where) entries go to sorted runs per id space, relationship endpoints to sorted runs of
// (external id, relationship ordinal, side), and one merge-join per id space resolves them.
// RelSpool keeps the relationships themselves, in input order, until their endpoints are
// known. See docs/import.md, "Memory".
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "graph/graph.h"
#include "import/importer.h"
#include "import/spill_sorter.h"

namespace nexus::import {

// File index and line of a row, packed in one word.
inline uint64_t PackWhere(uint32_t file, uint64_t line) {
    return (uint64_t{file} << 40) | line;
}
inline uint32_t WhereFile(uint64_t where) {
    return static_cast<uint32_t>(where >> 40);
}
inline uint64_t WhereLine(uint64_t where) {
    return where & ((uint64_t{1} << 40) - 1);
}

class ExternalIds {
  public:
    // Runs are named `prefix` + "...". `budget` bounds the entries held in memory.
    ExternalIds(std::string prefix, IdType type, uint64_t budget);

    // The sort key of an external id (integer ids: 8 bytes that sort as the numbers do);
    // false when an integer id does not parse.
    static bool Key(IdType type, std::string_view text, std::string* key);
    // An id as the input spelled it, for messages.
    static std::string Text(IdType type, std::string_view key);

    Status AddNode(const std::string& space, std::string_view key, graph::NodeId id,
                   uint64_t where);
    // After the node phase: every id given again, with the later node and where it was read.
    // The first node of an id keeps it.
    using DupFn = std::function<Status(const std::string& space, std::string_view key,
                                       graph::NodeId node, uint64_t where)>;
    Status ForEachDuplicate(const DupFn& fn);

    // `side` 0: the start node of relationship `ordinal`, 1: its end node.
    Status AddRef(const std::string& space, std::string_view key, uint64_t ordinal, int side);
    // (ordinal * 2 + side, node id) for every reference whose id exists, in order; missing
    // pairs are unknown ids. Call once, after every AddRef.
    Result<std::unique_ptr<PairCursor>> Resolve();

    // Run files written so far.
    uint64_t runs() const { return runs_; }

  private:
    struct Space {
        std::unique_ptr<KeySorter> nodes;
        std::unique_ptr<KeySorter> refs;
    };
    Space& Get(const std::string& space);
    // Spills every buffer once the entries held reach the budget.
    Status Account(size_t key_bytes);
    Status SpillAll();

    std::string prefix_;
    IdType type_;
    uint64_t budget_;
    uint64_t held_ = 0;  // bytes of the entries in memory (their buffers may hold up to 2x)
    uint64_t runs_ = 0;
    std::map<std::string, Space> spaces_;
    std::unique_ptr<PairSorter> resolved_;
};

// One relationship row waiting for its endpoints.
struct SpooledRel {
    uint32_t group = 0;  // index of its --relationships group
    uint32_t file = 0;
    uint64_t line = 0;
    uint32_t type = 0;
    uint32_t nprops = 0;
    std::string props;  // encoded property record
    std::string start;  // the ids as written, for messages
    std::string end;
};

// Relationship rows in input order, written to a file and read back once.
class RelSpool {
  public:
    explicit RelSpool(std::string path) : path_(std::move(path)) {}
    ~RelSpool();
    Status Append(uint32_t group, uint64_t where, uint32_t type, uint32_t nprops,
                  std::string_view props, std::string_view start, std::string_view end);
    // Ends writing; Next reads from the first row.
    Status StartReading(size_t buffer_bytes);
    // False after the last row.
    Result<bool> Next(SpooledRel* out);
    uint64_t rows() const { return rows_; }

  private:
    std::string path_;
    std::unique_ptr<RunFileWriter> writer_;
    std::unique_ptr<RunFileReader> reader_;
    uint64_t rows_ = 0;
};

}  // namespace nexus::import
