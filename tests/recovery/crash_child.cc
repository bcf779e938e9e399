// The process the kill -9 test murders: commits in a loop (FULL sync) and prints the number of
// each commit to stdout once Commit() has returned OK.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "crash_workload.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DB_PATH\n", argv[0]);
        return 2;
    }
    auto pager = nexus::storage::Pager::Open(argv[1], nexus::storage::crash::CrashOptions());
    if (!pager.ok()) {
        std::fprintf(stderr, "open: %s\n", pager.status().ToString().c_str());
        return 1;
    }
    for (;;) {
        uint64_t n = 0;
        nexus::Status st = nexus::storage::crash::CommitNext(pager->get(), &n);
        if (!st.ok()) {
            std::fprintf(stderr, "commit: %s\n", st.ToString().c_str());
            return 1;
        }
        std::string line = std::to_string(n) + "\n";
        if (::write(1, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return 1;
    }
}
