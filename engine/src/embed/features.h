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
    uint32_t first = 0;        // its code points: codepoints()[first, first + size)
    uint32_t size = 0;
    bool unknown = true;       // no piece text: the token's own bytes stand for it
    bool marked = false;       // starts a word ("▁")
    bool punctuation = false;  // an ASCII non-alphanumeric first character (after "▁")
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

// Walks tokens [begin, end) word by word, the one definition of a word every
// feature shares: a word starts at a piece marked "▁", at an unknown piece or
// after a gap, and punctuation pieces end it without joining it ("Moscou,"
// is the word "Moscou"). Calls on_piece(t, piece) for every token, and
// on_word(hash) when a word ends (its hash: the pieces' ids mixed in order),
// before the token that ends it.
template <typename OnPiece, typename OnWord>
void ForEachWord(const PieceTable& pieces, const std::vector<Token>& tokens, size_t begin, size_t end,
                 OnPiece&& on_piece, OnWord&& on_word) {
  uint64_t word = 0;
  for (size_t t = begin; t < end; ++t) {
    const uint32_t id = tokens[t].id;
    const PieceTable::Piece& piece = pieces[id];
    if (piece.unknown || piece.marked || piece.punctuation || (t > begin && tokens[t - 1].end < tokens[t].begin)) {
      if (word != 0) on_word(word);
      word = 0;
    }
    if (!piece.punctuation) word = Mix64(word ^ id);
    on_piece(t, piece);
  }
  if (word != 0) on_word(word);
}

// A word's feature key from its ForEachWord hash, in a space of 2^hash_bits.
inline uint32_t WordKey(uint64_t word_hash, int hash_bits) {
  return static_cast<uint32_t>(Mix64(word_hash)) & ((1u << hash_bits) - 1);
}

// How many features ahead reads of feature tables (IDF, document counts) are
// prefetched: a table of 2^20 entries misses the cache on nearly every feature.
constexpr size_t kPrefetchAhead = 16;

class FeatureExtractor {
 public:
  // `with_chars` = false extracts word features only (sentence codes).
  FeatureExtractor(const PieceTable& pieces, const FeatureOptions& options, bool with_chars = true);

  // Distinct feature keys of tokens [begin, end) (for document frequencies).
  void UniqueKeys(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
                  std::vector<uint32_t>* keys);
  // The TF-IDF vector: per family sublinear TF x IDF, cut to the
  // max_features strongest features of both, each family L2-normalised and
  // weighted, the sum L2-normalised.
  SparseVector Weighted(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
                        const std::vector<float>& idf, float rare_idf);
  // The same into `out`, reusing its memory (sentence codes: one per sentence).
  void Weighted(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
                const std::vector<float>& idf, float rare_idf, SparseVector* out);

 private:
  enum Family { kWord = 0, kChar = 1, kFamilies = 2 };
  void Collect(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end);
  void SortKeys(std::vector<uint32_t>* keys);
  static void MergeFamilies(const std::vector<std::pair<uint32_t, float>>& x,
                            const std::vector<std::pair<uint32_t, float>>& y, SparseVector* v);
  // Keeps k features of the two families together (all if k is 0): the
  // strongest among those with idf below rare_idf (shared by two texts or
  // more), then the rest.
  void KeepStrongest(size_t k, const std::vector<float>& idf, float rare_idf,
                     std::vector<std::pair<uint32_t, float>>* x, std::vector<std::pair<uint32_t, float>>* y);
  static float SublinearTf(size_t tf);

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
