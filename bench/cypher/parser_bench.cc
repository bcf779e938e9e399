// Parse speed of typical queries; the goal is well under 20 us for a ~200-character query.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "cypher/parser/ast_printer.h"
#include "cypher/parser/lexer.h"
#include "cypher/parser/parser.h"

namespace {

// About 200 characters: a two-hop match with filters, aggregation and ordering.
constexpr const char* kTypical =
    "MATCH (p:Person {name: $name})-[:KNOWS*1..2]->(f:Person)-[:LIVES_IN]->(c:City) "
    "WHERE f.age >= 18 AND NOT f.name STARTS WITH 'X' AND c.country IN $countries "
    "RETURN c.name AS city, count(DISTINCT f) AS friends ORDER BY friends DESC LIMIT 10";

constexpr const char* kSmall = "MATCH (n:Person) WHERE n.id = $id RETURN n";

constexpr const char* kLarge =
    "MATCH (a:Account)-[t:TRANSFER]->(b:Account) WHERE t.amount > 1000 AND a <> b "
    "WITH a, b, collect(t) AS ts, sum(t.amount) AS total WHERE size(ts) > 2 "
    "OPTIONAL MATCH (b)-[:OWNED_BY]->(o:Person) "
    "UNWIND ts AS x WITH a, b, o, total, x ORDER BY x.date "
    "RETURN a.id, b.id, o {.name, .email, age: o.age}, total, "
    "[y IN collect(x) WHERE y.amount > 5000 | y.id] AS big, "
    "CASE WHEN total > 1e6 THEN 'high' WHEN total > 1e4 THEN 'mid' ELSE 'low' END AS band "
    "ORDER BY total DESC SKIP 0 LIMIT 100";

void BM_Parse(benchmark::State& state, const char* query) {
    for (auto _ : state) {
        auto result = nexus::cypher::Parse(query);
        if (!result.ok()) state.SkipWithError(result.status().message().c_str());
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                            static_cast<int64_t>(std::string_view(query).size()));
}
BENCHMARK_CAPTURE(BM_Parse, small, kSmall);
BENCHMARK_CAPTURE(BM_Parse, typical_200_chars, kTypical);
BENCHMARK_CAPTURE(BM_Parse, large, kLarge);

void BM_Lex(benchmark::State& state) {
    std::vector<nexus::cypher::Token> tokens;
    for (auto _ : state) {
        nexus::Status status = nexus::cypher::Lex(kTypical, &tokens);
        benchmark::DoNotOptimize(status);
    }
}
BENCHMARK(BM_Lex);

void BM_Print(benchmark::State& state) {
    auto parsed = nexus::cypher::Parse(kTypical);
    for (auto _ : state) {
        std::string text = nexus::cypher::PrintStatement(**parsed);
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(BM_Print);

}  // namespace
