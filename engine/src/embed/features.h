// Hashed feature extraction shared by model fitting and vectorising.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "parallax/bytes.h"
#include "parallax/model.h"

namespace parallax {

// What feature extraction needs of each piece id, decoded once per model
// instead of once per token.
class PieceTable {
 public:
  explicit PieceTable(const Tokenizer& tokenizer);

  struct Piece {
    uint32_t first = 0;   // its code points: codepoints()[first, first + size)
    uint32_t size = 0;
    bool unknown = true;  // no piece text: the token's own bytes stand for it
  };
  // Ids at or above the vocabulary (unknown pieces) get the unknown entry.
  const Piece& operator[](uint32_t id) const { return id < pieces_.size() ? pieces_[id] : unknown_; }
  const uint32_t* codepoints() const { return codepoints_.data(); }

 private:
  std::vector<Piece> pieces_;
  std::vector<uint32_t> codepoints_;  // case-folded, "▁" as a space
  Piece unknown_;
};

// Decodes valid UTF-8 (the corpus reader guarantees it) into code points,
// sentencepiece's word marker "▁" as a space.
void AppendCodepoints(std::string_view s, std::vector<uint32_t>* out);

// True for a code point that is not part of a word: spaces, ASCII punctuation
// and symbols, and the punctuation and symbol blocks news text uses (Latin-1's
// no-break space, « » and ¿; ’ “ „ – — … and €; arrows, shapes and emoji;
// Arabic and CJK punctuation). Letters and digits of every script are words.
inline bool IsWordBreak(uint32_t cp) {
  if (cp < 0x80) return !((cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'));
  if (cp < 0xC0) return cp != 0xAA && cp != 0xB2 && cp != 0xB3 && cp != 0xB5 && cp != 0xB9 && cp != 0xBA;
  if (cp == 0xD7 || cp == 0xF7) return true;  // × ÷
  if (cp < 0x0600) return false;
  if (cp < 0x0700) {  // Arabic comma, semicolon, question mark, percent and separators, full stop
    return cp == 0x060C || cp == 0x061B || cp == 0x061F || (cp >= 0x066A && cp <= 0x066D) || cp == 0x06D4;
  }
  if (cp < 0x2000) return false;
  if (cp < 0x2070 || (cp >= 0x20A0 && cp < 0x20D0)) return true;  // general punctuation, currency
  if (cp >= 0x2190 && cp < 0x2C00) return true;                    // arrows, maths, boxes, shapes, dingbats
  if ((cp >= 0x2E00 && cp < 0x2E80) || (cp >= 0x3000 && cp < 0x3040)) return true;
  return cp >= 0x1F000 && cp < 0x1FB00;  // emoji and pictographs
}

// Latin letters with diacritics fold to their base letter (é è ê ë -> e,
// ç -> c, ñ -> n, ş -> s), as search engines fold accents: writers and
// scrapes drop them ("Gdansk", "Senegal"), and cognates meet across
// languages ("élection", "election"; "région", "region"). Letters with no
// base letter (æ ø ß ł đ ı) stay themselves. SemEval 0.6993 -> 0.701,
// French headlines and data/corpus up, English unchanged (see README).
inline uint32_t FoldDiacritic(uint32_t cp) {
  static constexpr char kBase[0x180 - 0xC0] = {  // 0: no base letter
      'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // U+00C0
      0, 'n', 'o', 'o', 'o', 'o', 'o', 0, 0, 'u', 'u', 'u', 'u', 'y', 0, 0,  // U+00D0
      'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // U+00E0
      0, 'n', 'o', 'o', 'o', 'o', 'o', 0, 0, 'u', 'u', 'u', 'u', 'y', 0, 'y',  // U+00F0
      'a', 'a', 'a', 'a', 'a', 'a', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'd', 'd',  // U+0100
      0, 0, 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'g', 'g', 'g', 'g',  // U+0110
      'g', 'g', 'g', 'g', 'h', 'h', 0, 0, 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'i',  // U+0120
      'i', 0, 0, 0, 'j', 'j', 'k', 'k', 0, 'l', 'l', 'l', 'l', 'l', 'l', 0,  // U+0130
      0, 0, 0, 'n', 'n', 'n', 'n', 'n', 'n', 0, 0, 0, 'o', 'o', 'o', 'o',  // U+0140
      'o', 'o', 0, 0, 'r', 'r', 'r', 'r', 'r', 'r', 's', 's', 's', 's', 's', 's',  // U+0150
      's', 's', 't', 't', 't', 't', 0, 0, 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',  // U+0160
      'u', 'u', 'u', 'u', 'w', 'w', 'y', 'y', 'y', 'z', 'z', 'z', 'z', 'z', 'z', 0,  // U+0170
  };
  if (cp < 0xC0 || cp >= 0x180 || kBase[cp - 0xC0] == 0) return cp;
  return static_cast<uint32_t>(kBase[cp - 0xC0]);
}

// Lower case for the scripts of the dictionaries we read (Latin, Greek,
// Cyrillic). The tokenizer folds most words already; this makes the
// thesaurus and lexicon side, and the rare unknown piece, agree with it.
inline uint32_t FoldCase(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0) return c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB && c != 0x3A2) ||
      (c >= 0x410 && c <= 0x42F))
    return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c == 0x178) return 0xFF;  // Ÿ
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149 && c != 0x17F) {
    // Latin Extended-A pairs: even upper/odd lower, except in 0x139-0x148 and 0x179-0x17E (odd upper).
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper ? (c % 2 == 1) : (c % 2 == 0)) return c + 1;
  }
  return c;
}

// A letter as words spell it (ForEachWord): lower case, diacritics folded.
inline uint32_t FoldLetter(uint32_t c) { return FoldDiacritic(FoldCase(c)); }

// Walks tokens [begin, end) word by word, the one definition of a word every
// feature shares: a run of code points that are not word breaks, within
// tokens that touch (a gap between tokens ends a word). A word is its
// spelling, not the pieces the tokenizer cut it into: "l’incendie", "(incendie"
// and "incendie," all hold the word "incendie" (hashed from piece ids, they and
// a plain "incendie" were different words). Appends each word to *spelled as a
// space and its code points (case-folded by the tokenizer, an unknown token's
// own bytes as they are; diacritics folded), and calls
// on_word(hash, first, last, first_token, end_token) with the hash of its code
// points, where they lie: (*spelled)[first, last), and the tokens that hold
// them: [first_token, end_token).
template <typename OnWord>
void ForEachWordOfTokens(const PieceTable& pieces, std::string_view text, const std::vector<Token>& tokens,
                         size_t begin, size_t end, std::vector<uint32_t>* spelled, OnWord&& on_word) {
  thread_local std::vector<uint32_t> unknown;  // an unknown token's own code points
  uint64_t hash = 0;
  size_t first = 0, first_token = 0, last_token = 0, t = begin;
  bool in_word = false;
  auto finish = [&] {
    if (in_word) on_word(hash, first, spelled->size(), first_token, last_token + 1);
    in_word = false;
  };
  auto put = [&](uint32_t cp) {
    if (IsWordBreak(cp)) return finish();
    cp = FoldDiacritic(cp);
    if (!in_word) {
      spelled->push_back(' ');
      first = spelled->size();
      first_token = t;
      hash = 0;
      in_word = true;
    }
    spelled->push_back(cp);
    last_token = t;
    hash = Mix64(hash ^ cp);
  };
  for (; t < end; ++t) {
    if (t > begin && tokens[t - 1].end < tokens[t].begin) finish();
    const PieceTable::Piece& piece = pieces[tokens[t].id];
    if (piece.unknown) {
      unknown.clear();
      AppendCodepoints(text.substr(tokens[t].begin, tokens[t].end - tokens[t].begin), &unknown);
      for (uint32_t cp : unknown) put(cp);
    } else {
      const uint32_t* cp = pieces.codepoints() + piece.first;
      for (uint32_t k = 0; k < piece.size; ++k) put(cp[k]);
    }
  }
  finish();
}

// ForEachWordOfTokens for callers that need no token positions:
// on_word(hash, first, last).
template <typename OnWord>
void ForEachWord(const PieceTable& pieces, std::string_view text, const std::vector<Token>& tokens, size_t begin,
                 size_t end, std::vector<uint32_t>* spelled, OnWord&& on_word) {
  ForEachWordOfTokens(pieces, text, tokens, begin, end, spelled,
                      [&](uint64_t hash, size_t first, size_t last, size_t, size_t) { on_word(hash, first, last); });
}

// A word's feature key from its ForEachWord hash, in a space of 2^hash_bits.
inline uint32_t WordKey(uint64_t word_hash, int hash_bits) {
  return static_cast<uint32_t>(Mix64(word_hash)) & ((1u << hash_bits) - 1);
}

// The vector features of one word on its own, as FeatureExtractor makes
// them from a text: the key of its stem (first kStemLength code points) and
// those of its character n-grams within " word ". `codepoints` folded as
// words are (FoldLetter).
void WordFeatureKeys(const uint32_t* codepoints, size_t size, const FeatureOptions& options, uint32_t* stem_key,
                     std::vector<uint32_t>* char_keys);

// How many features ahead reads of feature tables (IDF, document counts) are
// prefetched: a table of 2^20 entries misses the cache on nearly every feature.
constexpr size_t kPrefetchAhead = 16;

// How much more a feature of an article's lead weighs (its headline and
// lede, where news states what happened, who and where): SemEval 0.624 ->
// 0.670, data/corpus same-event AUC 0.918 -> 0.937 (0.960 with JSONL titles;
// see README).
constexpr float kLeadWeight = 2.0f;

// A word feature of a vector is the word's first kStemLength code points: a
// stem by truncation, which meets inflections ("ministre", "ministres",
// "minister", "Ministerium") and cognates across languages with no stemmer
// per language. SemEval 0.670 -> 0.689, STS-B 73.0 -> 75.6; 5 code points
// gave 0.683 / 74.1 (see README). Containment and word_similarity compare
// whole words.
constexpr size_t kStemLength = 4;
constexpr uint64_t kStemSeed = 0x5354454d;  // "STEM"

// Sorts feature keys (below 2^hash_bits) ascending: an LSD radix sort, 11
// bits a pass, several times faster than std::sort on the thousands of keys
// of a text; `buffer` is its scratch.
void SortFeatureKeys(int hash_bits, std::vector<uint32_t>* keys, std::vector<uint32_t>* buffer);
// Each distinct key of `sorted_keys` (sorted, with repeats) weighed
// (1 + log tf) x idf[key], into `list` (replacing what it held).
void WeighCounts(const std::vector<uint32_t>& sorted_keys, const std::vector<float>& idf,
                 std::vector<std::pair<uint32_t, float>>* list);
// The vector of two weighed families (words, character n-grams; each sorted
// by key): each L2-normalised and scaled by its weight, summed (a key of both,
// by hash collision, adds up), the sum L2-normalised; into `out`.
void CombineFamilies(std::vector<std::pair<uint32_t, float>>* words, float word_weight,
                     std::vector<std::pair<uint32_t, float>>* chars, float char_weight, SparseVector* out);

class FeatureExtractor {
 public:
  // `with_chars` = false extracts word features only (sentence codes).
  FeatureExtractor(const PieceTable& pieces, const FeatureOptions& options, bool with_chars = true);

  // Distinct feature keys of tokens [begin, end) and their whole words (for
  // document frequencies: word_similarity and containment weigh whole words);
  // given `vector_keys`, the distinct keys of the vector's features alone
  // (a language's vocabulary) there as well.
  void UniqueKeys(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
                  std::vector<uint32_t>* keys, std::vector<uint32_t>* vector_keys = nullptr);
  // The TF-IDF vector: per family sublinear TF x IDF, times kLeadWeight for
  // a feature that tokens [begin, lead_end) hold (the lead), cut to
  // the max_features strongest features of both, each family L2-normalised
  // and weighted, the sum L2-normalised.
  SparseVector Weighted(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t lead_end,
                        size_t end, const std::vector<float>& idf, float rare_idf);
  // The same into `out`, reusing its memory (sentence codes: one per sentence).
  void Weighted(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t lead_end, size_t end,
                const std::vector<float>& idf, float rare_idf, SparseVector* out);

 private:
  enum Family { kWord = 0, kChar = 1, kFamilies = 2 };
  // The feature keys of tokens [begin, end), with repeats, into keys_ (after
  // those already there when `append`: a word never spans two sentences, so
  // collecting a text in two parts gives the keys of the whole), and given
  // `whole_words`, the keys of the whole words appended to it.
  void Collect(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
               bool append = false, std::vector<uint32_t>* whole_words = nullptr);
  void SortKeys(std::vector<uint32_t>* keys) { SortFeatureKeys(options_.hash_bits, keys, &radix_buffer_); }
  // Keeps k features of the two families together (all if k is 0): the
  // strongest among those with idf below rare_idf (shared by two texts or
  // more), then the rest.
  void KeepStrongest(size_t k, const std::vector<float>& idf, float rare_idf,
                     std::vector<std::pair<uint32_t, float>>* x, std::vector<std::pair<uint32_t, float>>* y);

  // Buffers reused by every extractor of a thread: vectorising is the hot
  // loop of index and pairs, and most of its time was allocation.
  struct Scratch {
    std::vector<uint32_t> keys[kFamilies];  // per family, with repeats
    std::vector<uint32_t> codepoints;       // case-folded text of the range
    std::vector<uint64_t> prefix_hashes;    // per start position, of its n-gram so far
    std::vector<uint32_t> word_end;         // per start position, the first space after it
    std::vector<uint32_t> radix_buffer;
    std::vector<std::pair<uint32_t, float>> family[kFamilies];
    std::vector<uint32_t> rank;             // KeepStrongest
    std::vector<uint32_t> lead[kFamilies];  // per family, sorted unique keys of the lead
  };
  static Scratch& ThreadScratch();

  const PieceTable& pieces_;
  const FeatureOptions& options_;
  uint32_t mask_;
  bool with_chars_;
  Scratch& scratch_;
  std::vector<uint32_t> (&keys_)[kFamilies];
  std::vector<uint32_t>& codepoints_;
  std::vector<uint32_t>& radix_buffer_;
  std::vector<std::pair<uint32_t, float>> (&family_)[kFamilies];
};

}  // namespace parallax
