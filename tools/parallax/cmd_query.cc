// pairs and compare: the commands that read articles and report how they
// relate (search is in cmd_search.cc).
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "parallax/corpus.h"
#include "parallax/match.h"
#include "parallax/report.h"

namespace parallax::cli {

namespace {

StatusOr<Collection> OpenCollection(const po::variables_map& vm) {
  return Collection::Open(vm["db"].as<std::string>());
}

// Reads a whole file as an article: a .txt in the scraped-news format, or any
// UTF-8 text; offsets are into the file's text as read.
StatusOr<Article> ReadArticleFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto article = ParseTxtArticle(path.stem().string(), buffer.str(), ReadOptions{});
  if (!article.ok()) return article.status().WithContext(path.string());
  return article;
}

std::string Fixed(double x) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(3) << x;
  return s.str();
}

}  // namespace

int RunPairs(const std::vector<std::string>& args) {
  const PairOptions defaults;
  po::options_description options("Options");
  options.add_options()
      ("db", po::value<std::string>()->required(), "collection folder")
      ("json", "print one JSON object per pair")
      ("passages", "with --json: include each pair's passages")
      ("neighbors", po::value<int>()->default_value(defaults.neighbors),
       "neighbours per article in the k-NN search, and in each other language")
      ("outlet", po::value<std::string>()->default_value(""), "only pairs involving this outlet")
      ("source-outlet", po::value<std::string>()->default_value(""),
       "only pairs whose earlier article is from this outlet (with --outlet X: what X took from it)")
      ("min-relation", po::value<std::string>()->default_value(RelationName(defaults.weakest)),
       "weakest relation listed: duplicate, reuse, same-event or related")
      ("same-event", po::value<float>()->default_value(defaults.compare.thresholds.same_event, Fixed(defaults.compare.thresholds.same_event)),
       "similarity from which a pair is `same-event`")
      ("related", po::value<float>()->default_value(defaults.compare.thresholds.related, Fixed(defaults.compare.thresholds.related)),
       "similarity from which a pair is `related`")
      ("reuse", po::value<float>()->default_value(defaults.compare.thresholds.reuse, Fixed(defaults.compare.thresholds.reuse)),
       "share of either text inside shared passages from which a pair is `reuse`");
  po::variables_map vm;
  if (!ParseArgs("pairs", "--db DIR [--json] [options]", args, options, {}, {}, &vm)) return kExitOk;
  PairOptions popt;
  popt.neighbors = vm["neighbors"].as<int>();
  popt.outlet = vm["outlet"].as<std::string>();
  popt.source_outlet = vm["source-outlet"].as<std::string>();
  popt.compare.thresholds.same_event = vm["same-event"].as<float>();
  popt.compare.thresholds.related = vm["related"].as<float>();
  popt.compare.thresholds.reuse = vm["reuse"].as<float>();
  const std::string weakest = vm["min-relation"].as<std::string>();
  bool known = false;
  for (Relation r : {Relation::kDuplicate, Relation::kReuse, Relation::kSameEvent, Relation::kRelated}) {
    if (weakest == RelationName(r)) { popt.weakest = r; known = true; }
  }
  if (!known) throw po::error("--min-relation must be duplicate, reuse, same-event or related, not '" + weakest + "'");
  if (popt.neighbors < 1) throw po::error("--neighbors must be at least 1");
  auto collection = OpenCollection(vm);
  if (!collection.ok()) return Fail(collection.status());
  auto pairs = FindPairs(*collection, popt, TerminalProgress());
  EndProgress();
  if (!pairs.ok()) return Fail(pairs.status());
  const bool json = vm.count("json") > 0;
  if (!json) std::cout << "relation\tsimilarity\treuse_a\treuse_b\ta\tb\n";
  for (const ArticlePair& p : *pairs) {
    const Article& a = collection->article(p.a);
    const Article& b = collection->article(p.b);
    if (json) {
      PrintJsonLine(ComparisonJson(a, b, p.comparison, vm.count("passages") > 0));
    } else {
      std::cout << RelationName(p.comparison.relation) << "\t" << Fixed(p.comparison.similarity) << "\t"
                << Fixed(p.comparison.reuse_a) << "\t" << Fixed(p.comparison.reuse_b) << "\t" << a.id << "\t" << b.id
                << "\n";
    }
  }
  std::cerr << "parallax: " << Count(pairs->size(), "related pair") << " among " << Count(collection->size(), "article")
            << "\n";
  return kExitOk;
}

int RunCompare(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()
      ("model", po::value<std::string>(), "model file (default: $PARALLAX_MODEL or the shipped models/default.plx)")
      ("json", "print JSON")
      ("out", po::value<std::string>(), "also write the pair's report: .html (side by side), .json or .md");
  AddThesaurusOption(&options);
  po::options_description hidden;
  hidden.add_options()("files", po::value<std::vector<std::string>>(), "the two articles");
  po::positional_options_description positional;
  positional.add("files", -1);
  po::variables_map vm;
  if (!ParseArgs("compare",
                 "FILE_A FILE_B [--json] [--out pair.html] [--model FILE] [--thesaurus FILES]\n\nFILE: an article as a text file (.txt "
                 "format)",
                 args, options, hidden, positional, &vm)) {
    return kExitOk;
  }
  const auto files = vm.count("files") ? vm["files"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (files.size() != 2) throw po::error("compare takes exactly two files, FILE_A and FILE_B");
  std::optional<ReportFormat> out_format;
  if (vm.count("out")) {
    const auto format = ReportFormatOf(vm["out"].as<std::string>());
    if (!format.ok()) throw po::error(format.status().message());
    out_format = *format;
  }
  auto a = ReadArticleFile(files[0]);
  if (!a.ok()) return Fail(a.status());
  auto b = ReadArticleFile(files[1]);
  if (!b.ok()) return Fail(b.status());
  const std::filesystem::path model_path =
      vm.count("model") ? std::filesystem::path(vm["model"].as<std::string>()) : DefaultModelPath();
  auto model = Model::Load(model_path);
  if (!model.ok()) {
    return Fail(model.status().ToString() + "\n(give a model with --model FILE; `parallax train` makes one)");
  }
  const auto thesaurus_paths = ThesaurusPaths(vm);
  if (!thesaurus_paths.ok()) return Fail(thesaurus_paths.status());
  PreparedText pa = Prepare(*model, *a), pb = Prepare(*model, *b);
  // Synonyms count only between texts short enough to be spelled: two
  // articles skip reading the thesauri (about 0.2 s).
  const bool spelled = pa.words.spelled() && pb.words.spelled();
  const auto thesaurus = LoadThesaurus(spelled ? *thesaurus_paths : std::vector<std::string>{});
  if (!thesaurus.ok()) return Fail(thesaurus.status());
  const Thesaurus* synonyms = thesaurus->has_value() ? &**thesaurus : nullptr;
  if (synonyms != nullptr) {
    pa.words = model->Words(*a, pa.analysis, synonyms);
    pb.words = model->Words(*b, pb.analysis, synonyms);
  }
  const Comparison c = Compare(pa, pb);
  if (out_format) {
    const std::string out = vm["out"].as<std::string>();
    if (Status written = WriteOutput(out, RenderPairReport(*a, *b, c, *out_format)); !written.ok()) return Fail(written);
    std::cerr << "parallax: wrote " << out << "\n";
  }
  if (vm.count("json")) {
    nlohmann::json j = ComparisonJson(*a, *b, c, true);
    j["containment_a"] = Round4(c.containment_a);
    j["containment_b"] = Round4(c.containment_b);
    j["word_similarity"] = Round4OrNull(c.word_similarity);
    PrintJsonLine(j);
    return kExitOk;
  }
  std::cout << "relation:   " << RelationName(c.relation) << "\nsimilarity: " << Fixed(c.similarity)
            << "\nreuse:      " << Fixed(c.reuse_a) << " of " << a->id << ", " << Fixed(c.reuse_b) << " of " << b->id
            << "\nvocabulary: " << Fixed(c.containment_a) << " of " << a->id << "'s in " << b->id << ", "
            << Fixed(c.containment_b) << " of " << b->id << "'s in " << a->id
            << "\nwords:      "
            << (c.word_similarity
                    ? Fixed(*c.word_similarity) + (synonyms ? " (matched by spelling and synonyms)" : " (matched by spelling)")
                    : "not compared (texts over " + std::to_string(kMaxSpelledWords) + " distinct words)")
            << "\n";
  const auto json = ComparisonJson(*a, *b, c, true);
  for (const auto& p : json["passages"]) {
    const size_t ab = p["a_byte_start"].get<size_t>();
    const size_t ae = p["a_byte_end"].get<size_t>();
    // At most 120 bytes, cut before a character, never inside one.
    size_t cut = std::min<size_t>(ae - ab, 120);
    while (cut < ae - ab && (static_cast<unsigned char>(a->text[ab + cut]) & 0xC0) == 0x80) --cut;
    std::string excerpt = a->text.substr(ab, cut);
    for (char& ch : excerpt) if (ch == '\n') ch = ' ';
    std::cout << "\n" << p["kind"].get<std::string>() << " (score " << Fixed(p["score"].get<double>()) << "): "
              << a->id << " [" << p["a_start"] << ", " << p["a_end"] << ") = " << b->id << " [" << p["b_start"]
              << ", " << p["b_end"] << ")\n  " << excerpt << (ae - ab > 120 ? "..." : "") << "\n";
  }
  return kExitOk;
}

}  // namespace parallax::cli
