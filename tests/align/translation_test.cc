// AlignTranslations: anchors, runs, split and merged sentences, reordering,
// and lone look-alikes, on similarity matrices written out by hand.
#include <gtest/gtest.h>

#include "parallax/align.h"

namespace parallax {
namespace {

// n sentences of 10 tokens, 100 bytes each, back to back.
std::vector<SentenceInfo> Sentences(size_t n) {
  std::vector<SentenceInfo> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = {Span{static_cast<uint32_t>(100 * i), static_cast<uint32_t>(100 * i + 99)}, 10, 0};
  return out;
}

// A matrix of low noise with the given cells set.
std::vector<float> Matrix(size_t na, size_t nb, const std::vector<std::tuple<size_t, size_t, float>>& cells) {
  std::vector<float> m(na * nb, 0.05f);
  for (const auto& [i, j, v] : cells) m[i * nb + j] = v;
  return m;
}

TEST(AlignTranslationsTest, MutualBestPairsInRunsBecomePassages) {
  const auto a = Sentences(4), b = Sentences(4);
  // Sentence 2 of A translates 2 of B only weakly, but next to two anchors.
  const auto m = Matrix(4, 4, {{0, 0, 0.5f}, {1, 1, 0.4f}, {2, 2, 0.16f}, {2, 0, 0.14f}, {3, 3, 0.45f}});
  const auto passages = AlignTranslations(a, b, m);
  ASSERT_EQ(passages.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(passages[i].kind, PassageKind::kTranslated);
    EXPECT_EQ(passages[i].a.begin, 100 * i);
    EXPECT_EQ(passages[i].b.begin, 100 * i);
  }
  EXPECT_FLOAT_EQ(passages[0].score, 0.5f);
}

TEST(AlignTranslationsTest, SplitAndMergedSentencesJoinTheirGroup) {
  // A's sentence 1 was split into B's 1 and 2; A's 2 and 3 merged into B's 3.
  const auto a = Sentences(4), b = Sentences(4);
  const auto m = Matrix(4, 4, {{0, 0, 0.5f}, {1, 1, 0.4f}, {1, 2, 0.3f}, {2, 3, 0.35f}, {3, 3, 0.25f}});
  const auto passages = AlignTranslations(a, b, m);
  ASSERT_EQ(passages.size(), 3u);
  EXPECT_EQ(passages[1].a.begin, 100u);
  EXPECT_EQ(passages[1].a.end, 199u);
  EXPECT_EQ(passages[1].b.begin, 100u);
  EXPECT_EQ(passages[1].b.end, 299u);  // B's 1 and 2
  EXPECT_EQ(passages[2].a.begin, 200u);
  EXPECT_EQ(passages[2].a.end, 399u);  // A's 2 and 3
  EXPECT_EQ(passages[2].b.begin, 300u);
}

TEST(AlignTranslationsTest, ReorderedParagraphsAreFound) {
  // B has A's sentences 2-3 first, then 0-1.
  const auto a = Sentences(4), b = Sentences(4);
  const auto m = Matrix(4, 4, {{0, 2, 0.5f}, {1, 3, 0.4f}, {2, 0, 0.45f}, {3, 1, 0.5f}});
  const auto passages = AlignTranslations(a, b, m);
  ASSERT_EQ(passages.size(), 4u);
  EXPECT_EQ(passages[0].b.begin, 200u);
  EXPECT_EQ(passages[2].b.begin, 0u);
}

TEST(AlignTranslationsTest, ALoneLookAlikeNeedsToStandOut) {
  const auto a = Sentences(5), b = Sentences(5);
  // One pair alike in names and numbers, nothing around it: dropped; so is
  // a chain of two such pairs, unless one of them stands out.
  EXPECT_TRUE(AlignTranslations(a, b, Matrix(5, 5, {{2, 3, 0.15f}})).empty());
  EXPECT_TRUE(AlignTranslations(a, b, Matrix(5, 5, {{1, 2, 0.15f}, {2, 3, 0.15f}})).empty());
  EXPECT_EQ(AlignTranslations(a, b, Matrix(5, 5, {{1, 2, 0.15f}, {2, 3, 0.25f}})).size(), 2u);
  // A lone pair well above that is kept.
  EXPECT_EQ(AlignTranslations(a, b, Matrix(5, 5, {{2, 3, 0.6f}})).size(), 1u);
  // Without a margin over its runner-up, no anchor at all.
  EXPECT_TRUE(AlignTranslations(a, b, Matrix(5, 5, {{2, 3, 0.6f}, {2, 4, 0.55f}})).empty());
}

TEST(AlignTranslationsTest, ShortSentencesAndEmptyInputsGiveNothing) {
  auto a = Sentences(2), b = Sentences(2);
  a[0].tokens = b[0].tokens = 2;  // datelines
  const auto passages = AlignTranslations(a, b, Matrix(2, 2, {{0, 0, 0.9f}, {1, 1, 0.5f}}));
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].a.begin, 100u);
  EXPECT_TRUE(AlignTranslations({}, b, {}).empty());
  EXPECT_TRUE(AlignTranslations(a, b, {0.5f}).empty());  // wrong size
}

}  // namespace
}  // namespace parallax
