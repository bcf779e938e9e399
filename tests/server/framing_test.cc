// Bolt handshake negotiation and chunk framing, including hostile sizes.
#include "server/bolt/framing.h"

#include <gtest/gtest.h>

namespace nexus::server::bolt {
namespace {

std::string Handshake(std::vector<uint32_t> proposals) {
    std::string b = {'\x60', '\x60', '\xB0', '\x17'};
    proposals.resize(4, 0);
    for (uint32_t p : proposals) {
        for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<char>(p >> s));
    }
    return b;
}

uint32_t Range(int major, int minor, int range) {
    return (uint32_t(range) << 16) | (uint32_t(minor) << 8) | uint32_t(major);
}

TEST(HandshakeTest, PicksTheHighestVersionWeSpeakFromAClientRange) {
    // What neo4j-driver 6.x sends: a manifest request, 5.8..5.0, 4.4..4.2, 3.0.
    auto v = NegotiateVersion(Handshake({0x000001FF, Range(5, 8, 8), Range(4, 4, 2), 3}));
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, (BoltVersion{5, 8}));
    EXPECT_EQ(EncodeVersion(*v), std::string("\0\0\x08\x05", 4));
}

TEST(HandshakeTest, ClampsNewerMinorsAndFallsBackTo44) {
    EXPECT_EQ(*NegotiateVersion(Handshake({Range(5, 9, 3)})), (BoltVersion{5, 8}));
    EXPECT_EQ(*NegotiateVersion(Handshake({Range(5, 12, 2)})), (BoltVersion{}));
    EXPECT_EQ(*NegotiateVersion(Handshake({Range(6, 0, 0), Range(4, 4, 0)})), (BoltVersion{4, 4}));
    EXPECT_EQ(*NegotiateVersion(Handshake({Range(4, 3, 1)})), (BoltVersion{}));
    EXPECT_EQ(*NegotiateVersion(Handshake({Range(5, 2, 0)})), (BoltVersion{5, 2}));
}

TEST(HandshakeTest, ManifestProposedFirstIsAnsweredWithTheManifest) {
    // neo4j-driver 6.3 (bolt/handshake.js): 255.1 (manifest v1), 5.8..5.0, 4.4..4.2, 3.0.
    auto n = NegotiateHandshake(Handshake({0x000001FF, Range(5, 8, 8), Range(4, 4, 2), 3}));
    ASSERT_TRUE(n.ok());
    EXPECT_TRUE(n->manifest);
    // 00 00 01 FF, two ranges (5.8 down 8 minors, 4.4), no capabilities.
    EXPECT_EQ(EncodeManifest(), std::string("\0\0\x01\xFF\x02\0\x08\x08\x05\0\0\x04\x04\0", 14));
    // A version we speak proposed before the manifest wins: the client prefers it.
    n = NegotiateHandshake(Handshake({Range(5, 4, 0), 0x000001FF}));
    EXPECT_FALSE(n->manifest);
    EXPECT_EQ(n->version, (BoltVersion{5, 4}));
    // A manifest range covering v1 (255.2..255.1) counts; 255.2 alone does not.
    EXPECT_TRUE(NegotiateHandshake(Handshake({0x000102FF}))->manifest);
    EXPECT_FALSE(NegotiateHandshake(Handshake({0x000002FF}))->manifest);
}

TEST(HandshakeTest, ManifestChoiceIsReadWithItsCapabilityVarint) {
    BoltVersion v;
    // What the 6.x driver writes back: the chosen version and a zero capability byte.
    auto used = ParseManifestChoice(std::string("\0\0\x08\x05\0", 5), &v);
    ASSERT_TRUE(used.ok());
    EXPECT_EQ(*used, 5u);
    EXPECT_EQ(v, (BoltVersion{5, 8}));
    // Message bytes behind the choice are left alone.
    EXPECT_EQ(*ParseManifestChoice(std::string("\0\0\x04\x04\0\x00\x02", 7), &v), 5u);
    EXPECT_EQ(v, (BoltVersion{4, 4}));
    // A multi-byte varint needs more bytes, then completes.
    EXPECT_EQ(*ParseManifestChoice(std::string("\0\0\x02\x05\x81", 5), &v), 0u);
    EXPECT_EQ(*ParseManifestChoice(std::string("\0\0\x02\x05\x81\x01", 6), &v), 6u);
    // Nothing in common: 00 00 00 00 is accepted (the connection then closes).
    ASSERT_TRUE(ParseManifestChoice(std::string(5, '\0'), &v).ok());
    EXPECT_EQ(v, (BoltVersion{}));
    // A version the manifest did not offer, or a varint that never ends, is a protocol error.
    EXPECT_EQ(ParseManifestChoice(std::string("\0\0\x00\x06\0", 5), &v).status().code(),
              StatusCode::kProtocolError);
    EXPECT_EQ(ParseManifestChoice(std::string("\0\0\x09\x05\0", 5), &v).status().code(),
              StatusCode::kProtocolError);
    std::string endless = std::string("\0\0\x08\x05", 4) + std::string(12, '\x80');
    EXPECT_EQ(ParseManifestChoice(endless, &v).status().code(), StatusCode::kProtocolError);
}

TEST(HandshakeTest, RejectsWrongMagic) {
    std::string b = Handshake({Range(5, 8, 8)});
    b[0] = 'G';
    EXPECT_EQ(NegotiateVersion(b).status().code(), StatusCode::kProtocolError);
    EXPECT_FALSE(NegotiateVersion("short").ok());
}

TEST(ChunkTest, ReassemblesMessagesSplitAcrossChunksAndReads) {
    std::string wire;
    std::string big(70000, 'z');
    AppendChunked("hello", &wire);
    AppendChunked(big, &wire);
    wire += std::string("\0\0", 2);  // NOOP keep-alive between messages
    AppendChunked("x", &wire);
    ChunkReader r;
    std::vector<std::string> got;
    std::string msg;
    for (size_t i = 0; i < wire.size(); i += 7) {  // arrive in small pieces
        r.Append(std::string_view(wire).substr(i, 7));
        while (true) {
            Result<bool> more = r.Next(&msg);
            ASSERT_TRUE(more.ok());
            if (!*more) break;
            got.push_back(msg);
        }
    }
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0], "hello");
    EXPECT_EQ(got[1], big);
    EXPECT_EQ(got[2], "x");
}

TEST(ChunkTest, MessageOverTheLimitIsAProtocolError) {
    ChunkReader r(100);
    std::string wire;
    for (int i = 0; i < 3; ++i) {
        wire += std::string("\x00\x40", 2);
        wire += std::string(64, 'a');
    }
    r.Append(wire);
    std::string msg;
    Result<bool> more = r.Next(&msg);
    ASSERT_FALSE(more.ok());
    EXPECT_EQ(more.status().code(), StatusCode::kProtocolError);
}

}  // namespace
}  // namespace nexus::server::bolt
