// Bad input, damaged collections and usage errors: the right exit code, a
// message naming the problem, and nothing lost or half-written.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"

namespace parallax {
namespace {

using cli_test::Contains;
using cli_test::CorpusDir;
using cli_test::FlipByte;
using cli_test::ReadFile;
using cli_test::RunParallax;
using cli_test::RunResult;
using cli_test::Snapshot;
using nlohmann::json;
using testing_util::TempDir;
namespace fs = std::filesystem;

const char kGoodArticle[] =
    "La biblioth\xC3\xA8que rouvre\n\n"
    "La biblioth\xC3\xA8que municipale de Port-M\xC3\xA9rac rouvre ses portes lundi apr\xC3\xA8s huit mois de "
    "travaux.\n\nLes horaires sont \xC3\xA9largis le samedi et un espace num\xC3\xA9rique ouvre au premier "
    "\xC3\xA9tage.\n";
const char kMarketArticle[] =
    "Le march\xC3\xA9 du samedi s'agrandit\n\n"
    "Le march\xC3\xA9 du samedi accueille d\xC3\xA9sormais quarante exposants venus de toute la r\xC3\xA9gion, "
    "producteurs de fromages, de miel et de l\xC3\xA9gumes.\n";

// Ids (and titles) returned by `search --db DB --text TEXT -k 10 --json`.
std::map<std::string, std::string> SearchAll(const std::string& db, const std::string& text) {
  const RunResult run = RunParallax({"search", "--db", db, "--text", text, "-k", "10", "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  std::map<std::string, std::string> hits;
  const json result = json::parse(run.out, nullptr, false);
  if (result.is_discarded() || !result.contains("results")) {
    ADD_FAILURE() << run.Describe();
    return hits;
  }
  for (const json& hit : result["results"]) hits[hit["id"]] = hit.value("title", "");
  return hits;
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Latin-1 ("é" as one byte 0xE9), a binary file, an empty file and one good article.
    dir_.Write("in/latin1.txt", "Un ch\xE2teau r\xE9nov\xE9\n\nLe ch\xE2teau de la r\xE9gion a \xE9t\xE9 r\xE9nov\xE9.\n");
    dir_.Write("in/binary.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0", 20) +
                                    std::string(200, '\0'));
    dir_.Write("in/empty.txt", "");
    dir_.Write("in/good.txt", kGoodArticle);
    in_ = dir_.Path("in");
    db_ = dir_.Path("db");
  }

  TempDir dir_;
  std::string in_, db_;
};

TEST_F(BadInputTest, SkipsBadFilesNamesThemAndIndexesTheGoodOne) {
  const RunResult run = RunParallax({"index", in_, "--db", db_});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "skipped " + in_ + "/binary.txt: binary file")) << run.err;
  EXPECT_TRUE(Contains(run.err, "skipped " + in_ + "/empty.txt: empty file")) << run.err;
  EXPECT_TRUE(Contains(run.err, "skipped " + in_ + "/latin1.txt: not valid UTF-8")) << run.err;
  EXPECT_FALSE(Contains(run.err, "good.txt")) << run.err;
  EXPECT_TRUE(Contains(run.err, "indexed 1 new article into")) << run.err;
  EXPECT_TRUE(Contains(run.err, "3 inputs skipped")) << run.err;
  EXPECT_TRUE(Contains(run.err, "the collection holds 1 article,")) << run.err;
  const auto hits = SearchAll(db_, "biblioth\xC3\xA8que municipale");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits.begin()->first, "good");
  EXPECT_EQ(hits.begin()->second, "La biblioth\xC3\xA8que rouvre");
}

TEST_F(BadInputTest, StrictFailsAndWritesNoCollection) {
  RunResult run = RunParallax({"index", in_, "--db", db_, "--strict"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, in_ + "/binary.txt: binary file")) << "the first bad file, in sorted order: "
                                                                     << run.err;
  EXPECT_FALSE(fs::exists(db_)) << "nothing may be written";

  // An existing empty folder stays empty.
  fs::create_directories(db_);
  run = RunParallax({"index", in_, "--db", db_, "--strict"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(fs::is_empty(db_));
}

TEST_F(BadInputTest, NothingReadableFailsAndWritesNothing) {
  fs::remove(dir_.Path("in/good.txt"));
  const RunResult run = RunParallax({"index", in_, "--db", db_});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "no article could be read")) << run.err;
  EXPECT_FALSE(fs::exists(db_));
}

TEST_F(BadInputTest, AppendingAddsOnlyNewIds) {
  ASSERT_EQ(RunParallax({"index", in_, "--db", db_}).exit_code, 0);
  // Same id "good" with another text (not stored again) and one new article.
  dir_.Write("in2/good.txt", "Un autre titre\n\nUn autre texte sur la biblioth\xC3\xA8que municipale et ses travaux.\n");
  dir_.Write("in2/market.txt", kMarketArticle);
  RunResult run = RunParallax({"index", dir_.Path("in2"), "--db", db_});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "indexed 1 new article into")) << run.err;
  EXPECT_TRUE(Contains(run.err, "(1 already stored, 0 inputs skipped)")) << run.err;
  EXPECT_TRUE(Contains(run.err, "the collection holds 2 articles")) << run.err;
  EXPECT_EQ(json::parse(ReadFile(db_ + "/manifest.json"))["articles"], 2);
  EXPECT_TRUE(Contains(run.err, "1 of the 1 already stored differ")) << run.err;
  EXPECT_TRUE(Contains(run.err, "--replace")) << run.err;
  const auto hits = SearchAll(db_, "samedi");  // a word both texts hold
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_TRUE(hits.count("market"));
  ASSERT_TRUE(hits.count("good"));
  EXPECT_EQ(hits.at("good"), "La biblioth\xC3\xA8que rouvre") << "the stored article is kept";

  // Nothing new: nothing rewritten.
  const auto before = Snapshot(db_);
  run = RunParallax({"index", dir_.Path("in2"), "--db", db_});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "indexed 0 new articles")) << run.err;
  EXPECT_TRUE(Contains(run.err, "2 already stored")) << run.err;
  EXPECT_TRUE(Snapshot(db_) == before);
}

class DamagedCollectionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DamagedCollectionTest, RefusedByEveryCommandAndLeftByteIdentical) {
  TempDir dir;
  const std::string db = dir.Path("db");
  const std::string txt = CorpusDir() + "/txt";
  ASSERT_EQ(RunParallax({"index", txt, "--db", db}).exit_code, 0);
  const std::string damaged = cli_test::CollectionFile(db, GetParam());
  ASSERT_TRUE(fs::exists(damaged)) << "the collection layout changed";
  FlipByte(damaged, fs::file_size(damaged) / 2);
  const auto before = Snapshot(db);

  const std::vector<std::vector<std::string>> commands = {
      {"pairs", "--db", db, "--json"},
      {"search", "--db", db, "--text", "incendie dans le massif de la C\xC3\xA9zarde", "--json"},
      {"search", "--db", db, "--file", txt + "/ev5-afp-0319.txt"},
      {"index", CorpusDir() + "/articles.jsonl", "--db", db},
  };
  for (const auto& args : commands) {
    const RunResult run = RunParallax(args);
    EXPECT_EQ(run.exit_code, 1) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "corrupt") || Contains(run.err, "damaged")) << run.Describe();
    EXPECT_TRUE(Contains(run.err, fs::path(damaged).filename().string())) << "names the damaged file: " << run.err;
    EXPECT_TRUE(run.out.empty()) << run.Describe();
  }
  EXPECT_TRUE(Snapshot(db) == before) << "the damaged collection must not be rewritten";
  EXPECT_EQ(cli_test::Names(Snapshot(db)), cli_test::Names(before));
}

INSTANTIATE_TEST_SUITE_P(EveryFile, DamagedCollectionTest,
                         ::testing::Values("articles.plx", "model.plx", "articles.faiss.plx", "sentences.faiss.plx",
                                           "words.plx", "fingerprints.plx"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '.') c = '_';
                           }
                           return name;
                         });

TEST(IndexTest, NonCollectionFolderIsLeftUntouched) {
  TempDir dir;
  dir.Write("notes/todo.md", "ne pas effacer\n");
  dir.Write("notes/sub/data.bin", std::string("\x01\x02\x03", 3));
  const auto before = Snapshot(dir.Path("notes"));
  const RunResult run = RunParallax({"index", CorpusDir() + "/txt", "--db", dir.Path("notes")});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "not a parallax collection")) << run.err;
  EXPECT_TRUE(Snapshot(dir.Path("notes")) == before);
}

TEST(IndexTest, MissingInputPathFails) {
  TempDir dir;
  const std::string missing = dir.Path("no-such-folder");
  const RunResult run = RunParallax({"index", missing, "--db", dir.Path("db")});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, missing)) << run.err;
  EXPECT_FALSE(fs::exists(dir.Path("db")));
}

TEST(UsageTest, UnknownFlagIsAUsageErrorWithAHint) {
  TempDir dir;
  for (const std::string command : {"index", "train", "search", "pairs", "compare", "score"}) {
    const RunResult run = RunParallax({command, "--bogus", CorpusDir() + "/txt", "--db", dir.Path("db")});
    EXPECT_EQ(run.exit_code, 2) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "--bogus")) << run.err;
    EXPECT_TRUE(Contains(run.err, "parallax " + command + " --help")) << "a hint: " << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
  }
  EXPECT_FALSE(fs::exists(dir.Path("db")));
}

TEST(UsageTest, NoCommandOrUnknownCommand) {
  RunResult run = RunParallax({});
  EXPECT_EQ(run.exit_code, 2) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "usage: parallax COMMAND")) << run.err;

  run = RunParallax({"nosuchcommand"});
  EXPECT_EQ(run.exit_code, 2) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "unknown command 'nosuchcommand'")) << run.err;
  EXPECT_TRUE(Contains(run.err, "usage: parallax COMMAND")) << run.err;

  run = RunParallax({"--help"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  for (const char* command : {"index", "search", "pairs", "compare", "score", "train"}) {
    EXPECT_TRUE(Contains(run.out, std::string("\n  ") + command + " ")) << command;
  }
}

TEST(UsageTest, EverySubcommandHasHelp) {
  const std::map<std::string, std::vector<std::string>> options = {
      {"index", {"--db", "--model", "--index-type", "--no-sentence-index", "--vocab-size", "--dim", "--strict",
                 "--threads"}},
      {"train", {"--out", "--vocab-size", "--dim", "--hash-bits", "--strict", "--threads"}},
      {"search", {"--db", "--text", "--file", "-k", "--json"}},
      {"pairs", {"--db", "--json", "--passages", "--neighbors", "--outlet", "--min-relation", "--same-event",
                 "--related", "--reuse"}},
      {"compare", {"--model", "--json"}},
      {"score", {"--pairs", "--model", "--json"}},
  };
  for (const auto& [command, names] : options) {
    for (const std::string help : {"--help", "-h"}) {
      const RunResult run = RunParallax({command, help});
      EXPECT_EQ(run.exit_code, 0) << run.Describe();
      EXPECT_EQ(run.out.rfind("usage: parallax " + command + " ", 0), 0u) << run.out;
      for (const std::string& name : names) EXPECT_TRUE(Contains(run.out, name)) << command << " " << name;
      EXPECT_TRUE(run.err.empty()) << run.err;
    }
  }
}

TEST(UsageTest, MissingRequiredOptionsAndBadValues) {
  TempDir dir;
  const std::string db = dir.Path("db");
  const std::string article = CorpusDir() + "/txt/ev5-afp-0319.txt";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"index", CorpusDir()}, "--db"},
      {{"index", "--db", db}, "at least one INPUT"},
      {{"train", CorpusDir()}, "--out"},
      {{"search", "--text", "feu"}, "--db"},
      {{"pairs"}, "--db"},
      {{"search", "--db", db, "--text", "feu", "--file", article}, "exactly one of --text and --file"},
      {{"search", "--db", db}, "exactly one of --text and --file"},
      {{"search", "--db", db, "--text", "feu", "-k", "0"}, "-k"},
      {{"search", "--db", db, "--text", "feu", "-k", "many"}, "many"},
      {{"pairs", "--db", db, "--min-relation", "cousins"}, "cousins"},
      {{"pairs", "--db", db, "--neighbors", "0"}, "--neighbors"},
      {{"compare", article}, "exactly two files"},
      {{"compare", article, article, article}, "exactly two files"},
      {{"compare"}, "exactly two files"},
  };
  for (const auto& [args, message] : cases) {
    const RunResult run = RunParallax(args);
    EXPECT_EQ(run.exit_code, 2) << run.Describe();
    EXPECT_TRUE(Contains(run.err, message)) << "expected '" << message << "' in " << run.Describe();
  }
  EXPECT_FALSE(fs::exists(db));
}

TEST(CompareErrorsTest, MissingFileFails) {
  TempDir dir;
  const std::string missing = dir.Path("missing.txt");
  RunResult run = RunParallax({"compare", CorpusDir() + "/txt/ev5-afp-0319.txt", missing, "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, missing)) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;

  run = RunParallax({"compare", missing, CorpusDir() + "/txt/ev5-afp-0319.txt"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, missing)) << run.err;

  // A missing model is a failure too, with a pointer to `train`.
  run = RunParallax({"compare", CorpusDir() + "/txt/ev5-afp-0319.txt", CorpusDir() + "/txt/ev5-infoexpress-0319.txt",
                     "--model", dir.Path("none.plx")});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "none.plx")) << run.err;
  EXPECT_TRUE(Contains(run.err, "parallax train")) << run.err;
}

TEST(PairsTest, MissingCollectionFailsWithoutCreatingIt) {
  TempDir dir;
  const std::string db = dir.Path("db");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"pairs", "--db", db}, std::vector<std::string>{"search", "--db", db, "--text", "x y"}}) {
    const RunResult run = RunParallax(args);
    EXPECT_EQ(run.exit_code, 1) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "no parallax collection")) << run.err;
    EXPECT_TRUE(Contains(run.err, "parallax index")) << "says how to make one: " << run.err;
  }
  EXPECT_FALSE(fs::exists(db));
}

}  // namespace
}  // namespace parallax
