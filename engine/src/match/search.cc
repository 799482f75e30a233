#include <algorithm>
#include <unordered_set>

#include "parallax/match.h"

namespace parallax {

StatusOr<std::vector<SearchHit>> Search(const Collection& collection, const Article& query, int k) {
  if (k <= 0) return Status::InvalidArgument("k must be at least 1");
  std::vector<SearchHit> hits;
  if (collection.size() == 0) return hits;
  const Model& model = collection.model();
  // The query weighted as the collection stores its vectors (8-bit
  // weights): a stored article's text scores as `pairs` scores it.
  PreparedText q = Prepare(model, query);
  q.vector = Expand(Compact(q.vector));
  const int dim = model.options().dim;

  // Over-fetch from the approximate dense index, then re-score exactly.
  const int fetch = static_cast<int>(std::min<int64_t>(collection.size(), std::max(4 * k, 64)));
  auto index = collection.article_index();
  if (!index.ok()) return index.status();
  std::unordered_set<int64_t> candidates;
  auto fetch_near = [&](const SparseVector& v) -> Status {
    std::vector<float> dense(dim), scores(fetch);
    std::vector<int64_t> labels(fetch);
    model.Dense(v, dense.data());
    PARALLAX_RETURN_IF_ERROR((*index)->Search(1, dense.data(), fetch, scores.data(), labels.data()));
    candidates.insert(labels.begin(), labels.end());
    return Status::Ok();
  };
  PARALLAX_RETURN_IF_ERROR(fetch_near(q.vector));
  // Its translations, into each language the lexicon translates both ways,
  // find the reports of that language its own words miss (across languages
  // the vectors share only names, numbers and cognates).
  for (const LanguageVocabulary& other : model.languages()) {
    if (model.TranslatesBothWays(query.lang, other.lang)) {
      PrepareTranslation(model, &q, other.lang, /*sentences=*/false);
    }
  }
  for (const TranslatedText& translation : q.translations) PARALLAX_RETURN_IF_ERROR(fetch_near(translation.article));

  // A short query (a quote, a paragraph) is looked up among sentences too.
  auto sentence_index = collection.sentence_index();
  if (!sentence_index.ok()) return sentence_index.status();
  if (const BinaryIndex* sentences = *sentence_index; sentences && sentences->size() > 0) {
    const int sk = static_cast<int>(std::min<int64_t>(sentences->size(), 32));
    const int code_bytes = model.options().simhash_bits / 8;
    const std::vector<uint8_t> codes = model.SentenceCodes(query, q.analysis);
    std::vector<int32_t> distances(sk);
    std::vector<int64_t> rows(sk);
    for (size_t s = 0; s < q.analysis.sentences.size() && s < 16; ++s) {
      PARALLAX_RETURN_IF_ERROR(sentences->Search(1, codes.data() + s * code_bytes, sk, distances.data(), rows.data()));
      for (int64_t row : rows) {
        if (row >= 0) candidates.insert(static_cast<int64_t>(collection.SentenceOwner(row).first));
      }
    }
  }
  // Each compared as pairs would compare it (CompareWithStored), and ranked
  // as pairs lists pairs: strongest relation first, then similarity.
  std::vector<int64_t> rows(candidates.begin(), candidates.end());
  std::sort(rows.begin(), rows.end());
  for (int64_t row : rows) {
    if (row < 0) continue;
    const Comparison c = CompareWithStored(collection, &q, static_cast<size_t>(row));
    hits.push_back(SearchHit{static_cast<size_t>(row), c.similarity, c.relation});
  }
  std::sort(hits.begin(), hits.end(), [](const SearchHit& x, const SearchHit& y) {
    if (x.relation != y.relation) return x.relation < y.relation;
    return x.similarity != y.similarity ? x.similarity > y.similarity : x.article < y.article;
  });
  if (hits.size() > static_cast<size_t>(k)) hits.resize(k);
  return hits;
}

}  // namespace parallax
