#include "synthetic_corpus.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace parallax::bench {
namespace {

// splitmix64: small, fast and identical on every platform (std:: distributions
// are not), so a seed gives the same corpus everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x2545F4914F6CDD1Dull + 0x1234567) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
  int Range(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint32_t>(hi - lo + 1))); }
  bool Chance(double p) { return Uniform() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Below(static_cast<uint32_t>(v.size()))]; }

 private:
  uint64_t state_;
};

// Upper-cases the letter at s[pos] (ASCII or a Latin-1 lower-case letter).
void Capitalize(std::string* s, size_t pos) {
  if (pos >= s->size()) return;
  char& c = (*s)[pos];
  if (c >= 'a' && c <= 'z') {
    c = static_cast<char>(c - 32);
  } else if (static_cast<unsigned char>(c) == 0xC3 && pos + 1 < s->size()) {
    unsigned char& d = reinterpret_cast<unsigned char&>((*s)[pos + 1]);
    if (d >= 0xA0 && d <= 0xBE && d != 0xB7) d = static_cast<unsigned char>(d - 0x20);
  }
}

std::string Capitalized(std::string s) {
  Capitalize(&s, 0);
  return s;
}

struct SyllableSet {
  std::vector<std::string> onsets, nuclei, codas, suffixes;
};

const SyllableSet& FrenchSyllables() {
  static const SyllableSet s{
      {"b", "c", "ch", "d", "f", "g", "j", "l", "m", "n", "p", "qu", "r", "s", "t", "v", "br", "cr", "dr", "fr", "gr",
       "pl", "pr", "tr", "gn"},
      {"a", "e", "i", "o", "u", "ou", "ai", "au", "eu", "é", "è", "oi", "an", "en", "on", "in", "ê", "ie"},
      {"", "", "", "", "r", "s", "n", "l", "t", "x"},
      {"", "", "", "", "", "ment", "tion", "ique", "eur", "ette", "age", "ée", "ais", "ité", "ça"}};
  return s;
}

const SyllableSet& EnglishSyllables() {
  static const SyllableSet s{
      {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "th", "sh", "ch", "br",
       "cr", "gr", "pl", "tr", "str", "wh"},
      {"a", "e", "i", "o", "u", "ea", "ee", "oo", "ou", "ai", "ay", "ow", "oa", "ie"},
      {"", "", "", "n", "r", "s", "t", "ck", "ng", "nd", "st", "ll", "rt"},
      {"", "", "", "", "", "ing", "ed", "er", "tion", "ly", "ment", "ness", "al", "ity", "s"}};
  return s;
}

std::string MakePseudoWord(const SyllableSet& set, Rng& rng, int syllables, bool suffix) {
  std::string w;
  for (int k = 0; k < syllables; ++k) {
    w += rng.Pick(set.onsets);
    w += rng.Pick(set.nuclei);
    if (k + 1 == syllables || rng.Chance(0.3)) w += rng.Pick(set.codas);
  }
  if (suffix) w += rng.Pick(set.suffixes);
  return w;
}

// A language: real function words (so that the engine's stop-word language
// guess works) followed by pseudo-words, drawn with a Zipf law (s = 1) over
// their rank; shorter words are more frequent, as in real text.
class Language {
 public:
  Language(std::string code, const std::vector<std::string>& function_words, const SyllableSet& syllables,
           int vocabulary, Rng& rng)
      : code_(std::move(code)), function_words_(function_words.size()) {
    words_ = function_words;
    std::unordered_set<std::string> seen(words_.begin(), words_.end());
    std::vector<std::string> content;
    while (static_cast<int>(content.size()) < vocabulary) {
      const int syl = 1 + static_cast<int>(rng.Below(3)) + (rng.Chance(0.2) ? 1 : 0);
      std::string w = MakePseudoWord(syllables, rng, syl, rng.Chance(0.35));
      if (w.size() < 2 || !seen.insert(w).second) continue;
      content.push_back(std::move(w));
    }
    std::stable_sort(content.begin(), content.end(),
                     [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
    // Some long words among the frequent ones, some short among the rare.
    for (size_t i = 0; i + 1 < content.size(); i += 7) std::swap(content[i], content[rng.Below(content.size())]);
    words_.insert(words_.end(), content.begin(), content.end());
    cdf_.resize(words_.size());
    double sum = 0;
    for (size_t r = 0; r < words_.size(); ++r) cdf_[r] = (sum += 1.0 / static_cast<double>(r + 1));
  }

  const std::string& code() const { return code_; }
  bool french() const { return code_ == "fr"; }
  const std::string& Sample(Rng& rng) const { return words_[SampleRank(rng)]; }
  // Like Sample, but a function word after a function word is mostly redrawn:
  // text alternates function and content words, so runs of three or more
  // function words ("de la le et") are rare, as in real language.
  const std::string& SampleNext(Rng& rng, bool* function_word) const {
    size_t r = SampleRank(rng);
    if (*function_word && r < function_words_ && rng.Chance(0.8)) {
      for (int k = 0; k < 8 && r < function_words_; ++k) r = SampleRank(rng);
    }
    *function_word = r < function_words_;
    return words_[r];
  }
  // A word of middling frequency (ranks [200, 3000)): topic vocabulary.
  const std::string& MidWord(Rng& rng) const {
    const size_t lo = std::min<size_t>(200, words_.size() - 1);
    const size_t hi = std::min<size_t>(3000, words_.size());
    return words_[lo + rng.Below(static_cast<uint32_t>(hi - lo))];
  }
  size_t vocabulary() const { return words_.size(); }

 private:
  size_t SampleRank(Rng& rng) const {
    const double u = rng.Uniform() * cdf_.back();
    const size_t r = std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin();
    return std::min(r, words_.size() - 1);
  }

  std::string code_;
  size_t function_words_;
  std::vector<std::string> words_;  // by rank
  std::vector<double> cdf_;
};

// A number of an event: "130 000" / "130,000", "2,5 %" / "2.5%".
struct EventNumber {
  int64_t whole = 0;
  int tenths = -1;  // -1: an integer
  bool percent = false;
};

std::string FormatNumber(const EventNumber& n, bool french) {
  std::string digits = std::to_string(n.whole);
  std::string out;
  const int len = static_cast<int>(digits.size());
  for (int i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0 && len > 4) out += french ? ' ' : ',';
    out += digits[i];
  }
  if (n.tenths >= 0) {
    out += french ? ',' : '.';
    out += static_cast<char>('0' + n.tenths);
  }
  if (n.percent) out += french ? " %" : "%";
  return out;
}

EventNumber RandomNumber(Rng& rng) {
  EventNumber n;
  switch (rng.Below(4)) {
    case 0: n.whole = rng.Range(2, 99); break;
    case 1: n.whole = rng.Range(100, 9999); break;
    case 2: n.whole = rng.Range(1, 900) * 1000; break;
    default:
      n.whole = rng.Range(0, 40);
      n.tenths = rng.Range(0, 9);
      n.percent = true;
      break;
  }
  return n;
}

struct Event {
  std::vector<std::string> people;  // "Firstname Lastname"
  std::vector<std::string> places;
  std::vector<std::string> orgs;    // acronyms
  std::vector<EventNumber> numbers;
  std::vector<std::string> topic[2];  // per language: lower-case words
  int day = 0;                        // day of 2024
};

enum class ArticleKind { kPlain, kEvent, kReuseVerbatim, kReuseEdited, kNearDuplicate };

std::string IsoDate(int day_of_year) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // 2024
  int d = ((day_of_year % 366) + 366) % 366;
  int m = 0;
  while (d >= kDays[m]) d -= kDays[m++];
  char buf[16];
  std::snprintf(buf, sizeof buf, "2024-%02d-%02d", m + 1, d + 1);
  return buf;
}

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {
    Rng lang_rng(seed ^ 0xA5A5A5A5ull);
    languages_.emplace_back(
        "fr",
        std::vector<std::string>{"de",   "la",   "le",   "et",  "les",  "des",  "en",   "un",   "à",    "une",
                                 "du",   "est",  "que",  "dans", "qui", "pour", "au",   "sur",  "pas",  "par",
                                 "a",    "il",   "avec", "ce",  "elle", "ne",   "se",   "sont", "plus", "son",
                                 "ou",   "mais", "ses",  "leur", "été", "cette", "aux", "nous", "comme", "après"},
        FrenchSyllables(), 5000, lang_rng);
    languages_.emplace_back(
        "en",
        std::vector<std::string>{"the",  "of",   "and",   "to",   "a",     "in",    "is",   "was",  "that", "for",
                                 "on",   "with", "as",    "by",   "it",    "he",    "said", "at",   "from", "his",
                                 "be",   "have", "has",   "this", "were",  "not",   "are",  "which", "will", "would",
                                 "its",  "they", "she",   "her",  "been",  "an",    "had",  "but",  "their", "who"},
        EnglishSyllables(), 5000, lang_rng);
    // Proper nouns (people, places) shared by both languages.
    SyllableSet names = FrenchSyllables();
    for (const auto& o : EnglishSyllables().onsets) names.onsets.push_back(o);
    names.suffixes = {"", "", "", "ov", "son", "ez", "ini", "ville", "berg", "ac", "ard", "ski"};
    std::unordered_set<std::string> seen;
    while (proper_.size() < 4000) {
      std::string w = Capitalized(MakePseudoWord(names, lang_rng, 1 + lang_rng.Below(3), lang_rng.Chance(0.5)));
      if (w.size() >= 3 && seen.insert(w).second) proper_.push_back(std::move(w));
    }
    for (int k = 0; k < 50; ++k) {
      const bool french = k < 25;
      std::string host = MakePseudoWord(names, lang_rng, 2, false);
      for (char& c : host) {
        if (static_cast<unsigned char>(c) >= 0x80) c = 'e';  // ASCII host names
      }
      outlets_.push_back(host + (french ? std::string("-info.fr") : std::string("news.com")));
    }
  }

  // Generates n articles; `truth` receives the reuse and near-duplicate pairs
  // and the event of each event article.
  std::vector<Article> Generate(size_t n, std::vector<TruthPair>* truth, CorpusStats* stats) {
    const size_t num_events = std::max<size_t>(1, n / 20);
    events_.clear();
    for (size_t e = 0; e < num_events; ++e) events_.push_back(MakeEvent());
    stats->events = num_events;
    std::vector<std::vector<uint32_t>> event_articles(num_events);  // rows, in order
    std::vector<Article> out;
    out.reserve(n);
    paragraphs_.clear();
    paragraphs_.reserve(n);
    std::vector<int> article_event;  // -1: none
    std::vector<int> article_lang;
    article_event.reserve(n);
    article_lang.reserve(n);

    for (size_t i = 0; i < n; ++i) {
      const double u = rng_.Uniform();
      ArticleKind kind = ArticleKind::kPlain;
      if (u < 0.01 && i > 0) kind = ArticleKind::kNearDuplicate;
      else if (u < 0.06) kind = rng_.Chance(0.5) ? ArticleKind::kReuseVerbatim : ArticleKind::kReuseEdited;
      else if (u < 0.31) kind = ArticleKind::kEvent;

      int event = -1;
      int source = -1;
      if (kind == ArticleKind::kReuseVerbatim || kind == ArticleKind::kReuseEdited) {
        // The source: an earlier article of some event.
        for (int attempt = 0; attempt < 8 && source < 0; ++attempt) {
          const int e = static_cast<int>(rng_.Below(static_cast<uint32_t>(num_events)));
          if (!event_articles[e].empty()) {
            event = e;
            source = static_cast<int>(rng_.Pick(event_articles[e]));
          }
        }
        if (source < 0) kind = ArticleKind::kEvent;
      }
      if (kind == ArticleKind::kEvent) event = static_cast<int>(rng_.Below(static_cast<uint32_t>(num_events)));
      if (kind == ArticleKind::kNearDuplicate) source = static_cast<int>(rng_.Below(static_cast<uint32_t>(i)));

      int lang;
      if (source >= 0) lang = article_lang[source];
      else lang = static_cast<int>(rng_.Below(2));
      const std::string outlet = outlets_[lang * 25 + rng_.Below(25)];

      Article a;
      char id[32];
      std::snprintf(id, sizeof id, "a%08zu", i);
      a.id = id;
      a.outlet = outlet;
      std::vector<Span> paras;
      int day;
      if (kind == ArticleKind::kNearDuplicate) {
        const Article& src = out[source];
        a.title = src.title;
        a.text = src.text;
        paras = paragraphs_[source];
        // A few words changed in the body (the title line is left alone).
        const size_t body = paras.empty() ? 0 : paras.front().begin;
        EditWords(&a.text, body, a.text.size(), rng_.Range(2, 5), languages_[lang], &paras);
        day = DayOf(src.date) + static_cast<int>(rng_.Below(2));
        event = article_event[source];
        truth->push_back({src.id, a.id, "near-duplicate"});
        ++stats->near_duplicates;
      } else {
        day = event >= 0 ? events_[event].day + rng_.Range(0, 3) : static_cast<int>(rng_.Below(366));
        Article* src = source >= 0 ? &out[source] : nullptr;
        WriteArticle(languages_[lang], event >= 0 ? &events_[event] : nullptr, kind,
                     src, source >= 0 ? &paragraphs_[source] : nullptr, &a, &paras);
        if (src) {
          truth->push_back({src->id, a.id, kind == ArticleKind::kReuseVerbatim ? "reuse-verbatim" : "reuse-edited"});
          ++(kind == ArticleKind::kReuseVerbatim ? stats->reuse_verbatim : stats->reuse_edited);
        }
      }
      a.date = IsoDate(day);
      a.url = "https://www." + outlet + "/" + a.date.substr(0, 4) + "/" + a.date.substr(5, 2) + "/" + a.id;
      if (event >= 0) {
        truth->push_back({a.id, std::to_string(event), "event"});
        event_articles[event].push_back(static_cast<uint32_t>(i));
        ++stats->event_articles;
      }
      ++(lang == 0 ? stats->french : stats->english);
      article_event.push_back(event);
      article_lang.push_back(lang);
      paragraphs_.push_back(std::move(paras));
      out.push_back(std::move(a));
    }
    stats->with_boilerplate = boilerplate_articles_;
    paragraphs_ = {};
    return out;
  }

 private:
  static int DayOf(const std::string& date) {
    static const int kStart[] = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335};
    const int m = std::atoi(date.substr(5, 2).c_str());
    const int d = std::atoi(date.substr(8, 2).c_str());
    return kStart[m - 1] + d - 1;
  }

  Event MakeEvent() {
    Event e;
    const int people = rng_.Range(2, 4);
    for (int k = 0; k < people; ++k) e.people.push_back(rng_.Pick(proper_) + " " + rng_.Pick(proper_));
    for (int k = rng_.Range(1, 3); k > 0; --k) e.places.push_back(rng_.Pick(proper_));
    for (int k = rng_.Range(1, 2); k > 0; --k) {
      std::string acronym;
      for (int c = rng_.Range(3, 5); c > 0; --c) acronym += static_cast<char>('A' + rng_.Below(26));
      e.orgs.push_back(acronym);
    }
    for (int k = rng_.Range(2, 4); k > 0; --k) e.numbers.push_back(RandomNumber(rng_));
    for (int l = 0; l < 2; ++l) {
      for (int k = 0; k < 25; ++k) e.topic[l].push_back(languages_[l].MidWord(rng_));
    }
    e.day = static_cast<int>(rng_.Below(366));
    return e;
  }

  // One word (or name, or number) of running text.
  void AppendTerm(const Language& lang, const Event* event, const std::vector<std::string>& own_topic,
                  std::string* out) {
    const int l = lang.french() ? 0 : 1;
    const bool after_function_word = function_word_;
    function_word_ = false;
    if (event && rng_.Chance(0.10)) {
      const uint32_t r = rng_.Below(100);
      if (r < 40) *out += rng_.Pick(event->topic[l]);
      else if (r < 65) *out += rng_.Pick(event->people);
      else if (r < 80) *out += rng_.Pick(event->places);
      else if (r < 90) *out += FormatNumber(rng_.Pick(event->numbers), lang.french());
      else *out += rng_.Pick(event->orgs);
      return;
    }
    if (rng_.Chance(0.05)) {
      *out += rng_.Pick(own_topic);
    } else if (rng_.Chance(0.02)) {
      *out += rng_.Pick(proper_);
    } else if (rng_.Chance(0.01)) {
      *out += FormatNumber(RandomNumber(rng_), lang.french());
    } else {
      function_word_ = after_function_word;
      *out += lang.SampleNext(rng_, &function_word_);
    }
  }

  // A sentence of 10-30 words, capitalised, with commas and an end mark;
  // sometimes a quotation attributed to a person.
  void AppendSentence(const Language& lang, const Event* event, const std::vector<std::string>& own_topic,
                      std::string* out) {
    const int words = rng_.Range(10, 30);
    const bool quote = rng_.Chance(event ? 0.12 : 0.05);
    if (quote) *out += lang.french() ? "« " : "\xE2\x80\x9C";
    const size_t first = out->size();
    function_word_ = false;
    for (int w = 0; w < words; ++w) {
      if (w > 0) *out += (w > 2 && w + 2 < words && rng_.Chance(0.07)) ? ", " : " ";
      AppendTerm(lang, event, own_topic, out);
    }
    Capitalize(out, first);
    if (quote) {
      const std::string& who = event ? rng_.Pick(event->people) : rng_.Pick(proper_);
      *out += lang.french() ? " », a déclaré " + who + "." : ",\xE2\x80\x9D said " + who + ".";
      return;
    }
    const uint32_t r = rng_.Below(100);
    *out += r < 92 ? "." : r < 96 ? "?" : "!";
  }

  void AppendParagraph(const Language& lang, const Event* event, const std::vector<std::string>& own_topic,
                       std::string* out) {
    const int sentences = rng_.Range(3, 6);
    for (int s = 0; s < sentences; ++s) {
      if (s > 0) *out += ' ';
      AppendSentence(lang, event, own_topic, out);
    }
  }

  void AppendBoilerplate(const Language& lang, std::string* out) {
    switch (rng_.Below(3)) {
      case 0:
        *out += lang.french() ? "Partager sur Facebook\n\nPartager sur Twitter\n\n" : "Share on facebook\n\nShare on twitter\n\n";
        break;
      case 1:
        *out += (lang.french() ? "Photo : " : "Photo: ") + rng_.Pick(proper_) + " " + rng_.Pick(proper_) + " / AFP\n\n";
        break;
      default:
        *out += (lang.french() ? "Lire aussi : " : "Read more: ") + Capitalized(lang.Sample(rng_)) + " " +
                lang.Sample(rng_) + " " + rng_.Pick(proper_) + "\n\n";
        break;
    }
  }

  // Title line, blank line, paragraphs until ~3,000 bytes; a reuse article
  // takes one paragraph of `source` (verbatim or with a few words changed).
  void WriteArticle(const Language& lang, const Event* event, ArticleKind kind, const Article* source,
                    const std::vector<Span>* source_paras, Article* a, std::vector<Span>* paras) {
    std::vector<std::string> own_topic;
    for (int k = 0; k < 10; ++k) own_topic.push_back(lang.MidWord(rng_));
    std::string& t = a->text;
    t.reserve(4096);
    // Title: 6-12 words, no end mark; an event title names a place or a person.
    const size_t title_begin = t.size();
    for (int w = rng_.Range(6, 12); w > 0; --w) {
      if (t.size() > title_begin) t += ' ';
      if (event && w == 3) t += rng_.Chance(0.5) ? rng_.Pick(event->places) : rng_.Pick(event->people);
      else AppendTerm(lang, event, own_topic, &t);
    }
    Capitalize(&t, title_begin);
    a->title = t.substr(title_begin);
    t += "\n\n";
    const bool boilerplate = rng_.Chance(0.2);
    boilerplate_articles_ += boilerplate;
    if (boilerplate) AppendBoilerplate(lang, &t);
    const size_t target = 2500 + rng_.Below(1001);
    std::optional<std::string> reused;
    if (source && source_paras && !source_paras->empty()) {
      // The longer of two random paragraphs of the source.
      Span p = (*source_paras)[rng_.Below(source_paras->size())];
      const Span q = (*source_paras)[rng_.Below(source_paras->size())];
      if (q.size() > p.size()) p = q;
      reused = source->text.substr(p.begin, p.size());
      if (kind == ArticleKind::kReuseEdited) {
        const size_t words = std::count(reused->begin(), reused->end(), ' ') + 1;
        EditWords(&*reused, 0, reused->size(), std::max<int>(1, static_cast<int>(words / 12)), lang, nullptr);
      }
    }
    const int reuse_at = rng_.Range(0, 3);
    for (int p = 0; t.size() < target || (reused && p <= reuse_at); ++p) {
      if (p > 0) t += "\n\n";
      if (boilerplate && p == 3 && rng_.Chance(0.5)) AppendBoilerplate(lang, &t);
      const size_t begin = t.size();
      if (reused && p == reuse_at) {
        t += *reused;
        reused.reset();
      } else {
        AppendParagraph(lang, event, own_topic, &t);
      }
      paras->push_back(Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(t.size())});
    }
    t += '\n';
  }

  // Replaces `count` plain lower-case words of text[begin, end) by other words
  // of the language; paragraph spans after an edit are shifted.
  void EditWords(std::string* text, size_t begin, size_t end, int count, const Language& lang,
                 std::vector<Span>* paras) {
    std::vector<std::pair<size_t, size_t>> words;  // [b, e)
    size_t i = begin;
    while (i < end) {
      while (i < end && (*text)[i] == ' ') ++i;
      size_t j = i;
      bool plain = true;
      while (j < end && (*text)[j] != ' ') {
        const auto c = static_cast<unsigned char>((*text)[j]);
        plain = plain && ((c >= 'a' && c <= 'z') || c >= 0x80);
        ++j;
      }
      if (j > i && plain && i > begin && (*text)[i - 1] == ' ') words.emplace_back(i, j);
      i = j;
    }
    if (words.empty()) return;
    std::set<size_t> chosen;
    for (int k = 0; k < count * 4 && static_cast<int>(chosen.size()) < count; ++k) {
      chosen.insert(rng_.Below(static_cast<uint32_t>(words.size())));
    }
    // Right to left, so earlier offsets stay valid.
    for (auto it = chosen.rbegin(); it != chosen.rend(); ++it) {
      const auto [b, e] = words[*it];
      const std::string& w = lang.Sample(rng_);
      text->replace(b, e - b, w);
      const int64_t delta = static_cast<int64_t>(w.size()) - static_cast<int64_t>(e - b);
      if (paras && delta != 0) {
        for (Span& s : *paras) {
          if (s.begin > b) s.begin = static_cast<uint32_t>(s.begin + delta);
          if (s.end > b) s.end = static_cast<uint32_t>(s.end + delta);
        }
      }
    }
  }

  Rng rng_;
  std::vector<Language> languages_;
  std::vector<std::string> proper_;
  std::vector<std::string> outlets_;
  std::vector<Event> events_;
  std::vector<std::vector<Span>> paragraphs_;  // of each generated article, during Generate
  size_t boilerplate_articles_ = 0;
  bool function_word_ = false;  // the last term written was a function word
};

}  // namespace

class CorpusGenerator::Impl {
 public:
  explicit Impl(uint64_t seed) : generator(seed) {}
  Generator generator;
};

CorpusGenerator::CorpusGenerator(uint64_t seed) : impl_(std::make_unique<Impl>(seed)) {}
CorpusGenerator::~CorpusGenerator() = default;

std::vector<Article> CorpusGenerator::Generate(size_t n, std::vector<TruthPair>* truth, CorpusStats* stats) {
  return impl_->generator.Generate(n, truth, stats);
}

}  // namespace parallax::bench
