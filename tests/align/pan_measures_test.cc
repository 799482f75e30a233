#include "parallax/pan_measures.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace parallax {
namespace {

AlignedSpans Case(uint32_t a_begin, uint32_t a_end, uint32_t b_begin, uint32_t b_end) {
  return AlignedSpans{Span{a_begin, a_end}, Span{b_begin, b_end}};
}

TEST(PanMeasuresTest, PerfectDetection) {
  const PanScores s = ComputePanScores({{Case(0, 100, 0, 100)}}, {{Case(0, 100, 0, 100)}});
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 1);
}

TEST(PanMeasuresTest, HalfDetectedCase) {
  // 100 of the case's 200 characters (both texts) detected, nothing wrong.
  const PanScores s = ComputePanScores({{Case(0, 100, 0, 100)}}, {{Case(0, 50, 0, 50)}});
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 2.0 / 3.0);
}

TEST(PanMeasuresTest, CaseDetectedInTwoPieces) {
  const PanScores s = ComputePanScores({{Case(0, 100, 0, 100)}},
                                       {{Case(0, 50, 0, 50), Case(50, 100, 50, 100)}});
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 2);
  EXPECT_DOUBLE_EQ(s.plagdet, 1 / std::log2(3.0));
}

TEST(PanMeasuresTest, FalseDetectionLowersPrecision) {
  const PanScores s = ComputePanScores({{Case(0, 100, 0, 100)}},
                                       {{Case(0, 100, 0, 100), Case(200, 300, 200, 300)}});
  EXPECT_DOUBLE_EQ(s.precision, 0.5);  // 200 of 400 detected characters are reuse
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 2.0 / 3.0);
}

TEST(PanMeasuresTest, DetectionMustOverlapInBothTexts) {
  // Right place in the suspicious text, wrong place in the source: no detection.
  const PanScores s = ComputePanScores({{Case(0, 100, 0, 100)}}, {{Case(0, 100, 500, 600)}});
  EXPECT_DOUBLE_EQ(s.precision, 0);
  EXPECT_DOUBLE_EQ(s.recall, 0);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 0);
}

TEST(PanMeasuresTest, OverhangingDetection) {
  // Detection [50,150) x [50,150) of case [0,100) x [0,100): 100 chars shared.
  const PanScores s = ComputePanScores({{Case(0, 100, 0, 100)}}, {{Case(50, 150, 50, 150)}});
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.plagdet, 0.5);
}

TEST(PanMeasuresTest, MicroAveragesOverDocumentPairs) {
  // Pair 0: a 300+300 char case fully found. Pair 1: a 50+50 case missed, and
  // a false 50+50 detection. Precision 600/700, recall 600/700.
  const PanScores s = ComputePanScores(
      {{Case(0, 300, 0, 300)}, {Case(0, 50, 0, 50)}},
      {{Case(0, 300, 0, 300)}, {Case(100, 150, 100, 150)}});
  EXPECT_DOUBLE_EQ(s.precision, 600.0 / 700.0);
  EXPECT_DOUBLE_EQ(s.recall, 600.0 / 700.0);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 600.0 / 700.0);
}

TEST(PanMeasuresTest, GranularityAveragesOverDetectedCasesOnly) {
  // Case 1 found in 3 pieces, case 2 in one, case 3 missed: (3 + 1) / 2.
  const PanScores s = ComputePanScores(
      {{Case(0, 30, 0, 30), Case(100, 130, 100, 130), Case(200, 230, 200, 230)}},
      {{Case(0, 10, 0, 10), Case(10, 20, 10, 20), Case(20, 30, 20, 30), Case(100, 130, 100, 130)}});
  EXPECT_DOUBLE_EQ(s.granularity, 2);
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.recall, 120.0 / 180.0);
}

TEST(PanMeasuresTest, EmptyEdgeCases) {
  PanScores s = ComputePanScores({}, {});
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 1);

  s = ComputePanScores({{Case(0, 100, 0, 100)}}, {});  // nothing detected
  EXPECT_DOUBLE_EQ(s.precision, 0);
  EXPECT_DOUBLE_EQ(s.recall, 0);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 0);

  s = ComputePanScores({{}}, {{Case(0, 100, 0, 100)}});  // only false detections
  EXPECT_DOUBLE_EQ(s.precision, 0);
  EXPECT_DOUBLE_EQ(s.recall, 0);
  EXPECT_DOUBLE_EQ(s.plagdet, 0);
}

}  // namespace
}  // namespace parallax
