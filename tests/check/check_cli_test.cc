// `nexus check` and `nexus backup` end to end through the real binary: exit codes (0 clean,
// 1 problems, 2 cannot open) and the report's summary line.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.h"
#include "nexus/database.h"

namespace nexus {
namespace {

namespace fs = std::filesystem;

using testing::CmdResult;
using testing::Nexus;

class CheckCliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/nexus_check_cliXXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        path_ = dir_ + "/g.nexus";
        auto db = Database::open(path_);
        ASSERT_TRUE(db.ok());
        auto tx = (*db)->begin();
        int64_t prev = -1;
        for (int i = 0; i < 2000; ++i) {
            auto n = (*tx)->create_node({"P"}, {{"i", Value(int64_t{i})}});
            ASSERT_TRUE(n.ok());
            if (prev >= 0) {
                ASSERT_TRUE((*tx)->create_relationship(prev, *n, "R").ok());
            }
            prev = *n;
        }
        ASSERT_TRUE((*tx)->commit().ok());
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string dir_, path_;
};

TEST_F(CheckCliTest, CleanDatabaseExitsZero) {
    CmdResult r = Nexus("check " + path_);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("clean: 0 problems"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2000 nodes, 1999 relationships"), std::string::npos) << r.out;
    CmdResult v = Nexus("check --verbose " + path_);
    EXPECT_EQ(v.code, 0);
    EXPECT_NE(v.out.find("adjacency"), std::string::npos) << v.out;
}

TEST_F(CheckCliTest, FlippedByteExitsOne) {
    uint64_t size = fs::file_size(path_);
    uint64_t page = size / 8192 - 1;
    {
        std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(page * 8192 + 40);
        f.put('\x7f');
    }
    CmdResult r = Nexus("check " + path_);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("page " + std::to_string(page)), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("CORRUPT"), std::string::npos) << r.out;
}

TEST_F(CheckCliTest, MissingDatabaseExitsTwo) {
    CmdResult r = Nexus("check " + dir_ + "/nope.nexus");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("cannot open"), std::string::npos) << r.out;
}

TEST_F(CheckCliTest, DatabaseOpenForWritingExitsTwo) {
    auto db = Database::open(path_);
    ASSERT_TRUE(db.ok());
    CmdResult r = Nexus("check " + path_);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("open for writing by another process"), std::string::npos) << r.out;
}

TEST_F(CheckCliTest, BackupThenCheckTheCopy) {
    const std::string dest = dir_ + "/copy.nexus";
    CmdResult b = Nexus("backup " + path_ + " " + dest);
    ASSERT_EQ(b.code, 0) << b.out;
    CmdResult c = Nexus("check " + dest);
    EXPECT_EQ(c.code, 0) << c.out;
    EXPECT_NE(c.out.find("2000 nodes, 1999 relationships"), std::string::npos) << c.out;
    CmdResult missing = Nexus("backup " + dir_ + "/nope.nexus " + dest);
    EXPECT_EQ(missing.code, 2) << missing.out;
}

}  // namespace
}  // namespace nexus
