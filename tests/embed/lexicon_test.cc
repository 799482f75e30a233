// Lexicon: FreeDict reading, stems, the stored form, and Model::TranslatedVector.
#include "parallax/lexicon.h"

#include <gtest/gtest.h>

#include "corpus/temp_dir.h"
#include "parallax/model.h"

namespace parallax {
namespace {

using testing_util::TempDir;

// A dictd database as FreeDict ships it (plain .dict beside the .index):
// offsets and lengths in base 64.
std::string Base64(size_t n) {
  static const char* kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[n % 64]);
    n /= 64;
  } while (n > 0);
  return out;
}

std::string WriteDictionary(const TempDir& dir, const std::string& name,
                            const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string data, index;
  for (const auto& [head, body] : entries) {
    index += head + "\t" + Base64(data.size()) + "\t" + Base64(body.size()) + "\n";
    data += body;
  }
  dir.Write(name + ".dict", data);
  return dir.Write(name + ".index", index);
}

TEST(LexiconTest, StemsAndFoldsAsFeaturesDo) {
  EXPECT_EQ(Lexicon::Stem("Ministère"), "mini");
  EXPECT_EQ(Lexicon::Stem("Élu"), "elu");
  EXPECT_EQ(Lexicon::Fold("Élection"), "election");
  EXPECT_EQ(Lexicon::LanguageOf("fra"), "fr");
  EXPECT_EQ(Lexicon::LanguageOf("xyz"), "xyz");
}

TEST(LexiconTest, ReadsFreeDictBothWays) {
  TempDir dir;
  const std::string path = WriteDictionary(
      dir, "freedict-fra-eng",
      {{"00-database-info", "00-database-info\nThis is a test.\n"},
       {"maison", "maison /mɛzɔ̃/\nhouse; home\n<note>\n"},
       {"navire", "navire\nship (sea), vessel\n"},
       {"pomme de terre", "pomme de terre\npotato\n"},
       {"gare", "gare\nrailway station, depot\n"}});
  auto lexicon = Lexicon::LoadFreeDict({path});
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().ToString();
  const auto* house = lexicon->Find("fr", "en", "mais");
  ASSERT_NE(house, nullptr);
  ASSERT_EQ(house->size(), 2u);
  EXPECT_FLOAT_EQ((*house)[0].probability + (*house)[1].probability, 1.0f);
  const auto* ship = lexicon->Find("fr", "en", "navi");
  ASSERT_NE(ship, nullptr);
  EXPECT_EQ(ship->size(), 2u);  // "ship", "vessel" ("(sea)" is a note)
  // Both directions; multi-word headwords translate no single word; a
  // phrase of three words or more is left out, one of two kept word by word.
  ASSERT_NE(lexicon->Find("en", "fr", "hous"), nullptr);
  EXPECT_EQ((*lexicon->Find("en", "fr", "hous"))[0].word, "maison");
  EXPECT_EQ(lexicon->Find("en", "fr", "pota"), nullptr);
  ASSERT_NE(lexicon->Find("en", "fr", "rail"), nullptr);
  EXPECT_EQ(lexicon->Find("fr", "de"), nullptr);

  // Only the words `known` knows.
  auto known = Lexicon::LoadFreeDict({path}, [](const std::string& lang, const std::string& word) {
    return lang == "fr" || word == "house";
  });
  ASSERT_TRUE(known.ok());
  EXPECT_NE(known->Find("fr", "en", "mais"), nullptr);
  EXPECT_EQ(known->Find("fr", "en", "navi"), nullptr);
  EXPECT_EQ(known->entries(), 2u);  // fr->en "mais", en->fr "hous"
}

TEST(LexiconTest, BadDictionariesAreNamed) {
  TempDir dir;
  const std::string bad_name = WriteDictionary(dir, "dictionary", {{"a", "a\nb\n"}});
  auto named = Lexicon::LoadFreeDict({bad_name});
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.status().message().find("does not say its languages"), std::string::npos);
  dir.Write("freedict-fra-eng.dict", "maison\nhouse\n");
  const std::string bad_line = dir.Write("freedict-fra-eng.index", "maison\tA\n");
  auto lined = Lexicon::LoadFreeDict({bad_line});
  ASSERT_FALSE(lined.ok());
  EXPECT_NE(lined.status().message().find("line 1"), std::string::npos);
  dir.Write("freedict-deu-eng.index", "Haus\tA\tM\n");
  dir.Write("freedict-deu-eng.dict.dz", "not gzip at all");
  auto compressed = Lexicon::LoadFreeDict({dir.path() + "/freedict-deu-eng.index"});
  ASSERT_FALSE(compressed.ok());
  EXPECT_NE(compressed.status().message().find("gzip"), std::string::npos);
}

TEST(LexiconTest, SerializesAndRefusesOtherBytes) {
  Lexicon lexicon;
  lexicon.SetDirection({"fr", "en", {{"navi", {{"vessel", 0.25f}, {"ship", 0.75f}}}, {"mais", {{"house", 1.0f}}}}});
  auto back = Lexicon::Deserialize(lexicon.Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->directions().size(), 1u);
  EXPECT_EQ(back->directions()[0].entries[0].stem, "mais");  // sorted by stem
  const auto* ship = back->Find("fr", "en", "navi");
  ASSERT_NE(ship, nullptr);
  EXPECT_EQ((*ship)[0].word, "ship");  // most probable first
  EXPECT_FLOAT_EQ((*ship)[0].probability, 0.75f);
  EXPECT_FALSE(Lexicon::Deserialize("\x05garbage").ok());
  std::string trailing = lexicon.Serialize() + "x";
  EXPECT_FALSE(Lexicon::Deserialize(trailing).ok());
}

std::vector<Article> Bilingual() {
  std::vector<Article> articles;
  const char* fr[] = {"Le navire est arrivé au port ce matin avec ses passagers.",
                      "La maison du maire a brûlé pendant la nuit.", "Le navire a quitté le port hier soir."};
  const char* en[] = {"The ship arrived in the harbour this morning with its passengers.",
                      "The mayor's house burned down during the night.", "The ship left the harbour last night."};
  for (int i = 0; i < 3; ++i) {
    articles.push_back(Article{.id = "fr" + std::to_string(i), .lang = "fr", .text = fr[i]});
    articles.push_back(Article{.id = "en" + std::to_string(i), .lang = "en", .text = en[i]});
  }
  for (Article& a : articles) a.segments = {Span{0, static_cast<uint32_t>(a.text.size())}};
  return articles;
}

TEST(LexiconTest, TranslatedVectorBringsATextIntoTheOtherLanguage) {
  const std::vector<Article> articles = Bilingual();
  auto model = Model::Fit(articles, ModelOptions{});
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const AnalyzedText fr_analysis = model->Analyze(articles[0]);
  const auto fr_in_en = [&](const Model& m) {
    return m.TranslatedVector(articles[0], fr_analysis, 0, static_cast<uint32_t>(fr_analysis.tokens.size()), "en");
  };
  const SparseVector en = model->Vectorize(articles[1], model->Analyze(articles[1]), 0,
                                           static_cast<uint32_t>(model->Analyze(articles[1]).tokens.size()));
  const SparseVector other = model->Vectorize(articles[3], model->Analyze(articles[3]), 0,
                                              static_cast<uint32_t>(model->Analyze(articles[3]).tokens.size()));
  EXPECT_FALSE(model->Translates("fr", "en"));
  const float plain = Dot(fr_in_en(*model), en);  // no lexicon: the plain vector
  EXPECT_FLOAT_EQ(plain, Dot(model->Vectorize(articles[0], fr_analysis, 0,
                                              static_cast<uint32_t>(fr_analysis.tokens.size())), en));

  Lexicon lexicon;
  lexicon.SetDirection({"fr", "en", {{"navi", {{"ship", 1.0f}}}, {"port", {{"harbour", 1.0f}}},
                                     {"pass", {{"passengers", 1.0f}}}, {"mati", {{"morning", 1.0f}}}}});
  model->SetLexicon(lexicon);
  EXPECT_TRUE(model->Translates("fr", "en"));
  EXPECT_FALSE(model->Translates("en", "fr"));
  const SparseVector translated = fr_in_en(*model);
  EXPECT_NEAR(Dot(translated, translated), 1.0f, 1e-4f);
  EXPECT_GT(Dot(translated, en), plain + 0.1f);
  // The right sentence gains more than another one.
  EXPECT_GT(Dot(translated, en), Dot(translated, other));

  // The model keeps its lexicon through its stored form.
  auto back = Model::Deserialize(model->Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_NE(back->lexicon().Find("fr", "en", "navi"), nullptr);
  EXPECT_FLOAT_EQ(Dot(fr_in_en(*back), en), Dot(translated, en));
}

}  // namespace
}  // namespace parallax
