// Users file handling and argon2id verification through libsodium.
#include "server/auth.h"

#include <sodium.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace nexus::server {
namespace {

Status InitSodium() {
    if (sodium_init() < 0) return Status(StatusCode::kInternal, "libsodium failed to start");
    return Status::Ok();
}

Result<std::map<std::string, std::string>> ReadUsers(const std::string& path) {
    std::ifstream in(path);
    if (!in) return Status(StatusCode::kNotFound, "no users file " + path);
    std::map<std::string, std::string> users;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        size_t colon = line.find(':');
        if (colon == std::string::npos || colon == 0) {
            return Status(StatusCode::kCorruption,
                          path + ":" + std::to_string(line_no) + ": expected name:hash");
        }
        users[line.substr(0, colon)] = line.substr(colon + 1);
    }
    return users;
}

Status WriteUsers(const std::string& path, const std::map<std::string, std::string>& users) {
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) return Status(StatusCode::kIOError, "cannot write " + tmp);
        out << "# nexus users: name:argon2id-hash\n";
        for (const auto& [name, hash] : users) out << name << ":" << hash << "\n";
        out.flush();
        if (!out) return Status(StatusCode::kIOError, "cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        return Status(StatusCode::kIOError, "cannot replace " + path);
    }
    return Status::Ok();
}

Result<std::string> Hash(const std::string& password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Status(StatusCode::kMemoryLimit, "out of memory hashing a password");
    }
    return std::string(out);
}

}  // namespace

std::unique_ptr<Authenticator> Authenticator::Disabled() {
    return std::unique_ptr<Authenticator>(new Authenticator());
}

Result<std::unique_ptr<Authenticator>> Authenticator::Open(
    const std::string& path, std::optional<std::string> initial_password) {
    RETURN_IF_ERROR(InitSodium());
    Result<std::map<std::string, std::string>> users = ReadUsers(path);
    if (!users.ok() && users.status().code() != StatusCode::kNotFound) return users.status();
    if (!users.ok()) {
        if (!initial_password) {
            return Status(StatusCode::kInvalidArgument,
                          "no users yet: start with --initial-password P (or --no-auth)");
        }
        RETURN_IF_ERROR(SetPassword(path, "neo4j", *initial_password));
        users = ReadUsers(path);
        if (!users.ok()) return users.status();
    }
    std::unique_ptr<Authenticator> auth(new Authenticator());
    auth->enabled_ = true;
    auth->hashes_ = std::move(*users);
    auth->cache_key_.resize(crypto_generichash_KEYBYTES);
    randombytes_buf(auth->cache_key_.data(), auth->cache_key_.size());
    return auth;
}

Status Authenticator::SetPassword(const std::string& path, const std::string& user,
                                  const std::string& password) {
    RETURN_IF_ERROR(InitSodium());
    if (user.empty() || user.find(':') != std::string::npos ||
        user.find('\n') != std::string::npos) {
        return Status(StatusCode::kInvalidArgument, "bad user name '" + user + "'");
    }
    if (password.empty()) return Status(StatusCode::kInvalidArgument, "empty password");
    std::map<std::string, std::string> users;
    Result<std::map<std::string, std::string>> existing = ReadUsers(path);
    if (existing.ok()) {
        users = std::move(*existing);
    } else if (existing.status().code() != StatusCode::kNotFound) {
        return existing.status();
    }
    ASSIGN_OR_RETURN(users[user], Hash(password));
    return WriteUsers(path, users);
}

std::string Authenticator::CacheKey(const std::string& user, const std::string& password) const {
    std::string input = user + '\0' + password;
    unsigned char digest[32];
    crypto_generichash(digest, sizeof(digest), reinterpret_cast<const unsigned char*>(input.data()),
                       input.size(), reinterpret_cast<const unsigned char*>(cache_key_.data()),
                       cache_key_.size());
    return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

bool Authenticator::RateLimited(const std::string& client) {
    auto it = failures_.find(client);
    if (it == failures_.end()) return false;
    auto now = std::chrono::steady_clock::now();
    while (!it->second.empty() && now - it->second.front() > kFailureWindow) {
        it->second.pop_front();
    }
    return it->second.size() >= static_cast<size_t>(kMaxFailures);
}

void Authenticator::RecordFailure(const std::string& client) {
    auto& q = failures_[client];
    q.push_back(std::chrono::steady_clock::now());
    if (q.size() > static_cast<size_t>(kMaxFailures)) q.pop_front();
}

Status Authenticator::Check(const std::string& user, const std::string& password,
                            const std::string& client) {
    if (!enabled_) return Status::Ok();
    std::string key = CacheKey(user, password);
    std::string hash;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (RateLimited(client)) {
            return Status(StatusCode::kUnauthorized,
                          "too many failed authentication attempts; try again later");
        }
        if (verified_.count(key)) return Status::Ok();
        auto it = hashes_.find(user);
        if (it != hashes_.end()) hash = it->second;
    }
    // Verify outside the lock: argon2id takes tens of milliseconds.
    bool ok = !hash.empty() &&
              crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
    std::lock_guard<std::mutex> lock(mu_);
    if (!ok) {
        RecordFailure(client);
        return Status(StatusCode::kUnauthorized,
                      "The client is unauthorized due to authentication failure.");
    }
    verified_.insert(key);
    return Status::Ok();
}

Status Authenticator::CheckToken(const Map& token, const std::string& client) {
    if (!enabled_) return Status::Ok();
    auto get = [&](const char* k) -> std::string {
        auto it = token.find(k);
        return it != token.end() && it->second.is_string() ? it->second.as_string() : "";
    };
    if (get("scheme") != "basic") {
        return Status(StatusCode::kUnauthorized,
                      "Unsupported authentication scheme '" + get("scheme") + "'");
    }
    return Check(get("principal"), get("credentials"), client);
}

}  // namespace nexus::server
