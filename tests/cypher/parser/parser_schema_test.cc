// Schema commands: CREATE/DROP INDEX (new and old forms), CREATE/DROP CONSTRAINT, SHOW.
#include <gtest/gtest.h>

#include "test_util.h"

namespace nexus::cypher {
namespace {

using testing::MustParse;

TEST(ParserSchemaTest, CreateIndexForms) {
    auto stmt =
        MustParse("CREATE INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.name, p.age)");
    ASSERT_NE(stmt, nullptr);
    ASSERT_EQ(stmt->kind, ast::StatementKind::kCreateIndex);
    const auto& index = stmt->As<ast::CreateIndex>();
    EXPECT_EQ(index.name, "person_name");
    EXPECT_TRUE(index.if_not_exists);
    EXPECT_EQ(index.type, ast::IndexType::kRange);
    EXPECT_EQ(index.target.variable, "p");
    EXPECT_EQ(index.target.label, "Person");
    EXPECT_FALSE(index.target.relationship);
    EXPECT_EQ(index.target.properties, (std::vector<std::string>{"name", "age"}));

    stmt = MustParse("CREATE RANGE INDEX FOR ()-[r:KNOWS]-() ON (r.since)");
    ASSERT_NE(stmt, nullptr);
    const auto& rel = stmt->As<ast::CreateIndex>();
    EXPECT_TRUE(rel.name.empty());
    EXPECT_TRUE(rel.target.relationship);
    EXPECT_EQ(rel.target.label, "KNOWS");
    EXPECT_EQ(rel.target.properties, (std::vector<std::string>{"since"}));

    stmt = MustParse("CREATE INDEX ON :Person(name)");
    ASSERT_NE(stmt, nullptr);
    const auto& old = stmt->As<ast::CreateIndex>();
    EXPECT_EQ(old.target.label, "Person");
    EXPECT_EQ(old.target.properties, (std::vector<std::string>{"name"}));

    stmt = MustParse("CREATE TEXT INDEX t FOR (n:Doc) ON (n.body) OPTIONS {indexProvider: 'x'}");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->As<ast::CreateIndex>().type, ast::IndexType::kText);
    EXPECT_NE(stmt->As<ast::CreateIndex>().options, nullptr);

    // The property must belong to the pattern's variable.
    EXPECT_FALSE(Parse("CREATE INDEX FOR (p:Person) ON (q.name)").ok());
}

TEST(ParserSchemaTest, DropIndex) {
    auto stmt = MustParse("DROP INDEX person_name IF EXISTS");
    ASSERT_NE(stmt, nullptr);
    ASSERT_EQ(stmt->kind, ast::StatementKind::kDropIndex);
    EXPECT_EQ(stmt->As<ast::DropIndex>().name, "person_name");
    EXPECT_TRUE(stmt->As<ast::DropIndex>().if_exists);
    stmt = MustParse("DROP INDEX ON :Person(name)");
    ASSERT_NE(stmt, nullptr);
    ASSERT_TRUE(stmt->As<ast::DropIndex>().target.has_value());
    EXPECT_EQ(stmt->As<ast::DropIndex>().target->label, "Person");
}

TEST(ParserSchemaTest, Constraints) {
    auto stmt = MustParse("CREATE CONSTRAINT uniq FOR (n:User) REQUIRE n.email IS UNIQUE");
    ASSERT_NE(stmt, nullptr);
    ASSERT_EQ(stmt->kind, ast::StatementKind::kCreateConstraint);
    const auto& c = stmt->As<ast::CreateConstraint>();
    EXPECT_EQ(c.name, "uniq");
    EXPECT_EQ(c.constraint, ast::ConstraintKind::kUnique);
    EXPECT_EQ(c.target.label, "User");
    EXPECT_EQ(c.target.properties, (std::vector<std::string>{"email"}));

    stmt = MustParse("CREATE CONSTRAINT IF NOT EXISTS FOR (n:User) REQUIRE (n.a, n.b) IS UNIQUE");
    ASSERT_NE(stmt, nullptr);
    EXPECT_TRUE(stmt->As<ast::CreateConstraint>().name.empty());
    EXPECT_TRUE(stmt->As<ast::CreateConstraint>().if_not_exists);
    EXPECT_EQ(stmt->As<ast::CreateConstraint>().target.properties.size(), 2u);

    stmt = MustParse("CREATE CONSTRAINT FOR (n:User) REQUIRE n.id IS NOT NULL");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->As<ast::CreateConstraint>().constraint, ast::ConstraintKind::kNotNull);
    stmt = MustParse("CREATE CONSTRAINT FOR (n:User) REQUIRE (n.a, n.b) IS NODE KEY");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->As<ast::CreateConstraint>().constraint, ast::ConstraintKind::kNodeKey);
    stmt = MustParse("CREATE CONSTRAINT ON (n:User) ASSERT n.id IS UNIQUE");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->As<ast::CreateConstraint>().constraint, ast::ConstraintKind::kUnique);
    stmt = MustParse("CREATE CONSTRAINT FOR (n:User) REQUIRE n.age IS :: INTEGER");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->As<ast::CreateConstraint>().constraint, ast::ConstraintKind::kPropertyType);
    EXPECT_EQ(stmt->As<ast::CreateConstraint>().property_type, "INTEGER");

    stmt = MustParse("DROP CONSTRAINT uniq IF EXISTS");
    ASSERT_NE(stmt, nullptr);
    ASSERT_EQ(stmt->kind, ast::StatementKind::kDropConstraint);
    EXPECT_EQ(stmt->As<ast::DropConstraint>().name, "uniq");
    EXPECT_TRUE(stmt->As<ast::DropConstraint>().if_exists);
    EXPECT_FALSE(Parse("CREATE CONSTRAINT FOR (n:User) REQUIRE n.id IS FAST").ok());
}

TEST(ParserSchemaTest, Show) {
    auto stmt = MustParse("SHOW INDEXES");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->kind, ast::StatementKind::kShowIndexes);
    stmt = MustParse("SHOW RANGE INDEXES YIELD name, type AS t WHERE t = 'RANGE' RETURN name");
    ASSERT_NE(stmt, nullptr);
    const auto& show = stmt->As<ast::ShowSchema>();
    EXPECT_EQ(show.filter, "RANGE");
    EXPECT_TRUE(show.has_yield);
    ASSERT_EQ(show.yields.size(), 2u);
    EXPECT_EQ(show.yields[1].VariableName(), "t");
    EXPECT_NE(show.where, nullptr);
    EXPECT_NE(show.ret, nullptr);
    stmt = MustParse("show constraints");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->kind, ast::StatementKind::kShowConstraints);
    EXPECT_FALSE(Parse("SHOW TABLES").ok());
}

TEST(ParserSchemaTest, CreateClauseIsNotASchemaCommand) {
    auto stmt = MustParse("CREATE (index:Index {constraint: 1})");
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(stmt->kind, ast::StatementKind::kQuery);
}

}  // namespace
}  // namespace nexus::cypher
