#include <algorithm>

#include "parallax/align.h"

namespace parallax {

std::vector<Passage> AlignParaphrases(const std::vector<SentenceInfo>& a, const std::vector<SentenceInfo>& b,
                                      const std::vector<float>& cosine, const ParaphraseOptions& options) {
  std::vector<Passage> out;
  const size_t na = a.size(), nb = b.size();
  if (na == 0 || nb == 0 || cosine.size() != na * nb) return out;
  auto eligible_a = [&](size_t i) { return a[i].tokens >= static_cast<uint32_t>(options.min_tokens) && a[i].covered < options.max_covered; };
  auto eligible_b = [&](size_t j) { return b[j].tokens >= static_cast<uint32_t>(options.min_tokens) && b[j].covered < options.max_covered; };
  // Best and runner-up of every row and column, over all sentences (covered
  // ones too: a sentence already matched elsewhere still competes).
  constexpr float kNone = -1.0f;
  std::vector<size_t> row_best(na, 0), col_best(nb, 0);
  std::vector<float> row_top(na, kNone), row_second(na, kNone), col_top(nb, kNone), col_second(nb, kNone);
  for (size_t i = 0; i < na; ++i) {
    for (size_t j = 0; j < nb; ++j) {
      const float c = cosine[i * nb + j];
      if (c > row_top[i]) { row_second[i] = row_top[i]; row_top[i] = c; row_best[i] = j; }
      else if (c > row_second[i]) row_second[i] = c;
      if (c > col_top[j]) { col_second[j] = col_top[j]; col_top[j] = c; col_best[j] = i; }
      else if (c > col_second[j]) col_second[j] = c;
    }
  }
  for (size_t i = 0; i < na; ++i) {
    const size_t j = row_best[i];
    if (col_best[j] != i || !eligible_a(i) || !eligible_b(j)) continue;
    const float c = cosine[i * nb + j];
    const float runner_up = std::max(row_second[i], col_second[j]);
    if (c < options.min_cosine || c - std::max(runner_up, 0.0f) < options.min_margin) continue;
    out.push_back(Passage{a[i].span, b[j].span, PassageKind::kParaphrase, c});
  }
  return out;
}

}  // namespace parallax
