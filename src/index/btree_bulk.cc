// BTree::Builder: bottom-up construction from sorted input. Leaves are filled completely, left
// to right, and linked as they are written; Finish() packs the separators into internal levels
// and moves the top node into the root page, whose id the owner already holds.
#include "index/btree.h"
#include "index/btree_internal.h"

namespace nexus::index {

Status BTree::Builder::Add(std::string_view key, std::string_view value) {
    if (key.size() > kMaxKeySize || value.size() > kMaxValueSize) {
        return Status(StatusCode::kInvalidArgument,
                      "bulk load: entry " + std::to_string(entries_) + " too large");
    }
    if (entries_ == 0) {
        storage::PageRef ref;
        RETURN_IF_ERROR(internal::ReadNode(w_, root_, -1, &ref));
        if (!node::IsLeaf(ref.data()) || node::Count(ref.data()) != 0) {
            return Status(StatusCode::kInvalidArgument, "bulk load into a non-empty btree");
        }
    } else if (!(std::string_view(last_key_) < key)) {
        return Status(StatusCode::kInvalidArgument,
                      "bulk load: key " + std::to_string(entries_) + " not in ascending order");
    }
    cell_.assign(node::kLeafCellHeader, '\0');
    auto* header = reinterpret_cast<uint8_t*>(cell_.data());
    node::Store16(header, static_cast<uint32_t>(key.size()));
    node::Store16(header + 2, static_cast<uint32_t>(value.size()));
    cell_.append(key);
    cell_.append(value);
    if (leaf_ == nullptr || node::FreeSpace(leaf_) < cell_.size() + 2) {
        ASSIGN_OR_RETURN(PageId id, w_->Allocate());
        written_.push_back(id);
        if (leaf_ != nullptr) node::SetLink(leaf_, id);
        ASSIGN_OR_RETURN(leaf_, w_->Write(id));
        node::Init(leaf_, node::kLeaf, 0, 0);
        std::string low =
            entries_ == 0 ? std::string() : internal::ShortestSeparator(last_key_, key);
        leaves_.push_back({std::move(low), id});
    }
    node::InsertCell(leaf_, node::Count(leaf_), cell_);
    last_key_.assign(key);
    ++entries_;
    return Status::Ok();
}

Status BTree::Builder::BuildLevel(uint8_t level, const std::vector<Child>& children,
                                  std::vector<Child>* parents) {
    uint8_t* p = nullptr;
    for (const Child& c : children) {
        std::string cell = internal::MakeInternalCell(c.low, c.page);
        if (p != nullptr && node::FreeSpace(p) >= cell.size() + 2) {
            node::InsertCell(p, node::Count(p), cell);
            continue;
        }
        ASSIGN_OR_RETURN(PageId id, w_->Allocate());
        written_.push_back(id);
        ASSIGN_OR_RETURN(p, w_->Write(id));
        node::Init(p, node::kInternal, level, c.page);
        parents->push_back({c.low, id});
    }
    return Status::Ok();
}

Status BTree::Builder::Finish() {
    if (leaves_.empty()) return Status::Ok();
    std::vector<Child> nodes = std::move(leaves_);
    for (uint8_t level = 1; nodes.size() > 1; ++level) {
        if (level > node::kMaxLevel) return internal::BadNode(root_, "tree too deep");
        std::vector<Child> parents;
        RETURN_IF_ERROR(BuildLevel(level, nodes, &parents));
        nodes = std::move(parents);
    }
    PageId top = nodes[0].page;
    storage::PageRef top_ref;
    RETURN_IF_ERROR(internal::ReadNode(w_, top, -1, &top_ref));
    ASSIGN_OR_RETURN(uint8_t * rp, w_->Write(root_));
    std::memcpy(rp, top_ref.data(), node::kEnd);
    leaf_ = nullptr;
    written_.clear();  // the tree owns them now
    return w_->Free(top);
}

Status BTree::Builder::Abandon() {
    leaf_ = nullptr;
    leaves_.clear();
    entries_ = 0;
    last_key_.clear();
    std::vector<PageId> pages = std::move(written_);
    written_.clear();
    for (PageId id : pages) RETURN_IF_ERROR(w_->Free(id));
    return Status::Ok();
}

Status BTree::BulkLoad(storage::PageWriter* w, PageId root,
                       const std::vector<std::pair<std::string, std::string>>& sorted) {
    Builder builder(w, root);
    if (sorted.empty()) {
        // Still report a non-empty target, as a non-empty load would.
        storage::PageRef ref;
        RETURN_IF_ERROR(internal::ReadNode(w, root, -1, &ref));
        if (!node::IsLeaf(ref.data()) || node::Count(ref.data()) != 0) {
            return Status(StatusCode::kInvalidArgument, "bulk load into a non-empty btree");
        }
    }
    Status st;
    for (const auto& [key, value] : sorted) {
        st = builder.Add(key, value);
        if (!st.ok()) break;
    }
    if (st.ok()) st = builder.Finish();
    if (!st.ok()) builder.Abandon().IgnoreError();  // the first error is the one to report
    return st;
}

}  // namespace nexus::index
