// Classify, RelationName and ContentShare: the pure functions of the match stage.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "parallax/match.h"

namespace parallax {
namespace {

float Below(float x) { return std::nextafter(x, -1.0f); }

TEST(ClassifyTest, DefaultThresholdsAreTheDocumentedOnes) {
  const RelationThresholds t;
  EXPECT_FLOAT_EQ(t.translation, 0.5f);
  EXPECT_FLOAT_EQ(t.duplicate_reuse, 0.8f);
  EXPECT_FLOAT_EQ(t.reuse, 0.15f);
  EXPECT_FLOAT_EQ(t.same_event, 0.21f);
  EXPECT_FLOAT_EQ(t.related, 0.19f);
}

TEST(ClassifyTest, DuplicateNeedsBothSidesAtTheThreshold) {
  const RelationThresholds t;
  EXPECT_EQ(Classify(0.0f, 0.8f, 0.8f, t), Relation::kDuplicate);
  EXPECT_EQ(Classify(0.0f, 1.0f, 1.0f, t), Relation::kDuplicate);
  // One side just below: only reuse.
  EXPECT_EQ(Classify(0.0f, 0.8f, Below(0.8f), t), Relation::kReuse);
  EXPECT_EQ(Classify(0.0f, Below(0.8f), 0.8f, t), Relation::kReuse);
  EXPECT_EQ(Classify(1.0f, 1.0f, 0.0f, t), Relation::kReuse);
}

TEST(ClassifyTest, ReuseIsTheLargerShareAtTheThreshold) {
  const RelationThresholds t;
  EXPECT_EQ(Classify(0.0f, 0.15f, 0.0f, t), Relation::kReuse);
  EXPECT_EQ(Classify(0.0f, 0.0f, 0.15f, t), Relation::kReuse);
  EXPECT_EQ(Classify(0.0f, Below(0.15f), Below(0.15f), t), Relation::kUnrelated);
  // Below the reuse share, the similarity decides.
  EXPECT_EQ(Classify(0.3f, Below(0.15f), 0.0f, t), Relation::kSameEvent);
}

TEST(ClassifyTest, SimilarityBoundaries) {
  const RelationThresholds t;
  EXPECT_EQ(Classify(1.0f, 0.0f, 0.0f, t), Relation::kSameEvent);
  EXPECT_EQ(Classify(0.21f, 0.0f, 0.0f, t), Relation::kSameEvent);
  EXPECT_EQ(Classify(Below(0.21f), 0.0f, 0.0f, t), Relation::kRelated);
  EXPECT_EQ(Classify(0.19f, 0.0f, 0.0f, t), Relation::kRelated);
  EXPECT_EQ(Classify(Below(0.19f), 0.0f, 0.0f, t), Relation::kUnrelated);
  EXPECT_EQ(Classify(0.0f, 0.0f, 0.0f, t), Relation::kUnrelated);
}

TEST(ClassifyTest, FirstRuleThatHoldsWins) {
  // Thresholds deliberately out of their usual order.
  RelationThresholds t;
  t.duplicate_reuse = 0.5f;
  t.reuse = 0.9f;
  t.same_event = 0.3f;
  t.related = 0.6f;
  // Both shares >= 0.5: duplicate, although neither reaches the reuse threshold.
  EXPECT_EQ(Classify(0.0f, 0.5f, 0.5f, t), Relation::kDuplicate);
  EXPECT_EQ(Classify(0.0f, 0.5f, Below(0.5f), t), Relation::kUnrelated);
  EXPECT_EQ(Classify(0.0f, 0.95f, 0.1f, t), Relation::kReuse);
  // 0.7 passes both similarity rules: same-event comes first.
  EXPECT_EQ(Classify(0.7f, 0.0f, 0.0f, t), Relation::kSameEvent);
  EXPECT_EQ(Classify(0.3f, 0.0f, 0.0f, t), Relation::kSameEvent);
  EXPECT_EQ(Classify(Below(0.3f), 0.0f, 0.0f, t), Relation::kUnrelated);

  // All-zero thresholds: the first rule holds for everything.
  const RelationThresholds zero{0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
  EXPECT_EQ(Classify(0.0f, 0.0f, 0.0f, zero), Relation::kTranslation);
  RelationThresholds no_translation = zero;
  no_translation.translation = 1.5f;
  EXPECT_EQ(Classify(0.0f, 0.0f, 0.0f, no_translation), Relation::kDuplicate);
  // Thresholds above 1: nothing holds.
  const RelationThresholds never{1.5f, 1.5f, 1.5f, 1.5f, 1.5f};
  EXPECT_EQ(Classify(1.0f, 1.0f, 1.0f, never, 1.0f), Relation::kUnrelated);
}

TEST(ClassifyTest, TranslationWinsFromItsThreshold) {
  const RelationThresholds t;
  // At the threshold, translation comes before every other rule, duplicate too.
  EXPECT_EQ(Classify(1.0f, 1.0f, 1.0f, t, 0.5f), Relation::kTranslation);
  EXPECT_EQ(Classify(0.0f, 0.0f, 0.0f, t, 0.5f), Relation::kTranslation);
  EXPECT_EQ(Classify(0.0f, 0.6f, 0.3f, t, 1.0f), Relation::kTranslation);
  // Just below it, the other rules decide as if there were no translated passage.
  EXPECT_EQ(Classify(0.0f, 0.9f, 0.9f, t, Below(0.5f)), Relation::kDuplicate);
  EXPECT_EQ(Classify(0.0f, 0.4f, 0.1f, t, Below(0.5f)), Relation::kReuse);
  EXPECT_EQ(Classify(0.3f, 0.0f, 0.0f, t, Below(0.5f)), Relation::kSameEvent);
  EXPECT_EQ(Classify(0.0f, 0.0f, 0.0f, t, Below(0.5f)), Relation::kUnrelated);
  // Without the argument, nothing is translated.
  EXPECT_EQ(Classify(0.0f, 0.9f, 0.9f, t), Relation::kDuplicate);
  // The threshold is an option like the others.
  RelationThresholds strict = t;
  strict.translation = 0.9f;
  EXPECT_EQ(Classify(0.0f, 0.8f, 0.8f, strict, 0.85f), Relation::kDuplicate);
  EXPECT_EQ(Classify(0.0f, 0.8f, 0.8f, strict, 0.9f), Relation::kTranslation);
}

TEST(ClassifyTest, RelationsAreRankedStrongestFirst) {
  // Listings down to a relation (PairOptions::weakest) rely on this order.
  const Relation order[] = {Relation::kDuplicate, Relation::kTranslation, Relation::kReuse, Relation::kSameEvent,
                            Relation::kRelated, Relation::kUnrelated};
  for (size_t i = 1; i < std::size(order); ++i) {
    EXPECT_LT(static_cast<int>(order[i - 1]), static_cast<int>(order[i])) << RelationName(order[i]);
  }
}

TEST(ClassifyTest, Names) {
  EXPECT_STREQ(RelationName(Relation::kDuplicate), "duplicate");
  EXPECT_STREQ(RelationName(Relation::kTranslation), "translation");
  EXPECT_STREQ(RelationName(Relation::kReuse), "reuse");
  EXPECT_STREQ(RelationName(Relation::kSameEvent), "same-event");
  EXPECT_STREQ(RelationName(Relation::kRelated), "related");
  EXPECT_STREQ(RelationName(Relation::kUnrelated), "unrelated");
  EXPECT_STREQ(PassageKindName(PassageKind::kVerbatim), "verbatim");
  EXPECT_STREQ(PassageKindName(PassageKind::kEdited), "edited");
  EXPECT_STREQ(PassageKindName(PassageKind::kParaphrase), "paraphrase");
  EXPECT_STREQ(PassageKindName(PassageKind::kTranslated), "translated");
}

// ---------------------------------------------------------------------------
// ContentShare

// "Café crème" (10 code points, 12 bytes), a boilerplate line that is not a
// segment, then "Thé à l'été" (11 code points, 15 bytes): 21 content code points.
class ContentShareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    article_.text = std::string(kFirst) + "\n" + kGap + "\n" + kSecond;
    first_ = Find(kFirst);
    second_ = Find(kSecond);
    ASSERT_EQ(first_.size(), 12u);
    ASSERT_EQ(second_.size(), 15u);
    article_.segments = {first_, second_};
  }

  Span Find(const std::string& part) const {
    const size_t at = article_.text.find(part);
    EXPECT_NE(at, std::string::npos) << part;
    return Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + part.size())};
  }

  static constexpr const char* kFirst = "Café crème";
  static constexpr const char* kGap = "[pub] Partager";
  static constexpr const char* kSecond = "Thé à l'été";
  static constexpr float kContent = 21.0f;
  Article article_;
  Span first_, second_;
};

TEST_F(ContentShareTest, WholeTextIsEverything) {
  EXPECT_FLOAT_EQ(ContentShare(article_, {Span{0, static_cast<uint32_t>(article_.text.size())}}), 1.0f);
  EXPECT_FLOAT_EQ(ContentShare(article_, {first_, second_}), 1.0f);
  EXPECT_FLOAT_EQ(ContentShare(article_, {first_}), 10.0f / kContent);
  EXPECT_FLOAT_EQ(ContentShare(article_, {second_}), 11.0f / kContent);
}

TEST_F(ContentShareTest, SpanAcrossTheGapCountsOnlyContent) {
  // "crème" + gap + "Thé": 5 + 3 content code points; the gap's 16 bytes do not count.
  const Span span{Find("crème").begin, Find("Thé").end};
  EXPECT_FLOAT_EQ(ContentShare(article_, {span}), 8.0f / kContent);
  // Starting inside the gap: only "Thé".
  EXPECT_FLOAT_EQ(ContentShare(article_, {Span{Find("[pub]").begin, Find("Thé").end}}), 3.0f / kContent);
  // Entirely inside the gap (newlines included): nothing.
  EXPECT_FLOAT_EQ(ContentShare(article_, {Span{first_.end, second_.begin}}), 0.0f);
}

TEST_F(ContentShareTest, OverlapsAreCountedOnce) {
  const Span cafe = Find("Café");   // 4 code points
  const Span tail = Find("fé crème");  // 8 code points, overlapping "fé"
  EXPECT_FLOAT_EQ(ContentShare(article_, {cafe, tail}), 10.0f / kContent);
  EXPECT_FLOAT_EQ(ContentShare(article_, {tail, cafe}), 10.0f / kContent);  // any order
  EXPECT_FLOAT_EQ(ContentShare(article_, {first_, first_, first_}), 10.0f / kContent);
  // A span inside another one adds nothing, wherever it comes in the list.
  EXPECT_FLOAT_EQ(ContentShare(article_, {first_, Find("é c")}), 10.0f / kContent);
  EXPECT_FLOAT_EQ(ContentShare(article_, {Find("é c"), second_, first_}), 1.0f);
  // A long span, then a shorter one starting inside it and ending before it does.
  const Span all{0, static_cast<uint32_t>(article_.text.size())};
  EXPECT_FLOAT_EQ(ContentShare(article_, {all, Find("Café"), Find("l'été")}), 1.0f);
}

TEST_F(ContentShareTest, MultiByteCharactersCountOnce) {
  EXPECT_FLOAT_EQ(ContentShare(article_, {Find("é")}), 1.0f / kContent);    // 2 bytes
  EXPECT_FLOAT_EQ(ContentShare(article_, {Find("été")}), 3.0f / kContent);  // 5 bytes
  EXPECT_FLOAT_EQ(ContentShare(article_, {Find("à l'")}), 4.0f / kContent);  // 5 bytes
}

TEST_F(ContentShareTest, NothingToCount) {
  EXPECT_FLOAT_EQ(ContentShare(article_, {}), 0.0f);
  Article no_content = article_;
  no_content.segments.clear();
  EXPECT_FLOAT_EQ(ContentShare(no_content, {Span{0, static_cast<uint32_t>(article_.text.size())}}), 0.0f);
  EXPECT_FLOAT_EQ(ContentShare(article_, {Span{5, 5}}), 0.0f);  // empty span
}

}  // namespace
}  // namespace parallax
