// `search` on data/corpus: keyword queries find exactly the articles that
// hold a name (any case, with or without accents), BM25 ranks, phrases,
// results that stop at --min-score, snippets whose offsets slice the text, a
// collection saved without a word index, and `index --replace`; on
// data/translations, with a lexicon, `similar` lists a translation's source.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"
#include "parallax/lexicon.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using cli_test::Contains;
using cli_test::CodepointsBefore;
using cli_test::CorpusDir;
using cli_test::OnCharBoundary;
using cli_test::ParseJsonLines;
using cli_test::SourceDir;
using cli_test::ReadFile;
using cli_test::RunParallax;
using cli_test::RunResult;
using nlohmann::json;
using testing_util::TempDir;

using Ids = std::set<std::string>;

// The ids `search --text TEXT -k 50` returns.
Ids FoundIn(const std::string& db, const std::string& text) {
  const RunResult run = RunParallax({"search", "--db", db, "--text", text, "-k", "50", "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  const json answer = json::parse(run.out, nullptr, false);
  Ids ids;
  if (answer.is_discarded()) return ids;
  for (const json& r : answer["results"]) ids.insert(r["id"].get<std::string>());
  return ids;
}

// The collection of data/corpus, indexed once for the whole suite.
class SearchTest : public ::testing::Test {
 protected:
  // In the first test (TempDir names its folder after the running test).
  void SetUp() override {
    if (dir_ != nullptr) return;
    dir_ = new TempDir;
    db_ = dir_->Path("db");
    const RunResult run = RunParallax({"index", CorpusDir(), "--db", db_});
    ASSERT_EQ(run.exit_code, 0) << run.Describe();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // `search --json`: the whole answer.
  static json Search(const std::vector<std::string>& extra, const std::string& db = db_) {
    std::vector<std::string> args = {"search", "--db", db, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const RunResult run = RunParallax(args);
    EXPECT_EQ(run.exit_code, 0) << run.Describe();
    json answer = json::parse(run.out, nullptr, false);
    EXPECT_FALSE(answer.is_discarded()) << run.Describe();
    return answer.is_discarded() ? json{{"results", json::array()}, {"mode", ""}} : answer;
  }
  static std::vector<std::string> RankedIds(const json& answer) {
    std::vector<std::string> ids;
    for (const json& r : answer["results"]) ids.push_back(r["id"]);
    return ids;
  }
  static Ids Found(const std::string& text, const std::string& db = db_) { return FoundIn(db, text); }

  static TempDir* dir_;
  static std::string db_;
};
TempDir* SearchTest::dir_ = nullptr;
std::string SearchTest::db_;

// The articles of data/corpus whose text holds each name (grep -il, checked
// by hand: "OSTBERG" opens two wire stories in capitals).
const Ids kHalvorsen = {"ev3-afp-0320",    "ev3-contwire-0320", "ev3-globalnews-0320",
                        "ev3-ledger-0320", "ev3-meridian-0321", "ev3-quotidien-0321"};
const Ids kOstberg = {"ev3-afp-0320", "ev3-contwire-0320", "ev3-globalnews-0320", "ev3-ledger-0320",
                      "ev3-quotidien-0321"};
const Ids kMerac = {"ev1-afp-0311",       "ev1-contwire-0313", "ev1-courrier-0316",
                    "ev1-infoexpress-0311", "ev1-ledger-0316",  "ev1-quotidien-0312"};
const Ids kLeBihan = {"ev1-afp-0311",         "ev1-courrier-0316", "ev1-echo-0312",
                      "ev1-infoexpress-0311", "ev1-ledger-0316",   "ev1-quotidien-0312"};

TEST_F(SearchTest, ANameFindsExactlyTheArticlesThatHoldIt) {
  const json answer = Search({"--text", "Halvorsen"});
  EXPECT_EQ(answer["mode"], "keywords");
  EXPECT_EQ(Found("Halvorsen"), kHalvorsen);
  EXPECT_EQ(Found("halvorsen"), kHalvorsen);
  EXPECT_EQ(Found("HALVORSEN,"), kHalvorsen);
  EXPECT_EQ(Found("Ostberg"), kOstberg);
  // Accents folded both ways: the texts spell it "Mérac" and "MÉRAC".
  EXPECT_EQ(Found("M\xC3\xA9rac"), kMerac);
  EXPECT_EQ(Found("Merac"), kMerac);
  EXPECT_EQ(Found("MERAC"), kMerac);
  EXPECT_TRUE(Found("Zakharova").empty()) << "a name no article holds finds nothing, not padding";
}

TEST_F(SearchTest, BothNamesRankAboveOne) {
  const json answer = Search({"--text", "Halvorsen Ostberg", "-k", "50"});
  const std::vector<std::string> ranked = RankedIds(answer);
  ASSERT_EQ(Ids(ranked.begin(), ranked.end()), kHalvorsen) << "any word may match";
  // ev3-meridian-0321 names Halvorsen only: last, every other names both.
  EXPECT_EQ(ranked.back(), "ev3-meridian-0321");
  double previous = 1e9;
  for (const json& r : answer["results"]) {
    EXPECT_LE(r["score"].get<double>(), previous) << "best first";
    previous = r["score"].get<double>();
  }
  EXPECT_LT(answer["results"].back()["score"].get<double>(), answer["results"][4]["score"].get<double>());
}

TEST_F(SearchTest, QuotedPhraseMatchesConsecutiveWords) {
  EXPECT_EQ(Found("\"Yannick Le Bihan\""), kLeBihan);
  EXPECT_EQ(Found("\"yannick le bihan\""), kLeBihan);
  EXPECT_TRUE(Found("\"Bihan Le Yannick\"").empty()) << "the same words in another order are no phrase";
  EXPECT_TRUE(Found("\"Halvorsen Ostberg\"").empty()) << "both names, never side by side";
  // A phrase is required, other words only rank: the Le Bihan articles that
  // name Mérac too, not the other Mérac ones.
  const Ids both = Found("\"Yannick Le Bihan\" Merac");
  EXPECT_EQ(both, kLeBihan);
}

TEST_F(SearchTest, ResultsStopAtMinScoreInsteadOfPadding) {
  EXPECT_EQ(RankedIds(Search({"--text", "Ostberg", "-k", "10"})).size(), kOstberg.size());
  const json all = Search({"--text", "Halvorsen Ostberg", "-k", "10"});
  ASSERT_EQ(all["results"].size(), 6u);
  // A minimum between the scores of the 5 articles naming both and the last.
  const double cut = (all["results"][4]["score"].get<double>() + all["results"][5]["score"].get<double>()) / 2;
  const json above = Search({"--text", "Halvorsen Ostberg", "-k", "10", "--min-score", std::to_string(cut)});
  EXPECT_EQ(above["results"].size(), 5u);
  // "More like this" stops at its minimum similarity too (0.1 by default):
  // a whole article finds its own story, not 10 padded with unrelated ones.
  const json similar = Search({"--file", CorpusDir() + "/txt/ev5-afp-0319.txt", "-k", "40"});
  EXPECT_EQ(similar["mode"], "similar");
  EXPECT_LT(similar["results"].size(), 40u);
  EXPECT_GE(similar["results"].size(), 2u);
  for (const json& r : similar["results"]) EXPECT_GE(r["score"].get<double>(), 0.1);
}

// The stored text of each data/corpus article: the .txt files as read, the
// JSONL records' `text`.
std::map<std::string, std::string> CorpusTexts() {
  std::map<std::string, std::string> texts;
  for (const auto& entry : fs::directory_iterator(CorpusDir() + "/txt")) {
    texts[entry.path().stem().string()] = ReadFile(entry.path());
  }
  std::ifstream in(CorpusDir() + "/articles.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    const json record = json::parse(line);
    texts[record["id"]] = record["text"];
  }
  return texts;
}

TEST_F(SearchTest, SnippetOffsetsSliceTheText) {
  const std::map<std::string, std::string> texts = CorpusTexts();
  for (const std::string query : {"Halvorsen", "\"Yannick Le Bihan\"", "Merac", "incendie Montferrier"}) {
    SCOPED_TRACE(query);
    const json answer = Search({"--text", query, "-k", "50"});
    ASSERT_FALSE(answer["results"].empty());
    for (const json& r : answer["results"]) {
      const std::string& text = texts.at(r["id"]);
      const json& s = r["snippet"];
      const size_t begin = s["byte_start"], end = s["byte_end"];
      ASSERT_LE(begin, end);
      ASSERT_LE(end, text.size());
      EXPECT_TRUE(OnCharBoundary(text, begin) && OnCharBoundary(text, end)) << r["id"];
      EXPECT_EQ(text.substr(begin, end - begin), s["text"].get<std::string>()) << r["id"];
      EXPECT_EQ(CodepointsBefore(text, begin), s["start"].get<size_t>()) << r["id"];
      EXPECT_EQ(CodepointsBefore(text, end), s["end"].get<size_t>()) << r["id"];
      EXPECT_LE(end - begin, 240u);
    }
  }
  // The snippet holds the name. (The answer is kept in a variable: a range-for
  // over a part of a temporary reads freed memory, ASan found.)
  const json halvorsen = Search({"--text", "Halvorsen"});
  for (const json& r : halvorsen["results"]) {
    EXPECT_TRUE(Contains(r["snippet"]["text"], "Halvorsen")) << r.dump();
  }
}

TEST_F(SearchTest, TextOutputShowsScoreAndSnippetAndHelpNamesTheModes) {
  const RunResult run = RunParallax({"search", "--db", db_, "--text", "Ostberg", "-k", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_EQ(cli_test::CountLines(run.out), 4u) << "a line per result and one for its snippet: " << run.out;
  EXPECT_TRUE(Contains(run.out, "Ostberg") || Contains(run.out, "OSTBERG")) << run.out;
  EXPECT_TRUE(Contains(run.err, "2 results (keywords)")) << run.err;
  const RunResult help = RunParallax({"search", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* words : {"keywords", "similar", "BM25", "--min-score", "30"}) {
    EXPECT_TRUE(Contains(help.out, words)) << words << " in\n" << help.out;
  }
  const RunResult bad = RunParallax({"search", "--db", db_, "--text", "x", "--mode", "fuzzy"});
  EXPECT_EQ(bad.exit_code, 2) << bad.Describe();
}

TEST_F(SearchTest, CollectionWithoutWordIndexIsSearchedAndGetsOneAtTheNextIndex) {
  TempDir dir;
  const std::string db = dir.Path("old");
  ASSERT_EQ(RunParallax({"index", CorpusDir(), "--db", db}).exit_code, 0);
  cli_test::AsSavedBefore(db, "words.plx");
  const auto before = cli_test::Snapshot(db);
  EXPECT_EQ(Found("Halvorsen", db), kHalvorsen) << "built in memory from the stored analyses";
  EXPECT_EQ(Found("\"Yannick Le Bihan\"", db), kLeBihan);
  EXPECT_TRUE(cli_test::Snapshot(db) == before) << "search never writes";
  // Damaged is not absent: a manifest that lists words.plx needs the file.
  {
    TempDir other;
    const std::string listed = other.Path("listed");
    ASSERT_EQ(RunParallax({"index", CorpusDir() + "/txt", "--db", listed}).exit_code, 0);
    const std::string words = cli_test::CollectionFile(listed, "words.plx");
    fs::remove(words);
    const RunResult run = RunParallax({"search", "--db", listed, "--text", "incendie"});
    EXPECT_EQ(run.exit_code, 1) << run.Describe();
    EXPECT_TRUE(Contains(run.err, fs::path(words).filename().string() + " is missing")) << run.err;
  }
  // `index` with nothing new writes it.
  const RunResult index = RunParallax({"index", CorpusDir() + "/txt", "--db", db});
  ASSERT_EQ(index.exit_code, 0) << index.Describe();
  EXPECT_TRUE(fs::exists(cli_test::CollectionFile(db, "words.plx")));
  EXPECT_TRUE(json::parse(ReadFile(db + "/manifest.json"))["files"].contains("words.plx"));
  EXPECT_EQ(Found("Halvorsen", db), kHalvorsen);
}

// The relation `pairs --json` gives a and b, or "" when it lists no such pair.
std::string PairRelation(const std::string& db, const std::string& a, const std::string& b) {
  const RunResult run = RunParallax({"pairs", "--db", db, "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  for (const json& p : cli_test::ParseJsonLines(run.out)) {
    const std::string x = p["a"]["id"], y = p["b"]["id"];
    if ((x == a && y == b) || (x == b && y == a)) return p["relation"];
  }
  return "";
}

TEST(IndexReplaceTest, ReplacesAChangedArticleEverywhere) {
  TempDir dir;
  const std::string db = dir.Path("db");
  ASSERT_EQ(RunParallax({"index", CorpusDir() + "/txt", "--db", db}).exit_code, 0);
  ASSERT_EQ(PairRelation(db, "ev5-afp-0319", "ev5-infoexpress-0319"), "duplicate");

  // ev5-infoexpress-0319 again, now a text of its own naming Zorglub.
  const std::string changed = dir.Write("changed/ev5-infoexpress-0319.txt",
                                        "Le conseil municipal vote le budget\n\n"
                                        "Le conseil municipal de Villebrune a vot\xC3\xA9 mardi soir son budget annuel, "
                                        "marqu\xC3\xA9 par la r\xC3\xA9novation de l'\xC3\xA9" "cole Zorglub et la "
                                        "cr\xC3\xA9" "ation d'une piste cyclable.\n\n"
                                        "L'opposition a vot\xC3\xA9 contre, jugeant les imp\xC3\xB4ts trop lourds.\n");
  const std::string unchanged = CorpusDir() + "/txt/ev5-afp-0319.txt";

  // Without --replace: kept, and the message says how to replace it.
  RunResult run = RunParallax({"index", fs::path(changed).parent_path().string(), unchanged, "--db", db});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "indexed 0 new articles")) << run.err;
  EXPECT_TRUE(Contains(run.err, "2 already stored")) << run.err;
  EXPECT_TRUE(Contains(run.err, "1 of the 2 already stored differ")) << run.err;
  EXPECT_TRUE(Contains(run.err, "--replace")) << run.err;
  EXPECT_TRUE(Contains(run.err, "ev5-infoexpress-0319")) << run.err;
  json answer = json::parse(RunParallax({"search", "--db", db, "--text", "Zorglub", "--json"}).out);
  EXPECT_TRUE(answer["results"].empty());

  // With --replace: replaced, and every index follows.
  run = RunParallax({"index", fs::path(changed).parent_path().string(), unchanged, "--db", db, "--replace"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "parallax: replaced ev5-infoexpress-0319\n")) << run.err;
  EXPECT_FALSE(Contains(run.err, "replaced ev5-afp-0319")) << "an unchanged article is left alone: " << run.err;
  EXPECT_TRUE(Contains(run.err, "(1 replaced, 1 already stored")) << run.err;
  EXPECT_TRUE(Contains(run.err, "the collection holds 6 articles")) << run.err;

  answer = json::parse(RunParallax({"search", "--db", db, "--text", "Zorglub", "--json"}).out);
  ASSERT_EQ(answer["results"].size(), 1u) << answer.dump();
  EXPECT_EQ(answer["results"][0]["id"], "ev5-infoexpress-0319");
  EXPECT_EQ(answer["results"][0]["title"], "Le conseil municipal vote le budget");
  EXPECT_TRUE(Contains(answer["results"][0]["snippet"]["text"], "Zorglub"));
  // Its old words are gone: only the AFP story still names the fire chief.
  EXPECT_EQ(FoundIn(db, "Ballester"), (Ids{"ev5-afp-0319"}));
  // pairs re-scores it: no longer a copy of the AFP story.
  EXPECT_EQ(PairRelation(db, "ev5-afp-0319", "ev5-infoexpress-0319"), "");
  // More like this finds the new text through the article and sentence indexes.
  const json similar =
      json::parse(RunParallax({"search", "--db", db, "--file", changed, "-k", "1", "--json"}).out);
  ASSERT_EQ(similar["results"].size(), 1u);
  EXPECT_EQ(similar["results"][0]["id"], "ev5-infoexpress-0319");
  EXPECT_GT(similar["results"][0]["score"].get<double>(), 0.95);
}

// With a lexicon, `search --file` on a translation lists the article itself
// (duplicate), then its source as `translation`, with the similarity and
// relation `pairs` gives that pair: search ranks relations as pairs does.
TEST(SearchTranslationsTest, ATranslationFindsItsSourceFirst) {
  if (InstalledDictionaries().empty()) GTEST_SKIP() << "no FreeDict dictionary installed (scripts/setup.sh)";
  TempDir dir;
  const std::string db = dir.Path("db"), data = SourceDir() + "/data/translations";
  const RunResult index =
      RunParallax({"index", data + "/articles.jsonl", "--db", db, "--dictionaries", "installed"});
  ASSERT_EQ(index.exit_code, 0) << index.Describe();
  const RunResult pairs = RunParallax({"pairs", "--db", db, "--json"});
  ASSERT_EQ(pairs.exit_code, 0) << pairs.Describe();
  std::map<std::pair<std::string, std::string>, json> listed;  // (a, b) and (b, a) -> pair
  for (const json& p : ParseJsonLines(pairs.out)) {
    listed[{p["a"]["id"], p["b"]["id"]}] = p;
    listed[{p["b"]["id"], p["a"]["id"]}] = p;
  }
  std::map<std::string, std::string> lines;  // id -> its line of articles.jsonl
  std::istringstream in(ReadFile(data + "/articles.jsonl"));
  for (std::string line; std::getline(in, line);) lines[json::parse(line)["id"]] = line + "\n";

  const json truth_file = json::parse(ReadFile(data + "/truth.json"));
  size_t checked = 0;
  for (const json& truth : truth_file["articles"]) {
    if (truth["translation_of"].is_null()) continue;
    const std::string id = truth["id"], source = truth["translation_of"];
    const RunResult run = RunParallax(
        {"search", "--db", db, "--file", dir.Write(id + ".jsonl", lines.at(id)), "--mode", "similar", "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.Describe();
    const json results = json::parse(run.out)["results"];
    ASSERT_GE(results.size(), 2u) << id;
    EXPECT_EQ(results[0]["id"], id);
    EXPECT_EQ(results[0]["relation"], "duplicate") << id;
    EXPECT_EQ(results[1]["id"], source) << id << ": " << results.dump();
    EXPECT_EQ(results[1]["relation"], "translation") << id;
    const auto pair = listed.find({id, source});
    ASSERT_NE(pair, listed.end()) << id << " " << source << " not listed by pairs";
    EXPECT_EQ(results[1]["score"], pair->second["similarity"]) << id;
    EXPECT_EQ(results[1]["relation"], pair->second["relation"]) << id;
    ++checked;
  }
  EXPECT_EQ(checked, 6u);  // 4 French and 2 German translations
}

}  // namespace
}  // namespace parallax
