// End-to-end tests of the nexus command: each runs the real binary in a shell and checks
// its exit code, stdout and stderr, including bad input for every subcommand.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

class NexusCliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "nexus-cli-XXXXXX").string();
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        db_ = (dir_ / "test.nexus").string();
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    // Runs `nexus <args>` through /bin/sh with `stdin_text` on stdin.
    Outcome Nexus(const std::string& args, const std::string& stdin_text = "") {
        fs::path in = dir_ / "stdin.txt", err = dir_ / "stderr.txt";
        std::ofstream(in) << stdin_text;
        std::string cmd = "HOME='" + dir_.string() + "' '" NEXUS_BINARY "' " + args + " <'" +
                          in.string() + "' 2>'" + err.string() + "'";
        Outcome o;
        FILE* p = popen(cmd.c_str(), "r");
        if (p == nullptr) return o;
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) o.out.append(buf, n);
        int status = pclose(p);
        o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::ifstream e(err);
        std::stringstream ss;
        ss << e.rdbuf();
        o.err = ss.str();
        return o;
    }
    std::string Write(const std::string& name, const std::string& text) {
        fs::path p = dir_ / name;
        std::ofstream(p) << text;
        return p.string();
    }
    std::string Csv(const std::string& query) {
        Outcome o = Nexus("query '" + db_ + "' --format csv \"" + query + "\"");
        EXPECT_EQ(o.code, 0) << o.err;
        return o.out;
    }

    fs::path dir_;
    std::string db_;
};

TEST_F(NexusCliTest, VersionAndHelp) {
    Outcome v = Nexus("version");
    EXPECT_EQ(v.code, 0);
    EXPECT_EQ(v.out.rfind("nexus ", 0), 0u) << v.out;
    Outcome h = Nexus("--help");
    EXPECT_EQ(h.code, 0);
    for (const char* sub :
         {"query", "shell", "stats", "run", "version", "import", "check", "backup", "serve"}) {
        EXPECT_NE(h.out.find(sub), std::string::npos) << sub;
        EXPECT_EQ(Nexus(std::string(sub) + " --help").code, 0) << sub;
    }
}

TEST_F(NexusCliTest, BadCommandLines) {
    EXPECT_EQ(Nexus("").code, 2);
    EXPECT_EQ(Nexus("frobnicate").code, 2);
    EXPECT_EQ(Nexus("version --bogus").code, 2);
    // Placeholders say "not implemented yet"; once filled in, they still refuse to run
    // without their arguments. Either way: exit 2 and a message.
    for (const char* sub : {"import", "check", "backup", "serve"}) {
        Outcome o = Nexus(sub);
        EXPECT_EQ(o.code, 2) << sub;
        EXPECT_FALSE(o.err.empty()) << sub;
    }
}

TEST_F(NexusCliTest, QueryWritesThenReads) {
    Outcome w = Nexus("query '" + db_ + "' \"CREATE (:P {name: 'Ann', age: 41})\"");
    ASSERT_EQ(w.code, 0) << w.err;
    EXPECT_NE(w.out.find("1 node created"), std::string::npos) << w.out;
    EXPECT_EQ(Csv("MATCH (p:P) RETURN p.name AS name, p.age AS age"), "name,age\nAnn,41\n");
    Outcome j = Nexus("query '" + db_ + "' --format jsonl \"MATCH (p:P) RETURN p.name AS n\"");
    EXPECT_EQ(j.out, "{\"n\":\"Ann\"}\n");
}

TEST_F(NexusCliTest, QueryPrintsPlansOfExplainAndProfile) {
    ASSERT_EQ(Nexus("query '" + db_ + "' \"CREATE (:P {name: 'Ann'})\"").code, 0);
    Outcome e = Nexus("query '" + db_ + "' \"EXPLAIN MATCH (p:P) RETURN p.name\"");
    ASSERT_EQ(e.code, 0) << e.err;
    EXPECT_NE(e.out.find("NodeByLabelScan"), std::string::npos) << e.out;
    EXPECT_EQ(e.out.find("rows="), std::string::npos) << e.out;  // EXPLAIN runs nothing
    Outcome p = Nexus("query '" + db_ + "' \"PROFILE MATCH (p:P) RETURN p.name\"");
    EXPECT_NE(p.out.find("Ann"), std::string::npos) << p.out;
    EXPECT_NE(p.out.find("rows=1"), std::string::npos) << p.out;
    // csv keeps stdout to the rows; the plan goes to stderr.
    Outcome c =
        Nexus("query '" + db_ + "' --format csv \"PROFILE MATCH (p:P) RETURN p.name AS n\"");
    EXPECT_EQ(c.out, "n\nAnn\n");
    EXPECT_NE(c.err.find("NodeByLabelScan"), std::string::npos) << c.err;
}

TEST_F(NexusCliTest, QueryParameters) {
    Outcome o = Nexus("query '" + db_ +
                      "' --format csv -p age=42 -p name='\"Ann\"' -p 'tags=[\"a\", 1]' "
                      "'RETURN $age AS age, $name AS name, size($tags) AS n'");
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_EQ(o.out, "age,name,n\n42,Ann,2\n");
    EXPECT_EQ(Nexus("query '" + db_ + "' -p age 'RETURN 1'").code, 2);
    EXPECT_EQ(Nexus("query '" + db_ + "' -p name=Ann 'RETURN 1'").code, 2);
}

TEST_F(NexusCliTest, QueryFileWithTransactions) {
    std::string file = Write("script.cypher",
                             "// setup\n"
                             "CREATE (:T {v: 1});\n"
                             "BEGIN;\n"
                             "CREATE (:T {v: 2});\n"
                             "ROLLBACK;\n"
                             "BEGIN;\n"
                             "CREATE (:T {v: 3});\n"
                             "COMMIT;\n"
                             "MATCH (t:T) RETURN t.v AS v ORDER BY v;\n");
    Outcome o = Nexus("query '" + db_ + "' --format csv -f '" + file + "'");
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_EQ(o.out, "v\n1\n3\n");
}

TEST_F(NexusCliTest, FailingStatementStopsAndKeepsEarlierCommits) {
    std::string file = Write("bad.cypher",
                             "CREATE (:K);\n"
                             "MATCH (k:K)\n  RETURN k.x +;\n"
                             "CREATE (:K);\n");
    Outcome o = Nexus("query '" + db_ + "' -f '" + file + "'");
    EXPECT_EQ(o.code, 1);
    EXPECT_EQ(o.err.rfind("error: Neo.ClientError.Statement.SyntaxError: ", 0), 0u) << o.err;
    EXPECT_NE(o.err.find("(line 3, column"), std::string::npos) << o.err;
    EXPECT_EQ(Csv("MATCH (k:K) RETURN count(k) AS c"), "c\n1\n");
}

TEST_F(NexusCliTest, RuntimeErrorRollsBackThatStatement) {
    Outcome o = Nexus("query '" + db_ + "' \"CREATE (:R) WITH 1 AS one RETURN one / 0 AS x\"");
    EXPECT_EQ(o.code, 1);
    EXPECT_EQ(o.err.rfind("error: Neo.", 0), 0u) << o.err;
    EXPECT_EQ(Csv("MATCH (r:R) RETURN count(r) AS c"), "c\n0\n");
}

TEST_F(NexusCliTest, QueryBadInput) {
    EXPECT_EQ(Nexus("query").code, 2);
    EXPECT_EQ(Nexus("query '" + db_ + "' --format xml 'RETURN 1'").code, 2);
    EXPECT_EQ(Nexus("query '" + db_ + "' -f '" + (dir_ / "missing").string() + "'").code, 2);
    EXPECT_EQ(Nexus("query '" + db_ + "' 'RETURN 1' -f x").code, 2);
    EXPECT_NE(Nexus("query '" + db_ + "' --sync sometimes 'RETURN 1'").code, 0);
    EXPECT_NE(Nexus("query '" + db_ + "' --page-cache lots 'RETURN 1'").code, 0);
    Outcome open = Nexus("query '" + db_ + "' -f -", "BEGIN;\nCREATE ();\n");
    EXPECT_EQ(open.code, 1);
    EXPECT_NE(open.err.find("BEGIN without COMMIT"), std::string::npos);
}

TEST_F(NexusCliTest, ShellReadsPipedInputAndSurvivesErrors) {
    Outcome o = Nexus("shell '" + db_ + "'",
                      "CREATE (:S {v: 1});\n"
                      ":param x => 5\n"
                      "MATCH (s:S)\n"
                      "RETURN s.v + $x AS total;\n"
                      ":params\n"
                      "RETURN nope(;\n"
                      ":format csv\n"
                      "RETURN 2 AS two;\n"
                      ":bogus\n"
                      ":exit\n"
                      "RETURN 3 AS never;\n");
    EXPECT_EQ(o.code, 1);  // a statement failed and stdin was not a terminal
    EXPECT_NE(o.out.find("| 6 "), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("$x => 5"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("two\n2\n"), std::string::npos) << o.out;
    EXPECT_EQ(o.out.find("never"), std::string::npos) << o.out;
    EXPECT_NE(o.err.find("error: Neo.ClientError.Statement.SyntaxError"), std::string::npos);
    EXPECT_NE(o.err.find("unknown command :bogus"), std::string::npos);
}

TEST_F(NexusCliTest, ShellTransactions) {
    Outcome o = Nexus("shell '" + db_ + "' --format csv",
                      ":begin\nCREATE (:U);\n:rollback\n:commit\n"
                      ":begin\nCREATE (:U);\n:commit\n"
                      "MATCH (u:U) RETURN count(u) AS c;\n");
    EXPECT_EQ(o.code, 1) << o.err;  // the :commit without a transaction
    EXPECT_NE(o.out.find("c\n1\n"), std::string::npos) << o.out;
}

TEST_F(NexusCliTest, StatsReportsCounts) {
    EXPECT_EQ(Nexus("stats '" + (dir_ / "nothing.nexus").string() + "'").code, 1);
    EXPECT_EQ(Nexus("stats").code, 2);
    ASSERT_EQ(Nexus("query '" + db_ + "' \"CREATE (:A)-[:R]->(:B), (:A)\"").code, 0);
    Outcome o = Nexus("stats '" + db_ + "'");
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_NE(o.out.find("nodes: 3"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("relationships: 1"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("nodes per label:\n  A  2\n  B  1\n"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("relationships per type:\n  R  1\n"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("page cache:"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("wal:"), std::string::npos) << o.out;
}

TEST_F(NexusCliTest, ServeRejectsBadDatabaseOptions) {
    std::string db = (dir_ / "s.db").string();
    Outcome o = Nexus("serve '" + db + "' --no-auth --sync sometimes");
    EXPECT_EQ(o.code, 2);
    EXPECT_NE(o.err.find("sometimes"), std::string::npos) << o.err;
    o = Nexus("serve '" + db + "' --no-auth --page-cache 4KiB");
    EXPECT_EQ(o.code, 2);
    EXPECT_NE(o.err.find("too small"), std::string::npos) << o.err;
    o = Nexus("serve '" + db + "' --no-auth --query-memory-limit lots");
    EXPECT_EQ(o.code, 2);
    EXPECT_NE(o.err.find("lots"), std::string::npos) << o.err;
}

TEST_F(NexusCliTest, RunLoadsDemoGraphOnce) {
    std::string db = (dir_ / "data" / "nexus.db").string();
    Outcome first = Nexus("run '" + db + "' --no-shell");
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_NE(first.out.find("demo graph"), std::string::npos) << first.out;
    Outcome second =
        Nexus("run '" + db + "' --shell", "MATCH (m:Movie) RETURN count(m) AS movies;\n");
    EXPECT_EQ(second.code, 0) << second.err;
    EXPECT_NE(second.out.find("| 5 "), std::string::npos) << second.out;
    EXPECT_EQ(second.out.find("demo graph"), std::string::npos) << second.out;
    EXPECT_EQ(Nexus("run").code, 2);
}

// `make run` serves the demo database: the HTTP endpoint answers a query, and SIGTERM stops
// the server with exit code 0. The client is bash's /dev/tcp, so no HTTP tool is needed.
TEST_F(NexusCliTest, RunServesTheDemoGraphOverHttp) {
    std::string db = (dir_ / "served.db").string();
    const int port = 20000 + static_cast<int>(::getpid() % 20000);
    const std::string body =
        R"({"statements":[{"statement":"MATCH (m:Movie) RETURN count(m) AS movies"}]})";
    const std::string request =
        "POST /db/neo4j/tx/commit HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "application/json\r\nConnection: close\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    fs::path script = dir_ / "serve.sh", reply = dir_ / "reply.txt";
    std::ofstream(script) << "'" NEXUS_BINARY "' run '" << db
                          << "' --no-auth --bolt '' --http 127.0.0.1:" << port << " >'"
                          << (dir_ / "run.out").string() << "' 2>&1 &\n"
                          << "pid=$!\n"
                          << "for i in $(seq 200); do\n"
                          << "  if exec 3<>/dev/tcp/127.0.0.1/" << port << "; then\n"
                          << "    printf '%s' '" << request << "' >&3\n"
                          << "    cat <&3 >'" << reply.string() << "'; exec 3<&-; break\n"
                          << "  fi 2>/dev/null\n"
                          << "  sleep 0.1\n"
                          << "done\n"
                          << "kill -TERM $pid; wait $pid; echo \"exit=$?\"\n";
    FILE* p = popen(("bash '" + script.string() + "' 2>/dev/null").c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string out;
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    std::stringstream got;
    got << std::ifstream(reply).rdbuf();
    EXPECT_NE(got.str().find("200 OK"), std::string::npos) << got.str();
    EXPECT_NE(got.str().find("[5]"), std::string::npos) << got.str();
    EXPECT_NE(out.find("exit=0"), std::string::npos) << out;
}

}  // namespace
