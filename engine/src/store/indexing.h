// The steps that turn a batch of articles into what a collection stores,
// in the order Collection::Add runs them (each reports its index_stage):
// Tokenize, FitModel (a new collection's only), Embed. They read and write
// the batch only; storing it is the collection's part.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parallax/article.h"
#include "parallax/collection.h"
#include "parallax/model.h"
#include "parallax/status.h"

namespace parallax::indexing {

// Each article analysed and packed (PackAnalysis), its strings shrunk to fit
// (stored articles live long); with `counts` (a new model), its document
// frequencies counted on the way.
StatusOr<std::vector<std::string>> Tokenize(const Tokenizer& tokenizer, std::vector<Article>* articles,
                                            DocumentCounts* counts, const ProgressFn& progress);

// A new collection's model: IDF weights from `counts`, then, with
// options.dictionaries, the lexicon fitted on a sample of the batch.
StatusOr<Model> FitModel(Tokenizer tokenizer, DocumentCounts counts, const ModelOptions& options,
                         const std::vector<Article>& articles, const std::vector<std::string>& packed,
                         const ProgressFn& progress);

struct Embedded {
  std::vector<CompactVector> vectors;  // Compact(ArticleVector) of each article
  // With sentence codes: article i's sentences' SimHash codes are codes
  // [first_sentence[i] * code bytes, first_sentence[i + 1] * code bytes).
  std::vector<size_t> first_sentence;  // size + 1 (all 0 without codes)
  std::vector<uint8_t> codes;
};
StatusOr<Embedded> Embed(const Model& model, const std::vector<Article>& articles,
                         const std::vector<std::string>& packed, bool sentence_codes, const ProgressFn& progress);

}  // namespace parallax::indexing
