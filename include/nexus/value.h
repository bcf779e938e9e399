// The Cypher value model shared by storage, the query engine, the API and the server:
// null, boolean, integer, float, string, list, map, node, relationship, path, the five
// temporal types, duration and point. Semantics (comparison, ordering, equality, hashing)
// live in src/common/value_ops.h; this header only defines the representation.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace nexus {

class Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value>;  // ordered: deterministic output

struct Date {
    int64_t days = 0;  // since 1970-01-01
    bool operator==(const Date&) const = default;
};
struct LocalTime {
    int64_t nanos = 0;  // since midnight
    bool operator==(const LocalTime&) const = default;
};
struct Time {
    int64_t nanos = 0;  // local time of day, since midnight
    int32_t offset_seconds = 0;
    bool operator==(const Time&) const = default;
};
struct LocalDateTime {
    int64_t seconds = 0;  // since 1970-01-01T00:00 of the local clock
    int32_t nanos = 0;
    bool operator==(const LocalDateTime&) const = default;
};
struct DateTime {
    int64_t seconds = 0;  // UTC instant, since the epoch
    int32_t nanos = 0;
    int32_t offset_seconds = 0;  // offset of the local clock at that instant
    std::string zone_id;         // IANA name ("Europe/Stockholm"), empty for a fixed offset
    bool operator==(const DateTime&) const = default;
};
struct Duration {
    int64_t months = 0;
    int64_t days = 0;
    int64_t seconds = 0;
    int32_t nanos = 0;  // 0..999'999'999, same sign convention as Neo4j
    bool operator==(const Duration&) const = default;
};
struct Point {
    int32_t srid = 7203;  // 7203 cartesian, 9157 cartesian-3d, 4326 wgs-84, 4979 wgs-84-3d
    double x = 0, y = 0, z = 0;
    bool is_3d() const { return srid == 9157 || srid == 4979; }
    bool operator==(const Point&) const = default;
};

struct Node {
    int64_t id = -1;
    std::vector<std::string> labels;
    std::shared_ptr<const Map> properties;  // may be null when not materialized
};
struct Relationship {
    int64_t id = -1;
    int64_t start_id = -1;
    int64_t end_id = -1;
    std::string type;
    std::shared_ptr<const Map> properties;  // may be null when not materialized
};
struct Path {
    std::vector<Node> nodes;                  // n0 .. nk
    std::vector<Relationship> relationships;  // r1 .. rk; r_i joins n_{i-1} and n_i
};

enum class ValueKind : uint8_t {
    kNull = 0,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,
    kMap,
    kNode,
    kRelationship,
    kPath,
    kDate,
    kLocalTime,
    kTime,
    kLocalDateTime,
    kDateTime,
    kDuration,
    kPoint,
};

const char* ValueKindName(ValueKind kind);  // "INTEGER", "STRING", ... as Cypher names types

class Value {
  public:
    using Storage =
        std::variant<std::monostate, bool, int64_t, double, std::string, std::shared_ptr<List>,
                     std::shared_ptr<Map>, Node, Relationship, std::shared_ptr<Path>, Date,
                     LocalTime, Time, LocalDateTime, DateTime, Duration, Point>;

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : v_(b) {}
    Value(int i) : v_(int64_t{i}) {}
    Value(int64_t i) : v_(i) {}
    Value(double d) : v_(d) {}
    Value(const char* s) : v_(std::string(s)) {}
    Value(std::string s) : v_(std::move(s)) {}
    Value(List l) : v_(std::make_shared<List>(std::move(l))) {}
    Value(Map m) : v_(std::make_shared<Map>(std::move(m))) {}
    Value(Node n) : v_(std::move(n)) {}
    Value(Relationship r) : v_(std::move(r)) {}
    Value(Path p) : v_(std::make_shared<Path>(std::move(p))) {}
    Value(Date d) : v_(d) {}
    Value(LocalTime t) : v_(t) {}
    Value(Time t) : v_(t) {}
    Value(LocalDateTime t) : v_(t) {}
    Value(DateTime t) : v_(std::move(t)) {}
    Value(Duration d) : v_(d) {}
    Value(Point p) : v_(p) {}

    ValueKind kind() const { return static_cast<ValueKind>(v_.index()); }
    bool is_null() const { return kind() == ValueKind::kNull; }
    bool is_bool() const { return kind() == ValueKind::kBool; }
    bool is_int() const { return kind() == ValueKind::kInt; }
    bool is_float() const { return kind() == ValueKind::kFloat; }
    bool is_number() const { return is_int() || is_float(); }
    bool is_string() const { return kind() == ValueKind::kString; }
    bool is_list() const { return kind() == ValueKind::kList; }
    bool is_map() const { return kind() == ValueKind::kMap; }
    bool is_node() const { return kind() == ValueKind::kNode; }
    bool is_relationship() const { return kind() == ValueKind::kRelationship; }
    bool is_path() const { return kind() == ValueKind::kPath; }

    bool as_bool() const { return std::get<bool>(v_); }
    int64_t as_int() const { return std::get<int64_t>(v_); }
    double as_float() const { return std::get<double>(v_); }
    double as_number() const { return is_int() ? static_cast<double>(as_int()) : as_float(); }
    const std::string& as_string() const { return std::get<std::string>(v_); }
    const List& as_list() const { return *std::get<std::shared_ptr<List>>(v_); }
    const Map& as_map() const { return *std::get<std::shared_ptr<Map>>(v_); }
    const Node& as_node() const { return std::get<Node>(v_); }
    const Relationship& as_relationship() const { return std::get<Relationship>(v_); }
    const Path& as_path() const { return *std::get<std::shared_ptr<Path>>(v_); }
    const Date& as_date() const { return std::get<Date>(v_); }
    const LocalTime& as_local_time() const { return std::get<LocalTime>(v_); }
    const Time& as_time() const { return std::get<Time>(v_); }
    const LocalDateTime& as_local_date_time() const { return std::get<LocalDateTime>(v_); }
    const DateTime& as_date_time() const { return std::get<DateTime>(v_); }
    const Duration& as_duration() const { return std::get<Duration>(v_); }
    const Point& as_point() const { return std::get<Point>(v_); }

    // Mutable access copies a shared list/map first if others still hold it.
    List& mutable_list();
    Map& mutable_map();

    const Storage& storage() const { return v_; }

    // Cypher literal notation: 1, 2.5, 'text', [1, 2], {a: 1}, (:L {p: 1}), [:T {p: 1}], ...
    std::string ToString() const;

  private:
    Storage v_;
};

using ParamMap = std::map<std::string, Value>;

}  // namespace nexus
