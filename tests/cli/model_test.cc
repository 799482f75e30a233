// `train` and `index --model`: a trained model is used as given, and only for
// new collections.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"

namespace parallax {
namespace {

using cli_test::Contains;
using cli_test::CorpusDir;
using cli_test::ReadFile;
using cli_test::RunParallax;
using cli_test::RunResult;
using cli_test::Snapshot;
using nlohmann::json;
using testing_util::TempDir;
namespace fs = std::filesystem;

class TrainedModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = dir_.Path("model.plx");
    const RunResult train = RunParallax({"train", CorpusDir(), "--out", model_});
    ASSERT_EQ(train.exit_code, 0) << train.Describe();
    EXPECT_TRUE(Contains(train.err, "trained a model on 44 articles")) << train.err;
    EXPECT_TRUE(Contains(train.err, model_)) << train.err;
    ASSERT_TRUE(fs::is_regular_file(model_));
  }

  TempDir dir_;
  std::string model_;
};

TEST_F(TrainedModelTest, IndexUsesTheGivenModel) {
  const std::string db = dir_.Path("db");
  const RunResult run = RunParallax({"index", CorpusDir() + "/txt", "--db", db, "--model", model_});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "indexed 6 new articles")) << run.err;
  EXPECT_EQ(ReadFile(cli_test::CollectionFile(db, "model.plx")), ReadFile(model_)) << "the collection keeps the given model as is";

  // Without --model the collection fits its own model on the 6 articles: a different one.
  const std::string own = dir_.Path("own");
  ASSERT_EQ(RunParallax({"index", CorpusDir() + "/txt", "--db", own}).exit_code, 0);
  EXPECT_NE(ReadFile(cli_test::CollectionFile(own, "model.plx")), ReadFile(model_));

  const RunResult search = RunParallax(
      {"search", "--db", db, "--file", CorpusDir() + "/txt/ev5-afp-0319.txt", "-k", "2", "--json"});
  ASSERT_EQ(search.exit_code, 0) << search.Describe();
  const json hits = json::parse(search.out)["results"];
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0]["id"].get<std::string>(), "ev5-afp-0319");
  EXPECT_EQ(hits[1]["id"].get<std::string>(), "ev5-infoexpress-0319") << "its syndicated copy";
  EXPECT_GT(hits[1]["score"].get<double>(), 0.8);
}

TEST_F(TrainedModelTest, ModelOnAnExistingCollectionFails) {
  const std::string db = dir_.Path("db");
  ASSERT_EQ(RunParallax({"index", CorpusDir() + "/txt", "--db", db}).exit_code, 0);
  const auto before = Snapshot(db);
  RunResult run = RunParallax({"index", CorpusDir() + "/articles.jsonl", "--db", db, "--model", model_});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "--model applies to new collections only")) << run.err;
  EXPECT_TRUE(Snapshot(db) == before);

  run = RunParallax({"index", CorpusDir() + "/articles.jsonl", "--db", db, "--index-type", "HNSW32"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "--index-type applies to new collections only")) << run.err;
  EXPECT_TRUE(Snapshot(db) == before);
}

TEST_F(TrainedModelTest, MissingModelFileWritesNoCollection) {
  const std::string db = dir_.Path("db");
  const RunResult run = RunParallax({"index", CorpusDir() + "/txt", "--db", db, "--model", dir_.Path("none.plx")});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "none.plx")) << run.err;
  EXPECT_FALSE(fs::exists(db));
}

TEST_F(TrainedModelTest, TrainingIsDeterministic) {
  const std::string again = dir_.Path("again.plx");
  ASSERT_EQ(RunParallax({"train", CorpusDir(), "--out", again}).exit_code, 0);
  EXPECT_TRUE(ReadFile(again) == ReadFile(model_)) << "same corpus, same options: same bytes";
}

}  // namespace
}  // namespace parallax
