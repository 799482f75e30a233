#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parallax/tokenizer.h"

namespace parallax {
namespace {

std::vector<std::string> Sentences(const std::string& text) {
  std::vector<Span> spans;
  SplitSentences(text, Span{0, static_cast<uint32_t>(text.size())}, &spans);
  std::vector<std::string> out;
  for (const Span& s : spans) out.push_back(text.substr(s.begin, s.size()));
  return out;
}

TEST(SentencesTest, SplitsOnFinalPunctuation) {
  EXPECT_EQ(Sentences("Le port est fermé. Les dockers votent! Et après? 3 jours passent."),
            (std::vector<std::string>{"Le port est fermé.", "Les dockers votent!", "Et après?", "3 jours passent."}));
}

TEST(SentencesTest, KeepsInitialsDecimalsAndLowercaseContinuations) {
  EXPECT_EQ(Sentences("M. Dupont a parlé. Le taux passe à 3.5 pour cent. U.S. officials agreed. etc. suite"),
            (std::vector<std::string>{"M. Dupont a parlé.", "Le taux passe à 3.5 pour cent.",
                                      "U.S. officials agreed. etc. suite"}));
}

TEST(SentencesTest, SplitsGluedScrapesAndKeepsClosingQuotes) {
  EXPECT_EQ(Sentences("pas au courant.L’ambassade conseille « la prudence. » Élus et maires se taisent."),
            (std::vector<std::string>{"pas au courant.", "L’ambassade conseille « la prudence. »",
                                      "Élus et maires se taisent."}));
}

TEST(SentencesTest, OffsetsAreIntoTheWholeText) {
  const std::string text = "HEADER\nOne. Two.";
  std::vector<Span> spans;
  SplitSentences(text, Span{7, static_cast<uint32_t>(text.size())}, &spans);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (Span{7, 11}));
  EXPECT_EQ(spans[1], (Span{12, 16}));
}

class TokenizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    corpus_ = new std::vector<std::string>;
    const char* base[] = {
        "Les dockers du port de Marseille ont voté la grève pour trois jours.",
        "The dockers of the port voted for a three-day strike on Monday.",
        "Le ministre a appelé au calme et promis une réunion avec les syndicats.",
        "The minister called for calm and promised a meeting with the unions.",
        "La banque centrale a relevé son taux directeur de 0,25 point.",
        "The central bank raised its key rate by a quarter of a point.",
    };
    for (int i = 0; i < 40; ++i) {
      for (const char* s : base) corpus_->push_back(std::string(s) + " " + std::to_string(i * 7));
    }
  }
  static void TearDownTestSuite() { delete corpus_; }
  static std::vector<std::string>* corpus_;
};
std::vector<std::string>* TokenizerTest::corpus_ = nullptr;

TEST_F(TokenizerTest, TrainsOnASmallCorpusAndKeepsOffsets) {
  std::vector<std::string_view> views(corpus_->begin(), corpus_->end());
  TokenizerOptions options;
  options.vocab_size = 8000;  // far too many for this corpus: must adapt, not fail
  auto tok = Tokenizer::Train(views, options);
  ASSERT_TRUE(tok.ok()) << tok.status().ToString();
  EXPECT_GT(tok->vocab_size(), 50);
  EXPECT_LT(tok->vocab_size(), 8000);

  const std::string text = "xx Les DOCKERS de Marseille";
  std::vector<Token> tokens;
  tok->Encode(text, Span{3, static_cast<uint32_t>(text.size())}, &tokens);
  ASSERT_FALSE(tokens.empty());
  EXPECT_GE(tokens.front().begin, 3u);
  EXPECT_EQ(tokens.back().end, text.size());
  for (size_t i = 1; i < tokens.size(); ++i) EXPECT_LE(tokens[i - 1].end, tokens[i].begin);
  // Case folding: upper and lower case give the same ids.
  std::vector<Token> lower;
  const std::string lower_text = "xx les dockers de marseille";
  tok->Encode(lower_text, Span{3, static_cast<uint32_t>(lower_text.size())}, &lower);
  ASSERT_EQ(lower.size(), tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) EXPECT_EQ(lower[i].id, tokens[i].id);
}

TEST_F(TokenizerTest, RoundTripsAndRefusesGarbage) {
  std::vector<std::string_view> views(corpus_->begin(), corpus_->end());
  auto tok = Tokenizer::Train(views, TokenizerOptions{});
  ASSERT_TRUE(tok.ok());
  auto copy = Tokenizer::Deserialize(tok->Serialize());
  ASSERT_TRUE(copy.ok());
  const std::string text = "La banque centrale relève son taux 😀.";
  std::vector<Token> a, b;
  tok->Encode(text, Span{0, static_cast<uint32_t>(text.size())}, &a);
  copy->Encode(text, Span{0, static_cast<uint32_t>(text.size())}, &b);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].id, b[i].id);
  // The emoji is unknown to the model: it gets an id beyond the vocabulary.
  bool has_unknown = false;
  for (const Token& t : a) has_unknown |= t.id >= static_cast<uint32_t>(tok->vocab_size());
  EXPECT_TRUE(has_unknown);

  auto bad = Tokenizer::Deserialize("definitely not a model");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  EXPECT_FALSE(Tokenizer::Train({}, TokenizerOptions{}).ok());
}

}  // namespace
}  // namespace parallax
