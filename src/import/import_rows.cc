// Importer's phases: every node group, then every relationship group, streamed row by row
// through the bulk writer into batched write transactions on the temporary database; then
// the sorted adjacency, the label index, counts and the root page.
#include <algorithm>
#include <filesystem>

#include "import/importer_impl.h"

namespace nexus::import {

namespace fs = std::filesystem;

Status Importer::Open() {
    storage::PagerOptions po;
    po.sync_mode = SyncMode::kOff;  // the file is renamed into place only when complete
    po.cache_bytes = std::max<uint64_t>(o_.max_memory / 4, uint64_t{16} << 20);
    po.create_if_missing = true;
    po.bulk_load = true;  // pages straight to the new file; the final Checkpoint writes page 0
    ASSIGN_OR_RETURN(pager_, storage::Pager::Open(path_, po));
    ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTxn> w, pager_->BeginWrite());
    RETURN_IF_ERROR(graph::GraphStore::Format(w.get()));
    RETURN_IF_ERROR(w->Commit());
    w.reset();
    ASSIGN_OR_RETURN(txn_, pager_->BeginWrite());
    // Label index entries get a sixteenth of the budget before they spill.
    ASSIGN_OR_RETURN(bulk_, BulkWriter::Open(txn_.get(), path_ + ".labels", o_.max_memory / 16));
    batch_ops_ = 0;
    // The entries of relationships being sorted get a quarter of the budget, the id maps a
    // quarter (the page cache and the dirty pages of a batch have theirs; the rest is
    // parsing).
    sorter_ = std::make_unique<AdjSorter>(path_, o_.max_memory / 4);
    id_budget_ = o_.id_map_memory != 0 ? o_.id_map_memory : o_.max_memory / 4;
    return Status::Ok();
}

Status Importer::BeginBatch() {
    ASSIGN_OR_RETURN(txn_, pager_->BeginWrite());
    bulk_->Rebind(txn_.get());
    batch_ops_ = 0;
    return Status::Ok();
}

Status Importer::CommitBatch() {
    if (txn_ == nullptr) return Status::Ok();
    RETURN_IF_ERROR(txn_->Commit());
    txn_.reset();
    return Status::Ok();
}

Status Importer::MaybeCommit() {
    // A transaction's dirty pages stay in memory until it commits: bound them by the
    // memory budget, and the row count so that commits stay frequent enough to checkpoint.
    if (++batch_ops_ < batch_limit_ &&
        txn_->dirty_pages() * storage::kPageSize < o_.max_memory / 8) {
        return Status::Ok();
    }
    RETURN_IF_ERROR(CommitBatch());
    return BeginBatch();
}

Status Importer::Run(ImportSummary* summary) {
    RETURN_IF_ERROR(Open());
    for (const InputGroup& g : o_.nodes) {
        RETURN_IF_ERROR(ForEachRow(g, EntityKind::kNodes, Phase::kNodes, &Importer::NodeRow));
    }
    RETURN_IF_ERROR(MaybeGoExternal(true));
    RETURN_IF_ERROR(DropDuplicateNodes());
    for (const InputGroup& g : o_.relationships) {
        RETURN_IF_ERROR(
            ForEachRow(g, EntityKind::kRelationships, Phase::kRelationships, &Importer::RelRow));
    }
    phase_ = Phase::kFinish;
    Progress(true);
    RETURN_IF_ERROR(WriteSpooledRels());
    RETURN_IF_ERROR(WriteAdjacency());
    summary_.spill_runs = sorter_->runs();
    sorter_.reset();  // removes the run files
    RETURN_IF_ERROR(bulk_->Finish());
    summary_.id_spill_runs = (external_ != nullptr ? external_->runs() : 0) + bulk_->label_runs();
    summary_.external_ids = external_ != nullptr;
    external_.reset();
    RETURN_IF_ERROR(CommitBatch());
    RETURN_IF_ERROR(pager_->Checkpoint());
    summary_.main_cpu_seconds = ThreadCpuSeconds();
    *summary = summary_;
    return Status::Ok();
}

Result<graph::TokenId> Importer::Token(graph::TokenKind kind, const std::string& name) {
    return bulk_->Token(kind, name);
}

Status Importer::ForEachRow(const InputGroup& group, EntityKind kind, Phase phase, RowFn fn) {
    if (phase != phase_ || phase_bytes_total_ == 0) {
        phase_ = phase;
        phase_rows_ = 0;
        phase_bytes_done_ = 0;
        phase_bytes_total_ = 0;
        const auto& groups = phase == Phase::kNodes ? o_.nodes : o_.relationships;
        for (const InputGroup& g : groups) {
            for (const std::string& f : g.files) {
                std::error_code ec;
                phase_bytes_total_ += fs::file_size(f, ec);
            }
        }
    }
    Header header;
    bool have_header = false;
    std::vector<CsvField> fields;
    for (const std::string& file : group.files) {
        file_index_ = static_cast<uint32_t>(files_.size());
        files_.push_back(file);
        // The header is read before the pipe starts, so that the reader thread resolves and
        // converts every data row, the first batch's included.
        bool skip_header = false;
        if (!have_header) {
            ASSIGN_OR_RETURN(have_header, ReadHeader(group, file, kind, &header));
            if (!have_header) continue;  // an empty file: the next one starts with the header
            skip_header = true;
        }
        // Each batch in flight holds its text and about as much again in field and record
        // entries: small budgets get fewer, smaller ones.
        bool small = o_.max_memory < (uint64_t{256} << 20);
        ASSIGN_OR_RETURN(
            std::unique_ptr<RowPipe> pipe,
            RowPipe::Start(file, o_.dialect, small ? 3 : RowPipe::kQueueDepth,
                           small ? 256 << 10 : RowPipe::kBatchBytes,
                           kind == EntityKind::kRelationships ? RelResolver(header) : nullptr,
                           o_.reader_converts ? PropConverter(header, kind) : nullptr));
        current_ = pipe.get();
        while (true) {
            ASSIGN_OR_RETURN(const RowBatch* batch, pipe->Next());
            if (batch == nullptr) break;
            for (size_t i = 0; i < batch->records.size(); ++i) {
                if (skip_header) {  // the header record, read again by the pipe
                    skip_header = false;
                    continue;
                }
                const RowBatch::Record& rec = batch->records[i];
                batch->Get(i, &fields);
                const std::string& error = rec.error;
                Row row{&fields, &file, rec.line, &rec};
                if (rec.converted) {
                    row.props =
                        std::string_view(batch->props).substr(rec.props_offset, rec.props_size);
                }
                ++phase_rows_;
                if ((phase_rows_ & 4095) == 0) Progress(false);
                if (!error.empty()) {
                    RETURN_IF_ERROR(BadRow(row, error));
                    continue;
                }
                if (fields.size() != header.columns.size()) {
                    RETURN_IF_ERROR(
                        BadRow(row, "expected " + std::to_string(header.columns.size()) +
                                        " fields, found " + std::to_string(fields.size())));
                    continue;
                }
                RETURN_IF_ERROR((this->*fn)(header, row));
            }
        }
        phase_bytes_done_ += pipe->bytes_read();
        summary_.reader_cpu_seconds += pipe->cpu_seconds();
        summary_.wait_seconds += pipe->wait_seconds();
        current_ = nullptr;
    }
    if (!have_header) {
        return Status(StatusCode::kInvalidArgument,
                      "no header line in " + group.files.front() + " (the file is empty)");
    }
    return Status::Ok();
}

Result<bool> Importer::ReadHeader(const InputGroup& group, const std::string& file, EntityKind kind,
                                  Header* header) {
    ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(file, o_.dialect));
    std::vector<CsvField> fields;
    std::string error;
    ASSIGN_OR_RETURN(bool more, reader->Next(&fields, &error));
    if (!more) return false;
    std::string where = file + ":" + std::to_string(reader->line());
    if (!error.empty()) {
        return Status(StatusCode::kInvalidArgument, where + ": header: " + error);
    }
    ASSIGN_OR_RETURN(*header, ParseHeader(fields, kind, where));
    if (kind == EntityKind::kNodes) {
        RETURN_IF_ERROR(PrepareNodeGroup(group, *header));
    } else {
        RETURN_IF_ERROR(PrepareRelGroup(group, *header));
    }
    return true;
}

Status Importer::PrepareNodeGroup(const InputGroup& group, const Header& header) {
    // (Elements of an unordered_map stay put when it grows; on the external path the maps
    // are gone and this is not used.)
    node_space_ = header.id_column >= 0 && external_ == nullptr
                      ? &id_spaces_[header.columns[header.id_column].group]
                      : nullptr;
    group_labels_.clear();
    for (const std::string& l : group.names) {
        ASSIGN_OR_RETURN(graph::TokenId t, Token(graph::TokenKind::kLabel, l));
        group_labels_.push_back(t);
    }
    column_keys_.assign(header.columns.size(), graph::kNoToken);
    for (size_t i = 0; i < header.columns.size(); ++i) {
        const Column& c = header.columns[i];
        bool stored =
            c.role == ColumnRole::kProperty || (c.role == ColumnRole::kId && !c.name.empty());
        if (!stored) continue;
        ASSIGN_OR_RETURN(column_keys_[i], Token(graph::TokenKind::kPropertyKey, c.name));
    }
    return Status::Ok();
}

Status Importer::PrepareRelGroup(const InputGroup& group, const Header& header) {
    group_type_ = graph::kNoToken;
    auto space = [&](int column) -> const IdSpace* {
        auto it = id_spaces_.find(header.columns[column].group);
        return it == id_spaces_.end() ? nullptr : &it->second;
    };
    start_space_ = space(header.start_column);
    end_space_ = space(header.end_column);
    rel_group_ = static_cast<uint32_t>(rel_spaces_.size());
    rel_spaces_.emplace_back(header.columns[header.start_column].group,
                             header.columns[header.end_column].group);
    if (!group.names.empty()) {
        ASSIGN_OR_RETURN(group_type_, Token(graph::TokenKind::kRelType, group.names.front()));
    } else if (header.type_column < 0) {
        return Status(
            StatusCode::kInvalidArgument,
            group.files.front() +
                ": relationships need a type: a :TYPE column or --relationships=TYPE=...");
    }
    column_keys_.assign(header.columns.size(), graph::kNoToken);
    for (size_t i = 0; i < header.columns.size(); ++i) {
        const Column& c = header.columns[i];
        if (c.role != ColumnRole::kProperty) continue;
        ASSIGN_OR_RETURN(column_keys_[i], Token(graph::TokenKind::kPropertyKey, c.name));
    }
    return Status::Ok();
}

Result<bool> Importer::RowProperties(const Header& header, const Row& row,
                                     graph::PropertyList* out) {
    out->clear();
    std::string error;
    for (size_t i = 0; i < header.columns.size(); ++i) {
        const Column& c = header.columns[i];
        if (c.role != ColumnRole::kProperty) continue;
        const CsvField& f = (*row.fields)[i];
        // An empty field sets nothing; a quoted "" is an empty string.
        if (f.text.empty() && !(f.quoted && c.type == FieldType::kString && !c.array)) continue;
        Value v;
        if (!ParseColumnValue(c, f.text, o_.dialect.array_delimiter, &v, &error)) {
            RETURN_IF_ERROR(BadRow(row, "column '" + c.name + "': " + error));
            return false;
        }
        out->emplace_back(column_keys_[i], std::move(v));
    }
    return true;
}

}  // namespace nexus::import
