// CheckDatabase: opens a database file read-only, runs the raw file scans and the snapshot
// checks, and Checker::Run, which orders the snapshot checks (pages first, so that the graph
// checks know which pages are free).
#include "check/checker.h"

#include "storage/pager.h"

namespace nexus::check {

void Checker::Run() {
    ReadEveryPage();
    if (report_->full()) return;
    WalkFreeList();
    if (report_->full() || !OpenGraph()) return;
    CheckTokens();
    LoadCatalog();
    CheckRelRecords();
    if (report_->full()) return;
    CheckNodes();
    if (report_->full()) return;
    CheckRelsReached();
    CheckCounts();
    if (report_->full()) return;
    CheckLabelIndex();
    CheckPropertyIndexes();
    TakeCensus();
}

void CheckSnapshot(storage::ReadTxn* snapshot, Report* report) {
    Checker(snapshot, report).Run();
}

Result<Report> CheckDatabase(const std::string& path, const CheckOptions& options) {
    storage::PagerOptions po;
    po.read_only = true;
    po.create_if_missing = false;
    po.cache_bytes = size_t{16} << 20;  // a scan: a small pool is enough
    Result<std::unique_ptr<storage::Pager>> pager = storage::Pager::Open(path, po);
    if (!pager.ok()) {
        if (pager.status().code() == StatusCode::kBusy) {
            return Status(StatusCode::kBusy,
                          "database " + path +
                              " is open for writing by another process; check a backup "
                              "instead (nexus backup, or Database::backup from that process)");
        }
        return pager.status();
    }
    Report report(options);
    CheckMainFile(path, &report);
    CheckWalFile(path + "-wal", &report);
    if (report.full()) return report;
    ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTxn> snap, (*pager)->BeginRead());
    CheckSnapshot(snap.get(), &report);
    return report;
}

}  // namespace nexus::check
