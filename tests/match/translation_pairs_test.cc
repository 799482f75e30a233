// FindPairs and ComparePair across two languages the model's lexicon
// translates: the same relation and passages from both, a margin on the
// pairs, and nothing translated when translations are off.
#include <gtest/gtest.h>

#include <filesystem>

#include "match/test_corpus.h"
#include "parallax/match.h"

namespace parallax {
namespace {

std::vector<Article> Reports() {
  using test_corpus::MakeDoc;
  return {
      MakeDoc("fr-port", "lequotidien.fr", "2024-03-04", "fr",
              {"Grève au port de Marseille",
               "Les dockers du port de Marseille sont en grève depuis lundi matin. Le syndicat demande une hausse "
               "des salaires et de meilleures conditions de travail.",
               "Le ministre des transports a promis de recevoir les représentants des travailleurs cette semaine. "
               "Des dizaines de navires attendent au large de la ville."}),
      MakeDoc("en-port", "dailyledger.com", "2024-03-05", "en",
              {"Strike at the port of Marseille",
               "The dockers of the port of Marseille have been on strike since Monday morning. The union is asking "
               "for higher wages and better working conditions.",
               "The transport minister promised to meet the representatives of the workers this week. Dozens of "
               "ships are waiting off the coast of the city."}),
      MakeDoc("fr-crue", "radio-sud.fr", "2024-03-10", "fr",
              {"La rivière sort de son lit",
               "La rivière a débordé dans la nuit après trois jours de pluie. Les pompiers ont évacué deux cents "
               "habitants du quartier de la gare.",
               "Le maire a ouvert le gymnase pour accueillir les familles. La police a fermé plusieurs routes autour "
               "de la ville."}),
      MakeDoc("en-school", "marketwire.net", "2024-04-03", "en",
              {"A new school for the village",
               "The village opens a new primary school at the start of the year. The building will welcome one "
               "hundred and twenty children in six classes.",
               "The town council voted the budget for the canteen and the library. The parents had been waiting "
               "for this project for ten years."}),
  };
}

class TranslationPairsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (InstalledDictionaries().empty()) GTEST_SKIP() << "no FreeDict dictionary installed (scripts/setup.sh)";
    CollectionOptions options;
    options.model.dictionaries = InstalledDictionaries();
    auto c = Collection::Create(std::filesystem::temp_directory_path() / "parallax_translation_pairs_unsaved", options);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    collection_.emplace(std::move(c).value());
    ASSERT_TRUE(collection_->Add(Reports()).ok());
    ASSERT_TRUE(collection_->model().Translates("fr", "en"));
  }
  std::optional<Collection> collection_;
};

TEST_F(TranslationPairsTest, PairsAndComparePairGiveOneAnswer) {
  auto pairs = FindPairs(*collection_, PairOptions{});
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  const size_t fr = collection_->Find("fr-port").value(), en = collection_->Find("en-port").value();
  const ArticlePair* found = nullptr;
  for (const ArticlePair& p : *pairs) {
    if ((p.a == fr && p.b == en) || (p.a == en && p.b == fr)) found = &p;
    // Only the translation is one.
    if (p.comparison.relation == Relation::kTranslation) {
      EXPECT_TRUE(&p == found) << collection_->article(p.a).id << " " << collection_->article(p.b).id;
    }
  }
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->comparison.relation, Relation::kTranslation);
  ASSERT_TRUE(found->translation_margin.has_value());
  EXPECT_GT(*found->translation_margin, 1.0f);
  size_t translated = 0;
  for (const Passage& p : found->comparison.passages) translated += p.kind == PassageKind::kTranslated;
  EXPECT_GE(translated, 3u);
  EXPECT_GE(found->comparison.translated, 0.5f);

  auto alone = ComparePair(*collection_, found->a, found->b, PairOptions{});
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(alone->relation, found->comparison.relation);
  EXPECT_FLOAT_EQ(alone->translated, found->comparison.translated);
  ASSERT_EQ(alone->passages.size(), found->comparison.passages.size());
  for (size_t i = 0; i < alone->passages.size(); ++i) {
    EXPECT_EQ(alone->passages[i].a.begin, found->comparison.passages[i].a.begin);
    EXPECT_EQ(alone->passages[i].b.end, found->comparison.passages[i].b.end);
    EXPECT_EQ(alone->passages[i].kind, found->comparison.passages[i].kind);
  }
}

// Every pair FindPairs lists (whose texts it prepares once for several
// pairs, with the translations it keeps) scores exactly as ComparePair
// scores it alone.
TEST_F(TranslationPairsTest, EveryListedPairScoresAsAlone) {
  auto pairs = FindPairs(*collection_, PairOptions{});
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  ASSERT_FALSE(pairs->empty());
  for (const ArticlePair& p : *pairs) {
    SCOPED_TRACE(collection_->article(p.a).id + " " + collection_->article(p.b).id);
    auto alone = ComparePair(*collection_, p.a, p.b, PairOptions{});
    ASSERT_TRUE(alone.ok());
    EXPECT_EQ(alone->relation, p.comparison.relation);
    EXPECT_EQ(alone->similarity, p.comparison.similarity);
    EXPECT_EQ(alone->translated, p.comparison.translated);
    EXPECT_EQ(alone->reuse_a, p.comparison.reuse_a);
    EXPECT_EQ(alone->reuse_b, p.comparison.reuse_b);
    ASSERT_EQ(alone->passages.size(), p.comparison.passages.size());
    for (size_t i = 0; i < alone->passages.size(); ++i) {
      EXPECT_EQ(alone->passages[i].a, p.comparison.passages[i].a);
      EXPECT_EQ(alone->passages[i].b, p.comparison.passages[i].b);
      EXPECT_EQ(alone->passages[i].kind, p.comparison.passages[i].kind);
      EXPECT_EQ(alone->passages[i].score, p.comparison.passages[i].score);
    }
  }
}

// Translations prepared beforehand (PrepareTranslation) change nothing:
// Compare makes the same ones itself.
TEST_F(TranslationPairsTest, PreparedTranslationsChangeNothing) {
  const Model& model = collection_->model();
  const Article& fr = collection_->article(collection_->Find("fr-port").value());
  const Article& en = collection_->article(collection_->Find("en-port").value());
  PreparedText a = Prepare(model, fr), b = Prepare(model, en);
  const Comparison plain = Compare(a, b);
  PrepareTranslation(model, &a, "en", /*sentences=*/true);
  PrepareTranslation(model, &b, "fr", /*sentences=*/true);
  ASSERT_EQ(a.translations.size(), 1u);
  EXPECT_EQ(a.translations[0].sentences.size(), a.analysis.sentences.size());
  const Comparison prepared = Compare(a, b);
  EXPECT_EQ(TranslatedSimilarity(a, b), TranslatedSimilarity(Prepare(model, fr), Prepare(model, en)));
  EXPECT_EQ(prepared.relation, Relation::kTranslation);
  EXPECT_EQ(prepared.translated, plain.translated);
  ASSERT_EQ(prepared.passages.size(), plain.passages.size());
  for (size_t i = 0; i < plain.passages.size(); ++i) {
    EXPECT_EQ(prepared.passages[i].a, plain.passages[i].a);
    EXPECT_EQ(prepared.passages[i].b, plain.passages[i].b);
    EXPECT_EQ(prepared.passages[i].score, plain.passages[i].score);
  }
}

TEST_F(TranslationPairsTest, TranslationsOffFindNone) {
  PairOptions options;
  options.compare.translations = false;
  auto pairs = FindPairs(*collection_, options);
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  for (const ArticlePair& p : *pairs) {
    EXPECT_NE(p.comparison.relation, Relation::kTranslation);
    EXPECT_FALSE(p.translation_margin.has_value());
    for (const Passage& passage : p.comparison.passages) EXPECT_NE(passage.kind, PassageKind::kTranslated);
  }
}

}  // namespace
}  // namespace parallax
