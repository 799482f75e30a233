// search: the stored articles that hold a query's words (keywords, BM25) or
// that are most similar to a whole article ("more like this").
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "parallax/corpus.h"
#include "parallax/match.h"
#include "parallax/utf8.h"

namespace parallax::cli {

namespace {

// "id  title (outlet, date)".
std::string Describe(const Article& a) {
  std::string out = a.id;
  if (!a.title.empty()) out += "  " + a.title;
  std::string meta = a.outlet;
  if (!a.date.empty()) meta += (meta.empty() ? "" : ", ") + a.date;
  if (!meta.empty()) out += " (" + meta + ")";
  return out;
}

nlohmann::json SnippetJson(const Article& a, Span snippet) {
  const CodepointMap map(a.text);
  return {{"text", a.text.substr(snippet.begin, snippet.size())},
          {"start", map.ToCodepoint(snippet.begin)},
          {"end", map.ToCodepoint(snippet.end)},
          {"byte_start", snippet.begin},
          {"byte_end", snippet.end}};
}

}  // namespace

int RunSearch(const std::vector<std::string>& args) {
  const SearchOptions defaults;
  po::options_description options("Options");
  options.add_options()
      ("db", po::value<std::string>()->required(), "collection folder")
      ("text", po::value<std::string>(), "query: words, \"a quoted phrase\", or an article's text")
      ("file", po::value<std::string>(), "query file: one article (.txt, or a .jsonl or .csv of one; - for the standard input), searched as `similar`")
      ("k,k", Number(1, kMaxResults, defaults.k), "at most this many results")
      ("mode", po::value<std::string>()->default_value(SearchModeName(defaults.mode)),
       "auto, keywords or similar (see above)")
      ("min-score", Number(0.0f, NoMax<float>()),
       ("the lowest score listed (default: " + Fixed(defaults.min_similarity) +
        " for similar; for keywords every article that matches, BM25 above " + Fixed(defaults.min_bm25) + ")")
           .c_str())
      ("json", "print JSON");
  po::variables_map vm;
  const std::string synopsis =
      "--db DIR (--text T | --file F) [-k N] [--mode M] [--min-score S] [--json]\n\n"
      "Modes: `keywords` ranks the articles that hold the query's words by BM25 (words\n"
      "in any case and with or without accents; \"a quoted phrase\" must appear as such);\n"
      "`similar` ranks articles as `pairs` would list them with the query as a whole:\n"
      "strongest relation first (duplicate, translation, reuse, same-event, related),\n"
      "then similarity (more like this); with a lexicon (index --dictionaries) it finds\n"
      "translations too.\n"
      "auto (the default) uses keywords for --text of at most " + std::to_string(defaults.max_keyword_words) +
      " words or with a quoted\nphrase, and similar for a longer --text or a --file. Results stop at --min-score,\n"
      "so there may be fewer than k. Each shows the sentence that matches best (a window\n"
      "of it when long) with its code-point offsets [start, end) in the article's text.";
  if (!ParseArgs("search", synopsis, args, options, {}, {}, &vm)) return kExitOk;
  if (vm.count("text") == vm.count("file")) throw po::error("give exactly one of --text and --file");
  SearchOptions sopt;
  sopt.k = vm["k"].as<int>();
  const std::string mode = vm["mode"].as<std::string>();
  bool known = false;
  for (SearchMode m : {SearchMode::kAuto, SearchMode::kKeywords, SearchMode::kSimilar}) {
    if (mode == SearchModeName(m)) { sopt.mode = m; known = true; }
  }
  if (!known) throw po::error("--mode must be auto, keywords or similar, not '" + mode + "'");
  if (vm.count("min-score")) sopt.min_similarity = sopt.min_bm25 = vm["min-score"].as<float>();
  Article query;
  if (vm.count("text")) {
    query.id = "query";
    query.text = vm["text"].as<std::string>();
    auto made = MakeArticle(std::move(query), ReadOptions{});
    if (!made.ok()) return Fail(made.status().WithContext("--text"));
    query = std::move(made).value();
  } else {
    auto read = ReadArticleInput(vm["file"].as<std::string>(), "search",
                                 "give --file one article (a .txt file, or a .jsonl or .csv file of one)");
    if (!read.ok()) return Fail(read.status());
    query = std::move(read).value();
    if (sopt.mode == SearchMode::kAuto) sopt.mode = SearchMode::kSimilar;
  }
  auto collection = Collection::Open(vm["db"].as<std::string>());
  if (!collection.ok()) return Fail(collection.status());
  auto found = SearchCollection(*collection, query, sopt);
  if (!found.ok()) return Fail(found.status());
  if (vm.count("json")) {
    nlohmann::json results = nlohmann::json::array();
    for (const SearchResult& r : found->results) {
      const Article& a = collection->article(r.article);
      nlohmann::json j = ArticleRef(a);
      j["score"] = Round4(r.score);
      if (r.relation) j["relation"] = RelationName(*r.relation);
      j["snippet"] = SnippetJson(a, r.snippet);
      results.push_back(std::move(j));
    }
    PrintJsonLine({{"results", results}, {"mode", SearchModeName(found->mode)}});
  } else {
    int rank = 0;
    for (const SearchResult& r : found->results) {
      const Article& a = collection->article(r.article);
      const CodepointMap map(a.text);
      std::string snippet = a.text.substr(r.snippet.begin, r.snippet.size());
      for (char& ch : snippet) {
        if (ch == '\n' || ch == '\t' || ch == '\r') ch = ' ';
      }
      std::cout << ++rank << "\t" << Fixed(r.score) << "\t";
      if (r.relation) std::cout << RelationName(*r.relation) << "\t";
      std::cout << Describe(a) << "\n  ["
                << map.ToCodepoint(r.snippet.begin) << ", " << map.ToCodepoint(r.snippet.end) << ") " << snippet
                << "\n";
    }
  }
  std::cerr << "parallax: " << Count(found->results.size(), "result") << " (" << SearchModeName(found->mode)
            << ")\n";
  return kExitOk;
}

}  // namespace parallax::cli
