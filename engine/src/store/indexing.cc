#include "store/indexing.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string_view>
#include <utility>

#include "parallax/bytes.h"
#include "parallax/lexicon.h"
#include "parallax/memory.h"
#include "parallax/parallel.h"

namespace parallax::indexing {

namespace {

// A stage's progress over the batch, counted from every thread and reported
// every 256 articles.
class StageProgress {
 public:
  StageProgress(const ProgressFn& progress, const char* stage, int64_t total)
      : progress_(progress), stage_(stage), total_(static_cast<size_t>(total)) {}
  void Step() {
    const size_t done = ++done_;
    if (progress_ && done % 256 == 0) {
      const std::lock_guard<std::mutex> lock(mutex_);
      progress_(stage_, done, total_);
    }
  }
  void Finish() {
    if (progress_) progress_(stage_, total_, total_);
  }

 private:
  const ProgressFn& progress_;
  const char* stage_;
  size_t total_;
  std::atomic<size_t> done_{0};
  std::mutex mutex_;
};

// Strings built by appending (a text read line by line) can carry up to
// their size again in capacity.
void ShrinkToFit(Article* a) {
  for (std::string* f : {&a->id, &a->title, &a->outlet, &a->url, &a->date, &a->lang, &a->text}) f->shrink_to_fit();
  a->segments.shrink_to_fit();
}

// Packed by Tokenize just before: cannot fail.
AnalyzedText Unpack(const Article& article, const std::string& packed) {
  auto a = UnpackAnalysis(packed, static_cast<uint32_t>(article.text.size()));
  return a.ok() ? std::move(a).value() : AnalyzedText{};
}

}  // namespace

StatusOr<std::vector<std::string>> Tokenize(const Tokenizer& tokenizer, std::vector<Article>* articles,
                                            DocumentCounts* counts, const ProgressFn& progress) {
  const auto n = static_cast<int64_t>(articles->size());
  std::vector<std::string> packed(n);
  StageProgress stage(progress, index_stage::kTokenizing, n);
  PARALLAX_RETURN_IF_ERROR(ParallelFor(n, Schedule::Dynamic(32), [&](int64_t i) {
    Article& article = (*articles)[i];
    ShrinkToFit(&article);
    const AnalyzedText analysis = Analyze(tokenizer, article);
    if (counts != nullptr) counts->Add(article, analysis);
    packed[i] = PackAnalysis(analysis);
    stage.Step();
  }));
  tokenizer.ReleaseWordCaches();
  stage.Finish();
  return packed;
}

StatusOr<Model> FitModel(Tokenizer tokenizer, DocumentCounts counts, const ModelOptions& options,
                         const std::vector<Article>& articles, const std::vector<std::string>& packed,
                         const ProgressFn& progress) {
  if (progress) progress(index_stage::kFittingWeights, 0, 1);
  Model model = Model::FitWeights(std::move(tokenizer), std::move(counts), options.background.get());
  if (options.dictionaries.empty()) return model;
  if (progress) progress(index_stage::kFittingLexicon, 0, 1);
  std::vector<const Article*> sample;
  std::vector<AnalyzedText> analyses;
  for (size_t i : LexiconSample(articles.size(), [&](size_t i) { return std::string_view(articles[i].lang); })) {
    sample.push_back(&articles[i]);
    analyses.push_back(Unpack(articles[i], packed[i]));
  }
  PARALLAX_RETURN_IF_ERROR(FitLexicon(&model, options.dictionaries, sample, analyses, options.lexicon));
  return model;
}

StatusOr<Embedded> Embed(const Model& model, const std::vector<Article>& articles,
                         const std::vector<std::string>& packed, bool sentence_codes, const ProgressFn& progress) {
  const auto n = static_cast<int64_t>(articles.size());
  Embedded out;
  // Sentence codes go straight into one array (each article's count is the
  // first field of its packed analysis), which the sentence index then adopts.
  const int code_bytes = model.options().simhash_bits / 8;
  out.first_sentence.assign(n + 1, 0);
  for (int64_t i = 0; i < n; ++i) {
    uint32_t sentences = 0;
    if (sentence_codes) (void)ByteReader(packed[i]).GetVarint32(&sentences);  // packed by Tokenize: cannot fail
    out.first_sentence[i + 1] = out.first_sentence[i] + sentences;
  }
  out.codes.resize(out.first_sentence[n] * code_bytes);
  out.vectors.resize(n);
  StageProgress stage(progress, index_stage::kEmbedding, n);
  PARALLAX_RETURN_IF_ERROR(ParallelFor(n, Schedule::Dynamic(32), [&](int64_t i) {
    const AnalyzedText a = Unpack(articles[i], packed[i]);
    // The index holds the sketch of the stored (quantised) vector: the same
    // one pairs and search use for queries.
    out.vectors[i] = Compact(model.ArticleVector(articles[i], a));
    out.vectors[i].entries.shrink_to_fit();
    if (sentence_codes) {
      const std::vector<uint8_t> article_codes = model.SentenceCodes(articles[i], a);
      std::copy(article_codes.begin(), article_codes.end(), out.codes.begin() + out.first_sentence[i] * code_bytes);
    }
    stage.Step();
  }));
  stage.Finish();
  ReleaseFreeMemory();  // per-thread embedding scratch
  return out;
}

}  // namespace parallax::indexing
