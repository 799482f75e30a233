// One answer per pair: inside a collection, `pairs`, `compare --db` and
// `search --file` give a pair of stored articles the same similarity and
// relation (and `score --db` too, tested in score_test.cc, for texts given
// the same way).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <filesystem>
#include <map>
#include <sstream>
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

TEST(OneAnswerTest, PairsCompareAndSearchAgree) {
  TempDir dir;
  const std::string db = dir.path() + "/db";
  ASSERT_EQ(RunParallax({"index", CorpusDir(), "--db", db}).exit_code, 0);
  const RunResult pairs = RunParallax({"pairs", "--db", db, "--json", "--passages"});
  ASSERT_EQ(pairs.exit_code, 0) << pairs.Describe();
  std::map<std::string, std::string> lines;  // id -> its line of articles.jsonl
  std::istringstream in(ReadFile(CorpusDir() + "/articles.jsonl"));
  for (std::string line; std::getline(in, line);) lines[json::parse(line)["id"]] = line + "\n";
  // The query, as search takes it with --file: one of the two articles read
  // from its .txt file, or the first from a .jsonl file of its own line.
  size_t from_txt = 0, from_jsonl = 0;
  for (const json& p : ParseJsonLines(pairs.out)) {
    const std::string a = p["a"]["id"], b = p["b"]["id"];
    auto txt = [](const std::string& id) { return CorpusDir() + "/txt/" + id + ".txt"; };
    const bool a_in_txt = std::filesystem::exists(txt(a)), in_txt = a_in_txt || std::filesystem::exists(txt(b));
    if ((in_txt ? from_txt : from_jsonl) == 6) continue;  // enough, and quick
    ++(in_txt ? from_txt : from_jsonl);
    const std::string file = in_txt ? txt(a_in_txt ? a : b) : dir.Write(a + ".jsonl", lines.at(a));
    const std::string other = in_txt && !a_in_txt ? a : b;
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
      EXPECT_EQ(hit["relation"], p["relation"]) << a << " " << b;
    }
    EXPECT_TRUE(found) << other << " not among the results for " << file;
  }
  EXPECT_EQ(from_txt, 6u);
  EXPECT_EQ(from_jsonl, 6u);
}

}  // namespace
}  // namespace parallax
