#include "embed/features.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace parallax {

namespace {

// Decodes valid UTF-8 (the corpus reader guarantees it) into code points.
void AppendCodepoints(std::string_view s, std::vector<uint32_t>* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    uint32_t cp;
    size_t len;
    if (c < 0x80) { cp = c; len = 1; }
    else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
    else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; len = 3; }
    else { cp = c & 0x07; len = 4; }
    for (size_t k = 1; k < len && i + k < n; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
    i += len;
    out->push_back(cp == 0x2581 ? ' ' : cp);  // sentencepiece's word marker is a space
  }
}

}  // namespace

FeatureExtractor::FeatureExtractor(const Tokenizer& tokenizer, const FeatureOptions& options)
    : tokenizer_(tokenizer), options_(options), mask_((1u << options.hash_bits) - 1) {}

void FeatureExtractor::Collect(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end) {
  for (auto& k : keys_) k.clear();
  codepoints_.clear();
  uint64_t word = 0;  // hash of the pieces of the current word so far
  auto flush_word = [&] {
    if (word != 0) keys_[kWord].push_back(static_cast<uint32_t>(MixKey(word)) & mask_);
    word = 0;
  };
  for (size_t t = begin; t < end; ++t) {
    const uint32_t id = tokens[t].id;
    std::string_view piece = tokenizer_.PieceText(id);
    const bool marked = piece.substr(0, 3) == "\xE2\x96\x81";
    const std::string_view bare = marked ? piece.substr(3) : piece;
    // Punctuation is not part of a word: "Moscou," is the word "Moscou".
    const bool punctuation = !bare.empty() && static_cast<unsigned char>(bare[0]) < 0x80 &&
                             !std::isalnum(static_cast<unsigned char>(bare[0]));
    if (piece.empty() || marked || punctuation || (t > begin && tokens[t - 1].end < tokens[t].begin)) flush_word();
    if (!punctuation) word = MixKey(word ^ (uint64_t{kWord} << 56) ^ id);
    if (piece.empty()) {  // unknown piece: its own bytes
      piece = text.substr(tokens[t].begin, tokens[t].end - tokens[t].begin);
      codepoints_.push_back(' ');
    }
    AppendCodepoints(piece, &codepoints_);
  }
  flush_word();
  const size_t n = codepoints_.size();
  for (int len = options_.char_min; len <= options_.char_max; ++len) {
    for (size_t i = 0; i + len <= n; ++i) {
      uint64_t h = (uint64_t{kChar} << 56) | static_cast<uint64_t>(len);
      for (int k = 0; k < len; ++k) h = MixKey(h ^ codepoints_[i + k]);
      keys_[kChar].push_back(static_cast<uint32_t>(h) & mask_);
    }
  }
}

void FeatureExtractor::UniqueKeys(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
                                  std::vector<uint32_t>* keys) {
  Collect(text, tokens, begin, end);
  for (const auto& k : keys_) keys->insert(keys->end(), k.begin(), k.end());
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
}

SparseVector FeatureExtractor::Weighted(std::string_view text, const std::vector<Token>& tokens, size_t begin,
                                        size_t end, const std::vector<float>& idf) {
  Collect(text, tokens, begin, end);
  const float weights[kFamilies] = {options_.word_weight, options_.char_weight};
  std::vector<std::pair<uint32_t, float>> entries;
  for (int f = 0; f < kFamilies; ++f) {
    auto& keys = keys_[f];
    if (keys.empty() || weights[f] <= 0) continue;
    std::sort(keys.begin(), keys.end());
    const size_t first = entries.size();
    double norm = 0;
    for (size_t i = 0; i < keys.size();) {
      size_t j = i;
      while (j < keys.size() && keys[j] == keys[i]) ++j;
      const float w = (1.0f + std::log(static_cast<float>(j - i))) * idf[keys[i]];
      entries.emplace_back(keys[i], w);
      norm += double{w} * w;
      i = j;
    }
    const float scale = norm > 0 ? static_cast<float>(weights[f] / std::sqrt(norm)) : 0.0f;
    for (size_t i = first; i < entries.size(); ++i) entries[i].second *= scale;
  }
  std::sort(entries.begin(), entries.end());
  SparseVector v;
  v.keys.reserve(entries.size());
  v.values.reserve(entries.size());
  double norm = 0;
  for (size_t i = 0; i < entries.size();) {
    float w = 0;
    const uint32_t key = entries[i].first;
    for (; i < entries.size() && entries[i].first == key; ++i) w += entries[i].second;
    v.keys.push_back(key);
    v.values.push_back(w);
    norm += double{w} * w;
  }
  if (norm > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (float& w : v.values) w *= inv;
  }
  return v;
}

}  // namespace parallax
