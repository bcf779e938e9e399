// MemGraph: a simple, correct in-memory implementation of the whole graph seam
// (graph::GraphWriter), so the query engine can be tested without the page store.
// Not thread-safe; one instance is one transaction's view of a private graph.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace nexus::cypher::testutil {

class MemGraph : public graph::GraphWriter {
  public:
    using NodeId = graph::NodeId;
    using RelId = graph::RelId;
    using TokenId = graph::TokenId;

    graph::TokenId FindToken(graph::TokenKind kind, std::string_view name) override;
    Result<std::string> TokenName(graph::TokenKind kind, graph::TokenId id) override;
    std::vector<std::pair<TokenId, std::string>> Tokens(graph::TokenKind kind) override;

    Result<bool> NodeExists(NodeId node) override;
    Result<std::vector<TokenId>> NodeLabels(NodeId node) override;
    Result<bool> NodeHasLabel(NodeId node, TokenId label) override;
    Result<Value> NodeProperty(NodeId node, TokenId key) override;
    Result<graph::PropertyList> NodeProperties(NodeId node) override;
    std::unique_ptr<graph::NodeCursor> ScanNodes() override;
    std::unique_ptr<graph::NodeCursor> ScanLabel(TokenId label) override;

    Result<bool> RelExists(RelId rel) override;
    Result<graph::RelRecord> Rel(RelId rel) override;
    Result<Value> RelProperty(RelId rel, TokenId key) override;
    Result<graph::PropertyList> RelProperties(RelId rel) override;
    std::unique_ptr<graph::RelCursor> ScanRels() override;

    Status Expand(NodeId node, graph::Direction dir, std::span<const TokenId> types,
                  std::vector<graph::AdjEntry>* out) override;
    Result<uint64_t> Degree(NodeId node, graph::Direction dir,
                            std::span<const TokenId> types) override;
    uint64_t CountNodes(TokenId label = graph::kNoToken) override;
    uint64_t CountRels(TokenId type = graph::kNoToken) override;

    std::vector<graph::IndexDef> Indexes() override;
    std::unique_ptr<graph::NodeCursor> IndexSeek(graph::IndexId index,
                                                 std::span<const Value> key) override;
    std::unique_ptr<graph::NodeCursor> IndexRange(graph::IndexId index,
                                                  const graph::IndexBound* lower,
                                                  const graph::IndexBound* upper) override;

    Result<TokenId> GetOrCreateToken(graph::TokenKind kind, std::string_view name) override;
    Result<NodeId> CreateNode(std::span<const TokenId> labels,
                              const graph::PropertyList& props) override;
    Result<RelId> CreateRel(NodeId start, NodeId end, TokenId type,
                            const graph::PropertyList& props) override;
    Status DeleteNode(NodeId node) override;
    Status DeleteRel(RelId rel) override;
    Status SetNodeProperty(NodeId node, TokenId key, const Value& value) override;
    Status SetRelProperty(RelId rel, TokenId key, const Value& value) override;
    Result<bool> AddLabel(NodeId node, TokenId label) override;
    Result<bool> RemoveLabel(NodeId node, TokenId label) override;
    Result<graph::IndexId> CreateIndex(const std::string& name, TokenId label,
                                       const std::vector<TokenId>& properties,
                                       bool unique) override;
    Status DropIndex(graph::IndexId index) override;

    // Counts IndexSeek calls, so tests can check that the planner used an index.
    int index_seeks() const { return index_seeks_; }

  private:
    struct NodeRec {
        std::set<TokenId> labels;
        std::map<TokenId, Value> props;
        std::set<RelId> out, in;
    };
    struct RelRec {
        graph::RelRecord rec;
        std::map<TokenId, Value> props;
    };
    bool KeyMatches(const graph::IndexDef& def, NodeId node, std::span<const Value> key);
    Status CheckUnique(NodeId node);

    std::vector<std::string> tokens_[3];
    std::map<NodeId, NodeRec> nodes_;
    std::map<RelId, RelRec> rels_;
    NodeId next_node_ = 0;
    RelId next_rel_ = 0;
    std::vector<graph::IndexDef> indexes_;
    graph::IndexId next_index_ = 1;
    int index_seeks_ = 0;
};

}  // namespace nexus::cypher::testutil
