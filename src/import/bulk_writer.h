// BulkWriter: writes a brand-new graph straight into record pages, bypassing the per-row
// record-layer updates of GraphStore. Nodes and relationships are appended with dense ids,
// adjacency records are written once per node from entries already sorted by (type,
// direction, relationship), and the label index, counts and root page are written at the end.
// The layouts are those of docs/format/records.md; GraphStore reads the result.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/adjacency.h"
#include "graph/graph_store.h"
#include "graph/record_file.h"
#include "graph/record_heap.h"
#include "import/spill_sorter.h"

namespace nexus::import {

// One half of a relationship as seen from `node`: its adjacency entry. Self-loops give one
// entry with dir kLoop. 32 bytes, trivially copyable (spilled to run files as raw bytes).
struct AdjItem {
    uint64_t node;
    uint64_t neighbor;
    uint64_t rel;
    uint32_t type;
    uint32_t dir;  // graph::AdjDir
};
static_assert(sizeof(AdjItem) == 32);

// The order adjacency is written in: by node, then the record's group order, then rel id.
inline bool AdjItemLess(const AdjItem& a, const AdjItem& b) {
    if (a.node != b.node) return a.node < b.node;
    if (a.type != b.type) return a.type < b.type;
    if (a.dir != b.dir) return a.dir < b.dir;
    return a.rel < b.rel;
}

// Encodes one node's adjacency record without touching pages, so that encoding can run on
// another thread than the writer. Holds its own scratch; one per thread.
class AdjEncoder {
  public:
    // Groups `items` (one node's, in AdjItemLess order) and decides which groups go to chunk
    // pages (the inline limits of graph::Adjacency). True when none does: `record` then holds
    // the node's final adjacency record. False: BulkWriter::SetAdjacency must write it.
    bool Encode(std::span<const AdjItem> items, std::string* record);

  private:
    friend class BulkWriter;
    std::vector<std::string> group_bytes_;
    std::vector<graph::AdjGroup> groups_;
    std::vector<std::pair<size_t, size_t>> ranges_;  // [begin, end) of each group in items
};

class BulkWriter {
  public:
    // Over a database whose graph was just formatted (GraphStore::Format) and committed.
    // Label index entries spill to runs named `label_prefix` + "<n>" past `label_budget` bytes.
    static Result<std::unique_ptr<BulkWriter>> Open(storage::PageWriter* w,
                                                    const std::string& label_prefix,
                                                    uint64_t label_budget);
    // Continues in a new write transaction after the previous one committed.
    void Rebind(storage::PageWriter* w);

    Result<graph::TokenId> Token(graph::TokenKind kind, std::string_view name);

    // `labels` sorted and unique; `props` an encoded property record (empty: none).
    Result<graph::NodeId> AddNode(std::span<const graph::TokenId> labels, std::string_view props);
    Result<graph::RelId> AddRel(graph::NodeId start, graph::NodeId end, graph::TokenId type,
                                std::string_view props);
    // Takes back a node added before (the import found its id was a duplicate): frees its
    // records, counts and label index entries. Returns its number of properties.
    Result<size_t> DropNode(graph::NodeId node);
    // Writes `node`'s adjacency record from its entries in AdjItemLess order.
    Status SetAdjacency(graph::NodeId node, std::span<const AdjItem> items);
    // Stores a record AdjEncoder::Encode made and points `node`'s record at it.
    Status PutAdjacency(graph::NodeId node, std::string_view record);
    // Label index, counts record and root page. The last call before the final commit.
    Status Finish();

    uint64_t nodes() const { return root_.next_node; }
    uint64_t rels() const { return root_.next_rel; }
    size_t label_runs() const { return label_entries_->runs(); }

  private:
    explicit BulkWriter(storage::PageWriter* w) : w_(w) {}
    void MakeViews();
    Result<storage::PageId> WriteChunks(std::span<const AdjItem> items, storage::PageId* tail);
    Status WriteRoot();

    storage::PageWriter* w_;
    graph::RootState root_;
    std::unique_ptr<graph::RecordHeap> heap_;
    std::unique_ptr<graph::RecordFile> nodes_;
    std::unique_ptr<graph::RecordFile> rels_;
    std::unordered_map<std::string, graph::TokenId> tokens_[graph::kTokenKinds];
    std::vector<uint64_t> label_counts_;
    std::vector<uint64_t> type_counts_;
    std::unique_ptr<PairSorter> label_entries_;  // (label, node)
    std::vector<graph::NodeId> dropped_;         // see DropNode
    // Scratch for SetAdjacency.
    AdjEncoder encoder_;
    std::string record_;
};

}  // namespace nexus::import
