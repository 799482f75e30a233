// The synthetic news corpus pipeline_bench runs the product on: French and
// English articles of about 3,000 characters, with events, reused paragraphs
// and near-duplicates, and the ground truth of the reuse (see README.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parallax/article.h"

namespace parallax::bench {

// A generated pair (a is the source), or (kind "event") an article `a` of
// event number `b`: every article of an event is a report of it.
struct TruthPair {
  std::string a, b;
  std::string kind;  // "near-duplicate", "reuse-verbatim", "reuse-edited", "event"
};

struct CorpusStats {
  size_t events = 0, event_articles = 0, reuse_verbatim = 0, reuse_edited = 0, near_duplicates = 0;
  size_t french = 0, english = 0, with_boilerplate = 0;
};

// Generates the articles (raw fields, as a reader would fill them before
// MakeArticle): lang is left empty so that it is guessed, as for real input.
// A seed gives the same corpus on every platform.
class CorpusGenerator {
 public:
  explicit CorpusGenerator(uint64_t seed);
  ~CorpusGenerator();
  // Generates n articles; `truth` receives the reuse and near-duplicate pairs
  // and the event of each event article.
  std::vector<Article> Generate(size_t n, std::vector<TruthPair>* truth, CorpusStats* stats);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parallax::bench
