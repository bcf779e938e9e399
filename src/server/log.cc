// Timestamped log lines on stderr, serialized so lines from threads never interleave.
#include "server/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace nexus::server {

void LogLine(std::string_view level, std::string_view text) {
    static std::mutex mu;
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    int ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
    std::lock_guard<std::mutex> lock(mu);
    std::fprintf(stderr, "%s.%03dZ %.*s %.*s\n", stamp, ms, static_cast<int>(level.size()),
                 level.data(), static_cast<int>(text.size()), text.data());
    std::fflush(stderr);
}

}  // namespace nexus::server
