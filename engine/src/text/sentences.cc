#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "parallax/tokenizer.h"

namespace parallax {

namespace {

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of the UTF-8 sequence at text[i] if it is one of the given code
// points' encodings, else 0.
size_t MatchAny(std::string_view text, size_t i, std::initializer_list<std::string_view> options) {
  for (auto o : options) {
    if (text.substr(i, o.size()) == o) return o.size();
  }
  return 0;
}

// Closing quotes and brackets that belong to the sentence they end.
size_t ClosingMark(std::string_view text, size_t i) {
  return MatchAny(text, i, {"\"", "'", ")", "\xC2\xBB" /*»*/, "\xE2\x80\x9D" /*”*/, "\xE2\x80\x99" /*’*/});
}

// Whether text[i] starts something a new sentence can start with: an
// upper-case letter (ASCII or a Latin-1/Latin Extended capital), a digit or an
// opening quote.
bool StartsSentence(std::string_view text, size_t i) {
  if (i >= text.size()) return false;
  const unsigned char c = text[i];
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' || c == '\'') return true;
  if (MatchAny(text, i, {"\xC2\xAB" /*«*/, "\xE2\x80\x9C" /*“*/, "\xE2\x80\x98" /*‘*/})) return true;
  // U+00C0..U+00DE (À..Þ, minus ×) are capitals: lead byte 0xC3, second 0x80..0x9E.
  if (c == 0xC3 && i + 1 < text.size()) {
    const unsigned char d = text[i + 1];
    return d >= 0x80 && d <= 0x9E && d != 0x97;
  }
  return false;
}

bool IsUpperAscii(unsigned char c) { return c >= 'A' && c <= 'Z'; }

void Emit(std::string_view text, size_t begin, size_t end, std::vector<Span>* out) {
  while (begin < end && IsSpace(text[begin])) ++begin;
  while (end > begin && IsSpace(text[end - 1])) --end;
  if (end > begin) out->push_back(Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
}

}  // namespace

void SplitSentences(std::string_view text, Span span, std::vector<Span>* out) {
  size_t start = span.begin;
  size_t i = span.begin;
  const size_t end = span.end;
  while (i < end) {
    const unsigned char c = text[i];
    size_t mark = 0;
    if (c == '.' || c == '!' || c == '?') mark = 1;
    else mark = MatchAny(text, i, {"\xE2\x80\xA6" /*…*/});
    if (mark == 0) { ++i; continue; }
    size_t j = i + mark;
    // Runs of marks ("?!", "...") and closing quotes stay with the sentence.
    while (j < end && (text[j] == '.' || text[j] == '!' || text[j] == '?')) ++j;
    while (j < end) {
      size_t q = ClosingMark(text, j);
      if (q == 0) {
        // French typography spaces the closing guillemet: "prudence. »".
        size_t s = j;
        while (s < end && IsSpace(text[s])) ++s;
        if (s > j && MatchAny(text, s, {"\xC2\xBB"})) q = s - j + 2;
      }
      if (q == 0) break;
      j += q;
    }
    size_t k = j;
    while (k < end && IsSpace(text[k])) ++k;
    bool boundary = false;
    if (c == '.' && mark == 1 && j == i + 1) {
      // "M. Dupont", "U.S. troops": one capital before the period is an initial.
      const bool initial = i >= 1 && IsUpperAscii(text[i - 1]) && (i == span.begin + 1 || !std::isalnum(static_cast<unsigned char>(text[i - 2])));
      const bool decimal = i >= 1 && std::isdigit(static_cast<unsigned char>(text[i - 1])) && j < end && std::isdigit(static_cast<unsigned char>(text[j]));
      boundary = !initial && !decimal && StartsSentence(text, k);
    } else {
      boundary = StartsSentence(text, k) || k == end;
    }
    if (boundary) {
      Emit(text, start, j, out);
      start = k;
    }
    i = std::max(j, i + 1);
  }
  Emit(text, start, end, out);
}

}  // namespace parallax
