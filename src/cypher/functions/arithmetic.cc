// The arithmetic operators of Cypher (+ - * / % ^ and unary -) over numbers, strings, lists,
// temporals and durations. Integer overflow is an error, as in Neo4j, never a wrap-around.
#include <cmath>

#include "cypher/functions/temporal.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher {

namespace {

namespace ti = temporal_impl;

Status TypeMismatch(const char* verb, const Value& a, const Value& b) {
    return Status(StatusCode::kTypeError, std::string("Cannot ") + verb + " " +
                                              ValueKindName(a.kind()) + " and " +
                                              ValueKindName(b.kind()));
}

Status IntegerOverflow() {
    return Status(StatusCode::kArithmeticError, "integer overflow");
}

// Strings concatenate with numbers by their literal text ('a' + 1 = 'a1').
bool ConcatText(const Value& v, std::string* out) {
    if (v.is_string()) {
        *out = v.as_string();
        return true;
    }
    if (v.is_number()) {
        *out = v.is_int() ? v.ToString() : FormatCypherFloat(v.as_float());
        return true;
    }
    return false;
}

}  // namespace

Result<Value> Add(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value();
    if (a.is_int() && b.is_int()) {
        int64_t r;
        if (__builtin_add_overflow(a.as_int(), b.as_int(), &r)) return IntegerOverflow();
        return Value(r);
    }
    if (a.is_number() && b.is_number()) return Value(a.as_number() + b.as_number());
    if (a.is_list() || b.is_list()) {
        List out;
        if (a.is_list()) {
            out = a.as_list();
        } else {
            out.push_back(a);
        }
        if (b.is_list()) {
            out.insert(out.end(), b.as_list().begin(), b.as_list().end());
        } else {
            out.push_back(b);
        }
        return Value(std::move(out));
    }
    if (a.is_string() || b.is_string()) {
        std::string x, y;
        if (ConcatText(a, &x) && ConcatText(b, &y)) return Value(x + y);
        return TypeMismatch("add", a, b);
    }
    if (a.kind() == ValueKind::kDuration && b.kind() == ValueKind::kDuration) {
        ASSIGN_OR_RETURN(Duration d, ti::AddDurations(a.as_duration(), b.as_duration()));
        return Value(d);
    }
    if (ti::IsTemporal(a) && b.kind() == ValueKind::kDuration) {
        return ti::AddDuration(a, b.as_duration());
    }
    if (a.kind() == ValueKind::kDuration && ti::IsTemporal(b)) {
        return ti::AddDuration(b, a.as_duration());
    }
    return TypeMismatch("add", a, b);
}

Result<Value> Subtract(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value();
    if (a.is_int() && b.is_int()) {
        int64_t r;
        if (__builtin_sub_overflow(a.as_int(), b.as_int(), &r)) return IntegerOverflow();
        return Value(r);
    }
    if (a.is_number() && b.is_number()) return Value(a.as_number() - b.as_number());
    if (b.kind() == ValueKind::kDuration &&
        (ti::IsTemporal(a) || a.kind() == ValueKind::kDuration)) {
        ASSIGN_OR_RETURN(Duration neg, ti::NegateDuration(b.as_duration()));
        if (a.kind() == ValueKind::kDuration) {
            ASSIGN_OR_RETURN(Duration d, ti::AddDurations(a.as_duration(), neg));
            return Value(d);
        }
        return ti::AddDuration(a, neg);
    }
    return TypeMismatch("subtract", a, b);
}

Result<Value> Multiply(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value();
    if (a.is_int() && b.is_int()) {
        int64_t r;
        if (__builtin_mul_overflow(a.as_int(), b.as_int(), &r)) return IntegerOverflow();
        return Value(r);
    }
    if (a.is_number() && b.is_number()) return Value(a.as_number() * b.as_number());
    if (a.kind() == ValueKind::kDuration && b.is_number()) {
        ASSIGN_OR_RETURN(Duration d, ti::ScaleDuration(a.as_duration(), b, false));
        return Value(d);
    }
    if (a.is_number() && b.kind() == ValueKind::kDuration) {
        ASSIGN_OR_RETURN(Duration d, ti::ScaleDuration(b.as_duration(), a, false));
        return Value(d);
    }
    return TypeMismatch("multiply", a, b);
}

Result<Value> Divide(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value();
    if (a.is_int() && b.is_int()) {
        if (b.as_int() == 0) return Status(StatusCode::kArithmeticError, "/ by zero");
        if (a.as_int() == INT64_MIN && b.as_int() == -1) return IntegerOverflow();
        return Value(a.as_int() / b.as_int());
    }
    if (a.is_number() && b.is_number()) return Value(a.as_number() / b.as_number());
    if (a.kind() == ValueKind::kDuration && b.is_number()) {
        ASSIGN_OR_RETURN(Duration d, ti::ScaleDuration(a.as_duration(), b, true));
        return Value(d);
    }
    return TypeMismatch("divide", a, b);
}

Result<Value> Modulo(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value();
    if (a.is_int() && b.is_int()) {
        if (b.as_int() == 0) return Status(StatusCode::kArithmeticError, "/ by zero");
        if (b.as_int() == -1) return Value(int64_t{0});
        return Value(a.as_int() % b.as_int());
    }
    if (a.is_number() && b.is_number()) return Value(std::fmod(a.as_number(), b.as_number()));
    return TypeMismatch("compute the modulus of", a, b);
}

Result<Value> Power(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value();
    if (a.is_number() && b.is_number()) return Value(std::pow(a.as_number(), b.as_number()));
    return TypeMismatch("raise", a, b);
}

Result<Value> Negate(const Value& a) {
    if (a.is_null()) return Value();
    if (a.is_int()) {
        if (a.as_int() == INT64_MIN) return IntegerOverflow();
        return Value(-a.as_int());
    }
    if (a.is_float()) return Value(-a.as_float());
    if (a.kind() == ValueKind::kDuration) {
        ASSIGN_OR_RETURN(Duration d, ti::NegateDuration(a.as_duration()));
        return Value(d);
    }
    return Status(StatusCode::kTypeError, std::string("Cannot negate ") + ValueKindName(a.kind()));
}

}  // namespace nexus::cypher
