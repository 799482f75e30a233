// The .txt format of scraped news:
//
//    date 2022-02 https://fr.sputniknews.com/20220221/...html   <- optional header line
//
//   Title of the article
//
//   Body lines, boilerplate (share buttons, credits...) and all.
//
// The header is recognised leniently: the word "date", a date, and optionally
// an URL, nothing else on the line. FinishArticle reads the date.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus/corpus_internal.h"
#include "parallax/corpus.h"
#include "parallax/dates.h"

namespace parallax {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

struct TxtHeader {
  std::string date;
  std::string url;
  size_t content_begin = 0;  // first byte after the header line
};

std::vector<std::string_view> SplitOnAsciiSpace(std::string_view s) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') ++i;
    if (i > start) tokens.push_back(s.substr(start, i - start));
  }
  return tokens;
}

// Reads the header line when `text` has one; otherwise content starts at 0.
TxtHeader ParseHeader(std::string_view text) {
  TxtHeader header;
  const size_t start = text.starts_with(kBom) ? kBom.size() : 0;
  size_t eol = text.find('\n', start);
  if (eol == std::string_view::npos) eol = text.size();
  const std::vector<std::string_view> tokens = SplitOnAsciiSpace(text.substr(start, eol - start));
  // "Date 2024 : ce qui change" is a title, so more than three tokens is not a header.
  if (tokens.size() < 2 || tokens.size() > 3) return header;
  if (corpus_internal::FoldCase(tokens[0]) != "date") return header;
  // A date that is not read (ParseDate) still makes the line a header when it
  // starts with a digit ("date 2022-13 URL"): the date is kept as given, and
  // the reader notes it.
  const bool looks_like_date = tokens[1][0] >= '0' && tokens[1][0] <= '9';
  if (!looks_like_date && !ParseDate(tokens[1])) return header;
  header.date = std::string(tokens[1]);
  if (tokens.size() == 3) header.url = std::string(tokens[2]);
  header.content_begin = eol == text.size() ? eol : eol + 1;
  return header;
}

}  // namespace

StatusOr<Article> ParseTxtArticle(std::string id, std::string text, const ReadOptions& options) {
  Article article;
  article.id = std::move(id);
  // Header parsing only looks at ASCII bytes, so it is safe before FinishArticle validates the text.
  TxtHeader header = ParseHeader(text);
  article.date = std::move(header.date);
  article.url = std::move(header.url);
  article.text = std::move(text);
  StatusOr<Article> finished = corpus_internal::FinishArticle(std::move(article), header.content_begin, options);
  if (!finished.ok()) return finished;
  // The first content line is the title (it stays a segment too).
  const Span first = finished->segments.front();
  finished->title = finished->text.substr(first.begin, first.size());
  return finished;
}

}  // namespace parallax
