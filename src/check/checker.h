// Checker: the checks of `nexus check` over one read snapshot (a PageReader), page level
// (page_checks.cc), records and adjacency (graph_checks.cc) and indexes (index_checks.cc).
// Findings go into a Report; a check that cannot continue records why and stops only itself.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/check.h"
#include "graph/graph_store.h"
#include "storage/pager.h"

namespace nexus::check {

using storage::PageId;

// Raw scans of the files, independent of any snapshot: main-file page checksums (non-zero
// pages) and WAL frames (a bad frame followed by a valid one of the same generation).
void CheckMainFile(const std::string& path, Report* report);
void CheckWalFile(const std::string& wal_path, Report* report);

// Every check that works on one snapshot.
void CheckSnapshot(storage::ReadTxn* snapshot, Report* report);

class Checker {
  public:
    Checker(storage::ReadTxn* snapshot, Report* report)
        : snapshot_(snapshot), pages_(snapshot), report_(report) {}
    void Run();

  private:
    // Who uses a page; pages of kind kHeap may be shared by many records.
    enum class Owner : uint8_t {
        kNone,
        kFree,
        kHeader,
        kRoot,
        kDirectory,
        kRecords,
        kHeap,
        kAdjChunk,
        kTokens,
        kFreeIds,
        kBTree
    };

    // page_checks.cc
    void ReadEveryPage();
    void WalkFreeList();
    void Claim(PageId page, Owner owner, const std::string& what);
    void ClaimDirectory(PageId top, const char* kind);
    void ClaimSidePage(PageId record_page);
    void ClaimChain(PageId head, Owner owner, const char* what, uint32_t next_offset);

    // graph_checks.cc
    bool OpenGraph();
    void CheckTokens();
    void CheckRelRecords();
    void CheckNodes();
    void CheckNode(graph::NodeId id, const graph::NodeRec& rec);
    void CheckAdjacency(graph::NodeId id, graph::RecordAddr addr);
    void CheckGroupEntry(graph::NodeId id, graph::TokenId type, graph::AdjDir dir,
                         graph::NodeId neighbor, graph::RelId rel);
    void CheckRelsReached();
    void CheckCounts();

    // index_checks.cc
    void LoadCatalog();
    void CollectIndexKeys(graph::NodeId id, const std::vector<graph::TokenId>& labels,
                          const graph::PropertyList& props);
    void CheckLabelIndex();
    void CheckPropertyIndexes();
    bool ScanTree(PageId root, const std::string& name, Problem kind,
                  std::vector<std::string>* keys);

    // census.cc: the space census (Report::census).
    void CensusRecord(const std::string& row, graph::RecordAddr addr);
    void CensusProps(const std::string& row, const graph::PropertyList& props);
    std::string NodePropsRow(const std::vector<graph::TokenId>& labels) const;
    void TakeCensus();

    storage::ReadTxn* snapshot_;
    storage::PageReader* pages_;
    Report* report_;
    std::vector<Owner> owner_;  // per page
    std::unique_ptr<graph::GraphStore> graph_;
    uint32_t token_counts_[graph::kTokenKinds] = {};

    std::vector<std::optional<graph::RelRec>> rels_;
    std::vector<uint8_t> rel_seen_;  // bit 0 start's outgoing, 1 end's incoming, 2 loop
    std::vector<bool> node_live_;
    uint64_t live_nodes_ = 0, live_rels_ = 0, rels_with_props_ = 0;
    std::vector<uint64_t> label_counts_, type_counts_;

    struct IndexInfo {
        graph::IndexDef def;
        PageId root = 0;
        std::vector<std::string> expected;
    };
    std::vector<IndexInfo> indexes_;
    std::vector<std::string> label_keys_;
    std::vector<std::string> label_names_;
};

}  // namespace nexus::check
