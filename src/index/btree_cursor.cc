// BTree::Cursor: a forward scan that descends once, then follows the leaf chain. The number
// of leaves it visits is capped by the page count, so a corrupt chain cannot loop forever.
#include "index/btree.h"
#include "index/btree_internal.h"

namespace nexus::index {

Status BTree::Cursor::Seek(std::string_view key, bool inclusive) {
    valid_ = false;
    leaves_seen_ = 0;
    PageId id = root_;
    int expected = -1;
    for (;;) {
        storage::PageRef ref;
        RETURN_IF_ERROR(internal::ReadNode(r_, id, expected, &ref));
        const uint8_t* p = ref.data();
        if (node::IsLeaf(p)) {
            uint32_t pos;
            bool found;
            if (!node::LeafLowerBound(p, key, &pos, &found)) {
                return internal::BadNode(id, "corrupt cell");
            }
            leaf_ = std::move(ref);
            leaf_id_ = id;
            index_ = (found && !inclusive) ? pos + 1 : pos;
            return Settle();
        }
        int index;
        if (!node::InternalChildIndex(p, key, &index)) return internal::BadNode(id, "corrupt cell");
        RETURN_IF_ERROR(internal::ChildOf(r_, p, id, index, &id));
        expected = node::Level(p) - 1;
    }
}

Status BTree::Cursor::SeekToLeaf(PageId leaf) {
    valid_ = false;
    leaves_seen_ = 0;
    RETURN_IF_ERROR(LoadLeaf(leaf));
    return Settle();
}

void BTree::Cursor::SetUpperBound(std::string_view key, bool inclusive) {
    upper_.assign(key.data(), key.size());
    upper_inclusive_ = inclusive;
    has_upper_ = true;
    if (valid_) {
        int c = key_.compare(upper_);
        if (c > 0 || (c == 0 && !inclusive)) valid_ = false;
    }
}

Status BTree::Cursor::Next() {
    if (!valid_) return Status::Ok();
    ++index_;
    return Settle();
}

Status BTree::Cursor::LoadLeaf(PageId id) {
    if (id == storage::kHeaderPage || id >= r_->page_count()) {
        return internal::BadChild(leaf_id_, id);
    }
    if (++leaves_seen_ > r_->page_count()) return internal::BadNode(id, "leaf chain loops");
    storage::PageRef ref;
    RETURN_IF_ERROR(internal::ReadNode(r_, id, 0, &ref));
    leaf_ = std::move(ref);
    leaf_id_ = id;
    index_ = 0;
    return Status::Ok();
}

Status BTree::Cursor::Settle() {
    valid_ = false;
    for (;;) {
        const uint8_t* p = leaf_.data();
        if (index_ < node::Count(p)) {
            if (!node::LeafCell(p, index_, &key_, &value_)) {
                return node::CorruptCell(leaf_id_, index_);
            }
            if (has_upper_) {
                int c = key_.compare(upper_);
                if (c > 0 || (c == 0 && !upper_inclusive_)) return Status::Ok();
            }
            valid_ = true;
            return Status::Ok();
        }
        PageId next = node::Link(p);
        if (next == 0) {
            leaf_ = storage::PageRef();
            return Status::Ok();
        }
        RETURN_IF_ERROR(LoadLeaf(next));
    }
}

}  // namespace nexus::index
