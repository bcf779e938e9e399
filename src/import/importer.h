// The bulk importer behind `nexus import`: reads neo4j-admin style CSV node and relationship
// files and builds a brand-new database from them. The database is built under a temporary
// name beside the target and renamed into place only when every row was accepted (or
// skipped within --bad-tolerance), so a failed import leaves nothing half-built.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "import/csv_reader.h"
#include "nexus/status.h"

namespace nexus::import {

// One --nodes or --relationships argument: labels (or the one type) and its files; the first
// line of the first file is the header.
struct InputGroup {
    std::vector<std::string> names;
    std::vector<std::string> files;
};

enum class IdType { kString, kInteger };

enum class Phase { kNodes, kRelationships, kFinish };
const char* PhaseName(Phase phase);

struct ProgressInfo {
    Phase phase = Phase::kNodes;
    uint64_t rows = 0;         // rows read in this phase
    uint64_t bytes_done = 0;   // input bytes of this phase read so far
    uint64_t bytes_total = 0;  // input bytes of this phase
    double seconds = 0;        // since the import started
};

struct ImportOptions {
    std::string db_path;
    std::vector<InputGroup> nodes;
    std::vector<InputGroup> relationships;
    CsvDialect dialect;
    IdType id_type = IdType::kString;
    bool overwrite = false;
    bool skip_bad_rows = false;
    uint64_t bad_tolerance = 1000;
    uint64_t max_memory = 0;  // 0: a quarter of physical memory
    // Bytes the in-memory id maps may hold before ids go to sorted runs; 0: max_memory / 4.
    uint64_t id_map_memory = 0;
    // Property values are converted on the CSV reader thread (false: on the importing
    // thread, as before; for measuring the split).
    bool reader_converts = true;
    // Called for every bad row ("file:line: reason"), skipped or not.
    std::function<void(const std::string&)> on_bad_row;
    // Called now and then while rows are read.
    std::function<void(const ProgressInfo&)> on_progress;
};

struct ImportSummary {
    uint64_t nodes = 0;
    uint64_t relationships = 0;
    uint64_t properties = 0;
    uint64_t bad_rows = 0;
    uint64_t spill_runs = 0;  // sorted runs of adjacency entries written to temp files
    // The id maps outgrew their share of --max-memory and went to sorted runs (ids, endpoint
    // references and their resolution, label index entries: id_spill_runs files).
    bool external_ids = false;
    uint64_t id_spill_runs = 0;
    double seconds = 0;
    uint64_t bytes_on_disk = 0;
    // CPU time of the importing thread and of the CSV reader threads: on an idle machine
    // the wall time is about the larger of the two (they overlap).
    double main_cpu_seconds = 0;
    double reader_cpu_seconds = 0;
    // CPU time of the thread that groups and encodes adjacency records beside the importer.
    double adjacency_cpu_seconds = 0;
    // Wall time the importing thread waited for parsed rows (the start of each file, or a
    // reader slower than the importer).
    double wait_seconds = 0;
};

// Builds the database. kInvalidArgument for bad options, headers or (without
// --skip-bad-rows, or past the tolerance) a bad row, whose message names file:line.
Result<ImportSummary> RunImport(const ImportOptions& options);

// Parses "Label1:Label2=a.csv,b.csv" (or "a.csv,b.csv") as the CLI and neo4j-admin take it.
Result<InputGroup> ParseInputGroup(const std::string& arg);

}  // namespace nexus::import
