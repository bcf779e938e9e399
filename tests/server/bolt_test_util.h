// Helpers for driving a BoltSession in tests: build request messages, split and decode the
// chunked responses.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/bolt/framing.h"
#include "server/bolt/messages.h"
#include "server/bolt/packstream.h"

namespace nexus::server::testing {

struct Response {
    bolt::MessageType type = bolt::MessageType::kIgnored;
    Value field;  // metadata map (SUCCESS/FAILURE) or field list (RECORD); null for IGNORED
    const Map& meta() const {
        static const Map kEmpty;
        return field.is_map() ? field.as_map() : kEmpty;
    }
    std::string code() const {
        auto it = meta().find("code");
        return it == meta().end() ? "" : it->second.as_string();
    }
};

inline std::string Msg(bolt::MessageType type, std::vector<Value> fields = {},
                       bolt::PackOptions o = {}) {
    std::string out;
    bolt::PackWriter w(&out, o);
    w.StructHeader(static_cast<uint8_t>(fields.size()), static_cast<uint8_t>(type));
    for (const Value& f : fields) w.Write(f);
    return out;
}

inline std::vector<Response> Decode(const std::string& wire, bolt::PackOptions o = {}) {
    bolt::ChunkReader reader;
    reader.Append(wire);
    std::vector<Response> out;
    std::string msg;
    while (true) {
        Result<bool> more = reader.Next(&msg);
        EXPECT_TRUE(more.ok());
        if (!more.ok() || !*more) break;
        bolt::PackReader r(msg, o);
        uint8_t fields = 0, tag = 0;
        EXPECT_TRUE(r.ReadStructHeader(&fields, &tag).ok());
        Response resp;
        resp.type = static_cast<bolt::MessageType>(tag);
        if (fields == 1) {
            Result<Value> v = r.Read();
            EXPECT_TRUE(v.ok()) << v.status().ToString();
            if (v.ok()) resp.field = *v;
        }
        out.push_back(std::move(resp));
    }
    EXPECT_EQ(reader.buffered(), 0u);
    return out;
}

}  // namespace nexus::server::testing
