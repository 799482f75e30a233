// AlignTranslations: sentence-to-sentence alignment of a text and its
// translation, from a matrix of cross-language sentence similarities.
#include <algorithm>
#include <numeric>

#include "parallax/align.h"

namespace parallax {
namespace {

// A run of consecutive sentences of each text that translate each other.
struct Group {
  size_t a_first, a_last, b_first, b_last;
  float score;
};

}  // namespace

std::vector<Passage> AlignTranslations(const std::vector<SentenceInfo>& a, const std::vector<SentenceInfo>& b,
                                       const std::vector<float>& similarity, const TranslationOptions& options) {
  const size_t na = a.size(), nb = b.size();
  if (na == 0 || nb == 0 || similarity.size() != na * nb) return {};
  const auto s = [&](size_t i, size_t j) { return similarity[i * nb + j]; };
  const auto usable_a = [&](size_t i) { return a[i].tokens >= static_cast<uint32_t>(options.min_tokens); };
  const auto usable_b = [&](size_t j) { return b[j].tokens >= static_cast<uint32_t>(options.min_tokens); };
  // Each sentence's best partner, its score, and the runner-up's.
  std::vector<size_t> best_a(na, nb), best_b(nb, na);
  std::vector<float> top_a(na, 0), second_a(na, 0), top_b(nb, 0), second_b(nb, 0);
  for (size_t i = 0; i < na; ++i) {
    if (!usable_a(i)) continue;
    for (size_t j = 0; j < nb; ++j) {
      if (!usable_b(j)) continue;
      const float v = s(i, j);
      if (v > top_a[i]) {
        second_a[i] = top_a[i];
        top_a[i] = v;
        best_a[i] = j;
      } else {
        second_a[i] = std::max(second_a[i], v);
      }
      if (v > top_b[j]) {
        second_b[j] = top_b[j];
        top_b[j] = v;
        best_b[j] = i;
      } else {
        second_b[j] = std::max(second_b[j], v);
      }
    }
  }
  // Anchors: mutual best pairs with a margin over both runners-up.
  std::vector<Group> groups;
  std::vector<int> group_of_a(na, -1), group_of_b(nb, -1);
  for (size_t i = 0; i < na; ++i) {
    const size_t j = best_a[i];
    if (j == nb || best_b[j] != i || top_a[i] < options.min_similarity) continue;
    const float runner_up = std::max(second_a[i], second_b[j]);
    if (runner_up > 0 && top_a[i] < options.min_margin * runner_up) continue;
    group_of_a[i] = group_of_b[j] = static_cast<int>(groups.size());
    groups.push_back({i, i, j, j, top_a[i]});
  }
  // Runs: a translation keeps the order of the sentences it translates, so
  // next to an anchor (i, j), a sentence pair (i ± 1, j ± 1) of neither
  // anchor's is one too where it is the best of its row or column.
  for (bool added = true; added;) {
    added = false;
    for (size_t g = 0; g < groups.size(); ++g) {
      for (const int step : {-1, 1}) {
        const Group& at = groups[g];
        const size_t i = step < 0 ? at.a_first - 1 : at.a_last + 1;
        const size_t j = step < 0 ? at.b_first - 1 : at.b_last + 1;
        if ((step < 0 && (at.a_first == 0 || at.b_first == 0)) || i >= na || j >= nb) continue;
        if (group_of_a[i] >= 0 || group_of_b[j] >= 0 || !usable_a(i) || !usable_b(j)) continue;
        const float v = s(i, j);
        if (v < options.min_similarity || (best_a[i] != j && best_b[j] != i)) continue;
        group_of_a[i] = group_of_b[j] = static_cast<int>(groups.size());
        groups.push_back({i, i, j, j, v});
        added = true;
      }
    }
  }
  // Joins: a sentence left over next to a group, whose best partner is in
  // that group, is the other half of a split or merged sentence.
  for (bool joined = true; joined;) {
    joined = false;
    for (size_t j = 0; j < nb; ++j) {
      if (group_of_b[j] >= 0 || best_b[j] == na || group_of_a[best_b[j]] < 0) continue;
      Group& g = groups[group_of_a[best_b[j]]];
      if ((j + 1 == g.b_first || j == g.b_last + 1) && top_b[j] >= options.min_join * g.score) {
        g.b_first = std::min(g.b_first, j);
        g.b_last = std::max(g.b_last, j);
        group_of_b[j] = group_of_a[best_b[j]];
        joined = true;
      }
    }
    for (size_t i = 0; i < na; ++i) {
      if (group_of_a[i] >= 0 || best_a[i] == nb || group_of_b[best_a[i]] < 0) continue;
      Group& g = groups[group_of_b[best_a[i]]];
      if ((i + 1 == g.a_first || i == g.a_last + 1) && top_a[i] >= options.min_join * g.score) {
        g.a_first = std::min(g.a_first, i);
        g.a_last = std::max(g.a_last, i);
        group_of_a[i] = group_of_b[best_a[i]];
        joined = true;
      }
    }
  }
  // A chain of groups (each next to the other in both texts) stays only
  // when one of its pairs stands out (min_lone_similarity) or it is all of
  // a text (a sentence and its translation): two reports of one event in
  // two languages share names and numbers, and now and then a sentence pair
  // or two look translated.
  const auto next_to = [](const Group& x, const Group& y) {
    return (x.a_last + 1 == y.a_first && x.b_last + 1 == y.b_first) ||
           (y.a_last + 1 == x.a_first && y.b_last + 1 == x.b_first);
  };
  const auto usable_count = [&](const std::vector<SentenceInfo>& side) {
    return static_cast<size_t>(std::count_if(side.begin(), side.end(), [&](const SentenceInfo& x) {
      return x.tokens >= static_cast<uint32_t>(options.min_tokens);
    }));
  };
  const size_t usable_in_a = usable_count(a), usable_in_b = usable_count(b);
  std::vector<size_t> chain(groups.size());
  std::iota(chain.begin(), chain.end(), 0);
  const auto root = [&](size_t g) {
    while (chain[g] != g) g = chain[g] = chain[chain[g]];
    return g;
  };
  for (size_t x = 0; x < groups.size(); ++x) {
    for (size_t y = x + 1; y < groups.size(); ++y) {
      if (next_to(groups[x], groups[y])) chain[root(x)] = root(y);
    }
  }
  std::vector<char> stands_out(groups.size(), 0);
  for (size_t g = 0; g < groups.size(); ++g) {
    const Group& x = groups[g];
    const bool whole = x.a_last - x.a_first + 1 >= usable_in_a || x.b_last - x.b_first + 1 >= usable_in_b;
    if (whole || x.score >= options.min_lone_similarity) stands_out[root(g)] = 1;
  }
  std::vector<Passage> passages;
  for (size_t k = 0; k < groups.size(); ++k) {
    const Group& g = groups[k];
    if (!stands_out[root(k)]) continue;
    passages.push_back({Span{a[g.a_first].span.begin, a[g.a_last].span.end},
                        Span{b[g.b_first].span.begin, b[g.b_last].span.end}, PassageKind::kTranslated, g.score});
  }
  std::sort(passages.begin(), passages.end(), [](const Passage& x, const Passage& y) { return x.a.begin < y.a.begin; });
  return passages;
}

}  // namespace parallax
