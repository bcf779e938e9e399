// Importer's external id path: past the id maps' budget, ids go to sorted runs
// (ExternalIds); duplicates are found by merging them after the node phase (the later node is
// dropped again), and relationship rows wait in a spool until a merge-join per id space has
// resolved their endpoints, then are written in input order as the in-memory path would.
#include "import/importer_impl.h"

namespace nexus::import {
namespace {

std::string SpaceName(const std::string& group) {
    return group.empty() ? "global id space" : "id space '" + group + "'";
}

}  // namespace

Status Importer::MaybeGoExternal(bool now) {
    if (external_ != nullptr || !(now || summary_.nodes == 1 || (summary_.nodes & 1023) == 0)) {
        return Status::Ok();
    }
    // What the maps would hold after the next 1024 inserts (a table may double meanwhile);
    // at the end of the node phase (`now`), what they hold.
    uint64_t bytes = 0;
    for (const auto& [name, s] : id_spaces_) {
        bytes += now ? s.ints.bytes() + s.strings.bytes()
                     : s.ints.BytesAfter(1024) + s.strings.BytesAfter(1024);
    }
    if (bytes <= id_budget_) return Status::Ok();
    external_ = std::make_unique<ExternalIds>(path_, o_.id_type, id_budget_);
    for (auto& [name, s] : id_spaces_) {
        Status st;
        s.ints.ForEach([&](int64_t key, graph::NodeId id) {
            ExternalIds::Key(o_.id_type, std::to_string(key), &key_);
            if (st.ok()) st = external_->AddNode(name, key_, id, 0);
        });
        s.strings.ForEach([&](std::string_view key, graph::NodeId id) {
            if (st.ok()) st = external_->AddNode(name, key, id, 0);
        });
        RETURN_IF_ERROR(st);
        s = IdSpace();  // frees it before the next space is copied
    }
    id_spaces_.clear();
    return Status::Ok();
}

Status Importer::DropDuplicateNodes() {
    if (external_ == nullptr) return Status::Ok();
    RETURN_IF_ERROR(external_->ForEachDuplicate([this](const std::string& space,
                                                       std::string_view key, graph::NodeId node,
                                                       uint64_t where) -> Status {
        RETURN_IF_ERROR(BadRow(RowAt(where), "duplicate id '" + ExternalIds::Text(o_.id_type, key) +
                                                 "' in " + SpaceName(space)));
        ASSIGN_OR_RETURN(size_t nprops, bulk_->DropNode(node));
        --summary_.nodes;
        summary_.properties -= nprops;
        return MaybeCommit();
    }));
    return Status::Ok();
}

Status Importer::SpoolRel(const Header& header, const Row& row) {
    const std::vector<CsvField>& fields = *row.fields;
    const auto& [start_space, end_space] = rel_spaces_[rel_group_];
    int columns[2] = {header.start_column, header.end_column};
    for (int side = 0; side < 2; ++side) {
        std::string_view text = fields[columns[side]].text;
        const char* what = side == 0 ? ":START_ID" : ":END_ID";
        if (text.empty()) return BadRow(row, std::string("empty ") + what);
        if (!ExternalIds::Key(o_.id_type, text, &key_)) {
            return BadRow(row, std::string("unknown ") + what + " '" + std::string(text) + "' in " +
                                   SpaceName(side == 0 ? start_space : end_space));
        }
    }
    graph::TokenId type = group_type_;
    if (header.type_column >= 0 && !fields[header.type_column].text.empty()) {
        ASSIGN_OR_RETURN(
            type, Token(graph::TokenKind::kRelType, std::string(fields[header.type_column].text)));
    }
    if (type == graph::kNoToken) return BadRow(row, "empty :TYPE");
    std::string_view bytes;
    size_t nprops;
    ASSIGN_OR_RETURN(bool ok, RelProperties(header, row, &bytes, &nprops));
    if (!ok) return Status::Ok();
    if (spool_ == nullptr) spool_ = std::make_unique<RelSpool>(path_ + ".rels");
    uint64_t ordinal = spool_->rows();
    RETURN_IF_ERROR(spool_->Append(rel_group_, PackWhere(file_index_, row.line), type,
                                   static_cast<uint32_t>(nprops), bytes, fields[columns[0]].text,
                                   fields[columns[1]].text));
    for (int side = 0; side < 2; ++side) {
        ExternalIds::Key(o_.id_type, fields[columns[side]].text, &key_);
        RETURN_IF_ERROR(
            external_->AddRef(side == 0 ? start_space : end_space, key_, ordinal, side));
    }
    return Status::Ok();
}

Status Importer::WriteSpooledRels() {
    if (spool_ == nullptr) return Status::Ok();
    ASSIGN_OR_RETURN(std::unique_ptr<PairCursor> resolved, external_->Resolve());
    RETURN_IF_ERROR(spool_->StartReading(id_budget_ / 8));
    SpooledRel rel;
    for (uint64_t ordinal = 0;; ++ordinal) {
        ASSIGN_OR_RETURN(bool more, spool_->Next(&rel));
        if (!more) break;
        graph::NodeId ends[2];
        bool found[2] = {false, false};
        // The cursor holds (ordinal * 2 + side, node) for the endpoints that exist.
        while (resolved->Valid() && resolved->value().first < ordinal * 2 + 2) {
            auto [slot, node] = resolved->value();
            if (slot >= ordinal * 2) {
                ends[slot & 1] = node;
                found[slot & 1] = true;
            }
            RETURN_IF_ERROR(resolved->Next());
        }
        if (!found[0] || !found[1]) {
            int side = found[0] ? 1 : 0;
            const auto& spaces = rel_spaces_[rel.group];
            RETURN_IF_ERROR(BadRow(RowAt(PackWhere(rel.file, rel.line)),
                                   std::string("unknown ") + (side == 0 ? ":START_ID" : ":END_ID") +
                                       " '" + (side == 0 ? rel.start : rel.end) + "' in " +
                                       SpaceName(side == 0 ? spaces.first : spaces.second)));
            continue;
        }
        RETURN_IF_ERROR(AddRel(ends[0], ends[1], rel.type, rel.props, rel.nprops));
    }
    spool_.reset();
    return Status::Ok();
}

}  // namespace nexus::import
