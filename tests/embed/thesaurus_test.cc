#include "parallax/thesaurus.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "corpus/temp_dir.h"
#include "embed/features.h"

namespace parallax {
namespace {

using testing_util::TempDir;

// A MyThes file in the layout LibreOffice's thesauri have (a French and an
// English part, each a file).
constexpr const char* kEnglish =
    "UTF-8\n"
    "buy|2\n"
    "(verb)|purchase|acquire (generic term)\n"
    "(noun)|bargain|good deal|steal (similar term)\n"
    "storm|1\n"
    "(noun)|tempest|violent storm|weather (generic term)\n"
    "study|1\n"
    "(verb)|learn|hate (antonym)\n";
constexpr const char* kFrench =
    "UTF-8\n"
    "Voiture|1\n"
    "(Nom)|automobile|bagnole\n"
    "annoncer|1\n"
    "(Verbe)|déclarer|proclamer\n"
    "cheval|1\n"
    "(Nom)|destrier\n";

uint64_t Key(const std::string& word) {
  std::vector<uint32_t> cps;
  AppendCodepoints(word, &cps);
  return SpellingKey(cps.data(), cps.size());
}

std::vector<uint64_t> Forms(const Thesaurus& t, const std::string& word) {
  std::vector<uint32_t> cps;
  AppendCodepoints(word, &cps);
  return t.Forms(cps.data(), cps.size());
}

std::vector<uint64_t> Sorted(std::vector<uint64_t> keys) {
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Whether `word` may be listed under `form` (Thesaurus::Forms).
bool HasForm(const Thesaurus& t, const std::string& word, const std::string& form) {
  const std::vector<uint64_t> forms = Forms(t, word);
  return std::binary_search(forms.begin(), forms.end(), Key(form));
}

class ThesaurusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = Thesaurus::Load({dir_.Write("en.dat", kEnglish), dir_.Write("fr.dat", kFrench)});
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    thesaurus_ = std::move(loaded).value();
  }
  TempDir dir_;
  Thesaurus thesaurus_;
};

TEST_F(ThesaurusTest, SynonymsAreTheSingleWordsWithoutANote) {
  EXPECT_EQ(thesaurus_.headwords(), 6u);
  // "good deal" is two words; "(generic term)", "(similar term)" mark other relations.
  EXPECT_EQ(thesaurus_.Synonyms(Key("buy")), Sorted({Key("purchase"), Key("bargain")}));
  EXPECT_EQ(thesaurus_.Synonyms(Key("storm")), Sorted({Key("tempest")}));
  EXPECT_EQ(thesaurus_.Synonyms(Key("study")), Sorted({Key("learn")})) << "antonyms are not synonyms";
  EXPECT_TRUE(thesaurus_.Synonyms(Key("purchase")).empty()) << "not a headword";
}

TEST_F(ThesaurusTest, KeysIgnoreCase) {
  EXPECT_EQ(Key("Voiture"), Key("voiture"));
  EXPECT_EQ(Key("ÉTÉ"), Key("été"));
  EXPECT_EQ(thesaurus_.Synonyms(Key("voiture")), Sorted({Key("automobile"), Key("bagnole")}));
  EXPECT_TRUE(HasForm(thesaurus_, "VOITURES", "voiture"));
}

TEST_F(ThesaurusTest, InflectionsFindTheirHeadword) {
  EXPECT_TRUE(HasForm(thesaurus_, "buy", "buy"));
  EXPECT_TRUE(HasForm(thesaurus_, "buys", "buy"));
  EXPECT_TRUE(HasForm(thesaurus_, "buying", "buy"));
  EXPECT_TRUE(HasForm(thesaurus_, "purchased", "purchase")) << "listed as a synonym, not a headword";
  EXPECT_TRUE(HasForm(thesaurus_, "storms", "storm"));
  EXPECT_TRUE(HasForm(thesaurus_, "studies", "study"));
  EXPECT_TRUE(HasForm(thesaurus_, "studied", "study"));
  EXPECT_TRUE(HasForm(thesaurus_, "annoncé", "annoncer"));
  EXPECT_TRUE(HasForm(thesaurus_, "annoncées", "annoncer"));
  EXPECT_TRUE(HasForm(thesaurus_, "chevaux", "cheval"));
  EXPECT_FALSE(HasForm(thesaurus_, "storm", "stor"));
  EXPECT_EQ(Forms(thesaurus_, "bus"), std::vector<uint64_t>{Key("bus")}) << "too short to strip";
}

TEST(ThesaurusLoadTest, BadFilesAreRefusedWithFileAndLine) {
  TempDir dir;
  const auto error = [&](const std::string& content) {
    auto loaded = Thesaurus::Load({dir.Write("bad.dat", content)});
    EXPECT_FALSE(loaded.ok());
    return loaded.ok() ? std::string() : loaded.status().ToString();
  };
  EXPECT_NE(error("ISO8859-1\nbuy|1\n(verb)|purchase\n").find("bad.dat:1: the first line must name"),
            std::string::npos);
  EXPECT_NE(error("UTF-8\nbuy|1\n(verb)|purchase\nstorm\n").find("bad.dat:4: not a \"word|count\" line"),
            std::string::npos);
  EXPECT_NE(error("UTF-8\nbuy|\n").find("bad.dat:2: not a \"word|count\""), std::string::npos);
  EXPECT_NE(error("UTF-8\nbuy|3\n(verb)|purchase\n").find("bad.dat:2: fewer sense lines"), std::string::npos);
  EXPECT_NE(error("UTF-8\nbuy|1\npurchase\n").find("bad.dat:3: not a \"(pos)|synonym"), std::string::npos);
  EXPECT_NE(error("UTF-8\nbuy|1\n(verb)|purch\xff" "ase\n").find("bad.dat:3: invalid UTF-8"), std::string::npos);
  auto missing = Thesaurus::Load({dir.path() + "/missing.dat"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().ToString().find("missing.dat"), std::string::npos);
}

}  // namespace
}  // namespace parallax
