// What the import tests share: a fresh directory per test (named after the fixture's prefix,
// the process and the test, so parallel test binaries never collide), CSV files written into
// it, and a query's rows rendered as strings to compare two imports.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "nexus/database.h"

namespace nexus::import {

class ImportDirTest : public ::testing::Test {
  protected:
    explicit ImportDirTest(std::string prefix) : prefix_(std::move(prefix)) {}
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               (prefix_ + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string Path(const std::string& name) const { return (dir_ / name).string(); }
    std::string Write(const std::string& name, const std::string& text) const {
        std::string p = Path(name);
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

    std::filesystem::path dir_;

  private:
    std::string prefix_;
};

// Every row of a Cypher query, rendered, in the order returned.
inline std::vector<std::string> Answer(Database* db, const std::string& query) {
    std::vector<std::string> out;
    auto r = db->execute(query);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return out;
    auto rows = r->rows();
    EXPECT_TRUE(rows.ok());
    if (!rows.ok()) return out;
    for (const auto& row : *rows) {
        std::string line;
        for (const Value& v : row) line += v.ToString() + "|";
        out.push_back(line);
    }
    return out;
}

}  // namespace nexus::import
