// Passage alignment: the spans two texts share, found from hashed token
// n-gram anchors that are chained and merged across small edits.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "parallax/article.h"

namespace parallax {

// One token of a text: a term id (a sentencepiece piece id, case-folded) and
// the bytes of the original text it covers.
struct Token {
  uint32_t id = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

// A text ready for alignment: a view, nothing is copied.
struct TokenizedText {
  std::string_view text;
  std::span<const Token> tokens;  // in text order, not overlapping; must outlive it
  // Indexes of the tokens that start a paragraph (ascending; may be empty):
  // no anchor crosses one, so passages start and end inside paragraphs
  // (consecutive copied paragraphs still join into one passage).
  std::span<const uint32_t> paragraph_starts;
};

// kTranslated: sentences of two languages that say the same (AlignTranslations).
enum class PassageKind { kVerbatim, kEdited, kParaphrase, kTranslated };
const char* PassageKindName(PassageKind kind);  // "verbatim", "edited", "paraphrase", "translated"

// A passage of A and the passage of B it was taken from (or that took it).
// Byte spans into each TokenizedText::text, starting and ending on token bounds.
struct Passage {
  Span a;
  Span b;
  PassageKind kind = PassageKind::kVerbatim;
  // In (0, 1]: share of A's passage tokens covered by exactly matching anchor
  // n-grams; 1 for a verbatim passage; the sentences' similarity for a
  // paraphrase or a translation.
  float score = 0;
};

struct AlignOptions {
  // Tokens per anchor n-gram. Default: 5.
  int anchor_ngram = 5;
  // Two anchors chain into one passage when both texts advance by at most this
  // many tokens between them (edits, inserted words). Default: 20.
  int max_gap_tokens = 20;
  // Passages shorter than this many tokens in either text are dropped. Default: 10.
  int min_passage_tokens = 10;
  // Anchor n-grams found more often than this in B are skipped: they say little
  // and would make repetitive text quadratic. Default: 8.
  int max_anchor_occurrences = 8;
};

// All passages A and B share, sorted by position in A. Passages do not overlap
// in A; a passage of B may be reported twice only if A repeats it. Where two
// matches claim the same A tokens (B holds a passage twice), the one covering
// more tokens keeps them (on a tie, the earlier in B) and the other is cut
// around them.
// Reordered paragraphs are found: a passage is matched wherever it is in B.
// A passage runs from the first token of its first anchor to the last token of
// its last anchor in both texts; it is kVerbatim when both token id sequences
// are identical, else kEdited (never kParaphrase). Linear in the text lengths;
// thread-safe (scratch buffers are per thread).
std::vector<Passage> AlignPassages(const TokenizedText& a, const TokenizedText& b,
                                   const AlignOptions& options = {});

}  // namespace parallax

namespace parallax {

struct ParaphraseOptions {
  // A sentence pair needs at least this cosine of sentence vectors. Default: 0.5.
  float min_cosine = 0.5f;
  // ...and must beat the runner-up of its row and of its column by this much
  // (a margin, as bitext miners use, so that a sentence similar to everything
  // on the topic is not taken for a rewrite). Default: 0.05.
  float min_margin = 0.05f;
  // Sentences already covered at least this much by passages are skipped. Default: 0.5.
  float max_covered = 0.5f;
  // Sentences with fewer tokens are ignored (headlines, datelines). Default: 6.
  int min_tokens = 6;
};

// One sentence of a text, as the paraphrase aligner sees it.
struct SentenceInfo {
  Span span;           // bytes of the sentence
  uint32_t tokens = 0; // how many tokens it has
  float covered = 0;   // share of its bytes already inside passages
};

// Paraphrased sentences: pairs (i, j) that are each other's best match in
// `cosine` (row-major, a.size() x b.size()), pass the options' thresholds, and
// are not already covered by passages. Returned as kParaphrase passages of
// whole sentences with score = cosine, sorted by position in A.
std::vector<Passage> AlignParaphrases(const std::vector<SentenceInfo>& a, const std::vector<SentenceInfo>& b,
                                      const std::vector<float>& cosine, const ParaphraseOptions& options = {});

struct TranslationOptions {
  // A sentence pair of two languages needs at least this similarity (the
  // mean of the cosines of each, translated, with the other: TranslatedVector).
  // Default: 0.15 (0.1 found P@1 0.86 on newstest2012 but made two reports
  // of unrelated events in two languages a translation).
  float min_similarity = 0.15f;
  // ...and must beat the runner-up of its row and of its column by this
  // ratio (the bitext miners' margin). Default: 1.2.
  float min_margin = 1.2f;
  // A sentence next to an aligned pair joins it (a sentence the translator
  // split in two, or two merged into one) when the pair's sentence of the
  // other text is its best match and their similarity is at least this
  // share of the pair's. Default: 0.5.
  float min_join = 0.5f;
  // A chain of groups (each next to another in both texts) needs one of at
  // least this similarity, unless it is all of either text (a sentence and
  // its translation). Default: 0.2.
  float min_lone_similarity = 0.2f;
  // Sentences with fewer tokens are ignored (datelines). Default: 4.
  int min_tokens = 4;
};

// Translated sentences: one-to-one anchors (pairs that are each other's best
// match in `similarity`, row-major a.size() x b.size(), above the options'
// similarity and margin) in any order, so that reordered paragraphs are
// found; then runs (the pair next to an anchor in both texts, the best of
// its row or column); then sentences joined to the group next to them where
// a translator split or merged sentences; a chain of groups stays only with
// a pair above min_lone_similarity. Returned as kTranslated passages, a group of
// consecutive sentences on each side, score = the group's similarity,
// sorted by position in A. SentenceInfo::covered is not read.
std::vector<Passage> AlignTranslations(const std::vector<SentenceInfo>& a, const std::vector<SentenceInfo>& b,
                                       const std::vector<float>& similarity, const TranslationOptions& options = {});

}  // namespace parallax
