// CSV splitting, header parsing and field conversion of the importer (no database).
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "import/csv_reader.h"
#include "import/header.h"
#include "import/importer.h"
#include "import_test_util.h"

namespace nexus::import {
namespace {

namespace fs = std::filesystem;

class CsvTest : public ImportDirTest {
  protected:
    CsvTest() : ImportDirTest("nexus_csv_test_") {}
    // All records of a file as strings; quoted fields as <text>, bad records as !error.
    std::vector<std::vector<std::string>> ReadAll(const std::string& path, CsvDialect d = {}) {
        auto r = CsvReader::Open(path, d);
        EXPECT_TRUE(r.ok());
        std::vector<std::vector<std::string>> out;
        std::vector<CsvField> fields;
        std::string error;
        while (true) {
            auto more = (*r)->Next(&fields, &error);
            EXPECT_TRUE(more.ok());
            if (!more.ok() || !*more) break;
            std::vector<std::string> rec;
            if (!error.empty()) {
                rec.push_back("!" + error + "@" + std::to_string((*r)->line()));
            }
            for (const CsvField& f : fields) {
                rec.push_back(f.quoted ? "<" + std::string(f.text) + ">" : std::string(f.text));
            }
            out.push_back(rec);
        }
        return out;
    }
};

using Rec = std::vector<std::string>;

TEST_F(CsvTest, SplitsQuotesAndEmptyFields) {
    auto recs = ReadAll(Write("a.csv", "a,b,c\n1,,\"\"\n\"x,y\",\"say \"\"hi\"\"\",z\r\n"));
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[0], (Rec{"a", "b", "c"}));
    EXPECT_EQ(recs[1], (Rec{"1", "", "<>"}));
    EXPECT_EQ(recs[2], (Rec{"<x,y>", "<say \"hi\">", "z"}));
}

TEST_F(CsvTest, OtherDelimitersAndQuote) {
    CsvDialect d;
    d.delimiter = '\t';
    d.quote = '\'';
    auto recs = ReadAll(Write("t.csv", "a\t'b\tc'\n"), d);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0], (Rec{"a", "<b\tc>"}));
    d.delimiter = '|';
    d.quote = '"';
    recs = ReadAll(Write("p.csv", "1|two|\"3|4\"\n"), d);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0], (Rec{"1", "two", "<3|4>"}));
}

TEST_F(CsvTest, UnterminatedQuoteIsReportedWithItsLineAndReadingGoesOn) {
    auto recs = ReadAll(Write("q.csv", "a,b\n1,\"open\n2,x\n"));
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[1][0], "!unterminated quote@2");
    EXPECT_EQ(recs[2], (Rec{"2", "x"}));
}

TEST_F(CsvTest, MultilineFieldsWhenAllowed) {
    CsvDialect d;
    d.multiline_fields = true;
    auto recs = ReadAll(Write("m.csv", "1,\"two\nlines\"\n3,x\n"), d);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0], (Rec{"1", "<two\nlines>"}));
    EXPECT_EQ(recs[1], (Rec{"3", "x"}));
}

TEST_F(CsvTest, ReadsGzip) {
    std::string p = (dir_ / "g.csv.gz").string();
    gzFile f = gzopen(p.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::string text = "id:ID,name\n1,a\n2,b\n";
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    auto recs = ReadAll(p);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[2], (Rec{"2", "b"}));
}

TEST_F(CsvTest, LongLinesGrowTheBuffer) {
    std::string big(3 << 20, 'x');
    auto recs = ReadAll(Write("l.csv", "1," + big + "\n2,y"));
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0][1].size(), big.size());
    EXPECT_EQ(recs[1], (Rec{"2", "y"}));
}

std::vector<CsvField> Fields(const std::vector<std::string>& v) {
    std::vector<CsvField> out;
    for (const auto& s : v) out.push_back({s, false});
    return out;
}

TEST(HeaderTest, NodeHeader) {
    std::vector<std::string> names = {"id:ID(Person)", ":LABEL",        "name",    "age:int",
                                      "score:Double",  "tags:string[]", "x:IGNORE"};
    auto h = ParseHeader(Fields(names), EntityKind::kNodes, "f:1");
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    EXPECT_EQ(h->id_column, 0);
    EXPECT_EQ(h->columns[0].name, "id");
    EXPECT_EQ(h->columns[0].group, "Person");
    EXPECT_EQ(h->columns[1].role, ColumnRole::kLabel);
    EXPECT_EQ(h->columns[2].type, FieldType::kString);
    EXPECT_EQ(h->columns[3].type, FieldType::kInt);
    EXPECT_EQ(h->columns[4].type, FieldType::kFloat);
    EXPECT_TRUE(h->columns[5].array);
    EXPECT_EQ(h->columns[6].role, ColumnRole::kIgnore);
}

TEST(HeaderTest, RelationshipHeader) {
    auto h = ParseHeader(Fields({":START_ID(A)", ":END_ID(B)", ":TYPE", "since:LONG"}),
                         EntityKind::kRelationships, "f:1");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->start_column, 0);
    EXPECT_EQ(h->end_column, 1);
    EXPECT_EQ(h->type_column, 2);
    EXPECT_EQ(h->columns[0].group, "A");
    EXPECT_EQ(h->columns[3].type, FieldType::kInt);
}

TEST(HeaderTest, Errors) {
    auto h = ParseHeader(Fields({"a:wibble"}), EntityKind::kNodes, "f.csv:1");
    ASSERT_FALSE(h.ok());
    EXPECT_NE(h.status().message().find("f.csv:1"), std::string::npos);
    EXPECT_NE(h.status().message().find("wibble"), std::string::npos);
    EXPECT_FALSE(ParseHeader(Fields({":START_ID", "x"}), EntityKind::kRelationships, "f").ok());
    EXPECT_FALSE(ParseHeader(Fields({":ID", ":ID"}), EntityKind::kNodes, "f").ok());
    EXPECT_FALSE(ParseHeader(Fields({":START_ID"}), EntityKind::kNodes, "f").ok());
}

Value Parse(std::string_view text, FieldType t) {
    Value v;
    std::string error;
    EXPECT_TRUE(ParseField(text, t, &v, &error)) << text << ": " << error;
    return v;
}

bool Rejects(std::string_view text, FieldType t) {
    Value v;
    std::string error;
    bool ok = ParseField(text, t, &v, &error);
    return !ok && !error.empty();
}

TEST(FieldTest, Scalars) {
    EXPECT_EQ(Parse("-42", FieldType::kInt).as_int(), -42);
    EXPECT_EQ(Parse(" 7 ", FieldType::kInt).as_int(), 7);
    EXPECT_DOUBLE_EQ(Parse("2.5e3", FieldType::kFloat).as_float(), 2500.0);
    EXPECT_TRUE(Parse("TRUE", FieldType::kBool).as_bool());
    EXPECT_FALSE(Parse("false", FieldType::kBool).as_bool());
    EXPECT_EQ(Parse("hi there", FieldType::kString).as_string(), "hi there");
    EXPECT_TRUE(Rejects("12x", FieldType::kInt));
    EXPECT_TRUE(Rejects("99999999999999999999", FieldType::kInt));
    EXPECT_TRUE(Rejects("abc", FieldType::kFloat));
    EXPECT_TRUE(Rejects("yes", FieldType::kBool));
}

TEST(FieldTest, Temporals) {
    EXPECT_EQ(Parse("1970-01-02", FieldType::kDate).as_date().days, 1);
    EXPECT_EQ(Parse("1969-12-31", FieldType::kDate).as_date().days, -1);
    EXPECT_EQ(Parse("01:02:03.5", FieldType::kLocalTime).as_local_time().nanos, 3723'500'000'000);
    Value t = Parse("10:00+01:00", FieldType::kTime);
    EXPECT_EQ(t.as_time().offset_seconds, 3600);
    Value ldt = Parse("1970-01-01T00:01:00", FieldType::kLocalDateTime);
    EXPECT_EQ(ldt.as_local_date_time().seconds, 60);
    Value dt = Parse("1970-01-01T01:00:00+01:00", FieldType::kDateTime);
    EXPECT_EQ(dt.as_date_time().seconds, 0);
    EXPECT_EQ(dt.as_date_time().offset_seconds, 3600);
    Value z = Parse("2010-03-24T17:44:43.497+0000", FieldType::kDateTime);
    EXPECT_EQ(z.as_date_time().nanos, 497'000'000);
    Value named = Parse("2020-01-01T00:00+01:00[Europe/Paris]", FieldType::kDateTime);
    EXPECT_EQ(named.as_date_time().zone_id, "Europe/Paris");
    Value d = Parse("P1Y2M3DT4H5M6.5S", FieldType::kDuration);
    EXPECT_EQ(d.as_duration().months, 14);
    EXPECT_EQ(d.as_duration().days, 3);
    EXPECT_EQ(d.as_duration().seconds, 4 * 3600 + 5 * 60 + 6);
    EXPECT_EQ(d.as_duration().nanos, 500'000'000);
    EXPECT_TRUE(Rejects("2021-02-30", FieldType::kDate));
    EXPECT_TRUE(Rejects("25:00", FieldType::kLocalTime));
    EXPECT_TRUE(Rejects("2020-01-01T00:00[Europe/Paris]", FieldType::kDateTime));
    EXPECT_TRUE(Rejects("P", FieldType::kDuration));
}

TEST(FieldTest, Arrays) {
    Column c;
    c.type = FieldType::kInt;
    c.array = true;
    Value v;
    std::string error;
    ASSERT_TRUE(ParseColumnValue(c, "1;2;3", ';', &v, &error));
    ASSERT_EQ(v.as_list().size(), 3u);
    EXPECT_EQ(v.as_list()[2].as_int(), 3);
    EXPECT_FALSE(ParseColumnValue(c, "1;x", ';', &v, &error));
    c.type = FieldType::kString;
    ASSERT_TRUE(ParseColumnValue(c, "a|b", '|', &v, &error));
    EXPECT_EQ(v.as_list()[1].as_string(), "b");
}

TEST(InputGroupTest, Parses) {
    auto g = ParseInputGroup("A:B=h.csv,p1.csv");
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->names, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(g->files, (std::vector<std::string>{"h.csv", "p1.csv"}));
    g = ParseInputGroup("x.csv");
    ASSERT_TRUE(g.ok());
    EXPECT_TRUE(g->names.empty());
    EXPECT_FALSE(ParseInputGroup("A=").ok());
}

}  // namespace
}  // namespace nexus::import
