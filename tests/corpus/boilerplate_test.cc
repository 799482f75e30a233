#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "corpus/corpus_internal.h"
#include "parallax/corpus.h"

namespace parallax {
namespace {

using corpus_internal::MatchBoilerplateRule;

std::vector<std::string> SegmentStrings(std::string_view text, const std::vector<Span>& segments) {
  std::vector<std::string> out;
  for (const Span& s : segments) out.emplace_back(text.substr(s.begin, s.size()));
  return out;
}

TEST(BoilerplateTest, StockLines) {
  for (std::string_view line :
       {"Share", "Share Post:", "Partager", "Tweet", "Email", "E-mail", "You might also enjoy", "Vous aimerez aussi",
        "VOUS AIMEREZ AUSSI", "Stay Connected", "More Updates", "À suivre", "Publicité", "Partager l’article"}) {
    EXPECT_EQ(MatchBoilerplateRule(line), "stock line") << line;
  }
}

TEST(BoilerplateTest, ShareButtonsAndTeasers) {
  EXPECT_EQ(MatchBoilerplateRule("Share on facebook"), "share button");
  EXPECT_EQ(MatchBoilerplateRule("Partager sur Twitter"), "share button");
  EXPECT_EQ(MatchBoilerplateRule("Lire aussi : Kiev sous les bombes"), "teaser");
  EXPECT_EQ(MatchBoilerplateRule("À lire aussi"), "teaser");
  EXPECT_EQ(MatchBoilerplateRule("A LIRE AUSSI - Le sommet de Genève"), "teaser");
  EXPECT_EQ(MatchBoilerplateRule("Read more: Putin signals talks"), "teaser");
  EXPECT_EQ(MatchBoilerplateRule("Read more…"), "teaser");
}

TEST(BoilerplateTest, PhotoCredits) {
  EXPECT_EQ(MatchBoilerplateRule("Sean Gallup | Actualités Getty Images | Getty Images"), "photo credit");
  EXPECT_EQ(MatchBoilerplateRule("John Smith/AFP"), "photo credit");
  EXPECT_EQ(MatchBoilerplateRule("Photo: Reuters"), "photo credit");
  EXPECT_EQ(MatchBoilerplateRule("(Photo AFP)"), "photo credit");
  EXPECT_EQ(MatchBoilerplateRule("Crédit photo : Jean Dupont"), "photo credit");
  EXPECT_EQ(MatchBoilerplateRule("Crédit\u00A0: Jean Dupont"), "photo credit");  // no-break space before ':'
  EXPECT_EQ(MatchBoilerplateRule("© AFP"), "photo credit");
  EXPECT_EQ(MatchBoilerplateRule("Vue de l’ambassade le 24 janvier 2022. (Photo de Sean Gallup/Getty Images)"),
            "photo credit");
}

TEST(BoilerplateTest, NumbersLinksAndDebris) {
  EXPECT_EQ(MatchBoilerplateRule("412"), "numbers only");
  EXPECT_EQ(MatchBoilerplateRule("2022-01-24T11:48+0100"), "numbers only");
  EXPECT_EQ(MatchBoilerplateRule("21.02.2022"), "numbers only");
  EXPECT_EQ(MatchBoilerplateRule("1920 1080 true"), "numbers only");
  EXPECT_EQ(MatchBoilerplateRule("https://cdn.example.com/img/1_0:270.jpg"), "link only");
  EXPECT_EQ(MatchBoilerplateRule("Jean Dupont https://cdn.example.com/img/07e4/09/08/avatar_100x100.jpg"), "link only");
  EXPECT_EQ(MatchBoilerplateRule("contact@example.com"), "link only");
  EXPECT_EQ(MatchBoilerplateRule("Photo by Jean Dupont https://cdn.example.com/img/07e4/09/08/avatar_100x100.jpg"),
            "link only");
  // Mostly URL bytes, but a sentence: content.
  EXPECT_EQ(MatchBoilerplateRule("Johnson's site is www.katyjohnson.com. Max's is www.tuckermax.com."), "");
  EXPECT_EQ(MatchBoilerplateRule("/html/head/meta[@name='og:title']/@content"), "markup debris");
  EXPECT_EQ(MatchBoilerplateRule("/meta/@content"), "markup debris");
  EXPECT_EQ(MatchBoilerplateRule("<br/>"), "markup debris");
  EXPECT_EQ(MatchBoilerplateRule("fr_FR"), "markup debris");
  EXPECT_EQ(MatchBoilerplateRule("***"), "no words");
  EXPECT_EQ(MatchBoilerplateRule("« »"), "no words");
}

TEST(BoilerplateTest, BylinesAndPublicationStamps) {
  EXPECT_EQ(MatchBoilerplateRule("By Global Newsdesk Daily staff, with Continental Wire | March 20, 2024 15:07 GMT"),
            "byline");
  EXPECT_EQ(MatchBoilerplateRule("Par la rédaction d'Info Express 24 avec Agence Franche Presse, publié le "
                                 "11/03/2024 à 14h52"),
            "byline");
  EXPECT_EQ(MatchBoilerplateRule("Par Info Express 24 avec Agence Franche Presse, le 19/03/2024 à 10h41"), "byline");
  EXPECT_EQ(MatchBoilerplateRule("Global Newsdesk Daily | Wire report | 15 March 2024, 11:20"), "byline");
  EXPECT_EQ(MatchBoilerplateRule("By Jane Doe | Updated 9:05 AM"), "byline");
  // Content that looks a little like one.
  for (std::string_view line : {"Par 68 voix contre 21, le budget 2024 est adopté.",
                                "Élections 2024 | Résultats | Le Monde", "By 2030, the port will be automated.", "By 10:30, the crowd had gathered.",
                                "By Jane Doe, 2024",
                                "Par la rédaction", "Rendez-vous à 18h30 | Place du marché"}) {
    EXPECT_EQ(MatchBoilerplateRule(line), "") << line;
  }
}

TEST(BoilerplateTest, KeepsShortRealText) {
  for (std::string_view line :
       {"Économie", "joe biden", "Lire", "Emails leaked", "Sharing the burden is hard.", "Tweeted at dawn",
        "Crédit Agricole a annoncé une hausse de ses résultats.", "Photographie de la guerre", "Le 24 février 2022",
        "Covid-19", "Lireaussi", "Situation dans le Donbass",
        "Il a écrit sur https://example.com que la réunion était reportée à une date inconnue.",
        "Suivez-nous sur twitter.com/@lemonde pour les dernières nouvelles."}) {
    EXPECT_EQ(MatchBoilerplateRule(line), "") << line;
  }
}

TEST(BoilerplateTest, TeaserPrefixOnlyOnShortLines) {
  // A glued scrape: the teaser is followed by the body, so the line is content.
  const std::string glued = "Lire aussi : Kiev sous les bombes." + std::string(400, 'x');
  EXPECT_EQ(MatchBoilerplateRule(glued), "");
}

TEST(ContentSegmentsTest, TrimsDropsAndDeduplicates) {
  const std::string text =
      "  Titre du jour \r\n"
      "\r\n"
      "\u00A0\r\n"  // a line holding only a no-break space
      "Titre du jour\r\n"
      "Share on facebook\r\n"
      "\tPremier paragraphe.\u00A0\r\n"
      "2022\r\n"
      "Dernier paragraphe.";
  const std::vector<Span> segments = ContentSegments(text);
  EXPECT_EQ(SegmentStrings(text, segments),
            (std::vector<std::string>{"Titre du jour", "Premier paragraphe.", "Dernier paragraphe."}));
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[0], (Span{2, 15}));
  EXPECT_EQ(segments[2].end, text.size());
}

TEST(ContentSegmentsTest, EmptyAndBoilerplateOnly) {
  EXPECT_TRUE(ContentSegments("").empty());
  EXPECT_TRUE(ContentSegments("\n \n\t\n").empty());
  EXPECT_TRUE(ContentSegments("Share\n412\nhttps://example.com/\n").empty());
}

TEST(ContentSegmentsTest, ByteOrderMarkIsNotContent) {
  const std::string text = "\xEF\xBB\xBFTitle\nBody.";
  const std::vector<Span> segments = ContentSegments(text);
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[0], (Span{3, 8}));
}

TEST(TextHelpersTest, TrimAndFold) {
  EXPECT_EQ(corpus_internal::TrimSpace(" \t\u00A0abc \u202F\r"), "abc");
  EXPECT_EQ(corpus_internal::TrimSpace("\u00A0"), "");
  EXPECT_EQ(corpus_internal::FoldCase("À LIRE Aussi\u00A0: l’ÉTÉ"), "à lire aussi : l'été");
}

}  // namespace
}  // namespace parallax
