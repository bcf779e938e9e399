// TZif (RFC 8536) reader and POSIX TZ rule evaluation for named zones, plus parsing of
// user-written zone and offset strings. Every byte read from a zone file is bounds-checked.
#include "cypher/functions/time_zone.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "common/temporal_format.h"

namespace nexus::cypher {

// std[offset]dst[offset][,start[/time],end[/time]] with M.m.w.d, Jn or n dates.
struct TimeZone::Rule {
    struct When {
        char kind = 'M';  // 'M' month.week.day, 'J' julian 1..365 w/o leap, 'D' zero-based
        int month = 0, week = 0, day = 0;
        int32_t time = 7200;  // local seconds after midnight
    };
    int32_t std_offset = 0;  // seconds east of UTC
    int32_t dst_offset = 0;
    bool has_dst = false;
    When start, end;
};

namespace {

using temporal::DaysFromCivil;
using temporal::FloorDiv;

uint32_t Be32(std::string_view b, size_t at) {
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) |
           (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
}
int64_t Be64(std::string_view b, size_t at) {
    return static_cast<int64_t>((uint64_t(Be32(b, at)) << 32) | Be32(b, at + 4));
}

class RuleParser {
  public:
    explicit RuleParser(std::string_view s) : s_(s) {}

    bool Parse(TimeZone::Rule* r) {
        if (!SkipName()) return false;
        int32_t off;
        if (!ParseHms(&off)) return false;
        r->std_offset = -off;  // POSIX offsets are west-positive
        if (pos_ == s_.size()) return true;
        if (!SkipName()) return false;
        r->has_dst = true;
        r->dst_offset = r->std_offset + 3600;
        if (pos_ < s_.size() && s_[pos_] != ',') {
            if (!ParseHms(&off)) return false;
            r->dst_offset = -off;
        }
        if (pos_ == s_.size() || s_[pos_] != ',') return false;
        ++pos_;
        if (!ParseWhen(&r->start)) return false;
        if (pos_ == s_.size() || s_[pos_] != ',') return false;
        ++pos_;
        return ParseWhen(&r->end) && pos_ == s_.size();
    }

  private:
    bool SkipName() {
        if (pos_ < s_.size() && s_[pos_] == '<') {
            const size_t close = s_.find('>', pos_);
            if (close == std::string_view::npos) return false;
            pos_ = close + 1;
            return true;
        }
        const size_t start = pos_;
        while (pos_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        return pos_ - start >= 3;
    }
    bool ParseInt(int* out) {
        const size_t start = pos_;
        int v = 0;
        while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_])) &&
               pos_ - start < 4) {
            v = v * 10 + (s_[pos_++] - '0');
        }
        *out = v;
        return pos_ > start;
    }
    bool ParseHms(int32_t* out) {
        int sign = 1;
        if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) {
            sign = s_[pos_++] == '-' ? -1 : 1;
        }
        int h = 0, m = 0, sec = 0;
        if (!ParseInt(&h)) return false;
        if (pos_ < s_.size() && s_[pos_] == ':') {
            ++pos_;
            if (!ParseInt(&m)) return false;
            if (pos_ < s_.size() && s_[pos_] == ':') {
                ++pos_;
                if (!ParseInt(&sec)) return false;
            }
        }
        *out = sign * (h * 3600 + m * 60 + sec);
        return true;
    }
    bool ParseWhen(TimeZone::Rule::When* w) {
        if (pos_ >= s_.size()) return false;
        if (s_[pos_] == 'M') {
            ++pos_;
            w->kind = 'M';
            if (!ParseInt(&w->month) || pos_ >= s_.size() || s_[pos_++] != '.') return false;
            if (!ParseInt(&w->week) || pos_ >= s_.size() || s_[pos_++] != '.') return false;
            if (!ParseInt(&w->day)) return false;
            if (w->month < 1 || w->month > 12 || w->week < 1 || w->week > 5 || w->day > 6) {
                return false;
            }
        } else if (s_[pos_] == 'J') {
            ++pos_;
            w->kind = 'J';
            if (!ParseInt(&w->day) || w->day < 1 || w->day > 365) return false;
        } else {
            w->kind = 'D';
            if (!ParseInt(&w->day) || w->day > 365) return false;
        }
        w->time = 7200;
        if (pos_ < s_.size() && s_[pos_] == '/') {
            ++pos_;
            return ParseHms(&w->time);
        }
        return true;
    }

    std::string_view s_;
    size_t pos_ = 0;
};

// Local-midnight day number of a rule date in `year`.
int64_t RuleDay(const TimeZone::Rule::When& w, int64_t year) {
    if (w.kind == 'J') {
        int64_t d = DaysFromCivil(year, 1, 1) + w.day - 1;
        if (temporal::IsLeapYear(year) && w.day >= 60) ++d;
        return d;
    }
    if (w.kind == 'D') return DaysFromCivil(year, 1, 1) + w.day;
    const int64_t first = DaysFromCivil(year, w.month, 1);
    const int dow = temporal::DayOfWeek(first) % 7;  // 0 = Sunday as POSIX counts
    int64_t d = first + (w.day - dow + 7) % 7 + 7 * (w.week - 1);
    const int64_t next = first + temporal::DaysInMonth(year, w.month);
    while (d >= next) d -= 7;
    return d;
}

int32_t RuleOffsetAtUtc(const TimeZone::Rule& r, int64_t utc) {
    if (!r.has_dst) return r.std_offset;
    const int64_t year = temporal::CivilFromDays(FloorDiv(utc + r.std_offset, 86400)).year;
    // Transitions are given in the local time in effect before them.
    const int64_t start = RuleDay(r.start, year) * 86400 + r.start.time - r.std_offset;
    const int64_t end = RuleDay(r.end, year) * 86400 + r.end.time - r.dst_offset;
    const bool in_dst = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
    return in_dst ? r.dst_offset : r.std_offset;
}

std::mutex& CacheMutex() {
    static std::mutex mu;
    return mu;
}
std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>>& Cache() {
    static auto* cache = new std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>>;
    return *cache;
}

bool ValidZoneName(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/') return false;
    if (name.find("..") != std::string_view::npos) return false;
    for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' &&
            c != '+') {
            return false;
        }
    }
    return true;
}

}  // namespace

Result<std::shared_ptr<const TimeZone>> TimeZone::FromTzif(std::string name, std::string_view b) {
    const Status bad(StatusCode::kCorruption, "malformed TZif data for zone " + name);
    if (b.size() < 44 || b.substr(0, 4) != "TZif") return bad;
    auto counts = [&](size_t at, uint32_t c[6]) {
        for (int i = 0; i < 6; ++i) c[i] = Be32(b, at + 20 + 4 * i);
    };
    uint32_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    counts(0, c);
    const int version = b[4] == 0 ? 1 : 2;
    size_t at = 44;
    int time_size = 4;
    auto block_size = [&](int ts) -> uint64_t {
        return uint64_t(c[3]) * ts + c[3] + uint64_t(c[4]) * 6 + c[5] + uint64_t(c[2]) * (ts + 4) +
               c[1] + c[0];
    };
    if (version >= 2) {
        at += block_size(4);
        if (b.size() < at + 44 || b.substr(at, 4) != "TZif") return bad;
        counts(at, c);
        at += 44;
        time_size = 8;
    }
    if (b.size() < at + block_size(time_size) || c[4] == 0) return bad;
    auto zone = std::make_shared<TimeZone>();
    zone->name_ = std::move(name);
    const size_t idx_at = at + size_t(c[3]) * time_size;
    const size_t types_at = idx_at + c[3];
    for (uint32_t i = 0; i < c[3]; ++i) {
        const int64_t t =
            time_size == 8 ? Be64(b, at + 8 * i) : static_cast<int32_t>(Be32(b, at + 4 * i));
        const uint8_t type = uint8_t(b[idx_at + i]);
        if (type >= c[4]) return bad;
        zone->transitions_.push_back(t);
        zone->offsets_.push_back(static_cast<int32_t>(Be32(b, types_at + 6 * type)));
    }
    if (!std::is_sorted(zone->transitions_.begin(), zone->transitions_.end())) return bad;
    zone->initial_offset_ = static_cast<int32_t>(Be32(b, types_at));
    if (version >= 2) {
        const size_t footer = at + block_size(8);
        if (footer < b.size() && b[footer] == '\n') {
            const size_t end = b.find('\n', footer + 1);
            if (end != std::string_view::npos && end > footer + 1) {
                auto rule = std::make_shared<Rule>();
                if (RuleParser(b.substr(footer + 1, end - footer - 1)).Parse(rule.get())) {
                    zone->rule_ = std::move(rule);
                }
            }
        }
    }
    return std::shared_ptr<const TimeZone>(std::move(zone));
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Load(std::string_view name) {
    {
        std::lock_guard<std::mutex> lock(CacheMutex());
        auto it = Cache().find(name);
        if (it != Cache().end()) return it->second;
    }
    const Status unknown(StatusCode::kArgumentError,
                         "Invalid value for TimeZone: Text '" + std::string(name) + "'");
    if (!ValidZoneName(name)) return unknown;
    std::ifstream in("/usr/share/zoneinfo/" + std::string(name), std::ios::binary);
    if (!in) return unknown;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto zone = FromTzif(std::string(name), bytes.str());
    if (!zone.ok()) return unknown;
    std::lock_guard<std::mutex> lock(CacheMutex());
    Cache().emplace(std::string(name), *zone);
    return *zone;
}

int32_t TimeZone::OffsetAtUtc(int64_t utc) const {
    const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
    if (it == transitions_.begin()) return initial_offset_;
    if (it == transitions_.end() && rule_) return RuleOffsetAtUtc(*rule_, utc);
    return offsets_[it - transitions_.begin() - 1];
}

int32_t TimeZone::OffsetForLocal(int64_t local) const {
    // Offsets in effect a day either side bound every offset valid at `local`.
    const int32_t a = OffsetAtUtc(local - 86400);
    const int32_t b = OffsetAtUtc(local + 86400);
    const int32_t c = OffsetAtUtc(local);
    int32_t best = INT32_MIN;
    for (int32_t o : {a, b, c}) {
        if (OffsetAtUtc(local - o) == o) best = std::max(best, o);
    }
    if (best != INT32_MIN) return best;
    return std::min({a, b, c});  // gap: keep the pre-transition offset
}

bool ParseOffset(std::string_view t, int32_t* out) {
    if (t == "Z" || t == "z") {
        *out = 0;
        return true;
    }
    if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return false;
    const int sign = t[0] == '-' ? -1 : 1;
    std::string digits;
    for (size_t i = 1; i < t.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(t[i]))) {
            digits += t[i];
        } else if (t[i] != ':') {
            return false;
        }
    }
    // With colons the groups must be 2 digits each: +hh:mm or +hh:mm:ss.
    if (t.find(':') != std::string_view::npos && t.size() != 6 && t.size() != 9) return false;
    if (digits.size() != 2 && digits.size() != 4 && digits.size() != 6) return false;
    const int h = std::stoi(digits.substr(0, 2));
    const int m = digits.size() >= 4 ? std::stoi(digits.substr(2, 2)) : 0;
    const int s = digits.size() == 6 ? std::stoi(digits.substr(4, 2)) : 0;
    if (h > 18 || m > 59 || s > 59 || h * 3600 + m * 60 + s > 18 * 3600) return false;
    *out = sign * (h * 3600 + m * 60 + s);
    return true;
}

Result<ZoneSpec> ParseZone(std::string_view text) {
    ZoneSpec spec;
    if (ParseOffset(text, &spec.offset_seconds)) return spec;
    ASSIGN_OR_RETURN(spec.zone, TimeZone::Load(text));
    spec.named = true;
    spec.id = std::string(text);
    return spec;
}

}  // namespace nexus::cypher
