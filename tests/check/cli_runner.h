// Runs the real `nexus` binary (NEXUS_BINARY, set by tests/check/CMakeLists.txt) for the
// end-to-end tests of nexus check and nexus backup: exit code and stdout+stderr.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace nexus::testing {

struct CmdResult {
    int code = -1;
    std::string out;
};

inline CmdResult Nexus(const std::string& args) {
    std::string cmd = std::string(NEXUS_BINARY) + " " + args + " 2>&1";
    CmdResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace nexus::testing
