// CsvReader: buffered (gzip-transparent) line reading and neo4j-admin field splitting.
#include "import/csv_reader.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace nexus::import {
namespace {

constexpr size_t kBlock = size_t{1} << 20;

enum class ParseResult { kOk, kOpenQuote };

struct Span {
    size_t off;
    size_t len;
    bool quoted;
};

// Splits one record; unescaped text goes to `out`, field extents to `spans`.
ParseResult SplitRecord(std::string_view rec, const CsvDialect& d, std::string* out,
                        std::vector<Span>* spans) {
    out->clear();
    spans->clear();
    size_t i = 0;
    const size_t n = rec.size();
    while (true) {
        size_t start = out->size();
        bool quoted = false;
        if (i < n && rec[i] == d.quote) {
            quoted = true;
            ++i;
            bool closed = false;
            while (i < n) {
                char c = rec[i];
                if (c == d.quote) {
                    if (i + 1 < n && rec[i + 1] == d.quote) {
                        out->push_back(c);
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                out->push_back(c);
                ++i;
            }
            if (!closed) return ParseResult::kOpenQuote;
        }
        // Unquoted text, or whatever follows a closing quote up to the delimiter.
        while (i < n && rec[i] != d.delimiter) out->push_back(rec[i++]);
        spans->push_back({start, out->size() - start, quoted});
        if (i >= n) break;
        ++i;  // the delimiter
    }
    return ParseResult::kOk;
}

}  // namespace

CsvReader::~CsvReader() {
    if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path,
                                                   const CsvDialect& dialect) {
    std::unique_ptr<CsvReader> r(new CsvReader(path, dialect));
    // gzopen reads plain files transparently, so .gz and plain input share one path.
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) {
        return Status(StatusCode::kNotFound, "cannot open " + path + ": " + std::strerror(errno));
    }
    gzbuffer(f, 256 * 1024);
    r->gz_ = f;
    r->buf_.resize(kBlock);
    return r;
}

uint64_t CsvReader::bytes_read() const {
    if (gz_ == nullptr) return 0;
    z_off_t off = gzoffset(static_cast<gzFile>(gz_));
    return off < 0 ? 0 : static_cast<uint64_t>(off);
}

Status CsvReader::Fill() {
    // Keep the unread tail, then top the buffer up.
    if (pos_ > 0) {
        std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
    }
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);  // a line longer than the buffer
    int got = gzread(static_cast<gzFile>(gz_), buf_.data() + end_,
                     static_cast<unsigned>(buf_.size() - end_));
    if (got < 0) {
        int errnum = 0;
        const char* msg = gzerror(static_cast<gzFile>(gz_), &errnum);
        return Status(errnum == Z_ERRNO ? StatusCode::kIOError : StatusCode::kCorruption,
                      path_ + ": " + (msg ? msg : "read failed"));
    }
    if (got == 0) eof_ = true;
    end_ += static_cast<size_t>(got);
    return Status::Ok();
}

Result<bool> CsvReader::ReadLine(std::string_view* line) {
    while (true) {
        const char* base = buf_.data();
        const void* nl = std::memchr(base + pos_, '\n', end_ - pos_);
        if (nl != nullptr) {
            size_t at = static_cast<const char*>(nl) - base;
            size_t len = at - pos_;
            if (len > 0 && base[pos_ + len - 1] == '\r') --len;
            *line = std::string_view(base + pos_, len);
            pos_ = at + 1;
            ++line_;
            return true;
        }
        if (eof_) {
            if (pos_ == end_) return false;
            size_t len = end_ - pos_;
            if (base[pos_ + len - 1] == '\r') --len;
            *line = std::string_view(base + pos_, len);
            pos_ = end_;
            ++line_;
            return true;
        }
        RETURN_IF_ERROR(Fill());
    }
}

Result<bool> CsvReader::Next(std::vector<CsvField>* fields, std::string* error) {
    error->clear();
    fields->clear();
    std::string_view line;
    // Blank lines carry no record (neo4j-admin skips them too).
    do {
        ASSIGN_OR_RETURN(bool more, ReadLine(&line));
        if (!more) return false;
    } while (line.empty());
    record_line_ = line_;
    // Reused across records (one per thread: each reader thread runs its own CsvReader).
    static thread_local std::vector<Span> spans;
    ParseResult pr = SplitRecord(line, d_, &scratch_, &spans);
    if (pr == ParseResult::kOpenQuote && d_.multiline_fields) {
        multi_line_.assign(line);
        while (pr == ParseResult::kOpenQuote) {
            ASSIGN_OR_RETURN(bool more, ReadLine(&line));
            if (!more) break;
            multi_line_.push_back('\n');
            multi_line_.append(line);
            pr = SplitRecord(multi_line_, d_, &scratch_, &spans);
        }
    }
    if (pr == ParseResult::kOpenQuote) {
        *error = "unterminated quote";
        return true;
    }
    fields->reserve(spans.size());
    for (const Span& s : spans) {
        fields->push_back({std::string_view(scratch_.data() + s.off, s.len), s.quoted});
    }
    return true;
}

std::vector<std::string_view> SplitArray(std::string_view text, char delim) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t at = text.find(delim, start);
        if (at == std::string_view::npos) at = text.size();
        if (at > start) out.push_back(text.substr(start, at - start));
        start = at + 1;
    }
    return out;
}

}  // namespace nexus::import
