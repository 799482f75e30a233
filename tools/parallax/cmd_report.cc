// stories and report: a collection's articles grouped into stories, and the
// similarity report (HTML, JSON or Markdown) built from its pairs and stories.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "parallax/report.h"
#include "parallax/result_json.h"
#include "parallax/shards.h"

namespace parallax::cli {

namespace {

std::string Fixed2(double x) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(2) << x;
  return s.str();
}

// One block a story: its size, dates and label, its articles, and who took
// passages from whom inside it.
void PrintStory(const ArticleStore& collection, const std::vector<ArticlePair>& pairs, const Story& story) {
  const Article& first = collection.article(story.articles.front());
  std::cout << "story " << story.id << ": " << Count(story.articles.size(), "article") << ", "
            << Count(story.outlets.size(), "outlet");
  if (!story.first_date.empty()) std::cout << ", " << story.first_date << " to " << story.last_date;
  std::cout << "\n  label: ";
  for (size_t i = 0; i < story.label.size(); ++i) std::cout << (i ? " " : "") << story.label[i];
  std::cout << "\n  title: " << first.title << "\n";
  for (size_t row : story.articles) {
    const Article& a = collection.article(row);
    std::cout << "  " << (a.date.empty() ? "undated" : a.date) << "  " << a.id << "  "
              << (a.outlet.empty() ? "(no outlet)" : a.outlet) << "  " << a.title << "\n";
  }
  for (size_t p : story.reuse) {
    const Article& a = collection.article(pairs[p].a);
    const Article& b = collection.article(pairs[p].b);
    const Comparison& c = pairs[p].comparison;
    std::cout << "  " << RelationName(c.relation) << ": ";
    if (c.source == Source::kUnknown) {
      std::cout << a.id << " and " << b.id << " share " << Fixed2(c.reuse_a) << " / " << Fixed2(c.reuse_b)
                << " (order unknown)\n";
    } else {
      const bool a_first = c.source == Source::kA;
      const char* took = c.relation == Relation::kTranslation ? " translated " : " took ";
      std::cout << (a_first ? b.id : a.id) << took << Fixed2(a_first ? c.reuse_b : c.reuse_a) << " of its text from "
                << (a_first ? a.id : b.id) << "\n";
    }
  }
  std::cout << "\n";
}

struct Found {
  std::vector<ArticlePair> pairs;
  std::vector<Story> stories;
};

// The corpus `stories` and `report` read: a collection (--db), whose pairs
// they find, or the shards parallax_dask wrote (--shards), whose pairs it
// found (DIR/pairs.jsonl).
struct Corpus {
  std::optional<Collection> collection;
  std::optional<ShardedCollection> sharded;
  const ArticleStore& store() const {
    return collection ? static_cast<const ArticleStore&>(*collection) : *sharded;
  }
};

void AddCorpusOptions(po::options_description* options) {
  options->add_options()
      ("db", po::value<std::string>(), "collection folder")
      ("shards", po::value<std::string>(),
       "instead of --db: the folder of a corpus indexed on a cluster (python3 -m parallax_dask), read with the pairs "
       "its `pairs` step wrote");
}

StatusOr<Corpus> OpenCorpus(const po::variables_map& vm) {
  if (vm.count("db") == vm.count("shards")) throw po::error("give exactly one of --db and --shards");
  Corpus corpus;
  if (vm.count("db")) {
    auto opened = Collection::Open(vm["db"].as<std::string>());
    if (!opened.ok()) return opened.status();
    corpus.collection.emplace(std::move(opened).value());
  } else {
    auto opened = ShardedCollection::Open(vm["shards"].as<std::string>());
    if (!opened.ok()) return opened.status();
    corpus.sharded.emplace(std::move(opened).value());
  }
  return corpus;
}

StatusOr<Found> FindPairsAndStories(const Corpus& corpus, const PairOptions& pair_options,
                                    const StoryOptions& story_options) {
  Found found;
  if (corpus.collection) {
    auto pairs = FindPairs(*corpus.collection, pair_options, TerminalProgress());
    EndProgress();
    if (!pairs.ok()) return pairs.status();
    found.pairs = std::move(pairs).value();
  } else {
    auto pairs = ReadPairsJsonl(*corpus.sharded, corpus.sharded->dir() / ShardedCollection::kPairs);
    if (!pairs.ok()) return pairs.status();
    found.pairs = std::move(pairs).value();
  }
  found.stories = FindStories(corpus.store(), found.pairs, pair_options.compare.thresholds, story_options);
  return found;
}

// --all-pairs of `stories` and `report` (with --db; a sharded collection's pairs are read as written).
constexpr char kAllPairsHelp[] = "with --db: each pair of a reprint group's copies too, not each copy with its source only";

}  // namespace

int RunStories(const std::vector<std::string>& args) {
  po::options_description options("Options");
  AddCorpusOptions(&options);
  options.add_options()
      ("json", "print one JSON object per story")
      ("all-pairs", kAllPairsHelp);
  AddStoryOptions(&options);
  po::variables_map vm;
  if (!ParseArgs("stories", "(--db DIR | --shards DIR) [--json] [--window DAYS] [--min-size N] [--link X]\n\n"
                 "Groups the collection's articles into stories: the reports of one event across outlets, days\n"
                 "and languages, from the pairs `pairs` finds (same-event or stronger, within the window),\n"
                 "merged while a group's article pairs are on average at least --link similar. Largest first.",
                 args, options, {}, {}, &vm)) {
    return kExitOk;
  }
  const StoryOptions story_options = StoryOptionsFrom(vm);
  const auto corpus = OpenCorpus(vm);
  if (!corpus.ok()) return Fail(corpus.status());
  const ArticleStore& store = corpus->store();
  PairOptions pair_options;
  pair_options.weakest = Relation::kSameEvent;  // stories link on nothing weaker...
  pair_options.max_days_apart = story_options.window_days;  // ...and nothing further apart
  pair_options.all_pairs = vm.count("all-pairs") > 0;  // the same stories, every reuse pair inside them
  auto found = FindPairsAndStories(*corpus, pair_options, story_options);
  if (!found.ok()) return Fail(found.status());
  size_t in_stories = 0;
  for (const Story& story : found->stories) {
    in_stories += story.articles.size();
    if (vm.count("json")) {
      PrintJsonLine(StoryJson(store, found->pairs, story));
    } else {
      PrintStory(store, found->pairs, story);
    }
  }
  std::cerr << "parallax: " << Count(found->stories.size(), "story") << " of " << Count(in_stories, "article")
            << " among " << Count(store.size(), "article") << "\n";
  return kExitOk;
}

int RunReport(const std::vector<std::string>& args) {
  const ReportOptions defaults;
  po::options_description options("Options");
  AddCorpusOptions(&options);
  options.add_options()
      ("out", po::value<std::string>()->required(),
       "report file: .html (a page that opens from disk), .json (data, report.schema.json) or .md (a summary)")
      ("max-pairs", Number<size_t>(0, kMaxReportPairs, defaults.max_pairs),
       "pairs listed in full, strongest first (the overview and the outlet matrix count them all)")
      ("all-pairs", kAllPairsHelp);
  AddStoryOptions(&options);
  po::variables_map vm;
  if (!ParseArgs("report", "(--db DIR | --shards DIR) --out FILE(.html|.json|.md) [options]\n\n"
                 "Writes the similarity report of a collection: overview, stories with timelines, how much each\n"
                 "outlet took from each other one, the related pairs, and reused passages side by side.",
                 args, options, {}, {}, &vm)) {
    return kExitOk;
  }
  const std::filesystem::path out = vm["out"].as<std::string>();
  const auto format = ReportFormatOf(out);
  if (!format.ok()) throw po::error(format.status().message());
  ReportOptions report_options;
  report_options.max_pairs = vm["max-pairs"].as<size_t>();
  report_options.stories = StoryOptionsFrom(vm);
  const auto corpus = OpenCorpus(vm);
  if (!corpus.ok()) return Fail(corpus.status());
  PairOptions pair_options;
  pair_options.all_pairs = vm.count("all-pairs") > 0;
  report_options.thresholds = pair_options.compare.thresholds;
  auto found = FindPairsAndStories(*corpus, pair_options, report_options.stories);
  if (!found.ok()) return Fail(found.status());
  const std::string report =
      RenderCollectionReport(corpus->store(), found->pairs, found->stories, report_options, *format);
  if (Status written = WriteOutput(out, report); !written.ok()) return Fail(written);
  std::cerr << "parallax: wrote " << out.string() << ": " << Count(found->stories.size(), "story") << ", "
            << Count(std::min(found->pairs.size(), report_options.max_pairs), "pair") << " of "
            << found->pairs.size() << " listed\n";
  return kExitOk;
}

}  // namespace parallax::cli
