// `pairs` in text (outlets, dates, source, passages), `compare --db` by id
// against what `pairs` reports, `compare` from stdin and from .jsonl files,
// and the note `index` prints for a date it cannot read.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"
#include "match/reprint_corpus.h"

namespace parallax {
namespace {

using cli_test::CorpusDir;
using cli_test::ParseJsonLines;
using cli_test::RunParallax;
using cli_test::RunResult;
using nlohmann::json;
using testing_util::TempDir;

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, '\t');) cells.push_back(cell);
  return cells;
}

std::vector<std::string> Lines(const std::string& out) {
  std::vector<std::string> lines;
  std::stringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The sample corpus indexed once, and its pairs as `pairs --json --passages` prints them.
class PairsOnSampleCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // TempDir names itself after the running test: a suite's folder is made here.
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("parallax_cli_pairs_" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    db_ = new std::string((*dir_ / "db").string());
    const RunResult index = RunParallax({"index", CorpusDir(), "--db", *db_});
    ASSERT_EQ(index.exit_code, 0) << index.Describe();
    const RunResult pairs = RunParallax({"pairs", "--db", *db_, "--json", "--passages"});
    ASSERT_EQ(pairs.exit_code, 0) << pairs.Describe();
    pairs_ = new std::vector<json>(ParseJsonLines(pairs.out));
  }
  static void TearDownTestSuite() {
    delete pairs_;
    delete db_;
    std::error_code ec;
    std::filesystem::remove_all(*dir_, ec);
    delete dir_;
  }
  // The first pair printed that `keep` accepts.
  static const json& First(const std::function<bool(const json&)>& keep) {
    for (const json& p : *pairs_) {
      if (keep(p)) return p;
    }
    static const json none = json::object();
    return none;
  }
  static std::filesystem::path* dir_;
  static std::string* db_;
  static std::vector<json>* pairs_;
};
std::filesystem::path* PairsOnSampleCorpus::dir_ = nullptr;
std::string* PairsOnSampleCorpus::db_ = nullptr;
std::vector<json>* PairsOnSampleCorpus::pairs_ = nullptr;

TEST_F(PairsOnSampleCorpus, SourceOnlyForPairsWithPassages) {
  ASSERT_FALSE(pairs_->empty());
  int without = 0, sourced = 0;
  for (const json& p : *pairs_) {
    if (p["passages"].empty()) {
      ++without;
      EXPECT_TRUE(p["source"].is_null()) << p.dump();
    }
    sourced += !p["source"].is_null();
  }
  EXPECT_GT(without, 0);  // same-event pairs of different days
  EXPECT_GT(sourced, 0);
}

TEST_F(PairsOnSampleCorpus, TextShowsOutletsDatesAndSource) {
  const RunResult run = RunParallax({"pairs", "--db", *db_});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), pairs_->size() + 1) << run.out;
  EXPECT_EQ(lines[0], "relation\tsimilarity\treuse_a\treuse_b\ta\ta_outlet\ta_date\tb\tb_outlet\tb_date\tsource");
  for (size_t i = 0; i < pairs_->size(); ++i) {
    const json& p = (*pairs_)[i];
    const std::vector<std::string> cells = SplitTabs(lines[i + 1]);
    ASSERT_EQ(cells.size(), 11u) << lines[i + 1];
    EXPECT_EQ(cells[0], p["relation"].get<std::string>());
    for (const auto& [side, at] : {std::pair("a", 4), std::pair("b", 7)}) {
      EXPECT_EQ(cells[at], p[side]["id"].get<std::string>());
      EXPECT_EQ(cells[at + 1], p[side].value("outlet", "-")) << lines[i + 1];
      EXPECT_EQ(cells[at + 2], p[side].value("date", "-")) << lines[i + 1];
    }
    EXPECT_EQ(cells[10], p["source"].is_null() ? "-" : p["source"].get<std::string>()) << lines[i + 1];
  }
  // The sample corpus has dated outlets and copies published later.
  EXPECT_NE(run.out.find("\tAgence Franche Presse\t2024-03-11\t"), std::string::npos);
  const json& sourced = First([](const json& p) { return !p["source"].is_null(); });
  ASSERT_FALSE(sourced.empty());
  EXPECT_NE(run.out.find("\t" + sourced["source"].get<std::string>() + "\n"), std::string::npos);
}

TEST_F(PairsOnSampleCorpus, TextPassagesUnderEachPair) {
  const RunResult run = RunParallax({"pairs", "--db", *db_, "--passages"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  const std::vector<std::string> lines = Lines(run.out);
  size_t line = 1;
  for (const json& p : *pairs_) {
    ASSERT_LT(line, lines.size());
    EXPECT_EQ(SplitTabs(lines[line]).size(), 11u) << lines[line];
    ++line;
    for (const json& passage : p["passages"]) {
      ASSERT_LT(line + 1, lines.size());
      const std::string head = "  " + passage["kind"].get<std::string>() + " (score ";
      EXPECT_EQ(lines[line].rfind(head, 0), 0u) << lines[line];
      const std::string offsets = p["a"]["id"].get<std::string>() + " [" + passage["a_start"].dump() + ", " +
                                  passage["a_end"].dump() + ") = " + p["b"]["id"].get<std::string>() + " [" +
                                  passage["b_start"].dump() + ", " + passage["b_end"].dump() + ")";
      EXPECT_NE(lines[line].find(offsets), std::string::npos) << lines[line] << "\nwanted " << offsets;
      EXPECT_EQ(lines[line + 1].rfind("    ", 0), 0u) << lines[line + 1];  // the excerpt
      EXPECT_GT(lines[line + 1].size(), 4u);
      line += 2;
    }
  }
  EXPECT_EQ(line, lines.size());
  EXPECT_NE(run.out.find("\n  verbatim (score 1.000): "), std::string::npos);
}

// `compare --db` scores a pair as `pairs` does: the same similarity, relation,
// reuse, source and passages, for a pair with passages and one without.
TEST_F(PairsOnSampleCorpus, CompareByIdEqualsPairs) {
  const json& reuse = First([](const json& p) { return p["relation"] == "reuse" && !p["passages"].empty(); });
  const json& duplicate = First([](const json& p) { return p["relation"] == "duplicate"; });
  const json& same_event = First([](const json& p) { return p["relation"] == "same-event" && p["passages"].empty(); });
  for (const json* pair : {&reuse, &duplicate, &same_event}) {
    ASSERT_FALSE(pair->empty());
    const json& p = *pair;
    SCOPED_TRACE(p["a"]["id"].get<std::string>() + " " + p["b"]["id"].get<std::string>());
    const RunResult run =
        RunParallax({"compare", "--db", *db_, p["a"]["id"].get<std::string>(), p["b"]["id"].get<std::string>(), "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.Describe();
    const json c = json::parse(run.out);
    for (const char* field : {"a", "b", "similarity", "relation", "reuse_a", "reuse_b", "source", "passages"}) {
      EXPECT_EQ(c[field], p[field]) << field;
    }
    EXPECT_TRUE(c.contains("containment_a"));
  }
  // In text too, with both articles' outlets and dates and the source.
  const RunResult text =
      RunParallax({"compare", "--db", *db_, reuse["a"]["id"].get<std::string>(), reuse["b"]["id"].get<std::string>()});
  ASSERT_EQ(text.exit_code, 0) << text.Describe();
  EXPECT_NE(text.out.find("a:          " + reuse["a"]["id"].get<std::string>() + " (" +
                          reuse["a"]["outlet"].get<std::string>() + ", " + reuse["a"]["date"].get<std::string>() + ")"),
            std::string::npos)
      << text.out;
  const std::string source =
      reuse["source"].is_null() ? "unknown" : reuse["source"].get<std::string>() + " (published first)";
  EXPECT_NE(text.out.find("\nsource:     " + source), std::string::npos) << text.out;

  const RunResult missing = RunParallax({"compare", "--db", *db_, "no-such-id", reuse["a"]["id"].get<std::string>()});
  EXPECT_EQ(missing.exit_code, 1) << missing.Describe();
  EXPECT_NE(missing.err.find("no article 'no-such-id'"), std::string::npos) << missing.err;
}

TEST(CompareInputsTest, StandardInputIsAFile) {
  const std::string a = CorpusDir() + "/txt/ev5-afp-0319.txt", b = CorpusDir() + "/txt/ev5-infoexpress-0319.txt";
  const RunResult files = RunParallax({"compare", a, b, "--json"});
  ASSERT_EQ(files.exit_code, 0) << files.Describe();
  const RunResult piped = RunParallax({"compare", "-", b, "--json"}, std::chrono::seconds(120), a);
  ASSERT_EQ(piped.exit_code, 0) << piped.Describe();
  json x = json::parse(files.out), y = json::parse(piped.out);
  EXPECT_EQ(y["a"]["id"], "stdin");
  EXPECT_GT(y["passages"].size(), 0u);
  for (const char* field : {"similarity", "relation", "reuse_a", "reuse_b", "passages"}) EXPECT_EQ(x[field], y[field]) << field;

  const RunResult twice = RunParallax({"compare", "-", "-"}, std::chrono::seconds(120), a);
  EXPECT_EQ(twice.exit_code, 2) << twice.Describe();
}

TEST(CompareInputsTest, JsonlOfOneArticleIsThatArticleOfSeveralIsRefused) {
  TempDir dir;
  const std::string all = CorpusDir() + "/articles.jsonl";
  std::stringstream lines(cli_test::ReadFile(all));
  std::string first;
  std::getline(lines, first);
  const std::string one = dir.Write("one.jsonl", first + "\n");
  const std::string txt = CorpusDir() + "/txt/ev5-afp-0319.txt";
  const RunResult single = RunParallax({"compare", one, txt, "--json"});
  ASSERT_EQ(single.exit_code, 0) << single.Describe();
  EXPECT_EQ(json::parse(single.out)["a"]["id"], json::parse(first)["id"]);

  const RunResult several = RunParallax({"compare", all, txt});
  EXPECT_EQ(several.exit_code, 2) << several.Describe();
  EXPECT_NE(several.err.find("articles.jsonl holds"), std::string::npos) << several.err;
  EXPECT_NE(several.err.find("--db DIR ID_A ID_B"), std::string::npos) << several.err;
  EXPECT_TRUE(several.out.empty());
}

TEST(IndexDatesTest, UnreadDateIsNotedWithFileAndLine) {
  TempDir dir;
  const std::string input =
      dir.Write("dated.jsonl",
                "{\"id\": \"a\", \"text\": \"Le port est en grève depuis lundi matin.\", \"date\": \"2024-03-11T09:30+01:00\"}\n"
                "{\"id\": \"b\", \"text\": \"The port strike enters its second day.\", \"date\": \"Feb 22, 2022\"}\n"
                "{\"id\": \"c\", \"text\": \"Der Hafen wird seit Montag bestreikt.\", \"date\": \"letzten Montag\"}\n");
  const RunResult run = RunParallax({"index", input, "--db", dir.Path("db")});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_NE(run.err.find("parallax: undated " + input + ":3: date 'letzten Montag' not read"), std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find(input + ":1"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(input + ":2"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("indexed 3 new articles"), std::string::npos) << run.err;
}


// --exact: the joins are exact at any size. A collection this small is
// joined exactly anyway, so the pairs are the same and no note about cells
// is printed either way.
// A collection saved before `index` stored fingerprints: `pairs` winnows the
// articles itself and lists the same pairs, writing nothing; the next
// `index`, even with nothing new, stores them.
TEST(PairsCli, ACollectionWithoutFingerprintsGivesTheSamePairsAndGetsThemAtTheNextIndex) {
  TempDir dir;
  const std::string db = dir.Path("db");
  ASSERT_EQ(RunParallax({"index", CorpusDir(), "--db", db}).exit_code, 0);
  const RunResult stored = RunParallax({"pairs", "--db", db, "--json", "--passages"});
  ASSERT_EQ(stored.exit_code, 0) << stored.Describe();
  ASSERT_FALSE(stored.out.empty());
  cli_test::AsSavedBefore(db, "fingerprints.plx");
  const auto before = cli_test::Snapshot(db);
  const RunResult winnowed = RunParallax({"pairs", "--db", db, "--json", "--passages"});
  ASSERT_EQ(winnowed.exit_code, 0) << winnowed.Describe();
  EXPECT_EQ(winnowed.out, stored.out);
  EXPECT_TRUE(cli_test::Snapshot(db) == before) << "pairs never writes";
  const RunResult index = RunParallax({"index", CorpusDir(), "--db", db});
  ASSERT_EQ(index.exit_code, 0) << index.Describe();
  EXPECT_TRUE(std::filesystem::exists(cli_test::CollectionFile(db, "fingerprints.plx")));
  EXPECT_TRUE(json::parse(cli_test::ReadFile(db + "/manifest.json"))["files"].contains("fingerprints.plx"));
  EXPECT_EQ(RunParallax({"pairs", "--db", db, "--json", "--passages"}).out, stored.out);
}

TEST(PairsCli, ExactIsAcceptedAndSmallCollectionsAreJoinedExactly) {
  TempDir dir;
  std::string jsonl;
  for (const Article& a : reprint_corpus::Articles()) {
    jsonl += json{{"id", a.id}, {"outlet", a.outlet}, {"date", a.date}, {"lang", a.lang}, {"text", a.text}}.dump() +
             "\n";
  }
  const std::string db = dir.Path("db");
  ASSERT_EQ(RunParallax({"index", dir.Write("reprints.jsonl", jsonl), "--db", db}).exit_code, 0);
  const RunResult plain = RunParallax({"pairs", "--db", db, "--json"});
  const RunResult exact = RunParallax({"pairs", "--db", db, "--json", "--exact"});
  ASSERT_EQ(plain.exit_code, 0) << plain.Describe();
  ASSERT_EQ(exact.exit_code, 0) << exact.Describe();
  EXPECT_FALSE(plain.out.empty());
  EXPECT_EQ(plain.out, exact.out);
  EXPECT_EQ(plain.err.find("k-means cells"), std::string::npos) << plain.err;
  const RunResult help = RunParallax({"pairs", "--help"});
  EXPECT_NE(help.out.find("--exact"), std::string::npos) << help.out;
}

// Reprint groups: each copy of a wire story is listed with the story's
// earliest article, marked "duplicate_of"; --all-pairs lists every pair, as
// before, and grouped or not, a listed pair is printed alike.
TEST(PairsCli, ReprintGroupsAndAllPairs) {
  TempDir dir;
  std::string jsonl;
  for (const Article& a : reprint_corpus::Articles()) {
    jsonl += json{{"id", a.id}, {"outlet", a.outlet}, {"date", a.date}, {"lang", a.lang}, {"title", a.title},
                  {"text", a.text}}
                 .dump() +
             "\n";
  }
  const std::string db = dir.Path("db");
  const RunResult index = RunParallax({"index", dir.Write("reprints.jsonl", jsonl), "--db", db});
  ASSERT_EQ(index.exit_code, 0) << index.Describe();
  const RunResult grouped = RunParallax({"pairs", "--db", db, "--json"});
  const RunResult all = RunParallax({"pairs", "--db", db, "--json", "--all-pairs"});
  ASSERT_EQ(grouped.exit_code, 0) << grouped.Describe();
  ASSERT_EQ(all.exit_code, 0) << all.Describe();
  std::map<std::pair<std::string, std::string>, json> all_pairs;
  for (json& p : ParseJsonLines(all.out)) {
    EXPECT_FALSE(p.contains("duplicate_of"));
    std::pair<std::string, std::string> ids = {p["a"]["id"], p["b"]["id"]};
    all_pairs[ids] = std::move(p);
  }
  size_t copies_of_a = 0;
  const std::vector<json> listed = ParseJsonLines(grouped.out);
  EXPECT_LT(listed.size(), all_pairs.size());
  for (json p : listed) {
    const std::string a = p["a"]["id"], b = p["b"]["id"];
    if (p.contains("duplicate_of")) {
      const std::string source = p["duplicate_of"];
      EXPECT_TRUE(source == a || source == b) << p.dump();
      if (source == "wire-a") ++copies_of_a;
      p.erase("duplicate_of");
    }
    const auto it = all_pairs.find({a, b});
    ASSERT_NE(it, all_pairs.end()) << a << " " << b;
    EXPECT_EQ(p, it->second);
  }
  EXPECT_EQ(copies_of_a, static_cast<size_t>(reprint_corpus::kCopiesOfA));
  // The text output counts the reprints grouped, and says how to list them all.
  const RunResult text = RunParallax({"pairs", "--db", db});
  ASSERT_EQ(text.exit_code, 0) << text.Describe();
  EXPECT_NE(text.err.find(std::to_string(reprint_corpus::kCopiesOfA) + " reprints of wire-a"), std::string::npos)
      << text.err;
  EXPECT_NE(text.err.find("--all-pairs lists each pair"), std::string::npos) << text.err;
  const RunResult text_all = RunParallax({"pairs", "--db", db, "--all-pairs"});
  EXPECT_EQ(text_all.err.find("reprint"), std::string::npos) << text_all.err;
  EXPECT_EQ(cli_test::CountLines(text_all.out), all_pairs.size() + 1);  // and the header
  const RunResult help = RunParallax({"pairs", "--help"});
  EXPECT_NE(help.out.find("--all-pairs"), std::string::npos);
  EXPECT_NE(help.out.find("duplicate_of"), std::string::npos);
  // `stories` finds the same stories either way; --all-pairs lists every reuse pair inside them.
  const RunResult stories = RunParallax({"stories", "--db", db, "--json"});
  const RunResult stories_all = RunParallax({"stories", "--db", db, "--json", "--all-pairs"});
  ASSERT_EQ(stories.exit_code, 0) << stories.Describe();
  ASSERT_EQ(stories_all.exit_code, 0) << stories_all.Describe();
  const std::vector<json> grouped_stories = ParseJsonLines(stories.out), all_stories = ParseJsonLines(stories_all.out);
  ASSERT_EQ(grouped_stories.size(), all_stories.size());
  for (size_t i = 0; i < all_stories.size(); ++i) {
    EXPECT_EQ(grouped_stories[i]["articles"], all_stories[i]["articles"]);
    EXPECT_LE(grouped_stories[i]["reuse"].size(), all_stories[i]["reuse"].size());
  }
}

}  // namespace
}  // namespace parallax
