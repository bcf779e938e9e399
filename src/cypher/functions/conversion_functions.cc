// toInteger / toFloat / toString / toBoolean, their OrNull and list forms, coalesce and nullIf.
// Unparseable strings give null; arguments of a type that cannot convert are type errors
// (the OrNull forms give null instead).
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "common/temporal_format.h"
#include "cypher/functions/builtins.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher::builtins {

namespace {

Status InvalidArgument(const char* fn, const Value& v) {
    return Status(StatusCode::kTypeError, std::string("Invalid input for function '") + fn +
                                              "()': cannot convert " + ValueKindName(v.kind()));
}

std::string_view Trimmed(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string_view(s).substr(b, e - b);
}

std::optional<double> ParseDouble(const std::string& s) {
    const std::string t(Trimmed(s));
    if (t.empty()) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const double d = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size()) return std::nullopt;
    // strtod accepts hex floats, "inf" and "nan"; Cypher number literals do not.
    for (char ch : t) {
        if (ch == 'x' || ch == 'X' || ch == 'n' || ch == 'N' || ch == 'i' || ch == 'I')
            return std::nullopt;
    }
    return d;
}

Result<Value> FloatToInteger(double d) {
    if (std::isnan(d)) return Value();
    const double t = std::trunc(d);
    if (t >= 9223372036854775808.0 || t < -9223372036854775808.0) {
        return Status(StatusCode::kArithmeticError, "integer overflow");
    }
    return Value(static_cast<int64_t>(t));
}

Result<Value> ToIntegerImpl(const Value& v, bool or_null) {
    switch (v.kind()) {
        case ValueKind::kNull:
            return Value();
        case ValueKind::kInt:
            return v;
        case ValueKind::kFloat:
            return FloatToInteger(v.as_float());
        case ValueKind::kBool:
            return Value(int64_t{v.as_bool() ? 1 : 0});
        case ValueKind::kString: {
            const std::string t(Trimmed(v.as_string()));
            if (t.empty()) return Value();
            char* end = nullptr;
            errno = 0;
            const long long i = std::strtoll(t.c_str(), &end, 10);
            if (end == t.c_str() + t.size() && errno == 0) return Value(int64_t{i});
            const auto d = ParseDouble(t);
            if (!d) return Value();
            auto r = FloatToInteger(*d);
            if (!r.ok() && or_null) return Value();
            return r;
        }
        default:
            if (or_null) return Value();
            return InvalidArgument("toInteger", v);
    }
}

Result<Value> ToFloatImpl(const Value& v, bool or_null) {
    switch (v.kind()) {
        case ValueKind::kNull:
            return Value();
        case ValueKind::kInt:
            return Value(static_cast<double>(v.as_int()));
        case ValueKind::kFloat:
            return v;
        case ValueKind::kString: {
            const auto d = ParseDouble(v.as_string());
            return d ? Value(*d) : Value();
        }
        default:
            if (or_null) return Value();
            return InvalidArgument("toFloat", v);
    }
}

Result<Value> ToStringImpl(const Value& v, bool or_null) {
    switch (v.kind()) {
        case ValueKind::kNull:
            return Value();
        case ValueKind::kString:
            return v;
        case ValueKind::kBool:
        case ValueKind::kInt:
            return Value(v.ToString());
        case ValueKind::kFloat:
            return Value(FormatCypherFloat(v.as_float()));
        default:
            if (v.kind() >= ValueKind::kDate) return Value(temporal::FormatTemporal(v));
            if (or_null) return Value();
            return InvalidArgument("toString", v);
    }
}

Result<Value> ToBooleanImpl(const Value& v, bool or_null) {
    switch (v.kind()) {
        case ValueKind::kNull:
            return Value();
        case ValueKind::kBool:
            return v;
        case ValueKind::kInt:
            return Value(v.as_int() != 0);
        case ValueKind::kString: {
            std::string t(Trimmed(v.as_string()));
            for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (t == "true") return Value(true);
            if (t == "false") return Value(false);
            return Value();
        }
        default:
            if (or_null) return Value();
            return InvalidArgument("toBoolean", v);
    }
}

template <typename F>
Result<Value> ListConvert(Args a, const char* fn, F convert) {
    if (a[0].is_null()) return Value();
    if (!a[0].is_list()) return InvalidArgument(fn, a[0]);
    List out;
    out.reserve(a[0].as_list().size());
    for (const Value& e : a[0].as_list()) {
        auto r = convert(e, true);
        out.push_back(r.ok() ? std::move(r).value() : Value());
    }
    return Value(std::move(out));
}

}  // namespace

Result<Value> ToInteger(Args a, const Ctx&) {
    return ToIntegerImpl(a[0], false);
}
Result<Value> ToIntegerOrNull(Args a, const Ctx&) {
    return ToIntegerImpl(a[0], true);
}
Result<Value> ToFloat(Args a, const Ctx&) {
    return ToFloatImpl(a[0], false);
}
Result<Value> ToFloatOrNull(Args a, const Ctx&) {
    return ToFloatImpl(a[0], true);
}
Result<Value> ToStringFn(Args a, const Ctx&) {
    return ToStringImpl(a[0], false);
}
Result<Value> ToStringOrNull(Args a, const Ctx&) {
    return ToStringImpl(a[0], true);
}
Result<Value> ToBoolean(Args a, const Ctx&) {
    return ToBooleanImpl(a[0], false);
}
Result<Value> ToBooleanOrNull(Args a, const Ctx&) {
    return ToBooleanImpl(a[0], true);
}
Result<Value> ToIntegerList(Args a, const Ctx&) {
    return ListConvert(a, "toIntegerList", ToIntegerImpl);
}
Result<Value> ToFloatList(Args a, const Ctx&) {
    return ListConvert(a, "toFloatList", ToFloatImpl);
}
Result<Value> ToStringList(Args a, const Ctx&) {
    return ListConvert(a, "toStringList", ToStringImpl);
}
Result<Value> ToBooleanList(Args a, const Ctx&) {
    return ListConvert(a, "toBooleanList", ToBooleanImpl);
}

Result<Value> NullIf(Args a, const Ctx&) {
    return Equals(a[0], a[1]) == Tri::kTrue ? Value() : a[0];
}

Result<Value> Coalesce(Args a, const Ctx&) {
    for (const Value& v : a) {
        if (!v.is_null()) return v;
    }
    return Value();
}

}  // namespace nexus::cypher::builtins
