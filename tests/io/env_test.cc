// Tests of the io layer: the POSIX and in-memory Envs behave alike, and errors name the file.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "io/env.h"
#include "io/mem_env.h"

namespace nexus::io {
namespace {

class EnvTest : public ::testing::TestWithParam<bool> {
  protected:
    void SetUp() override {
        if (GetParam()) {
            env_ = Env::Default();
            dir_ = std::filesystem::temp_directory_path() /
                   ("nexus_env_test_" + std::to_string(::getpid()));
            std::filesystem::create_directories(dir_);
        } else {
            mem_ = std::make_unique<MemEnv>();
            env_ = mem_.get();
            dir_ = "/mem";
        }
    }
    void TearDown() override {
        if (GetParam()) std::filesystem::remove_all(dir_);
    }
    std::string Path(const std::string& name) { return (dir_ / name).string(); }

    std::unique_ptr<MemEnv> mem_;
    Env* env_ = nullptr;
    std::filesystem::path dir_;
};

TEST_P(EnvTest, WriteReadAtOffsets) {
    OpenOptions create;
    create.create = true;
    auto file = env_->OpenFile(Path("a"), create);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    ASSERT_TRUE((*file)->WriteAt(100, "hello", 5).ok());
    ASSERT_TRUE((*file)->Sync().ok());
    EXPECT_EQ(*(*file)->Size(), 105u);
    char buf[16] = {};
    auto got = (*file)->ReadAt(100, buf, sizeof(buf));
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, 5u);  // short read at end of file
    EXPECT_EQ(std::string(buf, 5), "hello");
    char zero[4] = {1, 1, 1, 1};
    ASSERT_TRUE(ReadExact(file->get(), 0, zero, 4).ok());
    EXPECT_EQ(zero[0], 0);  // the hole reads as zeros
    Status past = ReadExact(file->get(), 103, buf, 8);
    EXPECT_EQ(past.code(), StatusCode::kCorruption);
    EXPECT_NE(past.message().find(Path("a")), std::string::npos);
}

TEST_P(EnvTest, TruncateRenameDelete) {
    OpenOptions create;
    create.create = true;
    {
        auto file = env_->OpenFile(Path("b"), create);
        ASSERT_TRUE(file.ok());
        ASSERT_TRUE((*file)->WriteAt(0, "0123456789", 10).ok());
        ASSERT_TRUE((*file)->Truncate(4).ok());
        EXPECT_EQ(*(*file)->Size(), 4u);
    }
    EXPECT_TRUE(env_->FileExists(Path("b")));
    ASSERT_TRUE(env_->RenameFile(Path("b"), Path("c")).ok());
    EXPECT_FALSE(env_->FileExists(Path("b")));
    EXPECT_EQ(*env_->FileSize(Path("c")), 4u);
    ASSERT_TRUE(env_->SyncDir(dir_.string()).ok());
    ASSERT_TRUE(env_->DeleteFile(Path("c")).ok());
    EXPECT_FALSE(env_->FileExists(Path("c")));
    EXPECT_EQ(env_->DeleteFile(Path("c")).code(), StatusCode::kNotFound);
}

TEST_P(EnvTest, OpenMissingWithoutCreateIsNotFound) {
    auto file = env_->OpenFile(Path("missing"), OpenOptions{});
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.status().code(), StatusCode::kNotFound);
    EXPECT_NE(file.status().message().find("missing"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(PosixAndMemory, EnvTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "Posix" : "Memory"; });

TEST(DirNameTest, Splits) {
    EXPECT_EQ(DirName("/a/b/c.nexus"), "/a/b");
    EXPECT_EQ(DirName("c.nexus"), ".");
    EXPECT_EQ(DirName("/c"), "/");
}

}  // namespace
}  // namespace nexus::io

namespace nexus::io {
namespace {

TEST_P(EnvTest, LocksConflict) {
    OpenOptions create;
    create.create = true;
    ASSERT_TRUE(env_->OpenFile(Path("lockme"), create).ok());
    {
        auto a = env_->LockFile(Path("lockme"), /*shared=*/false);
        ASSERT_TRUE(a.ok()) << a.status().ToString();
        EXPECT_EQ(env_->LockFile(Path("lockme"), false).status().code(), StatusCode::kBusy);
        EXPECT_EQ(env_->LockFile(Path("lockme"), true).status().code(), StatusCode::kBusy);
    }
    auto s1 = env_->LockFile(Path("lockme"), true);
    auto s2 = env_->LockFile(Path("lockme"), true);
    EXPECT_TRUE(s1.ok());
    EXPECT_TRUE(s2.ok());
    EXPECT_EQ(env_->LockFile(Path("lockme"), false).status().code(), StatusCode::kBusy);
}

}  // namespace
}  // namespace nexus::io
