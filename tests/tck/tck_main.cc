// tck_runner [DIR] [--filter S] [--verbose] [--list-failures-by-cause] [--floor FILE]
// Runs every scenario of every .feature file under DIR, each in a forked child with a time
// limit and its own temporary database, so a crash or a hang fails one scenario, not the run.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tck/gherkin.h"
#include "tck/tck_run.h"

namespace fs = std::filesystem;
using nexus::tck::Outcome;

namespace {

struct Options {
    std::string dir;
    std::string filter;
    std::string floor_file;
    bool verbose = false;
    bool by_cause = false;
    unsigned timeout_seconds = 30;
};

void Usage() {
    std::cerr << "usage: tck_runner [DIR] [--filter SUBSTRING] [--verbose]\n"
                 "                  [--list-failures-by-cause] [--floor FILE] [--timeout SEC]\n"
                 "DIR defaults to $NEXUS_TCK_DIR, else ../shared/tck/features beside the repo.\n";
}

bool ParseArgs(int argc, char** argv, Options* o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](std::string* out) {
            if (i + 1 >= argc) return false;
            *out = argv[++i];
            return true;
        };
        std::string timeout;
        if (a == "--filter") {
            if (!value(&o->filter)) return false;
        } else if (a == "--floor") {
            if (!value(&o->floor_file)) return false;
        } else if (a == "--timeout") {
            if (!value(&timeout)) return false;
            o->timeout_seconds = static_cast<unsigned>(std::max(1, std::atoi(timeout.c_str())));
        } else if (a == "--verbose" || a == "-v") {
            o->verbose = true;
        } else if (a == "--list-failures-by-cause") {
            o->by_cause = true;
        } else if (a == "--help" || a == "-h" || a.starts_with("-")) {
            return false;
        } else {
            o->dir = a;
        }
    }
    if (o->dir.empty()) {
        const char* env = std::getenv("NEXUS_TCK_DIR");
        o->dir = env && *env ? env : NEXUS_DEFAULT_TCK_DIR;
    }
    return true;
}

// Child side: run, then send "<kind>\0<cause>\0<reason>\0<note>" up the pipe.
[[noreturn]] void RunChild(const nexus::tck::Scenario& s, const nexus::tck::RunOptions& run, int fd,
                           unsigned timeout) {
    alarm(timeout);
    Outcome o = nexus::tck::RunScenario(s, run);
    std::string msg(1, static_cast<char>(o.kind));
    for (const std::string* part : {&o.cause, &o.reason, &o.note}) {
        msg += '\0';
        msg += *part;
    }
    size_t off = 0;
    while (off < msg.size()) {
        ssize_t n = write(fd, msg.data() + off, msg.size() - off);
        if (n <= 0) break;
        off += static_cast<size_t>(n);
    }
    _exit(0);
}

Outcome RunIsolated(const nexus::tck::Scenario& s, const std::string& graphs_dir,
                    unsigned timeout) {
    Outcome o;
    o.kind = Outcome::Kind::kFail;
    std::string tmpl = (fs::temp_directory_path() / "nexus-tck-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
        o.cause = o.reason = std::string("mkdtemp failed: ") + std::strerror(errno);
        return o;
    }
    nexus::tck::RunOptions run{graphs_dir, tmpl};
    int fds[2];
    if (pipe(fds) != 0) {
        o.cause = o.reason = "pipe failed";
        return o;
    }
    std::cout.flush();
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        RunChild(s, run, fds[1], timeout);
    }
    close(fds[1]);
    std::string msg;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) msg.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int wstatus = 0;
    if (pid > 0) waitpid(pid, &wstatus, 0);
    std::error_code ec;
    fs::remove_all(tmpl, ec);
    if (pid < 0) {
        o.cause = o.reason = "fork failed";
    } else if (WIFSIGNALED(wstatus)) {
        int sig = WTERMSIG(wstatus);
        o.cause = sig == SIGALRM ? "timeout" : "crash";
        o.reason = sig == SIGALRM ? "timed out after " + std::to_string(timeout) + "s"
                                  : std::string("crashed: ") + strsignal(sig);
    } else if (msg.empty()) {
        o.cause = o.reason = "child exited without a result";
    } else {
        std::vector<std::string> parts;
        std::stringstream ss(msg.substr(1));
        if (msg.size() > 1) ss.ignore(1);  // the separator after the kind
        std::string part;
        while (std::getline(ss, part, '\0')) parts.push_back(part);
        parts.resize(3);
        o.kind = static_cast<Outcome::Kind>(msg[0]);
        o.cause = parts[0];
        o.reason = parts[1];
        o.note = parts[2];
    }
    return o;
}

// Failure reasons may hold tables of rows; the summary output keeps one line per scenario.
std::string OneLine(const std::string& text) {
    constexpr size_t kMax = 400;
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    if (out.size() > kMax) out = out.substr(0, kMax) + " ...";
    return out;
}

std::vector<fs::path> FeatureFiles(const std::string& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() == ".feature") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

int CheckFloor(const std::string& floor_file, int passed) {
    if (floor_file.empty()) return 0;
    std::ifstream in(floor_file);
    int floor = 0;
    if (!(in >> floor)) {
        std::cerr << "cannot read a number from " << floor_file << "\n";
        return 1;
    }
    if (passed < floor) {
        std::cerr << "regression: " << passed << " scenarios passed, floor is " << floor << " ("
                  << floor_file << ")\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    if (!ParseArgs(argc, argv, &opt)) {
        Usage();
        return 2;
    }
    if (!fs::is_directory(opt.dir)) {
        std::cout << "TCK features not found at " << opt.dir
                  << " (set NEXUS_TCK_DIR); skipping\n0 passed, 0 failed, 0 skipped\n";
        return 0;
    }
    std::string graphs_dir = (fs::path(opt.dir) / ".." / "graphs").lexically_normal().string();
    int passed = 0, failed = 0, skipped = 0;
    std::map<std::string, std::vector<std::string>> by_cause;
    for (const fs::path& file : FeatureFiles(opt.dir)) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        std::string rel = fs::relative(file, opt.dir).string();
        nexus::Result<nexus::tck::Feature> feature = nexus::tck::ParseFeature(text.str(), rel);
        if (!feature.ok()) {
            std::cout << "FAIL " << rel << ":0 (feature): " << feature.status().message() << "\n";
            ++failed;
            continue;
        }
        for (const auto& s : feature->scenarios) {
            std::string where = rel + ":" + std::to_string(s.line);
            std::string label = where + " " + feature->name + ": " + s.name;
            if (!opt.filter.empty() && label.find(opt.filter) == std::string::npos) continue;
            Outcome o = RunIsolated(s, graphs_dir, opt.timeout_seconds);
            switch (o.kind) {
                case Outcome::Kind::kPass:
                    ++passed;
                    if (opt.verbose) {
                        std::cout << "PASS " << where << " " << s.name
                                  << (o.note.empty() ? "" : " (note: " + o.note + ")") << "\n";
                    }
                    break;
                case Outcome::Kind::kSkip:
                    ++skipped;
                    if (opt.verbose)
                        std::cout << "SKIP " << where << " " << s.name << ": " << o.reason << "\n";
                    break;
                case Outcome::Kind::kFail:
                    ++failed;
                    std::cout << "FAIL " << where << " " << s.name << ": "
                              << (opt.verbose ? o.reason : OneLine(o.reason)) << "\n";
                    by_cause[o.cause].push_back(where + " " + s.name);
                    break;
            }
        }
    }
    if (opt.by_cause) {
        std::vector<std::pair<std::string, std::vector<std::string>>> groups(by_cause.begin(),
                                                                             by_cause.end());
        std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
            return a.second.size() > b.second.size();
        });
        std::cout << "\nFailures by cause:\n";
        for (const auto& [cause, where] : groups) {
            std::cout << where.size() << "  " << cause << "\n";
            for (size_t i = 0; i < where.size() && i < 3; ++i)
                std::cout << "      " << where[i] << "\n";
        }
    }
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    return CheckFloor(opt.floor_file, passed);
}
