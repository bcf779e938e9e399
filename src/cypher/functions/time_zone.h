// Time zones for Cypher temporals: fixed offsets and named IANA zones read from the system
// tz database (TZif files under /usr/share/zoneinfo, with the POSIX TZ footer rule for
// instants past the last listed transition). Loaded zones are cached; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nexus/status.h"

namespace nexus::cypher {

class TimeZone {
  public:
    // A named zone ("Europe/Stockholm", "UTC"); kArgumentError if unknown or malformed file.
    static Result<std::shared_ptr<const TimeZone>> Load(std::string_view name);
    // Parses a TZif image (exposed for tests and fuzzing); kCorruption on malformed bytes.
    static Result<std::shared_ptr<const TimeZone>> FromTzif(std::string name,
                                                            std::string_view bytes);

    const std::string& name() const { return name_; }
    // Offset from UTC (seconds) in effect at a UTC instant.
    int32_t OffsetAtUtc(int64_t utc_seconds) const;
    // Offset to use for a local wall-clock time, as java.time resolves it: in an overlap the
    // earlier offset, in a gap the offset before the gap (which moves the clock forward).
    int32_t OffsetForLocal(int64_t local_seconds) const;

    struct Rule;  // POSIX TZ footer rule

  private:
    std::string name_;
    std::vector<int64_t> transitions_;  // UTC seconds, ascending
    std::vector<int32_t> offsets_;      // offset after each transition
    int32_t initial_offset_ = 0;        // before the first transition
    std::shared_ptr<Rule> rule_;        // after the last transition, when present
};

// A zone given by the user: "+01:00", "-0530", "Z", "UTC", "Europe/Berlin".
struct ZoneSpec {
    bool named = false;
    int32_t offset_seconds = 0;            // fixed offsets
    std::shared_ptr<const TimeZone> zone;  // named zones
    std::string id;                        // zone name for named zones
    int32_t OffsetAtUtc(int64_t utc) const {
        return named ? zone->OffsetAtUtc(utc) : offset_seconds;
    }
    int32_t OffsetForLocal(int64_t local) const {
        return named ? zone->OffsetForLocal(local) : offset_seconds;
    }
};

// Parses "+hh", "+hhmm", "+hh:mm", "+hh:mm:ss", "Z" (fixed) or a zone name.
Result<ZoneSpec> ParseZone(std::string_view text);
// Parses only the fixed-offset forms; false if `text` is not one.
bool ParseOffset(std::string_view text, int32_t* offset_seconds);

}  // namespace nexus::cypher
