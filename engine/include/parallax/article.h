// Article: one news text as read from the user's input, plus the map of which
// parts of it carry content. Every offset the engine reports is a byte offset
// into Article::text (the text exactly as read), so nothing is ever lost when
// boilerplate is dropped: cleaning only shrinks `segments`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace parallax {

// Half-open byte range [begin, end) into a text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool operator==(const Span&) const = default;
};

struct Article {
  std::string id;      // JSONL/CSV `id`; for a .txt file its name without extension
  std::string title;   // may be empty
  std::string outlet;  // given, or the URL's host without "www."; may be empty
  std::string url;     // may be empty
  // ISO 8601 ("YYYY", "YYYY-MM", "YYYY-MM-DD", or with a time and zone) when
  // ParseDate (dates.h) reads the date given, else the text given; may be empty.
  std::string date;
  std::string lang;    // ISO 639-1 ("fr", "en"), given or guessed; may be empty
  std::string text;    // the text as read (valid UTF-8); offsets point into it
  // Content paragraphs of `text`, in order, not overlapping: the title line and
  // body lines kept after boilerplate (share buttons, photo credits, header
  // line...) was dropped. Never empty for a stored article.
  std::vector<Span> segments;
};

}  // namespace parallax
