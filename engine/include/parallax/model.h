// The model: tokenizer + feature weights (IDF) + dense projection. Fitted on
// the user's own corpus; everything similarity-related goes through it.
//
// Similarity is the cosine of sparse TF-IDF vectors over two feature
// families built from the sentencepiece output — words (runs of letters and
// digits, by their case-folded spelling) and character 3-5-grams within the
// words — an article's lead (title, first sentence) weighing double, cut to
// the text's max_features strongest features (raw TF-IDF, both families),
// each family L2-normalised and weighted, summed and normalised. (Piece
// unigrams were measured and dropped: on a small corpus the adapted
// vocabulary is made of fragments whose IDF misleads; on STS-B they add
// nothing over words + characters.)
//
// Dense vectors are a count-sketch of that sparse vector (feature -> one
// signed dimension), which preserves cosines in expectation: they feed FAISS
// as a candidate retriever, and candidates are re-scored from sparse vectors.
// Sentence SimHash codes are the signs of a fixed Gaussian rotation of a
// sentence's dense vector (FAISS binary index).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parallax/align.h"
#include "parallax/article.h"
#include "parallax/lexicon.h"
#include "parallax/status.h"
#include "parallax/thesaurus.h"
#include "parallax/tokenizer.h"

namespace parallax {

// An article (or any text) after tokenisation: what every later stage needs.
struct AnalyzedText {
  std::vector<Token> tokens;          // pieces of every content segment, in order
  std::vector<Span> sentences;        // byte spans, in order
  std::vector<uint32_t> sentence_token_begin;  // first token of each sentence; size = sentences + 1
};

// Sorted, unique keys; L2-normalised values (or all zero for an empty text).
struct SparseVector {
  std::vector<uint32_t> keys;
  std::vector<float> values;
};
float Dot(const SparseVector& a, const SparseVector& b);

// A SparseVector stored in 4 bytes a feature: key << 8 | weight quantised to
// 8 bits (weight = q * scale); cosines stay within about 1% of the original.
// REQUIRES: keys below 2^24.
struct CompactVector {
  float scale = 0;
  std::vector<uint32_t> entries;  // sorted by key
};
CompactVector Compact(const SparseVector& v);
SparseVector Expand(const CompactVector& v);
float Dot(const CompactVector& a, const CompactVector& b);

// A text's distinct words: what vocabulary containment and word similarity
// compare (match.h).
struct WordSet {
  SparseVector idf;  // sorted word keys, each valued by its IDF
  // Each word's spelling as the character 2-4-grams of " word " (hashed,
  // counted, L2-normalised): word i has grams[gram_begin[i], gram_begin[i + 1]).
  // Only for texts of at most kMaxSpelledWords words (see WordSimilarity);
  // longer texts leave all three empty.
  std::vector<uint32_t> gram_begin;  // size: words + 1
  std::vector<uint32_t> grams;
  std::vector<float> gram_weights;
  // With a thesaurus (spelled texts only): each word's `forms`, the headwords
  // it inflects, and its `senses`, those forms and their synonyms; both as
  // (key, word) pairs sorted by key, so that WordSimilarity finds every pair
  // of synonyms by merging. Empty without a thesaurus.
  struct Sense {
    uint64_t key;  // SpellingKey
    uint32_t word;
  };
  std::vector<Sense> forms, senses;
  size_t size() const { return idf.keys.size(); }
  bool spelled() const { return gram_begin.size() == size() + 1; }
};
// Distinct words up to which a text's spellings are kept: a sentence or a
// few paragraphs (a 3,000-character article has about 400).
constexpr size_t kMaxSpelledWords = 256;

// The vector features (hashed keys) that a language's fitted texts have: a
// bitmap over the feature space.
struct LanguageVocabulary {
  std::string lang;    // as the articles give it ("fr", "de")
  uint64_t texts = 0;  // fitted texts of that language
  std::vector<uint64_t> bits;
  bool Has(uint32_t key) const { return (bits[key >> 6] >> (key & 63)) & 1; }
};

// The cosine of two article vectors, the `similarity` every command reports.
// Across languages (two vocabularies, not the same one), each vector's norm
// counts only the features the other text could share: those its language's
// fitted texts have, and the other text's own (a name new to both). A German
// word that no English text has cannot match an English article, so it no
// longer dilutes the cosine: SemEval's German-English pairs of one story rose
// from a median 0.23 to 0.37, near same-language pairs (0.41), and those of
// other stories from 0.03 to 0.05 (same-language: 0.10); see README. The
// features the other language lacks still count in part while its vocabulary
// is small (half at 10 texts). A norm never counts less than kShareableFloor
// of its text, so that a text the other language can hardly read (Arabic
// against English: a few Latin acronyms) does not meet another on those few
// words alone. A null vocabulary (language unknown, or not fitted) gives the
// plain cosine.
float ArticleCosine(const SparseVector& a, const LanguageVocabulary* lang_a, const SparseVector& b,
                    const LanguageVocabulary* lang_b);
// The least share of a vector's squared norm that ArticleCosine counts across
// languages. SemEval's German-English pairs of one story have 0.35 or more
// (5th percentile); random Arabic-English pairs 0.03 (median), with 90
// Arabic texts fitted, and less with more. See README.
constexpr double kShareableFloor = 0.25;
// True when ArticleCosine restricts the norms: two vocabularies, not the same one.
bool AcrossLanguages(const LanguageVocabulary* a, const LanguageVocabulary* b);
float ArticleCosine(const CompactVector& a, const LanguageVocabulary* lang_a, const CompactVector& b,
                    const LanguageVocabulary* lang_b);
// `v` with each feature `other` lacks scaled as ArticleCosine's norms count
// it, and divided by the norm ArticleCosine gives `v`, so that the inner
// product of ShareableWith(a, lang_b) and ShareableWith(b, lang_a) estimates
// ArticleCosine (it leaves out the features the other text has and its
// language lacks). Its norm is 1, or less where the floor counts more than
// `v` can share: what `pairs` sketches to find an article's nearest reports
// in another language.
SparseVector ShareableWith(SparseVector v, const LanguageVocabulary& other);

struct FeatureOptions {
  // The ranges Model::Fit accepts for hash_bits and dim.
  static constexpr int kMinHashBits = 10, kMaxHashBits = 24;
  static constexpr int kMinDim = 8, kMaxDim = 4096;
  // log2 of the hashed feature space, at most 24. Default: 20 (IDF table of 4 MB).
  int hash_bits = 20;
  // A text's vector keeps its strongest features only: measured on the dev
  // sets, 512 loses nothing (SemEval 0.563 vs 0.557 for all), and a stored
  // article vector then fits in 2 KB. 0 keeps all. Default: 512.
  int max_features = 512;
  // Character n-gram lengths over the case-folded text. Default: 3..5.
  int char_min = 3;
  int char_max = 5;
  // Family weights in the combined vector (word stems, character n-grams).
  // Defaults: 1, 1.
  float word_weight = 1.0f;
  float char_weight = 1.0f;
  // Dense vector dimension (FAISS). Default: 128.
  int dim = 128;
  // SimHash bits per sentence code. Default: 256.
  int simhash_bits = 256;
};

class Model;

struct ModelOptions {
  TokenizerOptions tokenizer;
  FeatureOptions features;
  // Document frequencies borrowed from another model (the CLI lends the
  // shipped default) by a corpus of fewer texts than it had: they count as
  // the texts the corpus lacks, so nine texts do not decide alone which
  // words are rare; a corpus as large as the background borrows nothing.
  // Null: the corpus alone (default).
  std::shared_ptr<const Model> background;
  // FreeDict databases (.index paths) the lexicon is seeded from
  // (FitLexicon: those of two languages the corpus has). Empty: no lexicon
  // (default; the CLI's --dictionaries installed gives InstalledDictionaries()).
  std::vector<std::string> dictionaries;
  LexiconOptions lexicon;
};

// Tokens and sentences of an article's content segments.
AnalyzedText Analyze(const Tokenizer& tokenizer, const Article& article);

// Document frequencies of the hashed features, for fitting IDF weights:
// counted while the articles are analysed, so fitting needs no second pass
// over them.
class DocumentCounts {
 public:
  // `tokenizer` is read here only: it may be moved away afterwards.
  DocumentCounts(const Tokenizer& tokenizer, const FeatureOptions& options);
  // Counts each distinct feature of one analysed article, and marks its
  // vector features in the vocabulary of its language (if it has one). Safe
  // to call from the threads of an OpenMP parallel loop (each counts into its
  // own table, about 4 MB at the default 2^20 features, and a 128 KB bitmap a
  // language).
  void Add(const Article& article, const AnalyzedText& analysis);

  // The counts as bytes another process reads, and adding those of another
  // DocumentCounts (same tokenizer and options): parallax_dask counts each
  // shard where it lies and sums them. Merge: InvalidArgument for bytes that
  // are not such counts. Not thread-safe (unlike Add).
  std::string Serialize() const;
  Status Merge(std::string_view serialized);

  DocumentCounts(DocumentCounts&&) noexcept;
  DocumentCounts& operator=(DocumentCounts&&) noexcept;
  ~DocumentCounts();

 private:
  friend class Model;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Model {
 public:
  // The stored form: a file_format.h file of this kind, format version kFileVersion.
  static constexpr uint32_t kFileKind = 0x4C444F4D;  // "MODL"
  // Format 2: a word is its spelling (format 1 models hashed the tokenizer's
  // pieces, so their features, IDF and stored vectors differ). Format 3: a
  // vector's word features are stems (the IDF table counts them). Format 4:
  // the vocabulary of each language (ArticleCosine). Format 5: words fold
  // diacritics (é -> e), so every word hash of accented text differs.
  // Format 6: the lexicon (a format 5 model reads as one without).
  static constexpr uint32_t kFileVersion = 6;
  static constexpr uint32_t kOldestReadVersion = 5;
  // Languages given a vocabulary, at most (a bitmap of 2^hash_bits bits each).
  static constexpr size_t kMaxLanguages = 64;
  // An error for a stored model of an older format, which this build cannot
  // use; OK for the current one.
  static Status CheckFileVersion(uint32_t version);

  // The texts a tokenizer trains on: the sentences of the article's content
  // segments, in order, appended to `out` (views into article.text).
  static void TrainingSentences(const Article& article, std::vector<std::string_view>* out);
  // Trains a tokenizer on the articles' sentences (the first step of Fit).
  static StatusOr<Tokenizer> TrainTokenizer(const std::vector<Article>& articles, const TokenizerOptions& options);
  // Trains a tokenizer on the articles' sentences, then fits IDF weights.
  static StatusOr<Model> Fit(const std::vector<Article>& articles, const ModelOptions& options);
  // Fits IDF weights from the counts of every article, analysed with
  // `tokenizer` (the one `counts` was made with), topped up with those of
  // `background` (ModelOptions::background) when given: documents() counts both.
  static Model FitWeights(Tokenizer tokenizer, DocumentCounts counts, const Model* background = nullptr);

  // Runs the self-test; `version`: the file format the bytes are of.
  static StatusOr<Model> Deserialize(std::string_view bytes, uint32_t version = kFileVersion);
  std::string Serialize() const;
  static StatusOr<Model> Load(const std::filesystem::path& path);
  Status Save(const std::filesystem::path& path) const;

  const Tokenizer& tokenizer() const;
  const FeatureOptions& options() const;
  uint64_t documents() const;  // how many texts the weights were fitted on (a background's included)
  // The vocabulary of the fitted texts whose language is `lang`; null for an
  // empty `lang` or one no fitted text had.
  const LanguageVocabulary* Vocabulary(std::string_view lang) const;
  const std::vector<LanguageVocabulary>& languages() const;

  AnalyzedText Analyze(const Article& article) const;
  // Sparse TF-IDF vector (word stems, character n-grams) of tokens
  // [token_begin, token_end) of an analysed text.
  SparseVector Vectorize(const Article& article, const AnalyzedText& analysis, uint32_t token_begin,
                         uint32_t token_end) const;
  // The whole article's vector: the features of its lead (its title, in the
  // text or not, and the first sentence of the body) weigh double (news
  // states what happened in its headline and lede).
  SparseVector ArticleVector(const Article& article, const AnalyzedText& analysis) const;
  // The text's distinct words, with their IDF and (up to kMaxSpelledWords
  // words) their spelling and, given a thesaurus, their synonyms.
  WordSet Words(const Article& article, const AnalyzedText& analysis, const Thesaurus* thesaurus = nullptr) const;
  // The distinct words of the article's headline (its title, or with none
  // its first sentence), spelled as features see them (case and accents
  // folded), with their IDF: what names a story.
  struct HeadlineWord {
    std::string spelling;  // UTF-8
    float idf = 0;
  };
  std::vector<HeadlineWord> HeadlineWords(const Article& article, const AnalyzedText& analysis) const;
  // A word of a text, as every feature defines words (case and accents
  // folded: "Zakharova," = "ZAKHAROVA"; "Mérac" = "Merac"): a 64-bit hash of
  // its spelling and the tokens that hold it, [first_token, end_token).
  struct TextWord {
    uint64_t hash = 0;
    uint32_t first_token = 0;
    uint32_t end_token = 0;
  };
  // The words of an analysed text, in order.
  std::vector<TextWord> TextWords(std::string_view text, const std::vector<Token>& tokens) const;
  // The words of a free text (a query), tokenized whole, in order.
  std::vector<uint64_t> WordHashes(std::string_view text) const;
  // What keyword search indexes of an article: the words of its title when
  // the title is a field of its own (TitleOutsideText), then those of its text.
  std::vector<uint64_t> ArticleWordHashes(const Article& article, const AnalyzedText& analysis) const;
  // Count-sketch of `v` into out[0..dim), L2-normalised.
  void Dense(const SparseVector& v, float* out) const;
  // The same sketch into any dimension (sentence matrices use a wider one).
  void Sketch(const SparseVector& v, int dim, float* out) const;
  // The lexicon Translate goes through (empty: none; a model's own is
  // seeded and refined by RefineLexicon). SetLexicon compiles it into the
  // feature space.
  const Lexicon& lexicon() const;
  void SetLexicon(Lexicon lexicon);
  // True when the lexicon translates `from` into `to`.
  bool Translates(std::string_view from, std::string_view to) const;
  // True for two different, named languages the lexicon translates each into the other.
  bool TranslatesBothWays(std::string_view a, std::string_view b) const;
  // Tokens [token_begin, token_end) of an analysed text in the feature space
  // of language `to`: its own words (names, numbers and cognates meet as
  // they are) and, for each word whose stem the lexicon translates from the
  // article's language, each translation counted as a word of the text (its
  // stem and the character n-grams the target language has); weighed as
  // Vectorize weighs (no lead, no cut). Dot(TranslatedVector(a), b) is how
  // much of `a` says what `b` says. Vectorize's vector when the lexicon lacks
  // the direction. Expanding the text, not a stored vector: measured on
  // newstest2012, a map applied to stored vectors found the translation
  // first for 0.72 of the sentences, the text expanded 0.83.
  SparseVector TranslatedVector(const Article& article, const AnalyzedText& analysis, uint32_t token_begin,
                                uint32_t token_end, std::string_view to) const;
  // The words of sentence `sentence`, in order, spelled as features see
  // them (case and accents folded): what RefineLexicon aligns.
  std::vector<std::string> SentenceWords(const Article& article, const AnalyzedText& analysis,
                                         size_t sentence) const;
  // SimHash codes (simhash_bits / 8 bytes each) of n row-major dense vectors.
  void SimHash(int64_t n, const float* dense, uint8_t* codes) const;
  // The sentence index's code of every sentence (simhash_bits / 8 bytes
  // each, in order): SimHash of the sentence's word features (characters
  // n-grams would double the cost of indexing for a coarse lookup).
  std::vector<uint8_t> SentenceCodes(const Article& article, const AnalyzedText& analysis) const;

  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  ~Model();

 private:
  struct Impl;
  explicit Model(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True when the article's title is a field of its own (JSONL, CSV), not the
// first line of its text (.txt): its words are then analysed apart.
bool TitleOutsideText(const Article& article);

// Analyzes, vectorises and compares two texts: the cosine the product reports
// (ArticleCosine, given their languages).
float Similarity(const Model& model, const Article& a, const Article& b);

}  // namespace parallax
