// Importer: one import run's state. It owns the pager of the temporary database, the bulk
// writer, the id spaces mapping external ids to node ids, the adjacency sorter and the
// bad-row count; the node and relationship phases (import_rows.cc) stream rows into it, the
// finish phase writes adjacency, indexes and the root. Internal to nexus_import.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/graph_store.h"
#include "import/adj_sorter.h"
#include "import/bulk_writer.h"
#include "import/external_ids.h"
#include "import/header.h"
#include "import/id_map.h"
#include "import/importer.h"
#include "import/row_pipe.h"
#include "storage/pager.h"

namespace nexus::import {

// Property columns of a row in record order (the last of a key given twice wins), and their
// encoded record (empty: none).
void SortPropertyList(graph::PropertyList* props);
void EncodePropertyList(const graph::PropertyList& props, std::string* out);

// External id -> node id, for one id group.
struct IdSpace {
    StringIdMap strings;
    IntIdMap ints;
};

class Importer {
  public:
    Importer(const ImportOptions& options, std::string path)
        : o_(options), path_(std::move(path)) {}

    Status Run(ImportSummary* summary);

  private:
    // One data row of a group: its fields and where it came from.
    struct Row {
        const std::vector<CsvField>* fields;
        const std::string* file;
        uint64_t line;
        const RowBatch::Record* record;  // endpoints resolved on the reader thread, if any
        // The encoded property record when the reader thread converted it (record->converted).
        std::string_view props = {};
    };
    // A row known only by where it was read (the external id path reports these late).
    Row RowAt(uint64_t where) const {
        return Row{nullptr, &files_[WhereFile(where)], WhereLine(where), nullptr};
    }
    using RowFn = Status (Importer::*)(const Header&, const Row&);

    Status Open();
    Status BeginBatch();
    Status CommitBatch();
    Status MaybeCommit();
    // Sorts the adjacency entries and writes every node's adjacency record (adj_writer.cc).
    Status WriteAdjacency();
    // Reads every row of `group` (header from its first file) and hands it to `fn`.
    Status ForEachRow(const InputGroup& group, EntityKind kind, Phase phase, RowFn fn);
    // Reads the header of `group` from `file` and prepares the group's tokens; false when
    // the file holds no record.
    Result<bool> ReadHeader(const InputGroup& group, const std::string& file, EntityKind kind,
                            Header* header);
    Status PrepareNodeGroup(const InputGroup& group, const Header& header);
    Status PrepareRelGroup(const InputGroup& group, const Header& header);
    Status NodeRow(const Header& header, const Row& row);
    Status RelRow(const Header& header, const Row& row);
    // Converts the property columns of a row; false (bad row reported) when one is invalid.
    Result<bool> RowProperties(const Header& header, const Row& row, graph::PropertyList* out);
    // A relationship row's encoded property record (converted here unless the reader thread
    // did); false (bad row reported) when a value is invalid.
    Result<bool> RelProperties(const Header& header, const Row& row, std::string_view* bytes,
                               size_t* nprops);
    // The reader-thread resolver of the current relationship group's endpoints.
    RowPipe::Resolver RelResolver(const Header& header) const;
    // The reader-thread converter of the current group's property columns (and a named :ID).
    RowPipe::Converter PropConverter(const Header& header, EntityKind kind) const;
    Result<bool> LookupNode(const Column& col, const CsvField& field, const Row& row,
                            graph::NodeId* out);
    // Counts a bad row; an error when it must stop the import.
    Status BadRow(const Row& row, const std::string& reason);
    // The external id path (import_external.cc): moves the id maps to sorted runs once they
    // outgrow their budget; after the node phase reports and drops duplicate ids; spools
    // relationship rows and writes them once their endpoints are resolved.
    Status MaybeGoExternal(bool now = false);
    Status DropDuplicateNodes();
    Status SpoolRel(const Header& header, const Row& row);
    Status WriteSpooledRels();
    Status AddRel(graph::NodeId start, graph::NodeId end, graph::TokenId type,
                  std::string_view props, size_t nprops);
    Result<graph::TokenId> Token(graph::TokenKind kind, const std::string& name);
    void Progress(bool force);

    const ImportOptions& o_;
    std::string path_;
    std::unique_ptr<storage::Pager> pager_;
    std::unique_ptr<storage::WriteTxn> txn_;
    std::unique_ptr<BulkWriter> bulk_;
    std::unique_ptr<AdjSorter> sorter_;
    uint64_t batch_ops_ = 0;
    uint64_t batch_limit_ = 250000;

    std::unordered_map<std::string, IdSpace> id_spaces_;
    uint64_t id_budget_ = 0;                 // bytes the in-memory id maps may hold
    std::unique_ptr<ExternalIds> external_;  // set once they outgrew it
    std::unique_ptr<RelSpool> spool_;
    std::string key_;                 // scratch: an id's sort key
    std::vector<std::string> files_;  // input files, by index (see PackWhere)
    uint32_t file_index_ = 0;         // of the file being read
    uint32_t rel_group_ = 0;          // index of the relationship group being read
    // Id space names of each relationship group's endpoints, by group index.
    std::vector<std::pair<std::string, std::string>> rel_spaces_;
    // Per group: tokens of the property columns (kNoToken for the others).
    std::vector<graph::TokenId> column_keys_;
    std::vector<graph::TokenId> group_labels_;
    std::vector<graph::TokenId> row_labels_;  // scratch
    graph::PropertyList row_props_;           // scratch
    std::string props_bytes_;                 // scratch
    graph::TokenId group_type_ = graph::kNoToken;
    IdSpace* node_space_ = nullptr;  // of the node group's :ID column (in-memory maps)
    // Id spaces of the relationship group's :START_ID and :END_ID columns (null: none yet).
    const IdSpace* start_space_ = nullptr;
    const IdSpace* end_space_ = nullptr;

    ImportSummary summary_;
    Phase phase_ = Phase::kNodes;
    uint64_t phase_rows_ = 0;
    uint64_t phase_bytes_done_ = 0;  // of finished files
    uint64_t phase_bytes_total_ = 0;
    const RowPipe* current_ = nullptr;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_progress_ = started_;
};

}  // namespace nexus::import
