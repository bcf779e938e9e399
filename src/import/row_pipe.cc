// RowPipe: the reader thread and the hand-over of batches.
#include "import/row_pipe.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>

namespace nexus::import {

double ThreadCpuSeconds() {
    rusage u;
    if (getrusage(RUSAGE_THREAD, &u) != 0) return 0;
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void RowBatch::Get(size_t i, std::vector<CsvField>* out) const {
    const Record& r = records[i];
    out->resize(r.fields);
    for (uint32_t k = 0; k < r.fields; ++k) {
        const Field& f = fields[r.first_field + k];
        (*out)[k] = CsvField{std::string_view(text.data() + f.offset, f.size), f.quoted};
    }
}

Result<std::unique_ptr<RowPipe>> RowPipe::Start(const std::string& path, const CsvDialect& dialect,
                                                size_t batches, size_t batch_bytes,
                                                Resolver resolver, Converter converter) {
    ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(path, dialect));
    std::unique_ptr<RowPipe> pipe(new RowPipe(std::move(reader)));
    pipe->batch_bytes_ = batch_bytes;
    pipe->resolver_ = std::move(resolver);
    pipe->converter_ = std::move(converter);
    for (size_t i = 0; i < batches; ++i) pipe->free_.push_back(std::make_unique<RowBatch>());
    pipe->thread_ = std::thread([p = pipe.get()] { p->ReadLoop(); });
    return pipe;
}

RowPipe::~RowPipe() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void RowPipe::ReadLoop() {
    std::vector<CsvField> fields;
    std::string error;
    Status st;
    // The first batches are small and double up to batch_bytes_: the importer waits for the
    // first one of every file, and most LDBC files are a few batches long or less.
    size_t batch_limit = std::min(batch_bytes_, kFirstBatchBytes);
    const Resolver& resolver = resolver_;
    const Converter& converter = converter_;
    bool more = true;
    while (more) {
        std::unique_ptr<RowBatch> batch;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [&] { return stop_ || !free_.empty(); });
            if (stop_) return;
            batch = std::move(free_.back());
            free_.pop_back();
        }
        batch->Clear();
        size_t limit = batch_limit;
        batch_limit = std::min(batch_limit * 2, batch_bytes_);
        while (batch->text.size() < limit) {
            Result<bool> r = reader_->Next(&fields, &error);
            if (!r.ok()) {
                st = r.status();
                more = false;
                break;
            }
            if (!*r) {
                more = false;
                break;
            }
            RowBatch::Record rec;
            rec.first_field = static_cast<uint32_t>(batch->fields.size());
            rec.fields = static_cast<uint32_t>(fields.size());
            rec.line = reader_->line();
            rec.error = error;
            if (converter && error.empty()) {
                size_t before = batch->props.size();
                rec.converted = converter(fields, &batch->props, &rec.nprops);
                if (rec.converted) {
                    rec.props_offset = static_cast<uint32_t>(before);
                    rec.props_size = static_cast<uint32_t>(batch->props.size() - before);
                } else {
                    batch->props.resize(before);
                }
            }
            for (const CsvField& f : fields) {
                batch->fields.push_back(RowBatch::Field{static_cast<uint32_t>(batch->text.size()),
                                                        static_cast<uint32_t>(f.text.size()),
                                                        f.quoted});
                batch->text.append(f.text);
            }
            batch->records.push_back(std::move(rec));
        }
        if (resolver) resolver(batch.get());
        bytes_read_.store(reader_->bytes_read(), std::memory_order_relaxed);
        double cpu = more ? 0 : ThreadCpuSeconds();
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (!batch->records.empty())
                full_.push_back(std::move(batch));
            else
                free_.push_back(std::move(batch));
            if (!more) {
                cpu_seconds_ = cpu;
                done_ = true;
                status_ = st;
            }
        }
        cv_.notify_all();
    }
}

Result<const RowBatch*> RowPipe::Next() {
    std::unique_lock<std::mutex> lock(mu_);
    if (current_ != nullptr) free_.push_back(std::move(current_));
    cv_.notify_all();
    if (!done_ && full_.empty()) {
        auto started = std::chrono::steady_clock::now();
        cv_.wait(lock, [&] { return done_ || !full_.empty(); });
        wait_seconds_ +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
    if (!full_.empty()) {
        current_ = std::move(full_.front());
        full_.pop_front();
        return static_cast<const RowBatch*>(current_.get());
    }
    if (!status_.ok()) return status_;
    return static_cast<const RowBatch*>(nullptr);
}

}  // namespace nexus::import
