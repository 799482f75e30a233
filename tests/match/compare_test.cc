// Compare on the synthetic corpus: exact passage offsets, kinds, shares,
// relation and source.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "corpus/temp_dir.h"
#include "corpus_collection.h"
#include "parallax/match.h"
#include "test_corpus.h"

namespace parallax {
namespace {

using test_corpus::CorpusCollection;
using test_corpus::Row;

// The expected passage of a copied paragraph (see test_corpus::PassageSpan).
Span CopySpan(const std::string& text, const std::string& part) { return test_corpus::PassageSpan(text, part); }

Span CopySpan(const std::string& text, const std::string& first, const std::string& last) {
  return Span{CopySpan(text, first).begin, CopySpan(text, last).end};
}

// Share of `a`'s content code points inside `spans`, counted byte by byte
// (an independent re-implementation of ContentShare for the expectations).
float ExpectedShare(const Article& a, const std::vector<Span>& spans) {
  uint32_t content = 0, covered = 0;
  for (const Span& seg : a.segments) {
    for (uint32_t i = seg.begin; i < seg.end; ++i) {
      if ((static_cast<unsigned char>(a.text[i]) & 0xC0) == 0x80) continue;  // not a first byte
      ++content;
      bool inside = false;
      for (const Span& s : spans) inside = inside || (s.begin <= i && i < s.end);
      covered += inside;
    }
  }
  return static_cast<float>(covered) / static_cast<float>(content);
}

std::string Show(const std::string& text, Span s) {
  return "[" + std::to_string(s.begin) + "," + std::to_string(s.end) + ") \"" + text.substr(s.begin, s.size()) + "\"";
}

// A passage starts where a token starts and ends where a token ends.
void ExpectOnTokenBounds(const PreparedText& p, Span span) {
  bool begins = false, ends = false;
  for (const Token& t : p.analysis.tokens) {
    begins = begins || t.begin == span.begin;
    ends = ends || t.end == span.end;
  }
  EXPECT_TRUE(begins && ends) << Show(p.article->text, span);
}

struct ExpectedPassage {
  Span a;
  Span b;
  PassageKind kind;
};

void ExpectPassages(const Comparison& c, const PreparedText& a, const PreparedText& b,
                    const std::vector<ExpectedPassage>& want) {
  ASSERT_EQ(c.passages.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("passage " + std::to_string(i));
    const Passage& got = c.passages[i];
    EXPECT_EQ(got.a, want[i].a) << "got " << Show(a.article->text, got.a) << "\nwant "
                                << Show(a.article->text, want[i].a);
    EXPECT_EQ(got.b, want[i].b) << "got " << Show(b.article->text, got.b) << "\nwant "
                                << Show(b.article->text, want[i].b);
    EXPECT_EQ(got.kind, want[i].kind) << PassageKindName(got.kind);
    if (got.kind == PassageKind::kVerbatim) {
      EXPECT_FLOAT_EQ(got.score, 1.0f);
      EXPECT_EQ(a.article->text.substr(got.a.begin, got.a.size()), b.article->text.substr(got.b.begin, got.b.size()));
    } else {
      EXPECT_GT(got.score, 0.5f);
      EXPECT_LT(got.score, 1.0f);
    }
    ExpectOnTokenBounds(a, got.a);
    ExpectOnTokenBounds(b, got.b);
  }
}

// The shares are ContentShare of the passages' spans, and the relation is
// Classify of the figures, whatever the passages are.
void ExpectFiguresConsistent(const Comparison& c, const PreparedText& a, const PreparedText& b,
                             const RelationThresholds& thresholds) {
  std::vector<Span> spans_a, spans_b;
  for (const Passage& p : c.passages) {
    spans_a.push_back(p.a);
    spans_b.push_back(p.b);
  }
  EXPECT_FLOAT_EQ(c.reuse_a, ContentShare(*a.article, spans_a));
  EXPECT_FLOAT_EQ(c.reuse_b, ContentShare(*b.article, spans_b));
  EXPECT_EQ(c.relation,
            Classify(c.similarity, c.reuse_a, c.reuse_b, thresholds));
}

class CompareTest : public ::testing::Test {
 protected:
  static const Model& model() { return CorpusCollection().model(); }
  static PreparedText Stored(const std::string& id) {
    const size_t row = Row(id);
    return Prepare(model(), CorpusCollection().article(row), CorpusCollection().analysis(row));
  }
};

TEST_F(CompareTest, EditedCopyPassagesAreExact) {
  // reuse2 = reuse1 with two words replaced in P2, and P2 moved after P3.
  using namespace test_corpus;
  const PreparedText a = Stored("reuse1");
  const PreparedText b = Stored("reuse2");
  const std::string& ta = a.article->text;
  const std::string& tb = b.article->text;
  const Comparison c = Compare(a, b);
  // Title and P1 follow each other in both texts: one passage. P2 (edited),
  // P3 and P4 each follow a different paragraph in each text.
  const std::vector<ExpectedPassage> want = {
      {CopySpan(ta, kReuseTitle, kReuseP1), CopySpan(tb, kReuseTitle, kReuseP1), PassageKind::kVerbatim},
      {CopySpan(ta, kReuseP2), CopySpan(tb, kReuseP2Edited), PassageKind::kEdited},
      {CopySpan(ta, kReuseP3), CopySpan(tb, kReuseP3), PassageKind::kVerbatim},
      {CopySpan(ta, kReuseP4), CopySpan(tb, kReuseP4), PassageKind::kVerbatim},
  };
  ExpectPassages(c, a, b, want);
  // Every content character of both texts is inside a passage.
  std::vector<Span> spans_a, spans_b;
  for (const ExpectedPassage& p : want) {
    spans_a.push_back(p.a);
    spans_b.push_back(p.b);
  }
  EXPECT_FLOAT_EQ(ExpectedShare(*a.article, spans_a), 1.0f);
  EXPECT_FLOAT_EQ(ExpectedShare(*b.article, spans_b), 1.0f);
  EXPECT_FLOAT_EQ(c.reuse_a, 1.0f);
  EXPECT_FLOAT_EQ(c.reuse_b, 1.0f);
  EXPECT_EQ(c.relation, Relation::kDuplicate);
  EXPECT_GT(c.similarity, 0.9f);
  EXPECT_LT(c.similarity, 1.0f);
  EXPECT_EQ(c.source, Source::kA);  // 2022-07-22 before 2022-07-25
}

TEST_F(CompareTest, EditedCopyTheOtherWayRound) {
  using namespace test_corpus;
  const PreparedText a = Stored("reuse2");
  const PreparedText b = Stored("reuse1");
  const std::string& ta = a.article->text;
  const std::string& tb = b.article->text;
  const Comparison c = Compare(a, b);
  // Sorted by position in A (reuse2): title+P1, P3, P2 edited, P4.
  ExpectPassages(c, a, b,
                 {
                     {CopySpan(ta, kReuseTitle, kReuseP1), CopySpan(tb, kReuseTitle, kReuseP1), PassageKind::kVerbatim},
                     {CopySpan(ta, kReuseP3), CopySpan(tb, kReuseP3), PassageKind::kVerbatim},
                     {CopySpan(ta, kReuseP2Edited), CopySpan(tb, kReuseP2), PassageKind::kEdited},
                     {CopySpan(ta, kReuseP4), CopySpan(tb, kReuseP4), PassageKind::kVerbatim},
                 });
  const Comparison forward = Compare(b, a);
  EXPECT_FLOAT_EQ(c.reuse_a, forward.reuse_b);
  EXPECT_FLOAT_EQ(c.reuse_b, forward.reuse_a);
  EXPECT_FLOAT_EQ(c.similarity, forward.similarity);
  EXPECT_EQ(c.relation, Relation::kDuplicate);
  EXPECT_EQ(c.source, Source::kB);
}

TEST_F(CompareTest, OneCopiedParagraphIsReuse) {
  // reuse1 quotes paragraph 2 of e3a word for word.
  using namespace test_corpus;
  const PreparedText a = Stored("e3a");
  const PreparedText b = Stored("reuse1");
  const Comparison c = Compare(a, b);
  const Span in_a = CopySpan(a.article->text, kCopiedParagraph);
  const Span in_b = CopySpan(b.article->text, kCopiedParagraph);
  ExpectPassages(c, a, b, {{in_a, in_b, PassageKind::kVerbatim}});
  EXPECT_FLOAT_EQ(c.reuse_a, ExpectedShare(*a.article, {in_a}));
  EXPECT_FLOAT_EQ(c.reuse_b, ExpectedShare(*b.article, {in_b}));
  EXPECT_GT(c.reuse_a, 0.2f);  // one paragraph of four
  EXPECT_LT(c.reuse_a, 0.3f);
  EXPECT_EQ(c.relation, Relation::kReuse);
  EXPECT_EQ(c.source, Source::kA);  // 2022-07-18 before 2022-07-22
  EXPECT_GT(c.similarity, 0.0f);
  EXPECT_LT(c.similarity, 0.8f);
}

TEST_F(CompareTest, CopiedParagraphAfterTheSameWordStartsAtTheParagraph) {
    using namespace test_corpus;
  const Article x = MakeDoc("x", "a.example", "2022-07-20", "en",
                            {"Council news from the valley",
                             "The mayor opened the new sports hall on Saturday in the presence of local clubs "
                             "and schools. The ceremony ended late in the evening.",
                             kCopiedParagraph});
  const Article y = MakeDoc("y", "b.example", "2022-07-21", "en",
                            {"Weekend round-up for the hill country",
                             "Volunteers cleaned the river banks near the old mill and collected more than two "
                             "tonnes of rubbish before the evening.",
                             kCopiedParagraph});
  const PreparedText a = Prepare(model(), x);
  const PreparedText b = Prepare(model(), y);
  const Comparison c = Compare(a, b);
  ExpectPassages(c, a, b,
                 {{CopySpan(x.text, kCopiedParagraph), CopySpan(y.text, kCopiedParagraph), PassageKind::kVerbatim}});
}

TEST_F(CompareTest, SelfComparisonIsOneVerbatimPassage) {
  for (const char* id : {"e1a", "e2b", "u2"}) {
    SCOPED_TRACE(id);
    const PreparedText a = Stored(id);
    const Comparison c = Compare(a, a);
    const Span all{0, static_cast<uint32_t>(a.article->text.size())};
    ExpectPassages(c, a, a, {{all, all, PassageKind::kVerbatim}});
    EXPECT_NEAR(c.similarity, 1.0f, 1e-5);
    EXPECT_FLOAT_EQ(c.reuse_a, 1.0f);
    EXPECT_FLOAT_EQ(c.reuse_b, 1.0f);
    EXPECT_FLOAT_EQ(c.containment_a, 1.0f);
    EXPECT_FLOAT_EQ(c.containment_b, 1.0f);
    EXPECT_EQ(c.relation, Relation::kDuplicate);
    EXPECT_EQ(c.source, Source::kUnknown);
  }
}

TEST_F(CompareTest, NoSourceWithoutSharedPassages) {
  // Two reports of different events, a day apart: nothing was copied, so
  // neither is the source, however their dates fall.
  Article a = CorpusCollection().article(Row("e1a")), b = CorpusCollection().article(Row("e2a"));
  a.date = "2023-09-21";
  b.date = "2023-09-22";
  const Comparison c = Compare(Prepare(model(), a), Prepare(model(), b));
  ASSERT_TRUE(c.passages.empty());
  EXPECT_EQ(c.source, Source::kUnknown);
  EXPECT_EQ(Earlier(a, b), Source::kA);  // the dates alone do order them
}

TEST(ContainmentTest, IsTheWeightedShareOfKeysTheOtherHas) {
  const SparseVector a{{1, 3, 5}, {2.0f, 1.0f, 1.0f}};
  const SparseVector b{{3, 4, 5}, {9.0f, 1.0f, 0.5f}};
  EXPECT_FLOAT_EQ(Containment(a, b), 2.0f / 4.0f);     // keys 3 and 5 of a
  EXPECT_FLOAT_EQ(Containment(b, a), 9.5f / 10.5f);    // keys 3 and 5 of b
  EXPECT_FLOAT_EQ(Containment(a, a), 1.0f);
  EXPECT_FLOAT_EQ(Containment(SparseVector{}, a), 0.0f);
  EXPECT_FLOAT_EQ(Containment(a, SparseVector{}), 0.0f);
}

// A word set by hand: words with their IDF and spelling grams (weights as given).
WordSet MakeWords(std::vector<uint32_t> keys, std::vector<float> idf,
                  const std::vector<std::vector<std::pair<uint32_t, float>>>& spellings) {
  WordSet set;
  set.idf = SparseVector{std::move(keys), std::move(idf)};
  set.gram_begin.push_back(0);
  for (const auto& grams : spellings) {
    for (const auto& [gram, weight] : grams) {
      set.grams.push_back(gram);
      set.gram_weights.push_back(weight);
    }
    set.gram_begin.push_back(static_cast<uint32_t>(set.grams.size()));
  }
  return set;
}

TEST(WordSimilarityTest, IsTheHarmonicMeanOfIdfSquaredMatchShares) {
  // A: x (IDF 1) spelled like B's z; y (IDF 2) spelled like nothing in B.
  const WordSet a = MakeWords({1, 2}, {1.0f, 2.0f}, {{{10, 0.6f}, {11, 0.8f}}, {{12, 1.0f}}});
  const WordSet b = MakeWords({3}, {1.0f}, {{{10, 0.6f}, {11, 0.8f}}});
  // A -> B: (1^2 * 1 + 2^2 * 0) / 5 = 0.2; B -> A: 1; 2 * 0.2 * 1 / 1.2.
  EXPECT_NEAR(WordSimilarity(a, b).value(), 1.0f / 3.0f, 1e-6);
  EXPECT_NEAR(WordSimilarity(b, a).value(), 1.0f / 3.0f, 1e-6);
  EXPECT_NEAR(WordSimilarity(a, a).value(), 1.0f, 1e-6);
  const WordSet empty = MakeWords({}, {}, {});
  EXPECT_EQ(WordSimilarity(a, empty), 0.0f);
  EXPECT_EQ(WordSimilarity(empty, a), 0.0f);
  EXPECT_EQ(WordSimilarity(a, WordSet{}), std::nullopt) << "no spellings: not computed";
  // A partial match counts its cosine; below 0.5, nothing.
  const WordSet half = MakeWords({4}, {1.0f}, {{{10, 0.6f}, {13, 0.8f}}});  // cosine 0.36 with x
  const WordSet most = MakeWords({4}, {1.0f}, {{{11, 0.8f}, {13, 0.6f}}});  // cosine 0.64 with x
  const WordSet x = MakeWords({1}, {1.0f}, {{{10, 0.6f}, {11, 0.8f}}});
  EXPECT_EQ(WordSimilarity(x, half), 0.0f);
  EXPECT_NEAR(WordSimilarity(x, most).value(), 0.64f, 1e-6);
}

TEST(WordSimilarityTest, SynonymsMatchAtNineTenths) {
  // x and y share no gram; x's senses hold y's form (200), or only y's hold x's (100).
  WordSet x = MakeWords({1}, {1.0f}, {{{10, 1.0f}}}), y = MakeWords({2}, {1.0f}, {{{20, 1.0f}}});
  EXPECT_EQ(WordSimilarity(x, y), 0.0f);
  x.forms = {{100, 0}};
  y.forms = {{200, 0}};
  x.senses = {{100, 0}, {200, 0}};
  y.senses = {{200, 0}};
  EXPECT_NEAR(WordSimilarity(x, y).value(), 0.9f, 1e-6);
  EXPECT_NEAR(WordSimilarity(y, x).value(), 0.9f, 1e-6);
  x.senses = {{100, 0}};
  y.senses = {{100, 0}, {200, 0}};
  EXPECT_NEAR(WordSimilarity(x, y).value(), 0.9f, 1e-6) << "one direction of the thesaurus is enough";
  // A near spelling above 0.9 keeps its own strength.
  const WordSet z = MakeWords({3}, {1.0f}, {{{10, 1.0f}}});
  EXPECT_NEAR(WordSimilarity(x, z).value(), 1.0f, 1e-6);
}

TEST_F(CompareTest, WordSimilarityMatchesSynonymsOfTheThesaurus) {
  testing_util::TempDir dir;
  auto thesaurus = Thesaurus::Load(
      {dir.Write("th.dat", "UTF-8\nbuy|1\n(verb)|purchase\nfirm|1\n(noun)|company|business\n")});
  ASSERT_TRUE(thesaurus.ok()) << thesaurus.status().ToString();
  const Article x = test_corpus::MakeDoc("x", "a.example", "2022-07-20", "en", {"The firm buys the old harbour."});
  const Article y =
      test_corpus::MakeDoc("y", "b.example", "2022-07-21", "en", {"The company purchased the old harbour."});
  const float spelled = Compare(Prepare(model(), x), Prepare(model(), y)).word_similarity.value();
  const float synonyms =
      Compare(Prepare(model(), x, true, &*thesaurus), Prepare(model(), y, true, &*thesaurus)).word_similarity.value();
  EXPECT_LT(spelled, 0.8f) << "firm/company and buys/purchased share no spelling";
  EXPECT_GE(synonyms, 0.9f - 1e-5) << "every word is matched: by spelling or through the thesaurus";
}

TEST_F(CompareTest, WordSimilarityMatchesInflectedWords) {
  auto text = [](const std::string& id, const std::string& body) {
    return test_corpus::MakeDoc(id, "a.example", "2022-07-20", "en", {body});
  };
  const Article x = text("x", "The ministers resigned after the floods destroyed the bridges.");
  const Article y = text("y", "A minister resigns after flooding destroys a bridge.");
  const Article z = text("z", "Volunteers cleaned the river banks near the old mill on Sunday.");
  const PreparedText a = Prepare(model(), x), b = Prepare(model(), y), c = Prepare(model(), z);
  EXPECT_NEAR(Compare(a, a).word_similarity.value(), 1.0f, 1e-5);
  const float rewrite = Compare(a, b).word_similarity.value(), unrelated = Compare(a, c).word_similarity.value();
  EXPECT_EQ(Compare(b, a).word_similarity, rewrite);
  EXPECT_GT(rewrite, 0.5f) << "every content word has an inflected match";
  EXPECT_LT(unrelated, 0.3f);
}

TEST_F(CompareTest, WordSimilarityIsLeftOutForLongTexts) {
  // 400 different made-up words of three syllables.
  const char* syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pu"};
  std::string body;
  for (int i = 0; i < 400; ++i) {
    body += std::string(syllables[i % 10]) + syllables[i / 10 % 10] + syllables[i / 100] + (i % 12 == 11 ? ". " : " ");
  }
  const Article x = test_corpus::MakeDoc("x", "a.example", "2022-07-20", "en", {body});
  const PreparedText a = Prepare(model(), x);
  ASSERT_GT(a.words.size(), kMaxSpelledWords);
  EXPECT_FALSE(a.words.spelled());
  const Comparison c = Compare(a, a);
  EXPECT_EQ(c.word_similarity, std::nullopt);
  EXPECT_FLOAT_EQ(c.containment_a, 1.0f) << "containment needs no spellings";
}

TEST_F(CompareTest, ContainmentOfATextInsideALongerOne) {
  // y is x with one more paragraph: every word of x is in y, not the reverse.
  const std::string extra =
      "Volunteers cleaned the river banks near the old mill and collected more than two tonnes of rubbish.";
  const Article x = test_corpus::MakeDoc("x", "a.example", "2022-07-20", "en",
                                         {"Council news", test_corpus::kCopiedParagraph});
  const Article y = test_corpus::MakeDoc("y", "b.example", "2022-07-21", "en",
                                         {"Council news", test_corpus::kCopiedParagraph, extra});
  const PreparedText a = Prepare(model(), x), b = Prepare(model(), y);
  ASSERT_FALSE(a.words.idf.keys.empty());
  const Comparison c = Compare(a, b);
  EXPECT_FLOAT_EQ(c.containment_a, 1.0f);
  float x_weight = 0, y_weight = 0;
  for (float w : a.words.idf.values) x_weight += w;
  for (float w : b.words.idf.values) y_weight += w;
  EXPECT_NEAR(c.containment_b, x_weight / y_weight, 1e-5);
  EXPECT_LT(c.containment_b, 0.9f);
}

TEST_F(CompareTest, SourceIsTheEarlierDate) {
  const size_t row = Row("e2a");
  const Article base = CorpusCollection().article(row);
  auto source = [&](const std::string& date_a, const std::string& date_b) {
    Article a = base, b = base;
    b.id = "copy";
    a.date = date_a;
    b.date = date_b;
    return Compare(Prepare(model(), a), Prepare(model(), b)).source;
  };
  EXPECT_EQ(source("2023-09-21", "2023-09-22"), Source::kA);
  EXPECT_EQ(source("2023-09-22", "2023-09-21"), Source::kB);
  EXPECT_EQ(source("2022-12-31", "2023-01-01"), Source::kA);
  EXPECT_EQ(source("2023-09-21T08:00:00", "2023-09-21T07:59:00"), Source::kB);
  EXPECT_EQ(source("2023", "2024-01-05"), Source::kA);
  // Instants, whatever the zone: 09:30 in Paris is 08:30 UTC, before 08:45 UTC.
  EXPECT_EQ(source("2024-03-11T09:30+01:00", "2024-03-11T08:45Z"), Source::kA);
  EXPECT_EQ(source("2024-03-11T08:45Z", "2024-03-11T09:30+01:00"), Source::kB);
  EXPECT_EQ(source("2024-03-10T22:00-05:00", "2024-03-11T02:00Z"), Source::kB);
  EXPECT_EQ(source("Feb 22, 2022", "2022-02-23"), Source::kA);  // a written date is read too
  EXPECT_EQ(source("yesterday", "2022-02-23"), Source::kUnknown);
  // Equal, equal on the common precision, or missing: unknown.
  EXPECT_EQ(source("2023-09-21", "2023-09-21"), Source::kUnknown);
  EXPECT_EQ(source("2023-09", "2023-09-21"), Source::kUnknown);
  EXPECT_EQ(source("2023-09-21", "2023-09-21T10:00"), Source::kUnknown);
  EXPECT_EQ(source("", "2023-09-21"), Source::kUnknown);
  EXPECT_EQ(source("2023-09-21", ""), Source::kUnknown);
  EXPECT_EQ(source("", ""), Source::kUnknown);
}

TEST_F(CompareTest, UnrelatedTextsShareNoPassage) {
  for (const auto& [x, y] : std::vector<std::pair<std::string, std::string>>{
           {"u1", "e4a"}, {"u3", "e2a"}, {"e1a", "e4a"}, {"u2", "e3c"}, {"e2c", "reuse1"}}) {
    SCOPED_TRACE(x + " / " + y);
    const PreparedText a = Stored(x);
    const PreparedText b = Stored(y);
    const Comparison c = Compare(a, b);
    EXPECT_TRUE(c.passages.empty());
    EXPECT_FLOAT_EQ(c.reuse_a, 0.0f);
    EXPECT_FLOAT_EQ(c.reuse_b, 0.0f);
    EXPECT_GE(c.similarity, 0.0f);
    EXPECT_LT(c.similarity, RelationThresholds{}.same_event);
    EXPECT_TRUE(c.relation == Relation::kUnrelated || c.relation == Relation::kRelated) << RelationName(c.relation);
    EXPECT_EQ(c.relation,
              Classify(c.similarity, 0.0f, 0.0f, RelationThresholds{}));
  }
}

TEST_F(CompareTest, SameEventRewritesAreSameEvent) {
  // Rewrites of one story with no passage in common: the similarity decides.
  for (const auto& [x, y] : std::vector<std::pair<std::string, std::string>>{{"e2a", "e2b"}, {"e2b", "e2c"}}) {
    SCOPED_TRACE(x + " / " + y);
    const PreparedText a = Stored(x);
    const PreparedText b = Stored(y);
    const Comparison c = Compare(a, b);
    // No wording in common (a rewritten sentence may be reported as a paraphrase).
    for (const Passage& p : c.passages) EXPECT_EQ(p.kind, PassageKind::kParaphrase);
    EXPECT_GE(c.similarity, 0.15f);
    EXPECT_LE(static_cast<int>(c.relation), static_cast<int>(Relation::kSameEvent)) << RelationName(c.relation);
    ExpectFiguresConsistent(c, a, b, RelationThresholds{});
  }
}

TEST_F(CompareTest, OptionsAreApplied) {
  const PreparedText a = Stored("e3a");
  const PreparedText b = Stored("reuse1");
  const Comparison plain = Compare(a, b);
  ExpectFiguresConsistent(plain, a, b, RelationThresholds{});
  // A minimum passage longer than the copied paragraph: the aligner reports
  // no verbatim or edited passage.
  CompareOptions long_passages;
  long_passages.align.min_passage_tokens = 1000;
  const Comparison c = Compare(a, b, long_passages);
  for (const Passage& p : c.passages) EXPECT_EQ(p.kind, PassageKind::kParaphrase);
  EXPECT_FLOAT_EQ(c.similarity, plain.similarity);
  ExpectFiguresConsistent(c, a, b, long_passages.thresholds);
  // Thresholds: a reuse threshold above the copied share leaves same-event.
  CompareOptions strict;
  strict.thresholds.reuse = 0.5f;
  strict.thresholds.same_event = 0.0f;
  const Comparison s = Compare(a, b, strict);
  ASSERT_EQ(s.passages.size(), 1u);
  EXPECT_LT(s.reuse_a, 0.5f);
  EXPECT_LT(s.reuse_b, 0.5f);
  EXPECT_EQ(s.relation, Relation::kSameEvent);
  ExpectFiguresConsistent(s, a, b, strict.thresholds);
  // And a duplicate threshold below both shares makes it a duplicate.
  CompareOptions loose;
  loose.thresholds.duplicate_reuse = 0.2f;
  const Comparison d = Compare(a, b, loose);
  EXPECT_EQ(d.relation, Relation::kDuplicate);
  ExpectFiguresConsistent(d, a, b, loose.thresholds);
}

TEST_F(CompareTest, PreparedWithOrWithoutStoredAnalysisIsTheSame) {
  const size_t row = Row("e4b");
  const Article& article = CorpusCollection().article(row);
  const PreparedText stored = Prepare(model(), article, CorpusCollection().analysis(row));
  const PreparedText fresh = Prepare(model(), article);
  EXPECT_EQ(stored.article, &article);
  EXPECT_EQ(fresh.vector.keys, stored.vector.keys);
  EXPECT_EQ(fresh.vector.values, stored.vector.values);
  EXPECT_EQ(fresh.analysis.sentences, stored.analysis.sentences);
}

}  // namespace
}  // namespace parallax

namespace parallax {
namespace {

Article Text(const std::string& id, const std::string& text) {
  Article a;
  a.id = id;
  a.text = text;
  // One segment per paragraph ("\n\n"-separated).
  for (size_t begin = 0; begin < text.size();) {
    size_t end = text.find("\n\n", begin);
    if (end == std::string::npos) end = text.size();
    a.segments.push_back(Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
    begin = end + 2;
  }
  return a;
}

// A sentence rewritten with its clauses moved is reported as a paraphrase of
// exactly that sentence; the verbatim clause inside it is absorbed, not
// reported as a second, overlapping passage.
TEST_F(CompareTest, RewrittenSentenceIsAParaphraseOfExactlyThatSentence) {
  const std::string original =
      "The valley council approved the new budget on Tuesday after a long debate about road repairs.";
  const std::string rewritten =
      "After a long debate about road repairs, on Tuesday the new budget was approved by the valley council.";
  const Article a = Text("a", "Wildfire crews worked through the night near the ridge.\n\n" + original +
                                  "\n\nThe festival opens next week with three concerts in the park.");
  const Article b = Text("b", "Farmers reported a record harvest of apples this autumn.\n\n" + rewritten +
                                  "\n\nA new ferry line will link the two harbours from June.");
  const Comparison c = Compare(Prepare(model(), a), Prepare(model(), b));
  ASSERT_EQ(c.passages.size(), 1u);
  const Passage& p = c.passages[0];
  EXPECT_EQ(p.kind, PassageKind::kParaphrase);
  EXPECT_EQ(a.text.substr(p.a.begin, p.a.size()), original);
  EXPECT_EQ(b.text.substr(p.b.begin, p.b.size()), rewritten);
  EXPECT_GE(p.score, 0.5f);

  // Without the paraphrase layer only the verbatim clause is left (case-folded match).
  CompareOptions off;
  off.paraphrases = false;
  const Comparison clause = Compare(Prepare(model(), a), Prepare(model(), b), off);
  ASSERT_EQ(clause.passages.size(), 1u);
  EXPECT_EQ(clause.passages[0].kind, PassageKind::kVerbatim);
  EXPECT_EQ(a.text.substr(clause.passages[0].a.begin, clause.passages[0].a.size()),
            "after a long debate about road repairs");
  EXPECT_EQ(b.text.substr(clause.passages[0].b.begin, clause.passages[0].b.size()),
            "After a long debate about road repairs");
}

// Heavy rewriting breaks one reused paragraph into pieces; pieces that follow
// each other in both texts within merge_gap_bytes are one edited passage.
TEST_F(CompareTest, PiecesOfOneRewrittenParagraphMergeIntoOnePassage) {
  const std::string source =
      "The regional water board said on Monday that the reservoir above the town had reached its lowest level "
      "in twenty years. Engineers will inspect the old dam before the end of the month, the board added. "
      "Residents have been asked to limit garden watering until the autumn rains return to the valley.";
  const std::string copy =
      "The regional water board said on Monday that the reservoir above the town had reached its lowest level "
      "since records began, officials confirmed. Engineers will inspect the old dam before the end of the month, "
      "the board added. People living nearby were told to limit garden watering until the autumn rains return "
      "to the valley.";
  const Article a = Text("copy", "A new library opened its doors downtown.\n\n" + copy);
  const Article b = Text("source", source + "\n\nThe mayor thanked volunteers for their help.");
  CompareOptions no_merge;
  no_merge.merge_gap_bytes = 0;
  const Comparison pieces = Compare(Prepare(model(), a), Prepare(model(), b), no_merge);
  ASSERT_GE(pieces.passages.size(), 2u) << "the edits should break the alignment into pieces";
  const Comparison c = Compare(Prepare(model(), a), Prepare(model(), b));
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_EQ(c.passages[0].kind, PassageKind::kEdited);
  EXPECT_EQ(c.passages[0].a.begin, a.text.find("The regional"));
  EXPECT_EQ(c.passages[0].a.end, a.text.size());
  EXPECT_EQ(c.passages[0].b.begin, 0u);
  EXPECT_EQ(c.passages[0].b.end, source.size());
}

}  // namespace
}  // namespace parallax
