// Robustness: thousands of deterministic mutations of real TCK queries (truncations,
// deletions, insertions of Cypher punctuation and keywords). The parser must never crash,
// must fail only with kSyntaxError, and whatever it accepts must print and re-parse stably.
#include <gtest/gtest.h>

#include <random>

#include "cypher/parser/ast_printer.h"
#include "cypher/parser/parser.h"
#include "tck_corpus.h"

namespace nexus::cypher {
namespace {

constexpr const char* kFragments[] = {
    "(",          ")",
    "[",          "]",
    "{",          "}",
    "-",          "->",
    "<-",         "*",
    "..",         ":",
    ",",          "|",
    "'",          "\"",
    "`",          "$",
    ".",          "=",
    "=~",         " AND ",
    " OR ",       " NOT ",
    " IN ",       " WHERE ",
    " RETURN ",   " WITH ",
    " MATCH ",    " CASE ",
    " END ",      " UNION ",
    " CALL { ",   " } ",
    " EXISTS { ", "1",
    "0x",         "1e",
    "\\u",        "9223372036854775808",
    "/*",         "//",
    "\n",         ";",
    " IS NULL ",  " STARTS WITH ",
    "+=",
};

std::string Mutate(const std::string& text, std::mt19937* rng) {
    std::string out = text;
    if (out.empty()) return out;
    std::uniform_int_distribution<size_t> pos_dist(0, out.size());
    size_t pos = pos_dist(*rng);
    switch ((*rng)() % 4) {
        case 0:  // truncate
            out.resize(pos);
            break;
        case 1: {  // delete a span
            size_t len = 1 + (*rng)() % 8;
            out.erase(pos, len);
            break;
        }
        case 2: {  // insert a fragment
            const char* f = kFragments[(*rng)() % (sizeof(kFragments) / sizeof(kFragments[0]))];
            out.insert(pos, f);
            break;
        }
        default: {  // swap two spans
            size_t other = pos_dist(*rng);
            if (pos > other) std::swap(pos, other);
            size_t len = std::min<size_t>(1 + (*rng)() % 6, out.size() - other);
            std::string piece = out.substr(other, len);
            out.erase(other, len);
            out.insert(pos, piece);
            break;
        }
    }
    return out;
}

TEST(ParserMutationTest, MutatedTckQueriesNeverCrashAndRoundTrip) {
    std::string dir = testing::TckFeaturesDir();
    if (dir.empty()) GTEST_SKIP() << "TCK features not found; set NEXUS_TCK_DIR";
    auto queries = testing::LoadTckQueries(dir);
    ASSERT_FALSE(queries.empty());
    std::mt19937 rng(20261124);
    size_t accepted = 0, rejected = 0;
    std::vector<std::string> failures;
    for (size_t i = 0; i < queries.size(); ++i) {
        for (int round = 0; round < 4; ++round) {
            std::string mutated = Mutate(queries[i].text, &rng);
            auto result = Parse(mutated);
            if (!result.ok()) {
                ++rejected;
                if (result.status().code() != StatusCode::kSyntaxError) {
                    failures.push_back(mutated + "\n  -> " + result.status().ToString());
                }
                continue;
            }
            ++accepted;
            std::string printed = PrintStatement(**result);
            auto again = Parse(printed);
            if (!again.ok() || PrintStatement(**again) != printed) {
                failures.push_back(
                    mutated + "\n  printed: " + printed + "\n  -> " +
                    (again.ok() ? PrintStatement(**again) : again.status().ToString()));
            }
        }
    }
    for (size_t i = 0; i < failures.size() && i < 20; ++i) ADD_FAILURE() << failures[i];
    EXPECT_EQ(failures.size(), 0u);
    EXPECT_GT(rejected, 1000u);
    EXPECT_GT(accepted, 1000u);
}

TEST(ParserMutationTest, RandomBytesNeverCrash) {
    std::mt19937 rng(7);
    const std::string alphabet = "()[]{}-<>*:.,|'\"`$=~+/%^ \n\tabcXYZ019_\\";
    size_t errors = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        size_t len = rng() % 40;
        for (size_t k = 0; k < len; ++k) {
            text.push_back(rng() % 8 == 0 ? static_cast<char>(rng() % 256)
                                          : alphabet[rng() % alphabet.size()]);
        }
        auto result = Parse(text);
        if (!result.ok()) {
            ++errors;
            EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError) << text;
        }
    }
    EXPECT_GT(errors, 19000u);
}

}  // namespace
}  // namespace nexus::cypher
