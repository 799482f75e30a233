// Times AlignPassages on pairs of ~700-token pseudo-articles (the size of a
// ~3,000-character news text), the work done per candidate pair.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "parallax/align.h"

namespace parallax {
namespace {

constexpr int kArticleTokens = 700;
constexpr uint32_t kVocabulary = 16000;

// Token ids roughly Zipf-distributed, like subword pieces of real text.
uint32_t RandomId(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, std::log(double(kVocabulary)));
  return static_cast<uint32_t>(std::exp(u(rng))) - 1;
}

// Each token gets 4 bytes of a synthetic text; only spans matter here.
struct PseudoArticle {
  std::string text;
  std::vector<Token> tokens;
  TokenizedText tokenized;  // views text and tokens
};

void Finish(const std::vector<uint32_t>& ids, PseudoArticle& article) {
  article.text.assign(ids.size() * 4, 'x');
  article.tokenized.text = article.text;
  article.tokens.clear();
  for (size_t i = 0; i < ids.size(); ++i) {
    article.tokens.push_back(Token{ids[i], static_cast<uint32_t>(4 * i), static_cast<uint32_t>(4 * i + 3)});
  }
  article.tokenized.tokens = article.tokens;
}

// B reuses three 80-token passages of A, edited every ~15 tokens and in
// another order; the rest of B is unrelated (shared_passages = 0: all of it).
void MakePair(int shared_passages, PseudoArticle& a, PseudoArticle& b) {
  std::mt19937 rng(42);
  std::vector<uint32_t> ids_a(kArticleTokens), ids_b(kArticleTokens);
  for (auto& id : ids_a) id = RandomId(rng);
  for (auto& id : ids_b) id = RandomId(rng);
  const int from_a[] = {50, 300, 550};
  const int to_b[] = {400, 100, 250};
  for (int k = 0; k < shared_passages; ++k) {
    for (int t = 0; t < 80; ++t) {
      ids_b[to_b[k] + t] = (t % 15 == 14) ? RandomId(rng) : ids_a[from_a[k] + t];
    }
  }
  Finish(ids_a, a);
  Finish(ids_b, b);
}

void BM_AlignSharedPassages(benchmark::State& state) {
  PseudoArticle a, b;
  MakePair(3, a, b);
  size_t found = 0;
  for (auto _ : state) {
    auto passages = AlignPassages(a.tokenized, b.tokenized);
    found = passages.size();
    benchmark::DoNotOptimize(passages.data());
  }
  state.counters["passages"] = static_cast<double>(found);
}
BENCHMARK(BM_AlignSharedPassages);

void BM_AlignUnrelated(benchmark::State& state) {
  PseudoArticle a, b;
  MakePair(0, a, b);
  for (auto _ : state) {
    auto passages = AlignPassages(a.tokenized, b.tokenized);
    benchmark::DoNotOptimize(passages.data());
  }
}
BENCHMARK(BM_AlignUnrelated);

void BM_AlignIdentical(benchmark::State& state) {
  PseudoArticle a, b;
  MakePair(0, a, b);
  for (auto _ : state) {
    auto passages = AlignPassages(a.tokenized, a.tokenized);
    benchmark::DoNotOptimize(passages.data());
  }
}
BENCHMARK(BM_AlignIdentical);

}  // namespace
}  // namespace parallax

BENCHMARK_MAIN();
