// GraphStore: the record layer, implementing GraphReader/GraphWriter on the page seam. One
// object per transaction view: a read view over a PageReader snapshot, or the write view over
// the one PageWriter. Root-page state (next ids, counts, heap hints) is cached in the object
// and written back by Flush(), which the transaction layer calls just before the pager commit.
// Not thread-safe; the shared TokenCache is.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/adjacency.h"
#include "graph/format.h"
#include "graph/graph.h"
#include "graph/record_file.h"
#include "graph/record_heap.h"
#include "graph/tokens.h"
#include "storage/page_store.h"

namespace nexus::graph {

// Everything the root page holds (docs/format/records.md, "Root page").
struct RootState {
    uint64_t next_node = 0;
    uint64_t next_rel = 0;
    uint64_t node_count = 0;
    uint64_t rel_count = 0;
    PageId node_dir = 0;
    PageId rel_dir = 0;
    PageId node_free = 0;
    PageId rel_free = 0;
    RecordAddr counts = kNoRecord;
    RecordAddr catalog = kNoRecord;
    TokenChain tokens[kTokenKinds];
    HeapState heap;
    uint32_t next_index_id = 1;
    PageId label_index = 0;  // B+tree of (label, node)
};

// A property index: its definition and its B+tree.
struct StoredIndex {
    IndexDef def;
    PageId root = 0;
};

class GraphStore final : public GraphWriter {
  public:
    static constexpr uint32_t kNodeRecordSize = graph::kNodeRecordSize;
    static constexpr uint32_t kRelRecordSize = graph::kRelRecordSize;
    static constexpr uint8_t kLabelOverflow = NodeRec::kOverflow;
    static constexpr TokenId kMaxRelType = (1u << 22) - 1;  // 22 bits in the record word

    // Writes an empty graph's root page; the first page the writer allocates must be
    // storage::kFirstDataPage.
    static Status Format(storage::PageWriter* writer);
    // A read view. `tokens` may be shared by every view of one database (null: private).
    static Result<std::unique_ptr<GraphStore>> OpenReader(storage::PageReader* reader,
                                                          std::shared_ptr<TokenCache> tokens);
    static Result<std::unique_ptr<GraphStore>> OpenWriter(storage::PageWriter* writer,
                                                          std::shared_ptr<TokenCache> tokens);

    // Writes cached root state, counts and freed ids to pages: call before the pager commits.
    Status Flush();
    // Publishes this transaction's new tokens to the shared cache: call after the commit.
    void OnCommitted();
    // True for a read view that may serve another read transaction of the same committed
    // version (the transaction layer recycles them, txn/read_view_pool.h): nothing in it is
    // pending. Anything a read view caches must depend only on its snapshot's pages.
    bool IsCleanReadView() const;

    // GraphReader.
    TokenId FindToken(TokenKind kind, std::string_view name) override;
    Result<std::string> TokenName(TokenKind kind, TokenId id) override;
    std::vector<std::pair<TokenId, std::string>> Tokens(TokenKind kind) override;
    Result<bool> NodeExists(NodeId node) override;
    Result<std::vector<TokenId>> NodeLabels(NodeId node) override;
    Result<bool> NodeHasLabel(NodeId node, TokenId label) override;
    Result<uint64_t> NodeLabelBits(NodeId node) override;
    Result<Value> NodeProperty(NodeId node, TokenId key) override;
    Result<PropertyList> NodeProperties(NodeId node) override;
    std::unique_ptr<NodeCursor> ScanNodes() override;
    std::unique_ptr<NodeCursor> ScanLabel(TokenId label) override;
    Result<bool> RelExists(RelId rel) override;
    Result<RelRecord> Rel(RelId rel) override;
    Result<Value> RelProperty(RelId rel, TokenId key) override;
    Result<PropertyList> RelProperties(RelId rel) override;
    std::unique_ptr<RelCursor> ScanRels() override;
    Status Expand(NodeId node, Direction dir, std::span<const TokenId> types,
                  std::vector<AdjEntry>* out) override;
    Result<uint64_t> Degree(NodeId node, Direction dir, std::span<const TokenId> types) override;
    Status ScanAdjacency(Direction dir, std::span<const TokenId> types,
                         AdjacencyVisitor* visitor) override;
    uint64_t CountNodes(TokenId label = kNoToken) override;
    uint64_t CountRels(TokenId type = kNoToken) override;
    uint64_t StatsVersion() override;
    std::vector<IndexDef> Indexes() override;
    std::unique_ptr<NodeCursor> IndexSeek(IndexId index, std::span<const Value> key) override;
    std::unique_ptr<NodeCursor> IndexRange(IndexId index, const IndexBound* lower,
                                           const IndexBound* upper) override;

    // GraphWriter.
    Result<TokenId> GetOrCreateToken(TokenKind kind, std::string_view name) override;
    Result<NodeId> CreateNode(std::span<const TokenId> labels, const PropertyList& props) override;
    Result<RelId> CreateRel(NodeId start, NodeId end, TokenId type,
                            const PropertyList& props) override;
    Status DeleteNode(NodeId node) override;
    Status DeleteRel(RelId rel) override;
    Status SetNodeProperty(NodeId node, TokenId key, const Value& value) override;
    Status SetRelProperty(RelId rel, TokenId key, const Value& value) override;
    Result<bool> AddLabel(NodeId node, TokenId label) override;
    Result<bool> RemoveLabel(NodeId node, TokenId label) override;
    Result<IndexId> CreateIndex(const std::string& name, TokenId label,
                                const std::vector<TokenId>& properties, bool unique) override;
    Status DropIndex(IndexId index) override;

    // Internal access for tests, tools and the importer.
    const RootState& root() const { return root_; }
    // Decoded records; nullopt when the id is not in use. Without `with_props` a
    // relationship's props address is left 0 (its side page is not read).
    Result<std::optional<NodeRec>> ReadNode(NodeId node);
    Result<std::optional<RelRec>> ReadRel(RelId rel, bool with_props = true);

  private:
    // `cached` (read views only) wraps `reader` and becomes the reader used.
    GraphStore(storage::PageReader* reader, storage::PageWriter* writer,
               std::shared_ptr<TokenCache> tokens,
               std::unique_ptr<storage::PageReader> cached = nullptr);
    Status Load();
    Status LoadCounts();
    Status LoadCatalog();
    Status WriteRoot();
    Status WriteCounts();
    Status WriteCatalog();
    Status NotWritable() const;

    Result<NodeRec> MustReadNode(NodeId node);
    Result<RelRec> MustReadRel(RelId rel, bool with_props = true);
    Status WriteNode(NodeId node, const NodeRec& rec);
    Status WriteRel(RelId rel, const RelRec& rec, bool had_props);
    Result<std::vector<TokenId>> LabelsOf(const NodeRec& rec);
    // Calls visit(label) for each of the record's labels, inline or from its overflow record,
    // without building a vector (defined in graph_store.cc, its only user).
    template <typename Visit>
    Status ForEachLabel(const NodeRec& rec, Visit visit);
    Status SetLabels(NodeRec* rec, const std::vector<TokenId>& labels);
    Result<PropertyList> ReadProps(RecordAddr addr);
    Result<Value> ReadProp(RecordAddr addr, TokenId key);
    // Rewrites a property record: returns its new address (kNoRecord when empty).
    Result<RecordAddr> WriteProps(RecordAddr addr, const PropertyList& props);
    Result<uint64_t> AllocId(PageId* free_head, uint64_t* next, uint64_t max_ids);
    Status PushFreeIds(PageId* free_head, const std::vector<uint64_t>& ids);
    void Bump(std::vector<uint64_t>* counts, TokenId id, int64_t delta);

    // Index maintenance (graph_store_index.cc). Property indexes are updated before the
    // records, so a uniqueness violation leaves the transaction as it was.
    Status UpdateLabelIndex(NodeId node, const std::vector<TokenId>& before,
                            const std::vector<TokenId>& after);
    Status UpdatePropertyIndexes(NodeId node, const std::vector<TokenId>& labels_before,
                                 const PropertyList& props_before,
                                 const std::vector<TokenId>& labels_after,
                                 const PropertyList& props_after);
    const StoredIndex* FindIndex(IndexId index) const;

    // ScanAdjacency's step: one node's record on its (already read) heap page.
    Status ScanOneRecord(RecordAddr adj, NodeId node, const uint8_t* heap_page, Direction dir,
                         std::span<const TokenId> types, PinnedPages* pages, AdjScanBatch* batch);

    std::unique_ptr<storage::PageReader> cached_reader_;
    storage::PageReader* reader_;
    storage::PageWriter* writer_;  // null for read views
    std::shared_ptr<TokenCache> tokens_;
    RootState root_;
    RecordHeap heap_;
    RecordFile nodes_;
    RecordFile rels_;
    Adjacency adjacency_;
    std::vector<uint64_t> label_counts_;
    std::vector<uint64_t> type_counts_;
    bool counts_dirty_ = false;
    uint64_t counts_hash_ = 0;  // of label_counts_ and type_counts_; 0: not computed yet
    bool catalog_dirty_ = false;
    std::vector<StoredIndex> indexes_;
    uint32_t committed_tokens_[kTokenKinds] = {};
    std::vector<std::string> new_tokens_[kTokenKinds];
    std::vector<NodeId> freed_nodes_;
    std::vector<RelId> freed_rels_;
    // A read view's last decoded node record: a row's label check and then its property read
    // or expand of the same node decode it once. Read views only (a snapshot never changes);
    // a writer's records do, so it always reads.
    NodeId last_node_ = ~NodeId{0};
    NodeRec last_node_rec_;
};

}  // namespace nexus::graph
