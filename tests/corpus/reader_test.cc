#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/temp_dir.h"
#include "parallax/corpus.h"

namespace parallax {
namespace {

using testing_util::TempDir;

const char kUtf8Hint[] = " (convert it first, e.g. iconv -f latin1 -t utf-8)";

std::vector<std::string> Ids(const ReadResult& result) {
  std::vector<std::string> ids;
  for (const Article& a : result.articles) ids.push_back(a.id);
  return ids;
}

std::string SegmentText(const Article& a, size_t i) { return a.text.substr(a.segments[i].begin, a.segments[i].size()); }

TEST(ReadInputsTest, WalksDirectoryInPathOrder) {
  TempDir dir;
  dir.Write("b.txt", "Titre B\nCorps B.\n");
  dir.Write("a/z.txt", "Titre Z\nCorps Z.\n");
  dir.Write("a-b.txt", "Titre AB\nCorps AB.\n");
  dir.Write("c.jsonl", "{\"id\": \"c1\", \"text\": \"Corps C1.\"}\n{\"id\": \"c2\", \"text\": \"Corps C2.\"}\n");
  dir.Write("notes.md", "ignored");
  dir.Write("photo.png", std::string("\x89PNG\0\0", 6));
  dir.Write(".hidden.txt", "Titre caché\n");
  dir.Write(".git/x.txt", "Titre git\n");
  std::vector<std::pair<size_t, size_t>> calls;
  StatusOr<ReadResult> result =
      ReadInputs({dir.path()}, ReadOptions{}, [&](size_t done, size_t total) { calls.emplace_back(done, total); });
  ASSERT_TRUE(result.ok()) << result.status().message();
  // Paths compare element by element: "a/z.txt" (element "a") sorts before "a-b.txt".
  EXPECT_EQ(Ids(*result), (std::vector<std::string>{"z", "a-b", "b", "c1", "c2"}));
  EXPECT_TRUE(result->skipped.empty());
  EXPECT_EQ(result->files_read, 4u);
  EXPECT_EQ(calls, (std::vector<std::pair<size_t, size_t>>{{1, 4}, {2, 4}, {3, 4}, {4, 4}}));
}

TEST(ReadInputsTest, MissingPathIsNotFound) {
  TempDir dir;
  const std::string good = dir.Write("a.txt", "Titre\n");
  const std::string missing = dir.Path("nope");
  StatusOr<ReadResult> result = ReadInputs({good, missing}, ReadOptions{});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(result.status().message(), "no such file or directory: '" + missing + "'");
}

TEST(ReadInputsTest, FileNamedDirectlyNeedsKnownExtension) {
  TempDir dir;
  const std::string md = dir.Write("notes.md", "Titre\n");
  const std::string txt = dir.Write("UPPER.TXT", "Titre\n");
  StatusOr<ReadResult> result = ReadInputs({md, txt}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Ids(*result), (std::vector<std::string>{"UPPER"}));
  ASSERT_EQ(result->skipped.size(), 1u);
  EXPECT_EQ(result->skipped[0].where, md);
  EXPECT_EQ(result->skipped[0].reason, "not a .txt, .jsonl or .csv file");
}

TEST(ReadInputsTest, JsonlBadLineIsSkippedOthersRead) {
  TempDir dir;
  const std::string path = dir.Write("file.jsonl",
                                     "{\"id\": \"a\", \"text\": \"Premier texte.\", \"title\": \"Un\", "
                                     "\"date\": \"21/02/2022\", \"url\": \"https://www.lemonde.fr/a\"}\n"
                                     "{\"id\": \"b\", \"text\": \n"
                                     "\n"
                                     "{\"id\": 7, \"text\": \"The third text is here.\", \"title\": null, "
                                     "\"date\": \"yesterday\", \"lang\": \"de\"}\n");
  StatusOr<ReadResult> result = ReadInputs({path}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Ids(*result), (std::vector<std::string>{"a", "7"}));
  ASSERT_EQ(result->skipped.size(), 1u);
  EXPECT_EQ(result->skipped[0].where, path + ":2");
  EXPECT_EQ(result->skipped[0].reason, "invalid JSON");
  EXPECT_EQ(result->files_read, 1u);

  const Article& a = result->articles[0];
  EXPECT_EQ(a.title, "Un");
  EXPECT_EQ(a.date, "2022-02-21");
  EXPECT_EQ(a.outlet, "lemonde.fr");
  ASSERT_EQ(a.segments.size(), 1u);
  EXPECT_EQ(SegmentText(a, 0), "Premier texte.");
  const Article& b = result->articles[1];
  EXPECT_EQ(b.title, "");
  EXPECT_EQ(b.date, "yesterday");  // not a date: kept as given, with the article, and noted
  EXPECT_EQ(b.lang, "de");
  ASSERT_EQ(result->unread_dates.size(), 1u);
  EXPECT_EQ(result->unread_dates[0].where, path + ":4");
  EXPECT_NE(result->unread_dates[0].reason.find("'yesterday'"), std::string::npos) << result->unread_dates[0].reason;
}

TEST(ReadInputsTest, UnreadDatesAreNotedWithFileAndLine) {
  TempDir dir;
  const std::string csv = dir.Write("file.csv",
                                    "id,text,date\n"
                                    "a,Premier texte.,Feb 22 2022 at noon\n"
                                    "b,Second texte.,02/03/2022\n"
                                    "c,Troisième texte.,\"Feb 22, 2022\"\n");
  const std::string txt = dir.Write("t.txt", "date 2022-13 https://example.com/x\nTitre\nCorps du texte.\n");
  StatusOr<ReadResult> result = ReadInputs({csv, txt}, ReadOptions{.strict = true});
  ASSERT_TRUE(result.ok()) << result.status().ToString();  // not a skip, even when strict
  ASSERT_EQ(result->articles.size(), 4u);
  EXPECT_EQ(result->articles[2].date, "2022-02-22");
  EXPECT_EQ(result->articles[3].date, "2022-13");  // the header's date, kept as given
  EXPECT_EQ(result->articles[3].title, "Titre");
  ASSERT_EQ(result->unread_dates.size(), 3u);
  EXPECT_EQ(result->unread_dates[0].where, csv + ":2");
  EXPECT_EQ(result->unread_dates[1].where, csv + ":3");
  EXPECT_EQ(result->unread_dates[2].where, txt);
}

TEST(ReadInputsTest, JsonlReasonsNameTheField) {
  TempDir dir;
  const std::string path = dir.Write("r.jsonl",
                                     "\xEF\xBB\xBF{\"id\": \"ok\", \"text\": \"Un texte.\"}\n"  // BOM tolerated
                                     "{\"text\": \"Pas d'id.\"}\n"
                                     "{\"id\": \"t\"}\n"
                                     "{\"id\": \"n\", \"text\": 3}\n"
                                     "{\"id\": 1.5, \"text\": \"x\"}\n"
                                     "{\"id\": \"w\", \"text\": \"x\", \"title\": 3}\n"
                                     "[1, 2]\n"
                                     "{\"id\": \"e\", \"text\": \"Share\"}\r\n");
  StatusOr<ReadResult> result = ReadInputs({path}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Ids(*result), (std::vector<std::string>{"ok"}));
  std::vector<std::pair<std::string, std::string>> skipped;
  for (const SkippedInput& s : result->skipped) skipped.emplace_back(s.where, s.reason);
  EXPECT_EQ(skipped, (std::vector<std::pair<std::string, std::string>>{
                         {path + ":2", "missing field 'id'"},
                         {path + ":3", "missing field 'text'"},
                         {path + ":4", "field 'text' must be a string"},
                         {path + ":5", "field 'id' must be a string or an integer"},
                         {path + ":6", "field 'title' must be a string"},
                         {path + ":7", "not a JSON object"},
                         {path + ":8", "no content: the text is empty or only boilerplate"},
                     }));
}

TEST(ReadInputsTest, CsvQuotedNewlineEscapedQuoteAndCrlf) {
  TempDir dir;
  const std::string path =
      dir.Write("news.csv",
                "\xEF\xBB\xBF"
                "ID,Title,TEXT,Extra,Date\r\n"
                "1,\"Genève, mardi\",\"Il a dit \"\"non\"\".\r\nPuis il est parti.\",x,2022-02-21\r\n"
                "2,Short,Only two lines of text.\r\n"
                "3,Deux,\"Le second texte, écrit en français pour les lecteurs.\",,\r\n");
  StatusOr<ReadResult> result = ReadInputs({path}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Ids(*result), (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(result->files_read, 1u);
  ASSERT_EQ(result->skipped.size(), 1u);
  EXPECT_EQ(result->skipped[0].where, path + ":4");  // record 1 spans lines 2 and 3
  EXPECT_EQ(result->skipped[0].reason, "3 fields, the header has 5");

  const Article& first = result->articles[0];
  EXPECT_EQ(first.title, "Genève, mardi");
  EXPECT_EQ(first.date, "2022-02-21");
  EXPECT_EQ(first.text, "Il a dit \"non\".\r\nPuis il est parti.");
  ASSERT_EQ(first.segments.size(), 2u);
  EXPECT_EQ(SegmentText(first, 0), "Il a dit \"non\".");
  EXPECT_EQ(SegmentText(first, 1), "Puis il est parti.");
  EXPECT_EQ(result->articles[1].lang, "fr");
}

TEST(ReadInputsTest, CsvWithoutTextColumnIsSkipped) {
  TempDir dir;
  const std::string path = dir.Write("x.csv", "id,body, title\n1,Un texte.,T\n");
  StatusOr<ReadResult> result = ReadInputs({path}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->articles.empty());
  EXPECT_EQ(result->files_read, 0u);
  ASSERT_EQ(result->skipped.size(), 1u);
  EXPECT_EQ(result->skipped[0].where, path);
  EXPECT_EQ(result->skipped[0].reason, "no 'text' column (the header has: id, body, title)");
}

TEST(ReadInputsTest, BadFilesAreSkippedWithReason) {
  TempDir dir;
  dir.Write("1_latin1.txt", "Titre\nUn caf\xE9 cr\xE8me.\n");
  dir.Write("2_binary.txt", std::string("Titre\0\x01\x02", 8));
  dir.Write("3_empty.csv", "");
  dir.Write("4_blank.txt", " \n\n\t\n");
  dir.Write("5_good.txt", "Titre\nUn texte.\n");
  StatusOr<ReadResult> result = ReadInputs({dir.path()}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Ids(*result), (std::vector<std::string>{"5_good"}));
  EXPECT_EQ(result->files_read, 1u);
  std::vector<std::pair<std::string, std::string>> skipped;
  for (const SkippedInput& s : result->skipped) skipped.emplace_back(s.where, s.reason);
  EXPECT_EQ(skipped, (std::vector<std::pair<std::string, std::string>>{
                         {dir.Path("1_latin1.txt"), std::string("not valid UTF-8 at byte 12") + kUtf8Hint},
                         {dir.Path("2_binary.txt"), "binary file"},
                         {dir.Path("3_empty.csv"), "empty file"},
                         {dir.Path("4_blank.txt"), "no content: the text is empty or only boilerplate"},
                     }));
}

TEST(ReadInputsTest, SizeLimits) {
  TempDir dir;
  const std::string big = dir.Write("big.txt", "Titre\nUn texte de plus de trente-deux octets.\n");
  const std::string jsonl = dir.Write("long.jsonl", "{\"id\": \"l\", \"text\": \"Un texte de vingt-sept octets\"}\n");
  ReadOptions options;
  options.max_file_bytes = 32;
  StatusOr<ReadResult> result = ReadInputs({big}, options);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->skipped.size(), 1u);
  EXPECT_EQ(result->skipped[0].reason, "file is 46 bytes, over the limit of 32 bytes (max_file_bytes)");

  options = ReadOptions{};
  options.max_article_bytes = 20;
  result = ReadInputs({jsonl}, options);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->skipped.size(), 1u);
  EXPECT_EQ(result->skipped[0].where, jsonl + ":1");
  EXPECT_EQ(result->skipped[0].reason, "text is 29 bytes, over the limit of 20 bytes (max_article_bytes)");
}

TEST(ReadInputsTest, StrictMakesFirstSkipTheError) {
  TempDir dir;
  dir.Write("a.txt", "Titre\nUn texte.\n");
  dir.Write("b.txt", "");
  dir.Write("c.jsonl", "not json\n");
  ReadOptions options;
  options.strict = true;
  StatusOr<ReadResult> result = ReadInputs({dir.path()}, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), dir.Path("b.txt") + ": empty file");

  // The same inputs without strict: both bad ones are skipped.
  result = ReadInputs({dir.path()}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->skipped.size(), 2u);
}

TEST(ReadInputsTest, StrictFailsOnBadJsonlLine) {
  TempDir dir;
  const std::string path = dir.Write("r.jsonl", "{\"id\": 1, \"text\": \"Un.\"}\n{\"id\": 2}\n");
  ReadOptions options;
  options.strict = true;
  StatusOr<ReadResult> result = ReadInputs({path}, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), path + ":2: missing field 'text'");
}

TEST(ReadInputsTest, DuplicateIdsKeepTheFirst) {
  TempDir dir;
  const std::string txt = dir.Write("a/x.txt", "Titre du fichier\nCorps.\n");
  const std::string jsonl = dir.Write("b.jsonl",
                                      "{\"id\": \"x\", \"text\": \"Même id que le fichier.\"}\n"
                                      "{\"id\": \"y\", \"text\": \"Premier y.\"}\n"
                                      "{\"id\": \"y\", \"text\": \"Second y.\"}\n");
  StatusOr<ReadResult> result = ReadInputs({dir.path()}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(Ids(*result), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(result->articles[0].title, "Titre du fichier");
  EXPECT_EQ(SegmentText(result->articles[1], 0), "Premier y.");
  std::vector<std::pair<std::string, std::string>> skipped;
  for (const SkippedInput& s : result->skipped) skipped.emplace_back(s.where, s.reason);
  EXPECT_EQ(skipped, (std::vector<std::pair<std::string, std::string>>{
                         {jsonl + ":1", "duplicate id (first seen in " + txt + ")"},
                         {jsonl + ":3", "duplicate id (first seen in " + jsonl + ":2)"},
                     }));
}

// Articles are cleaned in parallel batches: more inputs than a batch, with
// failures, duplicates and parse errors spread over them, must come out as
// cleaning them one by one in input order gives.
TEST(ReadInputsTest, BatchedCleaningKeepsInputOrder) {
  TempDir dir;
  std::vector<std::string> expected_ids;
  std::vector<Article> expected;
  std::vector<std::pair<std::string, std::string>> expected_skips;
  std::unordered_map<std::string, std::string> first_seen;
  uint64_t expected_files = 0;
  auto expect = [&](StatusOr<Article> made, const std::string& where) {
    if (!made.ok()) return expected_skips.emplace_back(where, made.status().message()), void();
    const auto [first, inserted] = first_seen.try_emplace(made->id, where);
    if (!inserted) return expected_skips.emplace_back(where, "duplicate id (first seen in " + first->second + ")"), void();
    expected.push_back(std::move(made).value());
  };
  auto body = [](int i) {
    return "Le conseil " + std::to_string(i) + " a voté la loi.\nPartager sur Facebook\nThe vote " +
           std::to_string(i * 7) + " was close, and the minister said so.\n";
  };
  // 1,300 .txt files (sorted by name), some with nothing but white space.
  for (int i = 0; i < 1300; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "a/%05d.txt", i);
    const std::string text = i % 97 == 5 ? std::string(" \n\n") : "Titre " + std::to_string(i) + "\n" + body(i);
    const std::string path = dir.Write(name, text);
    StatusOr<Article> made = ParseTxtArticle(std::string(name + 2, 5), text, ReadOptions{});
    if (made.ok()) ++expected_files;
    expect(std::move(made), path);
  }
  // 2,500 JSONL records: some without content, some invalid, some repeating an id.
  std::string jsonl;
  const std::string jsonl_path = dir.Path("b.jsonl");
  for (int i = 0; i < 2500; ++i) {
    const std::string where = jsonl_path + ":" + std::to_string(i + 1);
    if (i % 211 == 7) {
      jsonl += "{not json\n";
      expected_skips.emplace_back(where, "invalid JSON");
      continue;
    }
    Article fields;
    fields.id = i % 89 == 3 ? "r" + std::to_string(i / 2) : "r" + std::to_string(i);
    fields.text = i % 101 == 9 ? "Partager sur Facebook" : body(i);
    jsonl += nlohmann::json{{"id", fields.id}, {"text", fields.text}}.dump() + "\n";
    expect(MakeArticle(std::move(fields), ReadOptions{}), where);
  }
  dir.Write("b.jsonl", jsonl);
  ++expected_files;

  StatusOr<ReadResult> result = ReadInputs({dir.path()}, ReadOptions{});
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->articles.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Article& a = result->articles[i];
    const Article& e = expected[i];
    ASSERT_EQ(a.id, e.id) << i;
    EXPECT_EQ(a.text, e.text) << a.id;
    EXPECT_EQ(a.title, e.title) << a.id;
    EXPECT_EQ(a.lang, e.lang) << a.id;
    ASSERT_EQ(a.segments.size(), e.segments.size()) << a.id;
    for (size_t s = 0; s < a.segments.size(); ++s) {
      EXPECT_EQ(a.segments[s].begin, e.segments[s].begin) << a.id;
      EXPECT_EQ(a.segments[s].end, e.segments[s].end) << a.id;
    }
  }
  std::vector<std::pair<std::string, std::string>> skipped;
  for (const SkippedInput& s : result->skipped) skipped.emplace_back(s.where, s.reason);
  EXPECT_EQ(skipped, expected_skips);
  EXPECT_EQ(result->files_read, expected_files);
  // The test is only worth something if every kind of skip happened.
  EXPECT_GT(expected_skips.size(), 60u);

  // Strict: the first skip in input order is the error, wherever it falls in a batch.
  ReadOptions strict;
  strict.strict = true;
  result = ReadInputs({dir.path()}, strict);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), expected_skips[0].first + ": " + expected_skips[0].second);
  dir.Write("a/00005.txt", "Titre\nCorps.\n");  // drop the first bad file: the next skip is the error
  result = ReadInputs({dir.path()}, strict);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), expected_skips[1].first + ": " + expected_skips[1].second);
}

TEST(ReadInputsTest, EmptyInputListReadsNothing) {
  StatusOr<ReadResult> result = ReadInputs({}, ReadOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->articles.empty());
  EXPECT_EQ(result->files_read, 0u);
}

}  // namespace
}  // namespace parallax
