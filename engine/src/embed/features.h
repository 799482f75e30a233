// Hashed feature extraction shared by model fitting and vectorising.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "parallax/model.h"

namespace parallax {

// A strong 64-bit mix (splitmix64 finaliser): spreads feature keys over dense
// dimensions and signs.
inline uint64_t MixKey(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class FeatureExtractor {
 public:
  // `with_chars` = false extracts word features only (sentence codes).
  FeatureExtractor(const Tokenizer& tokenizer, const FeatureOptions& options, bool with_chars = true);

  // Distinct feature keys of tokens [begin, end) (for document frequencies).
  void UniqueKeys(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
                  std::vector<uint32_t>* keys);
  // The TF-IDF vector: per family sublinear TF x IDF, cut to the
  // max_features strongest features of both, each family L2-normalised and
  // weighted, the sum L2-normalised.
  SparseVector Weighted(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
                        const std::vector<float>& idf, float rare_idf);

 private:
  enum Family { kWord = 0, kChar = 1, kFamilies = 2 };
  void Collect(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end);
  void SortKeys(std::vector<uint32_t>* keys);
  static SparseVector MergeFamilies(const std::vector<std::pair<uint32_t, float>>& x,
                                    const std::vector<std::pair<uint32_t, float>>& y);
  // Keeps k features of the two families together (all if k is 0): the
  // strongest among those with idf below rare_idf (shared by two texts or
  // more), then the rest.
  static void KeepStrongest(size_t k, const std::vector<float>& idf, float rare_idf,
                            std::vector<std::pair<uint32_t, float>>* x, std::vector<std::pair<uint32_t, float>>* y);
  static float SublinearTf(size_t tf);

  // Buffers reused by every extractor of a thread: vectorising is the hot
  // loop of index and pairs, and most of its time was allocation.
  struct Scratch {
    std::vector<uint32_t> keys[kFamilies];  // per family, with repeats
    std::vector<uint32_t> codepoints;       // case-folded text of the range
    std::vector<uint32_t> radix_buffer;
    std::vector<std::pair<uint32_t, float>> family[kFamilies];
  };
  static Scratch& ThreadScratch();

  const Tokenizer& tokenizer_;
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
