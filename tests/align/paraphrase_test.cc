#include <gtest/gtest.h>

#include <vector>

#include "parallax/align.h"

namespace parallax {
namespace {

// Three sentences each side; sentence k spans bytes [100k, 100k + 90).
std::vector<SentenceInfo> Sentences(int n, uint32_t tokens = 12) {
  std::vector<SentenceInfo> out;
  for (int k = 0; k < n; ++k) out.push_back({Span{100u * k, 100u * k + 90}, tokens, 0.0f});
  return out;
}

TEST(AlignParaphrasesTest, MutualBestPairsAboveThresholdsBecomeParaphrases) {
  const auto a = Sentences(3), b = Sentences(3);
  // a0 <-> b2 strongly, a1 <-> b0 strongly, a2 weak everywhere.
  const std::vector<float> cosine = {0.10f, 0.05f, 0.80f,   //
                                     0.70f, 0.10f, 0.20f,   //
                                     0.20f, 0.30f, 0.25f};
  const auto p = AlignParaphrases(a, b, cosine);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].a, (Span{0, 90}));
  EXPECT_EQ(p[0].b, (Span{200, 290}));
  EXPECT_EQ(p[0].kind, PassageKind::kParaphrase);
  EXPECT_FLOAT_EQ(p[0].score, 0.80f);
  EXPECT_EQ(p[1].a, (Span{100, 190}));
  EXPECT_EQ(p[1].b, (Span{0, 90}));
}

TEST(AlignParaphrasesTest, NotMutualOrTooCloseToTheRunnerUpIsRejected) {
  const auto a = Sentences(2), b = Sentences(2);
  // a0's best is b0, but b0's best is a1: not mutual for a0.
  // a1 <-> b0 is mutual but only 0.02 above a1's runner-up b1.
  const std::vector<float> cosine = {0.60f, 0.10f,  //
                                     0.70f, 0.68f};
  EXPECT_TRUE(AlignParaphrases(a, b, cosine).empty());
  ParaphraseOptions no_margin;
  no_margin.min_margin = 0.0f;
  const auto p = AlignParaphrases(a, b, cosine, no_margin);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].a, (Span{100, 190}));
  EXPECT_EQ(p[0].b, (Span{0, 90}));
}

TEST(AlignParaphrasesTest, CoveredShortOrWeakSentencesAreSkipped) {
  auto a = Sentences(1), b = Sentences(1);
  const std::vector<float> strong = {0.9f};
  ASSERT_EQ(AlignParaphrases(a, b, strong).size(), 1u);  // one sentence each: no runner-up
  a[0].covered = 0.6f;  // already inside a verbatim/edited passage
  EXPECT_TRUE(AlignParaphrases(a, b, strong).empty());
  a[0].covered = 0.0f;
  b[0].tokens = 3;  // a headline or dateline
  EXPECT_TRUE(AlignParaphrases(a, b, strong).empty());
  b[0].tokens = 12;
  EXPECT_TRUE(AlignParaphrases(a, b, {0.45f}).empty());  // below min_cosine 0.5
}

TEST(AlignParaphrasesTest, MismatchedOrEmptyInputsGiveNothing) {
  EXPECT_TRUE(AlignParaphrases({}, Sentences(2), {}).empty());
  EXPECT_TRUE(AlignParaphrases(Sentences(2), Sentences(2), {0.9f}).empty());  // wrong matrix size
}

}  // namespace
}  // namespace parallax
