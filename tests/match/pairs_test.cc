// FindPairs over the synthetic corpus collection.
//
// The default thresholds are used throughout: on this corpus the similarity of
// two reports of the same event is at least about 0.40 and that of two
// different events at most about 0.15 (with IDF fitted on 18 articles, the
// function words of the French ones still weigh), on either side of the
// default same-event threshold (0.21); a test below checks that margin so that
// a change in the model shows up there first.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <span>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "corpus/temp_dir.h"
#include "corpus_collection.h"
#include "parallax/dates.h"
#include "parallax/match.h"
#include "test_corpus.h"

namespace parallax {
namespace {

using test_corpus::CorpusCollection;
using test_corpus::Row;

int Strength(Relation r) { return static_cast<int>(r); }  // smaller is stronger

std::string Name(const ArticlePair& p) {
  const Collection& c = CorpusCollection();
  return c.article(p.a).id + "-" + c.article(p.b).id + " (" + RelationName(p.comparison.relation) + ")";
}

const ArticlePair* FindPair(const std::vector<ArticlePair>& pairs, size_t x, size_t y) {
  const size_t a = std::min(x, y), b = std::max(x, y);
  for (const ArticlePair& p : pairs) {
    if (p.a == a && p.b == b) return &p;
  }
  return nullptr;
}

std::map<std::string, int> EventOf() {
  std::map<std::string, int> events;
  for (const auto& d : test_corpus::SyntheticCorpus()) events[d.article.id] = d.event;
  return events;
}

class FindPairsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pairs = FindPairs(CorpusCollection(), PairOptions{});
    ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
    pairs_ = new std::vector<ArticlePair>(std::move(pairs).value());
  }
  static void TearDownTestSuite() {
    delete pairs_;
    pairs_ = nullptr;
  }
  static const std::vector<ArticlePair>& pairs() { return *pairs_; }
  // With every pair of a reprint group's copies (reuse1 and its edited copy reuse2) too.
  static const std::vector<ArticlePair>& all_pairs() {
    static const std::vector<ArticlePair>* all = [] {
      PairOptions options;
      options.all_pairs = true;
      auto found = FindPairs(CorpusCollection(), options);
      EXPECT_TRUE(found.ok());
      return new std::vector<ArticlePair>(found.ok() ? std::move(found).value() : std::vector<ArticlePair>());
    }();
    return *all;
  }
  static std::vector<ArticlePair>* pairs_;
};
std::vector<ArticlePair>* FindPairsTest::pairs_ = nullptr;

TEST_F(FindPairsTest, EveryPairOfOneEventIsSameEventOrStronger) {
  const auto events = EventOf();
  const Collection& c = CorpusCollection();
  int checked = 0;
  for (size_t x = 0; x < c.size(); ++x) {
    for (size_t y = x + 1; y < c.size(); ++y) {
      const int ex = events.at(c.article(x).id), ey = events.at(c.article(y).id);
      if (ex == test_corpus::kNoEvent || ex != ey) continue;
      ++checked;
      const ArticlePair* p = FindPair(pairs(), x, y);
      ASSERT_NE(p, nullptr) << c.article(x).id << "-" << c.article(y).id << " not found";
      EXPECT_LE(Strength(p->comparison.relation), Strength(Relation::kSameEvent)) << Name(*p);
    }
  }
  EXPECT_EQ(checked, 4 * 3);
}

TEST_F(FindPairsTest, NoPairOfTwoEventsIsSameEventOrStronger) {
  const auto events = EventOf();
  const Collection& c = CorpusCollection();
  for (const ArticlePair& p : pairs()) {
    const int ea = events.at(c.article(p.a).id), eb = events.at(c.article(p.b).id);
    if (ea == test_corpus::kNoEvent || eb == test_corpus::kNoEvent || ea == eb) continue;
    EXPECT_GT(Strength(p.comparison.relation), Strength(Relation::kSameEvent)) << Name(p);
    EXPECT_TRUE(p.comparison.passages.empty()) << Name(p);
  }
}

TEST_F(FindPairsTest, SimilarityMarginAroundTheSameEventThreshold) {
  // Exact cosines of every pair fall on the right side of the same-event
  // threshold, with a margin (0.03 below it, the tightest side: articles
  // of different events reach 0.151; of one event, 0.405 at least).
  const auto events = EventOf();
  const Collection& c = CorpusCollection();
  std::vector<PreparedText> prepared;
  for (size_t i = 0; i < c.size(); ++i) prepared.push_back(Prepare(c.model(), c.article(i), c.analysis(i)));
  for (size_t x = 0; x < c.size(); ++x) {
    for (size_t y = x + 1; y < c.size(); ++y) {
      const int ex = events.at(c.article(x).id), ey = events.at(c.article(y).id);
      if (ex == test_corpus::kNoEvent || ey == test_corpus::kNoEvent) continue;
      const float s = Dot(prepared[x].vector, prepared[y].vector);
      const float threshold = RelationThresholds{}.same_event;
      if (ex == ey) {
        EXPECT_GE(s, threshold + 0.02f) << c.article(x).id << "-" << c.article(y).id;
      } else {
        EXPECT_LE(s, threshold - 0.03f) << c.article(x).id << "-" << c.article(y).id;
      }
    }
  }
}

TEST_F(FindPairsTest, VerbatimCopyIsReuseWithTheParagraph) {
  // reuse2 is an edited copy of reuse1 (a reprint group): grouped, reuse1
  // stands for it in its pair with e3a, which every pair lists.
  const Collection& c = CorpusCollection();
  EXPECT_NE(FindPair(pairs(), Row("e3a"), Row("reuse1")), nullptr);
  EXPECT_EQ(FindPair(pairs(), Row("e3a"), Row("reuse2")), nullptr);
  for (const char* copier : {"reuse1", "reuse2"}) {
    SCOPED_TRACE(copier);
    const ArticlePair* p = FindPair(all_pairs(), Row("e3a"), Row(copier));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->comparison.relation, Relation::kReuse) << Name(*p);
    // e3a is stored before the copies, so it is side a.
    ASSERT_EQ(p->a, Row("e3a"));
    ASSERT_EQ(p->comparison.passages.size(), 1u);
    const Passage& passage = p->comparison.passages[0];
    EXPECT_EQ(passage.kind, PassageKind::kVerbatim);
    EXPECT_EQ(passage.a, test_corpus::PassageSpan(c.article(p->a).text, test_corpus::kCopiedParagraph));
    EXPECT_EQ(passage.b, test_corpus::PassageSpan(c.article(p->b).text, test_corpus::kCopiedParagraph));
    EXPECT_FLOAT_EQ(p->comparison.reuse_a, ContentShare(c.article(p->a), {passage.a}));
  }
}

TEST_F(FindPairsTest, EditedCopyIsDuplicate) {
  const ArticlePair* p = FindPair(pairs(), Row("reuse1"), Row("reuse2"));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->comparison.relation, Relation::kDuplicate);
  EXPECT_EQ(p->duplicate_of, Row("reuse1"));  // the earlier, the source of its reprint group
  EXPECT_EQ(p->comparison.passages.size(), 4u);
  EXPECT_GT(p->comparison.reuse_a, 0.99f);
  EXPECT_GT(p->comparison.reuse_b, 0.99f);
  EXPECT_EQ(p->comparison.source, Source::kA);
  // The only duplicate in the corpus.
  int duplicates = 0;
  for (const ArticlePair& q : pairs()) duplicates += q.comparison.relation == Relation::kDuplicate;
  EXPECT_EQ(duplicates, 1);
}

TEST_F(FindPairsTest, SourceOnlyForPairsThatSharePassages) {
  int with_source = 0, without_passages = 0;
  for (const ArticlePair& p : pairs()) {
    if (p.comparison.passages.empty()) {
      ++without_passages;
      EXPECT_EQ(p.comparison.source, Source::kUnknown) << Name(p);
    }
    with_source += p.comparison.source != Source::kUnknown;
  }
  EXPECT_GT(without_passages, 0);  // same-event pairs of different days, among others
  EXPECT_GT(with_source, 0);
}

TEST_F(FindPairsTest, ComparePairScoresEveryPairAsFindPairsDoes) {
  const Collection& c = CorpusCollection();
  for (const ArticlePair& p : pairs()) {
    for (const bool swapped : {false, true}) {
      auto compared = swapped ? ComparePair(c, p.b, p.a) : ComparePair(c, p.a, p.b);
      ASSERT_TRUE(compared.ok()) << compared.status().ToString();
      const Comparison& want = p.comparison;
      const Comparison& got = *compared;
      EXPECT_EQ(got.similarity, want.similarity) << Name(p);
      EXPECT_EQ(got.relation, want.relation) << Name(p);
      EXPECT_EQ(swapped ? got.reuse_b : got.reuse_a, want.reuse_a) << Name(p);
      EXPECT_EQ(swapped ? got.reuse_a : got.reuse_b, want.reuse_b) << Name(p);
      const Source source = swapped && got.source != Source::kUnknown
                                ? (got.source == Source::kA ? Source::kB : Source::kA)
                                : got.source;
      EXPECT_EQ(source, want.source) << Name(p);
      ASSERT_EQ(got.passages.size(), want.passages.size()) << Name(p);
      for (const Passage& w : want.passages) {
        const bool found = std::any_of(got.passages.begin(), got.passages.end(), [&](const Passage& g) {
          return (swapped ? g.b : g.a) == w.a && (swapped ? g.a : g.b) == w.b && g.kind == w.kind && g.score == w.score;
        });
        EXPECT_TRUE(found) << Name(p) << " passage at " << w.a.begin;
      }
    }
  }
  EXPECT_FALSE(ComparePair(c, 0, 0).ok());
  EXPECT_FALSE(ComparePair(c, 0, c.size()).ok());
}

TEST_F(FindPairsTest, SortedUniqueAndOrdered) {
  ASSERT_FALSE(pairs().empty());
  std::set<std::pair<size_t, size_t>> seen;
  for (size_t i = 0; i < pairs().size(); ++i) {
    const ArticlePair& p = pairs()[i];
    EXPECT_LT(p.a, p.b) << Name(p);
    EXPECT_LT(p.b, CorpusCollection().size());
    EXPECT_TRUE(seen.insert({p.a, p.b}).second) << "twice: " << Name(p);
    // The default `weakest` is kRelated: nothing unrelated is listed.
    EXPECT_NE(p.comparison.relation, Relation::kUnrelated) << Name(p);
    if (i == 0) continue;
    const ArticlePair& prev = pairs()[i - 1];
    const auto key = [](const ArticlePair& x) {
      return std::make_tuple(Strength(x.comparison.relation), -x.comparison.similarity);
    };
    EXPECT_LE(key(prev), key(p)) << Name(prev) << " listed before " << Name(p);
  }
}

TEST_F(FindPairsTest, EachPairIsTheComparisonOfItsArticles) {
  const Collection& c = CorpusCollection();
  for (const ArticlePair& p : pairs()) {
    const PreparedText a = Prepare(c.model(), c.article(p.a), c.analysis(p.a));
    const PreparedText b = Prepare(c.model(), c.article(p.b), c.analysis(p.b));
    Comparison want = Compare(a, b);
    // Pairs reads the stored vectors, quantised to 8 bits: within 1%.
    EXPECT_NEAR(p.comparison.similarity, want.similarity, 0.01) << Name(p);
    // Pairs aligns only candidates that share two fingerprints: what it may
    // miss is paraphrased sentences, or passages too short to be reuse.
    if (p.comparison.passages.empty() && !want.passages.empty()) {
      const bool only_paraphrases = std::all_of(want.passages.begin(), want.passages.end(), [](const Passage& x) {
        return x.kind == PassageKind::kParaphrase;
      });
      EXPECT_TRUE(only_paraphrases || std::max(want.reuse_a, want.reuse_b) < RelationThresholds{}.reuse) << Name(p);
      EXPECT_EQ(p.comparison.relation, Classify(p.comparison.similarity, 0, 0,
                                                RelationThresholds{}))
          << Name(p);
      continue;
    }
    EXPECT_EQ(p.comparison.relation, want.relation) << Name(p);
    EXPECT_FLOAT_EQ(p.comparison.reuse_a, want.reuse_a) << Name(p);
    EXPECT_FLOAT_EQ(p.comparison.reuse_b, want.reuse_b) << Name(p);
    EXPECT_EQ(p.comparison.source, want.source) << Name(p);
    ASSERT_EQ(p.comparison.passages.size(), want.passages.size()) << Name(p);
    for (size_t k = 0; k < want.passages.size(); ++k) {
      EXPECT_EQ(p.comparison.passages[k].a, want.passages[k].a) << Name(p);
      EXPECT_EQ(p.comparison.passages[k].b, want.passages[k].b) << Name(p);
    }
  }
}

TEST_F(FindPairsTest, OutletFilterKeepsOnlyThatOutletsPairs) {
  const Collection& c = CorpusCollection();
  const std::string outlet = "valleytimes.com";  // e3a
  PairOptions options;
  options.outlet = outlet;
  auto filtered = FindPairs(c, options);
  ASSERT_TRUE(filtered.ok());
  std::set<std::pair<size_t, size_t>> got, want;
  for (const ArticlePair& p : *filtered) {
    EXPECT_TRUE(c.article(p.a).outlet == outlet || c.article(p.b).outlet == outlet) << Name(p);
    got.insert({p.a, p.b});
  }
  // Every pair: reuse2's pair with e3a is left to reuse1's without the
  // filter, but the filter leaves out reuse2's pair with reuse1, which would
  // confirm it as a copy, so it is listed.
  for (const ArticlePair& p : all_pairs()) {
    if (c.article(p.a).outlet == outlet || c.article(p.b).outlet == outlet) want.insert({p.a, p.b});
  }
  EXPECT_EQ(got, want);
  // e3a's pairs: its two siblings and the two copies of its paragraph.
  EXPECT_GE(got.size(), 4u);

  options.outlet = "no-such-outlet.example";
  auto none = FindPairs(c, options);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

// "What did hillcountry-weekly.com take from valleytimes.com": e3a (July 18)
// is the earlier article of its pairs with the copies reuse1 (July 22, that
// outlet) and reuse2; the same question the other way round finds nothing.
TEST_F(FindPairsTest, SourceOutletFilterKeepsWhatAnOutletTookFromAnother) {
  const Collection& c = CorpusCollection();
  PairOptions options;
  options.source_outlet = "valleytimes.com";
  options.outlet = "hillcountry-weekly.com";
  auto taken = FindPairs(c, options);
  ASSERT_TRUE(taken.ok());
  ASSERT_EQ(taken->size(), 1u);
  const ArticlePair& p = (*taken)[0];
  EXPECT_EQ(c.article(p.a).id, "e3a");
  EXPECT_EQ(c.article(p.b).id, "reuse1");
  EXPECT_EQ(p.comparison.source, Source::kA);

  std::swap(options.source_outlet, options.outlet);
  auto reverse = FindPairs(c, options);
  ASSERT_TRUE(reverse.ok());
  EXPECT_TRUE(reverse->empty());

  // Without --outlet: every pair whose earlier article is from valleytimes.com.
  options = PairOptions{};
  options.source_outlet = "valleytimes.com";
  auto from_source = FindPairs(c, options);
  ASSERT_TRUE(from_source.ok());
  EXPECT_GE(from_source->size(), 2u);
  for (const ArticlePair& q : *from_source) {
    const Article& source = q.comparison.source == Source::kA ? c.article(q.a) : c.article(q.b);
    ASSERT_NE(q.comparison.source, Source::kUnknown) << Name(q);
    EXPECT_EQ(source.outlet, "valleytimes.com") << Name(q);
  }
}

TEST_F(FindPairsTest, WeakestLimitsTheRelations) {
  PairOptions options;
  options.weakest = Relation::kReuse;
  auto strong = FindPairs(CorpusCollection(), options);
  ASSERT_TRUE(strong.ok());
  std::vector<std::pair<size_t, size_t>> got, want;
  for (const ArticlePair& p : *strong) {
    EXPECT_LE(Strength(p.comparison.relation), Strength(Relation::kReuse)) << Name(p);
    got.push_back({p.a, p.b});
  }
  for (const ArticlePair& p : pairs()) {
    if (Strength(p.comparison.relation) <= Strength(Relation::kReuse)) want.push_back({p.a, p.b});
  }
  EXPECT_EQ(got, want);
  EXPECT_FALSE(got.empty());
}

TEST_F(FindPairsTest, MaxDaysApartKeepsExactlyThePairsWithinIt) {
  // The synthetic events' reports come out over two days; the copies of
  // event 3's paragraph four and seven days after it.
  const Collection& c = CorpusCollection();
  PairOptions options;
  options.max_days_apart = 1;
  auto near = FindPairs(c, options);
  ASSERT_TRUE(near.ok()) << near.status().ToString();
  std::vector<const ArticlePair*> expected;
  for (const ArticlePair& p : pairs()) {
    const auto apart = DaysApart(ParseDayRange(c.article(p.a).date), ParseDayRange(c.article(p.b).date));
    if (!apart || *apart <= 1) expected.push_back(&p);
  }
  ASSERT_LT(expected.size(), pairs().size()) << "some pair must be further apart for this test to mean anything";
  ASSERT_EQ(near->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*near)[i].a, expected[i]->a);
    EXPECT_EQ((*near)[i].b, expected[i]->b);
    EXPECT_EQ((*near)[i].comparison.similarity, expected[i]->comparison.similarity) << Name(*expected[i]);
    EXPECT_EQ((*near)[i].comparison.relation, expected[i]->comparison.relation) << Name(*expected[i]);
  }
  options.max_days_apart = -1;
  EXPECT_EQ(FindPairs(c, options).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(FindPairsTest, InvalidOptions) {
  for (int neighbors : {0, -3}) {
    PairOptions options;
    options.neighbors = neighbors;
    auto r = FindPairs(CorpusCollection(), options);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  PairOptions ngram;
  ngram.fingerprint_ngram = 0;
  EXPECT_EQ(FindPairs(CorpusCollection(), ngram).status().code(), StatusCode::kInvalidArgument);
  PairOptions window;
  window.fingerprint_window = 0;
  EXPECT_EQ(FindPairs(CorpusCollection(), window).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(FindPairsTest, FewerThanTwoArticlesHaveNoPairs) {
  auto one = Collection::Create(std::filesystem::temp_directory_path() / "parallax_pairs_one_unsaved",
                                CollectionOptions{});
  ASSERT_TRUE(one.ok());
  auto none = FindPairs(*one, PairOptions{});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  ASSERT_TRUE(one->Add({test_corpus::SyntheticArticles()[0]}).ok());
  auto single = FindPairs(*one, PairOptions{});
  ASSERT_TRUE(single.ok());
  EXPECT_TRUE(single->empty());
}

// Rows of the `k` nearest articles to row `i` in the article index (itself included).
std::vector<int64_t> DenseNeighbours(const Collection& c, size_t i, int k) {
  const Model& model = c.model();
  std::vector<float> dense(model.options().dim);
  model.Dense(model.ArticleVector(c.article(i), c.analysis(i)), dense.data());
  std::vector<float> scores(k);
  std::vector<int64_t> labels(k);
  auto index = c.article_index();
  EXPECT_TRUE(index.ok() && (*index)->Search(1, dense.data(), k, scores.data(), labels.data()).ok());
  return labels;
}

TEST(FindPairsCandidatesTest, OneNeighbourStillFindsTheCopyThroughFingerprints) {
  const Collection& c = CorpusCollection();
  const size_t source = Row("e3a"), copy = Row("reuse1");
  // Precondition: neither is the other's nearest neighbour in the article
  // index, so the k-NN join with one neighbour cannot propose the pair.
  for (const auto& [x, y] : {std::pair{source, copy}, std::pair{copy, source}}) {
    const auto nearest = DenseNeighbours(c, x, 2);
    ASSERT_EQ(nearest[0], static_cast<int64_t>(x));
    ASSERT_NE(nearest[1], static_cast<int64_t>(y)) << c.article(x).id;
  }
  PairOptions options;
  options.neighbors = 1;
  size_t scored = 0;
  auto pairs = FindPairs(c, options, [&](const char* stage, size_t, size_t total) {
    if (std::string(stage) == "scoring candidates") scored = total;
  });
  ASSERT_TRUE(pairs.ok());
  const ArticlePair* p = FindPair(*pairs, source, copy);
  ASSERT_NE(p, nullptr) << "the verbatim copy was not proposed";
  EXPECT_EQ(p->comparison.relation, Relation::kReuse);
  ASSERT_EQ(p->comparison.passages.size(), 1u);
  EXPECT_EQ(p->comparison.passages[0].a,
            test_corpus::PassageSpan(c.article(source).text, test_corpus::kCopiedParagraph));
  EXPECT_EQ(p->comparison.passages[0].b,
            test_corpus::PassageSpan(c.article(copy).text, test_corpus::kCopiedParagraph));
  // Candidates are far fewer than all pairs.
  const size_t all_pairs = c.size() * (c.size() - 1) / 2;
  EXPECT_GT(scored, 0u);
  EXPECT_LT(scored, all_pairs / 2);
}

TEST(FindPairsCandidatesTest, UnrelatedWeakestListsEveryCandidate) {
  // With `weakest` = unrelated nothing is filtered after scoring, so the pairs
  // are exactly the candidates: no more than the neighbours and fingerprints give.
  const Collection& c = CorpusCollection();
  PairOptions options;
  options.neighbors = 2;
  options.weakest = Relation::kUnrelated;
  size_t scored = 0;
  auto pairs = FindPairs(c, options, [&](const char* stage, size_t, size_t total) {
    if (std::string(stage) == "scoring candidates") scored = total;
  });
  ASSERT_TRUE(pairs.ok());
  EXPECT_EQ(pairs->size(), scored);
  // At most 2 neighbours per article from the k-NN join, plus fingerprint pairs.
  EXPECT_LT(pairs->size(), c.size() * (c.size() - 1) / 2);
  std::set<std::pair<size_t, size_t>> unique;
  for (const ArticlePair& p : *pairs) unique.insert({p.a, p.b});
  EXPECT_EQ(unique.size(), pairs->size());
}

TEST(FindPairsCandidatesTest, BoilerplateFingerprintsAreIgnored) {
  // The copied paragraph is in three articles (e3a, reuse1, reuse2). With
  // one neighbour (which does not propose e3a-reuse1, see above) and
  // fingerprints shared by more than two articles ignored as boilerplate, the
  // pair has no way in; allowing three articles per fingerprint brings it back.
  // Near the paragraph's ends, winnowing windows reach into the different text
  // around it, so a fingerprint or two there may be picked in two of the copies
  // only: the pair must share six (the paragraph gives it about ten).
  const Collection& c = CorpusCollection();
  PairOptions options;
  options.neighbors = 1;
  options.min_shared_fingerprints = 6;
  options.max_fingerprint_articles = 2;
  auto without = FindPairs(c, options);
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(FindPair(*without, Row("e3a"), Row("reuse1")), nullptr);
  options.max_fingerprint_articles = 3;
  auto with = FindPairs(c, options);
  ASSERT_TRUE(with.ok());
  EXPECT_NE(FindPair(*with, Row("e3a"), Row("reuse1")), nullptr);
}

TEST(FindPairsCandidatesTest, ManyCopiesOfOneTextAreAllFoundThroughFingerprints) {
  // 30 copies share every fingerprint: 435 pairs per fingerprint, far more
  // entries than one counting pass may hold, so they are counted in several
  // passes; every pair must still come out, once, as a duplicate. One
  // neighbour leaves the k-NN join out of it.
  auto c = Collection::Create(std::filesystem::temp_directory_path() / "parallax_pairs_copies_unsaved",
                              CollectionOptions{});
  ASSERT_TRUE(c.ok());
  std::vector<Article> copies;
  const std::vector<Article> corpus = test_corpus::SyntheticArticles();
  for (int i = 0; i < 30; ++i) {
    Article a = corpus[0];
    a.id = "copy-" + std::to_string(i);
    copies.push_back(std::move(a));
  }
  for (size_t i = 1; i < corpus.size(); ++i) copies.push_back(corpus[i]);  // the rest, for sensible IDF
  ASSERT_TRUE(c->Add(copies).ok());
  PairOptions options;
  options.neighbors = 1;
  options.weakest = Relation::kDuplicate;
  options.all_pairs = true;
  auto pairs = FindPairs(*c, options);
  ASSERT_TRUE(pairs.ok());
  std::set<std::pair<size_t, size_t>> found;
  for (const ArticlePair& p : *pairs) {
    EXPECT_EQ(p.comparison.relation, Relation::kDuplicate);
    if (p.a < 30 && p.b < 30) found.insert({p.a, p.b});
  }
  EXPECT_EQ(found.size(), 30u * 29u / 2u);
  // Grouped: each copy with the first (all of one date: the lowest row), the source.
  options.all_pairs = false;
  auto grouped = FindPairs(*c, options);
  ASSERT_TRUE(grouped.ok());
  size_t listed = 0;
  for (const ArticlePair& p : *grouped) {
    if (p.a >= 30 || p.b >= 30) continue;
    EXPECT_EQ(p.a, 0u);
    EXPECT_EQ(p.duplicate_of, 0u);
    ++listed;
  }
  EXPECT_EQ(listed, 29u);
}

// FindPairs reads the fingerprints Save stored; before a Save it winnows the
// tokens itself. Both must give the same pairs, and ComparePair the same answer.
TEST(FindPairsCandidatesTest, StoredFingerprintsGiveTheSamePairsAsWinnowing) {
  testing_util::TempDir tmp;
  auto created = Collection::Create(tmp.Path("db"), CollectionOptions{});
  ASSERT_TRUE(created.ok());
  Collection c = std::move(created).value();
  ASSERT_TRUE(c.Add(test_corpus::SyntheticArticles()).ok());
  ASSERT_EQ(c.ForEachStoredFingerprintKeys([](size_t, std::span<const uint32_t>) {}).code(), StatusCode::kNotFound);
  PairOptions options;
  options.weakest = Relation::kRelated;
  auto winnowed = FindPairs(c, options);
  ASSERT_TRUE(winnowed.ok()) << winnowed.status().ToString();
  ASSERT_TRUE(c.Save().ok());
  auto opened = Collection::Open(tmp.Path("db"));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ASSERT_TRUE(opened->ForEachStoredFingerprintKeys([](size_t, std::span<const uint32_t>) {}).ok());
  auto stored = FindPairs(*opened, options);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->size(), winnowed->size());
  auto name = [&](const ArticlePair& p) { return opened->article(p.a).id + "-" + opened->article(p.b).id; };
  size_t sharing = 0;
  for (size_t i = 0; i < stored->size(); ++i) {
    const ArticlePair &s = (*stored)[i], &w = (*winnowed)[i];
    EXPECT_EQ(s.a, w.a);
    EXPECT_EQ(s.b, w.b);
    EXPECT_EQ(s.comparison.relation, w.comparison.relation) << name(s);
    EXPECT_EQ(s.comparison.similarity, w.comparison.similarity) << name(s);
    EXPECT_EQ(s.comparison.passages.size(), w.comparison.passages.size()) << name(s);
    if (!s.comparison.passages.empty()) ++sharing;
    auto one = ComparePair(*opened, s.a, s.b, options);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(one->relation, s.comparison.relation) << name(s);
  }
  EXPECT_GT(sharing, 0u) << "some pairs share passages: the fingerprints were used";
}

// The kind of article index: exact, a graph, and lists (IVF4: the two
// English articles are too few to train it, so their side is searched
// exactly). Every join is approximate (exact_join_limit 0): the languages
// are searched in cells (PartitionedSearch), and so is the exact index's
// self-join.
class LanguageJoinTest : public testing::TestWithParam<const char*> {};

TEST_P(LanguageJoinTest, ReportsInTwoLanguagesMeet) {
  // Two English reports of the French dockers' strike (event 1). Each one's
  // nearest article by plain dense cosine is the other: the k-NN join with
  // one neighbour cannot propose either with a French report. The join by
  // language gives each article its nearest in the other language, scored as
  // ArticleCosine scores them, so every French report of the strike meets it.
  CollectionOptions options_of_collection;
  options_of_collection.article_index = GetParam();
  auto c = Collection::Create(std::filesystem::temp_directory_path() / "parallax_pairs_languages_unsaved",
                              options_of_collection);
  ASSERT_TRUE(c.ok());
  std::vector<Article> articles = test_corpus::SyntheticArticles();
  articles.push_back(test_corpus::MakeDoc(
      "e1en", "harbourwatch.com", "2024-03-05", "en",
      {"Marseille dockers strike over port pension reform",
       "Dockers at the Grand Port maritime de Marseille voted on Monday for a three-day strike against the reform "
       "of their pensions, at a general assembly on the Joliette quay.",
       "Ferries to Corsica and Algeria stayed in port, and container ships waited off the gulf of Fos. The port "
       "authority says each day of blockade costs companies in the region millions of euros.",
       "The CGT dockers' union wants the Transport ministry to open negotiations; the dockers meet again on "
       "Thursday."}));
  articles.push_back(test_corpus::MakeDoc(
      "e1en2", "shippingdaily.com", "2024-03-05", "en",
      {"Strike by Marseille dockers leaves ferries stuck in port",
       "A three-day strike by dockers over the reform of their pensions has stopped the port of Marseille since "
       "Monday. Ferries to Corsica and Algeria have not sailed, and container ships are waiting off Fos.",
       "The CGT union wants talks with the Transport ministry. The dockers will vote on Thursday on whether to "
       "extend the strike."}));
  ASSERT_TRUE(c->Add(articles).ok());
  const size_t english = c->Find("e1en").value();
  const std::vector<size_t> french = {c->Find("e1a").value(), c->Find("e1b").value(), c->Find("e1c").value()};
  for (const char* id : {"e1en", "e1en2"}) {
    const auto nearest = DenseNeighbours(*c, c->Find(id).value(), 2);
    ASSERT_EQ(c->article(nearest[1]).lang, "en") << id << ": " << c->article(nearest[1]).id;
  }
  PairOptions options;
  options.neighbors = 1;
  options.exact_join_limit = 0;
  auto pairs = FindPairs(*c, options);
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  for (size_t row : french) {
    const ArticlePair* p = FindPair(*pairs, english, row);
    ASSERT_NE(p, nullptr) << c->article(row).id << " and the English report were not proposed";
    EXPECT_EQ(p->comparison.relation, Relation::kSameEvent) << c->article(row).id << " " << p->comparison.similarity;
    const Model& model = c->model();
    EXPECT_FLOAT_EQ(p->comparison.similarity,
                    std::clamp(ArticleCosine(c->vector(english), model.Vocabulary("en"), c->vector(row),
                                             model.Vocabulary("fr")),
                               0.0f, 1.0f));
  }
  // Across languages, only articles of one event meet.
  for (const ArticlePair& p : *pairs) {
    if (c->article(p.a).lang == c->article(p.b).lang ||
        Strength(p.comparison.relation) > Strength(Relation::kRelated)) {
      continue;
    }
    const std::string x = c->article(p.a).id, y = c->article(p.b).id;
    EXPECT_TRUE(x.starts_with("e1") && y.starts_with("e1")) << x << " / " << y << " " << p.comparison.similarity;
  }
}

INSTANTIATE_TEST_SUITE_P(IndexKinds, LanguageJoinTest, testing::Values("Flat", "HNSW32", "IVF4,Flat"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           std::erase_if(name, [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); });
                           return name;
                         });

TEST(FindPairsCollectionTest, ExactJoinNeverReadsTheArticleIndex) {
  // A saved collection whose article index is damaged after Open: pairs with
  // the exact index (the default) never loads that file, so it still works,
  // and finds what the in-memory collection finds.
  testing_util::TempDir dir;
  const std::filesystem::path folder = std::filesystem::path(dir.path()) / "db";
  {
    auto created = Collection::Create(folder, CollectionOptions{});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ASSERT_TRUE(created->Add(test_corpus::SyntheticArticles()).ok());
    ASSERT_TRUE(created->Save().ok());
  }
  auto opened = Collection::Open(folder);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  const std::filesystem::path index_file = Collection::Files(folder).value().at("articles.faiss.plx");
  const uintmax_t size = std::filesystem::file_size(index_file);
  std::filesystem::resize_file(index_file, size / 2);
  auto pairs = FindPairs(*opened, PairOptions{});
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  auto expected = FindPairs(CorpusCollection(), PairOptions{});
  ASSERT_TRUE(expected.ok());
  ASSERT_EQ(pairs->size(), expected->size());
  for (size_t i = 0; i < pairs->size(); ++i) {
    EXPECT_EQ((*pairs)[i].a, (*expected)[i].a);
    EXPECT_EQ((*pairs)[i].b, (*expected)[i].b);
  }
  EXPECT_FALSE(opened->article_index().ok()) << "loading it now must fail";
}

}  // namespace
}  // namespace parallax
