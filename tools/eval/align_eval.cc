// Scores the aligner on a reuse benchmark with the PAN text-alignment
// measures (character precision, recall, granularity, plagdet), per edit kind.
//
//   /usr/bin/python3 tools/corpus/make_reuse_bench.py --out DIR
//   build/parallax_align_eval DIR/pairs.jsonl [--json]
//
// The model is fitted on the benchmark's own texts (as `parallax score` does)
// and every pair goes through the product's Compare: the figures are those of
// `parallax compare`. Pairs that name their languages (target_lang,
// source_lang: data/translations/pairs.jsonl) get the lexicon `parallax
// index` would fit.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "parallax/corpus.h"
#include "parallax/match.h"
#include "parallax/pan_measures.h"
#include "parallax/utf8.h"

namespace {

using parallax::AlignedSpans;
using parallax::Article;
using parallax::Span;

struct BenchPair {
  std::string id, kind;
  Article target, source;
  std::vector<AlignedSpans> truth;  // a = target (suspicious), b = source; code points
};

int Usage() {
  std::cerr << "usage: parallax_align_eval PAIRS.jsonl [--json]\n"
               "PAIRS.jsonl: written by tools/corpus/make_reuse_bench.py\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) return Usage();
  const bool json_out = argc == 3 && std::string(argv[2]) == "--json";
  if (argc == 3 && !json_out) return Usage();
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "parallax_align_eval: cannot open " << argv[1] << "\n";
    return 1;
  }
  std::vector<BenchPair> pairs;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("source") || !j.contains("target") || !j.contains("cases")) {
      std::cerr << "parallax_align_eval: " << argv[1] << ":" << number << ": not a benchmark pair\n";
      return 1;
    }
    BenchPair p;
    p.id = j.value("id", std::to_string(number));
    p.kind = j.value("kind", "all");
    for (auto [field, article] : {std::pair{"target", &p.target}, {"source", &p.source}}) {
      Article fields;
      fields.id = p.id + "/" + field;
      fields.text = j[field].get<std::string>();
      fields.lang = j.value(std::string(field) + "_lang", "");
      auto made = parallax::MakeArticle(std::move(fields), parallax::ReadOptions{});
      if (!made.ok()) {
        std::cerr << "parallax_align_eval: " << p.id << ": " << made.status().ToString() << "\n";
        return 1;
      }
      *article = std::move(made).value();
    }
    for (const auto& c : j["cases"]) {
      p.truth.push_back({Span{c["target_start"].get<uint32_t>(), c["target_end"].get<uint32_t>()},
                         Span{c["source_start"].get<uint32_t>(), c["source_end"].get<uint32_t>()}});
    }
    pairs.push_back(std::move(p));
  }
  std::vector<Article> texts;
  for (const BenchPair& p : pairs) {
    texts.push_back(p.target);
    texts.push_back(p.source);
  }
  // Pairs of two languages: the lexicon is seeded from the installed dictionaries, as `parallax index` does.
  parallax::ModelOptions model_options;
  model_options.dictionaries = parallax::InstalledDictionaries();
  auto model = parallax::Model::Fit(texts, model_options);
  if (!model.ok()) {
    std::cerr << "parallax_align_eval: " << model.status().ToString() << "\n";
    return 1;
  }
  // Detections per pair, in code points (a = target, b = source).
  std::vector<std::vector<AlignedSpans>> detections(pairs.size());
#pragma omp parallel for schedule(dynamic, 4)
  for (int64_t i = 0; i < static_cast<int64_t>(pairs.size()); ++i) {
    const BenchPair& p = pairs[i];
    const auto c = parallax::Compare(parallax::Prepare(*model, p.target), parallax::Prepare(*model, p.source));
    const parallax::CodepointMap target_map(p.target.text), source_map(p.source.text);
    for (const parallax::Passage& passage : c.passages) {
      detections[i].push_back({Span{target_map.ToCodepoint(passage.a.begin), target_map.ToCodepoint(passage.a.end)},
                               Span{source_map.ToCodepoint(passage.b.begin), source_map.ToCodepoint(passage.b.end)}});
    }
  }
  std::map<std::string, std::vector<size_t>> by_kind;
  for (size_t i = 0; i < pairs.size(); ++i) {
    by_kind[pairs[i].kind].push_back(i);
    by_kind["all"].push_back(i);
  }
  nlohmann::json report = nlohmann::json::object();
  if (!json_out) std::printf("%-12s %6s %9s %9s %11s %9s\n", "kind", "pairs", "precision", "recall", "granularity", "plagdet");
  for (const auto& [kind, rows] : by_kind) {
    std::vector<std::vector<AlignedSpans>> t, d;
    for (size_t i : rows) {
      t.push_back(pairs[i].truth);
      d.push_back(detections[i]);
    }
    const parallax::PanScores s = parallax::ComputePanScores(t, d);
    size_t detected = 0;  // for negatives: pairs with any detection
    for (size_t i : rows) detected += !detections[i].empty();
    report[kind] = {{"pairs", rows.size()}, {"precision", s.precision}, {"recall", s.recall},
                    {"granularity", s.granularity}, {"plagdet", s.plagdet}, {"pairs_with_detections", detected}};
    if (!json_out) {
      std::printf("%-12s %6zu %9.3f %9.3f %11.3f %9.3f   (%zu pairs with detections)\n", kind.c_str(), rows.size(),
                  s.precision, s.recall, s.granularity, s.plagdet, detected);
    }
  }
  if (json_out) std::cout << report.dump() << "\n";
  return 0;
}
