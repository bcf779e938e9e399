// PackReader: untrusted PackStream bytes -> nexus::Value. Every length is checked against the
// bytes present before anything is allocated, and nesting is bounded, so hostile input yields
// an error rather than a crash or a huge allocation.
#include <bit>

#include "cypher/functions/time_zone.h"
#include "server/bolt/packstream.h"

namespace nexus::server::bolt {

Status PackReader::Malformed(const std::string& what) const {
    return Status(StatusCode::kProtocolError,
                  "malformed PackStream at byte " + std::to_string(pos_) + ": " + what);
}

Status PackReader::Need(uint64_t n) const {
    if (n > data_.size() - pos_) return Malformed("truncated value");
    return Status::Ok();
}

Result<uint64_t> PackReader::ReadBe(int bytes) {
    RETURN_IF_ERROR(Need(static_cast<uint64_t>(bytes)));
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_++]);
    return v;
}

Result<std::string> PackReader::ReadStringBody(uint64_t size) {
    RETURN_IF_ERROR(Need(size));
    std::string s(data_.substr(pos_, size));
    pos_ += size;
    return s;
}

Result<Value> PackReader::Read() {
    return ReadAt(0);
}

Status PackReader::ReadStructHeader(uint8_t* fields, uint8_t* tag) {
    RETURN_IF_ERROR(Need(2));
    uint8_t marker = static_cast<uint8_t>(data_[pos_]);
    if ((marker & 0xF0) != 0xB0) return Malformed("expected a structure");
    *fields = marker & 0x0F;
    *tag = static_cast<uint8_t>(data_[pos_ + 1]);
    pos_ += 2;
    return Status::Ok();
}

Result<Value> PackReader::ReadAt(int depth) {
    if (depth > kMaxDepth) return Malformed("nesting deeper than " + std::to_string(kMaxDepth));
    RETURN_IF_ERROR(Need(1));
    uint8_t m = static_cast<uint8_t>(data_[pos_++]);
    uint64_t size = 0;
    enum { kStr, kList, kMap, kBytes } sized;
    if (m < 0x80) return Value(int64_t{m});
    if (m >= 0xF0) return Value(int64_t{static_cast<int8_t>(m)});
    if (m >= 0x80 && m <= 0x8F) {
        sized = kStr, size = m & 0x0F;
    } else if (m >= 0x90 && m <= 0x9F) {
        sized = kList, size = m & 0x0F;
    } else if (m >= 0xA0 && m <= 0xAF) {
        sized = kMap, size = m & 0x0F;
    } else if (m >= 0xB0 && m <= 0xBF) {
        RETURN_IF_ERROR(Need(1));
        uint8_t tag = static_cast<uint8_t>(data_[pos_++]);
        return ReadStruct(m & 0x0F, tag, depth);
    } else {
        switch (m) {
            case 0xC0:
                return Value();
            case 0xC1: {
                ASSIGN_OR_RETURN(uint64_t bits, ReadBe(8));
                return Value(std::bit_cast<double>(bits));
            }
            case 0xC2:
                return Value(false);
            case 0xC3:
                return Value(true);
            case 0xC8: {
                ASSIGN_OR_RETURN(uint64_t v, ReadBe(1));
                return Value(int64_t{static_cast<int8_t>(v)});
            }
            case 0xC9: {
                ASSIGN_OR_RETURN(uint64_t v, ReadBe(2));
                return Value(int64_t{static_cast<int16_t>(v)});
            }
            case 0xCA: {
                ASSIGN_OR_RETURN(uint64_t v, ReadBe(4));
                return Value(int64_t{static_cast<int32_t>(v)});
            }
            case 0xCB: {
                ASSIGN_OR_RETURN(uint64_t v, ReadBe(8));
                return Value(static_cast<int64_t>(v));
            }
            case 0xCC:
            case 0xCD:
            case 0xCE: {
                ASSIGN_OR_RETURN(size, ReadBe(1 << (m - 0xCC)));
                sized = kBytes;
                break;
            }
            case 0xD0:
            case 0xD1:
            case 0xD2: {
                ASSIGN_OR_RETURN(size, ReadBe(1 << (m - 0xD0)));
                sized = kStr;
                break;
            }
            case 0xD4:
            case 0xD5:
            case 0xD6: {
                ASSIGN_OR_RETURN(size, ReadBe(1 << (m - 0xD4)));
                sized = kList;
                break;
            }
            case 0xD8:
            case 0xD9:
            case 0xDA: {
                ASSIGN_OR_RETURN(size, ReadBe(1 << (m - 0xD8)));
                sized = kMap;
                break;
            }
            default: {
                --pos_;
                return Malformed("unknown marker 0x" + std::to_string(m));
            }
        }
    }
    switch (sized) {
        case kStr: {
            ASSIGN_OR_RETURN(std::string s, ReadStringBody(size));
            return Value(std::move(s));
        }
        case kBytes:
            RETURN_IF_ERROR(Need(size));
            pos_ += size;
            return Status(StatusCode::kNotSupported, "byte arrays are not supported");
        case kList: {
            // Each element takes at least one byte: a count beyond the bytes left is a lie.
            RETURN_IF_ERROR(Need(size));
            List list;
            list.reserve(size);
            for (uint64_t i = 0; i < size; ++i) {
                ASSIGN_OR_RETURN(Value e, ReadAt(depth + 1));
                list.push_back(std::move(e));
            }
            return Value(std::move(list));
        }
        case kMap: {
            RETURN_IF_ERROR(Need(size * 2));
            Map map;
            for (uint64_t i = 0; i < size; ++i) {
                ASSIGN_OR_RETURN(Value key, ReadAt(depth + 1));
                if (!key.is_string()) return Malformed("map key is not a string");
                ASSIGN_OR_RETURN(Value value, ReadAt(depth + 1));
                map.insert_or_assign(key.as_string(), std::move(value));
            }
            return Value(std::move(map));
        }
    }
    return Malformed("unreachable");
}

Result<Value> PackReader::ReadStruct(uint8_t fields, uint8_t tag, int depth) {
    switch (static_cast<StructTag>(tag)) {
        case StructTag::kNode:
        case StructTag::kRelationship:
        case StructTag::kUnboundRelationship:
        case StructTag::kPath:
            return ReadGraphStruct(fields, tag, depth);
        default:
            return ReadTemporalStruct(fields, tag, depth);
    }
}

namespace {

// The fields of one structure, read eagerly and checked for type.
struct Fields {
    std::vector<Value> v;
    bool Int(size_t i) const { return i < v.size() && v[i].is_int(); }
    bool Str(size_t i) const { return i < v.size() && v[i].is_string(); }
    bool Num(size_t i) const { return i < v.size() && v[i].is_float(); }
};

Result<Node> ToNode(const Value& v) {
    if (!v.is_node()) return Status(StatusCode::kProtocolError, "path node is not a Node");
    return v.as_node();
}

}  // namespace

Result<Value> PackReader::ReadGraphStruct(uint8_t fields, uint8_t tag, int depth) {
    Fields f;
    for (uint8_t i = 0; i < fields; ++i) {
        ASSIGN_OR_RETURN(Value e, ReadAt(depth + 1));
        f.v.push_back(std::move(e));
    }
    auto props = [&](size_t i) -> std::shared_ptr<const Map> {
        return std::make_shared<const Map>(f.v[i].as_map());
    };
    switch (static_cast<StructTag>(tag)) {
        case StructTag::kNode: {
            if ((fields != 3 && fields != 4) || !f.Int(0) || !f.v[1].is_list() ||
                !f.v[2].is_map()) {
                return Malformed("bad Node structure");
            }
            Node n;
            n.id = f.v[0].as_int();
            for (const Value& l : f.v[1].as_list()) {
                if (!l.is_string()) return Malformed("node label is not a string");
                n.labels.push_back(l.as_string());
            }
            n.properties = props(2);
            return Value(std::move(n));
        }
        case StructTag::kRelationship: {
            if ((fields != 5 && fields != 8) || !f.Int(0) || !f.Int(1) || !f.Int(2) || !f.Str(3) ||
                !f.v[4].is_map()) {
                return Malformed("bad Relationship structure");
            }
            Relationship r;
            r.id = f.v[0].as_int();
            r.start_id = f.v[1].as_int();
            r.end_id = f.v[2].as_int();
            r.type = f.v[3].as_string();
            r.properties = props(4);
            return Value(std::move(r));
        }
        case StructTag::kUnboundRelationship: {
            if ((fields != 3 && fields != 4) || !f.Int(0) || !f.Str(1) || !f.v[2].is_map()) {
                return Malformed("bad UnboundRelationship structure");
            }
            Relationship r;
            r.id = f.v[0].as_int();
            r.type = f.v[1].as_string();
            r.properties = props(2);
            return Value(std::move(r));
        }
        default:
            break;
    }
    // Path: unique nodes, unique unbound relationships, and (rel, node) index pairs.
    if (fields != 3 || !f.v[0].is_list() || !f.v[1].is_list() || !f.v[2].is_list()) {
        return Malformed("bad Path structure");
    }
    const List& nodes = f.v[0].as_list();
    const List& rels = f.v[1].as_list();
    const List& idx = f.v[2].as_list();
    if (nodes.empty() || idx.size() % 2 != 0) return Malformed("bad Path structure");
    Path path;
    ASSIGN_OR_RETURN(Node first, ToNode(nodes[0]));
    path.nodes.push_back(std::move(first));
    for (size_t i = 0; i < idx.size(); i += 2) {
        if (!idx[i].is_int() || !idx[i + 1].is_int()) return Malformed("bad Path index");
        int64_t ri = idx[i].as_int();
        int64_t ni = idx[i + 1].as_int();
        int64_t rabs = ri < 0 ? -ri : ri;
        if (ri == 0 || rabs > static_cast<int64_t>(rels.size()) || ni < 0 ||
            ni >= static_cast<int64_t>(nodes.size()) || !rels[rabs - 1].is_relationship()) {
            return Malformed("Path index out of range");
        }
        ASSIGN_OR_RETURN(Node next, ToNode(nodes[ni]));
        Relationship r = rels[rabs - 1].as_relationship();
        int64_t prev = path.nodes.back().id;
        r.start_id = ri > 0 ? prev : next.id;
        r.end_id = ri > 0 ? next.id : prev;
        path.relationships.push_back(std::move(r));
        path.nodes.push_back(std::move(next));
    }
    return Value(std::move(path));
}

Result<Value> PackReader::ReadTemporalStruct(uint8_t fields, uint8_t tag, int depth) {
    Fields f;
    for (uint8_t i = 0; i < fields; ++i) {
        ASSIGN_OR_RETURN(Value e, ReadAt(depth + 1));
        f.v.push_back(std::move(e));
    }
    auto bad = [&](const char* name) { return Malformed(std::string("bad ") + name); };
    switch (static_cast<StructTag>(tag)) {
        case StructTag::kDate:
            if (fields != 1 || !f.Int(0)) return bad("Date");
            return Value(Date{f.v[0].as_int()});
        case StructTag::kLocalTime:
            if (fields != 1 || !f.Int(0)) return bad("LocalTime");
            return Value(LocalTime{f.v[0].as_int()});
        case StructTag::kTime:
            if (fields != 2 || !f.Int(0) || !f.Int(1)) return bad("Time");
            return Value(Time{f.v[0].as_int(), static_cast<int32_t>(f.v[1].as_int())});
        case StructTag::kLocalDateTime:
            if (fields != 2 || !f.Int(0) || !f.Int(1)) return bad("LocalDateTime");
            return Value(LocalDateTime{f.v[0].as_int(), static_cast<int32_t>(f.v[1].as_int())});
        case StructTag::kDuration:
            if (fields != 4 || !f.Int(0) || !f.Int(1) || !f.Int(2) || !f.Int(3)) {
                return bad("Duration");
            }
            return Value(Duration{f.v[0].as_int(), f.v[1].as_int(), f.v[2].as_int(),
                                  static_cast<int32_t>(f.v[3].as_int())});
        case StructTag::kPoint2D:
            if (fields != 3 || !f.Int(0) || !f.Num(1) || !f.Num(2)) return bad("Point2D");
            return Value(Point{static_cast<int32_t>(f.v[0].as_int()), f.v[1].as_float(),
                               f.v[2].as_float(), 0});
        case StructTag::kPoint3D:
            if (fields != 4 || !f.Int(0) || !f.Num(1) || !f.Num(2) || !f.Num(3)) {
                return bad("Point3D");
            }
            return Value(Point{static_cast<int32_t>(f.v[0].as_int()), f.v[1].as_float(),
                               f.v[2].as_float(), f.v[3].as_float()});
        default:
            break;
    }
    bool utc_tag = tag == static_cast<uint8_t>(StructTag::kDateTime) ||
                   tag == static_cast<uint8_t>(StructTag::kDateTimeZoneId);
    bool legacy_tag = tag == static_cast<uint8_t>(StructTag::kLegacyDateTime) ||
                      tag == static_cast<uint8_t>(StructTag::kLegacyDateTimeZoneId);
    if (!utc_tag && !legacy_tag) return Malformed("unknown structure tag " + std::to_string(tag));
    if (utc_tag != options_.utc_datetime) {
        return Malformed("DateTime encoding does not match the negotiated protocol");
    }
    bool zoned = tag == static_cast<uint8_t>(StructTag::kDateTimeZoneId) ||
                 tag == static_cast<uint8_t>(StructTag::kLegacyDateTimeZoneId);
    if (fields != 3 || !f.Int(0) || !f.Int(1) || (zoned ? !f.Str(2) : !f.Int(2))) {
        return bad("DateTime");
    }
    int64_t nanos = f.v[1].as_int();
    if (nanos < 0 || nanos > 999'999'999) return bad("DateTime nanoseconds");
    DateTime dt;
    dt.nanos = static_cast<int32_t>(nanos);
    int64_t secs = f.v[0].as_int();
    if (!zoned) {
        dt.offset_seconds = static_cast<int32_t>(f.v[2].as_int());
        dt.seconds = utc_tag ? secs : secs - dt.offset_seconds;
        return Value(std::move(dt));
    }
    ASSIGN_OR_RETURN(auto zone, cypher::TimeZone::Load(f.v[2].as_string()));
    dt.zone_id = f.v[2].as_string();
    dt.offset_seconds = utc_tag ? zone->OffsetAtUtc(secs) : zone->OffsetForLocal(secs);
    dt.seconds = utc_tag ? secs : secs - dt.offset_seconds;
    return Value(std::move(dt));
}

}  // namespace nexus::server::bolt
