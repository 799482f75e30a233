// JSONL and CSV files are read a record at a time: records spanning buffer
// refills come out as from the whole text, over-long ones are skipped, and a
// file that is not text is still skipped whole.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "corpus/corpus_internal.h"
#include "corpus/temp_dir.h"
#include "parallax/corpus.h"

namespace parallax {
namespace {

using corpus_internal::CsvReader;
using corpus_internal::CsvRecord;
using testing_util::TempDir;

std::vector<std::pair<std::string, std::string>> Skips(const ReadResult& result) {
  std::vector<std::pair<std::string, std::string>> skipped;
  for (const SkippedInput& s : result.skipped) skipped.emplace_back(s.where, s.reason);
  return skipped;
}

// Well over the reader's 64 KiB buffer, with quoted line breaks, doubled
// quotes and CRLF falling anywhere across refills.
TEST(StreamingTest, CsvAcrossBufferRefillsReadsAsTheWholeText) {
  std::string csv = "\xEF\xBB\xBFid,title,text\r\n";
  for (int i = 0; i < 3000; ++i) {
    csv += std::to_string(i) + ",\"Titre, " + std::to_string(i) + "\",\"Le conseil " + std::to_string(i) +
           " a dit \"\"oui\"\".\r\nPuis la s\xC3\xA9\x61nce a repris" + std::string(i % 50, '.') + "\"\r\n";
  }
  TempDir dir;
  const std::string path = dir.Write("big.csv", csv);
  ASSERT_GT(csv.size(), 4u * 65536);
  const StatusOr<ReadResult> result = ReadInputs({path}, ReadOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->articles.size(), 3000u) << (result->skipped.empty() ? "" : result->skipped[0].reason);

  CsvReader whole(std::string_view(csv).substr(3));
  CsvRecord record;
  ASSERT_TRUE(whole.Next(&record));  // the header
  for (const Article& a : result->articles) {
    ASSERT_TRUE(whole.Next(&record));
    EXPECT_EQ(a.id, record.fields[0]);
    EXPECT_EQ(a.title, record.fields[1]);
    EXPECT_EQ(a.text, record.fields[2]);
  }
}

TEST(StreamingTest, OverLongJsonlLineAndCsvRecordAreSkippedTheRestRead) {
  TempDir dir;
  const std::string jsonl = dir.Write("r.jsonl",
                                      "{\"id\": \"a\", \"text\": \"Un texte court.\"}\n"
                                      "{\"id\": \"long\", \"text\": \"" + std::string(300, 'x') + "\"}\n"
                                      "{\"id\": \"b\", \"text\": \"Un autre texte.\"}\n");
  const std::string csv = dir.Write("r.csv",
                                    "id,text\n"
                                    "c,Un texte court.\n"
                                    "long,\"" + std::string(150, 'y') + "\n" + std::string(150, 'y') + "\"\n"
                                    "d,Un autre texte.\n");
  ReadOptions options;
  options.max_record_bytes = 200;
  const StatusOr<ReadResult> result = ReadInputs({jsonl, csv}, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  std::vector<std::string> ids;
  for (const Article& a : result->articles) ids.push_back(a.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(Skips(*result), (std::vector<std::pair<std::string, std::string>>{
                                {jsonl + ":2", "line of more than 200 bytes (max_record_bytes): not read"},
                                {csv + ":3", "record of more than 200 bytes (max_record_bytes): not read"},
                            }));
  EXPECT_EQ(result->files_read, 2u);
}

// Invalid UTF-8 or a NUL byte anywhere skips the whole file, as when files
// were read whole, even past the records already read.
TEST(StreamingTest, FileThatIsNotTextIsSkippedWhole) {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 5000; ++i) lines += "{\"id\": \"r" + std::to_string(i) + "\", \"text\": \"Un texte.\"}\n";
  const std::string last = "{\"id\": \"x\", \"text\": \"caf\xE9\"}\n";
  const std::string latin1 = dir.Write("latin1.jsonl", lines + last);
  const std::string binary = dir.Write("binary.csv", std::string("id,text\n1,a\0b\n", 14));
  const StatusOr<ReadResult> result = ReadInputs({latin1, binary}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->articles.empty());
  EXPECT_EQ(result->files_read, 0u);
  const auto skipped = Skips(*result);
  ASSERT_EQ(skipped.size(), 2u);
  EXPECT_EQ(skipped[0].first, latin1);
  EXPECT_EQ(skipped[0].second.rfind("not valid UTF-8 at byte " + std::to_string(lines.size() + last.find('\xE9')), 0), 0u)
      << skipped[0].second;
  EXPECT_EQ(skipped[1], (std::pair<std::string, std::string>{binary, "binary file"}));
}

TEST(StreamingTest, OversizedTxtIsRefusedBySize) {
  TempDir dir;
  const std::string txt = dir.Write("big.txt", "Titre\n" + std::string(100, 'a') + "\n");
  ReadOptions options;
  options.max_article_bytes = 50;
  const StatusOr<ReadResult> result = ReadInputs({txt}, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Skips(*result), (std::vector<std::pair<std::string, std::string>>{
                                {txt, "file is 107 bytes, over the limit of 50 bytes (max_article_bytes)"}}));
}

}  // namespace
}  // namespace parallax
