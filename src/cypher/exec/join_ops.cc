// HashJoin: build a hash table from the build plan's rows (once per partition of the probe
// rows), then stream the probe side through it. The table is charged to the query's memory
// budget; reading the build plan goes through OpenChild, which polls for interruption.
#include "cypher/exec/join_ops.h"

#include <unordered_map>

namespace nexus::cypher::exec {
namespace {

constexpr uint64_t kNotANode = UINT64_MAX;

uint64_t NodeKey(const Row& row, int slot) {
    if (static_cast<size_t>(slot) >= row.size()) return kNotANode;
    const Value& v = row[static_cast<size_t>(slot)];
    return v.is_node() ? static_cast<uint64_t>(v.as_node().id) : kNotANode;
}

// The key slots' node ids as bytes; false when one is not a node (null never joins).
bool KeyOf(const Row& row, const std::vector<int>& slots, std::string* key) {
    key->clear();
    for (int s : slots) {
        uint64_t id = NodeKey(row, s);
        if (id == kNotANode) return false;
        key->append(reinterpret_cast<const char*>(&id), sizeof(id));
    }
    return true;
}

class HashJoinCursor : public PerRowCursor {
  public:
    HashJoinCursor(std::unique_ptr<Cursor> in, const HashJoinOp& op, ExecContext& ctx)
        : PerRowCursor(std::move(in)), op_(op), spec_(op.spec()), ctx_(ctx) {}
    ~HashJoinCursor() override { ctx_.Release(charged_); }

  protected:
    Status Begin(Row& row) override {
        row_ = &row;
        matches_ = nullptr;
        pos_ = 0;
        std::vector<uint64_t> partition;
        for (int s : spec_.partition_slots) partition.push_back(NodeKey(row, s));
        if (!built_ || partition != partition_) {
            partition_ = std::move(partition);
            RETURN_IF_ERROR(Build(row));
        }
        if (KeyOf(row, spec_.probe_keys, &key_)) {
            auto it = table_.find(key_);
            if (it != table_.end()) matches_ = &it->second;
        }
        return Status::Ok();
    }

    Result<bool> Produce(Chunk* out) override {
        if (matches_ == nullptr) {
            if (spec_.optional) {
                out->rows.push_back(*row_);
                for (int s : spec_.copy_slots) SetSlot(out->rows.back(), s, Value());
            }
            return false;
        }
        size_t end = std::min(matches_->size(), pos_ + 256);
        for (; pos_ < end; ++pos_) {
            const std::vector<Value>& built = rows_[(*matches_)[pos_]];
            out->rows.push_back(*row_);
            Row& r = out->rows.back();
            for (size_t i = 0; i < spec_.copy_slots.size(); ++i)
                SetSlot(r, spec_.copy_slots[i], built[i]);
        }
        return pos_ < matches_->size();
    }

  private:
    Status Build(const Row& argument) {
        built_ = true;
        table_.clear();
        rows_.clear();
        ctx_.Release(charged_);
        charged_ = 0;
        ASSIGN_OR_RETURN(auto cursor, OpenChild(op_.build(), ctx_, argument));
        Chunk chunk;
        std::string key;
        while (true) {
            ASSIGN_OR_RETURN(bool more, cursor->Next(&chunk));
            if (!more) break;
            for (const Row& r : chunk.rows) {
                if (!KeyOf(r, spec_.build_keys, &key)) continue;
                std::vector<Value> kept;
                kept.reserve(spec_.copy_slots.size());
                for (int s : spec_.copy_slots) {
                    kept.push_back(static_cast<size_t>(s) < r.size() ? r[static_cast<size_t>(s)]
                                                                     : Value());
                }
                size_t bytes = key.size() + sizeof(size_t) * 2 + kept.size() * sizeof(Value) + 64;
                RETURN_IF_ERROR(ctx_.Charge(bytes));
                charged_ += bytes;
                table_[key].push_back(rows_.size());
                rows_.push_back(std::move(kept));
            }
        }
        return Status::Ok();
    }

    const HashJoinOp& op_;
    const HashJoinSpec& spec_;
    ExecContext& ctx_;
    Row* row_ = nullptr;
    bool built_ = false;
    std::vector<uint64_t> partition_;
    std::unordered_map<std::string, std::vector<size_t>> table_;
    std::vector<std::vector<Value>> rows_;
    size_t charged_ = 0;
    std::string key_;
    const std::vector<size_t>* matches_ = nullptr;
    size_t pos_ = 0;
};

std::string SlotList(const std::vector<int>& slots) {
    std::string s;
    for (size_t i = 0; i < slots.size(); ++i) s += (i ? "," : "") + std::to_string(slots[i]);
    return s;
}

}  // namespace

Result<std::unique_ptr<Cursor>> HashJoinOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<HashJoinCursor>(std::move(in), *this, ctx));
}

std::string HashJoinOp::Detail() const {
    std::string s = "(" + SlotList(spec_.probe_keys) + ")=(" + SlotList(spec_.build_keys) + ")";
    if (!spec_.partition_slots.empty()) s += " per (" + SlotList(spec_.partition_slots) + ")";
    return s;
}

}  // namespace nexus::cypher::exec
