// Index checks: the index catalog decodes; the label index (chunk bitmaps, decoded and
// validated) and every property index hold exactly the entries the node records imply
// (recomputed with the index layer's own key encoders); unique indexes hold no two nodes with equal
// values; each B+tree passes its own invariant walk (BTree::Check).
#include <fmt/format.h>

#include <algorithm>

#include "check/checker.h"
#include "graph/record_heap.h"
#include "index/btree.h"
#include "index/label_index.h"
#include "index/property_index.h"

namespace nexus::check {

using graph::NodeId;
using graph::TokenId;

namespace {

// The big-endian node id ending `key`: 8 bytes in PairKey strings, 5 in property index keys.
uint64_t KeyNode(std::string_view key, size_t id_bytes = 8) {
    uint64_t id = 0;
    if (key.size() < id_bytes) return 0;
    for (size_t i = key.size() - id_bytes; i < key.size(); ++i) {
        id = (id << 8) | static_cast<uint8_t>(key[i]);
    }
    return id;
}

constexpr size_t kPropertyIdBytes = 5;

std::string LabelKeyText(std::string_view key) {
    uint32_t label = 0;
    for (size_t i = 0; i < 4 && i < key.size(); ++i)
        label = (label << 8) | static_cast<uint8_t>(key[i]);
    return fmt::format("(label {}, node {})", label, KeyNode(key));
}

}  // namespace

void Checker::LoadCatalog() {
    graph::RecordAddr addr = graph_->root().catalog;
    if (addr == graph::kNoRecord) return;
    Claim(graph::AddrPage(addr), Owner::kHeap, "index catalog");
    graph::HeapState state = graph_->root().heap;
    graph::RecordHeap heap(pages_, nullptr, &state);
    graph::RecordView view;
    Status st = heap.Read(addr, &view);
    if (!st.ok()) {
        report_->Add(Problem::kRecord, "index catalog: " + st.message());
        return;
    }
    const uint8_t* p = view.data;
    const uint8_t* end = p + view.size;
    uint64_t n = 0;
    bool ok = graph::GetVarint(&p, end, &n);
    for (uint64_t i = 0; ok && i < n; ++i) {
        IndexInfo info;
        uint64_t id = 0, len = 0, label = 0, keys = 0;
        ok = graph::GetVarint(&p, end, &id) && graph::GetVarint(&p, end, &len) &&
             len <= static_cast<uint64_t>(end - p);
        if (!ok) break;
        info.def.id = static_cast<graph::IndexId>(id);
        info.def.name.assign(reinterpret_cast<const char*>(p), len);
        p += len;
        ok = graph::GetVarint(&p, end, &label) && graph::GetVarint(&p, end, &keys);
        for (uint64_t k = 0; ok && k < keys; ++k) {
            uint64_t key = 0;
            ok = graph::GetVarint(&p, end, &key);
            info.def.properties.push_back(static_cast<TokenId>(key));
        }
        if (!ok || end - p < 5) {
            ok = false;
            break;
        }
        info.def.label = static_cast<TokenId>(label);
        info.def.unique = *p++ != 0;
        info.root = graph::Load32(p);
        p += 4;
        if (info.def.label >= token_counts_[0]) {
            report_->Add(Problem::kToken, fmt::format("index {}: label id {} does not exist",
                                                      info.def.name, info.def.label));
        }
        for (TokenId key : info.def.properties) {
            if (key >= token_counts_[2]) {
                report_->Add(Problem::kToken, fmt::format("index {}: property key id {} does not "
                                                          "exist",
                                                          info.def.name, key));
            }
        }
        indexes_.push_back(std::move(info));
    }
    if (!ok) report_->Add(Problem::kRecord, "index catalog does not decode");
}

void Checker::CollectIndexKeys(NodeId id, const std::vector<TokenId>& labels,
                               const graph::PropertyList& props) {
    for (TokenId l : labels) label_keys_.push_back(index::LabelIndex::PairKey(l, id));
    for (IndexInfo& info : indexes_) {
        if (!std::binary_search(labels.begin(), labels.end(), info.def.label)) continue;
        std::vector<Value> values;
        for (TokenId key : info.def.properties) {
            auto it = std::lower_bound(props.begin(), props.end(), key,
                                       [](const auto& kv, TokenId k) { return kv.first < k; });
            values.push_back(it != props.end() && it->first == key ? it->second : Value());
        }
        std::string entry;
        Result<bool> has = index::PropertyIndex::EntryKey(values, id, &entry);
        if (has.ok() && *has) info.expected.push_back(std::move(entry));
    }
}

// Checks the tree's invariants and reads all its keys; false when it cannot be read.
bool Checker::ScanTree(PageId root, const std::string& name, Problem kind,
                       std::vector<std::string>* keys) {
    Result<index::BTree::Stats> stats = index::BTree::Check(pages_, root);
    if (!stats.ok()) {
        report_->Add(Problem::kBTree, name + ": " + stats.status().message());
        return false;
    }
    CensusRow& row = report_->census["b+tree " + name];
    row.pages = stats->leaf_pages + stats->internal_pages;
    row.items = stats->entries;
    row.bytes = stats->used_bytes;
    Result<std::vector<PageId>> leaves = index::BTree::LeafPages(pages_, root);
    if (leaves.ok()) {
        for (PageId leaf : *leaves) Claim(leaf, Owner::kBTree, name);
    }
    index::BTree::Cursor cursor(pages_, root);
    Status st = cursor.SeekToFirst();
    while (st.ok() && cursor.Valid()) {
        keys->emplace_back(cursor.key());
        st = cursor.Next();
    }
    if (!st.ok()) {
        report_->Add(Problem::kBTree, name + ": " + st.message());
        return false;
    }
    if (keys->size() != stats->entries) {
        report_->Add(kind, fmt::format("{}: {} entries by the tree walk, {} by the scan", name,
                                       stats->entries, keys->size()));
    }
    return true;
}

namespace {

// Reports entries in `want` but not in `have` (missing) and the reverse (extra); both sorted.
template <typename Describe>
void Compare(const std::vector<std::string>& want, const std::vector<std::string>& have,
             Report* report, Problem kind, const std::string& name, Describe describe) {
    std::vector<std::string> missing, extra;
    std::set_difference(want.begin(), want.end(), have.begin(), have.end(),
                        std::back_inserter(missing));
    std::set_difference(have.begin(), have.end(), want.begin(), want.end(),
                        std::back_inserter(extra));
    for (const std::string& k : missing) {
        report->Add(kind, fmt::format("{}: missing entry {}", name, describe(k)));
    }
    for (const std::string& k : extra) {
        report->Add(kind, fmt::format("{}: entry {} matches no node", name, describe(k)));
    }
}

}  // namespace

void Checker::CheckLabelIndex() {
    PageId root = graph_->root().label_index;
    std::sort(label_keys_.begin(), label_keys_.end());
    if (root == 0) {
        if (!label_keys_.empty()) {
            report_->Add(Problem::kLabelIndex, "nodes carry labels but there is no label index");
        }
        return;
    }
    ++report_->indexes;
    std::vector<std::string> chunks;
    if (!ScanTree(root, "label index", Problem::kLabelIndex, &chunks)) return;
    // The tree holds one entry per (label, 4096-id chunk); compare the pairs they decode to.
    std::vector<std::string> have;
    Status st = index::LabelIndex(root).ForEach(pages_, [&](uint32_t label, uint64_t node) {
        have.push_back(index::LabelIndex::PairKey(label, node));
    });
    if (!st.ok()) {
        report_->Add(Problem::kLabelIndex, "label index: " + st.message());
        return;
    }
    Compare(label_keys_, have, report_, Problem::kLabelIndex, "label index", LabelKeyText);
}

void Checker::CheckPropertyIndexes() {
    for (IndexInfo& info : indexes_) {
        if (report_->full()) return;
        ++report_->indexes;
        std::string name = "index " + info.def.name;
        std::vector<std::string> have;
        if (!ScanTree(info.root, name, Problem::kPropertyIndex, &have)) continue;
        std::sort(info.expected.begin(), info.expected.end());
        auto describe = [](const std::string& k) {
            return fmt::format("for node {}", KeyNode(k, kPropertyIdBytes));
        };
        Compare(info.expected, have, report_, Problem::kPropertyIndex, name, describe);
        if (!info.def.unique) continue;
        for (size_t i = 1; i < have.size(); ++i) {
            std::string_view a(have[i - 1]), b(have[i]);
            const size_t n = kPropertyIdBytes;
            if (a.size() >= n && b.size() >= n &&
                a.substr(0, a.size() - n) == b.substr(0, b.size() - n)) {
                report_->Add(Problem::kPropertyIndex,
                             fmt::format("{}: nodes {} and {} share a unique key", name,
                                         KeyNode(a, n), KeyNode(b, n)));
            }
        }
    }
}

}  // namespace nexus::check
