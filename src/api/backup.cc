// Database::backup: an online copy of one read snapshot. Every page the snapshot sees (WAL
// frames included) goes through storage::BackupWriter: into "<dest>.backup-tmp" with page 0
// resealed at the snapshot's commit sequence, fsynced, and renamed over `dest` (any stale
// "<dest>-wal" removed first), so a reader of `dest` sees either the old file or the new one.
#include <algorithm>

#include "api/api_internal.h"
#include "io/env.h"
#include "storage/backup_reader.h"

namespace nexus {

Status Database::backup(const std::string& dest) {
    if (dest.empty() || dest == impl_->path) {
        return Status(StatusCode::kInvalidArgument, "backup destination must be another file");
    }
    ASSIGN_OR_RETURN(std::unique_ptr<txn::ReadTransaction> read, impl_->tm->BeginRead());
    ASSIGN_OR_RETURN(std::unique_ptr<storage::BackupWriter> writer,
                     storage::BackupWriter::Create(io::Env::Default(), dest));
    storage::ReadTxn* snap = read->pages();
    RETURN_IF_ERROR(writer->CopyPages(
        snap->page_count(), snap->snapshot_seq(), [snap](storage::PageId id, uint8_t* out) {
            ASSIGN_OR_RETURN(storage::PageRef ref, id == 0 ? snap->ReadHeader() : snap->Read(id));
            std::copy(ref.data(), ref.data() + storage::kPageSize, out);
            return Status::Ok();
        }));
    read.reset();  // every page is copied: checkpoints need not wait for this snapshot
    return writer->Install();
}

}  // namespace nexus
