// End-to-end imports whose id maps outgrow their budget and go to sorted runs: the same CSVs
// imported with room for the id maps and with a tiny --max-memory (or id-map share) give the
// same Cypher answers, the same bad rows with their file:line, and a clean `nexus check`.
#include <gtest/gtest.h>
#include <unistd.h>

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

class ExternalImportTest : public ImportDirTest {
  protected:
    ExternalImportTest() : ImportDirTest("nexus_import_extimp_") {}
    // Imports with `o` into `name`, collecting the bad rows reported (sorted).
    Result<ImportSummary> Import(ImportOptions o, const std::string& name,
                                 std::vector<std::string>* bad) {
        o.db_path = (dir_ / name).string();
        o.on_bad_row = [bad](const std::string& m) { bad->push_back(m); };
        auto s = RunImport(o);
        std::sort(bad->begin(), bad->end());
        return s;
    }
    bool NothingLeft() {
        for (const auto& e : fs::directory_iterator(dir_)) {
            if (e.path().extension() != ".csv") return false;
        }
        return true;
    }
    static void ExpectChecks(const std::string& path) {
        auto report = check::CheckDatabase(path);
        ASSERT_TRUE(report.ok()) << report.status().ToString();
        EXPECT_TRUE(report->clean()) << report->ToString(true);
    }
};

// Three id spaces (P, C, the global one) whose ids overlap, several files, a duplicate id,
// unknown endpoints, self-loops, a node with more than four labels.
ImportOptions SampleGraph(
    ExternalImportTest* t, bool ints,
    const std::function<std::string(const std::string&, const std::string&)>& write) {
    auto id = [ints](const char* prefix, int i) {
        return ints ? std::to_string(i) : std::string(prefix) + std::to_string(i);
    };
    (void)t;
    const int people = 3000, cities = 300, tags = 500;
    std::string p1 = "id:ID(P),name,age:int\n", p2;
    for (int i = 0; i < people; ++i) {
        std::string row =
            id("p", i) + ",n" + std::to_string(i) + "," + std::to_string(i % 90) + "\n";
        (i < people / 2 ? p1 : p2) += row;
    }
    p2 += id("p", 5) + ",duplicate,1\n";  // the second p5: a bad row
    std::string c = "id:ID(C),name,:LABEL\n";
    for (int i = 0; i < cities; ++i) {
        c += id("p", i) + ",c" + std::to_string(i) + "," + (i == 7 ? "A;B;C;D;E" : "") + "\n";
    }
    std::string g = ":ID,tag\n";
    for (int i = 0; i < tags; ++i) g += id("t", i) + ",t" + std::to_string(i) + "\n";
    std::string knows = ":START_ID(P),:END_ID(P),w:int\n";
    uint64_t seed = 99;
    auto next = [&](int n) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((seed >> 33) % static_cast<uint64_t>(n));
    };
    for (int i = 0; i < 12000; ++i) {
        int a = next(people), b = i % 700 == 0 ? a : next(people);
        knows += id("p", a) + "," + id("p", b) + "," + std::to_string(i) + "\n";
        if (i == 5000) knows += id("p", 1) + "," + id("p", people + 50) + ",-1\n";  // unknown end
    }
    std::string lives = ":START_ID(P),:END_ID(C),:TYPE\n";
    for (int i = 0; i < people; i += 3)
        lives += id("p", i) + "," + id("p", i % cities) + ",LIVES_IN\n";
    lives += id("p", people + 9) + "," + id("p", 1) + ",LIVES_IN\n";  // unknown start
    std::string has = ":START_ID(P),:END_ID\n";
    for (int i = 0; i < people; i += 2) has += id("p", i) + "," + id("t", i % tags) + "\n";
    ImportOptions o;
    o.id_type = ints ? IdType::kInteger : IdType::kString;
    o.skip_bad_rows = true;
    o.nodes.push_back({{"Person"}, {write("p1.csv", p1), write("p2.csv", p2)}});
    o.nodes.push_back({{"City"}, {write("c.csv", c)}});
    o.nodes.push_back({{"Tag"}, {write("g.csv", g)}});
    o.relationships.push_back({{"KNOWS"}, {write("k.csv", knows)}});
    o.relationships.push_back({{}, {write("l.csv", lives)}});
    o.relationships.push_back({{"HAS_TAG"}, {write("h.csv", has)}});
    return o;
}

class SameGraphTest : public ExternalImportTest, public ::testing::WithParamInterface<bool> {};

TEST_P(SameGraphTest, TinyMemoryGivesTheSameGraphAndBadRows) {
    bool ints = GetParam();
    ImportOptions o = SampleGraph(
        this, ints, [this](const std::string& n, const std::string& s) { return Write(n, s); });
    o.max_memory = 64 << 20;
    std::vector<std::string> bad_big, bad_small;
    auto big = Import(o, "big.nexus", &bad_big);
    ASSERT_TRUE(big.ok()) << big.status().ToString();
    EXPECT_FALSE(big->external_ids);
    EXPECT_EQ(big->id_spill_runs, 0u);
    o.max_memory = 64 << 10;
    auto small = Import(o, "small.nexus", &bad_small);
    ASSERT_TRUE(small.ok()) << small.status().ToString();
    EXPECT_TRUE(small->external_ids);
    EXPECT_GT(small->id_spill_runs, 10u);  // id, reference and label runs
    EXPECT_GT(small->spill_runs, 0u);

    EXPECT_EQ(big->nodes, 3000u + 300u + 500u);
    EXPECT_EQ(small->nodes, big->nodes);
    EXPECT_EQ(small->relationships, big->relationships);
    EXPECT_EQ(small->properties, big->properties);
    EXPECT_EQ(small->bad_rows, 3u);
    EXPECT_EQ(bad_small, bad_big);
    ASSERT_EQ(bad_big.size(), 3u);
    std::string p5 = ints ? "'5'" : "'p5'";
    // Sorted by file name: k.csv, l.csv, p2.csv.
    EXPECT_NE(bad_big[0].find("k.csv:5003: unknown :END_ID"), std::string::npos) << bad_big[0];
    EXPECT_NE(bad_big[1].find("l.csv:1002: unknown :START_ID"), std::string::npos) << bad_big[1];
    EXPECT_NE(bad_big[2].find("p2.csv:1501: duplicate id " + p5 + " in id space 'P'"),
              std::string::npos)
        << bad_big[2];

    ExpectChecks((dir_ / "big.nexus").string());
    ExpectChecks((dir_ / "small.nexus").string());
    auto a = Database::open((dir_ / "big.nexus").string());
    auto b = Database::open((dir_ / "small.nexus").string());
    ASSERT_TRUE(a.ok() && b.ok());
    for (const char* q : {
             "MATCH (n) RETURN labels(n), count(n) ORDER BY labels(n)",
             "MATCH (p:Person) WHERE p.age = 5 RETURN p.id, p.name ORDER BY p.id",
             "MATCH (p:Person {name: 'duplicate'}) RETURN p.id",
             "MATCH (a)-[r:KNOWS]->(b) RETURN a.id, b.id, r.w ORDER BY r.w",
             "MATCH (a)-[r]->(a) RETURN a.id, type(r) ORDER BY a.id",
             "MATCH (p:Person)-[:LIVES_IN]->(c:City) RETURN c.name, count(p) ORDER BY c.name",
             "MATCH (c:E) RETURN c.name, labels(c)",
             "MATCH (t:Tag)<-[:HAS_TAG]-(p) RETURN t.tag, count(p) ORDER BY t.tag",
             "MATCH (p:Person {name: 'n5'})-[r]-(x) RETURN type(r), x.id ORDER BY type(r), x.id",
         }) {
        std::vector<std::string> x = Answer(a->get(), q), y = Answer(b->get(), q);
        if (std::string(q).find("duplicate") == std::string::npos) {
            EXPECT_FALSE(x.empty()) << q;
        }
        EXPECT_EQ(x, y) << q;
    }
    EXPECT_TRUE(Answer(a->get(), "MATCH (p:Person {name: 'duplicate'}) RETURN p").empty());
}

INSTANTIATE_TEST_SUITE_P(IdTypes, SameGraphTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Integer" : "String"; });

// Past the first batch of a file the reader thread converts property values (and a named
// :ID): a bad value there is still reported by line, and converted rows read back equal.
TEST_F(ExternalImportTest, PropertiesConvertedOnTheReaderThread) {
    std::string nodes = "id:ID,v:int,d:date,s\n";
    const int n = 100000;  // several batches
    for (int i = 0; i < n; ++i) {
        nodes += std::to_string(i) + "," + (i == n - 5 ? "x" : std::to_string(i % 100)) +
                 ",2020-01-" + std::to_string(10 + i % 20) + ",\"s,\"\"" + std::to_string(i) +
                 "\"\n";
    }
    std::string rels = ":START_ID,:END_ID,w:double\n";
    for (int i = 0; i < n; ++i) {
        rels += std::to_string(i) + "," + std::to_string((i + 1) % n) + "," +
                (i == n - 7 ? "bad" : std::to_string(i) + ".5") + "\n";
    }
    for (bool reader : {true, false}) {
        ImportOptions o;
        o.max_memory = 64 << 20;
        o.skip_bad_rows = true;
        o.id_type = IdType::kInteger;
        o.reader_converts = reader;
        o.nodes.push_back({{"N"}, {Write("n.csv", nodes)}});
        o.relationships.push_back({{"R"}, {Write("r.csv", rels)}});
        std::vector<std::string> bad;
        std::string name = reader ? "a.nexus" : "b.nexus";
        auto s = Import(o, name, &bad);
        ASSERT_TRUE(s.ok()) << s.status().ToString();
        // The skipped node also makes the two relationships that name it bad.
        ASSERT_EQ(bad.size(), 4u);
        auto has = [&](const std::string& part) {
            return std::any_of(bad.begin(), bad.end(), [&](const std::string& m) {
                return m.find(part) != std::string::npos;
            });
        };
        EXPECT_TRUE(has("n.csv:" + std::to_string(n - 3) + ": column 'v'"));
        EXPECT_TRUE(has("r.csv:" + std::to_string(n - 5) + ": column 'w'"));
        EXPECT_TRUE(has("unknown :END_ID '" + std::to_string(n - 5) + "'"));
        EXPECT_TRUE(has("unknown :START_ID '" + std::to_string(n - 5) + "'"));
        EXPECT_EQ(s->properties, uint64_t{n - 1} * 4 + (n - 3));
    }
    auto a = Database::open((dir_ / "a.nexus").string());
    auto b = Database::open((dir_ / "b.nexus").string());
    ASSERT_TRUE(a.ok() && b.ok());
    for (const char* q : {"MATCH (x:N) RETURN sum(x.v), sum(x.id), count(x.d), max(x.d), "
                          "max(x.s), min(x.s)",
                          "MATCH (x:N {id: 777}) RETURN x.v, x.d, x.s",
                          "MATCH (x)-[r:R]->(y) RETURN sum(r.w), count(r), sum(y.id)"}) {
        std::vector<std::string> x = Answer(a->get(), q), y = Answer(b->get(), q);
        ASSERT_EQ(x.size(), 1u) << q;
        EXPECT_EQ(x, y) << q;
    }
    EXPECT_EQ(Answer(a->get(), "MATCH (x:N {id: 777}) RETURN x.v, x.s"),
              std::vector<std::string>{"77|'s,\"777'|"});
}

struct BadCase {
    const char* name;
    std::string nodes;
    std::string rels;
    std::string where;
    std::string reason;
};

class ExternalBadRowTest : public ExternalImportTest,
                           public ::testing::WithParamInterface<BadCase> {
  protected:
    ImportOptions Options() {
        const BadCase& c = GetParam();
        ImportOptions o;
        o.max_memory = 64 << 20;
        o.id_map_memory = 1;  // every id goes to the runs
        o.nodes.push_back({{"N"}, {Write("n.csv", c.nodes)}});
        if (!c.rels.empty()) o.relationships.push_back({{"R"}, {Write("r.csv", c.rels)}});
        return o;
    }
};

TEST_P(ExternalBadRowTest, StopsWithFileLineAndLeavesNothing) {
    std::vector<std::string> bad;
    auto s = Import(Options(), "g.nexus", &bad);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.status().message().find(GetParam().where), std::string::npos)
        << s.status().message();
    EXPECT_NE(s.status().message().find(GetParam().reason), std::string::npos)
        << s.status().message();
    EXPECT_TRUE(NothingLeft());  // no database, no run files
}

TEST_P(ExternalBadRowTest, SkipBadRowsReportsAndSkips) {
    ImportOptions o = Options();
    o.skip_bad_rows = true;
    std::vector<std::string> bad;
    auto s = Import(o, "g.nexus", &bad);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_TRUE(s->external_ids);
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_NE(bad[0].find(GetParam().where + ": " + GetParam().reason), std::string::npos)
        << bad[0];
    ExpectChecks((dir_ / "g.nexus").string());
    auto db = Database::open((dir_ / "g.nexus").string());
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(Answer(db->get(), "MATCH (n:N) RETURN count(n)"), std::vector<std::string>{"2|"});
    EXPECT_EQ(Answer(db->get(), "MATCH (n:N) RETURN n.v ORDER BY n.v"),
              (std::vector<std::string>{"1|", "2|"}));
    if (!GetParam().rels.empty()) {
        EXPECT_EQ(Answer(db->get(), "MATCH (a)-[:R]->(b) RETURN a.v, b.v"),
                  std::vector<std::string>{"1|2|"});
    }
    EXPECT_TRUE(
        std::find_if(fs::directory_iterator(dir_), fs::directory_iterator(), [](const auto& e) {
            return e.path().string().find(".run") != std::string::npos ||
                   e.path().string().find(".ids") != std::string::npos;
        }) == fs::directory_iterator());
}

const std::string kNodes = ":ID,v:int\n1,1\n2,2\n";

INSTANTIATE_TEST_SUITE_P(
    Kinds, ExternalBadRowTest,
    ::testing::Values(BadCase{"UnknownStart", kNodes, ":START_ID,:END_ID\n1,2\n9,1\n", "r.csv:3",
                              "unknown :START_ID '9' in global id space"},
                      BadCase{"UnknownEnd", kNodes, ":START_ID,:END_ID\n1,8\n1,2\n", "r.csv:2",
                              "unknown :END_ID '8'"},
                      BadCase{"BothUnknown", kNodes, ":START_ID,:END_ID\n7,8\n1,2\n", "r.csv:2",
                              "unknown :START_ID '7'"},
                      BadCase{"DuplicateId", ":ID,v:int\n1,1\n2,2\n1,3\n", "", "n.csv:4",
                              "duplicate id '1'"},
                      BadCase{"DuplicateWithRels", ":ID,v:int\n1,1\n2,2\n2,3\n",
                              ":START_ID,:END_ID\n1,2\n", "n.csv:4", "duplicate id '2'"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace nexus::import
