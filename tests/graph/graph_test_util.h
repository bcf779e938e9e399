// Test helpers for the record layer: a GraphStore over a MemPageStore with commit/rollback,
// and value comparison that tells 1 from 1.0.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "graph/graph_store.h"
#include "storage/mem_page_store.h"

namespace nexus::graph::testing {

inline std::string Show(const Value& v) {
    return std::string(ValueKindName(v.kind())) + ":" + v.ToString();
}

// A database in memory: one writer at a time, readers on committed snapshots.
class MemGraph {
  public:
    MemGraph() : cache_(std::make_shared<TokenCache>()) {
        storage::PageWriter* w = store_.BeginWrite();
        EXPECT_TRUE(GraphStore::Format(w).ok());
        store_.Commit();
    }

    GraphStore* Begin() {
        auto g = GraphStore::OpenWriter(store_.BeginWrite(), cache_);
        EXPECT_TRUE(g.ok()) << g.status().ToString();
        writer_ = std::move(*g);
        return writer_.get();
    }
    void Commit() {
        Status st = writer_->Flush();
        ASSERT_TRUE(st.ok()) << st.ToString();
        store_.Commit();
        writer_->OnCommitted();
        writer_.reset();
    }
    void Rollback() {
        store_.Rollback();
        writer_.reset();
    }

    struct ReadView {
        std::unique_ptr<storage::PageReader> pages;
        std::unique_ptr<GraphStore> graph;
        GraphStore* operator->() { return graph.get(); }
    };
    ReadView Read() {
        ReadView v;
        v.pages = store_.BeginRead();
        auto g = GraphStore::OpenReader(v.pages.get(), cache_);
        EXPECT_TRUE(g.ok()) << g.status().ToString();
        if (g.ok()) v.graph = std::move(*g);
        return v;
    }

    storage::MemPageStore& pages() { return store_; }

  private:
    storage::MemPageStore store_;
    std::shared_ptr<TokenCache> cache_;
    std::unique_ptr<GraphStore> writer_;
};

template <typename Id>
std::vector<Id> Drain(IdCursor<Id>* cursor) {
    std::vector<Id> out;
    Id batch[64];
    while (size_t n = cursor->Next(batch, 64)) out.insert(out.end(), batch, batch + n);
    EXPECT_TRUE(cursor->status().ok()) << cursor->status().ToString();
    return out;
}

}  // namespace nexus::graph::testing
