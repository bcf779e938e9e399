// Bolt request messages (decoded from untrusted bytes, checked for shape) and the four
// response messages (SUCCESS, RECORD, IGNORED, FAILURE) encoded for the wire.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nexus/status.h"
#include "nexus/value.h"
#include "server/bolt/packstream.h"

namespace nexus::server::bolt {

enum class MessageType : uint8_t {
    kHello = 0x01,
    kGoodbye = 0x02,
    kReset = 0x0F,
    kRun = 0x10,
    kBegin = 0x11,
    kCommit = 0x12,
    kRollback = 0x13,
    kDiscard = 0x2F,
    kPull = 0x3F,
    kTelemetry = 0x54,
    kRoute = 0x66,
    kLogon = 0x6A,
    kLogoff = 0x6B,
    kSuccess = 0x70,
    kRecord = 0x71,
    kIgnored = 0x7E,
    kFailure = 0x7F,
};

const char* MessageName(MessageType type);

struct Request {
    MessageType type = MessageType::kGoodbye;
    std::vector<Value> fields;  // checked: count and kinds match the message type

    // Field accessors for the common shapes (valid after DecodeRequest succeeded).
    const Map& extra() const;  // the metadata map (HELLO, BEGIN, PULL, DISCARD, LOGON, RUN[2])
};

// Decodes one message (the bytes between chunk end markers). kProtocolError for an unknown
// message, a wrong field count or a field of the wrong kind; kNotSupported / kArgumentError
// when a parameter value cannot be represented (the connection can carry on after those).
Result<Request> DecodeRequest(std::string_view bytes, const PackOptions& options);

// Encoders append one chunked message to *out.
void AppendSuccess(const Map& metadata, const PackOptions& options, std::string* out);
void AppendRecord(const std::vector<Value>& fields, const PackOptions& options, std::string* out);
void AppendIgnored(std::string* out);
// Carries both the pre-5.7 keys (code, message) and the 5.7+ GQL keys (neo4j_code,
// gql_status, description, diagnostic_record) so every driver version reads it.
// `code` overrides the Neo4j code the status maps to.
void AppendFailure(const Status& status, std::string* out, std::string_view code = {});

}  // namespace nexus::server::bolt
