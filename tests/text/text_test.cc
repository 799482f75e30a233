#include <gtest/gtest.h>
#include <sentencepiece_processor.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
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

// The texts of data/corpus: real typography (no-break spaces, curly quotes,
// guillemets), read whole, JSON lines as they are.
std::vector<std::string> SampleTexts() {
  std::vector<std::string> texts;
  const std::filesystem::path dir = std::filesystem::path(PARALLAX_SOURCE_DIR) / "data" / "corpus";
  std::ifstream jsonl(dir / "articles.jsonl");
  for (std::string line; std::getline(jsonl, line);) texts.push_back(line);
  std::vector<std::filesystem::path> files;  // sorted: the same training sample every run
  for (const auto& entry : std::filesystem::directory_iterator(dir / "txt")) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream whole;
    whole << in.rdbuf();
    texts.push_back(whole.str());
  }
  return texts;
}

std::vector<Token> TokensOf(const Tokenizer& tok, std::string_view text) {
  std::vector<Token> tokens;
  tok.Encode(text, Span{0, static_cast<uint32_t>(text.size())}, &tokens);
  return tokens;
}

bool SameTokens(const std::vector<Token>& a, const std::vector<Token>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].begin != b[i].begin || a[i].end != b[i].end) return false;
  }
  return true;
}

// Whitespace a token must not start with (Encode's own list).
bool StartsWithSpace(std::string_view s) {
  if (s.empty()) return false;
  const unsigned char c = s[0];
  if (c == ' ' || (c >= '\t' && c <= '\r')) return true;
  if (s.substr(0, 2) == "\u00a0") return true;
  return s.size() >= 3 && c == 0xE2 && static_cast<unsigned char>(s[1]) == 0x80 &&
         (static_cast<unsigned char>(s[2]) <= 0x8A || static_cast<unsigned char>(s[2]) == 0xAF);
}

class WordByWordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    texts_ = new std::vector<std::string>(SampleTexts());
    ASSERT_GE(texts_->size(), 40u);
    std::vector<std::string_view> views(texts_->begin(), texts_->end());
    TokenizerOptions options;
    options.vocab_size = 2000;
    auto tok = Tokenizer::Train(views, options);
    ASSERT_TRUE(tok.ok()) << tok.status().ToString();
    tokenizer_ = new Tokenizer(std::move(tok).value());
  }
  static void TearDownTestSuite() {
    delete tokenizer_;
    delete texts_;
  }
  static std::vector<std::string>* texts_;
  static Tokenizer* tokenizer_;
};
std::vector<std::string>* WordByWordTest::texts_ = nullptr;
Tokenizer* WordByWordTest::tokenizer_ = nullptr;

// The tokens of each word (maximal run of bytes other than ' '), by the
// offset where the word starts.
std::map<uint32_t, std::vector<Token>> ByWord(std::string_view text, const std::vector<Token>& tokens) {
  std::map<uint32_t, std::vector<Token>> words;
  for (const Token& t : tokens) {
    const size_t space = text.rfind(' ', t.begin);
    words[space == std::string_view::npos ? 0 : static_cast<uint32_t>(space + 1)].push_back(t);
  }
  return words;
}

// Encode goes word by word (pieces never cross a space): in every word it must
// find the pieces sentencepiece finds in the whole text, at the same offsets,
// or, where two segmentations score the same ("w|ww" and "ww|w" in "www"),
// one as good: the whole text breaks such ties by rounding, which depends on
// what came before; word by word, a word always gets the same pieces.
TEST_F(WordByWordTest, GivesSentencepiecesSegmentationOfEachWord) {
  sentencepiece::SentencePieceProcessor whole;
  ASSERT_TRUE(whole.LoadFromSerializedProto(tokenizer_->Serialize()).ok());
  const uint32_t vocab = static_cast<uint32_t>(tokenizer_->vocab_size());
  size_t words = 0, same = 0;
  for (const std::string& text : *texts_) {
    sentencepiece::ImmutableSentencePieceText expected;
    ASSERT_TRUE(whole.Encode(text, expected.mutable_proto()).ok());
    std::vector<Token> want;
    for (const auto& piece : expected.pieces()) {
      uint32_t begin = piece.begin();
      while (begin < piece.end() && StartsWithSpace(std::string_view(text).substr(begin))) {
        const auto lead = static_cast<unsigned char>(text[begin]);
        begin += lead < 0x80 ? 1 : lead == 0xC2 ? 2 : 3;
      }
      if (begin < piece.end()) want.push_back(Token{piece.id(), begin, piece.end()});
    }
    const auto got_words = ByWord(text, TokensOf(*tokenizer_, text));
    const auto want_words = ByWord(text, want);
    ASSERT_EQ(got_words.size(), want_words.size()) << text.substr(0, 80);
    for (auto got = got_words.begin(), w = want_words.begin(); got != got_words.end(); ++got, ++w) {
      ++words;
      ASSERT_EQ(got->first, w->first);
      const std::vector<Token>& g = got->second;
      const std::vector<Token>& e = w->second;
      ASSERT_EQ(g.front().begin, e.front().begin) << text.substr(w->first, 40);
      ASSERT_EQ(g.back().end, e.back().end) << text.substr(w->first, 40);
      bool identical = g.size() == e.size();
      for (size_t i = 0; identical && i < g.size(); ++i) {
        // Unknown pieces get ids past the vocabulary, derived from their bytes.
        const bool unknown = whole.IsUnknown(static_cast<int>(e[i].id));
        identical = g[i].begin == e[i].begin && g[i].end == e[i].end &&
                    (unknown ? g[i].id >= vocab : g[i].id == e[i].id);
      }
      if (identical) {
        ++same;
        continue;
      }
      float got_score = 0, want_score = 0;
      for (const Token& t : g) {
        ASSERT_LT(t.id, vocab) << text.substr(w->first, 40);
        got_score += whole.GetScore(static_cast<int>(t.id));
      }
      for (const Token& t : e) want_score += whole.GetScore(static_cast<int>(t.id));
      EXPECT_NEAR(got_score, want_score, 1e-4) << text.substr(w->first, 40);
    }
  }
  EXPECT_GT(words, 12000u);
  EXPECT_GT(same, words * 99 / 100);  // 0.25% are ties
}

TEST_F(WordByWordTest, HandlesEveryKindOfSpaceAndLongWords) {
  // Runs of spaces, tabs, line breaks, no-break and narrow no-break spaces,
  // a word of 25 bytes and one of many pieces (past what the cache keeps).
  const std::string text =
      "  Le\tport  de\n\nPort-Mérac\u00a0: 12\u202f500 dockers \u00ab\u00a0en grève\u00a0\u00bb "
      "anticonstitutionnellement xqzjvkwpxqzjvkwpzz ";
  const std::vector<Token> cold = TokensOf(*tokenizer_, text);
  ASSERT_FALSE(cold.empty());
  for (const Token& t : cold) {
    EXPECT_LT(t.begin, t.end);
    EXPECT_FALSE(StartsWithSpace(std::string_view(text).substr(t.begin, t.end - t.begin)))
        << text.substr(t.begin, t.end - t.begin);
  }
  EXPECT_EQ(text.substr(cold.back().end - 2, 2), "zz");
  EXPECT_TRUE(SameTokens(TokensOf(*tokenizer_, text), cold));  // from the cache now
  // Offsets are into the whole text when encoding a span of it.
  std::vector<Token> span_tokens;
  tokenizer_->Encode("xx " + text, Span{3, static_cast<uint32_t>(text.size() + 3)}, &span_tokens);
  ASSERT_EQ(span_tokens.size(), cold.size());
  for (size_t i = 0; i < cold.size(); ++i) EXPECT_EQ(span_tokens[i].begin, cold[i].begin + 3);
}

// The cache must never change an answer: the same text gives the same tokens
// with the cache cold, warm, after many other words evicted its entries,
// from another thread, and from a freshly loaded copy of the model.
TEST_F(WordByWordTest, TheCacheNeverChangesTheTokens) {
  std::vector<std::vector<Token>> first;
  for (const std::string& text : *texts_) first.push_back(TokensOf(*tokenizer_, text));
  for (size_t i = 0; i < texts_->size(); ++i) EXPECT_TRUE(SameTokens(TokensOf(*tokenizer_, (*texts_)[i]), first[i]));

  std::string many_words;  // 300,000 words of a few pieces: more than the cache holds
  for (int i = 0; i < 300000; ++i) {
    for (int rest = i; rest > 0; rest /= 26) many_words += static_cast<char>('a' + rest % 26);
    many_words += ' ';
  }
  std::vector<Token> scratch;
  tokenizer_->Encode(many_words, Span{0, static_cast<uint32_t>(many_words.size())}, &scratch);
  EXPECT_GT(scratch.size(), 300000u);
  for (size_t i = 0; i < texts_->size(); ++i) EXPECT_TRUE(SameTokens(TokensOf(*tokenizer_, (*texts_)[i]), first[i]));
  tokenizer_->ReleaseWordCaches();
  std::vector<std::vector<Token>> from_thread(texts_->size());
  std::thread other([&] {
    for (size_t i = 0; i < texts_->size(); ++i) from_thread[i] = TokensOf(*tokenizer_, (*texts_)[i]);
  });
  for (size_t i = 0; i < texts_->size(); ++i) EXPECT_TRUE(SameTokens(TokensOf(*tokenizer_, (*texts_)[i]), first[i]));
  other.join();
  auto copy = Tokenizer::Deserialize(tokenizer_->Serialize());
  ASSERT_TRUE(copy.ok());
  for (size_t i = 0; i < texts_->size(); ++i) {
    EXPECT_TRUE(SameTokens(from_thread[i], first[i]));
    EXPECT_TRUE(SameTokens(TokensOf(*copy, (*texts_)[i]), first[i]));
  }
}

}  // namespace
}  // namespace parallax
