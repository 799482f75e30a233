#include "parallax/stories.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <tuple>
#include <unordered_map>

#include "parallax/dates.h"

namespace parallax {

namespace {

// Group-average agglomerative clustering over a sparse graph of links. The
// similarity of two groups is the mean similarity of all their article
// pairs; it is computed exactly, but only for groups a link joins, and each
// article pair at most once (a merged group's sums are the sums of its parts).
class AverageLink {
 public:
  using Similarity = std::function<double(size_t, size_t)>;

  AverageLink(size_t nodes, Similarity similarity) : groups_(nodes), similarity_(std::move(similarity)) {
    for (size_t i = 0; i < nodes; ++i) groups_[i].members = {static_cast<uint32_t>(i)};
  }

  void Link(uint32_t a, uint32_t b) {
    if (a == b || groups_[a].links.count(b)) return;
    const double s = similarity_(a, b);
    groups_[a].links[b] = s;
    groups_[b].links[a] = s;
    queue_.push({s, std::min(a, b), std::max(a, b), 0, 0});
  }

  // Merges the most similar linked groups while their average similarity is
  // at least `threshold`; returns the groups (node lists) left.
  std::vector<std::vector<uint32_t>> Run(double threshold) {
    while (!queue_.empty()) {
      const Candidate top = queue_.top();
      queue_.pop();
      if (top.average < threshold) break;
      Group& x = groups_[top.x];
      Group& y = groups_[top.y];
      if (!x.alive || !y.alive || x.version != top.x_version || y.version != top.y_version) continue;
      Merge(top.x, top.y);
    }
    std::vector<std::vector<uint32_t>> out;
    for (Group& g : groups_) {
      if (g.alive) out.push_back(std::move(g.members));
    }
    return out;
  }

 private:
  struct Group {
    std::vector<uint32_t> members;
    std::unordered_map<uint32_t, double> links;  // linked group -> sum of similarities of all member pairs
    uint32_t version = 0;
    bool alive = true;
  };
  struct Candidate {
    double average;
    uint32_t x, y;
    uint32_t x_version, y_version;
    // Highest average first; ties go to the lower group numbers (deterministic).
    bool operator<(const Candidate& o) const {
      if (average != o.average) return average < o.average;
      return std::tie(x, y) > std::tie(o.x, o.y);
    }
  };

  double CrossSum(const Group& x, const Group& y) const {
    double sum = 0;
    for (uint32_t a : x.members) {
      for (uint32_t b : y.members) sum += similarity_(a, b);
    }
    return sum;
  }

  void Merge(uint32_t into, uint32_t from) {
    if (groups_[into].members.size() < groups_[from].members.size()) std::swap(into, from);
    Group& g = groups_[into];
    Group& h = groups_[from];
    std::vector<uint32_t> neighbours;
    for (const auto& [c, sum] : g.links) neighbours.push_back(c);
    for (const auto& [c, sum] : h.links) {
      if (!g.links.count(c)) neighbours.push_back(c);
    }
    std::sort(neighbours.begin(), neighbours.end());
    std::vector<std::pair<uint32_t, double>> sums;
    for (uint32_t c : neighbours) {
      if (c == into || c == from) continue;
      const Group& other = groups_[c];
      const auto in_g = g.links.find(c);
      const auto in_h = h.links.find(c);
      const double sum = (in_g != g.links.end() ? in_g->second : CrossSum(g, other)) +
                         (in_h != h.links.end() ? in_h->second : CrossSum(h, other));
      sums.emplace_back(c, sum);
    }
    g.members.insert(g.members.end(), h.members.begin(), h.members.end());
    h.members.clear();
    h.links.clear();
    h.alive = false;
    g.links.clear();
    ++g.version;
    for (const auto& [c, sum] : sums) {
      Group& other = groups_[c];
      other.links.erase(from);
      other.links[into] = sum;
      g.links[c] = sum;
      const double average = sum / (static_cast<double>(g.members.size()) * other.members.size());
      const uint32_t lo = std::min(into, c), hi = std::max(into, c);
      queue_.push({average, lo, hi, groups_[lo].version, groups_[hi].version});
    }
  }

  std::vector<Group> groups_;
  Similarity similarity_;
  std::priority_queue<Candidate> queue_;
};

// Smaller is stronger: duplicate, translation, reuse, same-event, related.
// A translation links a story as a duplicate or a reuse does, and is one of
// its reuse pairs (a text taken from another, in another language).
int Strength(Relation r) { return static_cast<int>(r); }
static_assert(static_cast<int>(Relation::kTranslation) < static_cast<int>(Relation::kReuse) &&
              static_cast<int>(Relation::kReuse) < static_cast<int>(Relation::kSameEvent));

bool WithinWindow(const std::optional<DayRange>& a, const std::optional<DayRange>& b, double window_days) {
  const std::optional<int> apart = DaysApart(a, b);
  return !apart || *apart <= window_days;
}

// Most articles first, then by name.
std::vector<OutletCount> CountOutlets(const ArticleStore& collection, const std::vector<size_t>& rows) {
  std::map<std::string, size_t> counts;
  for (size_t row : rows) ++counts[collection.article(row).outlet];
  std::vector<OutletCount> out;
  for (auto& [outlet, n] : counts) out.push_back({outlet, n});
  std::stable_sort(out.begin(), out.end(),
                   [](const OutletCount& x, const OutletCount& y) { return x.articles > y.articles; });
  return out;
}

// The headline words most of the story's articles use, the rarer in the
// collection the better: story document frequency x IDF. A word needs two
// articles (a lone headline's words say nothing of the others), and to be
// in fewer than a third of all texts (function words are in most).
constexpr float kMinLabelIdf = 1.1f;  // ln 3

std::vector<std::string> Label(const ArticleStore& collection, const std::vector<size_t>& rows, size_t words) {
  struct Score {
    size_t articles = 0;
    float idf = 0;
  };
  std::map<std::string, Score> scores;
  const Model& model = collection.model();
  for (size_t row : rows) {
    const Article& article = collection.article(row);
    const AnalyzedText analysis = article.title.empty() ? collection.analysis(row) : AnalyzedText{};
    for (const Model::HeadlineWord& w : model.HeadlineWords(article, analysis)) {
      if (w.spelling.size() < 3 || w.idf < kMinLabelIdf) continue;
      Score& s = scores[w.spelling];
      ++s.articles;
      s.idf = w.idf;
    }
  }
  std::vector<std::pair<double, std::string>> ranked;
  const size_t needed = std::min<size_t>(2, rows.size());
  for (const auto& [word, s] : scores) {
    if (s.articles >= needed) ranked.emplace_back(-static_cast<double>(s.articles) * s.idf, word);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> label;
  for (size_t i = 0; i < ranked.size() && i < words; ++i) label.push_back(ranked[i].second);
  return label;
}

}  // namespace

float StoryLink(const StoryOptions& options, const RelationThresholds& thresholds) {
  return options.link.value_or(kStoryLinkShare * thresholds.same_event);
}

std::vector<Story> FindStories(const ArticleStore& collection, const std::vector<ArticlePair>& pairs,
                               const RelationThresholds& thresholds, const StoryOptions& options) {
  const size_t n = collection.size();
  std::vector<std::optional<DayRange>> days(n);
  for (size_t i = 0; i < n; ++i) days[i] = ParseDayRange(collection.article(i).date);

  // Nodes are the articles some link touches.
  std::vector<uint32_t> node_of(n, std::numeric_limits<uint32_t>::max());
  std::vector<size_t> row_of;
  std::vector<std::pair<uint32_t, uint32_t>> links;
  auto node = [&](size_t row) {
    if (node_of[row] == std::numeric_limits<uint32_t>::max()) {
      node_of[row] = static_cast<uint32_t>(row_of.size());
      row_of.push_back(row);
    }
    return node_of[row];
  };
  for (const ArticlePair& p : pairs) {
    if (Strength(p.comparison.relation) > Strength(Relation::kSameEvent)) continue;
    if (!WithinWindow(days[p.a], days[p.b], options.window_days)) continue;
    links.emplace_back(node(p.a), node(p.b));
  }

  std::vector<const LanguageVocabulary*> vocabulary(row_of.size());
  for (size_t i = 0; i < row_of.size(); ++i) {
    vocabulary[i] = collection.model().Vocabulary(collection.article(row_of[i]).lang);
  }
  AverageLink clustering(row_of.size(), [&](size_t a, size_t b) {
    return std::clamp(ArticleCosine(collection.vector(row_of[a]), vocabulary[a], collection.vector(row_of[b]),
                                    vocabulary[b]),
                      0.0f, 1.0f);
  });
  for (const auto& [a, b] : links) clustering.Link(a, b);
  const double threshold = StoryLink(options, thresholds);

  // Dated first, by the last day the date allows (an article dated "2024-03"
  // is known to be out by the 31st only, so a dated day comes before it),
  // then the first, then id.
  auto earlier = [&](size_t x, size_t y) {
    const auto& dx = days[x];
    const auto& dy = days[y];
    if (dx.has_value() != dy.has_value()) return dx.has_value();
    if (dx && dx->last != dy->last) return dx->last < dy->last;
    if (dx && dx->first != dy->first) return dx->first < dy->first;
    return collection.article(x).id < collection.article(y).id;
  };
  // A story of `rows`: its first date is the earliest article's; its last,
  // the latest day an article is known to be from (its date's first day:
  // "2024-03" tells that an article came out by the 31st, not after the 16th).
  auto make_story = [&](std::vector<size_t> rows) {
    Story story;
    story.articles = std::move(rows);
    std::sort(story.articles.begin(), story.articles.end(), earlier);
    story.id = collection.article(story.articles.front()).id;
    if (days[story.articles.front()]) {
      story.first_date = collection.article(story.articles.front()).date;
      const auto by_first = [&](size_t row) { return std::pair(days[row]->first, days[row]->last); };
      size_t last = story.articles.front();
      for (size_t row : story.articles) {
        if (days[row] && by_first(row) > by_first(last)) last = row;
      }
      story.last_date = collection.article(last).date;
    }
    story.outlets = CountOutlets(collection, story.articles);
    story.label = Label(collection, story.articles, options.label_words);
    return story;
  };
  std::vector<Story> stories;
  for (const std::vector<uint32_t>& group : clustering.Run(threshold)) {
    if (group.size() < std::max<size_t>(options.min_size, 1)) continue;
    std::vector<size_t> rows;
    for (uint32_t v : group) rows.push_back(row_of[v]);
    stories.push_back(make_story(std::move(rows)));
  }
  // Lone articles pass min_size 1 too: every article is then in one story.
  if (options.min_size <= 1) {
    for (size_t row = 0; row < n; ++row) {
      if (node_of[row] == std::numeric_limits<uint32_t>::max()) stories.push_back(make_story({row}));
    }
  }
  std::sort(stories.begin(), stories.end(), [&](const Story& x, const Story& y) {
    if (x.articles.size() != y.articles.size()) return x.articles.size() > y.articles.size();
    return earlier(x.articles.front(), y.articles.front());
  });

  std::vector<size_t> story_of(n, SIZE_MAX);
  for (size_t s = 0; s < stories.size(); ++s) {
    for (size_t row : stories[s].articles) story_of[row] = s;
  }
  for (size_t p = 0; p < pairs.size(); ++p) {
    const Comparison& c = pairs[p].comparison;
    if (Strength(c.relation) > Strength(Relation::kReuse)) continue;
    if (!WithinWindow(days[pairs[p].a], days[pairs[p].b], options.window_days)) continue;
    const size_t s = story_of[pairs[p].a];
    if (s != SIZE_MAX && s == story_of[pairs[p].b]) stories[s].reuse.push_back(p);
  }
  return stories;
}

}  // namespace parallax
