// Database::backup and storage::BackupFromFiles (the cross-process path): the copy opens and
// checks clean, holds what was committed, replaces an older DEST (and its WAL) whole, and,
// taken while a writer keeps committing, holds a prefix of the commits: every counter value up
// to some commit, none after it. A held backup lock defers checkpoints; a damaged WAL frame
// followed by valid ones is an error naming the file and offset, a torn last frame is not.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "check/check.h"
#include "io/env.h"
#include "nexus/database.h"
#include "storage/backup_reader.h"
#include "storage/format.h"

namespace nexus {
namespace {

namespace fs = std::filesystem;

class BackupTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/nexus_backup_testXXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }

    static Config Fast() {
        Config c;
        c.sync_mode = SyncMode::kNormal;
        return c;
    }
    std::unique_ptr<Database> Open(const std::string& name) {
        auto db = Database::open(dir_ + "/" + name, Fast());
        EXPECT_TRUE(db.ok()) << db.status().ToString();
        return db.ok() ? std::move(*db) : nullptr;
    }
    void ExpectChecksClean(const std::string& path) {
        auto r = check::CheckDatabase(path);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        EXPECT_TRUE(r->clean()) << r->ToString(true);
    }

    // The copy at `path` holds Step nodes seq 0..m-1 (each with its SELF loop) for some m in
    // [min, max], and nothing else: returns m.
    int64_t ExpectPrefix(const std::string& path, int64_t min, int64_t max) {
        ExpectChecksClean(path);
        auto copy = Database::open(path, Fast());
        EXPECT_TRUE(copy.ok()) << copy.status().ToString();
        if (!copy.ok()) return -1;
        auto tx = (*copy)->begin(AccessMode::kRead);
        EXPECT_TRUE(tx.ok());
        int64_t m = *(*tx)->count_nodes("Step");
        EXPECT_GE(m, min);
        EXPECT_LE(m, max);
        EXPECT_EQ(*(*tx)->count_relationships("SELF"), m);
        auto ids = (*tx)->nodes_with_label("Step");
        EXPECT_TRUE(ids.ok());
        std::vector<bool> seen(m, false);
        for (int64_t id : *ids) {
            auto n = (*tx)->get_node(id);
            EXPECT_TRUE(n.ok() && n->properties);
            int64_t seq = n->properties->at("seq").as_int();
            EXPECT_GE(seq, 0);
            EXPECT_LT(seq, m) << "a commit after a missing one";
            if (seq < 0 || seq >= m) return -1;
            EXPECT_FALSE(seen[seq]);
            seen[seq] = true;
        }
        return m;
    }

    std::string dir_;
};

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Commits "Step {seq: k}" with a SELF loop, one transaction per k, from 0 while !stop.
void CommitSteps(Database* db, std::atomic<bool>* stop, std::atomic<int64_t>* committed) {
    for (int64_t k = 0; !stop->load(); ++k) {
        auto tx = db->begin();
        if (!tx.ok()) return;
        auto a = (*tx)->create_node({"Step"}, {{"seq", Value(k)}});
        if (!a.ok() || !(*tx)->create_relationship(*a, *a, "SELF").ok()) return;
        if (!(*tx)->commit().ok()) return;
        committed->store(k + 1);
    }
}

TEST_F(BackupTest, CopyOpensAndChecksClean) {
    auto db = Open("src.nexus");
    {
        auto tx = db->begin();
        ASSERT_TRUE(tx.ok());
        int64_t prev = -1;
        for (int i = 0; i < 500; ++i) {
            auto n = (*tx)->create_node({"Item"}, {{"i", Value(int64_t{i})}});
            ASSERT_TRUE(n.ok());
            if (prev >= 0) {
                ASSERT_TRUE((*tx)->create_relationship(prev, *n, "NEXT").ok());
            }
            prev = *n;
        }
        ASSERT_TRUE((*tx)->commit().ok());
    }
    const std::string dest = dir_ + "/copy.nexus";
    ASSERT_TRUE(db->backup(dest).ok());
    EXPECT_FALSE(fs::exists(dest + ".backup-tmp"));
    EXPECT_FALSE(fs::exists(dest + "-wal"));
    ExpectChecksClean(dest);
    auto copy = Database::open(dest, Fast());
    ASSERT_TRUE(copy.ok()) << copy.status().ToString();
    auto tx = (*copy)->begin(AccessMode::kRead);
    ASSERT_TRUE(tx.ok());
    EXPECT_EQ(*(*tx)->count_nodes("Item"), 500);
    EXPECT_EQ(*(*tx)->count_relationships("NEXT"), 499);
    tx->reset();
    // The copy takes writes of its own.
    auto w = (*copy)->begin();
    ASSERT_TRUE((*w)->create_node({"Item"}).ok());
    ASSERT_TRUE((*w)->commit().ok());
}

TEST_F(BackupTest, ReplacesAnOlderBackupAndItsWal) {
    auto db = Open("src.nexus");
    const std::string dest = dir_ + "/copy.nexus";
    {
        auto tx = db->begin();
        ASSERT_TRUE((*tx)->create_node({"A"}).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    }
    ASSERT_TRUE(db->backup(dest).ok());
    {
        // Write to the old backup so it has a WAL of its own with a newer commit.
        Config c = Fast();
        auto old = Database::open(dest, c);
        ASSERT_TRUE(old.ok());
        auto tx = (*old)->begin();
        for (int i = 0; i < 10; ++i) ASSERT_TRUE((*tx)->create_node({"Stale"}).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    }
    {
        auto tx = db->begin();
        ASSERT_TRUE((*tx)->create_node({"B"}).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    }
    ASSERT_TRUE(db->backup(dest).ok());
    ExpectChecksClean(dest);
    auto copy = Database::open(dest, Fast());
    ASSERT_TRUE(copy.ok());
    auto tx = (*copy)->begin(AccessMode::kRead);
    EXPECT_EQ(*(*tx)->count_nodes("Stale"), 0);
    EXPECT_EQ(*(*tx)->count_nodes("B"), 1);
    EXPECT_EQ(*(*tx)->count_nodes(), 2);
}

TEST_F(BackupTest, RejectsItsOwnPath) {
    auto db = Open("src.nexus");
    EXPECT_EQ(db->backup(dir_ + "/src.nexus").code(), StatusCode::kInvalidArgument);
}

// Each commit adds one node with seq = k (k = 0, 1, ...): a consistent copy holds seq 0..m-1
// for some m and nothing else.
TEST_F(BackupTest, BackupDuringWritesHoldsAPrefixOfCommits) {
    auto db = Open("src.nexus");
    std::atomic<bool> stop{false};
    std::atomic<int64_t> committed{0};
    std::thread writer(CommitSteps, db.get(), &stop, &committed);
    while (committed.load() < 20) std::this_thread::yield();
    std::vector<std::string> dests;
    for (int b = 0; b < 3; ++b) {
        dests.push_back(dir_ + "/copy" + std::to_string(b) + ".nexus");
        ASSERT_TRUE(db->backup(dests.back()).ok());
    }
    stop.store(true);
    writer.join();
    ASSERT_GT(committed.load(), 20);
    for (const std::string& dest : dests) ExpectPrefix(dest, 20, committed.load());
}

// The cross-process path reads the files while another handle (here a Database in this
// process, holding the file lock) commits and checkpoints: a small checkpoint threshold makes
// checkpoints and WAL restarts happen between and around the backups.
TEST_F(BackupTest, FromFilesDuringWritesHoldsAPrefixOfCommits) {
    Config c = Fast();
    // FULL paces the writer: unpaced, it appends hundreds of MB a second while a backup defers
    // its checkpoints.
    c.sync_mode = SyncMode::kFull;
    c.wal_checkpoint_bytes = 256 << 10;
    auto opened = Database::open(dir_ + "/src.nexus", c);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    std::unique_ptr<Database> db = std::move(*opened);
    std::atomic<bool> stop{false};
    std::atomic<int64_t> committed{0};
    std::thread writer(CommitSteps, db.get(), &stop, &committed);
    while (committed.load() < 20) std::this_thread::yield();
    std::vector<std::pair<std::string, storage::BackupResult>> copies;
    for (int b = 0; b < 5; ++b) {
        std::string dest = dir_ + "/copy" + std::to_string(b) + ".nexus";
        auto r = storage::BackupFromFiles(io::Env::Default(), dir_ + "/src.nexus", dest);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        EXPECT_EQ(r->bytes, r->pages * storage::kPageSize);
        copies.push_back({dest, *r});
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop.store(true);
    writer.join();
    EXPECT_GT(db->stats().checkpoints, 0u);
    int64_t prev = 0;
    for (const auto& [dest, r] : copies) {
        int64_t m = ExpectPrefix(dest, prev, committed.load());
        prev = m;
        auto described = storage::DescribeBackupFile(io::Env::Default(), dest);
        ASSERT_TRUE(described.ok());
        EXPECT_EQ(described->snapshot_seq, r.snapshot_seq);
        EXPECT_EQ(described->pages, r.pages);
    }
}

TEST_F(BackupTest, FromFilesRejectsTheDatabaseItself) {
    auto db = Open("src.nexus");
    const std::string src = dir_ + "/src.nexus";
    for (const std::string& dest : {src, src + "-wal", dir_ + "/./src.nexus"}) {
        auto r = storage::BackupFromFiles(io::Env::Default(), src, dest);
        EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << dest;
    }
    EXPECT_EQ(storage::BackupFromFiles(io::Env::Default(), dir_ + "/none.nexus", dir_ + "/c")
                  .status()
                  .code(),
              StatusCode::kNotFound);
}

TEST_F(BackupTest, BackupLockDefersCheckpoints) {
    Config c = Fast();
    c.wal_checkpoint_bytes = 64 << 10;
    const std::string src = dir_ + "/src.nexus";
    auto opened = Database::open(src, c);
    ASSERT_TRUE(opened.ok());
    std::unique_ptr<Database> db = std::move(*opened);
    std::atomic<bool> stop{false};
    std::atomic<int64_t> committed{0};
    {
        auto lock = storage::LockForBackup(io::Env::Default(), src);
        ASSERT_TRUE(lock.ok()) << lock.status().ToString();
        uint64_t checkpoints = db->stats().checkpoints;
        const std::string main_before = ReadAll(src);
        std::thread writer(CommitSteps, db.get(), &stop, &committed);
        while (db->stats().wal_size_bytes < 8 * c.wal_checkpoint_bytes) {
            std::this_thread::yield();
        }
        stop.store(true);
        writer.join();
        Status st = db->checkpoint();
        EXPECT_EQ(st.code(), StatusCode::kBusy) << st.ToString();
        EXPECT_NE(st.message().find("backup"), std::string::npos) << st.ToString();
        EXPECT_EQ(db->stats().checkpoints, checkpoints);
        EXPECT_EQ(ReadAll(src), main_before);  // nothing was copied into the main file
    }
    // The backup is gone: the next commit's automatic checkpoint runs.
    uint64_t wal_before = db->stats().wal_size_bytes;
    auto tx = db->begin();
    ASSERT_TRUE((*tx)->create_node({"After"}).ok());
    ASSERT_TRUE((*tx)->commit().ok());
    EXPECT_GT(db->stats().checkpoints, 0u);
    EXPECT_LT(db->stats().wal_size_bytes, wal_before);
    EXPECT_TRUE(db->checkpoint().ok());
}

// The lock is per open file description: two backups share it, a checkpointer cannot take it
// while either holds it, and closing some other descriptor of the file (which would silently
// drop a classic POSIX lock of the whole process) keeps it.
TEST_F(BackupTest, BackupLockIsSharedAndSurvivesOtherCloses) {
    auto db = Open("src.nexus");
    const std::string src = dir_ + "/src.nexus";
    io::Env* env = io::Env::Default();
    auto a = storage::LockForBackup(env, src);
    auto b = storage::LockForBackup(env, src);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(storage::LockOutBackups(env, src).status().code(), StatusCode::kBusy);
    a->reset();
    {
        io::OpenOptions ro;
        ro.read_only = true;
        auto other = env->OpenFile(src, ro);
        ASSERT_TRUE(other.ok());
    }  // closed here
    EXPECT_EQ(storage::LockOutBackups(env, src).status().code(), StatusCode::kBusy);
    b->reset();
    auto ckpt = storage::LockOutBackups(env, src);
    ASSERT_TRUE(ckpt.ok()) << ckpt.status().ToString();
    EXPECT_EQ(env->LockByte(src, storage::kBackupLockByte, true, false).status().code(),
              StatusCode::kBusy);
}

// Flips one byte of the page image in the WAL frame at `index`.
void DamageFrame(const std::string& wal, uint64_t index) {
    std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(storage::kWalHeaderSize + index * storage::kFrameSize + 100);
    char b = 0;
    f.get(b);
    f.seekp(storage::kWalHeaderSize + index * storage::kFrameSize + 100);
    f.put(static_cast<char>(b ^ 0x5a));
}

// Frames written so far: the WAL may be grown ahead in zero-filled steps, so its size says
// nothing; a written frame never has an all-zero header.
uint64_t WrittenFrames(const std::string& wal) {
    std::ifstream f(wal, std::ios::binary);
    uint64_t n = 0;
    for (;; ++n) {
        char header[storage::kFrameHeaderSize];
        f.seekg(storage::kWalHeaderSize + n * storage::kFrameSize);
        if (!f.read(header, sizeof(header))) return n;
        bool zero = true;
        for (char c : header) zero = zero && c == 0;
        if (zero) return n;
    }
}

TEST_F(BackupTest, FromFilesDamagedFrameInTheMiddleIsAnError) {
    Config c = Fast();
    c.sync_mode = SyncMode::kFull;
    const std::string src = dir_ + "/src.nexus";
    auto opened = Database::open(src, c);
    ASSERT_TRUE(opened.ok());
    std::unique_ptr<Database> db = std::move(*opened);
    for (int i = 0; i < 30; ++i) {
        auto tx = db->begin();
        ASSERT_TRUE((*tx)->create_node({"Step"}, {{"seq", Value(int64_t{i})}}).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    }
    const std::string wal = src + "-wal";
    uint64_t frames = WrittenFrames(wal);
    ASSERT_GT(frames, 30u);
    auto full = storage::BackupFromFiles(io::Env::Default(), src, dir_ + "/full.nexus");
    ASSERT_TRUE(full.ok()) << full.status().ToString();

    // A torn last frame is a commit still being written: the copy ends one commit earlier.
    DamageFrame(wal, frames - 1);
    auto shorter = storage::BackupFromFiles(io::Env::Default(), src, dir_ + "/short.nexus");
    ASSERT_TRUE(shorter.ok()) << shorter.status().ToString();
    EXPECT_EQ(shorter->snapshot_seq + 1, full->snapshot_seq);
    ExpectChecksClean(dir_ + "/short.nexus");

    // Damage with valid frames after it is never a silently shorter copy.
    DamageFrame(wal, 3);
    const std::string dest = dir_ + "/bad.nexus";
    auto bad = storage::BackupFromFiles(io::Env::Default(), src, dest);
    ASSERT_EQ(bad.status().code(), StatusCode::kCorruption);
    const std::string offset =
        "offset " + std::to_string(storage::kWalHeaderSize + 3 * storage::kFrameSize);
    EXPECT_NE(bad.status().message().find(wal), std::string::npos) << bad.status().ToString();
    EXPECT_NE(bad.status().message().find(offset), std::string::npos) << bad.status().ToString();
    EXPECT_FALSE(fs::exists(dest));
    EXPECT_FALSE(fs::exists(dest + ".backup-tmp"));
}

}  // namespace
}  // namespace nexus
