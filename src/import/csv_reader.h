// CsvReader: splits neo4j-admin style CSV (plain or gzip) into records of fields, keeping the
// file name and 1-based line number of every record for bad-row reports. A quoted field may
// hold the delimiter and doubled quotes; an empty unquoted field and "" are told apart.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nexus/status.h"

namespace nexus::import {

struct CsvDialect {
    char delimiter = ',';
    char array_delimiter = ';';
    char quote = '"';
    bool multiline_fields = false;  // a quoted field may span lines
};

struct CsvField {
    std::string_view text;
    bool quoted = false;
};

class CsvReader {
  public:
    ~CsvReader();
    // Opens `path`; files ending in .gz (or starting with the gzip magic) are inflated.
    static Result<std::unique_ptr<CsvReader>> Open(const std::string& path,
                                                   const CsvDialect& dialect);

    // Reads the next record into `fields` (valid until the next call). Returns false at the
    // end of the file. A malformed record (unterminated quote) returns true with `error`
    // set; the reader resumes at the following line. kIOError/kCorruption on a read failure.
    Result<bool> Next(std::vector<CsvField>* fields, std::string* error);

    // Line on which the last record returned started.
    uint64_t line() const { return record_line_; }
    const std::string& path() const { return path_; }
    // Bytes read from the file so far (compressed bytes for gzip input).
    uint64_t bytes_read() const;

  private:
    CsvReader(std::string path, const CsvDialect& dialect) : path_(std::move(path)), d_(dialect) {}
    // Next physical line without its terminator; false at the end.
    Result<bool> ReadLine(std::string_view* line);
    Status Fill();

    std::string path_;
    CsvDialect d_;
    void* gz_ = nullptr;  // gzFile
    std::string buf_;
    size_t pos_ = 0;
    size_t end_ = 0;
    bool eof_ = false;
    uint64_t line_ = 0;
    uint64_t record_line_ = 0;
    std::string scratch_;     // unescaped field text
    std::string multi_line_;  // a record spanning lines
};

// Splits `text` at `delim` (for array columns and :LABEL); empty pieces are dropped.
std::vector<std::string_view> SplitArray(std::string_view text, char delim);

}  // namespace nexus::import
