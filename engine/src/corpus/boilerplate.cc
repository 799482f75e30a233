// Which lines of a scraped article are content. Each rule below is a small
// function over one trimmed line; a line is dropped when any rule matches, so
// a short line of real text (a section header) is kept unless a rule names it.
// Rules compare a case-folded copy; the stored text is never changed.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "corpus/corpus_internal.h"
#include "parallax/corpus.h"

namespace parallax {
namespace corpus_internal {
namespace {

// Scrapes glue paragraphs together, so a line that merely *starts* like a
// teaser or a credit is content once it is this long.
constexpr size_t kMaxTeaserBytes = 300;
constexpr size_t kMaxCreditBytes = 200;
constexpr size_t kMaxCaptionBytes = 600;
constexpr size_t kMaxShareBytes = 60;

// Whole lines (case-folded, trailing ':' '.' '!' '…' and spaces ignored) that are
// share buttons, navigation or teasers, in English and French.
constexpr std::string_view kStockLines[] = {
    // share buttons
    "share", "share post", "share this", "share this article", "share this story", "partager", "partager l'article",
    "partager cet article", "tweet", "email", "e-mail", "print", "imprimer", "facebook", "twitter", "linkedin",
    "whatsapp", "telegram", "copy link", "copier le lien",
    // navigation and teasers
    "you might also enjoy", "you may also like", "vous aimerez aussi", "vous aimerez peut-être aussi",
    "vous pourriez aussi aimer", "stay connected", "more updates", "related", "related articles", "related posts",
    "sur le même sujet", "articles liés", "à suivre", "a suivre", "advertisement", "publicité", "lire la suite",
    "continue reading", "follow us", "suivez-nous", "newsletter", "subscribe", "abonnez-vous"};

// Line starts (followed by a word boundary) of share buttons ("Share on facebook").
constexpr std::string_view kSharePrefixes[] = {"share on",     "share via",    "share to",
                                               "partager sur", "partager par", "partager via"};

// Line starts of links to other articles ("Lire aussi : Kiev sous les bombes").
constexpr std::string_view kTeaserPrefixes[] = {"lire aussi",       "à lire aussi", "a lire aussi", "lire également",
                                                "à lire également", "read more",    "read also",    "also read",
                                                "see also",         "voir aussi",   "related:"};

// Line starts of photo credits ("Photo: AFP", "(Photo Reuters)", "Crédit photo : ...").
// Not a bare "crédit": "Crédit Agricole a annoncé..." is content.
constexpr std::string_view kCreditPrefixes[] = {"photo:",        "photo :",  "photos:",  "photos :",  "(photo",
                                                "photo credit",  "credit:",  "credit :", "credits:",  "credits :",
                                                "crédit:",       "crédit :", "crédits:", "crédits :", "crédit photo",
                                                "crédits photo", "image:",   "image :",  "©"};

// Picture agencies, recognised as the last part of a credit line
// ("Sean Gallup | Actualités Getty Images | Getty Images", "John Smith/AFP").
constexpr std::string_view kPhotoAgencies[] = {"getty images",     "afp",   "reuters",      "ap",        "ap photo",
                                               "associated press", "epa",   "shutterstock", "sipa",      "abaca",
                                               "maxppp",           "alamy", "istock",       "hans lucas"};

bool IsAsciiAlnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
bool IsAsciiSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

// True when a word could not continue at byte `pos` of `s`: the end, ASCII
// punctuation or space, or a non-letter sequence (C2: «», no-break space;
// E2: dashes, quotes, ellipsis). C3..C5 start accented Latin letters.
bool WordBoundaryAt(std::string_view s, size_t pos) {
  if (pos >= s.size()) return true;
  const auto c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) return !IsAsciiAlnum(c);
  return c == 0xC2 || c == 0xE2;
}

bool StartsWithWord(std::string_view folded, std::string_view prefix) {
  if (!folded.starts_with(prefix)) return false;
  const auto last = static_cast<unsigned char>(prefix.back());
  return !IsAsciiAlnum(last) || WordBoundaryAt(folded, prefix.size());
}

template <size_t N>
bool StartsWithAny(std::string_view folded, const std::string_view (&prefixes)[N]) {
  return std::any_of(std::begin(prefixes), std::end(prefixes),
                     [&](std::string_view p) { return StartsWithWord(folded, p); });
}

// `folded` without trailing spaces and ':' '.' '!' '…'.
std::string_view StripTrailingPunctuation(std::string_view s) {
  while (!s.empty()) {
    if (s.back() == ' ' || s.back() == ':' || s.back() == '.' || s.back() == '!') {
      s.remove_suffix(1);
    } else if (s.ends_with("…")) {
      s.remove_suffix(std::strlen("…"));
    } else {
      break;
    }
  }
  return s;
}

std::vector<std::string_view> SplitOnSpaces(std::string_view s) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    const size_t start = i;
    while (i < s.size() && !IsAsciiSpace(s[i])) ++i;
    if (i > start) tokens.push_back(s.substr(start, i - start));
  }
  return tokens;
}

// ---- The rules. Each gets the trimmed line and its case-folded copy. ----

// "Share", "Tweet", "You might also enjoy", "Vous aimerez aussi", "À suivre"...
bool IsStockLine(std::string_view, std::string_view folded) {
  return Contains(kStockLines, StripTrailingPunctuation(folded));
}

// "Share on facebook", "Partager sur Twitter".
bool IsShareButton(std::string_view line, std::string_view folded) {
  return line.size() <= kMaxShareBytes && StartsWithAny(folded, kSharePrefixes);
}

// "Lire aussi : ...", "À lire aussi", "Read more: ...".
bool IsTeaser(std::string_view line, std::string_view folded) {
  return line.size() <= kMaxTeaserBytes && StartsWithAny(folded, kTeaserPrefixes);
}

// "Photo: AFP", "Crédit photo : X", "Sean Gallup | Actualités Getty Images | Getty Images",
// and a caption ending in its credit: "Vue de l'ambassade... (Photo de Sean Gallup/Getty Images)".
bool IsPhotoCredit(std::string_view line, std::string_view folded) {
  if (line.size() <= kMaxTeaserBytes && StartsWithAny(folded, kCreditPrefixes)) return true;
  if (line.size() <= kMaxCreditBytes) {
    const size_t sep = folded.find_last_of("|/");
    if (sep != std::string_view::npos && sep > 0 && Contains(kPhotoAgencies, TrimSpace(folded.substr(sep + 1)))) {
      return true;
    }
  }
  if (line.size() <= kMaxCaptionBytes && folded.ends_with(")")) {
    const size_t open = folded.rfind('(');
    if (open != std::string_view::npos && open > 0 && StartsWithWord(folded.substr(open), "(photo")) return true;
  }
  return false;
}

// True when `folded` holds a year (1900-2099) or, with `time_only`, a time
// ("11:20", "14h52").
bool HasDateOrTime(std::string_view folded, bool time_only = false) {
  auto digit = [&](size_t i) { return i < folded.size() && folded[i] >= '0' && folded[i] <= '9'; };
  for (size_t i = 0; i < folded.size(); ++i) {
    if (!digit(i) || (i > 0 && digit(i - 1))) continue;  // i starts a number
    size_t end = i;
    while (digit(end)) ++end;
    const bool year = end - i == 4 && (folded[i] == '1' ? folded[i + 1] == '9' : folded.substr(i, 2) == "20");
    const bool time = end - i <= 2 && (folded[end] == ':' || folded[end] == 'h') && digit(end + 1) &&
                      digit(end + 2) && !digit(end + 3);
    if (time || (year && !time_only)) return true;
  }
  return false;
}

// A byline or publication stamp, which is not content (and would make every
// article of an outlet alike): "By Global Newsdesk staff, with Continental
// Wire | March 20, 2024 15:07 GMT", "Par Info Express 24, le 19/03/2024 à
// 10h41", "Global Newsdesk Daily | Wire report | 15 March 2024, 11:20". Not a
// sentence ("Par 68 voix contre 21, le budget 2024 est adopté.", "By 10:30,
// the crowd had gathered."), nor a title with fields and a year ("Élections
// 2024 | Résultats | Le Monde").
bool IsByline(std::string_view line, std::string_view folded) {
  if (line.size() > kMaxCreditBytes || folded.ends_with(".")) return false;
  const size_t first_field = folded.find(" | ");
  const bool time = HasDateOrTime(folded, /*time_only=*/true);
  if (StartsWithWord(folded, "by") || StartsWithWord(folded, "par")) {
    const bool stamp = first_field != std::string_view::npos || folded.find("publié") != std::string_view::npos ||
                       folded.find("published") != std::string_view::npos ||
                       folded.find("updated") != std::string_view::npos ||
                       folded.find("mis à jour") != std::string_view::npos;
    return time || (stamp && HasDateOrTime(folded));
  }
  const bool three_fields =
      first_field != std::string_view::npos && folded.find(" | ", first_field + 3) != std::string_view::npos;
  return three_fields && time;
}

// "412", "2022-01-24T11:48+0100", "21.02.2022", "1920 1080 true" (image metadata):
// every token is a number or timestamp (digits and . , : ; / - + % ( ) T Z) or
// true/false/null, with at least one digit in the line.
bool IsNumbersOnly(std::string_view line, std::string_view) {
  bool has_digit = false;
  for (std::string_view token : SplitOnSpaces(line)) {
    if (token == "true" || token == "false" || token == "null") continue;
    for (char c : token) {
      if (c >= '0' && c <= '9') {
        has_digit = true;
      } else if (std::string_view(".,:;/-+%()TZ").find(c) == std::string_view::npos) {
        return false;
      }
    }
  }
  return has_digit;
}

bool IsUrlOrEmail(std::string_view token) {
  if (token.starts_with("http://") || token.starts_with("https://") || token.starts_with("www.") ||
      token.starts_with("ftp://")) {
    return true;
  }
  const size_t at = token.find('@');
  return at != std::string_view::npos && at > 0 && token.find('.', at) != std::string_view::npos;
}

// A line that is only links or addresses, or mostly one beside a short label:
// "https://cdn.../img.jpg", "Victor Koulakov https://cdn.../avatar.jpg" (more
// than half its bytes are URL). A sentence that names sites ("Johnson's site is
// www.katyjohnson.com. Max's is www.tuckermax.com.") has more words: content.
constexpr size_t kMaxLinkLabelWords = 4;

bool IsLinkOnly(std::string_view line, std::string_view) {
  size_t link_bytes = 0;
  size_t other_words = 0;
  for (std::string_view token : SplitOnSpaces(line)) {
    if (IsUrlOrEmail(token)) {
      link_bytes += token.size();
    } else {
      ++other_words;
    }
  }
  return link_bytes * 2 > line.size() && other_words <= kMaxLinkLabelWords;
}

// Page debris: XPath ("/html/head/meta[@name='og:title']/@content"), a lone
// HTML tag or comment ("<br>", "<!-- ad -->"), a locale code ("fr_FR").
bool IsMarkupDebris(std::string_view line, std::string_view) {
  if (line.starts_with("/html") || line.starts_with("//")) return true;
  if (line.starts_with("/") && line.find("/@") != std::string_view::npos) return true;
  if (line.starts_with("<") && line.ends_with(">")) return true;
  auto lower = [&](size_t i) { return line[i] >= 'a' && line[i] <= 'z'; };
  auto upper = [&](size_t i) { return line[i] >= 'A' && line[i] <= 'Z'; };
  return line.size() == 5 && lower(0) && lower(1) && line[2] == '_' && upper(3) && upper(4);
}

// "***", "—", "•", "« »": no letter and no digit at all. Non-ASCII sequences
// count as letters except those starting with C2 (Latin-1 punctuation) and
// E2 (general punctuation, arrows, box drawing).
bool HasNoWords(std::string_view line, std::string_view) {
  for (size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      if (IsAsciiAlnum(c)) return false;
    } else if ((c & 0xC0) == 0xC0 && c != 0xC2 && c != 0xE2) {
      return false;
    }
  }
  return true;
}

struct Rule {
  std::string_view name;
  bool (*matches)(std::string_view line, std::string_view folded);
};

constexpr Rule kRules[] = {
    {"stock line", IsStockLine},       {"share button", IsShareButton}, {"teaser", IsTeaser},
    {"photo credit", IsPhotoCredit},   {"numbers only", IsNumbersOnly}, {"link only", IsLinkOnly},
    {"markup debris", IsMarkupDebris}, {"no words", HasNoWords},    {"byline", IsByline},
};

// Length in bytes of a white-space code point starting at `s[i]`, or 0.
size_t SpaceLengthAt(std::string_view s, size_t i) {
  if (IsAsciiSpace(s[i])) return 1;
  for (std::string_view space : {"\u00A0", "\u202F", "\u200B", "\uFEFF"}) {
    if (s.substr(i).starts_with(space)) return space.size();
  }
  return 0;
}

// Same, for a white-space code point that ends just before `s[end]`.
size_t SpaceLengthBefore(std::string_view s, size_t end) {
  if (IsAsciiSpace(s[end - 1])) return 1;
  for (std::string_view space : {"\u00A0", "\u202F", "\u200B", "\uFEFF"}) {
    if (s.substr(0, end).ends_with(space)) return space.size();
  }
  return 0;
}

}  // namespace

std::string_view TrimSpace(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end) {
    const size_t n = SpaceLengthAt(text, begin);
    if (n == 0) break;
    begin += n;
  }
  while (end > begin) {
    const size_t n = SpaceLengthBefore(text, end);
    if (n == 0 || end - n < begin) break;
    end -= n;
  }
  return text.substr(begin, end - begin);
}

std::string FoldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if (c == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {  // À..Þ except ×
      out += static_cast<char>(c);
      out += static_cast<char>(next + 0x20);
      ++i;
    } else if (c == 0xC2 && next == 0xA0) {  // no-break space
      out += ' ';
      ++i;
    } else if (text.substr(i).starts_with("\u202F")) {  // narrow no-break space
      out += ' ';
      i += 2;
    } else if (text.substr(i).starts_with("\u2019")) {  // ’
      out += '\'';
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string_view MatchBoilerplateRule(std::string_view line) {
  const std::string folded = FoldCase(line);
  for (const Rule& rule : kRules) {
    if (rule.matches(line, folded)) return rule.name;
  }
  return {};
}

std::vector<Span> ContentSegmentsFrom(std::string_view text, size_t begin) {
  // Span offsets are 32-bit; callers cap article size far below this.
  text = text.substr(0, std::min<size_t>(text.size(), std::numeric_limits<uint32_t>::max()));
  std::vector<Span> segments;
  std::unordered_set<std::string_view> kept;  // scrapes repeat the title and tag lines
  size_t pos = begin;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view raw = text.substr(pos, eol - pos);
    const std::string_view line = TrimSpace(raw);
    if (!line.empty() && MatchBoilerplateRule(line).empty() && kept.insert(line).second) {
      const auto line_begin = static_cast<uint32_t>(line.data() - text.data());
      segments.push_back({line_begin, static_cast<uint32_t>(line_begin + line.size())});
    }
    pos = eol + 1;
  }
  return segments;
}

}  // namespace corpus_internal

std::vector<Span> ContentSegments(std::string_view text) { return corpus_internal::ContentSegmentsFrom(text, 0); }

}  // namespace parallax
