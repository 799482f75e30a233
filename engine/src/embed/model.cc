#include "parallax/model.h"

#include <Eigen/Dense>

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <random>

#include "embed/features.h"
#include "parallax/bytes.h"
#include "parallax/file_format.h"
#include "parallax/parallel.h"
#include "parallax/utf8.h"

namespace parallax {

namespace {

static_assert(Model::kFileKind == FourCC("MODL"));
constexpr uint64_t kSimHashSeed = 0x5eed5151;

// Texts the model embeds when saved, and whose vectors it checks when loaded:
// a model file that loads but computes different vectors is refused.
constexpr const char* kSelfTestTexts[] = {
    "Le port de Marseille est bloqué par une grève des dockers depuis lundi.",
    "The central bank raised its key interest rate by a quarter of a point.",
    "« 130 000 soldats » : Moscou dément, Washington s'inquiète.",
};

// IDF of a feature one of the `documents` fitted texts had (df = 1): such
// features rank last when a vector is cut to max_features.
float RareIdf(uint64_t documents) {
  return static_cast<float>(std::log((static_cast<double>(documents) + 1.0) / 1.5)) - 1e-4f;
}

}  // namespace

float Dot(const SparseVector& a, const SparseVector& b) {
  float sum = 0;
  size_t i = 0, j = 0;
  while (i < a.keys.size() && j < b.keys.size()) {
    if (a.keys[i] < b.keys[j]) ++i;
    else if (a.keys[i] > b.keys[j]) ++j;
    else sum += a.values[i++] * b.values[j++];
  }
  return sum;
}

CompactVector Compact(const SparseVector& v) {
  CompactVector c;
  float top = 0;
  for (float w : v.values) top = std::max(top, std::fabs(w));
  if (top == 0) return c;
  c.scale = top / 255.0f;
  c.entries.reserve(v.keys.size());
  for (size_t i = 0; i < v.keys.size(); ++i) {
    const uint32_t q = static_cast<uint32_t>(std::lround(std::fabs(v.values[i]) / c.scale));
    if (q > 0) c.entries.push_back(v.keys[i] << 8 | std::min<uint32_t>(q, 255));
  }
  return c;
}

SparseVector Expand(const CompactVector& c) {
  SparseVector v;
  v.keys.reserve(c.entries.size());
  v.values.reserve(c.entries.size());
  for (uint32_t e : c.entries) {
    v.keys.push_back(e >> 8);
    v.values.push_back(static_cast<float>(e & 0xFF) * c.scale);
  }
  return v;
}

float Dot(const CompactVector& a, const CompactVector& b) {
  uint64_t sum = 0;
  size_t i = 0, j = 0;
  while (i < a.entries.size() && j < b.entries.size()) {
    const uint32_t ka = a.entries[i] >> 8, kb = b.entries[j] >> 8;
    if (ka < kb) ++i;
    else if (ka > kb) ++j;
    else sum += (a.entries[i++] & 0xFF) * (b.entries[j++] & 0xFF);
  }
  return static_cast<float>(sum) * a.scale * b.scale;
}

namespace {

// How many texts make a language's vocabulary count half: a vocabulary of a
// few texts lacks most of its language. (On data/corpus, 17 English and 27
// French texts, same-event AUC: 0.991 for 0, 0.984 for 10, 0.980 for 20;
// without it a lone English text among French ones met them at 0.98.)
constexpr double kVocabularyPrior = 10;

// The weight, squared, a norm across languages gives a feature the other
// language's vocabulary lacks: in proportion to how little of its language
// that vocabulary has seen (a feature a few texts lack may still be of it).
double LackedShare(const LanguageVocabulary& other) {
  const double texts = static_cast<double>(other.texts);
  return 1.0 - texts / (texts + kVocabularyPrior);
}

// The entries of a vector, one at a time, for the one merge pass below.
struct SparseEntries {
  const SparseVector& v;
  size_t size() const { return v.keys.size(); }
  uint32_t key(size_t i) const { return v.keys[i]; }
  double value(size_t i) const { return v.values[i]; }
};
struct CompactEntries {
  const CompactVector& v;
  size_t size() const { return v.entries.size(); }
  uint32_t key(size_t i) const { return v.entries[i] >> 8; }
  double value(size_t i) const { return static_cast<double>(v.entries[i] & 0xFF) * v.scale; }
};

// ArticleCosine across languages, in one pass over both vectors: each norm
// counts in full the features the other text has or the other language's
// vocabulary has, the rest at LackedShare, and at least kShareableFloor of
// the whole.
template <class Entries>
float CosineAcrossLanguages(const Entries& a, const LanguageVocabulary& lang_a, const Entries& b,
                            const LanguageVocabulary& lang_b) {
  constexpr uint32_t kEnd = UINT32_MAX;  // past every key (keys have at most 24 bits)
  double dot = 0, full_a = 0, lacked_a = 0, full_b = 0, lacked_b = 0;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const uint32_t ka = i < a.size() ? a.key(i) : kEnd, kb = j < b.size() ? b.key(j) : kEnd;
    if (ka == kb) {
      const double x = a.value(i++), y = b.value(j++);
      dot += x * y;
      full_a += x * x;
      full_b += y * y;
    } else if (ka < kb) {
      const double x = a.value(i++);
      (lang_b.Has(ka) ? full_a : lacked_a) += x * x;
    } else {
      const double y = b.value(j++);
      (lang_a.Has(kb) ? full_b : lacked_b) += y * y;
    }
  }
  if (dot <= 0) return 0;
  const double shareable_a = std::max(full_a + LackedShare(lang_b) * lacked_a, kShareableFloor * (full_a + lacked_a));
  const double shareable_b = std::max(full_b + LackedShare(lang_a) * lacked_b, kShareableFloor * (full_b + lacked_b));
  const double norms = std::sqrt(shareable_a) * std::sqrt(shareable_b);  // > 0: a feature is shared
  return static_cast<float>(std::min(1.0, dot / norms));
}

}  // namespace

bool AcrossLanguages(const LanguageVocabulary* a, const LanguageVocabulary* b) {
  return a != nullptr && b != nullptr && a != b;
}

float ArticleCosine(const SparseVector& a, const LanguageVocabulary* lang_a, const SparseVector& b,
                    const LanguageVocabulary* lang_b) {
  if (!AcrossLanguages(lang_a, lang_b)) return Dot(a, b);
  return CosineAcrossLanguages(SparseEntries{a}, *lang_a, SparseEntries{b}, *lang_b);
}

float ArticleCosine(const CompactVector& a, const LanguageVocabulary* lang_a, const CompactVector& b,
                    const LanguageVocabulary* lang_b) {
  if (!AcrossLanguages(lang_a, lang_b)) return Dot(a, b);
  return CosineAcrossLanguages(CompactEntries{a}, *lang_a, CompactEntries{b}, *lang_b);
}

SparseVector ShareableWith(SparseVector v, const LanguageVocabulary& other) {
  const auto lacked = static_cast<float>(std::sqrt(LackedShare(other)));
  double whole = 0, shareable = 0;
  for (size_t i = 0; i < v.keys.size(); ++i) {
    whole += double{v.values[i]} * v.values[i];
    if (!other.Has(v.keys[i])) v.values[i] *= lacked;
    shareable += double{v.values[i]} * v.values[i];
  }
  if (shareable <= 0) return v;
  const auto scale = static_cast<float>(1.0 / std::sqrt(std::max(shareable, kShareableFloor * whole)));
  for (float& x : v.values) x *= scale;
  return v;
}

// A lexicon direction compiled into the feature space: each source stem's
// feature key with the features of its translations (the stem and the
// character n-grams of each, those the target language's texts have).
struct TranslationMap {
  std::string from, to;
  std::vector<uint32_t> keys;   // source stems, sorted, unique
  std::vector<uint32_t> begin;  // keys[i]'s targets: targets[begin[i], begin[i + 1])
  struct Target {
    uint32_t key;
    bool is_stem;  // else a character n-gram
  };
  std::vector<Target> targets;
};

TranslationMap CompileDirection(const Lexicon::Direction& d, const FeatureOptions& options,
                                const LanguageVocabulary* target) {
  std::vector<std::pair<uint32_t, TranslationMap::Target>> all;  // source key, target feature
  std::vector<uint32_t> cps, grams;
  // Features no text of the target language has can match nothing: they
  // would only dilute the translated vector's norm.
  const auto usable = [&](uint32_t key) { return target == nullptr || target->Has(key); };
  for (const Lexicon::Entry& e : d.entries) {
    cps.clear();
    AppendCodepoints(e.stem, &cps);
    uint32_t source = 0;
    WordFeatureKeys(cps.data(), cps.size(), options, &source, &grams);
    for (const Translation& t : e.translations) {
      cps.clear();
      AppendCodepoints(t.word, &cps);
      uint32_t stem = 0;
      WordFeatureKeys(cps.data(), cps.size(), options, &stem, &grams);
      if (usable(stem)) all.push_back({source, {stem, true}});
      for (uint32_t g : grams) {
        if (usable(g)) all.push_back({source, {g, false}});
      }
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  TranslationMap map{d.from, d.to, {}, {}, {}};
  for (size_t i = 0; i < all.size(); ++i) {
    if (i == 0 || all[i].first != all[i - 1].first) {
      map.keys.push_back(all[i].first);
      map.begin.push_back(static_cast<uint32_t>(map.targets.size()));
    }
    map.targets.push_back(all[i].second);
  }
  map.begin.push_back(static_cast<uint32_t>(map.targets.size()));
  return map;
}

struct Model::Impl {
  Tokenizer tokenizer;
  PieceTable pieces;  // of `tokenizer`
  FeatureOptions options;
  uint64_t documents = 0;
  std::vector<float> idf;                 // 2^hash_bits entries
  Eigen::MatrixXf rotation;               // simhash_bits x dim, fixed seed
  std::vector<uint32_t> self_test;        // checksums of kSelfTestTexts' dense vectors
  std::vector<LanguageVocabulary> languages;  // sorted by lang
  Lexicon lexicon;
  std::vector<TranslationMap> translations;  // one per direction of `lexicon`

  explicit Impl(Tokenizer t) : tokenizer(std::move(t)), pieces(tokenizer) {}
};

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

const Tokenizer& Model::tokenizer() const { return impl_->tokenizer; }
const FeatureOptions& Model::options() const { return impl_->options; }
uint64_t Model::documents() const { return impl_->documents; }
const std::vector<LanguageVocabulary>& Model::languages() const { return impl_->languages; }

const Lexicon& Model::lexicon() const { return impl_->lexicon; }

void Model::SetLexicon(Lexicon lexicon) {
  impl_->translations.clear();
  for (const Lexicon::Direction& d : lexicon.directions()) {
    impl_->translations.push_back(CompileDirection(d, impl_->options, Vocabulary(d.to)));
  }
  impl_->lexicon = std::move(lexicon);
}

bool Model::Translates(std::string_view from, std::string_view to) const {
  return impl_->lexicon.Find(from, to) != nullptr;
}

bool Model::TranslatesBothWays(std::string_view a, std::string_view b) const {
  return !a.empty() && !b.empty() && a != b && Translates(a, b) && Translates(b, a);
}

SparseVector Model::TranslatedVector(const Article& article, const AnalyzedText& analysis, uint32_t token_begin,
                                     uint32_t token_end, std::string_view to) const {
  const TranslationMap* map = nullptr;
  for (const TranslationMap& m : impl_->translations) {
    if (m.from == article.lang && m.to == to) map = &m;
  }
  if (map == nullptr) return Vectorize(article, analysis, token_begin, token_end);
  // Occurrences of each feature, of each family: the text's own words, and
  // for each word the translations of its stem, each counted as a word of the
  // text. Listed, then sorted and counted: cheaper than a hash map of counts.
  std::vector<uint32_t> occurrences[2];  // stems, character n-grams
  std::vector<uint32_t> letters, grams;
  const FeatureOptions& o = impl_->options;
  ForEachWord(impl_->pieces, article.text, analysis.tokens, token_begin, token_end, &letters,
              [&](uint64_t, size_t first, size_t last) {
                uint32_t stem = 0;
                WordFeatureKeys(letters.data() + first, last - first, o, &stem, &grams);
                occurrences[0].push_back(stem);
                occurrences[1].insert(occurrences[1].end(), grams.begin(), grams.end());
                const auto at = std::lower_bound(map->keys.begin(), map->keys.end(), stem);
                if (at == map->keys.end() || *at != stem) return;
                const size_t k = static_cast<size_t>(at - map->keys.begin());
                for (uint32_t t = map->begin[k]; t < map->begin[k + 1]; ++t) {
                  occurrences[map->targets[t].is_stem ? 0 : 1].push_back(map->targets[t].key);
                }
              });
  // Weighed as FeatureExtractor::Weighted weighs a text (no lead, no cut).
  const float weights[2] = {o.word_weight, o.char_weight};
  std::vector<std::pair<uint32_t, float>> family[2];
  std::vector<uint32_t> buffer;
  for (int f = 0; f < 2; ++f) {
    if (weights[f] <= 0) continue;
    SortFeatureKeys(o.hash_bits, &occurrences[f], &buffer);
    WeighCounts(occurrences[f], impl_->idf, &family[f]);
  }
  SparseVector out;
  CombineFamilies(&family[0], weights[0], &family[1], weights[1], &out);
  return out;
}

std::vector<std::string> Model::SentenceWords(const Article& article, const AnalyzedText& analysis,
                                              size_t sentence) const {
  std::vector<uint32_t> letters;
  std::vector<std::string> words;
  ForEachWord(impl_->pieces, article.text, analysis.tokens, analysis.sentence_token_begin[sentence],
              analysis.sentence_token_begin[sentence + 1], &letters, [&](uint64_t, size_t first, size_t last) {
                std::string& w = words.emplace_back();
                for (size_t i = first; i < last; ++i) AppendUtf8(letters[i], &w);
              });
  return words;
}

const LanguageVocabulary* Model::Vocabulary(std::string_view lang) const {
  const auto& languages = impl_->languages;
  const auto it = std::lower_bound(languages.begin(), languages.end(), lang,
                                   [](const LanguageVocabulary& v, std::string_view l) { return v.lang < l; });
  return it != languages.end() && it->lang == lang && !lang.empty() ? &*it : nullptr;
}

namespace {

Eigen::MatrixXf MakeRotation(int bits, int dim) {
  std::mt19937_64 rng(kSimHashSeed);
  std::normal_distribution<float> normal;
  Eigen::MatrixXf r(bits, dim);
  for (int i = 0; i < bits; ++i)
    for (int j = 0; j < dim; ++j) r(i, j) = normal(rng);
  return r;
}

Status ValidateOptions(const FeatureOptions& o) {
  if (o.hash_bits < FeatureOptions::kMinHashBits || o.hash_bits > FeatureOptions::kMaxHashBits) {
    return Status::InvalidArgument("hash_bits must be in [" + std::to_string(FeatureOptions::kMinHashBits) + ", " +
                                   std::to_string(FeatureOptions::kMaxHashBits) + "]");
  }
  if (o.max_features < 0) return Status::InvalidArgument("max_features must be 0 (all) or positive");
  if (o.char_min < 1 || o.char_max < o.char_min || o.char_max > 8)
    return Status::InvalidArgument("character n-gram lengths must satisfy 1 <= min <= max <= 8");
  if (o.dim < FeatureOptions::kMinDim || o.dim > FeatureOptions::kMaxDim) {
    return Status::InvalidArgument("dim must be in [" + std::to_string(FeatureOptions::kMinDim) + ", " +
                                   std::to_string(FeatureOptions::kMaxDim) + "]");
  }
  if (o.simhash_bits < 8 || o.simhash_bits % 8 != 0 || o.simhash_bits > 1024)
    return Status::InvalidArgument("simhash_bits must be a multiple of 8 in [8, 1024]");
  return Status::Ok();
}

uint32_t ChecksumFloats(const std::vector<float>& v) {
  // Rounded so that last-bit differences across CPUs do not fail the test.
  uint32_t h = 2166136261u;
  for (float x : v) {
    const int32_t q = static_cast<int32_t>(std::lround(x * 1000.0f));
    h = (h ^ static_cast<uint32_t>(q)) * 16777619u;
  }
  return h;
}

std::vector<uint32_t> SelfTest(const Model& model) {
  std::vector<uint32_t> sums;
  std::vector<float> dense(model.options().dim);
  for (const char* text : kSelfTestTexts) {
    Article a;
    a.text = text;
    a.segments = {Span{0, static_cast<uint32_t>(a.text.size())}};
    const AnalyzedText analysis = model.Analyze(a);
    model.Dense(model.ArticleVector(a, analysis), dense.data());
    sums.push_back(ChecksumFloats(dense));
  }
  return sums;
}

}  // namespace

void Model::TrainingSentences(const Article& article, std::vector<std::string_view>* out) {
  thread_local std::vector<Span> sentences;
  sentences.clear();
  for (const Span& seg : article.segments) SplitSentences(article.text, seg, &sentences);
  out->reserve(out->size() + sentences.size());
  for (const Span& s : sentences) out->emplace_back(article.text.data() + s.begin, s.size());
}

StatusOr<Tokenizer> Model::TrainTokenizer(const std::vector<Article>& articles, const TokenizerOptions& options) {
  // Train on sentences: the trainer skips over-long lines. Splitting the
  // whole corpus (the sample is taken from all of it) runs on all threads.
  const int64_t n = static_cast<int64_t>(articles.size());
  std::vector<std::vector<std::string_view>> sentences_of(n);
  PARALLAX_RETURN_IF_ERROR(ParallelFor(n, Schedule::Dynamic(256), [&](int64_t i) {
    TrainingSentences(articles[i], &sentences_of[i]);
  }));
  size_t total = 0;
  for (const auto& v : sentences_of) total += v.size();
  std::vector<std::string_view> texts;
  texts.reserve(total);
  for (auto& v : sentences_of) {
    texts.insert(texts.end(), v.begin(), v.end());
    v = {};
  }
  return Tokenizer::Train(texts, options);
}

StatusOr<Model> Model::Fit(const std::vector<Article>& articles, const ModelOptions& options) {
  PARALLAX_RETURN_IF_ERROR(ValidateOptions(options.features));
  auto tokenizer = TrainTokenizer(articles, options.tokenizer);
  if (!tokenizer.ok()) return tokenizer.status();
  DocumentCounts counts(*tokenizer, options.features);
  PARALLAX_RETURN_IF_ERROR(ParallelFor(static_cast<int64_t>(articles.size()), Schedule::Dynamic(64), [&](int64_t i) {
    counts.Add(articles[i], parallax::Analyze(*tokenizer, articles[i]));
  }));
  tokenizer->ReleaseWordCaches();
  Model model = FitWeights(std::move(tokenizer).value(), std::move(counts), options.background.get());
  if (!options.dictionaries.empty()) {
    std::vector<const Article*> sample;
    std::vector<AnalyzedText> analyses;
    for (size_t i : LexiconSample(articles.size(), [&](size_t i) { return std::string_view(articles[i].lang); })) {
      sample.push_back(&articles[i]);
      analyses.push_back(model.Analyze(articles[i]));
    }
    PARALLAX_RETURN_IF_ERROR(FitLexicon(&model, options.dictionaries, sample, analyses, options.lexicon));
  }
  return model;
}

struct DocumentCounts::Impl {
  PieceTable pieces;
  FeatureOptions options;
  std::vector<std::vector<uint32_t>> tables;  // per OpenMP thread, allocated by its first Add
  std::vector<uint32_t> overflow;             // threads beyond those, one at a time
  // Per thread (and overflow, last), by language: its texts and the vector
  // features they have. A thread tracks Model::kMaxLanguages languages at
  // most (a corpus of more languages gets vocabularies for the first it met).
  std::vector<std::map<std::string, LanguageVocabulary, std::less<>>> languages;
  std::atomic<uint64_t> documents{0};

  Impl(const Tokenizer& tokenizer, const FeatureOptions& o) : pieces(tokenizer), options(o) {}
};

DocumentCounts::DocumentCounts(const Tokenizer& tokenizer, const FeatureOptions& options)
    : impl_(std::make_unique<Impl>(tokenizer, options)) {
  impl_->tables.resize(std::max(1, omp_get_max_threads()));
  impl_->languages.resize(impl_->tables.size() + 1);
}
DocumentCounts::DocumentCounts(DocumentCounts&&) noexcept = default;
DocumentCounts& DocumentCounts::operator=(DocumentCounts&&) noexcept = default;
DocumentCounts::~DocumentCounts() = default;

void DocumentCounts::Add(const Article& article, const AnalyzedText& analysis) {
  thread_local std::vector<uint32_t> keys, vector_keys;
  keys.clear();
  vector_keys.clear();
  FeatureExtractor(impl_->pieces, impl_->options)
      .UniqueKeys(article.text, analysis.tokens, 0, analysis.tokens.size(), &keys,
                  article.lang.empty() ? nullptr : &vector_keys);
  auto count = [&](std::vector<uint32_t>& table, std::map<std::string, LanguageVocabulary, std::less<>>& languages) {
    if (table.empty()) table.assign(size_t{1} << impl_->options.hash_bits, 0);
    for (size_t j = 0; j < keys.size(); ++j) {
      if (j + kPrefetchAhead < keys.size()) __builtin_prefetch(&table[keys[j + kPrefetchAhead]], /*write=*/1);
      ++table[keys[j]];
    }
    if (article.lang.empty()) return;
    auto it = languages.find(article.lang);
    if (it == languages.end()) {
      if (languages.size() >= Model::kMaxLanguages) return;
      it = languages.emplace(article.lang, LanguageVocabulary{}).first;
      it->second.lang = article.lang;
      it->second.bits.assign((size_t{1} << impl_->options.hash_bits) / 64, 0);
    }
    ++it->second.texts;
    for (uint32_t key : vector_keys) it->second.bits[key >> 6] |= uint64_t{1} << (key & 63);
  };
  const size_t thread = static_cast<size_t>(omp_get_thread_num());
  if (thread < impl_->tables.size()) {
    count(impl_->tables[thread], impl_->languages[thread]);
  } else {  // a team larger than announced when the counts were made
#pragma omp critical(document_counts)
    count(impl_->overflow, impl_->languages.back());
  }
  ++impl_->documents;
}

namespace {

using Vocabularies = std::map<std::string, LanguageVocabulary, std::less<>>;

// Adds a language's texts and vector features to those `into` has of it.
void AddVocabulary(LanguageVocabulary v, Vocabularies* into) {
  const std::string lang = v.lang;
  auto [it, added] = into->try_emplace(lang, std::move(v));
  if (added) return;
  it->second.texts += v.texts;
  for (size_t w = 0; w < v.bits.size(); ++w) it->second.bits[w] |= v.bits[w];
}

}  // namespace

// Serialized: hash_bits, documents, the summed table (u32 each), then each
// language: name, texts, bitmap.
std::string DocumentCounts::Serialize() const {
  const size_t space = size_t{1} << impl_->options.hash_bits;
  std::vector<uint32_t> sum(space, 0);
  Vocabularies languages;
  auto add_table = [&](const std::vector<uint32_t>& table) {
    for (size_t k = 0; k < table.size(); ++k) sum[k] += table[k];
  };
  for (const auto& table : impl_->tables) add_table(table);
  add_table(impl_->overflow);
  for (const auto& of_thread : impl_->languages) {
    for (const auto& [lang, vocabulary] : of_thread) AddVocabulary(vocabulary, &languages);
  }
  ByteWriter w;
  w.PutU32(static_cast<uint32_t>(impl_->options.hash_bits));
  w.PutU64(impl_->documents);
  w.PutBytes(sum.data(), sum.size() * sizeof(uint32_t));
  w.PutU32(static_cast<uint32_t>(languages.size()));
  for (const auto& [lang, vocabulary] : languages) {
    w.PutString(lang);
    w.PutU64(vocabulary.texts);
    w.PutBytes(vocabulary.bits.data(), vocabulary.bits.size() * sizeof(uint64_t));
  }
  return w.Release();
}

Status DocumentCounts::Merge(std::string_view serialized) {
  const auto bad = [](const std::string& why) { return Status::InvalidArgument("not document counts: " + why); };
  ByteReader r(serialized);
  uint32_t bits = 0;
  uint64_t documents = 0;
  if (!r.GetU32(&bits).ok() || !r.GetU64(&documents).ok()) return bad("too short");
  if (static_cast<int>(bits) != impl_->options.hash_bits) {
    return bad("counted over 2^" + std::to_string(bits) + " features, these over 2^" +
               std::to_string(impl_->options.hash_bits));
  }
  const size_t space = size_t{1} << bits;
  std::vector<uint32_t> table(space);
  if (!r.GetBytes(table.data(), space * sizeof(uint32_t)).ok()) return bad("truncated table");
  uint32_t n_languages = 0;
  if (!r.GetU32(&n_languages).ok()) return bad("truncated languages");
  if (n_languages > r.remaining() / (space / 8)) return bad("more languages than bytes");  // a bitmap each
  std::vector<LanguageVocabulary> read(n_languages);
  for (LanguageVocabulary& v : read) {
    v.bits.resize(space / 64);
    if (!r.GetString(&v.lang, 256).ok() || !r.GetU64(&v.texts).ok() ||
        !r.GetBytes(v.bits.data(), v.bits.size() * sizeof(uint64_t)).ok()) {
      return bad("truncated language");
    }
  }
  if (!r.done()) return bad("trailing bytes");
  std::vector<uint32_t>& into = impl_->overflow;
  if (into.empty()) into.assign(space, 0);
  for (size_t k = 0; k < space; ++k) into[k] += table[k];
  for (LanguageVocabulary& v : read) AddVocabulary(std::move(v), &impl_->languages.back());
  impl_->documents += documents;
  return Status::Ok();
}

namespace {

// Document frequencies of `model`'s fitted texts over a space of 2^bits
// features, read back from its IDF (the inverse of FitWeights' formula). A
// feature's key is its hash's low bits, so a model of another size maps:
// keys of a larger space fold onto their low bits, a smaller space's serve
// all the keys that share them.
std::vector<double> DocumentFrequencies(const Model& model, const std::vector<float>& idf, int bits) {
  const double n = static_cast<double>(model.documents());
  const size_t space = size_t{1} << bits;
  const size_t own = idf.size();
  std::vector<double> df(space, 0.0);
  auto frequency = [&](size_t k) { return std::max(0.0, (n + 1.0) / std::exp(double{idf[k]}) - 0.5); };
  if (own >= space) {
    for (size_t k = 0; k < own; ++k) df[k & (space - 1)] += frequency(k);
  } else {
    for (size_t k = 0; k < space; ++k) df[k] = frequency(k & (own - 1));
  }
  return df;
}

}  // namespace

Model Model::FitWeights(Tokenizer tokenizer, DocumentCounts counts, const Model* background) {
  auto impl = std::make_unique<Impl>(std::move(tokenizer));
  const FeatureOptions& options = counts.impl_->options;
  impl->options = options;
  impl->rotation = MakeRotation(options.simhash_bits, options.dim);
  const size_t space = size_t{1} << options.hash_bits;
  std::vector<uint32_t> df(space, 0);
  counts.impl_->tables.push_back(std::move(counts.impl_->overflow));
  for (std::vector<uint32_t>& table : counts.impl_->tables) {
    for (size_t k = 0; k < table.size(); ++k) df[k] += table[k];
    table = {};
  }
  impl->documents = counts.impl_->documents;
  // Each language's vocabulary: the union of the threads'. Beyond
  // kMaxLanguages, those of the most texts (then by name) are kept.
  Vocabularies languages;
  for (auto& of_thread : counts.impl_->languages) {
    for (auto& [lang, vocabulary] : of_thread) AddVocabulary(std::move(vocabulary), &languages);
    of_thread.clear();
  }
  for (auto& [lang, vocabulary] : languages) impl->languages.push_back(std::move(vocabulary));
  if (impl->languages.size() > kMaxLanguages) {
    std::stable_sort(impl->languages.begin(), impl->languages.end(),
                     [](const LanguageVocabulary& x, const LanguageVocabulary& y) { return x.texts > y.texts; });
    impl->languages.resize(kMaxLanguages);
    std::sort(impl->languages.begin(), impl->languages.end(),
              [](const LanguageVocabulary& x, const LanguageVocabulary& y) { return x.lang < y.lang; });
  }
  // A background tops a smaller corpus up to its own size: its frequencies
  // count as the texts the corpus lacks (nine texts borrow 35 of 44; a
  // corpus as large as the background borrows nothing).
  std::vector<double> borrowed;
  if (background != nullptr && background->documents() > impl->documents) {
    const uint64_t lent = background->documents() - impl->documents;
    borrowed = DocumentFrequencies(*background, background->impl_->idf, options.hash_bits);
    for (double& f : borrowed) f *= static_cast<double>(lent) / static_cast<double>(background->documents());
    impl->documents += lent;
  }
  impl->idf.resize(space);
  const double n = static_cast<double>(impl->documents);
  // Smoothed IDF: a feature no document has gets the highest weight.
  // A feature that at most one of the corpus's texts has can match nothing
  // in it: it borrows nothing and stays rare (RareIdf).
  for (size_t k = 0; k < space; ++k) {
    const double frequency = df[k] + (borrowed.empty() || df[k] < 2 ? 0.0 : borrowed[k]);
    impl->idf[k] = static_cast<float>(std::log((n + 1.0) / (frequency + 0.5)));
  }
  Model model(std::move(impl));
  model.impl_->self_test = SelfTest(model);
  return model;
}

AnalyzedText Model::Analyze(const Article& article) const { return parallax::Analyze(impl_->tokenizer, article); }

AnalyzedText Analyze(const Tokenizer& tokenizer, const Article& article) {
  AnalyzedText out;
  for (const Span& seg : article.segments) {
    const size_t first_sentence = out.sentences.size();
    SplitSentences(article.text, seg, &out.sentences);
    for (size_t s = first_sentence; s < out.sentences.size(); ++s) {
      out.sentence_token_begin.push_back(static_cast<uint32_t>(out.tokens.size()));
      tokenizer.Encode(article.text, out.sentences[s], &out.tokens);
    }
  }
  out.sentence_token_begin.push_back(static_cast<uint32_t>(out.tokens.size()));
  return out;
}

SparseVector Model::Vectorize(const Article& article, const AnalyzedText& analysis, uint32_t token_begin,
                              uint32_t token_end) const {
  FeatureExtractor extractor(impl_->pieces, impl_->options);
  return extractor.Weighted(article.text, analysis.tokens, token_begin, /*lead_end=*/token_begin, token_end,
                            impl_->idf, RareIdf(impl_->documents));
}

SparseVector Model::ArticleVector(const Article& article, const AnalyzedText& analysis) const {
  FeatureExtractor extractor(impl_->pieces, impl_->options);
  // The lead: the title and the first sentence of the body. A .txt file's
  // title is its first line, so its first sentence; a JSONL or CSV title is
  // a field of its own, not in the text: it is tokenized here and put before
  // the text (a line break apart, so no word spans both).
  const std::string_view text = article.text;
  const bool title_in_text = !TitleOutsideText(article);
  const bool title_first = title_in_text && !analysis.sentences.empty() &&
                           text.substr(analysis.sentences[0].begin, analysis.sentences[0].size()) == article.title;
  const size_t lead = std::min<size_t>(title_first ? 2 : 1, analysis.sentences.size());
  // (An empty AnalyzedText{} has no sentence_token_begin at all.)
  const size_t body_lead_end =
      lead < analysis.sentence_token_begin.size() ? analysis.sentence_token_begin[lead] : 0;
  if (article.title.empty() || title_in_text || analysis.tokens.empty()) {
    return extractor.Weighted(text, analysis.tokens, 0, body_lead_end, analysis.tokens.size(), impl_->idf,
                              RareIdf(impl_->documents));
  }
  thread_local std::string joined;
  thread_local std::vector<Token> tokens;
  joined.assign(article.title).append(1, '\n').append(text);
  tokens.clear();
  impl_->tokenizer.Encode(joined, Span{0, static_cast<uint32_t>(article.title.size())}, &tokens);
  const size_t title_tokens = tokens.size();
  const auto shift = static_cast<uint32_t>(article.title.size() + 1);
  for (const Token& t : analysis.tokens) tokens.push_back({t.id, t.begin + shift, t.end + shift});
  return extractor.Weighted(joined, tokens, 0, title_tokens + body_lead_end, tokens.size(), impl_->idf,
                            RareIdf(impl_->documents));
}

bool TitleOutsideText(const Article& article) {
  return !article.title.empty() &&
         !(!article.segments.empty() &&
           std::string_view(article.text).substr(article.segments[0].begin).starts_with(article.title));
}

std::vector<Model::TextWord> Model::TextWords(std::string_view text, const std::vector<Token>& tokens) const {
  thread_local std::vector<uint32_t> letters;
  letters.clear();
  std::vector<TextWord> words;
  ForEachWordOfTokens(impl_->pieces, text, tokens, 0, tokens.size(), &letters,
                      [&](uint64_t hash, size_t, size_t, size_t first_token, size_t end_token) {
                        words.push_back({hash, static_cast<uint32_t>(first_token), static_cast<uint32_t>(end_token)});
                      });
  return words;
}

std::vector<uint64_t> Model::WordHashes(std::string_view text) const {
  std::vector<Token> tokens;
  impl_->tokenizer.Encode(text, Span{0, static_cast<uint32_t>(text.size())}, &tokens);
  std::vector<uint64_t> hashes;
  for (const TextWord& w : TextWords(text, tokens)) hashes.push_back(w.hash);
  return hashes;
}

std::vector<uint64_t> Model::ArticleWordHashes(const Article& article, const AnalyzedText& analysis) const {
  std::vector<uint64_t> hashes;
  if (TitleOutsideText(article)) hashes = WordHashes(article.title);
  for (const TextWord& w : TextWords(article.text, analysis.tokens)) hashes.push_back(w.hash);
  return hashes;
}

std::vector<Model::HeadlineWord> Model::HeadlineWords(const Article& article, const AnalyzedText& analysis) const {
  std::string_view text = article.title;
  if (text.empty() && !analysis.sentences.empty()) {
    text = std::string_view(article.text).substr(analysis.sentences[0].begin, analysis.sentences[0].size());
  }
  std::vector<Token> tokens;
  impl_->tokenizer.Encode(text, Span{0, static_cast<uint32_t>(text.size())}, &tokens);
  std::vector<uint32_t> letters;
  std::vector<HeadlineWord> words;
  std::vector<uint32_t> keys;
  ForEachWord(impl_->pieces, text, tokens, 0, tokens.size(), &letters, [&](uint64_t hash, size_t first, size_t last) {
    const uint32_t key = WordKey(hash, impl_->options.hash_bits);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return;
    keys.push_back(key);
    HeadlineWord word{.spelling = {}, .idf = impl_->idf[key]};
    for (size_t i = first; i < last; ++i) AppendUtf8(letters[i], &word.spelling);
    words.push_back(std::move(word));
  });
  return words;
}

WordSet Model::Words(const Article& article, const AnalyzedText& analysis, const Thesaurus* thesaurus) const {
  // Every word with its spelling (case-folded code points, punctuation left
  // out) in one buffer, then sorted by key and made unique.
  struct Word {
    uint32_t key;
    uint32_t begin, end;  // its spelling: letters[begin, end)
  };
  std::vector<Word> words;
  std::vector<uint32_t> letters;
  ForEachWord(impl_->pieces, article.text, analysis.tokens, 0, analysis.tokens.size(), &letters,
              [&](uint64_t hash, size_t first, size_t last) {
                words.push_back({WordKey(hash, impl_->options.hash_bits), static_cast<uint32_t>(first),
                                 static_cast<uint32_t>(last)});
              });
  std::sort(words.begin(), words.end(), [](const Word& x, const Word& y) { return x.key < y.key; });
  words.erase(std::unique(words.begin(), words.end(), [](const Word& x, const Word& y) { return x.key == y.key; }),
              words.end());

  WordSet set;
  set.idf.keys.reserve(words.size());
  set.idf.values.reserve(words.size());
  for (const Word& w : words) {
    set.idf.keys.push_back(w.key);
    set.idf.values.push_back(impl_->idf[w.key]);
  }
  if (words.size() > kMaxSpelledWords) return set;
  set.gram_begin.reserve(words.size() + 1);
  set.gram_begin.push_back(0);
  std::vector<uint32_t> padded, grams;
  for (const Word& w : words) {
    // The 2-4-grams of " word ": short enough that inflections and typos
    // share most of them ("minister" / "ministers": 0.83).
    padded.assign(1, ' ');
    padded.insert(padded.end(), letters.begin() + w.begin, letters.begin() + w.end);
    padded.push_back(' ');
    grams.clear();
    for (size_t i = 0; i + 2 <= padded.size(); ++i) {
      uint64_t h = 0;
      for (size_t n = 1; n <= 4 && i + n <= padded.size(); ++n) {
        h = Mix64(h ^ padded[i + n - 1]);
        if (n >= 2) grams.push_back(static_cast<uint32_t>(h));
      }
    }
    std::sort(grams.begin(), grams.end());
    const size_t first = set.grams.size();
    double norm = 0;
    for (size_t i = 0; i < grams.size();) {
      size_t j = i;
      while (j < grams.size() && grams[j] == grams[i]) ++j;
      set.grams.push_back(grams[i]);
      set.gram_weights.push_back(static_cast<float>(j - i));
      norm += double(j - i) * double(j - i);
      i = j;
    }
    const float inv = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
    for (size_t i = first; i < set.grams.size(); ++i) set.gram_weights[i] *= inv;
    set.gram_begin.push_back(static_cast<uint32_t>(set.grams.size()));
  }
  if (thesaurus != nullptr) {
    for (uint32_t i = 0; i < words.size(); ++i) {
      for (const uint64_t form : thesaurus->Forms(letters.data() + words[i].begin, words[i].end - words[i].begin)) {
        set.forms.push_back({form, i});
        set.senses.push_back({form, i});
        for (const uint64_t synonym : thesaurus->Synonyms(form)) set.senses.push_back({synonym, i});
      }
    }
    const auto by_key = [](const WordSet::Sense& x, const WordSet::Sense& y) {
      return x.key < y.key || (x.key == y.key && x.word < y.word);
    };
    const auto same = [](const WordSet::Sense& x, const WordSet::Sense& y) { return x.key == y.key && x.word == y.word; };
    for (auto* list : {&set.forms, &set.senses}) {
      std::sort(list->begin(), list->end(), by_key);
      list->erase(std::unique(list->begin(), list->end(), same), list->end());
    }
  }
  return set;
}

void Model::Dense(const SparseVector& v, float* out) const { Sketch(v, impl_->options.dim, out); }

void Model::Sketch(const SparseVector& v, int dim, float* out) const {
  std::fill(out, out + dim, 0.0f);
  for (size_t i = 0; i < v.keys.size(); ++i) {
    const uint64_t h = Mix64(v.keys[i]);
    const float sign = (h >> 63) ? -1.0f : 1.0f;
    out[h % static_cast<uint64_t>(dim)] += sign * v.values[i];
  }
  double norm = 0;
  for (int j = 0; j < dim; ++j) norm += double{out[j]} * out[j];
  if (norm > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (int j = 0; j < dim; ++j) out[j] *= inv;
  }
}

std::vector<uint8_t> Model::SentenceCodes(const Article& article, const AnalyzedText& analysis) const {
  const int dim = impl_->options.dim;
  const size_t sentences = analysis.sentences.size();
  std::vector<float> dense(sentences * dim);
  FeatureExtractor words(impl_->pieces, impl_->options, /*with_chars=*/false);
  SparseVector v;
  for (size_t s = 0; s < sentences; ++s) {
    const uint32_t begin = analysis.sentence_token_begin[s];
    words.Weighted(article.text, analysis.tokens, begin, begin, analysis.sentence_token_begin[s + 1], impl_->idf,
                   /*rare_idf=*/0.0f, &v);
    Dense(v, &dense[s * dim]);
  }
  std::vector<uint8_t> codes(sentences * (impl_->options.simhash_bits / 8));
  if (sentences > 0) SimHash(static_cast<int64_t>(sentences), dense.data(), codes.data());
  return codes;
}

void Model::SimHash(int64_t n, const float* dense, uint8_t* codes) const {
  const int dim = impl_->options.dim;
  const int bits = impl_->options.simhash_bits;
  Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> x(dense, n, dim);
  const Eigen::MatrixXf projected = x * impl_->rotation.transpose();  // n x bits
  // Signs are set without branches: half of them are positive, at random,
  // so a branch per bit mispredicted half the time.
  for (int64_t i = 0; i < n; ++i) {
    uint8_t* code = codes + i * (bits / 8);
    for (int byte = 0; byte < bits / 8; ++byte) {
      unsigned value = 0;
      for (int k = 0; k < 8; ++k) value |= static_cast<unsigned>(projected(i, byte * 8 + k) > 0) << k;
      code[byte] = static_cast<uint8_t>(value);
    }
  }
}

std::string Model::Serialize() const {
  ByteWriter w;
  const FeatureOptions& o = impl_->options;
  w.PutString(impl_->tokenizer.Serialize());
  w.PutU32(o.hash_bits);
  w.PutU32(o.max_features);
  w.PutU32(o.char_min);
  w.PutU32(o.char_max);
  w.PutF32(o.word_weight);
  w.PutF32(o.char_weight);
  w.PutU32(o.dim);
  w.PutU32(o.simhash_bits);
  w.PutU64(impl_->documents);
  w.PutBytes(impl_->idf.data(), impl_->idf.size() * sizeof(float));
  w.PutU32(static_cast<uint32_t>(impl_->languages.size()));
  for (const LanguageVocabulary& v : impl_->languages) {
    w.PutString(v.lang);
    w.PutU64(v.texts);
    w.PutBytes(v.bits.data(), v.bits.size() * sizeof(uint64_t));
  }
  w.PutU32(static_cast<uint32_t>(impl_->self_test.size()));
  for (uint32_t s : impl_->self_test) w.PutU32(s);
  w.PutString(impl_->lexicon.Serialize());
  return w.Release();
}

StatusOr<Model> Model::Deserialize(std::string_view bytes, uint32_t version) {
  ByteReader r(bytes);
  std::string tokenizer_bytes;
  PARALLAX_RETURN_IF_ERROR(r.GetString(&tokenizer_bytes, 64u << 20));
  FeatureOptions o;
  uint32_t hash_bits, max_features, char_min, char_max, dim, simhash_bits;
  PARALLAX_RETURN_IF_ERROR(r.GetU32(&hash_bits));
  PARALLAX_RETURN_IF_ERROR(r.GetU32(&max_features));
  PARALLAX_RETURN_IF_ERROR(r.GetU32(&char_min));
  PARALLAX_RETURN_IF_ERROR(r.GetU32(&char_max));
  PARALLAX_RETURN_IF_ERROR(r.GetF32(&o.word_weight));
  PARALLAX_RETURN_IF_ERROR(r.GetF32(&o.char_weight));
  PARALLAX_RETURN_IF_ERROR(r.GetU32(&dim));
  PARALLAX_RETURN_IF_ERROR(r.GetU32(&simhash_bits));
  o.hash_bits = static_cast<int>(std::min(hash_bits, 64u));
  o.max_features = static_cast<int>(std::min(max_features, 1u << 30));
  o.char_min = static_cast<int>(std::min(char_min, 64u));
  o.char_max = static_cast<int>(std::min(char_max, 64u));
  o.dim = static_cast<int>(std::min(dim, 1u << 20));
  o.simhash_bits = static_cast<int>(std::min(simhash_bits, 1u << 20));
  if (Status st = ValidateOptions(o); !st.ok()) return Status::Corruption("model options out of range: " + st.message());
  auto tokenizer = Tokenizer::Deserialize(tokenizer_bytes);
  if (!tokenizer.ok()) return tokenizer.status();
  auto impl = std::make_unique<Impl>(std::move(tokenizer).value());
  impl->options = o;
  PARALLAX_RETURN_IF_ERROR(r.GetU64(&impl->documents));
  impl->idf.resize(size_t{1} << o.hash_bits);
  PARALLAX_RETURN_IF_ERROR(r.GetBytes(impl->idf.data(), impl->idf.size() * sizeof(float)));
  uint32_t languages;
  PARALLAX_RETURN_IF_ERROR(r.GetU32(&languages));
  if (languages > kMaxLanguages) return Status::Corruption("model has too many language vocabularies");
  impl->languages.resize(languages);
  for (LanguageVocabulary& v : impl->languages) {
    PARALLAX_RETURN_IF_ERROR(r.GetString(&v.lang, 64));
    PARALLAX_RETURN_IF_ERROR(r.GetU64(&v.texts));
    v.bits.resize((size_t{1} << o.hash_bits) / 64);
    PARALLAX_RETURN_IF_ERROR(r.GetBytes(v.bits.data(), v.bits.size() * sizeof(uint64_t)));
    if (v.lang.empty() || (&v != &impl->languages[0] && (&v)[-1].lang >= v.lang)) {
      return Status::Corruption("model's language vocabularies are not sorted by language");
    }
  }
  uint32_t tests;
  PARALLAX_RETURN_IF_ERROR(r.GetU32(&tests));
  if (tests > 64) return Status::Corruption("model self-test table too large");
  std::vector<uint32_t> expected(tests);
  for (auto& s : expected) PARALLAX_RETURN_IF_ERROR(r.GetU32(&s));
  Lexicon lexicon;
  if (version >= 6) {  // format 5 had no lexicon
    std::string lexicon_bytes;
    PARALLAX_RETURN_IF_ERROR(r.GetString(&lexicon_bytes, r.remaining()));
    auto read = Lexicon::Deserialize(lexicon_bytes);
    if (!read.ok()) return Status::Corruption("model's " + read.status().message());
    lexicon = std::move(read).value();
  }
  if (!r.done()) return Status::Corruption("trailing bytes after the model");
  impl->rotation = MakeRotation(o.simhash_bits, o.dim);
  Model model(std::move(impl));
  if (SelfTest(model) != expected) {
    return Status::Corruption("model self-test failed: this model computes different vectors than when it was saved");
  }
  model.impl_->self_test = std::move(expected);
  model.SetLexicon(std::move(lexicon));
  return model;
}

Status Model::Save(const std::filesystem::path& path) const {
  return WriteFileAtomic(path, kFileKind, kFileVersion, Serialize());
}

Status Model::CheckFileVersion(uint32_t version) {
  if (version >= kOldestReadVersion) return Status::Ok();
  return Status::InvalidArgument("made by an older parallax (model format " + std::to_string(version) +
                                 "; this build's is " + std::to_string(kFileVersion) +
                                 ", whose features or language vocabularies it lacks)");
}

StatusOr<Model> Model::Load(const std::filesystem::path& path) {
  auto file = ReadCheckedFile(path, kFileKind, kFileVersion);
  if (!file.ok()) return file.status();
  if (Status st = CheckFileVersion(file->version); !st.ok()) {
    return Status::InvalidArgument(path.string() + ": " + st.message() +
                                   ": train it again (`parallax train ARTICLES... --out " + path.string() + "`)");
  }
  auto model = Deserialize(file->payload, file->version);
  if (!model.ok()) return model.status().WithContext(path.string());
  return model;
}

float Similarity(const Model& model, const Article& a, const Article& b) {
  return ArticleCosine(model.ArticleVector(a, model.Analyze(a)), model.Vocabulary(a.lang),
                       model.ArticleVector(b, model.Analyze(b)), model.Vocabulary(b.lang));
}

}  // namespace parallax
