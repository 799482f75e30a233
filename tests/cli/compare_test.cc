// `compare --json` on an article of data/corpus and copies of it written by
// the test: exact code-point and byte offsets of the shared passages.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"
#include "parallax/utf8.h"

namespace parallax {
namespace {

using cli_test::CodepointsBefore;
using cli_test::CorpusDir;
using cli_test::OnCharBoundary;
using cli_test::ReadFile;
using cli_test::RunParallax;
using cli_test::RunResult;
using nlohmann::json;
using testing_util::TempDir;

// Our own text around the copied paragraph: accents, curly quotes, no-break
// spaces and a 4-byte emoji, so that code-point and byte offsets differ.
const char kTitle[] = "Chronique locale \xF0\x9F\x94\xA5 Saint-\xC3\x89\x62re";  // "🔥 Saint-Ébre"
const char kOwnParagraph[] =
    "La m\xC3\xA9\x64iath\xC3\xA8que de Saint-\xC3\x89\x62re rouvre ses portes apr\xC3\xA8s huit mois de travaux : "
    "\xC2\xAB\xC2\xA0un lieu pour tous\xC2\xA0\xC2\xBB, promet l\xE2\x80\x99\xC3\xA9quipe \xE2\x80\x94 "
    "caf\xC3\xA9, salle d\xE2\x80\x99\xC3\xA9tude et ateliers num\xC3\xA9riques \xF0\x9F\x93\x9A compris !";
const char kClosingParagraph[] =
    "Sur le march\xC3\xA9 du samedi, quarante exposants proposent d\xC3\xA9sormais fromages, miel et "
    "l\xC3\xA9gumes de saison.";

class CompareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_path_ = CorpusDir() + "/txt/ev5-afp-0319.txt";
    source_ = ReadFile(source_path_);
    ASSERT_FALSE(source_.empty());
    // Paragraphs are separated by blank lines; the copied one is a body paragraph.
    size_t start = 0;
    while (start < source_.size()) {
      size_t end = source_.find("\n\n", start);
      if (end == std::string::npos) end = source_.size();
      const std::string paragraph = source_.substr(start, end - start);
      if (paragraph.rfind("Douze maisons", 0) == 0) paragraph_ = paragraph;
      // Body paragraphs: one line of 100 bytes or more, not the " date ..." header.
      if (paragraph.size() >= 100 && paragraph.find('\n') == std::string::npos && paragraph[0] != ' ') {
        body_starts_.push_back(start);
      }
      start = end + 2;
    }
    ASSERT_FALSE(paragraph_.empty());
    model_ = dir_.Path("model.plx");
    const RunResult train = RunParallax({"train", CorpusDir(), "--out", model_});
    ASSERT_EQ(train.exit_code, 0) << train.Describe();
  }

  // `compare A B --json --model M`, parsed.
  json Compare(const std::string& a, const std::string& b) {
    const RunResult run = RunParallax({"compare", a, b, "--json", "--model", model_});
    EXPECT_EQ(run.exit_code, 0) << run.Describe();
    EXPECT_EQ(cli_test::CountLines(run.out), 1u) << run.out;
    const json result = json::parse(run.out, nullptr, false);
    EXPECT_FALSE(result.is_discarded()) << run.out;
    return result.is_discarded() ? json::object() : result;
  }

  // Every passage: offsets inside the texts, on character boundaries, and code
  // points equal to the byte offsets converted.
  static void CheckOffsets(const json& result, const std::string& text_a, const std::string& text_b) {
    ASSERT_TRUE(result.contains("passages"));
    for (const json& p : result["passages"]) {
      SCOPED_TRACE(p.dump());
      for (const auto& [side, text] : {std::pair<std::string, const std::string*>{"a", &text_a},
                                       std::pair<std::string, const std::string*>{"b", &text_b}}) {
        const size_t byte_start = p[side + "_byte_start"], byte_end = p[side + "_byte_end"];
        ASSERT_LT(byte_start, byte_end);
        ASSERT_LE(byte_end, text->size());
        EXPECT_TRUE(OnCharBoundary(*text, byte_start) && OnCharBoundary(*text, byte_end));
        EXPECT_EQ(p[side + "_start"].get<size_t>(), CodepointsBefore(*text, byte_start)) << side;
        EXPECT_EQ(p[side + "_end"].get<size_t>(), CodepointsBefore(*text, byte_end)) << side;
      }
    }
  }

  // Checks the one verbatim passage `paragraph_` must give between the source
  // (A) and `copy` (B), where the paragraph sits at byte `in_copy`.
  void ExpectExactParagraph(const json& result, const std::string& copy) {
    const size_t in_source = source_.find(paragraph_);
    const size_t in_copy = copy.find(paragraph_);
    ASSERT_NE(in_copy, std::string::npos);
    ASSERT_EQ(result["passages"].size(), 1u) << result.dump();
    const json& p = result["passages"][0];
    EXPECT_EQ(p["kind"].get<std::string>(), "verbatim");
    EXPECT_EQ(p["score"], 1.0);
    EXPECT_EQ(p["a_byte_start"].get<size_t>(), in_source);
    EXPECT_EQ(p["a_byte_end"].get<size_t>(), in_source + paragraph_.size()) << "ends on the final '.'";
    EXPECT_EQ(p["b_byte_start"].get<size_t>(), in_copy);
    EXPECT_EQ(p["b_byte_end"].get<size_t>(), in_copy + paragraph_.size());
    EXPECT_EQ(p["a_start"].get<size_t>(), CodepointsBefore(source_, in_source));
    EXPECT_EQ(p["a_end"].get<size_t>(), CodepointsBefore(source_, in_source + paragraph_.size()));
    EXPECT_EQ(p["b_start"].get<size_t>(), CodepointsBefore(copy, in_copy));
    EXPECT_EQ(p["b_end"].get<size_t>(), CodepointsBefore(copy, in_copy + paragraph_.size()));
  }

  TempDir dir_;
  std::string source_path_, source_, paragraph_, model_;
  std::vector<size_t> body_starts_;  // byte offsets of the body paragraphs of source_
};

TEST_F(CompareTest, VerbatimParagraphHasExactOffsets) {
  // Our paragraph before the copy ends with "!", the source's with ".": the
  // passage can only start at the copied paragraph's first word.
  const std::string copy =
      std::string(kTitle) + "\n\n" + kOwnParagraph + "\n\n" + paragraph_ + "\n\n" + kClosingParagraph + "\n";
  const std::string copy_path = dir_.Write("copy.txt", copy);
  const json result = Compare(source_path_, copy_path);
  ASSERT_FALSE(result.empty());
  EXPECT_EQ(result["a"]["id"], "ev5-afp-0319");
  EXPECT_EQ(result["b"]["id"], "copy");
  EXPECT_EQ(result["b"]["title"], kTitle);
  EXPECT_EQ(result["relation"].get<std::string>(), "reuse");
  EXPECT_TRUE(result["source"].is_null()) << "the copy has no date";
  EXPECT_GT(result["reuse_b"].get<double>(), 0.4);
  EXPECT_GT(result["reuse_a"].get<double>(), 0.1);
  EXPECT_LT(result["reuse_a"].get<double>(), 0.3);
  ExpectExactParagraph(result, copy);
  CheckOffsets(result, source_, copy);

  const json& p = result["passages"][0];
  // Non-ASCII text before the passage on both sides: the two kinds of offsets differ.
  EXPECT_LT(p["a_start"].get<size_t>(), p["a_byte_start"].get<size_t>());
  EXPECT_LT(p["b_start"].get<size_t>(), p["b_byte_start"].get<size_t>());
  EXPECT_EQ(p["b_byte_start"].get<size_t>() - p["b_start"].get<size_t>(),
            copy.find(paragraph_) - CodepointsBefore(copy, copy.find(paragraph_)));
  // A verbatim passage slices out the same bytes from both files.
  const size_t ab = p["a_byte_start"], ae = p["a_byte_end"], bb = p["b_byte_start"], be = p["b_byte_end"];
  EXPECT_EQ(source_.substr(ab, ae - ab), copy.substr(bb, be - bb));
  EXPECT_EQ(copy.substr(bb, be - bb), paragraph_);

  // The other way round: the same passage, sides swapped.
  const json reversed = Compare(copy_path, source_path_);
  ASSERT_EQ(reversed["passages"].size(), 1u);
  for (const char* field : {"start", "end", "byte_start", "byte_end"}) {
    EXPECT_EQ(reversed["passages"][0][std::string("a_") + field], p[std::string("b_") + field]) << field;
    EXPECT_EQ(reversed["passages"][0][std::string("b_") + field], p[std::string("a_") + field]) << field;
  }
  EXPECT_EQ(reversed["reuse_a"], result["reuse_b"]);
  EXPECT_EQ(reversed["similarity"], result["similarity"]);
  // Short texts: their words are matched by spelling, the same both ways.
  ASSERT_TRUE(result["word_similarity"].is_number()) << result.dump();
  EXPECT_GT(result["word_similarity"].get<double>(), result["similarity"].get<double>());
  EXPECT_LE(result["word_similarity"].get<double>(), 1.0);
  EXPECT_EQ(reversed["word_similarity"], result["word_similarity"]);
}

// Same copy, but our paragraph before it ends with a full stop like the
// source's: the passage then starts on that full stop, in the previous paragraph.
TEST_F(CompareTest, PassageAfterAFullStopStartsAtTheParagraph) {
  const std::string own = std::string(kOwnParagraph).substr(0, std::string(kOwnParagraph).size() - 2) + ".";
  const std::string copy = std::string(kTitle) + "\n\n" + own + "\n\n" + paragraph_ + "\n\n" + kClosingParagraph + "\n";
  const std::string copy_path = dir_.Write("copy.txt", copy);
  const json result = Compare(source_path_, copy_path);
  CheckOffsets(result, source_, copy);
    ExpectExactParagraph(result, copy);
}

// The paragraph pasted in the middle of a line of ours: the passage starts on
// its first word, not on the space sentencepiece's "▁" covers.
TEST_F(CompareTest, MidLinePassageStartsOnItsFirstWord) {
  const std::string copy = std::string(kTitle) + "\n\nNotre correspondant r\xC3\xA9sume : " + paragraph_ + "\n\n" +
                           kClosingParagraph + "\n";
  const std::string copy_path = dir_.Write("copy.txt", copy);
  const json result = Compare(source_path_, copy_path);
  CheckOffsets(result, source_, copy);
    ExpectExactParagraph(result, copy);
}

class EditedCopyTest : public CompareTest {
 protected:
  void SetUp() override {
    CompareTest::SetUp();
    if (HasFatalFailure()) return;
    edited_paragraph_ = paragraph_;
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"Douze maisons", "Quatorze habitations"},
                                   std::pair<std::string, std::string>{"principalement", "surtout"},
                                   std::pair<std::string, std::string>{"lors d'un point presse", "devant la presse"}}) {
      const size_t at = edited_paragraph_.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      edited_paragraph_.replace(at, from.size(), to);
    }
    at_ = source_.find(paragraph_);
    edited_ = source_.substr(0, at_) + edited_paragraph_ + source_.substr(at_ + paragraph_.size());
    edited_path_ = dir_.Write("edited.txt", edited_);
    result_ = Compare(source_path_, edited_path_);
    ASSERT_TRUE(result_.contains("passages")) << result_.dump();
  }

  // The passage covering bytes [begin, end) of A and of B (null when none).
  const json* Covering(size_t a_begin, size_t a_end, size_t b_begin, size_t b_end) const {
    for (const json& p : result_["passages"]) {
      if (p["a_byte_start"].get<size_t>() <= a_begin && p["a_byte_end"].get<size_t>() >= a_end &&
          p["b_byte_start"].get<size_t>() <= b_begin && p["b_byte_end"].get<size_t>() >= b_end) {
        return &p;
      }
    }
    return nullptr;
  }

  std::string edited_paragraph_, edited_, edited_path_;
  size_t at_ = 0;  // byte offset of the edited paragraph in both files
  json result_;
};

TEST_F(EditedCopyTest, EditedParagraphIsCoveredByAnEditedPassage) {
  EXPECT_EQ(result_["relation"].get<std::string>(), "duplicate");
  EXPECT_GE(result_["reuse_a"].get<double>(), 0.95);
  EXPECT_GE(result_["reuse_b"].get<double>(), 0.95);
  EXPECT_GT(result_["similarity"].get<double>(), 0.9);
  EXPECT_LT(result_["similarity"].get<double>(), 1.0);
  EXPECT_TRUE(result_["source"].is_null()) << "both carry the same month";
  CheckOffsets(result_, source_, edited_);

  const json* edited = Covering(at_, at_ + paragraph_.size(), at_, at_ + edited_paragraph_.size());
  ASSERT_NE(edited, nullptr) << "the edited paragraph is not inside one passage: " << result_["passages"].dump();
  EXPECT_EQ((*edited)["kind"].get<std::string>(), "edited");
  EXPECT_LT((*edited)["score"].get<double>(), 1.0);
  EXPECT_GT((*edited)["score"].get<double>(), 0.8);

  // Every body paragraph (unchanged ones shifted by the edit's length) lies in a passage.
  const long shift = static_cast<long>(edited_paragraph_.size()) - static_cast<long>(paragraph_.size());
  size_t body = 0;
  for (const size_t start : body_starts_) {
    const size_t end = source_.find("\n\n", start) == std::string::npos ? source_.size() : source_.find("\n\n", start);
    if (start == at_) continue;
    const size_t b_start = start > at_ ? start + shift : start, b_end = start > at_ ? end + shift : end;
    EXPECT_NE(Covering(start, end, b_start, b_end), nullptr)
        << "paragraph [" << start << ", " << end << ") not inside one passage: " << source_.substr(start, 60)
        << "...\npassages: " << result_["passages"].dump();
    ++body;
  }
  EXPECT_GE(body, 6u);
  // Verbatim passages still slice out identical bytes.
  for (const json& p : result_["passages"]) {
    if (p["kind"] != "verbatim") continue;
    const size_t ab = p["a_byte_start"], ae = p["a_byte_end"], bb = p["b_byte_start"], be = p["b_byte_end"];
    EXPECT_EQ(source_.substr(ab, ae - ab), edited_.substr(bb, be - bb));
  }
}

// The contract: a contiguous reused region is one passage (nearby passages
// merge across small edits), `edited` when any of its tokens differs,
// `verbatim` only when all match. A lightly edited full copy is therefore one
// `edited` passage covering every paragraph of both texts.
TEST_F(EditedCopyTest, ContiguousCopyWithOneEditIsOneEditedPassage) {
  ASSERT_EQ(result_["passages"].size(), 1u) << result_["passages"].dump();
  const json& p = result_["passages"][0];
  EXPECT_EQ(p["kind"].get<std::string>(), "edited");
  const long shift = static_cast<long>(edited_paragraph_.size()) - static_cast<long>(paragraph_.size());
  const size_t first = body_starts_.front();
  const size_t last_end = source_.find("\n\n", body_starts_.back()) == std::string::npos
                              ? source_.size()
                              : source_.find("\n\n", body_starts_.back());
  EXPECT_LE(p["a_byte_start"].get<size_t>(), first);
  EXPECT_GE(p["a_byte_end"].get<size_t>(), last_end - 1);
  EXPECT_GE(p["b_byte_end"].get<size_t>(), static_cast<size_t>(static_cast<long>(last_end) + shift - 1));
}

}  // namespace
}  // namespace parallax

namespace parallax {
namespace {

// A text of `words` distinct made-up words, in sentences of ten.
std::string DistinctWords(int words, char first_letter) {
  std::string text;
  for (int i = 0; i < words; ++i) {
    std::string word(1, first_letter);
    for (int n = i; n > 0 || word.size() == 1; n /= 10) word += static_cast<char>('a' + n % 10);
    text += word + (i % 10 == 9 ? ".\n" : " ");
  }
  return text;
}

// Synonyms count only between spelled texts, so `compare` reads the thesauri
// only for them: a broken file fails two sentences and goes unread for two
// long articles; a named file that is missing fails either way.
TEST(CompareThesaurusTest, ReadOnlyWhenBothTextsAreSpelled) {
  TempDir dir;
  const std::string broken = dir.Write("broken.dat", "UTF-8\nbuy|2\n(verb)|get\n");
  const std::string short_a = dir.Write("a.txt", "The firm buys a farm.\n");
  const std::string short_b = dir.Write("b.txt", "The company purchased a farm.\n");
  const std::string long_a = dir.Write("long_a.txt", DistinctWords(300, 'q'));
  const std::string long_b = dir.Write("long_b.txt", DistinctWords(300, 'x'));

  RunResult run = RunParallax({"compare", short_a, short_b, "--json", "--thesaurus", broken});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find(broken), std::string::npos) << run.err;

  run = RunParallax({"compare", long_a, long_b, "--json", "--thesaurus", broken});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  const json result = json::parse(run.out, nullptr, false);
  ASSERT_FALSE(result.is_discarded()) << run.out;
  EXPECT_TRUE(result["word_similarity"].is_null()) << "300 distinct words are not spelled";

  run = RunParallax({"compare", long_a, long_b, "--thesaurus", dir.Path("missing.dat")});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_NE(run.err.find("--thesaurus: cannot read thesaurus " + dir.Path("missing.dat")), std::string::npos)
      << run.err;
}


// The text output shows each passage's first 120 bytes: cut before a
// character, never inside one (the output stays UTF-8).
TEST(CompareTextTest, ExcerptsEndOnACharacter) {
  TempDir dir;
  // 119 bytes of distinct ASCII words, then an "é" across bytes 119-120.
  std::string shared;
  for (int i = 0; shared.size() < 119; ++i) shared += "mot" + std::to_string(i) + " ";
  shared.resize(119);
  shared += "\xC3\xA9t\xC3\xA9 encore et toujours la m\xC3\xAAme phrase recopi\xC3\xA9\x65 mot pour mot.";
  const std::string a = dir.Write("a.txt", "Titre un\n\n" + shared + "\n");
  const std::string b = dir.Write("b.txt", "Titre deux\n\nAutre chose ici.\n\n" + shared + "\n");
  const RunResult run = RunParallax({"compare", a, b});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  ASSERT_NE(run.out.find("\nverbatim"), std::string::npos) << run.out;
  EXPECT_EQ(FindInvalidUtf8(run.out), std::string_view::npos) << run.out;
}

}  // namespace
}  // namespace parallax
