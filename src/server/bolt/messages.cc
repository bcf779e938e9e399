// Bolt request decoding (shape checks per message type) and response encoding.
#include "server/bolt/messages.h"

#include "server/bolt/framing.h"

namespace nexus::server::bolt {

const char* MessageName(MessageType type) {
    switch (type) {
        case MessageType::kHello:
            return "HELLO";
        case MessageType::kGoodbye:
            return "GOODBYE";
        case MessageType::kReset:
            return "RESET";
        case MessageType::kRun:
            return "RUN";
        case MessageType::kBegin:
            return "BEGIN";
        case MessageType::kCommit:
            return "COMMIT";
        case MessageType::kRollback:
            return "ROLLBACK";
        case MessageType::kDiscard:
            return "DISCARD";
        case MessageType::kPull:
            return "PULL";
        case MessageType::kTelemetry:
            return "TELEMETRY";
        case MessageType::kRoute:
            return "ROUTE";
        case MessageType::kLogon:
            return "LOGON";
        case MessageType::kLogoff:
            return "LOGOFF";
        case MessageType::kSuccess:
            return "SUCCESS";
        case MessageType::kRecord:
            return "RECORD";
        case MessageType::kIgnored:
            return "IGNORED";
        case MessageType::kFailure:
            return "FAILURE";
    }
    return "UNKNOWN";
}

const Map& Request::extra() const {
    static const Map kEmpty;
    size_t i = type == MessageType::kRun ? 2 : 0;
    if (i < fields.size() && fields[i].is_map()) return fields[i].as_map();
    return kEmpty;
}

namespace {

// Expected fields per request: 'm' map, 's' string, 'i' integer, 'l' list, '?' map or null.
const char* Shape(MessageType type) {
    switch (type) {
        case MessageType::kHello:
            return "m";
        case MessageType::kGoodbye:
            return "";
        case MessageType::kReset:
            return "";
        case MessageType::kRun:
            return "smm";
        case MessageType::kBegin:
            return "m";
        case MessageType::kCommit:
            return "";
        case MessageType::kRollback:
            return "";
        case MessageType::kDiscard:
            return "m";
        case MessageType::kPull:
            return "m";
        case MessageType::kTelemetry:
            return "i";
        case MessageType::kRoute:
            return "ml?";
        case MessageType::kLogon:
            return "m";
        case MessageType::kLogoff:
            return "";
        default:
            return nullptr;
    }
}

bool Matches(char want, const Value& v) {
    switch (want) {
        case 'm':
            return v.is_map();
        case 's':
            return v.is_string();
        case 'i':
            return v.is_int();
        case 'l':
            return v.is_list();
        case '?':
            return v.is_map() || v.is_null() || v.is_string();
    }
    return false;
}

}  // namespace

Result<Request> DecodeRequest(std::string_view bytes, const PackOptions& options) {
    PackReader reader(bytes, options);
    uint8_t fields = 0;
    uint8_t tag = 0;
    RETURN_IF_ERROR(reader.ReadStructHeader(&fields, &tag));
    Request req;
    req.type = static_cast<MessageType>(tag);
    const char* shape = Shape(req.type);
    if (shape == nullptr) {
        return Status(StatusCode::kProtocolError, "unknown Bolt message 0x" + std::to_string(tag));
    }
    std::string_view want(shape);
    if (fields != want.size()) {
        return Status(StatusCode::kProtocolError,
                      std::string(MessageName(req.type)) + " has " + std::to_string(fields) +
                          " fields, expected " + std::to_string(want.size()));
    }
    for (size_t i = 0; i < want.size(); ++i) {
        ASSIGN_OR_RETURN(Value v, reader.Read());
        if (!Matches(want[i], v)) {
            return Status(StatusCode::kProtocolError, std::string(MessageName(req.type)) +
                                                          " field " + std::to_string(i) +
                                                          " has the wrong type");
        }
        req.fields.push_back(std::move(v));
    }
    if (!reader.AtEnd()) {
        return Status(StatusCode::kProtocolError,
                      std::string("trailing bytes after ") + MessageName(req.type));
    }
    return req;
}

namespace {

// Encodes one message straight into *out behind a reserved 2-byte chunk header, saving a
// temporary string and a copy per message on the streaming path. A message over one chunk
// (a huge record) is moved out and re-chunked.
template <typename Encode>
void AppendMessage(const PackOptions& options, std::string* out, Encode&& encode) {
    size_t start = out->size();
    out->append(2, '\0');
    PackWriter w(out, options);
    encode(w);
    size_t size = out->size() - start - 2;
    if (size <= 0xFFFF) {
        (*out)[start] = static_cast<char>(size >> 8);
        (*out)[start + 1] = static_cast<char>(size);
        out->append(2, '\0');
        return;
    }
    std::string msg = out->substr(start + 2);
    out->resize(start);
    AppendChunked(msg, out);
}

}  // namespace

void AppendSuccess(const Map& metadata, const PackOptions& options, std::string* out) {
    AppendMessage(options, out, [&](PackWriter& w) {
        w.StructHeader(1, static_cast<uint8_t>(MessageType::kSuccess));
        w.WriteMap(metadata);
    });
}

void AppendRecord(const std::vector<Value>& fields, const PackOptions& options, std::string* out) {
    AppendMessage(options, out, [&](PackWriter& w) {
        w.StructHeader(1, static_cast<uint8_t>(MessageType::kRecord));
        w.ListHeader(static_cast<uint32_t>(fields.size()));
        for (const Value& v : fields) w.Write(v);
    });
}

void AppendIgnored(std::string* out) {
    AppendMessage(PackOptions{}, out, [&](PackWriter& w) {
        w.StructHeader(0, static_cast<uint8_t>(MessageType::kIgnored));
    });
}

void AppendFailure(const Status& status, std::string* out, std::string_view code_override) {
    std::string code = code_override.empty() ? status.neo4j_code() : std::string(code_override);
    if (code.empty()) code = "Neo.DatabaseError.General.UnknownError";
    std::string message = status.message();
    if (status.position()) {
        message += " (line " + std::to_string(status.position()->line) + ", column " +
                   std::to_string(status.position()->column) +
                   ", offset: " + std::to_string(status.position()->offset) + ")";
    }
    Map diagnostic{{"OPERATION", ""}, {"OPERATION_CODE", "0"}, {"CURRENT_SCHEMA", "/"}};
    Map meta{{"code", code},
             {"neo4j_code", code},
             {"message", message},
             {"gql_status", "50N42"},
             {"description", "error: general processing exception - unexpected error. " + message},
             {"diagnostic_record", Value(std::move(diagnostic))}};
    std::string msg;
    PackWriter w(&msg);
    w.StructHeader(1, static_cast<uint8_t>(MessageType::kFailure));
    w.WriteMap(meta);
    AppendChunked(msg, out);
}

}  // namespace nexus::server::bolt
