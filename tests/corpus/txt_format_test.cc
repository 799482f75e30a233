#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "parallax/corpus.h"

namespace parallax {
namespace {

// A scrape in the format of the real samples (written for this test): header
// line, title repeated, share buttons, a photo credit, a glued sentence, a
// timestamp, a teaser and a trailing lone number.
const std::string kScrape =
    " date 2022-03 https://www.example-news.fr/monde/2022/03/01/sommet-geneve_42.html\n"
    "\n"
    "Sommet à Genève : les ministres se quittent sans accord\n"
    "\n"
    "Sommet à Genève : les ministres se quittent sans accord\n"
    "\n"
    "Share on facebook\n"
    "Share on twitter\n"
    "Share on email\n"
    "\n"
    "Les ministres des Affaires étrangères se sont retrouvés mardi à Genève pour une réunion de deux heures.\n"
    "\n"
    "Jean Dupont | Actualités Getty Images | Getty Images\n"
    "\n"
    "Aucune date n’a été fixée.Les discussions reprendront « dans les prochaines semaines ».\n"
    "\n"
    "2022-03-01T18:05+0100\n"
    "\n"
    "Vous aimerez aussi\n"
    "\n"
    "412\n";

std::vector<std::string> SegmentStrings(const Article& article) {
  std::vector<std::string> out;
  for (const Span& s : article.segments) out.push_back(article.text.substr(s.begin, s.size()));
  return out;
}

TEST(TxtFormatTest, ParsesScrapeWithHeader) {
  StatusOr<Article> article = ParseTxtArticle("000_sommet", kScrape, ReadOptions{});
  ASSERT_TRUE(article.ok()) << article.status().message();
  EXPECT_EQ(article->id, "000_sommet");
  EXPECT_EQ(article->title, "Sommet à Genève : les ministres se quittent sans accord");
  EXPECT_EQ(article->date, "2022-03");
  EXPECT_EQ(article->url, "https://www.example-news.fr/monde/2022/03/01/sommet-geneve_42.html");
  EXPECT_EQ(article->outlet, "example-news.fr");
  EXPECT_EQ(article->lang, "fr");
  EXPECT_EQ(article->text, kScrape);  // kept exactly as read
  EXPECT_EQ(SegmentStrings(*article),
            (std::vector<std::string>{
                "Sommet à Genève : les ministres se quittent sans accord",
                "Les ministres des Affaires étrangères se sont retrouvés mardi à Genève pour une réunion de deux "
                "heures.",
                "Aucune date n’a été fixée.Les discussions reprendront « dans les prochaines semaines ».",
            }));
}

TEST(TxtFormatTest, SegmentsPointIntoTheOriginalBytes) {
  StatusOr<Article> article = ParseTxtArticle("x", kScrape, ReadOptions{});
  ASSERT_TRUE(article.ok());
  ASSERT_EQ(article->segments.size(), 3u);
  // The title segment is the first occurrence (line 3), not the repeat on line 5.
  EXPECT_EQ(article->segments[0].begin, kScrape.find("Sommet"));
  EXPECT_EQ(article->segments[1].begin, kScrape.find("Les ministres"));
  EXPECT_EQ(article->segments[2].begin, kScrape.find("Aucune date"));
  EXPECT_EQ(article->segments[2].end, kScrape.find("\n", kScrape.find("Aucune date")));
  for (size_t i = 1; i < article->segments.size(); ++i) {
    EXPECT_LT(article->segments[i - 1].end, article->segments[i].begin);
  }
}

TEST(TxtFormatTest, NoHeaderFirstLineIsTitle) {
  const std::string text =
      "Putin signals talks will go on\n\nShare Post:\n\nThe Kremlin said on Monday that it was ready.\n";
  StatusOr<Article> article = ParseTxtArticle("003", text, ReadOptions{});
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->title, "Putin signals talks will go on");
  EXPECT_EQ(article->date, "");
  EXPECT_EQ(article->url, "");
  EXPECT_EQ(article->outlet, "");
  EXPECT_EQ(article->lang, "en");
  EXPECT_EQ(SegmentStrings(*article), (std::vector<std::string>{"Putin signals talks will go on",
                                                                "The Kremlin said on Monday that it was ready."}));
}

TEST(TxtFormatTest, LenientHeaderBomAndCrlf) {
  const std::string text =
      "\xEF\xBB\xBF"
      "date 2022-02-21 fr.sputniknews.com/20220221/x.html\r\n\r\nTitre\r\nCorps du texte.\r\n";
  StatusOr<Article> article = ParseTxtArticle("bom", text, ReadOptions{});
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->date, "2022-02-21");
  EXPECT_EQ(article->outlet, "fr.sputniknews.com");
  EXPECT_EQ(article->title, "Titre");
  ASSERT_EQ(article->segments.size(), 2u);
  EXPECT_EQ(article->segments[0].begin, text.find("Titre"));
  EXPECT_EQ(article->segments[1].end, text.find(".\r\n") + 1);
}

TEST(TxtFormatTest, TitleStartingWithDateIsNotAHeader) {
  const std::string text = "Date 2024 : ce qui change au 1er janvier\nLe texte.\n";
  StatusOr<Article> article = ParseTxtArticle("d", text, ReadOptions{});
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->title, "Date 2024 : ce qui change au 1er janvier");
  EXPECT_EQ(article->date, "");
}

TEST(TxtFormatTest, HeaderOnlyHasNoContent) {
  StatusOr<Article> article = ParseTxtArticle("h", " date 2022-02 https://example.com/x\n\n", ReadOptions{});
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(article.status().message(), "no content: the text is empty or only boilerplate");
}

}  // namespace
}  // namespace parallax
