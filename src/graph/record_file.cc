// Fixed-size record pages, their two-level directory, relationship property side pages and
// the node and relationship record codecs (docs/format/records.md).
#include "graph/record_file.h"

namespace nexus::graph {

void EncodeNodeRecord(const NodeRec& rec, uint8_t* p) {
    std::memset(p, 0, kNodeRecordSize);
    if (rec.nlabels == NodeRec::kOverflow) {
        p[0] = kNodeInUse | kNodeLabelOverflowBit;
        Store48(p + kNodeLabelsOffset, rec.label_overflow);
    } else {
        p[0] = static_cast<uint8_t>(kNodeInUse | (rec.nlabels << 1));
        for (int i = 0; i < rec.nlabels; ++i) Store32(p + kNodeLabelsOffset + 4 * i, rec.labels[i]);
    }
    Store48(p + kNodePropsOffset, rec.props);
    Store48(p + kNodeAdjOffset, rec.adj);
}

Result<bool> DecodeNodeRecord(const uint8_t* p, NodeRec* rec) {
    uint8_t flags = p[0];
    if ((flags & kNodeInUse) == 0) return false;
    uint8_t n = (flags >> 1) & 3;
    if ((flags & kNodeLabelOverflowBit) != 0) {
        if (n != 0) return Status(StatusCode::kCorruption, "bad node label flags");
        rec->nlabels = NodeRec::kOverflow;
        rec->label_overflow = Load48(p + kNodeLabelsOffset);
    } else {
        if (n > kNodeInlineLabels) return Status(StatusCode::kCorruption, "bad node label count");
        rec->nlabels = n;
        rec->label_overflow = kNoRecord;
        for (int i = 0; i < n; ++i) rec->labels[i] = Load32(p + kNodeLabelsOffset + 4 * i);
    }
    rec->props = Load48(p + kNodePropsOffset);
    rec->adj = Load48(p + kNodeAdjOffset);
    return true;
}

void EncodeRelRecord(const RelRec& rec, uint8_t* p) {
    uint32_t word = kRelInUse | (rec.type << kRelTypeShift);
    if (rec.props != kNoRecord) word |= kRelHasProps;
    Store24(p, word);
    Store40(p + kRelStartOffset, rec.start);
    Store40(p + kRelEndOffset, rec.end);
}

bool DecodeRelRecord(const uint8_t* p, RelRec* rec, bool* has_props) {
    uint32_t word = Load24(p);
    if ((word & kRelInUse) == 0) return false;
    rec->type = word >> kRelTypeShift;
    *has_props = (word & kRelHasProps) != 0;
    rec->start = Load40(p + kRelStartOffset);
    rec->end = Load40(p + kRelEndOffset);
    return true;
}

namespace {

// Creates a zeroed page of `type`. Directory pages record their level in byte 1.
Result<PageId> NewPage(storage::PageWriter* writer, PageType type, uint8_t level, uint32_t index) {
    ASSIGN_OR_RETURN(PageId id, writer->Allocate());
    ASSIGN_OR_RETURN(uint8_t * p, writer->Write(id));
    p[0] = static_cast<uint8_t>(type);
    p[1] = level;
    Store32(p + 4, index);
    return id;
}

}  // namespace

Result<PageId> RecordFile::DirEntry(PageId dir, uint32_t slot, bool create, uint8_t child_level) {
    ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(reader_, dir, PageType::kDirectory));
    PageId child = Load32(ref.data() + kHeader + 4 * slot);
    if (child != 0 || !create) return child;
    PageType type = child_level == 0 ? type_ : PageType::kDirectory;
    ASSIGN_OR_RETURN(child, NewPage(writer_, type, child_level, slot));
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, dir, PageType::kDirectory));
    Store32(p + kHeader + 4 * slot, child);
    return child;
}

Result<PageId> RecordFile::PageFor(uint64_t page_index, bool create) {
    if (page_index < cache_.size() && cache_[page_index] != 0) return cache_[page_index];
    if (sparse_page_ != 0 && sparse_index_ == page_index) return sparse_page_;
    if (page_index >= uint64_t{kDirEntries} * kDirEntries) {
        return Status(StatusCode::kInvalidArgument, "record id space exhausted");
    }
    if (*top_ == 0) {
        if (!create) return Corrupt(0, "record directory missing");
        ASSIGN_OR_RETURN(*top_, NewPage(writer_, PageType::kDirectory, 2, 0));
    }
    uint32_t hi = static_cast<uint32_t>(page_index / kDirEntries);
    uint32_t lo = static_cast<uint32_t>(page_index % kDirEntries);
    ASSIGN_OR_RETURN(PageId mid, DirEntry(*top_, hi, create, 1));
    if (mid == 0) return Corrupt(*top_, "directory entry missing for a live record");
    ASSIGN_OR_RETURN(PageId page, DirEntry(mid, lo, create, 0));
    if (page == 0) return Corrupt(mid, "directory entry missing for a live record");
    // Grow the dense cache only for ids near what it covers: a write transaction touches a
    // few pages near the end of a large file and would otherwise zero-fill thousands of
    // entries on its first lookup (1.8% of a one-node commit).
    if (page_index < cache_.size()) {
        cache_[page_index] = page;
    } else if (page_index < 2 * cache_.size() + 64) {
        cache_.resize(page_index + 1, 0);
        cache_[page_index] = page;
    } else {
        sparse_index_ = page_index;
        sparse_page_ = page;
    }
    return page;
}

Result<const uint8_t*> RecordFile::Read(uint64_t id, storage::PageRef* pin) {
    ASSIGN_OR_RETURN(PageId page, PageFor(id / per_page_, false));
    ASSIGN_OR_RETURN(*pin, ReadTyped(reader_, page, type_));
    return pin->data() + header_ + (id % per_page_) * record_size_;
}

Result<uint8_t*> RecordFile::Write(uint64_t id) {
    ASSIGN_OR_RETURN(PageId page, PageFor(id / per_page_, true));
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, page, type_));
    return p + header_ + (id % per_page_) * record_size_;
}

Result<RecordAddr> RecordFile::ReadSide(uint64_t id) {
    ASSIGN_OR_RETURN(PageId page, PageFor(id / per_page_, false));
    PageId side;
    {
        ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(reader_, page, type_));
        side = Load32(ref.data() + kRelSidePageOffset);
    }
    if (side == 0) return Corrupt(page, "record has properties but its page has no side page");
    ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(reader_, side, PageType::kRelProps));
    if (Load32(ref.data() + 4) != page) return Corrupt(side, "side page of another record page");
    return Load48(ref.data() + kRelPropsHeader + (id % per_page_) * kRelPropsEntry);
}

Status RecordFile::WriteSide(uint64_t id, RecordAddr addr) {
    ASSIGN_OR_RETURN(PageId page, PageFor(id / per_page_, true));
    ASSIGN_OR_RETURN(uint8_t * p, WriteTyped(writer_, page, type_));
    PageId side = Load32(p + kRelSidePageOffset);
    if (side == 0) {
        if (addr == kNoRecord) return Status::Ok();
        ASSIGN_OR_RETURN(side, writer_->Allocate());
        ASSIGN_OR_RETURN(uint8_t * s, writer_->Write(side));
        std::memset(s, 0, kPageUsable);
        s[0] = static_cast<uint8_t>(PageType::kRelProps);
        Store32(s + 4, page);
        // Allocating may have moved the record page's buffer: look it up again.
        ASSIGN_OR_RETURN(p, WriteTyped(writer_, page, type_));
        Store32(p + kRelSidePageOffset, side);
    }
    ASSIGN_OR_RETURN(uint8_t * s, WriteTyped(writer_, side, PageType::kRelProps));
    if (Load32(s + 4) != page) return Corrupt(side, "side page of another record page");
    Store48(s + kRelPropsHeader + (id % per_page_) * kRelPropsEntry, addr);
    return Status::Ok();
}

}  // namespace nexus::graph
