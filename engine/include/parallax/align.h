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
};

enum class PassageKind { kVerbatim, kEdited, kParaphrase };
const char* PassageKindName(PassageKind kind);  // "verbatim", "edited", "paraphrase"

// A passage of A and the passage of B it was taken from (or that took it).
// Byte spans into each TokenizedText::text, starting and ending on token bounds.
struct Passage {
  Span a;
  Span b;
  PassageKind kind = PassageKind::kVerbatim;
  // In (0, 1]: share of A's passage tokens covered by exactly matching anchor
  // n-grams; 1 for a verbatim passage.
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
