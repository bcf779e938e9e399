// Numeric functions (abs, ceil, floor, round with precision and mode, sign, rand, logarithms,
// trigonometric and hyperbolic functions, haversin) and the spatial point(), distance() and
// point.withinBBox().
#include <cmath>
#include <numbers>
#include <optional>
#include <random>

#include "common/temporal_format.h"
#include "cypher/functions/builtins.h"

namespace nexus::cypher::builtins {

namespace {

Status NotANumber(const char* fn, const Value& v) {
    return Status(StatusCode::kTypeError, std::string("Invalid input for function '") + fn +
                                              "()': expected a number but got " +
                                              ValueKindName(v.kind()));
}

template <typename F>
Result<Value> Unary(Args a, const char* fn, F f) {
    if (a[0].is_null()) return Value();
    if (!a[0].is_number()) return NotANumber(fn, a[0]);
    return Value(static_cast<double>(f(a[0].as_number())));
}

// Rounds `v` (already scaled) to an integer per a java.math.RoundingMode name.
Result<double> RoundWithMode(double v, std::string_view mode) {
    const double fl = std::floor(v), ce = std::ceil(v);
    const double diff = v - fl;
    if (mode == "UP") return v >= 0 ? ce : fl;
    if (mode == "DOWN") return std::trunc(v);
    if (mode == "CEILING") return ce;
    if (mode == "FLOOR") return fl;
    if (mode == "HALF_UP") return diff == 0.5 ? (v >= 0 ? ce : fl) : std::round(v);
    if (mode == "HALF_DOWN") return diff == 0.5 ? (v >= 0 ? fl : ce) : std::round(v);
    if (mode == "HALF_EVEN") {
        if (diff != 0.5) return std::round(v);
        return std::fmod(fl, 2.0) == 0 ? fl : ce;
    }
    if (mode == "UNNECESSARY") {
        if (fl != v) return Status(StatusCode::kArgumentError, "Rounding necessary");
        return v;
    }
    return Status(StatusCode::kArgumentError, "Unknown rounding mode: " + std::string(mode));
}

}  // namespace

Result<Value> Abs(Args a, const Ctx&) {
    if (a[0].is_null()) return Value();
    if (a[0].is_int()) {
        if (a[0].as_int() == INT64_MIN)
            return Status(StatusCode::kArithmeticError, "integer overflow");
        return Value(a[0].as_int() < 0 ? -a[0].as_int() : a[0].as_int());
    }
    if (a[0].is_float()) return Value(std::fabs(a[0].as_float()));
    return NotANumber("abs", a[0]);
}

Result<Value> Ceil(Args a, const Ctx&) {
    return Unary(a, "ceil", [](double x) { return std::ceil(x); });
}
Result<Value> Floor(Args a, const Ctx&) {
    return Unary(a, "floor", [](double x) { return std::floor(x); });
}

Result<Value> Round(Args a, const Ctx&) {
    for (const Value& v : a) {
        if (v.is_null()) return Value();
    }
    if (!a[0].is_number()) return NotANumber("round", a[0]);
    const double x = a[0].as_number();
    if (a.size() == 1) {
        // Like Java's Math.round: halves go towards positive infinity.
        if (!(std::fabs(x) < 4503599627370496.0)) return Value(x);  // already integral or NaN
        return Value(std::floor(x + 0.5));
    }
    if (!a[1].is_int()) return NotANumber("round", a[1]);
    std::string mode = "HALF_UP";
    if (a.size() > 2) {
        if (!a[2].is_string())
            return Status(StatusCode::kTypeError, "round(): mode must be a STRING");
        mode = a[2].as_string();
    }
    if (std::isnan(x) || std::isinf(x)) return Value(x);
    const int64_t precision = a[1].as_int();
    if (precision < -300 || precision > 300) return Value(x);
    // Decimal scaling via the shortest round-trip text avoids 2.675 -> 2.67 binary surprises.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    const long double scale = std::pow(10.0L, static_cast<long double>(precision));
    long double scaled = static_cast<long double>(std::strtod(buf, nullptr)) * scale;
    const long double nearest = std::nearbyint(scaled);
    if (std::fabs(scaled - nearest) < 1e-9L * std::max(1.0L, std::fabs(scaled))) scaled = nearest;
    const long double frac = scaled - std::floor(scaled);
    if (std::fabs(frac - 0.5L) < 1e-9L) scaled = std::floor(scaled) + 0.5L;
    ASSIGN_OR_RETURN(double r, RoundWithMode(static_cast<double>(scaled), mode));
    return Value(static_cast<double>(r / scale));
}

Result<Value> SignFn(Args a, const Ctx&) {
    if (a[0].is_null()) return Value();
    if (a[0].is_int()) return Value(int64_t{(a[0].as_int() > 0) - (a[0].as_int() < 0)});
    if (a[0].is_float()) {
        const double d = a[0].as_float();
        return Value(int64_t{(d > 0) - (d < 0)});
    }
    return NotANumber("sign", a[0]);
}

Result<Value> Rand(Args, const Ctx&) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return Value(std::uniform_real_distribution<double>(0.0, 1.0)(rng));
}

Result<Value> IsNaN(Args a, const Ctx&) {
    if (a[0].is_null()) return Value();
    if (!a[0].is_number()) return NotANumber("isNaN", a[0]);
    return Value(a[0].is_float() && std::isnan(a[0].as_float()));
}

Result<Value> Pi(Args, const Ctx&) {
    return Value(std::numbers::pi);
}
Result<Value> E(Args, const Ctx&) {
    return Value(std::numbers::e);
}

Result<Value> Atan2(Args a, const Ctx&) {
    if (a[0].is_null() || a[1].is_null()) return Value();
    if (!a[0].is_number()) return NotANumber("atan2", a[0]);
    if (!a[1].is_number()) return NotANumber("atan2", a[1]);
    return Value(std::atan2(a[0].as_number(), a[1].as_number()));
}

Result<Value> Sqrt(Args a, const Ctx&) {
    return Unary(a, "sqrt", [](double x) { return std::sqrt(x); });
}
Result<Value> Exp(Args a, const Ctx&) {
    return Unary(a, "exp", [](double x) { return std::exp(x); });
}
Result<Value> Log(Args a, const Ctx&) {
    return Unary(a, "log", [](double x) { return std::log(x); });
}
Result<Value> Log10(Args a, const Ctx&) {
    return Unary(a, "log10", [](double x) { return std::log10(x); });
}
Result<Value> Sin(Args a, const Ctx&) {
    return Unary(a, "sin", [](double x) { return std::sin(x); });
}
Result<Value> Cos(Args a, const Ctx&) {
    return Unary(a, "cos", [](double x) { return std::cos(x); });
}
Result<Value> Tan(Args a, const Ctx&) {
    return Unary(a, "tan", [](double x) { return std::tan(x); });
}
Result<Value> Cot(Args a, const Ctx&) {
    return Unary(a, "cot", [](double x) { return 1.0 / std::tan(x); });
}
Result<Value> Asin(Args a, const Ctx&) {
    return Unary(a, "asin", [](double x) { return std::asin(x); });
}
Result<Value> Acos(Args a, const Ctx&) {
    return Unary(a, "acos", [](double x) { return std::acos(x); });
}
Result<Value> Atan(Args a, const Ctx&) {
    return Unary(a, "atan", [](double x) { return std::atan(x); });
}
Result<Value> Sinh(Args a, const Ctx&) {
    return Unary(a, "sinh", [](double x) { return std::sinh(x); });
}
Result<Value> Cosh(Args a, const Ctx&) {
    return Unary(a, "cosh", [](double x) { return std::cosh(x); });
}
Result<Value> Tanh(Args a, const Ctx&) {
    return Unary(a, "tanh", [](double x) { return std::tanh(x); });
}
Result<Value> Coth(Args a, const Ctx&) {
    return Unary(a, "coth", [](double x) { return 1.0 / std::tanh(x); });
}
Result<Value> Degrees(Args a, const Ctx&) {
    return Unary(a, "degrees", [](double x) { return x * 180.0 / std::numbers::pi; });
}
Result<Value> Radians(Args a, const Ctx&) {
    return Unary(a, "radians", [](double x) { return x * std::numbers::pi / 180.0; });
}
Result<Value> Haversin(Args a, const Ctx&) {
    return Unary(a, "haversin", [](double x) { return (1.0 - std::cos(x)) / 2.0; });
}

namespace {

int32_t SridForCrs(std::string_view crs) {
    if (crs == "cartesian") return 7203;
    if (crs == "cartesian-3d") return 9157;
    if (crs == "wgs-84") return 4326;
    if (crs == "wgs-84-3d") return 4979;
    return 0;
}

}  // namespace

// point({x, y[, z]}), point({longitude, latitude[, height]}), optionally with crs or srid.
Result<Value> PointFn(Args a, const Ctx&) {
    if (a[0].is_null()) return Value();
    if (!a[0].is_map()) return Status(StatusCode::kTypeError, "point() expects a MAP");
    const Map& m = a[0].as_map();
    for (const auto& [k, v] : m) {
        if (v.is_null()) return Value();  // point({x: null, ...}) is null
    }
    auto coordinate = [&](const char* k1, const char* k2, std::optional<double>* out) -> Status {
        for (const char* k : {k1, k2}) {
            auto it = m.find(k);
            if (it == m.end()) continue;
            if (!it->second.is_number()) {
                return Status(StatusCode::kTypeError,
                              std::string("point(): ") + k + " must be a number");
            }
            *out = it->second.as_number();
        }
        return Status::Ok();
    };
    std::optional<double> x, y, z;
    RETURN_IF_ERROR(coordinate("x", "longitude", &x));
    RETURN_IF_ERROR(coordinate("y", "latitude", &y));
    RETURN_IF_ERROR(coordinate("z", "height", &z));
    if (!x || !y) {
        return Status(StatusCode::kArgumentError,
                      "point() needs x and y, or longitude and latitude");
    }
    const bool geographic_keys = m.contains("longitude") || m.contains("latitude");
    int32_t srid = geographic_keys ? (z ? 4979 : 4326) : (z ? 9157 : 7203);
    if (auto crs = m.find("crs"); crs != m.end()) {
        if (!crs->second.is_string() || SridForCrs(crs->second.as_string()) == 0) {
            return Status(StatusCode::kArgumentError,
                          "Unknown coordinate reference system: " + crs->second.ToString());
        }
        srid = SridForCrs(crs->second.as_string());
    } else if (auto id = m.find("srid"); id != m.end()) {
        if (!id->second.is_int() || (id->second.as_int() != 7203 && id->second.as_int() != 9157 &&
                                     id->second.as_int() != 4326 && id->second.as_int() != 4979)) {
            return Status(StatusCode::kArgumentError, "Unknown SRID: " + id->second.ToString());
        }
        srid = static_cast<int32_t>(id->second.as_int());
    }
    Point p{srid, *x, *y, z.value_or(0)};
    if (p.is_3d() != z.has_value()) {
        return Status(
            StatusCode::kArgumentError,
            std::string("point(): coordinates do not match crs ") + temporal::CrsName(srid));
    }
    if ((srid == 4326 || srid == 4979) && (p.y < -90 || p.y > 90)) {
        return Status(StatusCode::kArgumentError, "latitude must be between -90 and 90");
    }
    return Value(p);
}

// point.withinBBox(p, lowerLeft, upperRight); for geographic boxes lowerLeft may lie east of
// upperRight, meaning the box crosses the antimeridian.
Result<Value> WithinBBox(Args a, const Ctx&) {
    for (const Value& v : a) {
        if (v.is_null()) return Value();
        if (v.kind() != ValueKind::kPoint) {
            return Status(StatusCode::kTypeError, "point.withinBBox() expects points");
        }
    }
    const Point& p = a[0].as_point();
    const Point& lo = a[1].as_point();
    const Point& hi = a[2].as_point();
    if (p.srid != lo.srid || p.srid != hi.srid) return Value();
    const bool geographic = p.srid == 4326 || p.srid == 4979;
    const bool x_in =
        geographic && lo.x > hi.x ? (p.x >= lo.x || p.x <= hi.x) : (p.x >= lo.x && p.x <= hi.x);
    bool in = x_in && p.y >= lo.y && p.y <= hi.y;
    if (p.is_3d()) in = in && p.z >= lo.z && p.z <= hi.z;
    return Value(in);
}

Result<Value> Distance(Args a, const Ctx&) {
    if (a[0].is_null() || a[1].is_null()) return Value();
    if (a[0].kind() != ValueKind::kPoint || a[1].kind() != ValueKind::kPoint) {
        return Status(StatusCode::kTypeError, "distance() expects two points");
    }
    const Point& p = a[0].as_point();
    const Point& q = a[1].as_point();
    if (p.srid != q.srid) return Value();
    if (p.srid == 7203 || p.srid == 9157) {
        return Value(std::sqrt((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y) +
                               (p.z - q.z) * (p.z - q.z)));
    }
    // Haversine on the WGS-84 mean radius, as Neo4j computes geographic distance.
    constexpr double kEarthRadius = 6378140.0;
    const double rad = std::numbers::pi / 180.0;
    const double dlat = (q.y - p.y) * rad, dlon = (q.x - p.x) * rad;
    const double h =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(p.y * rad) * std::cos(q.y * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    double d = 2 * kEarthRadius * std::atan2(std::sqrt(h), std::sqrt(1 - h));
    if (p.srid == 4979) d = std::sqrt(d * d + (p.z - q.z) * (p.z - q.z));
    return Value(d);
}

}  // namespace nexus::cypher::builtins
