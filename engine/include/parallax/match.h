// Matching: how two articles relate (similarity, shared passages, relation),
// the most similar stored articles for a query, and every related pair of a
// collection found through the indexes (never an all-pairs loop).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parallax/align.h"
#include "parallax/collection.h"
#include "parallax/fingerprints.h"
#include "parallax/model.h"
#include "parallax/status.h"

namespace parallax {

// Strongest first: a listing down to a relation lists the stronger ones too.
enum class Relation { kDuplicate, kTranslation, kReuse, kSameEvent, kRelated, kUnrelated };
// "duplicate", "translation", "reuse", "same-event", "related", "unrelated"
const char* RelationName(Relation relation);
// True for the relations of texts that share passages, one taken (or
// translated) from the other: duplicate, translation, reuse.
inline bool SharesPassages(Relation r) {
  return r == Relation::kDuplicate || r == Relation::kTranslation || r == Relation::kReuse;
}

// How a pair's figures map to its relation; the first rule that holds wins:
//   translation translated >= translation (the larger share of either text
//               inside translated passages: texts of two languages)
//   duplicate   reuse_a >= duplicate_reuse and reuse_b >= duplicate_reuse
//   reuse       max(reuse_a, reuse_b) >= reuse
//   same-event  similarity >= same_event
//   related     similarity >= related
//   unrelated   otherwise
// One threshold serves pairs of one language and of two: across languages
// the similarity counts only what both languages can share (ArticleCosine).
struct RelationThresholds {
  // Default: 0.5 (most of one text is a translation of the other: a
  // translator's cuts and additions leave the shorter side mostly covered).
  float translation = 0.5f;
  float duplicate_reuse = 0.8f;  // Default: 0.8 (nearly all of both texts is shared)
  float reuse = 0.15f;           // Default: 0.15 (a paragraph of a typical article)
  // Default: 0.21 (on SemEval, "same story" at precision 0.70, recall 0.86 for
  // pairs of one language; 0.66 and 0.77 for German-English pairs; on
  // data/corpus, precision 0.99: see README)
  float same_event = 0.21f;
  float related = 0.19f;  // Default: 0.19
};
Relation Classify(float similarity, float reuse_a, float reuse_b, const RelationThresholds& thresholds,
                  float translated = 0);

struct CompareOptions {
  AlignOptions align;
  ParaphraseOptions paraphrase;
  // Look for paraphrased sentences (sentence vectors) in pairs at least this
  // similar (rewrites of unrelated articles are not plausible). Default: true, 0.12.
  bool paraphrases = true;
  float paraphrase_min_similarity = 0.12f;
  // Passages that follow each other in both texts with at most this many
  // bytes between them (about a sentence) are one reuse: they merge into one
  // `edited` passage (or `paraphrase` if both are). Default: 250.
  uint32_t merge_gap_bytes = 250;
  // Across languages the model's lexicon translates, look for translated
  // sentences (kTranslated passages) in pairs whose TranslatedSimilarity is
  // at least this: a screen that spares the sentence alignment of unrelated
  // pairs. On newstest2012, a tenth of the sentences and their translations
  // have less than 0.12; 0.15 lost P@1 0.86 -> 0.77. Default: true, 0.08.
  bool translations = true;
  float translation_min_similarity = 0.08f;
  TranslationOptions translation;
  RelationThresholds thresholds;
};

// A prepared text in another language through the model's lexicon, made
// once however many texts of that language it is compared with.
struct TranslatedText {
  std::string lang;
  SparseVector article;                 // Expand(TranslatedArticle)
  std::vector<SparseVector> sentences;  // each sentence's TranslatedVector; empty until asked for
};

// An article analysed and vectorised once, to be compared many times.
struct PreparedText {
  const Model* model = nullptr;
  const Article* article = nullptr;
  const LanguageVocabulary* vocabulary = nullptr;  // the model's, of the article's language
  AnalyzedText analysis;
  SparseVector vector;
  WordSet words;  // distinct words; empty with a stored vector (FindPairs)
  std::vector<uint32_t> paragraph_starts;  // tokens that start a content segment
  std::vector<SparseVector> sentence_vectors;
  std::vector<float> sentence_sketch;  // row-major, sentences x kSentenceSketchDim
  // By language (PrepareTranslation); Compare makes what is missing itself.
  std::vector<TranslatedText> translations;
};
// Width of the sentence sketches that screen sentence pairs (cosine error
// about 1/sqrt(dim)); accepted pairs are re-scored exactly.
constexpr int kSentenceSketchDim = 256;
// `sentences` = false leaves out the sentence vectors (cheaper): such a text
// gets no paraphrase passages until PrepareSentences adds them. With a
// thesaurus, word similarity also matches synonyms.
PreparedText Prepare(const Model& model, const Article& article, bool sentences = true,
                     const Thesaurus* thesaurus = nullptr);
PreparedText Prepare(const Model& model, const Article& article, AnalyzedText analysis, bool sentences = true,
                     const Thesaurus* thesaurus = nullptr);
// With the article's vector already computed (a collection stores it); leaves
// `words` empty, so containment is 0 and word similarity empty (FindPairs
// reports neither).
PreparedText Prepare(const Model& model, const Article& article, AnalyzedText analysis, SparseVector vector,
                     bool sentences);
void PrepareSentences(const Model& model, PreparedText* text);
// Gives `text` its translation into `to` unless it holds it: the whole
// article (what Compare screens pairs on), and with `sentences` each
// sentence too (what it aligns translated sentences on).
void PrepareTranslation(const Model& model, PreparedText* text, const std::string& to, bool sentences);

enum class Source { kUnknown, kA, kB };  // which text was published first
// The earlier of two articles by date (ParseDate): the one whose date ends
// before the other's begins, in UTC; unknown when a date is missing or not
// read, or when they overlap (the same day at day precision).
Source Earlier(const Article& a, const Article& b);

struct Comparison {
  float similarity = 0;  // cosine of the TF-IDF vectors, in [0, 1] (non-negative weights)
  float reuse_a = 0;     // share of A's content characters inside passages (translated ones too)
  float reuse_b = 0;
  // The larger share of either text's content characters inside translated
  // passages (what `translation` is classified on).
  float translated = 0;
  // Share of A's vocabulary (distinct words, weighted by IDF) that B uses too:
  // the classic derivation measure (Broder; Clough et al. on METER). A text
  // rewritten from another keeps its words even where no passage survives.
  float containment_a = 0;
  float containment_b = 0;
  // How well the words of each text find words spelled like them, or
  // synonyms, in the other (WordSimilarity): ranks sentence pairs better than
  // `similarity`. Empty for long texts and in FindPairs.
  std::optional<float> word_similarity;
  Relation relation = Relation::kUnrelated;
  // The earlier article (Earlier), only for texts that share passages (where
  // first reads as "copied from"); unknown otherwise.
  Source source = Source::kUnknown;
  std::vector<Passage> passages;
};
Comparison Compare(const PreparedText& a, const PreparedText& b, const CompareOptions& options = {});

// A whole article in the feature space of language `to`
// (Model::TranslatedVector), cut to its 8 x max_features strongest features and
// stored as collections store vectors: the same in every command.
CompactVector TranslatedArticle(const Model& model, const Article& article, const AnalyzedText& analysis,
                                std::string_view to);
// How alike two texts of two languages are through the model's lexicon: the
// mean of Dot(a in b's language, b) and Dot(a, b in a's language), in [0, 1].
float TranslatedSimilarity(const SparseVector& a_in_b, const SparseVector& b, const SparseVector& a,
                           const SparseVector& b_in_a);
// The same of two prepared texts; 0 when they are of one language, or the
// lexicon lacks a direction.
float TranslatedSimilarity(const PreparedText& a, const PreparedText& b);
// Compare's screen before it looks for translated sentences: translations
// on, and TranslatedSimilarity at least translation_min_similarity.
bool MayHoldTranslations(const PreparedText& a, const PreparedText& b, const CompareOptions& options);

// Weighted share of `a`'s keys that `b` has too: sum of a's values on shared
// keys over the sum of all of a's values (0 for an empty a). Not symmetric.
float Containment(const SparseVector& a, const SparseVector& b);

// Word alignment by spelling and meaning: each word of one text is matched
// to the word of the other whose character 2-4-grams are closest (cosine;
// below 0.5 counts as no match), or to a synonym (0.9; the thesaurus the
// word sets were prepared with), and the match strengths are averaged with
// IDF^2 weights, in both directions; the result is their harmonic mean, in
// [0, 1], symmetric. Inflections, typos, transliterations and synonyms meet,
// where the TF-IDF cosine needs the same n-grams. A measure for sentences and
// short texts: it ranks sentence pairs better than `similarity` (STS-B 76.6
// vs 73.2), but between articles nearly every word finds a namesake
// (SemEval below `similarity`), and its cost grows with the product of the
// two vocabularies. Empty (nullopt) unless both texts are spelled
// (kMaxSpelledWords).
std::optional<float> WordSimilarity(const WordSet& a, const WordSet& b);

// Share of the characters of `article`'s content segments inside `spans`
// (byte spans into its text; overlaps counted once). In [0, 1].
float ContentShare(const Article& article, std::vector<Span> spans);

struct SearchHit {
  size_t article = 0;   // collection row
  float similarity = 0; // cosine with the stored article vector (8-bit weights: within 1%)
  Relation relation = Relation::kUnrelated;  // of the query and the article (CompareWithStored)
};
// The k stored articles most related to `query`, ranked as FindPairs lists
// pairs: strongest relation first, then similarity. Candidates come from the
// FAISS article index (searched with the query and with its translations
// into the languages the lexicon translates it both ways), and the sentence
// index; each is compared with the query as pairs compares two stored
// articles (CompareWithStored).
StatusOr<std::vector<SearchHit>> Search(const Collection& collection, const Article& query, int k);

// How SearchCollection answers a query: `keywords` ranks the articles that
// hold the query's words (or its quoted phrases) by BM25 over the
// collection's word index; `similar` ranks them by `similarity` to the query
// as a whole article ("more like this", Search).
enum class SearchMode { kAuto, kKeywords, kSimilar };
const char* SearchModeName(SearchMode mode);  // "auto", "keywords", "similar"

struct SearchOptions {
  int k = 10;  // at most this many results. Default: 10.
  // kAuto: keywords for a query with a double quote or of at most
  // max_keyword_words words, else similar. Default: kAuto.
  SearchMode mode = SearchMode::kAuto;
  size_t max_keyword_words = 30;  // Default: 30 (a headline is 10-15, a short paragraph 50).
  // Results stop at these scores, never padded up to k. Defaults: 0.1
  // (similar: about half the `related` threshold; an article that shares
  // passages with the query is listed whatever its similarity) and 0
  // (keywords: every article that holds a query word, or all the quoted
  // phrases, whose BM25 is above 0).
  float min_similarity = 0.1f;
  float min_bm25 = 0.0f;
  // BM25's term-frequency saturation and length normalisation. Defaults: 1.2,
  // 0.75 (Robertson's, as Lucene and SQLite FTS5 use).
  float bm25_k1 = 1.2f;
  float bm25_b = 0.75f;
  // A snippet is the sentence that holds the most of the query's words (by
  // IDF), or a window of at most this many bytes of it around its first
  // match. Default: 240.
  uint32_t snippet_bytes = 240;
};

// A query in keyword mode: its words outside double quotes (any of them may
// match) and its quoted phrases of two words or more (each must match, its
// words consecutive); words as features define them (case and accents
// folded). An unclosed quote runs to the end.
struct KeywordQuery {
  std::vector<uint64_t> words;                 // distinct
  std::vector<std::vector<uint64_t>> phrases;  // in order, words in order
};
KeywordQuery ParseKeywordQuery(const Model& model, std::string_view text);

struct SearchResult {
  size_t article = 0;  // collection row
  float score = 0;     // keywords: BM25 (unbounded, above 0); similar: similarity in [0, 1]
  Span snippet;        // byte span of the article's text (on character boundaries)
  std::optional<Relation> relation;  // similar: of the query and the article (SearchHit); keywords: none
};
struct SearchResults {
  SearchMode mode = SearchMode::kKeywords;  // the one used (never kAuto)
  std::vector<SearchResult> results;        // best first
};
// Answers `query` (its text: a few words, quoted phrases, or an article)
// from the collection, in the mode options.mode chooses.
StatusOr<SearchResults> SearchCollection(const Collection& collection, const Article& query,
                                         const SearchOptions& options = {});

struct PairOptions {
  // Neighbours per article in the k-NN self-join of the dense article vectors
  // (those in its own language): a join of the vectors (for the "Flat"
  // article index, the default), else a search of the collection's article
  // index. Each article also gets this many neighbours in every other
  // language of the collection, by sketches that estimate ArticleCosine,
  // joined per pair of languages. Default: 10.
  int neighbors = 10;
  // Joins of two sets whose sizes multiply to more than this are approximate:
  // each vector is searched in the cells nearest to it (PartitionedSearch),
  // not among all (ExactSelfJoin, ExactJoin), whose time grows with the
  // product (on two cores, 1 to 2 s per 10^9). Default: 5e10, the self-join
  // of 224,000 articles (about 50 s).
  int64_t exact_join_limit = 50'000'000'000;
  // Winnowing: anchors are hashes of `fingerprint_ngram` tokens, the minimum of
  // every window of `fingerprint_window` anchors is kept. Defaults: 5, 8, the
  // winnowing the collection stores (other values winnow every article again).
  int fingerprint_ngram = kFingerprintNgram;
  int fingerprint_window = kFingerprintWindow;
  // Fingerprints shared by more articles than this are boilerplate: ignored
  // for candidates. Default: 50.
  int max_fingerprint_articles = 50;
  // Articles sharing at least this many fingerprints are candidates (a shared
  // passage of about window + n + 8 tokens guarantees two). Default: 2.
  int min_shared_fingerprints = 2;
  // Only pairs where one article's outlet is `outlet` (empty: any). Default: "".
  std::string outlet;
  // Only pairs sharing passages whose earlier article (their source) is from this outlet;
  // with `outlet` too, the other article is from `outlet`: "what did outlet X
  // take from outlet Y". Default: "" (no filter).
  std::string source_outlet;
  // Only pairs of articles that came out at most this many days apart
  // (DaysApart; an undated article pairs with any), dropped before they are
  // scored: what `stories` asks for its window. Empty: no limit (default).
  std::optional<double> max_days_apart;
  // Report pairs down to this relation (kRelated lists everything related).
  Relation weakest = Relation::kRelated;
  // Every related pair, also those between the copies of one reprint group
  // (n copies: n(n-1)/2 pairs, each aligned). Default: false, each copy is
  // listed with its group's source only (ArticlePair::duplicate_of).
  bool all_pairs = false;
  CompareOptions compare;
};

// The stages FindPairs reports to its ProgressFn, in this order (what the
// benchmarks time).
namespace pair_stage {
inline constexpr const char* kSelfJoin = "k-NN self-join";
inline constexpr const char* kAcrossLanguages = "k-NN across languages";
inline constexpr const char* kFingerprinting = "fingerprinting";
inline constexpr const char* kGrouping = "grouping reprints";  // not with all_pairs
// With reprint groups, the total grows once the pairs that groups could not
// stand for are known: they are scored last.
inline constexpr const char* kScoring = "scoring candidates";
}  // namespace pair_stage

struct ArticlePair {
  size_t a = 0;  // collection rows, a < b
  size_t b = 0;
  Comparison comparison;
  // Set on the pair of a reprint and its group's source (the earliest copy):
  // the source's row, a or b; the other article is a copy of it.
  std::optional<size_t> duplicate_of;
  // On a pair of two languages the lexicon translates, aligned in full: its
  // TranslatedSimilarity over the mean of both articles' k nearest in the
  // other language (the bitext miners' margin; above 1: it stands out among
  // both articles' neighbours). What ranks an article's translations.
  std::optional<float> translation_margin;
};
// Related pairs sorted by relation strength, then similarity (descending).
// Every candidate gets its similarity from the stored article vectors; only
// candidates sharing fingerprints (where reused text can be) are aligned, so a
// pair whose only reuse is paraphrase without any shared passage shows as
// same-event or related here (`compare` finds its paraphrases).
//
// Reprint groups (unless options.all_pairs): an article whose text is mostly
// inside an earlier one's (by shared fingerprints and close vectors, before
// scoring) joins the group of the earliest such article, its source; it is
// aligned with that source only, and kept in the group when that pair is
// listed and nearly all of the copy lies in shared passages (its reuse at
// least thresholds.duplicate_reuse): the pair gets `duplicate_of`. The pairs
// of two copies of one group are then not listed, and a pair of articles of
// two groups is listed as the pair of their sources (an article in no group
// is a group of one) when that pair is a candidate, shares text if theirs does,
// and is listed. Whatever the grouping leaves out is scored as without it, so
// the articles linked by listed pairs are linked the same way (and a listed
// pair scores as in ComparePair, group or not). "Earliest": by date (a date
// that ends before another begins comes first, as in Earlier), dated before
// undated, then by row.
StatusOr<std::vector<ArticlePair>> FindPairs(const Collection& collection, const PairOptions& options,
                                             const ProgressFn& progress = {});

// Rows `a` and `b` of the collection scored as FindPairs scores them (the same
// code): aligned when they share fingerprints that are not boilerplate, else
// judged by their stored vectors, so a pair FindPairs lists gets the same
// similarity, relation and passages here. The candidate search and the
// outlet filters are not applied. A is row `a`, whichever row is lower.
StatusOr<Comparison> ComparePair(const Collection& collection, size_t a, size_t b, const PairOptions& options = {});

// The steps of FindPairs for the shards of one corpus (collections indexed
// with one model, rows numbered across them), which parallax_dask runs on
// a cluster and joins there; each computes what FindPairs does on one
// collection, so both list the same pairs with the same figures.
//
// The lowest dense inner product a k-NN neighbour is kept from: the dense
// cosine estimates the exact one within about 1/sqrt(dim), so neighbours are
// kept from that far below the related threshold.
float NeighbourFloor(const PairOptions& options, int dim);
// The posting key (the high 32 bits) of each winnowed fingerprint of the
// article at `row`, as FindPairs posts them.
std::vector<uint32_t> FingerprintKeys(const Collection& collection, size_t row, const PairOptions& options);
// Given postings key << 32 | row sorted ascending, each pair of rows
// (lo << 32 | hi, lo < hi) under one key held by 2 to max_fingerprint_articles
// postings, once per such key: a pair listed min_shared_fingerprints times
// shares text.
std::vector<uint64_t> FingerprintPairEntries(const std::vector<uint64_t>& sorted_postings, const PairOptions& options);
// The article's vector sketched as ShareableWith `other` (dim floats, of
// the length ShareableWith leaves): inner products of two such sketches, each
// made for the other's language, estimate ArticleCosine.
void ShareableSketch(const Model& model, const CompactVector& vector, const LanguageVocabulary& other, float* out);
// A candidate pair scored as FindPairs scores it: aligned when it shares
// text, else judged by the stored vectors. Row `a` of `collection_a` is A,
// the article with the lower row of the corpus (FindPairs' order); both
// collections have the same model (collection_a's is used).
Comparison ScoreCandidate(const Collection& collection_a, size_t a, const Collection& collection_b, size_t b,
                          bool shares_text, const PairOptions& options);
// A text that is not stored (`query`, prepared by the collection's model,
// its vector weighted as stored ones are: Expand(Compact(...))) against
// stored row `row`, scored as ScoreCandidate scores a candidate: aligned when
// the two share min_shared_fingerprints fingerprints (the query is in no
// posting, so none counts as boilerplate) or may hold translations, else
// judged by the vectors. What Compare needs is prepared in `query` once.
Comparison CompareWithStored(const Collection& collection, PreparedText* query, size_t row,
                             const PairOptions& options = {});
// Many candidates between two collections (or within one: pass it twice),
// each scored as ScoreCandidate scores it, in parallel; the articles of
// candidates sharing text are prepared once a group of connected candidates,
// as FindPairs prepares them.
struct CandidatePair {
  size_t a = 0;  // row of collection_a
  size_t b = 0;  // row of collection_b
  bool shares_text = false;
};
StatusOr<std::vector<Comparison>> ScoreCandidatesBetween(const Collection& collection_a,
                                                         const Collection& collection_b,
                                                         const std::vector<CandidatePair>& candidates,
                                                         const PairOptions& options);

}  // namespace parallax
