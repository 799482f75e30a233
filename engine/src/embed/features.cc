#include "embed/features.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace parallax {

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

namespace {

// Maps a float to an unsigned integer in the same order (NaN aside).
uint32_t OrderedBits(float f) {
  const uint32_t b = std::bit_cast<uint32_t>(f);
  return (b & 0x80000000u) ? ~b : (b | 0x80000000u);
}

// The k-th largest (1 <= k <= size) of `values`: a radix select, 11 + 11 + 10
// bits, whose counting loops have no unpredictable branches (the comparisons
// of std::nth_element mispredicted half the time).
uint32_t KthLargest(const std::vector<uint32_t>& values, size_t k) {
  constexpr int kShift[] = {21, 10, 0};
  constexpr int kWidth[] = {11, 11, 10};
  uint32_t prefix = 0, known = 0;  // the answer's high bits found so far, and their mask
  for (int pass = 0; pass < 3; ++pass) {
    const uint32_t digits = 1u << kWidth[pass];
    uint32_t count[1u << 11] = {};
    for (uint32_t x : values) {
      if ((x & known) == prefix) ++count[(x >> kShift[pass]) & (digits - 1)];
    }
    uint32_t digit = digits - 1;
    while (count[digit] < k) k -= count[digit--];
    prefix |= digit << kShift[pass];
    known |= (digits - 1) << kShift[pass];
  }
  return prefix;
}

}  // namespace

PieceTable::PieceTable(const Tokenizer& tokenizer) {
  const uint32_t vocab = static_cast<uint32_t>(std::max(0, tokenizer.vocab_size()));
  pieces_.resize(vocab);
  for (uint32_t id = 0; id < vocab; ++id) {
    const std::string_view piece = tokenizer.PieceText(id);
    Piece& p = pieces_[id];
    p.unknown = piece.empty();
    p.first = static_cast<uint32_t>(codepoints_.size());
    AppendCodepoints(piece, &codepoints_);
    p.size = static_cast<uint32_t>(codepoints_.size()) - p.first;
  }
}

FeatureExtractor::Scratch& FeatureExtractor::ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

FeatureExtractor::FeatureExtractor(const PieceTable& pieces, const FeatureOptions& options, bool with_chars)
    : pieces_(pieces),
      options_(options),
      mask_((1u << options.hash_bits) - 1),
      with_chars_(with_chars),
      scratch_(ThreadScratch()),
      keys_(scratch_.keys),
      codepoints_(scratch_.codepoints),
      radix_buffer_(scratch_.radix_buffer),
      family_(scratch_.family) {}

void FeatureExtractor::Collect(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
                               bool append, std::vector<uint32_t>* whole_words) {
  if (!append) {
    for (auto& k : keys_) k.clear();
  }
  codepoints_.clear();
  ForEachWord(pieces_, text, tokens, begin, end, &codepoints_, [&](uint64_t word, size_t first, size_t last) {
    if (whole_words != nullptr) whole_words->push_back(WordKey(word, options_.hash_bits));
    // Stems hash apart from whole words: a short word as a whole word (for
    // word_similarity) and as the stem of longer ones have document counts
    // of their own.
    uint64_t stem = kStemSeed;
    for (size_t i = first; i < std::min(last, first + kStemLength); ++i) stem = Mix64(stem ^ codepoints_[i]);
    keys_[kWord].push_back(WordKey(stem, options_.hash_bits));
  });
  codepoints_.push_back(' ');  // the last word's bounding space
  // Every n-gram of char_min..char_max code points within a word and its
  // bounding spaces (n-grams across words measure word order more than shared
  // vocabulary: STS-B 71.8 -> 73.2), hashed by extending the hash of its
  // prefix one code point at a time (one mix per code point and length, not
  // per n-gram and position). One length at a time over all positions: the
  // mixes of a round are independent, so they overlap in the CPU instead of
  // waiting on each other. (Keys are sorted before use, so their order here
  // does not matter.)
  if (!with_chars_) return;
  const size_t n = codepoints_.size();
  const size_t min = static_cast<size_t>(options_.char_min), max = static_cast<size_t>(options_.char_max);
  auto& chars = keys_[kChar];
  auto& prefix = scratch_.prefix_hashes;
  prefix.assign(n, uint64_t{kChar} << 56);
  // An n-gram starting at i may end at the first space after i, not beyond.
  auto& word_end = scratch_.word_end;
  word_end.resize(n);
  for (size_t i = n, space = n; i-- > 0;) {
    word_end[i] = static_cast<uint32_t>(space);
    if (codepoints_[i] == ' ') space = i;
  }
  for (size_t length = 1; length <= max && length <= n; ++length) {
    const size_t starts = n - length + 1;
    const uint32_t* last = codepoints_.data() + length - 1;  // the code point this round adds
    for (size_t i = 0; i < starts; ++i) prefix[i] = Mix64(prefix[i] ^ last[i]);
    if (length < min) continue;
    size_t at = chars.size();
    chars.resize(at + starts);
    for (size_t i = 0; i < starts; ++i) {
      chars[at] = static_cast<uint32_t>(prefix[i]) & mask_;
      at += i + length - 1 <= word_end[i];
    }
    chars.resize(at);
  }
}

void WordFeatureKeys(const uint32_t* codepoints, size_t size, const FeatureOptions& options, uint32_t* stem_key,
                     std::vector<uint32_t>* char_keys) {
  const uint32_t mask = (1u << options.hash_bits) - 1;
  uint64_t stem = kStemSeed;
  for (size_t i = 0; i < std::min(size, kStemLength); ++i) stem = Mix64(stem ^ codepoints[i]);
  *stem_key = WordKey(stem, options.hash_bits);
  // The same hashes as Collect's: each n-gram's from the hash of its prefix.
  std::vector<uint32_t> spaced(size + 2, ' ');
  std::copy(codepoints, codepoints + size, spaced.begin() + 1);
  char_keys->clear();
  for (size_t i = 0; i < spaced.size(); ++i) {
    uint64_t prefix = uint64_t{1} << 56;  // FeatureExtractor::kChar
    for (size_t length = 1; length <= static_cast<size_t>(options.char_max) && i + length <= spaced.size(); ++length) {
      prefix = Mix64(prefix ^ spaced[i + length - 1]);
      if (length >= static_cast<size_t>(options.char_min)) char_keys->push_back(static_cast<uint32_t>(prefix) & mask);
    }
  }
}

namespace {

float SublinearTf(size_t tf) {
  // 1 + log(tf), tabulated: most counts are small.
  static const std::array<float, 64> kTable = [] {
    std::array<float, 64> t{};
    for (size_t k = 1; k < t.size(); ++k) t[k] = 1.0f + std::log(static_cast<float>(k));
    return t;
  }();
  return tf < kTable.size() ? kTable[tf] : 1.0f + std::log(static_cast<float>(tf));
}

void MergeFamilies(const std::vector<std::pair<uint32_t, float>>& x, const std::vector<std::pair<uint32_t, float>>& y,
                   SparseVector* out) {
  SparseVector& v = *out;
  v.keys.clear();
  v.values.clear();
  v.keys.reserve(x.size() + y.size());
  v.values.reserve(x.size() + y.size());
  size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    if (j == y.size() || (i < x.size() && x[i].first < y[j].first)) {
      v.keys.push_back(x[i].first);
      v.values.push_back(x[i++].second);
    } else if (i == x.size() || y[j].first < x[i].first) {
      v.keys.push_back(y[j].first);
      v.values.push_back(y[j++].second);
    } else {
      v.keys.push_back(x[i].first);
      v.values.push_back(x[i++].second + y[j++].second);
    }
  }
}

}  // namespace

void WeighCounts(const std::vector<uint32_t>& sorted_keys, const std::vector<float>& idf,
                 std::vector<std::pair<uint32_t, float>>* list) {
  list->clear();
  for (size_t i = 0; i < sorted_keys.size();) {
    size_t j = i;
    while (j < sorted_keys.size() && sorted_keys[j] == sorted_keys[i]) ++j;
    list->emplace_back(sorted_keys[i], SublinearTf(j - i));
    i = j;
  }
  // The IDF reads miss the cache (a 4 MB table, a line per feature): they
  // are issued ahead, in a loop of their own, so that many are in flight.
  for (size_t i = 0; i < list->size(); ++i) {
    if (i + kPrefetchAhead < list->size()) __builtin_prefetch(&idf[(*list)[i + kPrefetchAhead].first]);
    (*list)[i].second *= idf[(*list)[i].first];
  }
}

void CombineFamilies(std::vector<std::pair<uint32_t, float>>* words, float word_weight,
                     std::vector<std::pair<uint32_t, float>>* chars, float char_weight, SparseVector* out) {
  const auto scale_to = [](float weight, std::vector<std::pair<uint32_t, float>>* list) {
    double norm = 0;
    for (const auto& e : *list) norm += double{e.second} * e.second;
    const float scale = norm > 0 ? static_cast<float>(weight / std::sqrt(norm)) : 0.0f;
    for (auto& e : *list) e.second *= scale;
  };
  scale_to(word_weight, words);
  scale_to(char_weight, chars);
  MergeFamilies(*words, *chars, out);
  double norm = 0;
  for (float w : out->values) norm += double{w} * w;
  if (norm > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (float& w : out->values) w *= inv;
  }
}

void SortFeatureKeys(int hash_bits, std::vector<uint32_t>* keys, std::vector<uint32_t>* buffer) {
  constexpr int kBits = 11;
  constexpr uint32_t kBuckets = 1u << kBits;
  // A sentence's few keys: clearing and summing the bucket counts would cost
  // more than the sort itself.
  if (keys->size() < 256) {
    std::sort(keys->begin(), keys->end());
    return;
  }
  buffer->resize(keys->size());
  uint32_t* from = keys->data();
  uint32_t* to = buffer->data();
  int passes = 0;
  for (int shift = 0; shift < hash_bits; shift += kBits, ++passes) {
    uint32_t count[kBuckets + 1] = {};
    for (size_t i = 0; i < keys->size(); ++i) ++count[((from[i] >> shift) & (kBuckets - 1)) + 1];
    for (uint32_t d = 0; d < kBuckets; ++d) count[d + 1] += count[d];
    for (size_t i = 0; i < keys->size(); ++i) to[count[(from[i] >> shift) & (kBuckets - 1)]++] = from[i];
    std::swap(from, to);
  }
  if (passes % 2 == 1) std::copy(from, from + keys->size(), keys->data());
}

void FeatureExtractor::UniqueKeys(std::string_view text, const std::vector<Token>& tokens, size_t begin, size_t end,
                                  std::vector<uint32_t>* keys, std::vector<uint32_t>* vector_keys) {
  Collect(text, tokens, begin, end, /*append=*/false, keys);
  auto sort_unique = [this](std::vector<uint32_t>* v) {
    SortKeys(v);
    v->erase(std::unique(v->begin(), v->end()), v->end());
  };
  if (vector_keys == nullptr) {
    for (const auto& k : keys_) keys->insert(keys->end(), k.begin(), k.end());
    sort_unique(keys);
    return;
  }
  // Both parts sorted once, then merged.
  vector_keys->clear();
  for (const auto& k : keys_) vector_keys->insert(vector_keys->end(), k.begin(), k.end());
  sort_unique(vector_keys);
  sort_unique(keys);
  const auto middle = static_cast<std::ptrdiff_t>(keys->size());
  keys->insert(keys->end(), vector_keys->begin(), vector_keys->end());
  std::inplace_merge(keys->begin(), keys->begin() + middle, keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
}

SparseVector FeatureExtractor::Weighted(std::string_view text, const std::vector<Token>& tokens, size_t begin,
                                        size_t lead_end, size_t end, const std::vector<float>& idf, float rare_idf) {
  SparseVector v;
  Weighted(text, tokens, begin, lead_end, end, idf, rare_idf, &v);
  return v;
}

void FeatureExtractor::Weighted(std::string_view text, const std::vector<Token>& tokens, size_t begin,
                                size_t lead_end, size_t end, const std::vector<float>& idf, float rare_idf,
                                SparseVector* out) {
  // The lead's distinct keys per family, then the rest of the range. (A lead
  // that is the whole range would scale every feature alike: nothing to do.)
  auto& lead = scratch_.lead;
  for (auto& l : lead) l.clear();
  if (begin < lead_end && lead_end < end) {
    Collect(text, tokens, begin, lead_end);
    for (int f = 0; f < kFamilies; ++f) {
      lead[f] = keys_[f];
      SortKeys(&lead[f]);
      lead[f].erase(std::unique(lead[f].begin(), lead[f].end()), lead[f].end());
    }
    Collect(text, tokens, lead_end, end, /*append=*/true);
  } else {
    Collect(text, tokens, begin, end);
  }
  const float weights[kFamilies] = {options_.word_weight, options_.char_weight};
  // Per family: sorted unique keys with (1 + log tf) * idf, times kLeadWeight
  // for the lead's.
  std::vector<std::pair<uint32_t, float>>* lists[kFamilies] = {&family_[0], &family_[1]};
  for (int f = 0; f < kFamilies; ++f) {
    auto& keys = keys_[f];
    auto& list = *lists[f];
    list.clear();
    if (keys.empty() || weights[f] <= 0) continue;
    SortKeys(&keys);
    WeighCounts(keys, idf, &list);
    auto l = lead[f].begin();  // both sorted by key
    for (auto& [key, weight] : list) {
      while (l != lead[f].end() && *l < key) ++l;
      if (l != lead[f].end() && *l == key) weight *= kLeadWeight;
    }
  }
  KeepStrongest(static_cast<size_t>(options_.max_features), idf, rare_idf, lists[0], lists[1]);
  CombineFamilies(lists[0], weights[0], lists[1], weights[1], out);
}

void FeatureExtractor::KeepStrongest(size_t k, const std::vector<float>& idf, float rare_idf,
                                     std::vector<std::pair<uint32_t, float>>* x,
                                     std::vector<std::pair<uint32_t, float>>* y) {
  if (k == 0 || x->size() + y->size() <= k) return;
  // Rank: features other texts of the corpus share first (a feature at most
  // one text has can match nothing else), then by raw TF-IDF weight, on the
  // same scale in both families: ranked after each family's normalisation,
  // whose norms differ from text to text, two near-identical texts kept
  // different features.
  std::vector<uint32_t>& rank = scratch_.rank;  // as OrderedBits
  rank.clear();
  for (const auto* list : {x, y}) {
    for (size_t i = 0; i < list->size(); ++i) {
      if (i + kPrefetchAhead < list->size()) __builtin_prefetch(&idf[(*list)[i + kPrefetchAhead].first]);
      const auto& [key, weight] = (*list)[i];
      rank.push_back(OrderedBits(weight + (idf[key] < rare_idf ? 1e3f : 0.0f)));
    }
  }
  const uint32_t cut = KthLargest(rank, k);
  // Everything ranked above the cut stays; ties at the cut fill the rest in order.
  size_t ties = k;
  for (uint32_t r : rank) ties -= r > cut;
  size_t r = 0;
  for (auto* list : {x, y}) {
    size_t kept = 0;
    for (const auto& e : *list) {
      const uint32_t rk = rank[r++];
      if (rk > cut || (rk == cut && ties > 0 && ties--)) (*list)[kept++] = e;
    }
    list->resize(kept);
  }
}

}  // namespace parallax
