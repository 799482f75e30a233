// Stories: the articles of a collection that cover one event, across
// outlets, days and languages, grouped by average-link clustering over the
// related pairs FindPairs reports.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "parallax/article_store.h"
#include "parallax/dates.h"
#include "parallax/match.h"

namespace parallax {

struct StoryOptions {
  // Two articles link only when their dates lie at most this many days apart
  // (a date of a month or a year spans all its days); an undated article
  // links on its text alone. A story can still run longer than the window,
  // article after article. Default: 3.
  double window_days = 3;
  // Smallest story reported: a lone article is no story. Default: 2.
  size_t min_size = 2;
  // Two groups merge while the average similarity of all their article
  // pairs (average link, not only the linking pair) is at least this, so a
  // story does not chain: two events do not meet through one article close
  // to both. Empty: kStoryLinkShare of the same-event threshold the pairs
  // were classified with (StoryLink).
  std::optional<float> link;
  // How many words name a story. Default: 5.
  size_t label_words = 5;
};

struct OutletCount {
  std::string outlet;  // "" for articles with none
  size_t articles = 0;
};

struct Story {
  std::string id;                   // the id of its earliest article: stable as articles are added
  std::vector<size_t> articles;     // collection rows, by date (undated last), then id
  std::vector<std::string> label;   // its most characteristic headline words (case and accents folded)
  std::string first_date, last_date;  // as the articles give them; empty when none is dated
  std::vector<OutletCount> outlets;   // most articles first, then by name
  // Indexes into the pairs given: its duplicate, translation or reuse pairs
  // within the window (the pairs it was linked from; so `stories` needs no
  // pair outside the window: PairOptions::max_days_apart).
  std::vector<size_t> reuse;
};

// The default link as a share of the same-event threshold. A story's
// reports are not all same-event pairs of one another (a follow-up, a
// portrait, a translation meet the first report less closely), so their
// average lies below that threshold; on the dev sets (data/corpus, METER)
// BCubed F1 is flat from 0.5 to 1 times it and best near two thirds (see
// docs/evaluation.md).
constexpr float kStoryLinkShare = 2.0f / 3.0f;
// The average similarity at which groups merge: options.link, or
// kStoryLinkShare of thresholds.same_event.
float StoryLink(const StoryOptions& options, const RelationThresholds& thresholds);

// Groups the articles of `collection` (a Collection, or a sharded one) into stories. `pairs` are FindPairs'
// (any weakest relation): those of relation same-event or stronger whose
// articles are within the window are the links along which groups may merge;
// how similar two groups are is computed from every pair of their articles
// (ArticleCosine of the stored vectors, the similarity `pairs` reports), each
// pair at most once. Stories come largest first, then earliest, then by id.
// Pairs grouped by reprint (FindPairs without all_pairs) link each copy with
// its source only, which is enough: a story still holds the whole group.
std::vector<Story> FindStories(const ArticleStore& collection, const std::vector<ArticlePair>& pairs,
                               const RelationThresholds& thresholds, const StoryOptions& options = {});

}  // namespace parallax
