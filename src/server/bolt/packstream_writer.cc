// PackWriter: nexus::Value -> PackStream bytes, including the Bolt graph and temporal
// structures in the shape the negotiated protocol version expects.
#include <bit>
#include <cstring>

#include "server/bolt/packstream.h"

namespace nexus::server::bolt {

void PackWriter::Be16(uint16_t v) {
    out_->push_back(static_cast<char>(v >> 8));
    out_->push_back(static_cast<char>(v));
}

void PackWriter::Be32(uint32_t v) {
    Be16(static_cast<uint16_t>(v >> 16));
    Be16(static_cast<uint16_t>(v));
}

void PackWriter::Be64(uint64_t v) {
    Be32(static_cast<uint32_t>(v >> 32));
    Be32(static_cast<uint32_t>(v));
}

void PackWriter::Null() {
    out_->push_back(static_cast<char>(0xC0));
}

void PackWriter::Bool(bool b) {
    out_->push_back(static_cast<char>(b ? 0xC3 : 0xC2));
}

void PackWriter::Int(int64_t v) {
    if (v >= -16 && v <= 127) {
        out_->push_back(static_cast<char>(static_cast<int8_t>(v)));
    } else if (v >= INT8_MIN && v <= INT8_MAX) {
        out_->push_back(static_cast<char>(0xC8));
        out_->push_back(static_cast<char>(static_cast<int8_t>(v)));
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
        out_->push_back(static_cast<char>(0xC9));
        Be16(static_cast<uint16_t>(v));
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        out_->push_back(static_cast<char>(0xCA));
        Be32(static_cast<uint32_t>(v));
    } else {
        out_->push_back(static_cast<char>(0xCB));
        Be64(static_cast<uint64_t>(v));
    }
}

void PackWriter::Float(double d) {
    out_->push_back(static_cast<char>(0xC1));
    Be64(std::bit_cast<uint64_t>(d));
}

void PackWriter::SizedHeader(uint32_t size, uint8_t tiny, uint8_t m8, uint8_t m16, uint8_t m32,
                             bool has8) {
    if (size < 16) {
        out_->push_back(static_cast<char>(tiny | size));
    } else if (has8 && size <= 0xFF) {
        out_->push_back(static_cast<char>(m8));
        out_->push_back(static_cast<char>(size));
    } else if (size <= 0xFFFF) {
        out_->push_back(static_cast<char>(m16));
        Be16(static_cast<uint16_t>(size));
    } else {
        out_->push_back(static_cast<char>(m32));
        Be32(size);
    }
}

void PackWriter::String(std::string_view s) {
    SizedHeader(static_cast<uint32_t>(s.size()), 0x80, 0xD0, 0xD1, 0xD2, true);
    out_->append(s);
}

void PackWriter::ListHeader(uint32_t size) {
    SizedHeader(size, 0x90, 0xD4, 0xD5, 0xD6, true);
}

void PackWriter::MapHeader(uint32_t size) {
    SizedHeader(size, 0xA0, 0xD8, 0xD9, 0xDA, true);
}

void PackWriter::StructHeader(uint8_t fields, uint8_t tag) {
    out_->push_back(static_cast<char>(0xB0 | (fields & 0x0F)));
    out_->push_back(static_cast<char>(tag));
}

void PackWriter::WriteMap(const Map& m) {
    MapHeader(static_cast<uint32_t>(m.size()));
    for (const auto& [key, value] : m) {
        String(key);
        Write(value);
    }
}

static void WriteProps(PackWriter* w, const std::shared_ptr<const Map>& props) {
    if (props) {
        w->WriteMap(*props);
    } else {
        w->MapHeader(0);
    }
}

void PackWriter::WriteNode(const Node& n) {
    StructHeader(options_.element_ids ? 4 : 3, static_cast<uint8_t>(StructTag::kNode));
    Int(n.id);
    ListHeader(static_cast<uint32_t>(n.labels.size()));
    for (const std::string& label : n.labels) String(label);
    WriteProps(this, n.properties);
    if (options_.element_ids) String(std::to_string(n.id));
}

void PackWriter::WriteRelationship(const Relationship& r) {
    StructHeader(options_.element_ids ? 8 : 5, static_cast<uint8_t>(StructTag::kRelationship));
    Int(r.id);
    Int(r.start_id);
    Int(r.end_id);
    String(r.type);
    WriteProps(this, r.properties);
    if (options_.element_ids) {
        String(std::to_string(r.id));
        String(std::to_string(r.start_id));
        String(std::to_string(r.end_id));
    }
}

void PackWriter::WriteUnbound(const Relationship& r) {
    StructHeader(options_.element_ids ? 4 : 3,
                 static_cast<uint8_t>(StructTag::kUnboundRelationship));
    Int(r.id);
    String(r.type);
    WriteProps(this, r.properties);
    if (options_.element_ids) String(std::to_string(r.id));
}

// Nodes and relationships are sent in path order (duplicates allowed); each step names its
// relationship as +i when traversed start->end and -i otherwise, then the next node's index.
void PackWriter::WritePath(const Path& p) {
    StructHeader(3, static_cast<uint8_t>(StructTag::kPath));
    ListHeader(static_cast<uint32_t>(p.nodes.size()));
    for (const Node& n : p.nodes) WriteNode(n);
    ListHeader(static_cast<uint32_t>(p.relationships.size()));
    for (const Relationship& r : p.relationships) WriteUnbound(r);
    ListHeader(static_cast<uint32_t>(p.relationships.size() * 2));
    for (size_t i = 0; i < p.relationships.size(); ++i) {
        const Relationship& r = p.relationships[i];
        bool forward = i < p.nodes.size() && r.start_id == p.nodes[i].id;
        int64_t index = static_cast<int64_t>(i) + 1;
        Int(forward ? index : -index);
        Int(index);
    }
}

void PackWriter::WriteDateTime(const DateTime& dt) {
    bool zoned = !dt.zone_id.empty();
    if (options_.utc_datetime) {
        StructHeader(
            3, static_cast<uint8_t>(zoned ? StructTag::kDateTimeZoneId : StructTag::kDateTime));
        Int(dt.seconds);
    } else {
        StructHeader(3, static_cast<uint8_t>(zoned ? StructTag::kLegacyDateTimeZoneId
                                                   : StructTag::kLegacyDateTime));
        Int(dt.seconds + dt.offset_seconds);
    }
    Int(dt.nanos);
    if (zoned) {
        String(dt.zone_id);
    } else {
        Int(dt.offset_seconds);
    }
}

void PackWriter::Write(const Value& v) {
    switch (v.kind()) {
        case ValueKind::kNull:
            Null();
            return;
        case ValueKind::kBool:
            Bool(v.as_bool());
            return;
        case ValueKind::kInt:
            Int(v.as_int());
            return;
        case ValueKind::kFloat:
            Float(v.as_float());
            return;
        case ValueKind::kString:
            String(v.as_string());
            return;
        case ValueKind::kList: {
            const List& l = v.as_list();
            ListHeader(static_cast<uint32_t>(l.size()));
            for (const Value& e : l) Write(e);
            return;
        }
        case ValueKind::kMap:
            WriteMap(v.as_map());
            return;
        case ValueKind::kNode:
            WriteNode(v.as_node());
            return;
        case ValueKind::kRelationship:
            WriteRelationship(v.as_relationship());
            return;
        case ValueKind::kPath:
            WritePath(v.as_path());
            return;
        case ValueKind::kDate:
            StructHeader(1, static_cast<uint8_t>(StructTag::kDate));
            Int(v.as_date().days);
            return;
        case ValueKind::kLocalTime:
            StructHeader(1, static_cast<uint8_t>(StructTag::kLocalTime));
            Int(v.as_local_time().nanos);
            return;
        case ValueKind::kTime:
            StructHeader(2, static_cast<uint8_t>(StructTag::kTime));
            Int(v.as_time().nanos);
            Int(v.as_time().offset_seconds);
            return;
        case ValueKind::kLocalDateTime:
            StructHeader(2, static_cast<uint8_t>(StructTag::kLocalDateTime));
            Int(v.as_local_date_time().seconds);
            Int(v.as_local_date_time().nanos);
            return;
        case ValueKind::kDateTime:
            WriteDateTime(v.as_date_time());
            return;
        case ValueKind::kDuration: {
            const Duration& d = v.as_duration();
            StructHeader(4, static_cast<uint8_t>(StructTag::kDuration));
            Int(d.months);
            Int(d.days);
            Int(d.seconds);
            Int(d.nanos);
            return;
        }
        case ValueKind::kPoint: {
            const Point& p = v.as_point();
            bool three = p.is_3d();
            StructHeader(three ? 4 : 3,
                         static_cast<uint8_t>(three ? StructTag::kPoint3D : StructTag::kPoint2D));
            Int(p.srid);
            Float(p.x);
            Float(p.y);
            if (three) Float(p.z);
            return;
        }
    }
    Null();
}

}  // namespace nexus::server::bolt
