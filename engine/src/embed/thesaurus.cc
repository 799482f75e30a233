#include "parallax/thesaurus.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "features.h"
#include "parallax/bytes.h"
#include "parallax/input.h"
#include "parallax/utf8.h"

namespace parallax {
namespace {

// Inflection rules, tried on every word (English, then French); a wrong
// guess ("rates" -> "rat") costs little, as it must also be a synonym of a
// word of the other text. Measured on STS-B (Python): keeping every rule's
// result beat stopping at the first headword (76.7 vs 76.2).
struct SuffixRule {
  std::u32string_view suffix, replacement;
};
constexpr SuffixRule kSuffixRules[] = {
    {U"s", U""},   {U"es", U""},  {U"ies", U"y"}, {U"ied", U"y"}, {U"ed", U""},    {U"d", U""},
    {U"ing", U""}, {U"ing", U"e"}, {U"x", U""},    {U"e", U""},    {U"aux", U"al"}, {U"é", U"er"},
    {U"ée", U"er"}, {U"és", U"er"}, {U"ées", U"er"},
};

constexpr uint64_t kSpellingSeed = 0x7468657361757275ULL;  // "thesauru"

Status LineError(const std::string& path, size_t line, const std::string& what) {
  return Status::Corruption(path + ":" + std::to_string(line) + ": " + what +
                            " (expected a MyThes thesaurus: \"word|count\" lines, each followed by count "
                            "lines \"(pos)|synonym|...\")");
}

}  // namespace

uint64_t SpellingKey(const uint32_t* codepoints, size_t size) {
  uint64_t h = kSpellingSeed;
  for (size_t i = 0; i < size; ++i) h = Mix64(h ^ FoldLetter(codepoints[i]));
  return h;
}

StatusOr<Thesaurus> Thesaurus::Load(const std::vector<std::string>& paths) {
  Thesaurus t;
  std::vector<uint32_t> cps;
  const auto key_of = [&cps](std::string_view word) {
    cps.clear();
    AppendCodepoints(word, &cps);
    return SpellingKey(cps.data(), cps.size());
  };
  for (const std::string& path : paths) {
    // Only a regular file, of a sane size, is read (a FIFO would block, a
    // device never end).
    auto read = ReadInputFile(path, kMaxFileBytes);
    if (!read.ok()) return read.status().WithContext("cannot read thesaurus");
    const std::string data = std::move(read).value();
    if (const size_t bad = FindInvalidUtf8(data); bad != std::string_view::npos) {
      const size_t line = 1 + std::count(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
      return LineError(path, line, "invalid UTF-8");
    }
    std::vector<std::string_view> lines;
    for (size_t at = 0; at < data.size();) {
      size_t end = data.find('\n', at);
      if (end == std::string::npos) end = data.size();
      std::string_view line(data.data() + at, end - at);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines.push_back(line);
      at = end + 1;
    }
    if (lines.empty() || (lines[0] != "UTF-8" && lines[0] != "utf-8")) {
      return LineError(path, 1, "the first line must name the encoding UTF-8 (other encodings are not read)");
    }
    for (size_t i = 1; i < lines.size();) {
      const std::string_view header = lines[i];
      if (header.empty()) {
        ++i;
        continue;
      }
      const size_t bar = header.rfind('|');
      size_t count = 0;
      const char* count_end = header.data() + header.size();
      if (bar == std::string_view::npos || bar == 0 ||
          std::from_chars(header.data() + bar + 1, count_end, count).ptr != count_end || bar + 1 == header.size()) {
        return LineError(path, i + 1, "not a \"word|count\" line");
      }
      if (count > lines.size() - i - 1) return LineError(path, i + 1, "fewer sense lines than its count");
      const uint64_t head = key_of(header.substr(0, bar));
      const size_t first = t.synonyms_.size();
      for (size_t s = i + 1; s <= i + count; ++s) {
        std::string_view sense = lines[s];
        if (sense.empty() || sense.front() != '(') return LineError(path, s + 1, "not a \"(pos)|synonym|...\" line");
        for (size_t at = sense.find('|'); at != std::string_view::npos;) {
          const size_t next = sense.find('|', at + 1);
          const std::string_view word = sense.substr(at + 1, next == std::string_view::npos ? next : next - at - 1);
          at = next;
          // Only single words can meet a word of a text; a parenthesised
          // note marks a broader, related or opposite term.
          if (word.empty() || word.find_first_of(" (") != std::string_view::npos) continue;
          const uint64_t key = key_of(word);
          if (key != head) t.synonyms_.push_back(key);
        }
      }
      std::sort(t.synonyms_.begin() + static_cast<std::ptrdiff_t>(first), t.synonyms_.end());
      t.synonyms_.erase(std::unique(t.synonyms_.begin() + static_cast<std::ptrdiff_t>(first), t.synonyms_.end()),
                        t.synonyms_.end());
      t.heads_.push_back({head, static_cast<uint32_t>(first), static_cast<uint32_t>(t.synonyms_.size())});
      i += count + 1;
    }
  }
  std::sort(t.heads_.begin(), t.heads_.end(), [](const Head& x, const Head& y) { return x.key < y.key; });
  return t;
}

std::vector<uint64_t> Thesaurus::Forms(const uint32_t* codepoints, size_t size) const {
  std::vector<uint64_t> forms;
  forms.push_back(SpellingKey(codepoints, size));
  std::vector<uint32_t> stem;
  for (const SuffixRule& rule : kSuffixRules) {
    const size_t n = rule.suffix.size();
    if (size <= n + 2) continue;
    bool ends = true;
    for (size_t k = 0; k < n && ends; ++k) ends = FoldLetter(codepoints[size - n + k]) == FoldLetter(rule.suffix[k]);
    if (!ends) continue;
    stem.assign(codepoints, codepoints + size - n);
    stem.insert(stem.end(), rule.replacement.begin(), rule.replacement.end());
    forms.push_back(SpellingKey(stem.data(), stem.size()));
  }
  std::sort(forms.begin(), forms.end());
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  return forms;
}

std::vector<uint64_t> Thesaurus::Synonyms(uint64_t headword) const {
  std::vector<uint64_t> out;
  auto at = std::lower_bound(heads_.begin(), heads_.end(), headword,
                             [](const Head& h, uint64_t k) { return h.key < k; });
  for (; at != heads_.end() && at->key == headword; ++at) {
    out.insert(out.end(), synonyms_.begin() + at->begin, synonyms_.begin() + at->end);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace parallax
