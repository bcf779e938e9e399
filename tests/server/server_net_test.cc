// The network front end end-to-end over real loopback sockets, with a scripted backend: Bolt
// handshake and a query, pipelined messages, a hostile client that does not take the others
// down, HTTP endpoints, and a clean Stop() with connections still open.
#include "server/asio.h"

#include <gtest/gtest.h>

#include "bolt_test_util.h"
#include "fake_backend.h"
#include "net_client.h"
#include "server/server.h"

namespace nexus::server {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using bolt::MessageType;
using testing::Decode;
using testing::Msg;

class ServerNetTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auth_ = Authenticator::Disabled();
        ctx_.backend = &backend_;
        ctx_.auth = auth_.get();
        ctx_.metrics = &metrics_;
        testing::FakeQuery many;
        many.columns = {"i"};
        for (int i = 0; i < 50000; ++i) many.rows.push_back({Value(i)});
        backend_.queries["MANY"] = many;
        testing::FakeQuery endless;
        endless.columns = {"x"};
        endless.rows = {{Value(1)}};
        endless.endless = true;
        backend_.queries["ENDLESS"] = endless;
        ServerOptions o;
        o.bolt_address = "127.0.0.1:0";
        o.http_address = "127.0.0.1:0";
        o.workers = 4;
        server_ = std::make_unique<Server>(&ctx_, o);
        ASSERT_TRUE(server_->Start().ok());
    }

    tcp::socket Connect(int port) {
        tcp::socket s(io_);
        s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)));
        return s;
    }

    // Handshake proposing 5.8..5.0; returns the agreed version bytes.
    std::string Handshake(tcp::socket& s) {
        std::string hs = {'\x60', '\x60', '\xB0', '\x17', 0, 8, 8, 5};
        hs += std::string(12, '\0');
        asio::write(s, asio::buffer(hs));
        std::string v(4, '\0');
        asio::read(s, asio::buffer(v.data(), 4));
        return v;
    }

    void SendMessages(tcp::socket& s, const std::vector<std::string>& msgs) {
        std::string wire;
        for (const auto& m : msgs) bolt::AppendChunked(m, &wire);
        asio::write(s, asio::buffer(wire));
    }

    // Reads until `count` complete response messages arrived (or the peer closed).
    std::vector<testing::Response> ReadResponses(tcp::socket& s, size_t count) {
        std::string wire;
        std::vector<testing::Response> got;
        char buf[65536];
        while (got.size() < count) {
            boost::system::error_code ec;
            size_t n = s.read_some(asio::buffer(buf), ec);
            if (ec) return Decode(wire);  // closed: whatever complete messages arrived
            wire.append(buf, n);
            // Count complete messages so far.
            bolt::ChunkReader r;
            r.Append(wire);
            std::string m;
            size_t complete = 0;
            while (*r.Next(&m)) ++complete;
            if (complete >= count) got = Decode(wire);
        }
        return got;
    }

    testing::FakeBackend backend_;
    std::unique_ptr<Authenticator> auth_;
    Metrics metrics_;
    ServerContext ctx_;
    std::unique_ptr<Server> server_;
    asio::io_context io_;
};

TEST_F(ServerNetTest, HandshakeHelloRunPullOverTheWire) {
    tcp::socket s = Connect(server_->bolt_port());
    EXPECT_EQ(Handshake(s), std::string("\0\0\x08\x05", 4));
    SendMessages(s, {Msg(MessageType::kHello, {Value(Map{})}),
                     Msg(MessageType::kLogon, {Value(Map{{"scheme", "none"}})}),
                     Msg(MessageType::kRun, {Value("MANY"), Value(Map{}), Value(Map{})}),
                     Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})})});
    auto r = ReadResponses(s, 3 + 50000 + 1);
    ASSERT_EQ(r.size(), 50004u);
    EXPECT_EQ(r[0].meta().at("server").as_string(), "Neo4j/5.26.0");
    EXPECT_EQ(r[3].field.as_list()[0].as_int(), 0);
    EXPECT_EQ(r[50002].field.as_list()[0].as_int(), 49999);
    EXPECT_TRUE(r[50003].meta().count("bookmark"));
}

TEST_F(ServerNetTest, ManifestHandshakeThenMessagesInTheSameWrite) {
    tcp::socket s = Connect(server_->bolt_port());
    std::string hs = {'\x60', '\x60', '\xB0', '\x17', 0, 0, 1, '\xFF', 0, 8, 8, 5};
    hs += std::string(8, '\0');
    asio::write(s, asio::buffer(hs));
    std::string manifest(14, '\0');
    asio::read(s, asio::buffer(manifest.data(), manifest.size()));
    EXPECT_EQ(manifest, bolt::EncodeManifest());
    // The choice (5.8, no capabilities) with HELLO and LOGON right behind it, as drivers do.
    std::string wire("\0\0\x08\x05\0", 5);
    bolt::AppendChunked(Msg(MessageType::kHello, {Value(Map{})}), &wire);
    bolt::AppendChunked(Msg(MessageType::kLogon, {Value(Map{{"scheme", "none"}})}), &wire);
    asio::write(s, asio::buffer(wire));
    auto r = ReadResponses(s, 2);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].type, MessageType::kSuccess);
    EXPECT_EQ(r[0].meta().at("server").as_string(), "Neo4j/5.26.0");
    EXPECT_EQ(r[1].type, MessageType::kSuccess);  // LOGON: the session speaks 5.1+
}

TEST_F(ServerNetTest, ManifestChoiceNotOfferedClosesTheConnection) {
    tcp::socket s = Connect(server_->bolt_port());
    std::string hs = {'\x60', '\x60', '\xB0', '\x17', 0, 0, 1, '\xFF'};
    hs += std::string(12, '\0');
    asio::write(s, asio::buffer(hs));
    std::string manifest(14, '\0');
    asio::read(s, asio::buffer(manifest.data(), manifest.size()));
    asio::write(s, asio::buffer(std::string("\0\0\x00\x06\0", 5)));  // 6.0: not offered
    char c;
    boost::system::error_code ec;
    s.read_some(asio::buffer(&c, 1), ec);
    EXPECT_TRUE(ec);  // closed without a word
}

TEST_F(ServerNetTest, HostileClientIsClosedOthersCarryOn) {
    tcp::socket good = Connect(server_->bolt_port());
    Handshake(good);
    SendMessages(good, {Msg(MessageType::kHello, {Value(Map{})})});
    ASSERT_EQ(ReadResponses(good, 1).size(), 1u);

    tcp::socket bad = Connect(server_->bolt_port());
    Handshake(bad);
    asio::write(bad, asio::buffer(std::string("\x00\x03\xB1\x10\xFF\x00\x00", 7)));
    auto r = ReadResponses(bad, 2);  // a FAILURE, then the server closes
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].code(), "Neo.ClientError.Request.Invalid");

    tcp::socket http_on_bolt = Connect(server_->bolt_port());
    asio::write(http_on_bolt, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
    char c;
    boost::system::error_code ec;
    http_on_bolt.read_some(asio::buffer(&c, 1), ec);
    EXPECT_TRUE(ec);  // closed without an answer

    SendMessages(good, {Msg(MessageType::kLogon, {Value(Map{{"scheme", "none"}})}),
                        Msg(MessageType::kRun, {Value("ECHO"), Value(Map{{"a", 7}}), Value(Map{})}),
                        Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})})});
    r = ReadResponses(good, 4);
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r[2].field.as_list()[0].as_int(), 7);
    EXPECT_GE(metrics_.queries_succeeded(), 1u);
}

std::string HttpCall(asio::io_context& io, int port, const std::string& request) {
    tcp::socket s(io);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)));
    asio::write(s, asio::buffer(request));
    std::string out;
    char buf[4096];
    boost::system::error_code ec;
    for (;;) {
        size_t n = s.read_some(asio::buffer(buf), ec);
        if (ec) break;
        out.append(buf, n);
    }
    return out;
}

TEST_F(ServerNetTest, HttpHealthMetricsAndCommit) {
    std::string health = HttpCall(io_, server_->http_port(),
                                  "GET /health HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    EXPECT_NE(health.find("200 OK"), std::string::npos);
    EXPECT_NE(health.find("\"ok\""), std::string::npos);
    std::string body = R"({"statements":[{"statement":"ECHO","parameters":{"x":[1,"a"]}}]})";
    std::string commit = HttpCall(io_, server_->http_port(),
                                  "POST /db/neo4j/tx/commit HTTP/1.1\r\nHost: h\r\n"
                                  "Content-Type: application/json\r\nConnection: close\r\n"
                                  "Content-Length: " +
                                      std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_NE(commit.find(R"("columns":["x"])"), std::string::npos) << commit;
    EXPECT_NE(commit.find(R"("row":[[1,"a"]])"), std::string::npos) << commit;
    EXPECT_NE(commit.find(R"("errors":[])"), std::string::npos) << commit;
    std::string metrics = HttpCall(io_, server_->http_port(),
                                   "GET /metrics HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    EXPECT_NE(metrics.find("nexus_queries_total{outcome=\"success\"} 1"), std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("nexus_page_cache_hits_total"), std::string::npos);
}

TEST_F(ServerNetTest, StopWithOpenConnectionsRollsBack) {
    tcp::socket s = Connect(server_->bolt_port());
    Handshake(s);
    SendMessages(s, {Msg(MessageType::kHello, {Value(Map{})}),
                     Msg(MessageType::kLogon, {Value(Map{{"scheme", "none"}})}),
                     Msg(MessageType::kBegin, {Value(Map{})})});
    ASSERT_EQ(ReadResponses(s, 3).size(), 3u);
    server_->Stop();
    EXPECT_NE(backend_.log.Joined().find("begin;rollback;"), std::string::npos);
    EXPECT_EQ(metrics_.active_sessions(), 0);
}

}  // namespace
}  // namespace nexus::server

namespace nexus::server {
namespace {

// Polls the fake backend's call log until `what` appears (the server acts asynchronously).
bool LogEventually(testing::FakeBackend& backend, const std::string& what) {
    for (int i = 0; i < 1000; ++i) {
        if (backend.log.Joined().find(what) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

TEST_F(ServerNetTest, HttpClientDisconnectStopsTheStatementAndRollsBack) {
    tcp::socket s = Connect(server_->http_port());
    std::string body = R"({"statements":[{"statement":"ENDLESS"}]})";
    asio::write(s, asio::buffer("POST /db/neo4j/tx/commit HTTP/1.1\r\nHost: h\r\n"
                                "Content-Type: application/json\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body));
    ASSERT_TRUE(LogEventually(backend_, "txrun:ENDLESS;"));
    s.close();
    EXPECT_TRUE(LogEventually(backend_, "txrun:ENDLESS;rollback;")) << backend_.log.Joined();
}

TEST_F(ServerNetTest, ResetStopsAnEndlessPullAndTheConnectionCarriesOn) {
    testing::NetClient c(server_->bolt_port());
    ASSERT_TRUE(c.Login());
    c.Send({Msg(MessageType::kRun, {Value("ENDLESS"), Value(Map{}), Value(Map{})}),
            Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})})});
    testing::Response r;
    ASSERT_TRUE(c.Next(&r));  // RUN's SUCCESS
    ASSERT_TRUE(c.Next(&r));
    EXPECT_EQ(r.type, MessageType::kRecord);
    c.Send({Msg(MessageType::kReset)});
    ASSERT_TRUE(c.NextSummary(&r));
    EXPECT_EQ(r.type, MessageType::kFailure);
    EXPECT_EQ(r.code(), "Neo.TransientError.Transaction.Terminated");
    ASSERT_TRUE(c.Next(&r));
    EXPECT_EQ(r.type, MessageType::kSuccess);  // the RESET
    EXPECT_TRUE(LogEventually(backend_, "autocommit-rollback"));
    c.Send({Msg(MessageType::kRun, {Value("ECHO"), Value(Map{{"a", 5}}), Value(Map{})}),
            Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})})});
    ASSERT_TRUE(c.Next(&r));
    ASSERT_TRUE(c.Next(&r));
    ASSERT_EQ(r.type, MessageType::kRecord);
    EXPECT_EQ(r.field.as_list()[0].as_int(), 5);
}

// Auto-commit writes handed to a writer lane park the connection until the lane answers. The
// answer may come before the worker parks (QUEUED_NOW) or later from another thread
// (QUEUED_LATER); either way the responses keep the order of the requests, pipelined reads
// behind a parked write wait for it, and the connection is usable throughout.
TEST_F(ServerNetTest, QueuedWritesAnswerInOrderWhetherTheLaneIsFastOrSlow) {
    for (auto [name, mode] : {std::pair{"QUEUED_NOW", 1}, std::pair{"QUEUED_LATER", 2}}) {
        testing::FakeQuery q;
        q.columns = {"w"};
        q.rows = {{Value(std::string(name))}};
        q.queue = mode;
        backend_.queries[name] = q;
    }
    testing::NetClient c(server_->bolt_port());
    ASSERT_TRUE(c.Login());
    auto run = [](const char* query, Map params = {}) {
        return Msg(MessageType::kRun, {Value(query), Value(std::move(params)), Value(Map{})});
    };
    const std::string pull = Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})});
    constexpr int kRounds = 50;
    std::vector<std::string> msgs;
    for (int i = 0; i < kRounds; ++i) {
        for (const std::string& m : {run("QUEUED_NOW"), pull, run("QUEUED_LATER"), pull,
                                     run("ECHO", Map{{"i", Value(i)}}), pull}) {
            msgs.push_back(m);
        }
    }
    c.Send(msgs);
    for (int i = 0; i < kRounds; ++i) {
        for (const char* expect : {"QUEUED_NOW", "QUEUED_LATER"}) {
            testing::Response r;
            ASSERT_TRUE(c.Next(&r));
            ASSERT_EQ(r.type, MessageType::kSuccess) << i;  // RUN
            ASSERT_TRUE(c.Next(&r));
            ASSERT_EQ(r.type, MessageType::kRecord) << i;
            EXPECT_EQ(r.field.as_list()[0].as_string(), expect) << i;
            ASSERT_TRUE(c.Next(&r));
            ASSERT_EQ(r.type, MessageType::kSuccess) << i;  // PULL
            EXPECT_TRUE(r.meta().count("bookmark"));
        }
        testing::Response r;
        ASSERT_TRUE(c.Next(&r));
        ASSERT_TRUE(c.Next(&r));
        ASSERT_EQ(r.type, MessageType::kRecord) << i;
        EXPECT_EQ(r.field.as_list()[0].as_int(), i);
        ASSERT_TRUE(c.Next(&r));
        ASSERT_EQ(r.type, MessageType::kSuccess) << i;
    }
    std::string log = backend_.log.Joined();
    EXPECT_NE(log.find("queued:QUEUED_NOW"), std::string::npos);
    EXPECT_NE(log.find("queued:QUEUED_LATER"), std::string::npos);
}

TEST_F(ServerNetTest, TelemetryAndRouteAnswerInReady) {
    testing::NetClient c(server_->bolt_port());
    ASSERT_TRUE(c.Login());
    c.Send({Msg(MessageType::kTelemetry, {Value(int64_t{1})}),
            Msg(MessageType::kRoute, {Value(Map{}), Value(List{}), Value(Map{})})});
    testing::Response r;
    ASSERT_TRUE(c.Next(&r));
    EXPECT_EQ(r.type, MessageType::kSuccess);
    ASSERT_TRUE(c.Next(&r));
    ASSERT_EQ(r.type, MessageType::kSuccess);
    const Map& rt = r.meta().at("rt").as_map();
    EXPECT_EQ(rt.at("servers").as_list().size(), 3u);
}

// A server on a fake backend with no auth, allowing `max_connections` connections.
struct LimitedServer {
    LimitedServer(bool with_http, int max_connections) : auth(Authenticator::Disabled()) {
        ctx.backend = &backend;
        ctx.auth = auth.get();
        ctx.metrics = &metrics;
        ServerOptions o;
        o.bolt_address = "127.0.0.1:0";
        o.http_address = with_http ? "127.0.0.1:0" : "";
        o.workers = 2;
        o.max_connections = max_connections;
        server = std::make_unique<Server>(&ctx, o);
    }
    testing::FakeBackend backend;
    std::unique_ptr<Authenticator> auth;
    Metrics metrics;
    ServerContext ctx;
    std::unique_ptr<Server> server;
};

TEST(ServerLimitTest, ConnectionOverTheLimitIsRefusedWithAReason) {
    LimitedServer limited(false, 2);
    Server& server = *limited.server;
    ASSERT_TRUE(server.Start().ok());
    auto first = std::make_unique<testing::NetClient>(server.bolt_port());
    testing::NetClient second(server.bolt_port());
    ASSERT_TRUE(first->Login());
    ASSERT_TRUE(second.Login());

    testing::NetClient third(server.bolt_port());
    EXPECT_EQ(third.Handshake(), std::string("\0\0\x08\x05", 4));
    testing::Response r;
    ASSERT_TRUE(third.Next(&r));
    EXPECT_EQ(r.type, MessageType::kFailure);
    EXPECT_EQ(r.code(), "Neo.TransientError.Request.NoThreadsAvailable");
    EXPECT_NE(r.meta().at("message").as_string().find("--max-connections"), std::string::npos);
    EXPECT_FALSE(third.Next(&r));  // and closed

    // The admitted connections were not disturbed, and a freed slot is usable again.
    second.Send({Msg(MessageType::kRun, {Value("ECHO"), Value(Map{{"a", 1}}), Value(Map{})}),
                 Msg(MessageType::kPull, {Value(Map{{"n", Value(-1)}})})});
    ASSERT_TRUE(second.Next(&r));
    EXPECT_EQ(r.type, MessageType::kSuccess);
    first.reset();
    bool admitted = false;
    for (int i = 0; i < 500 && !admitted; ++i) {
        testing::NetClient again(server.bolt_port());
        admitted = again.Login();
        if (!admitted) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(admitted);
}

TEST(ServerLimitTest, HttpOverTheLimitGetsA503) {
    LimitedServer limited(true, 1);
    Server& server = *limited.server;
    ASSERT_TRUE(server.Start().ok());
    testing::NetClient holder(server.bolt_port());  // takes the only slot
    ASSERT_TRUE(holder.Login());
    asio::io_context io;
    std::string reply = HttpCall(io, server.http_port(),
                                 "GET /health HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    EXPECT_NE(reply.find("503 Service Unavailable"), std::string::npos) << reply;
    EXPECT_NE(reply.find("NoThreadsAvailable"), std::string::npos) << reply;
}

}  // namespace
}  // namespace nexus::server
