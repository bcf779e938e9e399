// Authentication: users and argon2id password hashes kept in a text file beside the database
// (DB + ".users", one "name:hash" line each), basic-auth checks for Bolt and HTTP, and a
// per-client limit on failed attempts. Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::server {

class Authenticator {
  public:
    static constexpr int kMaxFailures = 5;  // per client, per window
    static constexpr std::chrono::seconds kFailureWindow{30};

    // Auth disabled: every token is accepted.
    static std::unique_ptr<Authenticator> Disabled();
    // Loads `path`; when it does not exist, creates it with user "neo4j" and
    // `initial_password`, or fails (kInvalidArgument) if none was given.
    static Result<std::unique_ptr<Authenticator>> Open(const std::string& path,
                                                       std::optional<std::string> initial_password);
    // Writes (or replaces) one user's password hash in the file at `path`.
    static Status SetPassword(const std::string& path, const std::string& user,
                              const std::string& password);

    bool enabled() const { return enabled_; }
    // kUnauthorized for an unknown user, a wrong password, or too many recent failures from
    // `client` (an address; failures are counted per address).
    Status Check(const std::string& user, const std::string& password, const std::string& client);
    // A Bolt auth token: {scheme: "basic", principal, credentials} (or "none" without auth).
    Status CheckToken(const Map& token, const std::string& client);

  private:
    Authenticator() = default;
    bool RateLimited(const std::string& client);
    void RecordFailure(const std::string& client);
    std::string CacheKey(const std::string& user, const std::string& password) const;

    bool enabled_ = false;
    std::mutex mu_;
    std::map<std::string, std::string> hashes_;  // user -> argon2id encoded hash
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> failures_;
    // Keyed digests of credentials already verified: argon2id is deliberately slow (tens of
    // ms), and drivers open many connections with the same credentials.
    std::set<std::string> verified_;
    std::string cache_key_;
};

}  // namespace nexus::server
