#include <gtest/gtest.h>

#include <string>

#include "corpus/corpus_internal.h"
#include "parallax/corpus.h"

namespace parallax {
namespace {

using corpus_internal::GuessLanguage;

TEST(OutletFromUrlTest, HostWithoutWww) {
  EXPECT_EQ(OutletFromUrl("https://www.lemonde.fr/x"), "lemonde.fr");
  EXPECT_EQ(OutletFromUrl("https://fr.sputniknews.com/20220221/des-attentats-1055266366.html"), "fr.sputniknews.com");
  EXPECT_EQ(OutletFromUrl("http://www.bbc.co.uk"), "bbc.co.uk");
  EXPECT_EQ(OutletFromUrl("HTTPS://User:pw@WWW.Example.COM:8080/a?b#c"), "example.com");
  EXPECT_EQ(OutletFromUrl("  https://www.lemonde.fr./x  "), "lemonde.fr");
  EXPECT_EQ(OutletFromUrl("//cdn.example.org/img.jpg"), "cdn.example.org");
}

TEST(OutletFromUrlTest, NoScheme) {
  EXPECT_EQ(OutletFromUrl("www.lemonde.fr/international/"), "lemonde.fr");
  EXPECT_EQ(OutletFromUrl("lefigaro.fr"), "lefigaro.fr");
  EXPECT_EQ(OutletFromUrl("reuters.com?x=1"), "reuters.com");
}

TEST(OutletFromUrlTest, GarbageIsEmpty) {
  EXPECT_EQ(OutletFromUrl(""), "");
  EXPECT_EQ(OutletFromUrl("not a url"), "");
  EXPECT_EQ(OutletFromUrl("https://"), "");
  EXPECT_EQ(OutletFromUrl("https://localhost/x"), "");
  EXPECT_EQ(OutletFromUrl("1.5"), "");
  EXPECT_EQ(OutletFromUrl("https://a..b/"), "");
  EXPECT_EQ(OutletFromUrl("ht tp://lemonde.fr"), "");
}

TEST(MakeArticleTest, DateIsIsoWhenReadElseAsGiven) {
  auto date_of = [](const std::string& date) {
    Article fields;
    fields.id = "a";
    fields.date = date;
    fields.text = "Les ministres se sont retrouvés à Genève.";
    StatusOr<Article> article = MakeArticle(fields, ReadOptions{});
    EXPECT_TRUE(article.ok()) << article.status().message();
    return article.ok() ? article->date : "(not made)";
  };
  EXPECT_EQ(date_of("2022-02"), "2022-02");
  EXPECT_EQ(date_of(" 2022-02-21T10:05:00Z "), "2022-02-21T10:05:00Z");
  EXPECT_EQ(date_of("2022-01-24T11:48+0100"), "2022-01-24T11:48+0100");
  EXPECT_EQ(date_of("2022-02-21 10:05:00"), "2022-02-21T10:05:00");
  EXPECT_EQ(date_of("Feb 21, 2022"), "2022-02-21");
  EXPECT_EQ(date_of("21/02/2022"), "2022-02-21");
  EXPECT_EQ(date_of(""), "");
  // Not read: kept as given (trimmed), never dropped; the reader notes it.
  EXPECT_EQ(date_of(" yesterday "), "yesterday");
  EXPECT_EQ(date_of("02/03/2022"), "02/03/2022");
}

TEST(GuessLanguageTest, FrenchEnglishOrNeither) {
  EXPECT_EQ(GuessLanguage("C’est un message étonnant qu’a publié dimanche l’ambassade des États-Unis à Moscou."), "fr");
  EXPECT_EQ(GuessLanguage("The embassy said it was closing the building out of an abundance of caution."), "en");
  EXPECT_EQ(GuessLanguage("Kyiv Moscou Washington OTAN"), "");                       // no stop word
  EXPECT_EQ(GuessLanguage("la maison et le jardin, the house and the garden"), "");  // 3 against 3
  EXPECT_EQ(GuessLanguage(""), "");
}

TEST(GuessLanguageTest, TenLanguagesByTheirStopWords) {
  EXPECT_EQ(GuessLanguage("Die Regierung hat am Montag entschieden, dass die Grenzen auf bleiben."), "de");
  EXPECT_EQ(GuessLanguage("El gobierno anunció que los hospitales ya están llenos y que hay más casos."), "es");
  EXPECT_EQ(GuessLanguage("Il governo ha detto che gli ospedali sono pieni e che il virus è ancora forte."), "it");
  EXPECT_EQ(GuessLanguage("O governo disse que não há vagas nos hospitais e que a situação é grave."), "pt");
  EXPECT_EQ(GuessLanguage("De regering heeft maandag besloten dat de grenzen open blijven voor het verkeer."), "nl");
  EXPECT_EQ(GuessLanguage("Rząd poinformował, że szpitale są pełne, ale sytuacja jest pod kontrolą."), "pl");
  EXPECT_EQ(GuessLanguage("Hükümet, hastanelerin dolu olduğunu ve vaka sayısının daha da arttığını açıkladı."), "tr");
  EXPECT_EQ(GuessLanguage("قال وزير الصحة إن المستشفيات في العاصمة ممتلئة بعد ارتفاع عدد الإصابات"), "ar");
}

TEST(GuessLanguageTest, WordsOfSeveralLanguagesCountForNone) {
  // "de", "la", "en", "que" and "il" are French and Spanish, Dutch or Italian
  // words: a French text is told by the words only French has.
  EXPECT_EQ(GuessLanguage("de la en que il"), "");
  EXPECT_EQ(GuessLanguage("Il y a de la neige en montagne et le col est fermé."), "fr");
  // A Spanish text with as many Portuguese as Spanish stop words: neither.
  EXPECT_EQ(GuessLanguage("los hospitales ya não têm uma vaga"), "");
}

TEST(GuessLanguageTest, CountsOnlySegments) {
  const std::string text = "the and of\nLa Russie et les États-Unis.";
  EXPECT_EQ(GuessLanguage(text), "");
  EXPECT_EQ(GuessLanguage(text, {Span{11, static_cast<uint32_t>(text.size())}}), "fr");
}

TEST(MakeArticleTest, FillsOutletSegmentsAndLang) {
  Article fields;
  fields.id = "a1";
  fields.url = "https://www.lemonde.fr/international/article/2022/02/21/x.html";
  fields.date = "21/02/2022";
  fields.text = "Share\nLes ministres se sont retrouvés à Genève.\n\nAucun accord n’a été trouvé pour la suite.\n";
  StatusOr<Article> article = MakeArticle(fields, ReadOptions{});
  ASSERT_TRUE(article.ok()) << article.status().message();
  EXPECT_EQ(article->outlet, "lemonde.fr");
  EXPECT_EQ(article->date, "2022-02-21");
  EXPECT_EQ(article->lang, "fr");
  EXPECT_EQ(article->text, fields.text);
  EXPECT_EQ(article->segments, (std::vector<Span>{{6, 50}, {52, 99}}));
  EXPECT_EQ(article->text.substr(52, 47), "Aucun accord n’a été trouvé pour la suite.");
}

TEST(MakeArticleTest, KeepsGivenOutletAndLang) {
  Article fields;
  fields.id = "a2";
  fields.outlet = "Le Monde";
  fields.url = "https://www.lemonde.fr/x";
  fields.lang = "EN";
  fields.text = "Un texte en français, mais la langue donnée l’emporte.";
  StatusOr<Article> article = MakeArticle(fields, ReadOptions{});
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->outlet, "Le Monde");
  EXPECT_EQ(article->lang, "en");
}

TEST(MakeArticleTest, RefusesBadText) {
  Article fields;
  fields.id = "bad";
  fields.text = std::string("caf\xE9 au lait");
  StatusOr<Article> article = MakeArticle(fields, ReadOptions{});
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(article.status().message(),
            "text is not valid UTF-8 at byte 3 (convert it first, e.g. iconv -f latin1 -t utf-8)");

  fields.text = "Share\n2022\n";
  article = MakeArticle(fields, ReadOptions{});
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.status().message(), "no content: the text is empty or only boilerplate");

  ReadOptions small;
  small.max_article_bytes = 10;
  fields.text = "Un texte un peu trop long.";
  article = MakeArticle(fields, small);
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.status().message(), "text is 26 bytes, over the limit of 10 bytes (max_article_bytes)");

  fields.text = "Un texte.";
  fields.title = std::string("\xFF");
  article = MakeArticle(fields, ReadOptions{});
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.status().message(),
            "field 'title' is not valid UTF-8 at byte 0 (convert it first, e.g. iconv -f latin1 -t utf-8)");
}

}  // namespace
}  // namespace parallax
