// `refit`: a collection indexed in two runs keeps the model of its first
// run, so its pairs depend on the order of indexing; refitted, it gives what
// one run over all its articles gives.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <utility>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"

namespace parallax {
namespace {

using cli_test::CorpusDir;
using cli_test::ReadFile;
using cli_test::RunParallax;
using cli_test::RunResult;
using testing_util::TempDir;

// data/corpus/articles.jsonl in two files: its first `first` articles in
// a.jsonl, the rest in b.jsonl.
std::pair<std::string, std::string> SplitCorpus(int first, const TempDir& dir) {
  std::istringstream lines(ReadFile(CorpusDir() + "/articles.jsonl"));
  std::string head, tail, line;
  for (int i = 0; std::getline(lines, line); ++i) (i < first ? head : tail) += line + "\n";
  return {dir.Write("a.jsonl", head), dir.Write("b.jsonl", tail)};
}

TEST(RefitTest, TwoRunsRefittedEqualOneRun) {
  TempDir dir;
  const auto [a, b] = SplitCorpus(12, dir);
  const std::string two_runs = dir.path() + "/two", one_run = dir.path() + "/one";
  const RunResult first_run = RunParallax({"index", a, "--db", two_runs});
  ASSERT_EQ(first_run.exit_code, 0) << first_run.Describe();
  // Twelve texts: their word frequencies are counted with the default model's.
  EXPECT_NE(first_run.err.find("12 texts are few"), std::string::npos) << first_run.err;
  const RunResult appended = RunParallax({"index", b, "--db", two_runs});
  ASSERT_EQ(appended.exit_code, 0) << appended.Describe();
  ASSERT_EQ(RunParallax({"index", a, b, "--db", one_run}).exit_code, 0);

  const std::string expected = RunParallax({"pairs", "--db", one_run, "--json", "--passages"}).out;
  ASSERT_FALSE(expected.empty());
  EXPECT_NE(RunParallax({"pairs", "--db", two_runs, "--json", "--passages"}).out, expected)
      << "a model fitted on 12 of the articles must score differently for this test to mean anything";
  const RunResult refit = RunParallax({"refit", "--db", two_runs});
  ASSERT_EQ(refit.exit_code, 0) << refit.Describe();
  EXPECT_NE(refit.err.find("on its 38 articles (it was fitted on 44 texts)"), std::string::npos) << refit.err;
  EXPECT_EQ(RunParallax({"pairs", "--db", two_runs, "--json", "--passages"}).out, expected);
}

// Without a background model (none where PARALLAX_MODEL points), a model is
// fitted on the corpus alone, and `index` says when the collection has
// outgrown it.
TEST(RefitTest, IndexSaysWhenTheCollectionOutgrewItsModel) {
  TempDir dir;
  const auto [a, b] = SplitCorpus(10, dir);
  const std::string db = dir.path() + "/db";
  ::setenv("PARALLAX_MODEL", (dir.path() + "/no-model.plx").c_str(), 1);
  const RunResult first_run = RunParallax({"index", a, "--db", db});
  const RunResult appended = RunParallax({"index", b, "--db", db});
  ::unsetenv("PARALLAX_MODEL");
  ASSERT_EQ(first_run.exit_code, 0) << first_run.Describe();
  EXPECT_NE(first_run.err.find("no background model"), std::string::npos) << first_run.err;
  ASSERT_EQ(appended.exit_code, 0) << appended.Describe();
  EXPECT_NE(appended.err.find("the model was fitted on 10 texts; `parallax refit --db " + db + "`"), std::string::npos)
      << appended.err;
}

TEST(RefitTest, NoCollectionIsAFailure) {
  TempDir dir;
  const RunResult r = RunParallax({"refit", "--db", dir.path() + "/none"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
}

}  // namespace
}  // namespace parallax
