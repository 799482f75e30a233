// Thesaurus: synonyms read from LibreOffice's MyThes files (Debian packages
// mythes-en-us, mythes-fr, ...), so that `word_similarity` can match words
// that share a meaning but no spelling ("buy" / "purchase", "voiture" /
// "automobile"). A dictionary a person wrote, not a model: nothing is
// learned or sent anywhere, and texts stay private.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parallax/status.h"

namespace parallax {

// A word's spelling as a key: its code points, case-folded, hashed. The
// thesaurus and the word sets (Model::Words) both key words this way.
uint64_t SpellingKey(const uint32_t* codepoints, size_t size);

class Thesaurus {
 public:
  // Reads MyThes .dat files: a first line naming the encoding (UTF-8 only),
  // then entries "headword|n" followed by n lines "(pos)|synonym|...".
  // Synonyms are the single words of a line without a parenthesised note
  // ("(generic term)", "(antonym)" are left out). Several files merge (one
  // per language). Errors name the file and line. Only regular files of at
  // most kMaxFileBytes are read (English's is 18 MB).
  static constexpr uint64_t kMaxFileBytes = 256ull << 20;
  static StatusOr<Thesaurus> Load(const std::vector<std::string>& paths);

  // The keys a word may be listed under: its own and what a few English and
  // French suffix rules ("-s", "-ies" -> "-y", "-ed", "-ing", "-aux" ->
  // "-al", "-ée" -> "-er" ...) make of it, headwords or not (a synonym list
  // may name a word that has no entry). Sorted, unique.
  std::vector<uint64_t> Forms(const uint32_t* codepoints, size_t size) const;
  // The synonyms of a headword (SpellingKey of each), sorted, unique; empty
  // for a key that is not a headword.
  std::vector<uint64_t> Synonyms(uint64_t headword) const;

  size_t headwords() const { return heads_.size(); }

 private:
  struct Head {
    uint64_t key;
    uint32_t begin, end;  // its synonyms: synonyms_[begin, end)
  };
  std::vector<Head> heads_;  // sorted by key; a headword of two files has two
  std::vector<uint64_t> synonyms_;
};

}  // namespace parallax
