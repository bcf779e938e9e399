// Status -> Neo4j status code table and message formatting.
#include "nexus/status.h"

namespace nexus {

const char* Status::neo4j_code() const {
    switch (code_) {
        case StatusCode::kOk:
            return "";
        case StatusCode::kInvalidArgument:
            return "Neo.ClientError.Request.Invalid";
        case StatusCode::kNotFound:
            return "Neo.ClientError.Database.DatabaseNotFound";
        case StatusCode::kCorruption:
            return "Neo.DatabaseError.General.StorageDamageDetected";
        case StatusCode::kIOError:
            return "Neo.DatabaseError.General.UnknownError";
        case StatusCode::kDiskFull:
            return "Neo.DatabaseError.General.OutOfDiskSpace";
        case StatusCode::kBusy:
            return "Neo.TransientError.Transaction.LockClientStopped";
        case StatusCode::kAborted:
            return "Neo.TransientError.Transaction.Outdated";
        case StatusCode::kNotSupported:
            return "Neo.ClientError.Statement.FeatureNotSupported";
        case StatusCode::kInternal:
            return "Neo.DatabaseError.General.UnknownError";
        case StatusCode::kSyntaxError:
            return "Neo.ClientError.Statement.SyntaxError";
        case StatusCode::kSemanticError:
            return "Neo.ClientError.Statement.SemanticError";
        case StatusCode::kTypeError:
            return "Neo.ClientError.Statement.TypeError";
        case StatusCode::kArgumentError:
            return "Neo.ClientError.Statement.ArgumentError";
        case StatusCode::kEntityNotFound:
            return "Neo.ClientError.Statement.EntityNotFound";
        case StatusCode::kParameterMissing:
            return "Neo.ClientError.Statement.ParameterMissing";
        case StatusCode::kConstraintViolation:
            return "Neo.ClientError.Schema.ConstraintValidationFailed";
        case StatusCode::kSchemaError:
            return "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists";
        case StatusCode::kDeleteConnected:
            return "Neo.ClientError.Schema.ConstraintValidationFailed";
        case StatusCode::kMemoryLimit:
            return "Neo.TransientError.General.MemoryPoolOutOfMemoryError";
        case StatusCode::kTimeout:
            return "Neo.ClientError.Transaction.TransactionTimedOut";
        case StatusCode::kCancelled:
            return "Neo.TransientError.Transaction.Terminated";
        case StatusCode::kUnauthorized:
            return "Neo.ClientError.Security.Unauthorized";
        case StatusCode::kProtocolError:
            return "Neo.ClientError.Request.Invalid";
        case StatusCode::kTransactionError:
            return "Neo.ClientError.Transaction.TransactionNotFound";
        case StatusCode::kProcedureNotFound:
            return "Neo.ClientError.Procedure.ProcedureNotFound";
        case StatusCode::kArithmeticError:
            return "Neo.ClientError.Statement.ArithmeticError";
    }
    return "Neo.DatabaseError.General.UnknownError";
}

std::string Status::ToString() const {
    if (ok()) return "OK";
    std::string out = neo4j_code();
    out += ": ";
    out += message_;
    if (position_) {
        out += " (line " + std::to_string(position_->line) + ", column " +
               std::to_string(position_->column) + ")";
    }
    return out;
}

}  // namespace nexus
