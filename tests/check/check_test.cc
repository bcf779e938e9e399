// The consistency checker on real database files: a clean graph checks clean, and each kind
// of damage (a flipped byte, a broken adjacency entry, wrong counts, a missing label-index
// entry, a dangling relationship endpoint) is reported as its own problem kind, naming the
// page or record. Damage other than the flipped byte is written through the page seam in a
// write transaction, so every checksum still holds.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "check/check.h"
#include "check/checker.h"
#include "graph/format.h"
#include "index/label_index.h"
#include "storage/pager.h"
#include "txn/transaction_manager.h"

namespace nexus::check {
namespace {

namespace fs = std::filesystem;
using graph::TokenId;
using graph::TokenKind;

std::string Joined(const Report& r, Problem kind) {
    std::string s;
    for (const std::string& e : r.examples(kind)) s += e + "\n";
    return s;
}

class CheckTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/nexus_check_testXXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        path_ = dir_ + "/g.nexus";
        Build();
    }
    void TearDown() override { fs::remove_all(dir_); }

    // (0:Person {name:'a'})-[:KNOWS]->(1:Person {name:'b'}), a self-loop on 1, 300 more
    // KNOWS from 0 (a dense group), a unique index on :Person(name).
    void Build() {
        storage::PagerOptions po;
        po.sync_mode = SyncMode::kOff;
        auto tm = txn::TransactionManager::Open(path_, po);
        ASSERT_TRUE(tm.ok()) << tm.status().ToString();
        auto w = (*tm)->BeginWrite();
        ASSERT_TRUE(w.ok());
        graph::GraphStore* g = (*w)->graph();
        TokenId person = *g->GetOrCreateToken(TokenKind::kLabel, "Person");
        TokenId knows = *g->GetOrCreateToken(TokenKind::kRelType, "KNOWS");
        TokenId name = *g->GetOrCreateToken(TokenKind::kPropertyKey, "name");
        TokenId labels[] = {person};
        a_ = *g->CreateNode(labels, {{name, Value("a")}});
        b_ = *g->CreateNode(labels, {{name, Value("b")}});
        rel_ = *g->CreateRel(a_, b_, knows, {{name, Value(int64_t{7})}});
        ASSERT_TRUE(g->CreateRel(b_, b_, knows, {}).ok());
        gone_ = *g->CreateNode({}, {});
        ASSERT_TRUE(g->DeleteNode(gone_).ok());
        for (int i = 0; i < 300; ++i) {
            auto n = g->CreateNode({}, {});
            ASSERT_TRUE(n.ok());
            ASSERT_TRUE(g->CreateRel(a_, *n, knows, {}).ok());
        }
        ASSERT_TRUE(g->CreateIndex("person_name", person, {name}, true).ok());
        ASSERT_TRUE((*w)->Commit().ok());
    }

    Report Check() {
        Result<Report> r = CheckDatabase(path_);
        EXPECT_TRUE(r.ok()) << r.status().ToString();
        return r.ok() ? *r : Report();
    }

    // Runs `edit` on the raw pages and graph of one write transaction, then commits.
    template <typename Edit>
    void Damage(Edit edit) {
        storage::PagerOptions po;
        po.sync_mode = SyncMode::kOff;
        auto pager = storage::Pager::Open(path_, po);
        ASSERT_TRUE(pager.ok()) << pager.status().ToString();
        auto w = (*pager)->BeginWrite();
        ASSERT_TRUE(w.ok());
        {
            auto g = graph::GraphStore::OpenReader(w->get(), nullptr);
            ASSERT_TRUE(g.ok());
            edit(w->get(), g->get());
        }
        ASSERT_TRUE((*w)->Commit().ok());
    }

    // The page holding record 0 of a two-level directory.
    static PageId FirstRecordPage(storage::PageWriter* w, PageId top) {
        PageId mid = graph::Load32((*w->Read(top)).data() + 8);
        return graph::Load32((*w->Read(mid)).data() + 8);
    }

    std::string dir_, path_;
    graph::NodeId a_ = 0, b_ = 0, gone_ = 0;
    graph::RelId rel_ = 0;
};

TEST_F(CheckTest, CleanDatabaseChecksClean) {
    Report r = Check();
    EXPECT_TRUE(r.clean()) << r.ToString(true);
    EXPECT_EQ(r.nodes, 302u);
    EXPECT_EQ(r.relationships, 302u);
    EXPECT_EQ(r.indexes, 2u);  // label index + person_name
    EXPECT_GT(r.pages, 3u);
    EXPECT_NE(r.ToString(false).find("clean: 0 problems"), std::string::npos);
}

TEST_F(CheckTest, FlippedByteNamesThePage) {
    Report before = Check();
    ASSERT_TRUE(before.clean());
    PageId victim = static_cast<PageId>(before.pages - 1);
    {
        std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(uint64_t{victim} * storage::kPageSize + 100);
        char c = 0;
        f.read(&c, 1);
        c ^= 0x5a;
        f.seekp(uint64_t{victim} * storage::kPageSize + 100);
        f.write(&c, 1);
    }
    Report r = Check();
    EXPECT_GE(r.count(Problem::kPageChecksum), 1u) << r.ToString(true);
    EXPECT_NE(Joined(r, Problem::kPageChecksum).find("page " + std::to_string(victim)),
              std::string::npos)
        << r.ToString(true);
    EXPECT_FALSE(r.clean());
}

TEST_F(CheckTest, BrokenAdjacencyEntry) {
    // Node b's adjacency record: its first group's first entry names rel_ (delta from 0).
    // Point it at a relationship id that was never used.
    Damage([&](storage::WriteTxn* w, graph::GraphStore* g) {
        auto rec = g->ReadNode(b_);
        ASSERT_TRUE(rec.ok() && rec->has_value());
        graph::RecordAddr adj = (*rec)->adj;
        uint8_t* p = *w->Write(graph::AddrPage(adj));
        uint16_t slot = graph::AddrSlot(adj);
        uint16_t off = graph::Load16(p + 8 + 4 * slot);
        uint8_t* body = p + off;
        ASSERT_EQ(body[0], 0);  // inline record
        // kind, group count, type, dir, count, n bytes, zigzag(neighbour), zigzag(rel); a
        // group of one entry (dir bit 5) has neither count nor length.
        ASSERT_EQ(body[1], 2);         // incoming KNOWS + self-loop
        ASSERT_EQ(body[3] & 0x0f, 1);  // first group: incoming
        size_t rel_at = (body[3] & 0x20) != 0 ? 5 : 7;
        body[rel_at] = static_cast<uint8_t>(graph::ZigZag(50));
        ASSERT_LT(body[rel_at], 0x80);
    });
    Report r = Check();
    EXPECT_GE(r.count(Problem::kAdjacency), 1u) << r.ToString(true);
    EXPECT_EQ(r.count(Problem::kPageChecksum), 0u);
    std::string ex = Joined(r, Problem::kAdjacency);
    EXPECT_NE(ex.find("node " + std::to_string(b_)), std::string::npos) << ex;
    EXPECT_NE(ex.find("relationship " + std::to_string(rel_) + ": missing from end node"),
              std::string::npos)
        << ex;
}

TEST_F(CheckTest, WrongCounts) {
    Damage([&](storage::WriteTxn* w, graph::GraphStore*) {
        uint8_t* root = *w->Write(storage::kFirstDataPage);
        graph::Store64(root + 32, graph::Load64(root + 32) - 2);  // live nodes
    });
    Report r = Check();
    ASSERT_EQ(r.count(Problem::kCounts), 1u) << r.ToString(true);
    EXPECT_NE(Joined(r, Problem::kCounts).find("300 nodes, 302 in use"), std::string::npos);
    EXPECT_EQ(r.total(), 1u) << r.ToString(true);
}

TEST_F(CheckTest, MissingLabelIndexEntry) {
    Damage([&](storage::WriteTxn* w, graph::GraphStore* g) {
        index::LabelIndex li(g->root().label_index);
        auto removed = li.Remove(w, 0, b_);
        ASSERT_TRUE(removed.ok() && *removed);
    });
    Report r = Check();
    ASSERT_EQ(r.count(Problem::kLabelIndex), 1u) << r.ToString(true);
    EXPECT_NE(Joined(r, Problem::kLabelIndex)
                  .find("missing entry (label 0, node " + std::to_string(b_) + ")"),
              std::string::npos)
        << r.ToString(true);
    EXPECT_EQ(r.total(), 1u) << r.ToString(true);
}

TEST_F(CheckTest, DanglingRelationshipEndpoint) {
    Damage([&](storage::WriteTxn* w, graph::GraphStore* g) {
        PageId page = FirstRecordPage(w, g->root().rel_dir);
        uint8_t* p = *w->Write(page);
        uint8_t* rec = p + graph::kRelRecordsHeader + rel_ * graph::GraphStore::kRelRecordSize;
        graph::Store40(rec + graph::kRelEndOffset, gone_);  // end node: deleted
    });
    Report r = Check();
    ASSERT_EQ(r.count(Problem::kDanglingEndpoint), 1u) << r.ToString(true);
    EXPECT_NE(Joined(r, Problem::kDanglingEndpoint).find("end node " + std::to_string(gone_)),
              std::string::npos);
    EXPECT_FALSE(r.clean());
}

TEST_F(CheckTest, MaxErrorsStopsEarly) {
    Damage([&](storage::WriteTxn* w, graph::GraphStore* g) {
        uint8_t* root = *w->Write(storage::kFirstDataPage);
        graph::Store64(root + 32, 0);
        graph::Store64(root + 40, 0);
    });
    CheckOptions o;
    o.max_errors = 1;
    auto r = CheckDatabase(path_, o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->total(), 1u);
    EXPECT_NE(r->ToString(false).find("stopped after 1 problems"), std::string::npos);
}

TEST_F(CheckTest, LockedOrMissingDatabaseIsAnOpenError) {
    EXPECT_EQ(CheckDatabase(dir_ + "/absent.nexus").status().code(), StatusCode::kNotFound);
    storage::PagerOptions po;
    auto writer = storage::Pager::Open(path_, po);
    ASSERT_TRUE(writer.ok());
    auto r = CheckDatabase(path_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kBusy);
    EXPECT_NE(r.status().message().find("backup"), std::string::npos);
}

}  // namespace
}  // namespace nexus::check
