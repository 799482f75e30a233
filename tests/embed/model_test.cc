#include "parallax/model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "embed/features.h"
#include "parallax/file_format.h"

namespace parallax {
namespace {

Article MakeText(const std::string& id, const std::string& text) {
  Article a;
  a.id = id;
  a.text = text;
  a.segments = {Span{0, static_cast<uint32_t>(text.size())}};
  return a;
}

std::vector<Article> SmallCorpus() {
  const char* texts[] = {
      "Les dockers du port de Marseille ont voté une grève de trois jours. Le trafic des ferries est interrompu.",
      "À Marseille, la grève des dockers bloque le port pour trois jours et les ferries restent à quai.",
      "La banque centrale a relevé son taux directeur de 0,25 point jeudi pour freiner l'inflation.",
      "The central bank raised its key rate by a quarter point on Thursday to curb inflation.",
      "Dockers in Marseille voted for a three-day strike, halting ferry traffic at the port.",
      "Un incendie de forêt a détruit deux cents hectares près d'Aix, les pompiers restent mobilisés.",
      "A wildfire destroyed two hundred hectares near Aix; firefighters remain on site.",
      "Le club a recruté un attaquant argentin pour quatre saisons, annonce son président.",
  };
  std::vector<Article> out;
  for (int round = 0; round < 6; ++round) {
    int i = 0;
    for (const char* t : texts) {
      out.push_back(MakeText("a" + std::to_string(round) + "_" + std::to_string(i), t));
      out.back().lang = i == 3 || i == 4 || i == 6 ? "en" : "fr";
      ++i;
    }
  }
  return out;
}

class ModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto model = Model::Fit(SmallCorpus(), ModelOptions{});
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = new Model(std::move(model).value());
  }
  static void TearDownTestSuite() { delete model_; }
  static Model* model_;
};
Model* ModelTest::model_ = nullptr;

TEST(FeatureKeysTest, RadixSortOrdersAsStdSort) {
  std::mt19937 random(7);
  std::vector<uint32_t> buffer;
  for (int hash_bits : {20, 24}) {
    for (size_t n : {0, 3, 255, 256, 5000}) {
      std::vector<uint32_t> keys(n);
      // Repeats, as a text's features have.
      for (uint32_t& k : keys) k = random() % (n / 4 + 1) * 2654435761u % (1u << hash_bits);
      std::vector<uint32_t> expected = keys;
      std::sort(expected.begin(), expected.end());
      SortFeatureKeys(hash_bits, &keys, &buffer);
      EXPECT_EQ(keys, expected) << hash_bits << " bits, " << n << " keys";
    }
  }
}

TEST(FeatureKeysTest, WeighCountsAndCombineFamiliesMakeTheNormalisedSum) {
  std::vector<float> idf(16, 1.0f);
  idf[4] = 2.0f;
  std::vector<std::pair<uint32_t, float>> words, chars;
  WeighCounts({1, 4, 4, 4}, idf, &words);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0], (std::pair<uint32_t, float>{1, 1.0f}));
  EXPECT_FLOAT_EQ(words[1].second, (1.0f + std::log(3.0f)) * 2.0f);
  WeighCounts({0, 4}, idf, &chars);
  SparseVector sum;
  CombineFamilies(&words, 0.5f, &chars, 0.5f, &sum);
  EXPECT_EQ(sum.keys, (std::vector<uint32_t>{0, 1, 4}));  // key 4 of both families adds up
  const float w1 = 1.0f, w4 = (1.0f + std::log(3.0f)) * 2.0f, word_norm = std::sqrt(w1 * w1 + w4 * w4);
  const float chars_each = 0.5f / std::sqrt(1.0f + 4.0f);  // weights 1 and 2, normalised, times 0.5
  const std::vector<float> raw = {chars_each, 0.5f * w1 / word_norm, 0.5f * w4 / word_norm + 2 * chars_each};
  const float norm = std::sqrt(raw[0] * raw[0] + raw[1] * raw[1] + raw[2] * raw[2]);
  for (size_t i = 0; i < raw.size(); ++i) EXPECT_NEAR(sum.values[i], raw[i] / norm, 1e-6f) << i;
}

TEST_F(ModelTest, SimilarityRanksParaphraseAboveOtherTopics) {
  const auto corpus = SmallCorpus();
  const float same_event = Similarity(*model_, corpus[0], corpus[1]);
  const float other_topic = Similarity(*model_, corpus[0], corpus[2]);
  const float self = Similarity(*model_, corpus[0], corpus[0]);
  EXPECT_NEAR(self, 1.0f, 1e-4);
  EXPECT_GT(same_event, other_topic + 0.1f);
  EXPECT_GE(other_topic, 0.0f);
}

TEST_F(ModelTest, VectorsAreNormalisedAndSorted) {
  const Article a = SmallCorpus()[3];
  const SparseVector v = model_->ArticleVector(a, model_->Analyze(a));
  ASSERT_FALSE(v.keys.empty());
  double norm = 0;
  for (size_t i = 0; i < v.keys.size(); ++i) {
    if (i > 0) EXPECT_LT(v.keys[i - 1], v.keys[i]);
    norm += v.values[i] * v.values[i];
  }
  EXPECT_NEAR(norm, 1.0, 1e-4);
}

// Cosine of two words' spellings in a WordSet.
float SpellingCosine(const WordSet& set, size_t i, size_t j) {
  float dot = 0;
  for (uint32_t x = set.gram_begin[i]; x < set.gram_begin[i + 1]; ++x) {
    for (uint32_t y = set.gram_begin[j]; y < set.gram_begin[j + 1]; ++y) {
      if (set.grams[x] == set.grams[y]) dot += set.gram_weights[x] * set.gram_weights[y];
    }
  }
  return dot;
}

TEST_F(ModelTest, WordsAreDistinctWithIdfAndSpelling) {
  // Punctuation is no word, a repeated word counts once, case is folded: two
  // words, "minister" and "ministers".
  const Article text = MakeText("w", "Minister, ministers; MINISTER minister.");
  const WordSet words = model_->Words(text, model_->Analyze(text));
  ASSERT_EQ(words.size(), 2u);
  ASSERT_EQ(words.gram_begin.size(), words.size() + 1);
  EXPECT_TRUE(std::is_sorted(words.idf.keys.begin(), words.idf.keys.end()));
  // " minister " has 9 + 8 + 7 distinct 2-4-grams, " ministers " 10 + 9 + 8;
  // they share all but the three that end in "r ".
  size_t minister = words.size(), ministers = words.size();
  for (size_t i = 0; i < words.size(); ++i) {
    float norm = 0;
    for (uint32_t g = words.gram_begin[i]; g < words.gram_begin[i + 1]; ++g) norm += words.gram_weights[g] * words.gram_weights[g];
    EXPECT_NEAR(norm, 1.0f, 1e-5);
    EXPECT_GT(words.idf.values[i], 0.0f);
    const uint32_t grams = words.gram_begin[i + 1] - words.gram_begin[i];
    if (grams == 24) minister = i;
    if (grams == 27) ministers = i;
  }
  ASSERT_LT(minister, words.size());
  ASSERT_LT(ministers, words.size());
  EXPECT_NEAR(SpellingCosine(words, minister, ministers), 21.0f / std::sqrt(24.0f * 27.0f), 1e-5);
}

TEST_F(ModelTest, AWordIsItsSpellingWhateverPunctuationSurroundsIt) {
  // Elision, brackets, French and typographic quotes, a dash: the tokenizer
  // cuts these into different pieces, yet each holds the same word.
  const Article alone = MakeText("a", "incendie");
  const WordSet one = model_->Words(alone, model_->Analyze(alone));
  ASSERT_EQ(one.size(), 1u);
  const Article text = MakeText("b", "L’incendie (incendie) d'incendie, «incendie» “Incendie”—incendie…");
  const WordSet words = model_->Words(text, model_->Analyze(text));
  // "l", "incendie" and "d".
  ASSERT_EQ(words.size(), 3u);
  EXPECT_TRUE(std::binary_search(words.idf.keys.begin(), words.idf.keys.end(), one.idf.keys[0]));
  // The article vector has the word's feature too: the two texts share it.
  const SparseVector a = model_->ArticleVector(alone, model_->Analyze(alone));
  EXPECT_GT(Dot(a, model_->ArticleVector(text, model_->Analyze(text))), 0.5f);
}

TEST_F(ModelTest, DiacriticsFoldToTheBaseLetter) {
  // Accented or not, in any case, a word is one word: writers and scrapes
  // drop accents, and cognates meet across languages.
  const Article text = MakeText("a", "Élection election ÉLECTION Gdańsk Gdansk");
  EXPECT_EQ(model_->Words(text, model_->Analyze(text)).size(), 2u);
  const Article accented = MakeText("b", "élection à Gdańsk"), plain = MakeText("c", "election a Gdansk");
  EXPECT_NEAR(Similarity(*model_, accented, plain), 1.0f, 1e-5);
  // A letter with no base letter of its own stays itself: "ł" is not "l".
  const Article lodz = MakeText("d", "łodz lodz");
  EXPECT_EQ(model_->Words(lodz, model_->Analyze(lodz)).size(), 2u);
}

// How many feature keys two one-word texts' vectors share.
size_t SharedKeys(const Model& model, const std::string& x, const std::string& y) {
  const Article a = MakeText("x", x), b = MakeText("y", y);
  const AnalyzedText ta = model.Analyze(a), tb = model.Analyze(b);
  const SparseVector va = model.Vectorize(a, ta, 0, static_cast<uint32_t>(ta.tokens.size()));
  const SparseVector vb = model.Vectorize(b, tb, 0, static_cast<uint32_t>(tb.tokens.size()));
  std::vector<uint32_t> shared;
  std::set_intersection(va.keys.begin(), va.keys.end(), vb.keys.begin(), vb.keys.end(), std::back_inserter(shared));
  return shared.size();
}

TEST_F(ModelTest, AVectorsWordFeatureIsTheWordsFirstFourLetters) {
  // " ministre " and " ministère " share 13 character 3-5-grams (" mi",
  // "min", "ini", "nis", "ist", "re ", " min", "mini", "inis", "nist",
  // " mini", "minis", "inist") and the stem "mini": 14 keys.
  EXPECT_EQ(SharedKeys(*model_, "ministre", "Ministère"), 14u);
  // " ministre " and " minuscule " share " mi", "min" and " min", not a stem.
  EXPECT_EQ(SharedKeys(*model_, "ministre", "minuscule"), 3u);
  // Containment and word_similarity still tell the whole words apart.
  const Article both = MakeText("w", "ministre ministère");
  EXPECT_EQ(model_->Words(both, model_->Analyze(both)).size(), 2u);
}

TEST_F(ModelTest, TheLeadSentenceWeighsDouble) {
  const std::string strike = "Les dockers du port de Marseille ont voté une grève de trois jours.";
  const std::string bank = "La banque centrale a relevé son taux directeur de 0,25 point jeudi.";
  const Article strike_first = MakeText("a", strike + " " + bank);
  const Article bank_first = MakeText("b", bank + " " + strike);
  const Article strike_only = MakeText("c", strike);
  // The same two sentences in the other order are no longer the same vector.
  const float swapped = Similarity(*model_, strike_first, bank_first);
  EXPECT_LT(swapped, 0.95f);
  EXPECT_GT(swapped, 0.5f);
  // A text is nearer the article that leads with it than the one that ends with it.
  EXPECT_GT(Similarity(*model_, strike_only, strike_first), Similarity(*model_, strike_only, bank_first) + 0.1f);
  // A text of one sentence is all lead: its own vector is unchanged by the rule.
  EXPECT_NEAR(Similarity(*model_, strike_only, MakeText("d", strike)), 1.0f, 1e-4);
  // An empty analysis (AnalyzedText{}: not even its end of sentences) is an
  // empty vector.
  EXPECT_TRUE(model_->ArticleVector(strike_first, AnalyzedText{}).keys.empty());
}

TEST_F(ModelTest, ATitleLineAndTheSentenceAfterItAreTheLead) {
  // A .txt article's title is its first line: the lead is the title and the
  // first sentence of the body, so a body that leads with the strike is
  // nearer the strike whatever the title says.
  const std::string title = "Marseille : le port à l'arrêt";
  const std::string strike = "Les dockers du port de Marseille ont voté une grève de trois jours.";
  const std::string bank = "La banque centrale a relevé son taux directeur de 0,25 point jeudi.";
  Article titled = MakeText("a", title + "\n" + bank + " " + strike);
  titled.segments = {Span{0, static_cast<uint32_t>(title.size())},
                     Span{static_cast<uint32_t>(title.size() + 1), static_cast<uint32_t>(titled.text.size())}};
  Article untitled = titled;
  titled.title = title;
  const Article bank_only = MakeText("c", bank);
  EXPECT_GT(Similarity(*model_, bank_only, titled), Similarity(*model_, bank_only, untitled) + 0.05f);
}

TEST_F(ModelTest, ATitleFieldOutsideTheTextIsPartOfTheLead) {
  // A JSONL or CSV title is not in the text: it still counts, as lead.
  const std::string strike = "Les dockers du port de Marseille ont voté une grève de trois jours.";
  const std::string bank = "La banque centrale a relevé son taux directeur de 0,25 point jeudi.";
  const std::string fire = "Un incendie de forêt a détruit deux cents hectares près d'Aix.";
  Article titled = MakeText("a", fire + " " + bank);
  const Article untitled = titled;
  titled.title = strike;
  const Article strike_only = MakeText("c", strike);
  EXPECT_GT(Similarity(*model_, strike_only, titled), Similarity(*model_, strike_only, untitled) + 0.2f);
  EXPECT_NEAR(Similarity(*model_, strike_only, untitled), 0.0f, 0.1f);
  // (A title the text starts with is not added again: see the test above.)
}

TEST_F(ModelTest, DenseCosineTracksSparseCosine) {
  const auto corpus = SmallCorpus();
  const int dim = model_->options().dim;
  std::vector<float> x(dim), y(dim);
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 8; ++j) {
      const SparseVector a = model_->ArticleVector(corpus[i], model_->Analyze(corpus[i]));
      const SparseVector b = model_->ArticleVector(corpus[j], model_->Analyze(corpus[j]));
      model_->Dense(a, x.data());
      model_->Dense(b, y.data());
      float dense = 0;
      for (int k = 0; k < dim; ++k) dense += x[k] * y[k];
      EXPECT_NEAR(dense, Dot(a, b), 0.3f) << i << " " << j;
    }
  }
}

TEST_F(ModelTest, SimHashOfIdenticalVectorsIsIdenticalAndOfOppositeIsComplement) {
  const int dim = model_->options().dim;
  const int bytes = model_->options().simhash_bits / 8;
  std::vector<float> v(2 * dim);
  for (int k = 0; k < dim; ++k) {
    v[k] = std::sin(k + 1.0f);
    v[dim + k] = -v[k];
  }
  std::vector<uint8_t> codes(2 * bytes);
  model_->SimHash(2, v.data(), codes.data());
  for (int b = 0; b < bytes; ++b) EXPECT_EQ(static_cast<uint8_t>(codes[b] ^ codes[bytes + b]), 0xFF);
}

TEST_F(ModelTest, SavesLoadsAndRefusesDamage) {
  const auto dir = std::filesystem::temp_directory_path() / ("parallax_model_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "model.plx";
  ASSERT_TRUE(model_->Save(path).ok());
  auto loaded = Model::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const auto corpus = SmallCorpus();
  EXPECT_FLOAT_EQ(Similarity(*loaded, corpus[0], corpus[4]), Similarity(*model_, corpus[0], corpus[4]));

  // Damage one byte of the IDF table: the checksum refuses the file.
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(-100, std::ios::end);
  f.put('\x7f');
  f.close();
  auto damaged = Model::Load(path);
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), StatusCode::kCorruption);

  // A payload that passes the file checksum but is not a model is refused too.
  ASSERT_TRUE(WriteFileAtomic(path, FourCC("MODL"), Model::kFileVersion, "short").ok());
  EXPECT_EQ(Model::Load(path).status().code(), StatusCode::kCorruption);

  // A model of format 1 (words were the tokenizer's pieces) is refused with
  // what to do, even though its bytes are intact.
  ASSERT_TRUE(WriteFileAtomic(path, FourCC("MODL"), 1, model_->Serialize()).ok());
  auto old = Model::Load(path);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(old.status().message().find("older parallax (model format 1"), std::string::npos) << old.status().message();
  EXPECT_NE(old.status().message().find("parallax train"), std::string::npos) << old.status().message();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace parallax

namespace parallax {
namespace {

// models/default.plx must load, self-test included: a change to the features
// without retraining it (`parallax train data/corpus --out models/default.plx
// --hash-bits 18`, see models/README.md) fails here, not in users' hands.
// Counting is per thread and summed when fitting: the model must not depend
// on how many threads counted, nor on the order articles came in.
// Unit vectors over keys below 2^10, and vocabularies of that space.
SparseVector Vector(std::vector<uint32_t> keys, std::vector<float> values) { return {std::move(keys), std::move(values)}; }

LanguageVocabulary MakeVocabulary(const std::string& lang, uint64_t texts, const std::vector<uint32_t>& keys) {
  LanguageVocabulary v{lang, texts, std::vector<uint64_t>(1024 / 64, 0)};
  for (uint32_t k : keys) v.bits[k >> 6] |= uint64_t{1} << (k & 63);
  return v;
}

TEST(ArticleCosineTest, AcrossLanguagesEachNormCountsWhatTheOtherLanguageCanShare) {
  const SparseVector a = Vector({1, 2, 3}, {0.6f, 0.64f, 0.48f});  // norm 1
  const SparseVector b = Vector({1, 4}, {0.8f, 0.6f});
  const float dot = 0.6f * 0.8f;
  const LanguageVocabulary fr = MakeVocabulary("fr", 1'000'000'000, {1, 2, 3});
  const LanguageVocabulary en = MakeVocabulary("en", 1'000'000'000, {1, 2, 4});
  // One language, or one unknown: the plain cosine.
  EXPECT_FLOAT_EQ(ArticleCosine(a, &fr, b, &fr), dot);
  EXPECT_FLOAT_EQ(ArticleCosine(a, nullptr, b, &en), dot);
  EXPECT_FLOAT_EQ(ArticleCosine(a, &fr, b, nullptr), dot);
  // a's key 3 is no English feature, b's key 4 no French one: neither norm counts them.
  const float across = dot / (std::sqrt(0.6f * 0.6f + 0.64f * 0.64f) * 0.8f);
  EXPECT_NEAR(ArticleCosine(a, &fr, b, &en), across, 1e-5f);
  EXPECT_NEAR(ArticleCosine(b, &en, a, &fr), across, 1e-5f);
  EXPECT_NEAR(ArticleCosine(Compact(a), &fr, Compact(b), &en), across, 0.02f);
  EXPECT_FLOAT_EQ(ArticleCosine(Compact(a), &fr, Compact(b), &fr), Dot(Compact(a), Compact(b)));
  // Vocabularies of 10 texts have seen half their language: what they lack counts half.
  const LanguageVocabulary fr10 = MakeVocabulary("fr", 10, {1, 2, 3}), en10 = MakeVocabulary("en", 10, {1, 2, 4});
  const float half = dot / (std::sqrt(0.6f * 0.6f + 0.64f * 0.64f + 0.5f * 0.48f * 0.48f) *
                            std::sqrt(0.8f * 0.8f + 0.5f * 0.6f * 0.6f));
  EXPECT_NEAR(ArticleCosine(a, &fr10, b, &en10), half, 1e-5f);
  // Stored (compact) vectors score as their expanded weights do.
  EXPECT_NEAR(ArticleCosine(Compact(a), &fr10, Compact(b), &en10),
              ArticleCosine(Expand(Compact(a)), &fr10, Expand(Compact(b)), &en10), 1e-6f);
  EXPECT_GT(half, dot);
  EXPECT_LT(half, across);
  // A feature the other text has counts even where its language's texts lacked it (a new name).
  const LanguageVocabulary empty_en = MakeVocabulary("en", 1'000'000'000, {});
  EXPECT_NEAR(ArticleCosine(a, &fr, b, &empty_en), dot / (0.6f * 0.8f), 1e-5f);
  // Nothing shared: 0 in any case.
  EXPECT_EQ(ArticleCosine(Vector({5}, {1.0f}), &fr, b, &en), 0.0f);
}

TEST(ArticleCosineTest, ShareableWithScalesWhatTheOtherLanguageLacksAsTheNormsDo) {
  const SparseVector a = Vector({1, 2, 3}, {0.6f, 0.64f, 0.48f});
  const SparseVector b = Vector({1, 4}, {0.8f, 0.6f});
  const LanguageVocabulary fr10 = MakeVocabulary("fr", 10, {1, 2, 3}), en10 = MakeVocabulary("en", 10, {1, 2, 4});
  // Ten texts: a lacked feature keeps sqrt(1/2) of its weight, the others all
  // of it, and the whole is divided by what remains.
  const SparseVector a_en = ShareableWith(a, en10);
  const float remains = std::sqrt(0.6f * 0.6f + 0.64f * 0.64f + 0.5f * 0.48f * 0.48f);
  EXPECT_EQ(a_en.keys, a.keys);
  EXPECT_FLOAT_EQ(a_en.values[0], 0.6f / remains);
  EXPECT_FLOAT_EQ(a_en.values[1], 0.64f / remains);
  EXPECT_NEAR(a_en.values[2], 0.48f * std::sqrt(0.5f) / remains, 1e-6f);
  EXPECT_NEAR(Dot(a_en, a_en), 1.0f, 1e-6f);
  // Where the two texts share no feature their languages lack, the inner
  // product of the two is ArticleCosine.
  const SparseVector b_fr = ShareableWith(b, fr10);
  EXPECT_NEAR(Dot(a_en, b_fr), ArticleCosine(a, &fr10, b, &en10), 1e-5f);
  // A vocabulary of many texts: lacked features weigh (almost) nothing.
  const LanguageVocabulary en_large = MakeVocabulary("en", 1'000'000'000, {1, 2, 4});
  EXPECT_NEAR(ShareableWith(a, en_large).values[2], 0.0f, 1e-4f);
}

TEST(ArticleCosineTest, ATextTheOtherLanguageCanHardlyReadCountsAtLeastTheFloor) {
  // c is mostly a word no English text has (an Arabic one, say) and a little
  // of an acronym English has too; b is an English text with that acronym.
  const SparseVector c = Vector({1, 3}, {0.3f, std::sqrt(0.91f)});
  const SparseVector b = Vector({1, 4}, {0.8f, 0.6f});
  const LanguageVocabulary ar = MakeVocabulary("ar", 1'000'000'000, {1, 3});
  const LanguageVocabulary en = MakeVocabulary("en", 1'000'000'000, {1, 2, 4});
  // English can read 0.09 of c's weight: below the floor, c's norm counts
  // the floor (0.25), so the acronym alone does not make the texts alike.
  ASSERT_LT(0.3 * 0.3, kShareableFloor);
  const double floored = 0.3 * 0.8 / (std::sqrt(kShareableFloor) * std::sqrt(0.64));
  EXPECT_NEAR(ArticleCosine(c, &ar, b, &en), floored, 1e-5);
  EXPECT_NEAR(ArticleCosine(b, &en, c, &ar), floored, 1e-5);
  EXPECT_NEAR(ArticleCosine(Compact(c), &ar, Compact(b), &en), floored, 0.02);
  // ShareableWith keeps the floor too: c's length is what it can share of it.
  const SparseVector c_en = ShareableWith(c, en), b_ar = ShareableWith(b, ar);
  EXPECT_NEAR(Dot(c_en, c_en), 0.3 * 0.3 / kShareableFloor, 1e-5);
  EXPECT_NEAR(Dot(b_ar, b_ar), 1.0, 1e-5);
  EXPECT_NEAR(Dot(c_en, b_ar), floored, 1e-5);
}

TEST_F(ModelTest, EachLanguageOfTheFittedTextsHasItsVocabulary) {
  ASSERT_EQ(model_->languages().size(), 2u);
  EXPECT_EQ(model_->languages()[0].lang, "en");
  EXPECT_EQ(model_->languages()[0].texts, 18u);
  EXPECT_EQ(model_->languages()[1].lang, "fr");
  EXPECT_EQ(model_->languages()[1].texts, 30u);
  EXPECT_EQ(model_->Vocabulary("en"), &model_->languages()[0]);
  EXPECT_EQ(model_->Vocabulary("de"), nullptr);
  EXPECT_EQ(model_->Vocabulary(""), nullptr);
  // Every feature of an English text's vector is in the English vocabulary;
  // a French text has features no English text has.
  const auto corpus = SmallCorpus();
  const LanguageVocabulary& en = *model_->Vocabulary("en");
  const SparseVector english = model_->ArticleVector(corpus[4], model_->Analyze(corpus[4]));
  for (uint32_t key : english.keys) EXPECT_TRUE(en.Has(key)) << key;
  const SparseVector french = model_->ArticleVector(corpus[0], model_->Analyze(corpus[0]));
  const auto not_english = std::count_if(french.keys.begin(), french.keys.end(), [&](uint32_t k) { return !en.Has(k); });
  EXPECT_GT(not_english, 20);
  // So the French and English reports of the dockers' strike meet higher
  // than their plain cosine, and the saved model keeps the vocabularies.
  Article fr_unknown = corpus[0], en_unknown = corpus[4];
  fr_unknown.lang = en_unknown.lang = "";
  EXPECT_GT(Similarity(*model_, corpus[0], corpus[4]), Similarity(*model_, fr_unknown, en_unknown) + 0.05f);
  auto loaded = Model::Deserialize(model_->Serialize());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->languages().size(), 2u);
  EXPECT_EQ(loaded->languages()[1].texts, 30u);
  EXPECT_EQ(loaded->languages()[1].bits, model_->languages()[1].bits);
  EXPECT_FLOAT_EQ(Similarity(*loaded, corpus[0], corpus[4]), Similarity(*model_, corpus[0], corpus[4]));
}

TEST(DocumentCountsTest, ModelDoesNotDependOnThreadsOrOrder) {
  const auto corpus = SmallCorpus();
  auto tokenizer = Model::TrainTokenizer(corpus, TokenizerOptions{});
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  const std::string tokenizer_bytes = tokenizer->Serialize();
  auto fit = [&](int threads, bool reverse) {
    auto t = Tokenizer::Deserialize(tokenizer_bytes);
    EXPECT_TRUE(t.ok());
    DocumentCounts counts(*t, FeatureOptions{});
    const int64_t n = static_cast<int64_t>(corpus.size());
    // More threads than omp_get_max_threads() exercises the shared fallback table.
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (int64_t i = 0; i < n; ++i) {
      const Article& a = corpus[reverse ? n - 1 - i : i];
      counts.Add(a, Analyze(*t, a));
    }
    return Model::FitWeights(std::move(t).value(), std::move(counts));
  };
  const Model serial = fit(1, false);
  EXPECT_EQ(serial.documents(), corpus.size());
  const std::string expected = serial.Serialize();
  EXPECT_EQ(fit(2, true).Serialize(), expected);
  EXPECT_EQ(fit(5, false).Serialize(), expected);
  // And it is the model Fit makes (the same tokenizer is trained again).
  auto fitted = Model::Fit(corpus, ModelOptions{});
  ASSERT_TRUE(fitted.ok());
  EXPECT_EQ(fitted->Serialize(), expected);
  // Counts that miss an article give other weights.
  auto t = Tokenizer::Deserialize(tokenizer_bytes);
  ASSERT_TRUE(t.ok());
  DocumentCounts partial(*t, FeatureOptions{});
  for (size_t i = 1; i < corpus.size(); ++i) partial.Add(corpus[i], Analyze(*t, corpus[i]));
  EXPECT_NE(Model::FitWeights(std::move(t).value(), std::move(partial)).Serialize(), expected);
}

// Counts made in parts (parallax_dask's shards), serialized and merged, fit
// the model the counts of all make; bytes that are not counts are refused.
TEST(DocumentCountsTest, MergedPartsFitTheModelOfAll) {
  const auto corpus = SmallCorpus();
  auto tokenizer = Model::TrainTokenizer(corpus, TokenizerOptions{});
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  const std::string tokenizer_bytes = tokenizer->Serialize();
  auto count = [&](size_t begin, size_t end) {
    auto t = Tokenizer::Deserialize(tokenizer_bytes);
    EXPECT_TRUE(t.ok());
    DocumentCounts counts(*t, FeatureOptions{});
    for (size_t i = begin; i < end; ++i) counts.Add(corpus[i], Analyze(*t, corpus[i]));
    return counts.Serialize();
  };
  const size_t half = corpus.size() / 2;
  const std::string all = count(0, corpus.size()), first = count(0, half), second = count(half, corpus.size());
  auto fit = [&](const std::vector<std::string>& parts) {
    auto t = Tokenizer::Deserialize(tokenizer_bytes);
    EXPECT_TRUE(t.ok());
    DocumentCounts counts(*t, FeatureOptions{});
    for (const std::string& part : parts) EXPECT_TRUE(counts.Merge(part).ok());
    return Model::FitWeights(std::move(t).value(), std::move(counts)).Serialize();
  };
  EXPECT_EQ(fit({first, second}), fit({all}));
  EXPECT_EQ(fit({second, first}), fit({all}));
  EXPECT_NE(fit({first}), fit({all}));

  DocumentCounts counts(*tokenizer, FeatureOptions{});
  std::string many_languages = all.substr(0, 12 + (size_t{4} << FeatureOptions{}.hash_bits)) + std::string(4, '\xff');
  for (const std::string& bad : {std::string("garbage"), all.substr(0, all.size() - 1), all + "x", many_languages}) {
    const Status merged = counts.Merge(bad);
    EXPECT_EQ(merged.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(merged.message().find("not document counts"), std::string::npos) << merged.message();
  }
}

TEST(DefaultModelTest, ShippedModelLoadsAndPassesItsSelfTest) {
  auto model = Model::Load(std::string(PARALLAX_SOURCE_DIR) + "/models/default.plx");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->options().hash_bits, 18);
  EXPECT_EQ(model->documents(), 44u);
}

// A background tops a smaller corpus up to its size: of three texts, two
// share "harbour" and two "mayor". Alone they weigh both words alike; with
// a background of twenty texts that all have "harbour" (and none "mayor"),
// whose seventeen the corpus lacks count too, "harbour" is common and
// "mayor" rare.
TEST(ModelBackgroundTest, BackgroundTopsASmallCorpusUp) {
  std::vector<Article> background_texts;
  for (int i = 0; i < 20; ++i) {
    background_texts.push_back(MakeText("bg" + std::to_string(i), "The harbour office " + std::to_string(i * 7919) +
                                                                       " reported calm weather and routine traffic."));
  }
  auto background = Model::Fit(background_texts, ModelOptions{});
  ASSERT_TRUE(background.ok()) << background.status().ToString();
  const std::vector<Article> corpus = {MakeText("a", "Ships left the harbour at dawn as the mayor watched."),
                                       MakeText("b", "The harbour reopened on Monday."),
                                       MakeText("c", "Voters chose a new mayor on Sunday.")};
  auto alone = Model::Fit(corpus, ModelOptions{});
  ModelOptions with;
  with.background = std::make_shared<const Model>(std::move(background).value());
  auto pooled = Model::Fit(corpus, with);
  ASSERT_TRUE(alone.ok() && pooled.ok());
  EXPECT_EQ(alone->documents(), 3u);
  EXPECT_EQ(pooled->documents(), 20u);
  auto idf = [](const Model& m, const std::string& word) {
    const Article text = MakeText("q", word);
    const WordSet words = m.Words(text, m.Analyze(text));
    EXPECT_EQ(words.size(), 1u);
    return words.idf.values.empty() ? 0.0f : words.idf.values[0];
  };
  EXPECT_NEAR(idf(*alone, "harbour"), std::log(4.0 / 2.5), 1e-4);   // 2 of 3 texts
  EXPECT_NEAR(idf(*alone, "mayor"), std::log(4.0 / 2.5), 1e-4);
  EXPECT_NEAR(idf(*pooled, "harbour"), std::log(21.0 / 19.5), 0.02);  // 2 + 17 of 20
  EXPECT_NEAR(idf(*pooled, "mayor"), std::log(21.0 / 2.5), 0.02);     // 2 of 20
  // A word one text has can match nothing in the corpus: it borrows nothing.
  EXPECT_NEAR(idf(*pooled, "dawn"), std::log(21.0 / 1.5), 0.02);
  // A corpus as large as the background borrows nothing.
  std::vector<Article> large = corpus;
  for (int i = 0; i < 20; ++i) large.push_back(MakeText("l" + std::to_string(i), "Mayor " + std::to_string(i)));
  auto large_alone = Model::Fit(large, ModelOptions{});
  auto large_pooled = Model::Fit(large, with);
  ASSERT_TRUE(large_alone.ok() && large_pooled.ok());
  EXPECT_EQ(large_pooled->documents(), 23u);
  EXPECT_EQ(idf(*large_pooled, "harbour"), idf(*large_alone, "harbour"));
}

}  // namespace
}  // namespace parallax
