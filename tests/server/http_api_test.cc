// The HTTP API without sockets: transactional endpoints, explicit transactions, auth, JSON
// value conversion.
#include "server/http/http_api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "fake_backend.h"

namespace nexus::server::http {
namespace {

using nlohmann::json;

class HttpApiTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auth_ = Authenticator::Disabled();
        ctx_.backend = &backend_;
        ctx_.auth = auth_.get();
        ctx_.metrics = &metrics_;
        testing::FakeQuery bad;
        bad.fail_at_run = Status(StatusCode::kSyntaxError, "Invalid input");
        backend_.queries["BAD"] = bad;
    }

    HttpResponse Call(const std::string& method, const std::string& target,
                      const std::string& body = "") {
        HttpRequest r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.host = "localhost:7474";
        r.authorization = authorization_;
        return api_.Handle(r);
    }

    testing::FakeBackend backend_;
    std::unique_ptr<Authenticator> auth_;
    Metrics metrics_;
    ServerContext ctx_;
    HttpApi api_{&ctx_};
    std::string authorization_;
};

TEST_F(HttpApiTest, CommitRunsEveryStatementInOneTransaction) {
    auto r = Call("POST", "/db/neo4j/tx/commit",
                  R"({"statements":[{"statement":"A","parameters":{"n":1}},{"statement":"B"}]})");
    EXPECT_EQ(r.status, 200);
    json j = json::parse(r.body);
    EXPECT_EQ(j["results"].size(), 2u);
    EXPECT_EQ(j["results"][0]["data"][0]["row"][0], 1);
    EXPECT_TRUE(j["errors"].empty());
    EXPECT_EQ(backend_.log.Joined(), "begin;txrun:A;txrun:B;commit;");
}

// Reads only: a snapshot (read transaction), not the write lock every writer waits for. One
// statement that may write makes the whole request a write transaction.
TEST_F(HttpApiTest, CommitOfReadsOnlyRunsInAReadTransaction) {
    testing::FakeQuery read;
    read.columns = {"x"};
    read.rows = {{Value(1)}};
    read.read_only = true;
    backend_.queries["R1"] = read;
    backend_.queries["R2"] = read;
    auto r = Call("POST", "/db/neo4j/tx/commit",
                  R"({"statements":[{"statement":"R1"},{"statement":"R2"}]})");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(backend_.log.Joined(), "begin:r;txrun:R1;txrun:R2;commit;");
    backend_.log.calls.clear();
    Call("POST", "/db/neo4j/tx/commit", R"({"statements":[{"statement":"R1"},{"statement":"A"}]})");
    EXPECT_EQ(backend_.log.Joined(), "begin;txrun:R1;txrun:A;commit;");
}

TEST_F(HttpApiTest, FailingStatementRollsBackAndReportsTheCode) {
    auto r = Call("POST", "/db/neo4j/tx/commit",
                  R"({"statements":[{"statement":"A"},{"statement":"BAD"},{"statement":"C"}]})");
    json j = json::parse(r.body);
    ASSERT_EQ(j["errors"].size(), 1u);
    EXPECT_EQ(j["errors"][0]["code"], "Neo.ClientError.Statement.SyntaxError");
    EXPECT_EQ(backend_.log.Joined(), "begin;txrun:A;txrun:BAD;rollback;");
}

TEST_F(HttpApiTest, ExplicitTransactionLifecycle) {
    auto r = Call("POST", "/db/neo4j/tx", R"({"statements":[{"statement":"A"}]})");
    ASSERT_EQ(r.status, 201);
    EXPECT_EQ(r.location, "http://localhost:7474/db/neo4j/tx/1");
    json j = json::parse(r.body);
    EXPECT_EQ(j["commit"], "http://localhost:7474/db/neo4j/tx/1/commit");
    r = Call("POST", "/db/neo4j/tx/1", R"({"statements":[{"statement":"B"}]})");
    EXPECT_EQ(r.status, 200);
    r = Call("POST", "/db/neo4j/tx/1/commit", "");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(backend_.log.Joined(), "begin;txrun:A;txrun:B;commit;");
    r = Call("POST", "/db/neo4j/tx/1/commit", "");
    EXPECT_EQ(r.status, 404);  // gone once committed

    Call("POST", "/db/neo4j/tx", "");
    r = Call("DELETE", "/db/neo4j/tx/2");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(backend_.log.Joined().find("begin;rollback;"), std::string::npos);
    EXPECT_EQ(metrics_.active_transactions(), 0);
}

TEST_F(HttpApiTest, BadRequestsGetClearErrors) {
    EXPECT_EQ(Call("POST", "/db/neo4j/tx/commit", "{not json").status, 400);
    EXPECT_EQ(Call("POST", "/db/other/tx/commit", "{}").status, 404);
    EXPECT_EQ(Call("GET", "/nothing").status, 404);
    json j = json::parse(Call("POST", "/db/neo4j/tx/commit", R"({"statements":[{}]})").body);
    EXPECT_EQ(j["errors"][0]["code"], "Neo.ClientError.Request.Invalid");
}

TEST_F(HttpApiTest, DiscoveryAndHealth) {
    json d = json::parse(Call("GET", "/").body);
    EXPECT_EQ(d["bolt_direct"], "bolt://localhost:7687");
    EXPECT_EQ(d["neo4j_version"], "5.26.0");
    EXPECT_EQ(Call("GET", "/health").status, 200);
    auto m = Call("GET", "/metrics");
    EXPECT_EQ(m.content_type, "text/plain; version=0.0.4");
    EXPECT_NE(m.body.find("# TYPE nexus_query_duration_seconds histogram"), std::string::npos);
}

TEST_F(HttpApiTest, BasicAuthIsRequiredWhenEnabled) {
    char path[] = "/tmp/nexus_http_users_XXXXXX";
    close(mkstemp(path));
    unlink(path);
    auto auth = Authenticator::Open(path, std::string("pw"));
    ASSERT_TRUE(auth.ok());
    ctx_.auth = auth->get();
    auto r = Call("POST", "/db/neo4j/tx/commit", "{}");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(json::parse(r.body)["errors"][0]["code"], "Neo.ClientError.Security.Unauthorized");
    authorization_ = "Basic bmVvNGo6d3Jvbmc=";  // neo4j:wrong
    EXPECT_EQ(Call("POST", "/db/neo4j/tx/commit", "{}").status, 401);
    authorization_ = "Basic bmVvNGo6cHc=";  // neo4j:pw
    EXPECT_EQ(Call("POST", "/db/neo4j/tx/commit", "{}").status, 200);
    EXPECT_EQ(Call("GET", "/health").status, 200);  // health needs no credentials
    unlink(path);
}

TEST_F(HttpApiTest, ValuesBecomeNeo4jJson) {
    auto props = std::make_shared<const Map>(Map{{"name", Value("Ann")}});
    EXPECT_EQ(ValueToJson(Value(Node{5, {"P"}, props})), json({{"name", "Ann"}}));
    EXPECT_EQ(ValueMeta(Value(Node{5, {"P"}, props}))["type"], "node");
    EXPECT_EQ(ValueToJson(Value(Date{0})), "1970-01-01");
    EXPECT_EQ(ValueToJson(Value(Point{7203, 1, 2, 0}))["coordinates"], json::array({1.0, 2.0}));
    Result<Value> v = JsonToValue(json::parse(R"({"a":[1,2.5,"x",null,true]})"));
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->ToString(), "{a: [1, 2.5, 'x', null, true]}");
}

}  // namespace
}  // namespace nexus::server::http
