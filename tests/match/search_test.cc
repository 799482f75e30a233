// Search over the synthetic corpus collection.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "corpus_collection.h"
#include "parallax/match.h"
#include "test_corpus.h"

namespace parallax {
namespace {

using test_corpus::CorpusCollection;
using test_corpus::MakeDoc;
using test_corpus::Row;

Article Query(const std::string& text) { return MakeDoc("query", "", "", "", {text}); }

// Ranked as pairs lists pairs: the stronger relation first (the enum's
// order), then the higher similarity, then the lower row.
void ExpectRanked(const std::vector<SearchHit>& hits) {
  for (size_t i = 1; i < hits.size(); ++i) {
    const SearchHit &x = hits[i - 1], &y = hits[i];
    EXPECT_LE(static_cast<int>(x.relation), static_cast<int>(y.relation)) << "hit " << i;
    if (x.relation != y.relation) continue;
    EXPECT_GE(x.similarity, y.similarity) << "hit " << i;
    if (x.similarity == y.similarity) EXPECT_LT(x.article, y.article);
  }
  for (const SearchHit& h : hits) {
    EXPECT_GE(h.similarity, 0.0f);
    EXPECT_LE(h.similarity, 1.0f);
  }
}

TEST(SearchTest, WholeArticleFindsItselfFirst) {
  const Collection& c = CorpusCollection();
  for (size_t i = 0; i < c.size(); ++i) {
    Article query = c.article(i);
    query.id = "query";
    query.date.clear();
    auto hits = Search(c, query, 5);
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    ASSERT_EQ(hits->size(), 5u);
    EXPECT_EQ((*hits)[0].article, i) << c.article(i).id << " found " << c.article((*hits)[0].article).id;
    EXPECT_NEAR((*hits)[0].similarity, 1.0f, 0.01) << c.article(i).id;  // stored vectors: 8-bit weights
    // No other article is a copy (the nearest, reuse2 to reuse1, is reuse1
    // with two words replaced and a paragraph moved: 0.990).
    EXPECT_LT((*hits)[1].similarity, 0.995f) << c.article(i).id;
    ExpectRanked(*hits);
    // One answer: each other hit relates to the query as pairs relates the
    // two stored articles.
    for (size_t k = 1; k < hits->size(); ++k) {
      const auto pair = ComparePair(c, i, (*hits)[k].article);
      ASSERT_TRUE(pair.ok()) << pair.status().ToString();
      EXPECT_EQ((*hits)[k].relation, pair->relation) << c.article(i).id << " " << c.article((*hits)[k].article).id;
      EXPECT_NEAR((*hits)[k].similarity, pair->similarity, 1e-4) << c.article(i).id;
    }
  }
}

TEST(SearchTest, SimilarityIsTheExactCosine) {
  const Collection& c = CorpusCollection();
  const Article query = Query(
      "Firefighters fought the Redmont wildfire with water-bombing aircraft after villages were evacuated.");
  auto hits = Search(c, query, 4);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 4u);
  const PreparedText q = Prepare(c.model(), query);
  for (const SearchHit& h : *hits) {
    const SparseVector v = c.model().ArticleVector(c.article(h.article), c.analysis(h.article));
    EXPECT_NEAR(h.similarity, Dot(q.vector, v), 0.01) << c.article(h.article).id;  // 8-bit stored weights
  }
  // The three wildfire reports come first.
  std::set<std::string> top3;
  for (size_t i = 0; i < 3; ++i) top3.insert(c.article((*hits)[i].article).id);
  EXPECT_EQ(top3, (std::set<std::string>{"e3a", "e3b", "e3c"}));
}

TEST(SearchTest, QuotedSentenceFindsItsArticle) {
  // One sentence quoted from an article (the sentence-index path of Search
  // also runs for it; at this size the article index alone fetches every
  // article, so the result is the same with or without it).
  const std::vector<std::pair<std::string, std::string>> quotes = {
      {"e4b", "Le conducteur a eu le temps de freiner avant le choc, ce qui a limité les dégâts."},
      {"e2c", "Economists expect lenders to adjust their rates before the end of the month."},
      {"u3", "The forward is expected to make his debut against Rovers on Saturday."},
      {"e1a", "Une nouvelle assemblée générale est prévue jeudi pour décider d'une éventuelle reconduction du "
              "mouvement."},
  };
  const Collection& c = CorpusCollection();
  for (const auto& [id, sentence] : quotes) {
    SCOPED_TRACE(id);
    ASSERT_NE(c.article(Row(id)).text.find(sentence), std::string::npos);
    auto hits = Search(c, Query(sentence), 3);
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    ASSERT_EQ(hits->size(), 3u);
    bool found = false;
    for (const SearchHit& h : *hits) found = found || h.article == Row(id);
    EXPECT_TRUE(found) << "top hit: " << c.article((*hits)[0].article).id;
    ExpectRanked(*hits);
  }
}

TEST(SearchTest, KLargerThanTheCollectionReturnsEveryArticle) {
  const Collection& c = CorpusCollection();
  const Article query = Query("La grève des dockers bloque le port de Marseille et les ferries pour la Corse.");
  auto hits = Search(c, query, 1000);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), c.size());
  std::set<size_t> rows;
  for (const SearchHit& h : *hits) rows.insert(h.article);
  EXPECT_EQ(rows.size(), c.size());
  ExpectRanked(*hits);
  // The best hits are the strike reports; k = 1 gives the same first hit.
  EXPECT_EQ(c.article((*hits)[0].article).id.substr(0, 2), "e1");
  auto one = Search(c, query, 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].article, (*hits)[0].article);
  EXPECT_FLOAT_EQ((*one)[0].similarity, (*hits)[0].similarity);
}

TEST(SearchTest, NonPositiveKIsInvalidArgument) {
  for (int k : {0, -1}) {
    auto hits = Search(CorpusCollection(), Query("anything at all"), k);
    ASSERT_FALSE(hits.ok());
    EXPECT_EQ(hits.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(SearchTest, EmptyCollectionHasNoHits) {
  auto empty = Collection::Create(std::filesystem::temp_directory_path() / "parallax_search_empty_unsaved",
                                  CollectionOptions{});
  ASSERT_TRUE(empty.ok());
  auto hits = Search(*empty, Query("A query against nothing."), 3);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_TRUE(hits->empty());
}

}  // namespace
}  // namespace parallax
