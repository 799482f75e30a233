// Internals of the corpus reader, shared by its .cc files and its tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parallax/article.h"
#include "parallax/corpus.h"
#include "parallax/input.h"
#include "parallax/status.h"

namespace parallax::corpus_internal {

// ---- Text helpers (boilerplate.cc) ----

// `text` without the white space around it: ASCII white space, no-break spaces
// (U+00A0, U+202F), U+200B and the byte-order mark U+FEFF.
std::string_view TrimSpace(std::string_view text);

// Lower-cases ASCII and the Latin-1 capitals (É -> é), turns no-break spaces
// into ' ' and the typographic apostrophe into '\''. Used to compare lines with
// the rule lists, never to change the stored text.
std::string FoldCase(std::string_view text);

// The name of the boilerplate rule that `line` (already trimmed) matches, or
// an empty view when the line is content. Rules are listed in boilerplate.cc.
std::string_view MatchBoilerplateRule(std::string_view line);

// ContentSegments for the lines of `text` that start at byte `begin` or later
// (a .txt header line is skipped this way, offsets stay into the whole text).
std::vector<Span> ContentSegmentsFrom(std::string_view text, size_t begin);

// ---- Article fields (fields.cc) ----

// The language ("fr", "en", "de", "es", "it", "pt", "nl", "pl", "tr", "ar")
// whose stop words the segments of `text` hold most, "" when none wins clearly
// (too few stop words, or a mixed text).
std::string GuessLanguage(std::string_view text, const std::vector<Span>& segments);
std::string GuessLanguage(std::string_view text);  // over the whole text

// MakeArticle, with segments taken from the lines at or after `content_begin`.
StatusOr<Article> FinishArticle(Article article, size_t content_begin, const ReadOptions& options);

// The message for a text that fails UTF-8 validation at byte `offset`.
std::string InvalidUtf8Reason(size_t offset);

// ---- CSV (csv.cc) ----

struct CsvRecord {
  std::vector<std::string> fields;
  size_t line = 0;    // 1-based line where the record starts
  std::string error;  // set when the record is malformed (fields then incomplete)
};

// Reads RFC 4180 records one at a time: ',' separates fields, '"' quotes a
// field (which may then hold ',', '"' written "", and line breaks); records end
// with LF or CRLF. Blank lines are skipped. A quote inside an unquoted field is
// kept as a character (lenient: such files are common). Records stream from
// an InputReader: a record of more than `max_record_bytes` (its fields' bytes)
// keeps none of its fields past the limit and comes back with an error, read
// through to its end but never held whole.
class CsvReader {
 public:
  explicit CsvReader(std::string_view data, size_t max_record_bytes = SIZE_MAX)
      : own_(data), in_(&own_), max_record_bytes_(max_record_bytes) {}
  CsvReader(InputReader* in, size_t max_record_bytes) : own_(std::string_view()), in_(in), max_record_bytes_(max_record_bytes) {}
  // Fills `record` with the next record; false at the end of the data.
  bool Next(CsvRecord* record);

 private:
  bool AtLineEnd();
  void SkipLineEnd();
  void SkipRestOfLine();

  InputReader own_;  // over the bytes given to the first constructor
  InputReader* in_;
  size_t max_record_bytes_;
  size_t line_ = 1;
};

}  // namespace parallax::corpus_internal
