// Reprint groups in FindPairs: on a corpus of wire stories carried by many
// outlets (reprint_corpus.h), each copy is listed with its group's earliest
// article only, and the articles linked by the listed pairs are those that
// all_pairs links, each listed pair scored as ComparePair scores it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "parallax/collection.h"
#include "parallax/match.h"
#include "reprint_corpus.h"

namespace parallax {
namespace {

class ReprintGroupsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Collection::Create(std::filesystem::temp_directory_path() / "parallax_reprint_groups_unsaved",
                                      CollectionOptions{});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    collection_ = new Collection(std::move(created).value());
    const std::vector<Article> articles = reprint_corpus::Articles();
    auto added = collection_->Add(articles);
    ASSERT_TRUE(added.ok()) << added.status().ToString();
    ASSERT_EQ(added->added, articles.size());
    PairOptions all;
    all.all_pairs = true;
    auto clique = FindPairs(*collection_, all);
    ASSERT_TRUE(clique.ok()) << clique.status().ToString();
    all_ = new std::vector<ArticlePair>(std::move(clique).value());
    size_t scored = 0;
    auto pairs = FindPairs(*collection_, PairOptions{}, [&](const char* stage, size_t, size_t total) {
      if (std::string(stage) == pair_stage::kScoring) scored = total;
    });
    ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
    grouped_ = new std::vector<ArticlePair>(std::move(pairs).value());
    grouped_scored_ = scored;
  }
  static void TearDownTestSuite() {
    delete grouped_;
    delete all_;
    delete collection_;
  }
  static size_t Row(const std::string& id) {
    const auto row = collection_->Find(id);
    EXPECT_TRUE(row.has_value()) << id;
    return row.value_or(0);
  }
  static std::string Id(size_t row) { return collection_->article(row).id; }
  static bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
  // The rows of story A or B: the wire and its copies.
  static std::vector<size_t> Story(const std::string& letter) {
    std::vector<size_t> rows;
    for (size_t i = 0; i < collection_->size(); ++i) {
      if (Id(i) == "wire-" + letter || StartsWith(Id(i), letter + "-copy-")) rows.push_back(i);
    }
    return rows;
  }
  // Connected components of the articles the pairs link: each row's lowest linked row.
  static std::vector<size_t> Components(const std::vector<ArticlePair>& pairs) {
    std::vector<size_t> parent(collection_->size());
    std::iota(parent.begin(), parent.end(), size_t{0});
    auto root = [&](size_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (const ArticlePair& p : pairs) {
      const size_t a = root(p.a), b = root(p.b);
      parent[std::max(a, b)] = std::min(a, b);
    }
    for (size_t i = 0; i < parent.size(); ++i) parent[i] = root(i);
    return parent;
  }
  static size_t PairsAmong(const std::vector<ArticlePair>& pairs, const std::vector<size_t>& rows) {
    const std::set<size_t> in(rows.begin(), rows.end());
    return std::count_if(pairs.begin(), pairs.end(), [&](const ArticlePair& p) { return in.count(p.a) && in.count(p.b); });
  }

  static Collection* collection_;
  static std::vector<ArticlePair>* all_;
  static std::vector<ArticlePair>* grouped_;
  static size_t grouped_scored_;
};
Collection* ReprintGroupsTest::collection_ = nullptr;
std::vector<ArticlePair>* ReprintGroupsTest::all_ = nullptr;
std::vector<ArticlePair>* ReprintGroupsTest::grouped_ = nullptr;
size_t ReprintGroupsTest::grouped_scored_ = 0;

TEST_F(ReprintGroupsTest, TheCorpusIsWhatTheTestsNeed) {
  // With every pair listed, each story is a clique of duplicates and reuse
  // (trimmed copies): n(n-1)/2 pairs.
  for (const std::string letter : {"a", "b"}) {
    const std::vector<size_t> rows = Story(letter);
    EXPECT_EQ(PairsAmong(*all_, rows), rows.size() * (rows.size() - 1) / 2) << letter;
  }
  for (const ArticlePair& p : *all_) EXPECT_FALSE(p.duplicate_of.has_value());
}

TEST_F(ReprintGroupsTest, EachCopyIsListedWithTheEarliestArticleOnly) {
  // Story A: "wire-a" has the earliest date (its row is not the lowest).
  // Story B: "b-copy-00" and "b-copy-01" share the earliest day with
  // "wire-b"; the lowest row of them is the source.
  const std::map<std::string, std::string> sources = {{"a", "wire-a"}, {"b", "b-copy-00"}};
  for (const auto& [letter, source_id] : sources) {
    const std::vector<size_t> rows = Story(letter);
    const size_t source = Row(source_id);
    size_t copies = 0;
    for (const ArticlePair& p : *grouped_) {
      if (!p.duplicate_of) continue;
      if (std::count(rows.begin(), rows.end(), p.a) == 0) continue;
      EXPECT_EQ(*p.duplicate_of, source) << Id(p.a) << " " << Id(p.b);
      EXPECT_TRUE(p.a == source || p.b == source);
      ++copies;
    }
    // Every other article of the story is a copy of the source: n - 1 pairs
    // among them, where the clique has n(n-1)/2.
    EXPECT_EQ(copies, rows.size() - 1) << letter;
    EXPECT_EQ(PairsAmong(*grouped_, rows), rows.size() - 1) << letter;
  }
}

TEST_F(ReprintGroupsTest, ListedPairsAreScoredAsWithoutGroupsAndAsComparePair) {
  std::map<std::pair<size_t, size_t>, const ArticlePair*> all;
  for (const ArticlePair& p : *all_) all[{p.a, p.b}] = &p;
  for (const ArticlePair& p : *grouped_) {
    const auto it = all.find({p.a, p.b});
    ASSERT_NE(it, all.end()) << Id(p.a) << " " << Id(p.b) << " is not a pair without groups";
    const Comparison& want = it->second->comparison;
    EXPECT_EQ(p.comparison.similarity, want.similarity);
    EXPECT_EQ(p.comparison.relation, want.relation);
    EXPECT_EQ(p.comparison.reuse_a, want.reuse_a);
    EXPECT_EQ(p.comparison.reuse_b, want.reuse_b);
    EXPECT_EQ(p.comparison.passages.size(), want.passages.size());
  }
  // ComparePair on a sample: every pair with a source, and the roundups' pairs.
  for (const ArticlePair& p : *grouped_) {
    if (!p.duplicate_of && !StartsWith(Id(p.a), "roundup") && !StartsWith(Id(p.b), "roundup")) continue;
    auto c = ComparePair(*collection_, p.a, p.b);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->similarity, p.comparison.similarity) << Id(p.a) << " " << Id(p.b);
    EXPECT_EQ(c->relation, p.comparison.relation);
    EXPECT_EQ(c->reuse_a, p.comparison.reuse_a);
    EXPECT_EQ(c->reuse_b, p.comparison.reuse_b);
    EXPECT_EQ(c->source, p.comparison.source);
    ASSERT_EQ(c->passages.size(), p.comparison.passages.size());
    for (size_t i = 0; i < c->passages.size(); ++i) {
      EXPECT_EQ(c->passages[i].a, p.comparison.passages[i].a);
      EXPECT_EQ(c->passages[i].b, p.comparison.passages[i].b);
    }
  }
}

TEST_F(ReprintGroupsTest, RelatedArticlesAreLinkedAsWithoutGroups) {
  // Grouped pairs are a subset of all pairs (above), and every pair of all
  // links two articles the grouped pairs link too: the same components.
  EXPECT_LT(grouped_->size(), all_->size());
  const std::vector<size_t> grouped = Components(*grouped_);
  for (const ArticlePair& p : *all_) {
    EXPECT_EQ(grouped[p.a], grouped[p.b]) << Id(p.a) << " " << Id(p.b) << " (" << RelationName(p.comparison.relation)
                                          << ") are no longer linked";
  }
  EXPECT_EQ(grouped, Components(*all_));
  // So for each relation from same-event up (what stories link on).
  std::vector<ArticlePair> strong_all, strong_grouped;
  for (const ArticlePair& p : *all_) {
    if (p.comparison.relation <= Relation::kSameEvent) strong_all.push_back(p);
  }
  for (const ArticlePair& p : *grouped_) {
    if (p.comparison.relation <= Relation::kSameEvent) strong_grouped.push_back(p);
  }
  EXPECT_EQ(Components(strong_grouped), Components(strong_all));
}

TEST_F(ReprintGroupsTest, RoundupsAreListedWithTheSourcesOnly) {
  // Each roundup takes a paragraph of A and one of B: one reuse pair with
  // each story's source stands for its pairs with all the copies.
  for (int i = 0; i < 3; ++i) {
    const size_t roundup = Row("roundup-" + std::to_string(i));
    for (const std::string letter : {"a", "b"}) {
      size_t with_story = 0, reuse_with_story_all = 0;
      for (size_t row : Story(letter)) {
        for (const ArticlePair& p : *grouped_) {
          if (std::minmax(p.a, p.b) == std::minmax(roundup, row)) ++with_story;
        }
        for (const ArticlePair& p : *all_) {
          if (std::minmax(p.a, p.b) == std::minmax(roundup, row) && p.comparison.relation == Relation::kReuse) {
            ++reuse_with_story_all;
          }
        }
      }
      EXPECT_EQ(with_story, 1u) << "roundup-" << i << " and story " << letter;
      EXPECT_GT(reuse_with_story_all, 1u);
    }
  }
}

TEST_F(ReprintGroupsTest, FewerPairsAreScored) {
  // With every pair, candidates are at least the two cliques; grouped, the
  // pairs of two copies are not scored.
  const size_t a = Story("a").size(), b = Story("b").size();
  EXPECT_LT(grouped_scored_, (a * (a - 1) + b * (b - 1)) / 2);
}

TEST_F(ReprintGroupsTest, WithAnOutletFilterNothingIsLost) {
  // Only the pairs of one copy's outlet: the other copies' pairs with the
  // source are filtered out before grouping, so nothing confirms them as
  // copies and the copy's pairs with them are listed as without groups. What
  // is listed is listed without groups too, and links the same articles.
  PairOptions options;
  options.outlet = collection_->article(Row("a-copy-03")).outlet;
  auto grouped = FindPairs(*collection_, options);
  options.all_pairs = true;
  auto all = FindPairs(*collection_, options);
  ASSERT_TRUE(grouped.ok() && all.ok());
  std::set<std::pair<size_t, size_t>> in_all;
  for (const ArticlePair& p : *all) in_all.insert({p.a, p.b});
  for (const ArticlePair& p : *grouped) {
    EXPECT_TRUE(in_all.count({p.a, p.b})) << Id(p.a) << " " << Id(p.b);
    EXPECT_TRUE(collection_->article(p.a).outlet == options.outlet || collection_->article(p.b).outlet == options.outlet);
  }
  EXPECT_EQ(Components(*grouped), Components(*all));
  EXPECT_EQ(PairsAmong(*grouped, Story("a")), Story("a").size() - 1);
  const auto copy = std::find_if(grouped->begin(), grouped->end(), [&](const ArticlePair& p) {
    return std::minmax(p.a, p.b) == std::minmax(Row("a-copy-03"), Row("wire-a"));
  });
  ASSERT_NE(copy, grouped->end());
  EXPECT_EQ(copy->duplicate_of, Row("wire-a"));
}

}  // namespace
}  // namespace parallax
