// The space census of `nexus check --verbose`: pages by owner (what the ownership check
// already claimed, unclaimed pages typed by their first byte) and, inside the shared heap
// pages, the payload bytes of each kind of record. docs/size.md reads its figures from here.
#include <fmt/format.h>

#include "check/checker.h"
#include "graph/format.h"
#include "graph/record_heap.h"
#include "index/btree_node.h"

namespace nexus::check {
namespace {

const char* PageRowName(int owner) {
    static const char* kNames[] = {
        "pages: unclaimed",   "pages: free list", "pages: file header",  "pages: graph root",
        "pages: directories", "pages: records",   "pages: heap",         "pages: adjacency chunks",
        "pages: tokens",      "pages: free ids",  "pages: b+tree leaves"};
    return kNames[owner];
}

// Unclaimed pages are internal B+tree nodes and overflow pieces of large heap records, which
// the ownership check does not walk; anything else (a leaked page) is named by its type byte.
std::string TypedRowName(const uint8_t* p) {
    if (p[0] == index::node::kMagic) {
        return p[index::node::kOffKind] == index::node::kInternal
                   ? "pages: b+tree internal"
                   : "pages: b+tree leaves not reached from a root";
    }
    if (p[0] == static_cast<uint8_t>(graph::PageType::kOverflow)) return "pages: heap overflow";
    if (p[0] == static_cast<uint8_t>(graph::PageType::kNodeRecords)) return "pages: node records";
    if (p[0] == static_cast<uint8_t>(graph::PageType::kRelRecords)) {
        return "pages: relationship records";
    }
    if (p[0] == static_cast<uint8_t>(graph::PageType::kRelProps)) {
        return "pages: relationship property addresses";
    }
    return fmt::format("pages: unclaimed (type {})", p[0]);
}

}  // namespace

void Checker::CensusRecord(const std::string& row, graph::RecordAddr addr) {
    graph::HeapState state = graph_->root().heap;
    graph::RecordHeap heap(pages_, nullptr, &state);
    graph::RecordView view;
    if (!heap.Read(addr, &view).ok()) return;  // reported by the record checks
    CensusRow& r = report_->census[row];
    ++r.items;
    r.bytes += view.size;
}

void Checker::CensusProps(const std::string& row, const graph::PropertyList& props) {
    report_->census[row + " (values)"].items += props.size();
    for (const auto& entry : props) {
        if (!entry.second.is_string()) continue;
        CensusRow& strings = report_->census[row + " (string bytes)"];
        ++strings.items;
        strings.bytes += entry.second.as_string().size();
    }
}

// Rows per first label: which labels' properties fill the heap.
std::string Checker::NodePropsRow(const std::vector<graph::TokenId>& labels) const {
    if (labels.empty()) return "heap: node properties (no label)";
    graph::TokenId l = labels[0];
    return "heap: node properties :" +
           (l < label_names_.size() ? label_names_[l] : std::to_string(l));
}

void Checker::TakeCensus() {
    auto& census = report_->census;
    census["node records"].items = live_nodes_;
    census["node records"].bytes = live_nodes_ * graph::GraphStore::kNodeRecordSize;
    census["relationship records"].items = live_rels_;
    census["relationship records"].bytes = live_rels_ * graph::GraphStore::kRelRecordSize;
    census["relationship property addresses"].items = rels_with_props_;
    census["relationship property addresses"].bytes = rels_with_props_ * graph::kRelPropsEntry;
    CensusRow& slots = census["heap: slot arrays"];
    CensusRow& free = census["heap: free bytes"];
    for (PageId id = 0; id < owner_.size(); ++id) {
        Owner o = owner_[id];
        if (o == Owner::kRecords || o == Owner::kNone) {
            Result<storage::PageRef> ref = id == 0 ? snapshot_->ReadHeader() : pages_->Read(id);
            if (!ref.ok()) continue;
            const uint8_t* p = ref->data();
            // Claimed record pages are named by their type byte like unclaimed ones.
            ++census[TypedRowName(p)].pages;
            continue;
        }
        ++census[PageRowName(static_cast<int>(o))].pages;
        if (o != Owner::kHeap) continue;
        Result<storage::PageRef> ref = pages_->Read(id);
        if (!ref.ok()) continue;
        slots.items += graph::Load16(ref->data() + 2);
        slots.bytes += 4u * graph::Load16(ref->data() + 2);
        free.bytes += graph::Load16(ref->data() + 6);
    }
}

std::string Report::CensusString() const {
    if (census.empty()) return std::string();
    std::string out = fmt::format("{:<52} {:>8} {:>10} {:>14} {:>9}\n", "space census", "pages",
                                  "items", "bytes", "MiB");
    for (const auto& [name, row] : census) {
        uint64_t bytes = row.bytes != 0 ? row.bytes : row.pages * storage::kPageSize;
        out += fmt::format("{:<52} {:>8} {:>10} {:>14} {:>9.2f}\n", name, row.pages, row.items,
                           row.bytes, static_cast<double>(bytes) / (1 << 20));
    }
    return out;
}

}  // namespace nexus::check
