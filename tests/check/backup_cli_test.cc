// `nexus backup` while another process writes: a child process (backup_writer_child) commits
// numbered transactions and checkpoints continuously while the real build/nexus takes backups
// through the cross-process path; every copy checks clean (`nexus check`) and holds an unbroken
// prefix of the commits; a held backup lock defers the child's checkpoints until it is gone.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.h"
#include "io/env.h"
#include "nexus/database.h"
#include "storage/backup_reader.h"
#include "storage/format.h"

extern char** environ;

namespace nexus {
namespace {

namespace fs = std::filesystem;

using testing::CmdResult;
using testing::Nexus;

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The WAL's generation (its salt, new at every restart); 0 when it has no valid header.
uint64_t WalGeneration(const std::string& wal) {
    std::array<char, storage::kWalHeaderSize> raw;
    std::ifstream in(wal, std::ios::binary);
    if (!in.read(raw.data(), raw.size())) return 0;
    storage::WalHeader h;
    const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
    if (storage::DecodeWalHeader(p, &h) ||
        storage::DecodeWalHeader(p + storage::kWalHeaderCopySize, &h)) {
        return h.generation;
    }
    return 0;
}

// Polls `done` until it holds; the deadline only keeps a broken build from hanging the suite.
template <typename Pred>
bool WaitFor(Pred done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

class BackupCliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/nexus_backup_cliXXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        db_ = dir_ + "/live.nexus";
    }
    void TearDown() override {
        if (child_ > 0) {
            kill(child_, SIGKILL);
            waitpid(child_, nullptr, 0);
        }
        fs::remove_all(dir_);
    }

    void StartWriter() {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        const std::string out = dir_ + "/writer.out";
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        std::string bin = BACKUP_WRITER_CHILD;
        std::vector<char*> argv = {bin.data(), db_.data(), nullptr};
        ASSERT_EQ(posix_spawn(&child_, bin.c_str(), &actions, nullptr, argv.data(), environ), 0);
        posix_spawn_file_actions_destroy(&actions);
        ASSERT_TRUE(WaitFor([&] { return fs::exists(db_ + ".ready"); }));
    }
    // Stops the writer; returns how many transactions it committed.
    int64_t StopWriter() {
        kill(child_, SIGTERM);
        int status = 0;
        waitpid(child_, &status, 0);
        child_ = -1;
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
        return std::stoll("0" + ReadAll(dir_ + "/writer.out"));
    }

    // The copy checks clean through `nexus check` and holds Step seq 0..m-1 for some m in
    // [min, max] and nothing else; returns m.
    int64_t ExpectPrefix(const std::string& path, int64_t min, int64_t max) {
        CmdResult c = Nexus("check " + path);
        EXPECT_EQ(c.code, 0) << c.out;
        EXPECT_NE(c.out.find("clean: 0 problems"), std::string::npos) << c.out;
        Config config;
        config.sync_mode = SyncMode::kOff;
        auto copy = Database::open(path, config);
        EXPECT_TRUE(copy.ok()) << copy.status().ToString();
        if (!copy.ok()) return -1;
        auto tx = (*copy)->begin(AccessMode::kRead);
        auto count = (*tx)->count_nodes("Step");
        auto ids = (*tx)->nodes_with_label("Step");
        EXPECT_TRUE(count.ok() && ids.ok()) << path;
        if (!count.ok() || !ids.ok()) return -1;
        int64_t m = *count;
        EXPECT_GE(m, min) << path;
        EXPECT_LE(m, max) << path;
        EXPECT_EQ(*(*tx)->count_relationships("SELF"), m);
        std::vector<bool> seen(m, false);
        for (int64_t id : *ids) {
            auto node = (*tx)->get_node(id);
            EXPECT_TRUE(node.ok() && node->properties) << path << ": node " << id;
            if (!node.ok() || !node->properties) return -1;
            int64_t seq = node->properties->at("seq").as_int();
            EXPECT_TRUE(seq >= 0 && seq < m) << path << ": seq " << seq << " of " << m;
            if (seq < 0 || seq >= m) return -1;
            EXPECT_FALSE(seen[seq]);
            seen[seq] = true;
        }
        return m;
    }

    std::string dir_, db_;
    pid_t child_ = -1;
};

TEST_F(BackupCliTest, BackupsWhileAnotherProcessWrites) {
    StartWriter();
    std::vector<std::string> copies;
    for (int b = 0; b < 6; ++b) {
        copies.push_back(dir_ + "/copy" + std::to_string(b) + ".nexus");
        CmdResult r = Nexus("backup " + db_ + " " + copies.back());
        ASSERT_EQ(r.code, 0) << r.out;
        EXPECT_NE(r.out.find("open in another process"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("snapshot commit"), std::string::npos) << r.out;
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }

    // Hold the backup lock as a long backup would: the writer's checkpoints are deferred, so
    // the WAL keeps its generation and grows, and the main file does not change.
    const std::string wal = db_ + "-wal";
    {
        auto lock = storage::LockForBackup(io::Env::Default(), db_);
        ASSERT_TRUE(lock.ok()) << lock.status().ToString();
        uint64_t generation = WalGeneration(wal);
        const std::string main_before = ReadAll(db_);
        // Past four times the writer's checkpoint threshold (the file keeps its longest length
        // across restarts, so measure from here).
        uint64_t start = fs::file_size(wal);
        ASSERT_TRUE(WaitFor([&] { return fs::file_size(wal) > start + (uint64_t{1} << 20); }))
            << "the WAL stopped growing";
        copies.push_back(dir_ + "/during_lock.nexus");  // backups share the lock
        CmdResult r = Nexus("backup " + db_ + " " + copies.back());
        ASSERT_EQ(r.code, 0) << r.out;
        EXPECT_EQ(WalGeneration(wal), generation) << "the WAL restarted under a backup";
        EXPECT_EQ(ReadAll(db_), main_before) << "a checkpoint wrote the main file under a backup";
    }
    // A restart rewrites the header with a new generation (the file keeps its length).
    uint64_t held_generation = WalGeneration(wal);
    EXPECT_TRUE(WaitFor([&] { return WalGeneration(wal) != held_generation; }))
        << "no deferred checkpoint once the backup was gone";

    int64_t committed = StopWriter();
    ASSERT_GT(committed, 20);
    int64_t prev = 20;
    for (const std::string& copy : copies) prev = ExpectPrefix(copy, prev, committed);

    // With the writer gone, `nexus backup` opens the database itself.
    CmdResult r = Nexus("backup " + db_ + " " + dir_ + "/final.nexus");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("opened here"), std::string::npos) << r.out;
    EXPECT_EQ(ExpectPrefix(dir_ + "/final.nexus", committed, committed), committed);
}

TEST_F(BackupCliTest, DamagedWalFrameIsAnErrorNamingFileAndOffset) {
    Config config;
    config.sync_mode = SyncMode::kFull;
    auto db = Database::open(db_, config);  // held open: `nexus backup` must read the files
    ASSERT_TRUE(db.ok());
    for (int i = 0; i < 20; ++i) {
        auto tx = (*db)->begin();
        ASSERT_TRUE((*tx)->create_node({"Step"}, {{"seq", Value(int64_t{i})}}).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    }
    const std::string wal = db_ + "-wal";
    const uint64_t offset = storage::kWalHeaderSize + 2 * storage::kFrameSize;
    {
        std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(offset + 4000);
        f.put('\x42');
        f.seekp(offset + 4001);
        f.put('\x24');
    }
    const std::string dest = dir_ + "/copy.nexus";
    CmdResult r = Nexus("backup " + db_ + " " + dest);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find(wal), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("offset " + std::to_string(offset)), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dest));
}

}  // namespace
}  // namespace nexus
