// AdjSorter: two-thread in-memory sort, run files and the k-way merge.
#include "import/adj_sorter.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <queue>
#include <thread>

namespace nexus::import {
namespace {

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
      // Sorting needs a second buffer as large as the items: keep half for items.
      capacity_(std::max<uint64_t>(budget_bytes / sizeof(AdjItem) / 2, 1024)) {
    buf_.reserve(std::min<size_t>(capacity_, size_t{1} << 20));
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
