// Statement splitting, parameter literals, sizes and sync modes for the nexus command.
#include "script.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace nexus::tools {
namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Tracks line/column while scanning, and the start of the statement being collected.
struct Cursor {
    uint32_t line = 1, column = 1;
    void Advance(char c) {
        if (c == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
};

bool OnlyCommentsOrSpace(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        if (std::isspace(static_cast<unsigned char>(s[i]))) {
            ++i;
        } else if (s.substr(i, 2) == "//") {
            size_t nl = s.find('\n', i);
            i = nl == std::string_view::npos ? s.size() : nl;
        } else if (s.substr(i, 2) == "/*") {
            size_t end = s.find("*/", i + 2);
            i = end == std::string_view::npos ? s.size() : end + 2;
        } else {
            return false;
        }
    }
    return true;
}

Value FromJson(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::null:
            return Value();
        case nlohmann::json::value_t::boolean:
            return Value(j.get<bool>());
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return Value(j.get<int64_t>());
        case nlohmann::json::value_t::number_float:
            return Value(j.get<double>());
        case nlohmann::json::value_t::string:
            return Value(j.get<std::string>());
        case nlohmann::json::value_t::array: {
            List l;
            for (const auto& e : j) l.push_back(FromJson(e));
            return Value(std::move(l));
        }
        case nlohmann::json::value_t::object: {
            Map m;
            for (auto it = j.begin(); it != j.end(); ++it) m[it.key()] = FromJson(it.value());
            return Value(std::move(m));
        }
        default:
            return Value();
    }
}

// Cypher literals: the subset a parameter needs (no expressions).
class LiteralParser {
  public:
    explicit LiteralParser(std::string_view s) : s_(s) {}
    Result<Value> All() {
        ASSIGN_OR_RETURN(Value v, Parse());
        Space();
        if (pos_ != s_.size()) return Error();
        return v;
    }

  private:
    Status Error() const {
        return Status(StatusCode::kInvalidArgument,
                      "cannot read '" + std::string(s_) +
                          "' as a JSON or Cypher literal (strings need quotes: '\"Ann\"')");
    }
    void Space() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    bool Eat(char c) {
        Space();
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    std::string Word() {
        Space();
        size_t start = pos_;
        while (pos_ < s_.size() &&
               (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) {
            ++pos_;
        }
        return std::string(s_.substr(start, pos_ - start));
    }
    Result<Value> Parse() {
        Space();
        if (pos_ >= s_.size()) return Error();
        char c = s_[pos_];
        if (c == '\'' || c == '"') return String(c);
        if (c == '[') {
            ++pos_;
            List l;
            if (Eat(']')) return Value(std::move(l));
            do {
                ASSIGN_OR_RETURN(Value v, Parse());
                l.push_back(std::move(v));
            } while (Eat(','));
            if (!Eat(']')) return Error();
            return Value(std::move(l));
        }
        if (c == '{') {
            ++pos_;
            Map m;
            if (Eat('}')) return Value(std::move(m));
            do {
                Space();
                std::string key;
                if (pos_ < s_.size() && (s_[pos_] == '\'' || s_[pos_] == '"')) {
                    ASSIGN_OR_RETURN(Value k, String(s_[pos_]));
                    key = k.as_string();
                } else {
                    key = Word();
                }
                if (key.empty() || !Eat(':')) return Error();
                ASSIGN_OR_RETURN(Value v, Parse());
                m[key] = std::move(v);
            } while (Eat(','));
            if (!Eat('}')) return Error();
            return Value(std::move(m));
        }
        if (c == '-' || c == '+' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
            return Number();
        }
        std::string w = Lower(Word());
        if (w == "null") return Value();
        if (w == "true") return Value(true);
        if (w == "false") return Value(false);
        return Error();
    }
    Result<Value> String(char quote) {
        ++pos_;
        std::string out;
        while (pos_ < s_.size()) {
            char c = s_[pos_++];
            if (c == quote) return Value(std::move(out));
            if (c == '\\' && pos_ < s_.size()) {
                char e = s_[pos_++];
                switch (e) {
                    case 'n':
                        out += '\n';
                        break;
                    case 't':
                        out += '\t';
                        break;
                    case 'r':
                        out += '\r';
                        break;
                    default:
                        out += e;
                }
                continue;
            }
            out += c;
        }
        return Error();
    }
    Result<Value> Number() {
        size_t start = pos_;
        if (s_[pos_] == '-' || s_[pos_] == '+') ++pos_;
        bool is_float = false;
        while (pos_ < s_.size()) {
            char c = s_[pos_];
            if (std::isdigit(static_cast<unsigned char>(c))) {
                ++pos_;
            } else if (c == '.' || c == 'e' || c == 'E') {
                is_float = true;
                ++pos_;
                if ((c == 'e' || c == 'E') && pos_ < s_.size() &&
                    (s_[pos_] == '-' || s_[pos_] == '+')) {
                    ++pos_;
                }
            } else {
                break;
            }
        }
        std::string text(s_.substr(start, pos_ - start));
        char* end = nullptr;
        errno = 0;
        if (is_float) {
            double d = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0') return Error();
            return Value(d);
        }
        long long i = std::strtoll(text.c_str(), &end, 10);
        if (end == text.c_str() || *end != '\0' || errno == ERANGE) return Error();
        return Value(static_cast<int64_t>(i));
    }

    std::string_view s_;
    size_t pos_ = 0;
};

}  // namespace

std::vector<Statement> SplitStatements(std::string_view script, bool* ends_open) {
    std::vector<Statement> out;
    Cursor cur, start;
    size_t begin = 0;
    auto flush = [&](size_t end) {
        std::string_view raw = script.substr(begin, end - begin);
        if (!OnlyCommentsOrSpace(raw)) {
            // Position of the first non-space character.
            Cursor at = start;
            size_t i = 0;
            while (i < raw.size() && std::isspace(static_cast<unsigned char>(raw[i]))) {
                at.Advance(raw[i++]);
            }
            out.push_back({std::string(Trim(raw)), at.line, at.column});
        }
    };
    size_t i = 0;
    while (i < script.size()) {
        char c = script[i];
        if (c == '\'' || c == '"' || c == '`') {
            cur.Advance(script[i++]);
            while (i < script.size() && script[i] != c) {
                if (script[i] == '\\' && c != '`' && i + 1 < script.size())
                    cur.Advance(script[i++]);
                cur.Advance(script[i++]);
            }
            if (i < script.size()) cur.Advance(script[i++]);
            continue;
        }
        if (script.substr(i, 2) == "//") {
            while (i < script.size() && script[i] != '\n') cur.Advance(script[i++]);
            continue;
        }
        if (script.substr(i, 2) == "/*") {
            size_t end = script.find("*/", i + 2);
            end = end == std::string_view::npos ? script.size() : end + 2;
            while (i < end) cur.Advance(script[i++]);
            continue;
        }
        if (c == ';') {
            flush(i);
            cur.Advance(script[i++]);
            begin = i;
            start = cur;
            continue;
        }
        cur.Advance(script[i++]);
    }
    bool open = !OnlyCommentsOrSpace(script.substr(begin));
    if (ends_open != nullptr) *ends_open = open;
    flush(script.size());
    return out;
}

TxControl ClassifyTxControl(std::string_view statement) {
    std::string s = Lower(Trim(statement));
    if (s == "begin" || s == "begin transaction") return TxControl::kBegin;
    if (s == "commit" || s == "commit transaction") return TxControl::kCommit;
    if (s == "rollback" || s == "rollback transaction") return TxControl::kRollback;
    return TxControl::kNone;
}

Result<Value> ParseParamValue(std::string_view text) {
    std::string_view t = Trim(text);
    nlohmann::json j = nlohmann::json::parse(t, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) {
        // JSON readers turn integers too large for 64 bits into floats; Cypher does not.
        if (j.is_number_float() && t.find_first_of(".eE") == std::string_view::npos) {
            return Status(StatusCode::kInvalidArgument,
                          "integer '" + std::string(t) + "' does not fit in 64 bits");
        }
        return FromJson(j);
    }
    return LiteralParser(t).All();
}

Result<std::pair<std::string, Value>> ParseParamAssignment(std::string_view text) {
    size_t eq = text.find('=');
    std::string name(Trim(text.substr(0, eq == std::string_view::npos ? 0 : eq)));
    if (eq == std::string_view::npos || name.empty()) {
        return Status(StatusCode::kInvalidArgument,
                      "parameter '" + std::string(text) + "' is not name=value");
    }
    if (name.front() == '$') name.erase(0, 1);
    ASSIGN_OR_RETURN(Value v, ParseParamValue(text.substr(eq + 1)));
    return std::make_pair(name, std::move(v));
}

Result<uint64_t> ParseSize(std::string_view text) {
    std::string t(Trim(text));
    size_t i = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    std::string unit = Lower(Trim(std::string_view(t).substr(i)));
    Status bad(StatusCode::kInvalidArgument,
               "bad size '" + std::string(text) + "' (use e.g. 4096, 64MiB, 1GiB)");
    if (i == 0 || i > 15) return bad;
    uint64_t n = std::stoull(t.substr(0, i));
    int shift = 0;
    if (unit.empty() || unit == "b") {
        shift = 0;
    } else if (unit == "k" || unit == "kb" || unit == "kib") {
        shift = 10;
    } else if (unit == "m" || unit == "mb" || unit == "mib") {
        shift = 20;
    } else if (unit == "g" || unit == "gb" || unit == "gib") {
        shift = 30;
    } else if (unit == "t" || unit == "tb" || unit == "tib") {
        shift = 40;
    } else {
        return bad;
    }
    if (shift > 0 && n > (UINT64_MAX >> shift)) return bad;
    return n << shift;
}

Result<SyncMode> ParseSyncMode(std::string_view text) {
    std::string t = Lower(Trim(text));
    if (t == "full") return SyncMode::kFull;
    if (t == "normal") return SyncMode::kNormal;
    if (t == "off") return SyncMode::kOff;
    return Status(StatusCode::kInvalidArgument,
                  "bad sync mode '" + std::string(text) + "' (full, normal or off)");
}

SourcePosition ScriptPosition(const Statement& statement, const SourcePosition& pos) {
    SourcePosition out = pos;
    if (pos.line <= 1) {
        out.line = statement.line;
        out.column = statement.column + (pos.column > 0 ? pos.column - 1 : 0);
    } else {
        out.line = statement.line + pos.line - 1;
    }
    return out;
}

}  // namespace nexus::tools
