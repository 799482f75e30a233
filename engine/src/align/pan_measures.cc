#include "parallax/pan_measures.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace parallax {
namespace {

bool Overlaps(const Span& x, const Span& y) {
  return x.begin < x.end && y.begin < y.end && x.begin < y.end && y.begin < x.end;
}

bool Detects(const AlignedSpans& detection, const AlignedSpans& c) {
  return Overlaps(detection.a, c.a) && Overlaps(detection.b, c.b);
}

// Size of the union of the spans; sorts them.
uint64_t UnionSize(std::vector<Span>& spans) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& x, const Span& y) { return x.begin < y.begin; });
  uint64_t total = 0;
  uint32_t covered_to = 0;
  for (const Span& span : spans) {
    if (span.end <= span.begin) continue;
    const uint32_t from = std::max(span.begin, covered_to);
    if (span.end > from) total += span.end - from;
    covered_to = std::max(covered_to, span.end);
  }
  return total;
}

// Character counts of one document pair, summed over its two texts.
struct PairCounts {
  uint64_t cases = 0;       // |U s|
  uint64_t detections = 0;  // |U r|
  uint64_t detected = 0;    // |U (s ⊓ r)|
};

PairCounts CountPair(const std::vector<AlignedSpans>& cases,
                     const std::vector<AlignedSpans>& detections) {
  PairCounts counts;
  std::vector<Span> in_a, in_b;
  for (const AlignedSpans& c : cases) {
    in_a.push_back(c.a);
    in_b.push_back(c.b);
  }
  counts.cases = UnionSize(in_a) + UnionSize(in_b);
  in_a.clear();
  in_b.clear();
  for (const AlignedSpans& r : detections) {
    in_a.push_back(r.a);
    in_b.push_back(r.b);
  }
  counts.detections = UnionSize(in_a) + UnionSize(in_b);
  in_a.clear();
  in_b.clear();
  for (const AlignedSpans& c : cases) {
    for (const AlignedSpans& r : detections) {
      if (!Detects(r, c)) continue;
      in_a.push_back(Span{std::max(c.a.begin, r.a.begin), std::min(c.a.end, r.a.end)});
      in_b.push_back(Span{std::max(c.b.begin, r.b.begin), std::min(c.b.end, r.b.end)});
    }
  }
  counts.detected = UnionSize(in_a) + UnionSize(in_b);
  return counts;
}

bool IsEmpty(const AlignedSpans& x) { return x.a.begin >= x.a.end && x.b.begin >= x.b.end; }

}  // namespace

PanScores ComputePanScores(const std::vector<std::vector<AlignedSpans>>& truth,
                           const std::vector<std::vector<AlignedSpans>>& detections) {
  static const std::vector<AlignedSpans> kNone;
  const size_t pairs = std::max(truth.size(), detections.size());
  uint64_t case_chars = 0, detection_chars = 0, detected_chars = 0;
  uint64_t num_cases = 0, num_detections = 0;
  uint64_t detected_cases = 0, detections_of_detected = 0;
  for (size_t k = 0; k < pairs; ++k) {
    const auto& cases = k < truth.size() ? truth[k] : kNone;
    const auto& dets = k < detections.size() ? detections[k] : kNone;
    const PairCounts counts = CountPair(cases, dets);
    case_chars += counts.cases;
    detection_chars += counts.detections;
    detected_chars += counts.detected;
    for (const AlignedSpans& d : dets) num_detections += IsEmpty(d) ? 0 : 1;
    for (const AlignedSpans& c : cases) {
      if (IsEmpty(c)) continue;
      ++num_cases;
      int hits = 0;
      for (const AlignedSpans& d : dets) hits += Detects(d, c) ? 1 : 0;
      if (hits > 0) {
        ++detected_cases;
        detections_of_detected += hits;
      }
    }
  }

  PanScores scores;
  if (num_cases == 0 && num_detections == 0) {
    scores.precision = scores.recall = 1;
  } else if (num_cases > 0 && num_detections > 0) {
    scores.precision = detection_chars ? double(detected_chars) / double(detection_chars) : 0;
    scores.recall = case_chars ? double(detected_chars) / double(case_chars) : 0;
  }
  scores.granularity =
      detected_cases ? double(detections_of_detected) / double(detected_cases) : 1.0;
  const double sum = scores.precision + scores.recall;
  if (sum > 0) {
    const double f1 = 2 * scores.precision * scores.recall / sum;
    scores.plagdet = f1 / std::log2(1 + scores.granularity);
  }
  return scores;
}

}  // namespace parallax
