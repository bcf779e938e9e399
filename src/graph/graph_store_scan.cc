// GraphStore::ScanAdjacency: the whole-graph adjacency walk in physical order. Node record
// pages are read once each; the adjacency records of a window of nodes are then visited
// sorted by heap page (a counting sort), so each heap page is read once per window instead of
// once per node at a random place, and entries are decoded straight into a fixed batch.
#include <algorithm>

#include "graph/cached_reader.h"
#include "graph/graph_store.h"

namespace nexus::graph {
namespace {

// Nodes per window: bounds the scan's memory (two 16-byte items per node with adjacency).
constexpr uint64_t kWindowNodes = uint64_t{1} << 18;

struct Item {
    RecordAddr adj;
    NodeId node;
};

// Stable counting sort of `in` by heap page into `out`.
void SortByPage(const std::vector<Item>& in, std::vector<Item>* out,
                std::vector<uint32_t>* counts) {
    PageId lo = UINT32_MAX, hi = 0;
    for (const Item& it : in) {
        lo = std::min(lo, AddrPage(it.adj));
        hi = std::max(hi, AddrPage(it.adj));
    }
    counts->assign(static_cast<size_t>(hi - lo) + 2, 0);
    for (const Item& it : in) ++(*counts)[AddrPage(it.adj) - lo + 1];
    for (size_t i = 1; i < counts->size(); ++i) (*counts)[i] += (*counts)[i - 1];
    out->resize(in.size());
    for (const Item& it : in) (*out)[(*counts)[AddrPage(it.adj) - lo]++] = it;
}

}  // namespace

Status GraphStore::ScanOneRecord(RecordAddr adj, NodeId node, const uint8_t* heap_page,
                                 Direction dir, std::span<const TokenId> types, PinnedPages* pages,
                                 AdjScanBatch* batch) {
    const uint8_t* data = nullptr;
    size_t size = 0;
    bool overflow = false;
    RETURN_IF_ERROR(RecordHeap::ReadOnPage(adj, heap_page, &data, &size, &overflow));
    const uint8_t* limit = heap_page + kPageUsable;
    RecordView view;  // only an overflowing record (hundreds of types) needs a copy
    if (overflow) {
        RETURN_IF_ERROR(heap_.Read(adj, &view));
        data = view.data;
        size = view.size;
        limit = data + size;
    }
    return adjacency_.ScanRecord(node, data, size, limit, AddrPage(adj), dir, types, pages, batch);
}

Status GraphStore::ScanAdjacency(Direction dir, std::span<const TokenId> types,
                                 AdjacencyVisitor* visitor) {
    PinnedPages pages(reader_);
    AdjScanBatch batch(visitor);
    const uint64_t per_page = nodes_.per_page();
    const uint64_t window = (kWindowNodes / per_page + 1) * per_page;
    std::vector<Item> items, sorted;
    std::vector<uint32_t> counts;
    for (NodeId start = 0; start < root_.next_node && !batch.stopped(); start += window) {
        NodeId stop = std::min(start + window, root_.next_node);
        items.clear();
        for (NodeId first = start; first < stop; first += per_page) {
            storage::PageRef pin;
            ASSIGN_OR_RETURN(const uint8_t* rec, nodes_.Read(first, &pin));
            NodeId last = std::min(first + per_page, stop);
            for (NodeId node = first; node < last; ++node, rec += kNodeRecordSize) {
                RecordAddr adj = NodeRecordAdj(rec);
                if ((rec[0] & 1) != 0 && adj != kNoRecord) items.push_back(Item{adj, node});
            }
        }
        if (items.empty()) continue;
        SortByPage(items, &sorted, &counts);
        // One run of items per heap page. While a page is decoded the next one is pinned and
        // prefetched whole: the records of a page are visited in node order, not address
        // order, so without it nearly every record would wait for memory.
        storage::PageRef page_ref, next_ref;  // the page being decoded and the next one
        for (size_t i = 0; i < sorted.size() && !batch.stopped();) {
            PageId page = AddrPage(sorted[i].adj);
            size_t end = i + 1;
            while (end < sorted.size() && AddrPage(sorted[end].adj) == page) ++end;
            if (next_ref) {
                page_ref = std::move(next_ref);
            } else {
                ASSIGN_OR_RETURN(page_ref, ReadTyped(reader_, page, PageType::kHeap));
            }
            next_ref = storage::PageRef();
            if (end < sorted.size()) {
                ASSIGN_OR_RETURN(next_ref,
                                 ReadTyped(reader_, AddrPage(sorted[end].adj), PageType::kHeap));
                for (uint32_t off = 0; off < kPageUsable; off += 64) {
                    __builtin_prefetch(next_ref.data() + off);
                }
            }
            for (; i < end; ++i) {
                RETURN_IF_ERROR(ScanOneRecord(sorted[i].adj, sorted[i].node, page_ref.data(), dir,
                                              types, &pages, &batch));
            }
        }
    }
    batch.Flush();
    return Status::Ok();
}

}  // namespace nexus::graph
