// TCK value notation: a recursive-descent parser over the cell text, and matching rules.
#include "tck/tck_value.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace nexus::tck {
namespace {

bool IsIdentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

class ValueParser {
  public:
    explicit ValueParser(std::string_view text) : s_(text) {}

    Result<Value> ParseAll() {
        ASSIGN_OR_RETURN(Value v, ParseValue());
        SkipSpace();
        if (pos_ != s_.size()) return Error("trailing characters");
        return v;
    }

  private:
    Status Error(const std::string& what) const {
        return Status(StatusCode::kInvalidArgument, "bad TCK value at offset " +
                                                        std::to_string(pos_) + " (" + what +
                                                        "): " + std::string(s_));
    }
    void SkipSpace() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) {
            ++pos_;
        }
    }
    bool Eat(char c) {
        SkipSpace();
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    bool EatWord(std::string_view w) {
        SkipSpace();
        if (s_.substr(pos_, w.size()) != w) return false;
        size_t end = pos_ + w.size();
        if (end < s_.size() && IsIdentChar(s_[end])) return false;
        pos_ = end;
        return true;
    }
    std::string Ident() {
        SkipSpace();
        size_t start = pos_;
        if (pos_ < s_.size() && s_[pos_] == '`') {
            size_t close = s_.find('`', pos_ + 1);
            if (close == std::string_view::npos) return {};
            pos_ = close + 1;
            return std::string(s_.substr(start + 1, close - start - 1));
        }
        while (pos_ < s_.size() && IsIdentChar(s_[pos_])) ++pos_;
        return std::string(s_.substr(start, pos_ - start));
    }

    Result<Value> ParseValue() {
        SkipSpace();
        if (pos_ >= s_.size()) return Error("value expected");
        char c = s_[pos_];
        if (c == '\'') return ParseString();
        if (c == '[') return ParseListOrRel();
        if (c == '{') {
            ASSIGN_OR_RETURN(Map m, ParseMap());
            return Value(std::move(m));
        }
        if (c == '(') {
            ASSIGN_OR_RETURN(Node n, ParseNode());
            return Value(std::move(n));
        }
        if (c == '<') return ParsePath();
        if (EatWord("null")) return Value();
        if (EatWord("true")) return Value(true);
        if (EatWord("false")) return Value(false);
        return ParseNumber();
    }

    Result<Value> ParseString() {
        ++pos_;  // opening quote
        std::string out;
        while (pos_ < s_.size()) {
            char c = s_[pos_++];
            if (c == '\'') return Value(std::move(out));
            if (c == '\\' && pos_ < s_.size()) {
                char n = s_[pos_];
                if (n == '\'' || n == '\\') {
                    out += n;
                    ++pos_;
                    continue;
                }
            }
            out += c;
        }
        return Error("unterminated string");
    }

    Result<Value> ParseNumber() {
        size_t start = pos_;
        bool negative = false;
        if (pos_ < s_.size() && (s_[pos_] == '-' || s_[pos_] == '+')) {
            negative = s_[pos_] == '-';
            ++pos_;
        }
        if (EatWord("NaN")) return Value(std::numeric_limits<double>::quiet_NaN());
        if (EatWord("Infinity") || EatWord("Inf")) {
            double inf = std::numeric_limits<double>::infinity();
            return Value(negative ? -inf : inf);
        }
        bool is_float = false;
        size_t digits = pos_;
        while (pos_ < s_.size()) {
            char c = s_[pos_];
            if (c >= '0' && c <= '9') {
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
        if (pos_ == digits) return Error("number expected");
        std::string text(s_.substr(start, pos_ - start));
        char* end = nullptr;
        if (is_float) {
            double d = std::strtod(text.c_str(), &end);
            if (*end != '\0') return Error("bad float");
            return Value(d);
        }
        errno = 0;
        long long i = std::strtoll(text.c_str(), &end, 10);
        if (*end != '\0' || errno == ERANGE) return Error("bad integer");
        return Value(static_cast<int64_t>(i));
    }

    Result<Map> ParseMap() {
        Map m;
        if (!Eat('{')) return Error("'{' expected");
        if (Eat('}')) return m;
        do {
            std::string key = Ident();
            if (key.empty()) return Error("map key expected");
            if (!Eat(':')) return Error("':' expected");
            ASSIGN_OR_RETURN(Value v, ParseValue());
            m[key] = std::move(v);
        } while (Eat(','));
        if (!Eat('}')) return Error("'}' expected");
        return m;
    }

    Result<Node> ParseNode() {
        Node n;
        if (!Eat('(')) return Error("'(' expected");
        while (Eat(':')) {
            std::string label = Ident();
            if (label.empty()) return Error("label expected");
            n.labels.push_back(std::move(label));
        }
        SkipSpace();
        Map props;
        if (pos_ < s_.size() && s_[pos_] == '{') {
            ASSIGN_OR_RETURN(props, ParseMap());
        }
        n.properties = std::make_shared<const Map>(std::move(props));
        if (!Eat(')')) return Error("')' expected");
        return n;
    }

    // After '[': a relationship when the next token is ':', a list otherwise.
    Result<Value> ParseListOrRel() {
        size_t save = pos_;
        ++pos_;
        SkipSpace();
        if (pos_ < s_.size() && s_[pos_] == ':') {
            pos_ = save;
            ASSIGN_OR_RETURN(Relationship r, ParseRel());
            return Value(std::move(r));
        }
        List list;
        if (Eat(']')) return Value(std::move(list));
        do {
            ASSIGN_OR_RETURN(Value v, ParseValue());
            list.push_back(std::move(v));
        } while (Eat(','));
        if (!Eat(']')) return Error("']' expected");
        return Value(std::move(list));
    }

    Result<Relationship> ParseRel() {
        Relationship r;
        if (!Eat('[')) return Error("'[' expected");
        if (!Eat(':')) return Error("relationship type expected");
        r.type = Ident();
        if (r.type.empty()) return Error("relationship type expected");
        SkipSpace();
        Map props;
        if (pos_ < s_.size() && s_[pos_] == '{') {
            ASSIGN_OR_RETURN(props, ParseMap());
        }
        r.properties = std::make_shared<const Map>(std::move(props));
        if (!Eat(']')) return Error("']' expected");
        return r;
    }

    // Node i gets id i; a relationship's start/end ids record its direction in the path.
    Result<Value> ParsePath() {
        ++pos_;  // '<'
        Path p;
        ASSIGN_OR_RETURN(Node first, ParseNode());
        first.id = 0;
        p.nodes.push_back(std::move(first));
        while (true) {
            SkipSpace();
            if (Eat('>')) break;
            bool backward = false;
            if (Eat('<')) {
                backward = true;
                if (!Eat('-')) return Error("'-' expected");
            } else if (!Eat('-')) {
                return Error("path step expected");
            }
            ASSIGN_OR_RETURN(Relationship r, ParseRel());
            if (!Eat('-')) return Error("'-' expected");
            bool forward = Eat('>');
            if (forward == backward) return Error("path relationship needs one direction");
            ASSIGN_OR_RETURN(Node next, ParseNode());
            int64_t here = static_cast<int64_t>(p.nodes.size()) - 1;
            next.id = here + 1;
            r.id = here;
            r.start_id = forward ? here : here + 1;
            r.end_id = forward ? here + 1 : here;
            p.relationships.push_back(std::move(r));
            p.nodes.push_back(std::move(next));
        }
        return Value(std::move(p));
    }

    std::string_view s_;
    size_t pos_ = 0;
};

bool IsTemporalOrSpatial(ValueKind k) {
    return k >= ValueKind::kDate && k <= ValueKind::kPoint;
}

const Map& PropsOf(const std::shared_ptr<const Map>& props) {
    static const Map kEmpty;
    return props ? *props : kEmpty;
}

bool MapsEqual(const Map& e, const Map& a, const CompareOptions& o) {
    if (e.size() != a.size()) return false;
    for (const auto& [k, v] : e) {
        auto it = a.find(k);
        if (it == a.end() || !TckEqual(v, it->second, o)) return false;
    }
    return true;
}

bool NodesEqual(const Node& e, const Node& a, const CompareOptions& o) {
    std::vector<std::string> el = e.labels, al = a.labels;
    std::sort(el.begin(), el.end());
    std::sort(al.begin(), al.end());
    return el == al && MapsEqual(PropsOf(e.properties), PropsOf(a.properties), o);
}

bool RelsEqual(const Relationship& e, const Relationship& a, const CompareOptions& o) {
    return e.type == a.type && MapsEqual(PropsOf(e.properties), PropsOf(a.properties), o);
}

bool PathsEqual(const Path& e, const Path& a, const CompareOptions& o) {
    if (e.nodes.size() != a.nodes.size() || e.relationships.size() != a.relationships.size()) {
        return false;
    }
    for (size_t i = 0; i < e.nodes.size(); ++i) {
        if (!NodesEqual(e.nodes[i], a.nodes[i], o)) return false;
    }
    for (size_t i = 0; i < e.relationships.size(); ++i) {
        const Relationship& er = e.relationships[i];
        const Relationship& ar = a.relationships[i];
        bool e_forward = er.start_id == e.nodes[i].id;
        bool a_forward = ar.start_id == a.nodes[i].id;
        if (e_forward != a_forward || !RelsEqual(er, ar, o)) return false;
    }
    return true;
}

// Multiset matching: each expected element takes the first unused equal actual one. TCK
// equality is an equivalence, so greedy matching finds a perfect match when one exists.
template <typename T, typename Eq>
bool MultisetEqual(const std::vector<T>& e, const std::vector<T>& a, Eq eq,
                   std::vector<size_t>* unmatched_expected = nullptr) {
    if (e.size() != a.size() && unmatched_expected == nullptr) return false;
    std::vector<bool> used(a.size(), false);
    bool ok = e.size() == a.size();
    for (size_t i = 0; i < e.size(); ++i) {
        bool found = false;
        for (size_t j = 0; j < a.size(); ++j) {
            if (!used[j] && eq(e[i], a[j])) {
                used[j] = true;
                found = true;
                break;
            }
        }
        if (!found) {
            ok = false;
            if (unmatched_expected == nullptr) return false;
            unmatched_expected->push_back(i);
        }
    }
    return ok;
}

bool RowEqual(const Row& e, const Row& a, const CompareOptions& o) {
    if (e.size() != a.size()) return false;
    for (size_t i = 0; i < e.size(); ++i) {
        if (!TckEqual(e[i], a[i], o)) return false;
    }
    return true;
}

std::string RowString(const Row& row) {
    std::string out = "|";
    for (const Value& v : row) out += " " + v.ToString() + " |";
    return out;
}

std::string RowsString(const std::vector<Row>& rows) {
    constexpr size_t kMaxRows = 10;
    std::string out;
    for (size_t i = 0; i < rows.size() && i < kMaxRows; ++i) out += "\n      " + RowString(rows[i]);
    if (rows.size() > kMaxRows) {
        out += "\n      ... (" + std::to_string(rows.size() - kMaxRows) + " more)";
    }
    return out.empty() ? " (none)" : out;
}

}  // namespace

Result<Value> ParseTckValue(std::string_view text) {
    return ValueParser(text).ParseAll();
}

std::string DisplayString(const Value& v) {
    std::string s = v.ToString();
    if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') s = s.substr(1, s.size() - 2);
    return s;
}

bool TckEqual(const Value& expected, const Value& actual, const CompareOptions& o) {
    ValueKind ek = expected.kind(), ak = actual.kind();
    if (ek == ValueKind::kString && IsTemporalOrSpatial(ak)) {
        return expected.as_string() == DisplayString(actual);
    }
    if (ek != ak) return false;
    switch (ek) {
        case ValueKind::kNull:
            return true;
        case ValueKind::kBool:
            return expected.as_bool() == actual.as_bool();
        case ValueKind::kInt:
            return expected.as_int() == actual.as_int();
        case ValueKind::kFloat: {
            double e = expected.as_float(), a = actual.as_float();
            if (std::isnan(e) || std::isnan(a)) return std::isnan(e) && std::isnan(a);
            return e == a;
        }
        case ValueKind::kString:
            return expected.as_string() == actual.as_string();
        case ValueKind::kList: {
            const List& e = expected.as_list();
            const List& a = actual.as_list();
            if (e.size() != a.size()) return false;
            if (o.unordered_lists) {
                return MultisetEqual(
                    e, a, [&](const Value& x, const Value& y) { return TckEqual(x, y, o); });
            }
            for (size_t i = 0; i < e.size(); ++i) {
                if (!TckEqual(e[i], a[i], o)) return false;
            }
            return true;
        }
        case ValueKind::kMap:
            return MapsEqual(expected.as_map(), actual.as_map(), o);
        case ValueKind::kNode:
            return NodesEqual(expected.as_node(), actual.as_node(), o);
        case ValueKind::kRelationship:
            return RelsEqual(expected.as_relationship(), actual.as_relationship(), o);
        case ValueKind::kPath:
            return PathsEqual(expected.as_path(), actual.as_path(), o);
        default:
            return expected.ToString() == actual.ToString();
    }
}

bool RowsMatch(const std::vector<Row>& expected, const std::vector<Row>& actual, bool ordered,
               const CompareOptions& options, std::string* why) {
    bool ok;
    if (ordered) {
        ok = expected.size() == actual.size();
        for (size_t i = 0; ok && i < expected.size(); ++i) {
            ok = RowEqual(expected[i], actual[i], options);
        }
    } else {
        ok = MultisetEqual(expected, actual,
                           [&](const Row& x, const Row& y) { return RowEqual(x, y, options); });
    }
    if (!ok && why != nullptr) {
        *why = "expected " + std::to_string(expected.size()) + " row(s)" +
               (ordered ? " in order" : "") + ":" + RowsString(expected) + "\n    got " +
               std::to_string(actual.size()) + ":" + RowsString(actual);
    }
    return ok;
}

}  // namespace nexus::tck
