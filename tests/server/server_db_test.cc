// The server on a real nexus::Database over loopback Bolt: the per-query memory limit and
// the per-query timeout reach the client as clear errors with their Neo4j codes, a running
// PULL stops on RESET, and the connection stays usable after each of them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

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
// stream is still running when a timeout or a RESET strikes. Two small ranges: range() builds
// its list at once and one of a million values is over the test's 64 MiB query budget.
constexpr char kLongStream[] =
    "UNWIND range(1, 1000) AS i UNWIND range(1, 1000) AS j "
    "RETURN i * 1000 + j AS i, '0123456789012345678901234567890123456789012345678901234567' AS pad";

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
    if (r.type == MessageType::kSuccess) {  // RUN
        ASSERT_TRUE(c.NextSummary(&r, &records));
    }
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

// Holds the writer: an explicit write transaction with one write done, left open.
void HoldWriter(NetClient& holder) {
    ASSERT_TRUE(holder.Login());
    holder.Send({Msg(MessageType::kBegin, {Value(Map{})}),
                 Msg(MessageType::kRun, {Value("CREATE (:Held)"), Value(Map{}), Value(Map{})}),
                 Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})})});
    Response r;
    for (int i = 0; i < 3; ++i) {  // BEGIN, RUN, PULL
        ASSERT_TRUE(holder.NextSummary(&r));
        ASSERT_EQ(r.type, MessageType::kSuccess) << i;
    }
}

// Connects `n` clients and sends each an auto-commit write (RUN + PULL), not reading replies.
std::vector<std::unique_ptr<NetClient>> StartWrites(int port, const std::vector<std::string>& qs) {
    std::vector<std::unique_ptr<NetClient>> clients;
    for (const std::string& q : qs) {
        auto c = std::make_unique<NetClient>(port);
        EXPECT_TRUE(c->Login());
        c->Send({Msg(MessageType::kRun, {Value(q), Value(Map{}), Value(Map{})}),
                 Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})})});
        clients.push_back(std::move(c));
    }
    return clients;
}

// Waits (no deadline: ctest's timeout is the backstop) until the lane holds `n` writes, all
// stuck behind the open transaction's write lock.
void WaitUntilQueued(const DbBackend& backend, size_t n) {
    while (backend.lane()->queued() < n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

int64_t CountOver(NetClient& c, const std::string& query) {
    c.Send({Msg(MessageType::kRun, {Value(query), Value(Map{}), Value(Map{})}),
            Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})})});
    Response r;
    if (!c.Next(&r) || r.type != MessageType::kSuccess) return -1;
    if (!c.Next(&r) || r.type != MessageType::kRecord) return -1;
    int64_t n = r.field.as_list()[0].as_int();
    if (!c.Next(&r) || r.type != MessageType::kSuccess) return -1;
    return n;
}

void Commit(NetClient& holder) {
    holder.Send({Msg(MessageType::kCommit)});
    Response r;
    ASSERT_TRUE(holder.Next(&r));
    ASSERT_EQ(r.type, MessageType::kSuccess);
}

// Issue #5: with more auto-commit writes waiting for the writer than there are workers (4),
// a read on another connection is still answered: writes wait in the writer lane with their
// connections parked, not on pool workers. The read is answered before the transaction that
// blocks the writes commits (were it stuck behind them, this test would hang).
TEST_F(ServerDbTest, ReadIsAnsweredWhileMoreWritesThanWorkersWaitForTheWriter) {
    NetClient holder(server_->bolt_port());
    HoldWriter(holder);
    constexpr int kWriters = 12;
    std::vector<std::string> writes;
    for (int i = 0; i < kWriters; ++i)
        writes.push_back("CREATE (:Queued {i: " + std::to_string(i) + "})");
    auto writers = StartWrites(server_->bolt_port(), writes);
    WaitUntilQueued(*backend_, kWriters);

    NetClient reader(server_->bolt_port());
    ASSERT_TRUE(reader.Login());
    // The snapshot predates every write: the held one and the queued ones are not visible.
    EXPECT_EQ(CountOver(reader, "MATCH (n) RETURN count(n) AS c"), 0);
    EXPECT_EQ(backend_->lane()->writes(), 0u);

    Commit(holder);
    for (auto& w : writers) {
        Response r;
        ASSERT_TRUE(w->Next(&r));
        EXPECT_EQ(r.type, MessageType::kSuccess);  // RUN
        ASSERT_TRUE(w->Next(&r));
        ASSERT_EQ(r.type, MessageType::kSuccess);  // PULL: committed
        EXPECT_EQ(r.meta().at("stats").as_map().at("nodes-created").as_int(), 1);
        EXPECT_TRUE(r.meta().count("bookmark"));
    }
    // All twelve were queued when the lane got the write lock: one transaction, one commit.
    EXPECT_EQ(backend_->lane()->writes(), static_cast<uint64_t>(kWriters));
    EXPECT_EQ(backend_->lane()->batches(), 1u);
    EXPECT_EQ(CountOver(reader, "MATCH (n:Queued) RETURN count(n) AS c"), kWriters);
}

// A write that fails inside a batch fails alone: the batch is rolled back and rerun without
// it, so the writes around it commit and its own changes do not.
TEST_F(ServerDbTest, AFailingWriteInABatchFailsAloneAndTheOthersCommit) {
    NetClient holder(server_->bolt_port());
    HoldWriter(holder);
    auto writers = StartWrites(server_->bolt_port(),
                               {"CREATE (:Ok {i: 1})", "CREATE (b:Bad {v: 0}) RETURN 1 / b.v AS x",
                                "CREATE (:Ok {i: 3})"});
    WaitUntilQueued(*backend_, 3);
    Commit(holder);
    Response r;
    ASSERT_TRUE(writers[0]->NextSummary(&r));
    EXPECT_EQ(r.type, MessageType::kSuccess);
    ASSERT_TRUE(writers[1]->NextSummary(&r));
    ASSERT_EQ(r.type, MessageType::kFailure);
    EXPECT_EQ(r.code(), "Neo.ClientError.Statement.ArithmeticError");
    ASSERT_TRUE(writers[1]->Next(&r));
    EXPECT_EQ(r.type, MessageType::kIgnored);  // its PULL
    ASSERT_TRUE(writers[2]->NextSummary(&r));
    EXPECT_EQ(r.type, MessageType::kSuccess);
    for (int i : {0, 2}) {
        ASSERT_TRUE(writers[i]->NextSummary(&r));
        EXPECT_EQ(r.type, MessageType::kSuccess);
    }
    NetClient reader(server_->bolt_port());
    ASSERT_TRUE(reader.Login());
    EXPECT_EQ(CountOver(reader, "MATCH (n:Ok) RETURN count(n) AS c"), 2);
    EXPECT_EQ(CountOver(reader, "MATCH (n:Bad) RETURN count(n) AS c"), 0);
    // The failed write is usable again after RESET (it ran alone the second time).
    ExpectUsableAfterReset(*writers[1]);
}

// An explicit transaction's BEGIN waits for the writer on a thread of its own: with more
// BEGINs waiting than workers, reads are still answered, and each waiting BEGIN gets the
// write lock in turn once the holder commits.
TEST_F(ServerDbTest, ReadIsAnsweredWhileMoreBeginsThanWorkersWaitForTheWriter) {
    NetClient holder(server_->bolt_port());
    HoldWriter(holder);
    constexpr int kBegins = 6;
    std::vector<std::unique_ptr<NetClient>> txs;
    for (int i = 0; i < kBegins; ++i) {
        auto c = std::make_unique<NetClient>(server_->bolt_port());
        ASSERT_TRUE(c->Login());
        c->Send({Msg(MessageType::kBegin, {Value(Map{})}),
                 Msg(MessageType::kRun, {Value("CREATE (:InTx)"), Value(Map{}), Value(Map{})}),
                 Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})}),
                 Msg(MessageType::kCommit)});
        txs.push_back(std::move(c));
    }
    while (ctx_.dedicated_jobs.load() < kBegins) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    NetClient reader(server_->bolt_port());
    ASSERT_TRUE(reader.Login());
    EXPECT_EQ(CountOver(reader, "MATCH (n) RETURN count(n) AS c"), 0);
    Commit(holder);
    for (auto& c : txs) {
        Response r;
        for (int i = 0; i < 4; ++i) {  // BEGIN, RUN, PULL, COMMIT
            ASSERT_TRUE(c->NextSummary(&r));
            EXPECT_EQ(r.type, MessageType::kSuccess) << i;
        }
    }
    EXPECT_EQ(CountOver(reader, "MATCH (n:InTx) RETURN count(n) AS c"), kBegins);
}

}  // namespace
}  // namespace nexus::server
