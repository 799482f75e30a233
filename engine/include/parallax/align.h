// Passage alignment: the spans two texts share, found from hashed token
// n-gram anchors that are chained and merged across small edits.
#pragma once

#include <cstdint>
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

// A text ready for alignment. `text` must outlive it.
struct TokenizedText {
  std::string_view text;
  std::vector<Token> tokens;  // in text order, not overlapping
};

enum class PassageKind { kVerbatim, kEdited, kParaphrase };
const char* PassageKindName(PassageKind kind);  // "verbatim", "edited", "paraphrase"

// A passage of A and the passage of B it was taken from (or that took it).
// Byte spans into each TokenizedText::text, starting and ending on token bounds.
struct Passage {
  Span a;
  Span b;
  PassageKind kind = PassageKind::kVerbatim;
  float score = 0;  // in (0, 1]: share of the passage's tokens matched exactly
};

struct AlignOptions {
  // Tokens per anchor n-gram. Default: 5.
  int anchor_ngram = 5;
  // Two anchors chain into one passage when both texts advance by at most this
  // many tokens between them (edits, inserted words). Default: 20.
  int max_gap_tokens = 20;
  // Passages shorter than this many tokens in either text are dropped. Default: 10.
  int min_passage_tokens = 10;
};

// All passages A and B share, sorted by position in A. Passages do not overlap
// in A; a passage of B may be reported twice only if A repeats it.
// Reordered paragraphs are found: a passage is matched wherever it is in B.
std::vector<Passage> AlignPassages(const TokenizedText& a, const TokenizedText& b,
                                   const AlignOptions& options = {});

}  // namespace parallax
