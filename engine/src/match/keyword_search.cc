// SearchCollection: keyword search (BM25 over the word index, quoted phrases
// checked in the stored analyses) and "more like this" (Search), each result
// with the snippet of its text that matches the query best.
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "index/word_index.h"
#include "parallax/match.h"

namespace parallax {

namespace {

constexpr uint32_t kNoToken = UINT32_MAX;  // a word of a title kept apart from the text

// An article's words as the word index holds them: its title's first when the
// title is a field of its own (no token of the text), then its text's.
struct ArticleWords {
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> first_token;  // kNoToken for a title word
  AnalyzedText analysis;
};

ArticleWords WordsOf(const Collection& collection, size_t row) {
  const Model& model = collection.model();
  const Article& article = collection.article(row);
  ArticleWords words;
  words.analysis = collection.analysis(row);
  if (TitleOutsideText(article)) {
    words.hashes = model.WordHashes(article.title);
    words.first_token.assign(words.hashes.size(), kNoToken);
  }
  for (const Model::TextWord& w : model.TextWords(article.text, words.analysis.tokens)) {
    words.hashes.push_back(w.hash);
    words.first_token.push_back(w.first_token);
  }
  return words;
}

// Where each phrase starts in `words` (word positions), per phrase.
std::vector<std::vector<size_t>> FindPhrases(const ArticleWords& words,
                                             const std::vector<std::vector<uint64_t>>& phrases) {
  std::vector<std::vector<size_t>> found(phrases.size());
  const std::vector<uint64_t>& h = words.hashes;
  for (size_t p = 0; p < phrases.size(); ++p) {
    const std::vector<uint64_t>& phrase = phrases[p];
    for (size_t at = 0; at + phrase.size() <= h.size(); ++at) {
      if (std::equal(phrase.begin(), phrase.end(), h.begin() + static_cast<std::ptrdiff_t>(at))) {
        found[p].push_back(at);
      }
    }
  }
  return found;
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The snippet: the sentence where the query's words weigh most (each word
// once, by weight; a phrase by the sum of its words'), ties to the earlier;
// cut to at most `max_bytes` around its first match, on character (and when
// possible word) boundaries. The first sentence when no word of the text
// matches (a match in a title kept apart).
Span BestSnippet(const Article& article, const ArticleWords& words,
                 const std::unordered_map<uint64_t, double>& word_weight,
                 const std::vector<std::vector<uint64_t>>& phrases, const std::vector<double>& phrase_weight,
                 uint32_t max_bytes) {
  const AnalyzedText& a = words.analysis;
  if (a.sentences.empty()) return Span{0, 0};
  auto sentence_of = [&](uint32_t token) {
    return static_cast<size_t>(std::upper_bound(a.sentence_token_begin.begin(), a.sentence_token_begin.end(), token) -
                               a.sentence_token_begin.begin()) - 1;
  };
  std::vector<double> weight(a.sentences.size(), 0.0);
  std::vector<uint32_t> first_match(a.sentences.size(), UINT32_MAX);  // byte offset
  std::vector<std::unordered_set<uint64_t>> seen(a.sentences.size());
  auto note = [&](size_t s, uint32_t token) {
    first_match[s] = std::min(first_match[s], a.tokens[token].begin);
  };
  for (size_t i = 0; i < words.hashes.size(); ++i) {
    if (words.first_token[i] == kNoToken) continue;
    auto w = word_weight.find(words.hashes[i]);
    if (w == word_weight.end()) continue;
    const size_t s = sentence_of(words.first_token[i]);
    if (seen[s].insert(words.hashes[i]).second) weight[s] += w->second;
    note(s, words.first_token[i]);
  }
  const std::vector<std::vector<size_t>> found = FindPhrases(words, phrases);
  for (size_t p = 0; p < phrases.size(); ++p) {
    for (size_t at : found[p]) {
      if (words.first_token[at] == kNoToken) continue;
      const size_t s = sentence_of(words.first_token[at]);
      weight[s] += phrase_weight[p];
      note(s, words.first_token[at]);
    }
  }
  const size_t best = static_cast<size_t>(std::max_element(weight.begin(), weight.end()) - weight.begin());
  Span span = a.sentences[best];
  if (span.size() <= max_bytes) return span;
  // A window that starts a third of its size before the first match.
  const std::string_view text = article.text;
  const uint32_t match = first_match[best] == UINT32_MAX ? span.begin : first_match[best];
  uint32_t begin = std::max<int64_t>(span.begin, int64_t{match} - max_bytes / 3);
  uint32_t end = std::min<uint64_t>(span.end, uint64_t{begin} + max_bytes);
  if (end == span.end) begin = std::max<int64_t>(span.begin, int64_t{end} - max_bytes);
  // Words whole when a space is near (within a sixth of the window), else
  // characters whole.
  if (begin > span.begin) {
    const size_t space = text.find(' ', begin);
    if (space != std::string_view::npos && space < match && space - begin < max_bytes / 6) begin = space + 1;
  }
  if (end < span.end) {
    const size_t space = text.rfind(' ', end);
    if (space != std::string_view::npos && space > match && end - space < max_bytes / 6) end = static_cast<uint32_t>(space);
  }
  while (begin < end && IsContinuationByte(text[begin])) ++begin;
  while (end > begin && end < text.size() && IsContinuationByte(text[end])) --end;
  return Span{begin, end};
}

double Idf(uint32_t documents, uint32_t df) {
  return std::log(1.0 + (documents - df + 0.5) / (df + 0.5));
}

StatusOr<SearchResults> KeywordSearch(const Collection& collection, const KeywordQuery& query,
                                      const SearchOptions& options) {
  SearchResults out;
  out.mode = SearchMode::kKeywords;
  if (collection.size() == 0 || (query.words.empty() && query.phrases.empty())) return out;
  auto index_or = collection.word_index();
  if (!index_or.ok()) return index_or.status();
  const WordIndex& index = **index_or;
  const uint32_t n = index.documents();
  const double average = std::max(index.average_length(), 1.0);
  const double k1 = options.bm25_k1, b = options.bm25_b;
  auto saturate = [&](double tf, uint32_t doc) {
    return tf * (k1 + 1) / (tf + k1 * (1 - b + b * index.length(doc) / average));
  };

  std::unordered_map<uint64_t, double> idf;
  for (uint64_t w : query.words) idf[w] = Idf(n, index.DocumentCount(w));
  std::vector<double> phrase_idf(query.phrases.size(), 0.0);
  for (size_t p = 0; p < query.phrases.size(); ++p) {
    for (uint64_t w : query.phrases[p]) phrase_idf[p] += Idf(n, index.DocumentCount(w));
  }

  // Candidates: with phrases, the articles that hold every word of every
  // phrase (then checked for the phrases themselves); else those that hold
  // any word.
  std::unordered_map<uint32_t, double> scores;
  std::vector<uint32_t> candidates;
  if (!query.phrases.empty()) {
    std::vector<uint64_t> required;
    for (const auto& phrase : query.phrases) required.insert(required.end(), phrase.begin(), phrase.end());
    std::sort(required.begin(), required.end());
    required.erase(std::unique(required.begin(), required.end()), required.end());
    std::sort(required.begin(), required.end(), [&](uint64_t x, uint64_t y) {
      return index.DocumentCount(x) < index.DocumentCount(y);  // the rarest first: the smallest intersection
    });
    bool first = true;
    for (uint64_t w : required) {
      std::vector<uint32_t> docs;
      for (const WordIndex::Posting& p : index.Postings(w)) docs.push_back(p.doc);
      if (first) {
        candidates = std::move(docs);
        first = false;
      } else {
        std::vector<uint32_t> both;
        std::set_intersection(candidates.begin(), candidates.end(), docs.begin(), docs.end(),
                              std::back_inserter(both));
        candidates = std::move(both);
      }
      if (candidates.empty()) return out;
    }
    for (uint32_t doc : candidates) {
      const ArticleWords words = WordsOf(collection, doc);
      const auto found = FindPhrases(words, query.phrases);
      double score = 0;
      bool all = true;
      for (size_t p = 0; p < query.phrases.size() && all; ++p) {
        all = !found[p].empty();
        score += phrase_idf[p] * saturate(static_cast<double>(found[p].size()), doc);
      }
      if (all) scores[doc] = score;
    }
  }
  for (uint64_t w : query.words) {
    for (const WordIndex::Posting& p : index.Postings(w)) {
      if (!query.phrases.empty()) {
        auto it = scores.find(p.doc);
        if (it != scores.end()) it->second += idf[w] * saturate(p.count, p.doc);
      } else {
        scores[p.doc] += idf[w] * saturate(p.count, p.doc);
      }
    }
  }

  for (const auto& [doc, score] : scores) {
    if (score > 0 && score >= options.min_bm25) {
      out.results.push_back({doc, static_cast<float>(score), Span{}, std::nullopt});
    }
  }
  std::sort(out.results.begin(), out.results.end(), [](const SearchResult& x, const SearchResult& y) {
    return x.score != y.score ? x.score > y.score : x.article < y.article;
  });
  if (out.results.size() > static_cast<size_t>(options.k)) out.results.resize(options.k);
  for (SearchResult& r : out.results) {
    r.snippet = BestSnippet(collection.article(r.article), WordsOf(collection, r.article), idf, query.phrases,
                            phrase_idf, options.snippet_bytes);
  }
  return out;
}

StatusOr<SearchResults> SimilarSearch(const Collection& collection, const Article& query,
                                      const SearchOptions& options) {
  SearchResults out;
  out.mode = SearchMode::kSimilar;
  auto hits = Search(collection, query, options.k);
  if (!hits.ok()) return hits.status();
  if (hits->empty()) return out;
  // The snippet: the sentence sharing the most of the query's words, by IDF
  // in the collection.
  auto index_or = collection.word_index();
  if (!index_or.ok()) return index_or.status();
  const WordIndex& index = **index_or;
  std::unordered_map<uint64_t, double> idf;
  for (uint64_t w : collection.model().WordHashes(query.text)) idf[w] = Idf(index.documents(), index.DocumentCount(w));
  for (const SearchHit& h : *hits) {
    if (h.similarity < options.min_similarity && !SharesPassages(h.relation)) continue;
    out.results.push_back({h.article, h.similarity,
                           BestSnippet(collection.article(h.article), WordsOf(collection, h.article), idf, {}, {},
                                       options.snippet_bytes),
                           h.relation});
  }
  return out;
}

}  // namespace

const char* SearchModeName(SearchMode mode) {
  switch (mode) {
    case SearchMode::kAuto: return "auto";
    case SearchMode::kKeywords: return "keywords";
    case SearchMode::kSimilar: return "similar";
  }
  return "auto";
}

KeywordQuery ParseKeywordQuery(const Model& model, std::string_view text) {
  KeywordQuery query;
  std::unordered_set<uint64_t> seen;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '"') continue;
    const std::vector<uint64_t> words = model.WordHashes(text.substr(start, i - start));
    if (quoted && words.size() >= 2) {
      query.phrases.push_back(words);
    } else {
      for (uint64_t w : words) {
        if (seen.insert(w).second) query.words.push_back(w);
      }
    }
    quoted = !quoted;
    start = i + 1;
  }
  return query;
}

StatusOr<SearchResults> SearchCollection(const Collection& collection, const Article& query,
                                         const SearchOptions& options) {
  if (options.k <= 0) return Status::InvalidArgument("k must be at least 1");
  if (collection.size() == 0) return SearchResults{};
  SearchMode mode = options.mode;
  if (mode == SearchMode::kAuto) {
    const bool short_query = query.text.find('"') != std::string::npos ||
                             collection.model().WordHashes(query.text).size() <= options.max_keyword_words;
    mode = short_query ? SearchMode::kKeywords : SearchMode::kSimilar;
  }
  if (mode == SearchMode::kSimilar) return SimilarSearch(collection, query, options);
  return KeywordSearch(collection, ParseKeywordQuery(collection.model(), query.text), options);
}

}  // namespace parallax
