// GraphStore: what the transaction layer asks of a view's cached state between transactions
// (whether a read view can be recycled for another reader of its version).
#include "graph/graph_store.h"

namespace nexus::graph {

bool GraphStore::IsCleanReadView() const {
    if (writer_ != nullptr || counts_dirty_ || catalog_dirty_) return false;
    if (!freed_nodes_.empty() || !freed_rels_.empty()) return false;
    for (const auto& names : new_tokens_) {
        if (!names.empty()) return false;
    }
    return true;
}

}  // namespace nexus::graph
