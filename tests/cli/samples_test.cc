// The five real scraped articles of ../shared/samples (outside the repository:
// read by path, never copied in).
#include <gtest/gtest.h>

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

using cli_test::RunParallax;
using cli_test::RunResult;
using nlohmann::json;
using testing_util::TempDir;

const char kSamples[] = PARALLAX_SOURCE_DIR "/../shared/samples";
const char kLavrovBlinken[] = "002_2323d27ef9218437";  // Lavrov-Blinken call, February 2022
const char kPutinTalks[] = "003_a20ad62ac2dfc7aa";     // Putin: talks with the US and NATO go on

std::vector<std::string> SearchIds(const std::string& db, const std::string& id, int k) {
  // --min-score 0: every article, however far (the default stops at 0.1).
  const RunResult run = RunParallax({"search", "--db", db, "--file", std::string(kSamples) + "/" + id + ".txt", "-k",
                                     std::to_string(k), "--min-score", "0", "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  const json result = json::parse(run.out, nullptr, false);
  EXPECT_FALSE(result.is_discarded()) << run.out;
  std::vector<std::string> ids;
  if (result.is_discarded() || !result.contains("results")) return ids;
  double previous = 2;
  for (const json& hit : result["results"]) {
    ids.push_back(hit["id"]);
    const double similarity = hit["score"];
    EXPECT_LE(similarity, previous) << "results must be best first: " << run.out;
    EXPECT_GE(similarity, 0.0);
    previous = similarity;
  }
  return ids;
}

TEST(RealSamplesTest, LavrovBlinkenArticlesAreEachOthersNearestNeighbours) {
  if (!std::filesystem::is_directory(kSamples)) GTEST_SKIP() << "needs ../shared/samples (not part of the repository)";
  TempDir dir;
  const std::string db = dir.Path("db");
  const RunResult index = RunParallax({"index", kSamples, "--db", db});
  ASSERT_EQ(index.exit_code, 0) << index.Describe();
  EXPECT_NE(index.err.find("indexed 5 new articles"), std::string::npos) << index.err;
  EXPECT_NE(index.err.find("0 inputs skipped"), std::string::npos) << index.err;

  EXPECT_EQ(SearchIds(db, kLavrovBlinken, 2), (std::vector<std::string>{kLavrovBlinken, kPutinTalks}));
  EXPECT_EQ(SearchIds(db, kPutinTalks, 2), (std::vector<std::string>{kPutinTalks, kLavrovBlinken}));
  // With k above the collection size, every article comes back once.
  const std::vector<std::string> all = SearchIds(db, kLavrovBlinken, 10);
  EXPECT_EQ(all.size(), 5u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 5u);
}

}  // namespace
}  // namespace parallax
