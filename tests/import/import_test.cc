// End-to-end imports through RunImport, read back through nexus::Database (counts,
// properties, expand both ways, Cypher), and the failure paths: every bad-row kind with its
// file:line, --skip-bad-rows with its tolerance, and no database left behind on failure.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "check/check.h"
#include "import/importer.h"
#include "import_test_util.h"
#include "nexus/database.h"

namespace nexus::import {
namespace {

namespace fs = std::filesystem;

class ImportTest : public ImportDirTest {
  protected:
    ImportTest() : ImportDirTest("nexus_import_test_") {}
    void SetUp() override {
        ImportDirTest::SetUp();
        db_ = (dir_ / "g.nexus").string();
        o_.db_path = db_;
        o_.max_memory = 64 << 20;
        o_.on_bad_row = [this](const std::string& m) { bad_.push_back(m); };
    }
    void Nodes(std::vector<std::string> labels, std::vector<std::string> files) {
        o_.nodes.push_back({std::move(labels), std::move(files)});
    }
    void Rels(std::string type, std::vector<std::string> files) {
        std::vector<std::string> names;
        if (!type.empty()) names.push_back(type);
        o_.relationships.push_back({std::move(names), std::move(files)});
    }
    std::unique_ptr<Database> Open() {
        auto db = Database::open(db_);
        EXPECT_TRUE(db.ok()) << db.status().ToString();
        return db.ok() ? std::move(*db) : nullptr;
    }
    // The one node with `label` whose property `key` is the string `value`.
    Node FindNode(Transaction* tx, const std::string& label, const std::string& key,
                  const Value& value) {
        auto ids = tx->nodes_with_label(label);
        EXPECT_TRUE(ids.ok());
        for (int64_t id : *ids) {
            auto n = tx->get_node(id);
            if (!n.ok() || !n->properties) continue;
            auto it = n->properties->find(key);
            if (it != n->properties->end() && it->second.ToString() == value.ToString()) return *n;
        }
        ADD_FAILURE() << "no " << label << " with " << key << " = " << value.ToString();
        return Node{};
    }
    // `nexus check` finds nothing wrong with the database at `path`.
    static void ExpectChecks(const std::string& path) {
        auto report = check::CheckDatabase(path);
        ASSERT_TRUE(report.ok()) << report.status().ToString();
        EXPECT_TRUE(report->clean()) << report->ToString(true);
        EXPECT_GT(report->pages, 0u);
    }
    // No file of the database or a temporary of it exists.
    bool NothingLeft() {
        for (const auto& e : fs::directory_iterator(dir_)) {
            if (e.path().filename().string().rfind("g.nexus", 0) == 0) return false;
        }
        return true;
    }

    std::string db_;
    ImportOptions o_;
    std::vector<std::string> bad_;
};

void ExpectContains(const std::string& s, const std::string& part) {
    EXPECT_NE(s.find(part), std::string::npos) << "'" << s << "' lacks '" << part << "'";
}

TEST_F(ImportTest, SmallGraphReadsBackThroughTheApi) {
    Nodes({"Person"}, {Write("p.csv",
                             "id:ID(P),name,age:int,score:float,ok:boolean,tags:string[],"
                             "born:date,ts:datetime,:LABEL\n"
                             "p1,Ann,31,1.5,true,a;b,1990-01-02,2020-01-01T10:00:00Z,Admin\n"
                             "p2,Bob,,2,false,,,,\n"
                             "p3,\"\",40,,,x,,,Admin;Staff\n")});
    Nodes({"City"}, {Write("c.csv", "id:ID(C),name\nc1,Oslo\n")});
    Rels("KNOWS", {Write("k.csv", ":START_ID(P),:END_ID(P),since:int\np1,p2,2001\np2,p3,\n")});
    Rels("", {Write("l.csv", ":START_ID(P),:END_ID(C),:TYPE\np1,c1,LIVES_IN\np3,c1,LIVES_IN\n")});
    auto s = RunImport(o_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->nodes, 4u);
    EXPECT_EQ(s->relationships, 4u);
    EXPECT_GT(s->bytes_on_disk, 0u);
    ExpectChecks(db_);

    auto db = Open();
    ASSERT_NE(db, nullptr);
    auto tx = db->begin(AccessMode::kRead);
    ASSERT_TRUE(tx.ok());
    EXPECT_EQ(*(*tx)->count_nodes(), 4);
    EXPECT_EQ(*(*tx)->count_nodes("Person"), 3);
    EXPECT_EQ(*(*tx)->count_nodes("Admin"), 2);
    EXPECT_EQ(*(*tx)->count_nodes("Staff"), 1);
    EXPECT_EQ(*(*tx)->count_relationships("KNOWS"), 2);
    EXPECT_EQ(*(*tx)->count_relationships("LIVES_IN"), 2);

    Node ann = FindNode(tx->get(), "Person", "id", Value("p1"));
    const Map& p = *ann.properties;
    EXPECT_EQ(p.at("name").as_string(), "Ann");
    EXPECT_EQ(p.at("age").as_int(), 31);
    EXPECT_DOUBLE_EQ(p.at("score").as_float(), 1.5);
    EXPECT_TRUE(p.at("ok").as_bool());
    ASSERT_EQ(p.at("tags").as_list().size(), 2u);
    EXPECT_EQ(p.at("tags").as_list()[1].as_string(), "b");
    EXPECT_EQ(p.at("born").kind(), ValueKind::kDate);
    EXPECT_EQ(p.at("ts").kind(), ValueKind::kDateTime);

    // Empty fields set nothing; a quoted empty string is a property.
    Node bob = FindNode(tx->get(), "Person", "id", Value("p2"));
    EXPECT_EQ(bob.properties->count("age"), 0u);
    EXPECT_EQ(bob.properties->count("tags"), 0u);
    Node p3 = FindNode(tx->get(), "Person", "id", Value("p3"));
    ASSERT_EQ(p3.properties->count("name"), 1u);
    EXPECT_EQ(p3.properties->at("name").as_string(), "");

    auto out = (*tx)->expand(ann.id, Direction::kOutgoing, "KNOWS");
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->size(), 1u);
    EXPECT_EQ((*out)[0].node, bob.id);
    auto in = (*tx)->expand(bob.id, Direction::kIncoming, "KNOWS");
    ASSERT_TRUE(in.ok());
    ASSERT_EQ(in->size(), 1u);
    EXPECT_EQ((*in)[0].node, ann.id);
    auto rel = (*tx)->get_relationship((*out)[0].relationship);
    ASSERT_TRUE(rel.ok());
    EXPECT_EQ(rel->properties->at("since").as_int(), 2001);
}

TEST_F(ImportTest, CypherCountsAndLaterTransactionsModify) {
    Nodes({"N"}, {Write("n.csv", ":ID,v:int\n1,1\n2,2\n3,3\n")});
    Rels("T", {Write("r.csv", ":START_ID,:END_ID\n1,2\n2,3\n3,1\n")});
    ASSERT_TRUE(RunImport(o_).ok());
    auto db = Open();
    ASSERT_NE(db, nullptr);
    {
        auto r = db->execute("MATCH (a)-[:T]->(b) RETURN count(*)");
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        auto rows = r->rows();
        ASSERT_TRUE(rows.ok());
        ASSERT_EQ(rows->size(), 1u);
        EXPECT_EQ((*rows)[0][0].as_int(), 3);
        auto w = db->execute("MATCH (a:N {v: 1}) CREATE (a)-[:T]->(:N {v: 4})");
        ASSERT_TRUE(w.ok()) << w.status().ToString();
        ASSERT_TRUE(w->rows().ok());
        auto c = db->execute("MATCH (:N)-[:T]->(:N) RETURN count(*)");
        ASSERT_TRUE(c.ok());
        EXPECT_EQ((*c->rows())[0][0].as_int(), 4);
    }  // results hold their transactions
    db.reset();
    // The writes after the import found the heap, ids and counts where they expected them.
    ExpectChecks(db_);
}

TEST_F(ImportTest, IdGroupsKeepEqualIdsApart) {
    Nodes({"A"}, {Write("a.csv", "id:ID(A)\n1\n2\n")});
    Nodes({"B"}, {Write("b.csv", "id:ID(B)\n1\n2\n")});
    Rels("R", {Write("r.csv", ":START_ID(A),:END_ID(B)\n1,2\n")});
    ASSERT_TRUE(RunImport(o_).ok());
    auto db = Open();
    auto tx = db->begin(AccessMode::kRead);
    Node a1 = FindNode(tx->get(), "A", "id", Value("1"));
    auto out = (*tx)->expand(a1.id, Direction::kOutgoing, "R");
    ASSERT_EQ(out->size(), 1u);
    auto b = (*tx)->get_node((*out)[0].node);
    EXPECT_EQ(b->labels, std::vector<std::string>{"B"});
    EXPECT_EQ(b->properties->at("id").as_string(), "2");
}

TEST_F(ImportTest, IntegerIdsAreStoredAsIntegers) {
    o_.id_type = IdType::kInteger;
    Nodes({"A"}, {Write("a.csv", "id:ID\n10\n20\n")});
    Rels("R", {Write("r.csv", ":START_ID,:END_ID\n10,20\n")});
    ASSERT_TRUE(RunImport(o_).ok());
    auto db = Open();
    auto tx = db->begin(AccessMode::kRead);
    Node n = FindNode(tx->get(), "A", "id", Value(int64_t{10}));
    EXPECT_TRUE(n.properties->at("id").is_int());
    EXPECT_EQ(*(*tx)->count_relationships("R"), 1);
}

TEST_F(ImportTest, SeparateHeaderFileMultipleFilesAndGzip) {
    std::string gz = (dir_ / "part2.csv.gz").string();
    gzFile f = gzopen(gz.c_str(), "wb");
    std::string text = "3|c\n4|d\n";
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    o_.dialect.delimiter = '|';
    Nodes({"X", "Y"}, {Write("h.csv", ":ID|name\n"), Write("part1.csv", "1|a\n2|b\n"), gz});
    Rels("R", {Write("rh.csv", ":START_ID|:END_ID\n"), Write("r1.csv", "1|2\n"),
               Write("r2.csv", "3|4\n4|1\n")});
    auto s = RunImport(o_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto db = Open();
    auto tx = db->begin(AccessMode::kRead);
    EXPECT_EQ(*(*tx)->count_nodes("X"), 4);
    EXPECT_EQ(*(*tx)->count_nodes("Y"), 4);
    EXPECT_EQ(*(*tx)->count_relationships("R"), 3);
}

TEST_F(ImportTest, TabDelimiter) {
    o_.dialect.delimiter = '\t';
    Nodes({"A"}, {Write("a.tsv", ":ID\tname\n1\tx y\n")});
    ASSERT_TRUE(RunImport(o_).ok());
    auto db = Open();
    auto tx = db->begin(AccessMode::kRead);
    FindNode(tx->get(), "A", "name", Value("x y"));
}

struct BadCase {
    const char* name;
    std::string nodes;
    std::string rels;
    std::string where;   // expected file:line
    std::string reason;  // expected part of the reason
};

class BadRowTest : public ImportTest, public ::testing::WithParamInterface<BadCase> {};

TEST_P(BadRowTest, StopsWithFileLineAndLeavesNothing) {
    const BadCase& c = GetParam();
    Nodes({"N"}, {Write("n.csv", c.nodes)});
    if (!c.rels.empty()) Rels("R", {Write("r.csv", c.rels)});
    auto s = RunImport(o_);
    ASSERT_FALSE(s.ok());
    ExpectContains(s.status().message(), c.where);
    ExpectContains(s.status().message(), c.reason);
    EXPECT_TRUE(NothingLeft());
}

TEST_P(BadRowTest, SkipBadRowsReportsAndSkips) {
    const BadCase& c = GetParam();
    o_.skip_bad_rows = true;
    Nodes({"N"}, {Write("n.csv", c.nodes)});
    if (!c.rels.empty()) Rels("R", {Write("r.csv", c.rels)});
    auto s = RunImport(o_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->bad_rows, 1u);
    ASSERT_EQ(bad_.size(), 1u);
    ExpectContains(bad_[0], c.where);
    ExpectContains(bad_[0], c.reason);
    auto db = Open();
    auto tx = db->begin(AccessMode::kRead);
    // Every case has two good nodes (and, with relationships, one good relationship).
    EXPECT_EQ(*(*tx)->count_nodes("N"), 2);
    if (!c.rels.empty()) {
        EXPECT_EQ(*(*tx)->count_relationships("R"), 1);
    }
}

const std::string kGoodNodes = ":ID,v:int\n1,1\n2,2\n";

INSTANTIATE_TEST_SUITE_P(
    Kinds, BadRowTest,
    ::testing::Values(BadCase{"UnknownStart", kGoodNodes, ":START_ID,:END_ID\n1,2\n9,1\n",
                              "r.csv:3", "unknown :START_ID '9'"},
                      BadCase{"UnknownEnd", kGoodNodes, ":START_ID,:END_ID\n1,8\n1,2\n", "r.csv:2",
                              "unknown :END_ID '8'"},
                      BadCase{"WrongType", ":ID,v:int\n1,1\n2,2\n3,zz\n", "", "n.csv:4",
                              "'zz' is not a valid int"},
                      BadCase{"ColumnCount", ":ID,v:int\n1,1\n2,2,3\n3,3\n", "", "n.csv:3",
                              "expected 2 fields, found 3"},
                      BadCase{"UnterminatedQuote", ":ID,v:int\n1,1\n\"2,2\n3,3\n", "", "n.csv:3",
                              "unterminated quote"},
                      BadCase{"DuplicateId", ":ID,v:int\n1,1\n2,2\n1,3\n", "", "n.csv:4",
                              "duplicate id '1'"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(ImportTest, ToleranceStopsTheImport) {
    o_.skip_bad_rows = true;
    o_.bad_tolerance = 2;
    Nodes({"N"}, {Write("n.csv", ":ID,v:int\n1,x\n2,x\n3,3\n")});
    ASSERT_TRUE(RunImport(o_).ok());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    o_.nodes.clear();
    Nodes({"N"}, {Write("n.csv", ":ID,v:int\n1,x\n2,x\n3,x\n")});
    auto s = RunImport(o_);
    ASSERT_FALSE(s.ok());
    ExpectContains(s.status().message(), "--bad-tolerance");
    EXPECT_TRUE(NothingLeft());
}

TEST_F(ImportTest, RefusesAnExistingDatabaseUnlessOverwrite) {
    Nodes({"N"}, {Write("n.csv", ":ID\n1\n")});
    ASSERT_TRUE(RunImport(o_).ok());
    auto again = RunImport(o_);
    ASSERT_FALSE(again.ok());
    ExpectContains(again.status().message(), "already exists");
    o_.overwrite = true;
    o_.nodes.clear();
    Nodes({"M"}, {Write("m.csv", ":ID\n1\n2\n")});
    ASSERT_TRUE(RunImport(o_).ok());
    auto db = Open();
    auto tx = db->begin(AccessMode::kRead);
    EXPECT_EQ(*(*tx)->count_nodes(), 2);
    EXPECT_EQ(*(*tx)->count_nodes("N"), 0);
}

TEST_F(ImportTest, AFailedOverwriteKeepsTheOldDatabase) {
    Nodes({"N"}, {Write("n.csv", ":ID\n1\n")});
    ASSERT_TRUE(RunImport(o_).ok());
    o_.overwrite = true;
    o_.nodes.clear();
    Nodes({"M"}, {Write("m.csv", ":ID,v:int\n1,bad\n")});
    ASSERT_FALSE(RunImport(o_).ok());
    auto db = Open();
    auto tx = db->begin(AccessMode::kRead);
    EXPECT_EQ(*(*tx)->count_nodes("N"), 1);
}

TEST_F(ImportTest, HeaderErrorsNameTheFile) {
    Nodes({"N"}, {Write("n.csv", ":ID,v:nosuchtype\n1,1\n")});
    auto s = RunImport(o_);
    ASSERT_FALSE(s.ok());
    ExpectContains(s.status().message(), "n.csv:1");
    EXPECT_TRUE(NothingLeft());
}

TEST_F(ImportTest, ManyRowsCrossBatchBoundaries) {
    std::string nodes = ":ID,v:int\n";
    std::string rels = ":START_ID,:END_ID\n";
    const int n = 50000;
    for (int i = 0; i < n; ++i) nodes += std::to_string(i) + "," + std::to_string(i) + "\n";
    for (int i = 0; i < n; ++i) {
        rels += std::to_string(i) + "," + std::to_string((i + 1) % n) + "\n";
        if (i >= 7) rels += std::to_string(i) + "," + std::to_string(i % 7) + "\n";
    }
    Nodes({"N"}, {Write("n.csv", nodes)});
    Rels("R", {Write("r.csv", rels)});
    auto s = RunImport(o_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto db = Open();
    auto tx = db->begin(AccessMode::kRead);
    EXPECT_EQ(*(*tx)->count_nodes("N"), n);
    EXPECT_EQ(*(*tx)->count_relationships("R"), 2 * n - 7);
    Node hub = FindNode(tx->get(), "N", "v", Value(int64_t{3}));
    auto in = (*tx)->expand(hub.id, Direction::kIncoming, "R");
    ASSERT_TRUE(in.ok());
    // From 2 (the ring) and from every i >= 7 with i % 7 == 3.
    size_t expected = 1;
    for (int i = 7; i < n; ++i) expected += i % 7 == 3;
    EXPECT_EQ(in->size(), expected);
    tx->reset();
    db.reset();
    ExpectChecks(db_);
}

// A graph with several types, self-loops, nodes with more than four labels, properties on
// both, and hubs whose groups go dense; imported once with room to sort in memory and once
// with a --max-memory so small that the adjacency entries spill to many sorted runs.
TEST_F(ImportTest, SpillingGivesTheSameGraph) {
    std::string nodes = "v:ID(N),name,:LABEL\n";
    std::string rels = ":START_ID(N),:END_ID(N),:TYPE,w:int\n";
    const int n = 3000;
    for (int i = 0; i < n; ++i) {
        nodes += std::to_string(i) + ",n" + std::to_string(i) + "," +
                 (i % 97 == 0 ? "A;B;C;D;E;F"
                  : i % 2     ? "A"
                              : "B") +
                 "\n";
    }
    uint64_t seed = 12345;
    auto next = [&] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((seed >> 33) % n);
    };
    const char* types[] = {"X", "Y", "Z"};
    int rel_count = 0;
    for (int i = 0; i < 20000; ++i) {
        int a = next(), b = i % 5 == 0 ? 1 : next();  // node 1 is a hub
        if (i % 501 == 0) b = a;                      // some self-loops
        rels += std::to_string(a) + "," + std::to_string(b) + "," + types[i % 3] + "," +
                (i % 4 ? std::to_string(i) : "") + "\n";
        ++rel_count;
    }
    std::string nf = Write("n.csv", nodes), rf = Write("r.csv", rels);
    Nodes({"N"}, {nf});
    Rels("", {rf});
    auto big = RunImport(o_);
    ASSERT_TRUE(big.ok()) << big.status().ToString();
    EXPECT_EQ(big->spill_runs, 0u);
    std::string small_db = (dir_ / "small.nexus").string();
    o_.db_path = small_db;
    o_.max_memory = 64 << 10;
    auto small = RunImport(o_);
    ASSERT_TRUE(small.ok()) << small.status().ToString();
    EXPECT_GT(small->spill_runs, 10u);
    EXPECT_EQ(small->relationships, static_cast<uint64_t>(rel_count));

    ExpectChecks(db_);
    ExpectChecks(small_db);
    auto a = Database::open(db_);
    auto b = Database::open(small_db);
    ASSERT_TRUE(a.ok() && b.ok());
    for (const char* q : {
             "MATCH (a)-[r]->(b) RETURN a.v, type(r), b.v, r.w ORDER BY a.v, b.v, type(r), r.w",
             "MATCH (a:N {v: '1'})<-[r:X]-(b) RETURN b.v, r.w ORDER BY b.v, r.w",
             "MATCH (a)-[r]->(a) RETURN a.v, type(r) ORDER BY a.v, type(r)",
             "MATCH (a:E) RETURN a.v, labels(a) ORDER BY a.v",
             "MATCH (a)-[:Y]-(b) RETURN a.v, count(b) ORDER BY a.v",
         }) {
        std::vector<std::string> x = Answer(a->get(), q), y = Answer(b->get(), q);
        EXPECT_FALSE(x.empty()) << q;
        EXPECT_EQ(x, y) << q;
    }
    EXPECT_EQ(Answer(a->get(), "MATCH ()-[r]->() RETURN count(r)"),
              std::vector<std::string>{std::to_string(rel_count) + "|"});
}

// Rows past the first batch of a file have their endpoints resolved on the reader thread:
// bad rows there are still reported with their line and reason, and good rows are kept.
TEST_F(ImportTest, LateBadRowsInALargeFileAreReported) {
    std::string nodes = ":ID\n";
    for (int i = 0; i < 1000; ++i) nodes += std::to_string(i) + "\n";
    std::string rels = ":START_ID,:END_ID,note\n";
    const int n = 200000;  // several MiB: many batches
    int bad_line = 0;
    for (int i = 0; i < n; ++i) {
        if (i == n - 10) {
            rels += "5,nosuchnode,padding-padding\n";
            bad_line = i + 2;
        } else {
            rels += std::to_string(i % 1000) + "," + std::to_string((i * 7) % 1000) +
                    ",padding-padding\n";
        }
    }
    Nodes({"N"}, {Write("n.csv", nodes)});
    Rels("R", {Write("r.csv", rels)});
    o_.skip_bad_rows = true;
    auto s = RunImport(o_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->relationships, static_cast<uint64_t>(n - 1));
    ASSERT_EQ(bad_.size(), 1u);
    ExpectContains(bad_[0], "r.csv:" + std::to_string(bad_line) + ": unknown :END_ID 'nosuchnode'");
    ExpectChecks(db_);
}

}  // namespace
}  // namespace nexus::import
