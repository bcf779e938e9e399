// KeySorter and PairSorter: in-memory sort, run files, and the k-way merging cursors.
#include "import/spill_sorter.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace nexus::import {
namespace {

constexpr size_t kHeaderBytes = 20;  // a, b, key length of a KeySorter entry
constexpr size_t kMinReadBytes = 16 << 10;

Status IoError(const std::string& what, const std::string& path) {
    return Status(StatusCode::kIOError, what + " " + path + ": " + std::strerror(errno));
}

bool KeyLess(const KeyEntry& x, const KeyEntry& y) {
    int c = x.key.compare(y.key);
    if (c != 0) return c < 0;
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
}

void RemoveRuns(const std::vector<std::string>& runs) {
    for (const std::string& r : runs) std::remove(r.c_str());
}

}  // namespace

RunFileWriter::RunFileWriter(std::string path) : path_(std::move(path)) {
    f_ = std::fopen(path_.c_str(), "wb");
}

RunFileWriter::~RunFileWriter() {
    if (f_ != nullptr) std::fclose(f_);
}

void RunFileWriter::Flush() {
    if (f_ != nullptr && !buf_.empty() &&
        std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
        failed_ = true;
    }
    buf_.clear();
}

void RunFileWriter::Write(const void* p, size_t n) {
    constexpr size_t kBuffer = 256 << 10;
    if (buf_.size() + n > kBuffer) Flush();
    if (n >= kBuffer) {
        if (f_ != nullptr && std::fwrite(p, 1, n, f_) != n) failed_ = true;
        return;
    }
    buf_.append(static_cast<const char*>(p), n);
}

Status RunFileWriter::Close() {
    if (f_ == nullptr) return IoError("cannot create sort run", path_);
    Flush();
    bool bad = failed_ || std::fclose(f_) != 0;
    f_ = nullptr;
    if (bad) return IoError("cannot write sort run", path_);
    return Status::Ok();
}

RunFileReader::RunFileReader(const std::string& path, size_t buffer_bytes)
    : buf_(std::max(buffer_bytes, kMinReadBytes)) {
    f_ = std::fopen(path.c_str(), "rb");
    if (f_ == nullptr) status_ = IoError("cannot open sort run", path);
}

RunFileReader::~RunFileReader() {
    if (f_ != nullptr) std::fclose(f_);
}

bool RunFileReader::Fill() {
    if (f_ == nullptr) return false;
    end_ = std::fread(buf_.data(), 1, buf_.size(), f_);
    pos_ = 0;
    if (end_ == 0 && std::ferror(f_)) status_ = Status(StatusCode::kIOError, "reading a sort run");
    return end_ > 0;
}

bool RunFileReader::Read(void* out, size_t n) {
    auto* dst = static_cast<char*>(out);
    size_t done = 0;
    while (done < n) {
        if (pos_ == end_ && !Fill()) {
            if (done > 0 && status_.ok()) {
                status_ = Status(StatusCode::kCorruption, "a sort run ends inside an entry");
            }
            return false;
        }
        size_t k = std::min(n - done, end_ - pos_);
        std::memcpy(dst + done, buf_.data() + pos_, k);
        pos_ += k;
        done += k;
    }
    return true;
}

// ---- KeySorter

class MemKeyCursor : public KeyCursor {
  public:
    explicit MemKeyCursor(const KeySorter* s) : s_(s) { Load(); }
    bool Valid() const override { return i_ < s_->order_.size(); }
    const KeyEntry& entry() const override { return e_; }
    Status Next() override {
        ++i_;
        Load();
        return Status::Ok();
    }

  private:
    void Load() {
        if (Valid()) e_ = s_->At(s_->order_[i_].second);
    }
    const KeySorter* s_;
    size_t i_ = 0;
    KeyEntry e_;
};

namespace {

// One run of a merge: its reader and current entry.
struct KeySource {
    std::unique_ptr<RunFileReader> reader;
    std::string key;
    KeyEntry e;
    Result<bool> Advance() {
        char h[kHeaderBytes];
        if (!reader->Read(h, sizeof(h))) {
            RETURN_IF_ERROR(reader->status());
            return false;
        }
        uint32_t len;
        std::memcpy(&e.a, h, 8);
        std::memcpy(&e.b, h + 8, 8);
        std::memcpy(&len, h + 16, 4);
        key.resize(len);
        if (!reader->Read(key.data(), len)) {
            RETURN_IF_ERROR(reader->status());
            return Status(StatusCode::kCorruption, "a sort run ends inside a key");
        }
        e.key = key;
        return true;
    }
};

class MergeKeyCursor : public KeyCursor {
  public:
    Status Init(const std::vector<std::string>& runs, size_t read_bytes) {
        for (const std::string& path : runs) {
            auto src = std::make_unique<KeySource>();
            src->reader = std::make_unique<RunFileReader>(path, read_bytes / runs.size());
            RETURN_IF_ERROR(src->reader->status());
            ASSIGN_OR_RETURN(bool ok, src->Advance());
            if (ok) heap_.push_back(std::move(src));
        }
        std::make_heap(heap_.begin(), heap_.end(), Greater);
        return Status::Ok();
    }
    bool Valid() const override { return !heap_.empty(); }
    const KeyEntry& entry() const override { return heap_.front()->e; }
    Status Next() override {
        std::pop_heap(heap_.begin(), heap_.end(), Greater);
        ASSIGN_OR_RETURN(bool ok, heap_.back()->Advance());
        if (ok) {
            std::push_heap(heap_.begin(), heap_.end(), Greater);
        } else {
            heap_.pop_back();
        }
        return Status::Ok();
    }

  private:
    static bool Greater(const std::unique_ptr<KeySource>& x, const std::unique_ptr<KeySource>& y) {
        return KeyLess(y->e, x->e);
    }
    std::vector<std::unique_ptr<KeySource>> heap_;
};

}  // namespace

KeySorter::~KeySorter() {
    RemoveRuns(runs_);
}

void KeySorter::Add(std::string_view key, uint64_t a, uint64_t b) {
    uint32_t len = static_cast<uint32_t>(key.size());
    uint64_t prefix = 0;
    for (size_t i = 0; i < 8; ++i) {
        prefix = (prefix << 8) | (i < key.size() ? static_cast<uint8_t>(key[i]) : 0);
    }
    order_.emplace_back(prefix, arena_.size());
    char h[kHeaderBytes];
    std::memcpy(h, &a, 8);
    std::memcpy(h + 8, &b, 8);
    std::memcpy(h + 16, &len, 4);
    arena_.append(h, sizeof(h));
    arena_.append(key);
    sorted_ = false;
}

KeyEntry KeySorter::At(uint64_t offset) const {
    const char* p = arena_.data() + offset;
    KeyEntry e;
    uint32_t len;
    std::memcpy(&e.a, p, 8);
    std::memcpy(&e.b, p + 8, 8);
    std::memcpy(&len, p + 16, 4);
    e.key = std::string_view(p + kHeaderBytes, len);
    return e;
}

void KeySorter::Sort() {
    if (sorted_) return;
    std::sort(order_.begin(), order_.end(), [this](const auto& x, const auto& y) {
        if (x.first != y.first) return x.first < y.first;
        return KeyLess(At(x.second), At(y.second));
    });
    sorted_ = true;
}

Status KeySorter::Spill() {
    if (order_.empty()) return Status::Ok();
    Sort();
    runs_.push_back(prefix_ + std::to_string(runs_.size()));
    RunFileWriter w(runs_.back());
    for (const auto& [prefix, off] : order_) {
        KeyEntry e = At(off);
        w.Write(arena_.data() + off, kHeaderBytes + e.key.size());
    }
    RETURN_IF_ERROR(w.Close());
    arena_ = std::string();
    order_ = std::vector<std::pair<uint64_t, uint64_t>>();
    return Status::Ok();
}

Result<std::unique_ptr<KeyCursor>> KeySorter::Open(size_t read_bytes) {
    if (runs_.empty()) {
        Sort();
        return std::unique_ptr<KeyCursor>(new MemKeyCursor(this));
    }
    RETURN_IF_ERROR(Spill());
    auto c = std::make_unique<MergeKeyCursor>();
    RETURN_IF_ERROR(c->Init(runs_, read_bytes));
    return std::unique_ptr<KeyCursor>(std::move(c));
}

// ---- PairSorter

namespace {

using Pair = std::pair<uint64_t, uint64_t>;

class MemPairCursor : public PairCursor {
  public:
    explicit MemPairCursor(std::vector<Pair> v) : v_(std::move(v)) {}
    bool Valid() const override { return i_ < v_.size(); }
    Pair value() const override { return v_[i_]; }
    Status Next() override {
        ++i_;
        return Status::Ok();
    }

  private:
    std::vector<Pair> v_;
    size_t i_ = 0;
};

class MergePairCursor : public PairCursor {
  public:
    Status Init(const std::vector<std::string>& runs, size_t read_bytes) {
        for (size_t i = 0; i < runs.size(); ++i) {
            readers_.push_back(std::make_unique<RunFileReader>(runs[i], read_bytes / runs.size()));
            RETURN_IF_ERROR(readers_.back()->status());
            Pair p;
            if (readers_.back()->Read(&p, sizeof(p))) {
                heap_.emplace_back(p, i);
            } else {
                RETURN_IF_ERROR(readers_.back()->status());
            }
        }
        std::make_heap(heap_.begin(), heap_.end(), std::greater<>());
        return Status::Ok();
    }
    bool Valid() const override { return !heap_.empty(); }
    Pair value() const override { return heap_.front().first; }
    Status Next() override {
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
        RunFileReader& r = *readers_[heap_.back().second];
        if (r.Read(&heap_.back().first, sizeof(Pair))) {
            std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
        } else {
            RETURN_IF_ERROR(r.status());
            heap_.pop_back();
        }
        return Status::Ok();
    }

  private:
    std::vector<std::unique_ptr<RunFileReader>> readers_;
    std::vector<std::pair<Pair, size_t>> heap_;
};

}  // namespace

PairSorter::PairSorter(std::string prefix, uint64_t budget_bytes)
    : prefix_(std::move(prefix)),
      capacity_(std::max<uint64_t>(budget_bytes / sizeof(Pair), 1024)) {}

PairSorter::~PairSorter() {
    RemoveRuns(runs_);
}

Status PairSorter::Spill() {
    std::sort(buf_.begin(), buf_.end());
    runs_.push_back(prefix_ + std::to_string(runs_.size()));
    RunFileWriter w(runs_.back());
    w.Write(buf_.data(), buf_.size() * sizeof(Pair));
    RETURN_IF_ERROR(w.Close());
    buf_ = std::vector<Pair>();
    return Status::Ok();
}

Result<std::unique_ptr<PairCursor>> PairSorter::Open() {
    if (runs_.empty()) {
        std::sort(buf_.begin(), buf_.end());
        return std::unique_ptr<PairCursor>(new MemPairCursor(std::move(buf_)));
    }
    if (!buf_.empty()) RETURN_IF_ERROR(Spill());
    auto c = std::make_unique<MergePairCursor>();
    RETURN_IF_ERROR(c->Init(runs_, capacity_ * sizeof(Pair)));
    return std::unique_ptr<PairCursor>(std::move(c));
}

}  // namespace nexus::import
