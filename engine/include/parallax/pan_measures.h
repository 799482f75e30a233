// PAN text-alignment measures (Potthast, Stein, Barrón-Cedeño, Rosso: "An
// Evaluation Framework for Plagiarism Detection", COLING 2010): character-level
// precision, recall, granularity and plagdet, to score the aligner on a
// benchmark with known reuse cases.
#pragma once

#include <vector>

#include "parallax/article.h"

namespace parallax {

// One reuse case or one detection in a document pair: `a` in the suspicious
// text, `b` in the source text. Offsets are characters (any unit works as long
// as truth and detections agree); empty spans are ignored.
struct AlignedSpans {
  Span a;
  Span b;
};

struct PanScores {
  double precision = 0;
  double recall = 0;
  double granularity = 1;
  double plagdet = 0;
};

// Scores `detections` against `truth` over a whole benchmark: element k of each
// vector holds the cases / detections of document pair k (a missing element is
// an empty list). Each case or detection is a set of characters in both texts.
// A detection r detects a case s when they overlap in the suspicious text AND
// in the source text. Micro-averaged, as in PAN:
//   precision   = |U (s ∩ r) over detecting pairs| / |U r|
//   recall      = |U (s ∩ r) over detecting pairs| / |U s|
//   granularity = mean number of detections per case detected at least once
//   plagdet     = F1(precision, recall) / log2(1 + granularity)
// where every set counts characters of both texts. Edge cases follow PAN's
// perfmeasures.py: no cases and no detections gives precision = recall = 1;
// only one of them empty gives 0 for both; granularity is 1 when no case is
// detected; plagdet is 0 when precision + recall is 0.
PanScores ComputePanScores(const std::vector<std::vector<AlignedSpans>>& truth,
                           const std::vector<std::vector<AlignedSpans>>& detections);

}  // namespace parallax
