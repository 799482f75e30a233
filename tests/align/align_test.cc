#include "parallax/align.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace parallax {
namespace {

// Splits texts on spaces; a word's id is its index in a vocabulary shared by
// both texts, its span the word's bytes.
class Vocab {
 public:
  TokenizedText Tokenize(const std::string& text) {
    TokenizedText out;
    out.text = text;
    std::vector<Token>& tokens = storage_.emplace_back();  // TokenizedText only views tokens
    size_t pos = 0;
    while (pos < text.size()) {
      if (text[pos] == ' ') {
        ++pos;
        continue;
      }
      size_t end = text.find(' ', pos);
      if (end == std::string::npos) end = text.size();
      tokens.push_back(Token{Id(text.substr(pos, end - pos)), static_cast<uint32_t>(pos),
                                 static_cast<uint32_t>(end)});
      pos = end;
    }
    out.tokens = tokens;
    return out;
  }

  // Like sentencepiece: words cut into pieces of up to 3 bytes; a word's first
  // piece carries the space before it, in its id and its span.
  TokenizedText TokenizeSubwords(const std::string& text) {
    TokenizedText out;
    out.text = text;
    std::vector<Token>& tokens = storage_.emplace_back();  // TokenizedText only views tokens
    size_t pos = 0;
    while (pos < text.size()) {
      size_t start = pos;
      while (pos < text.size() && text[pos] == ' ') ++pos;
      if (pos == text.size()) break;
      if (pos > start) start = pos - 1;  // keep one leading space
      size_t end = text.find(' ', pos);
      if (end == std::string::npos) end = text.size();
      for (size_t piece = pos; piece < end; piece += 3) {
        const size_t from = piece == pos ? start : piece;
        const size_t to = std::min(piece + 3, end);
        tokens.push_back(Token{Id(text.substr(from, to - from)), static_cast<uint32_t>(from),
                                   static_cast<uint32_t>(to)});
      }
      pos = end;
    }
    out.tokens = tokens;
    return out;
  }

 private:
  uint32_t Id(const std::string& word) {
    return ids_.emplace(word, static_cast<uint32_t>(ids_.size())).first->second;
  }
  std::unordered_map<std::string, uint32_t> ids_;
  std::deque<std::vector<Token>> storage_;  // stable addresses for the returned views
};

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) words.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return words;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// "prefix0 prefix1 ... prefix<count-1>": words found nowhere else.
std::string Words(const std::string& prefix, int count) {
  std::vector<std::string> words;
  for (int i = 0; i < count; ++i) words.push_back(prefix + std::to_string(i));
  return Join(words);
}

// The byte span of the first occurrence of `part` in `text`.
Span SpanOf(const std::string& text, const std::string& part, size_t from = 0) {
  const size_t pos = text.find(part, from);
  EXPECT_NE(pos, std::string::npos) << part;
  return Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + part.size())};
}

// 40 words, no 5-gram repeated.
const std::string kPassage =
    "Le gouvernement a annoncé un plan de soutien de deux milliards d'euros pour les "
    "agriculteurs touchés par la sécheresse, a indiqué le ministre lors d'une conférence de "
    "presse à Paris, précisant que les aides seraient versées dès le mois prochain.";
const std::string kPrefixA =
    "Les marchés européens ont ouvert en hausse ce matin après la publication de chiffres "
    "encourageants sur l'emploi aux États-Unis.";
const std::string kSuffixA =
    "Par ailleurs, la saison touristique s'annonce record dans le sud du pays selon les "
    "professionnels du secteur.";
const std::string kPrefixB =
    "Dans un communiqué publié hier soir, la fédération nationale des exploitants a salué une "
    "décision attendue depuis longtemps par toute la profession.";
const std::string kSuffixB =
    "Les syndicats restent toutefois prudents et demandent des garanties sur le calendrier.";

std::string Embed(const std::string& prefix, const std::string& body, const std::string& suffix) {
  return prefix + " " + body + " " + suffix;
}

void ExpectWellFormed(const std::vector<Passage>& passages, const TokenizedText& a,
                      const TokenizedText& b) {
  for (size_t k = 0; k < passages.size(); ++k) {
    const Passage& p = passages[k];
    EXPECT_LT(p.a.begin, p.a.end);
    EXPECT_LT(p.b.begin, p.b.end);
    EXPECT_GT(p.score, 0.0f);
    EXPECT_LE(p.score, 1.0f);
    EXPECT_NE(p.kind, PassageKind::kParaphrase);
    if (k > 0) EXPECT_LE(passages[k - 1].a.end, p.a.begin) << "passages overlap in A";
    const auto starts = [](const TokenizedText& t, uint32_t at) {
      return std::any_of(t.tokens.begin(), t.tokens.end(), [at](const Token& x) { return x.begin == at; });
    };
    const auto ends = [](const TokenizedText& t, uint32_t at) {
      return std::any_of(t.tokens.begin(), t.tokens.end(), [at](const Token& x) { return x.end == at; });
    };
    EXPECT_TRUE(starts(a, p.a.begin) && ends(a, p.a.end));
    EXPECT_TRUE(starts(b, p.b.begin) && ends(b, p.b.end));
  }
}

TEST(AlignTest, PassageKindNames) {
  EXPECT_STREQ(PassageKindName(PassageKind::kVerbatim), "verbatim");
  EXPECT_STREQ(PassageKindName(PassageKind::kEdited), "edited");
  EXPECT_STREQ(PassageKindName(PassageKind::kParaphrase), "paraphrase");
}

TEST(AlignTest, IdenticalTextsGiveOneVerbatimPassage) {
  Vocab vocab;
  const std::string text = Embed(kPrefixA, kPassage, kSuffixA);
  const TokenizedText a = vocab.Tokenize(text);
  const TokenizedText b = vocab.Tokenize(text);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].a, (Span{0, static_cast<uint32_t>(text.size())}));
  EXPECT_EQ(passages[0].b, (Span{0, static_cast<uint32_t>(text.size())}));
  EXPECT_EQ(passages[0].kind, PassageKind::kVerbatim);
  EXPECT_FLOAT_EQ(passages[0].score, 1.0f);
}

TEST(AlignTest, VerbatimPassageEmbeddedAtDifferentOffsets) {
  Vocab vocab;
  const std::string text_a = Embed(kPrefixA, kPassage, kSuffixA);
  const std::string text_b = Embed(kPrefixB, kPassage, kSuffixB);
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a, kPassage));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, kPassage));
  EXPECT_EQ(passages[0].kind, PassageKind::kVerbatim);
  EXPECT_FLOAT_EQ(passages[0].score, 1.0f);
}

TEST(AlignTest, SubwordSpansIncludeTheLeadingSpace) {
  Vocab vocab;
  const std::string text_a = Embed(kPrefixA, kPassage, kSuffixA);
  const std::string text_b = Embed(kPrefixB, kPassage, kSuffixB);
  const TokenizedText a = vocab.TokenizeSubwords(text_a);
  const TokenizedText b = vocab.TokenizeSubwords(text_b);
  ASSERT_GT(a.tokens.size(), SplitWords(text_a).size() * 3 / 2);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 1u);
  Span span_a = SpanOf(text_a, kPassage);
  Span span_b = SpanOf(text_b, kPassage);
  --span_a.begin;  // the space before "Le"
  --span_b.begin;
  EXPECT_EQ(passages[0].a, span_a);
  EXPECT_EQ(passages[0].b, span_b);
  EXPECT_EQ(passages[0].kind, PassageKind::kVerbatim);
  ExpectWellFormed(passages, a, b);
}

TEST(AlignTest, LightEditsGiveOneEditedPassage) {
  std::vector<std::string> words = SplitWords(kPassage);
  ASSERT_EQ(words.size(), 40u);
  std::vector<std::string> edited = words;
  edited[12] = "envers";                        // a word changed
  edited.insert(edited.begin() + 21, "aussi");  // inserted after word 20
  edited.erase(edited.begin() + 31);            // word 30 dropped
  const std::string passage_b = Join(edited);
  const std::string text_a = Embed(kPrefixA, kPassage, kSuffixA);
  const std::string text_b = Embed(kPrefixB, passage_b, kSuffixB);
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a, kPassage));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, passage_b));
  EXPECT_EQ(passages[0].kind, PassageKind::kEdited);
  // Matched: words 0-11, 13-20, 21-29, 31-39 = 38 of 40.
  EXPECT_FLOAT_EQ(passages[0].score, 38.0f / 40.0f);
}

TEST(AlignTest, SplitSentenceAndRepunctuatedQuoteGiveOneEditedPassage) {
  // Punctuation as separate tokens, as sentencepiece mostly cuts it.
  const std::string passage_a =
      "Le ministre a déclaré jeudi : « nous ne céderons pas face aux pressions des lobbies » , "
      "a -t-il ajouté , avant de quitter la salle sous les applaudissements de ses partisans "
      "réunis dans la capitale .";
  const std::string passage_b =
      "Le ministre a déclaré jeudi : \" nous ne céderons pas face aux pressions des lobbies \" . "
      "Il a ajouté cela avant de quitter la salle sous les applaudissements de ses partisans "
      "réunis dans la capitale .";
  const std::string text_a = Embed(kPrefixA, passage_a, kSuffixA);
  const std::string text_b = Embed(kPrefixB, passage_b, kSuffixB);
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a, passage_a));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, passage_b));
  EXPECT_EQ(passages[0].kind, PassageKind::kEdited);
  // 38 tokens in A; matched: 6 before «, 9 inside the quote, 16 after "ajouté ,".
  EXPECT_FLOAT_EQ(passages[0].score, 31.0f / 38.0f);
}

TEST(AlignTest, HeavyEditsStillFoundAsOnePassage) {
  std::vector<std::string> words = SplitWords(Words("mot", 60));
  std::vector<std::string> edited = words;
  for (size_t i = 5; i < edited.size(); i += 6) edited[i] = "autre" + std::to_string(i);
  const std::string passage_a = Join(words);
  const std::string passage_b = Join(edited);
  const std::string text_a = Embed(Words("x", 30), passage_a, Words("y", 30));
  const std::string text_b = Embed(Words("u", 7), passage_b, Words("v", 50));
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 1u);
  // Word 59 is changed, so the passage ends at word 58 ("mot58").
  const std::string through_58 = passage_a.substr(0, passage_a.find(" mot59"));
  const std::string through_58_b = passage_b.substr(0, passage_b.find(" autre59"));
  EXPECT_EQ(passages[0].a, SpanOf(text_a, through_58));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, through_58_b));
  EXPECT_EQ(passages[0].kind, PassageKind::kEdited);
  // 59 words, 9 of them changed (5, 11, ..., 53).
  EXPECT_FLOAT_EQ(passages[0].score, 50.0f / 59.0f);
}

TEST(AlignTest, ReorderedParagraphsAreEachFoundInPlace) {
  const std::string p1 = Words("alpha", 25);
  const std::string p2 = Words("beta", 30);
  const std::string text_a = Words("a", 12) + " " + p1 + " " + Words("b", 20) + " " + p2 + " " + Words("c", 5);
  const std::string text_b = Words("d", 3) + " " + p2 + " " + Words("e", 40) + " " + p1 + " " + Words("f", 9);
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a, p1));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, p1));
  EXPECT_EQ(passages[1].a, SpanOf(text_a, p2));
  EXPECT_EQ(passages[1].b, SpanOf(text_b, p2));
  EXPECT_EQ(passages[0].kind, PassageKind::kVerbatim);
  EXPECT_EQ(passages[1].kind, PassageKind::kVerbatim);
}

TEST(AlignTest, SwappedAdjacentParagraphsAreNotMerged) {
  const std::string p1 = Words("alpha", 25);
  const std::string p2 = Words("beta", 30);
  const std::string text_a = p1 + " " + p2;
  const std::string text_b = p2 + " " + p1;
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a, p1));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, p1));
  EXPECT_EQ(passages[1].a, SpanOf(text_a, p2));
  EXPECT_EQ(passages[1].b, SpanOf(text_b, p2));
}

TEST(AlignTest, ShortPassagesAreDropped) {
  const std::string nine = Words("court", 9);
  const std::string ten = Words("juste", 10);
  Vocab vocab;
  const std::string text_a1 = Embed(Words("a", 20), nine, Words("b", 20));
  const std::string text_b1 = Embed(Words("c", 15), nine, Words("d", 20));
  EXPECT_TRUE(AlignPassages(vocab.Tokenize(text_a1), vocab.Tokenize(text_b1)).empty());

  const std::string text_a2 = Embed(Words("a", 20), ten, Words("b", 20));
  const std::string text_b2 = Embed(Words("c", 15), ten, Words("d", 20));
  const TokenizedText a = vocab.Tokenize(text_a2);
  const TokenizedText b = vocab.Tokenize(text_b2);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a2, ten));
  EXPECT_EQ(passages[0].b, SpanOf(text_b2, ten));

  AlignOptions strict;
  strict.min_passage_tokens = 11;
  EXPECT_TRUE(AlignPassages(a, b, strict).empty());
}

TEST(AlignTest, UnrelatedTextsShareNothing) {
  Vocab vocab;
  const std::string text_a = kPrefixA + " " + kSuffixA;
  const std::string text_b = kPrefixB + " " + kSuffixB;
  EXPECT_TRUE(AlignPassages(vocab.Tokenize(text_a), vocab.Tokenize(text_b)).empty());
}

TEST(AlignTest, EmptyAndTinyInputs) {
  Vocab vocab;
  const std::string empty;
  const std::string tiny = "un deux trois";
  const std::string text = Embed(kPrefixA, kPassage, kSuffixA);
  const TokenizedText e = vocab.Tokenize(empty);
  const TokenizedText t = vocab.Tokenize(tiny);
  const TokenizedText full = vocab.Tokenize(text);
  EXPECT_TRUE(AlignPassages(e, e).empty());
  EXPECT_TRUE(AlignPassages(e, full).empty());
  EXPECT_TRUE(AlignPassages(full, e).empty());
  EXPECT_TRUE(AlignPassages(t, t).empty());
  EXPECT_TRUE(AlignPassages(t, full).empty());
}

TEST(AlignTest, TextRepeatedInAGivesDisjointPassages) {
  const std::string text_a = Embed(kPassage, Words("milieu", 15), kPassage);
  const std::string text_b = Embed(kPrefixB, kPassage, kSuffixB);
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a, kPassage));
  EXPECT_EQ(passages[1].a, SpanOf(text_a, kPassage, 1));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, kPassage));
  EXPECT_EQ(passages[1].b, SpanOf(text_b, kPassage));
  ExpectWellFormed(passages, a, b);
}

TEST(AlignTest, TextRepeatedInBIsReportedOnce) {
  const std::string text_a = Embed(kPrefixA, kPassage, kSuffixA);
  const std::string text_b = Embed(kPassage, Words("milieu", 30), kPassage);
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a, kPassage));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, kPassage));  // the earlier copy
}

TEST(AlignTest, OverlappingMatchesAreTrimmedToTheLongerOne) {
  // A = P1 P2. B holds P1, then far away the last 10 words of P1 followed by
  // P2: the longer match (tail of P1 + P2) keeps those 10 words of A.
  const std::vector<std::string> p1 = SplitWords(Words("alpha", 25));
  const std::string p1_head = Join({p1.begin(), p1.begin() + 15});
  const std::string p1_tail = Join({p1.begin() + 15, p1.end()});
  const std::string p2 = Words("beta", 30);
  const std::string text_a = Join(p1) + " " + p2;
  const std::string text_b = Join(p1) + " " + Words("loin", 40) + " " + p1_tail + " " + p2;
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a, p1_head));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, p1_head));
  const std::string tail_and_p2 = p1_tail + " " + p2;
  EXPECT_EQ(passages[1].a, SpanOf(text_a, tail_and_p2));
  EXPECT_EQ(passages[1].b, SpanOf(text_b, tail_and_p2));
  ExpectWellFormed(passages, a, b);
}

TEST(AlignTest, FrequentAnchorsAreSkippedButPassagesFound) {
  std::string noise;
  for (int i = 0; i < 300; ++i) noise += "la ";
  noise.pop_back();
  const std::string text_a = kPassage + " " + noise;
  const std::string text_b = noise + " " + kPassage;
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  const auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].a, SpanOf(text_a, kPassage));
  EXPECT_EQ(passages[0].b, SpanOf(text_b, kPassage));
  EXPECT_EQ(passages[0].kind, PassageKind::kVerbatim);
}

TEST(AlignTest, GapsWiderThanTheLimitSplitPassages) {
  const std::string p1 = Words("alpha", 20);
  const std::string p2 = Words("beta", 20);
  const std::string text_a = p1 + " " + p2;
  const std::string text_b = p1 + " " + Words("ajout", 25) + " " + p2;  // 25 > 20 inserted
  Vocab vocab;
  const TokenizedText a = vocab.Tokenize(text_a);
  const TokenizedText b = vocab.Tokenize(text_b);
  auto passages = AlignPassages(a, b);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0].b, SpanOf(text_b, p1));
  EXPECT_EQ(passages[1].b, SpanOf(text_b, p2));

  AlignOptions loose;
  loose.max_gap_tokens = 25;
  passages = AlignPassages(a, b, loose);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].a, (Span{0, static_cast<uint32_t>(text_a.size())}));
  EXPECT_EQ(passages[0].b, (Span{0, static_cast<uint32_t>(text_b.size())}));
  EXPECT_EQ(passages[0].kind, PassageKind::kEdited);
  EXPECT_FLOAT_EQ(passages[0].score, 1.0f);  // every token of A matched
}

// Random texts sharing edited passages: whatever is found must be well formed,
// and every shared passage must be found.
TEST(AlignTest, RandomTextsGiveWellFormedPassages) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 200; ++round) {
    std::uniform_int_distribution<int> word(0, 60);  // small vocabulary: chance matches
    std::vector<std::string> wa, wb;
    for (int i = 0; i < 300; ++i) wa.push_back("w" + std::to_string(word(rng)));
    for (int i = 0; i < 250; ++i) wb.push_back("w" + std::to_string(word(rng)));
    std::vector<std::string> shared;
    for (int i = 0; i < 30; ++i) shared.push_back("s" + std::to_string(round) + "_" + std::to_string(i));
    std::vector<std::string> shared_b = shared;
    shared_b[10 + rng() % 10] = "changed";
    wa.insert(wa.begin() + rng() % wa.size(), shared.begin(), shared.end());
    wb.insert(wb.begin() + rng() % wb.size(), shared_b.begin(), shared_b.end());
    const std::string text_a = Join(wa);
    const std::string text_b = Join(wb);
    Vocab vocab;
    const TokenizedText a = vocab.Tokenize(text_a);
    const TokenizedText b = vocab.Tokenize(text_b);
    const auto passages = AlignPassages(a, b);
    ExpectWellFormed(passages, a, b);
    const Span want = SpanOf(text_a, Join(shared));
    EXPECT_TRUE(std::any_of(passages.begin(), passages.end(), [&want](const Passage& p) {
      return p.a.begin <= want.begin && p.a.end >= want.end;
    })) << "round " << round;
  }
}

}  // namespace
}  // namespace parallax
