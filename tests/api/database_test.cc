// The embedded API end to end on the real Pager: CRUD, errors, snapshots, reopen, Cypher.
#include "nexus/database.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

namespace nexus {
namespace {

class DatabaseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("nexus_api_test_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / "test.nexus").string();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::unique_ptr<Database> Open() {
        Config config = Config::benchmark();
        auto db = Database::open(path_, config);
        EXPECT_TRUE(db.ok()) << db.status().ToString();
        return db.ok() ? std::move(*db) : nullptr;
    }

    std::filesystem::path dir_;
    std::string path_;
};

template <typename T>
T Must(Result<T> r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
}

TEST_F(DatabaseTest, CreateReadUpdateDelete) {
    auto db = Open();
    auto tx = Must(db->begin());
    int64_t ada = Must(
        tx->create_node({"Person", "Engineer"}, {{"name", Value("Ada")}, {"born", Value(1815)}}));
    int64_t bob = Must(tx->create_node({"Person"}, {}));
    int64_t r = Must(tx->create_relationship(ada, bob, "KNOWS", {{"since", Value(2020)}}));
    ASSERT_TRUE(tx->set_node_property(bob, "name", Value("Bob")).ok());
    ASSERT_TRUE(tx->add_label(bob, "Friend").ok());
    ASSERT_TRUE(tx->commit().ok());
    EXPECT_EQ(tx->commit().code(), StatusCode::kTransactionError);

    auto rd = Must(db->begin(AccessMode::kRead));
    EXPECT_TRUE(rd->read_only());
    Node n = Must(rd->get_node(ada));
    EXPECT_EQ(n.labels, (std::vector<std::string>{"Person", "Engineer"}));
    EXPECT_EQ(n.properties->at("name").as_string(), "Ada");
    EXPECT_EQ(n.properties->at("born").as_int(), 1815);
    Relationship rel = Must(rd->get_relationship(r));
    EXPECT_EQ(rel.type, "KNOWS");
    EXPECT_EQ(rel.start_id, ada);
    EXPECT_EQ(rel.end_id, bob);
    EXPECT_EQ(rel.properties->at("since").as_int(), 2020);
    auto out = Must(rd->expand(ada, Direction::kOutgoing, "KNOWS"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].node, bob);
    EXPECT_EQ(out[0].type, "KNOWS");
    EXPECT_TRUE(Must(rd->expand(ada, Direction::kIncoming)).empty());
    EXPECT_TRUE(Must(rd->expand(ada, Direction::kOutgoing, "NOPE")).empty());
    EXPECT_EQ(Must(rd->nodes_with_label("Person")), (std::vector<int64_t>{ada, bob}));
    EXPECT_EQ(Must(rd->count_nodes("Friend")), 1);
    EXPECT_EQ(Must(rd->count_relationships("KNOWS")), 1);
    EXPECT_EQ(rd->create_node({}, {}).status().code(), StatusCode::kTransactionError);
    ASSERT_TRUE(rd->commit().ok());

    tx = Must(db->begin());
    EXPECT_EQ(tx->delete_node(bob).code(), StatusCode::kDeleteConnected);
    ASSERT_TRUE(tx->delete_node(bob, /*detach=*/true).ok());
    EXPECT_EQ(tx->get_node(bob).status().code(), StatusCode::kEntityNotFound);
    EXPECT_EQ(tx->get_relationship(r).status().code(), StatusCode::kEntityNotFound);
    EXPECT_EQ(tx->set_node_property(bob, "x", Value(1)).code(), StatusCode::kEntityNotFound);
    EXPECT_EQ(tx->set_node_property(ada, "m", Value(Map{})).code(), StatusCode::kTypeError);
    ASSERT_TRUE(tx->remove_node_property(ada, "born").ok());
    ASSERT_TRUE(tx->remove_label(ada, "Engineer").ok());
    ASSERT_TRUE(tx->commit().ok());
    rd = Must(db->begin(AccessMode::kRead));
    n = Must(rd->get_node(ada));
    EXPECT_EQ(n.labels, std::vector<std::string>{"Person"});
    EXPECT_EQ(n.properties->count("born"), 0u);
    EXPECT_EQ(Must(rd->count_nodes()), 1);
    EXPECT_EQ(Must(rd->count_relationships()), 0);
}

TEST_F(DatabaseTest, DroppedTransactionRollsBack) {
    auto db = Open();
    {
        auto tx = Must(db->begin());
        Must(tx->create_node({"Temp"}, {}));
    }
    auto tx = Must(db->begin());
    EXPECT_EQ(Must(tx->count_nodes()), 0);
    EXPECT_EQ(Must(tx->count_nodes("Temp")), 0);
    ASSERT_TRUE(tx->rollback().ok());
}

TEST_F(DatabaseTest, ReaderKeepsSnapshotWhileWriterCommits) {
    auto db = Open();
    auto tx = Must(db->begin());
    int64_t a = Must(tx->create_node({"A"}, {{"v", Value(1)}}));
    ASSERT_TRUE(tx->commit().ok());

    auto reader = Must(db->begin(AccessMode::kRead));
    auto writer = Must(db->begin());
    ASSERT_TRUE(writer->set_node_property(a, "v", Value(2)).ok());
    Must(writer->create_node({"A"}, {}));
    ASSERT_TRUE(writer->commit().ok());

    EXPECT_EQ(Must(reader->get_node(a)).properties->at("v").as_int(), 1);
    EXPECT_EQ(Must(reader->count_nodes("A")), 1);
    auto fresh = Must(db->begin(AccessMode::kRead));
    EXPECT_EQ(Must(fresh->get_node(a)).properties->at("v").as_int(), 2);
    EXPECT_EQ(Must(fresh->count_nodes("A")), 2);
}

TEST_F(DatabaseTest, ReopenKeepsEverything) {
    std::vector<int64_t> ids;
    {
        auto db = Open();
        auto tx = Must(db->begin());
        for (int i = 0; i < 2000; ++i) {
            ids.push_back(Must(
                tx->create_node({"N"}, {{"i", Value(i)}, {"s", Value(std::string(i % 50, 's'))}})));
        }
        for (int i = 1; i < 2000; ++i) {
            Must(tx->create_relationship(ids[0], ids[i], i % 2 ? "ODD" : "EVEN", {}));
        }
        ASSERT_TRUE(tx->commit().ok());
        ASSERT_TRUE(db->checkpoint().ok());
        tx = Must(db->begin());  // a second commit that stays in the WAL
        ASSERT_TRUE(tx->delete_node(ids[1], true).ok());
        ASSERT_TRUE(tx->commit().ok());
    }
    auto db = Open();
    auto rd = Must(db->begin(AccessMode::kRead));
    EXPECT_EQ(Must(rd->count_nodes("N")), 1999);
    EXPECT_EQ(Must(rd->count_relationships("ODD")), 999);
    EXPECT_EQ(Must(rd->count_relationships("EVEN")), 999);
    EXPECT_EQ(Must(rd->expand(ids[0], Direction::kOutgoing, "EVEN")).size(), 999u);
    EXPECT_EQ(Must(rd->expand(ids[0], Direction::kOutgoing, "ODD")).size(), 999u);
    EXPECT_EQ(Must(rd->get_node(ids[77])).properties->at("i").as_int(), 77);
    EXPECT_EQ(rd->get_node(ids[1]).status().code(), StatusCode::kEntityNotFound);
    EXPECT_GT(db->stats().file_pages, 1u);
    EXPECT_EQ(db->path(), path_);
}

TEST_F(DatabaseTest, ExecuteUsesTheCypherEngineWhenBuilt) {
    auto db = Open();
    auto result = db->execute("RETURN 1 AS x");
    if (!result.ok()) {
        EXPECT_EQ(result.status().code(), StatusCode::kNotSupported) << result.status().ToString();
        return;
    }
    auto rows = Must(result->rows());
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0].as_int(), 1);
}

TEST_F(DatabaseTest, CypherWritesCommitAndReadsStreamFromTheirSnapshot) {
    auto db = Open();
    auto created = db->execute("CREATE (a:P {n: 1})-[:R]->(b:P {n: 2}) RETURN a.n AS n");
    if (!created.ok() && created.status().code() == StatusCode::kNotSupported) {
        GTEST_SKIP() << "Cypher engine not built";
    }
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    auto rows = Must(created->rows());
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(created->stats().nodes_created, 2);
    // The auto-commit write is visible to the direct API.
    {
        auto tx = Must(db->begin(AccessMode::kRead));
        EXPECT_EQ(Must(tx->count_nodes("P")), 2);
        EXPECT_EQ(Must(tx->count_relationships("R")), 1);
    }
    // A streaming read keeps its snapshot while a writer commits.
    auto stream = Must(db->execute("MATCH (p:P) RETURN p.n AS n ORDER BY n"));
    {
        auto tx = Must(db->begin());
        Must(tx->create_node({"P"}, {{"n", Value(3)}}));
        ASSERT_TRUE(tx->commit().ok());
    }
    auto streamed = Must(stream.rows());
    ASSERT_EQ(streamed.size(), 2u);
    EXPECT_EQ(streamed[1][0].as_int(), 2);
    // Cypher inside an explicit transaction sees its own writes; rollback drops them.
    auto tx = Must(db->begin());
    auto r = Must(tx->execute("CREATE (:Q)"));
    ASSERT_TRUE(r.rows().ok());
    auto count = Must(tx->execute("MATCH (q:Q) RETURN count(q) AS c"));
    EXPECT_EQ(Must(count.rows())[0][0].as_int(), 1);
    ASSERT_TRUE(tx->rollback().ok());
    auto after = Must(db->execute("MATCH (n) RETURN count(n) AS c"));
    EXPECT_EQ(Must(after.rows())[0][0].as_int(), 3);
}

}  // namespace
}  // namespace nexus
