// One writer and several readers at once: every read snapshot must be a consistent commit
// (the writer keeps invariants that hold after each commit but not halfway through one).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "nexus/database.h"

namespace nexus {
namespace {

template <typename T>
T Take(Result<T> r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
}

TEST(DatabaseConcurrencyTest, ReadersSeeWholeCommitsWhileOneWriterRuns) {
    auto dir =
        std::filesystem::temp_directory_path() / ("nexus_conc_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const int kCommits = std::getenv("NEXUS_TEST_QUICK") ? 60 : 300;
    {
        auto db_or = Database::open((dir / "c.nexus").string(), Config::benchmark());
        ASSERT_TRUE(db_or.ok()) << db_or.status().ToString();
        Database* db = db_or->get();
        int64_t meta;
        {
            auto tx = Take(db->begin());
            meta = *tx->create_node({"Meta"}, {{"commits", Value(0)}});
            ASSERT_TRUE(tx->commit().ok());
        }
        std::atomic<bool> done{false};
        std::atomic<int> failures{0};
        std::atomic<int64_t> reads{0};
        std::vector<std::thread> readers;
        for (int t = 0; t < 3; ++t) {
            readers.emplace_back([&] {
                while (!done.load()) {
                    auto tx = db->begin(AccessMode::kRead);
                    if (!tx.ok()) {
                        ++failures;
                        continue;
                    }
                    auto node = (*tx)->get_node(meta);
                    auto nodes = (*tx)->count_nodes("Item");
                    auto rels = (*tx)->count_relationships("NEXT");
                    if (!node.ok() || !nodes.ok() || !rels.ok()) {
                        ++failures;
                        continue;
                    }
                    int64_t k = node->properties->at("commits").as_int();
                    if (*nodes != 2 * k || *rels != k) ++failures;
                    ++reads;
                }
            });
        }
        for (int i = 1; i <= kCommits; ++i) {
            auto tx = Take(db->begin());
            int64_t a = *tx->create_node({"Item"}, {});
            int64_t b = *tx->create_node({"Item"}, {});
            ASSERT_TRUE(tx->create_relationship(a, b, "NEXT", {}).ok());
            ASSERT_TRUE(tx->set_node_property(meta, "commits", Value(i)).ok());
            ASSERT_TRUE(tx->commit().ok());
        }
        // Let the readers see the final state at least once each.
        int64_t target = reads.load() + 30;
        while (reads.load() < target) std::this_thread::yield();
        done = true;
        for (auto& t : readers) t.join();
        EXPECT_EQ(failures.load(), 0);
        auto tx = Take(db->begin(AccessMode::kRead));
        EXPECT_EQ(*tx->count_nodes("Item"), 2 * kCommits);
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nexus
