#include "parallax/fingerprints.h"

#include <algorithm>
#include <cstddef>

#include "parallax/bytes.h"

namespace parallax {

std::vector<uint64_t> Winnow(std::span<const uint32_t> ids, int ngram, int window) {
  std::vector<uint64_t> out;
  if (ngram < 1 || window < 1 || ids.size() < static_cast<size_t>(ngram)) return out;
  std::vector<uint64_t> grams(ids.size() - ngram + 1);
  for (size_t i = 0; i < grams.size(); ++i) {
    uint64_t h = 0;
    for (int k = 0; k < ngram; ++k) h = Mix64(h ^ ids[i + k]);
    grams[i] = h;
  }
  // The rightmost minimum of each window of `window` grams (as in the
  // paper), kept when it changes. Sliding by one, it changes only when the
  // gram that comes in is no larger, or when it leaves the window.
  const size_t width = std::min(static_cast<size_t>(window), grams.size());
  size_t best = 0;
  for (size_t i = 1; i < width; ++i) {
    if (grams[i] <= grams[best]) best = i;
  }
  out.push_back(grams[best]);
  for (size_t last = width; last < grams.size(); ++last) {  // the window (last - width, last]
    if (grams[last] <= grams[best]) {
      best = last;
    } else if (best + width <= last) {
      best = last + 1 - width;
      for (size_t i = best + 1; i <= last; ++i) {
        if (grams[i] <= grams[best]) best = i;
      }
    } else {
      continue;
    }
    out.push_back(grams[best]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<uint32_t> FingerprintKeys(std::span<const uint32_t> ids, int ngram, int window) {
  const std::vector<uint64_t> prints = Winnow(ids, ngram, window);
  std::vector<uint32_t> keys(prints.size());
  for (size_t i = 0; i < prints.size(); ++i) keys[i] = static_cast<uint32_t>(prints[i] >> 32);  // sorted already
  return keys;
}

std::vector<uint32_t> FingerprintKeys(std::span<const Token> tokens, int ngram, int window) {
  std::vector<uint32_t> ids(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) ids[i] = tokens[i].id;
  return FingerprintKeys(ids, ngram, window);
}

}  // namespace parallax
