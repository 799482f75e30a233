// RefineLexicon: bitext mining with the current lexicon, then IBM Model 1.
#include <Eigen/Dense>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "embed/features.h"
#include "parallax/lexicon.h"
#include "parallax/model.h"

namespace parallax {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Sentences shorter than this say too little to align words on.
constexpr size_t kMinSentenceWords = 6;
// Neighbours whose mean is the margin's denominator (as bitext miners use).
constexpr int kMarginNeighbors = 4;
// Width of each half of a mining sketch.
constexpr int kMiningDim = 512;

struct Sentence {
  const Article* article;
  const AnalyzedText* analysis;
  uint32_t token_begin, token_end;
  SparseVector vector;
  std::vector<std::string> words;
};

// At most `max` of n items, spread evenly: their indexes, ascending.
std::vector<size_t> EvenlySpread(size_t n, size_t max) {
  const double stride = n > max ? static_cast<double>(n) / static_cast<double>(max) : 1.0;
  std::vector<size_t> out;
  for (double at = 0; static_cast<size_t>(at) < n; at += stride) out.push_back(static_cast<size_t>(at));
  return out;
}

// The sample's sentences of each language, at most `max` each, spread evenly.
std::map<std::string, std::vector<Sentence>> SampleSentences(const Model& model,
                                                             const std::vector<const Article*>& articles,
                                                             const std::vector<AnalyzedText>& analyses, size_t max) {
  std::map<std::string, std::vector<std::pair<size_t, size_t>>> where;  // lang -> (article, sentence)
  for (size_t i = 0; i < articles.size(); ++i) {
    if (articles[i]->lang.empty()) continue;
    for (size_t s = 0; s < analyses[i].sentences.size(); ++s) where[articles[i]->lang].emplace_back(i, s);
  }
  std::map<std::string, std::vector<Sentence>> out;
  for (auto& [lang, all] : where) {
    std::vector<Sentence>& sentences = out[lang];
    for (size_t k : EvenlySpread(all.size(), max)) {
      const auto [i, s] = all[k];
      Sentence sentence{articles[i], &analyses[i], analyses[i].sentence_token_begin[s],
                        analyses[i].sentence_token_begin[s + 1], {}, model.SentenceWords(*articles[i], analyses[i], s)};
      if (sentence.words.size() < kMinSentenceWords) continue;
      sentence.vector = model.Vectorize(*articles[i], analyses[i], sentence.token_begin, sentence.token_end);
      sentences.push_back(std::move(sentence));
    }
  }
  return out;
}

// Rows [Sketch(first), Sketch(second)]: the inner product of a row of x =
// (translated a, a) and one of y = (b, translated b) is the sum of both
// cosines, what Compare's sentence similarity averages.
RowMajor MiningSketches(const Model& model, const std::vector<Sentence>& sentences, const std::string& other,
                        bool translated_first) {
  RowMajor m(static_cast<Eigen::Index>(sentences.size()), 2 * kMiningDim);
  for (size_t i = 0; i < sentences.size(); ++i) {
    const Sentence& s = sentences[i];
    const SparseVector translated = model.TranslatedVector(*s.article, *s.analysis, s.token_begin, s.token_end, other);
    float* row = m.row(static_cast<Eigen::Index>(i)).data();
    model.Sketch(translated_first ? translated : sentences[i].vector, kMiningDim, row);
    model.Sketch(translated_first ? sentences[i].vector : translated, kMiningDim, row + kMiningDim);
  }
  return m;
}

// Pairs (i, j) of x and y sentences that are each other's nearest and beat
// the mean of both sides' nearest neighbours by `min_margin`.
std::vector<std::pair<size_t, size_t>> MineConfidentPairs(const RowMajor& x, const RowMajor& y, float min_margin) {
  const Eigen::Index nx = x.rows(), ny = y.rows();
  // The k best scores of each row of x and of each row of y, and the best's index.
  const int k = static_cast<int>(std::min<Eigen::Index>(kMarginNeighbors, std::min(nx, ny)));
  std::vector<float> top_x(static_cast<size_t>(nx) * k, -1e9f), top_y(static_cast<size_t>(ny) * k, -1e9f);
  std::vector<Eigen::Index> best_x(nx, -1), best_y(ny, -1);
  const auto push = [k](float* top, float s) {  // top: k scores, descending
    if (s <= top[k - 1]) return;
    int at = k - 1;
    for (; at > 0 && top[at - 1] < s; --at) top[at] = top[at - 1];
    top[at] = s;
  };
  constexpr Eigen::Index kBlock = 1024;
  for (Eigen::Index b = 0; b < nx; b += kBlock) {
    const Eigen::Index rows = std::min(kBlock, nx - b);
    const RowMajor s = x.middleRows(b, rows) * y.transpose();
    for (Eigen::Index i = 0; i < rows; ++i) {
      for (Eigen::Index j = 0; j < ny; ++j) {
        const float v = s(i, j);
        float* tx = &top_x[static_cast<size_t>(b + i) * k];
        float* ty = &top_y[static_cast<size_t>(j) * k];
        if (v > tx[0]) best_x[b + i] = j;
        if (v > ty[0]) best_y[j] = b + i;
        push(tx, v);
        push(ty, v);
      }
    }
  }
  const auto mean = [k](const std::vector<float>& top, Eigen::Index row) {
    float sum = 0;
    for (int q = 0; q < k; ++q) sum += top[static_cast<size_t>(row) * k + q];
    return sum / static_cast<float>(k);
  };
  std::vector<std::pair<size_t, size_t>> pairs;
  for (Eigen::Index i = 0; i < nx; ++i) {
    const Eigen::Index j = best_x[i];
    if (j < 0 || best_y[j] != i) continue;
    const float denominator = (mean(top_x, i) + mean(top_y, j)) / 2;
    if (denominator > 0 && top_x[static_cast<size_t>(i) * k] / denominator >= min_margin) pairs.emplace_back(i, j);
  }
  return pairs;
}

// Interns strings as dense ids.
class Vocabulary {
 public:
  uint32_t Id(const std::string& s) {
    const auto [it, added] = ids_.emplace(s, static_cast<uint32_t>(words_.size()));
    if (added) words_.push_back(s);
    return it->second;
  }
  const std::string& Word(uint32_t id) const { return words_[id]; }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> words_;
};

// IBM Model 1 over stems: t(target stem | source stem) by EM, a NULL target
// in every sentence taking the words with no translation. Returns, for each
// source stem, its kept target stems with their share of its probability.
std::map<uint32_t, std::vector<std::pair<uint32_t, float>>> Ibm1(const std::vector<std::vector<uint32_t>>& source,
                                                                 const std::vector<std::vector<uint32_t>>& target,
                                                                 uint32_t null, const LexiconOptions& options) {
  const auto key = [](uint32_t f, uint32_t e) { return (uint64_t{f} << 32) | e; };
  std::unordered_map<uint64_t, float> t;  // absent: the uniform start, 1
  const auto prob = [&](uint32_t f, uint32_t e) {
    const auto it = t.find(key(f, e));
    return it == t.end() ? 1.0f : it->second;
  };
  for (int iteration = 0; iteration < options.em_iterations; ++iteration) {
    std::unordered_map<uint64_t, float> count;
    std::unordered_map<uint32_t, float> total;
    for (size_t s = 0; s < source.size(); ++s) {
      for (uint32_t f : source[s]) {
        float z = prob(f, null);
        for (uint32_t e : target[s]) z += prob(f, e);
        const auto add = [&](uint32_t e) {
          const float c = prob(f, e) / z;
          count[key(f, e)] += c;
          total[e] += c;
        };
        add(null);
        for (uint32_t e : target[s]) add(e);
      }
    }
    t.clear();
    for (const auto& [fe, c] : count) t[fe] = c / total[static_cast<uint32_t>(fe)];
  }
  std::map<uint32_t, std::vector<std::pair<uint32_t, float>>> candidates;
  for (const auto& [fe, p] : t) {
    const auto f = static_cast<uint32_t>(fe >> 32), e = static_cast<uint32_t>(fe);
    candidates[f].emplace_back(e, p);
  }
  std::map<uint32_t, std::vector<std::pair<uint32_t, float>>> kept;
  for (auto& [f, list] : candidates) {
    float mass = 0;
    for (const auto& c : list) mass += c.second;
    std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    for (size_t q = 0; q < list.size() && q < static_cast<size_t>(options.keep); ++q) {
      if (list[q].first == null || list[q].second / mass < options.min_share) continue;
      kept[f].emplace_back(list[q].first, list[q].second / mass);
    }
  }
  return kept;
}

// `seed`'s entries with the learned translations of each stem joined: a
// stem EM learned shares its probability equally between the dictionary's
// view and EM's.
Lexicon::Direction Join(const Lexicon::Direction& seed, const std::map<std::string, std::vector<Translation>>& learned) {
  std::map<std::string, std::map<std::string, float>> merged;
  for (const Lexicon::Entry& e : seed.entries) {
    const bool relearned = learned.count(e.stem) > 0;
    for (const Translation& t : e.translations) merged[e.stem][t.word] += relearned ? t.probability / 2 : t.probability;
  }
  for (const auto& [stem, translations] : learned) {
    const bool seeded = merged.count(stem) > 0;
    for (const Translation& t : translations) merged[stem][t.word] += seeded ? t.probability / 2 : t.probability;
  }
  Lexicon::Direction out{seed.from, seed.to, {}};
  for (auto& [stem, words] : merged) {
    Lexicon::Entry entry{stem, {}};
    for (const auto& [word, p] : words) entry.translations.push_back({word, p});
    out.entries.push_back(std::move(entry));
  }
  return out;
}

// Learned translations from `from` to `to` over aligned sentence pairs: stems
// on both sides, each target stem spelled as its most frequent word in `to`.
std::map<std::string, std::vector<Translation>> Learn(const std::vector<Sentence>& from_sentences,
                                                      const std::vector<Sentence>& to_sentences,
                                                      const std::vector<std::pair<size_t, size_t>>& pairs,
                                                      const LexiconOptions& options) {
  Vocabulary stems;
  const uint32_t null = stems.Id("");  // no word's stem is empty
  std::vector<std::vector<uint32_t>> source, target;
  std::unordered_map<uint32_t, std::map<std::string, int>> spellings;  // target stem -> word counts
  for (const auto& [i, j] : pairs) {
    auto& src = source.emplace_back();
    for (const std::string& w : from_sentences[i].words) src.push_back(stems.Id(Lexicon::Stem(w)));
    auto& tgt = target.emplace_back();
    for (const std::string& w : to_sentences[j].words) {
      tgt.push_back(stems.Id(Lexicon::Stem(w)));
      ++spellings[tgt.back()][w];
    }
  }
  std::map<std::string, std::vector<Translation>> learned;
  for (const auto& [f, translations] : Ibm1(source, target, null, options)) {
    for (const auto& [e, share] : translations) {
      const auto& counts = spellings[e];
      const auto most = std::max_element(counts.begin(), counts.end(),
                                         [](const auto& x, const auto& y) { return x.second < y.second; });
      learned[stems.Word(f)].push_back({most->first, share});
    }
  }
  return learned;
}

}  // namespace

void RefineLexicon(Model* model, const std::vector<const Article*>& articles, const std::vector<AnalyzedText>& analyses,
                   const LexiconOptions& options) {
  const Lexicon seed = model->lexicon();
  if (seed.empty()) return;
  const auto sentences = SampleSentences(*model, articles, analyses, options.max_sentences);
  for (const auto& [x, x_sentences] : sentences) {
    for (const auto& [y, y_sentences] : sentences) {
      const Lexicon::Direction* forward = seed.Find(x, y);
      const Lexicon::Direction* backward = seed.Find(y, x);
      if (x >= y || forward == nullptr || backward == nullptr || x_sentences.empty() || y_sentences.empty()) continue;
      for (int round = 0; round < options.rounds; ++round) {
        const auto pairs = MineConfidentPairs(MiningSketches(*model, x_sentences, y, true),
                                              MiningSketches(*model, y_sentences, x, false), options.min_margin);
        if (pairs.empty()) break;
        std::vector<std::pair<size_t, size_t>> reversed;
        for (const auto& [i, j] : pairs) reversed.emplace_back(j, i);
        Lexicon lexicon = model->lexicon();
        lexicon.SetDirection(Join(*forward, Learn(x_sentences, y_sentences, pairs, options)));
        lexicon.SetDirection(Join(*backward, Learn(y_sentences, x_sentences, reversed, options)));
        model->SetLexicon(std::move(lexicon));
      }
    }
  }
}

std::vector<size_t> LexiconSample(size_t n, const std::function<std::string_view(size_t)>& lang_of,
                                  size_t per_language) {
  std::map<std::string, std::vector<size_t>, std::less<>> rows;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view lang = lang_of(i);
    if (lang.empty()) continue;
    auto it = rows.find(lang);
    if (it == rows.end()) it = rows.emplace(std::string(lang), std::vector<size_t>{}).first;
    it->second.push_back(i);
  }
  std::vector<size_t> out;
  for (const auto& [lang, all] : rows) {
    for (size_t k : EvenlySpread(all.size(), per_language)) out.push_back(all[k]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status FitLexicon(Model* model, const std::vector<std::string>& dictionaries,
                  const std::vector<const Article*>& articles, const std::vector<AnalyzedText>& analyses,
                  const LexiconOptions& options) {
  std::vector<std::string> usable;
  for (const std::string& path : dictionaries) {
    // Both languages must be the model's; a name of no languages is kept for
    // LoadFreeDict to name the problem.
    const auto languages = Lexicon::LanguagesOf(path);
    if (!languages ||
        (model->Vocabulary(languages->first) != nullptr && model->Vocabulary(languages->second) != nullptr)) {
      usable.push_back(path);
    }
  }
  if (usable.empty()) return Status::Ok();
  // Words whose stem no text of their language has cannot match anything.
  const auto known = [model](const std::string& lang, const std::string& word) {
    const LanguageVocabulary* vocabulary = model->Vocabulary(lang);
    if (vocabulary == nullptr) return false;
    std::vector<uint32_t> cps, grams;
    AppendCodepoints(word, &cps);
    uint32_t stem = 0;
    WordFeatureKeys(cps.data(), std::min(cps.size(), kStemLength), model->options(), &stem, &grams);
    return vocabulary->Has(stem);
  };
  auto seed = Lexicon::LoadFreeDict(usable, known);
  if (!seed.ok()) return seed.status();
  model->SetLexicon(std::move(seed).value());
  RefineLexicon(model, articles, analyses, options);
  return Status::Ok();
}

}  // namespace parallax
