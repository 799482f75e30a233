// `stories`, `report` and `compare --out` end to end on data/corpus: what
// they print and write, and their refusals of bad options.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"

namespace parallax {
namespace {

using cli_test::CorpusDir;
using cli_test::ParseJsonLines;
using cli_test::ReadFile;
using cli_test::RunParallax;
using cli_test::RunResult;
using nlohmann::json;
using testing_util::TempDir;

class StoriesCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new std::string((std::filesystem::temp_directory_path() /
                               ("parallax_cli_stories_" + std::to_string(::getpid())))
                                  .string());
    std::filesystem::remove_all(*folder_);
    std::filesystem::create_directories(*folder_);
    db_ = new std::string(*folder_ + "/db");
    const RunResult r = RunParallax({"index", CorpusDir(), "--db", *db_});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*folder_);
    delete db_;
    delete folder_;
  }
  static const std::string& db() { return *db_; }
  // A file name in the suite's folder.
  static std::string Path(const std::string& name) { return *folder_ + "/" + name; }
  static std::string* folder_;
  static std::string* db_;
};
std::string* StoriesCliTest::folder_ = nullptr;
std::string* StoriesCliTest::db_ = nullptr;

TEST_F(StoriesCliTest, JsonStoriesMatchTheTextBlocks) {
  const RunResult json_run = RunParallax({"stories", "--db", db(), "--json"});
  ASSERT_EQ(json_run.exit_code, 0) << json_run.Describe();
  const std::vector<json> stories = ParseJsonLines(json_run.out);
  ASSERT_GE(stories.size(), 6u);  // data/corpus has six events
  const RunResult text_run = RunParallax({"stories", "--db", db()});
  ASSERT_EQ(text_run.exit_code, 0) << text_run.Describe();
  size_t articles = 0;
  for (const json& s : stories) {
    EXPECT_NE(text_run.out.find("story " + s["id"].get<std::string>() + ": " +
                                std::to_string(s["articles"].size()) + " articles"),
              std::string::npos)
        << s["id"];
    EXPECT_EQ(s["articles"][0]["id"], s["id"]);
    articles += s["articles"].size();
  }
  for (size_t i = 1; i < stories.size(); ++i) EXPECT_GE(stories[i - 1]["articles"].size(), stories[i]["articles"].size());
  EXPECT_NE(json_run.err.find(std::to_string(stories.size()) + " stories of " + std::to_string(articles) + " articles"),
            std::string::npos)
      << json_run.err;
}

TEST_F(StoriesCliTest, MinSizeChangesTheStories) {
  const RunResult all = RunParallax({"stories", "--db", db(), "--json", "--min-size", "1"});
  ASSERT_EQ(all.exit_code, 0) << all.Describe();
  std::set<std::string> ids;
  for (const json& s : ParseJsonLines(all.out)) {
    for (const json& a : s["articles"]) EXPECT_TRUE(ids.insert(a["id"]).second) << a["id"] << " in two stories";
  }
  EXPECT_EQ(ids.size(), 44u);  // every article of data/corpus, once
  const RunResult big = RunParallax({"stories", "--db", db(), "--json", "--min-size", "6"});
  ASSERT_EQ(big.exit_code, 0) << big.Describe();
  for (const json& s : ParseJsonLines(big.out)) EXPECT_GE(s["articles"].size(), 6u);
}

TEST_F(StoriesCliTest, BadOptionsAreUsageErrors) {
  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"--window", "-1"}, {"--window", "nan"}, {"--min-size", "0"}, {"--link", "1.5"}, {"--link", "x"}}) {
    std::vector<std::string> args = {"stories", "--db", db()};
    args.insert(args.end(), bad.begin(), bad.end());
    const RunResult r = RunParallax(args);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_NE(r.err.find(bad[0]), std::string::npos) << r.Describe();
  }
  const RunResult none = RunParallax({"stories", "--db", Path("no-such-db")});
  EXPECT_EQ(none.exit_code, 1) << none.Describe();
}

TEST_F(StoriesCliTest, ReportWritesEachFormatAndRefusesUnknownOnes) {
  const std::string html = Path("r.html");
  const RunResult r = RunParallax({"report", "--db", db(), "--out", html, "--max-pairs", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const std::string page = ReadFile(html);
  EXPECT_NE(page.find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(page.find("id=\"parallax-data\""), std::string::npos);
  // Each reprint listed with its group's source only; --all-pairs lists every pair.
  EXPECT_NE(r.err.find("5 pairs of 71 listed"), std::string::npos) << r.err;
  const RunResult all = RunParallax({"report", "--db", db(), "--out", html, "--max-pairs", "5", "--all-pairs"});
  ASSERT_EQ(all.exit_code, 0) << all.Describe();
  EXPECT_NE(all.err.find("5 pairs of 88 listed"), std::string::npos) << all.err;

  const std::string data = Path("r.json");
  ASSERT_EQ(RunParallax({"report", "--db", db(), "--out", data, "--max-pairs", "5"}).exit_code, 0);
  const json report = json::parse(ReadFile(data));
  EXPECT_EQ(report["pairs"].size(), 5u);
  EXPECT_EQ(report["overview"]["pairs_shown"], 5);
  EXPECT_EQ(report["options"]["max_pairs"], 5);

  const RunResult pdf = RunParallax({"report", "--db", db(), "--out", Path("r.pdf")});
  EXPECT_EQ(pdf.exit_code, 2) << pdf.Describe();
  const RunResult nowhere = RunParallax({"report", "--db", db(), "--out", Path("missing/r.md")});
  EXPECT_EQ(nowhere.exit_code, 1) << nowhere.Describe();
  EXPECT_NE(nowhere.err.find("no folder"), std::string::npos) << nowhere.Describe();
}

TEST(CompareOutTest, WritesThePairPageWithTheSameFiguresAsJson) {
  TempDir dir;
  const std::string a = CorpusDir() + "/txt/ev5-afp-0319.txt";
  const std::string b = CorpusDir() + "/txt/ev5-infoexpress-0319.txt";
  const std::string out = dir.path() + "/pair.json";
  const RunResult r = RunParallax({"compare", a, b, "--json", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const json printed = json::parse(r.out);
  const json report = json::parse(ReadFile(out));
  EXPECT_EQ(report["kind"], "pair");
  ASSERT_EQ(report["pairs"].size(), 1u);
  for (const char* field : {"a", "b", "similarity", "reuse_a", "reuse_b", "relation", "source", "passages"}) {
    EXPECT_EQ(report["pairs"][0][field], printed[field]) << field;
  }
  EXPECT_FALSE(report["pairs"][0]["passages"].empty());
  const RunResult bad = RunParallax({"compare", a, b, "--out", dir.path() + "/pair.docx"});
  EXPECT_EQ(bad.exit_code, 2) << bad.Describe();
}

}  // namespace
}  // namespace parallax
