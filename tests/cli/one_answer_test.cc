// One answer per pair: inside a collection, `pairs`, `compare --db` and
// `search --file` give a pair of stored articles the same similarity (and
// `score --db` too, tested in score_test.cc, for texts given the same way).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"

namespace parallax {
namespace {

using cli_test::CorpusDir;
using cli_test::ParseJsonLines;
using cli_test::RunParallax;
using cli_test::RunResult;
using nlohmann::json;
using testing_util::TempDir;

TEST(OneAnswerTest, PairsCompareAndSearchAgree) {
  TempDir dir;
  const std::string db = dir.path() + "/db";
  ASSERT_EQ(RunParallax({"index", CorpusDir(), "--db", db}).exit_code, 0);
  const RunResult pairs = RunParallax({"pairs", "--db", db, "--json", "--passages"});
  ASSERT_EQ(pairs.exit_code, 0) << pairs.Describe();
  size_t checked = 0;
  for (const json& p : ParseJsonLines(pairs.out)) {
    const std::string a = p["a"]["id"], b = p["b"]["id"];
    // The query: an article read from a .txt file, so that search can take it as --file.
    auto file_of = [](const std::string& id) { return CorpusDir() + "/txt/" + id + ".txt"; };
    const bool a_in_file = std::filesystem::exists(file_of(a));
    if (!a_in_file && !std::filesystem::exists(file_of(b))) continue;
    const std::string file = file_of(a_in_file ? a : b), other = a_in_file ? b : a;
    const RunResult compared = RunParallax({"compare", "--db", db, a, b, "--json"});
    ASSERT_EQ(compared.exit_code, 0) << compared.Describe();
    const json c = json::parse(compared.out);
    EXPECT_EQ(c["similarity"], p["similarity"]) << a << " " << b;
    EXPECT_EQ(c["relation"], p["relation"]) << a << " " << b;
    EXPECT_EQ(c["passages"], p["passages"]) << a << " " << b;

    const RunResult searched =
        RunParallax({"search", "--db", db, "--file", file, "-k", "50", "--json"});
    ASSERT_EQ(searched.exit_code, 0) << searched.Describe();
    bool found = false;
    const json results = json::parse(searched.out)["results"];
    for (const json& hit : results) {
      if (hit["id"] != other) continue;
      found = true;
      EXPECT_EQ(hit["score"], p["similarity"]) << a << " " << b;
    }
    EXPECT_TRUE(found) << other << " not among the results for " << file;
    if (++checked == 8) break;  // enough, and quick
  }
  EXPECT_GE(checked, 3u);
}

}  // namespace
}  // namespace parallax
