// Bilingual lexicon: the words of one language that translate a word stem
// of another, with their probabilities. Seeded from the FreeDict
// dictionaries Debian ships (dict-freedict-fra-eng, -eng-fra, -deu-eng, ...:
// dictionaries people wrote, read like the thesauri), then refined from the
// collection itself by EM (RefineLexicon, match.h) and stored in the model.
// Through it, texts of two languages are compared in one feature space
// (Model::Translate).
//
// Keys are stems, as vector features define word stems (a word's first
// kStemLength code points, case and accents folded): "ministre",
// "ministres" and "ministère" share one entry, and a stored article vector,
// which keeps stems and not words, can be translated without its text.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parallax/status.h"

namespace parallax {

class Model;
struct Article;
struct AnalyzedText;

struct Translation {
  std::string word;       // a word of the target language, case and accents folded
  float probability = 0;  // t(word | stem), the entries of a stem summing to 1
};

class Lexicon {
 public:
  // The key of a word: its first kStemLength code points, case and accents
  // folded ("Ministère" -> "mini").
  static std::string Stem(std::string_view word);
  // A word case and accents folded, as Translation::word holds it.
  static std::string Fold(std::string_view word);

  // Reads FreeDict dictd databases: each path an .index file with its
  // .dict.dz (or .dict) beside it, named freedict-SRC-DST.index; the
  // languages are the ISO 639-3 codes of the name, given as articles name
  // them (ISO 639-1 where it has one: fra -> fr). Each headword of a single
  // word and each single word of its translations make a pair; a pair read
  // from either direction's dictionary serves both directions. A stem's
  // translations share its probability equally. Errors name the file. Only
  // regular files of at most kMaxFileBytes are read. Given `known`, only
  // pairs of two words it knows (language, folded word) are kept: a
  // dictionary of 470,000 German headwords holds mostly words a collection
  // never uses.
  static constexpr uint64_t kMaxFileBytes = 256ull << 20;
  using KnownWord = std::function<bool(const std::string& lang, const std::string& word)>;
  static StatusOr<Lexicon> LoadFreeDict(const std::vector<std::string>& index_paths, const KnownWord& known = {});
  // The language an ISO 639-3 code stands for in articles ("fra" -> "fr").
  static std::string LanguageOf(std::string_view iso639_3);
  // The two languages a FreeDict file's name gives (".../freedict-fra-eng.index"
  // -> fr, en); none for another name.
  static std::optional<std::pair<std::string, std::string>> LanguagesOf(const std::string& path);

  // One direction: stems of `from`, sorted, each with its translations into
  // `to`, most probable first.
  struct Entry {
    std::string stem;
    std::vector<Translation> translations;
  };
  struct Direction {
    std::string from, to;
    std::vector<Entry> entries;  // sorted by stem
  };
  const std::vector<Direction>& directions() const { return directions_; }
  const Direction* Find(std::string_view from, std::string_view to) const;
  // The translations of `stem` (Stem) from `from` to `to`; null if none.
  const std::vector<Translation>* Find(std::string_view from, std::string_view to, std::string_view stem) const;
  // Replaces a direction's entries (sorted by stem on the way in).
  void SetDirection(Direction direction);
  bool empty() const { return directions_.empty(); }
  size_t entries() const;  // stems, over every direction

  std::string Serialize() const;
  // InvalidArgument for bytes that are not a serialized lexicon.
  static StatusOr<Lexicon> Deserialize(std::string_view bytes);

 private:
  std::vector<Direction> directions_;  // sorted by (from, to)
};

struct LexiconOptions {
  // Rounds of mining and re-estimation. Default: 3.
  int rounds = 3;
  // Sentences of each language mined, at most (a sample spread over the
  // collection). Default: 5,000.
  size_t max_sentences = 5'000;
  // A sentence pair is confident when the two are each other's nearest and
  // their similarity beats the mean of both sides' 4 nearest by this ratio.
  // Default: 1.1.
  float min_margin = 1.1f;
  // IBM Model 1 EM iterations per round. Default: 5.
  int em_iterations = 5;
  // A stem keeps at most `keep` learned translations, each at least
  // `min_share` of its probability. Defaults: 3, 0.15.
  int keep = 3;
  float min_share = 0.15f;
};

// The model's lexicon refined from a collection: in each round, the
// sentences of two languages that the current lexicon matches with
// confidence (mutual nearest, with a margin) are aligned word to word by
// IBM Model 1 EM in both directions; a stem's learned translations join
// those of the dictionary, with the probabilities EM gave them. `articles`
// and `analyses` (the model's own analyses) are a sample of the collection.
// Pairs of languages the model's lexicon lacks a direction of are left as
// they are.
void RefineLexicon(Model* model, const std::vector<const Article*>& articles, const std::vector<AnalyzedText>& analyses,
                   const LexiconOptions& options = {});

// The articles FitLexicon is given: at most `per_language` of each
// language, spread evenly over the n (rows, ascending). `lang_of(i)`: the
// language of article i.
std::vector<size_t> LexiconSample(size_t n, const std::function<std::string_view(size_t)>& lang_of,
                                  size_t per_language = 2'000);

// The FreeDict databases in `dir` (freedict-*-*.index), sorted: the default
// dictionaries. None when the folder is missing.
std::vector<std::string> InstalledDictionaries(const std::string& dir = "/usr/share/dictd");

// Seeds the model's lexicon from those of `dictionaries` whose two languages
// the model has vocabularies for, then refines it on the sample
// (RefineLexicon). With no such dictionary the model keeps no lexicon.
// Errors: a dictionary that cannot be read.
Status FitLexicon(Model* model, const std::vector<std::string>& dictionaries,
                  const std::vector<const Article*>& articles, const std::vector<AnalyzedText>& analyses,
                  const LexiconOptions& options = {});

}  // namespace parallax
