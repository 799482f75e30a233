// Article fields: outlet from the URL, the date as ISO 8601, language guess, and
// MakeArticle, the one place every article (txt, JSONL, CSV, command line) is validated.

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "corpus/corpus_internal.h"
#include "parallax/corpus.h"
#include "parallax/dates.h"
#include "parallax/utf8.h"

namespace parallax {
namespace corpus_internal {
namespace {

// Per language, frequent words that are not words of the other languages
// listed (so "de", "la", "en", "in", "die", "was", "to", "do" and "ne" are left
// out: each is common in two of them). Articles of a few hundred words hold
// dozens of these.
struct StopWords {
  std::string_view lang;  // ISO 639-1
  std::initializer_list<std::string_view> words;
};
const StopWords kStopWords[] = {
    {"fr", {"le",    "les", "des",   "est",   "une",  "et",   "du",   "pour",  "dans", "au",
            "aux",   "sur", "qui",   "pas",   "avec", "elle", "sont", "ses",   "leur", "été",
            "cette", "ont", "était", "comme", "ces",  "nous", "lui",  "aussi", "être", "après"}},
    {"en", {"the", "and",   "of",   "that", "for", "with",  "are",   "it",    "as",    "by",   "have",
            "has", "this",  "from", "were", "not", "he",    "she",   "they",  "his",   "will", "would",
            "its", "which", "said", "been", "who", "their", "after", "about", "there", "than"}},
    {"de", {"der", "und",  "den",  "das",    "nicht", "ist",  "mit", "sich",  "auf",  "für",  "dem",
            "ein", "eine", "auch", "als",    "nach",  "wird", "bei", "einer", "noch", "wie",  "aus",
            "zu",  "im",   "hat",  "werden", "sind",  "über", "vor", "dass",  "sei",  "wurde"}},
    {"es",
     {"el",    "los",     "las",  "y",   "sus", "más", "pero",  "también", "fue",  "hay",   "hasta",    "cuando", "ya",
      "según", "después", "esto", "muy", "sin", "han", "había", "otros",   "cual", "donde", "mientras", "ellos"}},
    {"it", {"di",    "che",    "della", "per",    "sono",   "gli",   "nel",    "alla",  "anche",
            "delle", "più",    "dei",   "dal",    "questo", "stato", "nella",  "degli", "sulla",
            "loro",  "essere", "dopo",  "ancora", "hanno",  "è",     "quando", "anni",  "fatto"}},
    {"pt",
     {"não", "uma", "com",   "os",     "em",  "ao",    "pelo",  "pela",  "seu", "sua", "foi",  "são",  "isso", "ele",
      "ela", "já",  "muito", "também", "nas", "pelos", "ainda", "disse", "tem", "num", "numa", "onde", "pode"}},
    {"nl", {"het",  "een",    "van",  "dat", "op",    "voor", "zijn", "niet",   "aan", "ook",
            "bij",  "maar",   "naar", "dan", "wordt", "nog",  "wel",  "deze",   "hij", "heeft",
            "werd", "worden", "meer", "tot", "uit",   "zich", "kan",  "hebben", "geen"}},
    {"pl", {"w",   "z",    "się",   "że",   "jest", "od",   "za",    "jak",   "ale",    "co",
            "tak", "jego", "przez", "dla",  "już",  "czy",  "który", "która", "które",  "może",
            "są",  "być",  "przy",  "oraz", "tym",  "tego", "jej",   "po",    "został", "było"}},
    {"tr", {"ve",     "bir",        "bu",    "için", "ile",   "olarak", "çok",  "daha",  "olan", "gibi",
            "ama",    "kadar",      "sonra", "ise",  "değil", "var",    "yok",  "şu",    "ki",   "oldu",
            "olduğu", "tarafından", "yüzde", "göre", "ancak", "kendi",  "yeni", "büyük", "önce"}},
    {"ar", {"في", "من", "على", "إلى", "أن",  "التي", "الذي", "عن",  "مع",   "هذا", "هذه", "كان", "قد", "بعد", "قال",
            "لم", "أو", "بين", "كما", "ذلك", "إن",   "حيث",  "وفي", "وقال", "عام", "الى", "ان",  "او", "لا",  "وقد"}},
};
constexpr size_t kLanguages = std::size(kStopWords);

// A language wins with at least this many stop words and this many times the runner-up's count.
constexpr int kMinStopWords = 2;
constexpr int kMinRatio = 2;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit); }

std::string_view TrimAscii(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// True for a byte that starts a letter (see GuessLanguage): ASCII letters and
// non-ASCII sequences except Latin-1 (C2) and general (E2) punctuation.
bool StartsLetter(unsigned char c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return (c & 0xC0) == 0xC0 && c != 0xC2 && c != 0xE2;
}

size_t SequenceLength(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  return 4;
}

using StopWordCounts = std::array<int, kLanguages>;

// Each stop word's language (an index into kStopWords).
const std::unordered_map<std::string_view, size_t>& StopWordLanguages() {
  static const std::unordered_map<std::string_view, size_t> table = [] {
    std::unordered_map<std::string_view, size_t> t;
    for (size_t l = 0; l < kLanguages; ++l) {
      for (std::string_view w : kStopWords[l].words) t.emplace(w, l);
    }
    return t;
  }();
  return table;
}

void CountStopWords(std::string_view text, StopWordCounts* counts) {
  const auto& languages = StopWordLanguages();
  size_t i = 0;
  while (i < text.size()) {
    // Skip to the next word, then take letters until a non-letter.
    while (i < text.size() && !StartsLetter(static_cast<unsigned char>(text[i]))) {
      i += SequenceLength(static_cast<unsigned char>(text[i]));
    }
    const size_t start = i;
    while (i < text.size() && StartsLetter(static_cast<unsigned char>(text[i]))) {
      i += SequenceLength(static_cast<unsigned char>(text[i]));
    }
    if (i == start) continue;
    const std::string word = FoldCase(text.substr(start, std::min(i, text.size()) - start));
    if (auto it = languages.find(word); it != languages.end()) ++(*counts)[it->second];
  }
}

std::string Winner(const StopWordCounts& counts) {
  size_t best = 0;
  int runner_up = 0;
  for (size_t l = 1; l < kLanguages; ++l) {
    if (counts[l] > counts[best]) {
      runner_up = counts[best];
      best = l;
    } else {
      runner_up = std::max(runner_up, counts[l]);
    }
  }
  if (counts[best] >= kMinStopWords && counts[best] >= kMinRatio * runner_up) return std::string(kStopWords[best].lang);
  return "";
}

std::string LowerAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

}  // namespace

std::string InvalidUtf8Reason(size_t offset) {
  return "not valid UTF-8 at byte " + std::to_string(offset) + " (convert it first, e.g. iconv -f latin1 -t utf-8)";
}

std::string GuessLanguage(std::string_view text, const std::vector<Span>& segments) {
  StopWordCounts counts{};
  for (const Span& span : segments) CountStopWords(text.substr(span.begin, span.size()), &counts);
  return Winner(counts);
}

std::string GuessLanguage(std::string_view text) {
  StopWordCounts counts{};
  CountStopWords(text, &counts);
  return Winner(counts);
}

StatusOr<Article> FinishArticle(Article article, size_t content_begin, const ReadOptions& options) {
  if (article.text.size() > options.max_article_bytes) {
    return Status::InvalidArgument("text is " + std::to_string(article.text.size()) + " bytes, over the limit of " +
                                   std::to_string(options.max_article_bytes) + " bytes (max_article_bytes)");
  }
  if (const size_t bad = FindInvalidUtf8(article.text); bad != std::string_view::npos) {
    return Status::InvalidArgument("text is " + InvalidUtf8Reason(bad));
  }
  const std::pair<const char*, const std::string*> fields[] = {{"id", &article.id},         {"title", &article.title},
                                                               {"outlet", &article.outlet}, {"url", &article.url},
                                                               {"date", &article.date},     {"lang", &article.lang}};
  for (const auto& [name, value] : fields) {
    if (const size_t bad = FindInvalidUtf8(*value); bad != std::string_view::npos) {
      return Status::InvalidArgument(std::string("field '") + name + "' is " + InvalidUtf8Reason(bad));
    }
  }
  article.segments = ContentSegmentsFrom(article.text, content_begin);
  if (article.segments.empty()) {
    return Status::InvalidArgument("no content: the text is empty or only boilerplate");
  }
  // A date is kept as ISO 8601 when read (ParseDate), else as given: the
  // reader notes it, and it orders nothing.
  const std::string_view given = TrimAscii(article.date);
  if (auto date = ParseDate(given)) {
    article.date = std::move(date->iso);
  } else {
    article.date = std::string(given);
  }
  if (article.outlet.empty()) article.outlet = OutletFromUrl(article.url);
  article.lang = LowerAscii(std::string(TrimAscii(article.lang)));
  if (article.lang.empty()) article.lang = GuessLanguage(article.text, article.segments);
  return article;
}

}  // namespace corpus_internal

std::string OutletFromUrl(std::string_view url) {
  std::string_view s = corpus_internal::TrimAscii(url);
  // Drop "scheme://" (or a scheme-relative "//").
  if (const size_t colon = s.find("://"); colon != std::string_view::npos) {
    const std::string_view scheme = s.substr(0, colon);
    const bool valid_scheme = !scheme.empty() && std::isalpha(static_cast<unsigned char>(scheme[0])) &&
                              std::all_of(scheme.begin(), scheme.end(), [](char c) {
                                return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
                              });
    if (!valid_scheme) return "";
    s.remove_prefix(colon + 3);
  } else if (s.starts_with("//")) {
    s.remove_prefix(2);
  }
  s = s.substr(0, s.find_first_of("/?#"));
  if (const size_t at = s.rfind('@'); at != std::string_view::npos) s.remove_prefix(at + 1);  // user:pass@
  s = s.substr(0, s.find(':'));                                                               // :port
  std::string host = corpus_internal::LowerAscii(std::string(s));
  if (!host.empty() && host.back() == '.') host.pop_back();  // "lemonde.fr." is a valid FQDN
  // A host name: labels of letters, digits, '-' (or non-ASCII, for IDNs), with a
  // dot, and a last label that is not all digits ("1.5" from prose is not a host).
  const bool valid_chars = std::all_of(host.begin(), host.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) || c == '-' || c == '.';
  });
  const size_t last_dot = host.rfind('.');
  if (!valid_chars || last_dot == std::string::npos || host.front() == '.' || host.find("..") != std::string::npos ||
      corpus_internal::AllDigits(host.substr(last_dot + 1)) || host.back() == '.' || host.front() == '-') {
    return "";
  }
  if (host.starts_with("www.") && host.find('.', 4) != std::string::npos) host.erase(0, 4);
  return host;
}

StatusOr<Article> MakeArticle(Article fields, const ReadOptions& options) {
  return corpus_internal::FinishArticle(std::move(fields), 0, options);
}

}  // namespace parallax
