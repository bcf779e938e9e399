// BTree::Cursor: a forward scan descends once, then follows the leaf chain (the number of
// leaves it visits is capped by the page count, so a corrupt chain cannot loop forever). A
// backward scan has no chain to follow: it re-descends to find the leaf before the current one.
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

Status BTree::Cursor::SeekPrefix(std::string_view prefix) {
    // The first key past every key with this prefix: drop trailing 0xFF bytes, bump the last.
    std::string end(prefix);
    while (!end.empty() && static_cast<uint8_t>(end.back()) == 0xFF) end.pop_back();
    if (end.empty()) {
        ClearUpperBound();  // every key from `prefix` on starts with it (or none does)
    } else {
        end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
        SetUpperBound(end, false);
    }
    return Seek(prefix, true);
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

void BTree::Cursor::SetLowerBound(std::string_view key, bool inclusive) {
    lower_.assign(key.data(), key.size());
    lower_inclusive_ = inclusive;
    has_lower_ = true;
}

Status BTree::Cursor::SeekForPrev(std::string_view key, bool inclusive) {
    return DescendBackward(key, inclusive, false);
}

Status BTree::Cursor::SeekToLast() {
    return DescendBackward(std::string_view(), true, true);
}

Status BTree::Cursor::Prev() {
    if (!valid_) return Status::Ok();
    if (index_ > 0) {
        std::string_view previous = key_;  // same pinned leaf
        --index_;
        RETURN_IF_ERROR(SettleBackward());
        if (valid_ && !(key_ < previous)) {
            valid_ = false;  // keys must fall strictly, or a damaged tree could keep us going
            return internal::BadNode(leaf_id_, "keys out of order");
        }
        return Status::Ok();
    }
    scratch_.assign(key_.data(), key_.size());
    RETURN_IF_ERROR(DescendBackward(scratch_, false, false));
    if (valid_ && !(key_ < std::string_view(scratch_))) {
        valid_ = false;  // only a damaged tree can lead back to the same or a larger key
        return internal::BadNode(leaf_id_, "keys out of order");
    }
    return Status::Ok();
}

Status BTree::Cursor::DescendBackward(std::string_view key, bool inclusive, bool to_last) {
    valid_ = false;
    internal::Path path;
    PageId id = root_;
    int expected = -1;
    storage::PageRef ref;
    for (;;) {
        RETURN_IF_ERROR(internal::ReadNode(r_, id, expected, &ref));
        const uint8_t* p = ref.data();
        if (node::IsLeaf(p)) break;
        int index = static_cast<int>(node::Count(p)) - 1;
        // Keys equal to `key` live right of a separator equal to it, so follow <= either way;
        // if the leaf has nothing below `key`, the previous leaf holds the answer.
        if (!to_last && !node::InternalChildIndex(p, key, &index)) {
            return internal::BadNode(id, "corrupt cell");
        }
        path.e[path.size++] = {id, index};
        RETURN_IF_ERROR(internal::ChildOf(r_, p, id, index, &id));
        expected = node::Level(p) - 1;
    }
    const uint8_t* p = ref.data();
    uint32_t pos = node::Count(p);
    if (!to_last) {
        bool found;
        if (!node::LeafLowerBound(p, key, &pos, &found))
            return internal::BadNode(id, "corrupt cell");
        if (found && inclusive) ++pos;
    }
    if (pos == 0) {
        // Up to the nearest ancestor with a child to the left, then down its right edge.
        int d = path.size - 1;
        while (d >= 0 && path.e[d].child < 0) --d;
        if (d < 0) return Status::Ok();  // nothing before `key`
        PageId parent = path.e[d].page;
        RETURN_IF_ERROR(internal::ReadNode(r_, parent, -1, &ref));
        expected = node::Level(ref.data()) - 1;
        RETURN_IF_ERROR(internal::ChildOf(r_, ref.data(), parent, path.e[d].child - 1, &id));
        for (;;) {
            RETURN_IF_ERROR(internal::ReadNode(r_, id, expected, &ref));
            p = ref.data();
            if (node::IsLeaf(p)) break;
            RETURN_IF_ERROR(internal::ChildOf(r_, p, id, int(node::Count(p)) - 1, &id));
            --expected;
        }
        pos = node::Count(p);
        if (pos == 0) return internal::BadNode(id, "empty leaf");
    }
    leaf_ = std::move(ref);
    leaf_id_ = id;
    index_ = pos - 1;
    return SettleBackward();
}

Status BTree::Cursor::SettleBackward() {
    valid_ = false;
    if (!node::LeafCell(leaf_.data(), index_, &key_, &value_)) {
        return node::CorruptCell(leaf_id_, index_);
    }
    if (has_lower_) {
        int c = key_.compare(lower_);
        if (c < 0 || (c == 0 && !lower_inclusive_)) return Status::Ok();
    }
    valid_ = true;
    return Status::Ok();
}

}  // namespace nexus::index
