// RowPipe: the reader thread and the hand-over of batches.
#include "import/row_pipe.h"

namespace nexus::import {

void RowBatch::Get(size_t i, std::vector<CsvField>* out) const {
    const Record& r = records[i];
    out->resize(r.fields);
    for (uint32_t k = 0; k < r.fields; ++k) {
        const Field& f = fields[r.first_field + k];
        (*out)[k] = CsvField{std::string_view(text.data() + f.offset, f.size), f.quoted};
    }
}

Result<std::unique_ptr<RowPipe>> RowPipe::Start(const std::string& path,
                                                const CsvDialect& dialect) {
    ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(path, dialect));
    std::unique_ptr<RowPipe> pipe(new RowPipe(std::move(reader)));
    for (size_t i = 0; i < kQueueDepth; ++i) pipe->free_.push_back(std::make_unique<RowBatch>());
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
    Resolver resolver;
    bool more = true;
    while (more) {
        std::unique_ptr<RowBatch> batch;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [&] { return stop_ || !free_.empty(); });
            if (stop_) return;
            batch = std::move(free_.back());
            free_.pop_back();
            resolver = resolver_;
        }
        batch->Clear();
        while (batch->text.size() < kBatchBytes) {
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
            if (resolver && error.empty()) rec.resolved = resolver(fields, &rec.start, &rec.end);
            for (const CsvField& f : fields) {
                batch->fields.push_back(RowBatch::Field{static_cast<uint32_t>(batch->text.size()),
                                                        static_cast<uint32_t>(f.text.size()),
                                                        f.quoted});
                batch->text.append(f.text);
            }
            batch->records.push_back(std::move(rec));
        }
        bytes_read_.store(reader_->bytes_read(), std::memory_order_relaxed);
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (!batch->records.empty())
                full_.push_back(std::move(batch));
            else
                free_.push_back(std::move(batch));
            if (!more) {
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
    cv_.wait(lock, [&] { return done_ || !full_.empty(); });
    if (!full_.empty()) {
        current_ = std::move(full_.front());
        full_.pop_front();
        return static_cast<const RowBatch*>(current_.get());
    }
    if (!status_.ok()) return status_;
    return static_cast<const RowBatch*>(nullptr);
}

}  // namespace nexus::import
