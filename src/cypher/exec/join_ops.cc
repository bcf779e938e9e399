// HashJoin: build a hash table from the build plan's rows (once per partition of the probe
// rows), then stream the probe side through it. The table is charged to the query's memory
// budget; reading the build plan goes through OpenChild, which polls for interruption.
#include "cypher/exec/join_ops.h"

#include <algorithm>

namespace nexus::cypher::exec {
namespace {

constexpr uint64_t kNotANode = UINT64_MAX;

uint64_t NodeKey(const Row& row, int slot) {
    if (static_cast<size_t>(slot) >= row.size()) return kNotANode;
    const Value& v = row[static_cast<size_t>(slot)];
    return v.is_node() ? static_cast<uint64_t>(v.as_node().id) : kNotANode;
}

// The key slots' node ids; false when one is not a node (null never joins).
bool KeyOf(const Row& row, const std::vector<int>& slots, uint64_t* ids) {
    for (size_t i = 0; i < slots.size(); ++i) {
        ids[i] = NodeKey(row, slots[i]);
        if (ids[i] == kNotANode) return false;
    }
    return true;
}

// One key's table slot: a single node id is its own key; several are mixed into one (rows
// whose mixed keys collide share a chain and are told apart by their ids).
uint64_t MixKey(const uint64_t* ids, size_t n) {
    if (n == 1) return ids[0];
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < n; ++i) h = (h ^ ids[i]) * 0xff51afd7ed558ccdULL;
    return h ^ (h >> 32);
}

constexpr uint32_t kEnd = UINT32_MAX;

// The build rows of one partition, flat: each row's key ids and copied values side by side
// in two arrays, chained per key from an open-addressing table. No allocation per row or
// per key, and a rebuild reuses the arrays.
class BuildTable {
  public:
    BuildTable(size_t num_keys, size_t num_values) : k_(num_keys), v_(num_values) {}

    void Clear() {
        ids_.clear();
        values_.clear();
        size_ = 0;
    }
    void Add(const uint64_t* ids, const Row& r, const std::vector<int>& slots) {
        ids_.insert(ids_.end(), ids, ids + k_);
        for (int s : slots) {
            values_.push_back(static_cast<size_t>(s) < r.size() ? r[static_cast<size_t>(s)]
                                                                : Value());
        }
        ++size_;
    }
    // Chains the added rows by key, each chain in the order the rows were added.
    void Index() {
        size_t cap = 16;
        while (cap < size_ * 2) cap *= 2;
        // A table much larger than this build needs would cost its clearing on every build.
        if (slots_.size() < cap || slots_.size() > cap * 8) {
            slots_.assign(cap, Slot{0, kEnd});
        } else {
            std::fill(slots_.begin(), slots_.end(), Slot{0, kEnd});
        }
        next_.assign(size_, kEnd);
        for (size_t i = size_; i-- > 0;) {
            Slot& slot = Find(MixKey(&ids_[i * k_], k_));
            next_[i] = slot.head;
            slot.head = static_cast<uint32_t>(i);
        }
    }
    // The first row whose key ids equal `ids`, or kEnd.
    uint32_t First(const uint64_t* ids) const {
        if (size_ == 0) return kEnd;
        const uint64_t key = MixKey(ids, k_);
        const size_t mask = slots_.size() - 1;
        for (size_t i = Home(key, mask); slots_[i].head != kEnd; i = (i + 1) & mask) {
            if (slots_[i].key == key) return Skip(slots_[i].head, ids);
        }
        return kEnd;
    }
    uint32_t Next(uint32_t row, const uint64_t* ids) const { return Skip(next_[row], ids); }
    const Value* Values(uint32_t row) const { return &values_[static_cast<size_t>(row) * v_]; }

  private:
    struct Slot {
        uint64_t key;
        uint32_t head;  // kEnd: empty
    };
    static size_t Home(uint64_t key, size_t mask) {
        return static_cast<size_t>((key * 0x9e3779b97f4a7c15ULL) >> 20) & mask;
    }
    // The slot of `key`, claimed when absent.
    Slot& Find(uint64_t key) {
        const size_t mask = slots_.size() - 1;
        size_t i = Home(key, mask);
        while (slots_[i].head != kEnd && slots_[i].key != key) i = (i + 1) & mask;
        slots_[i].key = key;
        return slots_[i];
    }
    uint32_t Skip(uint32_t row, const uint64_t* ids) const {
        while (row != kEnd && !std::equal(ids, ids + k_, &ids_[static_cast<size_t>(row) * k_])) {
            row = next_[row];
        }
        return row;
    }

    size_t k_, v_;
    std::vector<uint64_t> ids_;
    std::vector<Value> values_;
    std::vector<uint32_t> next_;
    std::vector<Slot> slots_;
    size_t size_ = 0;
};

class HashJoinCursor : public PerRowCursor {
  public:
    HashJoinCursor(std::unique_ptr<Cursor> in, const HashJoinOp& op, ExecContext& ctx)
        : PerRowCursor(std::move(in)),
          op_(op),
          spec_(op.spec()),
          ctx_(ctx),
          table_(spec_.build_keys.size(), spec_.copy_slots.size()),
          key_(spec_.probe_keys.size()) {}
    ~HashJoinCursor() override { ctx_.Release(charged_); }

  protected:
    Status Begin(Row& row) override {
        row_ = &row;
        match_ = kEnd;
        partition_now_.clear();
        for (int s : spec_.partition_slots) partition_now_.push_back(NodeKey(row, s));
        if (!built_ || partition_now_ != partition_) {
            partition_.swap(partition_now_);
            RETURN_IF_ERROR(Build(row));
        }
        if (KeyOf(row, spec_.probe_keys, key_.data())) match_ = table_.First(key_.data());
        first_ = true;
        return Status::Ok();
    }

    Result<bool> Produce(Chunk* out) override {
        if (match_ == kEnd) {
            if (spec_.optional && first_) {
                out->rows.push_back(*row_);
                for (int s : spec_.copy_slots) SetSlot(out->rows.back(), s, Value());
            }
            return false;
        }
        first_ = false;
        for (size_t n = 0; n < 256 && match_ != kEnd; ++n) {
            const Value* built = table_.Values(match_);
            out->rows.push_back(*row_);
            Row& r = out->rows.back();
            for (size_t i = 0; i < spec_.copy_slots.size(); ++i) {
                SetSlot(r, spec_.copy_slots[i], built[i]);
            }
            match_ = table_.Next(match_, key_.data());
        }
        return match_ != kEnd;
    }

  private:
    Status Build(const Row& argument) {
        built_ = true;
        table_.Clear();
        ctx_.Release(charged_);
        charged_ = 0;
        ASSIGN_OR_RETURN(auto cursor, OpenChild(op_.build(), ctx_, argument));
        Chunk chunk;
        std::vector<uint64_t> ids(spec_.build_keys.size());
        const size_t row_bytes = ids.size() * sizeof(uint64_t) + sizeof(uint32_t) * 3 +
                                 spec_.copy_slots.size() * sizeof(Value);
        while (true) {
            ASSIGN_OR_RETURN(bool more, cursor->Next(&chunk));
            if (!more) break;
            for (const Row& r : chunk.rows) {
                if (!KeyOf(r, spec_.build_keys, ids.data())) continue;
                RETURN_IF_ERROR(ctx_.Charge(row_bytes));
                charged_ += row_bytes;
                table_.Add(ids.data(), r, spec_.copy_slots);
            }
        }
        table_.Index();
        return Status::Ok();
    }

    const HashJoinOp& op_;
    const HashJoinSpec& spec_;
    ExecContext& ctx_;
    Row* row_ = nullptr;
    bool built_ = false;
    std::vector<uint64_t> partition_, partition_now_;
    BuildTable table_;
    size_t charged_ = 0;
    std::vector<uint64_t> key_;
    uint32_t match_ = kEnd;
    bool first_ = true;
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
