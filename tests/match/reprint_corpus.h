// A small corpus full of reprints, for the reprint groups of FindPairs and
// `pairs`: two wire stories carried by many outlets (verbatim, trimmed,
// lightly edited), roundups that take a paragraph of each, and articles
// written on their own. Pseudo-English text from a fixed generator, so the
// corpus is the same on every machine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parallax/article.h"

namespace parallax::reprint_corpus {

// A fixed pseudo-random sequence (xorshift64*): the same everywhere, unlike
// the standard distributions.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t Next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1Dull;
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

class Writer {
 public:
  explicit Writer(uint64_t seed) : random_(seed) {
    static const char* const kSyllables[] = {"ka", "lo", "mi", "ten", "ra", "vo", "sel", "dun", "pa", "rik",
                                             "om", "bre", "tas", "ne", "gul", "fi", "zar", "co", "mel", "hu"};
    for (int i = 0; i < 2000; ++i) {
      std::string word;
      const size_t syllables = 2 + random_.Below(3);
      for (size_t s = 0; s < syllables; ++s) word += kSyllables[random_.Below(20)];
      words_.push_back(word);
    }
  }
  // A word: rare words more often from the start of the list (a rough Zipf law).
  std::string Word() {
    static const char* const kFunction[] = {"the", "of", "and", "to", "in", "a", "is", "that", "for", "on",
                                            "with", "as", "was", "by", "at", "from", "said", "their", "has", "will"};
    if (random_.Below(3) == 0) return kFunction[random_.Below(20)];
    return words_[random_.Below(1 + random_.Below(words_.size()))];
  }
  std::string Sentence() {
    std::string s = Word();
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
    const size_t n = 12 + random_.Below(10);
    for (size_t i = 1; i < n; ++i) s += " " + Word();
    return s + ".";
  }
  std::string Paragraph() {
    std::string p = Sentence();
    for (int i = 0; i < 3; ++i) p += " " + Sentence();
    return p;
  }
  std::vector<std::string> Paragraphs(size_t n) {
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) out.push_back(Paragraph());
    return out;
  }
  // One word in `every` replaced by another.
  std::string Edit(const std::string& paragraph, size_t every) {
    std::string out, word;
    auto flush = [&] {
      if (word.empty()) return;
      out += random_.Below(every) == 0 ? Word() : word;
      word.clear();
    };
    for (char ch : paragraph) {
      if (ch == ' ' || ch == '.') {
        flush();
        out += ch;
      } else {
        word += ch;
      }
    }
    flush();
    return out;
  }
  Random& random() { return random_; }

 private:
  Random random_;
  std::vector<std::string> words_;
};

inline Article MakeArticle(const std::string& id, const std::string& outlet, const std::string& date,
                           const std::vector<std::string>& paragraphs) {
  Article a;
  a.id = id;
  a.outlet = outlet;
  a.date = date;
  a.lang = "en";
  a.title = paragraphs.front().substr(0, paragraphs.front().find('.'));
  for (const std::string& p : paragraphs) {  // paragraphs apart, each a content segment (as the reader makes them)
    if (!a.text.empty()) a.text += "\n\n";
    const auto begin = static_cast<uint32_t>(a.text.size());
    a.text += p;
    a.segments.push_back(Span{begin, static_cast<uint32_t>(a.text.size())});
  }
  return a;
}

// In this order (rows): 10 articles of their own, copies of wire story A
// ("a-copy-NN", 2024-03-02 to 2024-03-04, and one undated), story A itself
// ("wire-a", 2024-03-01: the earliest, though not the lowest row), copies of
// story B ("b-copy-NN", the first two dated 2024-03-05 like "wire-b" and
// before it by row: "b-copy-00" is the earliest of B's), "wire-b", three
// roundups (a paragraph of A, one of B, text of their own), and 10 more
// articles of their own. Copies are verbatim, trimmed to their first 4 or
// 5 paragraphs, or edited (a word in 20 replaced).
inline constexpr int kCopiesOfA = 20;
inline constexpr int kCopiesOfB = 8;
inline std::vector<Article> Articles() {
  Writer w(19);
  std::vector<Article> out;
  auto own = [&](int count, int first) {
    for (int i = 0; i < count; ++i) {
      out.push_back(MakeArticle("own-" + std::to_string(first + i), "outlet-" + std::to_string(i % 7),
                                "2024-03-0" + std::to_string(1 + i % 9), w.Paragraphs(5)));
    }
  };
  const std::vector<std::string> wire_a = w.Paragraphs(6), wire_b = w.Paragraphs(6);
  auto copy = [&](const std::vector<std::string>& wire, int i) {
    std::vector<std::string> body = wire;
    if (i % 3 == 1) body.resize(4 + i % 2);  // trimmed
    if (i % 3 == 2) {
      for (std::string& p : body) p = w.Edit(p, 20);  // lightly edited
    }
    return body;
  };
  auto two = [](int i) { return (i < 10 ? "0" : "") + std::to_string(i); };
  own(10, 0);
  for (int i = 0; i < kCopiesOfA; ++i) {
    const std::string date = i == kCopiesOfA - 1 ? "" : "2024-03-0" + std::to_string(2 + i % 3);
    out.push_back(MakeArticle("a-copy-" + two(i), "outlet-" + std::to_string(i), date, copy(wire_a, i)));
  }
  out.push_back(MakeArticle("wire-a", "wire", "2024-03-01", wire_a));
  for (int i = 0; i < kCopiesOfB; ++i) {
    const std::string date = "2024-03-0" + std::to_string(i < 2 ? 5 : 6 + i % 3);
    out.push_back(MakeArticle("b-copy-" + two(i), "outlet-" + std::to_string(20 + i), date, copy(wire_b, i)));
  }
  out.push_back(MakeArticle("wire-b", "wire", "2024-03-05", wire_b));
  for (int i = 0; i < 3; ++i) {
    std::vector<std::string> body = {wire_a[1 + i], wire_b[2 + i]};
    for (const std::string& p : w.Paragraphs(3)) body.push_back(p);
    out.push_back(MakeArticle("roundup-" + std::to_string(i), "outlet-roundup", "2024-03-07", body));
  }
  own(10, 10);
  return out;
}

}  // namespace parallax::reprint_corpus
