// Cypher float rendering: shortest round-trip digits laid out as Java prints doubles.
#include "common/float_format.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace nexus {

std::string FormatCypherFloat(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    // Shortest round-trip digits and decimal exponent, from "d.ddde+XX".
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    const size_t e = sci.find('e');
    const int exp10 = std::stoi(sci.substr(e + 1));
    std::string digits;
    for (size_t i = 0; i < e; ++i) {
        if (std::isdigit(static_cast<unsigned char>(sci[i]))) digits += sci[i];
    }
    const std::string sign = d < 0 ? "-" : "";
    const double a = std::fabs(d);
    if (a >= 1e-3 && a < 1e7) {
        std::string out;
        if (exp10 >= 0) {
            const size_t int_len = static_cast<size_t>(exp10) + 1;
            while (digits.size() < int_len) digits += '0';
            out = digits.substr(0, int_len) + "." +
                  (digits.size() > int_len ? digits.substr(int_len) : "0");
        } else {
            out = "0." + std::string(static_cast<size_t>(-exp10 - 1), '0') + digits;
        }
        return sign + out;
    }
    std::string mantissa = digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
    return sign + mantissa + "E" + std::to_string(exp10);
}

}  // namespace nexus
