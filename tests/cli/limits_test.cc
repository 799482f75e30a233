// Limits: every numeric option is checked against the range its --help
// shows; inputs that are not regular files, or too large, fail quickly with a
// message instead of blocking or exhausting memory; an over-long record is
// skipped; thread counts are clamped.
#include <gtest/gtest.h>
#include <omp.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"
#include "sanitizer/build.h"

namespace parallax {
namespace {

using testing_util::kAddressSanitizer;

using cli_test::Contains;
using cli_test::CorpusDir;
using cli_test::ParseJsonLines;
using cli_test::RunParallax;
using cli_test::RunResult;
using testing_util::TempDir;
namespace fs = std::filesystem;

// The most threads the binary runs: 4 a core, at most 256 (parallax/parallel.h).
int MaxThreads() { return std::min(256, 4 * omp_get_num_procs()); }

std::string Article(const std::string& sentence) {
  return "Un titre\n\n" + sentence + " Le conseil municipal a vot\xC3\xA9 le budget mardi soir.\n";
}

// Each bad value: exit 2 (usage), nothing on stdout, and a message naming
// the option, the value and the range, whatever the value is wrong by.
TEST(OptionRangesTest, BadValuesAreUsageErrorsNamingTheRange) {
  TempDir dir;
  const std::string db = dir.Path("db");
  const std::string threads = "0 to " + std::to_string(MaxThreads());
  struct Case {
    std::vector<std::string> args;
    std::string option, value, range;
  };
  const std::vector<Case> cases = {
      {{"index", CorpusDir(), "--db", db, "--threads", "100000"}, "--threads", "100000", threads},
      {{"index", CorpusDir(), "--db", db, "--threads", "-1"}, "--threads", "-1", threads},
      {{"train", CorpusDir(), "--out", dir.Path("m.plx"), "--threads", "two"}, "--threads", "two", threads},
      {{"index", CorpusDir(), "--db", db, "--vocab-size", "0"}, "--vocab-size", "0", "100 to 1000000"},
      {{"index", CorpusDir(), "--db", db, "--wait", "nan"}, "--wait", "nan", "0 to 86400"},
      {{"refit", "--db", db, "--wait", "1e6"}, "--wait", "1e6", "0 to 86400"},
      {{"train", CorpusDir(), "--out", dir.Path("m.plx"), "--vocab-size", "2000000000"}, "--vocab-size",
       "2000000000", "100 to 1000000"},
      {{"index", CorpusDir(), "--db", db, "--dim", "1e8"}, "--dim", "1e8", "8 to 4096"},
      {{"train", CorpusDir(), "--out", dir.Path("m.plx"), "--dim", "100000000"}, "--dim", "100000000", "8 to 4096"},
      {{"train", CorpusDir(), "--out", dir.Path("m.plx"), "--hash-bits", "40"}, "--hash-bits", "40", "10 to 24"},
      {{"pairs", "--db", db, "--neighbors", "1e9"}, "--neighbors", "1e9", "1 to 1000"},
      {{"pairs", "--db", db, "--neighbors", "1000000000"}, "--neighbors", "1000000000", "1 to 1000"},
      {{"pairs", "--db", db, "--same-event", "nan"}, "--same-event", "nan", "0 to 1"},
      {{"pairs", "--db", db, "--related", "-0.1"}, "--related", "-0.1", "0 to 1"},
      {{"pairs", "--db", db, "--reuse", "1.5"}, "--reuse", "1.5", "0 to 1"},
      {{"pairs", "--db", db, "--reuse", "inf"}, "--reuse", "inf", "0 to 1"},
      {{"search", "--db", db, "--text", "feu", "-k", "0"}, "-k", "0", "1 to 10000"},
      {{"search", "--db", db, "--text", "feu", "-k", "3.5"}, "-k", "3.5", "1 to 10000"},
      {{"search", "--db", db, "--text", "feu", "--min-score", "-1"}, "--min-score", "-1", "0 or more"},
      {{"stories", "--db", db, "--window", "-2"}, "--window", "-2", "0 to 36525"},
      {{"stories", "--db", db, "--min-size", "0"}, "--min-size", "0", "1 to 1000000"},
      {{"stories", "--db", db, "--link", "nan"}, "--link", "nan", "0 to 1"},
      {{"report", "--db", db, "--out", dir.Path("r.html"), "--max-pairs", "-1"}, "--max-pairs", "-1",
       "0 to 1000000"},
      {{"report", "--db", db, "--out", dir.Path("r.html"), "--window", "1e400"}, "--window", "1e400", "0 to 36525"},
  };
  for (const Case& c : cases) {
    const RunResult run = RunParallax(c.args, std::chrono::seconds(30));
    EXPECT_EQ(run.exit_code, 2) << run.Describe();
    EXPECT_TRUE(Contains(run.err, c.option)) << "the option: " << run.Describe();
    EXPECT_TRUE(Contains(run.err, "'" + c.value + "'")) << "the value: " << run.Describe();
    EXPECT_TRUE(Contains(run.err, c.range)) << "the range " << c.range << ": " << run.Describe();
    EXPECT_TRUE(run.out.empty()) << run.Describe();
  }
  EXPECT_FALSE(fs::exists(db)) << "a usage error creates nothing";
  EXPECT_FALSE(fs::exists(dir.Path("m.plx")));
}

TEST(OptionRangesTest, RepeatedOrInconsistentValuesAreUsageErrors) {
  TempDir dir;
  const std::string db = dir.Path("db");
  RunResult run = RunParallax({"pairs", "--db", db, "--neighbors", "5", "--neighbors", "6"});
  EXPECT_EQ(run.exit_code, 2) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "--neighbors")) << run.Describe();
  run = RunParallax({"pairs", "--db", db, "--related", "0.5", "--same-event", "0.3"});
  EXPECT_EQ(run.exit_code, 2) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "--related")) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "--same-event")) << run.Describe();
}

// The ranges are in --help, next to their options.
TEST(OptionRangesTest, HelpShowsEachRange) {
  const std::string threads = "--threads N (0-" + std::to_string(MaxThreads()) + ", default 0)";
  const std::map<std::string, std::vector<std::string>> shown = {
      {"index", {threads, "--vocab-size N (100-1000000, default 8000)", "--dim N (8-4096, default 128)",
                 "HNSW<M> (M 4-128", "lists 1-65536", "--wait X (0-86400, default 0)"}},
      {"refit", {"--wait X (0-86400, default 0)"}},
      {"train", {threads, "--vocab-size N (100-1000000, default 8000)", "--dim N (8-4096, default 128)",
                 "--hash-bits N (10-24, default 20)"}},
      {"pairs", {"--neighbors N (1-1000, default 10)", "--same-event X (0-1, default 0.21)",
                 "--related X (0-1, default 0.19)", "--reuse X (0-1, default 0.15)"}},
      {"search", {"N (1-10000, default 10)", "--min-score X (0 or more)"}},
      {"stories", {"--window X (0-36525, default 3)", "--min-size N (1-1000000, default 2)", "--link X (0-1)"}},
      {"report", {"--max-pairs N (0-1000000, default 2000)", "--window X (0-36525, default 3)"}},
  };
  for (const auto& [command, texts] : shown) {
    const RunResult run = RunParallax({command, "--help"});
    ASSERT_EQ(run.exit_code, 0) << run.Describe();
    for (const std::string& text : texts) EXPECT_TRUE(Contains(run.out, text)) << command << ": " << text << "\n" << run.out;
  }
}

TEST(IndexTypeTest, UnsupportedOrOversizedKindsAreRefusedBeforeAnyWork) {
  TempDir dir;
  const std::string db = dir.Path("db");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"IVF999999999,PQ7", "IVF lists must be from 1 to 65536"},
      {"IVF16,PQ7", "PQ7"},
      {"HNSW100000", "HNSW links must be from 4 to 128"},
      {"HNSW", "HNSW32"},
      {"IVF0,Flat", "IVF lists must be from 1 to 65536"},
      {"IVF64,SQ8", "IVF<lists> is followed by ,Flat or ,PQ<m>"},
      {"IVF4,PQ8x17", "bits from 1 to 16"},
      {"PQ8x", "bits from 1 to 16"},
      {"LSH", "unknown kind"},
      {"Flat,Flat", "unknown kind"},
  };
  for (const auto& [kind, why] : cases) {
    const auto start = std::chrono::steady_clock::now();
    const RunResult run = RunParallax({"index", CorpusDir(), "--db", db, "--index-type", kind});
    EXPECT_EQ(run.exit_code, 2) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "--index-type \"" + kind + "\"")) << run.Describe();
    EXPECT_TRUE(Contains(run.err, why)) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "supported: Flat")) << run.Describe();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << run.Describe();
  }
  EXPECT_FALSE(fs::exists(db));
}

// IVF trains on the first run's articles: too few for its lists is said
// before anything is tokenized, with kinds that fit.
TEST(IndexTypeTest, TooManyListsForTheFirstRunIsAUsageError) {
  TempDir dir;
  const std::string db = dir.Path("db");
  RunResult run = RunParallax({"index", CorpusDir(), "--db", db, "--index-type", "IVF1024,Flat"});
  EXPECT_EQ(run.exit_code, 2) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "needs at least 1024")) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "44 articles were read")) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "IVF24,Flat")) << "a number of lists that fits: " << run.Describe();
  EXPECT_FALSE(fs::exists(db));
  run = RunParallax({"index", CorpusDir(), "--db", db, "--index-type", "IVF8,PQ8"});
  EXPECT_EQ(run.exit_code, 2) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "needs at least 256")) << run.Describe();
  EXPECT_FALSE(fs::exists(db));

  run = RunParallax({"index", CorpusDir(), "--db", db, "--index-type", "IVF4,Flat"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  // 4-bit codes train on 16 articles.
  for (const std::string kind : {"IVF4,PQ8x4", "PQ8x4"}) {
    run = RunParallax({"index", CorpusDir(), "--db", dir.Path(kind), "--index-type", kind});
    EXPECT_EQ(run.exit_code, 0) << run.Describe();
  }
}

// --threads 100000 crashed in libgomp (its team start-up allocas per thread);
// an OMP_NUM_THREADS that large is clamped the same way as --threads.
TEST(ThreadsTest, HugeOpenMpThreadCountsAreClamped) {
  TempDir dir;
  ::setenv("OMP_NUM_THREADS", "100000", 1);
  const RunResult run = RunParallax({"index", CorpusDir(), "--db", dir.Path("db")});
  ::unsetenv("OMP_NUM_THREADS");
  EXPECT_EQ(run.exit_code, 0) << run.Describe();

  const RunResult most = RunParallax(
      {"train", CorpusDir(), "--out", dir.Path("m.plx"), "--threads", std::to_string(MaxThreads())});
  EXPECT_EQ(most.exit_code, 0) << most.Describe();
}

// Inputs that are not regular files fail at once (a FIFO is never waited
// on, /dev/zero never read), with a message saying what they are.
class SpecialInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fifo_ = dir_.Path("pipe.txt");
    ASSERT_EQ(::mkfifo(fifo_.c_str(), 0600), 0);
    fifo_jsonl_ = dir_.Path("pipe.jsonl");
    ASSERT_EQ(::mkfifo(fifo_jsonl_.c_str(), 0600), 0);
    article_ = dir_.Write("a.txt", Article("La biblioth\xC3\xA8que rouvre lundi."));
  }

  // Runs with a short watchdog: blocking or reading forever fails the test.
  RunResult RunQuickly(const std::vector<std::string>& args, const std::string& stdin_path = "/dev/null") {
    const auto start = std::chrono::steady_clock::now();
    RunResult run = RunParallax(args, std::chrono::seconds(20), stdin_path);
    EXPECT_FALSE(run.timed_out) << run.Describe();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << run.Describe();
    return run;
  }

  TempDir dir_;
  std::string fifo_, fifo_jsonl_, article_;
};

TEST_F(SpecialInputTest, CompareRefusesFifosDevicesAndDirectories) {
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {fifo_, "a FIFO (named pipe), not a regular file"},
      {"/dev/zero", "a device, not a regular file"},
      {dir_.path(), "a directory, not a file"},
  };
  for (const auto& [input, what] : inputs) {
    for (const bool first : {true, false}) {
      const RunResult run = RunQuickly({"compare", first ? input : article_, first ? article_ : input});
      EXPECT_EQ(run.exit_code, 1) << run.Describe();
      EXPECT_TRUE(Contains(run.err, input + ": " + what)) << run.Describe();
      EXPECT_TRUE(run.out.empty()) << run.Describe();
    }
  }
  // A .jsonl FIFO goes through the corpus reader: skipped for the same reason.
  const RunResult run = RunQuickly({"compare", fifo_jsonl_, article_});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "a FIFO (named pipe), not a regular file")) << run.Describe();
}

// The standard input has no size to check: it is read up to the limit of an
// article, then refused, however much more it holds.
TEST_F(SpecialInputTest, StandardInputIsReadWithABound) {
  const RunResult run = RunQuickly({"compare", "-", article_}, "/dev/zero");
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "standard input: over the limit of 1048576 bytes (max_article_bytes)"))
      << run.Describe();
}

TEST_F(SpecialInputTest, ScoreSearchModelAndThesaurusRefuseThem) {
  for (const std::string& input : {fifo_, std::string("/dev/zero")}) {
    RunResult run = RunQuickly({"score", "--pairs", input});
    EXPECT_EQ(run.exit_code, 1) << run.Describe();
    EXPECT_TRUE(Contains(run.err, input + ": a ")) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "not a regular file")) << run.Describe();

    run = RunQuickly({"compare", article_, article_, "--model", input});
    EXPECT_EQ(run.exit_code, 1) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "not a regular file")) << run.Describe();

    run = RunQuickly({"compare", article_, article_, "--thesaurus", input});
    EXPECT_EQ(run.exit_code, 1) << run.Describe();
    EXPECT_TRUE(Contains(run.err, "not a regular file")) << run.Describe();
  }
  // search --file: refused before the collection is even opened.
  const RunResult run = RunQuickly({"search", "--db", dir_.Path("db"), "--file", fifo_});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, fifo_ + ": a FIFO (named pipe), not a regular file")) << run.Describe();
}

TEST_F(SpecialInputTest, CollectionFolderThatIsAFifoIsRefused) {
  const RunResult run = RunQuickly({"index", article_, "--db", fifo_});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, fifo_ + " exists and is not a parallax collection")) << run.Describe();
  EXPECT_FALSE(Contains(run.err, "unexpected error")) << run.Describe();
}

TEST_F(SpecialInputTest, IndexSkipsAFifoAndReadsTheRest) {
  const RunResult run = RunQuickly({"index", fifo_, fifo_jsonl_, article_, "--db", dir_.Path("db")});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "skipped " + fifo_ + ": a FIFO (named pipe), not a regular file")) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "skipped " + fifo_jsonl_ + ": a FIFO")) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "indexed 1 new article")) << run.Describe();
}

// A line longer than max_record_bytes (8 MiB) is skipped as it streams by:
// the records around it are read, and the command neither fails nor holds it.
TEST(OverLongRecordTest, JsonlLineAndCsvRecordAreSkipped) {
  TempDir dir;
  const std::string huge(20 << 20, 'a');
  const std::string jsonl = dir.Write(
      "long.jsonl", std::string("{\"id\": \"first\", \"text\": \"Le premier texte parle du budget municipal.\"}\n") +
                        "{\"id\": \"huge\", \"text\": \"" + huge + "\"}\n" +
                        "{\"id\": \"last\", \"text\": \"Le dernier texte est court mais bien r\xC3\xA9\x65l.\"}\n");
  const std::string csv = dir.Write("long.csv", "id,text\nc1,Un texte court en fran\xC3\xA7\x61is pour le test.\nc2,\"" +
                                                    huge + "\nstill the same field\"\nc3,Encore un texte court.\n");
  const auto start = std::chrono::steady_clock::now();
  const RunResult run = cli_test::RunParallaxMeasured({"index", jsonl, csv, "--db", dir.Path("db")});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
  EXPECT_TRUE(Contains(run.err, "skipped " + jsonl + ":2: line of more than 8388608 bytes (max_record_bytes)"))
      << run.Describe();
  EXPECT_TRUE(Contains(run.err, "skipped " + csv + ":3: record of more than 8388608 bytes (max_record_bytes)"))
      << run.Describe();
  EXPECT_TRUE(Contains(run.err, "indexed 4 new articles")) << run.Describe();
  // Skipped as it streams by: the command's peak stays that of a small
  // index (about 45 MB), below it plus one copy of the 20 MiB line.
  if (run.peak_rss_kb < 0) GTEST_SKIP() << "GNU time (/usr/bin/time) is not installed: peak memory not measured";
  if (kAddressSanitizer) GTEST_SKIP() << "built with AddressSanitizer, whose shadow memory makes any peak large";
  EXPECT_LT(run.peak_rss_kb, (45 << 10) + (20 << 10)) << "peak " << run.peak_rss_kb << " KB";

  const RunResult listed = RunParallax({"search", "--db", dir.Path("db"), "--text", "texte", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.Describe();
  for (const std::string id : {"\"first\"", "\"last\"", "\"c1\"", "\"c3\""}) {
    EXPECT_TRUE(Contains(listed.out, id)) << id << listed.Describe();
  }
}

TEST(OverLongRecordTest, ScoreKeepsTheRowOfAnOverLongLineScoredZero) {
  TempDir dir;
  const std::string text = "Le feu a parcouru deux mille hectares de garrigue dans le massif, selon les pompiers.";
  const std::string tsv = dir.Write("pairs.tsv", "id\ttext_a\ttext_b\nshort\t" + text + "\t" + text + "\nlong\t" +
                                                     std::string(9 << 20, 'x') + "\t" + text + "\n");
  const RunResult run = RunParallax({"score", "--pairs", tsv, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "scored 0 " + tsv + ":3: line of more than 8388608 bytes")) << run.Describe();
  const auto rows = ParseJsonLines(run.out);
  ASSERT_EQ(rows.size(), 2u) << run.Describe();
  EXPECT_EQ(rows[0]["id"], "short");
  EXPECT_EQ(rows[1]["id"], "long");
  EXPECT_EQ(rows[1]["similarity"], 0);
}

// A .txt article over max_article_bytes is refused by its size, unread.
TEST(OverLongRecordTest, OversizedArticleFileIsRefusedBySize) {
  TempDir dir;
  const std::string big = dir.Write("big.txt", std::string(3 << 20, 'a'));
  const std::string small = dir.Write("small.txt", Article("Un petit texte."));
  const RunResult run = RunParallax({"compare", big, small});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, big + ": file is 3145728 bytes, over the limit of 1048576 bytes (max_article_bytes)"))
      << run.Describe();
}

}  // namespace
}  // namespace parallax
