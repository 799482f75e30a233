// pairs and compare: the commands that read articles and report how they
// relate (search is in cmd_search.cc).
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
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

// A field of a tab-separated row: "-" when empty, tabs and line breaks as spaces.
std::string Cell(std::string value) {
  if (value.empty()) return "-";
  for (char& ch : value) {
    if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
  }
  return value;
}

// The id of the article published first, or "-".
std::string SourceCell(const Article& a, const Article& b, Source source) {
  return source == Source::kA ? a.id : source == Source::kB ? b.id : "-";
}

// Each passage: its kind, score, offsets (code points) in both texts, and the
// start of A's side (at most 120 bytes, cut before a character, never inside one).
void PrintPassages(const Article& a, const Article& b, const Comparison& c, const std::string& indent) {
  const auto json = ComparisonJson(a, b, c, true);
  for (const auto& p : json["passages"]) {
    const size_t ab = p["a_byte_start"].get<size_t>();
    const size_t ae = p["a_byte_end"].get<size_t>();
    size_t cut = std::min<size_t>(ae - ab, 120);
    while (cut < ae - ab && (static_cast<unsigned char>(a.text[ab + cut]) & 0xC0) == 0x80) --cut;
    std::string excerpt = a.text.substr(ab, cut);
    for (char& ch : excerpt) {
      if (ch == '\n' || ch == '\t') ch = ' ';
    }
    std::cout << indent << p["kind"].get<std::string>() << " (score " << Fixed(p["score"].get<double>()) << "): "
              << a.id << " [" << p["a_start"] << ", " << p["a_end"] << ") = " << b.id << " [" << p["b_start"] << ", "
              << p["b_end"] << ")\n"
              << indent << "  " << excerpt << (ae - ab > 120 ? "..." : "") << "\n";
  }
}

// How many reprints were listed with their group's source only, and the
// largest group: "... 37 reprints of <id> grouped; --all-pairs lists each pair".
void PrintReprintGroups(const Collection& collection, const std::vector<ArticlePair>& pairs) {
  std::map<size_t, size_t> reprints;  // source row -> its reprints
  for (const ArticlePair& p : pairs) {
    if (p.duplicate_of) ++reprints[*p.duplicate_of];
  }
  if (reprints.empty()) return;
  size_t total = 0;
  auto largest = reprints.begin();
  for (auto it = reprints.begin(); it != reprints.end(); ++it) {
    total += it->second;
    if (it->second > largest->second) largest = it;
  }
  std::cerr << "parallax: " << Count(total, "reprint") << " in " << Count(reprints.size(), "group")
            << " listed with their source only (the largest: " << Count(largest->second, "reprint") << " of "
            << collection.article(largest->first).id << "); --all-pairs lists each pair\n";
}

}  // namespace

int RunPairs(const std::vector<std::string>& args) {
  const PairOptions defaults;
  po::options_description options("Options");
  options.add_options()
      ("db", po::value<std::string>()->required(), "collection folder")
      ("json", "print one JSON object per pair")
      ("passages", "print each pair's shared passages (in text, under the pair: kind, offsets, an excerpt)")
      ("neighbors", Number(1, kMaxNeighbors, defaults.neighbors),
       "neighbours per article in the k-NN search, and in each other language")
      ("outlet", po::value<std::string>()->default_value(""), "only pairs involving this outlet")
      ("source-outlet", po::value<std::string>()->default_value(""),
       "only pairs sharing passages whose earlier article is from this outlet (with --outlet X: what X took from it)")
      ("min-relation", po::value<std::string>()->default_value(RelationName(defaults.weakest)),
       "weakest relation listed (each stronger one too): duplicate, translation, reuse, same-event or related")
      ("same-event", Number(0.0f, 1.0f, defaults.compare.thresholds.same_event),
       "similarity from which a pair is `same-event`")
      ("related", Number(0.0f, 1.0f, defaults.compare.thresholds.related),
       "similarity from which a pair is `related` (at most --same-event)")
      ("reuse", Number(0.0f, 1.0f, defaults.compare.thresholds.reuse),
       "share of either text inside shared passages from which a pair is `reuse`")
      ("all-pairs", "list every pair of a reprint group's copies too, not each copy with its source only")
      ("exact", "join the article vectors exactly at any size (past 224,000 articles they are searched in k-means "
                "cells: several times faster, with most of the same pairs)");
  po::variables_map vm;
  if (!ParseArgs("pairs",
                 "--db DIR [--json] [--passages] [--all-pairs] [options]\n\nText: a tab-separated row per pair (relation, "
                 "similarity, reuse_a, reuse_b,\nthen a's id, outlet and date, b's, and source: the article published first, "
                 "for\npairs that share passages; - when unknown); --json: one object per pair.\n\n"
                 "Reprint groups: copies of one text (nearly all of a copy inside passages it\n"
                 "shares with the earliest copy, its source) are each listed with the source only,\n"
                 "in a pair that --json marks \"duplicate_of\": the source's id. Pairs of two copies\n"
                 "are neither aligned nor listed, and a pair of two groups is listed as the pair\n"
                 "of their sources (the text output counts the reprints at the end). --all-pairs\n"
                 "lists every pair.",
                 args, options, {}, {}, &vm)) {
    return kExitOk;
  }
  PairOptions popt;
  popt.neighbors = vm["neighbors"].as<int>();
  popt.outlet = vm["outlet"].as<std::string>();
  popt.source_outlet = vm["source-outlet"].as<std::string>();
  popt.compare.thresholds.same_event = vm["same-event"].as<float>();
  popt.compare.thresholds.related = vm["related"].as<float>();
  popt.compare.thresholds.reuse = vm["reuse"].as<float>();
  popt.all_pairs = vm.count("all-pairs") > 0;
  if (vm.count("exact") > 0) popt.exact_join_limit = std::numeric_limits<int64_t>::max();
  const std::string weakest = vm["min-relation"].as<std::string>();
  bool known = false;
  for (Relation r :
       {Relation::kDuplicate, Relation::kTranslation, Relation::kReuse, Relation::kSameEvent, Relation::kRelated}) {
    if (weakest == RelationName(r)) { popt.weakest = r; known = true; }
  }
  if (!known) {
    throw po::error("--min-relation must be duplicate, translation, reuse, same-event or related, not '" + weakest +
                    "'");
  }
  if (popt.compare.thresholds.related > popt.compare.thresholds.same_event) {
    throw po::error("--related (" + Fixed(popt.compare.thresholds.related) + ") must not be above --same-event (" +
                    Fixed(popt.compare.thresholds.same_event) + "): no pair would be `related`");
  }
  auto collection = OpenCollection(vm);
  if (!collection.ok()) return Fail(collection.status());
  auto pairs = FindPairs(*collection, popt, TerminalProgress());
  EndProgress();
  if (!pairs.ok()) return Fail(pairs.status());
  const bool json = vm.count("json") > 0;
  const bool passages = vm.count("passages") > 0;
  if (!json) std::cout << "relation\tsimilarity\treuse_a\treuse_b\ta\ta_outlet\ta_date\tb\tb_outlet\tb_date\tsource\n";
  for (const ArticlePair& p : *pairs) {
    const Article& a = collection->article(p.a);
    const Article& b = collection->article(p.b);
    const Comparison& c = p.comparison;
    if (json) {
      PrintJsonLine(PairJson(a, b, p, passages));
      continue;
    }
    std::cout << RelationName(c.relation) << "\t" << Fixed(c.similarity) << "\t" << Fixed(c.reuse_a) << "\t"
              << Fixed(c.reuse_b) << "\t" << a.id << "\t" << Cell(a.outlet) << "\t" << Cell(a.date) << "\t" << b.id
              << "\t" << Cell(b.outlet) << "\t" << Cell(b.date) << "\t" << SourceCell(a, b, c.source) << "\n";
    if (passages) PrintPassages(a, b, c, "  ");
  }
  std::cerr << "parallax: " << Count(pairs->size(), "related pair") << " among " << Count(collection->size(), "article")
            << "\n";
  PrintReprintGroups(*collection, *pairs);
  const auto n = static_cast<int64_t>(collection->size());
  if (n > 0 && n > popt.exact_join_limit / n) {
    std::cerr << "parallax: the k-NN joins searched k-means cells, not all " << Count(collection->size(), "article")
              << " (on 1,000,000 synthetic articles they found 97% of the same-event pairs of exact joins); "
                 "--exact joins exactly\n";
  }
  return kExitOk;
}

namespace {

// The comparison as `compare` prints it in text.
void PrintComparison(const Article& a, const Article& b, const Comparison& c, const std::string& words_note) {
  auto describe = [](const Article& x) {
    std::string meta = x.outlet;
    if (!x.date.empty()) meta += (meta.empty() ? "" : ", ") + x.date;
    return x.id + (meta.empty() ? "" : " (" + meta + ")");
  };
  const std::string source = c.source == Source::kA   ? a.id + " (published first)"
                             : c.source == Source::kB ? b.id + " (published first)"
                             : c.passages.empty()     ? "none (no shared passage)"
                                                      : "unknown (dates missing, unread or not apart)";
  std::cout << "a:          " << describe(a) << "\nb:          " << describe(b)
            << "\nrelation:   " << RelationName(c.relation) << "\nsimilarity: " << Fixed(c.similarity)
            << "\nreuse:      " << Fixed(c.reuse_a) << " of " << a.id << ", " << Fixed(c.reuse_b) << " of " << b.id
            << "\nvocabulary: " << Fixed(c.containment_a) << " of " << a.id << "'s in " << b.id << ", "
            << Fixed(c.containment_b) << " of " << b.id << "'s in " << a.id << "\nwords:      "
            << (c.word_similarity ? Fixed(*c.word_similarity) + " " + words_note
                                  : "not compared (texts over " + std::to_string(kMaxSpelledWords) + " distinct words)")
            << "\nsource:     " << source << "\n";
  if (c.translated > 0) {
    std::cout << "translated: " << Fixed(c.translated) << " (the larger share of either text in translated passages)\n";
  }
  if (!c.passages.empty()) std::cout << "\n";
  PrintPassages(a, b, c, "");
}

}  // namespace

int RunCompare(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()
      ("db", po::value<std::string>(), "compare two articles of this collection, given by id (its model and stored analyses)")
      ("model", po::value<std::string>(), "model file, for files (default: $PARALLAX_MODEL or the shipped models/default.plx)")
      ("json", "print JSON")
      ("out", po::value<std::string>(), "also write the pair's report: .html (side by side), .json or .md");
  AddThesaurusOption(&options);
  po::options_description hidden;
  hidden.add_options()("files", po::value<std::vector<std::string>>(), "the two articles");
  po::positional_options_description positional;
  positional.add("files", -1);
  po::variables_map vm;
  if (!ParseArgs("compare",
                 "FILE_A FILE_B [--json] [--out pair.html] [--model FILE] [--thesaurus FILES]\n"
                 "       parallax compare --db DIR ID_A ID_B [--json] [--out pair.html] [--thesaurus FILES]\n\n"
                 "FILE: an article as a text file (.txt format), - for the standard input, or a .jsonl or\n"
                 ".csv file of one article (several: index them and compare by id with --db).\n"
                 "With --db, similarity, relation and passages are those `pairs` reports for the pair.",
                 args, options, hidden, positional, &vm)) {
    return kExitOk;
  }
  const auto files = vm.count("files") ? vm["files"].as<std::vector<std::string>>() : std::vector<std::string>{};
  const bool by_id = vm.count("db") > 0;
  if (files.size() != 2) {
    throw po::error(by_id ? "compare --db takes exactly two ids, ID_A and ID_B"
                          : "compare takes exactly two files, FILE_A and FILE_B");
  }
  if (by_id && vm.count("model")) throw po::error("--model is for files: with --db the collection's model is used");
  if (!by_id && files[0] == kStdin && files[1] == kStdin) throw po::error("only one of FILE_A and FILE_B can be -");
  std::optional<ReportFormat> out_format;
  if (vm.count("out")) {
    const auto format = ReportFormatOf(vm["out"].as<std::string>());
    if (!format.ok()) throw po::error(format.status().message());
    out_format = *format;
  }
  const auto thesaurus_paths = ThesaurusPaths(vm);
  if (!thesaurus_paths.ok()) return Fail(thesaurus_paths.status());

  std::optional<Collection> collection;
  std::optional<Model> file_model;
  Article read_a, read_b;
  const Article* a = &read_a;
  const Article* b = &read_b;
  std::optional<size_t> row_a, row_b;
  if (by_id) {
    auto opened = OpenCollection(vm);
    if (!opened.ok()) return Fail(opened.status());
    collection.emplace(std::move(opened).value());
    row_a = collection->Find(files[0]);
    row_b = collection->Find(files[1]);
    for (const auto& [id, row] : {std::pair(files[0], row_a), std::pair(files[1], row_b)}) {
      if (!row) return Fail(Status::NotFound("no article '" + id + "' in " + vm["db"].as<std::string>()));
    }
    if (*row_a == *row_b) throw po::error("ID_A and ID_B are the same article");
    a = &collection->article(*row_a);
    b = &collection->article(*row_b);
  } else {
    // A file of several articles: they are compared by id in a collection.
    auto several = [](const std::string& file) {
      return "index them (parallax index " + file + " --db DIR) and compare two by id (parallax compare --db DIR ID_A ID_B)";
    };
    auto read = ReadArticleInput(files[0], "compare", several(files[0]));
    if (!read.ok()) return Fail(read.status());
    read_a = std::move(read).value();
    read = ReadArticleInput(files[1], "compare", several(files[1]));
    if (!read.ok()) return Fail(read.status());
    read_b = std::move(read).value();
    const std::filesystem::path model_path =
        vm.count("model") ? std::filesystem::path(vm["model"].as<std::string>()) : DefaultModelPath();
    auto model = Model::Load(model_path);
    if (!model.ok()) {
      return Fail(model.status().ToString() + "\n(give a model with --model FILE; `parallax train` makes one)");
    }
    file_model.emplace(std::move(model).value());
  }
  const Model& model = by_id ? collection->model() : *file_model;
  const AnalyzedText analysis_a = by_id ? collection->analysis(*row_a) : model.Analyze(*a);
  const AnalyzedText analysis_b = by_id ? collection->analysis(*row_b) : model.Analyze(*b);
  WordSet words_a = model.Words(*a, analysis_a), words_b = model.Words(*b, analysis_b);
  // Synonyms count only between texts short enough to be spelled: two
  // articles skip reading the thesauri (about 0.2 s).
  const bool spelled = words_a.spelled() && words_b.spelled();
  const auto thesaurus = LoadThesaurus(spelled ? *thesaurus_paths : std::vector<std::string>{});
  if (!thesaurus.ok()) return Fail(thesaurus.status());
  const Thesaurus* synonyms = thesaurus->has_value() ? &**thesaurus : nullptr;
  if (synonyms != nullptr) {
    words_a = model.Words(*a, analysis_a, synonyms);
    words_b = model.Words(*b, analysis_b, synonyms);
  }
  Comparison c;
  if (by_id) {
    // Scored as `pairs` scores it; the vocabulary and word figures are added.
    auto compared = ComparePair(*collection, *row_a, *row_b);
    if (!compared.ok()) return Fail(compared.status());
    c = std::move(compared).value();
    c.containment_a = Containment(words_a.idf, words_b.idf);
    c.containment_b = Containment(words_b.idf, words_a.idf);
    c.word_similarity = WordSimilarity(words_a, words_b);
  } else {
    PreparedText pa = Prepare(model, *a, analysis_a), pb = Prepare(model, *b, analysis_b);
    pa.words = std::move(words_a);
    pb.words = std::move(words_b);
    c = Compare(pa, pb);
  }
  if (out_format) {
    const std::string out = vm["out"].as<std::string>();
    if (Status written = WriteOutput(out, RenderPairReport(*a, *b, c, *out_format)); !written.ok()) return Fail(written);
    std::cerr << "parallax: wrote " << out << "\n";
  }
  if (vm.count("json")) {
    PrintJsonLine(CompareJson(*a, *b, c));
    return kExitOk;
  }
  PrintComparison(*a, *b, c, synonyms ? "(matched by spelling and synonyms)" : "(matched by spelling)");
  return kExitOk;
}

}  // namespace parallax::cli
