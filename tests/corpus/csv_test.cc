#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "corpus/corpus_internal.h"

namespace parallax {
namespace {

using corpus_internal::CsvReader;
using corpus_internal::CsvRecord;

std::vector<CsvRecord> ReadAll(const std::string& data) {
  CsvReader reader(data);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.Next(&record)) records.push_back(record);
  return records;
}

TEST(CsvReaderTest, QuotesNewlinesAndCrlf) {
  const std::vector<CsvRecord> records = ReadAll(
      "id,text\r\n"
      "1,\"Il a dit \"\"non\"\", puis\r\nest parti.\"\r\n"
      "\r\n"
      "2,plain text\r\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"id", "text"}));
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "Il a dit \"non\", puis\r\nest parti."}));
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"2", "plain text"}));
  EXPECT_EQ(records[2].line, 5u);  // line 3 holds the quoted line break, line 4 is blank
  for (const CsvRecord& r : records) EXPECT_EQ(r.error, "");
}

TEST(CsvReaderTest, EmptyFieldsAndNoFinalNewline) {
  const std::vector<CsvRecord> records = ReadAll("a,,\"\"\nx,y,");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "", ""}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"x", "y", ""}));
}

TEST(CsvReaderTest, QuoteInsideUnquotedFieldIsKept) {
  const std::vector<CsvRecord> records = ReadAll("5 \"inch\" screen,b\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"5 \"inch\" screen", "b"}));
}

TEST(CsvReaderTest, MalformedRecords) {
  const std::vector<CsvRecord> records = ReadAll(
      "\"a\"b,c\n"
      "ok,1\n"
      "\"never closed,2\nmore\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].error, "unexpected character after a closing quote");
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"ok", "1"}));
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].error, "quoted field not closed before the end of the file");
  EXPECT_EQ(records[2].line, 3u);
}

}  // namespace
}  // namespace parallax
