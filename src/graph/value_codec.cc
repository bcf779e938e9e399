// Tagged, varint-based value encoding for property records.
#include "graph/value_codec.h"

#include <cstring>

namespace nexus::graph {
namespace {

enum Tag : uint8_t {
    kFalse = 1,
    kTrue = 2,
    kInt = 3,
    kFloat = 4,
    kString = 5,
    kList = 6,
    kDate = 7,
    kLocalTime = 8,
    kTime = 9,
    kLocalDateTime = 10,
    kDateTime = 11,
    kDuration = 12,
    kPoint = 13,
};

void PutDouble(std::string* out, double d) {
    char b[8];
    std::memcpy(b, &d, 8);
    out->append(b, 8);
}

bool GetDouble(const uint8_t** p, const uint8_t* end, double* d) {
    if (end - *p < 8) return false;
    std::memcpy(d, *p, 8);
    *p += 8;
    return true;
}

bool GetSigned(const uint8_t** p, const uint8_t* end, int64_t* v) {
    uint64_t u;
    if (!GetVarint(p, end, &u)) return false;
    *v = UnZigZag(u);
    return true;
}

bool GetString(const uint8_t** p, const uint8_t* end, std::string* s) {
    uint64_t n;
    if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
    s->assign(reinterpret_cast<const char*>(*p), n);
    *p += n;
    return true;
}

bool GetInt32(const uint8_t** p, const uint8_t* end, int32_t* v) {
    int64_t w;
    if (!GetSigned(p, end, &w) || w < INT32_MIN || w > INT32_MAX) return false;
    *v = static_cast<int32_t>(w);
    return true;
}

Status TypeError(const std::string& what) {
    return Status(StatusCode::kTypeError,
                  "Property values can only be of primitive types or "
                  "arrays thereof; " +
                      what);
}

}  // namespace

Status CheckStorable(const Value& value) {
    switch (value.kind()) {
        case ValueKind::kMap:
            return TypeError("a map cannot be stored as a property value");
        case ValueKind::kNode:
        case ValueKind::kRelationship:
        case ValueKind::kPath:
            return TypeError(std::string("a ") + ValueKindName(value.kind()) +
                             " cannot be stored as a property value");
        case ValueKind::kList: {
            const List& list = value.as_list();
            if (list.empty()) return Status::Ok();
            ValueKind kind = list.front().kind();
            for (const Value& v : list) {
                if (v.is_null()) return TypeError("lists stored as properties cannot hold null");
                if (v.is_list()) return TypeError("lists stored as properties cannot be nested");
                if (v.kind() != kind)
                    return TypeError(
                        "lists stored as properties must be "
                        "homogeneous");
                RETURN_IF_ERROR(CheckStorable(v));
            }
            return Status::Ok();
        }
        default:
            return Status::Ok();
    }
}

void EncodeValue(const Value& v, std::string* out) {
    switch (v.kind()) {
        case ValueKind::kBool:
            out->push_back(v.as_bool() ? kTrue : kFalse);
            break;
        case ValueKind::kInt:
            out->push_back(kInt);
            PutVarint(out, ZigZag(v.as_int()));
            break;
        case ValueKind::kFloat:
            out->push_back(kFloat);
            PutDouble(out, v.as_float());
            break;
        case ValueKind::kString:
            out->push_back(kString);
            PutVarint(out, v.as_string().size());
            out->append(v.as_string());
            break;
        case ValueKind::kList:
            out->push_back(kList);
            PutVarint(out, v.as_list().size());
            for (const Value& e : v.as_list()) EncodeValue(e, out);
            break;
        case ValueKind::kDate:
            out->push_back(kDate);
            PutVarint(out, ZigZag(v.as_date().days));
            break;
        case ValueKind::kLocalTime:
            out->push_back(kLocalTime);
            PutVarint(out, ZigZag(v.as_local_time().nanos));
            break;
        case ValueKind::kTime:
            out->push_back(kTime);
            PutVarint(out, ZigZag(v.as_time().nanos));
            PutVarint(out, ZigZag(v.as_time().offset_seconds));
            break;
        case ValueKind::kLocalDateTime:
            out->push_back(kLocalDateTime);
            PutVarint(out, ZigZag(v.as_local_date_time().seconds));
            PutVarint(out, ZigZag(v.as_local_date_time().nanos));
            break;
        case ValueKind::kDateTime: {
            const DateTime& d = v.as_date_time();
            out->push_back(kDateTime);
            PutVarint(out, ZigZag(d.seconds));
            PutVarint(out, ZigZag(d.nanos));
            PutVarint(out, ZigZag(d.offset_seconds));
            PutVarint(out, d.zone_id.size());
            out->append(d.zone_id);
            break;
        }
        case ValueKind::kDuration: {
            const Duration& d = v.as_duration();
            out->push_back(kDuration);
            PutVarint(out, ZigZag(d.months));
            PutVarint(out, ZigZag(d.days));
            PutVarint(out, ZigZag(d.seconds));
            PutVarint(out, ZigZag(d.nanos));
            break;
        }
        case ValueKind::kPoint: {
            const Point& pt = v.as_point();
            out->push_back(kPoint);
            PutVarint(out, ZigZag(pt.srid));
            PutDouble(out, pt.x);
            PutDouble(out, pt.y);
            if (pt.is_3d()) PutDouble(out, pt.z);
            break;
        }
        default:
            break;  // CheckStorable rejected everything else before we got here
    }
}

bool DecodeValue(const uint8_t** p, const uint8_t* end, Value* out) {
    if (*p >= end) return false;
    uint8_t tag = *(*p)++;
    switch (tag) {
        case kFalse:
            *out = Value(false);
            return true;
        case kTrue:
            *out = Value(true);
            return true;
        case kInt: {
            int64_t v;
            if (!GetSigned(p, end, &v)) return false;
            *out = Value(v);
            return true;
        }
        case kFloat: {
            double d;
            if (!GetDouble(p, end, &d)) return false;
            *out = Value(d);
            return true;
        }
        case kString: {
            std::string s;
            if (!GetString(p, end, &s)) return false;
            *out = Value(std::move(s));
            return true;
        }
        case kList: {
            uint64_t n;
            if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
            List list;
            list.reserve(n);
            for (uint64_t i = 0; i < n; ++i) {
                Value e;
                if (!DecodeValue(p, end, &e) || e.is_list()) return false;
                list.push_back(std::move(e));
            }
            *out = Value(std::move(list));
            return true;
        }
        case kDate: {
            Date d;
            if (!GetSigned(p, end, &d.days)) return false;
            *out = Value(d);
            return true;
        }
        case kLocalTime: {
            LocalTime t;
            if (!GetSigned(p, end, &t.nanos)) return false;
            *out = Value(t);
            return true;
        }
        case kTime: {
            Time t;
            if (!GetSigned(p, end, &t.nanos) || !GetInt32(p, end, &t.offset_seconds)) return false;
            *out = Value(t);
            return true;
        }
        case kLocalDateTime: {
            LocalDateTime t;
            if (!GetSigned(p, end, &t.seconds) || !GetInt32(p, end, &t.nanos)) return false;
            *out = Value(t);
            return true;
        }
        case kDateTime: {
            DateTime t;
            if (!GetSigned(p, end, &t.seconds) || !GetInt32(p, end, &t.nanos) ||
                !GetInt32(p, end, &t.offset_seconds) || !GetString(p, end, &t.zone_id)) {
                return false;
            }
            *out = Value(std::move(t));
            return true;
        }
        case kDuration: {
            Duration d;
            if (!GetSigned(p, end, &d.months) || !GetSigned(p, end, &d.days) ||
                !GetSigned(p, end, &d.seconds) || !GetInt32(p, end, &d.nanos)) {
                return false;
            }
            *out = Value(d);
            return true;
        }
        case kPoint: {
            Point pt;
            if (!GetInt32(p, end, &pt.srid) || !GetDouble(p, end, &pt.x) ||
                !GetDouble(p, end, &pt.y)) {
                return false;
            }
            if (pt.is_3d() && !GetDouble(p, end, &pt.z)) return false;
            *out = Value(pt);
            return true;
        }
        default:
            return false;
    }
}

void EncodeProperties(const PropertyList& props, std::string* out) {
    PutVarint(out, props.size());
    for (const auto& [key, value] : props) {
        PutVarint(out, key);
        EncodeValue(value, out);
    }
}

Status DecodeProperties(const uint8_t* data, size_t size, PageId page, PropertyList* out) {
    const uint8_t* p = data;
    const uint8_t* end = data + size;
    uint64_t n;
    if (!GetVarint(&p, end, &n) || n > size) return Corrupt(page, "bad property record");
    out->clear();
    out->reserve(n);
    for (uint64_t i = 0; i < n; ++i) {
        uint64_t key;
        Value v;
        if (!GetVarint(&p, end, &key) || key > UINT32_MAX || !DecodeValue(&p, end, &v)) {
            return Corrupt(page, "bad property record");
        }
        out->emplace_back(static_cast<TokenId>(key), std::move(v));
    }
    return Status::Ok();
}

namespace {

// Moves past one encoded value without building it: strings and lists (the values that
// allocate) are skipped by length; other kinds decode into a scalar on the stack.
bool SkipValue(const uint8_t** p, const uint8_t* end) {
    if (*p >= end) return false;
    switch (**p) {
        case kString: {
            ++*p;
            uint64_t n;
            if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
            *p += n;
            return true;
        }
        case kList: {
            ++*p;
            uint64_t n;
            if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
            for (uint64_t i = 0; i < n; ++i) {
                if (*p < end && **p == kList) return false;  // lists do not nest
                if (!SkipValue(p, end)) return false;
            }
            return true;
        }
        default: {
            Value v;
            return DecodeValue(p, end, &v);
        }
    }
}

}  // namespace

// Reading one property is the common case (n.name in a projection): only the matching value is
// decoded, the others are skipped.
Status FindProperty(const uint8_t* data, size_t size, PageId page, TokenId key, Value* out) {
    const uint8_t* p = data;
    const uint8_t* end = data + size;
    uint64_t n;
    if (!GetVarint(&p, end, &n) || n > size) return Corrupt(page, "bad property record");
    *out = Value();
    for (uint64_t i = 0; i < n; ++i) {
        uint64_t k;
        if (!GetVarint(&p, end, &k) || k > UINT32_MAX) return Corrupt(page, "bad property record");
        if (k == key) {
            if (!DecodeValue(&p, end, out)) return Corrupt(page, "bad property record");
            return Status::Ok();
        }
        if (!SkipValue(&p, end)) return Corrupt(page, "bad property record");
    }
    return Status::Ok();
}

}  // namespace nexus::graph
