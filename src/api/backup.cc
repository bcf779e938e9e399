// Database::backup: an online copy of one read snapshot. Every page the snapshot sees (WAL
// frames included) goes into "<dest>.backup-tmp" with page 0 resealed at the snapshot's commit
// sequence, the copy is fsynced, any stale "<dest>-wal" is removed and the copy renamed over
// `dest`, so a reader of `dest` sees either the old file or the whole new one.
#include <vector>

#include "api/api_internal.h"
#include "io/env.h"
#include "storage/format.h"

namespace nexus {
namespace {

Status CopySnapshot(storage::ReadTxn* snap, io::File* out) {
    std::vector<uint8_t> buf(storage::kPageSize);
    RETURN_IF_ERROR(out->Truncate(0));
    for (storage::PageId id = 0; id < snap->page_count(); ++id) {
        ASSIGN_OR_RETURN(storage::PageRef ref, id == 0 ? snap->ReadHeader() : snap->Read(id));
        std::copy(ref.data(), ref.data() + storage::kPageSize, buf.begin());
        // The pager starts a fresh WAL after the header page's LSN: make that the snapshot's
        // commit, which no page of the copy exceeds.
        if (id == 0) storage::SealPage(0, snap->snapshot_seq(), buf.data());
        RETURN_IF_ERROR(out->WriteAt(uint64_t{id} * storage::kPageSize, buf.data(), buf.size()));
    }
    return out->Sync();
}

}  // namespace

Status Database::backup(const std::string& dest) {
    if (dest.empty() || dest == impl_->path) {
        return Status(StatusCode::kInvalidArgument, "backup destination must be another file");
    }
    io::Env* env = io::Env::Default();
    ASSIGN_OR_RETURN(std::unique_ptr<txn::ReadTransaction> read, impl_->tm->BeginRead());
    const std::string tmp = dest + ".backup-tmp";
    io::OpenOptions oo;
    oo.create = true;
    {
        ASSIGN_OR_RETURN(std::unique_ptr<io::File> out, env->OpenFile(tmp, oo));
        Status st = CopySnapshot(read->pages(), out.get());
        if (!st.ok()) {
            out.reset();
            env->DeleteFile(tmp).IgnoreError();
            return st;
        }
    }
    read.reset();
    // A WAL left beside an older `dest` would be replayed onto the copy.
    if (env->FileExists(dest + "-wal")) RETURN_IF_ERROR(env->DeleteFile(dest + "-wal"));
    RETURN_IF_ERROR(env->RenameFile(tmp, dest));
    return env->SyncDir(io::DirName(dest));
}

}  // namespace nexus
