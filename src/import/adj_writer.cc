// Importer::WriteAdjacency: the adjacency phase on two threads. A helper thread groups the
// sorted entries by node (AdjSorter) and encodes each node's record (AdjEncoder; no pages are
// touched); the importer thread stores the records in the heap, points the node records at
// them and commits, and writes itself the few nodes whose groups need chunk pages.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "import/importer_impl.h"

namespace nexus::import {
namespace {

// A run of nodes handed from the encoding thread to the writer.
struct EncodedNodes {
    struct Node {
        graph::NodeId node;
        bool encoded;    // record bytes in `records`; else its entries in `items`
        uint32_t begin;  // into `records` or `items`
        uint32_t size;
    };
    std::vector<Node> nodes;
    std::string records;
    std::vector<AdjItem> items;

    void Clear() {
        nodes.clear();
        records.clear();
        items.clear();
    }
    bool Full() const {
        return nodes.size() >= 8192 || records.size() >= (size_t{1} << 20) ||
               items.size() >= (size_t{1} << 15);
    }
};

// The bounded queue between the two threads.
class Handoff {
  public:
    explicit Handoff(size_t depth) {
        for (size_t i = 0; i < depth; ++i) free_.push_back(std::make_unique<EncodedNodes>());
    }
    // An empty run to fill, or null once the writer stopped.
    std::unique_ptr<EncodedNodes> Take() {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !free_.empty(); });
        if (stop_) return nullptr;
        std::unique_ptr<EncodedNodes> r = std::move(free_.back());
        free_.pop_back();
        r->Clear();
        return r;
    }
    void Give(std::unique_ptr<EncodedNodes> r) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            full_.push_back(std::move(r));
        }
        cv_.notify_all();
    }
    void Finish(Status st) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            done_ = true;
            status_ = std::move(st);
        }
        cv_.notify_all();
    }
    // The next filled run (returning `used` for reuse), or null when the encoder finished.
    std::unique_ptr<EncodedNodes> Next(std::unique_ptr<EncodedNodes> used) {
        std::unique_lock<std::mutex> lock(mu_);
        if (used != nullptr) free_.push_back(std::move(used));
        cv_.notify_all();
        cv_.wait(lock, [&] { return done_ || !full_.empty(); });
        if (full_.empty()) return nullptr;
        std::unique_ptr<EncodedNodes> r = std::move(full_.front());
        full_.pop_front();
        return r;
    }
    void Stop() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            stop_ = true;
        }
        cv_.notify_all();
    }
    Status status() {
        std::lock_guard<std::mutex> lock(mu_);
        return status_;
    }

  private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<EncodedNodes>> free_;
    std::deque<std::unique_ptr<EncodedNodes>> full_;
    bool done_ = false;
    bool stop_ = false;
    Status status_;
};

}  // namespace

Status Importer::WriteAdjacency() {
    Handoff handoff(4);
    double encoder_cpu = 0;
    std::thread encoder([&] {
        AdjEncoder enc;
        std::string record;
        std::unique_ptr<EncodedNodes> run = handoff.Take();
        Status st =
            sorter_->ForEachNode([&](graph::NodeId node, std::span<const AdjItem> items) -> Status {
                if (run == nullptr) return Status(StatusCode::kAborted, "adjacency writer stopped");
                EncodedNodes::Node n{node, enc.Encode(items, &record), 0, 0};
                if (n.encoded) {
                    n.begin = static_cast<uint32_t>(run->records.size());
                    n.size = static_cast<uint32_t>(record.size());
                    run->records.append(record);
                } else {
                    n.begin = static_cast<uint32_t>(run->items.size());
                    n.size = static_cast<uint32_t>(items.size());
                    run->items.insert(run->items.end(), items.begin(), items.end());
                }
                run->nodes.push_back(n);
                if (run->Full()) {
                    handoff.Give(std::move(run));
                    run = handoff.Take();
                }
                return Status::Ok();
            });
        if (st.ok() && run != nullptr && !run->nodes.empty()) handoff.Give(std::move(run));
        encoder_cpu = ThreadCpuSeconds();
        handoff.Finish(st);
    });
    Status st;
    std::unique_ptr<EncodedNodes> run;
    while (st.ok() && (run = handoff.Next(std::move(run))) != nullptr) {
        for (const EncodedNodes::Node& n : run->nodes) {
            if (n.encoded) {
                st = bulk_->PutAdjacency(n.node,
                                         std::string_view(run->records).substr(n.begin, n.size));
            } else {
                st = bulk_->SetAdjacency(
                    n.node, std::span<const AdjItem>(run->items.data() + n.begin, n.size));
            }
            if (st.ok()) st = MaybeCommit();
            if (!st.ok()) break;
        }
    }
    handoff.Stop();  // an encoder waiting for an empty run gives up
    encoder.join();
    summary_.adjacency_cpu_seconds = encoder_cpu;
    RETURN_IF_ERROR(st);
    return handoff.status();
}

}  // namespace nexus::import
