#include "parallax/tokenizer.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>

namespace parallax {

namespace {

// Feeds in-memory texts to the trainer without copying the corpus to disk.
class TextIterator : public sentencepiece::SentenceIterator {
 public:
  explicit TextIterator(const std::vector<std::string_view>& texts) : texts_(texts) { Load(); }
  bool done() const override { return index_ >= texts_.size(); }
  void Next() override { ++index_; Load(); }
  const std::string& value() const override { return current_; }
  sentencepiece::util::Status status() const override { return {}; }

 private:
  void Load() {
    if (!done()) current_.assign(texts_[index_]);
  }
  const std::vector<std::string_view>& texts_;
  size_t index_ = 0;
  std::string current_;
};

// FNV-1a: a stable id for pieces the model does not know.
uint32_t HashBytes(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

// Bytes of the whitespace character at text[i] (ASCII space and controls,
// no-break space U+00A0, U+2000..U+200A spaces, narrow no-break U+202F), else 0.
size_t WhitespaceAt(std::string_view text, size_t i) {
  const unsigned char c = text[i];
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    const unsigned char d = text[i + 2];
    if (d <= 0x8A || d == 0xAF) return 3;
  }
  return 0;
}

// Pieces never cross a space (the model splits by whitespace), so a text's
// pieces are those of its words encoded one by one. News repeats its words:
// a cache of the pieces of the words met last turns most words into a hash
// lookup instead of a normalisation and a lattice search.
class WordCache {
 public:
  static constexpr size_t kSlots = size_t{1} << 17;  // 8 MB; 93% hits on the benchmark's news
  static constexpr size_t kMaxBytes = 24, kMaxPieces = 6;

  // All zeros is an empty slot.
  struct Slot {
    uint8_t length;
    uint8_t count;
    std::array<char, kMaxBytes> bytes;
    std::array<uint8_t, kMaxPieces> begin, end;
    std::array<uint32_t, kMaxPieces> ids;
  };

  // Mapped, not allocated: the system hands out zeroed pages as they are
  // first touched (a cache that serves a few texts costs a few pages, not
  // 8 MB) and takes them all back when it is freed. From malloc, freeing it
  // would raise the threshold under which malloc keeps memory in its heap.
  WordCache() {
    void* p = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    slots_ = static_cast<Slot*>(p);
  }
  ~WordCache() { munmap(slots_, kBytes); }
  WordCache(const WordCache&) = delete;
  WordCache& operator=(const WordCache&) = delete;

  static bool Cacheable(std::string_view word) { return word.size() <= kMaxBytes; }

  // The one slot a word may be kept in (direct-mapped: a newer word evicts).
  Slot& SlotOf(std::string_view word) { return slots_[std::hash<std::string_view>{}(word) & (kSlots - 1)]; }

  static bool Holds(const Slot& slot, std::string_view word) {
    return slot.length == word.size() && std::equal(word.begin(), word.end(), slot.bytes.begin());
  }

 private:
  static constexpr size_t kBytes = kSlots * sizeof(Slot);
  Slot* slots_ = nullptr;
};

// One cache per thread encoding at a time: a thread takes one for a span and
// gives it back after.
class WordCachePool {
 public:
  std::unique_ptr<WordCache> Take() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<WordCache> cache = std::move(idle_.back());
        idle_.pop_back();
        return cache;
      }
    }
    return std::make_unique<WordCache>();
  }
  void Give(std::unique_ptr<WordCache> cache) {
    const std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(cache));
  }
  void Clear() {
    const std::lock_guard<std::mutex> lock(mutex_);
    idle_.clear();
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<WordCache>> idle_;
};

}  // namespace

struct Tokenizer::Impl {
  sentencepiece::SentencePieceProcessor processor;
  std::string serialized;
  uint32_t vocab_size = 0;
  // Looked up once at load: the processor answers both through protobuf
  // accessors and status checks, and feature extraction asks per token.
  std::vector<std::string_view> pieces;  // views into the processor's model
  std::vector<bool> unknown;
  mutable WordCachePool caches;

  // Appends the tokens of one word (no ASCII space), at `offset` in the text.
  void EncodeWord(std::string_view word, uint32_t offset, std::vector<Token>* out) const;
  // The same, through the thread's cache.
  void EncodeCached(std::string_view word, uint32_t offset, WordCache* cache, std::vector<Token>* out) const;
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

uint64_t Tokenizer::TrainingStride(uint64_t total_bytes, const TokenizerOptions& options) {
  return std::max<uint64_t>(1, (total_bytes + options.max_training_bytes - 1) / options.max_training_bytes);
}

bool Tokenizer::UsableForTraining(std::string_view text) { return !text.empty() && text.size() < 4000; }

StatusOr<Tokenizer> Tokenizer::Train(const std::vector<std::string_view>& texts, const TokenizerOptions& options) {
  uint64_t total = 0;
  for (auto t : texts) total += t.size();
  if (total == 0) return Status::InvalidArgument("cannot train a tokenizer on an empty corpus");
  // Sample evenly when the corpus is larger than the training budget.
  std::vector<std::string_view> sample;
  const uint64_t stride = TrainingStride(total, options);
  for (size_t i = 0; i < texts.size(); i += stride) {
    if (UsableForTraining(texts[i])) sample.push_back(texts[i]);
  }
  return TrainOnSample(sample, options);
}

StatusOr<Tokenizer> Tokenizer::TrainOnSample(const std::vector<std::string_view>& sample,
                                             const TokenizerOptions& options) {
  if (options.vocab_size < TokenizerOptions::kMinVocabSize || options.vocab_size > TokenizerOptions::kMaxVocabSize) {
    return Status::InvalidArgument("vocabulary size " + std::to_string(options.vocab_size) + " is not from " +
                                   std::to_string(TokenizerOptions::kMinVocabSize) + " to " +
                                   std::to_string(TokenizerOptions::kMaxVocabSize));
  }
  if (sample.empty()) return Status::InvalidArgument("no usable training text (every text is empty or over 4 KB)");

  std::unordered_map<std::string, std::string> args = {
      {"model_type", "unigram"},
      {"vocab_size", std::to_string(options.vocab_size)},
      // Soft limit: small corpora get the vocabulary they can support.
      {"hard_vocab_limit", "false"},
      {"normalization_rule_name", "nmt_nfkc_cf"},
      {"character_coverage", "0.9995"},
      {"num_threads", std::to_string(std::max(1, options.threads))},
      {"input_sentence_size", "2000000"},
      {"shuffle_input_sentence", "true"},
      {"max_sentence_length", "8192"},
      // Digits one by one: "130 000" and "130000" then share pieces.
      {"split_digits", "true"},
      {"minloglevel", "2"},
  };
  std::string model;
  TextIterator it(sample);
  auto st = sentencepiece::SentencePieceTrainer::Train(args, &it, &model);
  if (!st.ok()) {
    // The one failure a valid size still meets: more distinct characters
    // than the vocabulary holds ("... required_chars. 100 vs 163. ...").
    const std::string message = st.ToString();
    if (const size_t at = message.find("smaller than required_chars. "); at != std::string::npos) {
      const size_t vs = message.find(" vs ", at);
      const size_t end = vs == std::string::npos ? vs : message.find('.', vs);
      if (vs != std::string::npos && end != std::string::npos) {
        return Status::InvalidArgument("a vocabulary of " + std::to_string(options.vocab_size) +
                                       " pieces cannot hold the corpus's " + message.substr(vs + 4, end - vs - 4) +
                                       " distinct characters and markers: give a larger vocabulary size");
      }
    }
    return Status::InvalidArgument("tokenizer training failed: " + message);
  }
  return Deserialize(model);
}

StatusOr<Tokenizer> Tokenizer::Deserialize(std::string_view bytes) {
  auto impl = std::make_unique<Impl>();
  auto st = impl->processor.LoadFromSerializedProto(bytes);
  if (!st.ok()) return Status::Corruption(std::string("not a valid tokenizer model: ") + st.ToString());
  impl->serialized.assign(bytes);
  impl->vocab_size = static_cast<uint32_t>(impl->processor.GetPieceSize());
  impl->pieces.reserve(impl->vocab_size);
  impl->unknown.reserve(impl->vocab_size);
  for (uint32_t id = 0; id < impl->vocab_size; ++id) {
    impl->pieces.push_back(impl->processor.IdToPiece(static_cast<int>(id)));
    impl->unknown.push_back(impl->processor.IsUnknown(static_cast<int>(id)));
  }
  return Tokenizer(std::move(impl));
}

std::string Tokenizer::Serialize() const { return impl_->serialized; }

int Tokenizer::vocab_size() const { return static_cast<int>(impl_->vocab_size); }

std::string_view Tokenizer::PieceText(uint32_t id) const {
  return id < impl_->vocab_size ? impl_->pieces[id] : std::string_view();
}

void Tokenizer::Impl::EncodeWord(std::string_view word, uint32_t offset, std::vector<Token>* out) const {
  // One result per thread, reused: its piece messages and strings keep their
  // memory from word to word instead of being allocated anew.
  thread_local sentencepiece::ImmutableSentencePieceText proto;
  if (!processor.Encode(word, proto.mutable_proto()).ok()) return;
  const size_t count = proto.pieces_size();
  for (size_t i = 0; i < count; ++i) {
    const auto piece = proto.pieces(static_cast<int>(i));
    // A word-initial piece may cover whitespace the normaliser folds into
    // its marker: a token starts on its first visible byte.
    uint32_t begin = piece.begin();
    const uint32_t end = piece.end();
    while (begin < end) {
      const size_t space = WhitespaceAt(word, begin);
      if (space == 0) break;
      begin += static_cast<uint32_t>(space);
    }
    if (begin >= end) continue;  // pure whitespace markers
    uint32_t id = piece.id();
    if (id < vocab_size && unknown[id]) {
      id = vocab_size + (HashBytes(piece.surface()) & 0x0FFFFFFFu);
    }
    out->push_back(Token{id, offset + begin, offset + end});
  }
}

void Tokenizer::Impl::EncodeCached(std::string_view word, uint32_t offset, WordCache* cache,
                                   std::vector<Token>* out) const {
  if (!WordCache::Cacheable(word)) return EncodeWord(word, offset, out);
  WordCache::Slot& slot = cache->SlotOf(word);
  if (WordCache::Holds(slot, word)) {
    for (size_t i = 0; i < slot.count; ++i) {
      out->push_back(Token{slot.ids[i], offset + slot.begin[i], offset + slot.end[i]});
    }
    return;
  }
  const size_t first = out->size();
  EncodeWord(word, offset, out);
  const size_t count = out->size() - first;
  if (count > WordCache::kMaxPieces) return;
  slot.length = static_cast<uint8_t>(word.size());
  slot.count = static_cast<uint8_t>(count);
  std::copy(word.begin(), word.end(), slot.bytes.begin());
  for (size_t i = 0; i < count; ++i) {
    const Token& t = (*out)[first + i];
    slot.ids[i] = t.id;
    slot.begin[i] = static_cast<uint8_t>(t.begin - offset);
    slot.end[i] = static_cast<uint8_t>(t.end - offset);
  }
}

void Tokenizer::Encode(std::string_view text, Span span, std::vector<Token>* out) const {
  std::unique_ptr<WordCache> cache = impl_->caches.Take();
  const std::string_view part = text.substr(span.begin, span.size());
  size_t word_begin = 0;
  while (word_begin < part.size()) {
    if (part[word_begin] == ' ') {
      ++word_begin;
      continue;
    }
    const size_t word_end = std::min(part.find(' ', word_begin), part.size());
    impl_->EncodeCached(part.substr(word_begin, word_end - word_begin), span.begin + static_cast<uint32_t>(word_begin),
                        cache.get(), out);
    word_begin = word_end;
  }
  impl_->caches.Give(std::move(cache));
}

void Tokenizer::ReleaseWordCaches() const { impl_->caches.Clear(); }

}  // namespace parallax
