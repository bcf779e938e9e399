// List and map functions: size, head, last, tail, reverse, range, keys, values, isEmpty.
#include "cypher/functions/builtins.h"

namespace nexus::cypher::builtins {

namespace {
Status WrongType(const char* fn, const Value& v) {
    return Status(StatusCode::kTypeError, std::string("Invalid input for function '") + fn +
                                              "()': " + ValueKindName(v.kind()) + " not expected");
}
}  // namespace

Result<Value> Size(Args a, const Ctx&) {
    const Value& v = a[0];
    if (v.is_null()) return Value();
    if (v.is_list()) return Value(static_cast<int64_t>(v.as_list().size()));
    if (v.is_string()) return Value(static_cast<int64_t>(DecodeUtf8(v.as_string()).size()));
    if (v.is_map()) return Value(static_cast<int64_t>(v.as_map().size()));
    return WrongType("size", v);
}

Result<Value> Head(Args a, const Ctx&) {
    if (a[0].is_null()) return Value();
    if (!a[0].is_list()) return WrongType("head", a[0]);
    return a[0].as_list().empty() ? Value() : a[0].as_list().front();
}

Result<Value> Last(Args a, const Ctx&) {
    if (a[0].is_null()) return Value();
    if (!a[0].is_list()) return WrongType("last", a[0]);
    return a[0].as_list().empty() ? Value() : a[0].as_list().back();
}

Result<Value> Tail(Args a, const Ctx&) {
    if (a[0].is_null()) return Value();
    if (!a[0].is_list()) return WrongType("tail", a[0]);
    const List& l = a[0].as_list();
    if (l.empty()) return Value(List{});
    return Value(List(l.begin() + 1, l.end()));
}

Result<Value> Reverse(Args a, const Ctx&) {
    const Value& v = a[0];
    if (v.is_null()) return Value();
    if (v.is_list()) return Value(List(v.as_list().rbegin(), v.as_list().rend()));
    if (v.is_string()) {
        std::u32string s = DecodeUtf8(v.as_string());
        return Value(EncodeUtf8(std::u32string(s.rbegin(), s.rend())));
    }
    return WrongType("reverse", v);
}

Result<Value> Range(Args a, const Ctx&) {
    for (const Value& v : a) {
        if (v.is_null()) return Value();
        if (!v.is_int()) return WrongType("range", v);
    }
    const int64_t start = a[0].as_int(), end = a[1].as_int();
    const int64_t step = a.size() > 2 ? a[2].as_int() : 1;
    if (step == 0) return Status(StatusCode::kArgumentError, "step argument to range() can't be 0");
    const __int128 count = (static_cast<__int128>(end) - start) / step + 1;
    if (count <= 0) return Value(List{});
    // Guard memory: a list this long cannot be materialised anyway.
    if (count > 100'000'000) {
        return Status(StatusCode::kArgumentError, "range() would produce too many elements");
    }
    List out;
    out.reserve(static_cast<size_t>(count));
    for (__int128 i = 0; i < count; ++i)
        out.push_back(Value(static_cast<int64_t>(start + i * step)));
    return Value(std::move(out));
}

Result<Value> Keys(Args a, const Ctx&) {
    const Value& v = a[0];
    if (v.is_null()) return Value();
    const Map* m = nullptr;
    if (v.is_map()) m = &v.as_map();
    if (v.is_node() && v.as_node().properties) m = v.as_node().properties.get();
    if (v.is_relationship() && v.as_relationship().properties) {
        m = v.as_relationship().properties.get();
    }
    if (!m && !v.is_node() && !v.is_relationship()) return WrongType("keys", v);
    List out;
    if (m) {
        for (const auto& [k, e] : *m) {
            if (!e.is_null() || v.is_map()) out.push_back(Value(k));
        }
    }
    return Value(std::move(out));
}

Result<Value> Values(Args a, const Ctx&) {
    const Value& v = a[0];
    if (v.is_null()) return Value();
    if (!v.is_map()) return WrongType("values", v);
    List out;
    for (const auto& [k, e] : v.as_map()) out.push_back(e);
    return Value(std::move(out));
}

Result<Value> IsEmpty(Args a, const Ctx&) {
    const Value& v = a[0];
    if (v.is_null()) return Value();
    if (v.is_list()) return Value(v.as_list().empty());
    if (v.is_map()) return Value(v.as_map().empty());
    if (v.is_string()) return Value(v.as_string().empty());
    return WrongType("isEmpty", v);
}

}  // namespace nexus::cypher::builtins
