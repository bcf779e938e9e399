// Runs the parser over every query of the openCypher TCK: queries the TCK expects to compile
// must parse and round-trip through the printer; scenarios expecting a compile-time
// SyntaxError are counted, and those whose detail is the parser's job must be rejected with
// that detail.
#include <gtest/gtest.h>

#include <set>

#include "cypher/parser/ast_clone.h"
#include "cypher/parser/ast_printer.h"
#include "cypher/parser/parser.h"
#include "tck_corpus.h"

namespace nexus::cypher {
namespace {

using testing::TckQuery;

// Details the parser itself must report; the rest are semantic (VariableAlreadyBound, ...).
const std::set<std::string>& ParserDetails() {
    static const std::set<std::string> kDetails = {
        "UnexpectedSyntax",     "IntegerOverflow",       "FloatingPointOverflow",
        "InvalidNumberLiteral", "InvalidUnicodeLiteral", "InvalidUnicodeCharacter"};
    return kDetails;
}

bool ExpectsCompileSyntaxError(const TckQuery& q) {
    return q.is_main && q.error_type == "SyntaxError" && q.error_phase == "compile time";
}

class TckParseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string dir = testing::TckFeaturesDir();
        if (dir.empty()) GTEST_SKIP() << "TCK features not found; set NEXUS_TCK_DIR";
        queries_ = testing::LoadTckQueries(dir);
        ASSERT_GT(queries_.size(), 1000u) << "suspiciously few TCK queries in " << dir;
    }
    std::vector<TckQuery> queries_;
};

TEST_F(TckParseTest, EveryQueryExpectedToCompileParses) {
    size_t parsed = 0;
    std::vector<std::string> failures;
    for (const auto& q : queries_) {
        if (ExpectsCompileSyntaxError(q)) continue;
        auto result = Parse(q.text);
        if (result.ok()) {
            ++parsed;
        } else {
            failures.push_back(q.location + "\n" + q.text + "\n  -> " + result.status().ToString());
        }
    }
    for (size_t i = 0; i < failures.size() && i < 25; ++i) ADD_FAILURE() << failures[i];
    EXPECT_EQ(failures.size(), 0u);
    std::cout << "[ TCK ] " << parsed << " queries expected to compile parse\n";
}

TEST_F(TckParseTest, PrintedQueriesReparseToTheSameText) {
    size_t checked = 0;
    std::vector<std::string> failures;
    for (const auto& q : queries_) {
        auto first = Parse(q.text);
        if (!first.ok()) continue;
        std::string printed = PrintStatement(**first);
        auto second = Parse(printed);
        if (!second.ok()) {
            failures.push_back(q.location + "\n" + printed + "\n  -> " +
                               second.status().ToString());
            continue;
        }
        std::string reprinted = PrintStatement(**second);
        if (reprinted != printed) {
            failures.push_back(q.location + "\n  " + printed + "\n  " + reprinted);
            continue;
        }
        ++checked;
    }
    for (size_t i = 0; i < failures.size() && i < 25; ++i) ADD_FAILURE() << failures[i];
    EXPECT_EQ(failures.size(), 0u);
    EXPECT_GT(checked, 1000u);
    std::cout << "[ TCK ] " << checked << " queries round-trip through the printer\n";
}

TEST_F(TckParseTest, ClonedQueriesPrintIdentically) {
    size_t cloned = 0;
    for (const auto& q : queries_) {
        auto parsed = Parse(q.text);
        if (!parsed.ok() || (*parsed)->kind != ast::StatementKind::kQuery) continue;
        const ast::Query& original = (*parsed)->As<ast::QueryStatement>().query;
        ast::Query copy = ast::Clone(original);
        ASSERT_EQ(PrintQuery(copy), PrintQuery(original)) << q.location;
        ++cloned;
    }
    EXPECT_GT(cloned, 1000u);
}

TEST_F(TckParseTest, SyntaxErrorScenarios) {
    size_t total = 0, caught = 0, parser_total = 0, parser_caught = 0;
    std::vector<std::string> missed;
    for (const auto& q : queries_) {
        if (!ExpectsCompileSyntaxError(q)) continue;
        ++total;
        auto result = Parse(q.text);
        bool is_parser_detail = ParserDetails().count(q.error_detail) > 0;
        if (is_parser_detail) ++parser_total;
        if (result.ok()) {
            if (is_parser_detail) missed.push_back(q.location + "\n" + q.text);
            continue;
        }
        ++caught;
        EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError) << q.location;
        if (!is_parser_detail) continue;
        std::string detail = ast::ErrorDetailName(ast::ErrorDetailOf(result.status()));
        if (detail == q.error_detail) {
            ++parser_caught;
        } else {
            missed.push_back(q.location + "\n" + q.text + "\n  -> " + result.status().ToString() +
                             " (want " + q.error_detail + ")");
        }
    }
    for (size_t i = 0; i < missed.size() && i < 25; ++i) ADD_FAILURE() << missed[i];
    EXPECT_EQ(parser_caught, parser_total);
    std::cout << "[ TCK ] compile-time SyntaxError scenarios: " << total << ", rejected by the "
              << "parser: " << caught << "; with a parser detail: " << parser_caught << "/"
              << parser_total << "\n";
}

}  // namespace
}  // namespace nexus::cypher
