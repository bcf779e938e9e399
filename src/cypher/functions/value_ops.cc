// Equality, comparability, ORDER BY order, DISTINCT equivalence and hashing of Cypher values.
// One internal comparison drives all of them so that the rules cannot drift apart.
#include "cypher/functions/value_ops.h"

#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>

#include "common/float_format.h"

#include "common/temporal_format.h"

namespace nexus::cypher {

Tri TriNot(Tri a) {
    return a == Tri::kNull ? Tri::kNull : ToTri(a == Tri::kFalse);
}
Tri TriAnd(Tri a, Tri b) {
    if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
    if (a == Tri::kNull || b == Tri::kNull) return Tri::kNull;
    return Tri::kTrue;
}
Tri TriOr(Tri a, Tri b) {
    if (a == Tri::kTrue || b == Tri::kTrue) return Tri::kTrue;
    if (a == Tri::kNull || b == Tri::kNull) return Tri::kNull;
    return Tri::kFalse;
}
Tri TriXor(Tri a, Tri b) {
    if (a == Tri::kNull || b == Tri::kNull) return Tri::kNull;
    return ToTri(a != b);
}
Result<Tri> ToTriValue(const Value& v) {
    if (v.is_null()) return Tri::kNull;
    if (v.is_bool()) return ToTri(v.as_bool());
    return Status(StatusCode::kTypeError,
                  std::string("Expected a BOOLEAN but got ") + ValueKindName(v.kind()));
}

namespace {

template <typename T>
int Sign(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

// Exact comparison of an integer with a double (no rounding of large integers).
int CompareIntDouble(int64_t i, double d) {
    if (d >= 9223372036854775808.0) return -1;
    if (d < -9223372036854775808.0) return 1;
    const double t = std::trunc(d);
    const auto ti = static_cast<int64_t>(t);
    if (i != ti) return i < ti ? -1 : 1;
    return Sign(0.0, d - t);
}

int CompareNumbers(const Value& a, const Value& b) {
    if (a.is_int() && b.is_int()) return Sign(a.as_int(), b.as_int());
    if (a.is_float() && b.is_float()) return Sign(a.as_float(), b.as_float());
    if (a.is_int()) return CompareIntDouble(a.as_int(), b.as_float());
    return -CompareIntDouble(b.as_int(), a.as_float());
}

bool IsNaN(const Value& v) {
    return v.is_float() && std::isnan(v.as_float());
}

// UTC-normalised nanos of a zoned time; the comparison key of Time values.
__int128 TimeKey(const Time& t) {
    return static_cast<__int128>(t.nanos) -
           static_cast<__int128>(t.offset_seconds) * temporal::kNanosPerSecond;
}

int CompareSecondsNanos(int64_t s1, int32_t n1, int64_t s2, int32_t n2) {
    if (s1 != s2) return s1 < s2 ? -1 : 1;
    return Sign(n1, n2);
}

bool SameTemporalKind(ValueKind k) {
    return k >= ValueKind::kDate && k <= ValueKind::kDateTime;
}

// Same-kind comparison of temporal values (not durations).
int CompareTemporal(const Value& a, const Value& b) {
    switch (a.kind()) {
        case ValueKind::kDate:
            return Sign(a.as_date().days, b.as_date().days);
        case ValueKind::kLocalTime:
            return Sign(a.as_local_time().nanos, b.as_local_time().nanos);
        case ValueKind::kTime:
            return Sign(TimeKey(a.as_time()), TimeKey(b.as_time()));
        case ValueKind::kLocalDateTime: {
            const auto& x = a.as_local_date_time();
            const auto& y = b.as_local_date_time();
            return CompareSecondsNanos(x.seconds, x.nanos, y.seconds, y.nanos);
        }
        case ValueKind::kDateTime: {
            const auto& x = a.as_date_time();
            const auto& y = b.as_date_time();
            return CompareSecondsNanos(x.seconds, x.nanos, y.seconds, y.nanos);
        }
        default:
            return 0;
    }
}

// Rank of each type in the ORDER BY order (ascending).
int OrderRank(const Value& v) {
    switch (v.kind()) {
        case ValueKind::kMap:
            return 0;
        case ValueKind::kNode:
            return 1;
        case ValueKind::kRelationship:
            return 2;
        case ValueKind::kList:
            return 3;
        case ValueKind::kPath:
            return 4;
        case ValueKind::kPoint:
            return 5;
        case ValueKind::kDateTime:
            return 6;
        case ValueKind::kLocalDateTime:
            return 7;
        case ValueKind::kDate:
            return 8;
        case ValueKind::kTime:
            return 9;
        case ValueKind::kLocalTime:
            return 10;
        case ValueKind::kDuration:
            return 11;
        case ValueKind::kString:
            return 12;
        case ValueKind::kBool:
            return 13;
        case ValueKind::kInt:
        case ValueKind::kFloat:
            return 14;
        case ValueKind::kNull:
            return 15;
    }
    return 16;
}

int ComparePaths(const Path& a, const Path& b) {
    const size_t n = std::min(a.nodes.size(), b.nodes.size());
    for (size_t i = 0; i < n; ++i) {
        if (int c = Sign(a.nodes[i].id, b.nodes[i].id)) return c;
        if (i < a.relationships.size() && i < b.relationships.size()) {
            if (int c = Sign(a.relationships[i].id, b.relationships[i].id)) return c;
        }
    }
    return Sign(a.nodes.size(), b.nodes.size());
}

int OrderCompareMaps(const Map& a, const Map& b) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) {
        if (int c = Sign(x->first, y->first)) return c;
        if (int c = OrderCompare(x->second, y->second)) return c;
    }
    return 0;
}

int OrderCompareSameRank(const Value& a, const Value& b) {
    switch (a.kind()) {
        case ValueKind::kMap:
            return OrderCompareMaps(a.as_map(), b.as_map());
        case ValueKind::kNode:
            return Sign(a.as_node().id, b.as_node().id);
        case ValueKind::kRelationship:
            return Sign(a.as_relationship().id, b.as_relationship().id);
        case ValueKind::kList: {
            const List& x = a.as_list();
            const List& y = b.as_list();
            for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
                if (int c = OrderCompare(x[i], y[i])) return c;
            }
            return Sign(x.size(), y.size());
        }
        case ValueKind::kPath:
            return ComparePaths(a.as_path(), b.as_path());
        case ValueKind::kPoint: {
            const Point& p = a.as_point();
            const Point& q = b.as_point();
            if (p.srid != q.srid) return Sign(p.srid, q.srid);
            if (int c = Sign(p.x, q.x)) return c;
            if (int c = Sign(p.y, q.y)) return c;
            return Sign(p.z, q.z);
        }
        case ValueKind::kDuration: {
            const Duration& x = a.as_duration();
            const Duration& y = b.as_duration();
            if (int c = Sign(x.months, y.months)) return c;
            if (int c = Sign(x.days, y.days)) return c;
            return CompareSecondsNanos(x.seconds, x.nanos, y.seconds, y.nanos);
        }
        case ValueKind::kString:
            return Sign(a.as_string(), b.as_string());
        case ValueKind::kBool:
            return Sign(a.as_bool(), b.as_bool());
        case ValueKind::kInt:
        case ValueKind::kFloat: {
            // NaN sorts after every other number and equals itself here.
            const bool na = IsNaN(a), nb = IsNaN(b);
            if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
            return CompareNumbers(a, b);
        }
        case ValueKind::kNull:
            return 0;
        default:
            return CompareTemporal(a, b);
    }
}

// Result of a `<`-family comparison before it becomes a predicate value.
enum class Cmp : uint8_t { kLess, kEqual, kGreater, kNull, kFalse };

Cmp FromSign(int c) {
    return c < 0 ? Cmp::kLess : (c > 0 ? Cmp::kGreater : Cmp::kEqual);
}

Cmp ComparePredicate(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Cmp::kNull;
    if (a.is_number() && b.is_number()) {
        if (IsNaN(a) || IsNaN(b)) return Cmp::kFalse;
        return FromSign(CompareNumbers(a, b));
    }
    if (a.kind() != b.kind()) return Cmp::kNull;
    switch (a.kind()) {
        case ValueKind::kString:
            return FromSign(Sign(a.as_string(), b.as_string()));
        case ValueKind::kBool:
            return FromSign(Sign(a.as_bool(), b.as_bool()));
        case ValueKind::kList: {
            const List& x = a.as_list();
            const List& y = b.as_list();
            for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
                const Cmp c = ComparePredicate(x[i], y[i]);
                if (c != Cmp::kEqual) return c;
            }
            return FromSign(Sign(x.size(), y.size()));
        }
        default:
            if (SameTemporalKind(a.kind())) return FromSign(CompareTemporal(a, b));
            return Cmp::kNull;
    }
}

Tri EqualsLists(const List& x, const List& y) {
    if (x.size() != y.size()) return Tri::kFalse;
    Tri out = Tri::kTrue;
    for (size_t i = 0; i < x.size(); ++i) {
        const Tri t = Equals(x[i], y[i]);
        if (t == Tri::kFalse) return Tri::kFalse;
        if (t == Tri::kNull) out = Tri::kNull;
    }
    return out;
}

Tri EqualsMaps(const Map& x, const Map& y) {
    if (x.size() != y.size()) return Tri::kFalse;
    for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first) return Tri::kFalse;
    }
    Tri out = Tri::kTrue;
    for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        const Tri t = Equals(i->second, j->second);
        if (t == Tri::kFalse) return Tri::kFalse;
        if (t == Tri::kNull) out = Tri::kNull;
    }
    return out;
}

bool SamePath(const Path& a, const Path& b) {
    if (a.nodes.size() != b.nodes.size()) return false;
    if (a.relationships.size() != b.relationships.size()) return false;
    for (size_t i = 0; i < a.nodes.size(); ++i) {
        if (a.nodes[i].id != b.nodes[i].id) return false;
    }
    for (size_t i = 0; i < a.relationships.size(); ++i) {
        if (a.relationships[i].id != b.relationships[i].id) return false;
    }
    return true;
}

size_t Mix(size_t seed, size_t h) {
    return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

}  // namespace

Tri Equals(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Tri::kNull;
    if (a.is_number() && b.is_number()) {
        if (IsNaN(a) || IsNaN(b)) return Tri::kFalse;
        return ToTri(CompareNumbers(a, b) == 0);
    }
    if (a.kind() != b.kind()) return Tri::kFalse;
    switch (a.kind()) {
        case ValueKind::kList:
            return EqualsLists(a.as_list(), b.as_list());
        case ValueKind::kMap:
            return EqualsMaps(a.as_map(), b.as_map());
        case ValueKind::kPath:
            return ToTri(SamePath(a.as_path(), b.as_path()));
        case ValueKind::kPoint:
            return ToTri(a.as_point() == b.as_point());
        case ValueKind::kDuration:
            return ToTri(a.as_duration() == b.as_duration());
        default:
            return ToTri(OrderCompareSameRank(a, b) == 0);
    }
}

std::optional<int> Compare(const Value& a, const Value& b) {
    switch (ComparePredicate(a, b)) {
        case Cmp::kLess:
            return -1;
        case Cmp::kEqual:
            return 0;
        case Cmp::kGreater:
            return 1;
        default:
            return std::nullopt;
    }
}

Tri LessThan(const Value& a, const Value& b) {
    const Cmp c = ComparePredicate(a, b);
    return c == Cmp::kNull ? Tri::kNull : ToTri(c == Cmp::kLess);
}
Tri LessOrEqual(const Value& a, const Value& b) {
    const Cmp c = ComparePredicate(a, b);
    return c == Cmp::kNull ? Tri::kNull : ToTri(c == Cmp::kLess || c == Cmp::kEqual);
}
Tri GreaterThan(const Value& a, const Value& b) {
    return LessThan(b, a);
}
Tri GreaterOrEqual(const Value& a, const Value& b) {
    return LessOrEqual(b, a);
}

int OrderCompare(const Value& a, const Value& b) {
    const int ra = OrderRank(a), rb = OrderRank(b);
    if (ra != rb) return ra < rb ? -1 : 1;
    return OrderCompareSameRank(a, b);
}

bool Equivalent(const Value& a, const Value& b) {
    return OrderCompare(a, b) == 0;
}

size_t Hash(const Value& v) {
    const size_t kind_seed = static_cast<size_t>(OrderRank(v)) * 0x100000001b3ULL;
    switch (v.kind()) {
        case ValueKind::kNull:
            return kind_seed;
        case ValueKind::kBool:
            return Mix(kind_seed, v.as_bool());
        case ValueKind::kInt:
            return Mix(kind_seed, std::hash<int64_t>{}(v.as_int()));
        case ValueKind::kFloat: {
            // Integral floats hash like the equal integer, so 1 and 1.0 group together.
            const double d = v.as_float();
            if (std::isnan(d)) return Mix(kind_seed, 0x7ff8);
            if (d == std::trunc(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
                return Mix(kind_seed, std::hash<int64_t>{}(static_cast<int64_t>(d)));
            }
            return Mix(kind_seed, std::hash<uint64_t>{}(std::bit_cast<uint64_t>(d)));
        }
        case ValueKind::kString:
            return Mix(kind_seed, std::hash<std::string>{}(v.as_string()));
        case ValueKind::kList: {
            size_t h = kind_seed;
            for (const Value& e : v.as_list()) h = Mix(h, Hash(e));
            return h;
        }
        case ValueKind::kMap: {
            size_t h = kind_seed;
            for (const auto& [k, e] : v.as_map())
                h = Mix(Mix(h, std::hash<std::string>{}(k)), Hash(e));
            return h;
        }
        case ValueKind::kNode:
            return Mix(kind_seed, v.as_node().id);
        case ValueKind::kRelationship:
            return Mix(kind_seed, v.as_relationship().id);
        case ValueKind::kPath: {
            size_t h = kind_seed;
            for (const Node& n : v.as_path().nodes) h = Mix(h, n.id);
            return h;
        }
        case ValueKind::kDate:
            return Mix(kind_seed, v.as_date().days);
        case ValueKind::kLocalTime:
            return Mix(kind_seed, v.as_local_time().nanos);
        case ValueKind::kTime:
            return Mix(kind_seed, static_cast<size_t>(TimeKey(v.as_time())));
        case ValueKind::kLocalDateTime:
            return Mix(Mix(kind_seed, v.as_local_date_time().seconds),
                       v.as_local_date_time().nanos);
        case ValueKind::kDateTime:
            return Mix(Mix(kind_seed, v.as_date_time().seconds), v.as_date_time().nanos);
        case ValueKind::kDuration: {
            const Duration& d = v.as_duration();
            return Mix(Mix(Mix(Mix(kind_seed, d.months), d.days), d.seconds), d.nanos);
        }
        case ValueKind::kPoint: {
            const Point& p = v.as_point();
            size_t h = Mix(kind_seed, p.srid);
            h = Mix(h, std::hash<double>{}(p.x));
            h = Mix(h, std::hash<double>{}(p.y));
            return Mix(h, std::hash<double>{}(p.z));
        }
    }
    return kind_seed;
}

std::string FormatCypherFloat(double d) {
    return nexus::FormatCypherFloat(d);
}

std::string ToDisplayString(const Value& v) {
    switch (v.kind()) {
        case ValueKind::kFloat:
            return FormatCypherFloat(v.as_float());
        case ValueKind::kList: {
            std::string out = "[";
            bool first = true;
            for (const Value& e : v.as_list()) {
                if (!first) out += ", ";
                first = false;
                out += ToDisplayString(e);
            }
            return out + "]";
        }
        case ValueKind::kMap: {
            std::string out = "{";
            bool first = true;
            for (const auto& [k, e] : v.as_map()) {
                if (!first) out += ", ";
                first = false;
                out += k + ": " + ToDisplayString(e);
            }
            return out + "}";
        }
        case ValueKind::kPoint:
            return v.ToString();
        default:
            if (v.kind() >= ValueKind::kDate && v.kind() <= ValueKind::kDuration) {
                return "'" + temporal::FormatTemporal(v) + "'";
            }
            return v.ToString();
    }
}

}  // namespace nexus::cypher
