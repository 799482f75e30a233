#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <span>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "parallax/bytes.h"
#include "parallax/dates.h"
#include "parallax/fingerprints.h"
#include "parallax/match.h"
#include "parallax/memory.h"
#include "parallax/parallel.h"
#include "parallax/vector_index.h"

namespace parallax {

namespace {

int Strength(Relation r) { return static_cast<int>(r); }  // smaller is stronger

// A stored article, prepared for Compare without its sentence vectors, by
// `model` (the collection's, or an equal one: Compare tells languages apart
// by the address of their vocabulary in one model).
PreparedText PrepareStored(const Model& model, const Collection& collection, size_t row) {
  return Prepare(model, collection.article(row), collection.analysis(row), Expand(collection.vector(row)),
                 /*sentences=*/false);
}

// Whether `options` look for translated sentences between two languages:
// two the lexicon translates both ways.
bool TranslatesBetween(const Model& model, const std::string& la, const std::string& lb,
                       const CompareOptions& options) {
  return options.translations && model.TranslatesBothWays(la, lb);
}

// Compare's screen for translated sentences (MayHoldTranslations), on the
// texts' whole translations: those they hold, else made here, once.
bool PassesTranslationScreen(const Model& model, PreparedText* a, PreparedText* b, const CompareOptions& options) {
  const std::string &la = a->article->lang, &lb = b->article->lang;
  if (!TranslatesBetween(model, la, lb, options)) return false;
  PrepareTranslation(model, a, lb, /*sentences=*/false);
  PrepareTranslation(model, b, la, /*sentences=*/false);
  return MayHoldTranslations(*a, *b, options);
}

// How FindPairs scores a candidate it aligns: Compare, looking for
// paraphrases only when the two vectors are close enough, whatever sentence
// vectors or translations `a` or `b` already hold (so a pair scores the
// same in any group, and alone in ComparePair). What Compare needs is
// prepared in the texts, so that a text in a group makes it once.
Comparison CompareTexts(const Model& model, PreparedText* a, PreparedText* b, CompareOptions options) {
  options.paraphrases = options.paraphrases && Dot(a->vector, b->vector) >= options.paraphrase_min_similarity;
  const bool translating = PassesTranslationScreen(model, a, b, options);
  if (options.paraphrases || translating) {
    PrepareSentences(model, a);
    PrepareSentences(model, b);
  }
  if (translating) {
    PrepareTranslation(model, a, b->article->lang, /*sentences=*/true);
    PrepareTranslation(model, b, a->article->lang, /*sentences=*/true);
  }
  return Compare(*a, *b, options);
}

// Each article's vector in the other languages of the collection the
// lexicon translates its own into (TranslatedArticle), computed once for
// the join across languages and the screen of the candidates it gives.
class TranslatedArticles {
 public:
  Status Build(const Collection& collection, const std::vector<const LanguageVocabulary*>& vocabulary) {
    const Model& model = collection.model();
    std::vector<std::string> languages;
    for (const LanguageVocabulary& v : model.languages()) languages.push_back(v.lang);
    by_row_.assign(collection.size(), {});
    built_ = true;
    return ParallelFor(static_cast<int64_t>(collection.size()), Schedule::Dynamic(64), [&](int64_t row) {
      const Article& article = collection.article(row);
      if (vocabulary[row] == nullptr) return;
      std::optional<AnalyzedText> analysis;
      for (const std::string& to : languages) {
        if (to == article.lang || !model.Translates(article.lang, to) || !model.Translates(to, article.lang)) continue;
        if (!analysis) analysis.emplace(collection.analysis(row));
        by_row_[row].push_back({to, TranslatedArticle(model, article, *analysis, to), 0});
      }
    });
  }
  // False until Build (CompareOptions::translations off): no language is
  // then joined through the lexicon.
  bool built() const { return built_; }
  // Row's article in language `to`; null if not translated into it.
  const CompactVector* Find(size_t row, const std::string& to) const {
    const Translated* t = Entry(row, to);
    return t ? &t->vector : nullptr;
  }
  // Gives `text`, row's article prepared, its translation into `to` from
  // here (unless it holds one), so that Compare does not make it again.
  void Attach(size_t row, const std::string& to, PreparedText* text) const {
    const CompactVector* vector = Find(row, to);
    const auto held = [&](const TranslatedText& t) { return t.lang == to; };
    if (vector == nullptr || std::any_of(text->translations.begin(), text->translations.end(), held)) return;
    text->translations.push_back({to, Expand(*vector), {}});
  }
  // The mean score of row's k nearest in language `to` (the join's), the
  // denominator of its margins; 0 before the join.
  float NeighbourMean(size_t row, const std::string& to) const {
    const Translated* t = Entry(row, to);
    return t ? t->neighbour_mean : 0.0f;
  }
  void SetNeighbourMean(size_t row, const std::string& to, float mean) {
    if (Translated* t = const_cast<Translated*>(Entry(row, to))) t->neighbour_mean = mean;
  }

 private:
  struct Translated {
    std::string lang;
    CompactVector vector;
    float neighbour_mean;
  };
  const Translated* Entry(size_t row, const std::string& to) const {
    if (row >= by_row_.size()) return nullptr;
    for (const Translated& t : by_row_[row]) {
      if (t.lang == to) return &t;
    }
    return nullptr;
  }
  std::vector<std::vector<Translated>> by_row_;
  bool built_ = false;
};

// Whether a pair that shares no fingerprint may still hold translated
// sentences, so that it is compared in full: the test Compare makes
// (MayHoldTranslations), on the vectors Compare is given. Returns the pair's
// margin (over TranslatedArticles::NeighbourMean) when it passes, else
// nothing.
std::optional<float> MayTranslate(const Collection& collection, const TranslatedArticles& translated, size_t a,
                                  size_t b, const CompareOptions& options) {
  if (!options.translations) return std::nullopt;
  const std::string &la = collection.article(a).lang, &lb = collection.article(b).lang;
  const CompactVector* a_in_b = translated.Find(a, lb);
  const CompactVector* b_in_a = translated.Find(b, la);
  if (a_in_b == nullptr || b_in_a == nullptr) return std::nullopt;
  const float s = TranslatedSimilarity(Expand(*a_in_b), Expand(collection.vector(b)), Expand(collection.vector(a)),
                                       Expand(*b_in_a));
  if (s < options.translation_min_similarity) return std::nullopt;
  const float mean = (translated.NeighbourMean(a, lb) + translated.NeighbourMean(b, la)) / 2;
  return mean > 0 ? s / mean : 0.0f;
}

// How FindPairs scores a candidate that shares no fingerprint: no passage to
// find (so no source either), the stored vectors say it all.
Comparison CompareVectors(const CompactVector& a, const LanguageVocabulary* vocabulary_a, const CompactVector& b,
                          const LanguageVocabulary* vocabulary_b, const RelationThresholds& thresholds) {
  Comparison c;
  c.similarity = std::clamp(ArticleCosine(a, vocabulary_a, b, vocabulary_b), 0.0f, 1.0f);
  c.relation = Classify(c.similarity, 0, 0, thresholds);
  return c;
}

// The posting keys of a text's fingerprints as `options` winnow them.
std::vector<uint32_t> KeysOf(const AnalyzedText& analysis, const PairOptions& options) {
  return FingerprintKeys(analysis.tokens, options.fingerprint_ngram, options.fingerprint_window);
}

// The keys two texts share (each's FingerprintKeys), each with its posting
// pairs: the entries FindPairs counts for the two under that key.
std::vector<std::pair<uint32_t, uint64_t>> SharedKeys(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<std::pair<uint32_t, uint64_t>> shared;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      const uint32_t key = a[i];
      uint64_t in_a = 0, in_b = 0;
      for (; i < a.size() && a[i] == key; ++i) ++in_a;
      for (; j < b.size() && b[j] == key; ++j) ++in_b;
      shared.emplace_back(key, in_a * in_b);
    }
  }
  return shared;
}

// Hands every row's fingerprint keys to visit(row, keys): those the
// collection stored at index time when it holds them for `options`'
// winnowing, else winnowed now from the tokens (rows then in no particular
// order, several at once: `visit` must take distinct rows concurrently).
Status ForEachRowKeys(const Collection& collection, const PairOptions& options,
                      const std::function<void(size_t, std::span<const uint32_t>)>& visit) {
  if (options.fingerprint_ngram == kFingerprintNgram && options.fingerprint_window == kFingerprintWindow) {
    const Status stored = collection.ForEachStoredFingerprintKeys(visit);
    if (stored.code() != StatusCode::kNotFound) return stored;
  }
  return ParallelFor(static_cast<int64_t>(collection.size()), Schedule::Dynamic(64), [&](int64_t row) {
    visit(static_cast<size_t>(row), KeysOf(collection.analysis(static_cast<size_t>(row)), options));
  });
}

// Whether FindPairs flags rows a and b as sharing text: they share at least
// min_shared_fingerprints fingerprints (counted as FindPairs counts posting
// pairs) among those that at most max_fingerprint_articles postings hold.
StatusOr<bool> SharesFingerprints(const Collection& collection, size_t a, size_t b, const PairOptions& options) {
  const std::vector<std::pair<uint32_t, uint64_t>> shared =
      SharedKeys(KeysOf(collection.analysis(a), options), KeysOf(collection.analysis(b), options));
  uint64_t all = 0;
  for (const auto& [key, entries] : shared) all += entries;
  const uint64_t wanted = static_cast<uint64_t>(std::max(1, options.min_shared_fingerprints));
  if (all < wanted) return false;
  // Which shared fingerprints are boilerplate: their postings in the whole collection.
  std::vector<std::atomic<uint64_t>> postings(shared.size());
  const auto by_key = [](const std::pair<uint32_t, uint64_t>& s, uint32_t key) { return s.first < key; };
  PARALLAX_RETURN_IF_ERROR(ForEachRowKeys(collection, options, [&](size_t, std::span<const uint32_t> keys) {
    for (uint32_t key : keys) {
      const auto at = std::lower_bound(shared.begin(), shared.end(), key, by_key);
      if (at != shared.end() && at->first == key) postings[at - shared.begin()].fetch_add(1, std::memory_order_relaxed);
    }
  }));
  uint64_t kept = 0;
  for (size_t k = 0; k < shared.size(); ++k) {
    if (postings[k].load() <= static_cast<uint64_t>(options.max_fingerprint_articles)) kept += shared[k].second;
  }
  return kept >= wanted;
}

// The same comparison with A and B exchanged.
void SwapSides(Comparison* c) {
  std::swap(c->reuse_a, c->reuse_b);
  std::swap(c->containment_a, c->containment_b);
  c->source = c->source == Source::kA ? Source::kB : c->source == Source::kB ? Source::kA : Source::kUnknown;
  for (Passage& p : c->passages) std::swap(p.a, p.b);
  std::sort(c->passages.begin(), c->passages.end(), [](const Passage& x, const Passage& y) { return x.a.begin < y.a.begin; });
}

// A candidate pair as FindPairs keeps them: (a << 32 | b) << 1 | shares_text,
// rows a < b. Sorting keeps a pair's entries together, the flagged one last.
uint64_t Candidate(uint64_t a, uint64_t b, bool shares_text) {
  return (std::min(a, b) << 32 | std::max(a, b)) << 1 | (shares_text ? 1 : 0);
}
size_t FirstOf(uint64_t candidate) { return static_cast<size_t>(candidate >> 33); }
size_t SecondOf(uint64_t candidate) { return static_cast<size_t>((candidate >> 1) & 0xFFFFFFFFu); }
bool SharesText(uint64_t candidate) { return candidate & 1; }

// How a candidate is scored: by its stored vectors alone, or aligned (its
// articles prepared and compared in full), likely with sentence vectors
// (the expensive part: paraphrases or translated sentences to look for).
enum class Scoring : uint8_t { kVectors, kTexts, kSentences };

// Candidates (indexes) whose articles are prepared once for all their pairs.
struct TextGroup {
  std::vector<int64_t> candidates;
};
// A group never holds more than 2 * kMaxGroupPairs prepared articles.
constexpr size_t kMaxGroupPairs = 256;

// Groups the candidates to align (`candidates`: Candidate()s, sorted;
// `scoring` of each). Those that will need sentence vectors are grouped by
// connected component of the articles they link: an event's reports (in
// any language), a copy and its source. The others, where boilerplate and
// chance make giant components, are grouped by first article. Groups are
// sliced at kMaxGroupPairs.
std::vector<TextGroup> GroupTextCandidates(const std::vector<uint64_t>& candidates, size_t rows,
                                           const std::vector<Scoring>& scoring) {
  std::vector<uint32_t> parent(rows);
  std::iota(parent.begin(), parent.end(), 0u);
  auto root = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];  // path halving
    return x;
  };
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (scoring[i] != Scoring::kSentences) continue;
    const uint32_t ra = root(static_cast<uint32_t>(FirstOf(candidates[i])));
    const uint32_t rb = root(static_cast<uint32_t>(SecondOf(candidates[i])));
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  // (group key, candidate index), sorted: each group's candidates in candidate order.
  std::vector<std::pair<uint64_t, int64_t>> members;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (scoring[i] == Scoring::kVectors) continue;
    const uint32_t a = static_cast<uint32_t>(FirstOf(candidates[i]));
    const uint64_t key = scoring[i] == Scoring::kSentences ? root(a) : (uint64_t{1} << 32 | a);
    members.emplace_back(key, static_cast<int64_t>(i));
  }
  std::sort(members.begin(), members.end());
  std::vector<TextGroup> groups;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i == 0 || members[i].first != members[i - 1].first || groups.back().candidates.size() == kMaxGroupPairs) {
      groups.emplace_back();
    }
    groups.back().candidates.push_back(members[i].second);
  }
  return groups;
}

// Width of each half of a TranslationSketch. A translated text has several
// times the features of the text (each word's translations), and the
// sketch's error grows with them: on newstest2012, halves of 128 dimensions
// kept the translation among a sentence's 10 nearest for only part of the
// sentences.
constexpr int kTranslationSketchDim = 1024;
// The margin's denominator: the mean of an article's 4 nearest (as bitext
// miners score; on newstest2012, P@1 0.860 with the 10 nearest).
constexpr int kMarginNeighbours = 4;

// An article sketched for the join across two languages the lexicon
// translates: halves Dense(its vector in the other language) and Dense(its
// own), scaled by 1/sqrt(2), in that order for one side (`translated_first`)
// and the other order for the other side, so that inner products estimate
// TranslatedSimilarity.
void TranslationSketch(const Model& model, const CompactVector& own, const CompactVector& translated,
                       bool translated_first, float* out) {
  const int dim = kTranslationSketchDim;
  model.Sketch(Expand(translated), dim, out + (translated_first ? 0 : dim));
  model.Sketch(Expand(own), dim, out + (translated_first ? dim : 0));
  for (int j = 0; j < 2 * dim; ++j) out[j] *= static_cast<float>(M_SQRT1_2);
}

// `rows` (of one language) sketched for the join with language `other`,
// `dim` floats a row: TranslationSketch where `translated` (null without a
// lexicon between the two) holds the article in `other`, else
// ShareableSketch.
Status SketchForJoin(const Collection& collection, const std::vector<int64_t>& rows, const LanguageVocabulary& other,
                     const TranslatedArticles* translated, bool translated_first, int dim, std::vector<float>* dense) {
  const Model& model = collection.model();
  dense->resize(rows.size() * static_cast<size_t>(dim));
  return ParallelFor(static_cast<int64_t>(rows.size()), Schedule::Dynamic(256), [&](int64_t i) {
    float* out = &(*dense)[i * dim];
    const CompactVector* in_other = translated ? translated->Find(rows[i], other.lang) : nullptr;
    if (in_other != nullptr) {
      TranslationSketch(model, collection.vector(rows[i]), *in_other, translated_first, out);
    } else {
      ShareableSketch(model, collection.vector(rows[i]), other, out);
    }
  });
}

// The `fetched` neighbours of an article of language `lang` in language
// `other_lang` (`labels`: indexes into other_rows, -1 for none), by their
// exact TranslatedSimilarity, best first (ties by label).
std::vector<std::pair<float, int64_t>> ExactTranslated(const Collection& collection,
                                                       const TranslatedArticles& translated, size_t row,
                                                       const std::string& lang, const std::vector<int64_t>& other_rows,
                                                       const std::string& other_lang, const int64_t* labels,
                                                       int fetched) {
  const SparseVector own = Expand(collection.vector(row)), in_other = Expand(*translated.Find(row, other_lang));
  std::vector<std::pair<float, int64_t>> exact;
  for (int q = 0; q < fetched; ++q) {
    if (labels[q] < 0) continue;
    const auto other = static_cast<size_t>(other_rows[labels[q]]);
    exact.emplace_back(TranslatedSimilarity(in_other, Expand(collection.vector(other)), own,
                                            Expand(*translated.Find(other, lang))),
                       labels[q]);
  }
  std::sort(exact.begin(), exact.end(), [](const auto& p, const auto& q) {
    return p.first != q.first ? p.first > q.first : p.second < q.second;
  });
  return exact;
}

// The join's neighbours of `rows` (language `lang`; `fetched` a row, from
// the translation sketches) re-scored exactly (ExactTranslated) and cut to
// the best `k` a row (score -1, label -1 where fewer).
Status RescoreTranslated(const Collection& collection, const TranslatedArticles& translated,
                         const std::vector<int64_t>& rows, const std::string& lang,
                         const std::vector<int64_t>& other_rows, const std::string& other_lang, int fetched, int k,
                         std::vector<float>* scores, std::vector<int64_t>* labels) {
  std::vector<float> kept_scores(rows.size() * k, -1.0f);
  std::vector<int64_t> kept_labels(rows.size() * k, -1);
  Status st = ParallelFor(static_cast<int64_t>(rows.size()), Schedule::Dynamic(64), [&](int64_t i) {
    const std::vector<std::pair<float, int64_t>> exact =
        ExactTranslated(collection, translated, static_cast<size_t>(rows[i]), lang, other_rows, other_lang,
                        labels->data() + i * fetched, fetched);
    for (size_t q = 0; q < exact.size() && q < static_cast<size_t>(k); ++q) {
      kept_scores[i * k + q] = exact[q].first;
      kept_labels[i * k + q] = exact[q].second;
    }
  });
  *scores = std::move(kept_scores);
  *labels = std::move(kept_labels);
  return st;
}

// The margins' denominators: the mean of each row's kMarginNeighbours
// nearest in language `to` (`scores`: k a row, best first).
void SetNeighbourMeans(const std::vector<int64_t>& rows, const std::vector<float>& scores, int k,
                       const std::string& to, TranslatedArticles* translated) {
  const int nearest = std::min(k, kMarginNeighbours);
  for (size_t i = 0; i < rows.size(); ++i) {
    double sum = 0;
    for (int q = 0; q < nearest; ++q) sum += std::max(0.0f, scores[i * k + q]);
    translated->SetNeighbourMean(static_cast<size_t>(rows[i]), to, static_cast<float>(sum / nearest));
  }
}

// Candidates across languages. The dense vectors estimate the plain cosine,
// which across languages lies far below ArticleCosine (German-English reports
// of one story: 0.23 against 0.37), so such reports seldom make each other's
// k nearest among the reports in their own language. For each pair of
// languages, each article is sketched again as ShareableWith the other
// language (whose inner products estimate ArticleCosine), and every article
// gets its `k` nearest in the other language, kept from `floor` up (two
// languages the lexicon translates are sketched by TranslationSketch
// instead, in one space through it): both sides joined exactly up to
// `exact_join_limit` products, else each side searched in cells of the
// other's sketches (PartitionedSearch).
Status AddCandidatesAcrossLanguages(const Collection& collection,
                                    const std::vector<const LanguageVocabulary*>& vocabulary,
                                    TranslatedArticles* translated_articles, int k, float floor,
                                    int64_t exact_join_limit, const ProgressFn& progress,
                                    std::vector<uint64_t>* candidates) {
  const Model& model = collection.model();
  const int dim = model.options().dim;
  std::map<const LanguageVocabulary*, std::vector<int64_t>> rows_of;  // by language
  for (size_t i = 0; i < vocabulary.size(); ++i) {
    if (vocabulary[i] != nullptr) rows_of[vocabulary[i]].push_back(static_cast<int64_t>(i));
  }
  if (rows_of.size() < 2) return Status::Ok();
  const int64_t pairs = static_cast<int64_t>(rows_of.size() * (rows_of.size() - 1) / 2);
  int64_t done = 0;
  for (auto x = rows_of.begin(); x != rows_of.end(); ++x) {
    for (auto y = std::next(x); y != rows_of.end(); ++y) {
      if (progress) progress(pair_stage::kAcrossLanguages, done++, pairs);
      const std::vector<int64_t>& x_rows = x->second;
      const std::vector<int64_t>& y_rows = y->second;
      const bool translated = translated_articles->built() && model.Translates(x->first->lang, y->first->lang) &&
                              model.Translates(y->first->lang, x->first->lang);
      const int sketch_dim = translated ? 2 * kTranslationSketchDim : dim;
      const TranslatedArticles* through = translated ? translated_articles : nullptr;
      std::vector<float> x_dense, y_dense;
      PARALLAX_RETURN_IF_ERROR(SketchForJoin(collection, x_rows, *y->first, through, true, sketch_dim, &x_dense));
      PARALLAX_RETURN_IF_ERROR(SketchForJoin(collection, y_rows, *x->first, through, false, sketch_dim, &y_dense));
      const auto nx = static_cast<int64_t>(x_rows.size()), ny = static_cast<int64_t>(y_rows.size());
      // Translated sketches err more (more features a text): twice the
      // neighbours are fetched, re-scored exactly, and the best k kept.
      const int fetched = translated ? 2 * k : k;
      std::vector<float> x_scores(nx * fetched), y_scores(ny * fetched);
      std::vector<int64_t> x_labels(nx * fetched), y_labels(ny * fetched);
      if (nx * ny <= exact_join_limit) {
        PARALLAX_RETURN_IF_ERROR(ExactJoin(nx, x_dense.data(), ny, y_dense.data(), sketch_dim, fetched,
                                           x_scores.data(), x_labels.data(), y_scores.data(), y_labels.data()));
      } else {
        PARALLAX_RETURN_IF_ERROR(PartitionedSearch(ny, y_dense.data(), nx, x_dense.data(), sketch_dim, fetched,
                                                   DefaultPartitioning(ny), x_scores.data(), x_labels.data()));
        PARALLAX_RETURN_IF_ERROR(PartitionedSearch(nx, x_dense.data(), ny, y_dense.data(), sketch_dim, fetched,
                                                   DefaultPartitioning(nx), y_scores.data(), y_labels.data()));
      }
      if (translated) {
        PARALLAX_RETURN_IF_ERROR(RescoreTranslated(collection, *translated_articles, x_rows, x->first->lang, y_rows,
                                                   y->first->lang, fetched, k, &x_scores, &x_labels));
        PARALLAX_RETURN_IF_ERROR(RescoreTranslated(collection, *translated_articles, y_rows, y->first->lang, x_rows,
                                                   x->first->lang, fetched, k, &y_scores, &y_labels));
      }
      auto keep = [&](const std::vector<int64_t>& rows, const std::vector<int64_t>& other_rows,
                      const std::vector<float>& scores, const std::vector<int64_t>& labels) {
        for (size_t i = 0; i < labels.size(); ++i) {
          if (labels[i] < 0 || scores[i] < floor) continue;
          candidates->push_back(Candidate(static_cast<uint64_t>(rows[i / k]),
                                          static_cast<uint64_t>(other_rows[labels[i]]), false));
        }
      };
      keep(x_rows, y_rows, x_scores, x_labels);
      keep(y_rows, x_rows, y_scores, y_labels);
      if (translated) {
        SetNeighbourMeans(x_rows, x_scores, k, y->first->lang, translated_articles);
        SetNeighbourMeans(y_rows, y_scores, k, x->first->lang, translated_articles);
      }
    }
  }
  if (progress) progress(pair_stage::kAcrossLanguages, pairs, pairs);
  return Status::Ok();
}

// Step 1: each article's `neighbors` nearest in its own language by dense
// cosine (dense vectors rebuilt from the stored compact ones), kept from
// `floor` up.
Status AddNeighbourCandidates(const Collection& collection, const std::vector<const LanguageVocabulary*>& vocabulary,
                              int neighbors, float floor, int64_t exact_join_limit, const ProgressFn& progress,
                              std::vector<uint64_t>* candidates) {
  const Model& model = collection.model();
  const int dim = model.options().dim;
  const int64_t n = static_cast<int64_t>(collection.size());
  const int k = static_cast<int>(std::min<int64_t>(n, neighbors + 1));
  if (progress) progress(pair_stage::kSelfJoin, 0, n);
  std::vector<float> dense(static_cast<size_t>(n) * dim);
  PARALLAX_RETURN_IF_ERROR(ParallelFor(n, Schedule::Dynamic(256), [&](int64_t i) {
    model.Dense(Expand(collection.vector(i)), &dense[static_cast<size_t>(i) * dim]);
  }));
  std::vector<float> scores(static_cast<size_t>(n) * k);
  std::vector<int64_t> labels(static_cast<size_t>(n) * k);
  if (collection.options().article_index == VectorIndex::kDefaultFactory) {
    // Exact index: joining the vectors with themselves gives its answers
    // for half the work, and the index itself is never loaded; past
    // `exact_join_limit` products, the vectors are searched in cells.
    if (n * n <= exact_join_limit) {
      PARALLAX_RETURN_IF_ERROR(ExactSelfJoin(n, dim, dense.data(), k, scores.data(), labels.data()));
    } else {
      PARALLAX_RETURN_IF_ERROR(PartitionedSearch(n, dense.data(), n, dense.data(), dim, k, DefaultPartitioning(n),
                                                 scores.data(), labels.data()));
    }
  } else {
    auto index = collection.article_index();
    if (!index.ok()) return index.status();
    PARALLAX_RETURN_IF_ERROR((*index)->Search(n, dense.data(), k, scores.data(), labels.data()));
  }
  for (int64_t i = 0; i < n; ++i) {
    for (int j = 0; j < k; ++j) {
      const int64_t other = labels[static_cast<size_t>(i) * k + j];
      if (other < 0 || other == i) continue;
      // Pairs of two languages are joined by language (step 2).
      if (AcrossLanguages(vocabulary[i], vocabulary[other]) || scores[static_cast<size_t>(i) * k + j] < floor) {
        continue;
      }
      candidates->push_back(Candidate(static_cast<uint64_t>(i), static_cast<uint64_t>(other), false));
    }
  }
  if (progress) progress(pair_stage::kSelfJoin, n, n);
  return Status::Ok();
}

// A candidate pair where most of one article's fingerprints (those not
// boilerplate) are shared with the other: `copy` may be a reprint of `of`.
struct CopyEdge {
  uint32_t copy = 0;
  uint32_t of = 0;
};
// "Most": at least half. A lightly edited copy (a word in 15 replaced, a
// sentence cut) loses a fingerprint wherever an edit falls, and the score of
// the pair decides later anyway. On bench/reprint_bench.py (20,000 articles)
// half aligned the fewest pairs in all: 28,000, against 32,000 at 0.65 and
// 38,000 at 0.8 (fewer copies grouped).
constexpr double kCopyShare = 0.5;

// Step 3: articles sharing at least min_shared_fingerprints winnowed
// fingerprints that are not boilerplate (held by more than
// max_fingerprint_articles articles). With `copies`, also the candidates
// where one article is mostly the other's text (CopyEdge).
Status AddFingerprintCandidates(const Collection& collection, const PairOptions& options, const ProgressFn& progress,
                                std::vector<uint64_t>* candidates, std::vector<CopyEdge>* copies) {
  const int64_t n = static_cast<int64_t>(collection.size());
  // A posting is key << 32 | article: 8 bytes, so the postings of a large
  // collection stay small.
  std::vector<uint64_t> postings;
  {
    if (progress) progress(pair_stage::kFingerprinting, 0, n);
    // Two passes, counting then filling: the postings exist once, at their
    // exact size (reading or winnowing again costs less than a second copy).
    std::vector<uint64_t> offset(static_cast<size_t>(n) + 1, 0);
    std::atomic<int64_t> done{0};
    std::mutex progress_mutex;
    for (int pass = 0; pass < 2; ++pass) {
      if (pass == 1) {
        std::partial_sum(offset.begin(), offset.end(), offset.begin());
        postings.resize(offset[n]);
      }
      PARALLAX_RETURN_IF_ERROR(ForEachRowKeys(collection, options, [&](size_t row, std::span<const uint32_t> keys) {
        if (pass == 0) {
          offset[row + 1] = keys.size();
          return;
        }
        uint64_t* out = postings.data() + offset[row];
        for (uint32_t key : keys) *out++ = uint64_t{key} << 32 | row;
        const int64_t d = ++done;
        if (progress && d % 1024 == 0) {
          std::lock_guard<std::mutex> lock(progress_mutex);
          progress(pair_stage::kFingerprinting, d, n);
        }
      }));
    }
    if (progress) progress(pair_stage::kFingerprinting, n, n);
  }
  std::sort(postings.begin(), postings.end());
  // Pairs of articles that share a fingerprint, one entry per fingerprint
  // they share, counted after sorting. Fingerprints held by many articles
  // make these entries many: they are produced in passes over the postings,
  // each for the pairs whose first article falls in its share (article %
  // passes), so that at most about kSharingBytesPerArticle exist at once.
  constexpr uint64_t kArticle = 0xFFFFFFFFull;
  const size_t max_articles = static_cast<size_t>(options.max_fingerprint_articles);
  auto for_each_group = [&](auto&& visit) {  // postings [i, j) of one fingerprint, not boilerplate
    for (size_t i = 0; i < postings.size();) {
      size_t j = i;
      while (j < postings.size() && postings[j] >> 32 == postings[i] >> 32) ++j;
      if (j - i >= 2 && j - i <= max_articles) visit(i, j);
      i = j;
    }
  };
  uint64_t entries = 0;
  for_each_group([&](size_t i, size_t j) { entries += (j - i) * (j - i - 1) / 2; });
  // Each article's fingerprints that are not boilerplate (its own included):
  // what a copy shares with its source.
  std::vector<uint32_t> prints;
  if (copies) {
    prints.assign(static_cast<size_t>(n), 0);
    for (size_t i = 0; i < postings.size();) {
      size_t j = i;
      while (j < postings.size() && postings[j] >> 32 == postings[i] >> 32) ++j;
      if (j - i <= max_articles) {
        for (size_t x = i; x < j; ++x) ++prints[postings[x] & kArticle];
      }
      i = j;
    }
  }
  constexpr uint64_t kSharingBytesPerArticle = 256;
  const uint64_t passes =
      std::max<uint64_t>(1, (entries * sizeof(uint64_t)) / (static_cast<uint64_t>(n) * kSharingBytesPerArticle) + 1);
  // Each pass's entries, counted first so one exact allocation holds them all.
  auto for_each_entry = [&](uint64_t pass, auto&& visit) {
    for_each_group([&](size_t i, size_t j) {
      for (size_t x = i; x < j; ++x) {
        const uint64_t lo = postings[x] & kArticle;  // articles ascend within a fingerprint
        if (lo % passes != pass) continue;
        for (size_t y = x + 1; y < j; ++y) {
          const uint64_t hi = postings[y] & kArticle;
          if (lo != hi) visit((lo << 32) | hi);
        }
      }
    });
  };
  uint64_t largest_pass = 0;
  for (uint64_t pass = 0; pass < passes; ++pass) {
    uint64_t count = 0;
    for_each_entry(pass, [&](uint64_t) { ++count; });
    largest_pass = std::max(largest_pass, count);
  }
  std::vector<uint64_t> sharing;
  sharing.reserve(largest_pass);
  for (uint64_t pass = 0; pass < passes; ++pass) {
    sharing.clear();
    for_each_entry(pass, [&](uint64_t entry) { sharing.push_back(entry); });
    std::sort(sharing.begin(), sharing.end());
    for (size_t i = 0; i < sharing.size();) {
      size_t j = i;
      while (j < sharing.size() && sharing[j] == sharing[i]) ++j;
      if (j - i >= static_cast<size_t>(std::max(1, options.min_shared_fingerprints))) {
        candidates->push_back(sharing[i] << 1 | 1);
        const auto lo = static_cast<uint32_t>(sharing[i] >> 32), hi = static_cast<uint32_t>(sharing[i] & kArticle);
        const auto mostly = [&](uint32_t row) { return static_cast<double>(j - i) >= kCopyShare * prints[row]; };
        if (copies && mostly(lo)) copies->push_back({lo, hi});
        if (copies && mostly(hi)) copies->push_back({hi, lo});
      }
      i = j;
    }
  }
  return Status::Ok();
}

// Step 4: one entry per pair, in order, flagged if any of its entries is.
void MergeCandidates(std::vector<uint64_t>* candidates) {
  std::sort(candidates->begin(), candidates->end());
  size_t kept = 0;
  for (size_t i = 0; i < candidates->size(); ++i) {
    const uint64_t c = (*candidates)[i];
    if (kept > 0 && (*candidates)[kept - 1] >> 1 == c >> 1) {
      (*candidates)[kept - 1] |= c & 1;
    } else {
      (*candidates)[kept++] = c;
    }
  }
  candidates->resize(kept);
}

// Step 5: the pairs the outlet and date options leave out, before scoring.
void FilterCandidates(const Collection& collection, const PairOptions& options, std::vector<uint64_t>* candidates) {
  auto from = [&](uint64_t c, const std::string& outlet) {
    return collection.article(FirstOf(c)).outlet == outlet || collection.article(SecondOf(c)).outlet == outlet;
  };
  std::vector<std::optional<DayRange>> days;
  if (options.max_days_apart) {
    days.resize(collection.size());
    for (size_t i = 0; i < collection.size(); ++i) days[i] = ParseDayRange(collection.article(i).date);
  }
  auto too_far_apart = [&](uint64_t c) {
    if (!options.max_days_apart) return false;
    const std::optional<int> apart = DaysApart(days[FirstOf(c)], days[SecondOf(c)]);
    return apart && *apart > *options.max_days_apart;
  };
  std::erase_if(*candidates, [&](uint64_t c) {
    return (!options.outlet.empty() && !from(c, options.outlet)) ||
           (!options.source_outlet.empty() && !from(c, options.source_outlet)) || too_far_apart(c);
  });
}

// The entry of the pair of rows x and y among `candidates` (merged, sorted),
// or none.
const uint64_t* FindCandidate(const std::vector<uint64_t>& candidates, size_t x, size_t y) {
  const uint64_t key = Candidate(x, y, false);
  const auto at = std::lower_bound(candidates.begin(), candidates.end(), key);
  return at != candidates.end() && *at >> 1 == key >> 1 ? &*at : nullptr;
}

// The rows in publishing order: dated articles by the end of their date's
// period, then its beginning (a date that ends before another begins comes
// first, as in Earlier), then the undated; ties by row.
std::vector<uint32_t> PublishingOrder(const Collection& collection) {
  using Key = std::tuple<bool, int64_t, int64_t, uint32_t>;  // (undated, end, begin, row)
  std::vector<Key> keys(collection.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::optional<Date> date = ParseDate(collection.article(i).date);
    const auto row = static_cast<uint32_t>(i);
    keys[i] = date ? Key{false, date->end.time_since_epoch().count(), date->begin.time_since_epoch().count(), row}
                   : Key{true, 0, 0, row};
  }
  std::sort(keys.begin(), keys.end());
  std::vector<uint32_t> order(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) order[k] = std::get<3>(keys[k]);
  return order;
}

// Vectors of a copy and its source are at least this alike (the compact
// dot): a cheap check that the copy's words are the source's too, before
// the score of the pair confirms it.
constexpr float kCopyDot = 0.5f;

// Step 6: reprint groups, from the cheap signals alone. Each article that is
// mostly the text of earlier ones (CopyEdge, a candidate the filters kept,
// vectors at least kCopyDot alike) follows the earliest of them, so a group
// is a tree whose root, its earliest article, is the source of all. An
// article whose pair with that source is no candidate stays a group of one.
// Returns each row's source (itself for a source, or an article in no group).
std::vector<uint32_t> GroupReprints(const Collection& collection, const std::vector<uint64_t>& candidates,
                                    const std::vector<CopyEdge>& copies, const ProgressFn& progress) {
  if (progress) progress(pair_stage::kGrouping, 0, copies.size());
  const std::vector<uint32_t> order = PublishingOrder(collection);
  std::vector<uint32_t> rank(order.size());
  for (size_t k = 0; k < order.size(); ++k) rank[order[k]] = static_cast<uint32_t>(k);
  std::vector<uint32_t> parent(order.size());
  std::iota(parent.begin(), parent.end(), 0u);
  for (const CopyEdge& e : copies) {
    if (rank[e.of] >= rank[parent[e.copy]]) continue;  // not earlier than the copy, or than the one it follows
    if (FindCandidate(candidates, e.copy, e.of) == nullptr) continue;
    if (Dot(collection.vector(e.copy), collection.vector(e.of)) < kCopyDot) continue;
    parent[e.copy] = e.of;
  }
  // A parent comes out before its child: in publishing order, each parent's source is known first.
  std::vector<uint32_t> source(order.size());
  for (uint32_t row : order) {
    source[row] = parent[row] == row ? row : source[parent[row]];
    if (source[row] != row && FindCandidate(candidates, row, source[row]) == nullptr) source[row] = row;
  }
  if (progress) progress(pair_stage::kGrouping, copies.size(), copies.size());
  return source;
}

// Step 7: which candidates are scored at once, and which only if their
// groups do not stand for them (after step 9), both sorted.
struct ScoringPlan {
  // Pairs of a copy and its source, of two sources, and all the others.
  std::vector<uint64_t> first;
  // Pairs of two copies of one group, and pairs of two groups other than the
  // pair of their sources (when that pair is a candidate, sharing text if
  // this one does: it finds their reuse).
  std::vector<uint64_t> grouped;
};
ScoringPlan PlanScoring(const std::vector<uint64_t>& candidates, const std::vector<uint32_t>& source) {
  ScoringPlan plan;
  for (uint64_t c : candidates) {
    const size_t x = FirstOf(c), y = SecondOf(c);
    const size_t sx = source[x], sy = source[y];
    bool grouped = false;
    if (sx == sy) {
      grouped = x != sx && y != sx;  // two copies; a copy and its source is `first`
    } else if (x != sx || y != sy) {
      const uint64_t* sources = FindCandidate(candidates, sx, sy);
      grouped = sources != nullptr && (SharesText(*sources) || !SharesText(c));
    }
    (grouped ? plan.grouped : plan.first).push_back(c);
  }
  return plan;
}

// Step 9: the confirmed copies' pairs with their source get `duplicate_of`
// (listed, and the copy's reuse at least duplicate_reuse: nearly all of it
// is in shared passages). Returns the `grouped` pairs their groups do not
// stand for, to score after all: one article is a copy not confirmed, or the
// pair of the two sources is not listed.
std::vector<uint64_t> Unconfirmed(const std::vector<uint64_t>& grouped, const std::vector<uint32_t>& source,
                                  const RelationThresholds& thresholds, std::vector<ArticlePair>* pairs) {
  std::vector<char> confirmed(source.size(), 0);
  std::vector<uint64_t> listed;
  listed.reserve(pairs->size());
  for (ArticlePair& p : *pairs) {
    listed.push_back(Candidate(p.a, p.b, false));
    if (source[p.a] == p.b && p.comparison.reuse_a >= thresholds.duplicate_reuse) {
      confirmed[p.a] = 1;
      p.duplicate_of = p.b;
    } else if (source[p.b] == p.a && p.comparison.reuse_b >= thresholds.duplicate_reuse) {
      confirmed[p.b] = 1;
      p.duplicate_of = p.a;
    }
  }
  std::sort(listed.begin(), listed.end());
  const auto in_group = [&](size_t row) { return source[row] == row || confirmed[row]; };
  std::vector<uint64_t> left;
  for (uint64_t c : grouped) {
    const size_t x = FirstOf(c), y = SecondOf(c);
    const bool stood_for =
        in_group(x) && in_group(y) &&
        (source[x] == source[y] || std::binary_search(listed.begin(), listed.end(), Candidate(source[x], source[y], false)));
    if (!stood_for) left.push_back(c);
  }
  return left;
}

// Whether a scored pair is one to report: strong enough, and with
// source_outlet, its source from there (and the other side from outlet).
bool Wanted(const Collection& collection, size_t a, size_t b, const Comparison& cmp, const PairOptions& options) {
  if (Strength(cmp.relation) > Strength(options.weakest)) return false;
  if (options.source_outlet.empty()) return true;
  const Article* source = cmp.source == Source::kA ? &collection.article(a)
                          : cmp.source == Source::kB ? &collection.article(b)
                                                     : nullptr;
  const Article* taker = source == &collection.article(a) ? &collection.article(b) : &collection.article(a);
  return source && source->outlet == options.source_outlet &&
         (options.outlet.empty() || taker->outlet == options.outlet);
}

// Step 8 (and 10): exact scores and passages for every candidate; the wanted pairs,
// in no particular order. Each thread keeps its wanted pairs (a slot per
// candidate would cost more than the pairs: most candidates are unrelated).
StatusOr<std::vector<ArticlePair>> ScoreCandidates(const Collection& collection,
                                                   const std::vector<uint64_t>& candidates,
                                                   const std::vector<const LanguageVocabulary*>& vocabulary,
                                                   const TranslatedArticles& translated,
                                                   const PairOptions& options, const ProgressFn& progress) {
  const Model& model = collection.model();
  const int64_t m = static_cast<int64_t>(candidates.size());
  std::vector<ArticlePair> pairs;
  std::atomic<int64_t> done{0};
  std::mutex progress_mutex;
  auto record = [&](size_t a, size_t b, Comparison cmp, std::vector<ArticlePair>* kept,
                    std::optional<float> margin = std::nullopt) {
    if (Wanted(collection, a, b, cmp, options)) kept->push_back(ArticlePair{a, b, std::move(cmp), std::nullopt, margin});
    const int64_t d = ++done;
    if (progress && d % 1024 == 0) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      progress(pair_stage::kScoring, d, m);
    }
  };
  // How each candidate is scored. The compact dot approximates the expanded
  // one that decides in CompareTexts: a misjudged candidate only lands in a
  // less useful group. A candidate that shares no text is aligned when the
  // translation screen lets it through (its margin kept).
  std::vector<Scoring> scoring(m, Scoring::kVectors);
  std::vector<float> margins(translated.built() ? m : 0);
  PARALLAX_RETURN_IF_ERROR(ParallelFor(m, Schedule::Dynamic(1024), [&](int64_t c) {
    const size_t a = FirstOf(candidates[c]), b = SecondOf(candidates[c]);
    if (SharesText(candidates[c])) {
      const bool sentences = options.compare.paraphrases && Dot(collection.vector(a), collection.vector(b)) >=
                                                                options.compare.paraphrase_min_similarity;
      scoring[c] = sentences ? Scoring::kSentences : Scoring::kTexts;
    } else if (const std::optional<float> margin = MayTranslate(collection, translated, a, b, options.compare)) {
      scoring[c] = Scoring::kSentences;
      margins[c] = *margin;
    }
  }));
  const std::vector<TextGroup> groups = GroupTextCandidates(candidates, collection.size(), scoring);
  PARALLAX_RETURN_IF_ERROR(ParallelRegion([&](ParallelTeam& team) {
    std::vector<ArticlePair> kept;
    // Candidates to align get a full Compare. Preparing an article
    // (unpacking, sentence vectors, translations) costs far more than
    // comparing, so each group prepares its articles once and drops them
    // after their last pair.
    team.For(static_cast<int64_t>(groups.size()), Schedule::Dynamic(1), [&](int64_t g) {
      std::unordered_map<size_t, std::pair<PreparedText, int>> prepared;  // row -> (text, pairs left)
      for (int64_t c : groups[g].candidates) {
        for (size_t row : {FirstOf(candidates[c]), SecondOf(candidates[c])}) ++prepared[row].second;
      }
      // Row's text, holding its translation into `to` where
      // TranslatedArticles has it.
      auto text = [&](size_t row, const std::string& to) -> PreparedText& {
        PreparedText& p = prepared[row].first;
        if (p.article == nullptr) p = PrepareStored(model, collection, row);
        translated.Attach(row, to, &p);
        return p;
      };
      auto release = [&](size_t row) {
        if (auto it = prepared.find(row); --it->second.second == 0) prepared.erase(it);
      };
      for (int64_t c : groups[g].candidates) {
        const size_t a = FirstOf(candidates[c]), b = SecondOf(candidates[c]);
        PreparedText& pa = text(a, collection.article(b).lang);
        PreparedText& pb = text(b, collection.article(a).lang);
        const std::optional<float> margin =
            SharesText(candidates[c]) ? std::nullopt : std::optional<float>(margins[c]);
        record(a, b, CompareTexts(model, &pa, &pb, options.compare), &kept, margin);
        release(a);
        release(b);
      }
    }, /*nowait=*/true);
    // The others: no passage to find, the vectors say it all.
    team.For(m, Schedule::Dynamic(256), [&](int64_t c) {
      if (scoring[c] != Scoring::kVectors) return;
      const size_t a = FirstOf(candidates[c]), b = SecondOf(candidates[c]);
      record(a, b,
             CompareVectors(collection.vector(a), vocabulary[a], collection.vector(b), vocabulary[b],
                            options.compare.thresholds),
             &kept);
    });
    team.Critical(
        [&] { pairs.insert(pairs.end(), std::make_move_iterator(kept.begin()), std::make_move_iterator(kept.end())); });
  }));
  if (progress) progress(pair_stage::kScoring, m, m);
  return pairs;
}

// Strongest relation first, then the higher similarity; (a, b) breaks every
// tie, so the order threads finished in is gone.
void SortByStrength(std::vector<ArticlePair>* pairs) {
  std::sort(pairs->begin(), pairs->end(), [](const ArticlePair& x, const ArticlePair& y) {
    const int sx = Strength(x.comparison.relation), sy = Strength(y.comparison.relation);
    if (sx != sy) return sx < sy;
    if (x.comparison.similarity != y.comparison.similarity) return x.comparison.similarity > y.comparison.similarity;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
}

}  // namespace

StatusOr<std::vector<ArticlePair>> FindPairs(const Collection& collection, const PairOptions& options,
                                             const ProgressFn& progress) {
  if (options.neighbors < 1) return Status::InvalidArgument("neighbors must be at least 1");
  if (options.max_days_apart && !(*options.max_days_apart >= 0)) {
    return Status::InvalidArgument("max_days_apart must be 0 or more days");
  }
  if (options.fingerprint_ngram < 1 || options.fingerprint_window < 1)
    return Status::InvalidArgument("fingerprint n-gram and window must be at least 1");
  const int64_t n = static_cast<int64_t>(collection.size());
  if (n < 2) return std::vector<ArticlePair>();
  const Model& model = collection.model();
  std::vector<const LanguageVocabulary*> vocabulary(n);  // of each article's language
  for (int64_t i = 0; i < n; ++i) vocabulary[i] = model.Vocabulary(collection.article(i).lang);

  // Candidates: neighbours by vectors within and across languages, and
  // articles sharing text; then scored.
  const float floor = NeighbourFloor(options, model.options().dim);
  std::vector<uint64_t> candidates;
  PARALLAX_RETURN_IF_ERROR(AddNeighbourCandidates(collection, vocabulary, options.neighbors, floor,
                                                  options.exact_join_limit, progress, &candidates));
  TranslatedArticles translated;
  if (options.compare.translations) PARALLAX_RETURN_IF_ERROR(translated.Build(collection, vocabulary));
  PARALLAX_RETURN_IF_ERROR(AddCandidatesAcrossLanguages(collection, vocabulary, &translated, options.neighbors, floor,
                                                        options.exact_join_limit, progress, &candidates));
  ReleaseFreeMemory();  // the joins' vectors and buffers, before the postings
  std::vector<CopyEdge> copies;
  PARALLAX_RETURN_IF_ERROR(
      AddFingerprintCandidates(collection, options, progress, &candidates, options.all_pairs ? nullptr : &copies));
  MergeCandidates(&candidates);
  FilterCandidates(collection, options, &candidates);
  if (options.all_pairs) {
    auto pairs = ScoreCandidates(collection, candidates, vocabulary, translated, options, progress);
    if (!pairs.ok()) return pairs.status();
    SortByStrength(&*pairs);
    return pairs;
  }
  // Reprint groups: a copy is scored against its source first; the pairs its
  // group stands for are scored only if the group is not confirmed.
  const std::vector<uint32_t> source = GroupReprints(collection, candidates, copies, progress);
  copies = {};
  ScoringPlan plan = PlanScoring(candidates, source);
  candidates = {};
  auto pairs = ScoreCandidates(collection, plan.first, vocabulary, translated, options, progress);
  if (!pairs.ok()) return pairs.status();
  const std::vector<uint64_t> left = Unconfirmed(plan.grouped, source, options.compare.thresholds, &*pairs);
  // Progress goes on from the pairs scored first.
  const size_t scored = plan.first.size();
  ProgressFn more_progress;
  if (progress) {
    more_progress = [&](const char* stage, size_t done, size_t total) { progress(stage, scored + done, scored + total); };
  }
  auto more = ScoreCandidates(collection, left, vocabulary, translated, options, more_progress);
  if (!more.ok()) return more.status();
  pairs->insert(pairs->end(), std::make_move_iterator(more->begin()), std::make_move_iterator(more->end()));
  SortByStrength(&*pairs);
  return pairs;
}

StatusOr<Comparison> ComparePair(const Collection& collection, size_t a, size_t b, const PairOptions& options) {
  if (a >= collection.size() || b >= collection.size() || a == b) {
    return Status::InvalidArgument("ComparePair needs two different rows of the collection");
  }
  const size_t lo = std::min(a, b), hi = std::max(a, b);  // FindPairs' order
  const StatusOr<bool> shares = SharesFingerprints(collection, lo, hi, options);
  if (!shares.ok()) return shares.status();
  Comparison c = ScoreCandidate(collection, lo, collection, hi, *shares, options);
  if (a > b) SwapSides(&c);
  return c;
}

float NeighbourFloor(const PairOptions& options, int dim) {
  return options.compare.thresholds.related - 1.0f / std::sqrt(static_cast<float>(dim));
}

std::vector<uint32_t> FingerprintKeys(const Collection& collection, size_t row, const PairOptions& options) {
  return KeysOf(collection.analysis(row), options);
}

std::vector<uint64_t> FingerprintPairEntries(const std::vector<uint64_t>& sorted_postings, const PairOptions& options) {
  constexpr uint64_t kRow = 0xFFFFFFFFull;
  const size_t max_articles = static_cast<size_t>(options.max_fingerprint_articles);
  std::vector<uint64_t> entries;
  for (size_t i = 0; i < sorted_postings.size();) {
    size_t j = i;
    while (j < sorted_postings.size() && sorted_postings[j] >> 32 == sorted_postings[i] >> 32) ++j;
    if (j - i >= 2 && j - i <= max_articles) {
      for (size_t x = i; x < j; ++x) {
        for (size_t y = x + 1; y < j; ++y) {
          const uint64_t lo = sorted_postings[x] & kRow, hi = sorted_postings[y] & kRow;
          if (lo != hi) entries.push_back(lo << 32 | hi);
        }
      }
    }
    i = j;
  }
  return entries;
}

void ShareableSketch(const Model& model, const CompactVector& vector, const LanguageVocabulary& other, float* out) {
  const SparseVector shareable = ShareableWith(Expand(vector), other);
  model.Dense(shareable, out);  // of unit length: given back the length ShareableWith gave
  const auto length = static_cast<float>(std::sqrt(Dot(shareable, shareable)));
  for (int j = 0; j < model.options().dim; ++j) out[j] *= length;
}

Comparison ScoreCandidate(const Collection& collection_a, size_t a, const Collection& collection_b, size_t b,
                          bool shares_text, const PairOptions& options) {
  const Model& model = collection_a.model();
  if (shares_text ||
      TranslatesBetween(model, collection_a.article(a).lang, collection_b.article(b).lang, options.compare)) {
    PreparedText first = PrepareStored(model, collection_a, a), second = PrepareStored(model, collection_b, b);
    if (shares_text || PassesTranslationScreen(model, &first, &second, options.compare)) {
      return CompareTexts(model, &first, &second, options.compare);
    }
  }
  // One model's vocabularies for both: AcrossLanguages compares them by address.
  return CompareVectors(collection_a.vector(a), model.Vocabulary(collection_a.article(a).lang), collection_b.vector(b),
                        model.Vocabulary(collection_b.article(b).lang), options.compare.thresholds);
}

Comparison CompareWithStored(const Collection& collection, PreparedText* query, size_t row,
                             const PairOptions& options) {
  const Model& model = collection.model();
  PreparedText stored = PrepareStored(model, collection, row);
  // Fingerprints shared, counted as SharesFingerprints counts them; none is
  // boilerplate, as the query is in no posting.
  uint64_t shared = 0;
  for (const auto& [key, entries] : SharedKeys(KeysOf(query->analysis, options), KeysOf(stored.analysis, options))) {
    shared += entries;
  }
  const bool shares_text = shared >= static_cast<uint64_t>(std::max(1, options.min_shared_fingerprints));
  if (shares_text || PassesTranslationScreen(model, query, &stored, options.compare)) {
    return CompareTexts(model, query, &stored, options.compare);
  }
  return CompareVectors(Compact(query->vector), query->vocabulary, collection.vector(row),
                        model.Vocabulary(collection.article(row).lang), options.compare.thresholds);
}

StatusOr<std::vector<Comparison>> ScoreCandidatesBetween(const Collection& collection_a,
                                                         const Collection& collection_b,
                                                         const std::vector<CandidatePair>& candidates,
                                                         const PairOptions& options) {
  const Model& model = collection_a.model();
  // Both collections' rows in one numbering (b's after a's), so that the
  // candidates sharing text group as FindPairs groups them: by connected
  // articles, each prepared once for all its pairs in the group.
  const bool same = &collection_a == &collection_b;
  const size_t offset = same ? 0 : collection_a.size();
  const size_t rows = offset + collection_b.size();
  const auto m = static_cast<int64_t>(candidates.size());
  std::vector<std::pair<uint64_t, int64_t>> text;  // (Candidate(), index in candidates), sorted
  for (int64_t i = 0; i < m; ++i) {
    const CandidatePair& c = candidates[i];
    if (c.shares_text) text.emplace_back(Candidate(c.a, c.b + offset, true), i);
  }
  std::sort(text.begin(), text.end());
  std::vector<uint64_t> encoded(text.size());
  std::vector<Scoring> scoring(text.size(), Scoring::kTexts);
  for (size_t j = 0; j < text.size(); ++j) {
    encoded[j] = text[j].first;
    const CandidatePair& c = candidates[text[j].second];
    if (options.compare.paraphrases &&
        Dot(collection_a.vector(c.a), collection_b.vector(c.b)) >= options.compare.paraphrase_min_similarity) {
      scoring[j] = Scoring::kSentences;
    }
  }
  const std::vector<TextGroup> groups = GroupTextCandidates(encoded, rows, scoring);
  std::vector<Comparison> out(candidates.size());
  PARALLAX_RETURN_IF_ERROR(ParallelFor(static_cast<int64_t>(groups.size()), Schedule::Dynamic(1), [&](int64_t g) {
    std::unordered_map<size_t, PreparedText> prepared;  // by row of the one numbering
    auto prepare = [&](size_t row) -> PreparedText& {
      PreparedText& p = prepared[row];
      if (p.article == nullptr) {
        p = row < offset || same ? PrepareStored(model, collection_a, row) : PrepareStored(model, collection_b, row - offset);
      }
      return p;
    };
    for (int64_t j : groups[g].candidates) {
      const int64_t i = text[j].second;
      const CandidatePair& c = candidates[i];
      out[i] = CompareTexts(model, &prepare(c.a), &prepare(c.b + offset), options.compare);
    }
  }));
  PARALLAX_RETURN_IF_ERROR(ParallelFor(m, Schedule::Dynamic(256), [&](int64_t i) {
    const CandidatePair& c = candidates[i];
    if (!c.shares_text) out[i] = ScoreCandidate(collection_a, c.a, collection_b, c.b, false, options);
  }));
  return out;
}

}  // namespace parallax
