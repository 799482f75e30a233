// Tokenizer: a sentencepiece model (unigram, case-folded NFKC) that turns a
// text into pieces carrying byte offsets into the original text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parallax/align.h"
#include "parallax/status.h"

namespace parallax {

struct TokenizerOptions {
  // The vocabulary sizes Train accepts: sentencepiece needs room for every
  // character it keeps plus its meta pieces, and its unigram trainer starts
  // from at most a million seed pieces (more only costs memory and time).
  static constexpr int kMinVocabSize = 100, kMaxVocabSize = 1'000'000;
  // Target vocabulary size; lowered automatically for small corpora (the
  // trainer's soft limit), so five articles train a usable model. Default: 8000.
  int vocab_size = 8000;
  // At most this many bytes of training text are sampled (evenly) from the
  // corpus: more adds training time (and the trainer's memory, about 20 times
  // the sample), not quality for an 8,000-piece vocabulary. Default: 8 MB.
  uint64_t max_training_bytes = 8'000'000;
  // Threads for training. Default: 2.
  int threads = 2;
};

class Tokenizer {
 public:
  // Trains on `texts` (sentences or paragraphs; each should be < 4 KB):
  // TrainOnSample of every TrainingStride-th text that is UsableForTraining.
  static StatusOr<Tokenizer> Train(const std::vector<std::string_view>& texts, const TokenizerOptions& options);
  // The sampling Train does, in parts, for a corpus spread over machines
  // (parallax_dask): of texts totalling `total_bytes`, text i is sampled when
  // i % stride == 0 and it is usable (not empty, under 4 KB).
  static uint64_t TrainingStride(uint64_t total_bytes, const TokenizerOptions& options);
  static bool UsableForTraining(std::string_view text);
  static StatusOr<Tokenizer> TrainOnSample(const std::vector<std::string_view>& sample, const TokenizerOptions& options);
  // Loads a model written by Serialize() (a sentencepiece ModelProto).
  static StatusOr<Tokenizer> Deserialize(std::string_view bytes);
  std::string Serialize() const;

  // Appends the tokens of text[span] to `out`; token offsets are into `text`.
  // Unknown pieces get an id above vocab_size() derived from their bytes, so
  // two different unknown characters never look alike.
  // Thread-safe; keeps the pieces of recent words in a cache per thread
  // encoding at once (at most 8 MB each).
  void Encode(std::string_view text, Span span, std::vector<Token>* out) const;
  // Frees the word caches, after a batch of texts.
  void ReleaseWordCaches() const;
  // The normalised (case-folded) form of a piece id, "" for unknown ids.
  // Word-initial pieces start with U+2581 ("▁").
  std::string_view PieceText(uint32_t id) const;
  int vocab_size() const;

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

 private:
  struct Impl;
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Sentence spans of text[span]: boundaries after . ! ? … (and their closing
// quotes) followed by space and an upper-case letter, digit or quote, or glued
// to an upper-case letter ("courant.L'ambassade", common in scrapes). Single
// capitals ("M. Dupont", "U.S.") and decimals do not end sentences. Spans are
// trimmed of surrounding whitespace; empty ones are omitted.
void SplitSentences(std::string_view text, Span span, std::vector<Span>* out);

}  // namespace parallax
