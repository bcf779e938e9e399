// AdjSorter: two-thread in-memory sort, run files and the k-way merge.
#include "import/adj_sorter.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <queue>
#include <thread>

namespace nexus::import {
namespace {

using graph::AdjDir;

Status IoError(const std::string& what, const std::string& path) {
    return Status(StatusCode::kIOError, what + " " + path + ": " + std::strerror(errno));
}

// Reads one run sequentially in blocks.
class RunReader {
  public:
    RunReader(std::FILE* f, size_t block) : f_(f), buf_(block) {}
    // False at the end of the run.
    Result<bool> Next(AdjItem* out) {
        if (pos_ == end_) {
            size_t n = std::fread(buf_.data(), sizeof(AdjItem), buf_.size(), f_);
            if (n == 0) {
                if (std::ferror(f_)) return Status(StatusCode::kIOError, "reading a sort run");
                return false;
            }
            pos_ = 0;
            end_ = n;
        }
        *out = buf_[pos_++];
        return true;
    }

  private:
    std::FILE* f_;
    std::vector<AdjItem> buf_;
    size_t pos_ = 0, end_ = 0;
};

}  // namespace

AdjSorter::AdjSorter(std::string spill_prefix, uint64_t budget_bytes)
    : prefix_(std::move(spill_prefix)),
      budget_(budget_bytes),
      // Sorting needs a second buffer as large as the items: keep half for items.
      capacity_(std::max<uint64_t>(budget_bytes / sizeof(AdjItem) / 2, 1024)) {}

uint64_t AdjSorter::CompactBytes(uint64_t rels, uint64_t max_node) const {
    // The edges, two 4-byte entries per relationship and two offsets per node while grouping.
    uint64_t blocks = (rels >> kEdgeBlockBits) + 1;
    return blocks * (sizeof(Edge) << kEdgeBlockBits) + rels * 8 + (max_node + 2) * 16;
}

Status AdjSorter::AddRel(graph::NodeId start, graph::NodeId end, graph::RelId rel,
                         graph::TokenId type) {
    if (compact_) {
        uint64_t max_node = std::max({max_node_, start, end});
        // Ids must fit the edge (and the entries, which hold relationship ids) and come in
        // order; both hold for every import, but the buffer takes anything.
        constexpr uint64_t kMax32 = UINT32_MAX;
        bool fits = rel == edges_ && rel < kMax32 && max_node < kMax32 && type <= kMax32 &&
                    CompactBytes(edges_ + 1, max_node) <= budget_;
        if (fits) {
            size_t slot = rel & ((size_t{1} << kEdgeBlockBits) - 1);
            if (slot == 0) {
                edge_blocks_.push_back(std::make_unique<Edge[]>(size_t{1} << kEdgeBlockBits));
            }
            edge_blocks_.back()[slot] =
                Edge{static_cast<uint32_t>(start), static_cast<uint32_t>(end), type};
            ++edges_;
            max_node_ = max_node;
            return Status::Ok();
        }
        RETURN_IF_ERROR(LeaveCompact());
    }
    if (start == end) {
        return AddItem(
            AdjItem{start, start, rel, type, static_cast<uint32_t>(graph::AdjDir::kLoop)});
    }
    RETURN_IF_ERROR(
        AddItem(AdjItem{start, end, rel, type, static_cast<uint32_t>(graph::AdjDir::kOut)}));
    return AddItem(AdjItem{end, start, rel, type, static_cast<uint32_t>(graph::AdjDir::kIn)});
}

Status AdjSorter::LeaveCompact() {
    compact_ = false;
    buf_.reserve(std::min<size_t>(capacity_, size_t{1} << 20));
    for (uint64_t rel = 0; rel < edges_; ++rel) {
        const Edge& e = EdgeAt(rel);
        if (e.start == e.end) {
            RETURN_IF_ERROR(AddItem(AdjItem{e.start, e.start, rel, e.type,
                                            static_cast<uint32_t>(graph::AdjDir::kLoop)}));
            continue;
        }
        RETURN_IF_ERROR(AddItem(
            AdjItem{e.start, e.end, rel, e.type, static_cast<uint32_t>(graph::AdjDir::kOut)}));
        RETURN_IF_ERROR(AddItem(
            AdjItem{e.end, e.start, rel, e.type, static_cast<uint32_t>(graph::AdjDir::kIn)}));
        // Free each block once read, so the two forms are never both whole in memory.
        if (((rel + 1) & ((size_t{1} << kEdgeBlockBits) - 1)) == 0) {
            edge_blocks_[rel >> kEdgeBlockBits].reset();
        }
    }
    edge_blocks_.clear();
    edges_ = 0;
    return Status::Ok();
}

Status AdjSorter::ForEachNodeCompact(const NodeFn& fn) {
    if (edges_ == 0) return Status::Ok();
    const size_t n = max_node_ + 1;
    // Counting sort by node: each node's entries (relationship ids) come out in id order.
    std::vector<uint64_t> begin(n + 1, 0);
    for (uint64_t rel = 0; rel < edges_; ++rel) {
        const Edge& e = EdgeAt(rel);
        ++begin[e.start + 1];
        if (e.end != e.start) ++begin[e.end + 1];
    }
    for (size_t i = 1; i <= n; ++i) begin[i] += begin[i - 1];
    std::vector<uint32_t> entries(begin[n]);
    {
        std::vector<uint64_t> next(begin.begin(), begin.end() - 1);
        for (uint64_t rel = 0; rel < edges_; ++rel) {
            const Edge& e = EdgeAt(rel);
            entries[next[e.start]++] = static_cast<uint32_t>(rel);
            if (e.end != e.start) entries[next[e.end]++] = static_cast<uint32_t>(rel);
        }
    }
    auto by_group = [](const AdjItem& x, const AdjItem& y) {
        return x.type != y.type ? x.type < y.type : x.dir < y.dir;
    };
    std::vector<AdjItem> items;
    for (size_t node = 0; node < n; ++node) {
        if (begin[node] == begin[node + 1]) continue;
        items.clear();
        for (uint64_t k = begin[node]; k < begin[node + 1]; ++k) {
            uint32_t rel = entries[k];
            const Edge& e = EdgeAt(rel);
            AdjDir dir = e.start == e.end  ? AdjDir::kLoop
                         : e.start == node ? AdjDir::kOut
                                           : AdjDir::kIn;
            uint64_t neighbor = dir == AdjDir::kIn ? e.start : e.end;
            items.push_back(AdjItem{node, neighbor, rel, e.type, static_cast<uint32_t>(dir)});
        }
        if (!std::is_sorted(items.begin(), items.end(), by_group)) {
            std::stable_sort(items.begin(), items.end(), by_group);
        }
        RETURN_IF_ERROR(fn(node, items));
    }
    return Status::Ok();
}

AdjSorter::~AdjSorter() {
    for (Run& r : runs_) {
        if (r.file != nullptr) std::fclose(r.file);
        std::remove(r.path.c_str());
    }
}

void AdjSorter::SortBuffer() {
    auto less = [](const AdjItem& x, const AdjItem& y) { return AdjItemLess(x, y); };
    uint64_t max_node = 0;
    for (const AdjItem& e : buf_) max_node = std::max(max_node, e.node);
    if (buf_.size() < (size_t{1} << 16)) {
        std::sort(buf_.begin(), buf_.end(), less);
        return;
    }
    if (max_node >= buf_.size()) {
        // Sparse node ids: comparison sort of two halves on two threads, then merge.
        auto mid = buf_.begin() + static_cast<ptrdiff_t>(buf_.size() / 2);
        std::thread other([&] { std::sort(mid, buf_.end(), less); });
        std::sort(buf_.begin(), mid, less);
        other.join();
        std::inplace_merge(buf_.begin(), mid, buf_.end(), less);
        return;
    }
    // Dense node ids: a stable counting sort by node keeps each node's items in the order
    // they were added (by relationship id), so only (type, direction) is left to order.
    std::vector<uint64_t> start(max_node + 2, 0);
    for (const AdjItem& e : buf_) ++start[e.node + 1];
    for (size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    std::vector<AdjItem> out(buf_.size());
    for (const AdjItem& e : buf_) out[start[e.node]++] = e;
    buf_.swap(out);
    out = std::vector<AdjItem>();
    auto by_group = [](const AdjItem& x, const AdjItem& y) {
        return x.type != y.type ? x.type < y.type : x.dir < y.dir;
    };
    for (size_t i = 0; i < buf_.size();) {
        size_t j = i + 1;
        while (j < buf_.size() && buf_[j].node == buf_[i].node) ++j;
        auto b = buf_.begin() + static_cast<ptrdiff_t>(i),
             e = buf_.begin() + static_cast<ptrdiff_t>(j);
        if (!std::is_sorted(b, e, by_group)) std::stable_sort(b, e, by_group);
        i = j;
    }
}

Status AdjSorter::Spill() {
    SortBuffer();
    Run run;
    run.path = prefix_ + ".run" + std::to_string(runs_.size());
    run.file = std::fopen(run.path.c_str(), "w+b");
    if (run.file == nullptr) return IoError("cannot create sort run", run.path);
    runs_.push_back(run);
    if (std::fwrite(buf_.data(), sizeof(AdjItem), buf_.size(), run.file) != buf_.size() ||
        std::fflush(run.file) != 0) {
        return IoError("cannot write sort run", run.path);
    }
    items_ += buf_.size();
    buf_.clear();
    buf_.shrink_to_fit();  // the merge needs the memory for its read buffers
    return Status::Ok();
}

Status AdjSorter::ForEachNode(const NodeFn& fn) {
    if (compact_) return ForEachNodeCompact(fn);
    if (!runs_.empty()) {
        if (!buf_.empty()) RETURN_IF_ERROR(Spill());
        return MergeRuns(fn);
    }
    SortBuffer();
    for (size_t i = 0; i < buf_.size();) {
        size_t j = i + 1;
        while (j < buf_.size() && buf_[j].node == buf_[i].node) ++j;
        RETURN_IF_ERROR(fn(buf_[i].node, std::span<const AdjItem>(buf_.data() + i, j - i)));
        i = j;
    }
    buf_.clear();
    buf_.shrink_to_fit();
    return Status::Ok();
}

Status AdjSorter::MergeRuns(const NodeFn& fn) {
    // Split the budget between the runs' read buffers (at least 4 KiB each).
    size_t block = std::max<size_t>(capacity_ / runs_.size(), 4096 / sizeof(AdjItem));
    std::vector<RunReader> readers;
    readers.reserve(runs_.size());
    using Head = std::pair<AdjItem, size_t>;
    auto greater = [](const Head& a, const Head& b) { return AdjItemLess(b.first, a.first); };
    std::priority_queue<Head, std::vector<Head>, decltype(greater)> heap(greater);
    for (size_t i = 0; i < runs_.size(); ++i) {
        if (std::fseek(runs_[i].file, 0, SEEK_SET) != 0) {
            return IoError("cannot rewind sort run", runs_[i].path);
        }
        readers.emplace_back(runs_[i].file, block);
        AdjItem item;
        ASSIGN_OR_RETURN(bool ok, readers[i].Next(&item));
        if (ok) heap.emplace(item, i);
    }
    std::vector<AdjItem> node_items;
    while (!heap.empty()) {
        auto [item, run] = heap.top();
        heap.pop();
        if (!node_items.empty() && node_items.front().node != item.node) {
            RETURN_IF_ERROR(fn(node_items.front().node, node_items));
            node_items.clear();
        }
        node_items.push_back(item);
        AdjItem next;
        ASSIGN_OR_RETURN(bool ok, readers[run].Next(&next));
        if (ok) heap.emplace(next, run);
    }
    if (!node_items.empty()) RETURN_IF_ERROR(fn(node_items.front().node, node_items));
    return Status::Ok();
}

}  // namespace nexus::import
