// What the corpus readers promise of every article they return, checked by
// the corpus harnesses.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "fuzz_util.h"
#include "parallax/corpus.h"
#include "parallax/dates.h"
#include "parallax/utf8.h"

namespace parallax::fuzz {

inline void CheckArticle(const Article& a) {
  PARALLAX_FUZZ_CHECK(!a.id.empty());
  PARALLAX_FUZZ_CHECK(FindInvalidUtf8(a.text) == std::string_view::npos);
  for (const std::string* field : {&a.id, &a.title, &a.outlet, &a.url, &a.date, &a.lang}) {
    PARALLAX_FUZZ_CHECK(FindInvalidUtf8(*field) == std::string_view::npos);
  }
  size_t last_end = 0;
  for (const Span& s : a.segments) {
    PARALLAX_FUZZ_CHECK(s.begin <= s.end && s.end <= a.text.size());
    PARALLAX_FUZZ_CHECK(s.begin >= last_end);  // in order, not overlapping
    last_end = s.end;
  }
}

// Reads `bytes` as the file `name` (its extension picks the format), leniently
// and strictly, and checks what comes back.
inline void ReadAsFile(std::string_view bytes, const char* name) {
  const std::filesystem::path path = WorkDir() / name;
  WriteFile(path, bytes);
  for (const bool strict : {false, true}) {
    ReadOptions options;
    options.strict = strict;
    auto read = ReadInputs({path.string()}, options);
    if (!read.ok()) {
      PARALLAX_FUZZ_CHECK(strict);  // lenient reading skips, it never fails on content
      continue;
    }
    std::unordered_set<std::string> ids;
    for (const Article& a : read->articles) {
      CheckArticle(a);
      PARALLAX_FUZZ_CHECK(ids.insert(a.id).second);  // duplicates are skipped
      PARALLAX_FUZZ_CHECK(a.text.size() <= options.max_article_bytes);
    }
    PARALLAX_FUZZ_CHECK(!strict || read->skipped.empty());
  }
}

}  // namespace parallax::fuzz
