// Status and Result<T>: how every fallible Nexus call reports failure.
// A Status carries a code, a message and, where it applies, a source position; each code
// maps to one Neo4j status code (see status.cc) so drivers raise the right error class.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace nexus {

enum class StatusCode : uint8_t {
    kOk = 0,
    kInvalidArgument,      // bad call from the embedding program
    kNotFound,             // a file or object that does not exist
    kCorruption,           // bytes on disk fail a checksum or a format check
    kIOError,              // the OS refused a read, write or fsync
    kDiskFull,             // ENOSPC / EDQUOT
    kBusy,                 // a lock could not be taken
    kAborted,              // the transaction was rolled back (or must be)
    kNotSupported,         // a feature Nexus does not have yet
    kInternal,             // a bug: should never reach a user
    kSyntaxError,          // Neo.ClientError.Statement.SyntaxError
    kSemanticError,        // Neo.ClientError.Statement.SemanticError
    kTypeError,            // Neo.ClientError.Statement.TypeError
    kArgumentError,        // Neo.ClientError.Statement.ArgumentError
    kEntityNotFound,       // Neo.ClientError.Statement.EntityNotFound
    kParameterMissing,     // Neo.ClientError.Statement.ParameterMissing
    kConstraintViolation,  // Neo.ClientError.Schema.ConstraintValidationFailed
    kSchemaError,          // Neo.ClientError.Schema.* (equivalent index exists, ...)
    kDeleteConnected,      // Neo.ClientError.Schema.ConstraintValidationFailed (delete with rels)
    kMemoryLimit,          // Neo.TransientError.General.MemoryPoolOutOfMemoryError
    kTimeout,              // Neo.ClientError.Transaction.TransactionTimedOut
    kCancelled,            // Neo.TransientError.Transaction.Terminated
    kUnauthorized,         // Neo.ClientError.Security.Unauthorized
    kProtocolError,        // Neo.ClientError.Request.Invalid
    kTransactionError,     // Neo.ClientError.Transaction.*
    kProcedureNotFound,    // Neo.ClientError.Procedure.ProcedureNotFound
    kArithmeticError,      // Neo.ClientError.Statement.ArithmeticError (overflow, / by zero)
};

// Line and column (both 1-based) of the query text an error refers to.
struct SourcePosition {
    uint32_t line = 0;
    uint32_t column = 0;
    uint32_t offset = 0;
};

class [[nodiscard]] Status {
  public:
    Status() = default;
    Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
    Status(StatusCode code, std::string message, SourcePosition pos)
        : code_(code), message_(std::move(message)), position_(pos) {}

    static Status Ok() { return Status(); }

    bool ok() const { return code_ == StatusCode::kOk; }
    StatusCode code() const { return code_; }
    const std::string& message() const { return message_; }
    const std::optional<SourcePosition>& position() const { return position_; }

    // The Neo4j status code string, e.g. "Neo.ClientError.Statement.SyntaxError".
    const char* neo4j_code() const;
    // "Neo.ClientError.Statement.SyntaxError: message (line 1, column 8)".
    std::string ToString() const;

    // Marks a status as deliberately ignored.
    void IgnoreError() const {}

  private:
    StatusCode code_ = StatusCode::kOk;
    std::string message_;
    std::optional<SourcePosition> position_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : data_(std::move(value)) {}         // NOLINT: implicit by design
    Result(Status status) : data_(std::move(status)) {}  // NOLINT: implicit by design
    Result(StatusCode code, std::string message) : data_(Status(code, std::move(message))) {}

    bool ok() const { return std::holds_alternative<T>(data_); }
    const Status& status() const {
        static const Status kOkStatus;
        return ok() ? kOkStatus : std::get<Status>(data_);
    }
    T& value() & { return std::get<T>(data_); }
    const T& value() const& { return std::get<T>(data_); }
    T&& value() && { return std::get<T>(std::move(data_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

  private:
    std::variant<T, Status> data_;
};

}  // namespace nexus

#define NEXUS_CONCAT_INNER(a, b) a##b
#define NEXUS_CONCAT(a, b) NEXUS_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                  \
    do {                                       \
        ::nexus::Status _nexus_st = (expr);    \
        if (!_nexus_st.ok()) return _nexus_st; \
    } while (0)

// ASSIGN_OR_RETURN(auto x, Call()) declares x from a Result or returns its Status.
#define ASSIGN_OR_RETURN(lhs, expr) \
    ASSIGN_OR_RETURN_IMPL(NEXUS_CONCAT(_nexus_res_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
    auto tmp = (expr);                        \
    if (!tmp.ok()) return tmp.status();       \
    lhs = std::move(tmp).value()
