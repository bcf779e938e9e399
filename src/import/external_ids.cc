// ExternalIds: id and reference runs per id space, duplicate detection and the merge-join
// that resolves endpoints; RelSpool: the relationship rows kept on disk meanwhile.
#include "import/external_ids.h"

#include <charconv>
#include <cstring>

namespace nexus::import {
namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;
constexpr size_t kEntryOverhead = 36;  // header bytes, prefix and offset of a KeySorter entry

}  // namespace

ExternalIds::ExternalIds(std::string prefix, IdType type, uint64_t budget)
    : prefix_(std::move(prefix)), type_(type), budget_(std::max<uint64_t>(budget, 64 << 10)) {}

bool ExternalIds::Key(IdType type, std::string_view text, std::string* key) {
    if (type == IdType::kString) {
        key->assign(text);
        return true;
    }
    int64_t v;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return false;
    uint64_t u = static_cast<uint64_t>(v) ^ kSignBit;  // negative numbers sort first
    key->resize(8);
    for (int i = 0; i < 8; ++i) (*key)[i] = static_cast<char>(u >> (56 - 8 * i));
    return true;
}

std::string ExternalIds::Text(IdType type, std::string_view key) {
    if (type == IdType::kString || key.size() != 8) return std::string(key);
    uint64_t u = 0;
    for (char c : key) u = (u << 8) | static_cast<uint8_t>(c);
    return std::to_string(static_cast<int64_t>(u ^ kSignBit));
}

ExternalIds::Space& ExternalIds::Get(const std::string& name) {
    auto it = spaces_.find(name);
    if (it != spaces_.end()) return it->second;
    std::string p = prefix_ + ".ids" + std::to_string(spaces_.size());
    Space& s = spaces_[name];
    s.nodes = std::make_unique<KeySorter>(p + "n");
    s.refs = std::make_unique<KeySorter>(p + "r");
    return s;
}

Status ExternalIds::SpillAll() {
    for (auto& [name, s] : spaces_) {
        for (KeySorter* k : {s.nodes.get(), s.refs.get()}) {
            size_t before = k->runs();
            RETURN_IF_ERROR(k->Spill());
            runs_ += k->runs() - before;
        }
    }
    held_ = 0;
    return Status::Ok();
}

Status ExternalIds::Account(size_t key_bytes) {
    held_ += key_bytes + kEntryOverhead;
    // Buffers grow by doubling: entries get half the budget.
    if (held_ < budget_ / 2) return Status::Ok();
    return SpillAll();
}

Status ExternalIds::AddNode(const std::string& space, std::string_view key, graph::NodeId id,
                            uint64_t where) {
    Get(space).nodes->Add(key, id, where);
    return Account(key.size());
}

Status ExternalIds::AddRef(const std::string& space, std::string_view key, uint64_t ordinal,
                           int side) {
    Get(space).refs->Add(key, ordinal * 2 + static_cast<uint64_t>(side), 0);
    return Account(key.size());
}

Status ExternalIds::ForEachDuplicate(const DupFn& fn) {
    std::string prev;
    for (auto& [name, s] : spaces_) {
        size_t before = s.nodes->runs();
        ASSIGN_OR_RETURN(std::unique_ptr<KeyCursor> c, s.nodes->Open(budget_ / 4));
        runs_ += s.nodes->runs() - before;
        bool first = true;
        for (; c->Valid();) {
            const KeyEntry& e = c->entry();
            if (!first && e.key == prev) {
                RETURN_IF_ERROR(fn(name, e.key, e.a, e.b));
            } else {
                prev.assign(e.key);
                first = false;
            }
            RETURN_IF_ERROR(c->Next());
        }
    }
    return Status::Ok();
}

Result<std::unique_ptr<PairCursor>> ExternalIds::Resolve() {
    // Everything goes to runs first, so the joins have the whole budget for their buffers.
    RETURN_IF_ERROR(SpillAll());
    resolved_ = std::make_unique<PairSorter>(prefix_ + ".resolved", budget_ / 2);
    for (auto& [name, s] : spaces_) {
        if (s.refs->empty()) continue;
        ASSIGN_OR_RETURN(std::unique_ptr<KeyCursor> refs, s.refs->Open(budget_ / 4));
        ASSIGN_OR_RETURN(std::unique_ptr<KeyCursor> nodes, s.nodes->Open(budget_ / 4));
        for (; refs->Valid();) {
            std::string_view key = refs->entry().key;
            while (nodes->Valid() && nodes->entry().key < key) RETURN_IF_ERROR(nodes->Next());
            // Equal keys come by node id: the first is the node that kept the id.
            if (nodes->Valid() && nodes->entry().key == key) {
                RETURN_IF_ERROR(resolved_->Add(refs->entry().a, nodes->entry().a));
            }
            RETURN_IF_ERROR(refs->Next());
        }
        refs.reset();
        nodes.reset();
        s.refs.reset();  // removes its runs
        s.nodes.reset();
    }
    spaces_.clear();
    ASSIGN_OR_RETURN(std::unique_ptr<PairCursor> c, resolved_->Open());
    runs_ += resolved_->runs();
    return c;
}

RelSpool::~RelSpool() {
    writer_.reset();
    reader_.reset();
    std::remove(path_.c_str());
}

Status RelSpool::Append(uint32_t group, uint64_t where, uint32_t type, uint32_t nprops,
                        std::string_view props, std::string_view start, std::string_view end) {
    if (writer_ == nullptr) writer_ = std::make_unique<RunFileWriter>(path_);
    uint32_t h[7] = {group,
                     WhereFile(where),
                     static_cast<uint32_t>(WhereLine(where)),
                     type,
                     nprops,
                     static_cast<uint32_t>(props.size()),
                     static_cast<uint32_t>(start.size())};
    uint32_t end_size = static_cast<uint32_t>(end.size());
    uint32_t line_high = static_cast<uint32_t>(WhereLine(where) >> 32);
    writer_->Write(h, sizeof(h));
    writer_->Write(&end_size, 4);
    writer_->Write(&line_high, 4);
    writer_->Write(props.data(), props.size());
    writer_->Write(start.data(), start.size());
    writer_->Write(end.data(), end.size());
    ++rows_;
    return Status::Ok();
}

Status RelSpool::StartReading(size_t buffer_bytes) {
    if (writer_ == nullptr) writer_ = std::make_unique<RunFileWriter>(path_);
    RETURN_IF_ERROR(writer_->Close());
    writer_.reset();
    reader_ = std::make_unique<RunFileReader>(path_, buffer_bytes);
    return reader_->status();
}

Result<bool> RelSpool::Next(SpooledRel* out) {
    uint32_t h[9];
    if (!reader_->Read(h, sizeof(h))) {
        RETURN_IF_ERROR(reader_->status());
        return false;
    }
    out->group = h[0];
    out->file = h[1];
    out->line = (uint64_t{h[8]} << 32) | h[2];
    out->type = h[3];
    out->nprops = h[4];
    out->props.resize(h[5]);
    out->start.resize(h[6]);
    out->end.resize(h[7]);
    for (std::string* s : {&out->props, &out->start, &out->end}) {
        if (!s->empty() && !reader_->Read(s->data(), s->size())) {
            RETURN_IF_ERROR(reader_->status());
            return Status(StatusCode::kCorruption, "the relationship spool ends inside a row");
        }
    }
    return true;
}

}  // namespace nexus::import
