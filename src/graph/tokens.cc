// Token pages and the shared token cache (docs/format/records.md, "Token pages").
#include "graph/tokens.h"

#include <mutex>

namespace nexus::graph {
namespace {

constexpr uint32_t kTokenHeader = 8;
constexpr uint32_t kTokenCapacity = kPageUsable - kTokenHeader;

}  // namespace

TokenId TokenCache::Find(TokenKind kind, std::string_view name, uint32_t limit) const {
    std::shared_lock lock(mu_);
    const PerKind& k = kinds_[static_cast<int>(kind)];
    auto it = k.ids.find(std::string(name));
    if (it == k.ids.end() || it->second >= limit) return kNoToken;
    return it->second;
}

bool TokenCache::Name(TokenKind kind, TokenId id, std::string* out) const {
    std::shared_lock lock(mu_);
    const PerKind& k = kinds_[static_cast<int>(kind)];
    if (id >= k.names.size()) return false;
    *out = k.names[id];
    return true;
}

uint32_t TokenCache::Size(TokenKind kind) const {
    std::shared_lock lock(mu_);
    return static_cast<uint32_t>(kinds_[static_cast<int>(kind)].names.size());
}

void TokenCache::Publish(TokenKind kind, const std::vector<std::string>& names, uint32_t first_id) {
    std::unique_lock lock(mu_);
    PerKind& k = kinds_[static_cast<int>(kind)];
    for (size_t i = 0; i < names.size(); ++i) {
        TokenId id = static_cast<TokenId>(first_id + i);
        if (id != k.names.size()) continue;  // already cached, or a gap we cannot fill
        k.names.push_back(names[i]);
        k.ids.emplace(names[i], id);
    }
}

Status LoadTokens(storage::PageReader* pages, const TokenChain& chain,
                  std::vector<std::string>* out) {
    out->clear();
    out->reserve(chain.count);
    PageId page = chain.head;
    while (out->size() < chain.count) {
        if (page == 0) return Corrupt(0, "token chain ends early");
        ASSIGN_OR_RETURN(storage::PageRef ref, ReadTyped(pages, page, PageType::kTokens));
        const uint8_t* p = ref.data();
        uint16_t used = Load16(p + 2);
        if (used > kTokenCapacity) return Corrupt(page, "bad token page length");
        const uint8_t* q = p + kTokenHeader;
        const uint8_t* end = q + used;
        while (q < end && out->size() < chain.count) {
            uint64_t n;
            if (!GetVarint(&q, end, &n) || n > static_cast<uint64_t>(end - q)) {
                return Corrupt(page, "bad token entry");
            }
            out->emplace_back(reinterpret_cast<const char*>(q), n);
            q += n;
        }
        PageId next = Load32(p + 4);
        if (next == page) return Corrupt(page, "token chain loops");
        page = next;
    }
    return Status::Ok();
}

Status AppendToken(storage::PageWriter* pages, TokenKind kind, TokenChain* chain,
                   std::string_view name) {
    size_t need = VarintLength(name.size()) + name.size();
    if (need > kTokenCapacity) {
        return Status(StatusCode::kInvalidArgument, "token name too long");
    }
    uint8_t* p = nullptr;
    if (chain->tail != 0) {
        ASSIGN_OR_RETURN(p, WriteTyped(pages, chain->tail, PageType::kTokens));
        if (Load16(p + 2) + need > kTokenCapacity) p = nullptr;
    }
    if (p == nullptr) {
        ASSIGN_OR_RETURN(PageId id, pages->Allocate());
        ASSIGN_OR_RETURN(uint8_t * q, pages->Write(id));
        q[0] = static_cast<uint8_t>(PageType::kTokens);
        q[1] = static_cast<uint8_t>(kind);
        if (chain->tail != 0) {
            ASSIGN_OR_RETURN(uint8_t * t, WriteTyped(pages, chain->tail, PageType::kTokens));
            Store32(t + 4, id);
        } else {
            chain->head = id;
        }
        chain->tail = id;
        p = q;
    }
    uint16_t used = Load16(p + 2);
    uint8_t* w = PutVarintRaw(p + kTokenHeader + used, name.size());
    std::memcpy(w, name.data(), name.size());
    Store16(p + 2, static_cast<uint16_t>(used + need));
    ++chain->count;
    return Status::Ok();
}

}  // namespace nexus::graph
