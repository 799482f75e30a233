// `score --pairs FILE.tsv`: one result per TSV row, in input order.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"

namespace parallax {
namespace {

using cli_test::ParseJsonLines;
using cli_test::RunParallax;
using cli_test::RunResult;
using nlohmann::json;
using testing_util::TempDir;

const std::string kFire = "Le feu a parcouru 2 300 hectares de garrigue dans le massif de la C\xC3\xA9zarde.";
const std::string kCrews =
    "Pr\xC3\xA8s de 900 sapeurs-pompiers et six bombardiers d\xE2\x80\x99\x65\x61u \xC3\xA9taient mobilis\xC3\xA9s mardi.";
const std::string kBank = "The Bank of Norvalia cut its policy rate by half a point on Wednesday, more than expected.";
const std::string kMarket = "Sur le march\xC3\xA9 du samedi, quarante exposants vendent fromages, miel et l\xC3\xA9gumes.";

// Rows: id, label (ignored), text_a, note (ignored), text_b. The header ends
// in CRLF with text_b as its last column, so a kept "\r" would hide text_b.
std::string PairsTsv() {
  std::string tsv = "id\tlabel\ttext_a\tnote\ttext_b\r\n";
  tsv += "z-same\t1\t" + kFire + "\\n" + kCrews + "\tidentical\t" + kFire + "\\n" + kCrews + "\r\n";
  tsv += "b-newline\t1\t" + kFire + "\\n" + kCrews + "\tescaped newline\t" + kFire + " " + kCrews + "\n";
  tsv += "\n";  // a blank line is no pair
  tsv += "m-tab\t1\t" + kFire + "\\t" + kCrews + "\tescaped tab\t" + kFire + " " + kCrews + "\n";
  tsv += "k-backslash\t1\t" + kFire + " \\\\ " + kCrews + "\tescaped backslash\t" + kFire + " \\\\ " + kCrews + "\n";
  tsv += "a-unrelated\t0\t" + kBank + "\tunrelated\t" + kMarket;  // no final line end
  return tsv;
}

TEST(ScoreTest, OneJsonLinePerPairInInputOrder) {
  TempDir dir;
  const std::string tsv = dir.Write("pairs.tsv", PairsTsv());
  const RunResult run = RunParallax({"score", "--pairs", tsv, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  const std::vector<json> rows = ParseJsonLines(run.out);
  ASSERT_EQ(rows.size(), 5u) << run.out;
  const std::vector<std::string> ids = {"z-same", "b-newline", "m-tab", "k-backslash", "a-unrelated"};
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(rows[i].dump());
    EXPECT_EQ(rows[i]["id"].get<std::string>(), ids[i]);
    EXPECT_EQ(rows[i].size(), 8u)
        << "id, similarity, reuse_a, reuse_b, relation, containment_a, containment_b, word_similarity";
    for (const char* key : {"similarity", "reuse_a", "reuse_b", "containment_a", "containment_b", "word_similarity"}) {
      ASSERT_TRUE(rows[i].contains(key) && rows[i][key].is_number()) << key;
      EXPECT_GE(rows[i][key].get<double>(), 0.0);
      EXPECT_LE(rows[i][key].get<double>(), 1.0);
    }
    ASSERT_TRUE(rows[i].contains("relation"));
  }
  // Identical texts, and texts that are identical once \n, \t and \\ are decoded.
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_GE(rows[i]["similarity"].get<double>(), 0.99) << rows[i].dump();
    EXPECT_EQ(rows[i]["relation"].get<std::string>(), "duplicate") << rows[i].dump();
    EXPECT_EQ(rows[i]["containment_a"].get<double>(), 1.0) << rows[i].dump();
    EXPECT_EQ(rows[i]["containment_b"].get<double>(), 1.0) << rows[i].dump();
    EXPECT_EQ(rows[i]["word_similarity"].get<double>(), 1.0) << rows[i].dump();
  }
  EXPECT_LT(rows[4]["similarity"].get<double>(), 0.1) << rows[4].dump();
  EXPECT_EQ(rows[4]["reuse_a"].get<double>(), 0.0);
  EXPECT_LT(rows[4]["containment_a"].get<double>(), 0.2) << "English and French words barely meet";
  EXPECT_LT(rows[4]["word_similarity"].get<double>(), 0.3) << rows[4].dump();
  EXPECT_EQ(rows[4]["relation"].get<std::string>(), "unrelated");
  // Six texts are few: stderr says the default model's frequencies help.
  EXPECT_NE(run.err.find("6 texts are few to tell rare words from common ones"), std::string::npos) << run.err;
}

TEST(ScoreTest, TableOutputHasAHeaderAndTheSameRows) {
  TempDir dir;
  const std::string tsv = dir.Write("pairs.tsv", PairsTsv());
  const RunResult run = RunParallax({"score", "--pairs", tsv});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  std::vector<std::string> lines;
  std::istringstream in(run.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 6u) << run.out;
  EXPECT_EQ(lines[0], "id\tsimilarity\treuse_a\treuse_b\trelation\tcontainment_a\tcontainment_b\tword_similarity");
  EXPECT_EQ(lines[1].substr(0, 7), "z-same\t");
  EXPECT_EQ(lines[5].substr(0, 12), "a-unrelated\t");
  EXPECT_NE(lines[5].find("\tunrelated\t"), std::string::npos) << lines[5];
}

TEST(ScoreTest, ThesaurusLetsSynonymsMeet) {
  TempDir dir;
  const std::string tsv = dir.Write("pairs.tsv",
                                    "id\ttext_a\ttext_b\n"
                                    "p\tThe firm buys the old harbour.\tThe company purchased the old harbour.\n"
                                    "q\tDockers voted for a strike at the port.\tThe ferry company cut its prices.\n");
  const std::string thesaurus = dir.Write("th.dat", "UTF-8\nbuy|1\n(verb)|purchase\nfirm|1\n(noun)|company\n");
  const auto word_similarity = [&](const std::string& option) {
    const RunResult run = RunParallax({"score", "--pairs", tsv, "--json", "--thesaurus", option});
    EXPECT_EQ(run.exit_code, 0) << run.Describe();
    const std::vector<json> rows = ParseJsonLines(run.out);
    EXPECT_EQ(rows.size(), 2u) << run.out;
    return rows.size() == 2 ? std::vector<double>{rows[0]["word_similarity"], rows[1]["word_similarity"]}
                            : std::vector<double>{};
  };
  const std::vector<double> spelled = word_similarity("none"), synonyms = word_similarity(thesaurus);
  ASSERT_EQ(spelled.size(), 2u);
  ASSERT_EQ(synonyms.size(), 2u);
  EXPECT_LT(spelled[0], 0.8);
  EXPECT_GE(synonyms[0], 0.9) << "firm/company and buys/purchased meet through the thesaurus";
  EXPECT_EQ(synonyms[1], spelled[1]) << "a pair without synonyms keeps its score";

  RunResult run = RunParallax({"score", "--pairs", tsv, "--thesaurus", dir.Path("missing.dat")});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find("--thesaurus: cannot read thesaurus " + dir.Path("missing.dat")), std::string::npos)
      << run.err;
  run = RunParallax({"score", "--pairs", tsv, "--thesaurus", ""});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find("--thesaurus needs a file"), std::string::npos) << run.err;
  run = RunParallax({"score", "--pairs", tsv, "--thesaurus", dir.Write("bad.dat", "UTF-8\nbuy|2\n(verb)|get\n")});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find("bad.dat:2: fewer sense lines"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty()) << "nothing scored with a broken thesaurus";
}

TEST(ScoreTest, ATextInSeveralRowsIsFittedOnce) {
  // The fitted model counts each distinct text once, so rows that only pair
  // texts already in the file leave every other row's scores as they were.
  TempDir dir;
  const std::string a = kFire + " " + kCrews, b = kFire + " " + kMarket, c = kBank, d = kMarket + " " + kCrews;
  const std::string rows = "p\t" + a + "\t" + b + "\nq\t" + c + "\t" + d + "\n";
  const std::string repeats = "r\t" + a + "\t" + c + "\ns\t" + a + "\t" + d + "\nt\t" + b + "\t" + a + "\n";
  const auto scores = [&](const std::string& name, const std::string& body) {
    const RunResult run = RunParallax({"score", "--pairs", dir.Write(name, "id\ttext_a\ttext_b\n" + body), "--json"});
    EXPECT_EQ(run.exit_code, 0) << run.Describe();
    return ParseJsonLines(run.out);
  };
  const std::vector<json> once = scores("once.tsv", rows), repeated = scores("repeated.tsv", rows + repeats);
  ASSERT_EQ(once.size(), 2u);
  ASSERT_EQ(repeated.size(), 5u);
  for (size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(once[i].dump() + " vs " + repeated[i].dump());
    EXPECT_GT(once[i]["similarity"].get<double>(), 0.0);
    for (const char* key : {"similarity", "containment_a", "containment_b", "word_similarity"}) {
      EXPECT_EQ(once[i][key], repeated[i][key]) << key;
    }
  }
}

TEST(ScoreTest, ATextWithNoContentIsScoredZeroAndNamed) {
  TempDir dir;
  std::string text = "id\ttext_a\ttext_b\n";
  text += "p1\t" + kFire + "\t" + kFire + "\n";       // line 2: both texts have content
  text += "p2\t\t" + kFire + "\n";                    // line 3: text_a is empty
  text += "p3\t" + kFire + "\tShare this article\n";  // line 4: text_b is a share button
  const std::string tsv = dir.Write("pairs.tsv", text);
  const RunResult run = RunParallax({"score", "--pairs", tsv, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  const std::vector<json> rows = ParseJsonLines(run.out);
  ASSERT_EQ(rows.size(), 3u) << "a line per input pair: " << run.out;
  EXPECT_EQ(rows[0]["relation"].get<std::string>(), "duplicate");
  for (size_t i : {1, 2}) {
    EXPECT_EQ(rows[i]["similarity"].get<double>(), 0.0) << rows[i].dump();
    EXPECT_EQ(rows[i]["relation"].get<std::string>(), "unrelated") << rows[i].dump();
  }
  EXPECT_NE(run.err.find("scored 0 " + tsv + ":3 text_a: no content"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("scored 0 " + tsv + ":4 text_b: no content"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(":2 "), std::string::npos) << "the full row is not named: " << run.err;
}

TEST(ScoreTest, ManyEmptyTextsAreNamedUpToTwentyThenCounted) {
  TempDir dir;
  std::string text = "id\ttext_a\ttext_b\n";
  for (int i = 0; i < 25; ++i) text += "p" + std::to_string(i) + "\t\t" + kFire + "\n";
  const RunResult run = RunParallax({"score", "--pairs", dir.Write("pairs.tsv", text), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_EQ(ParseJsonLines(run.out).size(), 25u) << run.out;
  size_t named = 0;
  for (size_t at = run.err.find("parallax: scored 0 "); at != std::string::npos;
       at = run.err.find("parallax: scored 0 ", at + 1)) {
    ++named;
  }
  EXPECT_EQ(named, 20u) << run.err;
  EXPECT_NE(run.err.find("pairs.tsv:21 text_a"), std::string::npos) << "rows 2..21 are named: " << run.err;
  EXPECT_EQ(run.err.find("pairs.tsv:22 "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("parallax: ... and 5 more scored 0"), std::string::npos) << run.err;
}

TEST(ScoreTest, MissingTextBColumnIsNamed) {
  TempDir dir;
  const std::string tsv = dir.Write("pairs.tsv", "id\ttext_a\tlabel\np1\tsome text\t1\n");
  const RunResult run = RunParallax({"score", "--pairs", tsv, "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find("text_b"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(tsv), std::string::npos) << "names the file: " << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
}

TEST(ScoreTest, EmptyOrHeaderOnlyFileFails) {
  TempDir dir;
  const std::string empty = dir.Write("empty.tsv", "");
  RunResult run = RunParallax({"score", "--pairs", empty, "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find("empty"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;

  const std::string header_only = dir.Write("header.tsv", "id\ttext_a\ttext_b\n");
  run = RunParallax({"score", "--pairs", header_only, "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find("no pairs"), std::string::npos) << run.err;
}

TEST(ScoreTest, ShortRowAndMissingFileFail) {
  TempDir dir;
  const std::string tsv = dir.Write("pairs.tsv", "id\ttext_a\ttext_b\np1\tone\ttwo\np2\tonly one text\n");
  RunResult run = RunParallax({"score", "--pairs", tsv, "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find(tsv + ":3"), std::string::npos) << "names the line: " << run.err;
  EXPECT_TRUE(run.out.empty()) << "no partial results: " << run.out;

  run = RunParallax({"score", "--pairs", dir.Path("missing.tsv")});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find("missing.tsv"), std::string::npos) << run.err;

  run = RunParallax({"score", "--json"});
  EXPECT_EQ(run.exit_code, 2) << run.Describe();
  EXPECT_NE(run.err.find("--pairs"), std::string::npos) << run.err;
}


// With --db, a pair of the collection's articles, given as texts, gets the
// similarity and relation `pairs` gives it: the collection's model, and
// vectors weighted as the collection stores them.
TEST(ScoreTest, WithACollectionAPairScoresAsPairsScoresIt) {
  TempDir dir;
  const std::string copy = kFire + "\n\n" + kCrews + " " + kFire;
  const std::string jsonl =
      json({{"id", "fire"}, {"text", kFire + "\n\n" + kCrews}, {"lang", "fr"}}).dump() + "\n" +
      json({{"id", "copy"}, {"text", copy}, {"lang", "fr"}}).dump() + "\n" +
      json({{"id", "bank"}, {"text", kBank}, {"lang", "en"}}).dump() + "\n" +
      json({{"id", "market"}, {"text", kMarket}, {"lang", "fr"}}).dump() + "\n";
  const std::string articles = dir.Write("articles.jsonl", jsonl);
  const std::string db = dir.path() + "/db";
  RunResult run = RunParallax({"index", articles, "--db", db});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  run = RunParallax({"pairs", "--db", db, "--json", "--min-relation", "related", "--related", "0"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  const std::vector<json> pairs = ParseJsonLines(run.out);
  const json* fire_copy = nullptr;
  for (const json& p : pairs) {
    if ((p["a"]["id"] == "fire" && p["b"]["id"] == "copy") || (p["a"]["id"] == "copy" && p["b"]["id"] == "fire")) {
      fire_copy = &p;
    }
  }
  ASSERT_NE(fire_copy, nullptr) << run.out;

  auto escape = [](std::string text) {
    for (size_t at = 0; (at = text.find('\n', at)) != std::string::npos;) text.replace(at, 1, "\\n");
    return text;
  };
  const std::string tsv =
      dir.Write("pairs.tsv", "id\ttext_a\ttext_b\nfc\t" + escape(kFire + "\n\n" + kCrews) + "\t" + escape(copy) + "\n");
  run = RunParallax({"score", "--pairs", tsv, "--db", db, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  const std::vector<json> scored = ParseJsonLines(run.out);
  ASSERT_EQ(scored.size(), 1u);
  EXPECT_EQ(scored[0]["similarity"], (*fire_copy)["similarity"]);
  EXPECT_EQ(scored[0]["relation"], (*fire_copy)["relation"]);

  run = RunParallax({"score", "--pairs", tsv, "--db", db, "--model", "x.plx"});
  EXPECT_EQ(run.exit_code, 2) << run.Describe();
}

}  // namespace
}  // namespace parallax
