// Whole-pipeline throughput benchmark: generates a synthetic French/English
// news corpus, then runs the product's stages through the engine API
// (MakeArticle, Collection::Add, Save, Open, FindPairs, FindStories,
// RenderCollectionReport) and reports wall time, throughput and memory per
// stage, the quality of the stories against the generated events, plus the
// single-core speed of Compare on candidate pairs. See bench/README.md.
//
//   pipeline_bench [--articles N] [--threads T] [--seed S] [--keep DIR]
//                  [--index-type FACTORY] [--compare-pairs P]
//   pipeline_bench --micro [--articles N] [--benchmark_filter=...]
//
// The index phase runs in this process; the pairs phase (Open + FindPairs, as
// `parallax pairs --db` does, then FindStories and the report on those pairs,
// as `parallax stories` and `parallax report` do) runs in a fresh child process
// (this program re-executed), so that each phase's peak RSS is its own.
#include <fcntl.h>
#include <malloc.h>
#include <omp.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "parallax/align.h"
#include "parallax/article.h"
#include "parallax/collection.h"
#include "parallax/corpus.h"
#include "parallax/match.h"
#include "parallax/model.h"
#include "parallax/report.h"
#include "parallax/stories.h"
#include "synthetic_corpus.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using bench::CorpusGenerator;
using bench::CorpusStats;
using bench::TruthPair;

// ---------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------

struct Flags {
  size_t articles = 10000;
  int threads = 0;  // 0: all cores
  uint64_t seed = 1;
  std::string keep;  // keep the collection in this folder
  std::string index_type = "Flat";
  std::vector<std::string> dictionaries;  // --dictionaries installed: the lexicon (translations)
  size_t compare_pairs = 2000;  // candidate pairs for the single-core Compare timing
  PairOptions pair_options;     // --neighbors, --max-fingerprint-articles, --exact-join-limit
  double pairs_budget = 600;    // seconds of candidate scoring before extrapolating; 0: no limit
  bool stories = true;          // --no-stories: skip FindStories and the report
  bool micro = false;
  // Internal: the pairs phase, in a child process.
  std::string pairs_worker;  // collection folder
  std::string truth_file;
  int result_fd = -1;
};

void PrintUsage() {
  std::cout << "usage: pipeline_bench [--articles N] [--threads T] [--seed S] [--keep DIR]\n"
               "                      [--index-type FACTORY] [--compare-pairs P]\n"
               "                      [--pairs-budget S] [--neighbors K] [--max-fingerprint-articles M]\n"
               "                      [--exact-join-limit L] [--no-stories]\n"
               "       pipeline_bench --micro [--articles N] [--benchmark_filter=REGEX ...]\n"
               "  --articles N        synthetic articles of ~3,000 characters (default 10000)\n"
               "  --threads T         OpenMP threads (default: all cores)\n"
               "  --seed S            corpus seed (default 1)\n"
               "  --keep DIR          write the collection to DIR (new or empty) and keep it\n"
               "  --index-type F      FAISS factory of the article index (default Flat)\n"
               "  --dictionaries installed  fit a lexicon from the installed FreeDict dictionaries\n"
               "  --compare-pairs P   candidate pairs for the single-core Compare timing (default 2000)\n"
               "  --pairs-budget S    stop scoring candidates after S seconds and extrapolate the\n"
               "                      rest of that stage from its rate (default 600; 0: no limit)\n"
               "  --neighbors K       PairOptions::neighbors for FindPairs (default 10)\n"
               "  --max-fingerprint-articles M\n"
               "                      PairOptions::max_fingerprint_articles (default 50; 1 disables\n"
               "                      fingerprint candidates, to see what they cost)\n"
               "  --exact-join-limit L\n"
               "                      PairOptions::exact_join_limit (default 5e10; 0: every join\n"
               "                      approximate); past it, the recall of the approximate self-join\n"
               "                      is measured on a sample against the exact one\n"
               "  --no-stories        skip the stories and the report (pairs only)\n"
               "  --micro             run the Google Benchmark micro-benchmarks instead\n";
}

// Parses our flags; leaves unknown ones (--benchmark_*) in `rest`.
bool ParseFlags(int argc, char** argv, Flags* f, std::vector<char*>* rest) {
  rest->push_back(argv[0]);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* name) -> std::optional<std::string> {
      const std::string prefix = std::string(name) + "=";
      if (arg == name) {
        if (i + 1 >= argc) {
          std::cerr << "pipeline_bench: " << name << " needs a value\n";
          std::exit(2);
        }
        return std::string(argv[++i]);
      }
      if (arg.rfind(prefix, 0) == 0) return arg.substr(prefix.size());
      return std::nullopt;
    };
    try {
      if (arg == "--help" || arg == "-h") {
        PrintUsage();
        std::exit(0);
      } else if (arg == "--micro") {
        f->micro = true;
      } else if (auto v = value("--articles")) {
        f->articles = std::stoull(*v);
      } else if (auto v = value("--threads")) {
        f->threads = std::stoi(*v);
      } else if (auto v = value("--seed")) {
        f->seed = std::stoull(*v);
      } else if (auto v = value("--keep")) {
        f->keep = *v;
      } else if (auto v = value("--dictionaries")) {
        f->dictionaries = *v == "installed" ? InstalledDictionaries() : std::vector<std::string>{*v};
      } else if (auto v = value("--index-type")) {
        f->index_type = *v;
      } else if (auto v = value("--compare-pairs")) {
        f->compare_pairs = std::stoull(*v);
      } else if (auto v = value("--pairs-budget")) {
        f->pairs_budget = std::stod(*v);
      } else if (auto v = value("--neighbors")) {
        f->pair_options.neighbors = std::stoi(*v);
      } else if (auto v = value("--max-fingerprint-articles")) {
        f->pair_options.max_fingerprint_articles = std::stoi(*v);
      } else if (auto v = value("--exact-join-limit")) {
        f->pair_options.exact_join_limit = static_cast<int64_t>(std::stod(*v));
      } else if (arg == "--no-stories") {
        f->stories = false;
      } else if (auto v = value("--pairs-worker")) {
        f->pairs_worker = *v;
      } else if (auto v = value("--truth")) {
        f->truth_file = *v;
      } else if (auto v = value("--result-fd")) {
        f->result_fd = std::stoi(*v);
      } else if (f->micro && arg.rfind("--benchmark", 0) == 0) {
        rest->push_back(argv[i]);
      } else {
        std::cerr << "pipeline_bench: unknown flag " << arg << "\n";
        PrintUsage();
        return false;
      }
    } catch (const std::exception&) {
      std::cerr << "pipeline_bench: bad value in " << arg << "\n";
      return false;
    }
  }
  if (f->articles < 2) {
    std::cerr << "pipeline_bench: --articles must be at least 2\n";
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Clock and memory
// ---------------------------------------------------------------------------

double Now() {
  using Clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

// A field of /proc/self/status in bytes ("VmRSS", "VmHWM"); 0 if unreadable.
int64_t ProcStatusBytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::atoll(line.c_str() + prefix.size()) * 1024;
  }
  return 0;
}
int64_t RssBytes() { return ProcStatusBytes("VmRSS"); }

// VmRSS and VmHWM in one read.
struct MemSample {
  int64_t rss = 0;
  int64_t hwm = 0;
};
MemSample ProcMem() {
  MemSample m;
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) m.hwm = std::atoll(line.c_str() + 6) * 1024;
    if (line.rfind("VmRSS:", 0) == 0) m.rss = std::atoll(line.c_str() + 6) * 1024;
  }
  return m;
}
int64_t HwmBytes() { return ProcStatusBytes("VmHWM"); }

int64_t MaxRssBytes() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<int64_t>(ru.ru_maxrss) * 1024;
}

// Resets the peak RSS (VmHWM, and so ru_maxrss) to the current RSS (Linux >= 4.0),
// so that the next reading is the peak of the next stage only.
bool ResetPeakRss() {
  const int fd = ::open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::write(fd, "5", 1) == 1;
  ::close(fd);
  return ok;
}

double Mb(double bytes) { return bytes / 1e6; }

// The 1-minute load average: other work on the machine skews every timing.
double LoadAverage() {
  double load = -1;
  std::ifstream in("/proc/loadavg");
  in >> load;
  return load;
}

// ---------------------------------------------------------------------------
// Stage timing through ProgressFn
// ---------------------------------------------------------------------------

// Wall-clock and CPU (user + system, all threads) seconds.
struct Stamp {
  double wall = 0;
  double cpu = 0;
};

Stamp NowStamp() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  const double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
  return Stamp{Now(), cpu};
}

// Wall and CPU seconds between two stamps.
struct Span2 {
  double wall = 0;
  double cpu = 0;
};
Span2 Between(const Stamp& a, const Stamp& b) { return Span2{b.wall - a.wall, b.cpu - a.cpu}; }

// Records the progress events of one engine call. Progress is reported every
// 256 (Add) or 1024 (FindPairs) items, so a stage whose first event comes
// after some items were done has its start extrapolated back at its own rate.
class StageClock {
 public:
  struct Stage {
    std::string name;
    Stamp first, last;
    MemSample first_mem, last_mem;  // at the first and last events
    size_t first_done = 0, last_done = 0, total = 0;
    Stamp start;  // filled by Finish()
    Span2 time;   // filled by Finish()
  };

  ProgressFn Fn() {
    return [this](const char* stage, size_t done, size_t total) {
      const Stamp t = NowStamp();
      const MemSample mem = ProcMem();
      if (stages_.empty() || stages_.back().name != stage) {
        stages_.push_back(Stage{stage, t, t, mem, mem, done, done, total, {}, {}});
      } else {
        Stage& s = stages_.back();
        s.last = t;
        s.last_mem = mem;
        s.last_done = done;
        s.total = total;
      }
    };
  }

  // Splits [call_start, call_end) into the stages; returns the time after the
  // last stage's last event ("other").
  Span2 Finish(const Stamp& call_start, const Stamp& call_end) {
    Stamp floor = call_start;
    for (Stage& s : stages_) {
      Stamp start = s.first;
      if (s.first_done > 0 && s.last_done > s.first_done && s.last.wall > s.first.wall) {
        const double back = static_cast<double>(s.first_done) / static_cast<double>(s.last_done - s.first_done);
        start.wall = s.first.wall - back * (s.last.wall - s.first.wall);
        start.cpu = s.first.cpu - back * (s.last.cpu - s.first.cpu);
      } else if (s.first_done > 0) {
        start = floor;  // a single event: it started when the previous stage ended
      }
      s.start.wall = std::clamp(start.wall, floor.wall, s.first.wall);
      s.start.cpu = std::clamp(start.cpu, floor.cpu, s.first.cpu);
      floor = s.last;
    }
    for (size_t i = 0; i < stages_.size(); ++i) {
      const Stamp end = i + 1 < stages_.size() ? stages_[i + 1].start : stages_[i].last;
      stages_[i].time = Between(stages_[i].start, end);
      stages_[i].time.wall = std::max(0.0, stages_[i].time.wall);
      stages_[i].time.cpu = std::max(0.0, stages_[i].time.cpu);
    }
    return stages_.empty() ? Between(call_start, call_end) : Between(stages_.back().last, call_end);
  }

  const Stage* Find(std::string_view name) const {
    for (const Stage& s : stages_) {
      if (s.name == name) return &s;
    }
    return nullptr;
  }
  Span2 Time(std::string_view name) const {
    const Stage* s = Find(name);
    return s ? s->time : Span2{};
  }
  const std::vector<Stage>& stages() const { return stages_; }
  // Memory when a stage ended (at the next stage's first event, if any): RSS
  // then, and the peak since the last reset.
  MemSample EndMem(std::string_view name) const {
    for (size_t i = 0; i < stages_.size(); ++i) {
      if (stages_[i].name == name) return i + 1 < stages_.size() ? stages_[i + 1].first_mem : stages_[i].last_mem;
    }
    return {};
  }

 private:
  std::vector<Stage> stages_;
};

// ---------------------------------------------------------------------------
// Pairs phase (child process)
// ---------------------------------------------------------------------------

// One rendering of the report: RenderCollectionReport, then writing the file
// (HTML only), memory at its end (hwm: its own peak) and its size.
struct ReportTiming {
  Span2 render, write;
  MemSample mem;
  int64_t bytes = 0;
};

// What the pairs process sends back: plain data, written through a pipe.
struct PairsResult {
  int ok = 0;
  char error[512] = {};
  Span2 open, pairs;
  Span2 knn, languages, fingerprint, merge, scoring, final_sort;
  Span2 scoring_measured;  // scoring's own time until it was stopped (all of it unless partial)
  MemSample knn_mem, languages_mem, fingerprint_mem, merge_mem, scoring_mem;  // at the end of each stage
  int partial = 0;         // 1: scoring stopped at --pairs-budget, its time extrapolated
  int64_t candidates = 0;
  int64_t scored = 0;      // candidates scored when the times were taken
  int64_t found[6] = {};  // by Relation (duplicate, translation, reuse, same-event, related, unrelated)
  int64_t baseline_rss = 0, rss_after_open = 0, open_peak = 0, pairs_peak = 0, max_rss = 0;
  int64_t rss_after_pairs = 0;
  int peak_reset = 0;  // 1: per-stage peaks (clear_refs works)
  // Truth recall.
  int64_t truth_near_dup = 0, near_dup_as_duplicate = 0, near_dup_found = 0;
  int64_t truth_reuse = 0, reuse_as_reuse = 0, reuse_found = 0;
  // Reports of one event (by the languages parallax guessed), and those found
  // as same-event or stronger; found pairs of no common event.
  int64_t event_pairs[2] = {}, event_pairs_found[2] = {};  // [0] same language, [1] across languages
  int64_t same_event_or_stronger = 0, no_common_event = 0;
  // The approximate self-join (past exact_join_limit) against the exact one,
  // on a sample: the share of the exact neighbours from the floor up it found.
  // Also of those exact neighbours, the ones of the same generated event.
  int64_t join_sample = 0, join_exact_neighbours = 0, join_found = 0, join_event_neighbours = 0, join_event_found = 0;
  Span2 join_exact, join_partitioned;  // the sample's two searches
  // Single-core timings on candidate pairs (seconds per pair).
  int64_t sample_pairs = 0;
  double unpack_s = 0, vectorize_s = 0, prepare_s = 0, align_s = 0, compare_s = 0;
  double sentences_s = 0;     // PrepareSentences of one article
  double sentence_share = 0;  // pairs similar enough for paraphrase search
  double findpairs_s = 0;     // FindPairs' loop body for one pair
  double compare_literal_s = 0;   // paraphrases off
  double compare_threaded_s = 0;  // all threads, outside a parallel region
  int64_t sample_tokens = 0;  // average tokens per sampled article
  // Stories and report, on the pairs FindPairs found (not run when scoring was cut short).
  int stories_ok = 0;
  Span2 stories;          // FindStories
  Span2 stories_pairs;    // FindPairs as `parallax stories` asks it (same-event, within the window)
  MemSample stories_mem;  // at its end; hwm: its own peak
  int64_t story_count = 0, story_articles = 0;
  ReportTiming html, json_report;  // RenderCollectionReport as HTML (written to a file), then as JSON
  // BCubed of the stories against the generated events, over every article
  // and over the articles of an event only.
  double bcubed[2][3] = {};  // [all, event articles][precision, recall, F1]
};

// Times fn over `items` items, repeating until at least `min_seconds`; returns seconds per item.
template <typename Fn>
double TimePerItem(size_t items, double min_seconds, Fn fn) {
  if (items == 0) return 0;
  size_t done = 0;
  const double start = Now();
  double elapsed = 0;
  do {
    for (size_t i = 0; i < items; ++i) fn(i);
    done += items;
    elapsed = Now() - start;
  } while (elapsed < min_seconds);
  return elapsed / static_cast<double>(done);
}

// The relation FindPairs' output gives a pair of rows: its own when listed;
// else, with reprint groups, the one its groups stand for (two copies of one
// group through their source, articles of two groups through the pair of
// their sources): the weakest relation on that path; else unrelated.
class ListedRelations {
 public:
  explicit ListedRelations(const std::vector<ArticlePair>& pairs) {
    for (const ArticlePair& p : pairs) {
      listed_[Key(p.a, p.b)] = p.comparison.relation;
      if (p.duplicate_of) copy_of_[*p.duplicate_of == p.a ? p.b : p.a] = {*p.duplicate_of, p.comparison.relation};
    }
  }
  Relation Of(size_t x, size_t y) const {
    if (const auto it = listed_.find(Key(x, y)); it != listed_.end()) return it->second;
    Relation weakest = Relation::kDuplicate;
    auto source = [&](size_t row) {
      const auto it = copy_of_.find(row);
      if (it == copy_of_.end()) return row;
      weakest = std::max(weakest, it->second.second);
      return it->second.first;
    };
    const size_t sx = source(x), sy = source(y);
    if (sx == x && sy == y) return Relation::kUnrelated;
    if (sx != sy) {
      const auto it = listed_.find(Key(sx, sy));
      if (it == listed_.end()) return Relation::kUnrelated;
      weakest = std::max(weakest, it->second);
    }
    return weakest;
  }

 private:
  static uint64_t Key(size_t x, size_t y) { return uint64_t{std::min(x, y)} << 32 | std::max(x, y); }
  std::unordered_map<uint64_t, Relation> listed_;
  std::unordered_map<size_t, std::pair<size_t, Relation>> copy_of_;  // copy -> (its source, their relation)
};

// Single-core cost of scoring candidate pairs, split into what FindPairs does
// per pair: unpack the stored analysis of B, Prepare B (article vector,
// sentence vectors and sketches), Compare (align, paraphrases, shares).
// Candidates are the k-NN candidates of articles spread over the collection.
// Timed with one OpenMP thread, as inside FindPairs' parallel loop (Eigen
// runs its products on one thread there); Compare is also timed with all
// threads from outside a parallel region, as the CLI's `compare` calls it.
void TimeCompare(const Collection& c, const PairOptions& options, size_t max_pairs, int threads, PairsResult* r) {
  const Model& model = c.model();
  const int64_t n = static_cast<int64_t>(c.size());
  const int k = static_cast<int>(std::min<int64_t>(n, options.neighbors + 1));
  const int64_t queries = std::min<int64_t>(n, std::max<int64_t>(1, static_cast<int64_t>(max_pairs) / 8));
  const int dim = model.options().dim;
  std::vector<int64_t> rows(queries);
  for (int64_t q = 0; q < queries; ++q) rows[q] = q * n / queries;
  std::vector<float> dense(static_cast<size_t>(queries) * dim);
  for (int64_t q = 0; q < queries; ++q) {
    model.Dense(model.ArticleVector(c.article(rows[q]), c.analysis(rows[q])), &dense[q * dim]);
  }
  std::vector<float> scores(static_cast<size_t>(queries) * k);
  std::vector<int64_t> labels(static_cast<size_t>(queries) * k);
  auto index = c.article_index();
  if (!index.ok() || !(*index)->Search(queries, dense.data(), k, scores.data(), labels.data()).ok()) return;
  std::vector<std::pair<size_t, size_t>> pairs;
  const float floor = options.compare.thresholds.related * 0.5f;
  for (int64_t q = 0; q < queries && pairs.size() < max_pairs; ++q) {
    for (int j = 0; j < k; ++j) {
      const int64_t other = labels[q * k + j];
      if (other < 0 || other == rows[q] || scores[q * k + j] < floor) continue;
      pairs.emplace_back(std::min<size_t>(rows[q], other), std::max<size_t>(rows[q], other));
    }
  }
  if (pairs.size() > max_pairs) pairs.resize(max_pairs);
  r->sample_pairs = static_cast<int64_t>(pairs.size());
  if (pairs.empty()) return;

  omp_set_num_threads(1);
  std::map<size_t, PreparedText> prepared;
  for (const auto& [a, b] : pairs) {
    for (size_t row : {a, b}) {
      if (!prepared.count(row)) prepared.emplace(row, Prepare(model, c.article(row), c.analysis(row)));
    }
  }
  int64_t tokens = 0;
  for (const auto& [row, p] : prepared) tokens += static_cast<int64_t>(p.analysis.tokens.size());
  r->sample_tokens = tokens / static_cast<int64_t>(prepared.size());
  std::vector<const PreparedText*> pa(pairs.size()), pb(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    pa[i] = &prepared.at(pairs[i].first);
    pb[i] = &prepared.at(pairs[i].second);
  }
  volatile size_t sink = 0;
  constexpr double kMinSeconds = 1.0;
  r->unpack_s = TimePerItem(pairs.size(), kMinSeconds, [&](size_t i) { sink = sink + c.analysis(pairs[i].second).tokens.size(); });
  r->vectorize_s = TimePerItem(pairs.size(), kMinSeconds, [&](size_t i) {
    sink = sink + model.ArticleVector(*pb[i]->article, pb[i]->analysis).keys.size();
  });
  r->prepare_s = TimePerItem(pairs.size(), kMinSeconds, [&](size_t i) {
    sink = sink + Prepare(model, *pb[i]->article, pb[i]->analysis, /*sentences=*/false).vector.keys.size();
  });
  r->sentences_s = TimePerItem(pairs.size(), kMinSeconds, [&](size_t i) {
    PreparedText p = Prepare(model, *pb[i]->article, AnalyzedText{}, /*sentences=*/false);
    p.analysis = pb[i]->analysis;
    PrepareSentences(model, &p);
    sink = sink + p.sentence_vectors.size();
  });
  size_t with_sentences = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    with_sentences += options.compare.paraphrases &&
                      Dot(pa[i]->vector, pb[i]->vector) >= options.compare.paraphrase_min_similarity;
  }
  r->sentence_share = static_cast<double>(with_sentences) / static_cast<double>(pairs.size());
  // The body of FindPairs' scoring loop for one pair, as if B were prepared
  // for this pair alone (FindPairs prepares an article once per group of
  // candidates, from its stored vector; A is ready here).
  r->findpairs_s = TimePerItem(pairs.size(), kMinSeconds, [&](size_t i) {
    const size_t row = pairs[i].second;
    PreparedText second = Prepare(model, *pb[i]->article, c.analysis(row), Expand(c.vector(row)), /*sentences=*/false);
    if (options.compare.paraphrases &&
        Dot(pa[i]->vector, second.vector) >= options.compare.paraphrase_min_similarity) {
      PrepareSentences(model, &second);
    }
    sink = sink + Compare(*pa[i], second, options.compare).passages.size();
  });
  r->align_s = TimePerItem(pairs.size(), kMinSeconds, [&](size_t i) {
    const TokenizedText ta{pa[i]->article->text, pa[i]->analysis.tokens, pa[i]->paragraph_starts};
    const TokenizedText tb{pb[i]->article->text, pb[i]->analysis.tokens, pb[i]->paragraph_starts};
    sink = sink + AlignPassages(ta, tb, options.compare.align).size();
  });
  r->compare_s = TimePerItem(pairs.size(), kMinSeconds, [&](size_t i) {
    sink = sink + Compare(*pa[i], *pb[i], options.compare).passages.size();
  });
  CompareOptions literal = options.compare;
  literal.paraphrases = false;
  r->compare_literal_s = TimePerItem(pairs.size(), kMinSeconds, [&](size_t i) {
    sink = sink + Compare(*pa[i], *pb[i], literal).passages.size();
  });
  omp_set_num_threads(threads);
  if (threads > 1) {
    r->compare_threaded_s = TimePerItem(std::min<size_t>(pairs.size(), 200), kMinSeconds, [&](size_t i) {
      sink = sink + Compare(*pa[i], *pb[i], options.compare).passages.size();
    });
  }
}

// Stories and report, on the pairs found, as `parallax stories` and `parallax
// report` run them after FindPairs. Each step's peak RSS is its own (reset at
// its start); the pairs stay in memory throughout, as in those commands.

// FindStories with the default StoryOptions and the pairs' thresholds; and
// the pairs `parallax stories` finds for it (same-event or stronger, within
// the window), timed apart: the stories command is those and FindStories.
std::vector<Story> TimeStories(const Collection& c, const std::vector<ArticlePair>& pairs, const PairOptions& options,
                               PairsResult* r) {
  PairOptions story_pairs = options;
  story_pairs.weakest = Relation::kSameEvent;
  story_pairs.max_days_apart = StoryOptions{}.window_days;
  const Stamp p0 = NowStamp();
  if (!FindPairs(c, story_pairs).ok()) return {};
  r->stories_pairs = Between(p0, NowStamp());
  if (r->peak_reset) ResetPeakRss();
  const Stamp t0 = NowStamp();
  std::vector<Story> stories = FindStories(c, pairs, options.compare.thresholds, StoryOptions{});
  r->stories = Between(t0, NowStamp());
  r->stories_mem = ProcMem();
  r->story_count = static_cast<int64_t>(stories.size());
  for (const Story& s : stories) r->story_articles += static_cast<int64_t>(s.articles.size());
  return stories;
}

// RenderCollectionReport with the default ReportOptions (max_pairs 2000), as
// `parallax report --out` calls it; with a path, the text is then written
// there (timed apart).
ReportTiming TimeReport(const Collection& c, const std::vector<ArticlePair>& pairs, const std::vector<Story>& stories,
                        const PairOptions& options, ReportFormat format, const fs::path& out, bool peak_reset) {
  ReportOptions report_options;
  report_options.thresholds = options.compare.thresholds;
  ReportTiming t;
  if (peak_reset) ResetPeakRss();
  const Stamp t0 = NowStamp();
  const std::string text = RenderCollectionReport(c, pairs, stories, report_options, format);
  const Stamp t1 = NowStamp();
  t.render = Between(t0, t1);
  t.mem = ProcMem();
  t.bytes = static_cast<int64_t>(text.size());
  if (!out.empty()) {
    std::ofstream file(out, std::ios::binary);
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    file.close();
    t.write = Between(t1, NowStamp());
  }
  return t;
}

// BCubed precision, recall and F1 of the stories against the generated
// events: every article counts once; an article of no event is its own
// event, an article in no story its own story. Over every article, and over
// the articles of an event only (most articles are in neither, which makes
// the first figures high whatever the stories).
void StoryBCubed(size_t n, const std::vector<Story>& stories, const std::unordered_map<size_t, int64_t>& event_of,
                 PairsResult* r) {
  constexpr int64_t kNone = -1;
  std::vector<int64_t> story_of(n, kNone), event(n, kNone);
  std::map<int64_t, double> story_size, event_size;
  std::map<std::pair<int64_t, int64_t>, double> both;  // (story, event) -> articles
  for (size_t s = 0; s < stories.size(); ++s) {
    for (size_t row : stories[s].articles) story_of[row] = static_cast<int64_t>(s);
  }
  for (const auto& [row, e] : event_of) event[row] = e;
  for (size_t row = 0; row < n; ++row) {
    if (story_of[row] != kNone) ++story_size[story_of[row]];
    if (event[row] != kNone) ++event_size[event[row]];
    if (story_of[row] != kNone && event[row] != kNone) ++both[{story_of[row], event[row]}];
  }
  double sum[2][2] = {}, count[2] = {};  // [all, event articles][precision, recall]
  for (size_t row = 0; row < n; ++row) {
    const int64_t s = story_of[row], e = event[row];
    const double common = s != kNone && e != kNone ? both[{s, e}] : 1;  // itself, at least
    const double precision = common / (s != kNone ? story_size[s] : 1);
    const double recall = common / (e != kNone ? event_size[e] : 1);
    for (int set = 0; set < 2; ++set) {
      if (set == 1 && e == kNone) continue;
      sum[set][0] += precision;
      sum[set][1] += recall;
      ++count[set];
    }
  }
  for (int set = 0; set < 2; ++set) {
    const double p = count[set] > 0 ? sum[set][0] / count[set] : 0;
    const double rc = count[set] > 0 ? sum[set][1] / count[set] : 0;
    r->bcubed[set][0] = p;
    r->bcubed[set][1] = rc;
    r->bcubed[set][2] = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
  }
}

// How many articles the self-join's recall is measured on.
constexpr int64_t kJoinRecallSample = 2000;

// The recall of FindPairs' approximate self-join (PartitionedSearch of the
// dense article vectors, as AddNeighbourCandidates runs it) against the exact
// answer, on articles spread evenly over the collection: of each one's exact
// k nearest (itself left out) that reach NeighbourFloor, those it finds.
void MeasureSelfJoinRecall(const Collection& c, const PairOptions& options,
                           const std::unordered_map<size_t, int64_t>& event_of, PairsResult* r) {
  const Model& model = c.model();
  const int dim = model.options().dim;
  const auto n = static_cast<int64_t>(c.size());
  const int k = static_cast<int>(std::min<int64_t>(n, options.neighbors + 1));
  std::vector<float> dense(static_cast<size_t>(n) * dim);
#pragma omp parallel for schedule(dynamic, 256)
  for (int64_t i = 0; i < n; ++i) model.Dense(Expand(c.vector(i)), &dense[static_cast<size_t>(i) * dim]);
  const int64_t m = std::min(n, kJoinRecallSample);
  std::vector<float> sample(static_cast<size_t>(m) * dim);
  for (int64_t q = 0; q < m; ++q) std::copy_n(&dense[static_cast<size_t>(q * n / m) * dim], dim, &sample[q * dim]);
  std::vector<float> exact_scores(m * k), scores(m * k), base_scores(static_cast<size_t>(n) * k);
  std::vector<int64_t> exact(m * k), labels(m * k), base_labels(static_cast<size_t>(n) * k);
  const Stamp t0 = NowStamp();
  if (!ExactJoin(m, sample.data(), n, dense.data(), dim, k, exact_scores.data(), exact.data(), base_scores.data(),
                 base_labels.data())
           .ok()) {
    return;
  }
  const Stamp t1 = NowStamp();
  if (!PartitionedSearch(n, dense.data(), m, sample.data(), dim, k, DefaultPartitioning(n), scores.data(),
                         labels.data())
           .ok()) {
    return;
  }
  r->join_exact = Between(t0, t1);
  r->join_partitioned = Between(t1, NowStamp());
  const float floor = NeighbourFloor(options, dim);
  r->join_sample = m;
  for (int64_t q = 0; q < m; ++q) {
    const int64_t row = q * n / m;
    for (int j = 0; j < k; ++j) {
      const int64_t want = exact[q * k + j];
      if (want < 0 || want == row || exact_scores[q * k + j] < floor) continue;
      const bool found = std::count(&labels[q * k], &labels[q * k] + k, want) > 0;
      ++r->join_exact_neighbours;
      r->join_found += found;
      const auto event = event_of.find(static_cast<size_t>(row)), other = event_of.find(static_cast<size_t>(want));
      if (event != event_of.end() && other != event_of.end() && event->second == other->second) {
        ++r->join_event_neighbours;
        r->join_event_found += found;
      }
    }
  }
}

int RunPairsWorker(const Flags& f) {
  PairsResult r;
  auto fail = [&](const std::string& msg) {
    std::snprintf(r.error, sizeof r.error, "%s", msg.c_str());
    if (::write(f.result_fd, &r, sizeof r) != static_cast<ssize_t>(sizeof r)) return 3;
    return 1;
  };
  r.baseline_rss = RssBytes();
  r.peak_reset = ResetPeakRss() ? 1 : 0;
  const Stamp o0 = NowStamp();
  auto opened = Collection::Open(f.pairs_worker);
  r.open = Between(o0, NowStamp());
  if (!opened.ok()) return fail("open: " + opened.status().ToString());
  const Collection& c = *opened;
  r.rss_after_open = RssBytes();
  r.open_peak = HwmBytes();

  // Single-core Compare first (its sample is freed before FindPairs starts).
  TimeCompare(c, f.pair_options, f.compare_pairs, f.threads > 0 ? f.threads : omp_get_num_procs(), &r);
  malloc_trim(0);
  if (r.peak_reset) ResetPeakRss();

  StageClock clock;
  const ProgressFn record = clock.Fn();
  const Stamp t0 = NowStamp();
  // Splits the stages measured so far into r (at the end, or when scoring is cut short).
  auto split = [&](const Stamp& end) {
    r.final_sort = clock.Finish(t0, end);
    // FindPairs' stages, in order: the k-NN self-join, the join across
    // languages (with two languages or more), the fingerprints, then (no event)
    // sorting the postings and merging the candidates, then scoring.
    r.knn = clock.Time(pair_stage::kSelfJoin);
    if (const auto* knn = clock.Find(pair_stage::kSelfJoin)) r.knn_mem = knn->last_mem;
    r.languages = clock.Time(pair_stage::kAcrossLanguages);
    if (const auto* languages = clock.Find(pair_stage::kAcrossLanguages)) r.languages_mem = languages->last_mem;
    r.scoring = clock.Time(pair_stage::kScoring);
    if (const auto* fingerprint = clock.Find(pair_stage::kFingerprinting)) {
      r.fingerprint = Between(fingerprint->start, fingerprint->last);
      r.fingerprint_mem = fingerprint->last_mem;
      if (const auto* scoring = clock.Find(pair_stage::kScoring)) {
        r.merge = Between(fingerprint->last, scoring->start);
        r.merge_mem = scoring->first_mem;
        r.scoring_mem = scoring->last_mem;
        r.candidates = static_cast<int64_t>(scoring->total);
        r.scored = static_cast<int64_t>(scoring->last_done);
      }
    }
  };
  // With a budget, scoring stops once it has run that long: the rest of the
  // stage is extrapolated at the rate measured, and this process exits here.
  const ProgressFn progress = [&](const char* stage, size_t done, size_t total) {
    record(stage, done, total);
    if (f.pairs_budget <= 0 || std::strcmp(stage, pair_stage::kScoring) != 0 || done == 0 || done >= total) return;
    const StageClock::Stage* scoring = clock.Find(pair_stage::kScoring);
    if (Now() - scoring->first.wall < f.pairs_budget) return;
    const Stamp now = NowStamp();
    split(now);
    r.partial = 1;
    r.final_sort = {};
    const double scale = static_cast<double>(total) / static_cast<double>(done);
    r.scoring_measured = r.scoring;
    r.scoring = Span2{r.scoring.wall * scale, r.scoring.cpu * scale};
    r.pairs = Span2{r.knn.wall + r.languages.wall + r.fingerprint.wall + r.merge.wall + r.scoring.wall,
                    r.knn.cpu + r.languages.cpu + r.fingerprint.cpu + r.merge.cpu + r.scoring.cpu};
    r.pairs_peak = HwmBytes();
    r.max_rss = MaxRssBytes();
    r.rss_after_pairs = RssBytes();
    r.ok = 1;
    const bool sent = ::write(f.result_fd, &r, sizeof r) == static_cast<ssize_t>(sizeof r);
    _exit(sent ? 0 : 3);  // FindPairs cannot be cancelled
  };
  auto pairs = FindPairs(c, f.pair_options, progress);
  const Stamp t1 = NowStamp();
  r.pairs = Between(t0, t1);
  if (!pairs.ok()) return fail("pairs: " + pairs.status().ToString());
  r.pairs_peak = HwmBytes();
  r.max_rss = MaxRssBytes();
  r.rss_after_pairs = RssBytes();
  split(t1);
  r.scoring_measured = r.scoring;
  for (const ArticlePair& p : *pairs) ++r.found[static_cast<int>(p.comparison.relation)];

  // Recall of the generated reuse and near-duplicate pairs.
  std::unordered_map<size_t, int64_t> event_of;  // row -> generated event
  if (!f.truth_file.empty()) {
    const ListedRelations listed(*pairs);
    std::vector<std::tuple<size_t, size_t, std::string>> cases;
    std::ifstream in(f.truth_file);
    std::string kind, ida, idb;
    while (in >> kind >> ida >> idb) {
      if (kind == "event") {
        if (const auto a = c.Find(ida)) event_of[*a] = std::stoll(idb);
        continue;
      }
      const auto a = c.Find(ida), b = c.Find(idb);
      if (!a || !b) continue;
      cases.emplace_back(*a, *b, kind);
    }
    // Same-event recall, within and across languages, and precision.
    // Each event's pairs of reports, found when listed (or stood for by a
    // reprint group) as same-event or stronger; precision over the listed pairs.
    std::map<int64_t, std::vector<size_t>> reports;  // event -> rows
    for (const auto& [row, event] : event_of) reports[event].push_back(row);
    for (const auto& [event, rows] : reports) {
      for (size_t i = 0; i < rows.size(); ++i) {
        for (size_t j = i + 1; j < rows.size(); ++j) {
          const int language = c.article(rows[i]).lang == c.article(rows[j]).lang ? 0 : 1;
          ++r.event_pairs[language];
          r.event_pairs_found[language] += listed.Of(rows[i], rows[j]) <= Relation::kSameEvent;
        }
      }
    }
    for (const ArticlePair& p : *pairs) {
      if (static_cast<int>(p.comparison.relation) > static_cast<int>(Relation::kSameEvent)) continue;
      ++r.same_event_or_stronger;
      const auto ea = event_of.find(p.a), eb = event_of.find(p.b);
      if (ea == event_of.end() || eb == event_of.end() || ea->second != eb->second) ++r.no_common_event;
    }
    for (const auto& [a, b, k] : cases) {
      const Relation rel = listed.Of(a, b);
      if (k == "near-duplicate") {
        ++r.truth_near_dup;
        r.near_dup_as_duplicate += rel == Relation::kDuplicate;
        r.near_dup_found += rel != Relation::kUnrelated;
      } else {
        ++r.truth_reuse;
        r.reuse_as_reuse += rel == Relation::kReuse || rel == Relation::kDuplicate;
        r.reuse_found += rel != Relation::kUnrelated;
      }
    }
  }

  if (static_cast<int64_t>(c.size()) * static_cast<int64_t>(c.size()) > f.pair_options.exact_join_limit) {
    MeasureSelfJoinRecall(c, f.pair_options, event_of, &r);
  }
  r.ok = 1;
  if (!f.stories) return ::write(f.result_fd, &r, sizeof r) == static_cast<ssize_t>(sizeof r) ? 0 : 3;

  // Stories and the report on these pairs; the HTML is written next to the truth file.
  const std::vector<Story> stories = TimeStories(c, *pairs, f.pair_options, &r);
  if (!f.truth_file.empty()) StoryBCubed(c.size(), stories, event_of, &r);
  const fs::path html_path = fs::path(f.truth_file).parent_path() / "report.html";
  r.html = TimeReport(c, *pairs, stories, f.pair_options, ReportFormat::kHtml, html_path, r.peak_reset);
  std::error_code ec;
  fs::remove(html_path, ec);
  r.json_report = TimeReport(c, *pairs, stories, f.pair_options, ReportFormat::kJson, {}, r.peak_reset);
  r.stories_ok = 1;
  if (::write(f.result_fd, &r, sizeof r) != static_cast<ssize_t>(sizeof r)) return 3;
  return 0;
}

// Runs the pairs phase in a fresh process (this program re-executed).
bool RunPairsChild(const Flags& f, const fs::path& dir, const fs::path& truth, int threads, PairsResult* r) {
  int fds[2];
  if (::pipe(fds) != 0) return false;
  const std::string exe = fs::read_symlink("/proc/self/exe").string();
  std::vector<std::string> args = {exe,
                                   "--pairs-worker", dir.string(),
                                   "--truth", truth.string(),
                                   "--result-fd", std::to_string(fds[1]),
                                   "--threads", std::to_string(threads),
                                   "--compare-pairs", std::to_string(f.compare_pairs),
                                   "--neighbors", std::to_string(f.pair_options.neighbors),
                                   "--pairs-budget", std::to_string(f.pairs_budget),
                                   "--max-fingerprint-articles",
                                   std::to_string(f.pair_options.max_fingerprint_articles),
                                   "--exact-join-limit", std::to_string(f.pair_options.exact_join_limit)};
  if (!f.stories) args.push_back("--no-stories");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    ::close(fds[0]);
    ::execv(exe.c_str(), argv.data());
    _exit(127);
  }
  ::close(fds[1]);
  size_t got = 0;
  auto* bytes = reinterpret_cast<char*>(r);
  while (got < sizeof *r) {
    const ssize_t k = ::read(fds[0], bytes + got, sizeof *r - got);
    if (k <= 0) break;
    got += static_cast<size_t>(k);
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (got != sizeof *r) {
    if (WIFSIGNALED(status)) {
      std::snprintf(r->error, sizeof r->error, "the pairs process was killed by signal %d (%s) before it reported",
                    WTERMSIG(status), strsignal(WTERMSIG(status)));
    } else {
      std::snprintf(r->error, sizeof r->error, "the pairs process ended without a result (exit status %d)",
                    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    r->ok = 0;
  }
  return r->ok != 0;
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

std::string Thousands(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  const size_t dot = s.find('.');
  size_t end = dot == std::string::npos ? s.size() : dot;
  const size_t start = (s[0] == '-') ? 1 : 0;
  for (int64_t i = static_cast<int64_t>(end) - 3; i > static_cast<int64_t>(start); i -= 3) s.insert(i, ",");
  return s;
}

struct Row {
  std::string name;
  Span2 time;
  bool counted = true;  // has a throughput
  std::string note;
  MemSample mem;  // RSS at the end of the stage, and the peak so far in its phase
};

void PrintRow(const Row& row, size_t n, uint64_t text_bytes) {
  std::printf("  %-40s %8.3f %8.3f", row.name.c_str(), row.time.wall, row.time.cpu);
  if (row.counted && row.time.wall > 0) {
    std::printf(" %10s %7.1f", Thousands(n / row.time.wall).c_str(), Mb(text_bytes) / row.time.wall);
  } else {
    std::printf(" %10s %7s", "", "");
  }
  if (row.mem.rss > 0) {
    std::printf(" %8.0f %8.0f", Mb(row.mem.rss), Mb(row.mem.hwm));
  } else {
    std::printf(" %8s %8s", "", "");
  }
  std::printf("  %s\n", row.note.c_str());
}

// The peak of `parallax report`'s process: Open, FindPairs, FindStories, the HTML.
int64_t ReportCommandPeak(const PairsResult& pr) {
  return std::max({pr.max_rss, pr.open_peak, pr.pairs_peak, pr.stories_mem.hwm, pr.html.mem.hwm});
}

int64_t DirBytes(const fs::path& dir, std::map<std::string, int64_t>* files) {
  int64_t total = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const int64_t size = static_cast<int64_t>(e.file_size());
    (*files)[e.path().filename().string()] = size;
    total += size;
  }
  return total;
}

// ---------------------------------------------------------------------------
// Index phase + report (parent)
// ---------------------------------------------------------------------------

int RunPipeline(const Flags& f, int threads) {
  const int64_t baseline_rss = RssBytes();
  const bool peak_reset = ResetPeakRss();
  const double load_start = LoadAverage();
  const size_t n = f.articles;

  // Work folder: the collection (unless --keep) and the truth file.
  char tmpl[] = "/tmp/pipeline_bench.XXXXXX";
  if (!::mkdtemp(tmpl)) {
    std::perror("mkdtemp");
    return 1;
  }
  const fs::path work = tmpl;
  const fs::path dir = f.keep.empty() ? work / "collection" : fs::path(f.keep);
  if (!f.keep.empty() && fs::exists(dir) && !fs::is_empty(dir)) {
    std::cerr << "pipeline_bench: --keep " << dir << " exists and is not empty\n";
    return 2;
  }
  const fs::path truth_path = work / "truth.tsv";

  // 1. Generate.
  std::fprintf(stderr, "pipeline_bench: generating %zu articles...\n", n);
  Stamp t0 = NowStamp();
  std::vector<TruthPair> truth;
  CorpusStats stats;
  std::vector<Article> raw;
  {
    CorpusGenerator generator(f.seed);
    raw = generator.Generate(n, &truth, &stats);
  }
  const Span2 generate_s = Between(t0, NowStamp());
  {
    std::ofstream out(truth_path);
    for (const TruthPair& p : truth) out << p.kind << '\t' << p.a << '\t' << p.b << '\n';
  }
  truth = {};
  malloc_trim(0);  // the generator's scratch memory is not the pipeline's
  const int64_t generate_peak = HwmBytes();

  // 2. Read/clean: MakeArticle on all threads, results taken in order (as
  // ReadInputs does, there in batches of 1,024).
  std::fprintf(stderr, "pipeline_bench: cleaning (MakeArticle)...\n");
  if (peak_reset) ResetPeakRss();
  std::vector<Article> articles;
  articles.reserve(n);
  uint64_t text_bytes = 0;
  size_t segments = 0, failed = 0;
  size_t lang_fr = 0, lang_en = 0, lang_none = 0;
  t0 = NowStamp();
  std::vector<std::optional<StatusOr<Article>>> made(raw.size());
#pragma omp parallel for schedule(dynamic, 8)
  for (int64_t i = 0; i < static_cast<int64_t>(raw.size()); ++i) made[i] = MakeArticle(std::move(raw[i]), ReadOptions{});
  for (auto& m : made) {
    if (!m->ok()) {
      ++failed;
      continue;
    }
    articles.push_back(std::move(*m).value());
  }
  made = {};
  const Span2 clean_s = Between(t0, NowStamp());
  raw = {};
  for (const Article& a : articles) {
    text_bytes += a.text.size();
    segments += a.segments.size();
    (a.lang == "fr" ? lang_fr : a.lang == "en" ? lang_en : lang_none)++;
  }
  const int64_t clean_peak = HwmBytes();
  const int64_t rss_after_clean = RssBytes();

  // 3. Collection::Add: train tokenizer, tokenize, fit weights, embed, index.
  std::fprintf(stderr, "pipeline_bench: Collection::Add...\n");
  if (peak_reset) ResetPeakRss();
  CollectionOptions copt;
  copt.article_index = f.index_type;
  copt.model.dictionaries = f.dictionaries;
  copt.model.tokenizer.threads = threads;
  auto created = Collection::Create(dir, copt);
  if (!created.ok()) {
    std::cerr << "pipeline_bench: " << created.status().ToString() << "\n";
    return 1;
  }
  Collection collection = std::move(created).value();
  StageClock add_clock;
  t0 = NowStamp();
  auto added = collection.Add(std::move(articles), add_clock.Fn());
  const Stamp t1 = NowStamp();
  if (!added.ok()) {
    std::cerr << "pipeline_bench: add: " << added.status().ToString() << "\n";
    return 1;
  }
  const Span2 add_s = Between(t0, t1);
  const Span2 add_other_s = add_clock.Finish(t0, t1);
  const Span2 add_before_s = add_clock.stages().empty() ? Span2{} : Between(t0, add_clock.stages().front().start);
  const int64_t add_peak = HwmBytes();
  const int64_t rss_after_add = RssBytes();
  const size_t sentences = collection.sentence_count();

  // 4. Save.
  std::fprintf(stderr, "pipeline_bench: Save...\n");
  if (peak_reset) ResetPeakRss();
  t0 = NowStamp();
  const Status saved = collection.Save();
  const Span2 save_s = Between(t0, NowStamp());
  if (!saved.ok()) {
    std::cerr << "pipeline_bench: save: " << saved.ToString() << "\n";
    return 1;
  }
  const int64_t save_peak = HwmBytes();
  const int64_t rss_after_save = RssBytes();
  const int64_t index_max_rss = MaxRssBytes();
  const int vocab = collection.model().tokenizer().vocab_size();
  std::map<std::string, int64_t> files;
  const int64_t disk_bytes = DirBytes(dir, &files);
  const int64_t index_peak = std::max({clean_peak, add_peak, save_peak});

  // 5. Open + FindPairs in a fresh process.
  collection = std::move(Collection::Create(dir, copt).value());  // frees the articles
  malloc_trim(0);
  std::fprintf(stderr, "pipeline_bench: Open + FindPairs (child process)...\n");
  PairsResult pr;
  const bool pairs_ok = RunPairsChild(f, dir, truth_path, threads, &pr);
  const double load_end = LoadAverage();
  std::error_code ec;
  fs::remove_all(work, ec);

  // ------------------------------------------------------------------ report
  const Span2 index_s{clean_s.wall + add_s.wall + save_s.wall, clean_s.cpu + add_s.cpu + save_s.cpu};
  const Span2 add_other{add_other_s.wall + add_before_s.wall, add_other_s.cpu + add_before_s.cpu};
  const double kn = static_cast<double>(n);
  std::printf("\nparallax pipeline benchmark\n");
  std::printf("  articles %s (seed %" PRIu64 "), threads %d, article index \"%s\", %s\n", Thousands(kn).c_str(),
              f.seed, threads, f.index_type.c_str(), f.keep.empty() ? "collection in a temp folder" : dir.c_str());
  std::printf("  machine: %d cores, load average %.2f at start, %.2f at end (above 0 means other work shared the cores)\n",
              omp_get_num_procs(), load_start, load_end);
  std::printf("  corpus: %s bytes of text (%s B/article), %s segments, %s sentences (%.1f/article), vocabulary %d pieces\n",
              Thousands(static_cast<double>(text_bytes)).c_str(), Thousands(text_bytes / kn).c_str(),
              Thousands(static_cast<double>(segments)).c_str(), Thousands(static_cast<double>(sentences)).c_str(),
              sentences / kn, vocab);
  std::printf("  generated: %zu events, %zu event articles, %zu reuse (%zu verbatim, %zu edited), %zu near-duplicates,\n"
              "             %zu with boilerplate lines; language guessed fr %zu / en %zu / none %zu (generated %zu / %zu); %zu refused\n",
              stats.events, stats.event_articles, stats.reuse_verbatim + stats.reuse_edited, stats.reuse_verbatim,
              stats.reuse_edited, stats.near_duplicates, stats.with_boilerplate, lang_fr, lang_en, lang_none,
              stats.french, stats.english, failed);
  std::printf("\n  %-40s %8s %8s %10s %7s %8s %8s\n", "stage", "wall s", "cpu s", "articles/s", "MB/s", "RSS MB",
              "peak MB");
  std::vector<Row> index_rows = {
      {"read/clean (MakeArticle)", clean_s, true, "", {rss_after_clean, clean_peak}},
      {"add: training tokenizer", add_clock.Time(index_stage::kTrainingTokenizer), true, "sentencepiece, sampled",
       add_clock.EndMem(index_stage::kTrainingTokenizer)},
      {"add: tokenizing", add_clock.Time(index_stage::kTokenizing), true, "+ document frequencies",
       add_clock.EndMem(index_stage::kTokenizing)},
      {"add: fitting weights", add_clock.Time(index_stage::kFittingWeights), true, "IDF from the counts",
       add_clock.EndMem(index_stage::kFittingWeights)},
      {"add: fitting lexicon", add_clock.Time(index_stage::kFittingLexicon), true, "FreeDict + EM (--dictionaries)",
       add_clock.EndMem(index_stage::kFittingLexicon)},
      {"add: embedding", add_clock.Time(index_stage::kEmbedding), true, "article vector + sentence SimHash",
       add_clock.EndMem(index_stage::kEmbedding)},
      {"add: indexing", add_clock.Time(index_stage::kIndexing), true, "FAISS add", add_clock.EndMem(index_stage::kIndexing)},
      {"add: other", add_other, false, "id check, moving into the collection", {rss_after_add, add_peak}},
      {"save", save_s, true, "", {rss_after_save, save_peak}},
  };
  for (const Row& row : index_rows) PrintRow(row, n, text_bytes);
  std::printf("  %s\n", std::string(100, '-').c_str());
  PrintRow({"= index (read + add + save)", index_s, true, ""}, n, text_bytes);
  PrintRow({"(generate corpus, not counted)", generate_s, true, "", {0, generate_peak}}, n, text_bytes);
  std::printf("\n");
  if (pairs_ok) {
    std::vector<Row> pair_rows = {
        {"open (Collection::Open)", pr.open, true, "separate process", {pr.rss_after_open, pr.open_peak}},
        {"pairs: k-NN self-join", pr.knn, true,
         std::string(f.index_type != "Flat"                                     ? "FAISS search"
                     : kn * kn > static_cast<double>(f.pair_options.exact_join_limit) ? "PartitionedSearch"
                                                                                     : "ExactSelfJoin") +
             ", k = " + std::to_string(f.pair_options.neighbors + 1),
         pr.knn_mem},
        {"pairs: k-NN across languages", pr.languages, true,
         "ExactJoin (PartitionedSearch past --exact-join-limit) per pair of languages, k = " +
             std::to_string(f.pair_options.neighbors),
         pr.languages_mem},
        {"pairs: fingerprinting", pr.fingerprint, true, "postings from fingerprints.plx", pr.fingerprint_mem},
        {"pairs: candidate merge", pr.merge, false, "postings sort, dedup", pr.merge_mem},
        {pr.partial ? "pairs: scoring candidates (EXTRAPOLATED)" : "pairs: scoring candidates", pr.scoring, true,
         Thousands(static_cast<double>(pr.candidates)) + " candidates, " +
             Thousands(pr.scoring.wall > 0 ? pr.candidates / pr.scoring.wall : 0) + " pairs/s" +
             (pr.partial ? " (" + Thousands(static_cast<double>(pr.scored)) + " scored in " +
                               Thousands(pr.scoring_measured.wall, 1) + " s, then stopped: --pairs-budget)"
                         : std::string()),
         pr.scoring_mem},
        {"pairs: final sort", pr.final_sort, false, "", {pr.rss_after_pairs, pr.pairs_peak}},
    };
    for (const Row& row : pair_rows) PrintRow(row, n, text_bytes);
    std::printf("  %s\n", std::string(100, '-').c_str());
    PrintRow({pr.partial ? "= pairs (FindPairs, EXTRAPOLATED)" : "= pairs (FindPairs)", pr.pairs, true, ""}, n,
             text_bytes);
    std::printf("  candidates per article: %.1f\n", pr.candidates / kn);
    if (pr.partial) {
      std::printf("\n  pairs found: n/a (scoring was stopped after --pairs-budget %.0f s; run with --pairs-budget 0 for all)\n",
                  f.pairs_budget);
    } else {
    auto found = [&](Relation r) { return Thousands(pr.found[static_cast<int>(r)]); };
    std::printf("\n  pairs found: %s duplicate, %s translation, %s reuse, %s same-event, %s related (%s candidates "
                "scored)\n",
                found(Relation::kDuplicate).c_str(), found(Relation::kTranslation).c_str(),
                found(Relation::kReuse).c_str(), found(Relation::kSameEvent).c_str(),
                found(Relation::kRelated).c_str(), Thousands(pr.candidates).c_str());
    std::printf("  generated truth: near-duplicates %" PRId64 ": %" PRId64 " found as duplicate, %" PRId64
                " found at all; reuse %" PRId64 ": %" PRId64 " found as reuse/duplicate, %" PRId64
                " found at all\n",
                pr.truth_near_dup, pr.near_dup_as_duplicate, pr.near_dup_found, pr.truth_reuse, pr.reuse_as_reuse,
                pr.reuse_found);
    auto share = [](int64_t part, int64_t whole) { return whole > 0 ? static_cast<double>(part) / whole : 0.0; };
    std::printf("  reports of one event found as same-event or stronger: same language %s of %s (%.2f), across "
                "languages %s of %s (%.2f); precision %.3f (%s of %s in no common event)\n",
                Thousands(pr.event_pairs_found[0]).c_str(), Thousands(pr.event_pairs[0]).c_str(),
                share(pr.event_pairs_found[0], pr.event_pairs[0]), Thousands(pr.event_pairs_found[1]).c_str(),
                Thousands(pr.event_pairs[1]).c_str(), share(pr.event_pairs_found[1], pr.event_pairs[1]),
                1.0 - share(pr.no_common_event, pr.same_event_or_stronger), Thousands(pr.no_common_event).c_str(),
                Thousands(pr.same_event_or_stronger).c_str());
    }
    if (pr.join_sample > 0) {
      std::printf("  approximate self-join (PartitionedSearch, %d cells, %d probes): on %s sampled articles it found "
                  "%s of the exact join's %s neighbours from the floor up (recall %.4f), %s of the %s of the same "
                  "event (%.4f); the sample's search took %.2f s in cells, %.2f s exactly\n",
                  DefaultPartitioning(static_cast<int64_t>(n)).cells, DefaultPartitioning(static_cast<int64_t>(n)).probes,
                  Thousands(pr.join_sample).c_str(), Thousands(pr.join_found).c_str(),
                  Thousands(pr.join_exact_neighbours).c_str(),
                  pr.join_exact_neighbours > 0 ? static_cast<double>(pr.join_found) / pr.join_exact_neighbours : 0.0,
                  Thousands(pr.join_event_found).c_str(), Thousands(pr.join_event_neighbours).c_str(),
                  pr.join_event_neighbours > 0 ? static_cast<double>(pr.join_event_found) / pr.join_event_neighbours
                                               : 0.0,
                  pr.join_partitioned.wall, pr.join_exact.wall);
    }
  } else {
    std::printf("  pairs phase FAILED: %s\n", pr.error);
  }

  // Stories and report, on the pairs found; the commands' figures add FindPairs (not Open).
  const bool stories_ok = pairs_ok && pr.stories_ok;
  const Span2 stories_command{pr.stories_pairs.wall + pr.stories.wall, pr.stories_pairs.cpu + pr.stories.cpu};
  const Span2 report_command{pr.pairs.wall + pr.stories.wall + pr.html.render.wall + pr.html.write.wall,
                             pr.pairs.cpu + pr.stories.cpu + pr.html.render.cpu + pr.html.write.cpu};
  if (stories_ok) {
    std::printf("\n");
    const std::vector<Row> story_rows = {
        {"FindPairs for stories (same-event, 3 days)", pr.stories_pairs, true, "", {}},
        {"stories (FindStories)", pr.stories, true,
         Thousands(static_cast<double>(pr.story_count)) + " stories of " +
             Thousands(static_cast<double>(pr.story_articles)) + " articles",
         pr.stories_mem},
        {"report: render HTML", pr.html.render, true,
         Thousands(Mb(static_cast<double>(pr.html.bytes)), 1) + " MB, default ReportOptions (max_pairs 2000)",
         pr.html.mem},
        {"report: write HTML file", pr.html.write, false, "", {}},
        {"report: render JSON", pr.json_report.render, true,
         Thousands(Mb(static_cast<double>(pr.json_report.bytes)), 1) + " MB", pr.json_report.mem},
    };
    for (const Row& row : story_rows) PrintRow(row, n, text_bytes);
    std::printf("  %s\n", std::string(100, '-').c_str());
    PrintRow({"= stories command (its pairs + stories)", stories_command, true, "parallax stories, Open not counted"}, n,
             text_bytes);
    PrintRow({"= report command (pairs + stories + HTML)", report_command, true, "parallax report --out x.html, Open not counted"},
             n, text_bytes);
    std::printf("  stories vs generated events, BCubed: every article P %.3f R %.3f F1 %.3f; "
                "articles of an event P %.3f R %.3f F1 %.3f\n",
                pr.bcubed[0][0], pr.bcubed[0][1], pr.bcubed[0][2], pr.bcubed[1][0], pr.bcubed[1][1], pr.bcubed[1][2]);
  } else if (pairs_ok) {
    std::printf("\n  stories and report: n/a (%s)\n",
                f.stories ? "scoring was stopped after --pairs-budget" : "--no-stories");
  }

  // Memory.
  auto per_article = [&](int64_t peak, int64_t base) {
    return (static_cast<double>(peak) - static_cast<double>(base) - static_cast<double>(text_bytes)) / kn;
  };
  std::printf("\n  %-44s %10s %14s\n", "memory", "MB", "B/article*");
  auto mem = [&](const char* name, int64_t bytes, int64_t base, bool per) {
    if (per) std::printf("  %-44s %10.1f %14s\n", name, Mb(bytes), Thousands(per_article(bytes, base)).c_str());
    else std::printf("  %-44s %10.1f %14s\n", name, Mb(bytes), "");
  };
  mem("index process: baseline RSS", baseline_rss, 0, false);
  mem("text (sum of Article::text)", static_cast<int64_t>(text_bytes), 0, false);
  mem("peak while generating (not counted)", generate_peak, baseline_rss, true);
  mem("peak while cleaning", clean_peak, baseline_rss, true);
  mem("RSS after cleaning", rss_after_clean, baseline_rss, true);
  mem("peak during Collection::Add", add_peak, baseline_rss, true);
  mem("RSS after Add (collection in memory)", rss_after_add, baseline_rss, true);
  mem("peak during Save", save_peak, baseline_rss, true);
  mem("= index phase peak (ru_maxrss per stage, max)", index_peak, baseline_rss, true);
  if (pairs_ok) {
    mem("pairs process: baseline RSS", pr.baseline_rss, 0, false);
    mem("peak during Open", pr.open_peak, pr.baseline_rss, true);
    mem("RSS after Open", pr.rss_after_open, pr.baseline_rss, true);
    mem(pr.partial ? "peak during FindPairs (until stopped)" : "peak during FindPairs", pr.pairs_peak,
        pr.baseline_rss, true);
    mem("= pairs phase peak (max of Open, FindPairs)", std::max({pr.max_rss, pr.open_peak, pr.pairs_peak}),
        pr.baseline_rss, true);
  }
  if (stories_ok) {
    mem("peak during FindStories", pr.stories_mem.hwm, pr.baseline_rss, true);
    mem("peak during report (render HTML)", pr.html.mem.hwm, pr.baseline_rss, true);
    mem("peak during report (render JSON)", pr.json_report.mem.hwm, pr.baseline_rss, true);
    mem("= report command peak (Open ... HTML, max)", ReportCommandPeak(pr), pr.baseline_rss, true);
  }
  std::printf("  * (RSS - baseline RSS - text bytes) / articles. The peak (VmHWM, which is also what\n"
              "    getrusage's ru_maxrss reports) is reset at each stage%s, so GNU time's maximum\n"
              "    is that of the last stage of each process only.\n",
              peak_reset ? "" : " (clear_refs unavailable here: peaks are cumulative)");
  std::printf("\n  on disk: %.1f MB, %s B/article (%s B/article beyond the text)\n", Mb(disk_bytes),
              Thousands(disk_bytes / kn).c_str(), Thousands((disk_bytes - static_cast<double>(text_bytes)) / kn).c_str());
  for (const auto& [name, size] : files) {
    std::printf("    %-30s %10.1f MB %10s B/article\n", name.c_str(), Mb(size), Thousands(size / kn).c_str());
  }
  std::printf("  sentence index: %s sentences x 32 B = %.1f MB, %s B/article\n",
              Thousands(static_cast<double>(sentences)).c_str(), Mb(sentences * 32.0), Thousands(sentences * 32.0 / kn).c_str());

  // Single-core Compare.
  const double prepare_compare_s = pr.findpairs_s;
  if (pairs_ok && pr.sample_pairs > 0) {
    std::printf("\n  single core (1 OpenMP thread), %s k-NN candidate pairs (%s tokens/article):\n",
                Thousands(static_cast<double>(pr.sample_pairs)).c_str(), Thousands(static_cast<double>(pr.sample_tokens)).c_str());
    auto line = [](const char* name, double s) {
      std::printf("    %-58s %9.1f us %10s pairs/s\n", name, s * 1e6, Thousands(s > 0 ? 1.0 / s : 0).c_str());
    };
    line("UnpackAnalysis of B (Collection::analysis)", pr.unpack_s);
    line("Prepare of B without sentence vectors", pr.prepare_s);
    line("  of which ArticleVector", pr.vectorize_s);
    char share[96];
    std::snprintf(share, sizeof share, "PrepareSentences of B (needed for %.0f%% of pairs)", 100 * pr.sentence_share);
    line(share, pr.sentences_s);
    line("Compare (prepared texts)", pr.compare_s);
    line("  of which AlignPassages", pr.align_s);
    line("  Compare with paraphrases off", pr.compare_literal_s);
    line("= FindPairs' loop body per pair (stored vector)", prepare_compare_s);
    if (pr.compare_threaded_s > 0) {
      char name[96];
      std::snprintf(name, sizeof name, "Compare outside a parallel region, %d threads", threads);
      line(name, pr.compare_threaded_s);
    }
  }

  // Targets.
  const double index_rate = kn / index_s.wall;
  const double index_mem = per_article(index_peak, baseline_rss);
  const double pairs_mem = pairs_ok ? per_article(std::max(pr.open_peak, pr.pairs_peak), pr.baseline_rss) : 0;
  const double peak_mem = std::max(index_mem, pairs_mem);
  const double compare_rate = pr.compare_s > 0 ? 1.0 / pr.compare_s : 0;
  const double scored_rate = prepare_compare_s > 0 ? 1.0 / prepare_compare_s : 0;
  std::printf("\n  %-46s %16s %14s  %s\n", "target", "measured", "goal", "met");
  auto target = [](const char* name, const std::string& value, const char* goal, const char* met) {
    std::printf("  %-46s %16s %14s  %s\n", name, value.c_str(), goal, met);
  };
  target("index throughput (articles/s)", Thousands(index_rate), ">= 1,500", index_rate >= 1500 ? "yes" : "NO");
  if (pairs_ok) {
    const bool at_100k = n == 100000;
    target(at_100k ? "pairs over 100,000 articles (s)" : "pairs over this corpus (s; goal is for 100k)",
           Thousands(pr.pairs.wall, 1), "< 60", at_100k ? (pr.pairs.wall < 60 ? "yes" : "NO") : "(run N=100000)");
  }
  target("peak memory beyond text, index (B/article)", Thousands(index_mem), "< 8,192", index_mem < 8192 ? "yes" : "NO");
  if (pairs_ok) {
    target("peak memory beyond text, pairs (B/article)", Thousands(pairs_mem), "< 8,192", pairs_mem < 8192 ? "yes" : "NO");
    target("Compare, prepared texts (pairs/s/core)", Thousands(compare_rate), ">= 5,000", compare_rate >= 5000 ? "yes" : "NO");
    target("FindPairs scoring, per pair (pairs/s/core)", Thousands(scored_rate), ">= 5,000", scored_rate >= 5000 ? "yes" : "NO");
  }
  if (stories_ok) {
    const bool at_100k = n == 100000;
    auto met = [&](bool ok) { return at_100k ? (ok ? "yes" : "NO") : "(run N=100000)"; };
    target("stories command, pairs + stories (s)", Thousands(stories_command.wall, 1), "< 30",
           met(stories_command.wall < 30));
    target("report command, + HTML + write (s)", Thousands(report_command.wall, 1), "< 60",
           met(report_command.wall < 60));
    target("report HTML (MB)", Thousands(Mb(static_cast<double>(pr.html.bytes)), 1), "< 50",
           met(Mb(static_cast<double>(pr.html.bytes)) < 50));
  }

  // JSON line.
  nlohmann::ordered_json j;
  j["bench"] = "pipeline";
  j["articles"] = n;
  j["threads"] = threads;
  j["seed"] = f.seed;
  j["cores"] = omp_get_num_procs();
  j["load_average"] = {load_start, load_end};
  j["index_type"] = f.index_type;
  j["text_bytes"] = text_bytes;
  j["sentences"] = sentences;
  j["vocab_size"] = vocab;
  j["generated"] = {{"events", stats.events},
                    {"event_articles", stats.event_articles},
                    {"reuse_verbatim", stats.reuse_verbatim},
                    {"reuse_edited", stats.reuse_edited},
                    {"near_duplicates", stats.near_duplicates},
                    {"refused", failed}};
  auto stage = [&](const Span2& t) {
    return nlohmann::ordered_json{{"seconds", t.wall},
                                  {"cpu_seconds", t.cpu},
                                  {"articles_per_s", t.wall > 0 ? kn / t.wall : 0.0},
                                  {"mb_per_s", t.wall > 0 ? Mb(text_bytes) / t.wall : 0.0}};
  };
  nlohmann::ordered_json st;
  st["generate"] = stage(generate_s);
  st["read_clean"] = stage(clean_s);
  st["train_tokenizer"] = stage(add_clock.Time(index_stage::kTrainingTokenizer));
  st["tokenize"] = stage(add_clock.Time(index_stage::kTokenizing));
  st["fit_weights"] = stage(add_clock.Time(index_stage::kFittingWeights));
  st["fit_lexicon"] = stage(add_clock.Time(index_stage::kFittingLexicon));
  st["embed"] = stage(add_clock.Time(index_stage::kEmbedding));
  st["index"] = stage(add_clock.Time(index_stage::kIndexing));
  st["add_other"] = stage(add_other);
  st["add_total"] = stage(add_s);
  st["save"] = stage(save_s);
  st["index_total"] = stage(index_s);
  if (pairs_ok) {
    st["open"] = stage(pr.open);
    st["pairs_fingerprinting"] = stage(pr.fingerprint);
    st["pairs_knn"] = stage(pr.knn);
    st["pairs_knn_across_languages"] = stage(pr.languages);
    st["pairs_merge"] = stage(pr.merge);
    st["pairs_scoring"] = stage(pr.scoring);
    st["pairs_final_sort"] = stage(pr.final_sort);
    st["pairs_total"] = stage(pr.pairs);
  }
  if (stories_ok) {
    st["stories"] = stage(pr.stories);
    st["report_html"] = stage(pr.html.render);
    st["report_html_write"] = stage(pr.html.write);
    st["report_json"] = stage(pr.json_report.render);
    st["stories_pairs"] = stage(pr.stories_pairs);
    st["stories_command"] = stage(stories_command);
    st["report_command"] = stage(report_command);
  }
  j["stages"] = st;
  j["pairs_partial"] = pr.partial != 0;
  if (pairs_ok) {
    j["candidates"] = pr.candidates;
    j["candidates_scored_measured"] = pr.scored;
    if (!pr.partial) {
      j["pairs"] = nlohmann::ordered_json::object();
      for (Relation r : {Relation::kDuplicate, Relation::kTranslation, Relation::kReuse, Relation::kSameEvent,
                         Relation::kRelated}) {
        j["pairs"][RelationName(r)] = pr.found[static_cast<int>(r)];
      }
    }
  }
  if (pairs_ok && !pr.partial) {
    j["truth"] = {{"near_duplicates", pr.truth_near_dup},
                  {"near_duplicates_as_duplicate", pr.near_dup_as_duplicate},
                  {"reuse", pr.truth_reuse},
                  {"reuse_as_reuse", pr.reuse_as_reuse},
                  {"event_pairs_same_language", pr.event_pairs[0]},
                  {"event_pairs_same_language_found", pr.event_pairs_found[0]},
                  {"event_pairs_across_languages", pr.event_pairs[1]},
                  {"event_pairs_across_languages_found", pr.event_pairs_found[1]},
                  {"same_event_or_stronger", pr.same_event_or_stronger},
                  {"same_event_or_stronger_no_common_event", pr.no_common_event}};
  }
  if (stories_ok) {
    auto bcubed = [&](int set) {
      return nlohmann::ordered_json{
          {"precision", pr.bcubed[set][0]}, {"recall", pr.bcubed[set][1]}, {"f1", pr.bcubed[set][2]}};
    };
    j["stories"] = {{"stories", pr.story_count},
                    {"articles", pr.story_articles},
                    {"report_html_bytes", pr.html.bytes},
                    {"report_json_bytes", pr.json_report.bytes},
                    {"bcubed", {{"all_articles", bcubed(0)}, {"event_articles", bcubed(1)}}}};
  }
  j["memory"] = {{"baseline_rss", baseline_rss},
                 {"peak_generate", generate_peak},
                 {"peak_clean", clean_peak},
                 {"peak_add", add_peak},
                 {"rss_after_add", rss_after_add},
                 {"peak_save", save_peak},
                 {"maxrss_index", index_max_rss},
                 {"index_bytes_per_article_beyond_text", index_mem},
                 {"pairs_baseline_rss", pr.baseline_rss},
                 {"peak_open", pr.open_peak},
                 {"rss_after_open", pr.rss_after_open},
                 {"peak_pairs", pr.pairs_peak},
                 {"maxrss_pairs", pr.max_rss},
                 {"pairs_bytes_per_article_beyond_text", pairs_mem},
                 {"peak_bytes_per_article_beyond_text", peak_mem},
                 {"peak_stories", pr.stories_mem.hwm},
                 {"peak_report_html", pr.html.mem.hwm},
                 {"peak_report_json", pr.json_report.mem.hwm},
                 {"peak_report_command", stories_ok ? ReportCommandPeak(pr) : 0},
                 {"per_stage_peaks", peak_reset}};
  nlohmann::ordered_json disk = {{"total", disk_bytes}, {"per_article", disk_bytes / kn}};
  for (const auto& [name, size] : files) disk[name] = size;
  j["disk"] = disk;
  j["sentence_index_bytes"] = sentences * 32;
  j["compare_single_core"] = {{"sample_pairs", pr.sample_pairs},
                              {"unpack_us", pr.unpack_s * 1e6},
                              {"vectorize_us", pr.vectorize_s * 1e6},
                              {"prepare_us", pr.prepare_s * 1e6},
                              {"prepare_sentences_us", pr.sentences_s * 1e6},
                              {"sentence_share", pr.sentence_share},
                              {"findpairs_loop_us", pr.findpairs_s * 1e6},
                              {"compare_literal_us", pr.compare_literal_s * 1e6},
                              {"compare_threaded_us", pr.compare_threaded_s * 1e6},
                              {"align_us", pr.align_s * 1e6},
                              {"compare_us", pr.compare_s * 1e6},
                              {"compare_pairs_per_s", compare_rate},
                              {"findpairs_pairs_per_s", scored_rate}};
  j["targets"] = {{"index_articles_per_s", index_rate},
                  {"index_met", index_rate >= 1500},
                  {"pairs_s", pr.pairs.wall},
                  {"pairs_met", n == 100000 && pairs_ok ? nlohmann::ordered_json(pr.pairs.wall < 60)
                                                         : nlohmann::ordered_json(nullptr)},
                  {"memory_bytes_per_article", peak_mem},
                  {"memory_met", peak_mem < 8192},
                  {"compare_pairs_per_s", compare_rate},
                  {"compare_met", compare_rate >= 5000},
                  {"stories_command_s", stories_ok ? nlohmann::ordered_json(stories_command.wall) : nullptr},
                  {"stories_met", n == 100000 && stories_ok ? nlohmann::ordered_json(stories_command.wall < 30)
                                                            : nlohmann::ordered_json(nullptr)},
                  {"report_command_s", stories_ok ? nlohmann::ordered_json(report_command.wall) : nullptr},
                  {"report_met", n == 100000 && stories_ok ? nlohmann::ordered_json(report_command.wall < 60)
                                                           : nlohmann::ordered_json(nullptr)},
                  {"report_html_bytes", pr.html.bytes},
                  {"report_html_met", n == 100000 && stories_ok
                                          ? nlohmann::ordered_json(pr.html.bytes < 50'000'000)
                                          : nlohmann::ordered_json(nullptr)}};
  std::printf("\n%s\n", j.dump().c_str());
  return pairs_ok ? 0 : 1;
}

// ---------------------------------------------------------------------------
// Micro-benchmarks (--micro): the per-article and per-pair kernels, on a small
// generated collection, through Google Benchmark.
// ---------------------------------------------------------------------------

struct MicroState {
  std::vector<Article> raw;  // before MakeArticle
  std::optional<Collection> collection;
  std::vector<PreparedText> prepared;  // of every article
  std::vector<std::pair<size_t, size_t>> candidates;  // k-NN candidate pairs
};

MicroState& Micro() {
  static MicroState state;
  return state;
}

Status BuildMicroState(size_t n, uint64_t seed) {
  MicroState& m = Micro();
  std::vector<TruthPair> truth;
  CorpusStats stats;
  m.raw = CorpusGenerator(seed).Generate(n, &truth, &stats);
  std::vector<Article> articles;
  for (const Article& a : m.raw) {
    auto made = MakeArticle(a, ReadOptions{});
    if (made.ok()) articles.push_back(std::move(made).value());
  }
  auto created = Collection::Create("/nonexistent-pipeline-bench", CollectionOptions{});
  if (!created.ok()) return created.status();
  m.collection.emplace(std::move(created).value());
  auto added = m.collection->Add(std::move(articles));
  if (!added.ok()) return added.status();
  const Collection& c = *m.collection;
  const Model& model = c.model();
  for (size_t i = 0; i < c.size(); ++i) m.prepared.push_back(Prepare(model, c.article(i), c.analysis(i)));
  const int dim = model.options().dim;
  const int k = 11;
  const int64_t rows = static_cast<int64_t>(c.size());
  std::vector<float> dense(static_cast<size_t>(rows) * dim);
  for (int64_t i = 0; i < rows; ++i) model.Dense(m.prepared[i].vector, &dense[i * dim]);
  std::vector<float> scores(static_cast<size_t>(rows) * k);
  std::vector<int64_t> labels(static_cast<size_t>(rows) * k);
  auto index = c.article_index();
  if (!index.ok()) return index.status();
  PARALLAX_RETURN_IF_ERROR((*index)->Search(rows, dense.data(), k, scores.data(), labels.data()));
  for (int64_t i = 0; i < rows; ++i) {
    for (int j = 0; j < k; ++j) {
      const int64_t o = labels[i * k + j];
      if (o > i && scores[i * k + j] >= 0.05f) m.candidates.emplace_back(i, o);
    }
  }
  return Status::Ok();
}

void BM_MakeArticle(benchmark::State& state) {
  const auto& raw = Micro().raw;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const Article& a = raw[i++ % raw.size()];
    bytes += a.text.size();
    auto made = MakeArticle(a, ReadOptions{});  // includes copying the fields
    benchmark::DoNotOptimize(made.ok());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_Analyze(benchmark::State& state) {
  const Collection& c = *Micro().collection;
  size_t i = 0;
  for (auto _ : state) {
    auto a = c.model().Analyze(c.article(i++ % c.size()));
    benchmark::DoNotOptimize(a.tokens.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ArticleVector(benchmark::State& state) {
  const MicroState& m = Micro();
  const Model& model = m.collection->model();
  size_t i = 0;
  for (auto _ : state) {
    const PreparedText& p = m.prepared[i++ % m.prepared.size()];
    auto v = model.ArticleVector(*p.article, p.analysis);
    benchmark::DoNotOptimize(v.keys.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// What Collection::Add does per article for the sentence index.
void BM_SentenceCodes(benchmark::State& state) {
  const MicroState& m = Micro();
  const Model& model = m.collection->model();
  const int dim = model.options().dim;
  std::vector<float> dense;
  std::vector<uint8_t> codes;
  size_t i = 0;
  for (auto _ : state) {
    const PreparedText& p = m.prepared[i++ % m.prepared.size()];
    const AnalyzedText& a = p.analysis;
    dense.assign(a.sentences.size() * dim, 0.0f);
    for (size_t s = 0; s < a.sentences.size(); ++s) {
      model.Dense(model.Vectorize(*p.article, a, a.sentence_token_begin[s], a.sentence_token_begin[s + 1]),
                  &dense[s * dim]);
    }
    codes.resize(a.sentences.size() * (model.options().simhash_bits / 8));
    if (!a.sentences.empty()) model.SimHash(static_cast<int64_t>(a.sentences.size()), dense.data(), codes.data());
    benchmark::DoNotOptimize(codes.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// Everything Compare needs of one stored article (FindPairs does it per candidate pair).
void BM_PrepareStored(benchmark::State& state) {
  const Collection& c = *Micro().collection;
  size_t i = 0;
  for (auto _ : state) {
    const size_t row = i++ % c.size();
    auto p = Prepare(c.model(), c.article(row), c.analysis(row));
    benchmark::DoNotOptimize(p.vector.keys.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_UnpackAnalysis(benchmark::State& state) {
  const Collection& c = *Micro().collection;
  size_t i = 0;
  for (auto _ : state) {
    auto a = c.analysis(i++ % c.size());
    benchmark::DoNotOptimize(a.tokens.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ComparePrepared(benchmark::State& state) {
  const MicroState& m = Micro();
  size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = m.candidates[i++ % m.candidates.size()];
    auto cmp = Compare(m.prepared[a], m.prepared[b]);
    benchmark::DoNotOptimize(cmp.similarity);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_AlignCandidates(benchmark::State& state) {
  const MicroState& m = Micro();
  size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = m.candidates[i++ % m.candidates.size()];
    const TokenizedText ta{m.prepared[a].article->text, m.prepared[a].analysis.tokens, m.prepared[a].paragraph_starts};
    const TokenizedText tb{m.prepared[b].article->text, m.prepared[b].analysis.tokens, m.prepared[b].paragraph_starts};
    auto passages = AlignPassages(ta, tb);
    benchmark::DoNotOptimize(passages.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// As FindPairs scores a candidate: B is unpacked and vectorised again.
void BM_ScoreCandidateAsFindPairs(benchmark::State& state) {
  const MicroState& m = Micro();
  const Collection& c = *m.collection;
  size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = m.candidates[i++ % m.candidates.size()];
    const PreparedText second = Prepare(c.model(), c.article(b), c.analysis(b));
    auto cmp = Compare(m.prepared[a], second);
    benchmark::DoNotOptimize(cmp.similarity);
  }
  state.SetItemsProcessed(state.iterations());
}

int RunMicro(const Flags& f, std::vector<char*> args) {
  const size_t n = std::min<size_t>(f.articles, 2000);
  std::fprintf(stderr, "pipeline_bench: building a %zu-article collection for the micro-benchmarks...\n", n);
  if (Status st = BuildMicroState(n, f.seed); !st.ok()) {
    std::cerr << "pipeline_bench: " << st.ToString() << "\n";
    return 1;
  }
  // Single-core kernels: one OpenMP thread, as inside the engine's parallel
  // loops (Eigen would otherwise split small products over all threads).
  omp_set_num_threads(1);
  benchmark::RegisterBenchmark("BM_MakeArticle", BM_MakeArticle);
  benchmark::RegisterBenchmark("BM_Analyze", BM_Analyze);
  benchmark::RegisterBenchmark("BM_ArticleVector", BM_ArticleVector);
  benchmark::RegisterBenchmark("BM_SentenceCodes", BM_SentenceCodes);
  benchmark::RegisterBenchmark("BM_UnpackAnalysis", BM_UnpackAnalysis);
  benchmark::RegisterBenchmark("BM_PrepareStored", BM_PrepareStored);
  benchmark::RegisterBenchmark("BM_ComparePrepared", BM_ComparePrepared);
  benchmark::RegisterBenchmark("BM_AlignCandidates", BM_AlignCandidates);
  benchmark::RegisterBenchmark("BM_ScoreCandidateAsFindPairs", BM_ScoreCandidateAsFindPairs);
  int argc = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&argc, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace parallax

int main(int argc, char** argv) {
  parallax::Flags flags;
  std::vector<char*> rest;
  if (!parallax::ParseFlags(argc, argv, &flags, &rest)) return 2;
  const int threads = flags.threads > 0 ? flags.threads : omp_get_num_procs();
  omp_set_num_threads(threads);
  if (!flags.pairs_worker.empty()) return parallax::RunPairsWorker(flags);
  if (flags.micro) return parallax::RunMicro(flags, rest);
  return parallax::RunPipeline(flags, threads);
}
