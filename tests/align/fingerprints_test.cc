#include "parallax/fingerprints.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <vector>

#include "parallax/bytes.h"

namespace parallax {
namespace {

std::vector<Token> Tokens(const std::vector<uint32_t>& ids) {
  std::vector<Token> tokens;
  for (uint32_t id : ids) tokens.push_back({id, 0, 0});
  return tokens;
}

std::vector<uint32_t> RandomIds(std::mt19937* rng, size_t n, uint32_t vocabulary) {
  std::vector<uint32_t> ids(n);
  for (uint32_t& id : ids) id = (*rng)() % vocabulary;
  return ids;
}

// The definition, window by window: the rightmost minimum of every window
// of `window` n-gram hashes, sorted and each once.
std::vector<uint64_t> NaiveWinnow(const std::vector<uint32_t>& ids, int n, int window) {
  if (ids.size() < static_cast<size_t>(n)) return {};
  std::vector<uint64_t> grams;
  for (size_t i = 0; i + n <= ids.size(); ++i) {
    uint64_t h = 0;
    for (int k = 0; k < n; ++k) h = Mix64(h ^ ids[i + k]);
    grams.push_back(h);
  }
  std::vector<uint64_t> out;
  const size_t width = std::min(grams.size(), static_cast<size_t>(window));
  for (size_t start = 0; start + width <= grams.size(); ++start) {
    size_t best = start;
    for (size_t i = start; i < start + width; ++i) {
      if (grams[i] <= grams[best]) best = i;
    }
    out.push_back(grams[best]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

TEST(WinnowTest, MatchesTheDefinitionWindowByWindow) {
  std::mt19937 rng(7);
  for (size_t length : {0, 4, 5, 6, 12, 13, 100, 800}) {
    // A small vocabulary makes repeated n-grams and tied hashes.
    for (uint32_t vocabulary : {3u, 50u, 8000u}) {
      const std::vector<uint32_t> ids = RandomIds(&rng, length, vocabulary);
      EXPECT_EQ(Winnow(ids, 5, 8), NaiveWinnow(ids, 5, 8)) << length << " tokens of " << vocabulary;
      EXPECT_EQ(Winnow(ids, 3, 1), NaiveWinnow(ids, 3, 1)) << length << " tokens of " << vocabulary;
    }
  }
}

TEST(WinnowTest, ASharedPassageOfWindowPlusNMinusOneTokensSharesAFingerprint) {
  std::mt19937 rng(11);
  const int n = kFingerprintNgram, window = kFingerprintWindow;
  for (int trial = 0; trial < 200; ++trial) {
    const std::vector<uint32_t> passage = RandomIds(&rng, window + n - 1, 8000);
    std::vector<uint32_t> a = RandomIds(&rng, 40 + trial % 60, 8000), b = RandomIds(&rng, 30 + trial % 70, 8000);
    a.insert(a.begin() + trial % 40, passage.begin(), passage.end());
    b.insert(b.begin() + trial % 30, passage.begin(), passage.end());
    const std::vector<uint32_t> ka = FingerprintKeys(Tokens(a)), kb = FingerprintKeys(Tokens(b));
    std::vector<uint32_t> shared;
    std::set_intersection(ka.begin(), ka.end(), kb.begin(), kb.end(), std::back_inserter(shared));
    EXPECT_FALSE(shared.empty()) << "trial " << trial;
  }
}

TEST(WinnowTest, KeysAreTheHighBitsOfTheFingerprintsSorted) {
  std::mt19937 rng(3);
  const std::vector<uint32_t> ids = RandomIds(&rng, 500, 8000);
  const std::vector<uint64_t> prints = Winnow(ids, kFingerprintNgram, kFingerprintWindow);
  const std::vector<uint32_t> keys = FingerprintKeys(ids);
  EXPECT_EQ(FingerprintKeys(Tokens(ids)), keys) << "tokens are winnowed by their ids";
  ASSERT_EQ(keys.size(), prints.size());
  EXPECT_GT(keys.size(), 500u / kFingerprintWindow) << "at least one fingerprint a window";
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(keys[i], prints[i] >> 32);
}

}  // namespace
}  // namespace parallax
