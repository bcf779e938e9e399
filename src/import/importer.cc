// RunImport: option checks, the temporary database and its final rename; the row loops live
// in import_rows.cc (Importer's node and relationship phases).
#include "import/importer.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <system_error>

#include "import/importer_impl.h"

namespace nexus::import {
namespace {

namespace fs = std::filesystem;

uint64_t DefaultMaxMemory() {
    long pages = sysconf(_SC_PHYS_PAGES);
    long page_size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page_size <= 0) return uint64_t{1} << 30;
    return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size) / 4;
}

void RemoveDatabaseFiles(const std::string& path) {
    std::error_code ec;
    fs::remove(path, ec);
    fs::remove(path + "-wal", ec);
}

uint64_t FileSize(const std::string& path) {
    std::error_code ec;
    uint64_t n = fs::file_size(path, ec);
    return ec ? 0 : n;
}

Status CheckInputs(const ImportOptions& o) {
    if (o.db_path.empty()) return Status(StatusCode::kInvalidArgument, "no database path given");
    if (o.nodes.empty()) return Status(StatusCode::kInvalidArgument, "no --nodes files given");
    for (const auto* groups : {&o.nodes, &o.relationships}) {
        for (const InputGroup& g : *groups) {
            if (g.files.empty())
                return Status(StatusCode::kInvalidArgument, "a group has no files");
            for (const std::string& f : g.files) {
                std::error_code ec;
                if (!fs::is_regular_file(f, ec)) {
                    return Status(StatusCode::kNotFound, "input file not found: " + f);
                }
            }
        }
    }
    for (const InputGroup& g : o.relationships) {
        if (g.names.size() > 1) {
            return Status(StatusCode::kInvalidArgument,
                          "a --relationships group takes one type, not several");
        }
    }
    return Status::Ok();
}

}  // namespace

const char* PhaseName(Phase phase) {
    switch (phase) {
        case Phase::kNodes:
            return "nodes";
        case Phase::kRelationships:
            return "relationships";
        case Phase::kFinish:
            return "finishing";
    }
    return "?";
}

Result<InputGroup> ParseInputGroup(const std::string& arg) {
    InputGroup g;
    std::string files = arg;
    size_t eq = arg.find('=');
    if (eq != std::string::npos) {
        for (std::string_view name : SplitArray(std::string_view(arg).substr(0, eq), ':')) {
            g.names.emplace_back(name);
        }
        files = arg.substr(eq + 1);
    }
    for (std::string_view f : SplitArray(files, ',')) g.files.emplace_back(f);
    if (g.files.empty()) {
        return Status(StatusCode::kInvalidArgument, "no files in '" + arg + "'");
    }
    return g;
}

Result<ImportSummary> RunImport(const ImportOptions& options_in) {
    auto started = std::chrono::steady_clock::now();
    ImportOptions options = options_in;
    if (options.max_memory == 0) options.max_memory = DefaultMaxMemory();
    RETURN_IF_ERROR(CheckInputs(options));
    std::error_code ec;
    if (fs::exists(options.db_path, ec) && !options.overwrite) {
        return Status(StatusCode::kInvalidArgument,
                      options.db_path + " already exists (use --overwrite to replace it)");
    }
    // Build beside the target so the final rename stays on one file system.
    std::string tmp = options.db_path + ".importing-" + std::to_string(getpid());
    RemoveDatabaseFiles(tmp);
    ImportSummary summary;
    Status st;
    {
        Importer importer(options, tmp);
        st = importer.Run(&summary);
    }  // the pager checkpoints and closes here
    if (st.ok()) {
        // The final checkpoint restarted the WAL but left its old frames behind as dead
        // bytes; opening the database once truncates them (recovery drops everything after
        // the last valid frame), so the database is its real size on disk.
        storage::PagerOptions po;
        po.sync_mode = SyncMode::kOff;
        Result<std::unique_ptr<storage::Pager>> reopened = storage::Pager::Open(tmp, po);
        if (!reopened.ok()) st = reopened.status();
    }
    if (!st.ok()) {
        RemoveDatabaseFiles(tmp);
        return st;
    }
    if (options.overwrite) RemoveDatabaseFiles(options.db_path);
    fs::rename(tmp, options.db_path, ec);
    if (!ec && fs::exists(tmp + "-wal")) fs::rename(tmp + "-wal", options.db_path + "-wal", ec);
    if (ec) {
        RemoveDatabaseFiles(tmp);
        return Status(StatusCode::kIOError,
                      "cannot rename the new database into place: " + ec.message());
    }
    summary.bytes_on_disk = FileSize(options.db_path) + FileSize(options.db_path + "-wal");
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace nexus::import
