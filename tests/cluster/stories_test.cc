// FindStories over the synthetic corpus (tests/match/test_corpus.h: four
// events of three reports each, unrelated articles, a copied paragraph), and
// over collections built to make single-link clustering chain two events.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "match/corpus_collection.h"
#include "match/reprint_corpus.h"
#include "match/test_corpus.h"
#include "parallax/stories.h"

namespace parallax {
namespace {

using test_corpus::CorpusCollection;
using test_corpus::Doc;
using test_corpus::MakeDoc;

std::vector<ArticlePair> Pairs(const Collection& collection) {
  auto pairs = FindPairs(collection, PairOptions{});
  EXPECT_TRUE(pairs.ok()) << pairs.status().ToString();
  return pairs.ok() ? std::move(pairs).value() : std::vector<ArticlePair>{};
}

std::vector<std::set<std::string>> Ids(const Collection& collection, const std::vector<Story>& stories) {
  std::vector<std::set<std::string>> out;
  for (const Story& s : stories) {
    std::set<std::string> ids;
    for (size_t row : s.articles) ids.insert(collection.article(row).id);
    out.push_back(ids);
  }
  return out;
}

std::map<std::string, int> EventOf() {
  std::map<std::string, int> events;
  for (const Doc& d : test_corpus::SyntheticCorpus()) events[d.article.id] = d.event;
  return events;
}

TEST(FindStoriesTest, EachEventIsOneStoryAndNoStoryMixesEvents) {
  const Collection& c = CorpusCollection();
  const std::vector<ArticlePair> pairs = Pairs(c);
  const std::vector<Story> stories = FindStories(c, pairs, RelationThresholds{});
  const auto events = EventOf();
  std::map<int, std::set<std::string>> expected;
  for (const auto& [id, event] : events) {
    if (event != test_corpus::kNoEvent) expected[event].insert(id);
  }
  // A round-up and its edited copy (a duplicate) are no event's reports, but
  // one text published twice: one story.
  expected[-1] = {"reuse1", "reuse2"};
  std::vector<std::set<std::string>> found = Ids(c, stories);
  ASSERT_EQ(found.size(), expected.size());
  for (const auto& [event, ids] : expected) {
    EXPECT_NE(std::find(found.begin(), found.end(), ids), found.end()) << "event " << event << " is not one story";
  }
}

TEST(FindStoriesTest, StoryFieldsFollowItsArticles) {
  const Collection& c = CorpusCollection();
  const std::vector<ArticlePair> pairs = Pairs(c);
  const std::vector<Story> stories = FindStories(c, pairs, RelationThresholds{});
  ASSERT_FALSE(stories.empty());
  for (const Story& s : stories) {
    // The id is the earliest article's; articles run by date, then id.
    EXPECT_EQ(s.id, c.article(s.articles.front()).id);
    for (size_t i = 1; i < s.articles.size(); ++i) {
      const Article& x = c.article(s.articles[i - 1]);
      const Article& y = c.article(s.articles[i]);
      EXPECT_TRUE(x.date < y.date || (x.date == y.date && x.id < y.id)) << x.id << " before " << y.id;
    }
    EXPECT_EQ(s.first_date, c.article(s.articles.front()).date);
    EXPECT_EQ(s.last_date, c.article(s.articles.back()).date);
    size_t counted = 0;
    for (const OutletCount& o : s.outlets) counted += o.articles;
    EXPECT_EQ(counted, s.articles.size());
    EXPECT_FALSE(s.label.empty()) << s.id;
    for (size_t p : s.reuse) {
      const Relation r = pairs[p].comparison.relation;
      EXPECT_TRUE(r == Relation::kDuplicate || r == Relation::kTranslation || r == Relation::kReuse);
      EXPECT_TRUE(std::count(s.articles.begin(), s.articles.end(), pairs[p].a) == 1 &&
                  std::count(s.articles.begin(), s.articles.end(), pairs[p].b) == 1);
    }
  }
}

// A translation is as strong a link as a duplicate or a reuse, and one of
// the story's reuse pairs (a text taken from another); a same-event pair
// links the same articles without being one.
TEST(FindStoriesTest, TranslationsLinkAndAreReusePairs) {
  const Collection& c = CorpusCollection();
  const size_t x = *c.Find("e1a"), y = *c.Find("e1b");
  for (const Relation relation : {Relation::kTranslation, Relation::kSameEvent, Relation::kRelated}) {
    SCOPED_TRACE(RelationName(relation));
    ArticlePair pair{x, y, {}, std::nullopt};
    pair.comparison.relation = relation;
    const std::vector<Story> stories = FindStories(c, {pair}, RelationThresholds{});
    if (relation == Relation::kRelated) {
      EXPECT_TRUE(stories.empty()) << "related is too weak to link";
      continue;
    }
    ASSERT_EQ(stories.size(), 1u);
    EXPECT_EQ(Ids(c, stories)[0], (std::set<std::string>{"e1a", "e1b"}));
    EXPECT_EQ(stories[0].reuse, relation == Relation::kTranslation ? std::vector<size_t>{0} : std::vector<size_t>{});
  }
}

TEST(FindStoriesTest, LabelWordsAreInTwoHeadlinesAndNoFunctionWord) {
  const Collection& c = CorpusCollection();
  const std::vector<Story> stories = FindStories(c, Pairs(c), RelationThresholds{});
  for (const Story& s : stories) {
    ASSERT_FALSE(s.label.empty()) << s.id;
    for (const std::string& word : s.label) {
      size_t headlines = 0;
      for (size_t row : s.articles) {
        for (const Model::HeadlineWord& w : c.model().HeadlineWords(c.article(row), c.analysis(row))) {
          headlines += w.spelling == word;
        }
      }
      EXPECT_GE(headlines, 2u) << s.id << ": " << word;
      for (const char* function_word : {"les", "des", "the", "and", "une"}) EXPECT_NE(word, function_word) << s.id;
    }
  }
  // The dockers' strike in Marseille (event 1) is named by a word of its first headline.
  const auto e1 = std::find_if(stories.begin(), stories.end(), [](const Story& s) { return s.id == "e1a"; });
  ASSERT_NE(e1, stories.end());
  std::string first_title = c.article(e1->articles.front()).title;
  std::transform(first_title.begin(), first_title.end(), first_title.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  EXPECT_NE(first_title.find(e1->label.front().substr(0, 3)), std::string::npos) << e1->label.front();
}

TEST(FindStoriesTest, MinSizeOneGivesEveryArticleOneStory) {
  const Collection& c = CorpusCollection();
  StoryOptions options;
  options.min_size = 1;
  const std::vector<Story> stories = FindStories(c, Pairs(c), RelationThresholds{}, options);
  std::vector<size_t> seen;
  for (const Story& s : stories) seen.insert(seen.end(), s.articles.begin(), s.articles.end());
  std::sort(seen.begin(), seen.end());
  std::vector<size_t> all(c.size());
  std::iota(all.begin(), all.end(), 0);
  EXPECT_EQ(seen, all);
  for (size_t i = 1; i < stories.size(); ++i) EXPECT_GE(stories[i - 1].articles.size(), stories[i].articles.size());
}

TEST(FindStoriesTest, ArticlesOutsideTheWindowDoNotLink) {
  const Collection& c = CorpusCollection();
  const std::vector<ArticlePair> pairs = Pairs(c);
  // Each event's reports span two days: a window of 0 days splits off the
  // later report, and one of 1 day keeps the event whole.
  StoryOptions same_day;
  same_day.window_days = 0;
  for (const Story& s : FindStories(c, pairs, RelationThresholds{}, same_day)) {
    for (size_t row : s.articles) EXPECT_EQ(c.article(row).date, c.article(s.articles.front()).date) << s.id;
  }
  StoryOptions one_day;
  one_day.window_days = 1;
  EXPECT_EQ(FindStories(c, pairs, RelationThresholds{}, one_day).size(), 4u);
}

TEST(FindStoriesTest, NoLinkNoStory) {
  const Collection& c = CorpusCollection();
  EXPECT_TRUE(FindStories(c, {}, RelationThresholds{}).empty());
}

// Two events and an article made of one report of each (a round-up): it is
// a same-event pair with reports of both, so single-link clustering over
// the pairs chains the two events into one group. Average link must not.
TEST(FindStoriesChainingTest, AnArticleCloseToTwoEventsDoesNotChainThem) {
  std::vector<Article> articles;
  std::map<std::string, int> event;
  for (Doc& d : test_corpus::SyntheticCorpus()) {
    if (d.event != 1 && d.event != 4) continue;
    d.article.date = "2024-03-04";  // one window for all
    event[d.article.id] = d.event;
    articles.push_back(std::move(d.article));
  }
  const Article& fire = articles[0];   // e1a
  const Article& snow = articles[3];   // e4a
  ASSERT_EQ(event[fire.id], 1);
  ASSERT_EQ(event[snow.id], 4);
  std::vector<std::string> lines = {"Les nouvelles de la semaine en région"};
  for (const Article* a : {&fire, &snow}) {
    for (size_t i = 1; i < a->segments.size(); ++i) {
      lines.push_back(a->text.substr(a->segments[i].begin, a->segments[i].size()));
    }
  }
  articles.push_back(MakeDoc("roundup", "weekly.fr", "2024-03-05", "fr", lines));

  auto created = Collection::Create(std::filesystem::temp_directory_path() / "parallax_stories_chain_unsaved",
                                    CollectionOptions{});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE(created->Add(articles).ok());
  const Collection& c = *created;
  const std::vector<ArticlePair> pairs = Pairs(c);

  // The premise: the round-up links to both events, so connected components
  // of the links would be one group.
  std::set<int> linked_events;
  const size_t roundup = *c.Find("roundup");
  for (const ArticlePair& p : pairs) {
    if (static_cast<int>(p.comparison.relation) > static_cast<int>(Relation::kSameEvent)) continue;
    if (p.a == roundup) linked_events.insert(event[c.article(p.b).id]);
    if (p.b == roundup) linked_events.insert(event[c.article(p.a).id]);
  }
  ASSERT_EQ(linked_events, (std::set<int>{1, 4})) << "the round-up must link to both events for this test to mean anything";

  auto most_events = [&](const std::vector<Story>& stories) {
    size_t most = 0;
    for (const Story& s : stories) {
      std::set<int> events;
      for (size_t row : s.articles) {
        if (row != roundup) events.insert(event[c.article(row).id]);
      }
      most = std::max(most, events.size());
    }
    return most;
  };
  EXPECT_EQ(most_events(FindStories(c, pairs, RelationThresholds{})), 1u) << "a story mixes two events";
  // With a link of 0 every linked group merges (single link): they chain.
  StoryOptions single_link;
  single_link.link = 0.0f;
  EXPECT_EQ(most_events(FindStories(c, pairs, RelationThresholds{}, single_link)), 2u);
}

TEST(FindStoriesStableIdTest, AddingALaterReportKeepsTheStoryId) {
  std::vector<Article> first, later;
  for (Doc& d : test_corpus::SyntheticCorpus()) {
    (d.article.id == "e2c" ? later : first).push_back(std::move(d.article));
  }
  auto created = Collection::Create(std::filesystem::temp_directory_path() / "parallax_stories_stable_unsaved",
                                    CollectionOptions{});
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(created->Add(first).ok());
  auto story_of = [&](const std::string& id) -> std::string {
    const size_t row = *created->Find(id);
    for (const Story& s : FindStories(*created, Pairs(*created), RelationThresholds{})) {
      if (std::count(s.articles.begin(), s.articles.end(), row)) return s.id;
    }
    return "";
  };
  EXPECT_EQ(story_of("e2b"), "e2a");
  ASSERT_TRUE(created->Add(later).ok());
  EXPECT_EQ(story_of("e2c"), "e2a");
  EXPECT_EQ(story_of("e2b"), "e2a");
}

TEST(FindStoriesStableIdTest, AMonthDateIsKnownOnlyToTheMonth) {
  // A scraped .txt article often carries only "YYYY-MM": it came out by the
  // month's end, so a report dated to the day comes first and names the story.
  std::vector<Article> articles;
  for (Doc& d : test_corpus::SyntheticCorpus()) {
    if (d.event != 2) continue;
    if (d.article.id == "e2a") d.article.date = "2023-09";
    articles.push_back(std::move(d.article));
  }
  auto created = Collection::Create(std::filesystem::temp_directory_path() / "parallax_stories_month_unsaved",
                                    CollectionOptions{});
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(created->Add(articles).ok());
  const std::vector<Story> stories = FindStories(*created, Pairs(*created), RelationThresholds{});
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].id, "e2b");
  EXPECT_EQ(stories[0].first_date, "2023-09-21");
  EXPECT_EQ(stories[0].last_date, "2023-09-22");
  ASSERT_EQ(stories[0].articles.size(), 3u);
  EXPECT_EQ(created->article(stories[0].articles.back()).id, "e2a");
}

// Grouped pairs link each reprint through its source only, where every pair
// links each reprint with all others: the stories are the same, and each
// story holds all of a wire story's copies. As `stories` asks for its pairs
// (same-event or stronger, within the window).
TEST(FindStoriesReprintTest, GroupedPairsGiveTheStoriesOfAllPairs) {
  auto created = Collection::Create(std::filesystem::temp_directory_path() / "parallax_stories_reprints_unsaved",
                                    CollectionOptions{});
  ASSERT_TRUE(created.ok());
  Collection& c = *created;
  ASSERT_TRUE(c.Add(reprint_corpus::Articles()).ok());
  const StoryOptions story_options;
  PairOptions options;
  options.weakest = Relation::kSameEvent;
  options.max_days_apart = story_options.window_days;
  auto grouped = FindPairs(c, options);
  options.all_pairs = true;
  auto all = FindPairs(c, options);
  ASSERT_TRUE(grouped.ok() && all.ok());
  ASSERT_LT(grouped->size(), all->size());
  const auto grouped_stories = Ids(c, FindStories(c, *grouped, options.compare.thresholds, story_options));
  const auto all_stories = Ids(c, FindStories(c, *all, options.compare.thresholds, story_options));
  EXPECT_EQ(grouped_stories, all_stories);
  for (const std::string letter : {"a", "b"}) {
    const auto story = std::find_if(grouped_stories.begin(), grouped_stories.end(),
                                    [&](const std::set<std::string>& ids) { return ids.count("wire-" + letter) > 0; });
    ASSERT_NE(story, grouped_stories.end());
    size_t copies = 0;
    for (const std::string& id : *story) copies += id.rfind(letter + "-copy-", 0) == 0;
    EXPECT_EQ(copies, static_cast<size_t>(letter == "a" ? reprint_corpus::kCopiesOfA : reprint_corpus::kCopiesOfB));
  }
}

TEST(ParseDayRangeTest, DaysMonthsYearsAndNonsense) {
  const auto day = ParseDayRange("2024-03-11");
  ASSERT_TRUE(day.has_value());
  EXPECT_EQ(day->first, day->last);
  EXPECT_EQ(day->first, 19793);  // days from 1970-01-01
  const auto with_time = ParseDayRange("2024-03-11T09:30:00+01:00");
  ASSERT_TRUE(with_time.has_value());
  EXPECT_EQ(with_time->first, 19793);
  const auto month = ParseDayRange("2024-03");
  ASSERT_TRUE(month.has_value());
  EXPECT_EQ(month->first, 19793 - 10);
  EXPECT_EQ(month->last, 19793 + 20);
  const auto leap = ParseDayRange("2024-02");
  ASSERT_TRUE(leap.has_value());
  EXPECT_EQ(leap->last - leap->first, 28);
  const auto year = ParseDayRange("2023");
  ASSERT_TRUE(year.has_value());
  EXPECT_EQ(year->last - year->first, 364);
  for (const char* bad : {"", "2024-02-30", "2024-13", "Feb 22, 2022", "20240311", "2024-3-1", "abcd"}) {
    EXPECT_FALSE(ParseDayRange(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace parallax
