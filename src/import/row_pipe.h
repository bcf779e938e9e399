// RowPipe: reads one CSV file on its own thread (inflating and splitting records) and hands
// the records over in batches, so that parsing runs on one core while the importer converts
// and writes on the other. Records keep their line numbers and parse errors, in file order.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "import/csv_reader.h"

namespace nexus::import {

// A run of records copied out of the reader: field bytes in one arena.
struct RowBatch {
    struct Field {
        uint32_t offset;
        uint32_t size;
        bool quoted;
    };
    struct Record {
        uint32_t first_field;
        uint32_t fields;
        uint64_t line;
        std::string error;  // a malformed record (see CsvReader::Next)
        // Set by the resolver (see RowPipe::Start): the record's endpoints.
        bool resolved = false;
        uint64_t start = 0, end = 0;
        // Set by the converter (see RowPipe::Start): the record's encoded property
        // record, props_size bytes at props_offset in RowBatch::props.
        bool converted = false;
        uint32_t nprops = 0;
        uint32_t props_offset = 0, props_size = 0;
    };
    std::string text;
    std::vector<Field> fields;
    std::vector<Record> records;
    std::string props;  // converted property records

    void Clear() {
        text.clear();
        props.clear();
        fields.clear();
        records.clear();
    }
    // The fields of record `i` as CsvReader would return them.
    void Get(size_t i, std::vector<CsvField>* out) const;
    // The text of field `k` of `r` (k < r.fields).
    std::string_view Text(const Record& r, size_t k) const {
        const Field& f = fields[r.first_field + k];
        return std::string_view(text.data() + f.offset, f.size);
    }
};

// CPU seconds the calling thread used so far (0 when unknown).
double ThreadCpuSeconds();

class RowPipe {
  public:
    // Work moved to the reader thread: called on each filled batch; sets `resolved` and the
    // endpoints of the well-formed records it resolved (a whole batch at a time, so that
    // lookups can be issued ahead). Must only read shared state.
    using Resolver = std::function<void(RowBatch*)>;
    // Work moved to the reader thread: called on each well-formed record; true when it
    // appended the record's encoded property record to `out` (false: the
    // importer converts it itself, reporting what is wrong). Must only read shared state.
    using Converter =
        std::function<bool(const std::vector<CsvField>&, std::string* out, uint32_t* nprops)>;

    // Opens `path` and starts reading it, with `batches` batches of about `batch_bytes` of
    // field text in flight; `resolver` and `converter` (may be null) run on every record
    // from the first one on.
    static Result<std::unique_ptr<RowPipe>> Start(const std::string& path,
                                                  const CsvDialect& dialect,
                                                  size_t batches = kQueueDepth,
                                                  size_t batch_bytes = kBatchBytes,
                                                  Resolver resolver = nullptr,
                                                  Converter converter = nullptr);
    ~RowPipe();  // stops the reader thread

    // The next batch (valid until the next call), or null at the end of the file. A read
    // error of the file is returned once the records before it were handed over.
    Result<const RowBatch*> Next();
    uint64_t bytes_read() const { return bytes_read_.load(std::memory_order_relaxed); }
    // CPU time of the reader thread, once Next returned the end of the file.
    double cpu_seconds() {
        std::lock_guard<std::mutex> lock(mu_);
        return cpu_seconds_;
    }

    // Seconds the consumer spent in Next() waiting for a batch.
    double wait_seconds() const { return wait_seconds_; }

    static constexpr size_t kBatchBytes = 1 << 20;
    static constexpr size_t kFirstBatchBytes = 32 << 10;
    static constexpr size_t kQueueDepth = 4;

  private:
    explicit RowPipe(std::unique_ptr<CsvReader> reader) : reader_(std::move(reader)) {}
    void ReadLoop();

    std::unique_ptr<CsvReader> reader_;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::unique_ptr<RowBatch>> full_;  // filled, in file order
    std::vector<std::unique_ptr<RowBatch>> free_;
    std::unique_ptr<RowBatch> current_;  // held by the consumer
    bool done_ = false;                  // the reader finished (status_ says how)
    bool stop_ = false;                  // the consumer went away
    Status status_;
    Resolver resolver_;  // set before the thread starts, then only read by it
    Converter converter_;
    std::atomic<uint64_t> bytes_read_{0};
    size_t batch_bytes_ = kBatchBytes;
    double cpu_seconds_ = 0;
    double wait_seconds_ = 0;  // consumer side only
};

}  // namespace nexus::import
