// A collection never loses an article: `index` killed at every step of its
// save, a disk that fills during an append, and writers started together.
// Each leaves the collection as it was before or as it is after, readable,
// and the next `index` completes the work.
#include <gtest/gtest.h>

#include <csignal>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"
#include "parallax/collection.h"

namespace parallax {
namespace {

using cli_test::Contains;
using cli_test::CorpusDir;
using cli_test::RunParallax;
using cli_test::RunResult;
using cli_test::Snapshot;
using testing_util::TempDir;
namespace fs = std::filesystem;

// Sets an environment variable for the commands run while it lives.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name_); }

 private:
  const char* name_;
};

// "the collection holds N articles" of an `index` run's stderr; -1 if absent.
int HeldArticles(const std::string& err) {
  std::smatch m;
  if (!std::regex_search(err, m, std::regex("the collection holds (\\d+) articles"))) return -1;
  return std::stoi(m[1]);
}

// Articles of the collection as a reader sees them (-1 if it cannot open it).
int Stored(const std::string& db) {
  auto c = Collection::Open(db);
  return c.ok() ? static_cast<int>(c->size()) : -1;
}

// Names in `db` other than the current generation's files, manifest and locks.
std::vector<std::string> Strays(const std::string& db) {
  std::vector<std::string> strays;
  auto files = Collection::Files(db);
  if (!files.ok()) return {"(no readable manifest)"};
  std::set<std::string> expected = {"manifest.json", "LOCK", "READERS"};
  for (const auto& [role, path] : *files) expected.insert(path.filename().string());
  for (const auto& entry : fs::directory_iterator(db)) {
    if (!expected.count(entry.path().filename().string())) strays.push_back(entry.path().filename().string());
  }
  return strays;
}

class DurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = dir_.Path("base");
    const RunResult run = RunParallax({"index", CorpusDir() + "/txt", "--db", base_});
    ASSERT_EQ(run.exit_code, 0) << run.Describe();
    before_ = HeldArticles(run.err);
    const std::string all = dir_.Path("all");
    fs::copy(base_, all);
    const RunResult full = RunParallax({"index", more_, "--db", all});
    ASSERT_EQ(full.exit_code, 0) << full.Describe();
    after_ = HeldArticles(full.err);
    ASSERT_GT(after_, before_);
  }

  // A fresh copy of the base collection.
  std::string Copy(const std::string& name) {
    const std::string db = dir_.Path(name);
    fs::copy(base_, db);
    return db;
  }

  TempDir dir_;
  std::string base_;
  const std::string more_ = CorpusDir() + "/articles.jsonl";
  int before_ = 0, after_ = 0;
};

TEST_F(DurabilityTest, KilledAtEveryStepOfASaveLeavesTheOldOrTheNewCollection) {
  int crashes = 0;
  for (int step = 1; step < 200; ++step) {
    SCOPED_TRACE("killed at step " + std::to_string(step));
    const std::string db = Copy("crash" + std::to_string(step));
    RunResult run;
    {
      ScopedEnv crash("PARALLAX_TEST_CRASH_AT", std::to_string(step));
      run = RunParallax({"index", more_, "--db", db});
    }
    if (run.exit_code == 0) break;  // past the last step: the save completed
    ASSERT_EQ(run.exit_code, 128 + SIGKILL) << run.Describe();
    ++crashes;
    const int stored = Stored(db);
    EXPECT_TRUE(stored == before_ || stored == after_) << stored << " articles after the crash";
    const RunResult search = RunParallax({"search", "--db", db, "--text", "dockers"});
    EXPECT_EQ(search.exit_code, 0) << search.Describe();
    // The next writer cleans up and completes the append.
    const RunResult again = RunParallax({"index", more_, "--db", db});
    ASSERT_EQ(again.exit_code, 0) << again.Describe();
    EXPECT_EQ(HeldArticles(again.err), after_);
    EXPECT_EQ(Strays(db), std::vector<std::string>{}) << "left by the killed writer";
    fs::remove_all(db);
  }
  // Every file's fsync and rename (five files and the manifest), the commit,
  // and each removal of an old file are steps.
  EXPECT_GE(crashes, 25);
}

TEST_F(DurabilityTest, AFullDiskDuringAnAppendChangesNothing) {
  for (const long budget : {0L, 4096L, 100000L, 400000L, 2000000L}) {
    SCOPED_TRACE("disk full after " + std::to_string(budget) + " bytes");
    const std::string db = Copy("full" + std::to_string(budget));
    const auto before = Snapshot(db);
    RunResult run;
    {
      ScopedEnv full("PARALLAX_TEST_DISK_FULL_AFTER", std::to_string(budget));
      run = RunParallax({"index", more_, "--db", db});
    }
    EXPECT_EQ(run.exit_code, 1) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "No space left on device")) << run.err;
    EXPECT_TRUE(Contains(run.err, "left as it was")) << run.err;
    EXPECT_TRUE(Snapshot(db) == before) << "a failed save leaves every file as it was, and nothing more";
    EXPECT_EQ(Stored(db), before_);
    const RunResult again = RunParallax({"index", more_, "--db", db});
    ASSERT_EQ(again.exit_code, 0) << again.Describe();
    EXPECT_EQ(HeldArticles(again.err), after_);
  }
}

TEST_F(DurabilityTest, ARealFullFileSystemChangesNothing) {
  const std::string mount = dir_.Path("small");
  fs::create_directories(mount);
  const std::string command = "mount -t tmpfs -o size=600k tmpfs '" + mount + "' 2>/dev/null";
  if (std::system(command.c_str()) != 0) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root and mount rights); the injected full disk above "
                    "covers the same paths";
  }
  struct Unmount {
    std::string path;
    ~Unmount() { EXPECT_EQ(std::system(("umount '" + path + "'").c_str()), 0); }
  } unmount{mount};
  const std::string db = mount + "/db";
  const RunResult first = RunParallax({"index", CorpusDir() + "/txt", "--db", db});
  if (first.exit_code == 0) {
    const auto before = Snapshot(db);
    const RunResult run = RunParallax({"index", more_, "--db", db});
    EXPECT_EQ(run.exit_code, 1) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "No space left on device")) << run.err;
    EXPECT_TRUE(Snapshot(db) == before);
    EXPECT_EQ(Stored(db), before_);
  } else {
    EXPECT_TRUE(Contains(first.err, "No space left on device")) << first.Describe();
    EXPECT_FALSE(Collection::Exists(db));
  }
}

// Four JSONL files, each a quarter of the corpus's articles.
std::vector<std::string> Quarters(TempDir& dir) {
  std::ifstream in(CorpusDir() + "/articles.jsonl");
  std::vector<std::ofstream> out;
  std::vector<std::string> paths;
  for (int q = 0; q < 4; ++q) {
    paths.push_back(dir.Path("quarter" + std::to_string(q) + ".jsonl"));
    out.emplace_back(paths.back());
  }
  std::string line;
  for (int i = 0; std::getline(in, line); ++i) out[i % 4] << line << "\n";
  return paths;
}

TEST(ConcurrentWritersTest, FourIndexRunsTogetherKeepEveryArticle) {
  TempDir dir;
  const std::string db = dir.Path("db");
  const std::vector<std::string> quarters = Quarters(dir);
  std::vector<RunResult> runs(quarters.size());
  std::vector<std::thread> threads;
  for (size_t q = 0; q < quarters.size(); ++q) {
    threads.emplace_back([&, q] { runs[q] = RunParallax({"index", quarters[q], "--db", db, "--wait", "300"}); });
  }
  for (std::thread& t : threads) t.join();
  for (const RunResult& run : runs) EXPECT_EQ(run.exit_code, 0) << run.Describe();
  const RunResult all = RunParallax({"index", CorpusDir() + "/articles.jsonl", "--db", db});
  ASSERT_EQ(all.exit_code, 0) << all.Describe();
  EXPECT_TRUE(Contains(all.err, "indexed 0 new articles")) << "every article was kept: " << all.err;
}

TEST(ConcurrentWritersTest, ReadersDuringWritesSeeAWholeCollection) {
  TempDir dir;
  const std::string db = dir.Path("db");
  ASSERT_EQ(RunParallax({"index", CorpusDir() + "/txt", "--db", db}).exit_code, 0);
  const std::vector<std::string> quarters = Quarters(dir);
  std::atomic<bool> writing{true};
  std::vector<RunResult> failed;
  std::thread reader([&] {
    while (writing) {
      RunResult run = RunParallax({"search", "--db", db, "--text", "grève des dockers", "--json"});
      if (run.exit_code != 0) failed.push_back(std::move(run));
    }
  });
  for (const std::string& quarter : quarters) {
    const RunResult run = RunParallax({"index", quarter, "--db", db});
    EXPECT_EQ(run.exit_code, 0) << run.Describe();
  }
  writing = false;
  reader.join();
  EXPECT_TRUE(failed.empty()) << failed.size() << " searches failed during the writes; first:\n"
                              << failed.front().Describe();
}

TEST(ConcurrentWritersTest, ASecondWriterSaysWhoHoldsTheCollection) {
  TempDir dir;
  const std::string db = dir.Path("db");
  ASSERT_EQ(RunParallax({"index", CorpusDir() + "/txt", "--db", db}).exit_code, 0);
  const auto before = Snapshot(db);
  {
    auto held = WriterLock::Acquire(db, 0, "parallax index");
    ASSERT_TRUE(held.ok()) << held.status().ToString();
    const RunResult run = RunParallax({"index", CorpusDir() + "/articles.jsonl", "--db", db});
    EXPECT_EQ(run.exit_code, 1) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "being written by another parallax (pid " + std::to_string(::getpid()) +
                                      " (parallax index) since"))
        << run.err;
    EXPECT_TRUE(Contains(run.err, "--wait")) << run.err;
    EXPECT_TRUE(Snapshot(db) == before);
    const RunResult refit = RunParallax({"refit", "--db", db});
    EXPECT_EQ(refit.exit_code, 1) << refit.Describe();
    // Readers are not held up.
    const RunResult search = RunParallax({"search", "--db", db, "--text", "dockers"});
    EXPECT_EQ(search.exit_code, 0) << search.Describe();
  }
  // With --wait, a writer gets its turn once the lock is let go.
  std::optional<StatusOr<WriterLock>> held;
  held.emplace(WriterLock::Acquire(db, 0, "parallax index"));
  ASSERT_TRUE(held->ok());
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    held.reset();
  });
  const RunResult waited = RunParallax({"index", CorpusDir() + "/articles.jsonl", "--db", db, "--wait", "60"});
  release.join();
  EXPECT_EQ(waited.exit_code, 0) << waited.Describe();
  const RunResult bad = RunParallax({"index", CorpusDir() + "/txt", "--db", db, "--wait", "-1"});
  EXPECT_EQ(bad.exit_code, 2) << bad.Describe();
}

}  // namespace
}  // namespace parallax
