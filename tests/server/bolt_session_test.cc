// The Bolt state machine against a scripted backend: auth, auto-commit streaming with fetch
// sizes, explicit transactions, failures and RESET, out-of-state and malformed messages.
#include "server/bolt/bolt_session.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "bolt_test_util.h"
#include "fake_backend.h"

namespace nexus::server::bolt {
namespace {

using testing::Decode;
using testing::Msg;
using testing::Response;

class Sink : public ResponseSink {
  public:
    void Flush(std::string* buffer) override {
        flushed += *buffer;
        buffer->clear();
        ++flushes;
    }
    bool Interrupted() const override { return interrupted; }
    std::string flushed;
    int flushes = 0;
    bool interrupted = false;
};

class BoltSessionTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auth_ = Authenticator::Disabled();
        ctx_.backend = &backend_;
        ctx_.auth = auth_.get();
        ctx_.metrics = &metrics_;
        testing::FakeQuery five;
        five.columns = {"n"};
        for (int i = 0; i < 5; ++i) five.rows.push_back({Value(i)});
        backend_.queries["FIVE"] = five;
        testing::FakeQuery bad;
        bad.fail_at_run = Status(StatusCode::kSyntaxError, "Invalid input 'X'", {1, 1, 0});
        backend_.queries["BAD"] = bad;
        testing::FakeQuery breaks;
        breaks.columns = {"x"};
        breaks.rows = {{Value(1)}, {Value(2)}};
        breaks.fail_after_rows = 1;
        backend_.queries["BREAKS"] = breaks;
        testing::FakeQuery writes;
        writes.columns = {};
        writes.stats.nodes_created = 3;
        backend_.queries["WRITE"] = writes;
    }

    void Open(BoltVersion v = {5, 4}) {
        session_ = std::make_unique<BoltSession>(&ctx_, v, "127.0.0.1", "bolt-1");
    }

    // Sends one message; returns the responses it produced.
    std::vector<Response> Send(const std::string& msg) {
        std::string out;
        open_ = session_->HandleMessage(msg, &out, &sink_);
        return Decode(sink_.flushed + out, session_->pack_options());
    }

    void Login() {
        Open();
        auto r = Send(Msg(MessageType::kHello, {Value(Map{{"user_agent", Value("test")}})}));
        ASSERT_EQ(r.size(), 1u);
        ASSERT_EQ(r[0].type, MessageType::kSuccess);
        r = Send(Msg(MessageType::kLogon, {Value(Map{{"scheme", Value("none")}})}));
        ASSERT_EQ(r[0].type, MessageType::kSuccess);
        ASSERT_EQ(session_->state(), BoltState::kReady);
    }

    static Value Pull(int64_t n, int64_t qid = -1) {
        return Value(Map{{"n", Value(n)}, {"qid", Value(qid)}});
    }

    testing::FakeBackend backend_;
    std::unique_ptr<Authenticator> auth_;
    Metrics metrics_;
    ServerContext ctx_;
    std::unique_ptr<BoltSession> session_;
    Sink sink_;
    bool open_ = true;
};

TEST_F(BoltSessionTest, HelloAnswersWithServerAgentAndConnectionId) {
    Open();
    auto r = Send(Msg(MessageType::kHello, {Value(Map{})}));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].meta().at("server").as_string(), "Neo4j/5.26.0");
    EXPECT_EQ(r[0].meta().at("connection_id").as_string(), "bolt-1");
    EXPECT_TRUE(r[0].meta().at("hints").is_map());
    EXPECT_EQ(session_->state(), BoltState::kAuthentication);
}

TEST_F(BoltSessionTest, AutoCommitStreamsByFetchSize) {
    Login();
    auto r = Send(Msg(MessageType::kRun, {Value("FIVE"), Value(Map{}), Value(Map{})}));
    ASSERT_EQ(r[0].type, MessageType::kSuccess);
    EXPECT_EQ(r[0].meta().at("fields").as_list()[0].as_string(), "n");
    EXPECT_EQ(session_->state(), BoltState::kStreaming);
    r = Send(Msg(MessageType::kPull, {Pull(2)}));
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0].type, MessageType::kRecord);
    EXPECT_EQ(r[1].field.as_list()[0].as_int(), 1);
    EXPECT_TRUE(r[2].meta().at("has_more").as_bool());
    EXPECT_EQ(session_->state(), BoltState::kStreaming);
    r = Send(Msg(MessageType::kPull, {Pull(3)}));
    ASSERT_EQ(r.size(), 4u);  // the last three rows and the summary: has_more is exact
    EXPECT_EQ(r[2].field.as_list()[0].as_int(), 4);
    EXPECT_EQ(r[3].meta().count("has_more"), 0u);
    EXPECT_EQ(r[3].meta().at("type").as_string(), "r");
    EXPECT_TRUE(r[3].meta().at("bookmark").is_string());
    EXPECT_EQ(session_->state(), BoltState::kReady);
    EXPECT_EQ(backend_.log.Joined(), "run:FIVE;autocommit-commit;");
    EXPECT_EQ(metrics_.queries_succeeded(), 1u);
}

TEST_F(BoltSessionTest, ReadModeAndWriteStatsReachTheClient) {
    Login();
    Send(Msg(MessageType::kRun, {Value("WRITE"), Value(Map{}), Value(Map{{"mode", "r"}})}));
    auto r = Send(Msg(MessageType::kDiscard, {Pull(-1)}));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].meta().at("stats").as_map().at("nodes-created").as_int(), 3);
    EXPECT_EQ(r[0].meta().at("type").as_string(), "w");
    EXPECT_EQ(backend_.log.Joined(), "run:WRITE:r;autocommit-commit;");
}

TEST_F(BoltSessionTest, ParametersArriveDecoded) {
    Login();
    Map params{{"a", Value(List{Value(1), Value("x")})},
               {"d", Value(Date{100})},
               {"p", Value(Point{7203, 1, 2, 0})}};
    Send(Msg(MessageType::kRun, {Value("ECHO"), Value(params), Value(Map{})}));
    auto r = Send(Msg(MessageType::kPull, {Pull(-1)}));
    ASSERT_EQ(r.size(), 2u);
    const List& row = r[0].field.as_list();
    ASSERT_EQ(row.size(), 3u);
    EXPECT_EQ(row[0].as_list()[1].as_string(), "x");
    EXPECT_EQ(row[1].as_date().days, 100);
    EXPECT_EQ(row[2].as_point().y, 2);
}

TEST_F(BoltSessionTest, ExplicitTransactionWithTwoOpenResults) {
    Login();
    EXPECT_EQ(Send(Msg(MessageType::kBegin, {Value(Map{{"mode", "r"}})}))[0].type,
              MessageType::kSuccess);
    EXPECT_EQ(session_->state(), BoltState::kTxReady);
    auto r = Send(Msg(MessageType::kRun, {Value("FIVE"), Value(Map{}), Value(Map{})}));
    EXPECT_EQ(r[0].meta().at("qid").as_int(), 0);
    r = Send(Msg(MessageType::kRun, {Value("FIVE"), Value(Map{}), Value(Map{})}));
    EXPECT_EQ(r[0].meta().at("qid").as_int(), 1);
    r = Send(Msg(MessageType::kPull, {Pull(-1, 0)}));  // the first result, buffered
    EXPECT_EQ(r.size(), 6u);
    EXPECT_EQ(session_->state(), BoltState::kTxStreaming);
    r = Send(Msg(MessageType::kPull, {Pull(-1, 1)}));
    EXPECT_EQ(r.size(), 6u);
    EXPECT_EQ(session_->state(), BoltState::kTxReady);
    r = Send(Msg(MessageType::kCommit));
    EXPECT_TRUE(r[0].meta().at("bookmark").is_string());
    EXPECT_EQ(session_->state(), BoltState::kReady);
    EXPECT_EQ(backend_.log.Joined(), "begin:r;txrun:FIVE;txrun:FIVE;commit;");
}

TEST_F(BoltSessionTest, RollbackEndsTheTransaction) {
    Login();
    Send(Msg(MessageType::kBegin, {Value(Map{})}));
    Send(Msg(MessageType::kRun, {Value("FIVE"), Value(Map{}), Value(Map{})}));
    auto r = Send(Msg(MessageType::kRollback));
    EXPECT_EQ(r[0].type, MessageType::kSuccess);
    EXPECT_EQ(session_->state(), BoltState::kReady);
    EXPECT_EQ(backend_.log.Joined(), "begin;txrun:FIVE;rollback;");
}

TEST_F(BoltSessionTest, FailureIgnoresUntilReset) {
    Login();
    Send(Msg(MessageType::kBegin, {Value(Map{})}));
    auto r = Send(Msg(MessageType::kRun, {Value("BAD"), Value(Map{}), Value(Map{})}));
    ASSERT_EQ(r[0].type, MessageType::kFailure);
    EXPECT_EQ(r[0].code(), "Neo.ClientError.Statement.SyntaxError");
    EXPECT_EQ(r[0].meta().at("neo4j_code").as_string(), "Neo.ClientError.Statement.SyntaxError");
    EXPECT_EQ(session_->state(), BoltState::kFailed);
    EXPECT_EQ(Send(Msg(MessageType::kPull, {Pull(-1)}))[0].type, MessageType::kIgnored);
    EXPECT_EQ(Send(Msg(MessageType::kReset))[0].type, MessageType::kSuccess);
    EXPECT_EQ(session_->state(), BoltState::kReady);
    EXPECT_EQ(backend_.log.Joined(), "begin;txrun:BAD;rollback;");
    EXPECT_TRUE(open_);
}

TEST_F(BoltSessionTest, ErrorWhileStreamingFailsThePull) {
    Login();
    Send(Msg(MessageType::kRun, {Value("BREAKS"), Value(Map{}), Value(Map{})}));
    auto r = Send(Msg(MessageType::kPull, {Pull(-1)}));
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].type, MessageType::kRecord);
    EXPECT_EQ(r[1].code(), "Neo.ClientError.Statement.ArgumentError");
    EXPECT_EQ(backend_.log.Joined(), "run:BREAKS;autocommit-rollback;");
    EXPECT_EQ(metrics_.queries_failed(), 1u);
}

TEST_F(BoltSessionTest, InterruptedSessionIgnoresQueuedMessages) {
    Login();
    Send(Msg(MessageType::kRun, {Value("FIVE"), Value(Map{}), Value(Map{})}));
    sink_.interrupted = true;
    auto r = Send(Msg(MessageType::kPull, {Pull(-1)}));
    EXPECT_EQ(r[0].type, MessageType::kIgnored);
    EXPECT_EQ(session_->state(), BoltState::kInterrupted);
    sink_.interrupted = false;
    EXPECT_EQ(Send(Msg(MessageType::kReset))[0].type, MessageType::kSuccess);
    EXPECT_EQ(session_->state(), BoltState::kReady);
}

TEST_F(BoltSessionTest, LargeResultsAreFlushedAsTheyStream) {
    Login();
    testing::FakeQuery big;
    big.columns = {"s"};
    for (int i = 0; i < 2000; ++i) big.rows.push_back({Value(std::string(100, 'a'))});
    backend_.queries["BIG"] = big;
    Send(Msg(MessageType::kRun, {Value("BIG"), Value(Map{}), Value(Map{})}));
    auto r = Send(Msg(MessageType::kPull, {Pull(-1)}));
    EXPECT_EQ(r.size(), 2001u);
    EXPECT_GE(sink_.flushes, 2);
}

TEST_F(BoltSessionTest, OutOfStateMessageClosesTheConnection) {
    Login();
    auto r = Send(Msg(MessageType::kPull, {Pull(-1)}));
    EXPECT_EQ(r[0].code(), "Neo.ClientError.Request.Invalid");
    EXPECT_FALSE(open_);
    EXPECT_EQ(session_->state(), BoltState::kDefunct);
    EXPECT_NE(session_->close_reason().find("PULL"), std::string::npos);
}

TEST_F(BoltSessionTest, RunBeforeHelloClosesTheConnection) {
    Open();
    Send(Msg(MessageType::kRun, {Value("FIVE"), Value(Map{}), Value(Map{})}));
    EXPECT_FALSE(open_);
}

TEST_F(BoltSessionTest, MalformedMessagesCloseTheConnection) {
    for (std::string bad : {std::string("\xB1\x10\x01", 3),         // RUN with one int field
                            std::string("\xB0\x99", 2),             // unknown message
                            std::string("\x01", 1),                 // not a structure
                            std::string("\xB1\x01\xA1\x81", 4)}) {  // truncated HELLO
        Open();
        Send(bad);
        EXPECT_FALSE(open_);
    }
}

TEST_F(BoltSessionTest, UnrepresentableParameterFailsOnlyTheRequest) {
    Login();
    std::string run = Msg(MessageType::kRun, {});
    run = std::string("\xB3\x10", 2);
    PackWriter w(&run);
    w.String("ECHO");
    w.MapHeader(1);
    w.String("b");
    run += std::string("\xCC\x01\x07", 3);  // a byte array
    w.MapHeader(0);
    auto r = Send(run);
    EXPECT_EQ(r[0].type, MessageType::kFailure);
    EXPECT_TRUE(open_);
    EXPECT_EQ(session_->state(), BoltState::kFailed);
}

TEST_F(BoltSessionTest, RouteNamesThisServer) {
    ctx_.advertised_bolt = "127.0.0.1:9999";
    Login();
    auto r = Send(Msg(MessageType::kRoute, {Value(Map{}), Value(List{}), Value(Map{})}));
    const Map& rt = r[0].meta().at("rt").as_map();
    EXPECT_EQ(rt.at("servers").as_list().size(), 3u);
    EXPECT_EQ(rt.at("servers").as_list()[0].as_map().at("addresses").as_list()[0].as_string(),
              "127.0.0.1:9999");
    r = Send(Msg(MessageType::kRoute, {Value(Map{}), Value(List{}), Value(Map{{"db", "nope"}})}));
    EXPECT_EQ(r[0].code(), "Neo.ClientError.Database.DatabaseNotFound");
}

TEST_F(BoltSessionTest, Bolt44AuthenticatesInHelloAndUsesLegacyEncoding) {
    char path[] = "/tmp/nexus_users_XXXXXX";
    int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    close(fd);
    unlink(path);
    auto auth = Authenticator::Open(path, std::string("secret"));
    ASSERT_TRUE(auth.ok()) << auth.status().ToString();
    ctx_.auth = auth->get();
    Open({4, 4});
    EXPECT_FALSE(session_->pack_options().utc_datetime);
    auto r = Send(
        Msg(MessageType::kHello,
            {Value(Map{{"scheme", "basic"}, {"principal", "neo4j"}, {"credentials", "wrong"}})}));
    EXPECT_EQ(r[0].code(), "Neo.ClientError.Security.Unauthorized");
    EXPECT_FALSE(open_);
    Open({4, 4});
    r = Send(Msg(MessageType::kHello, {Value(Map{{"scheme", "basic"},
                                                 {"principal", "neo4j"},
                                                 {"credentials", "secret"},
                                                 {"patch_bolt", List{Value("utc")}}})}));
    EXPECT_EQ(r[0].type, MessageType::kSuccess);
    EXPECT_EQ(r[0].meta().at("patch_bolt").as_list()[0].as_string(), "utc");
    EXPECT_TRUE(session_->pack_options().utc_datetime);
    EXPECT_EQ(session_->state(), BoltState::kReady);
    unlink(path);
}

TEST_F(BoltSessionTest, LogoffRequiresANewLogon) {
    Login();
    EXPECT_EQ(Send(Msg(MessageType::kLogoff))[0].type, MessageType::kSuccess);
    EXPECT_EQ(session_->state(), BoltState::kAuthentication);
    Send(Msg(MessageType::kRun, {Value("FIVE"), Value(Map{}), Value(Map{})}));
    EXPECT_FALSE(open_);
}

TEST_F(BoltSessionTest, GoodbyeClosesSilently) {
    Login();
    auto r = Send(Msg(MessageType::kGoodbye));
    EXPECT_TRUE(r.empty());
    EXPECT_FALSE(open_);
}

TEST_F(BoltSessionTest, DroppingASessionRollsBackItsTransaction) {
    Login();
    Send(Msg(MessageType::kBegin, {Value(Map{})}));
    EXPECT_EQ(metrics_.active_transactions(), 1);
    session_.reset();
    EXPECT_EQ(backend_.log.Joined(), "begin;rollback;");
    EXPECT_EQ(metrics_.active_transactions(), 0);
    EXPECT_EQ(metrics_.active_sessions(), 0);
}

}  // namespace
}  // namespace nexus::server::bolt
