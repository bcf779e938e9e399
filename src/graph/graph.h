// The graph seam: what the query engine, the API and the tools see of stored data.
// GraphReader is one transaction's consistent view; GraphWriter is the single write
// transaction (its reads see its own writes). The record layer (graph/graph_store.h)
// implements both on pages; tests may implement them in memory.
//
// Ids: node and relationship ids are dense 64-bit numbers, reused only after the deleting
// transaction committed. Token ids name labels, relationship types and property keys.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::graph {

using NodeId = uint64_t;
using RelId = uint64_t;
using TokenId = uint32_t;
using IndexId = uint32_t;
constexpr TokenId kNoToken = UINT32_MAX;

enum class TokenKind : uint8_t { kLabel = 0, kRelType = 1, kPropertyKey = 2 };

// Direction relative to the node being expanded: kOutgoing means that node is the start.
enum class Direction : uint8_t { kOutgoing = 0, kIncoming = 1, kBoth = 2 };

struct RelRecord {
    RelId id = 0;
    NodeId start = 0;
    NodeId end = 0;
    TokenId type = kNoToken;
};

// One adjacency entry of an expanded node.
struct AdjEntry {
    RelId rel = 0;
    NodeId neighbor = 0;
    TokenId type = kNoToken;
    Direction dir = Direction::kOutgoing;  // kOutgoing or kIncoming, never kBoth
};

using PropertyList = std::vector<std::pair<TokenId, Value>>;  // sorted by key id

// One entry of a whole-graph adjacency scan: `node`'s relationship `rel` to `neighbor`.
struct AdjScanEntry {
    NodeId node = 0;
    NodeId neighbor = 0;
    RelId rel = 0;
    TokenId type = kNoToken;
    Direction dir = Direction::kOutgoing;  // kOutgoing or kIncoming, never kBoth
};

// Receives ScanAdjacency's entries in batches (the span is valid only during the call).
// Returning false stops the scan early. It must not change the graph while it scans.
class AdjacencyVisitor {
  public:
    virtual ~AdjacencyVisitor() = default;
    virtual bool Visit(std::span<const AdjScanEntry> batch) = 0;
};

// Streams ids in batches. Next() fills up to `max` ids and returns how many; 0 means the end
// or an error, which status() then reports.
template <typename Id>
class IdCursor {
  public:
    virtual ~IdCursor() = default;
    virtual size_t Next(Id* out, size_t max) = 0;
    virtual Status status() const { return Status::Ok(); }
};
using NodeCursor = IdCursor<NodeId>;
using RelCursor = IdCursor<RelId>;

// A range or uniqueness index on (label, property keys...).
struct IndexDef {
    IndexId id = 0;
    std::string name;
    TokenId label = kNoToken;
    std::vector<TokenId> properties;
    bool unique = false;  // backs a uniqueness constraint
};

// One bound of an index range scan; an absent bound is unbounded.
struct IndexBound {
    Value value;
    bool inclusive = true;
};

class GraphReader {
  public:
    virtual ~GraphReader() = default;

    // Tokens. FindToken returns kNoToken for a name never stored.
    virtual TokenId FindToken(TokenKind kind, std::string_view name) = 0;
    virtual Result<std::string> TokenName(TokenKind kind, TokenId id) = 0;
    virtual std::vector<std::pair<TokenId, std::string>> Tokens(TokenKind kind) = 0;

    // Nodes.
    virtual Result<bool> NodeExists(NodeId node) = 0;
    virtual Result<std::vector<TokenId>> NodeLabels(NodeId node) = 0;  // sorted
    virtual Result<bool> NodeHasLabel(NodeId node, TokenId label) = 0;
    // The node's labels with ids below 64 as a bit set (bit l for label l; higher ids are
    // left out), for callers that test several labels or cache them per node: readers that
    // can fill it straight from the record do so without allocating.
    virtual Result<uint64_t> NodeLabelBits(NodeId node) {
        ASSIGN_OR_RETURN(std::vector<TokenId> labels, NodeLabels(node));
        uint64_t bits = 0;
        for (TokenId l : labels) bits |= l < 64 ? uint64_t{1} << l : 0;
        return bits;
    }
    virtual Result<Value> NodeProperty(NodeId node, TokenId key) = 0;  // Null when absent
    virtual Result<PropertyList> NodeProperties(NodeId node) = 0;
    virtual std::unique_ptr<NodeCursor> ScanNodes() = 0;               // ascending ids
    virtual std::unique_ptr<NodeCursor> ScanLabel(TokenId label) = 0;  // ascending ids

    // Relationships.
    virtual Result<bool> RelExists(RelId rel) = 0;
    virtual Result<RelRecord> Rel(RelId rel) = 0;
    virtual Result<Value> RelProperty(RelId rel, TokenId key) = 0;
    virtual Result<PropertyList> RelProperties(RelId rel) = 0;
    virtual std::unique_ptr<RelCursor> ScanRels() = 0;

    // Appends the relationships of `node` in `dir` whose type is in `types` (every type when
    // empty). Costs O(matching degree), not O(all relationships of the node).
    virtual Status Expand(NodeId node, Direction dir, std::span<const TokenId> types,
                          std::vector<AdjEntry>* out) = 0;
    virtual Result<uint64_t> Degree(NodeId node, Direction dir, std::span<const TokenId> types) = 0;
    // Every node's Expand(node, dir, types) as one stream of batches, without a call per
    // node: each node's entries are contiguous and in Expand's order, but nodes come in an
    // unspecified order (the record layer walks pages in physical order; this default, built
    // on ScanNodes and Expand, goes by ascending id).
    virtual Status ScanAdjacency(Direction dir, std::span<const TokenId> types,
                                 AdjacencyVisitor* visitor) {
        constexpr size_t kBatch = 256;
        std::unique_ptr<NodeCursor> nodes = ScanNodes();
        NodeId ids[kBatch];
        std::vector<AdjEntry> adj;
        std::vector<AdjScanEntry> batch;
        for (size_t n; (n = nodes->Next(ids, kBatch)) > 0;) {
            for (size_t i = 0; i < n; ++i) {
                adj.clear();
                RETURN_IF_ERROR(Expand(ids[i], dir, types, &adj));
                for (const AdjEntry& e : adj) {
                    batch.push_back(AdjScanEntry{ids[i], e.neighbor, e.rel, e.type, e.dir});
                }
            }
            if (!batch.empty() && !visitor->Visit(batch)) return Status::Ok();
            batch.clear();
        }
        return nodes->status();
    }

    // Exact counts as seen by this transaction; kNoToken counts everything.
    virtual uint64_t CountNodes(TokenId label = kNoToken) = 0;
    virtual uint64_t CountRels(TokenId type = kNoToken) = 0;
    // Changes whenever a count above or the index list changes: two views with equal
    // non-zero versions have equal counts and indexes, so a caller that checked the counts
    // at one version need not read them again at it. 0: not tracked (compare the counts).
    virtual uint64_t StatsVersion() { return 0; }

    // Property indexes.
    virtual std::vector<IndexDef> Indexes() = 0;
    // Nodes whose indexed properties equal `key` (one value per indexed property).
    virtual std::unique_ptr<NodeCursor> IndexSeek(IndexId index, std::span<const Value> key) = 0;
    // Nodes whose first indexed property lies between the bounds (same-type values only).
    virtual std::unique_ptr<NodeCursor> IndexRange(IndexId index, const IndexBound* lower,
                                                   const IndexBound* upper) = 0;
};

class GraphWriter : public GraphReader {
  public:
    virtual Result<TokenId> GetOrCreateToken(TokenKind kind, std::string_view name) = 0;

    virtual Result<NodeId> CreateNode(std::span<const TokenId> labels,
                                      const PropertyList& props) = 0;
    virtual Result<RelId> CreateRel(NodeId start, NodeId end, TokenId type,
                                    const PropertyList& props) = 0;
    // kDeleteConnected when the node still has relationships.
    virtual Status DeleteNode(NodeId node) = 0;
    virtual Status DeleteRel(RelId rel) = 0;

    // A Null value removes the property. Lists must be homogeneous; maps are rejected
    // (kTypeError) as Neo4j does.
    virtual Status SetNodeProperty(NodeId node, TokenId key, const Value& value) = 0;
    virtual Status SetRelProperty(RelId rel, TokenId key, const Value& value) = 0;
    virtual Result<bool> AddLabel(NodeId node, TokenId label) = 0;     // false: already there
    virtual Result<bool> RemoveLabel(NodeId node, TokenId label) = 0;  // false: was not there

    // Builds the index from existing data. kConstraintViolation when `unique` and two nodes
    // already share a key; kSchemaError when an equivalent index or the name exists.
    virtual Result<IndexId> CreateIndex(const std::string& name, TokenId label,
                                        const std::vector<TokenId>& properties, bool unique) = 0;
    virtual Status DropIndex(IndexId index) = 0;
};

}  // namespace nexus::graph
