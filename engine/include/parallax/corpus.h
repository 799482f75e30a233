// Corpus reading: turns the user's inputs (folders of .txt, .jsonl and .csv
// files, or single files) into Articles. A bad file or record is skipped with a
// reason and counted; `strict` makes the first one fatal.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "parallax/article.h"
#include "parallax/status.h"

namespace parallax {

struct ReadOptions {
  // Stop at the first bad file or record instead of skipping it. Default: false.
  bool strict = false;
  // Files larger than this are refused (a news article is a few KB; a JSONL or
  // CSV file holds many). Default: 2 GiB.
  uint64_t max_file_bytes = 2ull << 30;
  // A single article text longer than this is refused (a .txt file longer
  // than this, by its size, before it is read). Default: 1 MiB.
  uint32_t max_article_bytes = 1u << 20;
  // A JSONL line or CSV record longer than this is skipped as it streams by,
  // never held whole (its text, escaped, would be over max_article_bytes
  // anyway). Default: 8 MiB.
  uint32_t max_record_bytes = 8u << 20;
};

// One input that was not read, and why ("not valid UTF-8 at byte 120").
struct SkippedInput {
  std::string where;   // "path" or "path:line"
  std::string reason;
};

struct ReadResult {
  std::vector<Article> articles;
  std::vector<SkippedInput> skipped;
  // Articles read whose date is not one ParseDate reads: kept, with the date
  // as given, which orders nothing ("path:line", why).
  std::vector<SkippedInput> unread_dates;
  // Files parsed; a file skipped as a whole (binary, bad UTF-8, no CSV text
  // column...) is not counted, one with some skipped records is.
  uint64_t files_read = 0;
};

// Reads every input path: a directory is walked recursively (sorted, hidden
// files ignored) for .txt, .jsonl and .csv files; other extensions inside a
// directory are ignored; a file given by name must have one of them.
// A later article with an id already read is skipped as a duplicate.
// Fails only on a missing path (NotFound), a directory that cannot be listed
// (IOError) or, with `strict`, on the first bad input (InvalidArgument
// "where: reason").
// `progress`, when set, is called after each file with (files done, files total).
StatusOr<ReadResult> ReadInputs(const std::vector<std::string>& paths, const ReadOptions& options,
                                const std::function<void(size_t, size_t)>& progress = {});

// Whether ReadInputs reads `path` as a file of records (.jsonl or .csv, in
// any case) rather than as one .txt article.
bool IsRecordFile(const std::filesystem::path& path);

// Parses one .txt article (the format of scraped news: an optional first line
// " date YYYY-MM URL", a title line, body lines). `id` becomes the article id.
StatusOr<Article> ParseTxtArticle(std::string id, std::string text, const ReadOptions& options);

// A whole file read as one .txt article (ParseTxtArticle; its id the file's
// stem, or "stdin"): only a regular file (or, with `allow_stdin`, "-": the
// standard input) of at most options.max_article_bytes, refused before it is
// read (InputFile::Open). Offsets are into the file's text as read.
StatusOr<Article> ReadTxtArticleFile(const std::string& path, const ReadOptions& options, bool allow_stdin = false);

// Builds an Article from already split fields (JSONL/CSV record, or a text
// given to `compare`/`search`): validates UTF-8 and size, fills `outlet` from
// the URL when empty, writes a date ParseDate reads as ISO 8601 (one it does
// not read stays as given), and computes `segments` (paragraphs minus
// boilerplate).
StatusOr<Article> MakeArticle(Article fields, const ReadOptions& options);

// The host of an URL without a leading "www." ("https://www.lemonde.fr/x" -> "lemonde.fr").
std::string OutletFromUrl(std::string_view url);

// Content paragraphs of `text`: non-empty lines, trimmed (white space,
// no-break spaces and a byte-order mark), minus boilerplate lines (share
// buttons, "You might also enjoy", photo credits, lone numbers, timestamps,
// URLs, XPath debris; the rules are in engine/src/corpus/boilerplate.cc).
// Repeated identical lines are kept once, at their first occurrence.
std::vector<Span> ContentSegments(std::string_view text);

}  // namespace parallax
