// Token dictionaries (label, relationship-type and property-key names <-> ids). Names are
// appended to one page chain per kind; ids are dense and never reused. TokenCache shares the
// committed names between transactions: a view only trusts ids below its snapshot's count,
// and a writer publishes its new names only after its commit succeeded.
#pragma once

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/format.h"
#include "graph/graph.h"

namespace nexus::graph {

constexpr int kTokenKinds = 3;

// Thread-safe.
class TokenCache {
  public:
    // The id of `name` if it is below `limit`, else kNoToken.
    TokenId Find(TokenKind kind, std::string_view name, uint32_t limit) const;
    bool Name(TokenKind kind, TokenId id, std::string* out) const;
    uint32_t Size(TokenKind kind) const;
    // Adds names[size()..] (names[i] has id i); entries already cached are kept.
    void Publish(TokenKind kind, const std::vector<std::string>& names, uint32_t first_id);

  private:
    struct PerKind {
        std::vector<std::string> names;
        std::unordered_map<std::string, TokenId> ids;
    };
    mutable std::shared_mutex mu_;
    PerKind kinds_[kTokenKinds];
};

// Root-page fields of one kind's chain.
struct TokenChain {
    PageId head = 0;
    PageId tail = 0;
    uint32_t count = 0;
};

// Loads names [0, chain.count) from pages.
Status LoadTokens(storage::PageReader* pages, const TokenChain& chain,
                  std::vector<std::string>* out);
// Appends one name to the chain (allocating a page when the tail is full).
Status AppendToken(storage::PageWriter* pages, TokenKind kind, TokenChain* chain,
                   std::string_view name);

}  // namespace nexus::graph
