// Clause and pattern parsing: every clause's fields, pattern shapes, UNION, EXPLAIN/PROFILE,
// projection column text, keywords used as names, comments.
#include <gtest/gtest.h>

#include "test_util.h"

namespace nexus::cypher {
namespace {

using testing::FirstPart;
using testing::MustParse;

TEST(ParserClauseTest, MatchPatternShapes) {
    auto stmt = MustParse(
        "MATCH p = (a:Person:Admin {name: 'x'})-[r:KNOWS|:LIKES*1..3 {w: 1}]->(b)<-[:T]-(c)-[*]-(d)"
        ", (e) WHERE a.age > 1 RETURN p");
    ASSERT_NE(stmt, nullptr);
    const auto& match = FirstPart(*stmt).clauses[0]->As<ast::Match>();
    EXPECT_FALSE(match.optional);
    ASSERT_EQ(match.pattern.parts.size(), 2u);
    const auto& part = match.pattern.parts[0];
    EXPECT_EQ(part.path_variable, "p");
    ASSERT_EQ(part.nodes.size(), 4u);
    ASSERT_EQ(part.relationships.size(), 3u);
    EXPECT_EQ(part.nodes[0].variable, "a");
    EXPECT_EQ(part.nodes[0].labels, (std::vector<std::string>{"Person", "Admin"}));
    ASSERT_NE(part.nodes[0].properties, nullptr);
    const auto& r = part.relationships[0];
    EXPECT_EQ(r.variable, "r");
    EXPECT_EQ(r.types, (std::vector<std::string>{"KNOWS", "LIKES"}));
    EXPECT_EQ(r.direction, ast::Direction::kLeftToRight);
    EXPECT_TRUE(r.variable_length);
    EXPECT_EQ(r.min_hops, 1);
    EXPECT_EQ(r.max_hops, 3);
    EXPECT_NE(r.properties, nullptr);
    EXPECT_EQ(part.relationships[1].direction, ast::Direction::kRightToLeft);
    EXPECT_EQ(part.relationships[2].direction, ast::Direction::kBoth);
    EXPECT_TRUE(part.relationships[2].variable_length);
    EXPECT_FALSE(part.relationships[2].min_hops.has_value());
    EXPECT_FALSE(part.relationships[2].max_hops.has_value());
    EXPECT_NE(match.where, nullptr);
}

TEST(ParserClauseTest, VariableLengthRanges) {
    struct Case {
        const char* range;
        std::optional<int64_t> min, max;
    };
    for (const Case& c : {Case{"*", {}, {}}, Case{"*2", 2, 2}, Case{"*1..3", 1, 3},
                          Case{"*..3", {}, 3}, Case{"*2..", 2, {}}, Case{"* 0 .. 1", 0, 1}}) {
        auto stmt = MustParse(std::string("MATCH (a)-[") + c.range + "]->(b) RETURN a");
        ASSERT_NE(stmt, nullptr);
        const auto& rel =
            FirstPart(*stmt).clauses[0]->As<ast::Match>().pattern.parts[0].relationships[0];
        EXPECT_TRUE(rel.variable_length) << c.range;
        EXPECT_EQ(rel.min_hops, c.min) << c.range;
        EXPECT_EQ(rel.max_hops, c.max) << c.range;
    }
}

TEST(ParserClauseTest, ArrowForms) {
    struct Case {
        const char* arrow;
        ast::Direction direction;
    };
    for (const Case& c :
         {Case{"-->", ast::Direction::kLeftToRight}, Case{"<--", ast::Direction::kRightToLeft},
          Case{"--", ast::Direction::kBoth}, Case{"<-->", ast::Direction::kBoth},
          Case{"-[]->", ast::Direction::kLeftToRight},
          Case{"<-[r]-", ast::Direction::kRightToLeft}}) {
        auto stmt = MustParse(std::string("MATCH (a)") + c.arrow + "(b) RETURN a");
        ASSERT_NE(stmt, nullptr) << c.arrow;
        const auto& rel =
            FirstPart(*stmt).clauses[0]->As<ast::Match>().pattern.parts[0].relationships[0];
        EXPECT_EQ(rel.direction, c.direction) << c.arrow;
    }
}

TEST(ParserClauseTest, ShortestPathAndParameterProperties) {
    auto stmt = MustParse(
        "MATCH p = shortestPath((a {id: 1})-[*..5]-(b)), q = allShortestPaths((a)-->(c $props)) "
        "RETURN p");
    ASSERT_NE(stmt, nullptr);
    const auto& parts = FirstPart(*stmt).clauses[0]->As<ast::Match>().pattern.parts;
    EXPECT_EQ(parts[0].function, ast::PathFunction::kShortestPath);
    EXPECT_EQ(parts[1].function, ast::PathFunction::kAllShortestPaths);
    EXPECT_EQ(parts[1].path_variable, "q");
    ASSERT_NE(parts[1].nodes[1].properties, nullptr);
    EXPECT_TRUE(parts[1].nodes[1].properties->Is<ast::Parameter>());
}

TEST(ParserClauseTest, ReturnAndWithProjections) {
    auto stmt = MustParse(
        "MATCH (n) WITH DISTINCT n.name AS name, n ORDER BY name DESC, n.age ASCENDING SKIP 1 "
        "LIMIT 5 WHERE name <> 'x' RETURN *, name   +  1, count( * ) ORDER BY name DESCENDING");
    ASSERT_NE(stmt, nullptr);
    const auto& clauses = FirstPart(*stmt).clauses;
    ASSERT_EQ(clauses.size(), 3u);
    const auto& with = clauses[1]->As<ast::With>();
    EXPECT_TRUE(with.body.distinct);
    ASSERT_EQ(with.body.items.size(), 2u);
    EXPECT_EQ(with.body.items[0].alias, "name");
    EXPECT_EQ(with.body.items[1].ColumnName(), "n");
    ASSERT_EQ(with.body.order_by.size(), 2u);
    EXPECT_TRUE(with.body.order_by[0].descending);
    EXPECT_FALSE(with.body.order_by[1].descending);
    EXPECT_NE(with.body.skip, nullptr);
    EXPECT_NE(with.body.limit, nullptr);
    EXPECT_NE(with.where, nullptr);
    const auto& ret = clauses[2]->As<ast::Return>();
    EXPECT_TRUE(ret.body.star);
    ASSERT_EQ(ret.body.items.size(), 2u);
    // Without an alias the column is named by the expression exactly as written.
    EXPECT_EQ(ret.body.items[0].ColumnName(), "name   +  1");
    EXPECT_EQ(ret.body.items[1].ColumnName(), "count( * )");
    EXPECT_TRUE(ret.body.order_by[0].descending);
}

TEST(ParserClauseTest, UnwindCreateMergeSetRemoveDelete) {
    auto stmt = MustParse(
        "UNWIND $rows AS row "
        "MERGE (a:A {id: row.id}) ON CREATE SET a.created = 1, a += row ON MATCH SET a:Seen "
        "ON CREATE SET a.x = 2 "
        "CREATE (a)-[:R {w: 1}]->(b:B) "
        "SET a.p = 1, a = {q: 2}, a += {r: 3}, a:L:M, a[row.key] = 4, (a).z = 5 "
        "REMOVE a.p, a:L, b:M:N "
        "DETACH DELETE b "
        "DELETE a");
    ASSERT_NE(stmt, nullptr);
    const auto& clauses = FirstPart(*stmt).clauses;
    ASSERT_EQ(clauses.size(), 7u);
    const auto& unwind = clauses[0]->As<ast::Unwind>();
    EXPECT_EQ(unwind.variable, "row");
    EXPECT_TRUE(unwind.list->Is<ast::Parameter>());
    const auto& merge = clauses[1]->As<ast::Merge>();
    EXPECT_EQ(merge.pattern.nodes[0].labels[0], "A");
    ASSERT_EQ(merge.on_create.size(), 3u);
    EXPECT_EQ(merge.on_create[1].kind, ast::SetItemKind::kMergeMap);
    ASSERT_EQ(merge.on_match.size(), 1u);
    EXPECT_EQ(merge.on_match[0].kind, ast::SetItemKind::kLabels);
    EXPECT_EQ(clauses[2]->As<ast::Create>().pattern.parts[0].relationships.size(), 1u);
    const auto& set = clauses[3]->As<ast::Set>();
    ASSERT_EQ(set.items.size(), 6u);
    EXPECT_EQ(set.items[0].kind, ast::SetItemKind::kProperty);
    EXPECT_TRUE(set.items[0].target->Is<ast::PropertyAccess>());
    EXPECT_EQ(set.items[1].kind, ast::SetItemKind::kReplaceMap);
    EXPECT_EQ(set.items[2].kind, ast::SetItemKind::kMergeMap);
    EXPECT_EQ(set.items[3].kind, ast::SetItemKind::kLabels);
    EXPECT_EQ(set.items[3].labels, (std::vector<std::string>{"L", "M"}));
    EXPECT_EQ(set.items[4].kind, ast::SetItemKind::kProperty);
    EXPECT_TRUE(set.items[4].target->Is<ast::Subscript>());
    EXPECT_EQ(set.items[5].kind, ast::SetItemKind::kProperty);
    const auto& remove = clauses[4]->As<ast::Remove>();
    ASSERT_EQ(remove.items.size(), 3u);
    EXPECT_EQ(remove.items[0].kind, ast::RemoveItemKind::kProperty);
    EXPECT_EQ(remove.items[2].labels.size(), 2u);
    EXPECT_TRUE(clauses[5]->As<ast::Delete>().detach);
    EXPECT_FALSE(clauses[6]->As<ast::Delete>().detach);
}

TEST(ParserClauseTest, PlannerHints) {
    auto stmt = MustParse(
        "MATCH (a:A)-[:T]->(b:B) USING INDEX a:A(x, y) USING INDEX SEEK b:B(z) "
        "USING SCAN b:B USING JOIN ON a, b WHERE a.x = 1 RETURN a");
    ASSERT_NE(stmt, nullptr);
    const auto& match = FirstPart(*stmt).clauses[0]->As<ast::Match>();
    ASSERT_EQ(match.hints.size(), 4u);
    EXPECT_EQ(match.hints[0].kind, ast::HintKind::kIndex);
    EXPECT_EQ(match.hints[0].properties, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(match.hints[1].kind, ast::HintKind::kIndexSeek);
    EXPECT_EQ(match.hints[2].kind, ast::HintKind::kScan);
    EXPECT_EQ(match.hints[2].label, "B");
    EXPECT_EQ(match.hints[3].join_variables, (std::vector<std::string>{"a", "b"}));
    EXPECT_NE(match.where, nullptr);
    EXPECT_FALSE(Parse("MATCH (a:A) USING FAST a:A RETURN a").ok());
}

TEST(ParserClauseTest, Foreach) {
    auto stmt = MustParse("MATCH (n) FOREACH (x IN [1, 2] | CREATE (:N {v: x}) SET n.c = x)");
    ASSERT_NE(stmt, nullptr);
    const auto& foreach = FirstPart(*stmt).clauses[1]->As<ast::Foreach>();
    EXPECT_EQ(foreach.variable, "x");
    ASSERT_EQ(foreach.clauses.size(), 2u);
    EXPECT_TRUE(foreach.clauses[0]->Is<ast::Create>());
    EXPECT_TRUE(foreach.clauses[1]->Is<ast::Set>());
}

TEST(ParserClauseTest, CallProcedure) {
    auto stmt = MustParse("CALL db.labels() YIELD label AS l, other WHERE l <> 'x' RETURN l");
    ASSERT_NE(stmt, nullptr);
    const auto& call = FirstPart(*stmt).clauses[0]->As<ast::CallProcedure>();
    EXPECT_EQ(call.name, "db.labels");
    EXPECT_TRUE(call.explicit_args);
    EXPECT_TRUE(call.has_yield);
    ASSERT_EQ(call.yields.size(), 2u);
    EXPECT_EQ(call.yields[0].field, "label");
    EXPECT_EQ(call.yields[0].VariableName(), "l");
    EXPECT_EQ(call.yields[1].VariableName(), "other");
    EXPECT_NE(call.where, nullptr);

    stmt = MustParse("CALL test.my.proc");
    ASSERT_NE(stmt, nullptr);
    const auto& standalone = FirstPart(*stmt).clauses[0]->As<ast::CallProcedure>();
    EXPECT_EQ(standalone.name, "test.my.proc");
    EXPECT_FALSE(standalone.explicit_args);
    EXPECT_FALSE(standalone.has_yield);

    stmt = MustParse("CALL test.my.proc('a', 1) YIELD *");
    ASSERT_NE(stmt, nullptr);
    EXPECT_TRUE(FirstPart(*stmt).clauses[0]->As<ast::CallProcedure>().yield_star);
    // YIELD * is for standalone calls only.
    EXPECT_FALSE(Parse("CALL test.my.proc('a', 1) YIELD * RETURN *").ok());
}

TEST(ParserClauseTest, CallSubqueries) {
    auto stmt = MustParse(
        "MATCH (n) CALL { WITH n MATCH (n)-->(m) RETURN m UNION WITH n RETURN n AS m } "
        "RETURN n, m");
    ASSERT_NE(stmt, nullptr);
    const auto& call = FirstPart(*stmt).clauses[1]->As<ast::CallSubquery>();
    ASSERT_NE(call.query, nullptr);
    EXPECT_EQ(call.query->parts.size(), 2u);
    EXPECT_FALSE(call.in_transactions);
    EXPECT_FALSE(call.import_variables.has_value());

    stmt =
        MustParse("UNWIND [1] AS x CALL { WITH x CREATE (:N {x: x}) } IN TRANSACTIONS OF 100 ROWS");
    ASSERT_NE(stmt, nullptr);
    const auto& batched = FirstPart(*stmt).clauses[1]->As<ast::CallSubquery>();
    EXPECT_TRUE(batched.in_transactions);
    ASSERT_NE(batched.rows_per_transaction, nullptr);

    stmt = MustParse("MATCH (a), (b) CALL (a, b) { RETURN a.x + b.x AS s } RETURN s");
    ASSERT_NE(stmt, nullptr);
    const auto& scoped = FirstPart(*stmt).clauses[1]->As<ast::CallSubquery>();
    ASSERT_TRUE(scoped.import_variables.has_value());
    EXPECT_EQ(*scoped.import_variables, (std::vector<std::string>{"a", "b"}));
}

TEST(ParserClauseTest, UnionAndStatementPrefixes) {
    auto stmt = MustParse("RETURN 1 AS x UNION ALL RETURN 2 AS x UNION RETURN 3 AS x;");
    ASSERT_NE(stmt, nullptr);
    const auto& query = stmt->As<ast::QueryStatement>().query;
    ASSERT_EQ(query.parts.size(), 3u);
    EXPECT_EQ(query.union_all, (std::vector<bool>{true, false}));
    EXPECT_EQ(stmt->explain, ast::ExplainMode::kNone);

    stmt = MustParse("EXPLAIN MATCH (n) RETURN n");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->explain, ast::ExplainMode::kExplain);
    stmt = MustParse("profile MATCH (n) RETURN n");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->explain, ast::ExplainMode::kProfile);
    EXPECT_FALSE(Parse("RETURN 1;;").ok());
    EXPECT_FALSE(Parse("RETURN 1; RETURN 2").ok());
}

TEST(ParserClauseTest, KeywordsAreCaseInsensitiveAndUsableAsNames) {
    auto stmt = MustParse(
        "match (order:Order {count: 1})-[rel:`RETURN`]->(`weird name`) "
        "where order.limit > 0 return order.count AS count, `weird name`.match");
    ASSERT_NE(stmt, nullptr);
    const auto& clauses = FirstPart(*stmt).clauses;
    const auto& part = clauses[0]->As<ast::Match>().pattern.parts[0];
    EXPECT_EQ(part.nodes[0].variable, "order");
    EXPECT_EQ(part.nodes[0].labels[0], "Order");
    EXPECT_EQ(part.relationships[0].types[0], "RETURN");
    EXPECT_EQ(part.nodes[1].variable, "weird name");
    const auto& ret = clauses[1]->As<ast::Return>();
    EXPECT_EQ(ret.body.items[0].alias, "count");
    EXPECT_EQ(ret.body.items[1].expression->As<ast::PropertyAccess>().key, "match");
}

TEST(ParserClauseTest, CommentsAreIgnored) {
    auto stmt =
        MustParse("// leading comment\nMATCH (n) /* block\n comment */ RETURN n // trailing");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(FirstPart(*stmt).clauses.size(), 2u);
    EXPECT_FALSE(Parse("MATCH (n) /* unterminated RETURN n").ok());
}

}  // namespace
}  // namespace nexus::cypher
