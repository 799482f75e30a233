// Winnowed fingerprints (Schleimer, Wilkerson and Aiken 2003): hashes of a
// text's token n-grams, the minimum of every window of them kept, so that
// any passage of window + n - 1 tokens two texts share gives both at least
// one fingerprint in common. The collection stores each article's at index
// time; FindPairs proposes the articles that share some as candidates.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "parallax/align.h"

namespace parallax {

// The winnowing the collection stores, and FindPairs' default (PairOptions).
inline constexpr int kFingerprintNgram = 5;
inline constexpr int kFingerprintWindow = 8;

// The fingerprints of a text of token ids `ids`, sorted, each once.
std::vector<uint64_t> Winnow(std::span<const uint32_t> ids, int ngram, int window);

// Their posting keys, sorted: the high 32 bits, what FindPairs indexes (two
// fingerprints of one key give it twice; two n-grams that share a key can
// only add a candidate, which Compare then judges).
std::vector<uint32_t> FingerprintKeys(std::span<const uint32_t> ids, int ngram = kFingerprintNgram,
                                      int window = kFingerprintWindow);
// The same of tokens (their ids).
std::vector<uint32_t> FingerprintKeys(std::span<const Token> tokens, int ngram = kFingerprintNgram,
                                      int window = kFingerprintWindow);

}  // namespace parallax
