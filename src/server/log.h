// Server log lines on stderr: one line per event, timestamped, safe from any thread.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace nexus::server {

void LogLine(std::string_view level, std::string_view text);

template <typename... Args>
void LogInfo(fmt::format_string<Args...> f, Args&&... args) {
    LogLine("INFO", fmt::format(f, std::forward<Args>(args)...));
}

template <typename... Args>
void LogWarn(fmt::format_string<Args...> f, Args&&... args) {
    LogLine("WARN", fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace nexus::server
