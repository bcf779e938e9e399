// String functions over UTF-8 text counted in code points: substring, left, right, the trims
// (whitespace or given characters), toUpper/toLower and normalize (Unicode, through ICU),
// replace, split and randomUUID.
#include <random>

#if NEXUS_HAVE_ICU
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#endif

#include "cypher/functions/builtins.h"

namespace nexus::cypher::builtins {

std::u32string DecodeUtf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
        if (i + len > s.size()) len = 1;
        char32_t cp = len == 1 ? b : (b & (0x7F >> len));
        for (int k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::string EncodeUtf8(std::u32string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char32_t cp : s) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

namespace {

Status WrongType(const char* fn, const Value& v) {
    return Status(StatusCode::kTypeError, std::string("Invalid input for function '") + fn +
                                              "()': " + ValueKindName(v.kind()) + " not expected");
}

// Checks that every argument is null or of the wanted kind; sets *any_null.
Status CheckArgs(const char* fn, Args a, std::initializer_list<ValueKind> kinds, bool* any_null) {
    *any_null = false;
    size_t i = 0;
    for (ValueKind k : kinds) {
        if (i >= a.size()) break;
        if (a[i].is_null()) {
            *any_null = true;
        } else if (a[i].kind() != k) {
            return WrongType(fn, a[i]);
        }
        ++i;
    }
    return Status::Ok();
}

Status NegativeArgument(const char* fn) {
    return Status(StatusCode::kArgumentError,
                  std::string("Invalid input for function '") + fn + "()': negative length");
}

bool IsSpace(char32_t c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x3000 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029;
}

// Trims whitespace, or the characters of the optional second argument (btrim('xxhixx', 'x')).
Result<Value> TrimImpl(Args a, const char* fn, bool left, bool right) {
    bool any_null;
    RETURN_IF_ERROR(CheckArgs(fn, a, {ValueKind::kString, ValueKind::kString}, &any_null));
    if (any_null) return Value();
    const std::u32string s = DecodeUtf8(a[0].as_string());
    const std::u32string chars = a.size() > 1 ? DecodeUtf8(a[1].as_string()) : U"";
    auto trimmed = [&](char32_t c) {
        return a.size() > 1 ? chars.find(c) != std::u32string::npos : IsSpace(c);
    };
    size_t b = 0, e = s.size();
    if (left) {
        while (b < e && trimmed(s[b])) ++b;
    }
    if (right) {
        while (e > b && trimmed(s[e - 1])) --e;
    }
    return Value(EncodeUtf8(std::u32string_view(s).substr(b, e - b)));
}

#if NEXUS_HAVE_ICU
Result<std::string> NormalizeText(const std::string& s, std::string_view form) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = nullptr;
    if (form == "NFC") n = icu::Normalizer2::getNFCInstance(status);
    if (form == "NFD") n = icu::Normalizer2::getNFDInstance(status);
    if (form == "NFKC") n = icu::Normalizer2::getNFKCInstance(status);
    if (form == "NFKD") n = icu::Normalizer2::getNFKDInstance(status);
    if (n == nullptr || U_FAILURE(status)) {
        return Status(StatusCode::kArgumentError, "Unknown normal form: " + std::string(form));
    }
    icu::UnicodeString out = n->normalize(icu::UnicodeString::fromUTF8(s), status);
    if (U_FAILURE(status)) return Status(StatusCode::kArgumentError, "normalize() failed");
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

// Full Unicode case mapping in the root locale, as Java's String.toUpperCase does
// ("straße" -> "STRASSE").
std::string ChangeCase(const std::string& s, bool upper) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    if (upper) {
        u.toUpper(icu::Locale::getRoot());
    } else {
        u.toLower(icu::Locale::getRoot());
    }
    std::string out;
    u.toUTF8String(out);
    return out;
}
#else
Result<std::string> NormalizeText(const std::string& s, std::string_view form) {
    return Status(StatusCode::kNotSupported, "normalize() needs a build with ICU");
}

// Without ICU only ASCII letters change case.
std::string ChangeCase(std::string s, bool upper) {
    for (char& c : s) {
        if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return s;
}
#endif

Result<Value> CaseImpl(Args a, const char* fn, bool upper) {
    bool any_null;
    RETURN_IF_ERROR(CheckArgs(fn, a, {ValueKind::kString}, &any_null));
    if (any_null) return Value();
    return Value(ChangeCase(a[0].as_string(), upper));
}

}  // namespace

Result<Value> Substring(Args a, const Ctx&) {
    bool any_null;
    RETURN_IF_ERROR(CheckArgs("substring", a,
                              {ValueKind::kString, ValueKind::kInt, ValueKind::kInt}, &any_null));
    if (any_null) return Value();
    const std::u32string s = DecodeUtf8(a[0].as_string());
    const int64_t start = a[1].as_int();
    if (start < 0) return NegativeArgument("substring");
    int64_t len = static_cast<int64_t>(s.size());
    if (a.size() > 2) {
        len = a[2].as_int();
        if (len < 0) return NegativeArgument("substring");
    }
    if (start >= static_cast<int64_t>(s.size())) return Value(std::string());
    return Value(EncodeUtf8(
        std::u32string_view(s).substr(static_cast<size_t>(start), static_cast<size_t>(len))));
}

Result<Value> Left(Args a, const Ctx&) {
    bool any_null;
    RETURN_IF_ERROR(CheckArgs("left", a, {ValueKind::kString, ValueKind::kInt}, &any_null));
    if (a[1].is_null())
        return Status(StatusCode::kArgumentError, "left(): length must not be null");
    if (any_null) return Value();
    if (a[1].as_int() < 0) return NegativeArgument("left");
    const std::u32string s = DecodeUtf8(a[0].as_string());
    return Value(EncodeUtf8(std::u32string_view(s).substr(0, static_cast<size_t>(a[1].as_int()))));
}

Result<Value> Right(Args a, const Ctx&) {
    bool any_null;
    RETURN_IF_ERROR(CheckArgs("right", a, {ValueKind::kString, ValueKind::kInt}, &any_null));
    if (a[1].is_null())
        return Status(StatusCode::kArgumentError, "right(): length must not be null");
    if (any_null) return Value();
    if (a[1].as_int() < 0) return NegativeArgument("right");
    const std::u32string s = DecodeUtf8(a[0].as_string());
    const size_t n = std::min(s.size(), static_cast<size_t>(a[1].as_int()));
    return Value(EncodeUtf8(std::u32string_view(s).substr(s.size() - n)));
}

Result<Value> Trim(Args a, const Ctx&) {
    return TrimImpl(a, "trim", true, true);
}
Result<Value> LTrim(Args a, const Ctx&) {
    return TrimImpl(a, "ltrim", true, false);
}
Result<Value> RTrim(Args a, const Ctx&) {
    return TrimImpl(a, "rtrim", false, true);
}
Result<Value> ToUpper(Args a, const Ctx&) {
    return CaseImpl(a, "toUpper", true);
}
Result<Value> ToLower(Args a, const Ctx&) {
    return CaseImpl(a, "toLower", false);
}

Result<Value> BTrim(Args a, const Ctx&) {
    return TrimImpl(a, "btrim", true, true);
}

Result<Value> Normalize(Args a, const Ctx&) {
    bool any_null;
    RETURN_IF_ERROR(CheckArgs("normalize", a, {ValueKind::kString, ValueKind::kString}, &any_null));
    if (any_null) return Value();
    ASSIGN_OR_RETURN(std::string out,
                     NormalizeText(a[0].as_string(), a.size() > 1 ? a[1].as_string() : "NFC"));
    return Value(std::move(out));
}

Result<Value> Replace(Args a, const Ctx&) {
    bool any_null;
    RETURN_IF_ERROR(CheckArgs(
        "replace", a, {ValueKind::kString, ValueKind::kString, ValueKind::kString}, &any_null));
    if (any_null) return Value();
    const std::string& s = a[0].as_string();
    const std::string& from = a[1].as_string();
    const std::string& to = a[2].as_string();
    if (from.empty()) {
        // Java's String.replace("", x) inserts x around every character.
        std::string out = to;
        for (char32_t c : DecodeUtf8(s)) out += EncodeUtf8(std::u32string(1, c)) + to;
        return Value(out);
    }
    std::string out;
    size_t pos = 0;
    for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
        out.append(s, pos, hit - pos);
        out += to;
    }
    out.append(s, pos);
    return Value(out);
}

Result<Value> Split(Args a, const Ctx&) {
    const Value& sep = a[1];
    if (!a[0].is_null() && !a[0].is_string()) return WrongType("split", a[0]);
    if (a[0].is_null() || sep.is_null()) return Value();
    std::vector<std::string> seps;
    if (sep.is_string()) {
        seps.push_back(sep.as_string());
    } else if (sep.is_list()) {
        for (const Value& e : sep.as_list()) {
            if (!e.is_string()) return WrongType("split", e);
            seps.push_back(e.as_string());
        }
    } else {
        return WrongType("split", sep);
    }
    const std::string& s = a[0].as_string();
    List out;
    if (seps.size() == 1 && seps[0].empty()) {
        for (char32_t c : DecodeUtf8(s)) out.push_back(Value(EncodeUtf8(std::u32string(1, c))));
        return Value(std::move(out));
    }
    size_t start = 0, pos = 0;
    while (pos < s.size()) {
        size_t matched = 0;
        for (const std::string& d : seps) {
            if (!d.empty() && s.compare(pos, d.size(), d) == 0)
                matched = std::max(matched, d.size());
        }
        if (matched) {
            out.push_back(Value(s.substr(start, pos - start)));
            pos += matched;
            start = pos;
        } else {
            ++pos;
        }
    }
    out.push_back(Value(s.substr(start)));
    return Value(std::move(out));
}

Result<Value> RandomUuid(Args, const Ctx&) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    uint64_t hi = rng(), lo = rng();
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                  static_cast<unsigned>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    return Value(std::string(buf));
}

}  // namespace nexus::cypher::builtins
