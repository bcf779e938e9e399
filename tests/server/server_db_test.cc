// The server on a real nexus::Database over loopback Bolt: the per-query memory limit and
// the per-query timeout reach the client as clear errors with their Neo4j codes, a running
// PULL stops on RESET, and the connection stays usable after each of them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "net_client.h"
#include "nexus/database.h"
#include "server/db_backend.h"
#include "server/server.h"

namespace nexus::server {
namespace {

using bolt::MessageType;
using testing::Msg;
using testing::NetClient;
using testing::Response;

// About 60 MB of rows: far more than the server buffers (4 MiB) plus the socket's, so the
// stream is still running when a timeout or a RESET strikes.
constexpr char kLongStream[] =
    "UNWIND range(1, 1000000) AS i "
    "RETURN i, '0123456789012345678901234567890123456789012345678901234567' AS pad";

class ServerDbTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("nexus-server-db-test-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        Config config = Config::benchmark();
        config.query_memory_limit_bytes = size_t{64} << 20;
        auto db = Database::open((dir_ / "t.nexus").string(), config);
        ASSERT_TRUE(db.ok()) << db.status().ToString();
        db_ = std::move(*db);
        backend_ = std::make_unique<DbBackend>(db_.get());
        auth_ = Authenticator::Disabled();
        ctx_.backend = backend_.get();
        ctx_.auth = auth_.get();
        ctx_.metrics = &metrics_;
        ServerOptions o;
        o.bolt_address = "127.0.0.1:0";
        o.http_address = "";
        o.workers = 4;
        server_ = std::make_unique<Server>(&ctx_, o);
        ASSERT_TRUE(server_->Start().ok());
    }
    void TearDown() override {
        server_.reset();
        backend_.reset();
        db_.reset();
        std::filesystem::remove_all(dir_);
    }

    static std::string Run(const std::string& query, Map extra = {}) {
        return Msg(MessageType::kRun, {Value(query), Value(Map{}), Value(std::move(extra))});
    }
    static std::string PullAll() { return Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})}); }

    // After a failure: RESET, then a query must work on the same connection.
    static void ExpectUsableAfterReset(NetClient& c) {
        c.Send({Msg(MessageType::kReset), Run("RETURN 41 + 1 AS x"), PullAll()});
        Response r;
        // Anything queued behind the failure is IGNORED until the RESET's SUCCESS.
        do {
            ASSERT_TRUE(c.Next(&r));
        } while (r.type == MessageType::kIgnored || r.type == MessageType::kFailure);
        EXPECT_EQ(r.type, MessageType::kSuccess);  // RESET
        ASSERT_TRUE(c.Next(&r));                   // RUN
        ASSERT_TRUE(c.Next(&r));
        ASSERT_EQ(r.type, MessageType::kRecord);
        EXPECT_EQ(r.field.as_list()[0].as_int(), 42);
    }

    std::filesystem::path dir_;
    std::unique_ptr<Database> db_;
    std::unique_ptr<DbBackend> backend_;
    std::unique_ptr<Authenticator> auth_;
    Metrics metrics_;
    ServerContext ctx_;
    std::unique_ptr<Server> server_;
};

TEST_F(ServerDbTest, QueryOverTheMemoryLimitFailsWithAClearError) {
    NetClient c(server_->bolt_port());
    ASSERT_TRUE(c.Login());
    c.Send(
        {Run("UNWIND range(1, 3000000) AS i WITH collect(i) AS l RETURN size(l) AS n"), PullAll()});
    Response r;
    size_t records = 0;
    ASSERT_TRUE(c.NextSummary(&r, &records));
    if (r.type == MessageType::kSuccess) {  // RUN may succeed; the PULL then fails
        ASSERT_TRUE(c.NextSummary(&r, &records));
    }
    ASSERT_EQ(r.type, MessageType::kFailure);
    EXPECT_EQ(records, 0u);
    EXPECT_EQ(r.code(), "Neo.TransientError.General.MemoryPoolOutOfMemoryError");
    EXPECT_NE(r.meta().at("message").as_string().find("bytes for this query"), std::string::npos)
        << r.meta().at("message").as_string();
    ExpectUsableAfterReset(c);
}

TEST_F(ServerDbTest, TxTimeoutEndsAStreamingQuery) {
    NetClient c(server_->bolt_port());
    ASSERT_TRUE(c.Login());
    c.Send({Run(kLongStream, Map{{"tx_timeout", Value(100)}}), PullAll()});
    Response r;
    size_t records = 0;
    ASSERT_TRUE(c.Next(&r));
    ASSERT_EQ(r.type, MessageType::kSuccess);  // RUN
    ASSERT_TRUE(c.NextSummary(&r, &records));
    ASSERT_EQ(r.type, MessageType::kFailure);
    EXPECT_EQ(r.code(), "Neo.ClientError.Transaction.TransactionTimedOut");
    EXPECT_LT(records, 1000000u);
    ExpectUsableAfterReset(c);
}

TEST_F(ServerDbTest, ResetTerminatesARunningPullAndRollsItsTransactionBack) {
    NetClient c(server_->bolt_port());
    ASSERT_TRUE(c.Login());
    c.Send({Msg(MessageType::kBegin, {Value(Map{})}), Run("CREATE (:Doomed)"), PullAll(),
            Run(kLongStream), PullAll()});
    Response r;
    for (int i = 0; i < 4; ++i) {  // BEGIN, RUN, PULL, RUN
        ASSERT_TRUE(c.NextSummary(&r));
        ASSERT_EQ(r.type, MessageType::kSuccess) << i;
    }
    ASSERT_TRUE(c.Next(&r));
    ASSERT_EQ(r.type, MessageType::kRecord);
    c.Send({Msg(MessageType::kReset)});
    ASSERT_TRUE(c.NextSummary(&r));
    EXPECT_EQ(r.type, MessageType::kFailure);
    EXPECT_EQ(r.code(), "Neo.TransientError.Transaction.Terminated");
    ASSERT_TRUE(c.Next(&r));
    EXPECT_EQ(r.type, MessageType::kSuccess);
    c.Send({Run("MATCH (n:Doomed) RETURN count(n) AS c"), PullAll()});
    ASSERT_TRUE(c.Next(&r));
    ASSERT_TRUE(c.Next(&r));
    ASSERT_EQ(r.type, MessageType::kRecord);
    EXPECT_EQ(r.field.as_list()[0].as_int(), 0);
}

// A billion input rows to one count(*) (over 1000 :P nodes, see CreateNodes): without the
// engine polling the timeout and RESET this produces no row for minutes, so nothing checked
// between rows could stop it.
constexpr const char* kLongAggregation = "MATCH (a:P), (b:P), (c:P) RETURN count(*) AS n";

void CreateNodes(NetClient& c) {
    c.Send({Msg(MessageType::kRun, {Value("UNWIND range(1, 1000) AS i CREATE (:P {i: i})"),
                                    Value(Map{}), Value(Map{})}),
            Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})})});
    Response r;
    ASSERT_TRUE(c.NextSummary(&r));
    ASSERT_EQ(r.type, MessageType::kSuccess);
    ASSERT_TRUE(c.NextSummary(&r));
    ASSERT_EQ(r.type, MessageType::kSuccess);
}

TEST_F(ServerDbTest, TxTimeoutStopsAQueryBeforeItsFirstRow) {
    NetClient c(server_->bolt_port());
    ASSERT_TRUE(c.Login());
    CreateNodes(c);
    c.Send({Run(kLongAggregation, Map{{"tx_timeout", Value(100)}}), PullAll()});
    Response r;
    size_t records = 0;
    ASSERT_TRUE(c.NextSummary(&r, &records));
    if (r.type == MessageType::kSuccess) ASSERT_TRUE(c.NextSummary(&r, &records));  // RUN
    ASSERT_EQ(r.type, MessageType::kFailure);
    EXPECT_EQ(r.code(), "Neo.ClientError.Transaction.TransactionTimedOut");
    EXPECT_EQ(records, 0u);
    ExpectUsableAfterReset(c);
}

TEST_F(ServerDbTest, ResetStopsAQueryBeforeItsFirstRow) {
    NetClient c(server_->bolt_port());
    ASSERT_TRUE(c.Login());
    CreateNodes(c);
    c.Send({Run(kLongAggregation), PullAll()});
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    c.Send({Msg(MessageType::kReset)});
    Response r;
    bool reset_ok = false;
    size_t records = 0;
    for (int i = 0; i < 4 && !reset_ok; ++i) {  // RUN / PULL fail or are IGNORED, then RESET
        ASSERT_TRUE(c.NextSummary(&r, &records));
        reset_ok = r.type == MessageType::kSuccess && i > 0;
    }
    EXPECT_TRUE(reset_ok);
    EXPECT_EQ(records, 0u);
    c.Send({Run("RETURN 1 AS x"), PullAll()});
    ASSERT_TRUE(c.Next(&r));
    ASSERT_TRUE(c.Next(&r));
    ASSERT_EQ(r.type, MessageType::kRecord);
}

}  // namespace
}  // namespace nexus::server
