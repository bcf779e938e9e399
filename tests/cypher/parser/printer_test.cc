// The AST printer: canonical spelling, minimal but sufficient parentheses, quoting of names
// and strings, and print -> parse -> print stability on hand-picked tricky queries.
#include "cypher/parser/ast_printer.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace nexus::cypher {
namespace {

std::string Canonical(const std::string& query) {
    auto stmt = testing::MustParse(query);
    return stmt ? PrintStatement(*stmt) : "<error>";
}

TEST(PrinterTest, CanonicalSpelling) {
    EXPECT_EQ(Canonical("match (n:Person{name:'x'})-[:KNOWS*1..2]->(m) where n.age>1 return n"),
              "MATCH (n:Person {name: 'x'})-[:KNOWS*1..2]->(m) WHERE n.age > 1 RETURN n");
    EXPECT_EQ(Canonical("RETURN 1 AS a UNION ALL RETURN 2 AS a"),
              "RETURN 1 AS a UNION ALL RETURN 2 AS a");
    EXPECT_EQ(Canonical("explain match (n) return n order by n.x desc skip 1 limit 2"),
              "EXPLAIN MATCH (n) RETURN n ORDER BY n.x DESC SKIP 1 LIMIT 2");
    EXPECT_EQ(Canonical("MATCH (a)<-[r:T|:U]-(b) RETURN a"), "MATCH (a)<-[r:T|U]-(b) RETURN a");
    EXPECT_EQ(Canonical("CREATE INDEX i FOR (n:L) ON (n.a)"),
              "CREATE RANGE INDEX i FOR (n:L) ON (n.a)");
}

TEST(PrinterTest, ParenthesesFollowPrecedence) {
    EXPECT_EQ(Canonical("RETURN (1 + 2) * 3, 1 + (2 * 3), (a OR b) AND c, NOT (a AND b)"),
              "RETURN (1 + 2) * 3, 1 + 2 * 3, (a OR b) AND c, NOT (a AND b)");
    EXPECT_EQ(Canonical("RETURN 1 - (2 - 3), (1 - 2) - 3, 2 ^ (3 ^ 2)"),
              "RETURN 1 - (2 - 3), 1 - 2 - 3, 2 ^ (3 ^ 2)");
    EXPECT_EQ(Canonical("RETURN (-2).x, -(2 ^ 2), - -a, (a = b) = c"),
              "RETURN (-2).x, -(2 ^ 2), - -a, (a = b) = c");
    EXPECT_EQ(Canonical("RETURN (a IS NULL) IS NULL, (a + b).c"),
              "RETURN a IS NULL IS NULL, (a + b).c");
}

TEST(PrinterTest, QuotingOfNamesAndStrings) {
    EXPECT_EQ(QuoteName("name"), "name");
    EXPECT_EQ(QuoteName("weird name"), "`weird name`");
    EXPECT_EQ(QuoteName("a`b"), "`a``b`");
    EXPECT_EQ(QuoteName("RETURN"), "`RETURN`");
    EXPECT_EQ(QuoteName("1abc"), "`1abc`");
    EXPECT_EQ(Canonical("RETURN 'it\\'s\\n', \"q\\\"\" AS `my col`"),
              "RETURN 'it\\'s\\n', 'q\"' AS `my col`");
    EXPECT_EQ(Canonical("RETURN $`a b`, $0, $p"), "RETURN $`a b`, $0, $p");
}

TEST(PrinterTest, LiteralsReparseToTheSameValue) {
    EXPECT_EQ(Canonical("RETURN 1.0, 0.1, 1e300, -9223372036854775808, 0x10"),
              "RETURN 1.0, 0.10000000000000001, 1.0000000000000001e+300, "
              "-9223372036854775808, 16");
}

TEST(PrinterTest, TrickyQueriesAreStable) {
    const char* queries[] = {
        "MATCH p = shortestPath((a)-[*..3]-(b)) RETURN [n IN nodes(p) | n.name] AS names",
        "MATCH (n) WHERE NOT (n)-->() AND ALL(x IN n.l WHERE x > 0) RETURN n {.*, k: 1}",
        "UNWIND [1, 2] AS x WITH x WHERE x > 1 RETURN reduce(s = 0, y IN [x] | s + y)",
        "MATCH (n) CALL { WITH n RETURN n.x AS x } IN TRANSACTIONS OF 10 ROWS RETURN x",
        "MATCH (n) RETURN CASE n.x WHEN 1 THEN 'a' ELSE 'b' END, COUNT { (n)--() }",
        "FOREACH (x IN [1] | MERGE (n:N {x: x}) ON CREATE SET n.c = 1 ON MATCH SET n += {d: 2})",
        "MATCH (n) REMOVE n:A:B, n.p SET n[$k] = 1 DETACH DELETE n",
        "CALL db.labels() YIELD label WHERE label STARTS WITH 'A' RETURN label",
        "RETURN a[1..], a[..-1], a[..], -a[0], [(a)-->(b) WHERE b:X | b]",
        "SHOW UNIQUE CONSTRAINTS YIELD name ORDER BY name LIMIT 1",
        "CREATE CONSTRAINT c IF NOT EXISTS FOR ()-[r:T]-() REQUIRE r.k IS UNIQUE",
        "MATCH (a:A) USING INDEX a:A(x) USING JOIN ON a WHERE a.x = 1 RETURN a",
        "MATCH (n) WHERE n:A|B RETURN [x IN [n] WHERE (x:A|B) | x] AS l",
    };
    for (const char* q : queries) {
        std::string once = Canonical(q);
        EXPECT_EQ(Canonical(once), once) << q;
    }
}

}  // namespace
}  // namespace nexus::cypher
